"""The tamper-evident record: an append-only RFC 6962 log of every event, ballot,
document version and signature, with checkpoints signed by the server's record key.

Contract:

* :func:`append` is called in the transaction that writes the source row.  The entry
  is written when that transaction commits (a ``before_commit`` hook), so the log head
  is locked last and only for the commit: concurrent transactions never deadlock on it
  and get gapless, consecutive indexes (``SELECT … FOR UPDATE`` of the head row on
  PostgreSQL; SQLite has one writer).  A rollback drops the pending entries with the
  source rows.
* An entry stores its leaf hash and the tree head after it; the data is the canonical
  serialisation of the source row (``*_data`` below) and is recomputed from the live
  row when verifying (``server.domain.ledger_verify``), so nothing is stored twice.
  A secret ballot is recorded with its choice NULL, exactly as it is stored.
* :func:`checkpoint` signs the current head; one is written when a meeting ends, on
  ``ecabinet-server verify --checkpoint`` and for every archive package.
* Other modules record their rows with :func:`append` and tell the verifier how to
  read them back with :func:`register_source`.
"""

from __future__ import annotations

import base64
import inspect
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol, cast

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes
from sqlalchemy import Table, bindparam, event, insert, select, update
from sqlalchemy.orm import Session

from protocol.record import checkpoint_statement, frontier_root, leaf_hash, push
from server.domain.context import utcnow
from server.store.models import (
    AgendaItem,
    Ballot,
    Document,
    DocumentVersion,
    EventRecord,
    LedgerCheckpoint,
    LedgerEntry,
    LedgerHead,
    Poll,
)

HEAD_ID = 1
_PENDING = "ecabinet.ledger.pending"


class RecordSigner(Protocol):
    """What signs checkpoints: ``server.domain.pki.Pki`` (its record key)."""

    def record_key(self) -> tuple[x509.Certificate, PrivateKeyTypes]: ...

    def ca_pem(self) -> bytes: ...


@dataclass(frozen=True)
class _Pending:
    kind: str
    ref: str
    leaf: bytes
    meeting_id: int | None


@dataclass(frozen=True)
class Checkpoint:
    id: int
    size: int
    root: str
    at: str
    meeting_id: int | None


# --- canonical data of the source rows --------------------------------------------------


def canonical_json(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def utc_text(at: datetime) -> str:
    """A stored time as the record writes it (UTC, microseconds), whatever the database."""
    aware = at if at.tzinfo else at.replace(tzinfo=UTC)
    return aware.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def event_ref(meeting_id: int, seq: int) -> str:
    return f"event:{meeting_id}:{seq}"


def event_data(
    meeting_id: int, seq: int, type_: str, audience: str, payload: bytes, at: datetime
) -> bytes:
    """A JSON header line, then the stored payload bytes as they are."""
    header = {"audience": audience, "at": utc_text(at), "meeting_id": meeting_id}
    header |= {"seq": seq, "type": type_}
    return canonical_json(header) + b"\n" + payload


def ballot_ref(poll_id: int, member_id: int) -> str:
    return f"ballot:{poll_id}:{member_id}"


def ballot_data(
    poll_id: int,
    member_id: int,
    cast_by: int,
    choice: str | None,
    signature: bytes | None = None,
    certificate_pem: str | None = None,
) -> bytes:
    """``choice`` is None for a secret poll (as stored): the record never holds it.  A
    signed ballot adds its CMS (base64) and certificate; an unsigned one's data is as it
    was before signed votes existed."""
    data: dict[str, Any] = dict(
        cast_by=cast_by, choice=choice, member_id=member_id, poll_id=poll_id
    )
    if signature is not None:
        data |= {
            "signature": base64.b64encode(signature).decode(),
            "certificate_pem": certificate_pem,
        }
    return canonical_json(data)


def version_ref(document_id: int, version: int) -> str:
    return f"document_version:{document_id}:{version}"


def version_data(
    document_id: int, version: int, sha256: str, size: int, filename: str, pages: int
) -> bytes:
    return canonical_json(
        {
            "document_id": document_id,
            "filename": filename,
            "pages": pages,
            "sha256": sha256,
            "size": size,
            "version": version,
        }
    )


def describe(ref: str) -> str:
    """A ledger ref in words: ``event:3:17`` → ``event meeting 3 seq 17``."""
    kind, _, rest = ref.partition(":")
    parts = rest.split(":")
    if kind == "event" and len(parts) == 2:
        return f"event meeting {parts[0]} seq {parts[1]}"
    if kind == "ballot" and len(parts) == 2:
        return f"ballot of member {parts[1]} in poll {parts[0]}"
    if kind == "document_version" and len(parts) == 2:
        return f"document {parts[0]} version {parts[1]}"
    return ref.replace(":", " ")


# --- appending ---------------------------------------------------------------------------


def append(
    session: Session, kind: str, ref: str, data: bytes, *, meeting_id: int | None = None
) -> None:
    """Record the source row ``ref`` (canonical bytes ``data``) when ``session`` commits."""
    append_leaf(session, kind, ref, leaf_hash(kind, ref, data), meeting_id=meeting_id)


def append_leaf(
    session: Session, kind: str, ref: str, leaf: bytes, *, meeting_id: int | None = None
) -> None:
    """:func:`append` with the leaf already hashed (``protocol.record.leaf_hash``)."""
    session.info.setdefault(_PENDING, []).append(_Pending(kind, ref, leaf, meeting_id))


def _frontier(raw: bytes) -> list[bytes]:
    return [raw[i : i + 32] for i in range(0, len(raw), 32)]


_HEAD = cast(Table, LedgerHead.__table__)
_ENTRIES = cast(Table, LedgerEntry.__table__)
_LOCK_HEAD = select(_HEAD.c.size, _HEAD.c.frontier).where(_HEAD.c.id == HEAD_ID).with_for_update()
_INSERT_ENTRIES = insert(_ENTRIES)
_UPDATE_HEAD = (
    update(_HEAD)
    .where(_HEAD.c.id == HEAD_ID)
    .values(size=bindparam("new_size"), frontier=bindparam("new_frontier"))
)


def _lock_head(session: Session) -> tuple[int, list[bytes]]:
    """The head's size and frontier, locked until the transaction ends.

    Core statements on the session's connection: this runs once per committed event,
    and the ORM's unit of work costs several times more than the SQL."""
    session.flush()
    conn = session.connection()
    row = conn.execute(_LOCK_HEAD).first()
    if row is None:
        conn.execute(insert(_HEAD).values(id=HEAD_ID, size=0, frontier=b""))
        row = conn.execute(_LOCK_HEAD).one()
    return int(row.size), _frontier(row.frontier)


def write_pending(session: Session) -> None:
    """Write the entries appended in this transaction (normally done at commit)."""
    pending: list[_Pending] | None = session.info.pop(_PENDING, None)
    if not pending:
        return
    size, frontier = _lock_head(session)
    now = utcnow()
    rows = []
    for item in pending:
        frontier = push(frontier, item.leaf, size)
        rows.append(
            {
                "idx": size,
                "kind": item.kind,
                "ref": item.ref,
                "meeting_id": item.meeting_id,
                "leaf_hash": item.leaf,
                "root": frontier_root(frontier),
                "at": now,
            }
        )
        size += 1
    conn = session.connection()
    conn.execute(_INSERT_ENTRIES, rows)
    conn.execute(_UPDATE_HEAD, {"new_size": size, "new_frontier": b"".join(frontier)})


@event.listens_for(Session, "before_commit")
def _before_commit(session: Session) -> None:
    if session.info.get(_PENDING):
        write_pending(session)


@event.listens_for(Session, "after_rollback")
def _after_rollback(session: Session) -> None:
    session.info.pop(_PENDING, None)


def head(session: Session) -> tuple[int, bytes]:
    """The committed log's size and root (not locked)."""
    row = session.execute(
        select(_HEAD.c.size, _HEAD.c.frontier).where(_HEAD.c.id == HEAD_ID)
    ).first()
    if row is None:
        return 0, frontier_root([])
    return int(row.size), frontier_root(_frontier(row.frontier))


# --- checkpoints -------------------------------------------------------------------------


def sign(key: PrivateKeyTypes, data: bytes) -> bytes:
    if isinstance(key, ec.EllipticCurvePrivateKey):
        return key.sign(data, ec.ECDSA(hashes.SHA256()))
    if isinstance(key, rsa.RSAPrivateKey):
        return key.sign(data, padding.PKCS1v15(), hashes.SHA256())
    raise TypeError("the record key must be ECDSA or RSA")


def signature_valid(cert: x509.Certificate, signature: bytes, data: bytes) -> bool:
    public = cert.public_key()
    try:
        if isinstance(public, ec.EllipticCurvePublicKey):
            public.verify(signature, data, ec.ECDSA(hashes.SHA256()))
        elif isinstance(public, rsa.RSAPublicKey):
            public.verify(signature, data, padding.PKCS1v15(), hashes.SHA256())
        else:
            return False
    except InvalidSignature:
        return False
    return True


def issued_by(cert: x509.Certificate, ca: x509.Certificate) -> bool:
    try:
        cert.verify_directly_issued_by(ca)
    except (ValueError, TypeError, InvalidSignature):
        return False
    return True


def record_signer(settings: Any) -> RecordSigner:
    """The server's CA (``settings.pki_dir``), whose record key signs checkpoints."""
    from server.domain.pki import Pki

    return Pki.open(settings.pki_dir)


def checkpoint(session: Session, signer: RecordSigner, *, meeting_id: int | None) -> Checkpoint:
    """Sign the head of the log, including what this transaction appended so far."""
    write_pending(session)
    size, frontier = _lock_head(session)
    root = frontier_root(frontier)
    cert, key = signer.record_key()
    at = utcnow()
    statement = checkpoint_statement(size, root, utc_text(at), meeting_id)
    saved = LedgerCheckpoint(
        size=size,
        root=root,
        at=at,
        meeting_id=meeting_id,
        signature=sign(key, statement),
        certificate=cert.public_bytes(serialization.Encoding.PEM).decode(),
    )
    session.add(saved)
    session.flush()
    return Checkpoint(saved.id, size, root.hex(), utc_text(at), meeting_id)


def latest_checkpoint(session: Session, signer: RecordSigner) -> LedgerCheckpoint:
    """The newest checkpoint if it covers the whole log, else a new one."""
    write_pending(session)
    size, _ = head(session)
    last = session.scalar(select(LedgerCheckpoint).order_by(LedgerCheckpoint.id.desc()).limit(1))
    if last is None or last.size != size:
        made = checkpoint(session, signer, meeting_id=None)
        last = session.get(LedgerCheckpoint, made.id)
        assert last is not None
    return last


# --- reading the sources back -------------------------------------------------------------

#: (ref, canonical data, meeting id) of the live source rows of one kind: of one
#: meeting when given one, else all of them.
SourceReader = Callable[[Session, int | None], Iterable[tuple[str, bytes, int | None]]]
SOURCES: dict[str, SourceReader] = {}


def register_source(
    kind: str, reader: Callable[..., Iterable[tuple[str, bytes, int | None]]]
) -> None:
    """Tell the verifier how to read back the live rows that entries of ``kind`` record.

    ``reader(session, meeting_id)`` yields ``(ref, data, meeting_id)``; a reader that
    takes only the session is filtered by meeting here."""
    if len(inspect.signature(reader).parameters) == 1:
        every = reader

        def reader(session: Session, meeting_id: int | None) -> Iterator[Any]:
            return (r for r in every(session) if meeting_id is None or r[2] == meeting_id)

    SOURCES[kind] = reader


def _events(session: Session, meeting_id: int | None) -> Iterator[tuple[str, bytes, int | None]]:
    query = select(
        EventRecord.meeting_id,
        EventRecord.seq,
        EventRecord.type,
        EventRecord.audience,
        EventRecord.payload,
        EventRecord.at,
    )
    if meeting_id is not None:
        query = query.where(EventRecord.meeting_id == meeting_id)
    rows = session.execute(query.execution_options(yield_per=2000))
    for mid, seq, type_, audience, payload, at in rows:
        yield event_ref(mid, seq), event_data(mid, seq, type_, audience, payload, at), mid


def _ballots(session: Session, meeting_id: int | None) -> Iterator[tuple[str, bytes, int | None]]:
    query = select(
        Ballot.poll_id,
        Ballot.member_id,
        Ballot.cast_by,
        Ballot.choice,
        Ballot.signature,
        Ballot.certificate_pem,
        Poll.meeting_id,
    ).join(Poll, Poll.id == Ballot.poll_id)
    if meeting_id is not None:
        query = query.where(Poll.meeting_id == meeting_id)
    rows = session.execute(query)
    for poll_id, member_id, cast_by, choice, signature, cert, mid in rows:
        data = ballot_data(poll_id, member_id, cast_by, choice, signature, cert)
        yield ballot_ref(poll_id, member_id), data, mid


def version_rows(session: Session, meeting_id: int | None = None) -> Any:
    """Document versions with their meeting id (of one meeting, or all)."""
    query = (
        select(DocumentVersion, AgendaItem.meeting_id)
        .join(Document, Document.id == DocumentVersion.document_id)
        .join(AgendaItem, AgendaItem.id == Document.item_id)
        .order_by(DocumentVersion.document_id, DocumentVersion.version)
    )
    if meeting_id is not None:
        query = query.where(AgendaItem.meeting_id == meeting_id)
    return session.execute(query)


def _versions(session: Session, meeting_id: int | None) -> Iterator[tuple[str, bytes, int | None]]:
    for v, mid in version_rows(session, meeting_id):
        data = version_data(v.document_id, v.version, v.sha256, v.size, v.filename, v.pages)
        yield version_ref(v.document_id, v.version), data, mid


register_source("event", _events)
register_source("ballot", _ballots)
register_source("document_version", _versions)


def verify_online(session: Session, ca_pem: bytes | None = None, *, blob_dir: Any = None) -> Any:
    """See :func:`server.domain.ledger_verify.verify_online` (the shared interface's name)."""
    from server.domain.ledger_verify import verify_online as run

    return run(session, ca_pem, blob_dir=blob_dir)


def verify_package(zip_path: Any, ca_pem: bytes | None = None) -> Any:
    """See :func:`server.domain.archive_package_verify.verify_package`."""
    from server.domain.archive_package_verify import verify_package as run

    return run(zip_path, ca_pem)
