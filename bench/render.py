"""Document viewer benchmark: first page on screen, page turns, memory.

    python bench/render.py [--pages 500] [--rounds 7] [--turns 50] [--json]

A generated agenda PDF of ``--pages`` pages (``server.demo_documents.make_pdf``, built in a
child process so that its memory does not count) is opened in the real viewer component,
``DocumentViewModel`` + ``DocumentViewer`` (offscreen Qt, 1200x900 window, fit width).

- first page: from ``open()`` until ``page_rendered`` of page 1 is delivered to the GUI
  thread (and, as ``first_paint_ms``, until the page widget has been painted with it);
  the document is opened afresh ``--rounds`` times, median reported;
- cached turn: ``go_to()`` the next page, prefetched while the current one was shown,
  until it is delivered and until it is painted (``cached_turn_ms``, the stricter);
- uncached turn: ``go_to()`` a page never shown nor prefetched, likewise;
- memory: peak RSS of the process (``getrusage``) before the baseline that keeps its
  pages, and the RSS then.

Baseline, same run and interleaved with the product so that both see the same machine
noise: pypdfium2 alone on the GUI thread, opening the same bytes and rendering page 1
into a bitmap at the scale the viewer used; and, for the uncached turn, loading and
rendering each of the same pages.  The viewer's PDFium thread is idle whenever the
baseline runs (PDFium is not thread-safe).  CPU steal over the run is recorded.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtGui import QFont, QFontDatabase  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from bench._procs import cpu_times, cpu_usage  # noqa: E402
from desktop.viewmodels.document import DocumentViewModel  # noqa: E402
from desktop.widgets.document_viewer import DocumentViewer  # noqa: E402

TARGET_RATIO_FIRST_PAGE = 1.2
TARGET_CACHED_TURN_MS = 16.0
WINDOW = (1200, 900)

_MAKE_PDF = """
import sys
from server.demo_documents import make_pdf
paragraphs = [
    "Tờ trình về dự toán ngân sách nhà nước năm 2026, kế hoạch tài chính - ngân sách "
    "ba năm và kế hoạch đầu tư công trung hạn; đánh giá tình hình thực hiện nhiệm vụ.",
    "Báo cáo của Chính phủ về kết quả đổi mới giáo dục, y tế, an sinh xã hội, xây dựng "
    "nông thôn mới và chuyển đổi số quốc gia; kiến nghị các giải pháp trọng tâm.",
    "Dự thảo Nghị quyết phiên họp Chính phủ thường kỳ: các Bộ, cơ quan ngang Bộ, Ủy ban "
    "nhân dân các tỉnh, thành phố trực thuộc Trung ương tổ chức thực hiện.",
]
sys.stdout.buffer.write(make_pdf("Chương trình phiên họp Chính phủ", paragraphs * 3,
                                 pages=int(sys.argv[1])))
"""


def _rss_mb() -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


class Bench:
    def __init__(self, app: QApplication, data: bytes) -> None:
        self.app = app
        self.data = data
        self.vm = DocumentViewModel()
        self.viewer = DocumentViewer(self.vm)
        self.viewer.resize(*WINDOW)
        self.viewer.show()
        self._loop = QEventLoop()
        self._tick = QTimer(interval=50)  # wakes the loop up should an event never come
        self._tick.start()
        self.settle()
        self._rendered_at: dict[int, float] = {}
        self.vm.page_rendered.connect(self._on_page_rendered)
        import pypdfium2  # the worker imported it already; the baseline uses it directly

        self.pdfium = pypdfium2

    def _on_page_rendered(self, page: int, _image: object) -> None:
        self._rendered_at.setdefault(page, time.perf_counter())

    def spin_until(self, done: Callable[[], bool], timeout: float = 30.0) -> None:
        """Run the GUI event loop until ``done()``: sleep until an event arrives (a
        result from the PDFium thread is one), no busy waiting."""
        end = time.perf_counter() + timeout
        while not done():
            if time.perf_counter() > end:
                raise TimeoutError("the viewer did not answer in time")
            self._loop.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)

    def settle(self) -> None:
        self.app.processEvents()
        self.spin_until(lambda: self.vm.is_idle())
        self.app.processEvents()

    def painted(self, page: int) -> None:
        """Wait for ``page`` and paint it now (offscreen there is no compositor)."""
        self.spin_until(lambda: page in self._rendered_at)
        self.viewer.canvas.repaint()

    # -- product -------------------------------------------------------------------

    def first_page(self) -> tuple[float, float]:
        self.settle()
        self._rendered_at.clear()
        t0 = time.perf_counter()
        self.vm.open(self.data, version_id=1, title="bench")
        self.painted(1)
        t_paint = time.perf_counter()
        self.settle()
        return (self._rendered_at[1] - t0) * 1e3, (t_paint - t0) * 1e3

    def turn(self, page: int) -> tuple[float, float]:
        """(ms until the page was delivered, ms until it was painted)."""
        self.settle()
        self._rendered_at.clear()
        t0 = time.perf_counter()
        self.vm.go_to(page)
        self.painted(page)
        return (self._rendered_at[page] - t0) * 1e3, (time.perf_counter() - t0) * 1e3

    # -- baseline: pypdfium2 alone ---------------------------------------------------

    def baseline_first_page(self, scale: float) -> float:
        self.settle()
        t0 = time.perf_counter()
        doc = self.pdfium.PdfDocument(self.data)
        page = doc[0]
        bitmap = page.render(scale=scale)
        elapsed = (time.perf_counter() - t0) * 1e3
        bitmap.close()
        page.close()
        doc.close()
        return elapsed

    def baseline_pages(self, pages: list[int], scale: float, keep: bool) -> list[float]:
        """Render each page; with ``keep`` the bitmaps stay alive as in a cache, so every
        render gets fresh memory from the kernel (zeroed pages) instead of reusing the
        last one's."""
        self.settle()
        doc = self.pdfium.PdfDocument(self.data)
        out, kept = [], []
        for number in pages:
            t0 = time.perf_counter()
            page = doc[number - 1]
            bitmap = page.render(scale=scale)
            out.append((time.perf_counter() - t0) * 1e3)
            page.close()
            if keep:
                kept.append(bitmap)
            else:
                bitmap.close()
        for bitmap in kept:
            bitmap.close()
        doc.close()
        return out


def run(pages: int, rounds: int, turns: int) -> dict[str, Any]:
    t0 = time.perf_counter()
    data = subprocess.run(
        [sys.executable, "-c", _MAKE_PDF, str(pages)], cwd=ROOT, check=True, capture_output=True
    ).stdout
    made_s = time.perf_counter() - t0
    app = QApplication([])
    font_id = QFontDatabase.addApplicationFont(str(ROOT / "resources/fonts/DejaVuSans.ttf"))
    app.setFont(QFont(QFontDatabase.applicationFontFamilies(font_id)[0], 10))
    rss_start = _rss_mb()
    bench = Bench(app, data)
    cpu_before = cpu_times()

    bench.first_page()  # warm-up: first use of fonts and code paths
    dpr = bench.viewer.devicePixelRatioF()
    scale = bench.vm.page_scale(1) * dpr
    bench.baseline_first_page(scale)
    first: list[float] = []
    painted: list[float] = []
    base_first: list[float] = []
    for _ in range(rounds):
        ms, paint_ms = bench.first_page()
        first.append(ms)
        painted.append(paint_ms)
        base_first.append(bench.baseline_first_page(scale))

    assert bench.vm.page == 1
    bench.settle()
    hits_before = bench.vm.cache_hits
    # Page 2+i was prefetched while 1+i was shown (turn() lets the viewer settle first).
    cached = [bench.turn(2 + i) for i in range(turns)]
    assert bench.vm.cache_hits - hits_before == turns, "a cached turn was not served from the cache"

    step = max(3, (pages - turns - 10) // turns)
    far = [turns + 10 + k * step for k in range(turns) if turns + 10 + k * step <= pages]
    uncached: list[tuple[float, float]] = []
    for page in far:
        assert bench.vm.cached_image(page) is None
        uncached.append(bench.turn(page))
    base_uncached = bench.baseline_pages(far, scale, keep=False)
    rss_peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rss_end_mb = _rss_mb()
    base_kept = bench.baseline_pages(far, scale, keep=True)  # last: it holds 300 MB
    cpu = cpu_usage(cpu_before, cpu_times())

    def median(values: list[float]) -> float:
        return round(statistics.median(values), 2)

    first_ms, base_first_ms = median(first), median(base_first)
    uncached_ms, base_uncached_ms = median([u[0] for u in uncached]), median(base_uncached)
    image = bench.viewer.canvas.image
    result: dict[str, Any] = {
        "pages": pages,
        "pdf_bytes": len(data),
        "pdf_generated_s": round(made_s, 1),
        "rounds": rounds,
        "turns": len(cached),
        "uncached_turns": len(uncached),
        "window": list(WINDOW),
        "page_px": [image.width(), image.height()] if image else None,
        "scale": round(scale, 4),
        "first_page_ms": first_ms,
        "first_paint_ms": median(painted),
        "baseline_first_page_ms": base_first_ms,
        "ratio_first_page": round(first_ms / base_first_ms, 3),
        "cached_turn_ms": median([c[1] for c in cached]),
        "cached_turn_max_ms": round(max(c[1] for c in cached), 2),
        "cached_delivered_ms": median([c[0] for c in cached]),
        "uncached_turn_ms": median([u[1] for u in uncached]),
        "uncached_delivered_ms": uncached_ms,
        "baseline_uncached_ms": base_uncached_ms,
        "ratio_uncached": round(uncached_ms / base_uncached_ms, 3),
        "baseline_uncached_kept_ms": median(base_kept),
        "rss_mb": round(rss_peak_mb, 1),
        "rss_start_mb": round(rss_start, 1),
        "rss_end_mb": round(rss_end_mb, 1),
        "cache_mb": round(bench.vm.cache_bytes / 2**20, 1),
        "cpu_steal_pct": cpu.get("steal_pct", 0.0),
    }
    bench.vm.shutdown()
    return result


def print_table(r: dict[str, Any]) -> None:
    print(
        f"\nDocument viewer: {r['pages']}-page PDF ({r['pdf_bytes']:,} bytes), window "
        f"{WINDOW[0]}x{WINDOW[1]}, fit width: page {r['page_px']} px at scale {r['scale']}"
    )
    print(f"{'':26}{'viewer':>10}{'pypdfium2':>11}{'ratio':>8}")
    rows = [
        ("first page, ms", "first_page_ms", "baseline_first_page_ms", "ratio_first_page"),
        ("  and painted, ms", "first_paint_ms", None, None),
        ("page turn, cached, ms", "cached_delivered_ms", None, None),
        ("  and painted, ms", "cached_turn_ms", None, None),
        (
            "page turn, uncached, ms",
            "uncached_delivered_ms",
            "baseline_uncached_ms",
            "ratio_uncached",
        ),
        ("  and painted, ms", "uncached_turn_ms", None, None),
        ("  pypdfium2 keeping pages", None, "baseline_uncached_kept_ms", None),
    ]
    for label, mine, base, ratio in rows:
        line = f"{label:26}" + (f"{r[mine]:>10.2f}" if mine else " " * 10)
        if base:
            line += f"{r[base]:>11.2f}"
        if ratio:
            line += f"{r[ratio]:>8.2f}"
        print(line)
    print(
        f"medians: first page over {r['rounds']} opens, turns over {r['turns']} cached / "
        f"{r['uncached_turns']} uncached; cached turn max {r['cached_turn_max_ms']} ms"
    )
    print(
        f"memory: peak RSS {r['rss_mb']} MB (Qt alone {r['rss_start_mb']} MB, at the end "
        f"{r['rss_end_mb']} MB, page cache {r['cache_mb']} MB); cpu steal {r['cpu_steal_pct']}%"
    )
    ok1 = "meets" if r["ratio_first_page"] <= TARGET_RATIO_FIRST_PAGE else "MISSES"
    ok2 = "meets" if r["cached_turn_ms"] <= TARGET_CACHED_TURN_MS else "MISSES"
    print(
        f"ratio_first_page {r['ratio_first_page']} ({ok1} target <= {TARGET_RATIO_FIRST_PAGE}); "
        f"cached_turn_ms {r['cached_turn_ms']} ({ok2} target <= {TARGET_CACHED_TURN_MS:.0f})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=7, help="opens for the first page")
    parser.add_argument("--turns", type=int, default=50, help="page turns of each kind")
    parser.add_argument("--json", action="store_true", help="end with one JSON line")
    args = parser.parse_args()
    result = run(args.pages, args.rounds, args.turns)
    print_table(result)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
