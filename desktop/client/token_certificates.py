"""Certificates for a key on a USB token: the one the organisation CA issued, a
certificate request made and signed on the token (for a new key, or for a key already
there, e.g. one a commercial CA certified), and storing the issued certificate beside the
key.  Sessions come from :mod:`desktop.client.tokens`.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from typing import Any

from asn1crypto import algos as asn1_algos
from asn1crypto import csr as asn1_csr
from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization

from desktop.client.keys import TokenError
from desktop.client.tokens import certificates_on, key_query, private_key, token_session


def organisation_certificate(
    candidates: Iterable[bytes | x509.Certificate],
    ca: x509.Certificate,
    *,
    now: dt.datetime | None = None,
) -> x509.Certificate | None:
    """Of ``candidates``, the newest certificate issued by ``ca`` and valid ``now``."""
    now = now or dt.datetime.now(dt.UTC)
    good: list[x509.Certificate] = []
    for item in candidates:
        try:
            if isinstance(item, x509.Certificate):
                cert = item
            else:
                cert = x509.load_der_x509_certificate(item)
            cert.verify_directly_issued_by(ca)
        except (ValueError, TypeError, InvalidSignature):
            continue
        if cert.not_valid_before_utc <= now <= cert.not_valid_after_utc:
            good.append(cert)
    return max(good, key=lambda c: c.not_valid_before_utc, default=None)


def _public_key_info(session: Any, key: Any, key_label: str, key_id: str) -> Any:
    """The key's public half (asn1crypto ``PublicKeyInfo``): from the public key object
    beside it, else from a certificate already stored for it."""
    from pkcs11 import KeyType, ObjectClass
    from pkcs11.util.ec import encode_ec_public_key
    from pkcs11.util.rsa import encode_rsa_public_key

    publics = list(session.get_objects(key_query(key_label, key_id, ObjectClass.PUBLIC_KEY)))
    for public in publics:
        if key.key_type == KeyType.EC:
            return asn1_keys.PublicKeyInfo.load(encode_ec_public_key(public))
        if key.key_type == KeyType.RSA:
            rsa = asn1_keys.RSAPublicKey.load(encode_rsa_public_key(public))
            return asn1_keys.PublicKeyInfo({"algorithm": {"algorithm": "rsa"}, "public_key": rsa})
    for der in certificates_on(session, key_label, key_id):
        return asn1_x509.Certificate.load(der).public_key
    raise TokenError("The token does not show the public half of this key.")


def _csr(session: Any, key: Any, public_info: Any, full_name: str) -> bytes:
    """A PEM CSR for ``public_info``, signed on the token by ``key``."""
    from pkcs11 import KeyType, Mechanism
    from pkcs11.util.ec import encode_ecdsa_signature

    info = asn1_csr.CertificationRequestInfo(
        {
            "version": "v1",
            "subject": asn1_x509.Name.build({"common_name": full_name}),
            "subject_pk_info": public_info,
            "attributes": [],
        }
    )
    digest = hashes.Hash(hashes.SHA256())
    digest.update(info.dump())
    hashed = digest.finalize()
    # Hash in software and sign raw: every token has raw ECDSA and RSA PKCS#1 v1.5
    # (SoftHSM lacks ECDSA-with-SHA-256, some card drivers lack SHA256-RSA-PKCS).
    if key.key_type == KeyType.EC:
        signature = encode_ecdsa_signature(key.sign(hashed, mechanism=Mechanism.ECDSA))
        algorithm = "sha256_ecdsa"
    elif key.key_type == KeyType.RSA:
        digest_info = asn1_algos.DigestInfo(
            {"digest_algorithm": {"algorithm": "sha256"}, "digest": hashed}
        )
        signature = key.sign(digest_info.dump(), mechanism=Mechanism.RSA_PKCS)
        algorithm = "sha256_rsa"
    else:
        raise TokenError("Only RSA and ECDSA keys on a token can be certified.")
    request = asn1_csr.CertificationRequest(
        {
            "certification_request_info": info,
            "signature_algorithm": {"algorithm": algorithm},
            "signature": signature,
        }
    )
    return x509.load_der_x509_csr(request.dump()).public_bytes(serialization.Encoding.PEM)


def csr_on(session: Any, key_label: str, key_id: str, full_name: str) -> bytes:
    """A CSR for a key already on the token (e.g. one a commercial CA certified)."""
    key = private_key(session, key_label, key_id)
    return _csr(session, key, _public_key_info(session, key, key_label, key_id), full_name)


def new_key_on(session: Any, key_label: str, full_name: str) -> tuple[str, bytes]:
    """Generate an ECDSA P-256 key pair on the token; returns (key id hex, PEM CSR)."""
    from pkcs11 import Attribute, KeyType
    from pkcs11.util.ec import encode_ec_public_key, encode_named_curve_parameters

    params = session.create_domain_parameters(
        KeyType.EC,
        {Attribute.EC_PARAMS: encode_named_curve_parameters("secp256r1")},
        local=True,
    )
    key_id = os.urandom(8)
    public, private = params.generate_keypair(store=True, label=key_label, id=key_id)
    info = asn1_keys.PublicKeyInfo.load(encode_ec_public_key(public))
    return key_id.hex(), _csr(session, private, info, full_name)


def store_certificate_on(session: Any, key_label: str, key_id: str, cert_pem: bytes) -> None:
    """Put the issued certificate on the token beside its key (same label and id)."""
    from pkcs11 import Attribute, CertificateType, ObjectClass

    cert = x509.load_pem_x509_certificate(cert_pem)
    key = private_key(session, key_label, key_id)
    session.create_object(
        {
            Attribute.CLASS: ObjectClass.CERTIFICATE,
            Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
            Attribute.TOKEN: True,
            Attribute.LABEL: str(key[Attribute.LABEL] or key_label),
            Attribute.ID: bytes(key[Attribute.ID] or b""),
            Attribute.SUBJECT: cert.subject.public_bytes(),
            Attribute.VALUE: cert.public_bytes(serialization.Encoding.DER),
        }
    )


def pkcs11_new_key_and_csr(
    lib: str, token_label: str, pin: str, key_label: str, full_name: str
) -> bytes:
    """Generate an ECDSA P-256 key pair on the token (private key never leaves it) and
    return a PEM CSR signed on the token."""
    with token_session(lib, token_label, pin) as session:
        return new_key_on(session, key_label, full_name)[1]


def pkcs11_store_certificate(
    lib: str, token_label: str, pin: str, key_label: str, cert_pem: bytes
) -> None:
    """Put the issued certificate on the token beside the key labelled ``key_label``."""
    with token_session(lib, token_label, pin) as session:
        store_certificate_on(session, key_label, "", cert_pem)
