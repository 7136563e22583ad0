"""Check an uploaded PDF in a separate, resource-limited process.

The server side is :func:`check_pdf`; the rest of this module is the program it runs,
``python -m server.domain.pdf_check PATH --max-pages N``, under the limits of
:mod:`server.domain.sandbox` (which it lowers first thing).  This program:

1. opens the file with pypdf (``strict=False``; pypdf's own decompression caps stay on);
2. refuses encrypted files and files with more than N pages;
3. extracts the text of every page, which decompresses every content stream;
4. prints one JSON line: ``{"ok": true, "pages": N}`` or ``{"ok": false, "reason": "..."}``
   where ``reason`` is a message meant for the user.  With ``--text`` the ``ok`` verdict
   also holds ``texts``, the text of every page (for carrying annotations over).

It exits 0 whenever it printed a verdict.  Anything else (killed by a limit, crashed)
is the parent's to interpret.
"""

from __future__ import annotations

import argparse
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from protocol.errors import DocumentRejected
from server.domain import sandbox

if TYPE_CHECKING:
    from pypdf import PdfReader

    from server.domain.settings import Settings

#: pypdf finds a header within the first kilobyte; so do we.
HEADER_WINDOW = 1024


def check_pdf(path: Path, settings: Settings) -> int:
    """Check the PDF at ``path`` in a subprocess under the settings' memory, CPU and
    wall-clock limits.  Returns its page count; raises :class:`DocumentRejected`."""
    verdict = _run(path, settings)
    if isinstance(verdict.get("pages"), int):
        return int(verdict["pages"])
    raise DocumentRejected("The PDF was refused.")


#: Characters of a document's text handed to the archive index at most.
INDEX_TEXT_LIMIT = 2_000_000


def check_pdf_text(path: Path, settings: Settings) -> tuple[int, str]:
    """Like :func:`check_pdf`, and also the document's text for the archive index
    (pages separated by a blank line, at most :data:`INDEX_TEXT_LIMIT` characters),
    from the same subprocess run.  Raises :class:`DocumentRejected`."""
    verdict = _run(path, settings, "--index-text")
    pages, text = verdict.get("pages"), verdict.get("text")
    if isinstance(pages, int) and isinstance(text, str):
        return pages, text
    raise DocumentRejected("The PDF was refused.")


def page_texts(path: Path, settings: Settings) -> list[str]:
    """The text of every page of the (already checked) PDF at ``path``, extracted with
    pypdf in the same resource-limited subprocess.  Raises :class:`DocumentRejected`."""
    verdict = _run(path, settings, "--text")
    texts = verdict.get("texts")
    if isinstance(texts, list) and all(isinstance(t, str) for t in texts):
        return texts
    raise DocumentRejected("The text of the PDF could not be read.")


def _run(path: Path, settings: Settings, *extra: str) -> dict[str, Any]:
    """Run this module on ``path`` under the limits; the ``ok`` verdict or a refusal."""
    seconds = settings.pdf_check_seconds
    return sandbox.run(
        "server.domain.pdf_check",
        [str(path.resolve()), f"--max-pages={settings.max_document_pages}", *extra],
        settings,
        too_slow=DocumentRejected(
            f"Checking the PDF took longer than the allowed {seconds:g} seconds. "
            "Re-save it with a standard PDF tool or split it, then upload it again."
        ),
        failed=DocumentRejected(
            "The PDF could not be checked within the server's memory limit. "
            "Re-save it with a standard PDF tool or split it, then upload it again."
        ),
        refused=lambda reason, _verdict: DocumentRejected(reason or "The PDF was refused."),
    )


# --- the checking program -------------------------------------------------------------


def _decode_streams(reader: PdfReader) -> None:
    """Decompress every stream in the file, one at a time, without keeping the result.

    Text extraction alone is not enough: pypdf skips a content stream it cannot decode
    (a decompression bomb included) and never touches images.  Streams whose filter
    pypdf cannot decode (JBIG2 without jbig2dec, ...) are left to the renderer;
    exceeding a decompression limit is not.
    """
    from pypdf.errors import DependencyError, LimitReachedError
    from pypdf.filters import decode_stream_data
    from pypdf.generic import IndirectObject, StreamObject

    for generation, entries in list(reader.xref.items()):
        for number in list(entries):
            obj = reader.get_object(IndirectObject(number, generation, reader))
            if not isinstance(obj, StreamObject):
                continue
            try:
                decode_stream_data(obj)
            except (LimitReachedError, MemoryError):
                raise
            except (DependencyError, NotImplementedError):
                continue


def check(
    path: str, max_pages: int, *, keep_text: bool = False, index_text: bool = False
) -> dict[str, Any]:
    """The verdict on the PDF at ``path`` (no limits applied here: see :func:`main`);
    with ``keep_text`` an ``ok`` verdict also has ``texts``, the text of every page;
    with ``index_text``, ``text``: all pages' text for the archive index (capped)."""
    with open(path, "rb") as fh:
        head = fh.read(HEADER_WINDOW)
    if b"%PDF-" not in head:
        return {"ok": False, "reason": "The file is not a PDF. Upload a PDF document."}

    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError, LimitReachedError

    try:
        reader = PdfReader(path, strict=False)
        if reader.is_encrypted:
            return {
                "ok": False,
                "reason": "The file is encrypted (password-protected). Upload an unprotected PDF.",
            }
        pages = len(reader.pages)
        if pages == 0:
            return {"ok": False, "reason": "The PDF has no pages. Upload a complete document."}
        if pages > max_pages:
            return {
                "ok": False,
                "reason": f"The PDF has {pages} pages; at most {max_pages} are allowed. "
                "Split it into several documents.",
            }
        _decode_streams(reader)
        texts = [page.extract_text() for page in reader.pages]
    except FileNotDecryptedError:
        return {
            "ok": False,
            "reason": "The file is encrypted (password-protected). Upload an unprotected PDF.",
        }
    except LimitReachedError:
        return {
            "ok": False,
            "reason": "The PDF expands to far more data than allowed when decompressed "
            "(a possible decompression bomb). Re-save it with a standard PDF tool.",
        }
    except MemoryError:
        return {
            "ok": False,
            "reason": "Checking the PDF needed more memory than allowed. "
            "Re-save it with a standard PDF tool or split it.",
        }
    except RecursionError:
        return {
            "ok": False,
            "reason": "The PDF is nested too deeply to be read safely. "
            "Re-save it with a standard PDF tool.",
        }
    except Exception as exc:  # whatever else the parser raises means a damaged file
        detail = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else type(exc).__name__
        return {
            "ok": False,
            "reason": f"The PDF is damaged and cannot be read ({detail}). "
            "Re-save it with a standard PDF tool and upload it again.",
        }
    extra: dict[str, Any] = {"texts": texts} if keep_text else {}
    if index_text:
        extra["text"] = "\n\n".join(texts)[:INDEX_TEXT_LIMIT]
    return {"ok": True, "pages": pages, **extra}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path")
    parser.add_argument("--max-pages", type=int, required=True)
    sandbox.add_limit_arguments(parser)
    parser.add_argument("--text", action="store_true", help="print the text of every page")
    parser.add_argument("--index-text", action="store_true", help="print the text to index")
    args = parser.parse_args(argv)
    sandbox.limit_self(args)
    logging.disable(logging.CRITICAL)
    try:
        sandbox.print_verdict(
            check(args.path, args.max_pages, keep_text=args.text, index_text=args.index_text)
        )
    except MemoryError:
        sandbox.print_verdict(
            {
                "ok": False,
                "reason": "Checking the PDF needed more memory than allowed. "
                "Re-save it with a standard PDF tool or split it.",
            }
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
