"""Sessions, users and organisation units; the shape of a user's contacts."""

from __future__ import annotations

import re

import msgspec

from protocol.envelope import Command
from protocol.errors import InvalidInput

_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_EMAIL = re.compile(rf"({_ATOM}(?:\.{_ATOM})*)@((?:{_LABEL}\.)+[A-Za-z]{{2,63}})")
_PHONE_SEPARATORS = re.compile(r"[\s.()-]")
#: After the country code 84: a mobile number (03x, 05x, 07x, 08x, 09x: 9 digits) or a
#: landline (02x area code: 10 digits).
_VN_NUMBER = re.compile(r"[35789]\d{8}|2\d{9}")


def normalise_email(text: str | None) -> str | None:
    """``text`` as an e-mail address (domain in lower case), None when blank; raises
    :class:`InvalidInput` when it does not have the shape ``name@domain.tld``."""
    if text is None or not text.strip():
        return None
    match = _EMAIL.fullmatch(text.strip())
    if match is None or len(match[0]) > 254 or len(match[1]) > 64:
        raise InvalidInput(
            f"{text.strip()!r} is not an e-mail address. Write it as name@domain, for "
            "example nguyenvana@chinhphu.gov.vn."
        )
    return f"{match[1]}@{match[2].lower()}"


def normalise_phone(text: str | None) -> str | None:
    """``text`` as a Vietnamese phone number in international form (``+84912345678``),
    None when blank; accepts ``0912345678``, ``+84912345678``, ``0084…`` and spaces,
    dots or dashes between digits.  Raises :class:`InvalidInput` otherwise."""
    if text is None or not text.strip():
        return None
    digits = _PHONE_SEPARATORS.sub("", text.strip())
    if digits.startswith(("+84", "0084")):
        # "+84 0912…": the trunk 0 written after the country code is dropped
        national = digits.removeprefix("+").removeprefix("00")[2:].removeprefix("0")
    elif digits.startswith("0"):
        national = digits[1:]
    else:
        national = ""
    if _VN_NUMBER.fullmatch(national) is None:
        raise InvalidInput(
            f"{text.strip()!r} is not a Vietnamese phone number. Write a mobile number as "
            "0912345678 or +84912345678 (a landline as 02438251234)."
        )
    return "+84" + national


class UserInfo(msgspec.Struct, kw_only=True, frozen=True):
    id: int
    username: str
    full_name: str
    position_title: str
    unit_id: int | None
    unit_name: str | None
    roles: list[str]
    clearance: str = "thuong"
    disabled: bool = False
    #: Contacts (the phone as +84…): only in one's own info and for administrators.
    email: str | None = None
    phone: str | None = None


class UnitInfo(msgspec.Struct, kw_only=True, frozen=True):
    id: int
    name: str
    parent_id: int | None = None


class SessionLogin(Command, tag="session.login", frozen=True):
    username: str
    password: str

    secret_fields = ("password",)


class SessionResume(Command, tag="session.resume", frozen=True):
    token: str

    secret_fields = ("token",)


class SessionLogout(Command, tag="session.logout", frozen=True):
    pass


class UserCreate(Command, tag="user.create", frozen=True):
    username: str
    full_name: str
    password: str
    roles: list[str]
    position_title: str = ""
    unit_id: int | None = None
    clearance: str = "thuong"
    email: str | None = None
    phone: str | None = None

    secret_fields = ("password",)


class UserDisable(Command, tag="user.disable", frozen=True):
    user_id: int


class UserEnable(Command, tag="user.enable", frozen=True):
    user_id: int


class UserResetPassword(Command, tag="user.reset_password", frozen=True):
    user_id: int
    new_password: str

    secret_fields = ("new_password",)


class UserList(Command, tag="user.list", frozen=True):
    pass


class UserSetContacts(Command, tag="user.set_contacts", frozen=True):
    """Set the e-mail address and phone number that reminders go to (the notify hook);
    null or empty clears one.  ``user_id`` null: one's own; another user's needs
    ``user.manage``.  The phone is stored as +84…."""

    user_id: int | None = None
    email: str | None = None
    phone: str | None = None


class UnitCreate(Command, tag="unit.create", frozen=True):
    name: str
    parent_id: int | None = None


class UnitList(Command, tag="unit.list", frozen=True):
    pass
