"""Test helpers that drive the real domain on a real database, without sockets."""

from __future__ import annotations

import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any

from protocol import meetings as mm
from protocol.envelope import Command
from server.domain import accounts
from server.domain.context import Actor, Ctx
from server.domain.runner import Runner
from server.domain.settings import Settings
from server.store.db import make_engine, migrate, session_factory

PASSWORD = "mat-khau-123"


def cid() -> str:
    return uuid.uuid4().hex


class Domain:
    def __init__(self, url: str, data_dir: Path, **settings: Any) -> None:
        data_dir.mkdir(parents=True, exist_ok=True)
        self.engine = make_engine(url)
        migrate(self.engine)
        self.settings = Settings(data_dir=data_dir, **settings)
        self.runner = Runner(session_factory(self.engine), self.settings)

    def close(self) -> None:
        self.runner.close()
        self.engine.dispose()

    def run(self, actor: Actor | None, command: Command) -> Ctx:
        """Execute one command in its own committed transaction (raises typed errors)."""
        return self.runner.execute_sync(actor, command)

    def do(self, actor: Actor | None, command_type: type[Command], **fields: Any) -> Any:
        """Build and execute a command with a fresh id; return its result."""
        return self.run(actor, command_type(id=cid(), **fields)).result

    def user(
        self,
        username: str,
        roles: list[str],
        *,
        full_name: str | None = None,
        clearance: str = "toi_mat",
    ) -> Actor:
        def make(session: Any) -> Actor:
            user = accounts.create_user(
                session,
                username=username,
                full_name=full_name or username.title(),
                password=PASSWORD,
                roles=roles,
                clearance=clearance,
            )
            return accounts.actor_of(user)

        return self.runner.run_sync(make)

    def meeting(
        self,
        secretariat: Actor,
        *,
        chair: Actor,
        members: list[Actor] = (),  # type: ignore[assignment]
        guests: list[Actor] = (),  # type: ignore[assignment]
        classification: str = "thuong",
        start: bool = False,
    ) -> int:
        """A meeting with a chair and members invited, published (and started)."""
        mid = self.do(
            secretariat,
            mm.MeetingCreate,
            title="Phiên họp Chính phủ thường kỳ tháng 12",
            starts_at="2026-12-01T08:00:00+07:00",
            ends_at="2026-12-01T17:00:00+07:00",
            classification=classification,
        )["meeting_id"]
        self.do(
            secretariat, mm.ParticipantInvite, meeting_id=mid, user_id=chair.user_id, role="chair"
        )
        for m in members:
            self.do(
                secretariat, mm.ParticipantInvite, meeting_id=mid, user_id=m.user_id, role="member"
            )
        for g in guests:
            self.do(
                secretariat, mm.ParticipantInvite, meeting_id=mid, user_id=g.user_id, role="guest"
            )
        self.do(secretariat, mm.MeetingTransition, meeting_id=mid, action="publish")
        if start:
            self.do(chair, mm.MeetingTransition, meeting_id=mid, action="start")
        return mid

    def events(self, meeting_id: int, since: int = 0) -> list[tuple[int, str]]:
        from server.domain import events as log

        return self.runner.run_sync(
            lambda s: [(e.seq, e.type) for e in log.read_since(s, meeting_id, since)]
        )


ONE_MINUTE = timedelta(minutes=1)
