"""Keys, images and PDFs for ``bench/signing.py`` (the same as the tests use, made here
so that the benchmark does not import the test suite)."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import date
from io import BytesIO
from pathlib import Path
from typing import Any

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from PIL import Image, ImageDraw
from pyhanko.sign import signers
from pyhanko_certvalidator.registry import SimpleCertificateStore

from desktop.client.signing import CallbackTimeStamper
from server.domain import tsa
from server.domain.admin_pdf import SignatureBlock, administrative_pdf
from server.domain.pki import Pki

ORGANISATION = "Văn phòng Chính phủ"
CHAIR = "Phạm Minh Chính"
AUTHORITY = ["TM. CHÍNH PHỦ", "THỦ TƯỚNG"]


def _signer(pki: Pki, issue: str, **kw: Any) -> signers.SimpleSigner:
    key = ec.generate_private_key(ec.SECP256R1())
    csr = (
        x509.CertificateSigningRequestBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "bench")]))
        .sign(key, hashes.SHA256())
        .public_bytes(serialization.Encoding.PEM)
    )
    cert = getattr(pki, issue)(csr, **kw)
    der = serialization.Encoding.DER
    key_der = key.private_bytes(
        der, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return signers.SimpleSigner(
        signing_cert=asn1_x509.Certificate.load(cert.public_bytes(der)),
        signing_key=asn1_keys.PrivateKeyInfo.load(key_der),
        cert_registry=SimpleCertificateStore.from_certs(
            [asn1_x509.Certificate.load(pki.ca_certificate.public_bytes(der))]
        ),
    )


def _png(image: Image.Image) -> bytes:
    out = BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def signature_png() -> bytes:
    w, h = 600, 260
    image = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    points = [(40 + i * 2.6, h / 2 + math.sin(i / 9) * 78 - i * 0.2) for i in range(201)]
    ImageDraw.Draw(image).line(points, fill=(10, 40, 200, 255), width=14, joint="curve")
    return _png(image)


def seal_png() -> bytes:
    size = 472
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((6, 6, size - 6, size - 6), outline=(220, 20, 30, 255), width=22)
    draw.ellipse((80, 80, size - 80, size - 80), outline=(220, 20, 30, 255), width=10)
    return _png(image)


@dataclass
class Setup:
    pki: Pki
    chair: signers.SimpleSigner
    seal: signers.SimpleSigner
    signature_png: bytes
    seal_png: bytes
    decision: bytes

    @classmethod
    def create(cls, folder: Path) -> Setup:
        pki = Pki.open(folder / "pki", ORGANISATION)
        decision = administrative_pdf(
            organisation="CHÍNH PHỦ",
            parent_organisation=None,
            number_symbol="12/NQ-CP",
            place="Hà Nội",
            date=date(2026, 2, 5),
            kind_title="NGHỊ QUYẾT",
            subtitle="Phiên họp Chính phủ thường kỳ tháng 1 năm 2026",
            body=[
                "Chính phủ quyết nghị thông qua báo cáo tình hình kinh tế - xã hội tháng 1, "
                "các nhiệm vụ, giải pháp trọng tâm trong thời gian tới."
            ]
            * 6,
            signature_blocks=[SignatureBlock(AUTHORITY, CHAIR)],
            recipients=["Các Bộ, cơ quan ngang Bộ", "Lưu: VT, TH"],
        )
        return cls(
            pki,
            _signer(pki, "issue_user", full_name=CHAIR, position="Thủ tướng", unit="Chính phủ"),
            _signer(pki, "issue_seal", organisation=ORGANISATION),
            signature_png(),
            seal_png(),
            decision,
        )

    def expiring(self, days: int = 1) -> Setup:
        """The same setup with a chair and a seal whose certificates last ``days``."""
        return replace(
            self,
            chair=_signer(
                self.pki,
                "issue_user",
                full_name=CHAIR,
                position="Thủ tướng",
                unit="Chính phủ",
                days=days,
            ),
            seal=_signer(self.pki, "issue_seal", organisation=ORGANISATION, days=days),
        )

    def timestamper(self) -> CallbackTimeStamper:
        async def post(request: bytes) -> bytes:
            return tsa.stamp(self.pki, request)

        return CallbackTimeStamper(post)

    @property
    def trust_roots(self) -> list[bytes]:
        return [self.pki.ca_pem()]

    def crls(self) -> list[bytes]:
        return [self.pki.crl_der()]
