"""Extract copies (TRÍCH SAO) through the domain: the server builds a PDF of the pages the
clerk chooses with the copy's text top right of its page 1, the clerk seals it (real
keys, real timestamps), and the copy holds exactly those pages and validates; bad page
ranges, the wrong people and the wrong files are refused and leave nothing behind."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from protocol import decisions as dc
from protocol.decisions import DecisionInfo, DecisionKind, DecisionState, ExtractInfo
from protocol.errors import (
    InvalidInput,
    InvalidPageRange,
    InvalidTransition,
    NotFound,
    PermissionDenied,
    SignatureInvalid,
)
from server.store.models import Decision
from tests.server.test_decisions import NUMBER, World, sha, world  # noqa: F401

PAGES = 5


@pytest.fixture(scope="module")
def issued(world: World) -> Iterator[DecisionInfo]:  # noqa: F811
    """A five-page decision signed by the chair and sealed by the clerk."""
    yield world.issued(pages=PAGES)


def _extract(w: World, decision_id: int, pages: str, number: str = "") -> ExtractInfo:
    return w.domain.do(
        w.people.clerk,
        dc.DecisionExtract,
        decision_id=decision_id,
        pages=pages,
        number_symbol=number,
    )


def _hand_in(
    w: World,
    decision_id: int,
    sealed: bytes,
    extract_id: str = "",
    copy_type: str = "trich_sao",
    **fields: object,
) -> DecisionInfo:
    upload_id = w.upload(w.people.clerk, decision_id, sealed)
    return w.domain.do(
        w.people.clerk,
        dc.DecisionCopy,
        decision_id=decision_id,
        upload_id=upload_id,
        copy_type=copy_type,
        extract_id=extract_id,
        **fields,
    )


def _decisions(w: World) -> int:
    return w.domain.runner.run_sync(lambda s: s.scalar(select(func.count(Decision.id))))


def _leftovers(w: World) -> list[str]:
    return sorted(p.name for p in w.domain.settings.upload_dir.glob("*"))


def test_an_extract_copy_holds_the_chosen_pages_stamped_and_sealed(
    world: World,  # noqa: F811
    issued: DecisionInfo,
) -> None:
    p = world.people
    made = _extract(world, issued.decision_id, " 5, 1-2 ")
    assert made.pages == [1, 2, 5] and made.decision_id == issued.decision_id
    extract = world.download(p.clerk, issued.decision_id, made.extract_id)
    assert sha(extract) == made.sha256 and len(extract) == made.size
    with pytest.raises(PermissionDenied):  # the clerk's own extract, nobody else's
        world.download(p.chair, issued.decision_id, made.extract_id)

    sealed = world.stamp(extract, ["TRÍCH SAO", world.pki.organisation], visible=False)
    copy = _hand_in(world, issued.decision_id, sealed, made.extract_id)

    assert copy.kind is DecisionKind.COPY and copy.state is DecisionState.ISSUED
    assert copy.copy_type == "trich_sao" and copy.source_decision_id == issued.decision_id
    assert copy.number_symbol == NUMBER and "trang 1-2, 5" in copy.title
    assert [r.step for r in copy.revisions] == ["source", "copy"]
    assert copy.revisions[0].sha256 == made.sha256  # the extract is what was copied
    seals = copy.revisions[-1].signatures
    assert [s.kind for s in seals] == ["seal", "timestamp"]  # the clerk's; no original widget
    assert seals[0].valid and seals[0].long_term and seals[0].signer_name == world.pki.organisation

    pdf = world.download(p.member, copy.decision_id)  # a reader of the meeting gets it
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 3
    texts = [page.extract_text() for page in reader.pages]
    assert [re.findall(r"Trang (\d)/5", t) for t in texts] == [["1"], ["2"], ["5"]]
    first = texts[0]
    assert "TRÍCH SAO" in first and world.pki.organisation in first
    assert f"Số: {NUMBER}" in first and re.search(r"T\d\d:\d\d:\d\d\+07:00", first)
    assert not any("TRÍCH SAO" in t for t in texts[1:])
    assert "/Annots" not in reader.pages[1] and "/Annots" not in reader.pages[2]

    types = [t for _, t in world.domain.events(issued.meeting_id)]
    assert types[-1] == "decision.copied"
    assert not _leftovers(world), "the extract left the upload folder for the blob store"
    with pytest.raises(NotFound):  # an extract makes one copy
        _hand_in(world, issued.decision_id, sealed, made.extract_id)


def test_the_stamp_is_drawn_top_right_of_page_one(
    world: World,  # noqa: F811
    issued: DecisionInfo,
) -> None:
    made = _extract(world, issued.decision_id, "3", "07/TS-VPCP")
    reader = PdfReader(
        io.BytesIO(world.download(world.people.clerk, issued.decision_id, made.extract_id))
    )
    found: list[tuple[float, float]] = []

    def visit(text: str, _cm: object, tm: list[float], _font: object, _size: object) -> None:
        if "TRÍCH SAO" in text:
            found.append((tm[4], tm[5]))

    page = reader.pages[0]
    assert "Số: 07/TS-VPCP" in page.extract_text(visitor_text=visit)
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    assert found and found[0][0] > width / 2 and found[0][1] > height - 72


@pytest.mark.parametrize(
    ("pages", "message"),
    [
        ("", "Give the pages"),
        ("0", "numbered from 1"),
        ("9-3", "runs backwards"),
        ("4-6", "has 5 page(s)"),
        ("1,,2", "empty entry"),
        ("hai", "not a page number"),
    ],
)
def test_a_bad_page_range_is_refused_and_builds_nothing(
    world: World,  # noqa: F811
    issued: DecisionInfo,
    pages: str,
    message: str,
) -> None:
    before, files = _decisions(world), _leftovers(world)
    with pytest.raises(InvalidPageRange, match=re.escape(message)):
        _extract(world, issued.decision_id, pages)
    assert _decisions(world) == before and _leftovers(world) == files


def test_only_the_clerk_extracts_and_only_from_an_issued_decision(
    world: World,  # noqa: F811
    issued: DecisionInfo,
) -> None:
    p, files = world.people, _leftovers(world)
    for who in (p.member, p.chair, p.sec):
        with pytest.raises(PermissionDenied):
            world.domain.do(who, dc.DecisionExtract, decision_id=issued.decision_id, pages="1")
    pending = world.prepare()
    with pytest.raises(InvalidTransition):
        _extract(world, pending.decision_id, "1")
    assert _leftovers(world) == files


def test_an_extract_copy_must_be_the_sealed_extract(
    world: World,  # noqa: F811
    issued: DecisionInfo,
) -> None:
    p = world.people
    whole = world.download(p.clerk, issued.decision_id)
    stamped_whole = world.stamp(whole, ["TRÍCH SAO", world.pki.organisation])
    before = _decisions(world)
    with pytest.raises(InvalidInput, match="pages you choose"):  # no pages chosen
        _hand_in(world, issued.decision_id, stamped_whole)
    made = _extract(world, issued.decision_id, "2")
    with pytest.raises(SignatureInvalid, match="incremental update"):  # the whole file
        _hand_in(world, issued.decision_id, stamped_whole, made.extract_id)
    other = world.issued()
    with pytest.raises(NotFound):  # an extract of another decision
        _hand_in(world, other.decision_id, stamped_whole, made.extract_id)
    sealed = world.stamp(
        world.download(p.clerk, issued.decision_id, made.extract_id), ["TRÍCH SAO"], visible=False
    )
    with pytest.raises(InvalidInput, match="whole document"):
        _hand_in(world, issued.decision_id, sealed, made.extract_id, copy_type="sao_y")
    with pytest.raises(InvalidInput, match="carries the number"):
        _hand_in(world, issued.decision_id, sealed, made.extract_id, number_symbol="99/X-Y")
    assert _decisions(world) == before + 1  # only `other`
    done = _hand_in(world, issued.decision_id, sealed, made.extract_id)
    assert done.state is DecisionState.ISSUED and "trang 2" in done.title
