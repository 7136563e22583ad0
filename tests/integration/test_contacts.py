"""Contacts over the wire: a member enters their own e-mail and phone, an opinion-poll
reminder then reaches the notify hook with them; a wrong number or someone else's
account is refused with a typed error."""

from __future__ import annotations

import asyncio
import contextlib
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from desktop.client import ballots
from protocol import accounts as acc
from protocol import consultations as pc
from protocol.errors import InvalidInput, PermissionDenied
from server.demo_documents import make_pdf
from server.domain.consultation_reminders import reminder_loop
from server.store.models import Consultation
from tests.integration.conftest import LiveServer, live  # noqa: F401
from tests.integration.test_consultations import next_notice


async def test_a_member_sets_contacts_and_the_reminder_hook_gets_them(
    live: LiveServer,  # noqa: F811
    tmp_path: Path,
) -> None:
    d = live.domain
    d.user("thuky", ["secretariat"], full_name="Trần Thị Thư")
    d.user("bokhdt", ["member"], full_name="Phạm Quốc Hưng")
    d.user("botc", ["member"], full_name="Hồ Đức Phớc")
    out = tmp_path / "sent"
    out.mkdir()
    hook = tmp_path / "notify.sh"
    # one file per call, written whole before it gets its name
    hook.write_text(f'#!/bin/sh\nf=$(mktemp {out}/.n.XXXXXX)\ncat > "$f"\nmv "$f" "$f.json"\n')
    hook.chmod(0o755)
    async with (
        live.client("thuky") as sec,
        live.client("bokhdt") as member,
        live.client("botc") as other,
    ):
        with pytest.raises(InvalidInput, match="not a Vietnamese phone number"):
            await member.call(acc.UserSetContacts, email="bokhdt@mpi.gov.vn", phone="091234")
        done = await member.call(
            acc.UserSetContacts, email="bokhdt@mpi.gov.vn", phone="091 234 5678"
        )
        assert (done["user"]["email"], done["user"]["phone"]) == (
            "bokhdt@mpi.gov.vn",
            "+84912345678",
        )
        assert member.user is not None
        with pytest.raises(PermissionDenied):
            await other.call(acc.UserSetContacts, user_id=member.user.id, phone="0389123456")

        deadline = datetime.now(pc.VN_TZ) + timedelta(days=2)
        cid = await ballots.create(sec, "Dự thảo Nghị quyết", "Đồng ý?", deadline)
        await ballots.attach_pdf(sec, cid, make_pdf("Dự thảo", ["Nội dung."], 1), "nq.pdf")
        await ballots.send(sec, cid)
        stored = await d.runner.run(lambda s: s.get(Consultation, cid).deadline)
        stored = stored if stored.tzinfo else stored.replace(tzinfo=UTC)
        loop = asyncio.get_running_loop().create_task(
            reminder_loop(
                d.runner,
                live.transport.notify_users,
                hook=str(hook),
                interval=0.05,
                clock=lambda: stored - timedelta(hours=1),
            )
        )
        try:
            await next_notice(member.notices, "consultation.reminder")
            for _ in range(200):
                if len(list(out.glob("*.json"))) >= 2:
                    break
                await asyncio.sleep(0.05)
        finally:
            loop.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await loop
    got = {p["user"]: p for p in (json.loads(f.read_text("utf-8")) for f in out.glob("*.json"))}
    assert (got["bokhdt"]["email"], got["bokhdt"]["phone"]) == (
        "bokhdt@mpi.gov.vn",
        "+84912345678",
    )
    assert (got["botc"]["email"], got["botc"]["phone"]) == (None, None)
