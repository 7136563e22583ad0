"""The organisation CA (``server.domain.pki``) and the certificate handlers."""

from __future__ import annotations

import datetime as dt
import io
import stat
from pathlib import Path
from typing import Any

import msgspec
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from PIL import Image

from protocol import pki as msg
from protocol.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from server.domain import accounts
from server.domain.context import Actor
from server.domain.pki import DOCUMENT_SIGNING, Pki
from tests.harness import Domain

ORG = "Văn phòng Chính phủ"


def csr_for(key: Any = None, cn: str = "Kẻ mạo danh") -> tuple[Any, bytes]:
    key = key or ec.generate_private_key(ec.SECP256R1())
    csr = (
        x509.CertificateSigningRequestBuilder()
        .subject_name(
            x509.Name(
                [
                    x509.NameAttribute(NameOID.COMMON_NAME, cn),
                    x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Evil Corp"),
                ]
            )
        )
        .sign(key, hashes.SHA256())
    )
    return key, csr.public_bytes(serialization.Encoding.PEM)


def png(*, alpha: bool = True, size: tuple[int, int] = (60, 20)) -> bytes:
    image = Image.new("RGBA" if alpha else "RGB", size, (0, 0, 0, 0) if alpha else "white")
    for x in range(5, 55):
        image.putpixel((x, 10), (20, 40, 200, 255) if alpha else (20, 40, 200))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def name_attr(cert: x509.Certificate, oid: x509.ObjectIdentifier) -> str:
    return str(cert.subject.get_attributes_for_oid(oid)[0].value)


@pytest.fixture
def pki(tmp_path: Path) -> Pki:
    return Pki.open(tmp_path / "pki", ORG)


# --- the CA --------------------------------------------------------------------------


def test_a_new_ca_is_a_ca_and_reopens_the_same(pki: Pki, tmp_path: Path) -> None:
    ca = pki.ca_certificate
    assert name_attr(ca, NameOID.COMMON_NAME) == f"{ORG} CA"
    assert name_attr(ca, NameOID.ORGANIZATION_NAME) == ORG
    assert name_attr(ca, NameOID.COUNTRY_NAME) == "VN"
    assert ca.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    usage = ca.extensions.get_extension_for_class(x509.KeyUsage).value
    assert usage.key_cert_sign and usage.crl_sign
    assert ca.not_valid_after_utc - ca.not_valid_before_utc > dt.timedelta(days=365 * 20 - 1)
    key_file = tmp_path / "pki" / "ca.key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert Pki.open(tmp_path / "pki").ca_certificate == ca
    assert Pki.open(tmp_path / "pki").organisation == ORG


def test_the_ca_key_is_encrypted_with_the_passphrase(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ECABINET_CA_PASSPHRASE", "bí mật dài")
    ca = Pki.open(tmp_path / "pki").ca_certificate
    assert b"ENCRYPTED" in (tmp_path / "pki" / "ca.key").read_bytes()
    assert Pki.open(tmp_path / "pki").ca_certificate == ca
    monkeypatch.setenv("ECABINET_CA_PASSPHRASE", "sai")
    with pytest.raises(ValueError):
        Pki.open(tmp_path / "pki")


def test_user_certificate_takes_its_subject_from_the_account(pki: Pki) -> None:
    key, csr = csr_for()
    cert = pki.issue_user(
        csr,
        full_name="Nguyễn Văn An",
        position="Bộ trưởng",
        unit="Bộ Tư pháp",
        email="an@chinhphu.vn",
    )
    assert name_attr(cert, NameOID.COMMON_NAME) == "Nguyễn Văn An"
    assert name_attr(cert, NameOID.TITLE) == "Bộ trưởng"
    assert name_attr(cert, NameOID.ORGANIZATIONAL_UNIT_NAME) == "Bộ Tư pháp"
    assert name_attr(cert, NameOID.ORGANIZATION_NAME) == ORG
    assert name_attr(cert, NameOID.EMAIL_ADDRESS) == "an@chinhphu.vn"
    assert "Evil Corp" not in cert.subject.rfc4514_string()
    assert cert.public_key().public_numbers() == key.public_key().public_numbers()
    cert.verify_directly_issued_by(pki.ca_certificate)
    usage = cert.extensions.get_extension_for_class(x509.KeyUsage)
    assert usage.critical and usage.value.digital_signature and usage.value.content_commitment
    eku = list(cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value)
    assert ExtendedKeyUsageOID.EMAIL_PROTECTION in eku and DOCUMENT_SIGNING in eku
    assert ExtendedKeyUsageOID.CLIENT_AUTH not in eku
    dp = cert.extensions.get_extension_for_class(x509.CRLDistributionPoints).value
    assert dp[0].full_name is not None and dp[0].full_name[0].value == pki.crl_url
    aki = cert.extensions.get_extension_for_class(x509.AuthorityKeyIdentifier).value
    ca_ski = pki.ca_certificate.extensions.get_extension_for_class(x509.SubjectKeyIdentifier)
    assert aki.key_identifier == ca_ski.value.digest
    assert not cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    tls = pki.issue_user(csr, full_name="A", position="", unit="", tls_client=True)
    assert (
        ExtendedKeyUsageOID.CLIENT_AUTH
        in tls.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    )


def test_rsa_requests_are_certified_too(pki: Pki) -> None:
    _, csr = csr_for(rsa.generate_private_key(65537, 2048))
    cert = pki.issue_user(csr, full_name="Trần Thị Bình", position="", unit="")
    cert.verify_directly_issued_by(pki.ca_certificate)


def test_bad_requests_are_refused_with_a_reason(pki: Pki) -> None:
    with pytest.raises(InvalidInput, match="PEM"):
        pki.issue_user(b"not a csr", full_name="A", position="", unit="")
    _, good = csr_for()
    der = x509.load_pem_x509_csr(good).public_bytes(serialization.Encoding.DER)
    tampered = bytearray(der)
    tampered[-5] ^= 0x01  # inside the signature: the request no longer proves possession
    import base64

    body = base64.encodebytes(bytes(tampered)).decode()
    forged = f"-----BEGIN CERTIFICATE REQUEST-----\n{body}-----END CERTIFICATE REQUEST-----\n"
    with pytest.raises(InvalidInput):
        pki.issue_user(forged.encode(), full_name="A", position="", unit="")
    _, weak = csr_for(rsa.generate_private_key(65537, 1024))
    with pytest.raises(InvalidInput, match="2048"):
        pki.issue_user(weak, full_name="A", position="", unit="")


def test_seal_tsa_record_and_server_certificates(pki: Pki) -> None:
    _, csr = csr_for()
    seal = pki.issue_seal(csr, organisation=ORG)
    assert name_attr(seal, NameOID.COMMON_NAME) == ORG
    assert name_attr(seal, NameOID.ORGANIZATION_NAME) == ORG
    tsa_cert, _ = pki.tsa()
    eku = tsa_cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage)
    assert eku.critical and list(eku.value) == [ExtendedKeyUsageOID.TIME_STAMPING]
    assert pki.tsa()[0] == tsa_cert  # created once
    record_cert, _ = pki.record_key()
    record_cert.verify_directly_issued_by(pki.ca_certificate)
    chain, key = pki.server_tls(["localhost", "127.0.0.1"])
    certs = x509.load_pem_x509_certificates(chain.read_bytes())
    assert certs[1] == pki.ca_certificate
    san = certs[0].extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert san.get_values_for_type(x509.DNSName) == ["localhost"]
    assert [str(ip) for ip in san.get_values_for_type(x509.IPAddress)] == ["127.0.0.1"]
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert pki.server_tls(["localhost", "127.0.0.1"])[0].read_bytes() == chain.read_bytes()
    other = x509.load_pem_x509_certificates(pki.server_tls(["ecabinet.gov.vn"])[0].read_bytes())
    assert other[0] != certs[0]


def test_revocation_is_in_a_fresh_signed_crl(pki: Pki) -> None:
    _, csr = csr_for()
    cert = pki.issue_user(csr, full_name="A", position="", unit="")
    assert not pki.is_revoked(cert.serial_number)
    empty = x509.load_der_x509_crl(pki.crl_der())
    assert len(empty) == 0 and empty.is_signature_valid(pki.ca_certificate.public_key())  # type: ignore[arg-type]
    pki.revoke(cert.serial_number, "key_compromise")
    pki.revoke(cert.serial_number, "superseded")  # the first revocation counts
    assert pki.is_revoked(cert.serial_number)
    crl = x509.load_der_x509_crl(pki.crl_der())
    assert crl.is_signature_valid(pki.ca_certificate.public_key())  # type: ignore[arg-type]
    entry = crl.get_revoked_certificate_by_serial_number(cert.serial_number)
    assert entry is not None
    reason = entry.extensions.get_extension_for_class(x509.CRLReason).value.reason
    assert reason is x509.ReasonFlags.key_compromise
    assert crl.next_update_utc is not None and crl.last_update_utc is not None
    assert crl.next_update_utc - crl.last_update_utc > dt.timedelta(days=7)
    with pytest.raises(InvalidInput, match="reason"):
        pki.revoke(cert.serial_number, "bored")


def test_import_an_existing_ca(pki: Pki, tmp_path: Path) -> None:
    key_pem = (tmp_path / "pki" / "ca.key").read_bytes()
    imported = Pki.import_ca(tmp_path / "other", pki.ca_pem(), key_pem, None)
    assert imported.ca_certificate == pki.ca_certificate
    _, csr = csr_for()
    imported.issue_user(csr, full_name="A", position="", unit="").verify_directly_issued_by(
        pki.ca_certificate
    )
    wrong_key = ec.generate_private_key(ec.SECP384R1()).private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    with pytest.raises(InvalidInput, match="does not belong"):
        Pki.import_ca(tmp_path / "third", pki.ca_pem(), wrong_key, None)
    user_cert = imported.issue_user(csr, full_name="A", position="", unit="")
    with pytest.raises(InvalidInput, match="not a CA"):
        Pki.import_ca(
            tmp_path / "third",
            user_cert.public_bytes(serialization.Encoding.PEM),
            key_pem,
            None,
        )
    stranger = Pki.open(tmp_path / "stranger", "Bộ Tài chính")
    with pytest.raises(Conflict):
        Pki.import_ca(tmp_path / "stranger", pki.ca_pem(), key_pem, None)
    assert Pki.open(tmp_path / "stranger").ca_certificate == stranger.ca_certificate


# --- the handlers --------------------------------------------------------------------


def person(domain: Domain, username: str, roles: list[str]) -> Actor:
    def make(session: Any) -> Actor:
        unit = accounts.create_unit(session, f"Bộ Tư pháp {username}")
        user = accounts.create_user(
            session,
            username=username,
            full_name="Lê Thị Hồng " + username,
            password="mat-khau-123",
            roles=roles,
            position_title="Thứ trưởng",
            unit_id=unit.id,
        )
        return accounts.actor_of(user)

    return domain.runner.run_sync(make)


def test_request_a_signing_certificate(domain: Domain) -> None:
    member = person(domain, "hong", ["member"])
    _, csr = csr_for()
    issued = msgspec.convert(
        domain.do(member, msg.CertificateRequest, csr_pem=csr.decode()), msg.CertificateIssued
    )
    cert = x509.load_pem_x509_certificate(issued.certificate_pem.encode())
    assert name_attr(cert, NameOID.COMMON_NAME) == "Lê Thị Hồng hong"
    assert name_attr(cert, NameOID.TITLE) == "Thứ trưởng"
    assert name_attr(cert, NameOID.ORGANIZATIONAL_UNIT_NAME) == "Bộ Tư pháp hong"
    ca = x509.load_pem_x509_certificate(issued.chain_pem.encode())
    cert.verify_directly_issued_by(ca)
    assert issued.serial == str(cert.serial_number)
    mine = msgspec.convert(domain.do(member, msg.CertificateList), msg.CertificateListResult)
    assert [(c.serial, c.kind, c.status) for c in mine.certificates] == [
        (issued.serial, "signing", "valid")
    ]
    with pytest.raises(InvalidInput, match="PEM"):
        domain.do(member, msg.CertificateRequest, csr_pem="garbage")


def test_guests_may_not_request_certificates(domain: Domain) -> None:
    guest = domain.user("khach", ["guest"])
    with pytest.raises(PermissionDenied, match=r"certificate\.request"):
        domain.do(guest, msg.CertificateRequest, csr_pem=csr_for()[1].decode())


def test_only_the_clerical_office_gets_the_seal_certificate(domain: Domain) -> None:
    clerk = domain.user("vanthu", ["clerk"])
    member = domain.user("thanhvien", ["member"])
    csr = csr_for()[1].decode()
    with pytest.raises(PermissionDenied, match=r"seal\.apply"):
        domain.do(member, msg.CertificateRequest, csr_pem=csr, kind="seal")
    issued = domain.do(clerk, msg.CertificateRequest, csr_pem=csr, kind="seal")
    cert = x509.load_pem_x509_certificate(issued["certificate_pem"].encode())
    assert name_attr(cert, NameOID.COMMON_NAME) == ORG


def test_revoke_lists_and_publishes_in_the_crl(domain: Domain) -> None:
    admin = domain.user("quantri", ["admin"])
    member = domain.user("thanhvien", ["member"])
    issued = domain.do(member, msg.CertificateRequest, csr_pem=csr_for()[1].decode())
    serial = issued["serial"]
    with pytest.raises(PermissionDenied, match=r"certificate\.manage"):
        domain.do(member, msg.CertificateRevoke, serial=serial)
    with pytest.raises(PermissionDenied, match=r"certificate\.manage"):
        domain.do(member, msg.CertificateList, everyone=True)
    with pytest.raises(NotFound):
        domain.do(admin, msg.CertificateRevoke, serial="12345")
    domain.do(admin, msg.CertificateRevoke, serial=serial, reason="key_compromise")
    everyone = msgspec.convert(
        domain.do(admin, msg.CertificateList, everyone=True), msg.CertificateListResult
    )
    (row,) = everyone.certificates
    assert (row.status, row.revocation_reason) == ("revoked", "key_compromise")
    info = msgspec.convert(domain.do(member, msg.PkiInfo), msg.PkiInfoResult)
    crl = x509.load_der_x509_crl(info.crl_der)
    assert crl.get_revoked_certificate_by_serial_number(int(serial)) is not None
    ca = x509.load_pem_x509_certificate(info.ca_pem.encode())
    assert info.ca_fingerprint.replace(":", "").lower() == ca.fingerprint(hashes.SHA256()).hex()
    assert info.tsa_url is None and info.organisation == ORG


def test_signature_image_is_checked_and_kept_per_user(domain: Domain) -> None:
    member = domain.user("thanhvien", ["member"])
    other = domain.user("khac", ["member"])
    clerk = domain.user("vanthu", ["clerk"])
    assert domain.do(member, msg.ProfileGetSignatureImage)["png"] is None
    image = png()
    domain.do(member, msg.ProfileSetSignatureImage, png=image)
    got = msgspec.convert(domain.do(member, msg.ProfileGetSignatureImage), msg.ImageResult)
    assert got.png == image
    by_clerk = domain.do(clerk, msg.ProfileGetSignatureImage, user_id=member.user_id)
    assert msgspec.convert(by_clerk, msg.ImageResult).png == image
    with pytest.raises(PermissionDenied):
        domain.do(other, msg.ProfileGetSignatureImage, user_id=member.user_id)
    with pytest.raises(InvalidInput, match="PNG"):
        domain.do(member, msg.ProfileSetSignatureImage, png=b"GIF89a....")
    with pytest.raises(InvalidInput, match="transparent"):
        domain.do(member, msg.ProfileSetSignatureImage, png=png(alpha=False))
    with pytest.raises(InvalidInput, match="KiB"):
        domain.do(member, msg.ProfileSetSignatureImage, png=image + b"\0" * msg.MAX_IMAGE_BYTES)
    with pytest.raises(InvalidInput, match="readable"):
        domain.do(member, msg.ProfileSetSignatureImage, png=image[:40])


def test_seal_image_belongs_to_the_clerical_office(domain: Domain) -> None:
    clerk = domain.user("vanthu", ["clerk"])
    member = domain.user("thanhvien", ["member"])
    with pytest.raises(PermissionDenied, match=r"seal\.apply"):
        domain.do(member, msg.SealSetImage, png=png())
    with pytest.raises(PermissionDenied, match=r"seal\.apply"):
        domain.do(member, msg.SealGetImage)
    assert domain.do(clerk, msg.SealGetImage)["png"] is None
    domain.do(clerk, msg.SealSetImage, png=png(size=(100, 100)))
    got = msgspec.convert(domain.do(clerk, msg.SealGetImage), msg.ImageResult)
    assert got.png == png(size=(100, 100)) and got.organisation == ORG
