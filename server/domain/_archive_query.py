"""The archive's queries: candidates from the full-text index, ranking, the page of hits.

Ranking every hit of a broad word (tens of thousands of entries) would dominate the
query time, so the full-text query walks the hits newest first (by entry id, i.e. the
order of indexing) and stops after ``rank_limit + 1`` (``capped`` then tells that there
are more).  Those hits are ranked: by ts_rank on PostgreSQL; on SQLite by bm25 over the
query's narrow phrases (see :func:`_candidates`), or, when every word is common, listed
newest first (``ranked`` false).  Narrow queries, the usual case for an archivist, are
ranked in full.  A meeting or date filter narrows the walk to its range of ids.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from sqlalchemy import (
    ColumnElement,
    String,
    bindparam,
    column,
    func,
    literal_column,
    or_,
    select,
    table,
    text,
    type_coerce,
)
from sqlalchemy.orm import Session

from protocol import archive as msg
from protocol.archive import Kind, ParsedQuery, Sort, highlights, snippet
from server.store.models import ArchiveEntry, ArchiveText, Meeting

#: Asia/Ho_Chi_Minh (no daylight saving time).
VIETNAM = timezone(timedelta(hours=7), "ICT")
#: Hits ranked at most per query (the newest ones).
RANK_LIMIT = 500
#: bm25 weights of the FTS5 columns title, text, extra (signers and body).
_BM25 = "bm25(archive_fts, 4.0, 1.0, 2.0)"


@dataclass(frozen=True)
class Filters:
    """What the archivist may see and asked to see (dates in UTC, ``end`` excluded)."""

    classifications: list[str]
    kinds: list[str]
    start: datetime | None
    end: datetime | None
    meeting_id: int | None
    body: str | None
    #: Folded words of (part of) a signer's name.
    signer: str | None


def _conditions(f: Filters) -> list[ColumnElement[bool]]:
    e = ArchiveEntry
    conds: list[ColumnElement[bool]] = []
    if len(f.classifications) < 3:
        conds.append(e.classification.in_(f.classifications))
        # An entry of a meeting classified higher since it was indexed stays hidden.
        above = select(Meeting.id).where(Meeting.classification.not_in(f.classifications))
        conds.append(or_(e.meeting_id.is_(None), e.meeting_id.not_in(above)))
    if f.kinds:
        conds.append(e.kind.in_(f.kinds))
    if f.start is not None:
        conds.append(e.date >= f.start)
    if f.end is not None:
        conds.append(e.date < f.end)
    if f.meeting_id is not None:
        conds.append(e.meeting_id == f.meeting_id)
    if f.body:
        conds.append(e.body == f.body)
    if f.signer:
        pattern = "%" + f.signer.replace("\\", "").replace("%", "").replace("_", "") + "%"
        conds.append(e.signers_folded.like(pattern))
    return conds


def fts5_match(query: ParsedQuery) -> str:
    """The FTS5 MATCH expression: every phrase (AND), the last word as a prefix."""
    parts = ['"' + " ".join(p).replace('"', '""') + '"' for p in query.phrases]
    if query.prefix:
        parts[-1] += " *"
    return " AND ".join(parts)


def tsquery(query: ParsedQuery) -> str:
    """The PostgreSQL ``to_tsquery('simple', …)`` text of the same query."""

    def lexeme(word: str) -> str:
        return "'" + word.replace("\\", "").replace("'", "''") + "'"

    parts = [" <-> ".join(lexeme(w) for w in p) for p in query.phrases]
    if query.prefix:
        parts[-1] += ":*"
    return " & ".join(f"({p})" for p in parts)


def _narrowing(f: Filters) -> bool:
    """Filters whose entries lie in a narrow range of ids (a meeting, dates: ids follow
    the order of indexing), found through an index."""
    return bool(f.start or f.end or f.meeting_id is not None)


def _narrow_phrases(session: Session, query: ParsedQuery, limit: int) -> ParsedQuery:
    """The phrases of ``query`` that are in at most ``limit`` entries (each counted up to
    ``limit + 1``: no ranking, stops early), as a query of their own."""
    narrow: list[list[str]] = []
    prefix = False
    for n, phrase in enumerate(query.phrases):
        last = query.prefix and n == len(query.phrases) - 1
        match = fts5_match(ParsedQuery([phrase], last))
        sub = "SELECT 1 FROM archive_fts WHERE archive_fts MATCH :m LIMIT :k"
        hits = session.scalar(text(f"SELECT count(*) FROM ({sub})"), {"m": match, "k": limit + 1})
        if (hits or 0) <= limit:
            narrow.append(phrase)
            prefix = last
    return ParsedQuery(narrow, prefix)


def _candidates(
    session: Session,
    query: ParsedQuery,
    filters: Filters,
    rank_limit: int,
    by_date: bool,
) -> tuple[list[tuple[int, Any]], bool]:
    """Up to ``rank_limit + 1`` newest hits as ``(id, key)``, and whether the key is a
    relevance score (lower is better) rather than the date.

    SQLite: before it ranks anything, bm25 counts the entries of every phrase over the
    whole table, which costs as much as the phrase is common.  So the hits are ranked
    by bm25 over the query's narrow phrases only (those in at most ``rank_limit``
    entries; every hit has all the phrases, and a phrase in most entries weighs next
    to nothing in bm25).  With no narrow phrase, the hits come newest first.  Filters
    that select few entries (a meeting, dates) narrow the walk to their range of ids."""
    e = ArchiveEntry
    conds = _conditions(filters)
    if session.get_bind().dialect.name != "sqlite":
        vector: ColumnElement[Any] = literal_column("archive_entries.archive_fts")
        tsq = func.to_tsquery(literal_column("'simple'"), bindparam("tsq"))
        stmt = (
            select(e.id, e.date if by_date else -func.ts_rank(vector, tsq))
            .where(vector.op("@@")(tsq), *conds)
            .order_by(e.id.desc())
            .limit(rank_limit + 1)
        )
        found = [(i, k) for i, k in session.execute(stmt, {"tsq": tsquery(query)})]
        return found, not by_date
    fts = table("archive_fts", column("rowid"))
    bounds: list[ColumnElement[bool]] = []
    if _narrowing(filters):
        lo, hi = session.execute(select(func.min(e.id), func.max(e.id)).where(*conds)).one()
        if lo is None:
            return [], not by_date
        bounds = [fts.c.rowid >= lo, fts.c.rowid <= hi]
    # The stored date as is: ISO text on SQLite, which sorts like the date, unparsed.
    stmt = (
        select(e.id, type_coerce(e.date, String))
        .select_from(fts)
        .join(e, e.id == fts.c.rowid)
        .where(text("archive_fts MATCH :match"), *bounds, *conds)
        .order_by(fts.c.rowid.desc())
        .limit(rank_limit + 1)
    )
    found = [(i, k) for i, k in session.execute(stmt, {"match": fts5_match(query)})]
    if by_date or not found:
        return found, not by_date
    narrow = _narrow_phrases(session, query, rank_limit)
    if narrow.empty:
        return found, False
    scores: dict[int, float] = dict(
        session.execute(
            text(f"SELECT rowid, {_BM25} FROM archive_fts WHERE archive_fts MATCH :m"),
            {"m": fts5_match(narrow)},
        ).all()
    )
    return [(i, scores.get(i, 0.0)) for i, _date in found], True


def _utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def whole_last_word(session: Session, query: ParsedQuery) -> ParsedQuery:
    """``query`` without the prefix match when its last word is a whole word of the
    index (SQLite): Vietnamese syllables are whole words, and expanding a common one
    (``quyet`` → quyet, quyen, …) would read all of their entries."""
    if not query.prefix or session.get_bind().dialect.name != "sqlite":
        return query
    last = query.phrases[-1][-1]
    if len(last) <= 4:  # the prefix indexes answer these at once
        return query
    known = session.scalar(
        text("SELECT 1 FROM archive_fts_vocab WHERE term = :t LIMIT 1"), {"t": last}
    )
    return ParsedQuery(query.phrases, prefix=False) if known else query


def run(
    session: Session,
    query: ParsedQuery,
    filters: Filters,
    *,
    sort: Sort,
    offset: int,
    limit: int,
    rank_limit: int = RANK_LIMIT,
) -> msg.ArchiveResults:
    """One page of hits for ``query`` within ``filters``."""
    e = ArchiveEntry
    if query.empty:
        conds = _conditions(filters)
        total = session.scalar(select(func.count()).select_from(e).where(*conds)) or 0
        ids = list(
            session.scalars(
                select(e.id)
                .where(*conds)
                .order_by(e.date.desc(), e.id.desc())
                .offset(offset)
                .limit(limit)
            )
        )
        return msg.ArchiveResults(
            hits=_hits(session, ids, query),
            total=total,
            capped=False,
            ranked=False,
            offset=offset,
            limit=limit,
        )
    query = whole_last_word(session, query)
    by_date = sort == Sort.DATE
    found, ranked = _candidates(session, query, filters, rank_limit, by_date)
    capped = len(found) > rank_limit
    found = found[:rank_limit]
    if ranked:  # best score first, then the newest
        found.sort(key=lambda r: (r[1], -r[0]))
    else:  # newest first; ids break ties (all dates alike: naive or aware)
        found.sort(key=lambda r: (r[1], r[0]), reverse=True)
    ids = [r[0] for r in found[offset : offset + limit]]
    return msg.ArchiveResults(
        hits=_hits(session, ids, query),
        total=len(found),
        capped=capped,
        ranked=ranked,
        offset=offset,
        limit=limit,
    )


def _hits(session: Session, ids: list[int], query: ParsedQuery) -> list[msg.ArchiveHit]:
    """The hits for entry ``ids``, in that order, with snippets."""
    if not ids:
        return []
    rows = session.execute(
        select(ArchiveEntry, ArchiveText.text, Meeting.title)
        .join(ArchiveText, ArchiveText.entry_id == ArchiveEntry.id)
        .outerjoin(Meeting, Meeting.id == ArchiveEntry.meeting_id)
        .where(ArchiveEntry.id.in_(ids))
    ).all()
    by_id: dict[int, Any] = {row[0].id: row for row in rows}
    hits = []
    for entry_id in ids:
        entry, entry_text, meeting_title = by_id[entry_id]
        passage, marks = snippet(entry_text, query)
        hits.append(
            msg.ArchiveHit(
                entry_id=entry.id,
                kind=Kind(entry.kind),
                ref=entry.ref,
                version_id=entry.version_id,
                title=entry.title,
                title_highlights=highlights(entry.title, query),
                snippet=passage,
                highlights=marks,
                date=_utc(entry.date).astimezone(VIETNAM).isoformat(timespec="seconds"),
                meeting_id=entry.meeting_id,
                meeting_title=meeting_title,
                classification=entry.classification,
                body=entry.body,
                signers=[s for s in entry.signers.split("\n") if s],
            )
        )
    return hits


def facets(session: Session, classifications: list[str]) -> msg.ArchiveFacetsResult:
    """The filter values of the entries with these classifications."""
    e = ArchiveEntry
    conds = _conditions(Filters(classifications, [], None, None, None, None, None))
    meetings = session.execute(
        select(Meeting.id, Meeting.title, Meeting.starts_at)
        .where(Meeting.id.in_(select(e.meeting_id).where(*conds)))
        .order_by(Meeting.starts_at.desc(), Meeting.id.desc())
    ).all()
    bodies = session.scalars(
        select(e.body).where(e.body != "", *conds).distinct().order_by(e.body)
    ).all()
    signers: set[str] = set()
    for joined in session.scalars(select(e.signers).where(e.signers != "", *conds).distinct()):
        signers.update(s for s in joined.split("\n") if s)
    kinds = session.scalars(select(e.kind).where(*conds).distinct()).all()
    return msg.ArchiveFacetsResult(
        meetings=[msg.FacetMeeting(id=i, title=t, starts_at=s) for i, t, s in meetings],
        bodies=list(bodies),
        signers=sorted(signers, key=lambda s: (s.split()[-1:], s)),
        kinds=[Kind(k) for k in Kind if k.value in set(kinds)],
    )
