"""The draft text of a meeting's minutes, written in Vietnamese from its event log.

:func:`draft_text` replays the meeting's events (``events`` table, decoded with the
protocol codec) to learn when it started and ended, who attended (and for whom), which
items were taken up, who was given the floor in which order and for how long, each
poll's tally and the decision on each item; names, units, the presenter and the
positions marked before the meeting come from the current rows.

The text is plain: section headings ("I. …"), item headings ("1. …") and one
paragraph per line.  :func:`body_of` turns it (as edited by the secretariat) into the
body of :func:`server.domain.admin_pdf.administrative_pdf`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone

from sqlalchemy import select
from sqlalchemy.orm import Session

from protocol import agenda, live, meetings, voting
from protocol.envelope import codec
from protocol.permissions import VOTING_ROLES, MeetingRole
from protocol.positions import Stance
from protocol.voting import Choice, Outcome, PollResult
from server.domain import events as event_log
from server.domain.agenda import in_agenda_order, live_items, numbers
from server.store.models import Meeting, Participant, Position, Unit, User

#: Vietnam keeps +07:00 all year (no daylight saving).
VN = timezone(timedelta(hours=7), "ICT")

MODES = {"online": "họp trực tuyến", "hybrid": "họp trực tiếp kết hợp trực tuyến"}
STANCES = {
    Stance.NO_OBJECTION: "không phản đối",
    Stance.OBJECT: "phản đối",
    Stance.WISH_TO_SPEAK: "đăng ký phát biểu",
}
CHOICES = {
    Choice.YES: "tán thành",
    Choice.NO: "không tán thành",
    Choice.ABSTAIN: "không biểu quyết",
}
OUTCOMES = {
    Outcome.ADOPTED: "thông qua",
    Outcome.REJECTED: "không thông qua",
    Outcome.TIED: "số phiếu tán thành và không tán thành bằng nhau, Chủ tọa quyết định",
}


def local(value: datetime) -> datetime:
    return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(VN)


def when(value: datetime) -> str:
    """ "08 giờ 05 ngày 01/12/2026 (2026-12-01T08:05:00+07:00)"."""
    t = local(value).replace(microsecond=0)
    return f"{t:%H} giờ {t:%M} ngày {t:%d/%m/%Y} ({t.isoformat()})"


def _duration(seconds: int) -> str:
    minutes, rest = divmod(seconds, 60)
    if minutes and rest:
        return f"{minutes} phút {rest} giây"
    return f"{minutes} phút" if minutes else f"{rest} giây"


@dataclass
class _Turn:
    user_id: int
    item_id: int | None
    started: bool = False
    seconds: int | None = None


@dataclass
class _Replay:
    """What the event log says, gathered in one pass."""

    started_at: datetime | None = None
    ended_at: datetime | None = None
    joined: dict[int, int | None] = field(default_factory=dict)  # user → for_user
    taken_up: set[int] = field(default_factory=set)
    turns: dict[int, _Turn] = field(default_factory=dict)
    order: list[int] = field(default_factory=list)  # request ids, in granting order
    polls: dict[int, tuple[int, str, bool]] = field(default_factory=dict)
    results: dict[int, PollResult] = field(default_factory=dict)
    decisions: dict[int, tuple[str, int | None, str]] = field(default_factory=dict)


def _replay(session: Session, meeting_id: int) -> _Replay:
    r = _Replay()
    current: int | None = None
    decode = codec().decode_event
    for committed in event_log.read_since(session, meeting_id, 0):
        event = decode(committed.payload)
        match event:
            case meetings.MeetingStateChanged(action="start") if r.started_at is None:
                r.started_at = committed.at
            case meetings.MeetingStateChanged(action="end"):
                r.ended_at = committed.at
            case meetings.ParticipantJoined():
                r.joined.setdefault(event.user_id, event.for_user_id)
            case live.LobbyAdmitted():
                r.joined.setdefault(event.user_id, None)
            case agenda.AgendaCurrentChanged():
                current = event.item_id
                if current is not None:
                    r.taken_up.add(current)
            case live.FloorRequested():
                r.turns[event.request_id] = _Turn(event.user_id, event.item_id)
            case live.FloorGranted() if event.request_id in r.turns:
                turn = r.turns[event.request_id]
                turn.started = True
                if turn.item_id is None:
                    turn.item_id = current
                r.order.append(event.request_id)
            case live.FloorEnded() if event.request_id in r.turns:
                r.turns[event.request_id].seconds = event.spoke_seconds
            case voting.PollCreated():
                r.polls[event.poll_id] = (event.item_id, event.question, event.secret)
            case voting.PollPublished():
                r.results[event.poll_id] = event.result
            case agenda.AgendaDecisionRecorded():
                r.decisions[event.item_id] = (event.decision, event.poll_id, event.note)
            case _:
                pass
    return r


class _People:
    def __init__(self, session: Session) -> None:
        self.users = {u.id: u for u in session.scalars(select(User))}
        self.units = {u.id: u.name for u in session.scalars(select(Unit))}

    def name(self, user_id: int | None) -> str:
        user = self.users.get(user_id) if user_id is not None else None
        return user.full_name if user is not None else f"(người dùng {user_id})"

    def described(self, user_id: int) -> str:
        """ "Nguyễn Văn A, Bộ trưởng Bộ Tài chính" (name, position, unit as known)."""
        user = self.users.get(user_id)
        if user is None:
            return self.name(user_id)
        extra = [user.position_title] if user.position_title else []
        unit = self.units.get(user.unit_id) if user.unit_id else None
        if unit and unit not in user.position_title:
            extra.append(unit)
        return ", ".join([user.full_name, *extra])


def _attendance(
    participants: list[Participant], replay: _Replay, people: _People, secretary: str
) -> list[str]:
    body = [p for p in participants if p.role in VOTING_ROLES and not p.removed]
    chair = [p for p in participants if p.role == MeetingRole.CHAIR]
    lines = [
        "Chủ tọa: "
        + ("; ".join(people.described(p.user_id) for p in chair) or "(chưa xác định)")
        + ".",
        f"Thư ký: {secretary}.",
    ]
    present = [p for p in body if p.user_id in replay.joined]
    absent = [p for p in body if p.user_id not in replay.joined]
    lines.append(f"Thành viên có mặt: {len(present)}/{len(body)}.")
    lines += [f"- {people.described(p.user_id)};" for p in present]
    if absent:
        lines.append(f"Thành viên vắng mặt: {len(absent)}/{len(body)}.")
    for p in absent:
        notes = [f"lý do: {p.absence_reason}"] if p.absence_reason else ["không rõ lý do"]
        stand_ins = [u for u, for_user in replay.joined.items() if for_user == p.user_id]
        if stand_ins:
            notes.append("dự thay: " + ", ".join(people.described(u) for u in stand_ins))
        elif p.substitute_user_id is not None:
            notes.append(f"người được cử dự thay ({people.name(p.substitute_user_id)}) không dự")
        lines.append(f"- {people.described(p.user_id)} ({'; '.join(notes)});")
    guests = [p for p in participants if p.role == MeetingRole.GUEST and p.user_id in replay.joined]
    if guests:
        lines.append("Khách mời dự họp:")
        lines += [f"- {people.described(p.user_id)};" for p in guests]
    return lines


def _positions(rows: list[Position], people: _People) -> str | None:
    if not rows:
        return None
    parts = []
    for stance in Stance:
        who = [people.name(p.user_id) for p in rows if p.stance == stance]
        if not who:
            continue
        names = f" ({', '.join(who)})" if stance is not Stance.NO_OBJECTION else ""
        parts.append(f"{len(who)} {STANCES[stance]}{names}")
    return "Ý kiến trước phiên họp: " + "; ".join(parts) + "."


def _poll_line(question: str, secret: bool, result: PollResult | None, people: _People) -> str:
    kind = "bỏ phiếu kín" if secret else "biểu quyết công khai"
    if result is None:
        return f"Biểu quyết “{question}” ({kind}): chưa công bố kết quả."
    line = (
        f"Biểu quyết “{question}” ({kind}): tán thành {result.yes}, không tán thành "
        f"{result.no}, không biểu quyết {result.abstain}; {result.ballots_cast}/"
        f"{result.total_members} thành viên đã biểu quyết; kết quả: "
        f"{OUTCOMES[result.outcome]}."
    )
    if result.choices:
        groups = []
        for choice in Choice:
            who = sorted(people.name(u) for u, c in result.choices.items() if c == choice)
            if who:
                groups.append(f"{CHOICES[choice].capitalize()}: {', '.join(who)}")
        line += " " + "; ".join(groups) + "."
    return line


def _decision_line(decision: tuple[str, int | None, str] | None) -> str:
    if decision is None:
        return "Kết luận: chưa có quyết định."
    value, _, note = decision
    try:
        text = OUTCOMES[Outcome(value)]
    except ValueError:
        text = value
    if note == "unopposed":
        text += " (không có ý kiến phản đối)"
    elif note:
        text += f" ({note})"
    return f"Kết luận: {text[0].upper()}{text[1:]}."


def draft_text(session: Session, meeting: Meeting, secretary: str) -> str:
    """The draft minutes of ``meeting`` as plain text (see the module docstring)."""
    people = _People(session)
    replay = _replay(session, meeting.id)
    participants = list(
        session.scalars(
            select(Participant).where(Participant.meeting_id == meeting.id).order_by(Participant.id)
        )
    )
    items = in_agenda_order(live_items(session, meeting.id))
    numbering = numbers(items)
    start = replay.started_at
    lines = ["I. THỜI GIAN, ĐỊA ĐIỂM, THÀNH PHẦN"]
    if start is not None:
        end = f", kết thúc lúc {when(replay.ended_at)}" if replay.ended_at else ""
        lines.append(f"Thời gian: bắt đầu lúc {when(start)}{end}.")
    else:
        lines.append(f"Thời gian: theo kế hoạch từ {meeting.starts_at} đến {meeting.ends_at}.")
    place = MODES.get(meeting.mode, meeting.mode)
    if meeting.location:
        place += f" tại {meeting.location}"
    lines.append(f"Hình thức, địa điểm: {place}.")
    lines += _attendance(participants, replay, people, secretary)
    lines += ["", "II. NỘI DUNG PHIÊN HỌP"]
    ids = [i.id for i in items]
    positions = (
        list(
            session.scalars(select(Position).where(Position.item_id.in_(ids)).order_by(Position.id))
        )
        if ids
        else []
    )
    for item in items:
        lines.append(f"{numbering[item.id]}. {item.title}")
        if item.presenter_user_id is not None:
            lines.append(f"Người trình bày: {people.described(item.presenter_user_id)}.")
        summary = _positions([p for p in positions if p.item_id == item.id], people)
        if summary:
            lines.append(summary)
        turns = [replay.turns[rid] for rid in replay.order if replay.turns[rid].item_id == item.id]
        if turns:
            spoken = []
            for n, turn in enumerate(turns, start=1):
                took = f" ({_duration(turn.seconds)})" if turn.seconds is not None else ""
                spoken.append(f"{n}) {people.described(turn.user_id)}{took}")
            lines.append("Phát biểu theo thứ tự: " + "; ".join(spoken) + ".")
        polls = [pid for pid, (item_id, _, _) in replay.polls.items() if item_id == item.id]
        for pid in polls:
            _, question, secret = replay.polls[pid]
            if pid in replay.results or replay.decisions.get(item.id, ("", None, ""))[1] == pid:
                lines.append(_poll_line(question, secret, replay.results.get(pid), people))
        decided = replay.decisions.get(item.id)
        if not (decided or turns or polls or item.id in replay.taken_up):
            lines.append("Nội dung này chưa được thảo luận tại phiên họp.")
        else:
            lines.append(_decision_line(decided))
        lines.append("")
    lines.append("III. KẾT THÚC PHIÊN HỌP")
    if replay.ended_at is not None:
        lines.append(f"Phiên họp kết thúc lúc {when(replay.ended_at)}.")
    else:
        lines.append("Phiên họp đang diễn ra; biên bản sẽ được hoàn thiện khi phiên họp kết thúc.")
    lines.append(
        "Biên bản được lập từ nhật ký phiên họp trên hệ thống e-Cabinet và được Thư ký "
        "rà soát, hoàn thiện."
    )
    return "\n".join(lines).strip() + "\n"


_HEADING = re.compile(r"^(?:[IVXLC]+\.|\d+(?:\.\d+)*\.)\s+\S")


def body_of(text: str) -> list[str | tuple[str, str]]:
    """The PDF body of minutes ``text``: headings ("I. …", "2.1. …") bold, every other
    non-empty line a paragraph."""
    body: list[str | tuple[str, str]] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        body.append((line, "") if _HEADING.match(line) else line)
    return body
