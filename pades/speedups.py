"""Faster equivalents of two pure-Python hot spots of pyHanko, for the duration of a
validation.

Profiling the validation of a signed and sealed decision (``bench/signing.py``) shows
two loops that cost a quarter of the time without deciding anything:

* ``pyhanko.pdf_utils.generic.read_hex_string_from_stream`` reads a hex string one
  byte at a time through a generator: a signature's ``/Contents`` (8–32 KiB of hex,
  mostly zero padding) takes ~4 ms each.  :func:`_read_hex_string` finds the closing
  ``>`` with one ``find``, checks the body with one regular expression and decodes it
  with ``binascii``; whenever the body holds anything but hex digits and PDF
  whitespace (a comment, a bad byte) or the stream ends first, it rewinds and hands
  the string to pyHanko's own function, so errors and corner cases stay pyHanko's.
* ``asn1crypto.x509.NameTypeAndValue._ldap_string_prep`` (RFC 4518 preparation of
  every name attribute compared while matching issuers and building paths) is
  recomputed for each freshly parsed certificate, though it depends on the string
  only; :func:`_ldap_string_prep` memoises it (bounded).

Both return exactly what the originals return for every input (``tests/pades``
compares them on generated inputs).  They are swapped in only inside
:func:`faster_pyhanko` and swapped back when the last user leaves, so code outside a
validation (and a benchmark's bare-pyHanko baseline) runs pyHanko untouched.  The swap
is thread-safe; a thread that reads a PDF while another validates gets an equivalent
function either way.
"""

from __future__ import annotations

import binascii
import functools
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from asn1crypto import x509 as asn1_x509
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.misc import PDF_WHITESPACE

_ORIGINAL_HEX = generic.read_hex_string_from_stream
_ORIGINAL_PREP: Callable[[Any, str], str] = asn1_x509.NameTypeAndValue._ldap_string_prep
_HEX_BODY = re.compile(rb"[0-9A-Fa-f \n\r\t\f\x00]*")
_CHUNK = 64 * 1024


def _read_hex_string(stream: Any) -> Any:
    """``generic.read_hex_string_from_stream`` without the per-byte loop."""
    start = stream.tell()
    stream.read(1)  # the opening "<", as the original
    parts: list[bytes] = []
    while True:
        chunk = stream.read(_CHUNK)
        if not chunk:  # unterminated: the original raises its own error
            stream.seek(start)
            return _ORIGINAL_HEX(stream)
        end = chunk.find(b">")
        if end >= 0:
            parts.append(chunk[:end])
            break
        parts.append(chunk)
    body = b"".join(parts)
    if _HEX_BODY.fullmatch(body) is None:  # a comment or a stray byte: pyHanko decides
        stream.seek(start)
        return _ORIGINAL_HEX(stream)
    stream.seek(start + len(body) + 2)
    digits = body.translate(None, PDF_WHITESPACE)
    if len(digits) % 2:
        digits += b"0"
    return generic.pdf_string(binascii.unhexlify(digits))


@functools.lru_cache(maxsize=4096)
def _prepared(value: str) -> str:
    return _ORIGINAL_PREP(None, value)


def _ldap_string_prep(self: Any, value: str) -> str:
    """``NameTypeAndValue._ldap_string_prep``, memoised (it does not use ``self``)."""
    return _prepared(value)


class _Swap:
    """Counts the validations in progress; installs the fast functions for the first and
    restores pyHanko's for the last."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._users = 0

    @contextmanager
    def active(self) -> Iterator[None]:
        with self._lock:
            if self._users == 0:
                generic.read_hex_string_from_stream = _read_hex_string
                asn1_x509.NameTypeAndValue._ldap_string_prep = _ldap_string_prep
            self._users += 1
        try:
            yield
        finally:
            with self._lock:
                self._users -= 1
                if self._users == 0:
                    generic.read_hex_string_from_stream = _ORIGINAL_HEX
                    asn1_x509.NameTypeAndValue._ldap_string_prep = _ORIGINAL_PREP


_SWAP = _Swap()


def faster_pyhanko() -> Any:
    """Context manager: pyHanko with the equivalents above while it is open."""
    return _SWAP.active()


def pyhanko_is_untouched() -> bool:
    """True when pyHanko's own functions are in place (no validation in progress)."""
    return (
        generic.read_hex_string_from_stream is _ORIGINAL_HEX
        and asn1_x509.NameTypeAndValue._ldap_string_prep is _ORIGINAL_PREP
    )


__all__ = ["faster_pyhanko", "pyhanko_is_untouched"]
