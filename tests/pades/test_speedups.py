"""The fast stand-ins of ``pades.speedups`` answer exactly what pyHanko's own functions
answer, and they are in place only while a validation runs."""

from __future__ import annotations

import threading
from io import BytesIO

from asn1crypto import x509 as asn1_x509
from hypothesis import given, settings
from hypothesis import strategies as st
from pyhanko.pdf_utils import generic

from pades import speedups
from pades.speedups import faster_pyhanko, pyhanko_is_untouched

#: Hex digits, PDF whitespace, and the bytes that make a hex string special or wrong.
_ALPHABET = b"0123456789abcdefABCDEF \n\r\t\f\x00%>Gz<(/"


def _outcome(read, data: bytes):  # type: ignore[no-untyped-def]
    stream = BytesIO(data)
    try:
        value = read(stream)
    except Exception as exc:
        return ("error", type(exc).__name__, str(exc), stream.tell())
    return ("ok", type(value).__name__, repr(value), bytes(value.original_bytes), stream.tell())


@settings(max_examples=600, deadline=None)
@given(
    body=st.binary(max_size=80).map(lambda b: bytes(_ALPHABET[x % len(_ALPHABET)] for x in b)),
    tail=st.sampled_from([b">", b">>", b"> 0 R", b"", b"\n>"]),
)
def test_hex_strings_read_the_same(body: bytes, tail: bytes) -> None:
    data = b"<" + body + tail
    assert _outcome(speedups._read_hex_string, data) == _outcome(speedups._ORIGINAL_HEX, data)


def test_a_signature_sized_hex_string_reads_the_same() -> None:
    body = (bytes(range(256)) * 40).hex().encode() + b"0" * 16000
    wrapped = b"\n".join(body[i : i + 255] for i in range(0, len(body), 255))
    for data in (b"<" + body + b">", b"<" + wrapped + b"7>", b"<" + body + b"%x\n>"):
        assert _outcome(speedups._read_hex_string, data) == _outcome(speedups._ORIGINAL_HEX, data)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=30))
def test_name_preparation_is_the_same(value: str) -> None:
    def prep(fn):  # type: ignore[no-untyped-def]
        try:
            return ("ok", fn(None, value))
        except ValueError as exc:
            return ("error", str(exc))

    assert prep(speedups._ldap_string_prep) == prep(speedups._ORIGINAL_PREP)


def test_names_compare_as_before_inside_and_outside() -> None:
    a = asn1_x509.Name.build({"common_name": "Văn  phòng   Chính phủ", "country_name": "VN"})
    b = asn1_x509.Name.build({"common_name": "văn phòng chính phủ", "country_name": "VN"})
    outside = a == b
    with faster_pyhanko():
        a2 = asn1_x509.Name.build({"common_name": "Văn  phòng   Chính phủ", "country_name": "VN"})
        b2 = asn1_x509.Name.build({"common_name": "văn phòng chính phủ", "country_name": "VN"})
        assert (a2 == b2) == outside


def test_pyhanko_is_itself_again_after_every_validation() -> None:
    assert pyhanko_is_untouched()
    with faster_pyhanko():
        assert generic.read_hex_string_from_stream is speedups._read_hex_string
        with faster_pyhanko():  # nested (another validation in another thread)
            pass
        assert not pyhanko_is_untouched()
    assert pyhanko_is_untouched()

    inside = threading.Barrier(4)
    seen: list[bool] = []

    def worker() -> None:
        with faster_pyhanko():
            inside.wait(timeout=10)
            seen.append(pyhanko_is_untouched())

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert seen == [False] * 4
    assert pyhanko_is_untouched()
