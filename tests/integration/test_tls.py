"""`ecabinet-server serve --tls-cert --tls-key`: clients connect over wss:// and verify it."""

from __future__ import annotations

import datetime as dt
import ipaddress
import signal
import ssl
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from desktop.client import Client
from tests.harness import PASSWORD, Domain
from tests.integration.test_crash import ROOT, _free_port


def _self_signed(folder: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "ecabinet.local")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = folder / "server.crt", folder / "server.key"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_file, key_file


async def test_tls_server_with_a_pinned_certificate(database_url: str, tmp_path: Path) -> None:
    import asyncio
    import subprocess
    import sys

    data = tmp_path / "data"
    Domain(database_url, data).user("thanhvien", ["member"])
    cert, key = _self_signed(tmp_path)
    port = _free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "server.app",
            "serve",
            "--data-dir",
            str(data),
            "--port",
            str(port),
            "--database",
            database_url,
            "--tls-cert",
            str(cert),
            "--tls-key",
            str(key),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert proc.stdout is not None
        line = await asyncio.get_running_loop().run_in_executor(None, proc.stdout.readline)
        assert f"wss://127.0.0.1:{port}".encode() in line
        pinned = ssl.create_default_context(cafile=str(cert))
        async with Client(f"wss://127.0.0.1:{port}", ssl=pinned) as client:
            await client.login("thanhvien", PASSWORD)
            assert client.user is not None and client.user.username == "thanhvien"
        untrusting = ssl.create_default_context()
        with pytest.raises(ssl.SSLCertVerificationError):
            async with Client(f"wss://127.0.0.1:{port}", ssl=untrusting):
                pass
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=20)
