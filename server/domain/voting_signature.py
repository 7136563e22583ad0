"""Signed ballots in a meeting that requires them (``Meeting.signed_votes``).

:func:`check` runs before a ballot is recorded and raises
:class:`~protocol.errors.SignatureInvalid` (nothing is recorded) unless:

* the ballot carries a detached CMS signature and the signer's certificate;
* the signature is valid over ``protocol.voting.canonical_ballot`` of this meeting,
  poll, question, member, caster and choice (in a secret poll: participation only,
  the choice is not in the signed bytes), made with a certificate of the
  organisation CA that is valid now and not revoked
  (:func:`server.domain.ballot_signature.verify_ballot`);
* the certificate is the CASTER's: the member's own, or a delegated substitute's own
  when they vote on the member's behalf (the CA's register of issued certificates; a
  certificate the register does not know must name the caster in its common name).

In a meeting without signed votes a signature sent along is neither checked nor kept.
"""

from __future__ import annotations

from protocol import voting as msg
from protocol.errors import SignatureInvalid
from server.domain.ballot_signature import VerifiedSigner, verify_own_ballot
from server.domain.context import Ctx
from server.domain.settings import Settings
from server.store.models import Poll

MISSING = (
    "This meeting requires digitally signed votes and your ballot carries no signature. "
    "Nothing was recorded: vote again and sign with your key when asked."
)
MISMATCH = (
    "The signature does not match this ballot (the choice, the poll or the voter differ "
    "from what was signed). Nothing was recorded; vote again."
)


def check(ctx: Ctx, poll: Poll, member_id: int, cmd: msg.PollVote) -> VerifiedSigner:
    """The verified signer of ``cmd``'s ballot for ``member_id``, or :class:`SignatureInvalid`."""
    if not cmd.signature or not cmd.certificate_pem:
        raise SignatureInvalid(MISSING)
    data = msg.canonical_ballot(
        meeting_id=poll.meeting_id,
        poll_id=poll.id,
        question=poll.question,
        member_id=member_id,
        cast_by=ctx.user.user_id,
        secret=poll.secret,
        choice=cmd.choice,
    )
    assert isinstance(ctx.settings, Settings), "signed votes need the server settings"
    return verify_own_ballot(
        ctx.session,
        ctx.settings.pki_dir,
        data,
        cmd.signature,
        cmd.certificate_pem,
        user_id=ctx.user.user_id,
        full_name=ctx.user.full_name,
        at=ctx.clock(),
        not_yours=(
            "The certificate used ({name}) is not yours; nothing was recorded. Vote again "
            "with your own certificate (a substitute signs with their own, not the member's)."
        ),
        mismatch=MISMATCH,
    )
