"""Sign decisions the way Decree 30/2020/NĐ-CP lays them out (pyHanko, PAdES).

Order of a decision (each step an incremental update of the previous bytes):

1. :func:`sign_decision` — the person with authority, on their own machine: PAdES B-T
   (signature + RFC 3161 timestamp), visible: their blue signature image between the
   authority lines and the full name.  In the same revision, before signing, it creates
   BOTH signature fields, the signer's (``<prefix>_signature``) and the seal's
   (``<prefix>_seal``), so that the seal later fills an existing field and the first
   signature stays intact.
2. :func:`apply_seal` — the clerical office (văn thư): the organisation signature,
   PAdES B-LTA (timestamp, DSS with the chain and CRLs of every signature, document
   timestamp): the red seal at real size (40 mm) covering about the left third of the
   signer's image, with the organisation and the signing time (ISO 8601, +07:00).

:func:`stamp_copy` signs an electronic copy or an attachment with the organisation
signature and no image: text at the top right of page 1.

The signature box comes from the Info key ``/EcabinetSignatureBox`` (``"page x1 y1 x2
y2"``, 0-based page, points; written by the document template, which then already
printed the authority lines and the name, so only the image is drawn) or defaults to
70 x 35 mm at the bottom right of the last page, with the lines drawn in the box.

Every failure (unreadable, encrypted or hostile PDF, bad image, a timestamp that
cannot be had, a certificate that does not validate) raises :class:`SigningError`
with a message for the user.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from io import BytesIO
from typing import Any

import msgspec
from asn1crypto import tsp
from PIL import Image
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.layout import LayoutError
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.sign import fields, signers
from pyhanko.sign.general import SigningError as PyHankoSigningError
from pyhanko.sign.timestamps import TimeStamper
from pyhanko.sign.timestamps.common_utils import TimestampRequestError
from pyhanko.sign.validation import EmbeddedPdfSignature
from pyhanko.sign.validation.dss import DocumentSecurityStore
from pyhanko_certvalidator.errors import PathBuildingError, PathValidationError

from desktop.client import appearances as ap
from desktop.client.signatures import VN, iso, load_crls, validation_context
from protocol.errors import InvalidInput

BOX_KEY = "/EcabinetSignatureBox"
MM = ap.MM
DEFAULT_BOX = (70 * MM, 35 * MM)
RIGHT_MARGIN, BOTTOM_MARGIN, TOP_GAP = 15 * MM, 30 * MM, 3 * MM
COPY_WIDTH = 80 * MM

Box = tuple[float, float, float, float]


class SigningError(InvalidInput):
    """Signing could not be done; the message says why and what to do."""

    code = "signing.failed"


class CallbackTimeStamper(TimeStamper):
    """An RFC 3161 client that hands the DER request to ``post`` and gets the DER
    response back — the app sends it as ``tsa.stamp`` over its websocket; tests call
    ``server.domain.tsa.stamp`` directly."""

    def __init__(self, post: Callable[[bytes], Awaitable[bytes]], include_nonce: bool = True):
        super().__init__(include_nonce=include_nonce)  # type: ignore[no-untyped-call]
        self._post = post

    async def async_request_tsa_response(self, req: tsp.TimeStampReq) -> tsp.TimeStampResp:
        try:
            der = await self._post(req.dump())
        except Exception as exc:  # the transport's error, whatever it is
            raise TimestampRequestError(f"the time-stamping service failed: {exc}") from exc
        try:
            return tsp.TimeStampResp.load(der)
        except ValueError as exc:
            raise TimestampRequestError("the time-stamping service sent no valid answer") from exc


def server_timestamper(client: Any) -> CallbackTimeStamper:
    """Timestamps from the e-Cabinet server's TSA: ``tsa.stamp`` over ``client``'s
    websocket (a :class:`desktop.client.Client`)."""
    from protocol.pki import TsaStamp, TsaStampResult

    async def post(request: bytes) -> bytes:
        result = await client.call(TsaStamp, request=request)
        return msgspec.convert(result, TsaStampResult).response

    return CallbackTimeStamper(post)


# --- opening and placing ---------------------------------------------------------------


def _open(pdf: bytes) -> IncrementalPdfFileWriter:
    try:
        writer = IncrementalPdfFileWriter(BytesIO(pdf), strict=False)
        if writer.prev.encrypted:
            raise SigningError(
                "This PDF is encrypted and cannot be signed; ask for an unencrypted version."
            )
        writer.prev.root  # noqa: B018 - parse the catalogue now
    except SigningError:
        raise
    except (PdfError, ValueError, KeyError, TypeError, IndexError, AttributeError) as exc:
        raise SigningError(f"This file is not a PDF that can be signed ({exc}).") from None
    return writer


def _page_size(writer: IncrementalPdfFileWriter, page: int) -> tuple[float, float]:
    found = writer.find_page_for_modification(page)  # type: ignore[no-untyped-call]
    obj: Any = found[0].get_object()
    while obj is not None and "/MediaBox" not in obj:
        obj = obj.get("/Parent")
        obj = obj.get_object() if obj is not None else None
    x1, y1, x2, y2 = (float(v) for v in obj["/MediaBox"]) if obj else (0, 0, 595.28, 841.89)
    return abs(x2 - x1), abs(y2 - y1)


def _page_count(writer: IncrementalPdfFileWriter) -> int:
    return int(writer.root["/Pages"]["/Count"])


def template_box(writer: IncrementalPdfFileWriter) -> tuple[int, Box] | None:
    """``(page, box)`` from the Info key ``/EcabinetSignatureBox``, if present and sane."""
    try:
        info = writer.prev.trailer_view.get("/Info")
        text = str(info.get_object()[BOX_KEY]) if info is not None else ""
        page_s, *coords = text.split()
        page, (x1, y1, x2, y2) = int(page_s), (float(c) for c in coords)
    except (KeyError, ValueError, TypeError, AttributeError):
        return None
    if not 0 <= page < _page_count(writer) or x2 - x1 < 10 or y2 - y1 < 10:
        return None
    return page, (x1, y1, x2, y2)


def default_box(writer: IncrementalPdfFileWriter) -> tuple[int, Box]:
    page = _page_count(writer) - 1
    width, _ = _page_size(writer, page)
    w, h = DEFAULT_BOX
    return page, (width - RIGHT_MARGIN - w, BOTTOM_MARGIN, width - RIGHT_MARGIN, BOTTOM_MARGIN + h)


def seal_box(image_rect: Box) -> Box:
    """The seal field for a signer image at ``image_rect``: a 40 mm seal whose right
    edge is at one third of the image, centred on it vertically, the text under it."""
    ix1, iy1, ix2, iy2 = image_rect
    right = ix1 + (ix2 - ix1) / 3
    top = (iy1 + iy2) / 2 + ap.SEAL_DIAMETER / 2
    return (
        right - ap.SEAL_DIAMETER,
        top - ap.SEAL_DIAMETER - ap.SEAL_TEXT_HEIGHT,
        right,
        top,
    )


def _field_state(writer: IncrementalPdfFileWriter) -> dict[str, bool]:
    """Signature field name -> filled."""
    return {
        name: value is not None
        for name, value, _ in fields.enumerate_sig_fields(writer.prev, filled_status=None)
    }


def _add_field(writer: IncrementalPdfFileWriter, name: str, page: int, box: Box) -> None:
    spec = fields.SigFieldSpec(name, on_page=page, box=tuple(round(v, 2) for v in box))  # type: ignore[arg-type]
    fields.append_signature_field(writer, spec)


# --- signing -----------------------------------------------------------------------------


def _now() -> datetime:
    return datetime.now(VN).replace(microsecond=0)


async def _sign(
    writer: IncrementalPdfFileWriter,
    *,
    signer: signers.Signer,
    field: str,
    name: str,
    reason: str,
    style: ap.DrawnStampStyle,
    timestamper: TimeStamper,
    long_term: tuple[list[bytes], list[bytes]] | None = None,
) -> bytes:
    extra: dict[str, Any] = {}
    if long_term is not None:
        trust_roots, crls = long_term
        extra = {
            "embed_validation_info": True,
            "use_pades_lta": True,
            "validation_context": validation_context(trust_roots, crls),
        }
    meta = signers.PdfSignatureMetadata(
        field_name=field,
        name=name,
        reason=reason,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        **extra,
    )
    pdf_signer = signers.PdfSigner(meta, signer=signer, timestamper=timestamper, stamp_style=style)
    try:
        out = await pdf_signer.async_sign_pdf(writer, existing_fields_only=True)
    except TimestampRequestError as exc:
        raise SigningError(f"No timestamp could be obtained ({exc}); try again later.") from None
    except (PathBuildingError, PathValidationError) as exc:
        raise SigningError(
            f"The signing certificate does not validate against the organisation CA ({exc})."
        ) from None
    except PyHankoSigningError as exc:
        raise SigningError(f"Signing failed: {exc}") from None
    except (PdfError, LayoutError, ValueError, KeyError) as exc:
        raise SigningError(f"This PDF cannot be signed ({exc}).") from None
    return bytes(out.getvalue())


def _image(png: bytes, what: str) -> Image.Image:
    try:
        return ap.load_png(png, what)
    except ValueError as exc:
        raise SigningError(f"{str(exc).capitalize()}; upload a transparent PNG.") from None


async def sign_decision(
    pdf: bytes,
    *,
    signer: signers.Signer,
    authority_lines: list[str],
    full_name: str,
    signature_png: bytes,
    timestamper: TimeStamper,
    field_prefix: str = "ecabinet",
) -> bytes:
    """``pdf`` signed by the person with authority (PAdES B-T, visible; see module doc).
    Refuses a PDF whose signer field is already signed."""
    image = _image(signature_png, "signature image")
    writer = _open(pdf)
    sig_field, seal_field = f"{field_prefix}_signature", f"{field_prefix}_seal"
    state = _field_state(writer)
    if state.get(sig_field):
        raise SigningError("This document is already signed; it cannot be signed twice.")
    placed = template_box(writer)
    page, box = placed or default_box(writer)
    lines = ([], "") if placed else (authority_lines, full_name)
    x1, y1, x2, y2 = box
    picture = ap.signer_drawing(image, lines[0], lines[1], x2 - x1, y2 - y1).pictures[0]
    image_rect = (x1 + picture.x, y1 + picture.y, x1 + picture.x + picture.width,
                  y1 + picture.y + picture.height)  # fmt: skip
    if sig_field not in state:
        _add_field(writer, sig_field, page, box)
    if seal_field not in state:
        _add_field(writer, seal_field, page, seal_box(image_rect))
    style = ap.DrawnStampStyle(draw=lambda w, h: ap.signer_drawing(image, lines[0], lines[1], w, h))
    return await _sign(
        writer,
        signer=signer,
        field=sig_field,
        name=full_name,
        reason=" / ".join(authority_lines) or "Ký ban hành",
        style=style,
        timestamper=timestamper,
    )


async def _add_long_term_material(
    writer: IncrementalPdfFileWriter, trust_roots: list[bytes], crls: list[bytes]
) -> None:
    """Put the chains and CRLs of the signatures already in the PDF into its DSS (in
    the revision being written), so that they can be validated when the CA is gone."""
    vc = validation_context(trust_roots, crls)
    paths = []
    try:
        embedded: list[EmbeddedPdfSignature] = list(writer.prev.embedded_signatures)
    except (PdfError, ValueError, KeyError) as exc:
        raise SigningError(f"The signatures already in this PDF are damaged ({exc}).") from None
    for emb in embedded:
        try:
            vc.certificate_registry.register_multiple(emb.other_embedded_certs)
            found = await vc.path_builder.async_build_paths(emb.signer_cert)
        except (PathBuildingError, ValueError, KeyError):
            continue
        paths.extend(found[:1])
    if paths:
        DocumentSecurityStore.supply_dss_in_writer(
            writer, sig_contents=None, paths=paths, crls=load_crls(crls)
        )


async def apply_seal(
    pdf: bytes,
    *,
    signer: signers.Signer,
    seal_png: bytes,
    organisation: str,
    timestamper: TimeStamper,
    trust_roots: list[bytes],
    crls: list[bytes],
    field_prefix: str = "ecabinet",
) -> bytes:
    """``pdf`` (already signed by :func:`sign_decision`) sealed by the organisation:
    PAdES B-LTA into the ``<prefix>_seal`` field (created beside the default box when
    the PDF was signed elsewhere).  ``trust_roots``/``crls`` (PEM or DER) validate
    the seal certificate, the timestamps and the earlier signatures for the DSS."""
    image = _image(seal_png, "seal image")
    writer = _open(pdf)
    seal_field = f"{field_prefix}_seal"
    state = _field_state(writer)
    if state.get(seal_field):
        raise SigningError("This document already carries the organisation's seal.")
    if seal_field not in state:
        page, (x1, y1, x2, y2) = default_box(writer)
        _add_field(writer, seal_field, page, seal_box((x1, y1, x2, y2)))
    await _add_long_term_material(writer, trust_roots, crls)
    when = iso(_now()) or ""
    style = ap.DrawnStampStyle(draw=lambda w, h: ap.seal_drawing(image, organisation, when, w, h))
    return await _sign(
        writer,
        signer=signer,
        field=seal_field,
        name=organisation,
        reason="Đóng dấu ban hành",
        style=style,
        timestamper=timestamper,
        long_term=(trust_roots, crls),
    )


async def stamp_copy(
    pdf: bytes,
    *,
    signer: signers.Signer,
    lines: list[str],
    timestamper: TimeStamper,
    trust_roots: list[bytes],
    crls: list[bytes],
    field_prefix: str = "ecabinet",
    visible: bool = True,
) -> bytes:
    """``pdf`` signed as an electronic copy or attachment by the organisation (B-LTA,
    no image): ``lines`` (e.g. ``["SAO Y", "Văn phòng Chính phủ"]`` or
    ``["Số: 12/NQ-CP"]``) and the time, serif 10 pt black, top right of page 1.

    ``visible=False``: the signature shows nothing on the page (an extract copy, whose
    text the server printed top right of page 1 already); ``lines`` still give the
    signature's reason (the first) and name (the last)."""
    if not lines or not any(line.strip() for line in lines):
        raise SigningError("Give the copy's text: its number and symbol, or the copy type.")
    writer = _open(pdf)
    state = _field_state(writer)
    field = f"{field_prefix}_copy"
    number = 1
    while field in state:
        number += 1
        field = f"{field_prefix}_copy{number}"
    text = [*lines, iso(_now()) or ""]
    if visible:
        width, height = _page_size(writer, 0)
        h = ap.copy_field_height(len(text))
        box = (width - RIGHT_MARGIN - COPY_WIDTH, height - TOP_GAP - h, width - RIGHT_MARGIN,
               height - TOP_GAP)  # fmt: skip
        _add_field(writer, field, 0, box)
    else:
        fields.append_signature_field(writer, fields.SigFieldSpec(field, on_page=0))
    await _add_long_term_material(writer, trust_roots, crls)
    style = ap.DrawnStampStyle(draw=lambda w, hh: ap.copy_drawing(text, w, hh))
    return await _sign(
        writer,
        signer=signer,
        field=field,
        name=lines[-1],
        reason=lines[0],
        style=style,
        timestamper=timestamper,
        long_term=(trust_roots, crls),
    )
