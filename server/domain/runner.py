"""Runs domain work on a database thread, one transaction per call.

The event loop never blocks on the database: each call runs in the runner's worker
thread inside ``session.begin()``; it commits before the awaiting coroutine resumes, so
anything the caller then acknowledges or broadcasts is already durable.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from sqlalchemy.exc import DataError
from sqlalchemy.orm import Session, sessionmaker

from protocol.envelope import Command
from protocol.errors import InvalidInput
from server.domain import accounts, dispatch
from server.domain.context import Actor, Ctx, KeepChanges
from server.domain.settings import Settings

T = TypeVar("T")


class Runner:
    def __init__(self, sessions: sessionmaker[Session], settings: Settings, workers: int = 1):
        self.sessions = sessions
        self.settings = settings
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="db")

    def run_sync(self, fn: Callable[..., T], *args: Any) -> T:
        """``fn(session, *args)`` in one transaction, committed on success."""
        session = self.sessions()
        try:
            result = fn(session, *args)
            session.commit()
            return result
        except KeepChanges as keep:
            session.commit()
            raise keep.error from None
        except DataError:
            session.rollback()
            raise InvalidInput(
                "A value in the command is too long or not valid for its field; nothing was "
                "changed. Shorten or correct it and try again."
            ) from None
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        """``fn(session, *args)`` in one committed transaction, off the event loop."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._pool, self.run_sync, fn, *args)

    async def execute(self, token: str | None, command: Command) -> Ctx:
        """Run a command for the session behind ``token`` (None: not logged in).

        The token is re-checked in the same transaction (idle and absolute expiry,
        disabled account), so a revoked session cannot slip one more command through.
        """
        return await self.run(self._execute_token, token, command)

    def execute_sync(self, actor: Actor | None, command: Command) -> Ctx:
        return self.run_sync(self._execute, actor, command)

    def _execute_token(self, session: Session, token: str | None, command: Command) -> Ctx:
        actor = None
        if token is not None and type(command) not in dispatch.ANONYMOUS:
            actor = accounts.touch(session, token, self.settings)
        return dispatch.execute(session, actor, command, settings=self.settings)

    def _execute(self, session: Session, actor: Actor | None, command: Command) -> Ctx:
        return dispatch.execute(session, actor, command, settings=self.settings)

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
