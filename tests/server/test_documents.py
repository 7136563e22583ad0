"""Documents through the domain: chunked upload, PDF checks, versions, download, access."""

from __future__ import annotations

import hashlib
import io
import random
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import msgspec
import pytest
from pypdf import PdfReader, PdfWriter
from sqlalchemy import func, select

from protocol import agenda as ag
from protocol import documents as dm
from protocol import meetings as mm
from protocol import state as st
from protocol.envelope import codec
from protocol.errors import (
    DocumentRejected,
    InvalidInput,
    InvalidTransition,
    NotFound,
    PermissionDenied,
)
from server.demo_documents import make_pdf
from server.domain import dispatch
from server.domain import events as event_log
from server.domain.context import Actor
from server.domain.snapshot import catch_up
from server.store.models import DocumentVersion
from tests.conftest import fresh_database
from tests.harness import Domain, cid

TITLE = "Tờ trình dự án Luật Đất đai (sửa đổi)"
BODY = [
    "Căn cứ Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015; xét đề nghị của Bộ trưởng "
    "Bộ Tài nguyên và Môi trường, Chính phủ thảo luận và cho ý kiến về dự án Luật.",
    "Điều chỉnh quy định về thu hồi đất, bồi thường, hỗ trợ, tái định cư.",
    "Giao Bộ Tư pháp thẩm định, hoàn thiện hồ sơ trình Quốc hội.",
]


@dataclass(frozen=True)
class People:
    sec: Actor
    chair: Actor
    member: Actor
    outsider: Actor
    other_sec: Actor


@dataclass(frozen=True)
class World(People):
    domain: Domain
    meeting_id: int
    item_id: int


@pytest.fixture(scope="module")
def module_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One database for this module (password hashing makes users slow to create);
    every test still gets its own meeting and its own data directory."""
    with fresh_database(tmp_path_factory.mktemp("db")) as url:
        yield url


@pytest.fixture(scope="module")
def people(module_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[People]:
    domain = Domain(module_url, tmp_path_factory.mktemp("people"))
    yield People(
        sec=domain.user("thuky", ["secretariat"]),
        chair=domain.user("thutuong", ["chair"], full_name="Phạm Minh Chính"),
        member=domain.user("botruong", ["member"], full_name="Bộ trưởng Tài nguyên"),
        outsider=domain.user("khach", ["member"]),
        other_sec=domain.user("thuky2", ["secretariat"]),
    )
    domain.close()


@pytest.fixture
def configured(module_url: str, people: People, tmp_path: Path) -> Iterator[Callable[..., World]]:
    """A new meeting with one agenda item, on a domain with the given settings."""
    made: list[Domain] = []

    def make(**settings: Any) -> World:
        domain = Domain(module_url, tmp_path / f"data{len(made)}", **settings)
        made.append(domain)
        mid = domain.meeting(people.sec, chair=people.chair, members=[people.member])
        item = domain.do(people.sec, ag.AgendaAddItem, meeting_id=mid, title="Dự án Luật Đất đai")
        return World(**vars(people), domain=domain, meeting_id=mid, item_id=int(item["item_id"]))

    yield make
    for domain in made:
        domain.close()


@pytest.fixture
def world(configured: Callable[..., World]) -> World:
    return configured()


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def begin(w: World, actor: Actor, data: bytes, **fields: Any) -> str:
    fields.setdefault("filename", "to-trinh.pdf")
    fields.setdefault("sha256", sha(data))
    fields.setdefault("item_id", w.item_id)
    result = w.domain.do(actor, dm.DocumentUploadBegin, size=len(data), **fields)
    assert result["chunk_size"] == dm.CHUNK_SIZE
    return str(result["upload_id"])


def send(w: World, actor: Actor, upload_id: str, data: bytes, chunk: int) -> list[int]:
    """Send ``data`` (the file or its beginning) in chunks; returns the progress reported."""
    progress = []
    for offset in range(0, len(data), chunk):
        got = w.domain.do(
            actor,
            dm.DocumentUploadChunk,
            upload_id=upload_id,
            offset=offset,
            data=data[offset : offset + chunk],
        )
        assert got["size"] >= len(data)
        progress.append(got["received"])
    return progress


def upload(
    w: World, data: bytes, *, actor: Actor | None = None, chunk: int = 8192, **fields: Any
) -> dict[str, Any]:
    actor = actor or w.sec
    upload_id = begin(w, actor, data, **fields)
    send(w, actor, upload_id, data, chunk)
    return dict(w.domain.do(actor, dm.DocumentUploadFinish, upload_id=upload_id))


def download(w: World, actor: Actor, version_id: int, chunk: int = 10_000) -> bytes:
    out = b""
    while True:
        part: dm.DownloadChunk = w.domain.do(
            actor, dm.DocumentDownload, version_id=version_id, offset=len(out), length=chunk
        )
        out += part.data
        if len(out) >= part.total or not part.data:
            assert sha(out) == part.sha256
            return out


def files(w: World) -> tuple[list[str], list[str]]:
    """What lies in the upload and blob directories."""
    s = w.domain.settings
    return (
        sorted(p.name for p in s.upload_dir.rglob("*") if p.is_file()),
        sorted(p.name for p in s.blob_dir.rglob("*") if p.is_file()),
    )


def view(w: World, actor: Actor) -> st.MeetingView:
    snap = w.domain.runner.run_sync(lambda s: catch_up(s, actor, w.meeting_id, None, None, 10**6))
    assert snap.snapshot is not None
    return snap.snapshot


def doc_views(w: World) -> list[st.DocumentView]:
    return view(w, w.member).items[w.item_id].documents


def encrypted_pdf() -> bytes:
    writer = PdfWriter(clone_from=io.BytesIO(make_pdf(TITLE, BODY)))
    writer.encrypt(user_password="mat-khau", owner_password="chu-so-huu")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def bomb_pdf(inflated: int = 200 * 1024 * 1024) -> bytes:
    """One page whose content stream is ~200 KB of Flate data inflating to 200 MB."""
    packer = zlib.compressobj(9)
    zeros = bytes(1024 * 1024)
    stream = b"".join(packer.compress(zeros) for _ in range(inflated // len(zeros)))
    stream += packer.flush()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


# --- upload and versions ----------------------------------------------------------------


def test_upload_in_chunks_reports_progress_and_shows_the_document(world: World) -> None:
    pdf = make_pdf(TITLE, BODY, pages=3)
    upload_id = begin(world, world.sec, pdf)
    progress = send(world, world.sec, upload_id, pdf, 8192)
    assert len(progress) > 2 and progress == sorted(progress) and progress[-1] == len(pdf)
    result = world.domain.do(world.sec, dm.DocumentUploadFinish, upload_id=upload_id)
    assert (result["version"], result["pages"]) == (1, 3)
    [doc] = doc_views(world)
    assert (doc.filename, doc.version, doc.pages, doc.size) == ("to-trinh.pdf", 1, 3, len(pdf))
    assert doc.sha256 == sha(pdf)
    assert [t for _, t in world.domain.events(world.meeting_id)][-1] == "document.added"
    assert files(world) == ([], [sha(pdf)])


def test_a_member_cannot_upload(world: World) -> None:
    pdf = make_pdf(TITLE, BODY)
    with pytest.raises(PermissionDenied):
        begin(world, world.member, pdf)
    with pytest.raises(NotFound):
        begin(world, world.outsider, pdf)
    assert files(world) == ([], [])


def test_a_new_version_replaces_the_old_one_and_both_stay(world: World) -> None:
    v1 = make_pdf(TITLE, BODY, pages=2)
    v2 = make_pdf(TITLE + " - bản sửa đổi", BODY, pages=4)
    first = upload(world, v1)
    second = upload(world, v2, filename="to-trinh-v2.pdf", document_id=first["document_id"])
    assert second["document_id"] == first["document_id"] and second["version"] == 2
    [doc] = doc_views(world)
    expected = (2, second["version_id"], "to-trinh-v2.pdf", 4)
    assert (doc.version, doc.version_id, doc.filename, doc.pages) == expected
    assert download(world, world.member, first["version_id"]) == v1
    assert download(world, world.member, second["version_id"]) == v2
    count = world.domain.runner.run_sync(
        lambda s: s.scalar(
            select(func.count())
            .select_from(DocumentVersion)
            .where(DocumentVersion.document_id == first["document_id"])
        )
    )
    assert count == 2
    assert files(world) == ([], sorted([sha(v1), sha(v2)]))


def test_a_new_version_must_belong_to_the_same_item(world: World) -> None:
    first = upload(world, make_pdf(TITLE, BODY, pages=1))
    other = world.domain.do(world.sec, ag.AgendaAddItem, meeting_id=world.meeting_id, title="Khác")
    with pytest.raises(NotFound):
        pdf = make_pdf("Khác", BODY, pages=1)
        begin(world, world.sec, pdf, item_id=other["item_id"], document_id=first["document_id"])


def test_a_retried_finish_returns_the_original_result_once(world: World) -> None:
    pdf = make_pdf(TITLE, BODY, pages=1)
    upload_id = begin(world, world.sec, pdf)
    send(world, world.sec, upload_id, pdf, dm.CHUNK_SIZE)
    finish = dm.DocumentUploadFinish(id=cid(), upload_id=upload_id)
    first = world.domain.run(world.sec, finish).result
    again = world.domain.run(world.sec, finish)
    assert again.replayed and again.result == first
    assert [t for _, t in world.domain.events(world.meeting_id)].count("document.added") == 1


def test_a_rolled_back_finish_leaves_no_blob_and_can_be_retried(world: World) -> None:
    pdf = make_pdf("Báo cáo chỉ tải lên một lần", BODY, pages=1)  # content new to the database
    upload_id = begin(world, world.sec, pdf)
    send(world, world.sec, upload_id, pdf, dm.CHUNK_SIZE)
    session = world.domain.runner.sessions()
    try:
        finish = dm.DocumentUploadFinish(id=cid(), upload_id=upload_id)
        dispatch.execute(session, world.sec, finish, settings=world.domain.settings)
        assert files(world)[1] == [sha(pdf)]
        session.rollback()  # as when the commit fails
    finally:
        session.close()
    assert files(world) == (sorted([f"{upload_id}.json", f"{upload_id}.part"]), [])
    assert doc_views(world) == []
    world.domain.do(world.sec, dm.DocumentUploadFinish, upload_id=upload_id)
    assert files(world) == ([], [sha(pdf)])
    assert len(doc_views(world)) == 1


def test_events_replayed_on_a_snapshot_give_the_later_snapshot(world: World) -> None:
    before = view(world, world.member)
    since = world.domain.runner.run_sync(lambda s: event_log.last_seq(s, world.meeting_id))
    first = upload(world, make_pdf(TITLE, BODY, pages=1))
    upload(world, make_pdf("Phụ lục", BODY, pages=2), filename="phu-luc.pdf")
    upload(world, make_pdf(TITLE, BODY, pages=2), document_id=first["document_id"])
    committed = world.domain.runner.run_sync(
        lambda s: event_log.read_since(s, world.meeting_id, since)
    )
    for e in committed:
        st.apply(before, codec().decode_event(e.payload))
    assert msgspec.json.encode(before) == msgspec.json.encode(view(world, world.member))


# --- chunks, aborts, refusals -----------------------------------------------------------


def test_a_chunk_at_the_wrong_offset_names_where_to_resume(world: World) -> None:
    pdf = make_pdf(TITLE, BODY, pages=1)
    upload_id = begin(world, world.sec, pdf)
    send(world, world.sec, upload_id, pdf[:5000], 5000)
    with pytest.raises(InvalidInput, match="offset 5000"):
        world.domain.do(
            world.sec, dm.DocumentUploadChunk, upload_id=upload_id, offset=0, data=pdf[:100]
        )
    with pytest.raises(InvalidInput, match="announced size"):
        world.domain.do(
            world.sec,
            dm.DocumentUploadChunk,
            upload_id=upload_id,
            offset=5000,
            data=pdf[5000:] + b"extra",
        )
    world.domain.do(
        world.sec, dm.DocumentUploadChunk, upload_id=upload_id, offset=5000, data=pdf[5000:]
    )
    assert world.domain.do(world.sec, dm.DocumentUploadFinish, upload_id=upload_id)["pages"] == 1


def test_only_the_uploader_sends_chunks(world: World) -> None:
    other_sec = world.other_sec
    pdf = make_pdf(TITLE, BODY, pages=1)
    upload_id = begin(world, world.sec, pdf)
    with pytest.raises(PermissionDenied):
        send(world, other_sec, upload_id, pdf, dm.CHUNK_SIZE)
    with pytest.raises(PermissionDenied):
        world.domain.do(other_sec, dm.DocumentUploadAbort, upload_id=upload_id)


def test_abort_removes_the_partial_upload(world: World) -> None:
    pdf = make_pdf(TITLE, BODY, pages=1)
    upload_id = begin(world, world.sec, pdf)
    send(world, world.sec, upload_id, pdf[:4096], 4096)
    world.domain.do(world.sec, dm.DocumentUploadAbort, upload_id=upload_id)
    assert files(world) == ([], [])
    with pytest.raises(NotFound):
        world.domain.do(world.sec, dm.DocumentUploadFinish, upload_id=upload_id)


def test_only_pdf_names_and_sizes_within_the_limit_are_accepted(world: World) -> None:
    pdf = make_pdf(TITLE, BODY, pages=1)
    with pytest.raises(InvalidInput, match="PDF"):
        begin(world, world.sec, pdf, filename="to-trinh.docx")
    with pytest.raises(DocumentRejected, match="at most 50 MB"):
        world.domain.do(
            world.sec,
            dm.DocumentUploadBegin,
            item_id=world.item_id,
            filename="lon.pdf",
            size=51 * 1024 * 1024,
            sha256=sha(pdf),
        )
    assert files(world) == ([], [])


def test_no_uploads_once_the_meeting_has_ended(world: World) -> None:
    world.domain.do(world.chair, mm.MeetingTransition, meeting_id=world.meeting_id, action="start")
    world.domain.do(world.chair, mm.MeetingTransition, meeting_id=world.meeting_id, action="end")
    with pytest.raises(InvalidTransition):
        begin(world, world.sec, make_pdf(TITLE, BODY, pages=1))


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: b"PK\x03\x04 this is a zip file, not a PDF" * 100, "not a PDF"),
        (lambda: b"%PDF-1.7\n" + bytes(range(256)) * 40, "damaged"),
        (lambda: make_pdf(TITLE, BODY)[:-3000], "damaged"),
        (encrypted_pdf, "encrypted"),
        (bomb_pdf, "decompression bomb"),
    ],
    ids=["not-a-pdf", "garbage", "truncated", "encrypted", "decompression-bomb"],
)
def test_hostile_files_are_refused_and_leave_nothing(
    world: World, make: Callable[[], bytes], message: str
) -> None:
    with pytest.raises(DocumentRejected, match=message):
        upload(world, make(), chunk=dm.CHUNK_SIZE)
    assert files(world) == ([], [])
    assert doc_views(world) == []


def test_a_wrong_hash_is_refused_and_leaves_nothing(world: World) -> None:
    pdf = make_pdf(TITLE, BODY, pages=1)
    with pytest.raises(DocumentRejected, match="SHA-256"):
        upload(world, pdf, sha256=sha(pdf + b"x"))
    assert files(world) == ([], [])


def test_too_many_pages_are_refused(configured: Callable[..., World]) -> None:
    w = configured(max_document_pages=2)
    upload(w, make_pdf(TITLE, BODY, pages=2))
    with pytest.raises(DocumentRejected, match="3 pages; at most 2"):
        upload(w, make_pdf(TITLE, BODY, pages=3))
    assert files(w)[0] == []


@pytest.mark.parametrize(
    ("settings", "message"),
    [({"pdf_check_seconds": 0.001}, "longer than"), ({"pdf_check_memory_bytes": 2**24}, "memory")],
    ids=["time", "memory"],
)
def test_the_check_runs_under_time_and_memory_limits(
    configured: Callable[..., World], settings: dict[str, Any], message: str
) -> None:
    w = configured(**settings)
    with pytest.raises(DocumentRejected, match=message):
        upload(w, make_pdf(TITLE, BODY, pages=1))
    assert files(w) == ([], [])


# --- download ---------------------------------------------------------------------------


def test_a_member_downloads_the_pdf_with_its_vietnamese_text(world: World) -> None:
    pdf = make_pdf(TITLE, BODY, pages=3)
    version_id = upload(world, pdf)["version_id"]
    got = download(world, world.member, version_id)
    assert got == pdf
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(got)).pages)
    assert TITLE in text and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Trang 3/3" in text


def test_an_outsider_cannot_download(world: World) -> None:
    version_id = upload(world, make_pdf(TITLE, BODY, pages=1))["version_id"]
    with pytest.raises(NotFound):
        world.domain.do(world.outsider, dm.DocumentDownload, version_id=version_id)
    with pytest.raises(NotFound):
        world.domain.do(world.member, dm.DocumentDownload, version_id=10**9)


def noisy_pdf() -> bytes:
    """A PDF larger than one chunk: a page with an image of random (incompressible) noise."""
    from fpdf import FPDF
    from PIL import Image

    pdf = FPDF()
    pdf.add_page()
    pdf.image(Image.frombytes("RGB", (320, 320), random.Random(7).randbytes(320 * 320 * 3)))
    return bytes(pdf.output())


def test_download_chunks_are_capped(world: World) -> None:
    pdf = noisy_pdf()
    assert len(pdf) > dm.CHUNK_SIZE
    version_id = upload(world, pdf, chunk=dm.CHUNK_SIZE)["version_id"]
    part = world.domain.do(
        world.member, dm.DocumentDownload, version_id=version_id, offset=0, length=10**9
    )
    assert (len(part.data), part.total) == (dm.CHUNK_SIZE, len(pdf))
    assert download(world, world.member, version_id, chunk=10**9) == pdf
