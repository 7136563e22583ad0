"""Annotations of the open document version: highlight, ink, sticky note and free text.

The server stores them (``protocol.annotations``); this model keeps the list of one
version current from ``annotation.list`` and the meeting's ``annotation.saved`` /
``annotation.deleted`` events, creates, shares and deletes the user's own, keeps an
undo/redo history of those changes, and writes an annotated copy of the PDF with
standard PDF annotations.  Geometry is PDF points, origin bottom-left, as on the wire.

Undo and redo are server round trips: a change enters the history only once the server
accepted it, and an undo that the server refuses stays undoable.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Any

import msgspec
from pypdf import PdfReader, PdfWriter
from pypdf.annotations import FreeText, Highlight, Text
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
    RectangleObject,
    StreamObject,
    TextStringObject,
)
from PySide6.QtCore import QCoreApplication, QObject, Signal

from desktop.client import Client, MeetingSession
from desktop.client.signatures import derived_path, has_signatures
from desktop.viewmodels.session import CommandRunner, Runner
from protocol import annotations as pa
from protocol.annotations import Annotation, AnnotationKind
from protocol.envelope import Event

#: The colours offered: (wire value, English name for the tool bar).
COLORS: list[tuple[str, str]] = [
    (pa.DEFAULT_COLOR, "Yellow"),
    ("#81c784", "Green"),
    ("#64b5f6", "Blue"),
    ("#f48fb1", "Pink"),
    ("#e57373", "Red"),
]
#: Size of a sticky note's icon, and the line height of free text (PDF points).
NOTE_SIZE = 20.0
TEXT_LINE = 14.0
INK_WIDTH = 2.0


def _tr(text: str) -> str:
    return QCoreApplication.translate("Annotations", text)


def kind_label(kind: str) -> str:
    return {
        AnnotationKind.HIGHLIGHT: _tr("Highlight"),
        AnnotationKind.INK: _tr("Drawing"),
        AnnotationKind.NOTE: _tr("Note"),
        AnnotationKind.TEXT: _tr("Text"),
    }.get(AnnotationKind(kind), str(kind))


class ExportRefused(RuntimeError):
    """Export is not allowed for this document (e.g. Tối mật)."""


@dataclass(frozen=True, eq=False)
class _Change:
    """One accepted change: the annotation before and after (None: absent)."""

    before: Annotation | None
    after: Annotation | None


class AnnotationsViewModel(CommandRunner):
    """The annotations of one document version as the signed-in user may see them."""

    #: The list (or an annotation in it) changed: redraw.
    annotations_changed = Signal()
    #: ``(can_undo, can_redo)``
    history_changed = Signal(bool, bool)
    #: The annotation to show as selected ("" for none).
    selection_changed = Signal(str)
    export_allowed_changed = Signal(bool)
    #: The path an annotated copy was written to.
    exported = Signal(str)

    def __init__(
        self,
        client: Client,
        session: MeetingSession | None,
        run: Runner,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(run, parent)
        self._client = client
        self._version_id: int | None = None
        self._items: dict[str, Annotation] = {}
        self._loading: list[Event] | None = None
        self._load_token = 0
        self._undo: list[_Change] = []
        self._redo: list[_Change] = []
        self._busy = False
        self._selected = ""
        self._export_allowed = True
        #: Applied to every exported copy (e.g. the watermark of a classified meeting).
        self.export_filter: Callable[[bytes], bytes] | None = None
        self.color = pa.DEFAULT_COLOR
        if session is not None:
            session.subscribe(self._on_session_event)
            session.subscribe_snapshots(self._on_session_snapshot)

    # --- what the overlay and the list show ----------------------------------------------

    @property
    def version_id(self) -> int | None:
        return self._version_id

    @property
    def me(self) -> int | None:
        return self._client.user.id if self._client.user is not None else None

    @property
    def loading(self) -> bool:
        """The list of the version is being fetched."""
        return self._loading is not None

    def is_mine(self, annotation: Annotation) -> bool:
        return annotation.author_id == self.me

    @property
    def annotations(self) -> list[Annotation]:
        """Every annotation placed on the version, in creation order."""
        return [a for a in self._items.values() if not a.detached]

    @property
    def detached(self) -> list[Annotation]:
        """Carried-over annotations whose text is gone from this version: listed, not drawn."""
        return [a for a in self._items.values() if a.detached]

    def on_page(self, page: int) -> list[Annotation]:
        return [a for a in self.annotations if a.page == page]

    def get(self, annotation_id: str) -> Annotation | None:
        return self._items.get(annotation_id)

    @property
    def selected(self) -> Annotation | None:
        return self._items.get(self._selected)

    def select(self, annotation_id: str) -> None:
        annotation_id = annotation_id if annotation_id in self._items else ""
        if annotation_id != self._selected:
            self._selected = annotation_id
            self.selection_changed.emit(annotation_id)

    @property
    def can_undo(self) -> bool:
        return bool(self._undo) and not self._busy

    @property
    def can_redo(self) -> bool:
        return bool(self._redo) and not self._busy

    @property
    def export_allowed(self) -> bool:
        """False for documents that must not leave the app (set by the classification rules)."""
        return self._export_allowed

    @export_allowed.setter
    def export_allowed(self, allowed: bool) -> None:
        if allowed != self._export_allowed:
            self._export_allowed = allowed
            self.export_allowed_changed.emit(allowed)

    # --- loading ----------------------------------------------------------------------

    def load(self, version_id: int) -> None:
        """Show ``version_id``'s annotations; ``annotations_changed`` follows."""
        self._version_id = version_id
        self._items.clear()
        self._undo.clear()
        self._redo.clear()
        self._selected = ""
        self._load_token += 1
        token = self._load_token
        self._loading = []
        self._history()
        self.annotations_changed.emit()
        self._submit(
            self._client.call(pa.AnnotationList, version_id=version_id),
            done=lambda result: self._on_listed(token, result),
        )

    def clear(self) -> None:
        """No document: nothing to show."""
        self._version_id = None
        self._load_token += 1
        self._loading = None
        self._items.clear()
        self._undo.clear()
        self._redo.clear()
        self._selected = ""
        self._history()
        self.annotations_changed.emit()

    def _on_listed(self, token: int, result: Any) -> None:
        if token != self._load_token:
            return
        listed = msgspec.convert(result["annotations"], list[Annotation])
        self._items = {a.annotation_id: a for a in listed}
        pending, self._loading = self._loading or [], None
        for event in pending:  # events that crossed the list on the wire, in order
            self._apply(event)
        self.annotations_changed.emit()

    def _on_session_event(self, _seq: int, event: Event) -> None:
        if not isinstance(event, pa.AnnotationSaved | pa.AnnotationDeleted):
            return
        if self._loading is not None:
            self._loading.append(event)
        elif self._apply(event):
            self._emit_changed()

    def _on_session_snapshot(self) -> None:
        if self._version_id is not None:  # events may have been missed: fetch again
            self._reload()

    def _reload(self) -> None:
        self._load_token += 1
        token, self._loading = self._load_token, []
        version_id = self._version_id
        self._submit(
            self._client.call(pa.AnnotationList, version_id=version_id),
            done=lambda result: self._on_listed(token, result),
        )

    def _apply(self, event: Event) -> bool:
        if isinstance(event, pa.AnnotationSaved):
            return self._upsert(event.annotation)
        if isinstance(event, pa.AnnotationDeleted) and event.version_id == self._version_id:
            return self._items.pop(event.annotation_id, None) is not None
        return False

    def _upsert(self, annotation: Annotation) -> bool:
        if annotation.version_id != self._version_id:
            return False
        if self._items.get(annotation.annotation_id) == annotation:
            return False
        self._items[annotation.annotation_id] = annotation
        return True

    def _emit_changed(self) -> None:
        if self._selected and self._selected not in self._items:
            self._selected = ""
            self.selection_changed.emit("")
        try:
            self.annotations_changed.emit()
        except RuntimeError:  # the window is gone
            pass

    # --- creating ---------------------------------------------------------------------

    def add_highlight(self, page: int, text: str, rects: list[Any]) -> None:
        """Highlight the selected ``text`` of ``page`` (its line ``rects``)."""
        boxes = [[float(v) for v in r] for r in rects]
        if not boxes:
            self.error_occurred.emit(self.tr("Select some text to highlight first."))
            return
        self._create(page, AnnotationKind.HIGHLIGHT, rects=boxes, text=text)

    def add_ink(self, page: int, points: list[tuple[float, float]]) -> None:
        """A freehand stroke through ``points`` (PDF points)."""
        stroke = _thin([(float(x), float(y)) for x, y in points])
        if len(stroke) < 2:
            return
        self._create(page, AnnotationKind.INK, points=[list(p) for p in stroke[: pa.MAX_SHAPES]])

    def add_note(self, page: int, x: float, y: float, text: str) -> None:
        """A sticky note whose icon's top-left corner is at (x, y)."""
        if text.strip():
            rect = [x, y - NOTE_SIZE, x + NOTE_SIZE, y]
            self._create(page, AnnotationKind.NOTE, rects=[rect], text=text)

    def add_text(self, page: int, x: float, y: float, text: str) -> None:
        """Free text whose box's top-left corner is at (x, y)."""
        if text.strip():
            lines = text.splitlines() or [text]
            width = min(400.0, max(40.0, 0.55 * TEXT_LINE * max(len(line) for line in lines)))
            rect = [x, y - TEXT_LINE * len(lines) - 4, x + width + 8, y]
            self._create(page, AnnotationKind.TEXT, rects=[rect], text=text)

    def _create(self, page: int, kind: AnnotationKind, **shape: Any) -> None:
        if self._version_id is None:
            self.error_occurred.emit(self.tr("Open a document to annotate it."))
            return
        fields = {
            "annotation_id": uuid.uuid4().hex,
            "version_id": self._version_id,
            "page": page,
            "kind": kind,
            "color": self.color,
            "shared": False,
            **shape,
        }
        self._save(fields, before=None, select=True)

    # --- changing ---------------------------------------------------------------------

    def set_shared(self, annotation_id: str, shared: bool) -> None:
        """Share one of my annotations with the meeting, or make it private again."""
        current = self._items.get(annotation_id)
        if current is not None and current.shared != shared:
            self._save(_fields(current) | {"shared": shared}, before=current)

    def set_color(self, annotation_id: str, color: str) -> None:
        current = self._items.get(annotation_id)
        if current is not None and current.color != color:
            self._save(_fields(current) | {"color": color}, before=current)

    def delete(self, annotation_id: str) -> None:
        """Delete an annotation; the server refuses anyone but its author."""
        current = self._items.get(annotation_id)
        if current is None:
            return
        self._submit(
            self._client.call(pa.AnnotationDelete, annotation_id=annotation_id),
            done=lambda _: self._on_deleted(current, record=True),
        )

    def _save(
        self, fields: dict[str, Any], before: Annotation | None, select: bool = False
    ) -> None:
        def saved(result: Any) -> None:
            after = msgspec.convert(result["annotation"], Annotation)
            self._record(_Change(before, after))
            if self._upsert(after):
                self._emit_changed()
            if select:
                self.select(after.annotation_id)

        self._submit(self._client.call(pa.AnnotationSave, **fields), done=saved)

    def _on_deleted(self, annotation: Annotation, record: bool) -> None:
        if record:
            self._record(_Change(annotation, None))
        if self._items.pop(annotation.annotation_id, None) is not None:
            self._emit_changed()

    def _record(self, change: _Change) -> None:
        self._undo.append(change)
        self._redo.clear()
        self._history()

    def _history(self) -> None:
        self.history_changed.emit(self.can_undo, self.can_redo)

    # --- undo and redo ----------------------------------------------------------------

    def undo(self) -> None:
        """Take back my last change (on the server, so the meeting sees it too)."""
        if self.can_undo:
            change = self._undo[-1]
            self._restore(change, change.before, change.after, self._undo, self._redo)

    def redo(self) -> None:
        if self.can_redo:
            change = self._redo[-1]
            self._restore(change, change.after, change.before, self._redo, self._undo)

    def _restore(
        self,
        change: _Change,
        target: Annotation | None,
        current: Annotation | None,
        source: list[_Change],
        dest: list[_Change],
    ) -> None:
        def moved(_: Any) -> None:
            self._busy = False
            if change in source:
                source.remove(change)
            dest.append(change)
            if target is None and current is not None:
                self._on_deleted(current, record=False)
            self._history()

        def saved(result: Any) -> None:
            moved(result)
            if self._upsert(msgspec.convert(result["annotation"], Annotation)):
                self._emit_changed()

        def failed(_: str) -> None:
            self._busy = False
            self._history()

        self._busy = True
        self._history()
        if target is None:
            assert current is not None
            call = self._client.call(pa.AnnotationDelete, annotation_id=current.annotation_id)
            self._submit(call, done=moved, failed=failed)
        else:
            call = self._client.call(pa.AnnotationSave, **_fields(target))
            self._submit(call, done=saved, failed=failed)

    # --- carrying over and export -----------------------------------------------------

    def carry_over(self, document_id: int, from_version_id: int) -> None:
        """Copy my annotations of an older version onto the version shown; those whose
        text is gone end up in :attr:`detached`."""
        if self._version_id is None:
            return
        call = self._client.call(
            pa.AnnotationCarryOver,
            document_id=document_id,
            from_version_id=from_version_id,
            to_version_id=self._version_id,
        )
        self._submit(call, done=lambda _: self._reload())

    def export_annotated_pdf(self, pdf_bytes: bytes) -> bytes:
        """A copy of ``pdf_bytes`` (the version shown) with the placed annotations as
        standard PDF annotations; raises :class:`ExportRefused` when export is off."""
        if not self._export_allowed:
            raise ExportRefused(self.tr("This document may not be exported."))
        out = write_annotations(pdf_bytes, self.annotations)
        return self.export_filter(out) if self.export_filter is not None else out

    def export_to_file(self, path: str, pdf_source: Callable[[], Any] | None = None) -> None:
        """Download the version shown, annotate it and write it to ``path`` (for a signed
        PDF: to :func:`derived_path` of it); ``exported`` (the path written) or
        ``error_occurred`` follows.  ``pdf_source`` is an awaitable factory of the bytes
        (default: download from the server)."""
        version_id = self._version_id
        if version_id is None:
            return
        if not self._export_allowed:
            self.error_occurred.emit(self.tr("This document may not be exported."))
            return

        async def export() -> str:
            data = await (
                pdf_source() if pdf_source else self._client.download_document(version_id)
            )
            out = self.export_annotated_pdf(data)
            target = Path(path)
            if has_signatures(data):  # a separate derived file; the signed one stays as is
                target = await asyncio.to_thread(derived_path, target)
            await asyncio.to_thread(_write_atomically, target, out)
            return str(target)

        self._submit(export(), done=self.exported.emit)


# --- helpers ------------------------------------------------------------------------------


def _fields(a: Annotation) -> dict[str, Any]:
    """The ``annotation.save`` fields that recreate ``a`` exactly."""
    return {
        "annotation_id": a.annotation_id,
        "version_id": a.version_id,
        "page": a.page,
        "kind": a.kind,
        "rects": a.rects,
        "points": a.points,
        "text": a.text,
        "color": a.color,
        "shared": a.shared,
        "detached": a.detached,
    }


def _write_atomically(path: Path, data: bytes) -> None:
    part = path.with_name(path.name + ".part")
    part.write_bytes(data)
    part.replace(path)


def _thin(points: list[tuple[float, float]], step: float = 0.75) -> list[tuple[float, float]]:
    """Drop points closer than ``step`` to the one kept before (mouse jitter)."""
    out: list[tuple[float, float]] = []
    for x, y in points:
        if not out or abs(x - out[-1][0]) + abs(y - out[-1][1]) >= step:
            out.append((x, y))
    return out


def _rgb(color: str) -> tuple[float, float, float]:
    value = color.lstrip("#")
    r, g, b = (int(value[i : i + 2], 16) / 255 for i in (0, 2, 4))
    return r, g, b


def _bounds(boxes: list[list[float]], pad: float = 0.0) -> list[float]:
    return [
        min(b[0] for b in boxes) - pad,
        min(b[1] for b in boxes) - pad,
        max(b[2] for b in boxes) + pad,
        max(b[3] for b in boxes) + pad,
    ]


def _box(rect: list[float]) -> tuple[float, float, float, float]:
    x0, y0, x1, y1 = rect
    return x0, y0, x1, y1


def _appearance(writer: PdfWriter, bbox: list[float], ops: str, multiply: bool) -> Any:
    """A normal-appearance form XObject drawing ``ops`` (PDF content operators)."""
    stream = StreamObject()
    stream.set_data(ops.encode("ascii"))
    stream.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): RectangleObject(bbox),
        }
    )
    if multiply:
        state = DictionaryObject({NameObject("/BM"): NameObject("/Multiply")})
        stream[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/ExtGState"): DictionaryObject({NameObject("/GS0"): state})}
        )
    return DictionaryObject({NameObject("/N"): writer._add_object(stream)})


def _annotation(writer: PdfWriter, a: Annotation) -> DictionaryObject | None:
    r, g, b = _rgb(a.color)
    color = ArrayObject([FloatObject(r), FloatObject(g), FloatObject(b)])
    common: dict[str, Any] = {"title_bar": a.author_name}
    annot: DictionaryObject
    if a.kind == AnnotationKind.HIGHLIGHT and a.rects:
        quads = ArrayObject()
        fills = [f"/GS0 gs {r:.3f} {g:.3f} {b:.3f} rg"]
        for x0, y0, x1, y1 in a.rects:
            quads.extend(FloatObject(v) for v in (x0, y1, x1, y1, x0, y0, x1, y0))
            fills.append(f"{x0:.2f} {y0:.2f} {x1 - x0:.2f} {y1 - y0:.2f} re f")
        rect = _bounds(a.rects)
        annot = Highlight(rect=_box(rect), quad_points=quads, highlight_color=a.color[1:], **common)
        annot[NameObject("/AP")] = _appearance(writer, rect, "\n".join(fills), multiply=True)
        annot[NameObject("/Contents")] = TextStringObject(a.text)
    elif a.kind == AnnotationKind.INK and len(a.points) >= 2:
        flat = ArrayObject(FloatObject(v) for p in a.points for v in p)
        rect = _bounds([[x, y, x, y] for x, y in a.points], pad=INK_WIDTH)
        path = " ".join(
            f"{x:.2f} {y:.2f} {'m' if i == 0 else 'l'}" for i, (x, y) in enumerate(a.points)
        )
        ops = f"{r:.3f} {g:.3f} {b:.3f} RG {INK_WIDTH} w 1 J 1 j {path} S"
        annot = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Annot"),
                NameObject("/Subtype"): NameObject("/Ink"),
                NameObject("/Rect"): RectangleObject(rect),
                NameObject("/InkList"): ArrayObject([flat]),
                NameObject("/BS"): DictionaryObject({NameObject("/W"): FloatObject(INK_WIDTH)}),
                NameObject("/T"): TextStringObject(a.author_name),
            }
        )
        annot[NameObject("/AP")] = _appearance(writer, rect, ops, multiply=False)
    elif a.kind == AnnotationKind.NOTE and a.rects:
        annot = Text(rect=_box(a.rects[0]), text=a.text, **common)
        annot[NameObject("/Name")] = NameObject("/Comment")
    elif a.kind == AnnotationKind.TEXT and a.rects:
        annot = FreeText(
            text=a.text,
            rect=_box(a.rects[0]),
            font_size="11pt",
            border_color=a.color[1:],
            background_color=None,
            **common,
        )
    else:
        return None  # a carried highlight not yet re-anchored: nothing to place
    if a.kind != AnnotationKind.TEXT:  # a free text's /C would fill its box
        annot[NameObject("/C")] = color
    annot[NameObject("/NM")] = TextStringObject(a.annotation_id)
    annot[NameObject("/F")] = NumberObject(4)  # print
    annot[NameObject("/M")] = TextStringObject(_pdf_date(a.updated_at))
    return annot


def _pdf_date(iso: str) -> str:
    digits = "".join(c for c in iso[:19] if c.isdigit())
    return f"D:{digits}Z" if len(digits) == 14 else ""


def write_annotations(pdf_bytes: bytes, annotations: list[Annotation]) -> bytes:
    """``pdf_bytes`` with ``annotations`` added as PDF annotation dictionaries.  A signed
    PDF gets them in an incremental update: its signed revisions stay byte for byte."""
    if has_signatures(pdf_bytes):
        writer = PdfWriter(BytesIO(pdf_bytes), incremental=True)
    else:
        writer = PdfWriter(clone_from=PdfReader(BytesIO(pdf_bytes)))
    pages = len(writer.pages)
    for a in annotations:
        if a.detached or not 1 <= a.page <= pages:
            continue
        annot = _annotation(writer, a)
        if annot is not None:
            writer.add_annotation(page_number=a.page - 1, annotation=annot)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()
