"""Online verification of the record: recompute every leaf from the live rows, walk the
tree heads, check every signed checkpoint, and re-hash the stored files.

Every problem becomes a :class:`protocol.record.Finding` that names the row, the
ledger entry or the checkpoint concerned:

* a source row changed since it was recorded (``source.changed``), deleted
  (``source.deleted``) or never recorded (``source.unrecorded``);
* a ledger entry missing (``entry.missing``, with the row it recorded when that can be
  worked out), two entries that changed places (``entry.reordered``), an entry whose
  leaf or tree head was altered (``entry.altered``), a row recorded twice
  (``entry.duplicate``), a head that disagrees with the entries (``head.mismatch``);
* a stored file whose bytes differ from the recorded SHA-256 (``blob.changed``) or
  that is gone (``blob.missing``);
* a checkpoint whose signature is invalid (``checkpoint.signature``), whose
  certificate is not from the CA (``checkpoint.certificate``) or whose signed root is
  not a prefix of the current log (``checkpoint.mismatch``).

Rows adopted after the fact (``server.domain.ledger_adopt``) are no problem, but the
report names each adoption (``VerifyReport.adoptions``): they were not protected before.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from cryptography import x509
from sqlalchemy import select
from sqlalchemy.orm import Session

from protocol.record import VerifyReport, checkpoint_statement, frontier_root, leaf_hash, push
from server.domain import ledger
from server.store.models import DocumentVersion, LedgerCheckpoint, LedgerEntry

VIETNAM = timezone(timedelta(hours=7))
#: How far apart two swapped entries may be and still be recognised as a swap.
SWAP_WINDOW = 64


def local_time(at: datetime) -> str:
    aware = at if at.tzinfo else at.replace(tzinfo=UTC)
    return aware.astimezone(VIETNAM).isoformat(timespec="seconds")


class _Log:
    """The ledger rows by position, with the leaves recomputed from the live sources."""

    def __init__(self, session: Session, report: VerifyReport) -> None:
        rows = session.execute(
            select(
                LedgerEntry.idx,
                LedgerEntry.kind,
                LedgerEntry.ref,
                LedgerEntry.leaf_hash,
                LedgerEntry.root,
            ).order_by(LedgerEntry.idx)
        ).all()
        self.size, self.head_root = ledger.head(session)
        self.n: int = max([self.size] + [r.idx + 1 for r in rows])
        self.ref: list[str | None] = [None] * self.n
        self.stored: list[bytes | None] = [None] * self.n
        self.roots: list[bytes | None] = [None] * self.n
        for r in rows:
            self.ref[r.idx], self.stored[r.idx], self.roots[r.idx] = r.ref, r.leaf_hash, r.root
        self.kind = {r.idx: r.kind for r in rows}
        self.sources: dict[str, bytes] = {}
        for kind, reader in ledger.SOURCES.items():
            for ref, data, _meeting in reader(session, None):
                self.sources[ref] = leaf_hash(kind, ref, data)
        report.entries = len(rows)

    def source_leaf(self, i: int) -> bytes | None:
        ref = self.ref[i]
        return self.sources.get(ref) if ref is not None else None

    def checked(self, i: int) -> bool:
        return self.kind.get(i) in ledger.SOURCES


def verify_online(
    session: Session, ca_pem: bytes | None = None, *, blob_dir: Path | None = None
) -> VerifyReport:
    """Verify the whole record; ``ca_pem`` is the CA that must have issued the record
    certificates, ``blob_dir`` where the document files are (re-hashed when given)."""
    from server.domain import dispatch, ledger_adopt

    dispatch._load_handlers()  # modules register the sources they record
    report = VerifyReport()
    log = _Log(session, report)
    recorded = _check_sources(log, report)
    orphans = {ref: leaf for ref, leaf in log.sources.items() if ref not in recorded}
    _check_chain(log, report, orphans)
    for ref in sorted(orphans):
        report.add(
            "source.unrecorded",
            f"{ledger.describe(ref).capitalize()} has no ledger entry: it was added "
            "outside the record.",
            ref=ref,
        )
    if orphans:
        report.notes.append(
            "Rows without a ledger entry that predate the record (a database upgraded from "
            "a version without it) can be adopted into it: `ecabinet-server ledger adopt`."
        )
    _check_checkpoints(session, log, report, ca_pem)
    if blob_dir is not None:
        _check_blobs(session, blob_dir, report)
    report.adoptions = ledger_adopt.adoptions(session)
    return report


def _check_sources(log: _Log, report: VerifyReport) -> set[str]:
    """Position-independent checks: each recorded row still exists and is unchanged."""
    seen: dict[str, int] = {}
    for i in range(log.n):
        ref = log.ref[i]
        if ref is None:
            continue
        if ref in seen:
            report.add(
                "entry.duplicate",
                f"Ledger entries {seen[ref]} and {i} both record {ledger.describe(ref)}.",
                entry=i,
                ref=ref,
            )
        seen.setdefault(ref, i)
        if not log.checked(i):
            continue
        source = log.sources.get(ref)
        if source is None:
            report.add(
                "source.deleted",
                f"{ledger.describe(ref).capitalize()} was deleted (ledger entry {i} records it).",
                entry=i,
                ref=ref,
            )
    return set(seen)


def _compare(log: _Log, report: VerifyReport, i: int) -> None:
    """Report the source row of entry ``i`` if it no longer gives the recorded leaf."""
    source = log.source_leaf(i) if log.checked(i) else None
    stored, ref = log.stored[i], log.ref[i]
    if source is not None and stored is not None and ref is not None and source != stored:
        report.add(
            "source.changed",
            f"{ledger.describe(ref).capitalize()} changed after it was recorded "
            f"(ledger entry {i}).",
            entry=i,
            ref=ref,
        )


def _chain_ok(log: _Log, frontier: list[bytes], i: int, leaf: bytes) -> bool:
    return frontier_root(push(frontier, leaf, i)) == log.roots[i]


def _check_chain(log: _Log, report: VerifyReport, orphans: dict[str, bytes]) -> None:
    """Walk the tree heads in order; explain each break as a change, a gap or a swap."""
    stop = _walk(log, report, orphans)
    for k in range(stop, log.n):
        _compare(log, report, k)


def _walk(log: _Log, report: VerifyReport, orphans: dict[str, bytes]) -> int:
    """The chain walk; returns where it had to stop (``log.n`` when it went through)."""
    frontier: list[bytes] = []
    i = 0
    while i < log.n:
        stored, ref = log.stored[i], log.ref[i]
        if stored is None or ref is None:
            if not _fill_gap(log, report, orphans, frontier, i):
                report.add(
                    "entry.missing",
                    f"Ledger entry {i} is missing; entries after it cannot be chained.",
                    entry=i,
                )
                return i
            stored, ref = log.stored[i], log.ref[i]
            assert stored is not None and ref is not None
        source = log.source_leaf(i) if log.checked(i) else None
        if _chain_ok(log, frontier, i, stored):
            _compare(log, report, i)
            frontier = push(frontier, stored, i)
            i += 1
            continue
        if source is not None and source != stored and _chain_ok(log, frontier, i, source):
            report.add(
                "entry.altered",
                f"Ledger entry {i} ({ledger.describe(ref)}) was altered: its leaf hash no "
                "longer matches the row or the tree.",
                entry=i,
                ref=ref,
            )
            frontier = push(frontier, source, i)
            i += 1
            continue
        j = _find_swap(log, frontier, i)
        if j is None:
            report.add(
                "entry.altered",
                f"Ledger entry {i} ({ledger.describe(ref)}) was altered: it no longer "
                "chains to the tree head recorded with it; entries after it are unchecked.",
                entry=i,
                ref=ref,
            )
            return i + 1
        other = log.ref[j] or ""
        report.add(
            "entry.reordered",
            f"Ledger entries {i} and {j} were reordered: {ledger.describe(ref)} and "
            f"{ledger.describe(other)} swapped places.",
            entry=i,
            ref=ref,
        )
        for k in range(i, j + 1):
            leaf = log.stored[j if k == i else i if k == j else k]
            assert leaf is not None
            frontier = push(frontier, leaf, k)
        for k in range(i, j + 1):
            _compare(log, report, k)
        i = j + 1
    if log.n and log.stored[log.n - 1] is not None and frontier_root(frontier) != log.head_root:
        report.add(
            "head.mismatch",
            f"The log head (size {log.size}) does not match the entries; it was altered.",
        )
    elif log.size != log.n:
        report.add(
            "head.mismatch",
            f"The log head records {log.size} entries but there are {log.n}.",
        )
    return log.n


def _fill_gap(
    log: _Log, report: VerifyReport, orphans: dict[str, bytes], frontier: list[bytes], i: int
) -> bool:
    """A missing entry: find the unrecorded row whose leaf makes the tree whole again."""
    for ref, leaf in sorted(orphans.items()):
        after = push(frontier, leaf, i)
        nxt = log.stored[i + 1] if i + 1 < log.n else None
        if nxt is not None:
            fits = frontier_root(push(after, nxt, i + 1)) == log.roots[i + 1]
        else:
            fits = i + 1 == log.n and frontier_root(after) == log.head_root
        if fits:
            del orphans[ref]
            log.ref[i], log.stored[i] = ref, leaf
            log.roots[i] = frontier_root(after)
            report.add(
                "entry.missing",
                f"Ledger entry {i} is missing (it recorded {ledger.describe(ref)}).",
                entry=i,
                ref=ref,
            )
            return True
    return False


def _find_swap(log: _Log, frontier: list[bytes], i: int) -> int | None:
    """The ``j`` such that entries ``i`` and ``j`` exchanged places, if any."""
    for j in range(i + 1, min(log.n, i + SWAP_WINDOW)):
        if log.stored[j] is None:
            break
        trial = list(frontier)
        roots: list[bytes] = []
        good = True
        for k in range(i, j + 1):
            leaf = log.stored[j if k == i else i if k == j else k]
            assert leaf is not None
            trial = push(trial, leaf, k)
            roots.append(frontier_root(trial))
            if i < k < j and roots[-1] != log.roots[k]:
                good = False
                break
        if good and {roots[0], roots[-1]} == {log.roots[i], log.roots[j]}:
            return j
    return None


def _current_leaves(log: _Log) -> list[bytes | None]:
    out: list[bytes | None] = []
    for i in range(log.n):
        source = log.source_leaf(i) if log.checked(i) else None
        out.append(source if source is not None else log.stored[i])
    return out


def _check_checkpoints(
    session: Session, log: _Log, report: VerifyReport, ca_pem: bytes | None
) -> None:
    ca = x509.load_pem_x509_certificate(ca_pem) if ca_pem else None
    checkpoints = list(session.scalars(select(LedgerCheckpoint).order_by(LedgerCheckpoint.id)))
    report.checkpoints = len(checkpoints)
    wanted = {c.size for c in checkpoints}
    roots: dict[int, bytes] = {0: frontier_root([])} if 0 in wanted else {}
    frontier: list[bytes] = []
    gap: int | None = None
    for i, leaf in enumerate(_current_leaves(log)):
        if leaf is None:
            gap = i
            break
        frontier = push(frontier, leaf, i)
        if i + 1 in wanted:
            roots[i + 1] = frontier_root(frontier)
    for c in checkpoints:
        name = f"Checkpoint {c.id} ({c.size} entries, signed {local_time(c.at)})"
        cert = x509.load_pem_x509_certificate(c.certificate.encode())
        statement = checkpoint_statement(c.size, c.root, ledger.utc_text(c.at), c.meeting_id)
        if not ledger.signature_valid(cert, c.signature, statement):
            report.add("checkpoint.signature", f"{name}: the signature is invalid.")
        if ca is not None and not ledger.issued_by(cert, ca):
            report.add(
                "checkpoint.certificate",
                f"{name}: signed by a certificate the organisation CA did not issue.",
            )
        if c.size in roots:
            if roots[c.size] != c.root:
                report.add(
                    "checkpoint.mismatch",
                    f"{name} does not match the log: something among the first {c.size} "
                    "entries was changed, removed or reordered since it was signed.",
                )
        elif c.size > log.n:
            report.add(
                "checkpoint.mismatch",
                f"{name} covers more entries than the log holds ({log.n}): entries at the "
                "end were removed.",
            )
        else:
            report.add(
                "checkpoint.mismatch",
                f"{name} cannot be checked: ledger entry {gap} is missing.",
            )


def _check_blobs(session: Session, blob_dir: Path, report: VerifyReport) -> None:
    hashed: dict[str, str | None] = {}
    rows = session.execute(
        select(
            DocumentVersion.document_id,
            DocumentVersion.version,
            DocumentVersion.filename,
            DocumentVersion.sha256,
        ).order_by(DocumentVersion.document_id, DocumentVersion.version)
    )
    for doc, version, filename, sha in rows:
        if sha not in hashed:
            hashed[sha] = _sha256(blob_dir / sha[:2] / sha)
        what = f"document {doc} version {version} ({filename})"
        ref = ledger.version_ref(doc, version)
        if hashed[sha] is None:
            report.add("blob.missing", f"The stored file of {what} is missing.", ref=ref)
        elif hashed[sha] != sha:
            report.add(
                "blob.changed",
                f"The stored file of {what} was changed: its bytes differ from the recorded "
                "SHA-256.",
                ref=ref,
            )


def _sha256(path: Path) -> str | None:
    digest = hashlib.sha256()
    try:
        with path.open("rb") as fh:
            while block := fh.read(1024 * 1024):
                digest.update(block)
    except FileNotFoundError:
        return None
    return digest.hexdigest()
