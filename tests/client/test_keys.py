"""The PKCS#12 key path of the desktop client (``desktop.client.keys``)."""

from __future__ import annotations

import asyncio
import io
import stat
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.validation import async_validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from desktop.client import keys
from protocol.errors import InvalidInput
from server.demo_documents import make_pdf
from server.domain.pki import Pki


def test_key_folder_is_per_user_and_private(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    path = keys.default_key_path("nguyen.an")
    assert path.name == "signing.p12" and path.parent.name == "nguyen.an"
    assert tmp_path in path.parents
    assert not path.parent.exists(), "asking where the key goes makes no folder"
    assert keys.key_dir("nguyen.an", create=True) == path.parent
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert keys.default_key_path("../evil").parent.parent == path.parent.parent


def test_passphrase_strength() -> None:
    assert keys.passphrase_problem("short") is not None
    assert keys.passphrase_problem("Mật khẩu dài 2026", "khác") == "The two passphrases differ."
    assert keys.passphrase_problem("aaaaaaaaaaaaaaaaaaaa") is not None
    assert keys.passphrase_problem("abcdefghij") is not None  # letters only, short
    assert keys.passphrase_problem("Hà Nội mùa thu 2026", "Hà Nội mùa thu 2026") is None


def test_pkcs12_round_trip_signs_a_pdf(tmp_path: Path) -> None:
    pki = Pki.open(tmp_path / "pki")
    key, csr = keys.new_key_and_csr("Trần Văn Ký")
    cert = pki.issue_user(csr, full_name="Trần Văn Ký", position="Bộ trưởng", unit="")
    cert_pem = cert.public_bytes(serialization.Encoding.PEM)
    path = tmp_path / "keys" / "signing.p12"
    keys.save_pkcs12(path, key, cert_pem, pki.chain_pem(), "Hà Nội mùa thu 2026")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert keys.read_certificate(path, "Hà Nội mùa thu 2026") == cert
    with pytest.raises(keys.WrongPassphrase, match="passphrase"):
        keys.load_signer(path, "sai mật khẩu")
    with pytest.raises(keys.KeyFileMissing):
        keys.load_signer(tmp_path / "none.p12", "x")
    other_key, _ = keys.new_key_and_csr("X")
    with pytest.raises(InvalidInput, match="not for this key"):
        keys.save_pkcs12(tmp_path / "x.p12", other_key, cert_pem, b"", "Hà Nội mùa thu 2026")

    signer = keys.load_signer(path, "Hà Nội mùa thu 2026")
    from asn1crypto import x509 as asn1_x509

    ca = asn1_x509.Certificate.load(pki.ca_certificate.public_bytes(serialization.Encoding.DER))

    async def sign_and_validate() -> object:
        writer = IncrementalPdfFileWriter(io.BytesIO(make_pdf("Quyết định", ["Điều 1."], 1)))
        meta = signers.PdfSignatureMetadata(
            field_name="Sig1", subfilter=fields.SigSeedSubFilter.PADES
        )
        out = await signers.async_sign_pdf(writer, meta, signer=signer)
        embedded = PdfFileReader(out).embedded_signatures[0]
        # the chain travels in the signature: the validator needs only the root
        assert ca.dump() in [c.chosen.dump() for c in embedded.signed_data["certificates"]]
        vc = ValidationContext(trust_roots=[ca], crls=[pki.crl_der()], allow_fetching=False)
        return await async_validate_pdf_signature(embedded, vc)

    status = asyncio.run(sign_and_validate())
    assert status.bottom_line  # type: ignore[attr-defined]
    name = x509.load_der_x509_certificate(status.signing_cert.dump()).subject  # type: ignore[attr-defined]
    assert name.rfc4514_string().startswith("CN=Trần Văn Ký")
