"""PDFium behind one thread: the job queue and the calls that run on it.

PDFium is not thread-safe, not even across documents.  :class:`PdfiumThread` is the one
thread that calls it; :class:`Pdfium` holds the open document and is used only by jobs
running on that thread (pypdfium2 itself is imported there, so that nothing else in the
process initialises or touches the library by accident).  Results are plain data and
``QImage`` objects (safe to create off the GUI thread), never pypdfium2 objects.
"""

from __future__ import annotations

import ctypes
import heapq
import itertools
import threading
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from PySide6.QtGui import QImage

#: ``(left, bottom, right, top)`` in PDF points, origin bottom-left.
Rect = tuple[float, float, float, float]

#: Logical pixels per PDF point at 100 % (96 dpi screens, 72 points per inch).
PX_PER_POINT = 96 / 72
#: Logical pixels between the page and the edge of the view in the fit modes.
PAGE_MARGIN = 2


class ZoomMode(StrEnum):
    FIT_WIDTH = "fit_width"
    FIT_PAGE = "fit_page"
    PERCENT = "percent"


@dataclass(frozen=True)
class ZoomSpec:
    """What decides a page's scale.  The viewport only matters in the fit modes, so a
    window resize does not invalidate pages cached at a fixed percentage."""

    mode: ZoomMode
    percent: float = 100.0
    view_width: int = 0
    view_height: int = 0

    def scale(self, width_pt: float, height_pt: float) -> float:
        """Logical pixels per PDF point for a page of this size."""
        if self.mode is ZoomMode.PERCENT or self.view_width <= 0:
            return self.percent / 100 * PX_PER_POINT
        fit_w = max(1, self.view_width - 2 * PAGE_MARGIN) / width_pt
        if self.mode is ZoomMode.FIT_WIDTH:
            return fit_w
        fit_h = max(1, self.view_height - 2 * PAGE_MARGIN) / height_pt
        return min(fit_w, fit_h)


@dataclass(frozen=True)
class Rendered:
    """A page (or thumbnail) image: ``scale`` logical pixels per point, times the
    device pixel ratio it was asked for (the view draws it into the logical size)."""

    token: int
    page: int
    size_pt: tuple[float, float]
    scale: float
    image: QImage
    thread_id: int


@dataclass(frozen=True)
class Opened:
    token: int
    page_count: int
    first: Rendered | None


@dataclass(frozen=True)
class SearchChunk:
    token: int
    generation: int
    hits: list[tuple[int, list[Rect]]]


@dataclass(frozen=True)
class Selection:
    token: int
    page: int
    text: str
    rects: list[Rect]


class FailureKind(StrEnum):
    PASSWORD = "password"
    DAMAGED = "damaged"
    PAGE = "page"
    OTHER = "other"


@dataclass(frozen=True)
class Failure:
    """A job raised; ``kind`` picks the message a user reads, ``detail`` is for the log."""

    kind: FailureKind
    detail: str


class Nothing:
    """What a job that produced nothing (closing, or a stale job) delivers."""


NOTHING = Nothing()


class Stale(Exception):
    """The job belongs to a document that is no longer open."""


class Pdfium:
    """The open document.  Every method must run on the :class:`PdfiumThread`."""

    def __init__(self) -> None:
        import pypdfium2

        self._pdfium: Any = pypdfium2
        self._doc: Any = None
        self._token = -1
        self._retired: list[Any] = []

    def _check(self, token: int) -> Any:
        if token != self._token or self._doc is None:
            raise Stale
        return self._doc

    def open(self, token: int, data: bytes, first: tuple[ZoomSpec, float] | None) -> Opened:
        """Open ``data``; render page 1 at once when its zoom is given (the user waits).
        The document open until now is retired: :meth:`close_retired` closes it later,
        so that closing it does not delay the new one."""
        self.retire()
        self._doc = self._pdfium.PdfDocument(data)
        # Without a form environment PDFium leaves out widget annotations, and so the
        # appearance of every signature field (the signature image, the seal).
        self._doc.init_forms()
        self._token = token
        count = len(self._doc)
        rendered = None
        if first is not None and count > 0:
            rendered = self.render(token, 1, first[0], first[1])
        return Opened(token, count, rendered)

    def page_sizes(self, token: int) -> list[tuple[float, float]]:
        doc = self._check(token)
        return [tuple(doc.get_page_size(i)) for i in range(len(doc))]

    def render(self, token: int, page_no: int, zoom: ZoomSpec, dpr: float) -> Rendered:
        doc = self._check(token)
        page = doc[page_no - 1]
        try:
            size = (float(page.get_width()), float(page.get_height()))
            scale = zoom.scale(*size)
            image = self._render_into_qimage(page, scale * dpr)
        finally:
            page.close()
        return Rendered(token, page_no, size, scale, image, threading.get_ident())

    def _render_into_qimage(self, page: Any, scale: float) -> QImage:
        """PDFium draws straight into the QImage's memory (BGRx is Qt's RGB32 on
        little-endian machines): no copy between the renderer and the screen."""
        images: list[QImage] = []
        pdfium = self._pdfium

        def bitmap_maker(width: int, height: int, format: int, rev_byteorder: bool) -> Any:
            image = QImage(width, height, QImage.Format.Format_RGB32)
            stride = image.bytesPerLine()
            buffer = (ctypes.c_ubyte * (stride * height)).from_buffer(image.bits())
            images.append(image)
            return pdfium.PdfBitmap.new_native(
                width, height, format, rev_byteorder, buffer=buffer, stride=stride
            )

        bitmap = page.render(
            scale=scale,
            bitmap_maker=bitmap_maker,
            force_bitmap_format=pdfium.raw.FPDFBitmap_BGRx,
            draw_annots=True,
        )
        bitmap.close()
        del bitmap
        return images[0]

    def search(self, token: int, generation: int, text: str, pages: range) -> SearchChunk:
        """Case-insensitive occurrences of ``text`` on ``pages``, one entry per occurrence
        with the line boxes it covers."""
        doc = self._check(token)
        hits: list[tuple[int, list[Rect]]] = []
        for page_no in pages:
            page = doc[page_no - 1]
            textpage = page.get_textpage()
            try:
                searcher = textpage.search(text, match_case=False)
                while (found := searcher.get_next()) is not None:
                    index, count = found
                    n = textpage.count_rects(index, count)
                    hits.append((page_no, [tuple(textpage.get_rect(i)) for i in range(n)]))
                searcher.close()
            finally:
                textpage.close()
                page.close()
        return SearchChunk(token, generation, hits)

    def select(self, token: int, page_no: int, area: Rect) -> Selection:
        """The text read from the first to the last character whose centre lies in
        ``area``, in reading order, with its line boxes."""
        doc = self._check(token)
        left, bottom, right, top = area
        page = doc[page_no - 1]
        textpage = page.get_textpage()
        try:
            inside = []
            for i in range(textpage.count_chars()):
                cl, cb, cr, ct = textpage.get_charbox(i)
                cx, cy = (cl + cr) / 2, (cb + ct) / 2
                if left <= cx <= right and bottom <= cy <= top:
                    inside.append(i)
            if not inside:
                return Selection(token, page_no, "", [])
            first, count = inside[0], inside[-1] - inside[0] + 1
            text = textpage.get_text_range(first, count)
            n = textpage.count_rects(first, count)
            rects = [tuple(textpage.get_rect(i)) for i in range(n)]
        finally:
            textpage.close()
            page.close()
        return Selection(token, page_no, text.strip(), rects)

    def retire(self) -> None:
        if self._doc is not None:
            self._retired.append(self._doc)
        self._doc = None
        self._token = -1

    def close_retired(self) -> None:
        while self._retired:
            self._retired.pop().close()

    def close(self) -> None:
        self.retire()
        self.close_retired()


@dataclass(order=True)
class _Job:
    priority: int
    seq: int
    tag: str = ""
    key: Hashable = None
    fn: Callable[[], object] | None = None


#: PDFium's state is process-wide: every viewer's thread (two viewers in one process, as
#: in tests with a chair and a member window) takes this lock around each call.
_PDFIUM_LOCK = threading.Lock()


class PdfiumThread:
    """One thread, one priority queue.  ``submit`` and ``cancel`` may be called from any
    thread; ``deliver(tag, key, result)`` is called on the worker thread for every job
    that ran, with its return value, a :class:`Failure`, or :data:`NOTHING`."""

    def __init__(self, deliver: Callable[[str, Hashable, object], None]) -> None:
        self._deliver = deliver
        self._cond = threading.Condition()
        self._heap: list[_Job] = []
        self._pending: set[tuple[str, Hashable]] = set()
        self._seq = itertools.count()
        self._running = False
        self._stopping = False
        self.thread_id = 0
        self.pdfium: Pdfium
        started = threading.Event()
        self._thread = threading.Thread(
            target=self._run, args=(started,), name="pdfium", daemon=True
        )
        self._thread.start()
        started.wait()

    def submit(self, priority: int, tag: str, key: Hashable, fn: Callable[[], object]) -> bool:
        """Queue ``fn`` unless a job with the same tag and key is already queued."""
        with self._cond:
            if self._stopping or (tag, key) in self._pending:
                return False
            self._pending.add((tag, key))
            heapq.heappush(self._heap, _Job(priority, next(self._seq), tag, key, fn))
            self._cond.notify()
            return True

    def cancel(self, *tags: str) -> list[tuple[str, Hashable]]:
        """Drop the queued jobs with these tags; returns their (tag, key) pairs."""
        with self._cond:
            dropped = [job for job in self._heap if job.tag in tags]
            if dropped:
                self._heap = [job for job in self._heap if job.tag not in tags]
                heapq.heapify(self._heap)
                for job in dropped:
                    self._pending.discard((job.tag, job.key))
            return [(job.tag, job.key) for job in dropped]

    def is_idle(self) -> bool:
        with self._cond:
            return not self._heap and not self._running

    def stop(self, last: Callable[[], object] | None = None, timeout: float = 5.0) -> None:
        """Drop everything queued, run ``last`` (e.g. closing the document), end."""
        with self._cond:
            self._heap.clear()
            self._pending.clear()
            if last is not None:
                self._heap.append(_Job(-1, next(self._seq), "stop", None, last))
            self._stopping = True
            self._cond.notify()
        self._thread.join(timeout)

    def _run(self, started: threading.Event) -> None:
        self.thread_id = threading.get_ident()
        with _PDFIUM_LOCK:
            self.pdfium = Pdfium()
        started.set()
        while True:
            with self._cond:
                while not self._heap and not self._stopping:
                    self._cond.wait()
                if not self._heap:
                    return
                job = heapq.heappop(self._heap)
                self._pending.discard((job.tag, job.key))
                self._running = True
            try:
                assert job.fn is not None
                with _PDFIUM_LOCK:
                    result: object = job.fn()
            except Stale:
                result = None
            except Exception as exc:
                result = Failure(_kind(exc), f"{type(exc).__name__}: {exc}")
            try:
                if job.tag != "stop":
                    # Never None through a queued signal: PySide6 miscounts its
                    # references (a fatal "deallocating None" on Python 3.11).
                    self._deliver(job.tag, job.key, NOTHING if result is None else result)
            except RuntimeError:
                pass  # the receiver was deleted while the job ran
            finally:
                with self._cond:
                    self._running = False


def _kind(exc: Exception) -> FailureKind:
    text = str(exc).lower()
    if "password" in text:
        return FailureKind.PASSWORD
    if "failed to load document" in text:
        return FailureKind.DAMAGED
    if "failed to load page" in text:
        return FailureKind.PAGE
    return FailureKind.OTHER
