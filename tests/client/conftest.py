"""A test CA and signers for the signing tests: the server's real ``Pki`` and TSA.

:class:`SigningKit` holds an organisation CA (``server.domain.pki.Pki`` in a temporary
folder), a chair's signing certificate, the organisation seal certificate, the
server's RFC 3161 TSA behind a :class:`CallbackTimeStamper`, and the two images (a
blue transparent signature, a red transparent seal).  ``signed_decision`` is a decision
signed and sealed once per session, shared by the read-only tests.
"""

from __future__ import annotations

import asyncio
import math
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

import pytest
from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from PIL import Image, ImageDraw
from pyhanko.sign import signers
from pyhanko_certvalidator.registry import SimpleCertificateStore

from desktop.client.signing import CallbackTimeStamper, apply_seal, sign_decision
from server.demo_documents import make_pdf
from server.domain import tsa
from server.domain.pki import Pki

ORGANISATION = "Văn phòng Chính phủ"
CHAIR = "Phạm Minh Chính"
AUTHORITY = ["TM. CHÍNH PHỦ", "THỦ TƯỚNG"]


def new_csr(name: str = "test") -> tuple[ec.EllipticCurvePrivateKey, bytes]:
    key = ec.generate_private_key(ec.SECP256R1())
    csr = (
        x509.CertificateSigningRequestBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)]))
        .sign(key, hashes.SHA256())
    )
    return key, csr.public_bytes(serialization.Encoding.PEM)


def make_signer(
    key: ec.EllipticCurvePrivateKey, cert: x509.Certificate, ca: x509.Certificate
) -> signers.SimpleSigner:
    der_key = key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return signers.SimpleSigner(
        signing_cert=asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER)),
        signing_key=asn1_keys.PrivateKeyInfo.load(der_key),
        cert_registry=SimpleCertificateStore.from_certs(
            [asn1_x509.Certificate.load(ca.public_bytes(serialization.Encoding.DER))]
        ),
    )


def signature_png(width: int = 600, height: int = 260) -> bytes:
    """A blue handwritten-like stroke on a transparent background."""
    image = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    points = [
        (40 + i * (width - 80) / 200, height / 2 + math.sin(i / 9) * height * 0.3 - i * 0.2)
        for i in range(201)
    ]
    draw.line(points, fill=(10, 40, 200, 255), width=14, joint="curve")
    draw.line([(60, height - 60), (width - 60, height - 80)], fill=(10, 40, 200, 255), width=8)
    out = BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def seal_png(size: int = 472) -> bytes:
    """A red seal: two rings and a star on a transparent background (40 mm at 300 dpi)."""
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    red = (220, 20, 30, 255)
    draw.ellipse((6, 6, size - 6, size - 6), outline=red, width=22)
    draw.ellipse((80, 80, size - 80, size - 80), outline=red, width=10)
    c, r = size / 2, size * 0.2
    star = [
        (
            c + (r if i % 2 == 0 else r / 2.5) * math.sin(i * math.pi / 5),
            c - (r if i % 2 == 0 else r / 2.5) * math.cos(i * math.pi / 5),
        )
        for i in range(10)
    ]
    draw.polygon(star, fill=red)
    out = BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


@dataclass
class SigningKit:
    """Everything a signing test needs (see the module docstring)."""

    pki: Pki
    chair: signers.SimpleSigner
    chair_cert: x509.Certificate
    seal: signers.SimpleSigner
    seal_cert: x509.Certificate
    signature_png: bytes = field(default_factory=signature_png)
    seal_png: bytes = field(default_factory=seal_png)

    @classmethod
    def create(cls, folder: Path) -> SigningKit:
        pki = Pki.open(folder, ORGANISATION)
        key, csr = new_csr()
        chair_cert = pki.issue_user(
            csr, full_name=CHAIR, position="Thủ tướng", unit="Chính phủ", email="ttg@chinhphu.vn"
        )
        seal_key, seal_csr = new_csr()
        seal_cert = pki.issue_seal(seal_csr, organisation=ORGANISATION)
        ca = pki.ca_certificate
        return cls(
            pki,
            make_signer(key, chair_cert, ca),
            chair_cert,
            make_signer(seal_key, seal_cert, ca),
            seal_cert,
        )

    def user(self, name: str, *, days: int = 730, **kw: str) -> signers.SimpleSigner:
        """Another person's signer (``days`` of validity)."""
        key, csr = new_csr()
        cert = self.pki.issue_user(
            csr,
            full_name=name,
            position=kw.get("position", "Bộ trưởng"),
            unit=kw.get("unit", "Bộ Tư pháp"),
            days=days,
        )
        return make_signer(key, cert, self.pki.ca_certificate)

    def timestamper(self) -> CallbackTimeStamper:
        async def post(request: bytes) -> bytes:
            return tsa.stamp(self.pki, request)

        return CallbackTimeStamper(post)

    @property
    def trust_roots(self) -> list[bytes]:
        return [self.pki.ca_pem()]

    def crls(self) -> list[bytes]:
        return [self.pki.crl_der()]

    def decision_pdf(self) -> bytes:
        return make_pdf(
            "NGHỊ QUYẾT phiên họp Chính phủ thường kỳ tháng 1",
            [
                "Chính phủ quyết nghị thông qua báo cáo tình hình kinh tế - xã hội.",
                "Giao các bộ, ngành triển khai thực hiện nghiêm túc Nghị quyết này.",
            ],
            pages=2,
        )

    async def sign(self, pdf: bytes) -> bytes:
        return await sign_decision(
            pdf,
            signer=self.chair,
            authority_lines=AUTHORITY,
            full_name=CHAIR,
            signature_png=self.signature_png,
            timestamper=self.timestamper(),
        )

    async def seal_it(self, pdf: bytes) -> bytes:
        return await apply_seal(
            pdf,
            signer=self.seal,
            seal_png=self.seal_png,
            organisation=ORGANISATION,
            timestamper=self.timestamper(),
            trust_roots=self.trust_roots,
            crls=self.crls(),
        )


@pytest.fixture(scope="session")
def kit(tmp_path_factory: pytest.TempPathFactory) -> SigningKit:
    return SigningKit.create(tmp_path_factory.mktemp("pki"))


@pytest.fixture(scope="session")
def signed_only(kit: SigningKit) -> bytes:
    """The decision signed by the chair (PAdES B-T), not sealed."""
    return asyncio.run(kit.sign(kit.decision_pdf()))


@pytest.fixture(scope="session")
def signed_decision(kit: SigningKit, signed_only: bytes) -> bytes:
    """The decision signed by the chair and sealed by the office (B-LTA)."""
    return asyncio.run(kit.seal_it(signed_only))
