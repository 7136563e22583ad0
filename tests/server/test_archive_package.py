"""The archive package of a meeting: its contents, the Circular 05/2025/TT-BNV metadata,
offline verification that pinpoints a changed or missing file, and the
``archive.export`` / ``archive.download`` commands with their permission twins."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import signers
from sqlalchemy import update

from protocol import agenda as ag
from protocol import documents as dm
from protocol import meetings as mm
from protocol import record as rm
from protocol import voting as pv
from protocol.errors import Conflict, NotFound, PermissionDenied
from server.demo_documents import make_pdf
from server.domain import archive_package
from server.domain.archive_package import verify_package
from server.domain.context import Actor
from server.domain.pki import Pki
from server.store.models import EventRecord
from tests.conftest import fresh_database
from tests.harness import Domain


def _signed(pdf: bytes, pki_dir: Path) -> bytes:
    """``pdf`` signed by pyHanko (any certificate will do to count as signed)."""
    Pki.open(pki_dir).record_key()
    signer = signers.SimpleSigner.load(str(pki_dir / "record.key"), str(pki_dir / "record.pem"))
    assert signer is not None
    out = signers.sign_pdf(
        IncrementalPdfFileWriter(io.BytesIO(pdf)),
        signers.PdfSignatureMetadata(field_name="Signature1"),
        signer=signer,
    )
    return out.getvalue()


def _upload(domain: Domain, actor: Actor, item: int, data: bytes, **fields: Any) -> Any:
    sha = hashlib.sha256(data).hexdigest()
    upload_id = domain.do(
        actor, dm.DocumentUploadBegin, item_id=item, size=len(data), sha256=sha, **fields
    )["upload_id"]
    domain.do(actor, dm.DocumentUploadChunk, upload_id=upload_id, offset=0, data=data)
    return domain.do(actor, dm.DocumentUploadFinish, upload_id=upload_id)


@dataclass
class World:
    domain: Domain
    meeting_id: int
    secret_meeting_id: int
    archivist: Actor
    cleared_archivist: Actor
    member: Actor
    package: Path
    ca_pem: bytes


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    with fresh_database(tmp_path_factory.mktemp("db")) as url:
        domain = Domain(url, tmp_path_factory.mktemp("data"))
        sec = domain.user("thuky", ["secretariat"])
        chair = domain.user("thutuong", ["chair"], full_name="Phạm Minh Chính")
        member = domain.user("botruong", ["member"])
        archivist = domain.user("luutru", ["archivist"], clearance="thuong")
        cleared = domain.user("luutru2", ["archivist"], full_name="Lưu Trữ Viên")
        mid = domain.meeting(sec, chair=chair, members=[member])
        item = domain.do(sec, ag.AgendaAddItem, meeting_id=mid, title="Dự án Luật Đất đai")
        item_id = item["item_id"]
        draft = make_pdf("Nghị quyết phiên họp", ["Chính phủ quyết nghị."], 1)
        first = _upload(domain, sec, item_id, draft, filename="nghi-quyet.pdf")
        _upload(
            domain,
            sec,
            item_id,
            _signed(draft, domain.settings.pki_dir),
            filename="nghi-quyet.pdf",
            document_id=first["document_id"],
        )
        _upload(
            domain,
            sec,
            item_id,
            make_pdf("Biên bản họp", ["Phiên họp bắt đầu."], 2),
            filename="Biên bản họp.pdf",
        )
        domain.do(chair, mm.MeetingTransition, meeting_id=mid, action="start")
        pid = domain.do(sec, pv.PollCreate, meeting_id=mid, item_id=item_id, question="Thông qua?")[
            "poll_id"
        ]
        domain.do(chair, pv.PollOpen, poll_id=pid)
        domain.do(chair, pv.PollVote, poll_id=pid, choice="yes")
        domain.do(member, pv.PollVote, poll_id=pid, choice="no")
        domain.do(chair, mm.MeetingTransition, meeting_id=mid, action="end")
        secret_mid = domain.meeting(sec, chair=chair, classification="mat")
        out = tmp_path_factory.mktemp("out") / "package.zip"
        domain.runner.run_sync(
            lambda s: archive_package.export(
                s, domain.settings, mid, exported_by="Lưu Trữ", out=out
            )
        )
        ca = Pki.open(domain.settings.pki_dir).ca_pem()
        yield World(domain, mid, secret_mid, archivist, cleared, member, out, ca)
        domain.close()


def _rewrite(src: Path, dst: Path, change: Callable[[str, bytes], bytes | None]) -> Path:
    """Copy a package, passing every member through ``change`` (None drops it)."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for name in zin.namelist():
            data = change(name, zin.read(name))
            if data is not None:
                zout.writestr(name, data)
    return dst


def codes(report: rm.VerifyReport) -> list[str]:
    return [f.code for f in report.findings]


def test_the_package_holds_every_version_the_signed_pdf_the_minutes_and_a_manifest(
    world: World,
) -> None:
    with zipfile.ZipFile(world.package) as zf:
        names = set(zf.namelist())
        manifest = zf.read("manifest-sha256.txt").decode()
        meta = json.loads(zf.read("metadata.json"))
        extract = json.loads(zf.read("ledger.json"))
        for line in manifest.splitlines():
            digest, path = line.split("  ", 1)
            assert hashlib.sha256(zf.read(path)).hexdigest() == digest
    assert {
        "documents/1/v1-nghi-quyet.pdf",
        "documents/1/v2-nghi-quyet.pdf",
        "documents/2/v1-Biên bản họp.pdf",
        "signed/1-nghi-quyet.pdf",
        "minutes/2-Biên bản họp.pdf",
        "metadata.json",
        "ledger.json",
        "manifest-sha256.txt",
        "signature.json",
    } == names
    assert len(manifest.splitlines()) == len(names) - 2
    assert meta["thong_tu"] == "05/2025/TT-BNV"
    assert meta["ma_ho_so"].endswith(f".2026.PH-{world.meeting_id:04d}")
    assert meta["thoi_han_bao_quan"] == "Vĩnh viễn" and meta["ngon_ngu"] == "Tiếng Việt"
    assert meta["muc_do_mat"] == "Thường" and meta["so_luong_trang"] == 1 + 1 + 2
    assert meta["thoi_gian_bat_dau"].startswith("2026-12-01T08:00")
    docs = {d["tep"]: d for d in meta["van_ban"]}
    assert docs["documents/1/v2-nghi-quyet.pdf"]["chu_ky_so"] is True
    assert docs["documents/1/v1-nghi-quyet.pdf"]["chu_ky_so"] is False
    assert docs["documents/1/v1-nghi-quyet.pdf"]["trich_yeu"] == "Dự án Luật Đất đai"
    kinds = {e["kind"] for e in extract["entries"]}
    assert kinds == {"event", "ballot", "document_version"}
    assert "BEGIN CERTIFICATE" in extract["checkpoint"]["ca_certificate"]


def test_an_untouched_package_verifies_offline(world: World) -> None:
    report = verify_package(world.package)
    assert report.ok, report.summary()
    assert "CA certificate inside the package" in report.summary()
    assert verify_package(world.package, world.ca_pem).ok


def test_a_package_from_another_ca_is_refused(world: World, tmp_path: Path) -> None:
    other = Pki.open(tmp_path / "pki").ca_pem()
    assert "checkpoint.certificate" in codes(verify_package(world.package, other))


def test_a_changed_file_inside_the_package_is_pinpointed(world: World, tmp_path: Path) -> None:
    target = "documents/1/v1-nghi-quyet.pdf"

    def change(name: str, data: bytes) -> bytes:
        return data.replace(b"%%EOF", b"%%EOF\n%x", 1) if name == target else data

    report = verify_package(_rewrite(world.package, tmp_path / "p.zip", change))
    assert codes(report) == ["package.file_changed", "package.document_changed"]
    assert all(target in f.message for f in report.findings)


def test_a_file_dropped_from_the_package_is_pinpointed(world: World, tmp_path: Path) -> None:
    target = "documents/1/v2-nghi-quyet.pdf"
    report = verify_package(
        _rewrite(world.package, tmp_path / "p.zip", lambda n, d: None if n == target else d)
    )
    assert codes(report) == ["package.file_missing", "package.document_missing"]
    assert target in report.findings[0].message
    assert "document 1 version 2 (nghi-quyet.pdf) is recorded" in report.findings[1].message


def test_a_rewritten_record_and_manifest_fail_the_signatures(world: World, tmp_path: Path) -> None:
    """Changing an event in ledger.json and fixing the manifest is still caught."""
    files: dict[str, bytes] = {}

    def change(name: str, data: bytes) -> bytes | None:
        if name == "ledger.json":
            extract = json.loads(data)
            entry = next(e for e in extract["entries"] if e["ref"].endswith(":3"))
            entry["data"] = entry["data"].replace('"all"', '"managers"', 1)
            files["entry"] = entry["ref"].encode()
            data = json.dumps(extract).encode()
        files[name] = data
        return None if name == "manifest-sha256.txt" else data

    path = _rewrite(world.package, tmp_path / "p.zip", change)
    manifest = "".join(
        f"{hashlib.sha256(d).hexdigest()}  {n}\n"
        for n, d in sorted(files.items())
        if n not in ("manifest-sha256.txt", "signature.json", "entry")
    )
    with zipfile.ZipFile(path, "a") as zf:
        zf.writestr("manifest-sha256.txt", manifest)
    report = verify_package(path)
    assert codes(report) == ["package.signature", "package.entry"]
    assert report.findings[1].ref == files["entry"].decode()


def test_an_event_dropped_from_the_record_is_pinpointed(world: World, tmp_path: Path) -> None:
    def change(name: str, data: bytes) -> bytes:
        if name != "ledger.json":
            return data
        extract = json.loads(data)
        ref = f"event:{world.meeting_id}:4"
        extract["entries"] = [e for e in extract["entries"] if e["ref"] != ref]
        return json.dumps(extract).encode()

    report = verify_package(_rewrite(world.package, tmp_path / "p.zip", change))
    assert "package.file_changed" in codes(report)
    missing = [f for f in report.findings if f.code == "package.entry_missing"]
    assert [f.message for f in missing] == [
        f"Event meeting {world.meeting_id} seq 4 is missing from the package's record."
    ]


# --- the commands --------------------------------------------------------------------


def _download(domain: Domain, actor: Actor, token: str) -> bytes:
    out = b""
    while True:
        chunk = domain.do(actor, rm.ArchiveDownload, token=token, offset=len(out), length=100_000)
        out += chunk.data
        if len(out) >= chunk.total:
            assert hashlib.sha256(out).hexdigest() == chunk.sha256
            return out


def test_an_archivist_exports_and_downloads_a_package(world: World, tmp_path: Path) -> None:
    got = world.domain.do(world.archivist, rm.ArchiveExport, meeting_id=world.meeting_id)
    assert got.filename == f"ho-so-phien-hop-{world.meeting_id}.zip"
    data = _download(world.domain, world.archivist, got.token)
    assert len(data) == got.size
    path = tmp_path / got.filename
    path.write_bytes(data)
    assert verify_package(path, world.ca_pem).ok
    with zipfile.ZipFile(path) as zf:
        assert json.loads(zf.read("metadata.json"))["nguoi_xuat_goi"] == "Luutru"


def test_export_and_download_need_archive_export(world: World) -> None:
    with pytest.raises(PermissionDenied, match=r"archive\.export"):
        world.domain.do(world.member, rm.ArchiveExport, meeting_id=world.meeting_id)
    got = world.domain.do(world.archivist, rm.ArchiveExport, meeting_id=world.meeting_id)
    with pytest.raises(PermissionDenied, match=r"archive\.export"):
        world.domain.do(world.member, rm.ArchiveDownload, token=got.token)
    with pytest.raises(PermissionDenied, match="who exported"):
        world.domain.do(world.cleared_archivist, rm.ArchiveDownload, token=got.token)
    with pytest.raises(NotFound):
        world.domain.do(world.archivist, rm.ArchiveDownload, token="0" * 32)


def test_a_classified_meeting_needs_the_clearance(world: World) -> None:
    with pytest.raises(PermissionDenied, match="Mật"):
        world.domain.do(world.archivist, rm.ArchiveExport, meeting_id=world.secret_meeting_id)
    got = world.domain.do(
        world.cleared_archivist, rm.ArchiveExport, meeting_id=world.secret_meeting_id
    )
    assert got.size > 0


def test_a_tampered_record_is_not_exported(world: World) -> None:
    session = world.domain.runner.sessions()
    try:
        session.execute(
            update(EventRecord)
            .where(EventRecord.meeting_id == world.meeting_id, EventRecord.seq == 2)
            .values(audience="managers")
        )
        with pytest.raises(Conflict, match="seq 2 no longer matches"):
            archive_package.export(
                session,
                world.domain.settings,
                world.meeting_id,
                out=world.package.with_name("refused.zip"),
            )
    finally:
        session.rollback()
        session.close()


def test_record_verify_needs_record_verify(world: World) -> None:
    report = world.domain.do(world.archivist, rm.RecordVerify)
    assert report["ok"] is True and report["report"].entries > 0
    with pytest.raises(PermissionDenied, match=r"record\.verify"):
        world.domain.do(world.member, rm.RecordVerify)
