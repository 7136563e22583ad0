"""The signing workflow, headless: download the current revision, sign or seal it on this
machine, upload it, hand it in.  Used by the desktop app (through its viewmodel), by
tests and by scripts.

* :func:`prepare` — the secretariat (``decision.prepare``): put a document version of an
  agenda item up for signing, with its kind, number and symbol, signer and authority lines.
* :func:`sign` — the designated signer: PAdES B-T with their signature image from their
  profile (``profile.get_signature_image``), timestamps from the server's TSA (or the
  deployment's TSA URL from ``pki.info``).
* :func:`seal` — the clerical office: PAdES B-LTA with the seal image (``seal.get_image``);
  an attachment gets the organisation signature with no image (``stamp_copy``).
* :func:`copy` — the clerical office: an electronic copy (SAO Y / SAO LỤC / TRÍCH SAO) of
  an issued decision, sealed with no image, handed in as a new decision.  A TRÍCH SAO
  copy holds only the pages chosen (``pages``, e.g. ``"1-2,5"``): the server builds
  that extract with the copy's text printed on it (:func:`extract`), and the clerk's
  seal goes on it with nothing drawn.

``signer`` is a pyHanko signer: ``keys.load_signer(path, passphrase)`` (PKCS#12; raises
``WrongPassphrase``) or ``tokens.pkcs11_signer(...)`` (token).  ``progress(step, done,
total)`` reports "download", "sign", "upload" and "submit".  Every server refusal comes
back as its typed error (``SignatureInvalid``, ``PermissionDenied``, ...).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

import msgspec
from pyhanko.sign.timestamps import HTTPTimeStamper, TimeStamper

from desktop.client import keys, signing
from desktop.client.connection import Client, new_id
from protocol import decisions as msg
from protocol.decisions import (
    COPY_LABELS,
    CopyType,
    DecisionInfo,
    DecisionKind,
    ExtractInfo,
    parse_page_range,
)
from protocol.documents import CHUNK_SIZE, DocumentUploadChunk, DownloadChunk

#: ``progress(step, done, total)``; steps: "download", "sign", "upload", "submit".
Progress = Callable[[str, int, int], None]


def _report(progress: Progress | None, step: str, done: int, total: int) -> None:
    if progress is not None:
        progress(step, done, total)


async def get(client: Client, decision_id: int) -> DecisionInfo:
    return msgspec.convert(
        await client.call(msg.DecisionGet, decision_id=decision_id), DecisionInfo
    )


async def prepare(
    client: Client,
    version_id: int,
    kind: DecisionKind | str,
    number_symbol: str,
    *,
    signer_user_id: int | None = None,
    authority_lines: list[str] | tuple[str, ...] = (),
    title: str = "",
) -> DecisionInfo:
    """Put the document version ``version_id`` up for signing; returns the new decision
    (awaiting the signer, or the seal for an attachment).  A refusal comes back as its
    typed error (``InvalidInput``, ``Conflict`` when the document is already in signing,
    ``PermissionDenied``)."""
    command = msg.DecisionPrepare(
        id=new_id(),
        version_id=version_id,
        kind=DecisionKind(kind),
        number_symbol=number_symbol.strip(),
        signer_user_id=signer_user_id,
        authority_lines=[line.strip() for line in authority_lines if line.strip()],
        title=title.strip(),
    )
    return msgspec.convert(await client.send(command), DecisionInfo)


async def list_decisions(
    client: Client, meeting_id: int | None = None, *, waiting_for_me: bool = False
) -> list[DecisionInfo]:
    """A meeting's decisions, or (``waiting_for_me``) those awaiting the caller."""
    result = await client.call(
        msg.DecisionList, meeting_id=meeting_id, waiting_for_me=waiting_for_me
    )
    return msgspec.convert(result["decisions"], list[DecisionInfo])


async def download(
    client: Client, decision_id: int, progress: Progress | None = None, *, extract_id: str = ""
) -> bytes:
    """The decision's current revision (or the caller's extract ``extract_id``), checked
    against the SHA-256 the server gave."""
    parts: list[bytes] = []
    offset, total, digest = 0, None, ""
    while total is None or offset < total:
        result = await client.call(
            msg.DecisionDownload, decision_id=decision_id, offset=offset, extract_id=extract_id
        )
        chunk = msgspec.convert(result, DownloadChunk)
        if not chunk.data:
            break
        parts.append(chunk.data)
        offset, total, digest = offset + len(chunk.data), chunk.total, chunk.sha256
        _report(progress, "download", offset, total)
    data = b"".join(parts)
    if hashlib.sha256(data).hexdigest() != digest:
        raise signing.SigningError("The downloaded document was damaged on the way; try again.")
    return data


async def upload(
    client: Client, decision_id: int, data: bytes, progress: Progress | None = None
) -> str:
    """Upload a signed revision in chunks; returns the ``upload_id`` to hand in."""
    begin = await client.call(
        msg.DecisionUploadBegin,
        decision_id=decision_id,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )
    upload_id, chunk = str(begin["upload_id"]), int(begin.get("chunk_size", CHUNK_SIZE))
    for offset in range(0, len(data), chunk):
        await client.call(
            DocumentUploadChunk,
            upload_id=upload_id,
            offset=offset,
            data=data[offset : offset + chunk],
        )
        _report(progress, "upload", min(offset + chunk, len(data)), len(data))
    return upload_id


async def _timestamper(client: Client) -> tuple[TimeStamper, Any]:
    info = await keys.pki_info(client)
    stamper = HTTPTimeStamper(info.tsa_url) if info.tsa_url else signing.server_timestamper(client)
    return stamper, info


async def _hand_in(
    client: Client,
    command: type[msg.DecisionSubmitSigned] | type[msg.DecisionSubmitSealed],
    decision_id: int,
    data: bytes,
    progress: Progress | None,
) -> DecisionInfo:
    upload_id = await upload(client, decision_id, data, progress)
    _report(progress, "submit", 0, 1)
    result = await client.send(
        command(id=new_id(), decision_id=decision_id, upload_id=upload_id), timeout=120.0
    )
    _report(progress, "submit", 1, 1)
    return msgspec.convert(result, DecisionInfo)


async def sign(
    client: Client, decision_id: int, signer: Any, progress: Progress | None = None
) -> DecisionInfo:
    """Sign the decision as its designated signer (PAdES B-T, visible) and hand it in."""
    assert client.user is not None, "log in first"
    info = await get(client, decision_id)
    pdf = await download(client, decision_id, progress)
    image = await keys.get_signature_image(client)
    if image is None:
        raise signing.SigningError(
            "You have no signature image yet: upload yours (a transparent PNG) in your profile."
        )
    stamper, _ = await _timestamper(client)
    _report(progress, "sign", 0, 1)
    signed = await signing.sign_decision(
        pdf,
        signer=signer,
        authority_lines=info.authority_lines,
        full_name=client.user.full_name,
        signature_png=image,
        timestamper=stamper,
    )
    _report(progress, "sign", 1, 1)
    return await _hand_in(client, msg.DecisionSubmitSigned, decision_id, signed, progress)


async def seal(
    client: Client, decision_id: int, signer: Any, progress: Progress | None = None
) -> DecisionInfo:
    """Apply the organisation seal (B-LTA) and hand it in: the red seal image over the
    signer's signature, or (an attachment) the number and time with no image."""
    info = await get(client, decision_id)
    pdf = await download(client, decision_id, progress)
    stamper, pki = await _timestamper(client)
    roots, crls = [pki.ca_pem.encode()], [pki.crl_der]
    _report(progress, "sign", 0, 1)
    if info.kind is DecisionKind.ATTACHMENT:
        lines = [f"Số: {info.number_symbol}", pki.organisation]
        sealed = await signing.stamp_copy(
            pdf, signer=signer, lines=lines, timestamper=stamper, trust_roots=roots, crls=crls
        )
    else:
        image = await keys.get_seal_image(client)
        if image is None:
            raise signing.SigningError(
                "The organisation's seal image is missing: upload it (Seal → Seal image)."
            )
        sealed = await signing.apply_seal(
            pdf,
            signer=signer,
            seal_png=image,
            organisation=pki.organisation,
            timestamper=stamper,
            trust_roots=roots,
            crls=crls,
        )
    _report(progress, "sign", 1, 1)
    return await _hand_in(client, msg.DecisionSubmitSealed, decision_id, sealed, progress)


async def extract(
    client: Client, decision_id: int, pages: str, number_symbol: str = ""
) -> ExtractInfo:
    """Have the server build the extract of ``pages`` (e.g. ``"1-2,5"``) of an issued
    decision for a TRÍCH SAO copy; raises ``InvalidPageRange`` for a bad range."""
    command = msg.DecisionExtract(
        id=new_id(), decision_id=decision_id, pages=pages, number_symbol=number_symbol
    )
    return msgspec.convert(await client.send(command, timeout=120.0), ExtractInfo)


async def copy(
    client: Client,
    decision_id: int,
    signer: Any,
    copy_type: CopyType | str,
    number_symbol: str = "",
    progress: Progress | None = None,
    *,
    pages: str = "",
) -> DecisionInfo:
    """Make an electronic copy of an issued decision (sealed, no image); returns the copy.

    A TRÍCH SAO copy holds the ``pages`` named (e.g. ``"1-2,5"``); the other copy types
    hold the whole document and take no pages."""
    copy_type = CopyType(copy_type)
    number_symbol = number_symbol.strip()
    extract_id = ""
    if copy_type is CopyType.TRICH_SAO:
        parse_page_range(pages)  # a malformed range is refused before anything is asked
        made = await extract(client, decision_id, pages, number_symbol)
        extract_id = made.extract_id
        pdf = await download(client, decision_id, progress, extract_id=extract_id)
    elif pages.strip():
        raise signing.SigningError("Only an extract copy (TRÍCH SAO) holds chosen pages.")
    else:
        pdf = await download(client, decision_id, progress)
    stamper, pki = await _timestamper(client)
    lines = [COPY_LABELS[copy_type], pki.organisation]
    if number_symbol:
        lines.append(f"Số: {number_symbol}")
    _report(progress, "sign", 0, 1)
    stamped = await signing.stamp_copy(
        pdf,
        signer=signer,
        lines=lines,
        timestamper=stamper,
        trust_roots=[pki.ca_pem.encode()],
        crls=[pki.crl_der],
        visible=not extract_id,
    )
    _report(progress, "sign", 1, 1)
    upload_id = await upload(client, decision_id, stamped, progress)
    _report(progress, "submit", 0, 1)
    result = await client.send(
        msg.DecisionCopy(
            id=new_id(),
            decision_id=decision_id,
            upload_id=upload_id,
            copy_type=copy_type,
            number_symbol=number_symbol,
            extract_id=extract_id,
        ),
        timeout=120.0,
    )
    _report(progress, "submit", 1, 1)
    return msgspec.convert(result, DecisionInfo)
