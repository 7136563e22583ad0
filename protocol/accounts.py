"""Sessions, users and organisation units."""

from __future__ import annotations

import msgspec

from protocol.envelope import Command


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


class UnitCreate(Command, tag="unit.create", frozen=True):
    name: str
    parent_id: int | None = None


class UnitList(Command, tag="unit.list", frozen=True):
    pass
