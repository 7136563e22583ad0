"""The archive's search index: what is indexed, and ``archive.search``/``archive.facets``.

Indexers (documents on upload, minutes, decisions, opinion polls) call :func:`index`
inside their own transaction.  The text is kept as written (NFC) in ``archive_texts``
for snippets; the full-text index holds its folded words (``protocol.archive.fold``:
no diacritics, ``đ`` → ``d``), so ``bien ban hop`` finds ``biên bản họp``.  The index is
an FTS5 table on SQLite and a ``tsvector`` column with a GIN index on PostgreSQL (see
migration ``0004_archive``); :mod:`server.domain._archive_query` runs the queries.

An archivist (``archive.read``) sees every entry at or below their clearance; an entry
of a meeting is also held back when the meeting is now classified above it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, delete, func, insert, select, text
from sqlalchemy.orm import Session

from protocol import archive as msg
from protocol.archive import Kind, normalize, words
from protocol.errors import InvalidInput, NotFound
from protocol.meeting_state import CLASSIFICATION_RANK, Classification
from protocol.permissions import global_permissions, require
from server.domain import _archive_query as query
from server.domain.context import Actor, Ctx
from server.domain.dispatch import handles
from server.store.models import (
    AgendaItem,
    ArchiveEntry,
    ArchiveText,
    Document,
    DocumentVersion,
    Meeting,
    Unit,
    User,
)

#: Characters of one entry's text that reach the full-text index at most.
MAX_INDEXED_CHARS = 2_000_000


@dataclass(frozen=True)
class Entry:
    """One record to index; the arguments of :func:`index`."""

    kind: str
    ref: str
    meeting_id: int | None
    title: str
    text: str
    date: datetime
    classification: str
    signers: Sequence[str] = ()
    body: str = ""
    version_id: int | None = None


def index(
    session: Session,
    *,
    kind: str,
    ref: str,
    meeting_id: int | None,
    title: str,
    text: str,
    date: datetime,
    classification: str,
    signers: Sequence[str] = (),
    body: str = "",
    version_id: int | None = None,
) -> int:
    """Index one record (in the caller's transaction); returns the entry id.

    ``(kind, ref)`` identifies the record: indexing it again replaces the entry.
    ``version_id`` is the PDF an archivist opens from the result (for documents,
    decisions and minutes); when it is None and ``ref`` is a number, that number is
    taken for documents, decisions and minutes.  ``date`` must carry a time zone."""
    entry = Entry(
        kind, ref, meeting_id, title, text, date, classification, signers, body, version_id
    )
    index_many(session, [entry])
    found = session.scalar(
        select(ArchiveEntry.id).where(ArchiveEntry.kind == kind, ArchiveEntry.ref == ref)
    )
    assert found is not None
    return found


def index_many(session: Session, entries: Iterable[Entry]) -> int:
    """Index many records at once (bulk inserts; the same rules as :func:`index`);
    returns how many."""
    now = datetime.now(UTC)
    rows = [_row(e, now) for e in entries]
    if not rows:
        return 0
    keys = {(str(r["kind"]), str(r["ref"])) for r in rows}
    if len(keys) != len(rows):
        raise InvalidInput("The same (kind, ref) appears twice in one batch.")
    _remove(session, keys)
    texts = [r.pop("text") for r in rows]
    sqlite = session.get_bind().dialect.name == "sqlite"
    if sqlite:
        session.execute(insert(ArchiveEntry), rows)
        # This transaction holds SQLite's write lock since the insert: the new rows
        # got the last len(rows) ids, in order.
        last = session.scalar(select(func.max(ArchiveEntry.id))) or 0
        ids = list(range(last - len(rows) + 1, last + 1))
    else:
        returning = insert(ArchiveEntry).returning(ArchiveEntry.id, sort_by_parameter_order=True)
        ids = list(session.scalars(returning, rows))
    session.execute(
        insert(ArchiveText), [{"entry_id": i, "text": t} for i, t in zip(ids, texts, strict=True)]
    )
    if sqlite:
        session.execute(text(f"{_SQLITE_ADD} WHERE e.id >= :first"), {"first": ids[0]})
    else:
        params = _pg_params({**r, "text": t} for r, t in zip(rows, texts, strict=True))
        session.execute(text(_PG_FTS + " WHERE kind = :kind AND ref = :ref"), params)
    return len(rows)


def index_document_version(session: Session, version_id: int, text: str) -> int:
    """Index an uploaded document version (kind ``document``, ref = the version id):
    title "<agenda item> — <file name>", the meeting's classification, the upload
    time, and as body the unit of the item's presenter."""
    version = session.get(DocumentVersion, version_id)
    doc = session.get(Document, version.document_id) if version is not None else None
    item = session.get(AgendaItem, doc.item_id) if doc is not None else None
    meeting = session.get(Meeting, item.meeting_id) if item is not None else None
    if version is None or item is None or meeting is None:
        raise NotFound(f"Document version {version_id} does not exist.")
    body = ""
    if item.presenter_user_id is not None:
        body = (
            session.scalar(
                select(Unit.name)
                .join(User, User.unit_id == Unit.id)
                .where(User.id == item.presenter_user_id)
            )
            or ""
        )
    return index(
        session,
        kind=Kind.DOCUMENT,
        ref=str(version.id),
        meeting_id=meeting.id,
        title=f"{item.title} — {version.filename}",
        text=text,
        date=version.created_at
        if version.created_at.tzinfo
        else version.created_at.replace(tzinfo=UTC),
        classification=meeting.classification,
        body=body,
        version_id=version.id,
    )


def remove(session: Session, kind: str, ref: str) -> bool:
    """Take a record out of the archive; False if it was not there."""
    return _remove(session, {(kind, ref)}) > 0


def rebuild(session: Session) -> int:
    """Recreate the full-text index from ``archive_entries`` (after a restore or an
    upgrade of the folding rules); returns the number of entries."""
    if session.get_bind().dialect.name == "sqlite":
        session.execute(text("INSERT INTO archive_fts(archive_fts) VALUES('delete-all')"))
        session.execute(text(_SQLITE_ADD))
        return session.scalar(select(func.count()).select_from(ArchiveEntry)) or 0
    e = ArchiveEntry
    rows = session.execute(
        select(e.kind, e.ref, e.title, ArchiveText.text, e.signers, e.body).join(
            ArchiveText, ArchiveText.entry_id == e.id
        )
    ).all()
    session.execute(
        text(_PG_FTS + " WHERE kind = :kind AND ref = :ref"), _pg_params(r._asdict() for r in rows)
    )
    return len(rows)


def _row(entry: Entry, now: datetime) -> dict[str, object]:
    kinds = [k.value for k in Kind]
    if entry.kind not in kinds:
        raise InvalidInput(f"Unknown archive kind {entry.kind!r}; use one of {kinds}.")
    if entry.classification not in CLASSIFICATION_RANK:
        raise InvalidInput(f"Unknown classification {entry.classification!r}.")
    if entry.date.tzinfo is None:
        raise InvalidInput("The date of an archive entry needs a time zone.")
    if not entry.ref or len(entry.ref) > 128:
        raise InvalidInput("An archive ref must have 1 to 128 characters.")
    version_id = entry.version_id
    if version_id is None and entry.kind != Kind.CONSULTATION and entry.ref.isdigit():
        version_id = int(entry.ref)
    signers = [normalize(s).strip() for s in entry.signers if s.strip()]
    return {
        "kind": entry.kind,
        "ref": entry.ref,
        "meeting_id": entry.meeting_id,
        "version_id": version_id,
        "date": entry.date.astimezone(UTC),
        "classification": entry.classification,
        "body": normalize(entry.body).strip()[:255],
        "signers": "\n".join(signers),
        "signers_folded": "".join(f"|{' '.join(words(s))}" for s in signers) + "|"
        if signers
        else "",
        "created_at": now,
        "title": normalize(entry.title).strip()[:1000],
        "text": normalize(entry.text),
    }


def _sqlite_folded(expr: str) -> str:
    return f"replace(replace({expr}, 'đ', 'd'), 'Đ', 'D')"


#: The rows the FTS5 table gets, as a SELECT over ``archive_entries`` (used to add,
#: to forget with the 'delete' command, and to rebuild: always the same values).
#: SQLite gets the text with only ``đ``/``Đ`` folded: FTS5's ``unicode61
#: remove_diacritics 2`` folds case, tones and vowel marks itself, at C speed.
_SQLITE_FTS_COLUMNS = (
    f"e.id, {_sqlite_folded('e.title')}, "
    f"{_sqlite_folded(f'substr(t.text, 1, {MAX_INDEXED_CHARS})')}, "
    f"{_sqlite_folded('e.signers || char(10) || e.body')}"
)
_SQLITE_FTS = (
    f"SELECT {_SQLITE_FTS_COLUMNS} FROM archive_entries e JOIN archive_texts t ON t.entry_id = e.id"
)
_SQLITE_ADD = f"INSERT INTO archive_fts(rowid, title, text, extra) {_SQLITE_FTS}"
#: PostgreSQL gets the folded words separated by spaces (see :func:`_pg_words`).
_PG_FTS = (
    "UPDATE archive_entries SET archive_fts = "
    "setweight(to_tsvector('simple', :title), 'A') || "
    "setweight(to_tsvector('simple', :extra), 'B') || "
    "to_tsvector('simple', :text)"
)


def _pg_words(value: str) -> str:
    """The folded words of ``value`` separated by spaces, so that PostgreSQL's parser
    sees plain words (no paths, e-mails, hyphenated compounds), at most 1 MB (the
    size a tsvector's words may have)."""
    joined = " ".join(words(value[:MAX_INDEXED_CHARS]))
    return joined if len(joined) <= 1_000_000 else joined[: joined.rfind(" ", 0, 1_000_000)]


def _pg_params(rows: Iterable[Mapping[str, Any]]) -> list[dict[str, object]]:
    return [
        {
            "kind": r["kind"],
            "ref": r["ref"],
            "title": _pg_words(r["title"]),
            "text": _pg_words(r["text"]),
            "extra": _pg_words(f"{r['signers']}\n{r['body']}"),
        }
        for r in rows
    ]


def _remove(session: Session, keys: set[tuple[str, str]]) -> int:
    """Delete the entries with these keys and their full text; how many there were."""
    ids: list[int] = []
    for kind in {k for k, _ in keys}:
        refs = [r for k, r in keys if k == kind]
        for chunk in range(0, len(refs), 500):
            ids += session.scalars(
                select(ArchiveEntry.id).where(
                    ArchiveEntry.kind == kind, ArchiveEntry.ref.in_(refs[chunk : chunk + 500])
                )
            ).all()
    if not ids:
        return 0
    if session.get_bind().dialect.name == "sqlite":
        # A contentless FTS5 table forgets a row when told the text it indexed.
        forget = text(
            "INSERT INTO archive_fts(archive_fts, rowid, title, text, extra) "
            f"SELECT 'delete', {_SQLITE_FTS_COLUMNS} FROM archive_entries e "
            "JOIN archive_texts t ON t.entry_id = e.id WHERE e.id IN :ids"
        ).bindparams(bindparam("ids", expanding=True))
        session.execute(forget, {"ids": ids})
    session.execute(delete(ArchiveText).where(ArchiveText.entry_id.in_(ids)))
    session.execute(delete(ArchiveEntry).where(ArchiveEntry.id.in_(ids)))
    return len(ids)


# --- who may read ---------------------------------------------------------------------


def visible_classifications(clearance: str) -> list[str]:
    """The classifications a holder of ``clearance`` may see."""
    rank = CLASSIFICATION_RANK[Classification(clearance)]
    return [c.value for c, r in CLASSIFICATION_RANK.items() if r <= rank]


def readable_in_archive(session: Session, actor: Actor, version_id: int) -> bool:
    """True when ``actor`` may open document version ``version_id`` as an archivist: it
    is in the archive, within their clearance (the meeting's current one included)."""
    if "archive.read" not in global_permissions(actor.roles):
        return False
    allowed = visible_classifications(actor.clearance)
    found = session.execute(
        select(ArchiveEntry.id, Meeting.classification)
        .outerjoin(Meeting, Meeting.id == ArchiveEntry.meeting_id)
        .where(ArchiveEntry.version_id == version_id, ArchiveEntry.classification.in_(allowed))
    ).all()
    return any(meeting is None or meeting in allowed for _id, meeting in found)


# --- commands ------------------------------------------------------------------------


def _day(value: str | None, name: str) -> datetime | None:
    if value is None or value == "":
        return None
    try:
        day = datetime.strptime(value, "%Y-%m-%d")
    except ValueError:
        raise InvalidInput(f"{name} must be a date written YYYY-MM-DD, not {value!r}.") from None
    return day.replace(tzinfo=query.VIETNAM).astimezone(UTC)


def search(
    session: Session, clearance: str, cmd: msg.ArchiveSearch, *, rank_limit: int | None = None
) -> msg.ArchiveResults:
    """Run ``cmd`` for someone with ``clearance`` (no permission check: see the handler).

    Relevance ranks (bm25 / ts_rank) at most the newest ``rank_limit`` hits
    (:data:`server.domain._archive_query.RANK_LIMIT`); more hits make ``capped`` true."""
    if cmd.offset < 0 or not 1 <= cmd.limit <= msg.MAX_LIMIT:
        raise InvalidInput(f"offset must be 0 or more and limit 1 to {msg.MAX_LIMIT}.")
    start, end = _day(cmd.date_from, "date_from"), _day(cmd.date_to, "date_to")
    if start is not None and end is not None and end < start:
        raise InvalidInput("date_to is before date_from; swap them.")
    filters = query.Filters(
        classifications=visible_classifications(clearance),
        kinds=[str(k) for k in cmd.kinds],
        start=start,
        end=end + timedelta(days=1) if end is not None else None,
        meeting_id=cmd.meeting_id,
        body=cmd.body or None,
        signer=" ".join(words(cmd.signer or "")) or None,
    )
    return query.run(
        session,
        msg.parse_query(cmd.query),
        filters,
        sort=cmd.sort,
        offset=cmd.offset,
        limit=cmd.limit,
        rank_limit=rank_limit or query.RANK_LIMIT,
    )


def facets(session: Session, clearance: str) -> msg.ArchiveFacetsResult:
    """The meetings, bodies, signers and kinds of the entries ``clearance`` may see."""
    return query.facets(session, visible_classifications(clearance))


@handles(msg.ArchiveSearch, record=False)
def handle_search(ctx: Ctx, cmd: msg.ArchiveSearch) -> msg.ArchiveResults:
    require(global_permissions(ctx.user.roles), "archive.read")
    return search(ctx.session, ctx.user.clearance, cmd)


@handles(msg.ArchiveFacets, record=False)
def handle_facets(ctx: Ctx, cmd: msg.ArchiveFacets) -> msg.ArchiveFacetsResult:
    require(global_permissions(ctx.user.roles), "archive.read")
    return facets(ctx.session, ctx.user.clearance)
