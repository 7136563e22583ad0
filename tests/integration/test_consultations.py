"""Opinion polls over the wire: a member gets a certificate from the server's CA into a
PKCS#12 file, hears of a new poll, signs and answers; reminders reach the app and the
notification hook; a tampered ballot is refused with a typed error."""

from __future__ import annotations

import asyncio
import contextlib
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from desktop.client import ballots
from desktop.client.keys import create_pkcs12_identity, load_signer
from protocol import consultations as pc
from protocol.envelope import Notice
from protocol.errors import SignatureInvalid
from server.demo_documents import make_pdf
from server.domain.consultation_reminders import reminder_loop
from server.store.models import Consultation
from tests.integration.conftest import LiveServer, live  # noqa: F401

PASSPHRASE = "Ky-so-2026!"


async def next_notice(queue: asyncio.Queue[Notice], code: str) -> Notice:
    while True:
        notice = await asyncio.wait_for(queue.get(), 10)
        if notice.code == code:
            return notice


async def test_member_signs_with_a_pkcs12_key_from_the_server_ca(
    live: LiveServer,  # noqa: F811
    tmp_path: Path,
) -> None:
    d = live.domain
    d.user("thuky", ["secretariat"], full_name="Trần Thị Thư")
    d.user("chutri", ["chair"], full_name="Lê Minh Chính")
    hung = d.user("bokhdt", ["member"], full_name="Phạm Quốc Hưng")
    async with live.client("thuky") as sec, live.client("bokhdt") as member:
        p12 = tmp_path / "signing.p12"
        await create_pkcs12_identity(member, p12, PASSPHRASE)
        deadline = datetime.now(pc.VN_TZ) + timedelta(days=2)
        cid = await ballots.create(sec, "Dự thảo Luật Đầu tư (sửa đổi)", "Đồng ý?", deadline)
        pdf = make_pdf("Dự thảo Luật Đầu tư", ["Điều 1."], 3)
        docs = await ballots.attach_pdf(sec, cid, pdf, "du-thao-luat.pdf")
        assert docs[0].pages == 3
        await ballots.send(sec, cid)
        sent = await next_notice(member.notices, "consultation.sent")
        assert sent.ref == f"consultation:{cid}"
        [mine] = await ballots.list_consultations(member)
        assert mine.recipient and mine.state == pc.ConsultationState.SENT
        assert await ballots.download(member, cid, docs[0].sha256) == pdf

        signer = load_signer(p12, PASSPHRASE)
        result = await ballots.answer(member, cid, "other", "Đề nghị bổ sung Điều 3.", signer)
        assert result["signer"] == "Phạm Quốc Hưng"
        answered = await next_notice(sec.notices, "consultation.answered")
        assert "Phạm Quốc Hưng" in answered.message

        # a ballot whose signed bytes differ from what is sent: refused, typed
        when = ballots.now_text()
        other = pc.canonical_ballot(cid, hung.user_id, "agree", "", when)
        with pytest.raises(SignatureInvalid, match="does not match"):
            await member.call(
                pc.ConsultationAnswer,
                consultation_id=cid,
                choice="disagree",
                comment="Không đồng ý.",
                answered_at=when,
                signature=await ballots.sign_ballot(signer, other),
                certificate_pem=ballots.certificate_pem(signer),
            )
        detail = await ballots.get_consultation(sec, cid)
        assert [(a.full_name, a.choice, a.comment) for a in detail.answers] == [
            ("Phạm Quốc Hưng", pc.Answer.OTHER, "Đề nghị bổ sung Điều 3.")
        ]


async def test_reminders_reach_the_app_and_the_hook(
    live: LiveServer,  # noqa: F811
    tmp_path: Path,
) -> None:
    d = live.domain
    d.user("thuky", ["secretariat"], full_name="Trần Thị Thư")
    d.user("bokhdt", ["member"], full_name="Phạm Quốc Hưng")
    out = tmp_path / "hook.jsonl"
    hook = tmp_path / "notify.sh"
    hook.write_text(f"#!/bin/sh\ncat >> {out}\necho >> {out}\n")
    hook.chmod(0o755)
    async with live.client("thuky") as sec, live.client("bokhdt") as member:
        deadline = datetime.now(pc.VN_TZ) + timedelta(days=2)
        cid = await ballots.create(sec, "Dự thảo Nghị quyết", "Đồng ý?", deadline)
        await ballots.attach_pdf(sec, cid, make_pdf("Dự thảo", ["Nội dung."], 1), "nq.pdf")
        await ballots.send(sec, cid)
        stored = await live.domain.runner.run(lambda s: s.get(Consultation, cid).deadline)
        stored = stored if stored.tzinfo else stored.replace(tzinfo=UTC)
        loop = asyncio.get_running_loop().create_task(
            reminder_loop(
                live.domain.runner,
                live.transport.notify_users,
                hook=str(hook),
                interval=0.05,
                clock=lambda: stored - timedelta(hours=1),
            )
        )
        try:
            reminder = await next_notice(member.notices, "consultation.reminder")
            assert (
                reminder.ref == f"consultation:{cid}" and "Dự thảo Nghị quyết" in reminder.message
            )
            for _ in range(200):
                if out.exists() and out.read_text().strip():
                    break
                await asyncio.sleep(0.05)
            payload = json.loads(out.read_text("utf-8").strip().splitlines()[0])
            assert payload["user"] == "bokhdt" and payload["subject"].startswith("Nhắc")
            await asyncio.sleep(0.3)
            assert len(out.read_text().strip().splitlines()) == 1, "one reminder per threshold"
        finally:
            loop.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await loop
