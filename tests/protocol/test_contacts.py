"""The shape of a user's contacts: e-mail addresses and Vietnamese phone numbers."""

from __future__ import annotations

import pytest

from protocol.accounts import normalise_email, normalise_phone
from protocol.errors import InvalidInput


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("0912345678", "+84912345678"),
        ("+84912345678", "+84912345678"),
        ("0912 345 678", "+84912345678"),
        ("091.234.5678", "+84912345678"),
        ("+84-91-234-5678", "+84912345678"),
        ("0084912345678", "+84912345678"),
        ("+84 0912345678", "+84912345678"),
        ("0389123456", "+84389123456"),
        ("02438251234", "+842438251234"),
        ("", None),
        ("   ", None),
        (None, None),
    ],
)
def test_vietnamese_phone_numbers_are_stored_in_international_form(
    written: str | None, stored: str | None
) -> None:
    assert normalise_phone(written) == stored


@pytest.mark.parametrize(
    "written",
    ["091234567", "09123456789", "0112345678", "+8491234567", "+1 202 555 0100", "912345678",
     "số điện thoại", "0912-345-67x"],
)  # fmt: skip
def test_anything_else_is_refused_with_the_expected_form(written: str) -> None:
    with pytest.raises(InvalidInput, match="not a Vietnamese phone number") as refused:
        normalise_phone(written)
    assert "0912345678 or +84912345678" in refused.value.message


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("nguyenvana@chinhphu.gov.vn", "nguyenvana@chinhphu.gov.vn"),
        ("  Nguyen.Van.A@ChinhPhu.Gov.VN ", "Nguyen.Van.A@chinhphu.gov.vn"),
        ("van-thu+nhac@mof.gov.vn", "van-thu+nhac@mof.gov.vn"),
        ("", None),
        (None, None),
    ],
)
def test_email_addresses_keep_their_name_and_lower_their_domain(
    written: str | None, stored: str | None
) -> None:
    assert normalise_email(written) == stored


@pytest.mark.parametrize(
    "written",
    ["nguyenvana", "nguyenvana@", "@chinhphu.gov.vn", "a@b", "a@@b.vn", "a b@c.vn", ".a@b.vn",
     "a..b@c.vn", "a@-b.vn", "a@b.v", "nguyễn@chinhphu.gov.vn", "x" * 65 + "@chinhphu.gov.vn"],
)  # fmt: skip
def test_malformed_email_addresses_are_refused(written: str) -> None:
    with pytest.raises(InvalidInput, match="not an e-mail address"):
        normalise_email(written)
