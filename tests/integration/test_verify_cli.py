"""`ecabinet-server verify` and `export-package` as an operator runs them, and the
archive package exported and downloaded by an archivist over a real connection."""

from __future__ import annotations

import hashlib
import subprocess
import sys
import zipfile
from pathlib import Path

import msgspec
import pytest
from sqlalchemy import text

from protocol import agenda as ag
from protocol import documents as dm
from protocol import meetings as mm
from protocol import record as rm
from protocol.documents import DownloadChunk
from server.app import main
from server.demo_documents import make_pdf
from server.store.db import make_engine
from tests.harness import Domain
from tests.integration.conftest import live_server
from tests.integration.test_crash import ROOT


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "server.app", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _main(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    """Run the command line in this process (fast); returns exit code and output."""
    try:
        main(list(args))
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0) if not isinstance(exc.code, str) else 2
    return code, capsys.readouterr().out


def _recorded_meeting(database_url: str, data: Path) -> int:
    domain = Domain(database_url, data)
    try:
        sec = domain.user("thuky", ["secretariat"])
        chair = domain.user("thutuong", ["chair"])
        mid = domain.meeting(sec, chair=chair)
        item = domain.do(sec, ag.AgendaAddItem, meeting_id=mid, title="Dự án Luật Đất đai")
        pdf = make_pdf("Tờ trình", ["Nội dung tờ trình."], 1)
        upload_id = domain.do(
            sec,
            dm.DocumentUploadBegin,
            item_id=item["item_id"],
            filename="to-trinh.pdf",
            size=len(pdf),
            sha256=hashlib.sha256(pdf).hexdigest(),
        )["upload_id"]
        domain.do(sec, dm.DocumentUploadChunk, upload_id=upload_id, offset=0, data=pdf)
        domain.do(sec, dm.DocumentUploadFinish, upload_id=upload_id)
        domain.do(chair, mm.MeetingTransition, meeting_id=mid, action="start")
        domain.do(chair, mm.MeetingTransition, meeting_id=mid, action="end")
        return mid
    finally:
        domain.close()


def test_verify_and_export_package_from_the_command_line(
    database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    mid = _recorded_meeting(database_url, data)
    db = ["--data-dir", str(data), "--database", database_url]

    code, out = _main(capsys, "verify", *db, "--checkpoint")
    assert code == 0, out
    assert "Record intact" in out and "Signed checkpoint 2" in out

    package = tmp_path / "ho-so.zip"
    code, out = _main(capsys, "export-package", *db, "--meeting", str(mid), "--out", str(package))
    assert code == 0 and package.exists(), out
    ca = data / "pki" / "ca.pem"
    offline = _cli("verify", "--package", str(package), "--ca", str(ca))
    assert offline.returncode == 0 and "Record intact" in offline.stdout, offline.stdout

    engine = make_engine(database_url)
    try:
        with engine.begin() as conn:
            conn.execute(
                text("UPDATE events SET audience = 'managers' WHERE meeting_id = :m AND seq = 2"),
                {"m": mid},
            )
    finally:
        engine.dispose()
    code, out = _main(capsys, "verify", *db, "--checkpoint")
    assert code == 1
    assert "Record NOT intact" in out and "Signed checkpoint" not in out
    assert f"Event meeting {mid} seq 2 changed after it was recorded" in out

    tampered = tmp_path / "tampered.zip"
    target = "documents/1/v1-to-trinh.pdf"
    with zipfile.ZipFile(package) as zin, zipfile.ZipFile(tampered, "w") as zout:
        for name in zin.namelist():
            body = zin.read(name)
            if name == target:
                body = body[:-10] + bytes(b ^ 1 for b in body[-10:])
            zout.writestr(name, body)
    code, out = _main(capsys, "verify", "--package", str(tampered))
    assert code == 1
    assert f"{target} was changed: its SHA-256 differs from the manifest" in out


async def test_an_archivist_exports_a_package_over_the_connection(
    database_url: str, tmp_path: Path
) -> None:
    async with live_server(database_url, tmp_path / "data") as server:
        domain = server.domain
        sec = domain.user("thuky", ["secretariat"])
        chair = domain.user("thutuong", ["chair"])
        domain.user("luutru", ["archivist"])
        mid = domain.meeting(sec, chair=chair, start=True)
        domain.do(chair, mm.MeetingTransition, meeting_id=mid, action="end")
        async with server.client("luutru") as client:
            got = msgspec.convert(
                await client.call(rm.ArchiveExport, meeting_id=mid), rm.ArchivePackage
            )
            data = b""
            while len(data) < got.size:
                raw = await client.call(rm.ArchiveDownload, token=got.token, offset=len(data))
                data += msgspec.convert(raw, DownloadChunk).data
            report = msgspec.convert(await client.call(rm.RecordVerify), dict)
    assert hashlib.sha256(data).hexdigest() == got.sha256
    assert report["ok"] is True
    path = tmp_path / got.filename
    path.write_bytes(data)
    checked = _cli("verify", "--package", str(path))
    assert checked.returncode == 0, checked.stdout
    assert "CA certificate inside the package" in checked.stdout
