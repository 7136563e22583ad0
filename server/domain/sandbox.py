"""Run one of the server's programs in a child process under time and memory limits.

Uploaded PDFs are hostile until proven otherwise: a small file can expand to gigabytes
or keep a parser busy for minutes.  So the server parses none itself: it runs
``python -m <module> ... --cpu-seconds=S --memory-bytes=B`` (:func:`run`) under a
wall-clock timeout of ``Settings.pdf_check_seconds``, and the program:

1. lowers its own address-space (``RLIMIT_AS``) and CPU-time (``RLIMIT_CPU``) limits
   first, before it reads a byte of the file (:func:`limit_self`; the limits are set in
   the child rather than in a ``preexec_fn``, which is unsafe in the server's
   multi-threaded process);
2. does its work and prints one JSON line, its verdict (:func:`print_verdict`), and
   exits 0.  A program that takes its request as JSON on standard input does all this
   with :func:`serve`.

Anything else (killed by a limit, crashed, no verdict) is interpreted here.  The
programs: :mod:`server.domain.pdf_check`, :mod:`server.domain.signed_upload`,
:mod:`server.domain.extract_pdf`.  This module imports only the standard library, so
a child starts quickly.
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import resource
import signal
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from server.domain.settings import Settings

_PROJECT_ROOT = Path(__file__).resolve().parents[2]


def run(
    module: str,
    args: Sequence[str],
    settings: Settings,
    *,
    request: dict[str, Any] | None = None,
    too_slow: Exception,
    failed: Exception,
    refused: Callable[[str, dict[str, Any]], Exception],
) -> dict[str, Any]:
    """The ``ok`` verdict (the last JSON object printed) of ``python -m module *args``
    run under the settings' memory, CPU and wall-clock limits, with ``request`` as JSON
    on its standard input.

    Raises ``refused(reason, verdict)`` for a verdict that is not ``ok``, ``too_slow``
    when a time limit stopped the program and ``failed`` when it ended without a verdict
    (the memory limit, a crash)."""
    seconds = settings.pdf_check_seconds
    argv = [
        sys.executable,
        "-m",
        module,
        *args,
        f"--cpu-seconds={max(1, math.ceil(seconds))}",
        f"--memory-bytes={settings.pdf_check_memory_bytes}",
    ]
    feed: dict[str, Any] = (
        {"input": json.dumps(request).encode()}
        if request is not None
        else {"stdin": subprocess.DEVNULL}
    )
    try:
        proc = subprocess.run(
            argv, cwd=_PROJECT_ROOT, capture_output=True, timeout=seconds, check=False, **feed
        )
    except subprocess.TimeoutExpired:
        raise too_slow from None
    verdict: Any = None
    for line in reversed(proc.stdout.decode("utf-8", "replace").splitlines()):
        try:
            verdict = json.loads(line)
            break
        except ValueError:
            continue
    if proc.returncode == 0 and isinstance(verdict, dict):
        if verdict.get("ok") is True:
            return verdict
        raise refused(str(verdict.get("reason") or ""), verdict)
    if proc.returncode in (-signal.SIGXCPU, -signal.SIGKILL):
        raise too_slow
    raise failed


# --- in the child ------------------------------------------------------------------------


def serve(
    argv: list[str] | None,
    description: str,
    work: Callable[[dict[str, Any]], dict[str, Any]],
    *,
    memory: str,
    damaged: str,
) -> int:
    """The main function of a program that takes its request as JSON on standard input:
    parse the limit options and lower the limits, silence logging, read the request,
    print ``work(request)`` as the verdict.  Running out of memory gives the refusal
    ``memory``; any other exception (a damaged file) ``damaged`` with the exception's
    :func:`failure_detail` in place of ``{detail}``."""
    parser = argparse.ArgumentParser(description=description)
    add_limit_arguments(parser)
    limit_self(parser.parse_args(argv))
    logging.disable(logging.CRITICAL)
    request = json.loads(sys.stdin.read())
    try:
        verdict = work(request)
    except MemoryError:
        verdict = {"ok": False, "reason": memory}
    except Exception as exc:  # whatever else a parser raises means a damaged file
        verdict = {"ok": False, "reason": damaged.format(detail=failure_detail(exc))}
    print_verdict(verdict)
    return 0


def failure_detail(exc: BaseException) -> str:
    """``"ValueError: the first line of its message"`` (at most 200 characters of it)."""
    text = str(exc).strip()
    return type(exc).__name__ + (": " + text.splitlines()[0][:200] if text else "")


def add_limit_arguments(parser: argparse.ArgumentParser) -> None:
    """The ``--cpu-seconds`` and ``--memory-bytes`` options :func:`run` passes."""
    parser.add_argument("--cpu-seconds", type=int, required=True)
    parser.add_argument("--memory-bytes", type=int, required=True)


def limit_self(args: argparse.Namespace) -> None:
    """Lower this process's address-space and CPU-time limits to those of ``args``."""
    memory, cpu = int(args.memory_bytes), int(args.cpu_seconds)
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))


def print_verdict(verdict: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(verdict) + "\n")
    sys.stdout.flush()
