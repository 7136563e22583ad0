"""The server's RFC 3161 time-stamping authority: pyHanko and OpenSSL accept its tokens."""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import shutil
import subprocess
from pathlib import Path

import pytest
from asn1crypto import algos, tsp
from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers, timestamps
from pyhanko.sign.validation import async_validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore

from server.demo_documents import make_pdf
from server.domain.pki import Pki
from server.domain.tsa import POLICY_OID, gen_time, stamp, status_of
from tests.server.test_pki import csr_for


@pytest.fixture
def pki(tmp_path: Path) -> Pki:
    return Pki.open(tmp_path / "pki")


def request(digest: bytes, *, algorithm: str = "sha256", nonce: int | None = 42) -> bytes:
    fields_: dict[str, object] = {
        "version": "v1",
        "message_imprint": tsp.MessageImprint(
            {
                "hash_algorithm": algos.DigestAlgorithm({"algorithm": algorithm}),
                "hashed_message": digest,
            }
        ),
        "cert_req": True,
    }
    if nonce is not None:
        fields_["nonce"] = nonce
    return bytes(tsp.TimeStampReq(fields_).dump())


def test_a_response_carries_the_request_and_the_time(pki: Pki) -> None:
    digest = hashes.Hash(hashes.SHA256())
    digest.update(b"Nghi quyet")
    imprint = digest.finalize()
    when = dt.datetime(2026, 12, 1, 1, 2, 3, tzinfo=dt.UTC)
    resp = tsp.TimeStampResp.load(stamp(pki, request(imprint, nonce=987654321), now=when))
    assert resp["status"]["status"].native == "granted"
    token = resp["time_stamp_token"]
    signed = token["content"]
    info = signed["encap_content_info"]["content"].parsed
    assert info["nonce"].native == 987654321
    assert info["message_imprint"]["hashed_message"].native == imprint
    assert info["policy"].native == POLICY_OID
    assert info["gen_time"].native == when
    assert gen_time(resp.dump()) == when
    tsa_cert = pki.tsa()[0].public_bytes(serialization.Encoding.DER)
    assert tsa_cert in [c.chosen.dump() for c in signed["certificates"]]
    attrs = {a["type"].native: a for a in signed["signer_infos"][0]["signed_attrs"]}
    assert "signing_certificate_v2" in attrs
    serials = {
        tsp.TimeStampResp.load(stamp(pki, request(imprint)))["time_stamp_token"]["content"][
            "encap_content_info"
        ]["content"]
        .parsed["serial_number"]
        .native
        for _ in range(3)
    }
    assert len(serials) == 3


def test_bad_requests_get_a_rejection_not_a_crash(pki: Pki) -> None:
    status, failure, text = status_of(stamp(pki, b"\x30\x03junk"))
    assert (status, failure) == ("rejection", {"bad_data_format"}) and "DER" in text
    status, failure, text = status_of(stamp(pki, request(b"\0" * 20, algorithm="sha1")))
    assert (status, failure) == ("rejection", {"bad_alg"}) and "SHA-256" in text
    assert status_of(stamp(pki, request(b"\0" * 20)))[0] == "rejection"
    assert status_of(stamp(pki, request(b"\0" * 32)))[0] == "granted"


@pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl is not installed")
def test_openssl_verifies_the_token(pki: Pki, tmp_path: Path) -> None:
    data, query, reply, ca = (tmp_path / n for n in ("data.txt", "q.tsq", "r.tsr", "ca.pem"))
    data.write_bytes("Biên bản họp".encode())
    ca.write_bytes(pki.ca_pem())
    subprocess.run(
        ["openssl", "ts", "-query", "-data", data, "-sha256", "-cert", "-out", query],
        check=True,
        capture_output=True,
    )
    reply.write_bytes(stamp(pki, query.read_bytes()))
    ok = subprocess.run(
        ["openssl", "ts", "-verify", "-data", data, "-in", reply, "-CAfile", ca],
        capture_output=True,
        text=True,
    )
    assert ok.returncode == 0 and "Verification: OK" in ok.stdout
    data.write_bytes(b"changed")
    bad = subprocess.run(
        ["openssl", "ts", "-verify", "-data", data, "-in", reply, "-CAfile", ca],
        capture_output=True,
        text=True,
    )
    assert bad.returncode != 0


class LocalTimeStamper(timestamps.TimeStamper):
    """What the desktop's CallbackTimeStamper does, minus the network."""

    def __init__(self, pki: Pki) -> None:
        super().__init__()
        self.pki = pki

    async def async_request_tsa_response(self, req: tsp.TimeStampReq) -> tsp.TimeStampResp:
        return tsp.TimeStampResp.load(stamp(self.pki, req.dump()))


def test_pyhanko_signs_with_our_timestamps_and_validates_them(pki: Pki) -> None:
    key, csr = csr_for()
    cert = pki.issue_user(csr, full_name="Phạm Minh Chính", position="Thủ tướng", unit="")
    ca = asn1_x509.Certificate.load(pki.ca_certificate.public_bytes(serialization.Encoding.DER))
    signer = signers.SimpleSigner(
        signing_cert=asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER)),
        signing_key=asn1_keys.PrivateKeyInfo.load(
            key.private_bytes(
                serialization.Encoding.DER,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        ),
        cert_registry=SimpleCertificateStore.from_certs([ca]),
    )
    assert isinstance(key, ec.EllipticCurvePrivateKey)

    async def sign_and_validate() -> object:
        writer = IncrementalPdfFileWriter(io.BytesIO(make_pdf("Quyết định", ["Điều 1."], 1)))
        meta = signers.PdfSignatureMetadata(
            field_name="Sig1", subfilter=fields.SigSeedSubFilter.PADES
        )
        out = await signers.async_sign_pdf(
            writer, meta, signer=signer, timestamper=LocalTimeStamper(pki)
        )
        embedded = PdfFileReader(out).embedded_signatures[0]
        vc = ValidationContext(
            trust_roots=[ca],
            crls=[pki.crl_der()],
            allow_fetching=False,
            revocation_mode="hard-fail",
        )
        return await async_validate_pdf_signature(embedded, vc, ts_validation_context=vc)

    status = asyncio.run(sign_and_validate())
    assert status.bottom_line  # type: ignore[attr-defined]
    ts = status.timestamp_validity  # type: ignore[attr-defined]
    assert ts is not None and ts.intact and ts.valid and ts.trusted
