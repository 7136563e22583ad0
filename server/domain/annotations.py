"""Annotations of document versions: save, delete, list, and carry over to a new version.

An annotation is one row keyed by its client-chosen id.  Only its author changes or
deletes it.  A private annotation's events go to its author alone (``user:N``); a
shared one's to everyone in the meeting (``all``).  When a shared annotation becomes
private, ``annotation.deleted`` goes to all first and ``annotation.saved`` to the author
after, so other clients drop it and the author keeps it.  Annotations are not part of
the meeting snapshot (clients fetch them per version with ``annotation.list``).
"""

from __future__ import annotations

import math
import re
import unicodedata
import uuid
from datetime import UTC, datetime

from sqlalchemy import or_, select

from protocol import annotations as msg
from protocol.errors import InvalidInput, NotFound, PermissionDenied
from server.domain.access import Access, meeting_access
from server.domain.context import Ctx
from server.domain.dispatch import handles
from server.domain.pdf_check import page_texts
from server.domain.settings import Settings
from server.domain.uploads import blob_path
from server.store.models import AgendaItem, Document, DocumentVersion, User
from server.store.models import Annotation as Row

_ID = re.compile(r"[0-9a-f]{32}")
_COLOR = re.compile(r"#[0-9a-fA-F]{6}")
#: Namespace of the ids of carried-over copies (uuid5 of the original id and version).
_CARRY_NAMESPACE = uuid.UUID("6f1c2b7e-4a59-4d1e-9c1a-6a0f3e8d2b41")


# --- helpers --------------------------------------------------------------------------


def _version(ctx: Ctx, version_id: int) -> tuple[DocumentVersion, Access]:
    """The version and the actor's access to its meeting (``document.read``)."""
    missing = NotFound(f"Document version {version_id} does not exist.")
    version = ctx.session.get(DocumentVersion, version_id)
    if version is None:
        raise missing
    doc = ctx.session.get(Document, version.document_id)
    item = ctx.session.get(AgendaItem, doc.item_id) if doc is not None else None
    if item is None:
        raise missing
    access = meeting_access(ctx, item.meeting_id, "document.read")
    if item.deleted and not access.manager:
        raise missing
    return version, access


def _audience(row: Row) -> str:
    return "all" if row.shared else f"user:{row.author_id}"


def _iso(value: datetime) -> str:
    aware = value if value.tzinfo else value.replace(tzinfo=UTC)
    return aware.astimezone(UTC).isoformat()


def _struct(row: Row, author_name: str) -> msg.Annotation:
    return msg.Annotation(
        annotation_id=row.id,
        version_id=row.version_id,
        base_sha256=row.base_sha256,
        page=row.page,
        kind=msg.AnnotationKind(row.kind),
        rects=[list(r) for r in row.geometry.get("rects", [])],
        points=[list(p) for p in row.geometry.get("points", [])],
        text=row.text,
        color=row.color,
        shared=row.shared,
        author_id=row.author_id,
        author_name=author_name,
        created_at=_iso(row.created_at),
        updated_at=_iso(row.updated_at),
        detached=row.detached,
    )


def _check_id(annotation_id: str) -> str:
    if not _ID.fullmatch(annotation_id):
        raise InvalidInput(
            "annotation_id must be 32 lower-case hexadecimal digits (a UUID's hex form, "
            "e.g. uuid4().hex), chosen once and kept for the annotation's life."
        )
    return annotation_id


def _numbers(values: list[list[float]], size: int, what: str) -> list[list[float]]:
    """``values`` as lists of ``size`` finite floats, or InvalidInput naming ``what``."""
    if len(values) > msg.MAX_SHAPES:
        raise InvalidInput(f"At most {msg.MAX_SHAPES:,} {what}s are allowed; simplify it.")
    out = []
    for value in values:
        if len(value) != size:
            raise InvalidInput(f"Each {what} must have {size} numbers, got {len(value)}.")
        numbers = [float(v) for v in value]
        if not all(math.isfinite(v) and abs(v) <= msg.MAX_COORDINATE for v in numbers):
            raise InvalidInput(
                f"A {what} has a coordinate that is not a finite number of PDF points "
                f"within ±{msg.MAX_COORDINATE:,.0f}."
            )
        out.append(numbers)
    return out


def _shape(
    cmd: msg.AnnotationSave, kind: msg.AnnotationKind
) -> tuple[list[list[float]], list[list[float]]]:
    """Validated ``(rects, points)`` for ``kind``."""
    rects = _numbers(cmd.rects, 4, "rectangle")
    points = _numbers(cmd.points, 2, "point")
    if any(x0 > x1 or y0 > y1 for x0, y0, x1, y1 in rects):
        raise InvalidInput("A rectangle must be [x0, y0, x1, y1] with x0 ≤ x1 and y0 ≤ y1.")
    if kind is msg.AnnotationKind.INK:
        if len(points) < 2:
            raise InvalidInput("An ink stroke needs at least 2 points.")
        if rects:
            raise InvalidInput("An ink stroke has points, not rectangles.")
    elif points:
        raise InvalidInput(f"Only ink strokes have points; a {kind.value} has none.")
    if kind is msg.AnnotationKind.HIGHLIGHT and not rects:
        raise InvalidInput("A highlight needs at least one rectangle (the highlighted lines).")
    return rects, points


def _text(cmd: msg.AnnotationSave, kind: msg.AnnotationKind) -> str:
    text = cmd.text
    if len(text) > msg.MAX_TEXT:
        raise InvalidInput(
            f"The text has {len(text):,} characters; an annotation may hold at most "
            f"{msg.MAX_TEXT:,}. Shorten it."
        )
    if kind in (msg.AnnotationKind.NOTE, msg.AnnotationKind.TEXT) and not text.strip():
        raise InvalidInput(f"A {kind.value} annotation needs some text.")
    return text


def _kind(value: str) -> msg.AnnotationKind:
    # Commands built in-process (not decoded from the wire) may carry plain strings.
    try:
        return msg.AnnotationKind(value)
    except ValueError:
        names = ", ".join(k.value for k in msg.AnnotationKind)
        raise InvalidInput(f"kind must be one of: {names}.") from None


# --- commands -------------------------------------------------------------------------


@handles(msg.AnnotationSave)
def save(ctx: Ctx, cmd: msg.AnnotationSave) -> dict[str, object]:
    """Create or replace one of the actor's annotations; returns ``{"annotation"}``."""
    annotation_id = _check_id(cmd.annotation_id)
    version, access = _version(ctx, cmd.version_id)
    kind = _kind(cmd.kind)
    if cmd.base_sha256 and cmd.base_sha256.lower() != version.sha256:
        raise InvalidInput(
            f"base_sha256 is not the hash of version {version.version} of this document: "
            "the annotation was made on another file. Open the document again."
        )
    if not 1 <= cmd.page <= version.pages:
        raise InvalidInput(f"page must be between 1 and {version.pages}, the version's pages.")
    rects, points = _shape(cmd, kind)
    text = _text(cmd, kind)
    if not _COLOR.fullmatch(cmd.color):
        raise InvalidInput('color must be "#rrggbb" (six hexadecimal digits), e.g. "#ffd54f".')
    user = ctx.user
    now = ctx.clock()
    row = ctx.session.get(Row, annotation_id, with_for_update=True)
    if row is None:
        row = Row(
            id=annotation_id,
            version_id=version.id,
            author_id=user.user_id,
            meeting_id=access.meeting.id,
            created_at=now,
        )
        ctx.session.add(row)
        was_shared = False
    else:
        if row.author_id != user.user_id:
            raise PermissionDenied(
                "Only its author can change an annotation; save your own with a new annotation_id."
            )
        if row.version_id != version.id:
            raise InvalidInput(
                f"Annotation {annotation_id} belongs to another document version "
                f"({row.version_id}); choose a new annotation_id for this one."
            )
        was_shared = row.shared
    row.base_sha256 = version.sha256
    row.page, row.kind = cmd.page, kind.value
    row.geometry = {"rects": rects, "points": points}
    row.text, row.color = text, cmd.color.lower()
    row.shared, row.detached = cmd.shared, cmd.detached
    row.updated_at = now
    ctx.session.flush()
    annotation = _struct(row, user.full_name)
    if was_shared and not row.shared:
        ctx.emit(
            row.meeting_id, msg.AnnotationDeleted(annotation_id=row.id, version_id=row.version_id)
        )
    ctx.emit(row.meeting_id, msg.AnnotationSaved(annotation=annotation), _audience(row))
    return {"annotation": annotation}


@handles(msg.AnnotationDelete)
def delete(ctx: Ctx, cmd: msg.AnnotationDelete) -> dict[str, object]:
    """Delete one of the actor's annotations; returns ``{"annotation_id", "version_id"}``."""
    missing = NotFound(f"Annotation {cmd.annotation_id} does not exist.")
    row = ctx.session.get(Row, cmd.annotation_id, with_for_update=True)
    if row is None:
        raise missing
    _version(ctx, row.version_id)
    if row.author_id != ctx.user.user_id:
        if not row.shared:
            raise missing  # someone else's private annotation is not there for the actor
        raise PermissionDenied("Only its author can delete an annotation.")
    audience = _audience(row)
    meeting_id, version_id = row.meeting_id, row.version_id
    ctx.session.delete(row)
    ctx.session.flush()
    ctx.emit(
        meeting_id,
        msg.AnnotationDeleted(annotation_id=cmd.annotation_id, version_id=version_id),
        audience,
    )
    return {"annotation_id": cmd.annotation_id, "version_id": version_id}


def _visible(ctx: Ctx, version_id: int, user_id: int) -> list[msg.Annotation]:
    query = (
        select(Row, User.full_name)
        .join(User, User.id == Row.author_id)
        .where(Row.version_id == version_id, or_(Row.author_id == user_id, Row.shared))
        .order_by(Row.created_at, Row.id)
    )
    return [_struct(row, name) for row, name in ctx.session.execute(query)]


@handles(msg.AnnotationList, record=False)
def list_(ctx: Ctx, cmd: msg.AnnotationList) -> dict[str, object]:
    """The version's annotations the actor may see: their own and everyone's shared."""
    version, _ = _version(ctx, cmd.version_id)
    return {"version_id": version.id, "annotations": _visible(ctx, version.id, ctx.user.user_id)}


# --- carry over -----------------------------------------------------------------------


def _normalise(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def _find(text: str, page: int, pages: list[str]) -> int | None:
    """The 1-based page whose text contains ``text`` (its own ``page`` first), or None.

    Whitespace is normalised; failing that, compared without any whitespace (text
    extractors disagree on spaces at line breaks)."""
    needle = _normalise(text)
    if not needle:
        return None
    order = sorted(range(1, len(pages) + 1), key=lambda n: n != page)
    for squeeze in (False, True):
        wanted = needle.replace(" ", "") if squeeze else needle
        for n in order:
            haystack = pages[n - 1].replace(" ", "") if squeeze else pages[n - 1]
            if wanted in haystack:
                return n
    return None


def _geometry(row: Row | None) -> dict[str, list[list[float]]]:
    """A copy of ``row``'s geometry (none for None)."""
    if row is None:
        return {"rects": [], "points": []}
    return {k: [list(v) for v in row.geometry.get(k, [])] for k in ("rects", "points")}


def _copy_id(annotation_id: str, version_id: int) -> str:
    return uuid.uuid5(_CARRY_NAMESPACE, f"{annotation_id}/{version_id}").hex


def _texts(ctx: Ctx, version: DocumentVersion) -> list[str]:
    settings = ctx.settings
    assert isinstance(settings, Settings), "carrying annotations over needs the settings"
    path = blob_path(settings, version.sha256)
    if not path.exists():
        raise NotFound(
            "The stored file of this document is missing on the server; tell the administrator."
        )
    return [_normalise(t) for t in page_texts(path, settings)]


@handles(msg.AnnotationCarryOver)
def carry_over(ctx: Ctx, cmd: msg.AnnotationCarryOver) -> dict[str, object]:
    """Copy the actor's annotations of ``from_version_id`` onto ``to_version_id``.

    Only the actor's own annotations are carried, whatever their role.  Returns
    ``{"carried": [new ids], "detached": [new ids], "copies": {old id: new id}}``; a
    copy made by an earlier carry-over is left as it is and reported again.
    """
    old, _ = _version(ctx, cmd.from_version_id)
    new, access = _version(ctx, cmd.to_version_id)
    if old.document_id != cmd.document_id or new.document_id != cmd.document_id:
        raise InvalidInput(
            f"Both versions must be versions of document {cmd.document_id}; annotations are "
            "only carried over between versions of the same document."
        )
    if old.id == new.id:
        raise InvalidInput("Choose two different versions to carry annotations from and to.")
    user = ctx.user
    rows = ctx.session.scalars(
        select(Row)
        .where(Row.version_id == old.id, Row.author_id == user.user_id)
        .order_by(Row.created_at, Row.id)
    ).all()
    carried: list[str] = []
    detached: list[str] = []
    copies: dict[str, str] = {}
    texts = _texts(ctx, new) if rows else []
    now = ctx.clock()
    for row in rows:
        copy_id = _copy_id(row.id, new.id)
        copies[row.id] = copy_id
        copy = ctx.session.get(Row, copy_id)
        if copy is None:
            page = _find(row.text, row.page, texts)
            same_page = page == row.page
            copy = Row(
                id=copy_id,
                version_id=new.id,
                author_id=user.user_id,
                meeting_id=access.meeting.id,
                base_sha256=new.sha256,
                page=page or min(row.page, new.pages),
                kind=row.kind,
                geometry=_geometry(row) if page is None or same_page else _geometry(None),
                text=row.text,
                color=row.color,
                shared=row.shared,
                detached=page is None,
                created_at=now,
                updated_at=now,
            )
            ctx.session.add(copy)
            ctx.session.flush()
            ctx.emit(
                copy.meeting_id,
                msg.AnnotationSaved(annotation=_struct(copy, user.full_name)),
                _audience(copy),
            )
        (detached if copy.detached else carried).append(copy_id)
    return {
        "document_id": cmd.document_id,
        "from_version_id": old.id,
        "to_version_id": new.id,
        "carried": carried,
        "detached": detached,
        "copies": copies,
    }
