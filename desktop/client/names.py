"""Certificate names as people read them.

``x509.Name.rfc4514_string()`` writes attributes it has no short name for as dotted
numbers (``2.5.4.12=Thủ tướng``, ``1.2.840.113549.1.9.1=…``) and in reverse order; a
dialog shows the person instead: name, position, unit, organisation, place, e-mail.
"""

from __future__ import annotations

from cryptography import x509
from cryptography.x509.oid import NameOID

_ORDER = (
    NameOID.COMMON_NAME,
    NameOID.TITLE,
    NameOID.ORGANIZATIONAL_UNIT_NAME,
    NameOID.ORGANIZATION_NAME,
    NameOID.LOCALITY_NAME,
    NameOID.STATE_OR_PROVINCE_NAME,
    NameOID.COUNTRY_NAME,
    NameOID.EMAIL_ADDRESS,
)


def readable_name(name: x509.Name) -> str:
    """The distinct attribute values of ``name`` in reading order, joined with " · "."""
    parts: list[str] = []
    for oid in _ORDER:
        for attribute in name.get_attributes_for_oid(oid):
            value = str(attribute.value).strip()
            if value and value not in parts:
                parts.append(value)
    return " · ".join(parts) if parts else name.rfc4514_string()


def readable_subject(certificate_pem: str, fallback: str = "") -> str:
    """The readable subject of a PEM certificate (``fallback`` when it cannot be read)."""
    try:
        cert = x509.load_pem_x509_certificate(certificate_pem.encode("ascii"))
    except (ValueError, UnicodeEncodeError):
        return fallback
    return readable_name(cert.subject)
