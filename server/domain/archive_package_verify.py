"""Offline verification of an archive package (see ``server.domain.archive_package``).

Needs only the zip file; the CA that must have issued the record certificate can be
pinned with ``ca_pem`` (otherwise the CA inside the package is used and its
fingerprint is reported, for the reader to compare with the organisation's).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
import zipfile
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes

from protocol.record import (
    Adoption,
    VerifyReport,
    checkpoint_statement,
    leaf_hash,
    verify_inclusion,
)
from server.domain import ledger

VIETNAM = timezone(timedelta(hours=7))
MANIFEST = "manifest-sha256.txt"
SIGNATURE = "signature.json"
_LINE = re.compile(r"([0-9a-f]{64})  (.+)")
#: ledger.json and the manifest are read whole; anything larger is refused.
MAX_TEXT_BYTES = 256 * 1024 * 1024


def safe_name(filename: str) -> str:
    """A file name usable as one zip path component."""
    cleaned = "".join(ch if ch.isprintable() and ch not in "/\\" else "_" for ch in filename)
    return cleaned.strip(" .") or "document.pdf"


def local_date(at: datetime) -> str:
    aware = at if at.tzinfo else at.replace(tzinfo=UTC)
    return aware.astimezone(VIETNAM).isoformat(timespec="seconds")


def _hash_members(zf: zipfile.ZipFile) -> dict[str, str]:
    out = {}
    for info in zf.infolist():
        if info.is_dir():
            continue
        digest = hashlib.sha256()
        with zf.open(info) as fh:
            while block := fh.read(1024 * 1024):
                digest.update(block)
        out[info.filename] = digest.hexdigest()
    return out


def _read(zf: zipfile.ZipFile, name: str) -> bytes | None:
    try:
        info = zf.getinfo(name)
    except KeyError:
        return None
    if info.file_size > MAX_TEXT_BYTES:
        return None
    return zf.read(info)


def verify_package(zip_path: Path, ca_pem: bytes | None = None) -> VerifyReport:
    """Check a package offline; every problem is a finding naming the file or entry."""
    report = VerifyReport()
    try:
        zf = zipfile.ZipFile(zip_path)
    except (OSError, zipfile.BadZipFile) as exc:
        report.add("package.unreadable", f"{zip_path} is not a readable zip file: {exc}.")
        return report
    with zf:
        hashes_ = _hash_members(zf)
        manifest_raw = _read(zf, MANIFEST)
        ledger_raw = _read(zf, "ledger.json")
        signature_raw = _read(zf, SIGNATURE)
    if manifest_raw is None or ledger_raw is None:
        report.add(
            "package.unreadable",
            f"The package has no {MANIFEST if manifest_raw is None else 'ledger.json'}.",
        )
        return report
    _check_manifest(manifest_raw, hashes_, report)
    try:
        extract = json.loads(ledger_raw)
        ca = _trusted_ca(extract, ca_pem, report)
        _check_signature(signature_raw, manifest_raw, ca, report)
        entries = _check_entries(extract, ca, report)
    except (KeyError, TypeError, ValueError, binascii.Error) as exc:
        report.add("package.unreadable", f"ledger.json is not a valid ledger extract ({exc}).")
        return report
    _check_documents(entries, hashes_, report)
    from server.domain.meeting_record import check_package as check_recordings

    check_recordings(entries, hashes_, report)
    _note_adoptions(entries, report)
    return report


def _check_manifest(raw: bytes, hashes_: dict[str, str], report: VerifyReport) -> dict[str, str]:
    listed: dict[str, str] = {}
    for number, line in enumerate(raw.decode("utf-8", "replace").splitlines(), 1):
        match = _LINE.fullmatch(line)
        if match is None:
            report.add(
                "package.manifest", f"Line {number} of {MANIFEST} is not '<sha256>  <path>'."
            )
            continue
        listed[match[2]] = match[1]
    for path, digest in listed.items():
        if path not in hashes_:
            report.add("package.file_missing", f"{path} is listed in the manifest but missing.")
        elif hashes_[path] != digest:
            report.add(
                "package.file_changed",
                f"{path} was changed: its SHA-256 differs from the manifest.",
            )
    for path in sorted(set(hashes_) - set(listed) - {MANIFEST, SIGNATURE}):
        report.add("package.file_unlisted", f"{path} is in the package but not in the manifest.")
    return listed


def _trusted_ca(
    extract: dict[str, Any], ca_pem: bytes | None, report: VerifyReport
) -> x509.Certificate:
    inside = x509.load_pem_x509_certificate(extract["checkpoint"]["ca_certificate"].encode())
    fingerprint = inside.fingerprint(hashes.SHA256()).hex(":").upper()
    if ca_pem is None:
        report.notes.append(
            f"Checked against the CA certificate inside the package (SHA-256 {fingerprint}); "
            "compare it with the organisation's CA, or pass the CA to pin it."
        )
        return inside
    pinned = x509.load_pem_x509_certificate(ca_pem)
    if pinned != inside:
        report.add(
            "checkpoint.certificate",
            f"The package names another CA (SHA-256 {fingerprint}) than the one trusted.",
        )
    return pinned


def _check_signature(
    raw: bytes | None, manifest: bytes, ca: x509.Certificate, report: VerifyReport
) -> None:
    if raw is None:
        report.add(
            "package.signature", f"The package has no {SIGNATURE}: the manifest is unsigned."
        )
        return
    signed = json.loads(raw)
    cert = x509.load_pem_x509_certificate(signed["certificate"].encode())
    if not ledger.signature_valid(cert, base64.b64decode(signed["signature"]), manifest):
        report.add(
            "package.signature",
            f"The signature over {MANIFEST} is invalid: the manifest was changed after export.",
        )
    if not ledger.issued_by(cert, ca):
        report.add(
            "package.signature", "The manifest was signed by a certificate the CA did not issue."
        )


def _check_entries(
    extract: dict[str, Any], ca: x509.Certificate, report: VerifyReport
) -> list[dict[str, Any]]:
    cp = extract["checkpoint"]
    size, root = int(cp["size"]), bytes.fromhex(cp["root"])
    report.checkpoints = 1
    cert = x509.load_pem_x509_certificate(cp["certificate"].encode())
    statement = checkpoint_statement(size, root, cp["at"], cp["meeting_id"])
    if not ledger.signature_valid(cert, base64.b64decode(cp["signature"]), statement):
        report.add("checkpoint.signature", f"Checkpoint {cp['id']}: the signature is invalid.")
    if not ledger.issued_by(cert, ca):
        report.add(
            "checkpoint.certificate",
            f"Checkpoint {cp['id']} was signed by a certificate the CA did not issue.",
        )
    entries: list[dict[str, Any]] = extract["entries"]
    report.entries = len(entries)
    seqs: dict[int, list[int]] = {}
    for e in entries:
        index, kind, ref = int(e["index"]), e["kind"], e["ref"]
        data = e["data"].encode() if "data" in e else base64.b64decode(e["data_b64"])
        leaf = leaf_hash(kind, ref, data)
        proof = [bytes.fromhex(p) for p in e["proof"]]
        if leaf.hex() != e.get("leaf") or not verify_inclusion(leaf, index, size, proof, root):
            report.add(
                "package.entry",
                f"Ledger entry {index} ({ledger.describe(ref)}) in the package does not match "
                "the signed checkpoint: its data was changed.",
                entry=index,
                ref=ref,
            )
        e["_data"] = data
        if kind == "event":
            mid, seq = (int(x) for x in ref.split(":")[1:3])
            seqs.setdefault(mid, []).append(seq)
    for mid, got in seqs.items():
        for seq in sorted(set(range(1, max(got) + 1)) - set(got)):
            report.add(
                "package.entry_missing",
                f"Event meeting {mid} seq {seq} is missing from the package's record.",
                ref=ledger.event_ref(mid, seq),
            )
    return entries


def _check_documents(
    entries: list[dict[str, Any]], hashes_: dict[str, str], report: VerifyReport
) -> None:
    recorded: set[str] = set()
    paths: set[str] = set()
    for e in entries:
        if e["kind"] != "document_version":
            continue
        fields = json.loads(e["_data"])
        path = f"documents/{fields['document_id']}/v{fields['version']}-"
        path += safe_name(fields["filename"])
        recorded.add(fields["sha256"])
        paths.add(path)
        what = f"{ledger.describe(e['ref'])} ({fields['filename']})"
        if path not in hashes_:
            report.add(
                "package.document_missing",
                f"{what} is recorded (ledger entry {e['index']}) but {path} is not in the package.",
                entry=int(e["index"]),
                ref=e["ref"],
            )
        elif hashes_[path] != fields["sha256"]:
            report.add(
                "package.document_changed",
                f"{path}: its bytes differ from the SHA-256 recorded in ledger entry {e['index']}.",
                entry=int(e["index"]),
                ref=e["ref"],
            )
    for path, digest in sorted(hashes_.items()):
        folder = path.split("/", 1)[0]
        copy = folder in ("signed", "minutes") and digest in recorded
        if folder in ("documents", "signed", "minutes") and path not in paths and not copy:
            report.add(
                "package.document_unrecorded",
                f"{path} is not a document version recorded in the ledger.",
            )


def _note_adoptions(entries: list[dict[str, Any]], report: VerifyReport) -> None:
    """Name the package's entries that were adopted after the fact, from the (proven)
    ``adoption`` entries: they were not protected before the adoption."""
    for e in entries:
        if e["kind"] != "adoption":
            continue
        try:
            fields = json.loads(e["_data"])
            first, last = int(fields["first_entry"]), int(fields["last_entry"])
            at = local_date(datetime.fromisoformat(fields["at"]))
        except (KeyError, TypeError, ValueError) as exc:
            report.add(
                "package.entry",
                f"Adoption entry {e['index']} in the package is not readable ({exc}).",
                entry=int(e["index"]),
                ref=e["ref"],
            )
            continue
        count = sum(1 for o in entries if o["kind"] != "adoption" and first <= o["index"] <= last)
        if count:
            report.adoptions.append(
                Adoption(count=count, at=at, first_entry=first, last_entry=last)
            )
