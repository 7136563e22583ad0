"""The organisation's certificate authority: user, seal, TSA, TLS and record certificates.

Everything lives in one folder (``Settings.pki_dir``), readable by the server only:

* ``ca.pem`` / ``ca.key`` — the CA (ECDSA P-384, 20 years).  The key file is 0600 and
  encrypted with ``ECABINET_CA_PASSPHRASE`` when that variable is set.
* ``tsa.*``, ``record.*``, ``server.*`` — the server's own keys, issued on first use.
* ``revoked.json`` — the revocation index (serial → time, reason), the CA's own state,
  like OpenSSL's ``index.txt``; every CRL is signed fresh from it
  (:mod:`server.domain.pki_revocation`).

Certificate helpers (fingerprints, key files, the checks of a request):
:mod:`server.domain.pki_x509`.

A user's subject comes from the server's account record, never from the request: the
CSR only proves possession of the key (its signature is checked).
"""

from __future__ import annotations

import datetime as dt
import fcntl
import ipaddress
import os
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.asymmetric.types import (
    CertificateIssuerPrivateKeyTypes,
    PrivateKeyTypes,
)
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from protocol.errors import Conflict, InvalidInput
from server.domain.pki_revocation import REASONS, Revocations
from server.domain.pki_x509 import (
    DOCUMENT_SIGNING,
    env_passphrase,
    fingerprint,
    key_usage,
    load_csr,
    pem,
    private_key_pem,
    signed_by,
    signing_hash,
    utc_now,
    write_private,
    write_public,
)

__all__ = ["DEFAULT_ORGANISATION", "DOCUMENT_SIGNING", "REASONS", "Pki", "fingerprint"]

DEFAULT_ORGANISATION = "Văn phòng Chính phủ"
#: Where relying parties are told to find the CRL (pyHanko gets CRLs handed to it).
DEFAULT_CRL_URL = "http://localhost/crl"
CA_YEARS = 20
CRL_URL_ENV = "ECABINET_CRL_URL"


class Pki(Revocations):
    """The CA in ``folder``.  Use :meth:`open` (creates the CA on first use) or
    :meth:`import_ca`; every ``issue_*`` returns a certificate signed by the CA."""

    def __init__(
        self,
        folder: Path,
        ca_certificate: x509.Certificate,
        ca_key: CertificateIssuerPrivateKeyTypes,
        crl_url: str | None = None,
    ) -> None:
        self.folder = folder
        self.ca_certificate = ca_certificate
        self._ca_key = ca_key
        self.crl_url = crl_url or os.environ.get(CRL_URL_ENV) or DEFAULT_CRL_URL
        attrs = ca_certificate.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)
        self.organisation = str(attrs[0].value) if attrs else DEFAULT_ORGANISATION

    # --- opening ----------------------------------------------------------------------------

    @staticmethod
    def exists(folder: Path) -> bool:
        return (folder / "ca.pem").exists() and (folder / "ca.key").exists()

    @classmethod
    def open(
        cls, folder: Path, organisation: str = DEFAULT_ORGANISATION, *, crl_url: str | None = None
    ) -> Pki:
        """The CA in ``folder``; on first use a new one for ``organisation`` is created."""
        if cls.exists(folder):
            cert = x509.load_pem_x509_certificate((folder / "ca.pem").read_bytes())
            key = serialization.load_pem_private_key(
                (folder / "ca.key").read_bytes(), password=env_passphrase()
            )
            assert isinstance(key, ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey)
            return cls(folder, cert, key, crl_url)
        folder.mkdir(parents=True, exist_ok=True)
        with open(folder / ".lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # two first users must not make two CAs
            if cls.exists(folder):
                return cls.open(folder, organisation, crl_url=crl_url)
            return cls._create(folder, organisation, crl_url)

    @classmethod
    def _create(cls, folder: Path, organisation: str, crl_url: str | None) -> Pki:
        folder.mkdir(parents=True, exist_ok=True)
        os.chmod(folder, 0o700)
        key = ec.generate_private_key(ec.SECP384R1())
        name = x509.Name(
            [
                x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
                x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
                x509.NameAttribute(NameOID.COMMON_NAME, f"{organisation} CA"),
            ]
        )
        now = utc_now()
        ski = x509.SubjectKeyIdentifier.from_public_key(key.public_key())
        cert = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(now + dt.timedelta(days=365 * CA_YEARS + CA_YEARS // 4))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(key_usage(key_cert_sign=True, crl_sign=True), critical=True)
            .add_extension(ski, critical=False)
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ski), False
            )
            .sign(key, hashes.SHA384())
        )
        write_private(folder / "ca.key", private_key_pem(key, env_passphrase()))
        write_public(folder / "ca.pem", pem(cert))
        return cls(folder, cert, key, crl_url)

    @classmethod
    def import_ca(
        cls, folder: Path, cert_pem: bytes, key_pem: bytes, password: bytes | None = None
    ) -> Pki:
        """Take over an existing CA (certificate and key).  Refuses a non-CA certificate,
        a key that does not match, or a folder that already holds another CA."""
        try:
            cert = x509.load_pem_x509_certificate(cert_pem)
        except ValueError:
            raise InvalidInput("The CA certificate is not a PEM certificate.") from None
        try:
            key = serialization.load_pem_private_key(key_pem, password=password)
        except TypeError:
            raise InvalidInput("The CA key is encrypted: give its password.") from None
        except ValueError:
            raise InvalidInput("The CA key is not a PEM key, or the password is wrong.") from None
        try:
            constraints = cert.extensions.get_extension_for_class(x509.BasicConstraints).value
            is_ca = constraints.ca
        except x509.ExtensionNotFound:
            is_ca = False
        if not is_ca:
            raise InvalidInput("This certificate is not a CA (basicConstraints CA is missing).")
        if not isinstance(key, ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey):
            raise InvalidInput("The CA key must be RSA or ECDSA.")
        if key.public_key().public_numbers() != cert.public_key().public_numbers():  # type: ignore[union-attr]
            raise InvalidInput("The key does not belong to this CA certificate.")
        if cls.exists(folder):
            current = x509.load_pem_x509_certificate((folder / "ca.pem").read_bytes())
            if current != cert:
                raise Conflict(f"{folder} already holds another CA; move it away before importing.")
        folder.mkdir(parents=True, exist_ok=True)
        os.chmod(folder, 0o700)
        write_private(folder / "ca.key", private_key_pem(key, env_passphrase()))
        write_public(folder / "ca.pem", pem(cert))
        return cls(folder, cert, key)

    # --- the CA -----------------------------------------------------------------------------

    def ca_pem(self) -> bytes:
        return pem(self.ca_certificate)

    def ca_fingerprint(self) -> str:
        return fingerprint(self.ca_certificate)

    def chain_pem(self) -> bytes:
        """The chain a relying party needs above an issued certificate (just the CA)."""
        return self.ca_pem()

    def _builder(self, subject: x509.Name, public_key: Any, days: int) -> x509.CertificateBuilder:
        now = utc_now()
        end = min(now + dt.timedelta(days=days), self.ca_certificate.not_valid_after_utc)
        ca_ski = self.ca_certificate.extensions.get_extension_for_class(
            x509.SubjectKeyIdentifier
        ).value
        return (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(self.ca_certificate.subject)
            .public_key(public_key)
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(end)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), False)
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ca_ski), False
            )
            .add_extension(
                x509.CRLDistributionPoints(
                    [
                        x509.DistributionPoint(
                            [x509.UniformResourceIdentifier(self.crl_url)], None, None, None
                        )
                    ]
                ),
                False,
            )
        )

    def _sign(self, builder: x509.CertificateBuilder) -> x509.Certificate:
        return builder.sign(self._ca_key, signing_hash(self._ca_key))

    def issue_user(
        self,
        csr_pem: bytes,
        *,
        full_name: str,
        position: str,
        unit: str,
        email: str = "",
        tls_client: bool = False,
        days: int = 730,
    ) -> x509.Certificate:
        """A signing certificate for a person (subject from the account, never the CSR)."""
        csr = load_csr(csr_pem)
        attrs = [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, self.organisation),
        ]
        if unit:
            attrs.append(x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, unit))
        if position:
            attrs.append(x509.NameAttribute(NameOID.TITLE, position))
        attrs.append(x509.NameAttribute(NameOID.COMMON_NAME, full_name))
        if email:
            attrs.append(x509.NameAttribute(NameOID.EMAIL_ADDRESS, email))
        usages = [ExtendedKeyUsageOID.EMAIL_PROTECTION, DOCUMENT_SIGNING]
        if tls_client:
            usages.append(ExtendedKeyUsageOID.CLIENT_AUTH)
        builder = (
            self._builder(x509.Name(attrs), csr.public_key(), days)
            .add_extension(key_usage(digital_signature=True, content_commitment=True), True)
            .add_extension(x509.ExtendedKeyUsage(usages), False)
        )
        if email:
            builder = builder.add_extension(
                x509.SubjectAlternativeName([x509.RFC822Name(email)]), False
            )
        return self._sign(builder)

    def issue_seal(
        self, csr_pem: bytes, *, organisation: str, days: int = 1825
    ) -> x509.Certificate:
        """The organisation's seal certificate (used by the clerical office, văn thư)."""
        csr = load_csr(csr_pem)
        subject = x509.Name(
            [
                x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
                x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
                x509.NameAttribute(NameOID.COMMON_NAME, organisation),
            ]
        )
        builder = (
            self._builder(subject, csr.public_key(), days)
            .add_extension(key_usage(digital_signature=True, content_commitment=True), True)
            .add_extension(
                x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION, DOCUMENT_SIGNING]),
                False,
            )
        )
        return self._sign(builder)

    # --- the server's own keys --------------------------------------------------------------

    def _own(
        self,
        stem: str,
        common_name: str,
        extend: Any,
        *,
        still_good: Any = None,
        days: int = 3650,
    ) -> tuple[x509.Certificate, PrivateKeyTypes]:
        cert_file, key_file = self.folder / f"{stem}.pem", self.folder / f"{stem}.key"
        if cert_file.exists() and key_file.exists():
            cert = x509.load_pem_x509_certificate(cert_file.read_bytes())
            fresh = cert.not_valid_after_utc - utc_now() > dt.timedelta(days=30)
            same_ca = cert.issuer == self.ca_certificate.subject and signed_by(
                cert, self.ca_certificate
            )
            if fresh and same_ca and (still_good is None or still_good(cert)):
                key = serialization.load_pem_private_key(key_file.read_bytes(), None)
                return cert, key
        key = ec.generate_private_key(ec.SECP256R1())
        subject = x509.Name(
            [
                x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
                x509.NameAttribute(NameOID.ORGANIZATION_NAME, self.organisation),
                x509.NameAttribute(NameOID.COMMON_NAME, common_name),
            ]
        )
        cert = self._sign(extend(self._builder(subject, key.public_key(), days)))
        write_private(key_file, private_key_pem(key))
        write_public(cert_file, pem(cert))
        return cert, key

    def tsa(self) -> tuple[x509.Certificate, PrivateKeyTypes]:
        """The time-stamping authority's certificate (EKU timeStamping, critical) and key."""
        return self._own(
            "tsa",
            f"{self.organisation} TSA",
            lambda b: b.add_extension(key_usage(digital_signature=True), True).add_extension(
                x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), True
            ),
        )

    def record_key(self) -> tuple[x509.Certificate, PrivateKeyTypes]:
        """The key that signs ledger checkpoints."""
        return self._own(
            "record",
            f"{self.organisation} Record",
            lambda b: b.add_extension(
                key_usage(digital_signature=True, content_commitment=True), True
            ).add_extension(x509.ExtendedKeyUsage([DOCUMENT_SIGNING]), False),
        )

    def server_tls(self, hostnames: list[str]) -> tuple[Path, Path]:
        """The server's TLS certificate for ``hostnames`` (DNS names or IP addresses):
        returns (chain file: server then CA, key file).  Reissued when names change."""
        names: list[x509.GeneralName] = []
        for host in hostnames:
            try:
                names.append(x509.IPAddress(ipaddress.ip_address(host)))
            except ValueError:
                names.append(x509.DNSName(host))

        def same_names(cert: x509.Certificate) -> bool:
            try:
                san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName)
            except x509.ExtensionNotFound:
                return False
            return set(san.value) == set(names)

        self._own(
            "server",
            hostnames[0] if hostnames else "localhost",
            lambda b: (
                b.add_extension(key_usage(digital_signature=True), True)
                .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), False)
                .add_extension(x509.SubjectAlternativeName(names), False)
            ),
            still_good=same_names,
            days=397,
        )
        chain = self.folder / "server-chain.pem"
        write_public(chain, (self.folder / "server.pem").read_bytes() + self.ca_pem())
        return chain, self.folder / "server.key"
