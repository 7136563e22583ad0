"""Decree 30 signing on a live server: the secretariat prepares, the chair signs with a
real PKCS#12 key from the server's CA, the clerk seals; the result validates in pyHanko
and in poppler's pdfsig; refusals travel back as typed errors and change nothing."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import msgspec
import pytest
from pypdf import PdfReader, PdfWriter

from desktop.client import Client, keys, signatures
from desktop.client import decisions as flow
from protocol import agenda as ag
from protocol import decisions as dc
from protocol import pki as pk
from protocol.decisions import CopyType, DecisionInfo, DecisionState
from protocol.errors import PermissionDenied, SignatureInvalid
from server.demo_documents import make_pdf
from tests.integration.conftest import LiveServer
from tests.server.test_decisions import AUTHORITY, BLUE, RED

PASSPHRASE = "cụm-mật-khẩu dài"


async def _setup(live: LiveServer, tmp_path: Path) -> tuple[int, int]:
    """Users, a meeting with a document; returns (meeting id, version id)."""
    d = live.domain
    sec = d.user("thuky", ["secretariat"])
    chair = d.user("thutuong", ["chair"], full_name="Phạm Minh Chính")
    d.user("vanthu", ["clerk"], full_name="Văn thư Văn phòng")
    member = d.user("botruong", ["member"])
    mid = d.meeting(sec, chair=chair, members=[member])
    item = d.do(sec, ag.AgendaAddItem, meeting_id=mid, title="Nghị quyết phiên họp")
    pdf = make_pdf("Nghị quyết phiên họp Chính phủ thường kỳ", ["Điều 1. Thông qua."], 2)
    async with live.client("thuky") as client:
        done = await client.upload_document(int(item["item_id"]), pdf, "nghi-quyet.pdf")
    return mid, int(done["version_id"])


async def _identity(client: Client, tmp_path: Path, kind: str = "signing") -> object:
    path = tmp_path / f"{client.user.username if client.user else 'x'}-{kind}.p12"
    await keys.create_pkcs12_identity(client, path, PASSPHRASE, kind=kind)
    with pytest.raises(keys.WrongPassphrase):
        keys.load_signer(path, "sai mật khẩu")
    return keys.load_signer(path, PASSPHRASE)


async def _prepare(client: Client, version_id: int, signer_id: int) -> DecisionInfo:
    result = await client.call(
        dc.DecisionPrepare,
        version_id=version_id,
        kind="resolution",
        number_symbol="25/NQ-CP",
        signer_user_id=signer_id,
        authority_lines=AUTHORITY,
    )
    return msgspec.convert(result, DecisionInfo)


def _pdfsig(pdf: bytes, ca_pem: str, tmp_path: Path) -> str:
    nss = tmp_path / "nss"
    nss.mkdir()
    (tmp_path / "ca.pem").write_text(ca_pem)
    (tmp_path / "issued.pdf").write_bytes(pdf)
    subprocess.run(["certutil", "-N", "-d", f"sql:{nss}", "--empty-password"], check=True)
    subprocess.run(
        [
            "certutil",
            "-A",
            "-n",
            "ca",
            "-t",
            "CT,C,C",
            "-d",
            f"sql:{nss}",
            "-i",
            str(tmp_path / "ca.pem"),
        ],
        check=True,
    )
    done = subprocess.run(
        ["pdfsig", "-nssdir", f"sql:{nss}", str(tmp_path / "issued.pdf")],
        capture_output=True,
        text=True,
        check=False,
    )
    return done.stdout + done.stderr


async def test_prepare_sign_seal_over_the_wire(live: LiveServer, tmp_path: Path) -> None:
    mid, version_id = await _setup(live, tmp_path)
    async with (
        live.client("thuky") as sec,
        live.client("thutuong") as chair,
        live.client("vanthu") as clerk,
        live.client("botruong") as member,
    ):
        assert chair.user is not None
        chair_key = await _identity(chair, tmp_path)
        seal_key = await _identity(clerk, tmp_path, "seal")
        await keys.set_signature_image(chair, BLUE)
        await clerk.call(pk.SealSetImage, png=RED)

        prepared = await _prepare(sec, version_id, chair.user.id)
        waiting = await flow.list_decisions(chair, waiting_for_me=True)
        assert [w.decision_id for w in waiting] == [prepared.decision_id]
        with pytest.raises(PermissionDenied):  # only the designated signer uploads
            await flow.upload(member, prepared.decision_id, b"%PDF-1.7 not yours")

        steps: list[str] = []
        signed = await flow.sign(
            chair, prepared.decision_id, chair_key, lambda s, _d, _t: steps.append(s)
        )
        assert signed.state is DecisionState.AWAITING_SEAL
        assert {"download", "sign", "upload", "submit"} <= set(steps)
        assert [w.decision_id for w in await flow.list_decisions(clerk, waiting_for_me=True)] == [
            prepared.decision_id
        ]
        with pytest.raises(PermissionDenied):
            await flow.seal(chair, prepared.decision_id, chair_key)
        issued = await flow.seal(clerk, prepared.decision_id, seal_key)
        assert issued.state is DecisionState.ISSUED

        pdf = await flow.download(member, prepared.decision_id)
        info = await keys.pki_info(member)
        found = await signatures.async_validate(
            pdf, trust_roots=[info.ca_pem.encode()], crls=[info.crl_der]
        )
        assert [s.kind for s in found] == ["signature", "seal", "timestamp"]
        assert all(s.valid for s in found[:2]) and found[0].signer_name == "Phạm Minh Chính"
        listed = await flow.list_decisions(member, mid)
        assert [d.state for d in listed] == [DecisionState.ISSUED]

        copied = await flow.copy(clerk, prepared.decision_id, seal_key, "sao_y", "12/SY-VPCP")
        assert copied.kind == "copy" and copied.state is DecisionState.ISSUED

        # An extract copy: only page 2, the copy's text printed on it, the clerk's seal.
        extract = await flow.copy(clerk, prepared.decision_id, seal_key, "trich_sao", pages="2")
        assert extract.copy_type is CopyType.TRICH_SAO and extract.state is DecisionState.ISSUED
        extract_pdf = await flow.download(member, extract.decision_id)
        pages = PdfReader(io.BytesIO(extract_pdf)).pages
        assert len(pages) == 1 and "TRÍCH SAO" in pages[0].extract_text()
        sealed = await signatures.async_validate(
            extract_pdf, trust_roots=[info.ca_pem.encode()], crls=[info.crl_der]
        )
        assert [s.kind for s in sealed] == ["seal", "timestamp"] and sealed[0].valid

    if shutil.which("pdfsig") and shutil.which("certutil"):
        report = _pdfsig(pdf, info.ca_pem, tmp_path)
        assert report.count("Signature Validation: Signature is Valid.") >= 2, report
        assert "Certificate Validation: Certificate is Trusted." in report, report
        (tmp_path / "extract").mkdir()
        report = _pdfsig(extract_pdf, info.ca_pem, tmp_path / "extract")
        assert "Signature Validation: Signature is Valid." in report, report
    if shutil.which("qpdf"):
        (tmp_path / "q.pdf").write_bytes(pdf)
        checked = subprocess.run(["qpdf", "--check", str(tmp_path / "q.pdf")], capture_output=True)
        assert checked.returncode == 0, checked.stdout


async def test_a_refused_upload_comes_back_typed_and_changes_nothing(
    live: LiveServer, tmp_path: Path
) -> None:
    _, version_id = await _setup(live, tmp_path)
    async with live.client("thuky") as sec, live.client("thutuong") as chair:
        assert chair.user is not None
        key = await _identity(chair, tmp_path)
        await keys.set_signature_image(chair, BLUE)
        prepared = await _prepare(sec, version_id, chair.user.id)
        pdf = await flow.download(chair, prepared.decision_id)
        # Signed, then re-saved by another program: no longer an incremental update.
        from desktop.client import signing

        signed = await signing.sign_decision(
            pdf,
            signer=key,
            authority_lines=AUTHORITY,
            full_name=chair.user.full_name,
            signature_png=BLUE,
            timestamper=signing.server_timestamper(chair),
        )
        out = io.BytesIO()
        PdfWriter(clone_from=PdfReader(io.BytesIO(signed))).write(out)
        upload_id = await flow.upload(chair, prepared.decision_id, out.getvalue())
        with pytest.raises(SignatureInvalid, match="incremental update"):
            await chair.call(
                dc.DecisionSubmitSigned, decision_id=prepared.decision_id, upload_id=upload_id
            )
        after = await flow.get(sec, prepared.decision_id)
        assert after.state is DecisionState.AWAITING_SIGNATURE
        assert after.sha256 == prepared.sha256 and len(after.revisions) == 1
