"""Minutes through the domain: drafted from the event log, edited with revisions, finalized."""

from __future__ import annotations

import io
from typing import Any

import msgspec
import pytest
from pypdf import PdfReader

from protocol import live as lv
from protocol import meetings as mm
from protocol import minutes as pm
from protocol import voting as pv
from protocol.agenda import AgendaAddItem, AgendaAdoptUnopposed, AgendaSetCurrent
from protocol.archive import ArchiveSearch, Kind
from protocol.documents import DocumentDownload, DownloadChunk
from protocol.errors import Conflict, InvalidInput, InvalidTransition, NotFound, PermissionDenied
from protocol.positions import PositionMark
from server.domain import events as log
from server.domain.admin_pdf import signature_boxes
from server.domain.ledger_verify import verify_online
from server.store.models import Decision
from tests.harness import Domain


def _info(result: Any) -> pm.MinutesInfo:
    return msgspec.convert(result, pm.MinutesInfo)


@pytest.fixture
def meeting(domain: Domain) -> dict[str, Any]:
    return prepare(domain)


def prepare(domain: Domain) -> dict[str, Any]:
    """A published meeting of a chair and three ministers (one away, with a deputy),
    two agenda items with a presenter, positions marked before it."""
    p: dict[str, Any] = {
        "sec": domain.user("thuky", ["secretariat"], full_name="Trần Thị Thư"),
        "chair": domain.user("thutuong", ["chair"], full_name="Phạm Minh Chính"),
        "m1": domain.user("botruong1", ["member"], full_name="Hồ Đức Phớc"),
        "m2": domain.user("botruong2", ["member"], full_name="Đào Ngọc Dung"),
        "m3": domain.user("botruong3", ["member"], full_name="Lê Thành Long"),
        "deputy": domain.user("thutruong", ["member"], full_name="Nguyễn Thị Hồng"),
    }
    mid = domain.meeting(p["sec"], chair=p["chair"], members=[p["m1"], p["m2"], p["m3"]])
    p["mid"] = mid
    domain.do(
        p["sec"],
        mm.ParticipantUpdate,
        meeting_id=mid,
        user_id=p["m3"].user_id,
        substitute_user_id=p["deputy"].user_id,
        absence_reason="Công tác nước ngoài",
    )
    p["law"] = domain.do(
        p["sec"],
        AgendaAddItem,
        meeting_id=mid,
        title="Dự án Luật Đất đai (sửa đổi)",
        presenter_user_id=p["m1"].user_id,
    )["item_id"]
    p["report"] = domain.do(
        p["sec"], AgendaAddItem, meeting_id=mid, title="Báo cáo tình hình kinh tế - xã hội"
    )["item_id"]
    domain.do(p["m2"], PositionMark, item_id=p["law"], stance="object", comment="Cần làm rõ")
    domain.do(p["m1"], PositionMark, item_id=p["law"], stance="wish_to_speak")
    domain.do(p["m1"], PositionMark, item_id=p["report"], stance="no_objection")
    domain.do(p["m2"], PositionMark, item_id=p["report"], stance="no_objection")
    return p


def hold(domain: Domain, p: dict[str, Any], *, end: bool = True) -> None:
    """Run the meeting: attendance, a debate with two speakers, a poll, an adoption."""
    mid, chair = p["mid"], p["chair"]
    domain.do(chair, mm.MeetingTransition, meeting_id=mid, action="start")
    for who in ("chair", "m1", "m2", "deputy"):
        domain.do(p[who], mm.MeetingJoin, meeting_id=mid)
    domain.do(chair, AgendaSetCurrent, meeting_id=mid, item_id=p["law"])
    for who in ("m2", "m1"):
        rid = domain.do(p[who], lv.FloorRequest, meeting_id=mid)["request_id"]
        domain.do(chair, lv.FloorGrant, request_id=rid, seconds=120)
        domain.do(chair, lv.FloorEnd, request_id=rid)
    pid = domain.do(
        p["sec"], pv.PollCreate, meeting_id=mid, item_id=p["law"], question="Thông qua dự án Luật?"
    )["poll_id"]
    domain.do(chair, pv.PollOpen, poll_id=pid)
    for who, choice in (("chair", "yes"), ("m1", "yes"), ("m2", "no")):
        domain.do(p[who], pv.PollVote, poll_id=pid, choice=choice)
    domain.do(chair, pv.PollClose, poll_id=pid)
    domain.do(chair, pv.PollPublish, poll_id=pid)
    domain.do(chair, AgendaAdoptUnopposed, meeting_id=mid)
    if end:
        domain.do(chair, mm.MeetingTransition, meeting_id=mid, action="end")


def test_draft_tells_the_meeting_from_its_event_log(domain: Domain, meeting) -> None:
    hold(domain, meeting)
    info = _info(domain.do(meeting["sec"], pm.MinutesDraft, meeting_id=meeting["mid"]))
    assert (info.state, info.status, info.revision) == ("draft", "draft", 1)
    text = info.text
    assert "Chủ tọa: Phạm Minh Chính" in text
    assert "Thư ký: Trần Thị Thư" in text
    assert "Thành viên có mặt: 3/4" in text
    assert "- Lê Thành Long (lý do: Công tác nước ngoài; dự thay: Nguyễn Thị Hồng)" in text
    assert "hình thức, địa điểm: họp trực tuyến" in text.lower()
    assert "+07:00)" in text and "kết thúc lúc" in text
    law = text[text.index("1. Dự án Luật Đất đai") : text.index("2. Báo cáo")]
    assert "Người trình bày: Hồ Đức Phớc" in law
    assert "1 phản đối (Đào Ngọc Dung)" in law and "1 đăng ký phát biểu (Hồ Đức Phớc)" in law
    # Speakers in the order the chair gave them the floor.
    assert law.index("1) Đào Ngọc Dung") < law.index("2) Hồ Đức Phớc")
    assert "tán thành 2, không tán thành 1, không biểu quyết 0; 3/4" in law
    assert "kết quả: không thông qua" in law  # 2 of 4 is not more than half
    assert "Không tán thành: Đào Ngọc Dung" in law
    assert "Kết luận: Không thông qua." in law
    report = text[text.index("2. Báo cáo") :]
    assert "Kết luận: Thông qua (không có ý kiến phản đối)." in report
    assert "III. KẾT THÚC PHIÊN HỌP" in text
    kinds = [(e.type, e.audience) for e in _events(domain, meeting["mid"])[-1:]]
    assert kinds == [("minutes.drafted", "managers")]


def _events(domain: Domain, mid: int) -> list[Any]:
    return domain.runner.run_sync(lambda s: log.read_since(s, mid, 0))


def test_draft_needs_a_started_meeting_and_the_secretariat(domain: Domain, meeting) -> None:
    with pytest.raises(InvalidTransition, match="once it has started"):
        domain.do(meeting["sec"], pm.MinutesDraft, meeting_id=meeting["mid"])
    hold(domain, meeting, end=False)
    info = _info(domain.do(meeting["sec"], pm.MinutesDraft, meeting_id=meeting["mid"]))
    assert "Phiên họp đang diễn ra" in info.text


def test_draft_is_refused_to_members_and_the_chair(domain: Domain, meeting) -> None:
    hold(domain, meeting)
    for who in ("m1", "chair"):
        with pytest.raises(PermissionDenied, match=r"minutes\.edit"):
            domain.do(meeting[who], pm.MinutesDraft, meeting_id=meeting["mid"])


def test_a_stale_edit_is_a_conflict_and_changes_nothing(domain: Domain, meeting) -> None:
    hold(domain, meeting)
    mid, sec = meeting["mid"], meeting["sec"]
    first = _info(domain.do(sec, pm.MinutesDraft, meeting_id=mid))
    saved = _info(
        domain.do(sec, pm.MinutesUpdate, meeting_id=mid, revision=1, text=first.text + "Ghi chú.")
    )
    assert saved.revision == 2 and saved.text.endswith("Ghi chú.")
    with pytest.raises(Conflict, match="Reload"):
        domain.do(sec, pm.MinutesUpdate, meeting_id=mid, revision=1, text="Bản cũ")
    with pytest.raises(Conflict):
        domain.do(sec, pm.MinutesDraft, meeting_id=mid, revision=1)
    with pytest.raises(InvalidInput):
        domain.do(sec, pm.MinutesUpdate, meeting_id=mid, revision=2, text="  ")
    now = _info(domain.do(meeting["chair"], pm.MinutesGet, meeting_id=mid))
    assert now.revision == 2 and now.text == saved.text
    assert now.updated_by_name == "Trần Thị Thư"
    regenerated = _info(domain.do(sec, pm.MinutesDraft, meeting_id=mid, revision=2))
    assert regenerated.revision == 3 and "Ghi chú." not in regenerated.text


def test_update_and_get_are_refused_to_members(domain: Domain, meeting) -> None:
    hold(domain, meeting)
    mid = meeting["mid"]
    with pytest.raises(PermissionDenied):
        domain.do(meeting["m1"], pm.MinutesGet, meeting_id=mid)
    domain.do(meeting["sec"], pm.MinutesDraft, meeting_id=mid)
    with pytest.raises(PermissionDenied, match=r"minutes\.edit"):
        domain.do(meeting["chair"], pm.MinutesUpdate, meeting_id=mid, revision=1, text="Sửa")
    with pytest.raises(PermissionDenied, match="draft"):
        domain.do(meeting["m1"], pm.MinutesGet, meeting_id=mid)


def test_get_before_any_draft_says_how_to_start(domain: Domain, meeting) -> None:
    with pytest.raises(NotFound, match=r"minutes\.draft"):
        domain.do(meeting["sec"], pm.MinutesGet, meeting_id=meeting["mid"])


def test_finalize_renders_the_decree_30_pdf(domain: Domain, meeting) -> None:
    hold(domain, meeting)
    mid, sec = meeting["mid"], meeting["sec"]
    domain.do(sec, pm.MinutesDraft, meeting_id=mid)
    info = _info(domain.do(sec, pm.MinutesFinalize, meeting_id=mid, revision=1))
    assert (info.state, info.number_symbol) == ("finalized", "1/BB-VPCP")
    assert info.sha256 is not None and info.pages and info.finalized_at
    assert info.finalized_at.endswith("+07:00")
    pdf = _download(domain, meeting["m1"], mid)
    assert len(pdf) == info.size
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "VĂN PHÒNG CHÍNH PHỦ",
        "Số: 1/BB-VPCP",
        "Hà Nội, ngày",
        "BIÊN BẢN",
        "Phiên họp Chính phủ thường kỳ tháng 12",
        "I. THỜI GIAN, ĐỊA ĐIỂM, THÀNH PHẦN",
        "CHỦ TỌA",
        "THƯ KÝ",
        "Phạm Minh Chính",
    ):
        assert expected in text
    # Also a document version: the chair downloads it, the archive and the ledger know it.
    assert info.version_id is not None
    chunk = domain.do(meeting["chair"], DocumentDownload, version_id=info.version_id)
    assert chunk.sha256 == info.sha256
    archivist = domain.user("luutru", ["archivist"])
    hits = domain.do(
        archivist, ArchiveSearch, query="bien ban phien hop", kinds=[Kind.MINUTES]
    ).hits
    assert [h.version_id for h in hits] == [info.version_id]
    report = domain.runner.run_sync(lambda s: verify_online(s, blob_dir=domain.settings.blob_dir))
    assert report.ok, report.findings
    chair_box, secretary_box = signature_boxes(pdf)
    # Handed to signing: the chair signs first; the status follows the workflow.
    assert info.decision_id is not None and info.status == "finalized"

    def signed(session: Any) -> None:
        decision = session.get(Decision, info.decision_id)
        assert (decision.kind, decision.state) == ("minutes", "awaiting_signature")
        assert decision.signer_user_id == meeting["chair"].user_id
        decision.state = "awaiting_seal"

    domain.runner.run_sync(signed)
    assert _info(domain.do(meeting["m1"], pm.MinutesGet, meeting_id=mid)).status == "signed"
    assert chair_box[1][0] > secretary_box[1][2]  # the chair signs on the right
    event = _events(domain, mid)[-1]
    assert (event.type, event.audience) == ("minutes.finalized", "managers")
    # Finalized: members may read them; nobody may change them any more.
    assert _info(domain.do(meeting["m1"], pm.MinutesGet, meeting_id=mid)).state == "finalized"
    with pytest.raises(InvalidTransition, match="finalized"):
        domain.do(sec, pm.MinutesUpdate, meeting_id=mid, revision=1, text="Sửa")
    with pytest.raises(InvalidTransition, match="finalized"):
        domain.do(sec, pm.MinutesDraft, meeting_id=mid)


def _download(domain: Domain, actor: Any, mid: int) -> bytes:
    parts, offset, total = [], 0, None
    while total is None or offset < total:
        chunk = msgspec.convert(
            domain.do(actor, pm.MinutesDownload, meeting_id=mid, offset=offset), DownloadChunk
        )
        parts.append(chunk.data)
        offset, total = offset + len(chunk.data), chunk.total
    return b"".join(parts)


def test_finalize_needs_the_meeting_ended_and_the_current_revision(domain: Domain, meeting) -> None:
    hold(domain, meeting, end=False)
    mid, sec = meeting["mid"], meeting["sec"]
    domain.do(sec, pm.MinutesDraft, meeting_id=mid)
    with pytest.raises(InvalidTransition, match="end it"):
        domain.do(sec, pm.MinutesFinalize, meeting_id=mid, revision=1)
    domain.do(meeting["chair"], mm.MeetingTransition, meeting_id=mid, action="end")
    with pytest.raises(Conflict):
        domain.do(sec, pm.MinutesFinalize, meeting_id=mid, revision=7)
    info = _info(
        domain.do(sec, pm.MinutesFinalize, meeting_id=mid, revision=1, number_symbol="12/BB-VPCP")
    )
    assert info.number_symbol == "12/BB-VPCP"


def test_finalize_and_download_are_refused_without_permission(domain: Domain, meeting) -> None:
    hold(domain, meeting)
    mid = meeting["mid"]
    domain.do(meeting["sec"], pm.MinutesDraft, meeting_id=mid)
    with pytest.raises(PermissionDenied, match=r"minutes\.edit"):
        domain.do(meeting["chair"], pm.MinutesFinalize, meeting_id=mid, revision=1)
    with pytest.raises(NotFound, match="not been finalized"):
        domain.do(meeting["m1"], pm.MinutesDownload, meeting_id=mid)
    outsider = domain.user("nguoingoai", ["member"])
    with pytest.raises(NotFound):
        domain.do(outsider, pm.MinutesDownload, meeting_id=mid)
