"""Reminders before an opinion poll's deadline, in the app and through the notify hook.

:func:`due_reminders` (a fixed clock in, the list out, nothing written) finds, for
every poll that is sent and not yet past its deadline, the members who have not
answered and whose reminder at the current threshold
(:func:`protocol.consultations.reminder_threshold`) was not yet sent.
:func:`take_due` also records them, so each member gets one reminder per threshold
even across restarts and server instances (the row's primary key decides).
:func:`reminder_loop` (started by ``server.app.serve``) calls :func:`take_due` every
minute, then sends each reminder as a ``notice`` to the member's live connections and runs
the deployment's notification hook (:func:`run_hook`): an executable that gets one
JSON object per recipient on stdin (:func:`hook_payload`: ``user``, ``full_name``,
``email`` and ``phone`` — the account's contacts, null when not set, the phone as
``+84…`` — ``subject``, ``body``, ``consultation_id``, ``deadline``), so a deployment
can route it to e-mail or SMS; its failures are logged and never block anything.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from protocol.consultations import ConsultationState, reminder_threshold, vn_time
from server.store.models import (
    Consultation,
    ConsultationAnswer,
    ConsultationRecipient,
    ConsultationReminder,
    User,
)

log = logging.getLogger("ecabinet.reminders")

HOOK_TIMEOUT = 30.0


@dataclass(frozen=True)
class Reminder:
    consultation_id: int
    user_id: int
    username: str
    full_name: str
    email: str | None
    phone: str | None
    threshold_minutes: int
    title: str
    deadline: str

    @property
    def subject(self) -> str:
        return f"Nhắc trả lời phiếu lấy ý kiến: {self.title}"

    @property
    def body(self) -> str:
        return (
            f"Kính gửi {self.full_name},\n"
            f"Đồng chí chưa gửi ý kiến về “{self.title}”. Thời hạn trả lời: {self.deadline}. "
            "Đề nghị đồng chí mở e-Cabinet, xem hồ sơ và ký gửi ý kiến trước thời hạn."
        )


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def due_reminders(session: Session, now: datetime) -> list[Reminder]:
    """The reminders due at ``now`` and not yet sent (reads only)."""
    polls = session.scalars(
        select(Consultation).where(
            Consultation.state == ConsultationState.SENT,
            Consultation.deadline > now,
        )
    ).all()
    out: list[Reminder] = []
    for poll in polls:
        assert poll.sent_at is not None
        deadline = _aware(poll.deadline)
        threshold = reminder_threshold(deadline, _aware(poll.sent_at), now)
        if threshold is None:
            continue
        minutes = int(threshold / timedelta(minutes=1))
        answered = select(ConsultationAnswer.user_id).where(
            ConsultationAnswer.consultation_id == poll.id, ConsultationAnswer.current.is_(True)
        )
        reminded = select(ConsultationReminder.user_id).where(
            ConsultationReminder.consultation_id == poll.id,
            ConsultationReminder.threshold_minutes == minutes,
        )
        users = session.scalars(
            select(User)
            .join(ConsultationRecipient, ConsultationRecipient.user_id == User.id)
            .where(
                ConsultationRecipient.consultation_id == poll.id,
                User.id.not_in(answered),
                User.id.not_in(reminded),
                User.disabled.is_(False),
            )
            .order_by(User.id)
        ).all()
        for user in users:
            out.append(
                Reminder(
                    consultation_id=poll.id,
                    user_id=user.id,
                    username=user.username,
                    full_name=user.full_name,
                    email=user.email,
                    phone=user.phone,
                    threshold_minutes=minutes,
                    title=poll.title,
                    deadline=vn_time(deadline),
                )
            )
    return out


def take_due(session: Session, now: datetime) -> list[Reminder]:
    """:func:`due_reminders`, recorded as sent in the caller's transaction."""
    due = due_reminders(session, now)
    for r in due:
        session.add(
            ConsultationReminder(
                consultation_id=r.consultation_id,
                user_id=r.user_id,
                threshold_minutes=r.threshold_minutes,
                sent_at=now,
            )
        )
    session.flush()
    return due


def hook_payload(reminder: Reminder) -> bytes:
    """The JSON the notify hook reads on stdin."""
    data = {
        "user": reminder.username,
        "full_name": reminder.full_name,
        "email": reminder.email,
        "phone": reminder.phone,
        "subject": reminder.subject,
        "body": reminder.body,
        "consultation_id": reminder.consultation_id,
        "deadline": reminder.deadline,
    }
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


async def run_hook(hook: str, reminder: Reminder, timeout: float = HOOK_TIMEOUT) -> bool:
    """Run ``hook`` with the reminder as JSON on stdin; False (and a log line) on failure."""
    try:
        proc = await asyncio.create_subprocess_exec(
            hook,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.PIPE,
        )
    except OSError as exc:
        log.warning("notify hook %s could not start: %s", hook, exc)
        return False
    try:
        _, err = await asyncio.wait_for(proc.communicate(hook_payload(reminder)), timeout)
    except TimeoutError:
        proc.kill()
        await proc.wait()
        log.warning("notify hook %s timed out after %.0f s", hook, timeout)
        return False
    if proc.returncode != 0:
        log.warning(
            "notify hook %s failed (exit %s): %s",
            hook,
            proc.returncode,
            err.decode("utf-8", "replace").strip()[:500],
        )
        return False
    return True


def describe(reminder: Reminder) -> dict[str, object]:
    return asdict(reminder)


Notify = Callable[[tuple[int, ...], str, str, str | None], Awaitable[None]]


async def reminder_loop(
    runner: Any,
    notify: Notify,
    *,
    hook: str | None = None,
    interval: float = 60.0,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> None:
    """Every ``interval`` seconds: take the due reminders (recorded as sent in one
    transaction), send each as a ``consultation.reminder`` notice and, when a hook is
    configured, run it in the background.  Errors are logged; the loop goes on until
    cancelled."""
    hooks: set[asyncio.Task[bool]] = set()
    while True:
        try:
            due = await runner.run(take_due, clock())
            for r in due:
                ref = f"consultation:{r.consultation_id}"
                await notify((r.user_id,), "consultation.reminder", r.body, ref)
                if hook:
                    task = asyncio.get_running_loop().create_task(run_hook(hook, r))
                    hooks.add(task)
                    task.add_done_callback(hooks.discard)
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("sending opinion-poll reminders failed; trying again later")
        await asyncio.sleep(interval)
