"""`ecabinet-server demo-data` + `serve` give a meeting a client script runs end to end."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

from desktop.client.demo_meeting import run_demo_meeting
from desktop.client.keys import load_signer
from server.demo import DEMO_PASSWORD
from tests.integration.test_crash import ROOT, _free_port, _start_server


def _cli(*args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "server.app", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return done.stdout


async def test_demo_data_and_a_whole_meeting(database_url: str, tmp_path: Path) -> None:
    data = tmp_path / "data"
    first = _cli("demo-data", "--data-dir", str(data), "--database", database_url)
    again = _cli("demo-data", "--data-dir", str(data), "--database", database_url)
    assert "created with 6 agenda items" in first
    assert "present" in again, "demo-data is idempotent"
    assert len(list((data / "blobs").rglob("*"))) >= 5 + 5  # 5 PDFs in 5 folders
    # the demo's keys: the chair signs as himself, the clerk holds the organisation seal
    chair = load_signer(data / "demo-keys" / "chutri" / "signing.p12", DEMO_PASSWORD)
    seal = load_signer(data / "demo-keys" / "vanthu" / "seal.p12", DEMO_PASSWORD)
    assert chair.signing_cert.subject.human_friendly.count("Lê Minh Chính") == 1
    assert "Văn phòng Chính phủ" in seal.signing_cert.subject.human_friendly

    port = _free_port()
    server = await _start_server(data, database_url, port)
    try:
        outcome = await run_demo_meeting(f"ws://127.0.0.1:{port}")
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=20)
    assert outcome["decisions"] == {
        "1": "adopted",  # nobody objected or asked to speak: adopted in one step
        "2": "adopted",  # named vote: 3 of 4 members said yes
        "3": "adopted",  # secret vote: 3 yes > 4/2
        "4": "adopted",
        "5": "adopted",
        "6": "adopted",
    }
    assert outcome["polls"] == {"2": "adopted", "3": "adopted"}


def test_ctrl_c_closes_the_demo_app_and_its_server(tmp_path: Path) -> None:
    """`ecabinet demo` in a terminal: Ctrl+C (SIGINT) quits the app like Quit does, and
    the demo server it started stops with it."""
    import os
    import socket
    import time

    port = _free_port()
    env = {**os.environ, "HOME": str(tmp_path / "home"), "QT_QPA_PLATFORM": "offscreen"}
    command = ["demo", "--data-dir", str(tmp_path / "data"), "--port", str(port)]
    app = subprocess.Popen(
        [sys.executable, "-m", "desktop.app", *command],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert app.stdout is not None
        lines = []
        for line in app.stdout:
            lines.append(line)
            if line.startswith("Open a second window"):
                break
        assert any(f":{port}" in line for line in lines), "".join(lines)
        time.sleep(3.0)  # the app logs in and opens its window
        assert app.poll() is None
        app.send_signal(signal.SIGINT)
        assert app.wait(timeout=40) == 0
    finally:
        if app.poll() is None:
            app.kill()
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", port)) != 0, "the demo server stopped too"
