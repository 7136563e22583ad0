"""Demo data: an organisation, one user per role, and a published Vietnamese meeting.

Idempotent: running it again changes nothing.  Everything goes through the same
domain commands a client would send, so the demo meeting has a complete event log.
"""

from __future__ import annotations

import hashlib
import uuid
from typing import Any

from sqlalchemy import select

from protocol import agenda as ag
from protocol import documents as docs
from protocol import meetings as mm
from protocol.envelope import Command
from server.demo_documents import make_pdf
from server.domain import accounts
from server.domain.context import Actor
from server.domain.runner import Runner
from server.store.models import Meeting, Unit, User

DEMO_PASSWORD = "Ecabinet@2026"
DEMO_TITLE = "Phiên họp Chính phủ thường kỳ tháng 12 năm 2026"

UNITS = ["Văn phòng Chính phủ", "Bộ Kế hoạch và Đầu tư", "Bộ Tài chính", "UBND tỉnh Đồng Nai"]
#: Mail domain of each unit: a demo user's e-mail address is ``<username>@<domain>``.
MAIL_DOMAINS = {
    UNITS[0]: "chinhphu.gov.vn",
    UNITS[1]: "mpi.gov.vn",
    UNITS[2]: "mof.gov.vn",
    UNITS[3]: "dongnai.gov.vn",
}

#: username, full name, position, unit, roles, clearance
USERS = [
    ("quantri", "Nguyễn Văn Quản", "Quản trị hệ thống", UNITS[0], ["admin"], "thuong"),
    ("thuky", "Trần Thị Thư", "Chuyên viên Vụ Tổng hợp", UNITS[0], ["secretariat"], "toi_mat"),
    ("chutri", "Lê Minh Chính", "Thủ tướng Chính phủ", UNITS[0], ["chair"], "toi_mat"),
    (
        "bokhdt",
        "Phạm Quốc Hưng",
        "Bộ trưởng Bộ Kế hoạch và Đầu tư",
        UNITS[1],
        ["member"],
        "toi_mat",
    ),
    ("botc", "Hồ Đức Phớc", "Bộ trưởng Bộ Tài chính", UNITS[2], ["member"], "toi_mat"),
    ("dongnai", "Võ Tấn Đức", "Chủ tịch UBND tỉnh Đồng Nai", UNITS[3], ["member"], "mat"),
    ("thutruong", "Đỗ Thành Trung", "Thứ trưởng Bộ Tài chính", UNITS[2], ["member"], "mat"),
    ("luutru", "Ngô Thị Lưu", "Chuyên viên Lưu trữ", UNITS[0], ["archivist"], "toi_mat"),
    ("vanthu", "Bùi Thị Vân", "Văn thư cơ quan", UNITS[0], ["clerk"], "toi_mat"),
    ("khach", "Đặng Văn Khách", "Chuyên gia mời", UNITS[0], ["guest"], "mat"),
]

AGENDA = [
    ("Báo cáo tình hình kinh tế - xã hội tháng 11 năm 2026", "bokhdt", 30),
    ("Dự thảo Nghị quyết về giải ngân vốn đầu tư công", "bokhdt", 20),
    ("Tình hình thu, chi ngân sách nhà nước", "botc", 20),
    ("Đề án phát triển hạ tầng giao thông tỉnh Đồng Nai", "dongnai", 25),
    ("Dự thảo Nghị định sửa đổi quy định về văn thư điện tử", "thuky", 15),
    ("Các vấn đề khác", "chutri", 10),
]


def _do(runner: Runner, actor: Actor, command_type: type[Command], **fields: Any) -> Any:
    return runner.execute_sync(actor, command_type(id=uuid.uuid4().hex, **fields)).result


def _ensure_people(runner: Runner) -> dict[str, Actor]:
    def ensure(session: Any) -> dict[str, Actor]:
        units = {}
        for name in UNITS:
            unit = session.scalar(select(Unit).where(Unit.name == name))
            units[name] = unit or accounts.create_unit(session, name)
        people = {}
        for username, full, position, unit, roles, clearance in USERS:
            user = session.scalar(select(User).where(User.username == username))
            if user is None:
                user = accounts.create_user(
                    session,
                    username=username,
                    full_name=full,
                    password=DEMO_PASSWORD,
                    roles=roles,
                    position_title=position,
                    unit_id=units[unit].id,
                    clearance=clearance,
                    email=f"{username}@{MAIL_DOMAINS[unit]}",
                )
            elif user.email is None:  # demo data made before users had contacts
                user.email = f"{username}@{MAIL_DOMAINS[unit]}"
            people[username] = accounts.actor_of(user)
        return people

    return runner.run_sync(ensure)


def load_demo(runner: Runner) -> str:
    """Create the demo organisation and meeting unless they exist; return a summary."""
    people = _ensure_people(runner)
    from server.demo_pki import demo_key_files, ensure_demo_pki

    ensure_demo_pki(runner, people, UNITS[0])  # CA, TSA, signature and seal images
    demo_key_files(runner, people, DEMO_PASSWORD)  # the demo launcher installs them
    found = runner.run_sync(
        lambda s: [
            (m.id, m.state) for m in s.scalars(select(Meeting).where(Meeting.title == DEMO_TITLE))
        ]
    )
    existing = next((mid for mid, state in found if state != "draft"), None)
    for mid, state in found:
        if state == "draft":  # left half-made by an interrupted run
            _do(runner, people["thuky"], mm.MeetingTransition, meeting_id=mid, action="cancel")
    if existing is not None:
        return (
            f"Demo data present (meeting {existing}); password of every demo user: {DEMO_PASSWORD}"
        )
    sec = people["thuky"]
    mid = _do(
        runner,
        sec,
        mm.MeetingCreate,
        title=DEMO_TITLE,
        starts_at="2026-12-03T08:00:00+07:00",
        ends_at="2026-12-03T17:00:00+07:00",
        mode="hybrid",
        location="Phòng họp Chính phủ, số 1 Hoàng Hoa Thám, Hà Nội",
        classification="mat",
    )["meeting_id"]
    roles = {
        "chutri": "chair",
        "bokhdt": "member",
        "botc": "member",
        "dongnai": "member",
        "khach": "guest",
    }
    for username, role in roles.items():
        _do(
            runner,
            sec,
            mm.ParticipantInvite,
            meeting_id=mid,
            user_id=people[username].user_id,
            role=role,
        )
    _do(
        runner,
        sec,
        mm.ParticipantInvite,
        meeting_id=mid,
        user_id=people["thuky"].user_id,
        role="secretariat",
    )
    for n, (title, presenter, minutes) in enumerate(AGENDA, start=1):
        item = _do(
            runner,
            sec,
            ag.AgendaAddItem,
            meeting_id=mid,
            title=title,
            presenter_user_id=people[presenter].user_id,
            planned_minutes=minutes,
        )["item_id"]
        if n < len(AGENDA):
            pdf = make_pdf(
                f"Tờ trình số {n}/TTr-CP: {title}",
                [
                    f"Kính gửi: Các thành viên Chính phủ. Nội dung: {title}.",
                    "Căn cứ Luật Tổ chức Chính phủ ngày 18 tháng 02 năm 2025; Quy chế làm việc "
                    "của Chính phủ; theo đề nghị của cơ quan chủ trì soạn thảo.",
                    "Đề nghị các thành viên Chính phủ cho ý kiến về những nội dung chính "
                    "của dự thảo, đặc biệt là phạm vi điều chỉnh, các giải pháp trọng tâm "
                    "và nguồn lực thực hiện.",
                ],
                pages=3 + n,
            )
            _upload(runner, sec, item, pdf, f"to-trinh-{n}.pdf")
    _do(runner, sec, mm.MeetingTransition, meeting_id=mid, action="publish")
    return (
        f"Demo meeting {mid} created with {len(AGENDA)} agenda items; "
        f"password of every demo user: {DEMO_PASSWORD}"
    )


def _upload(runner: Runner, actor: Actor, item_id: int, data: bytes, filename: str) -> None:
    begin = _do(
        runner,
        actor,
        docs.DocumentUploadBegin,
        item_id=item_id,
        filename=filename,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )
    step = int(begin["chunk_size"])
    for offset in range(0, len(data), step):
        _do(
            runner,
            actor,
            docs.DocumentUploadChunk,
            upload_id=begin["upload_id"],
            offset=offset,
            data=data[offset : offset + step],
        )
    _do(runner, actor, docs.DocumentUploadFinish, upload_id=begin["upload_id"])
