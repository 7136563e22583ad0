"""Accounts through the domain: login and lockout, session expiry, users, units, the CLI.

Commands that need a logged-in user go through ``Runner._execute_token`` with a real
session token, as the transport does, so idle/absolute expiry and revocation apply.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from protocol import accounts as acc
from protocol.envelope import Command
from protocol.errors import (
    AccountDisabled,
    AccountLocked,
    AuthenticationFailed,
    Conflict,
    InvalidInput,
    NotAuthenticated,
    NotFound,
    PermissionDenied,
    SessionExpired,
)
from server.domain.context import Actor, utcnow
from server.store.models import AuthSession, User
from tests.harness import PASSWORD, Domain, cid

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def people(domain: Domain) -> dict[str, Actor]:
    return {
        "admin": domain.user("quantri", ["admin"]),
        "sec": domain.user("thuky", ["secretariat"]),
        "member": domain.user("botruong", ["member"], full_name="Bộ trưởng Nguyễn Văn A"),
    }


def login(domain: Domain, username: str, password: str = PASSWORD) -> dict[str, Any]:
    return domain.do(None, acc.SessionLogin, username=username, password=password)


def with_token(domain: Domain, token: str, command_type: type[Command], **fields: Any) -> Any:
    """Run a command as the transport does: the token is re-checked in the transaction."""
    command = command_type(id=cid(), **fields)
    return domain.runner.run_sync(domain.runner._execute_token, token, command).result


def change_sessions(domain: Domain, user_id: int, change: Callable[[AuthSession], None]) -> None:
    def apply(session: Session) -> None:
        for row in session.scalars(select(AuthSession).where(AuthSession.user_id == user_id)):
            change(row)

    domain.runner.run_sync(apply)


def time_passes(domain: Domain, user_id: int, by: timedelta) -> None:
    """Pretend ``by`` has passed for the user's sessions (every timestamp moves back)."""

    def back(row: AuthSession) -> None:
        row.created_at -= by
        row.last_seen_at -= by
        row.expires_at -= by

    change_sessions(domain, user_id, back)


# --- login -------------------------------------------------------------------------------


def test_login_returns_a_token_user_info_and_permissions(domain: Domain, people) -> None:
    unit = domain.do(people["admin"], acc.UnitCreate, name="Văn phòng Chính phủ")["unit"]
    domain.do(
        people["admin"],
        acc.UserCreate,
        username="PhoThuTuong",
        full_name="Trần Văn B",
        password="mot-mat-khau-dai",
        roles=["chair", "secretariat"],
        position_title="Phó Thủ tướng",
        unit_id=unit.id,
    )
    result = login(domain, "  phothutuong ", "mot-mat-khau-dai")
    assert result["token"]
    user = result["user"]
    assert (user.username, user.full_name, user.unit_name) == (
        "phothutuong",
        "Trần Văn B",
        "Văn phòng Chính phủ",
    )
    assert user.position_title == "Phó Thủ tướng"
    assert result["permissions"] == [
        "certificate.request",
        "consultation.manage",
        "meeting.create",
        "user.list",
    ]
    assert result["idle_timeout_s"] == 30 * 60
    assert with_token(domain, result["token"], acc.UnitList)["units"][0].name == unit.name


def test_wrong_password_and_unknown_user_fail_alike(domain: Domain, people) -> None:
    with pytest.raises(AuthenticationFailed) as wrong:
        login(domain, "botruong", "sai-mat-khau")
    with pytest.raises(AuthenticationFailed) as unknown:
        login(domain, "khong-ton-tai", PASSWORD)
    assert wrong.value.message == unknown.value.message, "no user enumeration"
    with pytest.raises(NotAuthenticated):
        domain.do(None, acc.UnitList)


def test_five_wrong_passwords_lock_the_account(domain: Domain, people) -> None:
    for _ in range(4):
        with pytest.raises(AuthenticationFailed):
            login(domain, "botruong", "sai-mat-khau")
    assert login(domain, "botruong")["token"], "four failures do not lock"
    for _ in range(4):  # the success reset the counter: four more still do not lock
        with pytest.raises(AuthenticationFailed):
            login(domain, "botruong", "sai-mat-khau")
    with pytest.raises(AuthenticationFailed):
        login(domain, "botruong", "sai-mat-khau")
    with pytest.raises(AccountLocked, match="locked for about 15 more minute"):
        login(domain, "botruong")
    with pytest.raises(AuthenticationFailed):
        login(domain, "thuky", "sai-mat-khau")  # other accounts are not affected
    assert login(domain, "thuky")["token"]

    def unlock_now(session: Session) -> None:
        user = session.scalar(select(User).where(User.username == "botruong"))
        assert user is not None
        user.locked_until = utcnow() - timedelta(seconds=1)

    domain.runner.run_sync(unlock_now)
    assert login(domain, "botruong")["token"], "the lock ends when its time is up"


@pytest.fixture
def short_lockout(database_url: str, tmp_path: Path) -> Iterator[Domain]:
    d = Domain(database_url, tmp_path / "data", lockout=timedelta(seconds=1))
    yield d
    d.close()


def test_lockout_lasts_as_long_as_the_setting_says(short_lockout: Domain) -> None:
    short_lockout.user("botruong", ["member"])
    for _ in range(5):
        with pytest.raises(AuthenticationFailed):
            login(short_lockout, "botruong", "sai-mat-khau")
    with pytest.raises(AccountLocked):
        login(short_lockout, "botruong")
    time.sleep(1.1)
    assert login(short_lockout, "botruong")["token"]


# --- session expiry ----------------------------------------------------------------------


def test_idle_session_expires_but_one_in_use_stays_alive(domain: Domain, people) -> None:
    uid = people["member"].user_id
    token = login(domain, "botruong")["token"]
    time_passes(domain, uid, timedelta(minutes=20))
    assert with_token(domain, token, acc.UnitList) == {"units": []}
    time_passes(domain, uid, timedelta(minutes=20))  # 40 min since login, 20 since last use
    assert with_token(domain, token, acc.UnitList) == {"units": []}
    time_passes(domain, uid, timedelta(minutes=31))
    with pytest.raises(SessionExpired, match="inactivity"):
        with_token(domain, token, acc.UnitList)
    with pytest.raises(SessionExpired):
        domain.do(None, acc.SessionResume, token=token)
    assert with_token(domain, login(domain, "botruong")["token"], acc.UnitList) == {"units": []}


def test_session_in_use_ends_at_its_absolute_expiry(domain: Domain, people) -> None:
    uid = people["member"].user_id
    token = login(domain, "botruong")["token"]
    for _ in range(12 * 3 - 1):  # used every 20 minutes for 11 h 40 min
        time_passes(domain, uid, timedelta(minutes=20))
        assert with_token(domain, token, acc.UnitList) == {"units": []}
    time_passes(domain, uid, timedelta(minutes=20))  # 12 hours since login
    with pytest.raises(SessionExpired, match="maximum length"):
        with_token(domain, token, acc.UnitList)
    with pytest.raises(SessionExpired, match="maximum length"):
        domain.do(None, acc.SessionResume, token=token)


# --- disable, enable, reset password ---------------------------------------------------------


def test_admin_disables_a_user_which_ends_their_sessions(domain: Domain, people) -> None:
    uid = people["member"].user_id
    token = login(domain, "botruong")["token"]
    admin_token = login(domain, "quantri")["token"]
    assert with_token(domain, admin_token, acc.UserDisable, user_id=uid)["disabled"]
    with pytest.raises(SessionExpired):
        with_token(domain, token, acc.UnitList)
    with pytest.raises(AccountDisabled):
        login(domain, "botruong")
    with pytest.raises(AuthenticationFailed):
        login(domain, "botruong", "sai-mat-khau")  # a wrong password still says only that
    listed = {u.username: u for u in domain.do(people["admin"], acc.UserList)["users"]}
    assert listed["botruong"].disabled
    domain.do(people["admin"], acc.UserEnable, user_id=uid)
    with pytest.raises(SessionExpired):
        with_token(domain, token, acc.UnitList)  # enabling does not revive old sessions
    assert with_token(domain, login(domain, "botruong")["token"], acc.UnitList) == {"units": []}


def test_non_admin_cannot_disable_or_enable(domain: Domain, people) -> None:
    uid = people["member"].user_id
    token = login(domain, "botruong")["token"]
    for actor in (people["sec"], people["member"]):
        with pytest.raises(PermissionDenied):
            domain.do(actor, acc.UserDisable, user_id=uid)
        with pytest.raises(PermissionDenied):
            domain.do(actor, acc.UserEnable, user_id=uid)
    assert with_token(domain, token, acc.UnitList) == {"units": []}
    assert login(domain, "botruong")["token"]


def test_admin_cannot_disable_themself_or_a_missing_user(domain: Domain, people) -> None:
    with pytest.raises(InvalidInput):
        domain.do(people["admin"], acc.UserDisable, user_id=people["admin"].user_id)
    with pytest.raises(NotFound):
        domain.do(people["admin"], acc.UserDisable, user_id=9999)
    assert login(domain, "quantri")["token"]


def test_reset_password_ends_sessions_and_swaps_the_password(domain: Domain, people) -> None:
    uid = people["member"].user_id
    token = login(domain, "botruong")["token"]
    with pytest.raises(InvalidInput, match="at least 8"):
        domain.do(people["admin"], acc.UserResetPassword, user_id=uid, new_password="ngan")
    assert with_token(domain, token, acc.UnitList) == {"units": []}, "a refused reset ends nothing"
    domain.do(people["admin"], acc.UserResetPassword, user_id=uid, new_password="mat-khau-moi")
    with pytest.raises(SessionExpired):
        with_token(domain, token, acc.UnitList)
    with pytest.raises(AuthenticationFailed):
        login(domain, "botruong")
    assert login(domain, "botruong", "mat-khau-moi")["token"]


def test_non_admin_cannot_reset_a_password(domain: Domain, people) -> None:
    token = login(domain, "botruong")["token"]
    with pytest.raises(PermissionDenied):
        domain.do(
            people["sec"],
            acc.UserResetPassword,
            user_id=people["member"].user_id,
            new_password="mat-khau-moi",
        )
    assert with_token(domain, token, acc.UnitList) == {"units": []}
    assert login(domain, "botruong")["token"]


def test_reset_clears_a_lock(domain: Domain, people) -> None:
    for _ in range(5):
        with pytest.raises(AuthenticationFailed):
            login(domain, "botruong", "sai-mat-khau")
    domain.do(
        people["admin"],
        acc.UserResetPassword,
        user_id=people["member"].user_id,
        new_password="mat-khau-moi",
    )
    assert login(domain, "botruong", "mat-khau-moi")["token"]


# --- users and units ---------------------------------------------------------------------


def _create(domain: Domain, actor: Actor, **fields: Any) -> Any:
    base: dict[str, Any] = {
        "username": "chuyenvien",
        "full_name": "Chuyên viên Lê Thị C",
        "password": "mat-khau-123",
        "roles": ["member"],
    }
    return domain.do(actor, acc.UserCreate, **(base | fields))


def test_user_create_validates_its_input(domain: Domain, people) -> None:
    admin = people["admin"]
    created = _create(domain, admin, clearance="mat")["user"]
    assert (created.username, created.clearance, created.roles) == ("chuyenvien", "mat", ["member"])
    with pytest.raises(Conflict):
        _create(domain, admin, username="ChuyenVien")
    with pytest.raises(InvalidInput, match="Unknown role"):
        _create(domain, admin, username="a1", roles=["member", "emperor"])
    with pytest.raises(InvalidInput, match="Clearance"):
        _create(domain, admin, username="a2", clearance="top-secret")
    with pytest.raises(InvalidInput, match="at least 8"):
        _create(domain, admin, username="a3", password="1234567")
    with pytest.raises(InvalidInput):
        _create(domain, admin, username="   ")
    with pytest.raises(NotFound):
        _create(domain, admin, username="a4", unit_id=4242)
    names = {u.username for u in domain.do(admin, acc.UserList)["users"]}
    assert names == {"quantri", "thuky", "botruong", "chuyenvien"}


def test_only_an_admin_creates_users(domain: Domain, people) -> None:
    for actor in (people["sec"], people["member"]):
        with pytest.raises(PermissionDenied):
            _create(domain, actor)
    with pytest.raises(AuthenticationFailed):
        login(domain, "chuyenvien", "mat-khau-123")


def test_user_list_is_for_the_secretariat_not_members(domain: Domain, people) -> None:
    users = domain.do(people["sec"], acc.UserList)["users"]
    assert [u.full_name for u in users] == sorted(u.full_name for u in users)
    assert {u.username for u in users} == {"quantri", "thuky", "botruong"}
    assert all(not hasattr(u, "password_hash") for u in users)
    with pytest.raises(PermissionDenied):
        domain.do(people["member"], acc.UserList)


def test_admin_creates_units_and_everyone_lists_them(domain: Domain, people) -> None:
    admin = people["admin"]
    vpcp = domain.do(admin, acc.UnitCreate, name="Văn phòng Chính phủ")["unit"]
    child = domain.do(admin, acc.UnitCreate, name="Vụ Tổng hợp", parent_id=vpcp.id)["unit"]
    assert child.parent_id == vpcp.id
    with pytest.raises(Conflict):
        domain.do(admin, acc.UnitCreate, name=" Văn phòng Chính phủ ")
    with pytest.raises(InvalidInput):
        domain.do(admin, acc.UnitCreate, name="  ")
    with pytest.raises(NotFound):
        domain.do(admin, acc.UnitCreate, name="Vụ mồ côi", parent_id=4242)
    units = domain.do(people["member"], acc.UnitList)["units"]
    assert [u.name for u in units] == ["Văn phòng Chính phủ", "Vụ Tổng hợp"]


def test_non_admin_cannot_create_units(domain: Domain, people) -> None:
    for actor in (people["sec"], people["member"]):
        with pytest.raises(PermissionDenied):
            domain.do(actor, acc.UnitCreate, name="UBND tỉnh Đồng Nai")
    assert domain.do(people["admin"], acc.UnitList)["units"] == []


# --- the command line --------------------------------------------------------------------


def _cli(tmp_path: Path, database_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "server.app", args[0], "--data-dir", str(tmp_path / "cli")]
    command += ["--database", database_url, *args[1:]]
    env = os.environ | {"ECABINET_FAST_HASH": "1"}
    env.pop("ECABINET_PASSWORD", None)
    return subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=False
    )


def test_cli_creates_resets_and_disables_users(
    domain: Domain, database_url: str, tmp_path: Path
) -> None:
    made = _cli(
        tmp_path, database_url, "create-user", "--username", "Chanh.VP", "--full-name",
        "Chánh Văn phòng", "--role", "secretariat", "--role", "member",
        "--unit", "Văn phòng Chính phủ", "--password", "mat-khau-cli",
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    result = login(domain, "chanh.vp", "mat-khau-cli")
    assert result["user"].unit_name == "Văn phòng Chính phủ"
    assert result["user"].roles == ["member", "secretariat"]
    token = result["token"]

    short = _cli(tmp_path, database_url, "reset-password", "--username", "chanh.vp",
                 "--password", "ngan")  # fmt: skip
    assert short.returncode == 2 and "at least 8" in short.stderr
    assert login(domain, "chanh.vp", "mat-khau-cli")["token"], "a refused reset changes nothing"

    reset = _cli(tmp_path, database_url, "reset-password", "--username", "chanh.vp",
                 "--password", "mat-khau-moi")  # fmt: skip
    assert reset.returncode == 0, reset.stderr
    with pytest.raises(SessionExpired):
        with_token(domain, token, acc.UnitList)
    with pytest.raises(AuthenticationFailed):
        login(domain, "chanh.vp", "mat-khau-cli")
    token = login(domain, "chanh.vp", "mat-khau-moi")["token"]

    off = _cli(tmp_path, database_url, "disable-user", "--username", "chanh.vp")
    assert off.returncode == 0, off.stderr
    with pytest.raises(SessionExpired):
        with_token(domain, token, acc.UnitList)
    with pytest.raises(AccountDisabled):
        login(domain, "chanh.vp", "mat-khau-moi")

    missing = _cli(tmp_path, database_url, "disable-user", "--username", "khong-co")
    assert missing.returncode != 0 and "No user named" in missing.stderr
