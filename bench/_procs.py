"""Child processes of the benchmark: pinned to a CPU, killed with their parent, cleaned up.

Also the small measurement helpers: CPU time from ``/proc/stat`` (busy and steal) and
percentiles.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import json
import os
import signal
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
_PR_SET_PDEATHSIG = 1


def cpus() -> list[int]:
    """The CPUs this process may run on, lowest first."""
    return sorted(os.sched_getaffinity(0))


def _pinned(cpu: int | None) -> Callable[[], None]:
    def preexec() -> None:
        if cpu is not None:
            os.sched_setaffinity(0, {cpu})
        with contextlib.suppress(OSError, AttributeError):  # die with the benchmark
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)

    return preexec


class Child:
    """One child process with stdin/stdout pipes and stderr in a log file."""

    def __init__(self, name: str, proc: asyncio.subprocess.Process, log: Path) -> None:
        self.name, self.proc, self.log = name, proc, log
        self._lines: asyncio.Queue[str | None] | None = None
        self._pump: asyncio.Task[None] | None = None

    def pump(self, on_line: Callable[[str], None]) -> None:
        """Read stdout in the background: JSON lines answer :meth:`line`, others go to
        ``on_line`` as they come (progress notifications)."""
        lines: asyncio.Queue[str | None] = asyncio.Queue()
        self._lines = lines
        stdout = self.proc.stdout
        assert stdout is not None

        async def run() -> None:
            while raw := await stdout.readline():
                text = raw.decode().strip()
                if text.startswith("{"):
                    lines.put_nowait(text)
                else:
                    on_line(text)
            lines.put_nowait(None)

        self._pump = asyncio.get_running_loop().create_task(run())

    @classmethod
    async def start(cls, name: str, argv: Sequence[str], cpu: int | None, logs: Path) -> Child:
        log = logs / f"{name}.log"
        with log.open("wb") as err:
            proc = await asyncio.create_subprocess_exec(
                *argv,
                stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE,
                stderr=err,
                cwd=ROOT,
                preexec_fn=_pinned(cpu),
                env={**os.environ, "PYTHONPATH": str(ROOT)},
            )
        return cls(name, proc, log)

    def fail(self, what: str) -> RuntimeError:
        tail = self.log.read_text("utf-8", "replace")[-3000:] if self.log.exists() else ""
        return RuntimeError(f"{self.name}: {what}\n--- {self.log.name} ---\n{tail}")

    async def line(self, timeout: float) -> str:
        assert self.proc.stdout is not None
        try:
            if self._lines is not None:
                text = await asyncio.wait_for(self._lines.get(), timeout)
            else:
                raw = await asyncio.wait_for(self.proc.stdout.readline(), timeout)
                text = raw.decode().strip() if raw else None
        except TimeoutError:
            raise self.fail(f"no answer within {timeout:.0f} s") from None
        if text is None:
            raise self.fail("exited unexpectedly")
        return text

    async def ask(self, message: str | dict[str, Any], timeout: float = 120.0) -> Any:
        """Write one line (JSON for dicts) and return the JSON line it answers."""
        assert self.proc.stdin is not None
        text = message if isinstance(message, str) else json.dumps(message)
        self.proc.stdin.write(text.encode() + b"\n")
        await self.proc.stdin.drain()
        return json.loads(await self.line(timeout))

    async def listening_port(self, timeout: float = 120.0) -> int:
        """Wait for a "... listening on ...:PORT" (or "... on PORT") line."""
        while True:
            text = await self.line(timeout)
            if "listening on" in text:
                return int(text.rsplit(":", 1)[-1].rsplit(" ", 1)[-1])

    async def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.proc.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                if self.proc.stdin is not None and not self.proc.stdin.is_closing():
                    self.proc.stdin.close()
                self.proc.send_signal(sig)
            try:
                await asyncio.wait_for(self.proc.wait(), 10)
            except TimeoutError:
                with contextlib.suppress(ProcessLookupError):
                    self.proc.kill()
                await self.proc.wait()
        if self._pump is not None:
            await asyncio.gather(self._pump, return_exceptions=True)


class Progress:
    """Which change every receiver process has completely received, per kind."""

    def __init__(self, processes: int) -> None:
        self.processes = processes
        self.changed = asyncio.Event()
        self.reset()

    def reset(self) -> None:
        self.done = {kind: [-1] * self.processes for kind in ("product", "baseline")}

    def listener(self, process: int) -> Any:
        def on_line(text: str) -> None:
            word, kind, index = text.split()
            if word == "done":
                self.done[kind][process] = max(self.done[kind][process], int(index))
                self.changed.set()

        return on_line

    async def wait(self, kind: str, index: int, timeout: float = 30.0) -> None:
        """Until every receiver has change ``index`` of ``kind``."""
        deadline = time.monotonic() + timeout
        while min(self.done[kind]) < index:
            self.changed.clear()
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise RuntimeError(f"{kind} change {index} did not reach every client in time")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.changed.wait(), remaining)


def python(*args: str) -> list[str]:
    return [sys.executable, *args]


# --- measurement helpers -------------------------------------------------------------------


def cpu_times() -> dict[str, list[int]]:
    """``/proc/stat`` jiffies per line (``cpu``, ``cpu0``, ...)."""
    out: dict[str, list[int]] = {}
    with open("/proc/stat") as fh:
        for line in fh:
            if line.startswith("cpu"):
                name, *values = line.split()
                out[name] = [int(v) for v in values[:8]]
    return out


def cpu_usage(before: dict[str, list[int]], after: dict[str, list[int]]) -> dict[str, float]:
    """Steal % of all CPUs, and busy % (non-idle, including steal) per CPU."""
    result: dict[str, float] = {}
    for name in after:
        delta = [a - b for a, b in zip(after[name], before.get(name, after[name]), strict=True)]
        total = sum(delta) or 1
        idle = delta[3] + delta[4]
        if name == "cpu":
            result["steal_pct"] = round(100.0 * delta[7] / total, 2)
        else:
            result[f"{name}_busy_pct"] = round(100.0 * (total - idle) / total, 1)
            result[f"{name}_steal_pct"] = round(100.0 * delta[7] / total, 2)
    return result


def foreign_load(
    usage: dict[str, float], cpu: int, before: dict[str, list[int]], ours: int
) -> dict[str, float]:
    """Of CPU ``cpu``'s busy %, the share of our pinned processes (``ours`` jiffies
    since ``before``) and the rest, which came from other jobs on the machine."""
    after = cpu_times()
    total = sum(after[f"cpu{cpu}"]) - sum(before[f"cpu{cpu}"]) or 1
    share = 100.0 * ours / total
    return {
        f"cpu{cpu}_ours_pct": round(share, 1),
        f"cpu{cpu}_foreign_pct": round(max(0.0, usage[f"cpu{cpu}_busy_pct"] - share), 1),
    }


def process_jiffies(pid: int) -> int:
    """User + system CPU time of a process (all its threads), in jiffies."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0
    return int(fields[11]) + int(fields[12])


def percentile(values: Sequence[float], q: float) -> float:
    """Linear-interpolated percentile (like numpy's default), ``q`` in 0..100."""
    data = sorted(values)
    if not data:
        return float("nan")
    pos = (len(data) - 1) * q / 100.0
    low = int(pos)
    high = min(low + 1, len(data) - 1)
    return data[low] + (data[high] - data[low]) * (pos - low)


def stats(latencies_ms: Sequence[float]) -> dict[str, float]:
    return {
        "p50_ms": round(percentile(latencies_ms, 50), 3),
        "p99_ms": round(percentile(latencies_ms, 99), 3),
        "max_ms": round(max(latencies_ms), 3),
        "mean_ms": round(sum(latencies_ms) / len(latencies_ms), 3),
    }
