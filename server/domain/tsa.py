"""The server's own RFC 3161 time-stamping authority.

:func:`stamp` turns a DER ``TimeStampReq`` into a DER ``TimeStampResp``: a CMS
SignedData over a ``TSTInfo`` (genTime, the request's nonce echoed, a random serial,
our policy OID), signed by the TSA certificate from :meth:`Pki.tsa` with an
ESSCertIDv2 ``signing-certificate-v2`` attribute.  A request that cannot be honoured
gets a ``rejection`` response with the RFC's failure bit, never an exception, so that
any RFC 3161 client (pyHanko, ``openssl ts``) understands the answer.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from asn1crypto import algos, cms, core, tsp
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

from server.domain.pki import Pki

#: This TSA's policy (a UUID OID, ITU-T X.667: needs no registration).
POLICY_OID = "2.25.196885213402915640779916101574634307371"

_DIGESTS: dict[str, tuple[int, hashes.HashAlgorithm]] = {
    "sha256": (32, hashes.SHA256()),
    "sha384": (48, hashes.SHA384()),
    "sha512": (64, hashes.SHA512()),
}


def _reject(failure: str, text: str) -> bytes:
    status = tsp.PKIStatusInfo(
        {
            "status": "rejection",
            "status_string": [text],
            "fail_info": tsp.PKIFailureInfo({failure}),
        }
    )
    return bytes(_StatusOnly({"status": status}).dump())


class _StatusOnly(core.Sequence):  # type: ignore[misc]
    """A TimeStampResp without a token (asn1crypto's class wrongly requires one)."""

    _fields = [("status", tsp.PKIStatusInfo)]


def status_of(response_der: bytes) -> tuple[str, set[str], str]:
    """(status, failure bits, text) of any response, granted or not."""
    first = core.Sequence.load(response_der)[0]
    info = tsp.PKIStatusInfo.load(first.dump())
    texts = info["status_string"].native or []
    return info["status"].native, set(info["fail_info"].native or ()), " ".join(texts)


def stamp(pki: Pki, request_der: bytes, *, now: dt.datetime | None = None) -> bytes:
    """Answer one RFC 3161 request (DER in, DER out).  ``now`` is for tests only."""
    try:
        req = tsp.TimeStampReq.load(request_der)
        imprint = req["message_imprint"]
        algorithm = imprint["hash_algorithm"]["algorithm"].native
        digest = imprint["hashed_message"].native
        nonce = req["nonce"].native
        cert_req = bool(req["cert_req"].native)
        policy = req["req_policy"].native
        has_extensions = bool(req["extensions"].native)
    except (ValueError, TypeError, KeyError):
        return _reject("bad_data_format", "The time-stamp request is not valid DER.")
    if algorithm not in _DIGESTS:
        return _reject("bad_alg", f"Unsupported hash algorithm {algorithm}; use SHA-256.")
    if len(digest) != _DIGESTS[algorithm][0]:
        return _reject("bad_data_format", "The message imprint has the wrong length.")
    if policy is not None and policy != POLICY_OID:
        return _reject("unaccepted_policy", f"This TSA only issues policy {POLICY_OID}.")
    if has_extensions:
        return _reject("unaccepted_extensions", "This TSA accepts no request extensions.")

    tsa_cert, tsa_key = pki.tsa()
    cert = asn1_x509.Certificate.load(tsa_cert.public_bytes(serialization.Encoding.DER))
    ca = asn1_x509.Certificate.load(pki.ca_certificate.public_bytes(serialization.Encoding.DER))
    gen_time = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(microsecond=0)
    info: dict[str, object] = {
        "version": "v1",
        "policy": POLICY_OID,
        "message_imprint": imprint,
        "serial_number": secrets.randbits(64) | (1 << 63),
        "gen_time": gen_time,
        "accuracy": {"seconds": 1},
        "ordering": False,
        "tsa": asn1_x509.GeneralName(name="directory_name", value=cert.subject),
    }
    if nonce is not None:
        info["nonce"] = nonce
    tst_info = tsp.TSTInfo(info).dump()

    signed_attrs = cms.CMSAttributes(
        [
            cms.CMSAttribute({"type": "content_type", "values": ["tst_info"]}),
            cms.CMSAttribute(
                {"type": "signing_time", "values": [cms.Time({"utc_time": gen_time})]}
            ),
            cms.CMSAttribute(
                {"type": "message_digest", "values": [hashlib.sha256(tst_info).digest()]}
            ),
            cms.CMSAttribute(
                {"type": "signing_certificate_v2", "values": [_signing_certificate_v2(cert)]}
            ),
        ]
    )
    to_sign = signed_attrs.dump()
    if isinstance(tsa_key, ec.EllipticCurvePrivateKey):
        signature = tsa_key.sign(to_sign, ec.ECDSA(hashes.SHA256()))
        sig_alg = "sha256_ecdsa"
    elif isinstance(tsa_key, rsa.RSAPrivateKey):
        signature = tsa_key.sign(to_sign, padding.PKCS1v15(), hashes.SHA256())
        sig_alg = "sha256_rsa"
    else:  # pragma: no cover - Pki only makes EC keys, imports are RSA or EC
        raise TypeError(f"Unsupported TSA key {type(tsa_key).__name__}")
    signer_info = cms.SignerInfo(
        {
            "version": "v1",
            "sid": cms.SignerIdentifier(
                name="issuer_and_serial_number",
                value=cms.IssuerAndSerialNumber(
                    {"issuer": cert.issuer, "serial_number": cert.serial_number}
                ),
            ),
            "digest_algorithm": algos.DigestAlgorithm({"algorithm": "sha256"}),
            "signed_attrs": signed_attrs,
            "signature_algorithm": algos.SignedDigestAlgorithm({"algorithm": sig_alg}),
            "signature": signature,
        }
    )
    signed_data: dict[str, object] = {
        "version": "v3",
        "digest_algorithms": [algos.DigestAlgorithm({"algorithm": "sha256"})],
        "encap_content_info": {
            "content_type": "tst_info",
            "content": cms.ParsableOctetString(tst_info),
        },
        "signer_infos": [signer_info],
    }
    if cert_req:
        signed_data["certificates"] = [cert, ca]
    token = cms.ContentInfo({"content_type": "signed_data", "content": cms.SignedData(signed_data)})
    response = tsp.TimeStampResp(
        {"status": tsp.PKIStatusInfo({"status": "granted"}), "time_stamp_token": token}
    )
    return bytes(response.dump())


def _signing_certificate_v2(cert: asn1_x509.Certificate) -> tsp.SigningCertificateV2:
    issuer = asn1_x509.GeneralNames(
        [asn1_x509.GeneralName(name="directory_name", value=cert.issuer)]
    )
    return tsp.SigningCertificateV2(
        {
            "certs": [
                {
                    "hash_algorithm": {"algorithm": "sha256"},
                    "cert_hash": hashlib.sha256(cert.dump()).digest(),
                    "issuer_serial": {"issuer": issuer, "serial_number": cert.serial_number},
                }
            ]
        }
    )


def gen_time(response_der: bytes) -> dt.datetime | None:
    """The genTime of a granted response (None otherwise) — for tests and reports."""
    resp = tsp.TimeStampResp.load(response_der)
    if resp["status"]["status"].native not in ("granted", "granted_with_mods"):
        return None
    content = resp["time_stamp_token"]["content"]["encap_content_info"]["content"]
    value: dt.datetime = content.parsed["gen_time"].native
    return value


__all__ = ["POLICY_OID", "gen_time", "stamp", "status_of"]
