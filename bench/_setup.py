"""Benchmark fixtures written straight into a fresh data directory (before the server runs).

Users are inserted with one pre-computed, deliberately cheap argon2 hash: argon2
verification reads its cost from the hash, so hundreds of logins stay fast while they
still go through the real ``session.login`` path.  Everything else (meeting,
invitations, agenda item, PDF upload, publish, start) goes through the domain's real
command handlers, one committed transaction each, exactly as over the wire.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from argon2 import PasswordHasher

from protocol import agenda, documents
from protocol import meetings as mm
from protocol.envelope import Command
from server.app import open_runner
from server.domain import accounts
from server.domain.context import Actor, utcnow
from server.store.models import User

PASSWORD = "bench-password-123"
CHAIR = "bench-chair"
SECRETARIAT = "bench-secretariat"


@dataclass(frozen=True)
class Fixture:
    meeting_id: int
    version_id: int
    pages: int
    chair: str
    members: list[str]
    password: str = PASSWORD


def _pdf(pages: int) -> bytes:
    try:
        from server.demo_documents import make_pdf

        paragraphs = [f"Đoạn {i}: nội dung tờ trình để đo hiệu năng." for i in range(pages)]
        return make_pdf("Tờ trình đo hiệu năng", paragraphs, pages=pages)
    except ImportError:  # the demo generator is optional for the benchmark
        import io

        from pypdf import PdfWriter

        writer = PdfWriter()
        for _ in range(pages):
            writer.add_blank_page(width=595, height=842)
        out = io.BytesIO()
        writer.write(out)
        return out.getvalue()


def create(data_dir: Path, members: int, pages: int = 5) -> Fixture:
    """A meeting in progress with a chair, ``members`` members and one PDF of ``pages``."""
    runner = open_runner(data_dir, None)
    cheap = PasswordHasher(time_cost=1, memory_cost=64, parallelism=1).hash(PASSWORD)
    names = [f"bench-member-{i:04d}" for i in range(members)]

    def make_users(session: Any) -> dict[str, Actor]:
        now = utcnow()
        spec = [(SECRETARIAT, ["secretariat"]), (CHAIR, ["chair"])]
        spec += [(name, ["member"]) for name in names]
        rows = [
            User(
                username=name,
                full_name=f"Đại biểu {name.rsplit('-', 1)[-1]}",
                position_title="",
                roles=roles,
                clearance="thuong",
                password_hash=cheap,
                disabled=False,
                failed_logins=0,
                created_at=now,
            )
            for name, roles in spec
        ]
        session.add_all(rows)
        session.flush()
        return {row.username: accounts.actor_of(row) for row in rows}

    actors = runner.run_sync(make_users)
    sec, chair = actors[SECRETARIAT], actors[CHAIR]

    def do(actor: Actor, command_type: type[Command], **fields: Any) -> Any:
        return runner.execute_sync(actor, command_type(id=uuid.uuid4().hex, **fields)).result

    mid = do(
        sec,
        mm.MeetingCreate,
        title="Phiên họp đo hiệu năng",
        starts_at="2026-12-01T08:00:00+07:00",
        ends_at="2026-12-01T17:00:00+07:00",
    )["meeting_id"]
    do(sec, mm.ParticipantInvite, meeting_id=mid, user_id=chair.user_id, role="chair")
    for name in names:
        do(sec, mm.ParticipantInvite, meeting_id=mid, user_id=actors[name].user_id, role="member")
    item_id = do(sec, agenda.AgendaAddItem, meeting_id=mid, title="Tờ trình")["item_id"]
    data = _pdf(pages)
    upload = do(
        sec,
        documents.DocumentUploadBegin,
        item_id=item_id,
        filename="to-trinh.pdf",
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )
    step = int(upload["chunk_size"])
    for offset in range(0, len(data), step):
        do(
            sec,
            documents.DocumentUploadChunk,
            upload_id=upload["upload_id"],
            offset=offset,
            data=data[offset : offset + step],
        )
    version = do(sec, documents.DocumentUploadFinish, upload_id=upload["upload_id"])
    do(sec, mm.MeetingTransition, meeting_id=mid, action="publish")
    do(chair, mm.MeetingTransition, meeting_id=mid, action="start")
    runner.close()
    runner.sessions.kw["bind"].dispose()
    return Fixture(mid, int(version["version_id"]), int(version["pages"]), CHAIR, names)
