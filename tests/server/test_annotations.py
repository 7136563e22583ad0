"""Annotations through the domain: own and shared, who sees what, validation, carry-over."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

import msgspec
import pytest

from protocol import agenda as ag
from protocol import documents as dm
from protocol import state as st
from protocol.annotations import (
    MAX_SHAPES,
    MAX_TEXT,
    Annotation,
    AnnotationCarryOver,
    AnnotationDelete,
    AnnotationList,
    AnnotationSave,
)
from protocol.envelope import codec
from protocol.errors import InvalidInput, NotFound, PermissionDenied
from server.demo_documents import make_pdf
from server.domain import events as event_log
from server.domain.context import Actor
from server.domain.snapshot import catch_up
from tests.harness import Domain, cid

TITLE = "Tờ trình dự án Luật Đất đai (sửa đổi)"
KEEP = (
    "Căn cứ Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015; xét đề nghị của Bộ trưởng "
    "Bộ Tài nguyên và Môi trường, Chính phủ thảo luận và cho ý kiến về dự án Luật."
)
MOVE = "Điều chỉnh quy định về thu hồi đất, bồi thường, hỗ trợ, tái định cư."
GONE = "Giao Bộ Tư pháp thẩm định, hoàn thiện hồ sơ trình Quốc hội."
NEW = "Bổ sung quy định về định giá đất theo nguyên tắc thị trường."
#: The highlighted phrases: the first spans a line break in the PDF.
KEPT_PHRASE = "xét đề nghị của Bộ trưởng Bộ Tài nguyên và Môi trường"
MOVED_PHRASE = "bồi thường, hỗ trợ, tái định cư"
GONE_PHRASE = "hoàn thiện hồ sơ trình Quốc hội"
RECT = [72.0, 700.5, 300.0, 712.0]


@dataclass(frozen=True)
class World:
    domain: Domain
    sec: Actor
    chair: Actor
    member: Actor
    outsider: Actor
    meeting_id: int
    item_id: int
    document_id: int
    version_id: int
    sha256: str


def upload(d: Domain, sec: Actor, item_id: int, pdf: bytes, **fields: Any) -> dict[str, Any]:
    begin = d.do(
        sec,
        dm.DocumentUploadBegin,
        item_id=item_id,
        filename="to-trinh.pdf",
        size=len(pdf),
        sha256=hashlib.sha256(pdf).hexdigest(),
        **fields,
    )
    for offset in range(0, len(pdf), dm.CHUNK_SIZE):
        chunk = pdf[offset : offset + dm.CHUNK_SIZE]
        d.do(sec, dm.DocumentUploadChunk, upload_id=begin["upload_id"], offset=offset, data=chunk)
    return dict(d.do(sec, dm.DocumentUploadFinish, upload_id=begin["upload_id"]))


@pytest.fixture
def w(domain: Domain) -> World:
    sec = domain.user("thuky", ["secretariat"])
    chair = domain.user("thutuong", ["chair"], full_name="Phạm Minh Chính")
    member = domain.user("botruong", ["member"], full_name="Bộ trưởng Tài nguyên")
    outsider = domain.user("khach", ["member"])
    mid = domain.meeting(sec, chair=chair, members=[member])
    item = domain.do(sec, ag.AgendaAddItem, meeting_id=mid, title="Dự án Luật Đất đai")["item_id"]
    pdf = make_pdf(TITLE, [KEEP, MOVE, GONE], pages=3)
    doc = upload(domain, sec, item, pdf)
    return World(
        domain, sec, chair, member, outsider, mid, item, doc["document_id"], doc["version_id"],
        hashlib.sha256(pdf).hexdigest(),
    )  # fmt: skip


def save(w: World, actor: Actor, **fields: Any) -> Annotation:
    fields.setdefault("annotation_id", cid())
    fields.setdefault("version_id", w.version_id)
    fields.setdefault("page", 1)
    fields.setdefault("kind", "highlight")
    if fields["kind"] == "highlight":
        fields.setdefault("rects", [RECT])
    result = w.domain.do(actor, AnnotationSave, **fields)
    return msgspec.convert(result["annotation"], Annotation)


def listed(w: World, actor: Actor, version_id: int | None = None) -> list[Annotation]:
    result = w.domain.do(actor, AnnotationList, version_id=version_id or w.version_id)
    return [msgspec.convert(a, Annotation) for a in result["annotations"]]


def log(w: World, since: int = 0) -> list[tuple[str, str, Any]]:
    """``(type, audience, event)`` of the annotation events after ``since``."""
    events = w.domain.runner.run_sync(lambda s: event_log.read_since(s, w.meeting_id, since))
    return [
        (e.type, e.audience, codec().decode_event(e.payload))
        for e in events
        if e.type.startswith("annotation.")
    ]


def last_seq(w: World) -> int:
    return w.domain.runner.run_sync(lambda s: event_log.last_seq(s, w.meeting_id))


# --- own annotations --------------------------------------------------------------------


def test_save_update_and_delete_ones_own(w: World) -> None:
    first = save(w, w.member, text=KEPT_PHRASE, color="#FFEB3B")
    assert (first.author_id, first.author_name) == (w.member.user_id, "Bộ trưởng Tài nguyên")
    assert first.base_sha256 == w.sha256 and first.color == "#ffeb3b" and not first.shared
    assert listed(w, w.member) == [first]
    changed = save(w, w.member, annotation_id=first.annotation_id, color="#4caf50", page=2)
    assert (changed.page, changed.color, changed.created_at) == (2, "#4caf50", first.created_at)
    assert listed(w, w.member) == [changed]
    w.domain.do(w.member, AnnotationDelete, annotation_id=first.annotation_id)
    assert listed(w, w.member) == []
    private = f"user:{w.member.user_id}"
    assert [(t, a) for t, a, _ in log(w)] == [
        ("annotation.saved", private),
        ("annotation.saved", private),
        ("annotation.deleted", private),
    ]


def test_ink_notes_and_free_text_are_kept_as_data(w: World) -> None:
    ink = save(w, w.member, kind="ink", points=[[100, 100], [120.5, 130], [140, 90]])
    note = save(w, w.member, kind="note", text="Đề nghị làm rõ khái niệm", rects=[RECT])
    free = save(w, w.member, kind="text", text="Cần bổ sung số liệu", page=3)
    assert [(a.kind, a.points, a.text) for a in listed(w, w.member)] == [
        ("ink", [[100.0, 100.0], [120.5, 130.0], [140.0, 90.0]], ""),
        ("note", [], "Đề nghị làm rõ khái niệm"),
        ("text", [], "Cần bổ sung số liệu"),
    ]
    assert [a.annotation_id for a in listed(w, w.member)] == [
        ink.annotation_id,
        note.annotation_id,
        free.annotation_id,
    ]


def test_another_member_cannot_change_or_delete_it(w: World) -> None:
    shared = save(w, w.chair, shared=True, text=KEPT_PHRASE)
    private = save(w, w.chair, text=MOVED_PHRASE)
    before = last_seq(w)
    with pytest.raises(PermissionDenied):
        save(w, w.member, annotation_id=shared.annotation_id, color="#000000", shared=True)
    with pytest.raises(PermissionDenied):
        w.domain.do(w.member, AnnotationDelete, annotation_id=shared.annotation_id)
    with pytest.raises(PermissionDenied):
        save(w, w.member, annotation_id=private.annotation_id)
    with pytest.raises(NotFound):  # someone else's private annotation is not there for them
        w.domain.do(w.member, AnnotationDelete, annotation_id=private.annotation_id)
    with pytest.raises(NotFound):
        w.domain.do(w.outsider, AnnotationDelete, annotation_id=shared.annotation_id)
    assert listed(w, w.chair) == [shared, private]
    assert last_seq(w) == before


# --- who sees what ----------------------------------------------------------------------


def test_private_ones_stay_private_and_shared_ones_reach_everyone(w: World) -> None:
    private = save(w, w.chair, text=MOVED_PHRASE)
    shared = save(w, w.chair, shared=True, text=KEPT_PHRASE)
    own = save(w, w.member, kind="note", text="Ghi chú riêng")
    assert listed(w, w.member) == [shared, own]
    assert listed(w, w.chair) == [private, shared]
    assert listed(w, w.sec) == [shared]
    assert [(a, e.annotation) for _, a, e in log(w)] == [
        (f"user:{w.chair.user_id}", private),
        ("all", shared),
        (f"user:{w.member.user_id}", own),
    ]


def test_an_outsider_sees_nothing(w: World) -> None:
    save(w, w.chair, shared=True)
    with pytest.raises(NotFound):
        listed(w, w.outsider)
    with pytest.raises(NotFound):
        save(w, w.outsider, shared=True)
    with pytest.raises(NotFound):
        listed(w, w.member, version_id=10**9)


def test_sharing_and_unsharing_send_the_right_events_to_the_right_people(w: World) -> None:
    first = save(w, w.chair, text=KEPT_PHRASE)
    save(w, w.chair, annotation_id=first.annotation_id, text=KEPT_PHRASE, shared=True)
    assert listed(w, w.member) != []
    last = save(w, w.chair, annotation_id=first.annotation_id, text=KEPT_PHRASE)
    assert listed(w, w.member) == [] and listed(w, w.chair) == [last]
    chair = f"user:{w.chair.user_id}"
    got = [(t, a, getattr(e, "annotation", e).shared if t.endswith("saved") else None)
           for t, a, e in log(w)]  # fmt: skip
    assert got == [
        ("annotation.saved", chair, False),
        ("annotation.saved", "all", True),
        ("annotation.deleted", "all", None),
        ("annotation.saved", chair, False),
    ]
    w.domain.do(w.chair, AnnotationDelete, annotation_id=first.annotation_id)
    assert log(w)[-1][:2] == ("annotation.deleted", chair)


def test_annotation_events_leave_the_meeting_view_alone(w: World) -> None:
    def view() -> st.MeetingView:
        snap = w.domain.runner.run_sync(
            lambda s: catch_up(s, w.chair, w.meeting_id, None, None, 10**6)
        )
        assert snap.snapshot is not None
        return snap.snapshot

    before, since = view(), last_seq(w)
    a = save(w, w.chair, shared=True)
    save(w, w.chair, annotation_id=a.annotation_id)
    w.domain.do(w.chair, AnnotationDelete, annotation_id=a.annotation_id)
    events = w.domain.runner.run_sync(lambda s: event_log.read_since(s, w.meeting_id, since))
    assert len(events) == 4
    for e in events:
        st.apply(before, codec().decode_event(e.payload))
    assert msgspec.json.encode(before) == msgspec.json.encode(view())


# --- validation -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"page": 0}, "page must be between 1 and 3"),
        ({"page": 4}, "page must be between 1 and 3"),
        ({"rects": []}, "needs at least one rectangle"),
        ({"rects": [[1, 2, 3]]}, "4 numbers"),
        ({"rects": [[10, 10, 5, 20]]}, "x0 ≤ x1"),
        ({"rects": [[0, 0, float("nan"), 1]]}, "finite"),
        ({"rects": [[0, 0, 1e9, 1]]}, "finite"),
        ({"rects": [RECT] * (MAX_SHAPES + 1)}, f"At most {MAX_SHAPES:,}"),
        ({"points": [[1, 2], [3, 4]]}, "Only ink strokes have points"),
        ({"kind": "ink", "points": [[1, 2]]}, "at least 2 points"),
        ({"kind": "ink", "points": [[1, 2, 3], [4, 5, 6]]}, "2 numbers"),
        ({"kind": "ink", "points": [[1, 2]] * (MAX_SHAPES + 1)}, f"At most {MAX_SHAPES:,}"),
        ({"kind": "note", "text": "  "}, "needs some text"),
        ({"kind": "text", "text": ""}, "needs some text"),
        ({"kind": "note", "text": "x" * (MAX_TEXT + 1)}, f"at most {MAX_TEXT:,}"),
        ({"kind": "circle"}, "kind must be one of"),
        ({"color": "red"}, "#rrggbb"),
        ({"color": "#12345g"}, "#rrggbb"),
        ({"annotation_id": "not-a-uuid"}, "32 lower-case hexadecimal"),
        ({"base_sha256": "0" * 64}, "another file"),
    ],
)
def test_invalid_annotations_are_refused_and_nothing_is_kept(
    w: World, fields: dict[str, Any], message: str
) -> None:
    with pytest.raises(InvalidInput, match=message):
        save(w, w.member, **fields)
    assert listed(w, w.member) == [] and log(w) == []


def test_the_right_base_hash_is_accepted_and_an_id_stays_on_its_version(w: World) -> None:
    a = save(w, w.member, base_sha256=w.sha256.upper())
    assert a.base_sha256 == w.sha256
    v2 = upload(w.domain, w.sec, w.item_id, make_pdf(TITLE, [KEEP]), document_id=w.document_id)
    with pytest.raises(InvalidInput, match="another document version"):
        save(w, w.member, annotation_id=a.annotation_id, version_id=v2["version_id"])


# --- carry-over to a new version --------------------------------------------------------


def test_carry_over_places_what_is_found_and_detaches_the_rest(w: World) -> None:
    kept = save(w, w.member, page=1, text=KEPT_PHRASE, shared=True)
    moved = save(w, w.member, page=2, text=MOVED_PHRASE)
    gone = save(w, w.member, page=3, text=GONE_PHRASE)
    note = save(w, w.member, kind="note", page=2, text="Ý kiến của tôi", rects=[RECT])
    others = save(w, w.chair, page=1, text=KEPT_PHRASE, shared=True)
    v2_pdf = make_pdf(TITLE, [KEEP, NEW, MOVE], pages=3)
    v2 = upload(w.domain, w.sec, w.item_id, v2_pdf, document_id=w.document_id)
    since = last_seq(w)
    result = w.domain.do(
        w.member,
        AnnotationCarryOver,
        document_id=w.document_id,
        from_version_id=w.version_id,
        to_version_id=v2["version_id"],
    )
    copies = result["copies"]
    assert set(copies) == {a.annotation_id for a in (kept, moved, gone, note)}
    assert result["carried"] == [copies[kept.annotation_id], copies[moved.annotation_id]]
    assert result["detached"] == [copies[gone.annotation_id], copies[note.annotation_id]]
    on_v2 = {a.annotation_id: a for a in listed(w, w.member, v2["version_id"])}
    assert set(on_v2) == set(copies.values())
    k, m = on_v2[copies[kept.annotation_id]], on_v2[copies[moved.annotation_id]]
    g, n = on_v2[copies[gone.annotation_id]], on_v2[copies[note.annotation_id]]
    assert (k.page, k.rects, k.detached, k.shared) == (1, [RECT], False, True)
    assert (m.page, m.rects, m.text, m.detached) == (3, [], MOVED_PHRASE, False)
    assert (g.detached, g.text, n.detached, n.text) == (True, GONE_PHRASE, True, "Ý kiến của tôi")
    assert {a.base_sha256 for a in on_v2.values()} == {hashlib.sha256(v2_pdf).hexdigest()}
    assert listed(w, w.member) == [kept, moved, gone, note, others], "the old ones stay"
    assert [a.annotation_id for a in listed(w, w.chair, v2["version_id"])] == [k.annotation_id]
    audiences = [a for _, a, _ in log(w, since)]
    assert audiences == ["all"] + [f"user:{w.member.user_id}"] * 3
    again = w.domain.do(
        w.member,
        AnnotationCarryOver,
        document_id=w.document_id,
        from_version_id=w.version_id,
        to_version_id=v2["version_id"],
    )
    assert (again["carried"], again["detached"]) == (result["carried"], result["detached"])
    assert len(listed(w, w.member, v2["version_id"])) == 4 and log(w, since + 4) == []


def test_carry_over_needs_access_and_versions_of_the_same_document(w: World) -> None:
    save(w, w.member, text=KEPT_PHRASE)
    v2 = upload(w.domain, w.sec, w.item_id, make_pdf(TITLE, [KEEP]), document_id=w.document_id)
    other = upload(w.domain, w.sec, w.item_id, make_pdf("Phụ lục", [NEW]))
    fields = {"document_id": w.document_id, "from_version_id": w.version_id}
    with pytest.raises(NotFound):
        w.domain.do(w.outsider, AnnotationCarryOver, to_version_id=v2["version_id"], **fields)
    with pytest.raises(InvalidInput, match="same document"):
        w.domain.do(w.member, AnnotationCarryOver, to_version_id=other["version_id"], **fields)
    with pytest.raises(InvalidInput, match="two different versions"):
        w.domain.do(w.member, AnnotationCarryOver, to_version_id=w.version_id, **fields)
    assert listed(w, w.member, v2["version_id"]) == []
