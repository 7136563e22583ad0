"""The archive package of a meeting (hồ sơ điện tử), and its offline verification.

A package is one zip file:

* ``documents/<document>/v<N>-<file name>`` — every version of every document;
* ``signed/<document>-<file name>`` — current versions that carry PDF signatures;
* ``minutes/<document>-<file name>`` — the minutes (biên bản), when there are any;
* ``recordings/<id>-<file name>`` — the meeting's audio and video recordings, complete or
  left incomplete by a crash (see ``server.domain.meeting_record``);
* ``metadata.json`` — the record fields of Circular 05/2025/TT-BNV, for the record
  (hồ sơ) and for each document (see :func:`_metadata`);
* ``ledger.json`` — the meeting's ledger entries with the data to recompute their
  leaves, an RFC 6962 inclusion proof of each under a signed checkpoint, the record
  certificate and the CA certificate (and the ``adoption`` entry of any of them that
  were adopted after the fact, see ``server.domain.ledger_adopt``);
* ``manifest-sha256.txt`` — ``<sha256>  <path>`` for every file above (BagIt style);
* ``signature.json`` — the record key's signature over the manifest.

:func:`verify_package` needs nothing but the file (and, to pin it, the CA): it checks
the manifest and its signature, each entry's leaf and proof, the checkpoint signature,
that the meeting's events are all there, and that every document file and every
complete recording matches the SHA-256 its ledger entry recorded.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import time
import zipfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from sqlalchemy import select
from sqlalchemy.orm import Session

from protocol.errors import Conflict, NotFound
from protocol.meeting_state import CLASSIFICATION_LABELS, Classification
from protocol.record import inclusion_proof, leaf_hash, root_of, tree_levels
from server.domain import ledger, ledger_adopt, meeting_record
from server.domain.archive_package_verify import local_date, safe_name, verify_package
from server.domain.settings import Settings
from server.store.models import AgendaItem, LedgerEntry, Meeting, User

__all__ = ["STALE_EXPORT", "export", "export_dir", "verify_package"]

#: Mã định danh of the organisation (Decision 20/2020/QĐ-TTg), the first part of a
#: record code; a deployment passes its own to :func:`export`.
AGENCY_CODE = "000.00.00.G01"
RETENTION = "Vĩnh viễn"
LANGUAGE = "Tiếng Việt"
MANIFEST = "manifest-sha256.txt"
SIGNATURE = "signature.json"
#: Exported packages not downloaded within this time are deleted.
STALE_EXPORT = 24 * 3600.0
#: Chế độ sử dụng by classification of the meeting.
ACCESS = {
    Classification.NORMAL: "Hạn chế sử dụng (nội bộ cơ quan)",
    Classification.SECRET: "Mật — chỉ người có thẩm quyền",
    Classification.TOP_SECRET: "Tối mật — chỉ người có thẩm quyền",
}


def export_dir(settings: Settings) -> Path:
    return settings.data_dir / "exports"


def _sweep(folder: Path) -> None:
    cutoff = time.time() - STALE_EXPORT
    for path in folder.glob("*"):
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink(missing_ok=True)
        except FileNotFoundError:
            continue


def export(
    session: Session,
    settings: Settings,
    meeting_id: int,
    *,
    exported_by: str = "",
    signer: ledger.RecordSigner | None = None,
    agency_code: str = AGENCY_CODE,
    out: Path | None = None,
) -> Path:
    """Build the package of ``meeting_id`` and return its path (``out``, or a new file
    in :func:`export_dir`).  Refuses (``Conflict``) when the meeting's record does not
    verify: a package must never carry a tampered record."""
    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        raise NotFound(f"Meeting {meeting_id} does not exist.")
    signer = signer or ledger.record_signer(settings)
    checkpoint = ledger.latest_checkpoint(session, signer)
    versions = [(v, mid) for v, mid in ledger.version_rows(session, meeting_id)]
    files: dict[str, bytes] = {}
    docs_meta = []
    current = _current_versions(session, meeting_id)
    for v, _ in versions:
        data = _blob(settings, v.sha256)
        name = safe_name(v.filename)
        files[f"documents/{v.document_id}/v{v.version}-{name}"] = data
        signed = current.get(v.document_id) == v.id and _is_signed(data)
        if signed:
            files[f"signed/{v.document_id}-{name}"] = data
        if current.get(v.document_id) == v.id and _is_minutes(v.filename):
            files[f"minutes/{v.document_id}-{name}"] = data
        docs_meta.append(_document_metadata(session, meeting, v, signed))
    record_code = f"{agency_code}.{_year(meeting.starts_at)}.PH-{meeting.id:04d}"
    recordings, recordings_meta = meeting_record.for_package(session, settings.data_dir, meeting)
    extract = _ledger_extract(session, meeting_id, checkpoint, signer)
    metadata = _metadata(session, meeting, record_code, docs_meta, exported_by, extract)
    files["metadata.json"] = _json(metadata | {"ban_ghi_hinh": recordings_meta})
    files["ledger.json"] = _json(extract)
    digests = {path: hashlib.sha256(data).hexdigest() for path, data in files.items()}
    digests |= {r.name: r.sha256 for r in recordings}
    manifest = "".join(f"{digest}  {path}\n" for path, digest in sorted(digests.items())).encode()
    cert, key = signer.record_key()
    signature = {
        "signed_file": MANIFEST,
        "algorithm": "SHA-256 with the record key (ECDSA or RSA PKCS#1 v1.5)",
        "signature": base64.b64encode(ledger.sign(key, manifest)).decode(),
        "certificate": cert.public_bytes(serialization.Encoding.PEM).decode(),
    }
    if out is None:
        folder = export_dir(settings)
        folder.mkdir(parents=True, exist_ok=True)
        _sweep(folder)
        out = folder / f"{secrets.token_hex(16)}.zip"
    tmp = out.with_suffix(".part")
    with zipfile.ZipFile(tmp, "w") as zf:
        for path, data in sorted(files.items()):
            method = zipfile.ZIP_STORED if path.endswith(".pdf") else zipfile.ZIP_DEFLATED
            zf.writestr(path, data, compress_type=method)
        for recording in recordings:  # streamed from disk, stored as they are (WebM)
            zf.write(recording.source, recording.name, compress_type=zipfile.ZIP_STORED)
        zf.writestr(MANIFEST, manifest, compress_type=zipfile.ZIP_DEFLATED)
        zf.writestr(SIGNATURE, _json(signature), compress_type=zipfile.ZIP_DEFLATED)
    tmp.replace(out)
    return out


def _json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True).encode() + b"\n"


def _year(iso: str) -> str:
    try:
        return str(datetime.fromisoformat(iso).year)
    except ValueError:
        return iso[:4]


def _blob(settings: Settings, sha256: str) -> bytes:
    path = settings.blob_dir / sha256[:2] / sha256
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise Conflict(
            f"The stored file {sha256[:12]}… is missing; run `ecabinet-server verify` and "
            "restore the data directory before exporting."
        ) from None
    if hashlib.sha256(data).hexdigest() != sha256:
        raise Conflict(
            f"The stored file {sha256[:12]}… was changed; run `ecabinet-server verify` "
            "before exporting."
        )
    return data


def _current_versions(session: Session, meeting_id: int) -> dict[int, int]:
    from server.store.models import Document

    rows = session.execute(
        select(Document.id, Document.current_version_id)
        .join(AgendaItem, AgendaItem.id == Document.item_id)
        .where(AgendaItem.meeting_id == meeting_id)
    )
    return {doc: version for doc, version in rows if version is not None}


def _is_signed(data: bytes) -> bool:
    """Whether the PDF has a filled signature field (``/FT /Sig`` with a ``/V``)."""
    import io

    from pypdf import PdfReader

    try:
        fields = PdfReader(io.BytesIO(data)).get_fields() or {}
    except Exception:
        return False
    return any(f.get("/FT") == "/Sig" and f.get("/V") is not None for f in fields.values())


def _is_minutes(filename: str) -> bool:
    folded = ledger_fold(filename)
    return any(word in folded for word in ("bien ban", "bien-ban", "bienban", "minutes"))


def ledger_fold(text: str) -> str:
    import unicodedata

    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("_", " ")


def _people(session: Session, user_id: int | None) -> tuple[str, str]:
    from server.store.models import Unit

    user = session.get(User, user_id) if user_id is not None else None
    if user is None:
        return "", ""
    unit = session.get(Unit, user.unit_id) if user.unit_id is not None else None
    return user.full_name, unit.name if unit else ""


def _document_metadata(session: Session, meeting: Meeting, v: Any, signed: bool) -> dict[str, Any]:
    from server.store.models import Document

    doc = session.get(Document, v.document_id)
    item = session.get(AgendaItem, doc.item_id) if doc is not None else None
    author, unit = _people(session, v.uploaded_by)
    return {
        "ma_dinh_danh_van_ban": f"{meeting.id}.{v.document_id}.{v.version}",
        "so_va_ky_hieu": "",
        "ngay_van_ban": local_date(v.created_at),
        "ten_loai_van_ban": "Tài liệu phiên họp",
        "trich_yeu": item.title if item is not None else v.filename,
        "tac_gia": unit or author,
        "nguoi_tai_len": author,
        "so_trang": v.pages,
        "ngon_ngu": LANGUAGE,
        "muc_do_tin_cay": "Gốc điện tử" if signed else "Bản điện tử",
        "che_do_su_dung": ACCESS[Classification(meeting.classification)],
        "chu_ky_so": signed,
        "phien_ban": v.version,
        "ten_tep": v.filename,
        "kich_thuoc": v.size,
        "sha256": v.sha256,
        "tep": f"documents/{v.document_id}/v{v.version}-{safe_name(v.filename)}",
    }


def _metadata(
    session: Session,
    meeting: Meeting,
    record_code: str,
    documents: list[dict[str, Any]],
    exported_by: str,
    extract: dict[str, Any],
) -> dict[str, Any]:
    """The record (hồ sơ) fields of Circular 05/2025/TT-BNV, Vietnamese keys without
    diacritics, plus the list of documents (văn bản) in the record."""
    creator, unit = _people(session, meeting.created_by)
    classification = Classification(meeting.classification)
    events = sum(1 for e in extract["entries"] if e["kind"] == "event")
    return {
        "thong_tu": "05/2025/TT-BNV",
        "ma_ho_so": record_code,
        "tieu_de_ho_so": f"Hồ sơ phiên họp: {meeting.title}",
        "thoi_gian_bat_dau": meeting.starts_at,
        "thoi_gian_ket_thuc": meeting.ends_at,
        "thoi_han_bao_quan": RETENTION,
        "che_do_su_dung": ACCESS[classification],
        "muc_do_mat": CLASSIFICATION_LABELS[classification],
        "ngon_ngu": LANGUAGE,
        "tu_khoa": ["phiên họp Chính phủ", "biên bản", "nghị quyết", meeting.title],
        "tong_so_van_ban": len(documents),
        "so_luong_to": None,
        "so_luong_trang": sum(d["so_trang"] for d in documents),
        "tinh_trang_vat_ly": "Hồ sơ điện tử",
        "ky_hieu_thong_tin": record_code,
        "nguoi_lap_ho_so": creator,
        "don_vi_lap_ho_so": unit,
        "nguoi_xuat_goi": exported_by,
        "hinh_thuc_hop": meeting.mode,
        "dia_diem": meeting.location,
        "so_su_kien": events,
        "van_ban": documents,
    }


def _ledger_extract(
    session: Session, meeting_id: int, checkpoint: Any, signer: ledger.RecordSigner
) -> dict[str, Any]:
    """The meeting's entries (with their data and inclusion proofs) under ``checkpoint``."""
    from server.domain import dispatch

    dispatch._load_handlers()
    size = checkpoint.size
    leaves = list(
        session.scalars(
            select(LedgerEntry.leaf_hash).where(LedgerEntry.idx < size).order_by(LedgerEntry.idx)
        )
    )
    if len(leaves) != size or root_of(leaves) != checkpoint.root:
        raise Conflict(
            "The ledger does not match its latest signed checkpoint; run "
            "`ecabinet-server verify` before exporting."
        )
    levels = tree_levels(leaves)
    data_by_ref = dict(_meeting_sources(session, meeting_id))
    rows: list[Any] = list(
        session.execute(
            select(LedgerEntry.idx, LedgerEntry.kind, LedgerEntry.ref, LedgerEntry.leaf_hash)
            .where(LedgerEntry.meeting_id == meeting_id, LedgerEntry.idx < size)
            .order_by(LedgerEntry.idx)
        )
    )
    # entries adopted after the fact travel with the entry that says when (and that
    # they were not protected before)
    for ref, marker, idx in ledger_adopt.markers(session, {r.idx for r in rows}):
        if idx < size:
            data_by_ref[ref] = marker
            rows.append((idx, ledger_adopt.KIND, ref, leaves[idx]))
    entries = []
    for idx, kind, ref, leaf in sorted(rows, key=lambda r: r[0]):
        data = data_by_ref.get(ref)
        if data is None or leaf_hash(kind, ref, data) != leaf:
            raise Conflict(
                f"{ledger.describe(ref).capitalize()} no longer matches its ledger entry "
                f"{idx}; run `ecabinet-server verify` before exporting."
            )
        entry: dict[str, Any] = {"index": idx, "kind": kind, "ref": ref, "leaf": leaf.hex()}
        try:
            entry["data"] = data.decode("utf-8")
        except UnicodeDecodeError:
            entry["data_b64"] = base64.b64encode(data).decode()
        entry["proof"] = [node.hex() for node in inclusion_proof(levels, idx)]
        entries.append(entry)
    return {
        "format": "e-Cabinet ledger extract 1",
        "tree": "RFC 6962, SHA-256; leaf = SHA-256(0x00 || kind LF ref LF data)",
        "meeting_id": meeting_id,
        "checkpoint": {
            "id": checkpoint.id,
            "size": size,
            "root": checkpoint.root.hex(),
            "at": ledger.utc_text(checkpoint.at),
            "meeting_id": checkpoint.meeting_id,
            "signature": base64.b64encode(checkpoint.signature).decode(),
            "certificate": checkpoint.certificate,
            "ca_certificate": signer.ca_pem().decode(),
        },
        "entries": entries,
    }


def _meeting_sources(session: Session, meeting_id: int) -> Iterator[tuple[str, bytes]]:
    for reader in ledger.SOURCES.values():
        for ref, data, _mid in reader(session, meeting_id):
            yield ref, data
