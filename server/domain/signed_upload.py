"""Check an uploaded signed revision of a decision before anything is stored.

The server side is :func:`check_signed_revision`; the rest of this module is the
program it runs, in a separate resource-limited process like
:mod:`server.domain.pdf_check` (an uploaded PDF is hostile until proven otherwise).

A revision is accepted only when it passes the checks of every upload
(:func:`server.domain.pdf_check.check`, run in the same process) and:

1. its bytes START with the previous revision's bytes exactly (an incremental update,
   checked here before any parsing);
2. the revisions it appends hold exactly one new approval signature (``/Sig``);
3. pyHanko's difference analysis of everything appended since the previous revision
   finds nothing beyond form filling (signature fields, their appearances, DSS and
   document timestamps): no page content, no annotation, no other change;
4. every signature in the file (the earlier ones too) is intact, valid, trusted with
   the organisation CA as the only root and its CRL as revocation data (no fetching),
   not revoked, with no forbidden change after it;
5. for ``sign``: the new signature carries a trusted RFC 3161 signature timestamp
   (PAdES B-T); for ``seal``/``copy``: a trusted document timestamp follows the new
   signature and the file has a DSS (PAdES B-LTA).

Who made the new signature (is it the expected user's certificate, or the
organisation seal?) needs the database: the verdict carries the new signer's
certificate and :mod:`server.domain.decisions` decides.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import logging
import math
import resource
import signal
import subprocess
import sys
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING, Any

import msgspec

from protocol.errors import DocumentRejected, SignatureInvalid
from protocol.signatures import Coverage, SignatureInfo, SignatureKind

if TYPE_CHECKING:
    from server.domain.settings import Settings

_PROJECT_ROOT = Path(__file__).resolve().parents[2]
VN_TZ = timezone(timedelta(hours=7))
STEPS = ("sign", "seal", "copy")


@dataclass(frozen=True)
class Verdict:
    """What the checker found: every signature of the new revision, validated, the DER
    certificate of the one new signer, the page count and (seal, copy) the page texts."""

    signatures: list[SignatureInfo]
    new_signer_der: bytes
    pages: int
    texts: list[str]


def check_signed_revision(
    previous: Path,
    new: Path,
    *,
    step: str,
    ca_pem: bytes,
    crl_der: bytes,
    settings: Settings,
) -> Verdict:
    """Check ``new`` as the next revision of ``previous`` for ``step`` ("sign", "seal",
    "copy").  Raises :class:`SignatureInvalid` with a message for the user."""
    if step not in STEPS:
        raise ValueError(f"unknown step {step!r}")
    size = previous.stat().st_size
    with previous.open("rb") as old, new.open("rb") as fresh:
        while block := old.read(1024 * 1024):
            if fresh.read(len(block)) != block:
                raise SignatureInvalid(
                    "The uploaded file is not an incremental update of the current version: "
                    "its first bytes differ, so the document was rewritten instead of signed. "
                    "Download the current version again and sign it without saving it in "
                    "another program first."
                )
        if not fresh.read(1):
            raise SignatureInvalid(
                "The uploaded file is identical to the current version: it holds no new "
                "signature. Sign the document, then upload it."
            )
    if new.stat().st_size <= size:
        raise SignatureInvalid("The uploaded file adds nothing to the current version.")
    verdict = _run(previous, new, step, ca_pem, crl_der, settings)
    return Verdict(
        signatures=msgspec.convert(verdict["signatures"], list[SignatureInfo]),
        new_signer_der=base64.b64decode(verdict["new_signer"]),
        pages=int(verdict["pages"]),
        texts=[str(t) for t in verdict.get("texts", [])],
    )


def _run(
    previous: Path, new: Path, step: str, ca_pem: bytes, crl_der: bytes, settings: Settings
) -> dict[str, Any]:
    seconds = settings.pdf_check_seconds
    argv = [
        sys.executable,
        "-m",
        "server.domain.signed_upload",
        f"--cpu-seconds={max(1, math.ceil(seconds))}",
        f"--memory-bytes={settings.pdf_check_memory_bytes}",
    ]
    request = {
        "previous": str(previous.resolve()),
        "new": str(new.resolve()),
        "step": step,
        "ca_pem": ca_pem.decode("ascii"),
        "crl_der": base64.b64encode(crl_der).decode("ascii"),
        "max_pages": settings.max_document_pages,
    }
    too_slow = SignatureInvalid(
        f"Checking the signatures took longer than the allowed {seconds:g} seconds; "
        "the file is refused. Sign the document as downloaded and upload it again."
    )
    try:
        proc = subprocess.run(
            argv,
            cwd=_PROJECT_ROOT,
            input=json.dumps(request).encode(),
            capture_output=True,
            timeout=seconds,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise too_slow from None
    verdict: dict[str, Any] | None = None
    for line in reversed(proc.stdout.decode("utf-8", "replace").splitlines()):
        try:
            verdict = json.loads(line)
            break
        except ValueError:
            continue
    if proc.returncode == 0 and isinstance(verdict, dict):
        if verdict.get("ok") is True:
            return verdict
        reason = str(verdict.get("reason") or "The signed file was refused.")
        raise DocumentRejected(reason) if verdict.get("pdf") else SignatureInvalid(reason)
    if proc.returncode in (-signal.SIGXCPU, -signal.SIGKILL):
        raise too_slow
    raise SignatureInvalid(
        "The signatures of the file could not be checked within the server's limits; "
        "the file is refused. Sign the document as downloaded and upload it again."
    )


# --- the checking program -------------------------------------------------------------


class _Refused(Exception):
    pass


class _NotPdf(Exception):
    pass


def _iso(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(VN_TZ).isoformat(timespec="seconds")


def _name_part(cert: Any, attr: str) -> str:
    try:
        value = cert.subject.native.get(attr, "")
    except (ValueError, AttributeError):
        return ""
    if isinstance(value, list):
        value = value[0] if value else ""
    return str(value or "")


def _coverage(level: Any) -> str:
    names = {
        "ENTIRE_FILE": Coverage.ENTIRE_FILE,
        "ENTIRE_REVISION": Coverage.ENTIRE_REVISION,
        "CONTIGUOUS_BLOCK_FROM_START": Coverage.CONTIGUOUS_BLOCK,
    }
    return str(names.get(getattr(level, "name", ""), Coverage.UNCLEAR))


def _info(emb: Any, status: Any, *, long_term: bool) -> SignatureInfo:
    """A :class:`SignatureInfo` from pyHanko's status of one embedded signature."""
    timestamp = emb.sig_object_type == "/DocTimeStamp"
    cert = status.signing_cert
    name = _name_part(cert, "common_name")
    org = _name_part(cert, "organization_name")
    title = _name_part(cert, "title")
    if timestamp:
        kind, moment, stamped = SignatureKind.TIMESTAMP, status.timestamp, True
    else:
        kind = SignatureKind.SEAL if (not title and name == org) else SignatureKind.SIGNATURE
        tst = status.timestamp_validity
        stamped = tst is not None and tst.intact and tst.valid and tst.trusted
        moment = tst.timestamp if stamped else status.signer_reported_dt
    indic = getattr(status.trust_problem_indic, "name", "") or ""
    expired = "EXPIRED" in indic or "OUT_OF_BOUNDS" in indic
    info = SignatureInfo(
        field=str(emb.field_name),
        signer_name=name,
        unit=_name_part(cert, "organizational_unit_name"),
        position=title,
        organisation=org,
        kind=kind,
        signing_time=_iso(moment),
        timestamped=stamped,
        intact=bool(status.intact),
        trusted=bool(status.trusted),
        revoked=bool(status.revoked),
        expired=expired,
        coverage=_coverage(status.coverage),
        revision=int(emb.signed_revision) + 1,
        docmdp_ok=bool(status.docmdp_ok) if not timestamp else _ts_unchanged(status),
        long_term=long_term,
        summary="",
    )
    verdict = "valid" if info.valid else ("revoked" if info.revoked else "INVALID")
    return msgspec.structs.replace(
        info, summary=f"{kind.value} by {name or '?'}: {verdict} ({status.summary()})"
    )


def _ts_unchanged(status: Any) -> bool:
    """A document timestamp holds when nothing but validation data followed it."""
    level = status.modification_level
    return level is not None and level.name != "OTHER"


def _problem(info: SignatureInfo, *, new: bool) -> str | None:
    who = f"the signature of {info.signer_name or 'an unknown signer'} ({info.field})"
    if not new:
        who = "the earlier " + who
    if not info.intact:
        return f"{who.capitalize()} is broken: the signed bytes were changed."
    if info.revoked:
        return f"{who.capitalize()} was made with a revoked certificate."
    if info.expired:
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
            raise _Refused("The uploaded revision deletes objects of the document.")
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
                    raise _Refused("The uploaded revision changes the annotations of a page.")
            if (
                isinstance(before, generic.StreamObject)
                or not isinstance(before, generic.DictionaryObject)
                or not isinstance(after, generic.DictionaryObject)
                or not _changed_keys(before, after) <= allowed
            ):
                raise _Refused(
                    f"Besides the signature, the uploaded revision changes the document "
                    f"(object {ref.idnum}). Only a signature may be added; sign the "
                    "downloaded version without editing it."
                )
        form = new.root.get("/AcroForm")
        if form is not None and not set(map(str, form.get_object())) <= _ACROFORM_KEYS:
            raise _Refused("The uploaded revision adds form content other than signatures.")


async def analyse(
    previous: bytes, new: bytes, step: str, ca_pem: bytes, crl_der: bytes
) -> dict[str, Any]:
    """The verdict on ``new`` as the next revision of ``previous`` (no limits here)."""
    from asn1crypto import crl as asn1_crl
    from asn1crypto import pem as asn1_pem
    from asn1crypto import x509 as asn1_x509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.diff_analysis import DEFAULT_DIFF_POLICY, ModificationLevel
    from pyhanko.sign.validation import (
        async_validate_pdf_signature,
        async_validate_pdf_timestamp,
    )
    from pyhanko_certvalidator import ValidationContext

    _, _, ca_der = asn1_pem.unarmor(ca_pem)
    root = asn1_x509.Certificate.load(ca_der)
    crl = asn1_crl.CertificateList.load(crl_der)

    def context() -> ValidationContext:
        return ValidationContext(
            trust_roots=[root], crls=[crl], allow_fetching=False, revocation_mode="hard-fail"
        )

    base = PdfFileReader(BytesIO(previous), strict=False).xrefs.total_revisions
    reader = PdfFileReader(BytesIO(new), strict=False)
    if reader.xrefs.total_revisions <= base:
        raise _Refused("The uploaded file adds no revision to the current version.")
    embedded = list(reader.embedded_signatures)
    added = [e for e in embedded if e.signed_revision >= base]
    approvals = [e for e in added if e.sig_object_type == "/Sig"]
    if len(approvals) != 1:
        raise _Refused(
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
        raise _Refused(
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
    infos: list[SignatureInfo] = []
    for emb in embedded:
        long_term = has_dss and any(s.signed_revision > emb.signed_revision for s in stamps_after)
        if emb.sig_object_type == "/DocTimeStamp":
            ts_status = await async_validate_pdf_timestamp(emb, context())
            infos.append(_info(emb, ts_status, long_term=long_term))
            continue
        status = await async_validate_pdf_signature(emb, context(), context())
        info = _info(emb, status, long_term=long_term)
        infos.append(info)
        problem = _problem(info, new=emb is newest)
        if problem is not None:
            raise _Refused(problem + " The file is refused; nothing was stored.")
    for info in infos:
        if info.kind is SignatureKind.TIMESTAMP and not (info.intact and info.trusted):
            raise _Refused(
                f"The document timestamp {info.field} does not validate; the file is refused."
            )
    new_info = infos[embedded.index(newest)]
    if step == "sign" and not new_info.timestamped:
        raise _Refused(
            "Your signature has no trusted timestamp (PAdES B-T is required). Sign again "
            "with the organisation's time-stamping service reachable."
        )
    if step in ("seal", "copy") and not (stamps_after and has_dss):
        raise _Refused(
            "The seal must be made long-term verifiable (PAdES B-LTA): validation data "
            "(DSS) and a document timestamp after the seal are missing. Seal again."
        )
    return {
        "ok": True,
        "signatures": msgspec.to_builtins(infos),
        "new_signer": base64.b64encode(newest.signer_cert.dump()).decode("ascii"),
    }


def _limit(memory_bytes: int, cpu_seconds: int) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cpu-seconds", type=int, required=True)
    parser.add_argument("--memory-bytes", type=int, required=True)
    args = parser.parse_args(argv)
    _limit(args.memory_bytes, args.cpu_seconds)
    logging.disable(logging.CRITICAL)
    request = json.loads(sys.stdin.read())
    from server.domain.pdf_check import check

    try:
        # The same checks as every upload (pypdf's decompression caps, page limit), and
        # the text of the pages for the archive once the decision is sealed.
        document = check(request["new"], request["max_pages"], keep_text=request["step"] != "sign")
        if not document["ok"]:
            raise _NotPdf(document["reason"])
        previous = Path(request["previous"]).read_bytes()
        new = Path(request["new"]).read_bytes()
        verdict = asyncio.run(
            analyse(
                previous,
                new,
                request["step"],
                request["ca_pem"].encode("ascii"),
                base64.b64decode(request["crl_der"]),
            )
        )
        verdict |= {"pages": document["pages"], "texts": document.get("texts", [])}
    except _NotPdf as refused:
        verdict = {"ok": False, "pdf": True, "reason": str(refused)}
    except _Refused as refused:
        verdict = {"ok": False, "reason": str(refused)}
    except MemoryError:
        verdict = {"ok": False, "reason": "Checking the signatures needed too much memory."}
    except Exception as exc:  # whatever else the parser raises means a damaged file
        detail = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else ""
        verdict = {
            "ok": False,
            "reason": "The signed file cannot be read or its signatures cannot be checked "
            f"({type(exc).__name__}{': ' + detail if detail else ''}). Sign the downloaded "
            "version again and upload it.",
        }
    sys.stdout.write(json.dumps(verdict) + "\n")
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
