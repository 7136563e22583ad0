"""``ecabinet-server ca ...``: the organisation CA from the command line.

ecabinet-server ca init    --data-dir D [--organisation O]
ecabinet-server ca import  --data-dir D --cert F --key F        (key password: prompt or
                                                                 ECABINET_CA_IMPORT_PASSWORD)
ecabinet-server ca issue-seal --data-dir D --csr F --out F [--organisation O]
ecabinet-server ca revoke  --data-dir D --serial S [--reason R]
ecabinet-server ca crl     --data-dir D --out F [--pem]
ecabinet-server ca list    --data-dir D

The CA key is encrypted at rest when ``ECABINET_CA_PASSPHRASE`` is set (set it for the
server too).
"""

from __future__ import annotations

import argparse
import getpass
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from sqlalchemy import select

from server.domain import certificates
from server.domain.context import utcnow
from server.domain.pki import DEFAULT_ORGANISATION, REASONS, Pki, fingerprint
from server.domain.settings import Settings
from server.store.models import CertificateRecord


def _pki_dir(args: argparse.Namespace) -> Path:
    return Settings(data_dir=Path(args.data_dir)).pki_dir


def _runner(args: argparse.Namespace) -> Any:
    from server.app import open_runner

    return open_runner(Path(args.data_dir), args.database)


def server_tls(settings: Settings, host: str, extra: list[str]) -> tuple[Path, Path, str]:
    """(chain file, key file, CA fingerprint) for ``serve --tls-auto``: a server
    certificate from the organisation CA for localhost, 127.0.0.1, ``host`` and ``extra``."""
    names = ["localhost", "127.0.0.1"]
    for name in [host, *extra]:
        if name and name not in names and name not in ("0.0.0.0", "::"):
            names.append(name)
    pki = Pki.open(settings.pki_dir)
    chain, key = pki.server_tls(names)
    return chain, key, fingerprint(pki.ca_certificate)


def cmd_init(args: argparse.Namespace) -> None:
    existed = Pki.exists(_pki_dir(args))
    pki = Pki.open(_pki_dir(args), args.organisation)
    verb = "already exists" if existed else "created"
    print(f"CA {pki.ca_certificate.subject.rfc4514_string()} {verb} in {pki.folder}.")
    print(f"CA fingerprint (SHA-256): {fingerprint(pki.ca_certificate)}")


def cmd_import(args: argparse.Namespace) -> None:
    key_pem = Path(args.key).read_bytes()
    password = os.environ.get("ECABINET_CA_IMPORT_PASSWORD")
    if password is None and b"ENCRYPTED" in key_pem:
        password = getpass.getpass("Password of the CA key: ")
    pki = Pki.import_ca(
        _pki_dir(args),
        Path(args.cert).read_bytes(),
        key_pem,
        password.encode() if password else None,
    )
    print(f"Imported CA {pki.ca_certificate.subject.rfc4514_string()}.")
    print(f"CA fingerprint (SHA-256): {fingerprint(pki.ca_certificate)}")


def cmd_issue_seal(args: argparse.Namespace) -> None:
    runner = _runner(args)
    pki = Pki.open(_pki_dir(args))
    cert = pki.issue_seal(
        Path(args.csr).read_bytes(), organisation=args.organisation or pki.organisation
    )
    runner.run_sync(lambda s: certificates.record(s, cert, kind="seal", user_id=None))
    runner.close()
    Path(args.out).write_bytes(cert.public_bytes(serialization.Encoding.PEM) + pki.chain_pem())
    print(f"Seal certificate {cert.serial_number} written to {args.out} (with the CA).")


def cmd_revoke(args: argparse.Namespace) -> None:
    runner = _runner(args)
    pki = Pki.open(_pki_dir(args))
    runner.run_sync(
        lambda s: certificates.revoke(s, pki, int(args.serial), args.reason, now=utcnow())
    )
    runner.close()
    print(f"Certificate {args.serial} revoked ({args.reason}); the next CRL lists it.")


def cmd_crl(args: argparse.Namespace) -> None:
    pki = Pki.open(_pki_dir(args))
    crl = pki.crl()
    encoding = serialization.Encoding.PEM if args.pem else serialization.Encoding.DER
    Path(args.out).write_bytes(crl.public_bytes(encoding))
    print(f"CRL with {len(crl)} revoked certificate(s) written to {args.out}.")


def cmd_list(args: argparse.Namespace) -> None:
    runner = _runner(args)
    now = utcnow()

    def rows(session: Any) -> list[Any]:
        found = session.scalars(select(CertificateRecord).order_by(CertificateRecord.not_before))
        return [certificates.info_of(r, now, with_pem=False) for r in found]

    infos = runner.run_sync(rows)
    runner.close()
    pki = Pki.open(_pki_dir(args))
    print(f"CA: {pki.ca_certificate.subject.rfc4514_string()}")
    print(f"    fingerprint {fingerprint(pki.ca_certificate)}")
    for stem in ("tsa", "record", "server"):
        path = pki.folder / f"{stem}.pem"
        if path.exists():
            cert = x509.load_pem_x509_certificate(path.read_bytes())
            state = "revoked" if pki.is_revoked(cert.serial_number) else "valid"
            print(f"{cert.serial_number:>50}  {stem:<8} {state:<8} {cert.subject.rfc4514_string()}")
    for info in infos:
        print(
            f"{info.serial:>50}  {info.kind:<8} {info.status:<8} {info.subject}  "
            f"until {info.not_after[:10]}"
        )


def add_parser(
    sub: Any, common: Callable[[argparse.ArgumentParser], None]
) -> argparse.ArgumentParser:
    """Add ``ca`` and its sub-commands to ``ecabinet-server``'s parser."""
    ca: argparse.ArgumentParser = sub.add_parser(
        "ca", help="the organisation's certificate authority"
    )
    verbs = ca.add_subparsers(dest="ca_command", required=True)

    init = verbs.add_parser("init", help="create the CA (nothing happens if it exists)")
    common(init)
    init.add_argument("--organisation", default=DEFAULT_ORGANISATION)
    init.set_defaults(func=cmd_init)

    imp = verbs.add_parser("import", help="take over an existing CA certificate and key")
    common(imp)
    imp.add_argument("--cert", required=True, help="CA certificate (PEM)")
    imp.add_argument("--key", required=True, help="CA private key (PEM)")
    imp.set_defaults(func=cmd_import)

    seal = verbs.add_parser("issue-seal", help="certify the organisation seal key (CSR)")
    common(seal)
    seal.add_argument("--csr", required=True, help="PKCS#10 request (PEM)")
    seal.add_argument("--out", required=True, help="certificate + CA (PEM)")
    seal.add_argument("--organisation", help="default: the CA's organisation")
    seal.set_defaults(func=cmd_issue_seal)

    rev = verbs.add_parser("revoke", help="revoke a certificate")
    common(rev)
    rev.add_argument("--serial", required=True, help="decimal serial (see ca list)")
    rev.add_argument("--reason", default="unspecified", choices=sorted(REASONS))
    rev.set_defaults(func=cmd_revoke)

    crl = verbs.add_parser("crl", help="write a fresh CRL")
    common(crl)
    crl.add_argument("--out", required=True)
    crl.add_argument("--pem", action="store_true", help="PEM instead of DER")
    crl.set_defaults(func=cmd_crl)

    lst = verbs.add_parser("list", help="list the certificates the CA issued")
    common(lst)
    lst.set_defaults(func=cmd_list)
    return ca
