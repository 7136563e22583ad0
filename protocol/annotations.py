"""Annotations of document versions: highlights, ink, notes and free text, kept as data.

An annotation belongs to one document *version* and is anchored to it by page and
geometry; ``base_sha256`` is the hash of that version's file, so an annotation is never
drawn over other bytes than the ones it was made on.  Coordinates are PDF points in
page space (origin bottom-left, as in the PDF itself).  Annotations are private to
their author unless ``shared``; shared ones are seen by everyone who may read the
meeting's documents.  They are not part of the meeting snapshot: a client fetches a
version's annotations with ``annotation.list`` and then follows ``annotation.saved`` /
``annotation.deleted``.
"""

from __future__ import annotations

from enum import StrEnum

import msgspec

from protocol.envelope import Command, Event

#: Most characters in an annotation's ``text``.
MAX_TEXT = 10_000
#: Most rectangles of a highlight, and most points of an ink stroke.
MAX_SHAPES = 2_000
#: Coordinates beyond this magnitude are refused (the largest PDF page is 14,400 pt).
MAX_COORDINATE = 100_000.0
DEFAULT_COLOR = "#ffd54f"


class AnnotationKind(StrEnum):
    HIGHLIGHT = "highlight"
    INK = "ink"
    NOTE = "note"
    TEXT = "text"


class Annotation(msgspec.Struct, kw_only=True, frozen=True):
    """One annotation as the server stores and sends it.

    ``rects`` are ``[x0, y0, x1, y1]`` boxes: the highlighted lines of a highlight, or
    the box of a note or free text.  ``points`` are ``[x, y]`` along an ink stroke.
    ``text`` is a note's or free text's content, or the text under a highlight (used to
    carry the highlight over to a new version).  A carried highlight found on another
    page than before has no ``rects``: the client re-anchors it by finding ``text`` on
    ``page``.  A ``detached`` annotation could not be placed on its version (its text is
    gone): its geometry still refers to the version it came from; list it, don't draw it.
    """

    annotation_id: str
    version_id: int
    base_sha256: str
    page: int
    kind: AnnotationKind
    rects: list[list[float]] = msgspec.field(default_factory=list)
    points: list[list[float]] = msgspec.field(default_factory=list)
    text: str = ""
    color: str = DEFAULT_COLOR
    shared: bool = False
    author_id: int
    author_name: str
    created_at: str
    updated_at: str
    detached: bool = False


class AnnotationSave(Command, tag="annotation.save", frozen=True):
    """Create or replace (by ``annotation_id``) one of one's own annotations.

    ``annotation_id`` is chosen by the client (``uuid4().hex``) and stays the same for
    the annotation's life.  ``base_sha256``, when given, must be the hash of the version
    (a check that the client annotated the right file); the server stamps it anyway.
    Saving places the annotation (``detached`` false) unless ``detached`` is sent true.
    """

    annotation_id: str
    version_id: int
    page: int
    kind: AnnotationKind
    rects: list[list[float]] = msgspec.field(default_factory=list)
    points: list[list[float]] = msgspec.field(default_factory=list)
    text: str = ""
    color: str = DEFAULT_COLOR
    shared: bool = False
    base_sha256: str = ""
    detached: bool = False


class AnnotationDelete(Command, tag="annotation.delete", frozen=True):
    """Delete one of one's own annotations."""

    annotation_id: str


class AnnotationList(Command, tag="annotation.list", frozen=True):
    """The annotations of a version one may see: one's own and everyone's shared ones.

    Result: ``{"version_id", "annotations": [Annotation]}`` in creation order.
    """

    version_id: int


class AnnotationCarryOver(Command, tag="annotation.carry_over", frozen=True):
    """Copy one's own annotations of a document's older version onto a newer one.

    An annotation whose ``text`` is found in the new version is placed on the page it is
    found on (keeping its geometry when that is the same page number); the others are
    stored ``detached`` so they are listed rather than lost.  Copies get ids derived
    from the original's, so carrying over twice copies nothing twice.  Result:
    ``{"carried": [ids], "detached": [ids], "copies": {old id: new id}}``.
    """

    document_id: int
    from_version_id: int
    to_version_id: int


class AnnotationSaved(Event, tag="annotation.saved", frozen=True):
    """An annotation was created or changed (seen by all when shared, else its author)."""

    annotation: Annotation


class AnnotationDeleted(Event, tag="annotation.deleted", frozen=True):
    """An annotation was deleted, or stopped being shared (then sent to all but its author
    receives ``annotation.saved`` right after)."""

    annotation_id: str
    version_id: int
