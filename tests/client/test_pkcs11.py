"""The USB-token path with SoftHSM2: key made on the token, CSR signed on the token,
certified by the CA, certificate stored on the token, a PDF signed through PKCS#11.

SoftHSM reads ``SOFTHSM2_CONF`` once per process (the PKCS#11 library is initialised
once), so one token serves the whole module.
"""

from __future__ import annotations

import asyncio
import atexit
import io
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.validation import async_validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from desktop.client import keys, token_certificates, tokens
from server.demo_documents import make_pdf
from server.domain.pki import Pki
from tests.server.test_tsa import LocalTimeStamper

LIB = tokens.DEFAULT_PKCS11_LIB
TOKEN, PIN, SO_PIN = "ecabinet-test", "123456", "12345678"

pytestmark = pytest.mark.skipif(
    not Path(LIB).exists() or shutil.which("softhsm2-util") is None,
    reason="SoftHSM2 is not installed (Debian package softhsm2)",
)


def softhsm_token() -> str:
    """The label of this process's SoftHSM token (made once: SoftHSM reads its
    configuration when the PKCS#11 library is first initialised in the process)."""
    folder = Path(tempfile.gettempdir()) / f"ecabinet-softhsm-{os.getpid()}"
    conf = folder / "softhsm2.conf"
    os.environ["SOFTHSM2_CONF"] = str(conf)
    if not conf.exists():
        (folder / "tokens").mkdir(parents=True)
        conf.write_text(f"directories.tokendir = {folder / 'tokens'}\nobjectstore.backend = file\n")
        init = ["softhsm2-util", "--init-token", "--free", "--label", TOKEN]
        subprocess.run([*init, "--pin", PIN, "--so-pin", SO_PIN], check=True, capture_output=True)
        atexit.register(shutil.rmtree, folder, True)
    return TOKEN


@pytest.fixture
def token() -> str:
    return softhsm_token()


def test_sign_a_pdf_with_a_key_that_never_leaves_the_token(token: str, tmp_path: Path) -> None:
    pki = Pki.open(tmp_path / "pki")
    csr = token_certificates.pkcs11_new_key_and_csr(LIB, token, PIN, "chu-ky", "Nguyễn Thị Token")
    cert = pki.issue_user(csr, full_name="Nguyễn Thị Token", position="Thứ trưởng", unit="")
    token_certificates.pkcs11_store_certificate(
        LIB, token, PIN, "chu-ky", cert.public_bytes(serialization.Encoding.PEM)
    )
    signer = tokens.pkcs11_signer(LIB, token, PIN, "chu-ky", chain_pem=pki.ca_pem())
    ca = asn1_x509.Certificate.load(pki.ca_certificate.public_bytes(serialization.Encoding.DER))

    async def sign_and_validate() -> object:
        writer = IncrementalPdfFileWriter(io.BytesIO(make_pdf("Quyết định", ["Điều 1."], 1)))
        meta = signers.PdfSignatureMetadata(
            field_name="Sig1", subfilter=fields.SigSeedSubFilter.PADES
        )
        out = await signers.async_sign_pdf(
            writer, meta, signer=signer, timestamper=LocalTimeStamper(pki)
        )
        embedded = PdfFileReader(out).embedded_signatures[0]
        vc = ValidationContext(trust_roots=[ca], crls=[pki.crl_der()], allow_fetching=False)
        return await async_validate_pdf_signature(embedded, vc)

    try:
        status = asyncio.run(sign_and_validate())
    finally:
        tokens.close_signer(signer)
    assert status.bottom_line  # type: ignore[attr-defined]
    signer_cert = status.signing_cert  # type: ignore[attr-defined]
    assert signer_cert.subject.native["common_name"] == "Nguyễn Thị Token"
    assert (
        x509.load_der_x509_certificate(signer_cert.dump())
        .subject.get_attributes_for_oid(NameOID.TITLE)[0]
        .value
        == "Thứ trưởng"
    )


def test_a_wrong_pin_or_token_is_a_clear_error(token: str) -> None:
    with pytest.raises(keys.WrongPassphrase, match="PIN"):
        tokens.pkcs11_signer(LIB, token, "000000", "chu-ky")
    with pytest.raises(keys.TokenError, match="no-such-token"):
        tokens.pkcs11_signer(LIB, "no-such-token", PIN, "chu-ky")
