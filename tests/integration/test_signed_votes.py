"""Signed votes over the wire: the secretariat creates a meeting that requires them,
members get certificates from the server's CA into PKCS#12 files and vote with them; an
unsigned ballot and a colleague's key are refused with typed errors; the result counts
only the signed ballot and the record verifies."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.client import voting
from desktop.client.keys import create_pkcs12_identity, load_signer
from protocol import agenda, meetings
from protocol import voting as pv
from protocol.errors import InvalidInput, SignatureInvalid
from server.domain.ledger_verify import verify_online
from tests.integration.conftest import LiveServer, live  # noqa: F401

PASSPHRASE = "Ky-so-2026!"
QUESTION = "Thông qua Dự thảo Nghị quyết về đầu tư công?"


async def test_members_vote_with_signed_ballots_from_their_key_files(
    live: LiveServer,  # noqa: F811
    tmp_path: Path,
) -> None:
    d = live.domain
    d.user("thuky", ["secretariat"], full_name="Trần Thị Thư")
    chair_user = d.user("chutri", ["chair"], full_name="Lê Minh Chính")
    hung_user = d.user("bokhdt", ["member"], full_name="Phạm Quốc Hưng")
    phoc_user = d.user("botc", ["member"], full_name="Hồ Đức Phớc")
    async with (
        live.client("thuky") as sec,
        live.client("chutri") as chair,
        live.client("bokhdt") as hung,
        live.client("botc") as phoc,
    ):
        mid = (
            await sec.call(
                meetings.MeetingCreate,
                title="Phiên họp Chính phủ thường kỳ tháng 12",
                starts_at="2026-12-01T08:00:00+07:00",
                ends_at="2026-12-01T17:00:00+07:00",
                signed_votes=True,
            )
        )["meeting_id"]
        for user, role in ((chair_user, "chair"), (hung_user, "member"), (phoc_user, "member")):
            await sec.call(
                meetings.ParticipantInvite, meeting_id=mid, user_id=user.user_id, role=role
            )
        item = (await sec.call(agenda.AgendaAddItem, meeting_id=mid, title="Dự thảo Nghị quyết"))[
            "item_id"
        ]
        await sec.call(meetings.MeetingTransition, meeting_id=mid, action="publish")
        await chair.call(meetings.MeetingTransition, meeting_id=mid, action="start")

        hung_p12, phoc_p12 = tmp_path / "hung.p12", tmp_path / "phoc.p12"
        await create_pkcs12_identity(hung, hung_p12, PASSPHRASE)
        await create_pkcs12_identity(phoc, phoc_p12, PASSPHRASE)

        session = await hung.join(mid)
        chair_session = await chair.join(mid)
        assert session.view is not None and session.view.signed_votes
        pid = (await sec.call(pv.PollCreate, meeting_id=mid, item_id=item, question=QUESTION))[
            "poll_id"
        ]
        await chair.call(pv.PollOpen, poll_id=pid)
        await session.wait_for(lambda v: pid in v.polls and v.polls[pid].state == "open")

        # no key: refused on this machine, and by the server when sent anyway
        with pytest.raises(InvalidInput, match="signed votes"):
            await voting.cast(hung, session, pid, "yes")
        with pytest.raises(SignatureInvalid, match="carries no signature"):
            await hung.call(pv.PollVote, poll_id=pid, choice="yes")
        # a colleague's key file: refused, typed
        with pytest.raises(
            SignatureInvalid, match=r"\(Hồ Đức Phớc\) is not yours; nothing was recorded"
        ):
            await voting.cast(hung, session, pid, "no", signer=load_signer(phoc_p12, PASSPHRASE))

        result = await voting.cast(
            hung, session, pid, "yes", signer=load_signer(hung_p12, PASSPHRASE)
        )
        assert result["signer"] == "Phạm Quốc Hưng" and result["ballots_cast"] == 1
        await chair_session.wait_for(lambda v: v.polls[pid].ballots_cast == 1)
        assert chair_session.view.polls[pid].voted_member_ids == [hung_user.user_id]

        await chair.call(pv.PollClose, poll_id=pid)
        published = await chair.call(pv.PollPublish, poll_id=pid)
        assert (published["result"]["yes"], published["result"]["no"]) == (1, 0)

    report = await live.domain.runner.run(lambda s: verify_online(s))
    assert report.ok, report.summary()
