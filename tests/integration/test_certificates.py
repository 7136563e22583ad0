"""Keys and certificates over a real server: PKCS#12 identity, TSA, images, revocation,
and the TLS first-use trust of ``serve --tls-auto``."""

from __future__ import annotations

import asyncio
import io
import shutil
import signal
import ssl
import subprocess
import sys
from pathlib import Path

import pytest
from asn1crypto import tsp
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers, timestamps
from pyhanko.sign.validation import async_validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from desktop.client import keys, trust
from protocol.errors import PermissionDenied
from protocol.pki import CertificateRevoke
from server.app import main
from server.demo_documents import make_pdf
from server.domain.pki import Pki
from tests.harness import PASSWORD, Domain
from tests.integration.conftest import LiveServer
from tests.integration.test_crash import ROOT, _free_port
from tests.server.test_pki import png

SERVER = [sys.executable, "-m", "server.app"]
OPENSSL_REQ = ["openssl", "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"]
OPENSSL_REQ += ["-nodes"]


class ServerTimeStamper(timestamps.TimeStamper):
    """Time stamps from the server's own TSA, over the connection (``tsa.stamp``)."""

    def __init__(self, client: object) -> None:
        super().__init__()
        self.client = client

    async def async_request_tsa_response(self, req: tsp.TimeStampReq) -> tsp.TimeStampResp:
        return tsp.TimeStampResp.load(await keys.timestamp(self.client, req.dump()))  # type: ignore[arg-type]


async def test_identity_sign_timestamp_and_revoke(live: LiveServer, tmp_path: Path) -> None:
    live.domain.user("bientap", ["member"], full_name="Vũ Đức Đam")
    live.domain.user("quantri", ["admin"])
    key_file = tmp_path / "keys" / "signing.p12"
    async with live.client("bientap") as member, live.client("quantri") as admin:
        issued = await keys.create_pkcs12_identity(member, key_file, "Hà Nội mùa thu 2026")
        signer = keys.load_signer(key_file, "Hà Nội mùa thu 2026")
        info = await keys.pki_info(member)
        ca = x509.load_pem_x509_certificate(info.ca_pem.encode())
        cert = keys.read_certificate(key_file, "Hà Nội mùa thu 2026")
        assert cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == "Vũ Đức Đam"
        cert.verify_directly_issued_by(ca)

        writer = IncrementalPdfFileWriter(io.BytesIO(make_pdf("Quyết định", ["Điều 1."], 1)))
        meta = signers.PdfSignatureMetadata(
            field_name="Sig1", subfilter=fields.SigSeedSubFilter.PADES
        )
        signed = await signers.async_sign_pdf(
            writer, meta, signer=signer, timestamper=ServerTimeStamper(member)
        )
        embedded = PdfFileReader(signed).embedded_signatures[0]
        root = asn1_x509.Certificate.load(ca.public_bytes(serialization.Encoding.DER))
        vc = ValidationContext(trust_roots=[root], crls=[info.crl_der], allow_fetching=False)
        status = await async_validate_pdf_signature(embedded, vc, ts_validation_context=vc)
        assert status.bottom_line and status.timestamp_validity is not None
        assert status.timestamp_validity.trusted

        assert [c.status for c in await keys.my_certificates(member)] == ["valid"]
        await keys.set_signature_image(member, png())
        assert await keys.get_signature_image(member) == png()
        with pytest.raises(PermissionDenied):
            await member.call(CertificateRevoke, serial=issued.serial)
        await admin.call(CertificateRevoke, serial=issued.serial, reason="key_compromise")
        crl = x509.load_der_x509_crl((await keys.pki_info(member)).crl_der)
        assert crl.get_revoked_certificate_by_serial_number(int(issued.serial)) is not None
        assert [c.status for c in await keys.my_certificates(member)] == ["revoked"]


async def _start(data: Path, database_url: str, port: int) -> tuple[subprocess.Popen[bytes], str]:
    tls_args = ["--database", database_url, "--tls-auto"]
    proc = subprocess.Popen(
        [*SERVER, "serve", "--data-dir", str(data), "--port", str(port), *tls_args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    assert proc.stdout is not None
    lines = []
    loop = asyncio.get_running_loop()
    while True:
        line = (await loop.run_in_executor(None, proc.stdout.readline)).decode()
        assert line, "the server exited"
        lines.append(line)
        if "listening" in line:
            break
    fp = next(x for x in lines if "fingerprint" in x).rsplit(" ", 1)[1].strip()
    return proc, fp


def _stop(proc: subprocess.Popen[bytes]) -> None:
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=20)


async def test_tls_first_use_trust_and_a_changed_ca(database_url: str, tmp_path: Path) -> None:
    data = tmp_path / "data"
    Domain(database_url, data).user("thanhvien", ["member"])
    port = _free_port()
    url = f"wss://127.0.0.1:{port}"
    store = trust.TrustStore(tmp_path / "trust")
    proc, printed = await _start(data, database_url, port)
    try:
        with pytest.raises(trust.UntrustedServer) as first:
            await trust.connect(url, store)
        identity = first.value.identity
        assert identity is not None and identity.ca_fingerprint == printed
        assert "Văn phòng Chính phủ CA" in identity.ca_subject
        store.pin("127.0.0.1", port, identity.ca_pem)
        client = await trust.connect(url, store)
        try:
            await client.login("thanhvien", PASSWORD)
            assert (await keys.pki_info(client)).ca_fingerprint == printed
        finally:
            await client.close()
        # a configured CA file overrides the pins
        ca_file = tmp_path / "ca.pem"
        ca_file.write_bytes(identity.ca_pem)
        other = tmp_path / "other.pem"
        other.write_bytes(Pki.open(tmp_path / "other-ca").ca_pem())
        configured = await trust.connect(url, trust.TrustStore(tmp_path / "none"), ca_file=ca_file)
        await configured.close()
        with pytest.raises(ssl.SSLCertVerificationError):
            await trust.connect(url, trust.TrustStore(tmp_path / "none"), ca_file=other)
        # someone else's CA pinned: the server's CA "changed"
        store.pin("127.0.0.1", port, other.read_bytes())
        with pytest.raises(trust.ServerCaChanged) as changed:
            await trust.connect(url, store)
        assert printed in changed.value.message and "different" in changed.value.message
    finally:
        _stop(proc)


@pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl is not installed")
def test_ca_command_line(
    database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"

    def cli(*args: str) -> str:
        main(["ca", *args, "--data-dir", str(data), "--database", database_url])
        return capsys.readouterr().out

    assert "fingerprint" in cli("init", "--organisation", "Bộ Nội vụ")
    csr = tmp_path / "seal.csr"
    subprocess.run(
        [*OPENSSL_REQ, "-keyout", str(tmp_path / "seal.key"), "-subj", "/CN=x", "-out", str(csr)],
        check=True,
        capture_output=True,
    )
    cli("issue-seal", "--csr", str(csr), "--out", str(tmp_path / "seal.pem"))
    seal = x509.load_pem_x509_certificates((tmp_path / "seal.pem").read_bytes())[0]
    assert seal.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == "Bộ Nội vụ"
    listing = cli("list")
    assert str(seal.serial_number) in listing and "seal" in listing
    cli("revoke", "--serial", str(seal.serial_number), "--reason", "superseded")
    cli("crl", "--out", str(tmp_path / "crl.der"))
    crl = x509.load_der_x509_crl((tmp_path / "crl.der").read_bytes())
    assert crl.get_revoked_certificate_by_serial_number(seal.serial_number) is not None
    assert "revoked" in cli("list")
