"""Live votes from the client side: cast a ballot, signed when the meeting requires it.
No Qt.

In a meeting with ``signed_votes`` the ballot is signed on this machine
(:func:`desktop.client.ballots.sign_ballot`: detached CMS, PKCS#12 file or PKCS#11
token alike) over ``protocol.voting.canonical_ballot``, built from the poll as the
meeting state announced it; the private key never leaves.  A secret poll's signature
covers participation only (the protocol leaves the choice out of the signed bytes).
"""

from __future__ import annotations

from typing import Any

from pyhanko.sign.signers import Signer

from desktop.client.ballots import certificate_pem, sign_ballot
from desktop.client.connection import Client
from desktop.client.meeting import MeetingSession
from protocol import voting as pv
from protocol.errors import InvalidInput


def signed_ballot_bytes(
    session: MeetingSession,
    caster_id: int,
    poll_id: int,
    choice: pv.Choice | str,
    on_behalf_of: int | None = None,
) -> bytes:
    """The canonical bytes to sign for this ballot, from the meeting state."""
    view = session.view
    poll = view.polls.get(poll_id) if view is not None else None
    if poll is None:
        raise InvalidInput(f"Poll {poll_id} is not known in this meeting; rejoin the meeting.")
    return pv.canonical_ballot(
        meeting_id=session.meeting_id,
        poll_id=poll_id,
        question=poll.question,
        member_id=on_behalf_of if on_behalf_of is not None else caster_id,
        cast_by=caster_id,
        secret=poll.secret,
        choice=choice,
    )


def needs_signature(session: MeetingSession) -> bool:
    """Whether ballots in this meeting must be digitally signed."""
    return session.view is not None and session.view.signed_votes


async def cast(
    client: Client,
    session: MeetingSession,
    poll_id: int,
    choice: pv.Choice | str,
    *,
    on_behalf_of: int | None = None,
    signer: Signer | None = None,
) -> dict[str, Any]:
    """Send a ballot; signed with ``signer`` when the meeting requires signed votes.

    The server checks the signature before anything is recorded and refuses a missing
    or bad one with ``SignatureInvalid``."""
    fields: dict[str, Any] = {
        "poll_id": poll_id,
        "choice": pv.Choice(choice),
        "on_behalf_of": on_behalf_of,
    }
    if needs_signature(session):
        if signer is None:
            raise InvalidInput("This meeting requires signed votes: open your signing key first.")
        assert client.user is not None, "log in first"
        data = signed_ballot_bytes(session, client.user.id, poll_id, choice, on_behalf_of)
        fields["signature"] = await sign_ballot(signer, data)
        fields["certificate_pem"] = certificate_pem(signer)
    return dict(await client.call(pv.PollVote, **fields))
