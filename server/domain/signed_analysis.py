"""The analysis of a signed revision, inside the checking program of
:mod:`server.domain.signed_upload` (run under the limits of :mod:`server.domain.sandbox`).

:func:`analyse` gets the previous revision's bytes and the new file's and checks, with
pyHanko: that the new revisions hold exactly one new approval signature; that nothing
but form filling was appended (pyHanko's difference analysis, or
:func:`_first_signature_changes` when the previous revision has no form yet); that
every signature in the file validates against the organisation CA and its CRL (no
fetching); and the PAdES level the step needs (B-T for ``sign``, B-LTA for ``seal`` and
``copy``).  A refusal raises :class:`Refused` with a message for the user.
"""

from __future__ import annotations

import base64
from io import BytesIO
from typing import Any

import msgspec

from protocol.signatures import SignatureInfo, SignatureKind


class Refused(Exception):
    """The revision is refused; the message is meant for the user."""


def _problem(info: SignatureInfo, *, new: bool) -> str | None:
    who = f"the signature of {info.signer_name or 'an unknown signer'} ({info.field})"
    if not new:
        who = "the earlier " + who
    if not info.intact:
        return f"{who.capitalize()} is broken: the signed bytes were changed."
    if info.revoked:
        return f"{who.capitalize()} was made with a revoked certificate."
    if info.expired and not info.trusted:
        return f"{who.capitalize()} was made with an expired certificate."
    if not info.trusted:
        return (
            f"{who.capitalize()} is not trusted: its certificate was not issued by the "
            "organisation's certificate authority, or it is not valid for signing."
        )
    if not info.docmdp_ok:
        return f"{who.capitalize()} no longer holds: the document was changed after it."
    return None


#: What the first signature of an unsigned file may change in existing objects.
_CATALOG_KEYS = frozenset({"/AcroForm", "/DSS", "/Extensions", "/Metadata", "/Version"})
_INFO_KEYS = frozenset({"/ModDate", "/Producer"})
_ACROFORM_KEYS = frozenset({"/Fields", "/SigFlags", "/DR", "/DA"})


def _raw(d: Any, key: Any) -> Any:
    return d.raw_get(key)


def _same(a: Any, b: Any) -> bool:
    """Direct PDF values equal (pyHanko's null objects never compare equal)."""
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(_raw(a, k), _raw(b, k)) for k in a)
    if type(a).__name__ == type(b).__name__ == "NullObject":
        return True
    return bool(a == b)


def _changed_keys(old: Any, new: Any) -> set[str]:
    keys = set(old) | set(new)
    return {
        str(k)
        for k in keys
        if k not in old or k not in new or not _same(old.raw_get(k), new.raw_get(k))
    }


def _is_sig_widget(obj: Any) -> bool:
    obj = obj.get_object()
    if obj.get("/Subtype") != "/Widget":
        return False
    field = obj.get("/Parent", obj).get_object() if "/FT" not in obj else obj
    return bool(field.get("/FT") == "/Sig")


def _first_signature_changes(reader: Any, base: int) -> None:
    """pyHanko's difference analysis needs a form in the earlier revision; when the
    previous version has none (an unsigned source), vet the update here instead:
    existing objects may only gain signature widgets (pages), the form, DSS and
    extensions (catalog) and new dates (info); nothing may be freed."""
    from pyhanko.pdf_utils import generic

    old = reader.get_historical_resolver(base - 1)
    root_ref = reader.root_ref
    info = reader.trailer_view.raw_get("/Info") if "/Info" in reader.trailer_view else None
    info_ref = info.reference if isinstance(info, generic.IndirectObject) else None
    for revision in range(base, reader.xrefs.total_revisions):
        if reader.xrefs.refs_freed_in_revision(revision):
            raise Refused("The uploaded revision deletes objects of the document.")
        new = reader.get_historical_resolver(revision)
        for ref in reader.xrefs.explicit_refs_in_revision(revision):
            if reader.xrefs.get_introducing_revision(ref) >= base:
                continue
            before, after = old(ref), new(ref)
            allowed: frozenset[str] = frozenset()
            if ref == root_ref:
                allowed = _CATALOG_KEYS
            elif ref == info_ref:
                allowed = _INFO_KEYS
            elif isinstance(before, generic.DictionaryObject) and before.get("/Type") == "/Page":
                allowed = frozenset({"/Annots"})
                was = list(before.get("/Annots", []))
                now = list(after.get("/Annots", []))
                if now[: len(was)] != was or not all(_is_sig_widget(a) for a in now[len(was) :]):
                    raise Refused("The uploaded revision changes the annotations of a page.")
            if (
                isinstance(before, generic.StreamObject)
                or not isinstance(before, generic.DictionaryObject)
                or not isinstance(after, generic.DictionaryObject)
                or not _changed_keys(before, after) <= allowed
            ):
                raise Refused(
                    f"Besides the signature, the uploaded revision changes the document "
                    f"(object {ref.idnum}). Only a signature may be added; sign the "
                    "downloaded version without editing it."
                )
        form = new.root.get("/AcroForm")
        if form is not None and not set(map(str, form.get_object())) <= _ACROFORM_KEYS:
            raise Refused("The uploaded revision adds form content other than signatures.")


async def analyse(
    previous: bytes, new: bytes, step: str, ca_pem: bytes, crl_der: bytes
) -> dict[str, Any]:
    """The verdict on ``new`` as the next revision of ``previous`` (no limits here)."""
    from asn1crypto import crl as asn1_crl
    from asn1crypto import pem as asn1_pem
    from asn1crypto import x509 as asn1_x509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.diff_analysis import DEFAULT_DIFF_POLICY, ModificationLevel

    from pades import Trust, check_signatures

    _, _, ca_der = asn1_pem.unarmor(ca_pem)
    root = asn1_x509.Certificate.load(ca_der)
    crl = asn1_crl.CertificateList.load(crl_der)

    base = PdfFileReader(BytesIO(previous), strict=False).xrefs.total_revisions
    reader = PdfFileReader(BytesIO(new), strict=False)
    if reader.xrefs.total_revisions <= base:
        raise Refused("The uploaded file adds no revision to the current version.")
    embedded = list(reader.embedded_signatures)
    added = [e for e in embedded if e.signed_revision >= base]
    approvals = [e for e in added if e.sig_object_type == "/Sig"]
    if len(approvals) != 1:
        raise Refused(
            f"The uploaded revision adds {len(approvals)} signatures; exactly one is "
            "expected (yours). Sign the downloaded version once and upload it."
        )
    newest = approvals[0]
    if "/AcroForm" not in reader.get_historical_root(base - 1):
        _first_signature_changes(reader, base)
        diff, level = None, ModificationLevel.FORM_FILLING
    else:
        diff = DEFAULT_DIFF_POLICY.review_file(reader, base - 1)
        level = getattr(diff, "modification_level", ModificationLevel.OTHER)
    if level > ModificationLevel.FORM_FILLING:
        raise Refused(
            "Besides the signature, the uploaded revision changes the document "
            f"({getattr(level, 'name', level)}: {diff}). Only a signature may be added; "
            "sign the downloaded version without editing it."
        )
    stamps_after = [
        e
        for e in embedded
        if e.sig_object_type == "/DocTimeStamp" and e.signed_revision > newest.signed_revision
    ]
    has_dss = "/DSS" in reader.root
    checked = await check_signatures(reader, Trust([root], [crl], revocation_mode="hard-fail"))
    infos = [c.info for c in checked]
    newest_index = next(
        i for i, c in enumerate(checked) if c.embedded.field_name == newest.field_name
    )
    for index, c in enumerate(checked):
        if c.info.kind is not SignatureKind.TIMESTAMP:
            problem = _problem(c.info, new=index == newest_index)
            if problem is not None:
                raise Refused(problem + " The file is refused; nothing was stored.")
    for info in infos:
        if info.kind is SignatureKind.TIMESTAMP and not (info.intact and info.trusted):
            raise Refused(
                f"The document timestamp {info.field} does not validate; the file is refused."
            )
    new_info = infos[newest_index]
    if step == "sign" and not new_info.timestamped:
        raise Refused(
            "Your signature has no trusted timestamp (PAdES B-T is required). Sign again "
            "with the organisation's time-stamping service reachable."
        )
    if step in ("seal", "copy") and not (stamps_after and has_dss):
        raise Refused(
            "The seal must be made long-term verifiable (PAdES B-LTA): validation data "
            "(DSS) and a document timestamp after the seal are missing. Seal again."
        )
    return {
        "ok": True,
        "signatures": msgspec.to_builtins(infos),
        "new_signer": base64.b64encode(newest.signer_cert.dump()).decode("ascii"),
    }
