"""The tamper-evident record: RFC 6962 tree, append with the source rows, signed
checkpoints, and online verification that pinpoints every change.

One recorded meeting is built per module (documents, a named and a secret poll, the
meeting ended); every tampering test changes the database inside a transaction that
is rolled back afterwards, so each starts from the same intact record.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from protocol import agenda as ag
from protocol import documents as dm
from protocol import meetings as mm
from protocol import voting as pv
from protocol.record import (
    EMPTY_ROOT,
    VerifyReport,
    frontier_root,
    inclusion_proof,
    leaf_hash,
    node_hash,
    push,
    root_of,
    tree_levels,
    verify_inclusion,
)
from server.demo_documents import make_pdf
from server.domain import ledger
from server.domain.context import Actor
from server.domain.ledger_verify import verify_online
from server.domain.pki import Pki
from server.store.models import (
    Ballot,
    EventRecord,
    LedgerCheckpoint,
    LedgerEntry,
    LedgerHead,
)
from tests.conftest import fresh_database
from tests.harness import Domain

# --- the tree ------------------------------------------------------------------------


def _mth(leaves: list[bytes]) -> bytes:
    """RFC 6962 §2.1, literally."""
    if not leaves:
        return EMPTY_ROOT
    if len(leaves) == 1:
        return leaves[0]
    k = 1
    while k * 2 < len(leaves):
        k *= 2
    return node_hash(_mth(leaves[:k]), _mth(leaves[k:]))


def test_the_tree_is_rfc_6962() -> None:
    leaves = [leaf_hash("event", f"event:1:{i}", b"x" * i) for i in range(40)]
    assert leaf_hash("k", "r", b"d") == hashlib.sha256(b"\x00k\nr\nd").digest()
    frontier: list[bytes] = []
    for n in range(41):
        assert frontier_root(frontier) == _mth(leaves[:n]) == root_of(leaves[:n])
        if n < 40:
            frontier = push(frontier, leaves[n], n)


def test_inclusion_proofs_verify_and_fail_when_anything_differs() -> None:
    leaves = [leaf_hash("event", f"event:1:{i}", b"") for i in range(13)]
    for size in (1, 2, 5, 8, 13):
        levels = tree_levels(leaves[:size])
        root = root_of(leaves[:size])
        for index in range(size):
            proof = inclusion_proof(levels, index)
            assert verify_inclusion(leaves[index], index, size, proof, root)
            other = leaves[(index + 1) % 13]
            assert not verify_inclusion(other, index, size, proof, root)
            if size > 1:
                assert not verify_inclusion(leaves[index], (index + 1) % size, size, proof, root)


# --- a recorded meeting --------------------------------------------------------------


@dataclass
class Recorded:
    domain: Domain
    meeting_id: int
    named_poll: int
    secret_poll: int
    member: Actor
    ca_pem: bytes

    def verify(self, tamper: Callable[[Session], Any] | None = None) -> VerifyReport:
        """Verify after ``tamper`` changed the database (rolled back afterwards)."""
        session = self.domain.runner.sessions()
        try:
            if tamper is not None:
                tamper(session)
                session.flush()
            return verify_online(session, self.ca_pem, blob_dir=self.domain.settings.blob_dir)
        finally:
            session.rollback()
            session.close()


def _upload(domain: Domain, actor: Actor, item: int, data: bytes, **fields: Any) -> Any:
    sha = hashlib.sha256(data).hexdigest()
    upload_id = domain.do(
        actor, dm.DocumentUploadBegin, item_id=item, size=len(data), sha256=sha, **fields
    )["upload_id"]
    domain.do(actor, dm.DocumentUploadChunk, upload_id=upload_id, offset=0, data=data)
    return domain.do(actor, dm.DocumentUploadFinish, upload_id=upload_id)


@pytest.fixture(scope="module")
def recorded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Recorded]:
    with fresh_database(tmp_path_factory.mktemp("db")) as url:
        domain = Domain(url, tmp_path_factory.mktemp("data"))
        sec = domain.user("thuky", ["secretariat"])
        chair = domain.user("thutuong", ["chair"], full_name="Thủ tướng")
        members = [domain.user(f"botruong{n}", ["member"]) for n in (1, 2)]
        mid = domain.meeting(sec, chair=chair, members=members)
        item = domain.do(sec, ag.AgendaAddItem, meeting_id=mid, title="Dự án Luật Đất đai")
        item_id = item["item_id"]
        first = _upload(
            domain, sec, item_id, make_pdf("Tờ trình", ["Nội dung."], 1), filename="to-trinh.pdf"
        )
        _upload(
            domain,
            sec,
            item_id,
            make_pdf("Tờ trình (sửa)", ["Nội dung mới."], 2),
            filename="to-trinh-v2.pdf",
            document_id=first["document_id"],
        )
        domain.do(chair, mm.MeetingTransition, meeting_id=mid, action="start")
        polls = []
        for secret in (False, True):
            pid = domain.do(
                sec,
                pv.PollCreate,
                meeting_id=mid,
                item_id=item_id,
                question="Thông qua Tờ trình?",
                secret=secret,
            )["poll_id"]
            domain.do(chair, pv.PollOpen, poll_id=pid)
            for actor, choice in zip([chair, *members], ["yes", "no", "abstain"], strict=True):
                domain.do(actor, pv.PollVote, poll_id=pid, choice=choice)
            domain.do(chair, pv.PollClose, poll_id=pid)
            polls.append(pid)
        domain.do(chair, mm.MeetingTransition, meeting_id=mid, action="end")
        domain.do(sec, mm.MeetingTransition, meeting_id=mid, action="archive")
        ca = Pki.open(domain.settings.pki_dir).ca_pem()
        yield Recorded(domain, mid, polls[0], polls[1], members[0], ca)
        domain.close()


def codes(report: VerifyReport) -> list[str]:
    return [f.code for f in report.findings]


def test_every_row_is_recorded_in_order_and_the_untouched_record_verifies(
    recorded: Recorded,
) -> None:
    def read(session: Session) -> tuple[list[Any], list[Any]]:
        entries = session.execute(select(LedgerEntry).order_by(LedgerEntry.idx)).scalars().all()
        checkpoints = session.scalars(select(LedgerCheckpoint)).all()
        return list(entries), list(checkpoints)

    entries, checkpoints = recorded.domain.runner.run_sync(read)
    assert [e.idx for e in entries] == list(range(len(entries)))
    kinds = {e.kind for e in entries}
    assert kinds == {"event", "ballot", "document_version"}
    seqs = [
        int(e.ref.split(":")[2])
        for e in entries
        if e.ref.startswith(f"event:{recorded.meeting_id}:")
    ]
    assert seqs == sorted(seqs) == list(range(1, len(seqs) + 1))
    assert len(checkpoints) == 1 and checkpoints[0].meeting_id == recorded.meeting_id
    # the meeting's end is covered by its checkpoint, the archive event comes after it
    assert checkpoints[0].size < len(entries)
    report = recorded.verify()
    assert report.ok, report.summary()
    assert report.entries == len(entries) and report.checkpoints == 1


def test_a_secret_ballot_is_recorded_without_its_choice(recorded: Recorded) -> None:
    def leaves(session: Session) -> dict[str, bytes]:
        rows = session.execute(
            select(LedgerEntry.ref, LedgerEntry.leaf_hash).where(LedgerEntry.kind == "ballot")
        )
        return {ref: leaf for ref, leaf in rows}

    recorded_leaves = recorded.domain.runner.run_sync(leaves)
    ref = ledger.ballot_ref(recorded.secret_poll, recorded.member.user_id)
    blank = ledger.ballot_data(
        recorded.secret_poll, recorded.member.user_id, recorded.member.user_id, None
    )
    assert recorded_leaves[ref] == leaf_hash("ballot", ref, blank)


def _event(session: Session, mid: int, seq: int) -> EventRecord:
    row = session.get(EventRecord, (mid, seq))
    assert row is not None
    return row


def test_a_changed_byte_of_an_event_payload_is_pinpointed(recorded: Recorded) -> None:
    mid = recorded.meeting_id

    def tamper(session: Session) -> None:
        row = _event(session, mid, 3)
        payload = bytearray(row.payload)
        payload[-2] ^= 0x01
        row.payload = bytes(payload)

    report = recorded.verify(tamper)
    assert "source.changed" in codes(report)
    changed = [f for f in report.findings if f.code == "source.changed"]
    assert [f.ref for f in changed] == [f"event:{mid}:3"]
    assert f"Event meeting {mid} seq 3 changed" in changed[0].message
    # the signed checkpoint covers it too
    assert "checkpoint.mismatch" in codes(report)


def test_a_changed_ballot_is_pinpointed(recorded: Recorded) -> None:
    member = recorded.member.user_id

    def tamper(session: Session) -> None:
        session.execute(
            update(Ballot)
            .where(Ballot.poll_id == recorded.named_poll, Ballot.member_id == member)
            .values(choice="yes")
        )

    report = recorded.verify(tamper)
    assert [f.ref for f in report.findings if f.code == "source.changed"] == [
        ledger.ballot_ref(recorded.named_poll, member)
    ]
    assert f"ballot of member {member} in poll {recorded.named_poll}" in report.summary().lower()


def test_a_deleted_event_row_is_pinpointed(recorded: Recorded) -> None:
    mid = recorded.meeting_id
    report = recorded.verify(
        lambda s: s.execute(
            delete(EventRecord).where(EventRecord.meeting_id == mid, EventRecord.seq == 5)
        )
    )
    deleted = [f for f in report.findings if f.code == "source.deleted"]
    assert [f.ref for f in deleted] == [f"event:{mid}:5"]
    assert "was deleted" in deleted[0].message


def test_a_deleted_ledger_row_is_pinpointed(recorded: Recorded) -> None:
    mid = recorded.meeting_id

    def tamper(session: Session) -> None:
        row = session.scalar(select(LedgerEntry).where(LedgerEntry.ref == f"event:{mid}:4"))
        assert row is not None
        tamper.idx = row.idx  # type: ignore[attr-defined]
        session.delete(row)

    report = recorded.verify(tamper)
    missing = [f for f in report.findings if f.code == "entry.missing"]
    assert len(missing) == 1
    assert missing[0].entry == tamper.idx  # type: ignore[attr-defined]
    assert f"it recorded event meeting {mid} seq 4" in missing[0].message
    assert "source.unrecorded" not in codes(report)


def test_the_last_ledger_row_deleted_is_pinpointed(
    recorded: Recorded,
) -> None:
    def tamper(session: Session) -> None:
        head = session.get(LedgerHead, 1)
        assert head is not None
        session.execute(delete(LedgerEntry).where(LedgerEntry.idx >= head.size - 1))

    report = recorded.verify(tamper)
    assert "entry.missing" in codes(report)


@pytest.mark.parametrize(
    ("first", "second", "fields"),
    [
        (6, 7, ("kind", "ref", "meeting_id", "leaf_hash", "root", "at")),
        (2, 9, ("kind", "ref", "meeting_id", "leaf_hash")),
    ],
    ids=["whole rows", "data only, far apart"],
)
def test_two_swapped_ledger_rows_are_reported_as_reordered(
    recorded: Recorded, first: int, second: int, fields: tuple[str, ...]
) -> None:
    mid = recorded.meeting_id

    def tamper(session: Session) -> None:
        a = session.scalar(select(LedgerEntry).where(LedgerEntry.ref == f"event:{mid}:{first}"))
        b = session.scalar(select(LedgerEntry).where(LedgerEntry.ref == f"event:{mid}:{second}"))
        assert a is not None and b is not None
        tamper.pair = (a.idx, b.idx)  # type: ignore[attr-defined]
        for field in fields:
            va, vb = getattr(a, field), getattr(b, field)
            setattr(a, field, vb)
            setattr(b, field, va)

    report = recorded.verify(tamper)
    reordered = [f for f in report.findings if f.code == "entry.reordered"]
    i, j = tamper.pair  # type: ignore[attr-defined]
    assert len(reordered) == 1 and reordered[0].entry == min(i, j)
    assert f"Ledger entries {min(i, j)} and {max(i, j)} were reordered" in reordered[0].message
    assert {"source.changed", "source.deleted", "entry.altered"}.isdisjoint(codes(report))


def test_an_altered_leaf_hash_is_pinpointed(recorded: Recorded) -> None:
    mid = recorded.meeting_id

    def tamper(session: Session) -> None:
        session.execute(
            update(LedgerEntry)
            .where(LedgerEntry.ref == f"event:{mid}:2")
            .values(leaf_hash=b"\x00" * 32)
        )

    report = recorded.verify(tamper)
    assert [(f.code, f.ref) for f in report.findings] == [("entry.altered", f"event:{mid}:2")]


def test_a_row_added_behind_the_record_is_reported(recorded: Recorded) -> None:
    mid = recorded.meeting_id

    def tamper(session: Session) -> None:
        last = session.scalar(
            select(EventRecord.seq)
            .where(EventRecord.meeting_id == mid)
            .order_by(EventRecord.seq.desc())
            .limit(1)
        )
        row = _event(session, mid, 1)
        session.add(
            EventRecord(
                meeting_id=mid,
                seq=(last or 0) + 1,
                type=row.type,
                audience="all",
                payload=row.payload,
                at=row.at,
            )
        )

    report = recorded.verify(tamper)
    assert codes(report) == ["source.unrecorded"]
    assert "has no ledger entry" in report.findings[0].message


def test_a_changed_stored_file_is_pinpointed(recorded: Recorded) -> None:
    blobs = sorted(p for p in recorded.domain.settings.blob_dir.rglob("*") if p.is_file())
    target: Path = blobs[0]
    original = target.read_bytes()
    try:
        changed = bytearray(original)
        changed[len(changed) // 2] ^= 0x20
        target.write_bytes(bytes(changed))
        report = recorded.verify()
    finally:
        target.write_bytes(original)
    assert codes(report) == ["blob.changed"]
    assert "bytes differ from the recorded SHA-256" in report.findings[0].message
    assert report.findings[0].ref and report.findings[0].ref.startswith("document_version:")


def test_a_forged_checkpoint_signature_is_reported(recorded: Recorded) -> None:
    def tamper(session: Session) -> None:
        checkpoint = session.scalars(select(LedgerCheckpoint)).first()
        assert checkpoint is not None
        checkpoint.size -= 1

    report = recorded.verify(tamper)
    assert "checkpoint.signature" in codes(report)
    assert "Checkpoint 1" in report.summary()


def test_a_checkpoint_from_another_ca_is_reported(recorded: Recorded, tmp_path: Path) -> None:
    other = Pki.open(tmp_path / "other-pki").ca_pem()
    session = recorded.domain.runner.sessions()
    try:
        report = verify_online(session, other)
    finally:
        session.close()
    assert codes(report) == ["checkpoint.certificate"]


def test_a_changed_poll_row_behind_the_checkpoint_is_caught_by_the_signature(
    recorded: Recorded,
) -> None:
    """Rewriting a row *and* its ledger entries consistently still breaks the checkpoint."""
    mid = recorded.meeting_id

    def tamper(session: Session) -> None:
        row = _event(session, mid, 2)
        row.payload = row.payload.replace(b"}", b" }", 1)
        data = ledger.event_data(mid, 2, row.type, row.audience, row.payload, row.at)
        entries = session.scalars(select(LedgerEntry).order_by(LedgerEntry.idx)).all()
        frontier: list[bytes] = []
        for e in entries:
            if e.ref == f"event:{mid}:2":
                e.leaf_hash = leaf_hash("event", e.ref, data)
            frontier = push(frontier, e.leaf_hash, e.idx)
            e.root = frontier_root(frontier)
        head = session.get(LedgerHead, 1)
        assert head is not None
        head.frontier = b"".join(frontier)

    report = recorded.verify(tamper)
    assert codes(report) == ["checkpoint.mismatch"]


def test_a_new_checkpoint_covers_the_whole_log(recorded: Recorded) -> None:
    session = recorded.domain.runner.sessions()
    try:
        signer = Pki.open(recorded.domain.settings.pki_dir)
        made = ledger.checkpoint(session, signer, meeting_id=None)
        assert made.size == ledger.head(session)[0]
        report = verify_online(session, recorded.ca_pem)
        assert report.ok and report.checkpoints == 2
    finally:
        session.rollback()
        session.close()


def test_a_rolled_back_transaction_leaves_no_entry(recorded: Recorded) -> None:
    from protocol.meetings import MeetingUpdated
    from server.domain import events as event_log

    def size() -> int:
        return recorded.domain.runner.run_sync(lambda s: ledger.head(s)[0])

    before = size()
    session = recorded.domain.runner.sessions()
    event = MeetingUpdated(
        title="x", starts_at="", ends_at="", mode="online", location="", classification="thuong"
    )
    event_log.append(session, recorded.meeting_id, event)
    session.flush()
    session.rollback()
    session.close()
    assert size() == before
    assert recorded.verify().ok


def test_concurrent_commits_get_gapless_indexes(recorded: Recorded) -> None:
    """Transactions on several meetings at once (PostgreSQL: really in parallel)."""
    from concurrent.futures import ThreadPoolExecutor

    from protocol.meetings import MeetingUpdated
    from server.domain import events as event_log
    from server.store.models import Meeting

    domain = recorded.domain
    if domain.engine.dialect.name != "postgresql":
        pytest.skip("SQLite has one writer: there is no concurrency to test")
    creator = domain.runner.run_sync(lambda s: s.get(Meeting, recorded.meeting_id).created_by)

    def new_meeting(session: Session) -> int:
        row = Meeting(
            title="Họp",
            starts_at="",
            ends_at="",
            created_by=creator,
            last_seq=0,
            created_at=ledger.utcnow(),
        )
        session.add(row)
        session.flush()
        return row.id

    meetings = [domain.runner.run_sync(new_meeting) for _ in range(4)]
    event = MeetingUpdated(
        title="x", starts_at="", ends_at="", mode="online", location="", classification="thuong"
    )

    def work(mid: int) -> None:
        for _ in range(15):
            session = domain.runner.sessions()
            try:
                event_log.append(session, mid, event)
                event_log.append(session, mid, event)
                session.commit()
            finally:
                session.close()

    before = domain.runner.run_sync(lambda s: ledger.head(s)[0])
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(work, meetings))
    try:

        def entries(session: Session) -> list[int]:
            return list(session.scalars(select(LedgerEntry.idx).order_by(LedgerEntry.idx)))

        assert domain.runner.run_sync(entries) == list(range(before + 4 * 30))
        report = recorded.verify()
        assert report.ok, report.summary()
    finally:

        def drop(session: Session) -> None:
            session.execute(delete(EventRecord).where(EventRecord.meeting_id.in_(meetings)))
            session.execute(delete(LedgerEntry).where(LedgerEntry.idx >= before))
            session.execute(delete(LedgerCheckpoint).where(LedgerCheckpoint.size > before))
            frontier: list[bytes] = []
            for e in session.scalars(select(LedgerEntry).order_by(LedgerEntry.idx)):
                frontier = push(frontier, e.leaf_hash, e.idx)
            session.execute(update(LedgerHead).values(size=before, frontier=b"".join(frontier)))
            session.execute(delete(Meeting).where(Meeting.id.in_(meetings)))

        domain.runner.run_sync(drop)
