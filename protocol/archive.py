"""The archive: full-text search over minutes, decisions, opinion polls and documents.

Besides the messages, this module holds the pure text rules that the index, the query
and the snippets share, so that both sides fold Vietnamese the same way:

* :func:`fold` lower-cases and strips diacritics (tones and vowel marks; ``đ``/``Đ`` →
  ``d``) **one character for one character**, so that an offset in the folded text is
  the same offset in the original (after NFC): a hit found in the folded text is
  highlighted in the original, diacritics and all.
* :func:`parse_query` turns what an archivist types into phrases: every word must
  match (AND), ``"quoted words"`` must match as a phrase, the last unquoted word also
  matches as a prefix.
* :func:`snippet` cuts the passage around the best hit and says where the hits are.
"""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum
from itertools import islice
from typing import Annotated

import msgspec

from protocol.envelope import Command


class Kind(StrEnum):
    DOCUMENT = "document"
    MINUTES = "minutes"
    DECISION = "decision"
    CONSULTATION = "consultation"


class Sort(StrEnum):
    RELEVANCE = "relevance"
    DATE = "date"


#: Results per page at most.
MAX_LIMIT = 100
#: A prefix shorter than this matches only the whole word (a one-letter prefix matches
#: nearly everything and costs a scan of the whole vocabulary).
MIN_PREFIX = 2


# --- messages -------------------------------------------------------------------------


class ArchiveSearch(Command, tag="archive.search", frozen=True):
    """Search the archive.  An empty ``query`` lists what the filters select, newest first.

    Every word must match; ``"quoted words"`` match as a phrase; the last word also
    matches as the beginning of a longer word (on SQLite only when it has at most four
    letters or is not a whole word of the index: Vietnamese syllables are whole words).
    Dates are calendar days in Asia/Ho_Chi_Minh (``YYYY-MM-DD``), both ends included.
    ``signer`` matches any part of a signer's name, with or without diacritics.  Entries
    classified above the archivist's clearance are never returned nor counted."""

    query: Annotated[str, msgspec.Meta(max_length=500)] = ""
    kinds: list[Kind] = []
    date_from: str | None = None
    date_to: str | None = None
    meeting_id: int | None = None
    body: str | None = None
    signer: str | None = None
    sort: Sort = Sort.RELEVANCE
    #: Hits to skip (paging), >= 0.
    offset: int = 0
    #: Hits per page, 1 to :data:`MAX_LIMIT`.
    limit: int = 20


class ArchiveFacets(Command, tag="archive.facets", frozen=True):
    """The values the search filters offer: meetings, bodies and signers in the archive
    (only those of entries the archivist may see)."""


class ArchiveHit(msgspec.Struct, kw_only=True, frozen=True):
    entry_id: int
    kind: Kind
    #: The indexer's own reference (e.g. ``"12"`` or ``"decision:12"``).
    ref: str
    #: The PDF to open in the viewer (documents, decisions, minutes), if any.
    version_id: int | None
    title: str
    #: ``(start, end)`` character offsets of the hits in ``title``.
    title_highlights: list[tuple[int, int]]
    #: The passage around the best hit, in the original spelling (``…`` where cut).
    snippet: str
    #: ``(start, end)`` character offsets of the hits in ``snippet``.
    highlights: list[tuple[int, int]]
    #: ISO 8601 with the +07:00 offset.
    date: str
    meeting_id: int | None
    meeting_title: str | None
    classification: str
    body: str
    signers: list[str]


class ArchiveResults(msgspec.Struct, kw_only=True, frozen=True):
    hits: list[ArchiveHit]
    #: How many entries match; a lower bound when ``capped``.
    total: int
    #: True when there were so many hits that only the newest ``total`` were ranked:
    #: the archivist should narrow the query or the filters.
    capped: bool
    #: True when the hits are in order of relevance; False when newest first (asked
    #: for, an empty query, or words in so many entries that ranking them all would
    #: be slow).
    ranked: bool
    offset: int
    limit: int


class FacetMeeting(msgspec.Struct, kw_only=True, frozen=True):
    id: int
    title: str
    starts_at: str


class ArchiveFacetsResult(msgspec.Struct, kw_only=True, frozen=True):
    meetings: list[FacetMeeting]
    bodies: list[str]
    signers: list[str]
    kinds: list[Kind]


# --- folding --------------------------------------------------------------------------


def _fold_char(ch: str) -> str:
    if ch in "đĐ":
        return "d"
    base = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))
    low = base.lower()
    if len(low) == 1:
        return low
    low = ch.lower()
    return low if len(low) == 1 else ch


class _FoldTable(dict[int, str]):
    """Every character, computed on demand (slow: for texts outside :data:`_FOLDED`)."""

    def __missing__(self, code: int) -> str:
        return _fold_char(chr(code))


#: Latin with all of Vietnamese, combining marks, punctuation and symbols, and the
#: symbol-font private use area that PDF text extraction produces.
_FOLDED = ((0, 0x370), (0x1E00, 0x1F00), (0x2000, 0x2600), (0xF000, 0xF100))
_FOLD = {code: _fold_char(chr(code)) for lo, hi in _FOLDED for code in range(lo, hi)}
_FOLD_ANY = _FoldTable()
_OUTSIDE = re.compile("[^" + "".join(f"\\U{lo:08x}-\\U{hi - 1:08x}" for lo, hi in _FOLDED) + "]")
_WORD = re.compile(r"[^\W_]+")
_SPACE = re.compile(r"\s")
#: Snippets fold long texts this many characters at a time.
_BLOCK = 20_000


def normalize(text: str) -> str:
    """The form the archive stores and highlights: NFC (Vietnamese precomposed)."""
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """Lower-case ``text`` and strip its diacritics, ``đ``/``Đ`` → ``d``.

    ``fold(normalize(t))`` has exactly as many characters as ``normalize(t)``."""
    text = normalize(text)
    if text.isascii():
        return text.lower()
    if _OUTSIDE.search(text) is None:
        return text.translate(_FOLD)
    return text.translate(_FOLD_ANY)


def words(text: str) -> list[str]:
    """The folded words of ``text`` (letters and digits), as the index sees them."""
    return _WORD.findall(fold(text))


# --- queries --------------------------------------------------------------------------


class ParsedQuery(msgspec.Struct, frozen=True):
    """Every phrase must match; a phrase of one word is a word.  ``prefix``: the last
    word of the last phrase may be the beginning of a longer word."""

    phrases: list[list[str]]
    prefix: bool

    @property
    def empty(self) -> bool:
        return not self.phrases


_QUOTED = re.compile(r'"([^"]*)"?')


def parse_query(text: str) -> ParsedQuery:
    """``bien ban "hop chinh phu" ngh`` → phrases ``[bien] [ban] [hop chinh phu] [ngh]``,
    prefix on ``ngh``.  A word with inner punctuation (``05/2025/TT-BNV``) is a phrase."""
    phrases: list[list[str]] = []
    prefix = False
    pos = 0
    for m in _QUOTED.finditer(text):
        for chunk in text[pos : m.start()].split():
            if tokens := words(chunk):
                phrases.append(tokens)
                prefix = True
        if tokens := words(m.group(1)):
            phrases.append(tokens)
            prefix = False
        pos = m.end()
    for chunk in text[pos:].split():
        if tokens := words(chunk):
            phrases.append(tokens)
            prefix = True
    if prefix and len(phrases[-1][-1]) < MIN_PREFIX:
        prefix = False
    return ParsedQuery(phrases, prefix)


# --- snippets -------------------------------------------------------------------------


def _hit_pattern(query: ParsedQuery) -> re.Pattern[str] | None:
    exact = {w for phrase in query.phrases for w in phrase}
    prefixed: set[str] = set()
    if query.prefix:
        last = query.phrases[-1][-1]
        prefixed.add(last)
        if sum(p.count(last) for p in query.phrases) == 1:
            exact.discard(last)
    parts = [re.escape(w) + r"(?![^\W_])" for w in sorted(exact, key=len, reverse=True)]
    parts += [re.escape(w) + r"[^\W_]*" for w in sorted(prefixed)]
    if not parts:
        return None
    return re.compile(r"(?<![^\W_])(?:" + "|".join(parts) + ")")


def highlights(text: str, query: ParsedQuery) -> list[tuple[int, int]]:
    """Where the words of ``query`` occur in ``text`` (NFC), as ``(start, end)``."""
    pattern = _hit_pattern(query)
    if pattern is None:
        return []
    return [m.span() for m in pattern.finditer(fold(text))]


def _best_start(folded: str, spans: list[tuple[int, int]], width: int) -> int:
    """Where the window of ``width`` with the most distinct hit words starts."""
    best, best_count = 0, -1
    seen: dict[str, int] = {}
    j = 0
    for i, (s, _e) in enumerate(spans):
        lo = max(0, s - width // 4)
        while j < len(spans) and spans[j][1] <= lo + width:
            word = folded[spans[j][0] : spans[j][1]]
            seen[word] = seen.get(word, 0) + 1
            j += 1
        if len(seen) > best_count:
            best, best_count = lo, len(seen)
        if j > i:
            word = folded[s:_e]
            seen[word] -= 1
            if not seen[word]:
                del seen[word]
    return best


def _first_hit(text: str, pattern: re.Pattern[str]) -> int | None:
    """Where the first hit in ``text`` starts, folding it a block at a time."""
    for base in range(0, len(text), _BLOCK):
        block = text[base : base + _BLOCK + 64]
        skip = 0
        if base:  # start at a word boundary: a hit needs one before it
            while skip < len(block) and not block[skip].isspace():
                skip += 1
        found = pattern.search(fold(block), skip)
        if found is not None:
            return base + found.start()
    return None


def snippet(text: str, query: ParsedQuery, width: int = 220) -> tuple[str, list[tuple[int, int]]]:
    """About ``width`` characters of ``text`` around the passage with the most
    distinct query words, cut at word boundaries and marked ``…`` where cut, and the
    ``(start, end)`` offsets of the hits in it.  Without a hit: the beginning.

    The text is folded block by block until a block has a hit, so that a hit near
    the beginning of a long document costs little."""
    text = normalize(text)
    pattern = _hit_pattern(query)
    spans: list[tuple[int, int]] = []
    start = 0
    first = _first_hit(text, pattern) if pattern is not None else None
    if pattern is not None and first is not None:
        lo = max(0, first - width)
        while lo > 0 and not text[lo - 1].isspace() and first - lo < 2 * width:
            lo -= 1
        region = fold(text[lo : first + 3 * width])
        found = [m.span() for m in islice(pattern.finditer(region), 64)]
        spans = [(a + lo, b + lo) for a, b in found if a + lo >= first]
        rel = [(a - lo, b - lo) for a, b in spans]
        start = lo + _best_start(region, rel, width)
    end = min(len(text), start + width)
    if start > 0:
        head = _SPACE.sub(" ", text[max(0, start - 30) : start])
        if (k := head.rfind(" ")) >= 0:
            start = start - len(head) + k + 1
    if end < len(text) and (k := _SPACE.sub(" ", text[end : end + 30]).find(" ")) >= 0:
        end += k
    lead = "…" if start > 0 else ""
    tail = "…" if end < len(text) else ""
    shift = len(lead) - start
    marks = [(a + shift, b + shift) for a, b in spans if a >= start and b <= end]
    return lead + _SPACE.sub(" ", text[start:end]) + tail, marks
