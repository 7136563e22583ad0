"""Fan-out benchmark: how long until every client sees the presenter's page change.

    python bench/fanout.py [--clients N] [--json] [--resume] [--rounds R] [--profile F]

N receivers log in and join one meeting in progress on a real e-Cabinet server (a
subprocess on loopback, SQLite in a temporary data directory); the chair
(``desktop.client``) changes the current page 200 times (``presenter.set_page``).  Each
change waits for its ack and until every receiver has it, then pauses briefly, so that
changes never overlap.  The latency of a change is the time from the chair's send until
the last receiver's socket had the ``presenter.page_changed`` frame (kernel receive
timestamp); the time until the last receiver process had *read* it is reported too.

In the same run, interleaved change by change with the product so that both see the
same machine noise, a bare ``websockets`` server (``bench/_baseline.py``) broadcasts a
payload of the same size to N plain connections with ``websockets.broadcast``.

The server processes run on the first CPU, the load generator (this process, the chair
and the receiver processes) on the second.  Receivers are light raw-socket readers
(``bench/_readers.py``) in a few processes, the same code for product and baseline.

``--resume``: a member that joined, disconnected and missed 1,000 events reconnects
(session resume + join from its last ``seq``); the time from the start of the reconnect
to its ``synced`` frame, repeated, median reported.  ``--clients 0 --resume`` runs only
that.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import shutil
import signal
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import msgspec
from websockets.asyncio.client import connect

from bench import _setup
from bench._procs import (
    Child,
    Progress,
    cpu_times,
    cpu_usage,
    cpus,
    foreign_load,
    process_jiffies,
    python,
    stats,
)
from bench._report import print_table
from bench._resume import measure_resume
from desktop.client import Client, MeetingSession
from protocol.envelope import EventFrame, encode
from protocol.live import PresenterPageChanged, PresenterSetPage


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument(
        "--clients", type=int, default=100, help="receivers (default 100; 0: no fan-out)"
    )
    p.add_argument("--changes", type=int, default=200, help="page changes measured")
    p.add_argument("--warmup", type=int, default=10, help="unmeasured changes first")
    p.add_argument(
        "--pause-ms", type=float, default=20.0, help="pause once a change reached everyone"
    )
    p.add_argument("--rounds", type=int, default=1, help="repeat the changes; medians reported")
    p.add_argument("--processes", type=int, default=4, help="receiver processes (default 4)")
    p.add_argument("--json", action="store_true", help="end with one JSON line of results")
    p.add_argument("--resume", action="store_true", help="also measure resume after 1,000 events")
    p.add_argument("--missed", type=int, default=1000, help="events missed before resuming")
    p.add_argument("--resume-repeats", type=int, default=5)
    p.add_argument("--profile", help="py-spy the server while measuring (.svg/.json/.txt)")
    p.add_argument(
        "--nice",
        type=int,
        default=0,
        help="run servers and load generator at this nice value (e.g. -10, needs root): "
        "shields the measurement from other jobs on a shared machine",
    )
    p.add_argument("--keep", action="store_true", help="keep the temporary data directory")
    return p


class Bench:
    """The processes and connections of one run."""

    def __init__(self, args: argparse.Namespace, tmp: Path) -> None:
        self.args, self.tmp = args, tmp
        available = cpus()
        self.server_cpu = available[0] if len(available) > 1 else None
        self.load_cpu = available[1] if len(available) > 1 else None
        self.children: list[Child] = []
        self.readers: list[Child] = []
        self.chair: Client | None = None
        self.chair_session: MeetingSession | None = None

    async def start(self, name: str, *argv: str, cpu: int | None) -> Child:
        child = await Child.start(name, python(*argv), cpu, self.tmp)
        self.children.append(child)
        return child

    async def close(self) -> None:
        if self.chair is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self.chair.close(), 5)
        await asyncio.gather(*(c.stop() for c in reversed(self.children)))

    # --- set-up --------------------------------------------------------------------------

    async def setup(self, members: int) -> _setup.Fixture:
        if self.load_cpu is not None:
            os.sched_setaffinity(0, {self.load_cpu})
        fixture = await asyncio.to_thread(_setup.create, self.tmp / "data", members)
        self.fixture = fixture
        self.server = await self.start(
            "server",
            "-m",
            "server.app",
            "serve",
            "--data-dir",
            str(self.tmp / "data"),
            "--port",
            "0",
            cpu=self.server_cpu,
        )
        self.url = f"ws://127.0.0.1:{await self.server.listening_port()}"
        self.chair = Client(self.url, auto_reconnect=False)
        await self.chair.connect()
        await self.chair.login(fixture.chair, fixture.password)
        self.chair_session = await self.chair.join(fixture.meeting_id)
        return fixture

    async def start_readers(self, port: int, baseline_port: int, users: list[str]) -> float:
        groups = max(1, min(self.args.processes, len(users)))
        self.progress = Progress(groups)
        started = time.monotonic()
        for g in range(groups):
            mine = users[g::groups]
            child = await self.start(f"readers-{g}", "-m", "bench._readers", cpu=self.load_cpu)
            child.pump(self.progress.listener(g))
            self.readers.append(child)
            assert child.proc.stdin is not None
            config = {
                "product": {
                    "host": "127.0.0.1",
                    "port": port,
                    "meeting_id": self.fixture.meeting_id,
                    "users": [[u, self.fixture.password] for u in mine],
                },
                "baseline": {"host": "127.0.0.1", "port": baseline_port, "count": len(mine)},
            }
            child.proc.stdin.write(json.dumps(config).encode() + b"\n")
        for child in self.readers:
            ready = json.loads(await child.line(timeout=900))
            assert ready.get("ready"), ready
        return time.monotonic() - started

    async def stop_readers(self) -> None:
        for child in self.readers:
            await child.stop()
        self.readers.clear()

    # --- fan-out -------------------------------------------------------------------------

    async def fanout(self) -> dict[str, Any]:
        args, fixture = self.args, self.fixture
        assert self.chair is not None and self.chair_session is not None
        baseline = await self.start("baseline", "-m", "bench._baseline", cpu=self.server_cpu)
        baseline_port = await baseline.listening_port()
        port = int(self.url.rsplit(":", 1)[1])
        connect_s = await self.start_readers(port, baseline_port, fixture.members[: args.clients])
        chair_ws = await connect(f"ws://127.0.0.1:{baseline_port}", compression=None)
        await chair_ws.send("chair")
        await asyncio.sleep(1.0)  # let the join announcements drain
        await asyncio.gather(*(r.ask("reset") for r in self.readers))
        self.progress.reset()
        by_user = self.chair.user.id if self.chair.user else 0
        epoch, seq0 = self.chair_session.epoch or "", self.chair_session.last_seq

        def baseline_frame(page: int, i: int) -> bytes:
            event = PresenterPageChanged(
                version_id=fixture.version_id, page=page, by_user_id=by_user
            )
            return encode(
                EventFrame(
                    meeting_id=fixture.meeting_id,
                    seq=seq0 + i + 1,
                    epoch=epoch,
                    at=datetime.now(UTC).isoformat(),
                    event=msgspec.Raw(encode(event)),
                )
            )

        profiler = await self._profiler()
        rounds: list[dict[str, Any]] = []
        ours_before, before = self._our_jiffies(baseline), cpu_times()
        pause = args.pause_ms / 1000
        for _ in range(args.rounds):
            sent: dict[str, list[tuple[int, int, int]]] = {"product": [], "baseline": []}
            for i in range(args.warmup + args.changes):
                page = i % fixture.pages + 1
                # Alternate which goes first, so neither gains from the other's wake-ups.
                for kind in ("product", "baseline") if i % 2 == 0 else ("baseline", "product"):
                    t = time.time_ns(), time.monotonic_ns()
                    if kind == "product":
                        await self.chair.call(
                            PresenterSetPage,
                            meeting_id=fixture.meeting_id,
                            version_id=fixture.version_id,
                            page=page,
                        )
                    else:
                        await chair_ws.send(baseline_frame(page, i))
                        await chair_ws.recv()
                    sent[kind].append((page, *t))
                    await self.progress.wait(kind, i)
                    await asyncio.sleep(pause)
            reports = await asyncio.gather(*(r.ask("report") for r in self.readers))
            await asyncio.gather(*(r.ask("reset") for r in self.readers))
            self.progress.reset()
            rounds.append(
                {
                    kind: self._latencies(kind, sent[kind], reports)
                    for kind in ("product", "baseline")
                }
            )
        usage = cpu_usage(before, cpu_times())
        ours_after = self._our_jiffies(baseline)
        for side, cpu in (("server", self.server_cpu), ("load", self.load_cpu)):
            if cpu is not None:
                usage.update(foreign_load(usage, cpu, before, ours_after[side] - ours_before[side]))
        if profiler is not None:
            await profiler.stop(signal.SIGINT)  # py-spy writes its output on SIGINT
        await chair_ws.close()
        await self.stop_readers()
        return self._summary(rounds, usage, connect_s, len(baseline_frame(1, 0)))

    def _our_jiffies(self, baseline: Child) -> dict[str, int]:
        """CPU time used so far by the server side and by the load generator side."""
        load = [os.getpid(), *(r.proc.pid for r in self.readers)]
        return {
            "server": process_jiffies(self.server.proc.pid) + process_jiffies(baseline.proc.pid),
            "load": sum(process_jiffies(pid) for pid in load),
        }

    def _latencies(
        self, kind: str, sent: list[tuple[int, int, int]], reports: list[dict[str, Any]]
    ) -> dict[str, Any]:
        """Per measured change, ms from the send: until the last client's socket had it
        (kernel timestamp), until the last reader process read it (``read_``), and until
        the first client's socket had it (``first_``: the cost before the fan-out)."""
        n = self.args.clients
        arrivals: list[float] = []
        reads: list[float] = []
        firsts: list[float] = []
        incomplete = 0
        for i, (page, sent_real, sent_mono) in enumerate(sent):
            first, arrival, read, got = sys.maxsize, 0, 0, 0
            for report in reports:
                part = report[kind]
                if i < len(part["count"]):
                    if part["pages"][i] != page:
                        raise RuntimeError(f"{kind}: change {i} arrived with the wrong page")
                    first = min(first, part["first_ns"][i])
                    arrival = max(arrival, part["arrival_ns"][i])
                    read = max(read, part["read_ns"][i])
                    got += part["count"][i]
            if got != n:
                incomplete += 1
            elif i >= self.args.warmup:
                arrivals.append((arrival - sent_real) / 1e6)
                firsts.append((first - sent_real) / 1e6)
                reads.append((read - sent_mono) / 1e6)
        if incomplete:
            raise RuntimeError(f"{kind}: {incomplete} change(s) did not reach all {n} clients")
        return {
            **stats(arrivals),
            **{f"read_{k}": v for k, v in stats(reads).items()},
            **{f"first_{k}": v for k, v in stats(firsts).items()},
        }

    def _summary(
        self, rounds: list[dict[str, Any]], usage: dict[str, float], connect_s: float, size: int
    ) -> dict[str, Any]:
        def med(kind: str, key: str) -> float:
            return round(float(statistics.median(r[kind][key] for r in rounds)), 3)

        kinds = ("", "read_", "first_")
        keys = [f"{r}{k}_ms" for r in kinds for k in ("p50", "p99", "max", "mean")]
        product = {k: med("product", k) for k in keys}
        baseline = {k: med("baseline", k) for k in keys}
        return {
            "clients": self.args.clients,
            **product,
            **{f"baseline_{k}": v for k, v in baseline.items()},
            "ratio_p99": round(product["p99_ms"] / baseline["p99_ms"], 3),
            "ratio_p50": round(product["p50_ms"] / baseline["p50_ms"], 3),
            "read_ratio_p99": round(product["read_p99_ms"] / baseline["read_p99_ms"], 3),
            "changes": self.args.changes,
            "rounds": rounds if len(rounds) > 1 else None,
            "frame_bytes": size,
            "cpu_steal_pct": usage.get("steal_pct"),
            "cpu": usage,
            "connect_s": round(connect_s, 1),
            "pinning": {"server": self.server_cpu, "load": self.load_cpu},
            "nice": self.args.nice,
        }

    async def _profiler(self) -> Child | None:
        if not self.args.profile:
            return None
        if shutil.which("py-spy") is None:
            raise SystemExit("--profile needs py-spy: pip install py-spy")
        target = Path(self.args.profile).resolve()
        fmt = {".svg": "flamegraph", ".json": "speedscope"}.get(target.suffix, "raw")
        pid = str(self.server.proc.pid)
        argv = ["py-spy", "record", "--pid", pid, "--rate", "250", "--nonblocking", "--format", fmt]
        argv += ["--output", str(target), "--threads"]
        child = await Child.start("py-spy", argv, self.load_cpu, self.tmp)
        self.children.append(child)
        await asyncio.sleep(1.0)
        return child


async def _settle(session: MeetingSession) -> None:
    """Wait until the meeting has been quiet for a second (the receivers' departures
    from the fan-out are recorded one transaction each)."""
    seen = -1
    while session.last_seq != seen:
        seen = session.last_seq
        await asyncio.sleep(1.0)


async def run(args: argparse.Namespace) -> dict[str, Any]:
    task = asyncio.current_task()
    assert task is not None
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, task.cancel)
    if args.nice:
        try:  # inherited by every child process
            os.setpriority(os.PRIO_PROCESS, 0, args.nice)
        except PermissionError:
            print(f"cannot set nice {args.nice} (not root?); running at 0", file=sys.stderr)
            args.nice = 0
    tmp = Path(tempfile.mkdtemp(prefix="ecabinet-bench-"))
    bench = Bench(args, tmp)
    result: dict[str, Any] = {"clients": args.clients}
    try:
        await bench.setup(args.clients + 1)
        if args.clients > 0:
            result.update(await bench.fanout())
            result["rounds_n"] = args.rounds
        if args.resume:
            assert bench.chair is not None and bench.chair_session is not None
            await _settle(bench.chair_session)
            result.update(
                await measure_resume(
                    bench.url,
                    bench.fixture,
                    bench.chair,
                    bench.chair_session,
                    missed=args.missed,
                    repeats=args.resume_repeats,
                )
            )
    finally:
        await bench.close()
        if args.keep:
            print(f"data kept in {tmp}", file=sys.stderr)
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    return result


def main(argv: list[str] | None = None) -> None:
    args = _parser().parse_args(argv)
    if args.clients <= 0 and not args.resume:
        raise SystemExit("nothing to do: give --clients N and/or --resume")
    try:
        result = asyncio.run(run(args))
    except (KeyboardInterrupt, asyncio.CancelledError):
        print("interrupted; child processes stopped, temporary files removed", file=sys.stderr)
        raise SystemExit(130) from None
    print_table(result)
    if args.json:
        print(json.dumps(result, separators=(",", ":")))


if __name__ == "__main__":
    main()
