"""Opinion polls from the client side: prepare and send (secretariat), sign and answer
(members), download documents and the report.  No Qt.

A ballot is signed on the member's machine: :func:`sign_ballot` makes a detached CMS
(pyHanko ``Signer.async_sign_general_data``, so a PKCS#12 file and a PKCS#11 token work
alike) over ``protocol.consultations.canonical_ballot``; the private key never leaves.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import datetime
from typing import Any

import msgspec
from asn1crypto import pem
from pyhanko.sign.signers import Signer

from desktop.client.connection import Client
from protocol import consultations as pc
from protocol.documents import DownloadChunk

Progress = Callable[[int, int], None]


def certificate_pem(signer: Signer) -> str:
    """The signer's certificate as PEM (sent with the ballot)."""
    cert = signer.signing_cert
    if cert is None:
        raise ValueError("The signer has no certificate.")
    armored: bytes = pem.armor("CERTIFICATE", cert.dump())
    return armored.decode("ascii")


async def sign_ballot(signer: Signer, data: bytes) -> bytes:
    """A detached CMS signature (DER) over ``data`` with SHA-256."""
    info = await signer.async_sign_general_data(data, "sha256", detached=True)
    return bytes(info.dump())


def now_text(now: datetime | None = None) -> str:
    """The answer time as signed: ISO 8601 at +07:00, to the second."""
    return pc.vn_time(now or datetime.now(pc.VN_TZ))


async def list_consultations(client: Client) -> list[pc.ConsultationSummary]:
    result = await client.call(pc.ConsultationList)
    return msgspec.convert(result["consultations"], list[pc.ConsultationSummary])


async def get_consultation(client: Client, consultation_id: int) -> pc.ConsultationDetail:
    result = await client.call(pc.ConsultationGet, consultation_id=consultation_id)
    return msgspec.convert(result, pc.ConsultationDetail)


async def create(client: Client, title: str, question: str, deadline: datetime | str) -> int:
    text = deadline if isinstance(deadline, str) else deadline.isoformat()
    result = await client.call(pc.ConsultationCreate, title=title, question=question, deadline=text)
    return int(result["consultation_id"])


async def attach_pdf(
    client: Client,
    consultation_id: int,
    data: bytes,
    filename: str,
    progress: Progress | None = None,
) -> list[pc.ConsultationDocument]:
    """Upload a PDF in chunks and attach it; the poll's documents afterwards."""
    begin = await client.call(
        pc.ConsultationUploadBegin,
        consultation_id=consultation_id,
        filename=filename,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )
    upload_id, chunk = begin["upload_id"], int(begin["chunk_size"])
    for offset in range(0, len(data), chunk):
        await client.call(
            pc.ConsultationUploadChunk,
            upload_id=upload_id,
            offset=offset,
            data=data[offset : offset + chunk],
        )
        if progress is not None:
            progress(min(offset + chunk, len(data)), len(data))
    result = await client.call(
        pc.ConsultationAttach, consultation_id=consultation_id, upload_id=upload_id
    )
    return msgspec.convert(result["documents"], list[pc.ConsultationDocument])


async def attach_version(
    client: Client, consultation_id: int, version_id: int
) -> list[pc.ConsultationDocument]:
    """Attach a document version already uploaded to a meeting."""
    result = await client.call(
        pc.ConsultationAttach, consultation_id=consultation_id, version_id=version_id
    )
    return msgspec.convert(result["documents"], list[pc.ConsultationDocument])


async def send(client: Client, consultation_id: int) -> dict[str, Any]:
    return dict(await client.call(pc.ConsultationSend, consultation_id=consultation_id))


async def cancel(client: Client, consultation_id: int) -> dict[str, Any]:
    return dict(await client.call(pc.ConsultationCancel, consultation_id=consultation_id))


async def compile_result(client: Client, consultation_id: int) -> dict[str, Any]:
    """Compile: ``result`` (a ConsultationResult) and ``report_sha256``."""
    result = dict(await client.call(pc.ConsultationCompile, consultation_id=consultation_id))
    result["result"] = msgspec.convert(result["result"], pc.ConsultationResult)
    return result


async def answer(
    client: Client,
    consultation_id: int,
    choice: pc.Answer | str,
    comment: str,
    signer: Signer,
    *,
    now: datetime | None = None,
) -> dict[str, Any]:
    """Sign the ballot with ``signer`` and send it; the server verifies it first."""
    assert client.user is not None, "log in first"
    answered_at = now_text(now)
    comment = pc.clean_comment(choice, comment)
    data = pc.canonical_ballot(consultation_id, client.user.id, choice, comment, answered_at)
    signature = await sign_ballot(signer, data)
    return dict(
        await client.call(
            pc.ConsultationAnswer,
            consultation_id=consultation_id,
            choice=pc.Answer(choice),
            comment=comment,
            answered_at=answered_at,
            signature=signature,
            certificate_pem=certificate_pem(signer),
        )
    )


async def download(
    client: Client, consultation_id: int, sha256: str, progress: Progress | None = None
) -> bytes:
    """A document of the poll, or its report, by SHA-256 (checked on arrival)."""
    parts: list[bytes] = []
    offset, total = 0, None
    while total is None or offset < total:
        result = await client.call(
            pc.ConsultationDownload, consultation_id=consultation_id, sha256=sha256, offset=offset
        )
        chunk = msgspec.convert(result, DownloadChunk)
        parts.append(chunk.data)
        offset += len(chunk.data)
        total = chunk.total
        if progress is not None:
            progress(offset, total)
        if not chunk.data:
            break
    data = b"".join(parts)
    if hashlib.sha256(data).hexdigest() != sha256:
        raise ValueError("The downloaded file does not match its SHA-256; download it again.")
    return data
