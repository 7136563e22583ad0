"""The archive index and ``archive.search``/``archive.facets`` on a real database
(SQLite FTS5, or PostgreSQL full text with ``ECABINET_TEST_DATABASE``)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from protocol import archive as am
from protocol import meetings as mm
from protocol.archive import fold, parse_query, snippet
from protocol.errors import InvalidInput, PermissionDenied
from server.domain import archive
from server.domain.context import Actor
from tests.conftest import fresh_database
from tests.harness import Domain

VN = timezone(timedelta(hours=7))


@dataclass(frozen=True)
class World:
    domain: Domain
    archivist: Actor  # clearance toi_mat
    junior: Actor  # archivist with clearance thuong
    member: Actor
    sec: Actor
    meeting_id: int
    other_meeting_id: int


def at(day: int, hour: int = 9, month: int = 3) -> datetime:
    return datetime(2025, month, day, hour, tzinfo=VN)


ENTRIES: list[dict[str, Any]] = [
    dict(kind="minutes", ref="m1", title="Biên bản họp Chính phủ thường kỳ tháng 3",
         text="Biên bản họp. Đồng chí Đặng Quốc Khánh trình bày dự thảo Nghị quyết về đầu tư "
              "công trung hạn; các thành viên thống nhất thông qua.",
         date=at(5), classification="thuong", signers=["Phạm Minh Chính", "Trần Văn Sơn"],
         body="Văn phòng Chính phủ"),
    dict(kind="decision", ref="d41", title="Nghị quyết về ngân sách thủy lợi",
         text="Chính phủ quyết nghị bố trí ngân sách cho các công trình thủy lợi ở đồng bằng "
              "sông Cửu Long.",
         date=at(6), classification="thuong", signers=["Phạm Minh Chính"], body="Bộ Tài chính"),
    dict(kind="document", ref="doc42", title="Tờ trình ngân sách giáo dục",
         text="Ngân sách cho giáo dục và đào tạo năm 2026; công trình trường học.",
         date=at(20), classification="thuong", body="Bộ Giáo dục và Đào tạo"),
    dict(kind="consultation", ref="c:7", title="Phiếu lấy ý kiến về dự án đường sắt",
         text="Lấy ý kiến thành viên Chính phủ về dự án đường sắt tốc độ cao Bắc - Nam.",
         date=at(1, month=4), classification="mat", signers=["Lê Thị Dung"], body="Bộ Xây dựng"),
]  # fmt: skip


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    with fresh_database(tmp_path_factory.mktemp("db")) as url:
        domain = Domain(url, tmp_path_factory.mktemp("data"))
        sec = domain.user("thuky", ["secretariat"])
        chair = domain.user("chutri", ["chair"])
        archivist = domain.user("luutru", ["archivist"], full_name="Nguyễn Lưu Trữ")
        junior = domain.user("luutru2", ["archivist"], clearance="thuong")
        member = domain.user("botruong", ["member"])
        meeting_id = domain.meeting(sec, chair=chair)
        other = domain.meeting(sec, chair=chair)

        def fill(session: Any) -> None:
            for n, fields in enumerate(ENTRIES):
                mid = other if n == 2 else meeting_id
                archive.index(
                    session, meeting_id=None if fields["kind"] == "consultation" else mid, **fields
                )

        domain.runner.run_sync(fill)
        yield World(domain, archivist, junior, member, sec, meeting_id, other)
        domain.close()


def search(w: World, actor: Actor | None = None, **fields: Any) -> am.ArchiveResults:
    result = w.domain.do(actor or w.archivist, am.ArchiveSearch, **fields)
    assert isinstance(result, am.ArchiveResults)
    return result


def refs(result: am.ArchiveResults) -> set[str]:
    return {h.ref for h in result.hits}


# --- text rules -----------------------------------------------------------------------


def test_fold_strips_tones_marks_and_d_keeping_every_offset() -> None:
    text = "ĐẶNG Quốc Khánh: Biên bản họp “đầu tư công” – ưu tiên"
    assert fold(text) == "dang quoc khanh: bien ban hop “dau tu cong” – uu tien"
    assert len(fold(text)) == len(text)
    assert fold("bie\u0302\u0301n") == "bien"  # decomposed input is composed first
    assert fold("Привет") == "привет"


def test_query_words_phrases_and_the_last_word_as_prefix() -> None:
    q = parse_query('Biên bản "đầu tư công" nghị quy')
    assert q.phrases == [["bien"], ["ban"], ["dau", "tu", "cong"], ["nghi"], ["quy"]]
    assert q.prefix
    assert not parse_query('ngân sách "thủy lợi"').prefix
    assert parse_query("05/2025/TT-BNV").phrases == [["05", "2025", "tt", "bnv"]]
    assert parse_query('  " " ').empty


def test_snippet_keeps_diacritics_and_marks_the_hits() -> None:
    text = "Mở đầu. " * 40 + "Đồng chí Đặng Quốc Khánh trình bày dự thảo Nghị quyết." + " Kết" * 60
    passage, marks = snippet(text, parse_query("dang nghi quyet"), width=80)
    assert passage.startswith("…") and passage.endswith("…")
    assert [passage[a:b] for a, b in marks] == ["Đặng", "Nghị", "quyết"]


# --- search ---------------------------------------------------------------------------


def test_words_without_diacritics_find_text_with_them(world: World) -> None:
    result = search(world, query="bien ban hop")
    assert refs(result) == {"m1"}
    hit = result.hits[0]
    assert [hit.snippet[a:b] for a, b in hit.highlights][:3] == ["Biên", "bản", "họp"]
    assert [hit.title[a:b] for a, b in hit.title_highlights] == ["Biên", "bản", "họp"]
    assert hit.kind == "minutes" and hit.meeting_id == world.meeting_id
    assert hit.meeting_title and hit.date == "2025-03-05T09:00:00+07:00"
    assert hit.signers == ["Phạm Minh Chính", "Trần Văn Sơn"]


def test_diacritics_and_d_are_folded_on_both_sides(world: World) -> None:
    assert refs(search(world, query="dang quoc khanh")) == {"m1"}
    assert refs(search(world, query="ĐẶNG QUỐC KHÁNH")) == {"m1"}
    assert refs(search(world, query="đường sắt")) == {"c:7"}
    assert refs(search(world, query="duong sat")) == {"c:7"}
    assert refs(search(world, query="dắng")) == {"m1"}  # any tone folds the same way


def test_every_word_must_match(world: World) -> None:
    assert refs(search(world, query="ngân sách")) == {"d41", "doc42"}
    assert refs(search(world, query="ngân sách thủy lợi")) == {"d41"}
    assert search(world, query="ngân sách thủy lợi").ranked
    assert refs(search(world, query="ngân sách đường sắt")) == set()


def test_last_word_is_a_prefix_and_quotes_make_a_phrase(world: World) -> None:
    assert refs(search(world, query="nghi quy")) == {"m1", "d41"}
    assert refs(search(world, query='"công trình"')) == {"d41", "doc42"}
    assert refs(search(world, query='"trình công"')) == set()
    assert refs(search(world, query='"thủy lợi" ngân')) == {"d41"}


def test_signers_and_bodies_are_searchable_words(world: World) -> None:
    assert refs(search(world, query="pham minh chinh")) == {"m1", "d41"}


def test_filters(world: World) -> None:
    w = world
    assert refs(search(w, query="ngân sách", kinds=["document"])) == {"doc42"}
    assert refs(search(w, query="", meeting_id=w.other_meeting_id)) == {"doc42"}
    assert refs(search(w, query="chinh phu", body="Bộ Tài chính")) == {"d41"}
    assert refs(search(w, query="", signer="tran van")) == {"m1"}
    assert refs(search(w, query="", signer="Phạm Minh Chính")) == {"m1", "d41"}
    # Days are Vietnamese calendar days, both ends included.
    assert refs(search(w, query="", date_from="2025-03-06", date_to="2025-03-20")) == {
        "d41",
        "doc42",
    }
    assert refs(search(w, query="", date_to="2025-03-05")) == {"m1"}
    with pytest.raises(InvalidInput, match="YYYY-MM-DD"):
        search(w, query="", date_from="5/3/2025")
    with pytest.raises(InvalidInput, match="before"):
        search(w, query="", date_from="2025-03-06", date_to="2025-03-01")
    with pytest.raises(InvalidInput, match="limit 1 to 100"):
        search(w, query="", limit=500)


def test_empty_query_lists_newest_first_with_paging(world: World) -> None:
    page1 = search(world, query="", limit=2)
    page2 = search(world, query="", limit=2, offset=2)
    assert page1.total == page2.total == 4 and not page1.capped
    assert [h.ref for h in page1.hits + page2.hits] == ["c:7", "doc42", "d41", "m1"]


def test_sort_by_date_and_paging_of_ranked_hits(world: World) -> None:
    result = search(world, query="chinh phu", sort="date")
    assert [h.ref for h in result.hits] == ["c:7", "d41", "m1"]
    assert result.total == 3
    assert [h.ref for h in search(world, query="chinh phu", sort="date", offset=1).hits] == [
        "d41",
        "m1",
    ]


def test_clearance_hides_entries_and_their_count(world: World) -> None:
    assert refs(search(world, world.archivist, query="lay y kien")) == {"c:7"}
    junior = search(world, world.junior, query="lay y kien")
    assert junior.hits == [] and junior.total == 0
    assert search(world, world.junior, query="").total == 3
    facets = world.domain.do(world.junior, am.ArchiveFacets)
    assert "Bộ Xây dựng" not in facets.bodies and "Lê Thị Dung" not in facets.signers


def test_an_entry_of_a_meeting_classified_higher_later_is_hidden(world: World) -> None:
    w = world
    mid = w.domain.meeting(w.sec, chair=w.member)
    w.domain.runner.run_sync(
        lambda s: archive.index(
            s, kind="minutes", ref="reclassified", meeting_id=mid, title="Biên bản mật dần",
            text="Nội dung về tàu ngầm.", date=at(9), classification="thuong",
        )
    )  # fmt: skip
    assert refs(search(w, w.junior, query="tau ngam")) == {"reclassified"}
    w.domain.do(w.sec, mm.MeetingUpdate, meeting_id=mid, classification="mat")
    assert refs(search(w, w.junior, query="tau ngam")) == set()
    assert refs(search(w, w.archivist, query="tau ngam")) == {"reclassified"}


def test_indexing_again_replaces_the_entry(world: World) -> None:
    w = world

    def put(text: str) -> None:
        w.domain.runner.run_sync(
            lambda s: archive.index(
                s, kind="decision", ref="replace-me", meeting_id=None, title="Quyết định",
                text=text, date=at(10), classification="thuong", signers=["A"],
            )
        )  # fmt: skip

    put("Nội dung cũ về hàng không.")
    put("Nội dung mới về hàng hải.")
    assert refs(search(w, query="hang khong")) == set()
    assert refs(search(w, query="hang hai")) == {"replace-me"}
    assert w.domain.runner.run_sync(lambda s: archive.remove(s, "decision", "replace-me"))
    assert refs(search(w, query="hang hai")) == set()


def test_broad_queries_rank_only_the_newest_hits(world: World) -> None:
    result = world.domain.runner.run_sync(
        lambda s: archive.search(
            s, "toi_mat", am.ArchiveSearch(id="x", query="chinh phu"), rank_limit=2
        )
    )
    assert result.capped and result.total == 2
    # bm25 would count every entry of each word first: SQLite lists them newest first.
    assert result.ranked == (world.domain.engine.dialect.name != "sqlite")
    assert {h.ref for h in result.hits} == {"c:7", "d41"}  # the two indexed last


def test_rebuild_recreates_the_full_text(world: World) -> None:
    assert world.domain.runner.run_sync(archive.rebuild) >= 4
    assert refs(search(world, query="bien ban hop")) == {"m1"}


def test_facets(world: World) -> None:
    facets = world.domain.do(world.archivist, am.ArchiveFacets)
    assert isinstance(facets, am.ArchiveFacetsResult)
    assert {m.id for m in facets.meetings} >= {world.meeting_id, world.other_meeting_id}
    assert {"Bộ Tài chính", "Bộ Xây dựng", "Văn phòng Chính phủ"} <= set(facets.bodies)
    assert {"Phạm Minh Chính", "Lê Thị Dung"} <= set(facets.signers)
    assert set(facets.kinds) == set(am.Kind)


def test_index_refuses_bad_input(world: World) -> None:
    def bad(**fields: Any) -> None:
        base: dict[str, Any] = dict(
            kind="minutes", ref="bad", meeting_id=None, title="t", text="x",
            date=at(1), classification="thuong",
        )  # fmt: skip
        world.domain.runner.run_sync(lambda s: archive.index(s, **(base | fields)))

    with pytest.raises(InvalidInput, match="kind"):
        bad(kind="memo")
    with pytest.raises(InvalidInput, match="classification"):
        bad(classification="secret")
    with pytest.raises(InvalidInput, match="time zone"):
        bad(date=datetime(2025, 1, 1))
    assert datetime(2025, 1, 1, tzinfo=UTC)  # the fixture's dates are aware


# --- permissions ----------------------------------------------------------------------


def test_search_needs_archive_read(world: World) -> None:
    for actor in (world.member, world.sec):
        with pytest.raises(PermissionDenied, match=r"archive\.read"):
            search(world, actor, query="bien ban")


def test_facets_need_archive_read(world: World) -> None:
    with pytest.raises(PermissionDenied, match=r"archive\.read"):
        world.domain.do(world.member, am.ArchiveFacets)
