"""One command in, one transaction: idempotency, the handler, the events, the result.

Handlers register with :func:`handles`.  :func:`execute` runs a command inside the
caller's session: a command id seen before returns the stored result (never applied
twice); the same id with another payload is refused.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any, TypeVar

import msgspec
from sqlalchemy.orm import Session

from protocol.envelope import Command, fingerprint, type_name
from protocol.errors import CommandIdReused, NotAuthenticated, ProtocolError
from server.domain import events as event_log
from server.domain.context import Actor, Ctx
from server.store.models import CommandRecord

C = TypeVar("C", bound=Command)
Handler = Callable[[Ctx, Any], Any]

HANDLERS: dict[type[Command], Handler] = {}

#: Commands that need no logged-in user.
ANONYMOUS: set[type[Command]] = set()

#: Commands whose results are not stored (reads, or results that must not be kept).
NOT_RECORDED: set[type[Command]] = set()


def handles(
    command: type[C], *, anonymous: bool = False, record: bool = True
) -> Callable[[Callable[[Ctx, C], Any]], Callable[[Ctx, C], Any]]:
    """Register the handler of ``command``."""

    def register(fn: Callable[[Ctx, C], Any]) -> Callable[[Ctx, C], Any]:
        HANDLERS[command] = fn
        if anonymous:
            ANONYMOUS.add(command)
        if not record:
            NOT_RECORDED.add(command)
        return fn

    return register


def _load_handlers() -> None:
    """Import the service modules, which registers their handlers (cheap after the first)."""
    from server.domain import (  # noqa: F401
        accounts,
        agenda,
        annotations,
        archive,
        certificates,
        consultation_answers,
        consultations,
        decision_copies,
        decisions,
        documents,
        live,
        media,
        media_recording,
        meeting_record,
        meetings,
        minutes,
        positions,
        record,
        voting,
    )


def execute(
    session: Session, actor: Actor | None, command: Command, *, settings: Any = None
) -> Ctx:
    """Run ``command`` in ``session`` (the caller commits).  Returns the context with
    ``result`` set, the events recorded and the effects to carry out."""
    _load_handlers()
    handler = HANDLERS.get(type(command))
    if handler is None:
        raise ProtocolError(f"No handler for {type_name(command)}.", code="message.unknown_type")
    if actor is None and type(command) not in ANONYMOUS:
        raise NotAuthenticated("Log in first (session.login or session.resume).")
    ctx = Ctx(session=session, actor=actor, append=event_log.append, settings=settings)
    record = actor is not None and type(command) not in NOT_RECORDED
    digest = hashlib.sha256(fingerprint(command)).hexdigest()
    if record and actor is not None:
        previous = session.get(CommandRecord, (actor.user_id, command.id))
        if previous is not None:
            if previous.fingerprint != digest:
                raise CommandIdReused(
                    f"Command id {command.id!r} was already used for a different "
                    f"{previous.type}; choose a new id for a new command."
                )
            ctx.result = msgspec.json.decode(previous.result)
            ctx.replayed = True
            return ctx
    ctx.result = handler(ctx, command)
    ctx.replayed = False
    if record and actor is not None:
        session.add(
            CommandRecord(
                user_id=actor.user_id,
                command_id=command.id,
                type=type_name(command),
                fingerprint=digest,
                result=msgspec.json.encode(ctx.result),
                created_at=ctx.clock(),
            )
        )
    session.flush()
    return ctx
