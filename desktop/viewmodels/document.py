"""The document viewer's model: one PDF, its current page, zoom, search and caches.

Rendering and every other PDFium call happen on one dedicated thread
(:class:`~desktop.viewmodels._pdfium.PdfiumThread`); results come back to the GUI thread
through a queued signal, so no slot here ever waits for PDFium.  Pages are numbered
from 1, as users and ``presenter.set_page`` number them.  Rectangles are
``(left, bottom, right, top)`` in PDF points, origin bottom-left, as in
``protocol.annotations``.
"""

from __future__ import annotations

import functools
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import NamedTuple

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QImage

from desktop.viewmodels._pdfium import (
    PX_PER_POINT,
    Failure,
    FailureKind,
    Nothing,
    Opened,
    PdfiumThread,
    Rect,
    Rendered,
    SearchChunk,
    Selection,
    ZoomMode,
    ZoomSpec,
)

__all__ = ["ZOOM_STEPS", "DocumentViewModel", "PageCache", "Rect", "SearchHit", "ZoomMode"]

#: The zoom percentages offered, and the steps of zoom in / zoom out.
ZOOM_STEPS = (50, 75, 100, 125, 150, 200, 300, 400)
#: Pages searched per job, so that a page turn never waits for a whole search.
_SEARCH_CHUNK = 16
# Queue priorities: what the user waits for first.
_NOW, _SEARCH, _PREFETCH, _BACKGROUND = 0, 1, 2, 3

PageKey = tuple[int, ZoomSpec, float]


class SearchHit(NamedTuple):
    """One occurrence: its page and the line boxes it covers (PDF points)."""

    page: int
    rects: list[Rect]


class PageCache:
    """Least-recently-used images within a byte budget (at least the newest one stays)."""

    def __init__(self, budget_bytes: int) -> None:
        self.budget_bytes = budget_bytes
        self.bytes = 0
        self._items: OrderedDict[Hashable, QImage] = OrderedDict()

    def get(self, key: Hashable) -> QImage | None:
        image = self._items.get(key)
        if image is not None:
            self._items.move_to_end(key)
        return image

    def peek(self, key: Hashable) -> QImage | None:
        """Like :meth:`get`, without making the entry recent."""
        return self._items.get(key)

    def put(self, key: Hashable, image: QImage) -> None:
        old = self._items.pop(key, None)
        if old is not None:
            self.bytes -= old.sizeInBytes()
        self._items[key] = image
        self.bytes += image.sizeInBytes()
        while self.bytes > self.budget_bytes and len(self._items) > 1:
            _, evicted = self._items.popitem(last=False)
            self.bytes -= evicted.sizeInBytes()

    def clear(self) -> None:
        self._items.clear()
        self.bytes = 0

    def __contains__(self, key: Hashable) -> bool:
        return key in self._items

    def __len__(self) -> int:
        return len(self._items)


class DocumentViewModel(QObject):
    """One document at a time: ``open`` it, turn pages, zoom, search, select text.

    Counters for tests and benchmarks: ``render_count`` (page renders delivered, not
    thumbnails), ``cache_hits``, ``render_thread_ids`` (threads that rendered) beside
    ``gui_thread_id``.
    """

    document_opened = Signal(int)
    document_failed = Signal(str)
    document_closed = Signal()
    page_changed = Signal(int)
    page_rendered = Signal(int, QImage)
    page_failed = Signal(int, str)
    zoom_changed = Signal(str, float)
    thumbnail_rendered = Signal(int, QImage)
    search_finished = Signal(list)
    current_hit_changed = Signal(int)
    text_selected = Signal(int, str, list)
    _delivered = Signal(str, object, object)

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        cache_bytes: int = 128 * 2**20,
        thumbnail_width: int = 96,
    ) -> None:
        super().__init__(parent)
        self.gui_thread_id = threading.get_ident()
        self.render_count = 0
        self.cache_hits = 0
        self.render_thread_ids: set[int] = set()
        self.thumbnail_width = thumbnail_width
        self._cache = PageCache(cache_bytes)
        self._thumbs = PageCache(max(cache_bytes // 8, 2**20))
        self._token = 0
        self._count = 0
        self._page = 0
        self._title = ""
        self._version_id: int | None = None
        self._error = ""
        self._mode = ZoomMode.FIT_WIDTH
        self._percent = 100.0
        self._view = (0, 0)
        self._dpr = 1.0
        self._sizes: dict[int, tuple[float, float]] = {}
        self._requested: set[Hashable] = set()
        self._outstanding = 0
        self._hits: list[SearchHit] = []
        self._hit = -1
        self._search_generation = 0
        self._search_left = 0
        self._search_found: list[SearchHit] = []
        self._shut_down = False
        self._delivered.connect(self._on_worker_delivered, Qt.ConnectionType.QueuedConnection)
        self._worker = PdfiumThread(self._delivered.emit)

    # -- state ---------------------------------------------------------------------

    @property
    def page(self) -> int:
        """The current page (1-based), 0 while no document is open."""
        return self._page

    @property
    def page_count(self) -> int:
        return self._count

    @property
    def title(self) -> str:
        return self._title

    @property
    def version_id(self) -> int | None:
        return self._version_id

    @property
    def error(self) -> str:
        """Why the document could not be shown, or ""."""
        return self._error

    @property
    def zoom_mode(self) -> ZoomMode:
        return self._mode

    @property
    def zoom_percent(self) -> float:
        """The effective zoom of the current page, also in the fit modes."""
        return self.page_scale(self._page) / PX_PER_POINT * 100

    @property
    def hits(self) -> list[SearchHit]:
        return list(self._hits)

    @property
    def current_hit(self) -> int:
        """Index into ``hits`` of the hit last gone to, -1 if none."""
        return self._hit

    @property
    def worker_thread_id(self) -> int:
        return self._worker.thread_id

    def is_idle(self) -> bool:
        """Nothing queued, running or waiting to be delivered."""
        return self._outstanding == 0 and self._worker.is_idle()

    def page_size(self, page: int) -> tuple[float, float] | None:
        """The page's size in PDF points, once known (after it or the sizes are read)."""
        return self._sizes.get(page) or self._sizes.get(1)

    def page_scale(self, page: int) -> float:
        """Logical pixels per PDF point for ``page`` at the current zoom."""
        size = self.page_size(page) or (595.0, 842.0)
        return self._spec().scale(*size)

    @property
    def cache_bytes(self) -> int:
        """Bytes of page images in the cache now."""
        return self._cache.bytes

    def cached_image(self, page: int) -> QImage | None:
        """The page at the current zoom if it is in the cache (counts no hit)."""
        return self._cache.peek((page, self._spec(), self._dpr))

    def hits_on(self, page: int) -> list[tuple[int, SearchHit]]:
        """(index, hit) of the search hits on ``page``."""
        return [(i, hit) for i, hit in enumerate(self._hits) if hit.page == page]

    # -- documents -----------------------------------------------------------------

    def open(self, data: bytes, version_id: int | None = None, title: str = "") -> None:
        """Show ``data``; ``document_opened`` then ``page_rendered`` for page 1 follow,
        or ``document_failed`` with a readable message."""
        self._reset()
        self._version_id = version_id
        self._title = title
        token, spec, dpr = self._token, self._spec(), self._dpr
        pdfium = self._worker.pdfium
        self._submit(
            _NOW, "open", (token, spec, dpr), lambda: pdfium.open(token, data, (spec, dpr))
        )

    def close(self) -> None:
        """Close the document (the caches are emptied)."""
        if self._count or self._version_id is not None or self._error:
            self._reset()
            self._submit(_NOW, "close", self._token, self._worker.pdfium.close)
            self.document_closed.emit()

    def shutdown(self) -> None:
        """Close the document and end the PDFium thread; call once when the app ends."""
        if not self._shut_down:
            self._shut_down = True
            self._worker.stop(self._worker.pdfium.close)

    def _reset(self) -> None:
        self._token += 1
        self._cancel("open", "page", "prefetch", "thumb", "search", "select", "sizes")
        self._cache.clear()
        self._thumbs.clear()
        self._requested.clear()
        self._sizes.clear()
        self._count = self._page = 0
        self._error = ""
        self._version_id = None
        self._title = ""
        self._hits, self._hit, self._search_found, self._search_left = [], -1, [], 0
        self._search_generation += 1

    # -- navigation ----------------------------------------------------------------

    def go_to(self, page: int) -> None:
        """Make ``page`` current (clamped to the document)."""
        if not self._count:
            return
        page = max(1, min(self._count, page))
        if page == self._page:
            return
        self._page = page
        self.page_changed.emit(page)
        self._show_current()

    def next_page(self) -> None:
        self.go_to(self._page + 1)

    def previous_page(self) -> None:
        self.go_to(self._page - 1)

    def first_page(self) -> None:
        self.go_to(1)

    def last_page(self) -> None:
        self.go_to(self._count)

    # -- zoom ----------------------------------------------------------------------

    def set_zoom_mode(self, mode: ZoomMode) -> None:
        if mode is ZoomMode.PERCENT:
            self.set_zoom_percent(self.zoom_percent)
            return
        if mode != self._mode:
            self._mode = mode
            self._zoom_changed()

    def set_zoom_percent(self, percent: float) -> None:
        percent = max(ZOOM_STEPS[0], min(ZOOM_STEPS[-1], percent))
        if self._mode is not ZoomMode.PERCENT or abs(percent - self._percent) > 0.01:
            self._mode, self._percent = ZoomMode.PERCENT, percent
            self._zoom_changed()

    def zoom_in(self) -> None:
        current = self.zoom_percent
        self.set_zoom_percent(next((s for s in ZOOM_STEPS if s > current + 0.5), ZOOM_STEPS[-1]))

    def zoom_out(self) -> None:
        current = self.zoom_percent
        smaller = [s for s in ZOOM_STEPS if s < current - 0.5]
        self.set_zoom_percent(smaller[-1] if smaller else ZOOM_STEPS[0])

    def set_viewport(self, width: int, height: int, dpr: float = 1.0) -> None:
        """The size (logical pixels) of the area the page is shown in, and its device
        pixel ratio; the fit modes follow it."""
        if (width, height) == self._view and dpr == self._dpr:
            return
        fit_changed = self._mode is not ZoomMode.PERCENT and (width, height) != self._view
        dpr_changed = dpr != self._dpr
        self._view, self._dpr = (width, height), dpr
        if fit_changed or dpr_changed:
            self._zoom_changed()

    def _spec(self) -> ZoomSpec:
        if self._mode is ZoomMode.PERCENT:
            return ZoomSpec(ZoomMode.PERCENT, self._percent)
        return ZoomSpec(self._mode, 100.0, *self._view)

    def _zoom_changed(self) -> None:
        self._cancel("page", "prefetch")
        self.zoom_changed.emit(self._mode.value, self.zoom_percent)
        if self._page:
            self._show_current()

    # -- rendering -----------------------------------------------------------------

    def _current_key(self) -> PageKey:
        return (self._page, self._spec(), self._dpr)

    def _show_current(self) -> None:
        key = self._current_key()
        image = self._cache.get(key)
        if image is not None:
            self.cache_hits += 1
            self.page_rendered.emit(self._page, image)
            self._prefetch()
            return
        self._cancel("page", "prefetch")
        self._request(_NOW, "page", key)

    def _prefetch(self) -> None:
        self._cancel("prefetch")
        for page in (self._page + 1, self._page - 1):
            key = (page, self._spec(), self._dpr)
            if 1 <= page <= self._count and key not in self._cache:
                self._request(_PREFETCH, "prefetch", key)

    def _request(self, priority: int, tag: str, key: PageKey) -> None:
        if key in self._requested:
            return
        token, (page, spec, dpr), pdfium = self._token, key, self._worker.pdfium
        if self._submit(priority, tag, key, lambda: pdfium.render(token, page, spec, dpr)):
            self._requested.add(key)

    def request_thumbnail(self, page: int) -> None:
        """Ask for ``page``'s thumbnail; ``thumbnail_rendered`` follows (at once when
        it is cached)."""
        if not 1 <= page <= self._count:
            return
        image = self._thumbs.get(page)
        if image is not None:
            self.thumbnail_rendered.emit(page, image)
            return
        spec = ZoomSpec(ZoomMode.FIT_WIDTH, 100.0, self.thumbnail_width, 10**6)
        token, dpr, pdfium = self._token, self._dpr, self._worker.pdfium
        self._submit(_BACKGROUND, "thumb", page, lambda: pdfium.render(token, page, spec, dpr))

    def _submit(self, priority: int, tag: str, key: Hashable, fn: Callable[[], object]) -> bool:
        submitted = self._worker.submit(priority, tag, key, fn)
        self._outstanding += submitted
        return submitted

    def _cancel(self, *tags: str) -> None:
        dropped = self._worker.cancel(*tags)
        self._outstanding -= len(dropped)
        for _, key in dropped:
            self._requested.discard(key)

    # -- search and selection ------------------------------------------------------

    def search(self, text: str) -> None:
        """Find ``text`` (case-insensitive) on every page; ``search_finished(hits)``
        follows, then the first hit from the current page on is gone to."""
        self._search_generation += 1
        self._cancel("search")
        self._hits, self._hit, self._search_found = [], -1, []
        text = text.strip()
        if not text or not self._count:
            self._search_left = 0
            self.search_finished.emit([])
            self.current_hit_changed.emit(-1)
            return
        token, generation, pdfium = self._token, self._search_generation, self._worker.pdfium
        chunks = [
            range(start, min(start + _SEARCH_CHUNK, self._count + 1))
            for start in range(1, self._count + 1, _SEARCH_CHUNK)
        ]
        self._search_left = len(chunks)
        for pages in chunks:
            self._submit(
                _SEARCH,
                "search",
                (generation, pages.start),
                functools.partial(pdfium.search, token, generation, text, pages),
            )

    def next_hit(self) -> None:
        self._step_hit(+1)

    def previous_hit(self) -> None:
        self._step_hit(-1)

    def _step_hit(self, step: int) -> None:
        if self._hits:
            self._select_hit((self._hit + step) % len(self._hits))

    def _select_hit(self, index: int) -> None:
        self._hit = index
        self.go_to(self._hits[index].page)
        self.current_hit_changed.emit(index)

    def select_text(self, page: int, area: Rect) -> None:
        """Read the text in ``area`` (PDF points) of ``page``; ``text_selected(page,
        text, line rects)`` follows (text "" when there is none)."""
        if not 1 <= page <= self._count:
            return
        self._cancel("select")
        token, pdfium = self._token, self._worker.pdfium
        self._submit(_NOW, "select", page, lambda: pdfium.select(token, page, area))

    # -- results from the PDFium thread ----------------------------------------------

    def _on_worker_delivered(self, tag: str, key: Hashable, result: object) -> None:
        self._outstanding -= 1
        if tag in ("page", "prefetch"):
            self._requested.discard(key)
        if isinstance(result, Nothing):
            return
        if isinstance(result, Failure):
            self._on_failure(tag, key, result)
            return
        if getattr(result, "token", self._token) != self._token:
            return
        if isinstance(result, Opened):
            self._on_opened(key, result)
        elif isinstance(result, Rendered) and tag == "thumb":
            self._thumbs.put(result.page, result.image)
            self.thumbnail_rendered.emit(result.page, result.image)
        elif isinstance(result, Rendered):
            self._on_rendered(key, result)
        elif isinstance(result, SearchChunk):
            self._on_search_chunk(result)
        elif isinstance(result, Selection):
            self.text_selected.emit(result.page, result.text, result.rects)
        elif tag == "sizes" and key == self._token and isinstance(result, list):
            self._sizes = {i + 1: size for i, size in enumerate(result)} | self._sizes

    def _on_opened(self, key: Hashable, opened: Opened) -> None:
        self._count = opened.page_count
        if not self._count:
            self._fail(self.tr("The document has no pages."))
            return
        self._page = 1
        self.document_opened.emit(self._count)
        if self._page == 1:  # a listener may have turned the page (to the presenter's)
            self.page_changed.emit(1)
        if opened.first is not None:
            assert isinstance(key, tuple)
            self._on_rendered((1, key[1], key[2]), opened.first)
        if self._current_key() not in self._cache:
            self._show_current()  # the view was resized while the document opened
        self._after_open()

    def _after_open(self) -> None:
        """Work that waits until the first page is shown: closing the document open
        before (its memory) and reading the size of every page."""
        token, pdfium = self._token, self._worker.pdfium
        self._submit(_BACKGROUND, "retire", token, pdfium.close_retired)
        if self._count:
            self._submit(_BACKGROUND, "sizes", token, lambda: pdfium.page_sizes(token))

    def _on_rendered(self, key: Hashable, rendered: Rendered) -> None:
        self.render_count += 1
        self.render_thread_ids.add(rendered.thread_id)
        self._sizes[rendered.page] = rendered.size_pt
        self._cache.put(key, rendered.image)
        if key == self._current_key():
            self.page_rendered.emit(rendered.page, rendered.image)
            self._prefetch()

    def _on_search_chunk(self, chunk: SearchChunk) -> None:
        if chunk.generation != self._search_generation:
            return
        self._search_found.extend(SearchHit(page, rects) for page, rects in chunk.hits)
        self._search_left -= 1
        if self._search_left:
            return
        self._hits = self._search_found
        self.search_finished.emit(self.hits)
        if self._hits:
            first = next((i for i, h in enumerate(self._hits) if h.page >= self._page), 0)
            self._select_hit(first)
        else:
            self.current_hit_changed.emit(-1)

    def _on_failure(self, tag: str, key: Hashable, failure: Failure) -> None:
        if tag == "open" and isinstance(key, tuple) and key[0] == self._token:
            messages = {
                FailureKind.PASSWORD: self.tr(
                    "This document is protected by a password and cannot be shown."
                ),
                FailureKind.DAMAGED: self.tr(
                    "This document is damaged or is not a PDF file, so it cannot be "
                    "shown. Ask the secretariat for a new copy."
                ),
            }
            self._fail(messages.get(failure.kind, self.tr("This document cannot be shown.")))
        elif tag in ("page", "prefetch") and isinstance(key, tuple) and key[0] == self._page:
            self.page_failed.emit(self._page, self.tr("This page is damaged and cannot be shown."))

    def _fail(self, message: str) -> None:
        self._count = self._page = 0
        self._error = message
        self.document_failed.emit(message)
        self._after_open()
