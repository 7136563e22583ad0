"""The archive over a real server: an uploaded PDF's text is indexed, an archivist finds
it without diacritics and opens it; clearance and permissions hold over the wire."""

from __future__ import annotations

from dataclasses import dataclass

import msgspec
import pytest

from protocol import agenda as ag
from protocol import archive as am
from protocol.errors import NotFound, PermissionDenied
from server.demo_documents import make_pdf
from server.domain.context import Actor
from tests.integration.conftest import LiveServer

PARAGRAPHS = [
    "Biên bản họp Chính phủ: đồng chí Đặng Quốc Khánh trình bày Tờ trình về đầu tư công "
    "trung hạn giai đoạn 2026 - 2030 cho các công trình đê điều.",
    "Các thành viên Chính phủ thống nhất giao Bộ Tài chính hoàn thiện dự thảo Nghị quyết.",
]


@dataclass(frozen=True)
class Cast:
    live: LiveServer
    sec: Actor
    chair: Actor


@pytest.fixture
def cast(live: LiveServer) -> Cast:
    d = live.domain
    d.user("luutru", ["archivist"])
    d.user("luutru2", ["archivist"], clearance="thuong")
    d.user("botruong", ["member"])
    return Cast(live, d.user("thuky", ["secretariat"]), d.user("chutri", ["chair"]))


async def _upload(cast: Cast, classification: str, title: str) -> tuple[int, int]:
    """A meeting with one item and one uploaded PDF; (meeting id, version id)."""
    d = cast.live.domain
    mid = d.meeting(cast.sec, chair=cast.chair, classification=classification)
    item = d.do(cast.sec, ag.AgendaAddItem, meeting_id=mid, title=title)["item_id"]
    pdf = make_pdf(title, PARAGRAPHS, pages=2)
    async with cast.live.client("thuky") as sec:
        added = await sec.upload_document(item, pdf, "to-trinh.pdf")
    return mid, int(added["version_id"])


async def test_an_uploaded_pdf_is_found_without_diacritics_and_opened(cast: Cast) -> None:
    live = cast.live
    mid, version_id = await _upload(cast, "thuong", "Tờ trình về đầu tư công")
    async with live.client("luutru") as archivist:
        raw = await archivist.call(am.ArchiveSearch, query="dang quoc khanh de dieu")
        result = msgspec.convert(raw, am.ArchiveResults)
        assert result.total == 1
        hit = result.hits[0]
        assert (hit.kind, hit.version_id, hit.meeting_id) == ("document", version_id, mid)
        assert hit.title == "Tờ trình về đầu tư công — to-trinh.pdf"
        assert {hit.snippet[a:b] for a, b in hit.highlights} >= {"Đặng", "Quốc", "Khánh"}
        # The archivist is not invited to the meeting, yet may open what the archive shows.
        data = await archivist.download_document(version_id)
        assert data.startswith(b"%PDF-")
        facets = msgspec.convert(await archivist.call(am.ArchiveFacets), am.ArchiveFacetsResult)
        assert [m.id for m in facets.meetings] == [mid]


async def test_a_document_above_the_clearance_is_neither_found_nor_opened(
    cast: Cast,
) -> None:
    live = cast.live
    _mid, version_id = await _upload(cast, "mat", "Tờ trình mật về đầu tư công")
    async with live.client("luutru2") as junior:
        raw = await junior.call(am.ArchiveSearch, query="dau tu cong")
        assert msgspec.convert(raw, am.ArchiveResults).total == 0
        with pytest.raises(NotFound):
            await junior.download_document(version_id)
    async with live.client("luutru") as senior:
        raw = await senior.call(am.ArchiveSearch, query="dau tu cong")
        assert msgspec.convert(raw, am.ArchiveResults).total == 1


async def test_someone_without_archive_read_can_neither_search_nor_open(
    cast: Cast,
) -> None:
    live = cast.live
    _mid, version_id = await _upload(cast, "thuong", "Tờ trình về đầu tư công")
    async with live.client("botruong") as member:
        with pytest.raises(PermissionDenied, match=r"archive\.read"):
            await member.call(am.ArchiveSearch, query="dau tu cong")
        with pytest.raises(PermissionDenied, match=r"archive\.read"):
            await member.call(am.ArchiveFacets)
        with pytest.raises(NotFound):
            await member.download_document(version_id)
