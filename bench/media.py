"""Media relay benchmark: server CPU, frames/s and latency for K participants, against
stock aiortc ``MediaRelay`` (decode + re-encode per subscriber) in the same run.

    python bench/media.py --participants 4
    python bench/media.py --participants 8 --window 10 --json

See bench/README.md (``media.py``) for what is measured and how.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from queue import Empty
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("ECABINET_FAST_HASH", "1")

from bench._media_clip import FPS, Clip, encode_clips
from bench._media_load import SETTLE_SPAN, SETTLED_P95, baseline_load, limits, relay_load
from bench._media_servers import baseline_server, relay_server
from bench._procs import cpu_times, cpu_usage, cpus, percentile, process_jiffies

BASELINE_K = 4
TICKS = os.sysconf("SC_CLK_TCK")
TARGET_RATIO = 1 / 20
NO_LIMIT: dict[str, int | None] = {"video": None, "audio": None}


def measure(server: Any, load: Any, to_load: Any, from_load: Any, window: float) -> dict[str, Any]:
    """Wait until the load is ready, then measure the server and the load for ``window``."""
    if wait_for(from_load, load, 420) != "ready":
        raise RuntimeError("the load generator did not get ready")
    roles = {"server": os.sched_getaffinity(server.pid), "load": os.sched_getaffinity(load.pid)}
    before, s0, l0, t0 = (
        cpu_times(),
        process_jiffies(server.pid),
        process_jiffies(load.pid),
        time.monotonic(),
    )
    to_load.put("start")
    time.sleep(window)
    to_load.put("stop")
    s1, l1, t1, after = (
        process_jiffies(server.pid),
        process_jiffies(load.pid),
        time.monotonic(),
        cpu_times(),
    )
    result: dict[str, Any] = wait_for(from_load, load)
    seconds = t1 - t0
    result["server_cpu_pct"] = 100.0 * (s1 - s0) / TICKS / seconds
    result["load_cpu_pct"] = 100.0 * (l1 - l0) / TICKS / seconds
    usage = cpu_usage(before, after)
    for role, cores in roles.items():
        if len(cores) == 1:
            core = f"cpu{next(iter(cores))}"
            ours = result[f"{role}_cpu_pct"]
            usage[f"{core}_other_jobs_pct"] = round(max(0.0, usage[f"{core}_busy_pct"] - ours), 1)
    result["cpu"] = usage
    return result


def wait_for(queue: Any, proc: Any, timeout: float = 60.0) -> Any:
    """The next item on ``queue``; fails early if ``proc`` died."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            return queue.get(timeout=0.5)
        except Empty:
            if not proc.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(
                    f"{proc.name} exited or did not answer (see its traceback)"
                ) from None


def run_relay(
    clips: list[Clip],
    k: int,
    window: float,
    pins: tuple[int | None, int | None],
    forwarding: str = "rtp",
) -> dict[str, Any]:
    from tests.harness import PASSWORD, Domain

    tmp = Path(tempfile.mkdtemp(prefix="bench-media-"))
    url = f"sqlite:///{tmp}/e.db"
    domain = Domain(url, tmp / "data")
    secretariat = domain.user("thuky", ["secretariat"])
    chair = domain.user("chutich", ["chair"])
    names = ["chutich"] + [f"dai_bieu_{i:02}" for i in range(1, k)]
    members = [domain.user(n, ["member"]) for n in names[1:]]
    meeting_id = domain.meeting(secretariat, chair=chair, members=members, start=True)
    domain.close()
    ctx = mp.get_context("spawn")
    out, ctl, to_load, from_load = ctx.Queue(), ctx.Queue(), ctx.Queue(), ctx.Queue()
    server = ctx.Process(
        target=relay_server, args=(url, str(tmp / "data"), pins[0], out, ctl, forwarding)
    )
    server.start()
    port = wait_for(out, server)
    load = ctx.Process(
        target=relay_load,
        args=(
            clips,
            f"ws://127.0.0.1:{port}",
            meeting_id,
            names,
            PASSWORD,
            pins[1],
            to_load,
            from_load,
        ),
    )
    load.start()
    try:
        result = measure(server, load, to_load, from_load, window)
    finally:
        ctl.put("stop")
        load.join(30)
        server.join(30)
        for proc in (load, server):
            if proc.is_alive():
                proc.kill()
    result["server_counts"] = out.get(timeout=5) if not out.empty() else {}
    return result


def run_baseline(
    clips: list[Clip], k: int, window: float, pins: tuple[int | None, int | None]
) -> dict[str, Any]:
    ctx = mp.get_context("spawn")
    a, b = ctx.Pipe()
    to_load, from_load = ctx.Queue(), ctx.Queue()
    server = ctx.Process(target=baseline_server, args=(a, pins[0]))
    server.start()
    load = ctx.Process(target=baseline_load, args=(clips, k, b, pins[1], to_load, from_load))
    load.start()
    try:
        return measure(server, load, to_load, from_load, window)
    finally:
        load.join(30)
        server.join(30)
        for proc in (load, server):
            if proc.is_alive():
                proc.kill()


def selected(run: dict[str, Any], kind: str, limit: int | None) -> list[float]:
    """Per viewer, the rates of the ``limit`` best-served streams of ``kind`` (all when
    ``limit`` is None; for video, as many as the relay forwards that viewer): the ones
    the relay chose to forward."""
    by_viewer: dict[int, list[float]] = {}
    for viewer, _, k, count in run["counts"]:
        if k == kind:
            by_viewer.setdefault(viewer, []).append(count / run["seconds"])
    expected = run.get("video_streams_expected", {}) if kind == "video" else {}
    rates: list[float] = []
    for viewer, values in by_viewer.items():
        take = expected.get(viewer, limit) if limit is not None else None
        rates += sorted(values, reverse=True)[: take or len(values)]
    return rates


def summary(run: dict[str, Any], k: int, limit: dict[str, int | None]) -> dict[str, Any]:
    """Figures of one run. CPU per forwarded stream: per full-rate video stream (15 fps)
    actually delivered, with its audio, so a saturated server is not flattered."""
    fps = selected(run, "video", limit["video"])
    audio = selected(run, "audio", limit["audio"])
    # The speaker's voice, and the others' near-silence (which the relay need not send).
    speaker = run.get("speaker")
    voice = [
        n / run["seconds"] for _, p, kind, n in run["counts"] if kind == "audio" and p == speaker
    ]
    silent = [
        n / run["seconds"] for _, p, kind, n in run["counts"] if kind == "audio" and p != speaker
    ]
    lat = [x * 1000 for x in run["latencies"]]
    delivered = sum(selected(run, "video", None)) / FPS
    return {
        "server_cpu_pct": round(run["server_cpu_pct"], 1),
        "load_cpu_pct": round(run["load_cpu_pct"], 1),
        "video_streams": len(fps),
        "audio_streams": len(audio),
        "recv_fps_min": round(min(fps), 2),
        "recv_fps_median": round(statistics.median(fps), 2),
        "audio_pps_min": round(min(voice or audio), 1),
        "silent_audio_pps_max": round(max(silent), 1) if voice and silent else None,
        "latency_p50_ms": round(percentile(lat, 50), 1) if lat else None,
        "latency_p95_ms": round(percentile(lat, 95), 1) if lat else None,
        "latency_samples": len(lat),
        "unidentified_frames": run["unknown_frames"],
        "misattributed_frames": run["misattributed_frames"],
        "cpu_pct_per_stream": round(run["server_cpu_pct"] / delivered, 3) if delivered else None,
        "steal_pct": run["cpu"]["steal_pct"],
        "settled": run.get("settled", True),
        "settle_s": run.get("settle_s"),
        "viewers_missing_video": sorted(
            int(v)
            for v, n in run.get("video_streams_seen", {}).items()
            if n < run.get("video_streams_expected", {}).get(v, min(k - 1, limit["video"] or k))
        ),
        "cpu": run["cpu"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", "-k", type=int, default=4)
    parser.add_argument("--window", type=float, default=10.0, help="seconds measured per run")
    parser.add_argument("--rounds", type=int, default=1, help="repeat relay and baseline; medians")
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument(
        "--forwarding",
        choices=("rtp", "frame", "both", "rtp-queue", "receive"),
        default="both",
        help="relay mode(s) measured: RTP packets rewritten, or frames re-packetized; "
        "rtp-queue: RTP with aiortc's own receive queue instead of the lean receive path; "
        "receive: rtp and rtp-queue",
    )
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    k = args.participants
    available = cpus()
    pins: tuple[int | None, int | None] = (
        (available[0], available[1]) if len(available) >= 2 else (None, None)
    )
    clips = encode_clips(max(k, BASELINE_K))
    modes = {"both": ("rtp", "frame"), "receive": ("rtp", "rtp-queue")}.get(
        args.forwarding, (args.forwarding,)
    )
    runs: dict[str, list[dict[str, Any]]] = {mode: [] for mode in modes}
    baselines = []
    for _ in range(args.rounds):
        for mode in modes:
            runs[mode].append(summary(run_relay(clips, k, args.window, pins, mode), k, limits()))
            print(f"relay {mode:<9} K={k}: {fmt(runs[mode][-1])}", file=sys.stderr, flush=True)
        if not args.no_baseline:
            baselines.append(
                summary(
                    run_baseline(clips[:BASELINE_K], BASELINE_K, args.window, pins),
                    BASELINE_K,
                    NO_LIMIT,
                )
            )
            print(f"baseline K={BASELINE_K}: {fmt(baselines[-1])}", file=sys.stderr, flush=True)
    relays = runs[modes[0]]  # the relay's default mode is the headline
    relay = median_of(relays)
    result: dict[str, Any] = {"participants": k, "forwarding": modes[0], **relay}
    for mode in modes[1:]:
        other = median_of(runs[mode])
        for key in ("server_cpu_pct", "recv_fps_min", "latency_p50_ms", "latency_p95_ms"):
            result[f"{mode}_{key}"] = other[key]
        result[f"{mode}_cpu_pct_per_stream"] = other["cpu_pct_per_stream"]
    if baselines:
        base = median_of(baselines)
        result["baseline_server_cpu_pct_k4"] = base["server_cpu_pct"]
        result["baseline_recv_fps_min_k4"] = base["recv_fps_min"]
        result["baseline_cpu_pct_per_stream"] = base["cpu_pct_per_stream"]
        result["baseline_steal_pct"] = base["steal_pct"]
        ratio = (relay["cpu_pct_per_stream"] or 0) / (base["cpu_pct_per_stream"] or float("inf"))
        result["cpu_per_stream_ratio_vs_baseline"] = round(ratio, 4)
    result.update(rounds=args.rounds, window_s=args.window, pinning=list(pins))
    table(result, runs, baselines)
    if args.json:
        print(json.dumps(result))


def median_of(runs: list[dict[str, Any]]) -> dict[str, Any]:
    out = dict(runs[-1])
    for key, value in runs[0].items():
        if isinstance(value, int | float) and all(r[key] is not None for r in runs):
            middle = statistics.median(r[key] for r in runs)
            out[key] = int(middle) if isinstance(value, int) and middle == int(middle) else middle
            out[key] = round(out[key], 4)
    return out


def other_jobs(s: dict[str, Any]) -> str:
    """CPU the machine's other jobs took on our pinned CPUs during the window."""
    found = [f"{k.split('_')[0]} {v}%" for k, v in s["cpu"].items() if k.endswith("other_jobs_pct")]
    return ", ".join(found) or "-"


def fmt(s: dict[str, Any]) -> str:
    return (
        f"server {s['server_cpu_pct']}% load {s['load_cpu_pct']}% fps min {s['recv_fps_min']} "
        f"p50 {s['latency_p50_ms']} p95 {s['latency_p95_ms']} ms steal {s['steal_pct']}% "
        f"other jobs {other_jobs(s)}"
    )


def table(
    result: dict[str, Any], runs: dict[str, list[dict[str, Any]]], baselines: list[dict[str, Any]]
) -> None:
    def num(v: Any, spec: str) -> str:
        return "-" if v is None else format(v, spec)

    print(
        f"\nMedia: 640x360 VP8 {FPS} fps + Opus per participant; the relay forwards each "
        "viewer the speaker and last-N video and the 3 loudest voices, the baseline everyone"
    )
    head = (
        "server",
        "K",
        "video",
        "CPU %",
        "CPU%/stream",
        "fps min",
        "fps med",
        "p50 ms",
        "p95 ms",
        "steal %",
    )
    print("{:<28}{:>3}{:>9}{:>8}{:>13}{:>9}{:>9}{:>8}{:>8}{:>9}".format(*head))
    label_of = {
        "rtp": "e-Cabinet relay (RTP-level)",
        "frame": "e-Cabinet relay (frames)",
        "rtp-queue": "relay, aiortc receive queue",
    }
    rows = [(label_of[m], result["participants"], median_of(r)) for m, r in runs.items()]
    if baselines:
        rows.append(("aiortc MediaRelay (baseline)", BASELINE_K, median_of(baselines)))
    for label, k, s in rows:
        cells = [
            f"{label:<28}{k:>3}{s['video_streams']:>9}{s['server_cpu_pct']:>8.1f}",
            f"{num(s['cpu_pct_per_stream'], '.3f'):>13}",
            f"{s['recv_fps_min']:>9.2f}{s['recv_fps_median']:>9.2f}",
            f"{num(s['latency_p50_ms'], '.1f'):>8}{num(s['latency_p95_ms'], '.1f'):>8}",
            f"{s['steal_pct']:>9.2f}",
        ]
        print("".join(cells))
    if "cpu_per_stream_ratio_vs_baseline" in result:
        ratio = result["cpu_per_stream_ratio_vs_baseline"]
        verdict = "meets" if ratio <= TARGET_RATIO else "MISSES"
        print(f"CPU per stream, relay / baseline: {ratio:.4f} ({verdict} target <= 1/20)")
    for label, _, s in rows:
        if label in label_of.values():
            state = "settled" if s["settled"] else "NOT settled (measured anyway)"
            print(
                f"{label}: {state} {s['settle_s']} s after everyone received video"
                f" (latency p95 < {SETTLED_P95 * 1000:.0f} ms over {SETTLE_SPAN:.0f} s)"
            )
            if s["viewers_missing_video"]:
                print(f"  viewers that never got all their video: {s['viewers_missing_video']}")
    for label, _, s in rows:
        busy = [v for k, v in s["cpu"].items() if k.endswith("other_jobs_pct")]
        warning = " (NOISY: more than 20%, rerun)" if busy and max(busy) > 20 else ""
        print(f"{label}: other jobs on the pinned CPUs {other_jobs(s)}{warning}")
    print(
        f"load generator CPU {result['load_cpu_pct']}% (near 100% it limits fps and latency); "
        f"server/load on CPUs {result['pinning']}; "
        f"{result['rounds']} round(s) of {result['window_s']} s"
    )


if __name__ == "__main__":
    main()
