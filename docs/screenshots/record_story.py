"""What happens on the server between the record screenshots (``record_screens.py``):
the resolution adopted at the demo meeting, an earlier meeting with its minutes, and two
opinion polls answered with the members' signed ballots.  Every step is a real command
through a logged-in client, as the desktop app sends it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta

from desktop.client import Client, ballots, keys
from protocol import agenda, meetings
from protocol import decisions as dc
from protocol import minutes as pm
from protocol.consultations import VN_TZ
from server.demo import DEMO_PASSWORD
from server.demo_documents import make_pdf
from server.domain.admin_pdf import SignatureBlock, administrative_pdf

AUTHORITY = ["TM. CHÍNH PHỦ", "THỦ TƯỚNG"]
RESOLUTION = "Về các giải pháp đẩy mạnh giải ngân vốn đầu tư công năm 2027"
RESOLUTION_NUMBER = "215/NQ-CP"
RESOLUTION_BODY: list[str | tuple[str, str]] = [
    "Căn cứ Luật Tổ chức Chính phủ ngày 18 tháng 02 năm 2025;\n"
    "Căn cứ Biên bản họp Phiên họp Chính phủ thường kỳ tháng 12 năm 2026 và kết quả "
    "biểu quyết của các thành viên Chính phủ.",
    ("QUYẾT NGHỊ:", ""),
    "Điều 1. Các bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ và Ủy ban nhân dân các "
    "tỉnh, thành phố trực thuộc trung ương đẩy mạnh giải ngân vốn đầu tư công năm 2027, "
    "phấn đấu tỷ lệ giải ngân đạt trên 95% kế hoạch được giao.",
    "Điều 2. Bộ Tài chính chủ trì, phối hợp với Bộ Kế hoạch và Đầu tư điều chuyển kế "
    "hoạch vốn của các dự án chậm giải ngân; báo cáo Thủ tướng Chính phủ hằng quý.",
    "Điều 3. Nghị quyết này có hiệu lực từ ngày ký. Các Bộ trưởng, Thủ trưởng cơ quan "
    "ngang bộ, cơ quan thuộc Chính phủ, Chủ tịch Ủy ban nhân dân các tỉnh, thành phố "
    "trực thuộc trung ương chịu trách nhiệm thi hành Nghị quyết này.",
]

EARLIER = "Phiên họp Chính phủ chuyên đề về xây dựng pháp luật tháng 11 năm 2026"
EARLIER_ITEMS = [
    "Dự án Luật sửa đổi, bổ sung một số điều của Luật Ngân sách nhà nước",
    "Đề nghị xây dựng Luật Công nghiệp công nghệ số",
]

#: Two opinion polls: title, question, file name, and the answers (user, choice, comment).
POLLS = [
    (
        "Dự thảo Nghị định quy định chi tiết một số điều của Luật Đầu tư công",
        "Đồng chí có đồng ý thông qua Dự thảo Nghị định quy định chi tiết một số điều của "
        "Luật Đầu tư công (Tờ trình số 152/TTr-BKHĐT) không?",
        "du-thao-nghi-dinh-dau-tu-cong.pdf",
        [
            ("chutri", "agree", ""),
            ("bokhdt", "agree", ""),
            (
                "botc",
                "other",
                "Đề nghị bổ sung quy định chuyển tiếp tại Điều 45 đối với các dự án đã được "
                "phê duyệt chủ trương đầu tư.",
            ),
            ("dongnai", "agree", "Thống nhất; đề nghị sớm ban hành để địa phương triển khai."),
            ("thutruong", "agree", ""),
        ],
    ),
    (
        "Đề án chuyển đổi số công tác văn thư, lưu trữ giai đoạn 2027 - 2030",
        "Đồng chí có đồng ý với Đề án chuyển đổi số công tác văn thư, lưu trữ giai đoạn "
        "2027 - 2030 do Văn phòng Chính phủ trình không?",
        "de-an-chuyen-doi-so-van-thu.pdf",
        [("bokhdt", "agree", ""), ("dongnai", "agree", "")],
    ),
]
DRAFT = [
    "Điều 1. Phạm vi điều chỉnh và đối tượng áp dụng.",
    "Điều 2. Giải thích từ ngữ; nguyên tắc quản lý và sử dụng vốn.",
    "Điều 3. Trách nhiệm của các bộ, ngành và địa phương trong tổ chức thực hiện.",
]


def resolution_pdf() -> bytes:
    """The resolution, laid out per Decree 30 with the chair's signature block."""
    return administrative_pdf(
        organisation="CHÍNH PHỦ",
        parent_organisation=None,
        number_symbol=RESOLUTION_NUMBER,
        place="Hà Nội",
        date=date.today(),
        kind_title="NGHỊ QUYẾT",
        subtitle=RESOLUTION,
        body=RESOLUTION_BODY,
        signature_blocks=[SignatureBlock(AUTHORITY, "Lê Minh Chính")],
        recipients=[
            "Các Bộ, cơ quan ngang Bộ, cơ quan thuộc Chính phủ;",
            "UBND các tỉnh, thành phố trực thuộc trung ương;",
            "Lưu: VT, KTTH.",
        ],
    )


async def prepare_resolution(sec: Client, item_id: int, signer_id: int) -> int:
    """Upload the resolution to the agenda item it was voted on and put it up for
    signing (``decision.prepare``); returns the decision id."""
    uploaded = await sec.upload_document(item_id, resolution_pdf(), "nghi-quyet-215-NQ-CP.pdf")
    prepared = await sec.call(
        dc.DecisionPrepare,
        version_id=int(uploaded["version_id"]),
        kind="resolution",
        number_symbol=RESOLUTION_NUMBER,
        signer_user_id=signer_id,
        authority_lines=AUTHORITY,
        title=f"Nghị quyết {RESOLUTION[0].lower()}{RESOLUTION[1:]}",
    )
    return int(prepared["decision_id"])


def _id(client: Client) -> int:
    assert client.user is not None
    return client.user.id


async def earlier_meeting(sec: Client, chair: Client, members: list[Client]) -> int:
    """A short online meeting held and closed, its minutes finalized (in the archive)."""
    today = datetime.now(VN_TZ).replace(hour=14, minute=0, second=0, microsecond=0)
    mid = int(
        (
            await sec.call(
                meetings.MeetingCreate,
                title=EARLIER,
                starts_at=today.isoformat(),
                ends_at=(today + timedelta(hours=3)).isoformat(),
                mode="online",
                location="điểm cầu Văn phòng Chính phủ, số 1 Hoàng Hoa Thám, Hà Nội",
                classification="thuong",
            )
        )["meeting_id"]
    )
    invited = [(chair, "chair"), (sec, "secretariat"), *((m, "member") for m in members)]
    for client, role in invited:
        await sec.call(meetings.ParticipantInvite, meeting_id=mid, user_id=_id(client), role=role)
    for title in EARLIER_ITEMS:
        await sec.call(
            agenda.AgendaAddItem,
            meeting_id=mid,
            title=title,
            presenter_user_id=_id(members[1]),
            planned_minutes=30,
        )
    await sec.call(meetings.MeetingTransition, meeting_id=mid, action="publish")
    await chair.call(meetings.MeetingTransition, meeting_id=mid, action="start")
    for client in (chair, *members):
        await client.join(mid)
    await chair.call(agenda.AgendaAdoptUnopposed, meeting_id=mid)
    await chair.call(meetings.MeetingTransition, meeting_id=mid, action="end")
    drafted = await sec.call(pm.MinutesDraft, meeting_id=mid)
    await sec.call(pm.MinutesFinalize, meeting_id=mid, revision=drafted["revision"])
    for client in (chair, *members):
        await client.leave(mid)
    return mid


async def ask_polls(sec: Client, answerer: Callable[[str], Client]) -> int:
    """Send both polls; the members answer with signed ballots (their demo keys in the
    app's key folder); the first is compiled.  Returns the first poll's id."""
    deadline = datetime.now(VN_TZ) + timedelta(days=2, hours=5)
    first = None
    for title, question, filename, answers in POLLS:
        cid = await ballots.create(sec, title, question, deadline)
        await ballots.attach_pdf(sec, cid, make_pdf(title, DRAFT, 4), filename)
        await ballots.send(sec, cid)
        for username, choice, comment in answers:
            signer = keys.load_signer(keys.default_key_path(username), DEMO_PASSWORD)
            await ballots.answer(answerer(username), cid, choice, comment, signer)
        first = first or cid
        deadline += timedelta(days=1)
    assert first is not None
    await ballots.compile_result(sec, first)
    return first
