"""Adopting rows that predate the record: a database upgraded from a version without
the ledger verifies once its old rows are adopted, every report names the adoption and
its date, tampering afterwards is still found, and a second adoption does nothing.

A pre-ledger database is simulated by recording a meeting and then emptying the
ledger (entries, head, checkpoints), as migration ``0003_ledger`` leaves an older one;
the server then goes on working (recorded rows) before the operator adopts.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from protocol import agenda as ag
from protocol import documents as dm
from protocol import meetings as mm
from protocol import voting as pv
from protocol.errors import Conflict
from protocol.record import VerifyReport
from server.demo_documents import make_pdf
from server.domain import archive_package, ledger_adopt
from server.domain.ledger_verify import verify_online
from server.domain.pki import Pki
from server.store.models import (
    EventRecord,
    LedgerAdoption,
    LedgerCheckpoint,
    LedgerEntry,
    LedgerHead,
)
from tests.harness import Domain


@dataclass
class Upgraded:
    domain: Domain
    old_meeting: int
    new_meeting: int
    old_rows: int
    pki: Pki

    def run(self, fn: Callable[[Session], Any]) -> Any:
        return self.domain.runner.run_sync(fn)

    def verify(self, tamper: Callable[[Session], Any] | None = None) -> VerifyReport:
        """Verify after ``tamper`` changed the database (rolled back afterwards)."""
        session = self.domain.runner.sessions()
        try:
            if tamper is not None:
                tamper(session)
                session.flush()
            return verify_online(session, self.pki.ca_pem(), blob_dir=self.domain.settings.blob_dir)
        finally:
            session.rollback()
            session.close()

    def adopt(self, **options: Any) -> ledger_adopt.Adopted:
        return self.run(
            lambda s: ledger_adopt.adopt(
                s, self.pki, blob_dir=self.domain.settings.blob_dir, **options
            )
        )

    def counts(self) -> tuple[int, int, int]:
        def read(s: Session) -> tuple[int, int, int]:
            entries = s.scalar(select(func.count()).select_from(LedgerEntry)) or 0
            checkpoints = s.scalar(select(func.count()).select_from(LedgerCheckpoint)) or 0
            adoptions = s.scalar(select(func.count()).select_from(LedgerAdoption)) or 0
            return entries, checkpoints, adoptions

        return self.run(read)


def _old_meeting(domain: Domain) -> tuple[int, Any]:
    """A meeting with a document, a vote and its end: events, a version, ballots."""
    sec = domain.user("thuky", ["secretariat"])
    chair = domain.user("thutuong", ["chair"], full_name="Thủ tướng")
    member = domain.user("botruong", ["member"])
    mid = domain.meeting(sec, chair=chair, members=[member])
    item = domain.do(sec, ag.AgendaAddItem, meeting_id=mid, title="Dự án Luật Đất đai")["item_id"]
    pdf = make_pdf("Tờ trình", ["Nội dung tờ trình."], 1)
    upload = domain.do(
        sec,
        dm.DocumentUploadBegin,
        item_id=item,
        filename="to-trinh.pdf",
        size=len(pdf),
        sha256=hashlib.sha256(pdf).hexdigest(),
    )["upload_id"]
    domain.do(sec, dm.DocumentUploadChunk, upload_id=upload, offset=0, data=pdf)
    domain.do(sec, dm.DocumentUploadFinish, upload_id=upload)
    domain.do(chair, mm.MeetingTransition, meeting_id=mid, action="start")
    poll = domain.do(
        sec, pv.PollCreate, meeting_id=mid, item_id=item, question="Thông qua?", secret=False
    )["poll_id"]
    domain.do(chair, pv.PollOpen, poll_id=poll)
    domain.do(chair, pv.PollVote, poll_id=poll, choice="yes")
    domain.do(member, pv.PollVote, poll_id=poll, choice="no")
    domain.do(chair, pv.PollClose, poll_id=poll)
    domain.do(chair, mm.MeetingTransition, meeting_id=mid, action="end")
    return mid, (sec, chair)


def _forget_the_ledger(session: Session) -> int:
    """Empty the ledger as a database from before it has it; returns the rows it held."""
    rows = session.scalar(select(func.count()).select_from(LedgerEntry)) or 0
    session.execute(delete(LedgerEntry))
    session.execute(delete(LedgerCheckpoint))
    session.execute(update(LedgerHead).values(size=0, frontier=b""))
    return rows


@pytest.fixture
def upgraded(domain: Domain) -> Upgraded:
    old, (sec, chair) = _old_meeting(domain)
    old_rows = domain.runner.run_sync(_forget_the_ledger)
    # after the upgrade the server goes on: the old meeting is archived, a new one made
    domain.do(sec, mm.MeetingTransition, meeting_id=old, action="archive")
    new = domain.meeting(sec, chair=chair)
    return Upgraded(domain, old, new, old_rows, Pki.open(domain.settings.pki_dir))


def codes(report: VerifyReport) -> set[str]:
    return {f.code for f in report.findings}


def test_old_rows_are_adopted_and_every_report_names_the_adoption(upgraded: Upgraded) -> None:
    before = upgraded.verify()
    assert codes(before) == {"source.unrecorded"}
    assert len(before.findings) == upgraded.old_rows
    assert any("ledger adopt" in note for note in before.notes)
    assert before.adoptions == []

    entries, checkpoints, _ = upgraded.counts()
    dry = upgraded.adopt(dry_run=True)
    assert dry.count == upgraded.old_rows and "Would adopt" in dry.summary()
    assert upgraded.counts() == (entries, checkpoints, 0), "a dry run writes nothing"

    done = upgraded.adopt()
    assert done.count == upgraded.old_rows
    assert set(done.kinds) == {"ballot", "document_version", "event"}
    assert done.first_entry == entries and done.marker_entry == entries + done.count
    assert done.checkpoint is not None and done.checkpoint.size == done.marker_entry + 1
    assert upgraded.counts() == (entries + done.count + 1, checkpoints + 1, 1)

    after = upgraded.verify()
    assert after.ok, after.summary()
    [adoption] = after.adoptions
    assert adoption.count == upgraded.old_rows
    assert (adoption.first_entry, adoption.last_entry) == (entries, entries + done.count - 1)
    assert adoption.at.endswith("+07:00")
    summary = after.summary()
    assert summary.startswith("Record intact")
    assert f"{upgraded.old_rows} of the entries checked" in summary
    assert f"adopted into it on {adoption.at}" in summary
    assert "not protected before that date" in summary


def test_adopted_entries_follow_table_then_key_order(upgraded: Upgraded) -> None:
    done = upgraded.adopt()
    refs = upgraded.run(
        lambda s: list(
            s.scalars(
                select(LedgerEntry.ref)
                .where(LedgerEntry.idx >= done.first_entry)
                .order_by(LedgerEntry.idx)
            )
        )
    )
    adopted, marker = refs[:-1], refs[-1]
    assert marker == "adoption:1"
    kinds = [ref.split(":")[0] for ref in adopted]
    assert kinds == sorted(kinds), "by table"
    seqs = [int(ref.split(":")[2]) for ref in adopted if ref.startswith("event:")]
    assert seqs == list(range(1, len(seqs) + 1)), "by key, numbers as numbers"
    assert all(
        ref.startswith(f"event:{upgraded.old_meeting}:") for ref in adopted if "event" in ref
    )


def test_a_second_adoption_adopts_nothing(upgraded: Upgraded) -> None:
    upgraded.adopt()
    counts = upgraded.counts()
    again = upgraded.adopt()
    assert again.count == 0 and again.summary().startswith("Nothing to adopt")
    assert upgraded.counts() == counts, "no entry, checkpoint or adoption row added"
    assert upgraded.verify().ok


def test_tampering_with_an_adopted_row_is_found(upgraded: Upgraded) -> None:
    upgraded.adopt()
    mid = upgraded.old_meeting

    def tamper(session: Session) -> None:
        row = session.get(EventRecord, (mid, 2))
        assert row is not None
        row.payload = row.payload.replace(b"}", b" }", 1)

    report = upgraded.verify(tamper)
    changed = [f for f in report.findings if f.code == "source.changed"]
    assert [f.ref for f in changed] == [f"event:{mid}:2"]
    assert "checkpoint.mismatch" in codes(report), "the adoption's checkpoint covers it"


def test_backdating_the_adoption_is_found(upgraded: Upgraded) -> None:
    upgraded.adopt()

    def tamper(session: Session) -> None:
        row = session.get(LedgerAdoption, 1)
        assert row is not None
        row.at = row.at.replace(year=2020)

    report = upgraded.verify(tamper)
    assert [(f.code, f.ref) for f in report.findings if f.code.startswith("source")] == [
        ("source.changed", "adoption:1")
    ]


def test_adoption_refuses_a_record_with_other_problems(upgraded: Upgraded) -> None:
    new = upgraded.new_meeting
    upgraded.run(
        lambda s: s.execute(
            update(EventRecord)
            .where(EventRecord.meeting_id == new, EventRecord.seq == 1)
            .values(audience="managers")
        )
    )
    counts = upgraded.counts()
    with pytest.raises(Conflict, match="problems besides") as refused:
        upgraded.adopt()
    assert f"Event meeting {new} seq 1 changed" in refused.value.message
    assert upgraded.counts() == counts, "nothing adopted"


def test_adoption_refuses_an_event_added_behind_the_record(upgraded: Upgraded) -> None:
    old = upgraded.old_meeting

    def add_behind(session: Session) -> None:
        last = session.scalar(
            select(func.max(EventRecord.seq)).where(EventRecord.meeting_id == old)
        )
        row = session.get(EventRecord, (old, 1))
        assert row is not None and last is not None
        session.add(
            EventRecord(
                meeting_id=old,
                seq=last + 1,
                type=row.type,
                audience="all",
                payload=row.payload,
                at=row.at,
            )
        )

    upgraded.run(add_behind)
    counts = upgraded.counts()
    with pytest.raises(Conflict, match="added behind the record"):
        upgraded.adopt()
    assert upgraded.counts() == counts


def test_the_archive_package_says_which_entries_were_adopted(
    upgraded: Upgraded, tmp_path: Path
) -> None:
    upgraded.adopt()
    out = tmp_path / "ho-so.zip"
    settings = upgraded.domain.settings
    upgraded.run(lambda s: archive_package.export(s, settings, upgraded.old_meeting, out=out))
    report = archive_package.verify_package(out, upgraded.pki.ca_pem())
    assert report.ok, report.summary()
    [adoption] = report.adoptions
    # every entry of the old meeting but the archive event recorded after the upgrade
    assert adoption.count == report.entries - 2  # minus that event and the adoption entry
    assert "not protected before" in report.summary()
