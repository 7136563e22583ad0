"""The benchmark's table (the JSON line is the result dict itself)."""

from __future__ import annotations

from typing import Any

TARGET_RATIO = 1.5
TARGET_RESUME_MS = 200.0


def print_table(result: dict[str, Any]) -> None:
    """Rows product/baseline (and their read* variants), columns N, p50, p99, max."""
    if "p99_ms" in result:
        n = result["clients"]
        print(
            f"\nFan-out of presenter.page_changed: {n} clients, {result['changes']} changes "
            f"x {result['rounds_n']} round(s), frame {result['frame_bytes']} bytes"
        )
        print(f"{'':16}{'N':>6}{'p50 ms':>10}{'p99 ms':>10}{'max ms':>10}")
        rows = [("product", ""), ("baseline", "baseline_")]
        rows += [("product, read*", "read_"), ("baseline, read*", "baseline_read_")]
        for label, prefix in rows:
            row = [result[f"{prefix}{k}"] for k in ("p50_ms", "p99_ms", "max_ms")]
            print(f"{label:16}{n:>6}" + "".join(f"{v:>10.2f}" for v in row))
        verdict = "meets" if result["ratio_p99"] <= TARGET_RATIO else "MISSES"
        print(
            f"ratio p99 {result['ratio_p99']:.2f} ({verdict} target <= {TARGET_RATIO}); "
            f"read* {result['read_ratio_p99']:.2f}"
        )
        print(
            f"first client (the cost before the fan-out): product p50 {result['first_p50_ms']:.2f}"
            f" / p99 {result['first_p99_ms']:.2f} ms, baseline p50 "
            f"{result['baseline_first_p50_ms']:.2f} / p99 {result['baseline_first_p99_ms']:.2f} ms"
        )
        print(
            "times until the last client's socket received the frame (kernel timestamp); "
            "read*: until the\nlast receiver process read it (adds the load generator's delays)"
        )
        cpu = result["cpu"]
        cores = [k.split("_")[0] for k in cpu if k.endswith("_busy_pct")]
        busy = "; ".join(
            f"{c} {cpu[c + '_busy_pct']:.0f}% busy "
            f"({cpu.get(c + '_foreign_pct', 0):.0f}% other jobs)"
            for c in cores
        )
        print(
            f"cpu steal {result['cpu_steal_pct']}%; {busy}; pinning {result['pinning']}; "
            f"nice {result['nice']}"
        )
    if "resume_ms" in result:
        verdict = "meets" if result["resume_ms"] <= TARGET_RESUME_MS else "MISSES"
        print(
            f"\nResume after {result['resume_missed']} missed events: median "
            f"{result['resume_ms']:.1f} ms of {result['resume_ms_all']} "
            f"({verdict} target <= {TARGET_RESUME_MS:.0f} ms)"
        )
