"""Adopting rows that predate the tamper-evident record (``ecabinet-server ledger adopt``).

A deployment upgraded from a version without the ledger (before migration
``0003_ledger``) keeps rows that no ledger entry records, and ``verify`` reports each
of them as ``source.unrecorded``.  :func:`adopt` appends, in one transaction:

1. an entry for every such row, in a fixed order: by kind (the table), then by the
   row's key as its ref gives it (numbers compared as numbers), so two runs over the
   same rows write the same entries;
2. an ``adoption`` entry recording a ``ledger_adoptions`` row: how many rows of each
   kind, when, which entries, and a note that they were not protected before then;
3. a signed checkpoint over the whole log.

The adoption row is a source like any other (tampering with it is found), and every
verification names it (:func:`adoptions`, ``VerifyReport.adoptions``), so an auditor
knows those rows are protected only from that date.  A second run adopts nothing.

Adoption refuses while the record shows any other problem, and refuses an event that
is numbered after a recorded event of its meeting (such a row was added behind the
record, not before it): adopting must never launder a tampered record.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from protocol.errors import Conflict
from protocol.record import Adoption, leaf_hash
from server.domain import ledger
from server.domain.context import utcnow
from server.domain.ledger_verify import local_time, verify_online
from server.store.models import LedgerAdoption, LedgerEntry, LedgerHead

KIND = "adoption"
#: The most findings a refusal lists.
SHOWN = 20


def adoption_ref(adoption_id: int) -> str:
    return f"{KIND}:{adoption_id}"


def adoption_data(row: LedgerAdoption) -> bytes:
    return ledger.canonical_json(
        {
            "at": ledger.utc_text(row.at),
            "count": row.count,
            "first_entry": row.first_idx,
            "id": row.id,
            "kinds": row.kinds,
            "last_entry": row.first_idx + row.count - 1,
            "note": row.note,
        }
    )


def _rows(session: Session) -> Iterator[tuple[str, bytes, int | None]]:
    for row in session.scalars(select(LedgerAdoption).order_by(LedgerAdoption.id)):
        yield adoption_ref(row.id), adoption_data(row), None


ledger.register_source(KIND, _rows)


def adoptions(session: Session) -> list[Adoption]:
    """Every adoption so far, oldest first, as verify reports show them."""
    return [
        Adoption(
            count=row.count,
            at=local_time(row.at),
            first_entry=row.first_idx,
            last_entry=row.first_idx + row.count - 1,
        )
        for row in session.scalars(select(LedgerAdoption).order_by(LedgerAdoption.id))
    ]


def markers(session: Session, indexes: set[int]) -> Iterator[tuple[str, bytes, int]]:
    """``(ref, data, entry index)`` of the adoption entries that adopted any of
    ``indexes`` (an archive package carries them beside the entries they concern)."""
    for row in session.scalars(select(LedgerAdoption).order_by(LedgerAdoption.id)):
        if any(row.first_idx <= i < row.first_idx + row.count for i in indexes):
            yield adoption_ref(row.id), adoption_data(row), row.first_idx + row.count


@dataclass(frozen=True)
class Adopted:
    """What :func:`adopt` did (or, with ``dry_run``, would do)."""

    count: int
    kinds: dict[str, int] = field(default_factory=dict)
    at: datetime | None = None
    first_entry: int | None = None
    marker_entry: int | None = None
    checkpoint: ledger.Checkpoint | None = None

    def summary(self) -> str:
        if not self.count:
            return "Nothing to adopt: every row is already in the record."
        kinds = ", ".join(f"{kind} {n}" for kind, n in self.kinds.items())
        if self.at is None:
            return f"Would adopt {self.count} rows that predate the record ({kinds})."
        assert self.first_entry is not None and self.checkpoint is not None
        cp = self.checkpoint
        return (
            f"Adopted {self.count} rows that predate the record ({kinds}) on "
            f"{local_time(self.at)}: ledger entries {self.first_entry}–"
            f"{self.first_entry + self.count - 1}, adoption entry {self.marker_entry}. They "
            "were not protected before this date; every verification says so.\n"
            f"Signed checkpoint {cp.id}: {cp.size} entries, root {cp.root}."
        )


def _order(kind: str, ref: str) -> tuple[str, tuple[tuple[int, int, str], ...]]:
    """By kind, then by the row's key in its ref (numbers as numbers)."""
    parts = ref.split(":")[1:]
    return kind, tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in parts)


@dataclass(frozen=True)
class Unrecorded:
    """A live row that no ledger entry records."""

    kind: str
    ref: str
    leaf: bytes
    meeting_id: int | None


def unrecorded(session: Session) -> list[Unrecorded]:
    """Every live row that no ledger entry records, in adoption order."""
    from server.domain import dispatch

    dispatch._load_handlers()  # modules register the sources they record
    recorded = set(session.scalars(select(LedgerEntry.ref)))
    rows = [
        Unrecorded(kind, ref, leaf_hash(kind, ref, data), meeting_id)
        for kind, reader in ledger.SOURCES.items()
        if kind != KIND
        for ref, data, meeting_id in reader(session, None)
        if ref not in recorded
    ]
    _refuse_events_behind_the_record(rows, recorded)
    rows.sort(key=lambda r: _order(r.kind, r.ref))
    return rows


def _refuse_events_behind_the_record(rows: list[Unrecorded], recorded: set[str]) -> None:
    """Every event since the record began is recorded, so an unrecorded event numbered
    after a recorded one of its meeting was added behind the record."""
    first: dict[int, int] = {}
    for ref in recorded:
        kind, _, rest = ref.partition(":")
        meeting, _, seq = rest.partition(":")
        if kind == "event" and meeting.isdigit() and seq.isdigit():
            m, s = int(meeting), int(seq)
            first[m] = min(first.get(m, s), s)
    late = []
    for row in rows:
        if row.kind == "event":
            m, s = (int(x) for x in row.ref.split(":")[1:3])
            if m in first and s > first[m]:
                late.append(
                    f"- Event meeting {m} seq {s} has no ledger entry although event seq "
                    f"{first[m]} of that meeting has one: it was added behind the record."
                )
    if late:
        raise Conflict(
            "Nothing was adopted: some unrecorded rows are newer than the record, so they "
            "cannot predate it. Investigate them (and restore them from a backup or remove "
            "them) before adopting:\n" + "\n".join(late[:SHOWN])
        )


def _lock(session: Session) -> None:
    """Hold the log head for the whole transaction (on PostgreSQL its row lock, on
    SQLite the write lock), so no command commits an entry between the reading of the
    rows and the adoption."""
    session.execute(
        update(LedgerHead).where(LedgerHead.id == ledger.HEAD_ID).values(size=LedgerHead.size)
    )


def _check_intact(session: Session, signer: ledger.RecordSigner, blob_dir: Path | None) -> None:
    report = verify_online(session, signer.ca_pem(), blob_dir=blob_dir)
    others = [f for f in report.findings if f.code != "source.unrecorded"]
    if others:
        shown = "\n".join(f"- {f.message}" for f in others[:SHOWN])
        more = f"\n… and {len(others) - SHOWN} more." if len(others) > SHOWN else ""
        raise Conflict(
            "Nothing was adopted: the record has problems besides rows that predate it. "
            f"Run `ecabinet-server verify`, resolve these, then adopt:\n{shown}{more}"
        )


def adopt(
    session: Session,
    signer: ledger.RecordSigner,
    *,
    blob_dir: Path | None = None,
    dry_run: bool = False,
    now: datetime | None = None,
) -> Adopted:
    """Adopt every unrecorded row into the record (see the module docstring), in the
    caller's transaction; ``dry_run`` only counts them.  Raises ``Conflict`` (and
    writes nothing) when the record has any other problem."""
    _lock(session)
    _check_intact(session, signer, blob_dir)
    rows = unrecorded(session)
    kinds = dict(sorted(Counter(r.kind for r in rows).items()))
    if dry_run or not rows:
        return Adopted(count=len(rows), kinds=kinds)
    at = (now or utcnow()).astimezone(UTC)  # stored as UTC wall time, whatever the database
    for r in rows:
        ledger.append_leaf(session, r.kind, r.ref, r.leaf, meeting_id=r.meeting_id)
    ledger.write_pending(session)
    size, _ = ledger.head(session)
    first = size - len(rows)
    marker = LedgerAdoption(
        at=at,
        count=len(rows),
        first_idx=first,
        kinds=kinds,
        note=(
            f"These {len(rows)} rows (ledger entries {first}–{size - 1}) predate the "
            f"tamper-evident record: they were adopted into it on {local_time(at)} and were "
            "not protected before that date."
        ),
    )
    session.add(marker)
    session.flush()
    ledger.append(session, KIND, adoption_ref(marker.id), adoption_data(marker))
    made = ledger.checkpoint(session, signer, meeting_id=None)
    return Adopted(
        count=len(rows),
        kinds=kinds,
        at=at,
        first_entry=first,
        marker_entry=size,
        checkpoint=made,
    )
