"""Revocation in the organisation's CA: the index ``revoked.json`` (serial → time,
reason; the CA's own state, like OpenSSL's ``index.txt``) and the CRLs signed fresh
from it.  :class:`Revocations` is a part of :class:`server.domain.pki.Pki`."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.types import CertificateIssuerPrivateKeyTypes

from protocol.errors import InvalidInput
from server.domain.pki_x509 import signing_hash, utc_now, write_public

CRL_DAYS = 7
REASONS: dict[str, x509.ReasonFlags] = {
    flag.name: flag for flag in x509.ReasonFlags if flag is not x509.ReasonFlags.remove_from_crl
}


class Revocations:
    """The revocation list of the CA in ``folder`` (certificate ``ca_certificate``)."""

    folder: Path
    ca_certificate: x509.Certificate
    _ca_key: CertificateIssuerPrivateKeyTypes

    def _revoked(self) -> dict[str, dict[str, str]]:
        path = self.folder / "revoked.json"
        if not path.exists():
            return {}
        data: dict[str, dict[str, str]] = json.loads(path.read_text())
        return data

    def revoke(self, serial: int, reason: str = "unspecified") -> None:
        """Put ``serial`` on the revocation list (idempotent: the first time counts)."""
        if reason not in REASONS:
            raise InvalidInput(
                f"Unknown revocation reason {reason!r}; use one of: {', '.join(sorted(REASONS))}."
            )
        revoked = self._revoked()
        if str(serial) in revoked:
            return
        revoked[str(serial)] = {"at": utc_now().isoformat(), "reason": reason}
        write_public(self.folder / "revoked.json", json.dumps(revoked, indent=1).encode())

    def is_revoked(self, serial: int) -> bool:
        return str(serial) in self._revoked()

    def revocations(self) -> dict[int, tuple[dt.datetime, str]]:
        """serial → (revocation time, reason)."""
        return {
            int(s): (dt.datetime.fromisoformat(v["at"]), v["reason"])
            for s, v in self._revoked().items()
        }

    def crl(self) -> x509.CertificateRevocationList:
        """A fresh CRL signed by the CA (nextUpdate in 7 days; CRL number = issue time)."""
        now = utc_now()
        builder = (
            x509.CertificateRevocationListBuilder()
            .issuer_name(self.ca_certificate.subject)
            .last_update(now - dt.timedelta(minutes=1))
            .next_update(now + dt.timedelta(days=CRL_DAYS))
            .add_extension(x509.CRLNumber(int(now.timestamp() * 1000)), False)
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(
                    self.ca_certificate.extensions.get_extension_for_class(
                        x509.SubjectKeyIdentifier
                    ).value
                ),
                False,
            )
        )
        for serial, (at, reason) in sorted(self.revocations().items()):
            entry = x509.RevokedCertificateBuilder().serial_number(serial).revocation_date(at)
            if reason != "unspecified":
                entry = entry.add_extension(x509.CRLReason(REASONS[reason]), False)
            builder = builder.add_revoked_certificate(entry.build())
        return builder.sign(self._ca_key, signing_hash(self._ca_key))

    def crl_der(self) -> bytes:
        return self.crl().public_bytes(serialization.Encoding.DER)
