"""Accounts: login with lockout, session tokens with idle and absolute expiry, users, units."""

from __future__ import annotations

import hashlib
import os
import secrets
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from protocol import accounts as msg
from protocol.errors import (
    AccountDisabled,
    AccountLocked,
    AuthenticationFailed,
    Conflict,
    InvalidInput,
    NotFound,
    PermissionDenied,
    SessionExpired,
)
from protocol.meeting_state import Classification
from protocol.permissions import Role, global_permissions, require
from server.domain.context import (
    Actor,
    Authenticated,
    Ctx,
    DisconnectUser,
    KeepChanges,
    LoggedOut,
    utcnow,
)
from server.domain.dispatch import handles
from server.domain.settings import Settings
from server.store.models import AuthSession, Unit, User


def _make_hasher() -> PasswordHasher:
    """argon2id with the library's defaults; ``ECABINET_FAST_HASH=1`` (the test suite)
    selects argon2's cheapest profile so that hundreds of test logins stay fast."""
    if os.environ.get("ECABINET_FAST_HASH") == "1":
        from argon2.profiles import CHEAPEST

        return PasswordHasher.from_parameters(CHEAPEST)
    return PasswordHasher()


_hasher = _make_hasher()
MIN_PASSWORD = 8
#: The idle timer is written at most this often (not on every command).
TOUCH_EVERY = timedelta(seconds=30)


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise InvalidInput(f"A password needs at least {MIN_PASSWORD} characters.")
    return _hasher.hash(password)


def _aware(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def actor_of(user: User) -> Actor:
    return Actor(
        user_id=user.id,
        username=user.username,
        full_name=user.full_name,
        roles=frozenset(user.roles),
        clearance=user.clearance,
    )


def user_info(session: Session, user: User, *, contacts: bool = False) -> msg.UserInfo:
    """``contacts``: with the e-mail address and phone (one's own info, administrators)."""
    unit = session.get(Unit, user.unit_id) if user.unit_id else None
    return msg.UserInfo(
        id=user.id,
        username=user.username,
        full_name=user.full_name,
        position_title=user.position_title,
        unit_id=user.unit_id,
        unit_name=unit.name if unit else None,
        roles=list(user.roles),
        clearance=user.clearance,
        disabled=user.disabled,
        email=user.email if contacts else None,
        phone=user.phone if contacts else None,
    )


def _settings(ctx: Ctx) -> Settings:
    assert isinstance(ctx.settings, Settings), "the composition root passes Settings"
    return ctx.settings


@handles(msg.SessionLogin, anonymous=True, record=False)
def login(ctx: Ctx, cmd: msg.SessionLogin) -> dict[str, object]:
    settings = _settings(ctx)
    now = ctx.clock()
    user = ctx.session.scalar(select(User).where(User.username == cmd.username.strip().lower()))
    failure = AuthenticationFailed("Wrong user name or password. Check both and try again.")
    if user is None:
        _hasher.hash(cmd.password or "x")  # same cost as a real check: no user enumeration
        raise failure
    locked_until = _aware(user.locked_until)
    if locked_until is not None and locked_until > now:
        minutes = max(1, int((locked_until - now).total_seconds() // 60) + 1)
        raise AccountLocked(
            f"Too many wrong passwords: the account is locked for about {minutes} more "
            "minute(s). Try again later or ask an administrator to reset the password."
        )
    try:
        _hasher.verify(user.password_hash, cmd.password)
    except (VerificationError, InvalidHashError):
        user.failed_logins += 1
        if user.failed_logins >= settings.max_failed_logins:
            user.locked_until = now + settings.lockout
            user.failed_logins = 0
        # The failed attempt must count even though the command fails.
        raise KeepChanges(failure) from None
    if user.disabled:
        raise AccountDisabled("This account has been disabled. Contact the administrator.")
    user.failed_logins = 0
    user.locked_until = None
    token = secrets.token_urlsafe(32)
    ctx.session.add(
        AuthSession(
            token_hash=_token_hash(token),
            user_id=user.id,
            created_at=now,
            last_seen_at=now,
            expires_at=now + settings.session_absolute,
        )
    )
    actor = actor_of(user)
    ctx.effect(Authenticated(actor=actor, token=token))
    return {
        "token": token,
        "user": user_info(ctx.session, user, contacts=True),
        "permissions": sorted(global_permissions(user.roles)),
        "idle_timeout_s": int(settings.session_idle.total_seconds()),
    }


def check_token(session: Session, token: str, settings: Settings, now: datetime) -> User:
    """The user behind a live token, touching its idle timer; or a typed error."""
    row = session.get(AuthSession, _token_hash(token))
    if row is None or row.revoked:
        raise SessionExpired("Your session has ended. Log in again.")
    if _aware(row.expires_at) <= now:  # type: ignore[operator]
        raise SessionExpired("Your session has reached its maximum length. Log in again.")
    if _aware(row.last_seen_at) + settings.session_idle <= now:  # type: ignore[operator]
        raise SessionExpired("Your session expired after a period of inactivity. Log in again.")
    user = session.get(User, row.user_id)
    if user is None or user.disabled:
        raise AccountDisabled("This account has been disabled. Contact the administrator.")
    if now - _aware(row.last_seen_at) > TOUCH_EVERY:  # type: ignore[operator]
        row.last_seen_at = now
    return user


@handles(msg.SessionResume, anonymous=True, record=False)
def resume(ctx: Ctx, cmd: msg.SessionResume) -> dict[str, object]:
    user = check_token(ctx.session, cmd.token, _settings(ctx), ctx.clock())
    ctx.effect(Authenticated(actor=actor_of(user), token=cmd.token))
    return {
        "user": user_info(ctx.session, user, contacts=True),
        "permissions": sorted(global_permissions(user.roles)),
    }


def touch(session: Session, token: str, settings: Settings) -> Actor:
    """Re-validate a connection's token before a command (idle and absolute expiry)."""
    return actor_of(check_token(session, token, settings, utcnow()))


@handles(msg.SessionLogout, record=False)
def logout(ctx: Ctx, cmd: msg.SessionLogout) -> dict[str, object]:
    ctx.effect(LoggedOut())
    return {}


def revoke_token(session: Session, token: str) -> None:
    row = session.get(AuthSession, _token_hash(token))
    if row is not None:
        row.revoked = True


def _validate_roles(roles: list[str]) -> list[str]:
    unknown = [r for r in roles if r not in Role._value2member_map_]
    if unknown:
        raise InvalidInput(
            f"Unknown role(s): {', '.join(unknown)}. Known: {', '.join(r.value for r in Role)}."
        )
    return sorted(set(roles))


def create_user(
    session: Session,
    *,
    username: str,
    full_name: str,
    password: str,
    roles: list[str],
    position_title: str = "",
    unit_id: int | None = None,
    clearance: str = "thuong",
    email: str | None = None,
    phone: str | None = None,
    now: datetime | None = None,
) -> User:
    """A new account; ``email`` and ``phone`` are checked and normalised
    (:func:`protocol.accounts.normalise_email`, :func:`~protocol.accounts.normalise_phone`)."""
    username = username.strip().lower()
    if not username or not full_name.strip():
        raise InvalidInput("A user needs a user name and a full name.")
    if clearance not in Classification._value2member_map_:
        raise InvalidInput("Clearance must be one of: thuong, mat, toi_mat.")
    if session.scalar(select(User).where(User.username == username)) is not None:
        raise Conflict(f"The user name {username!r} is taken.")
    if unit_id is not None and session.get(Unit, unit_id) is None:
        raise NotFound(f"Organisation unit {unit_id} does not exist.")
    user = User(
        username=username,
        full_name=full_name.strip(),
        position_title=position_title,
        unit_id=unit_id,
        roles=_validate_roles(roles),
        clearance=clearance,
        email=msg.normalise_email(email),
        phone=msg.normalise_phone(phone),
        password_hash=hash_password(password),
        created_at=now or utcnow(),
    )
    session.add(user)
    session.flush()
    return user


@handles(msg.UserCreate)
def user_create(ctx: Ctx, cmd: msg.UserCreate) -> dict[str, object]:
    require(global_permissions(ctx.user.roles), "user.manage")
    user = create_user(
        ctx.session,
        username=cmd.username,
        full_name=cmd.full_name,
        password=cmd.password,
        roles=cmd.roles,
        position_title=cmd.position_title,
        unit_id=cmd.unit_id,
        clearance=cmd.clearance,
        email=cmd.email,
        phone=cmd.phone,
        now=ctx.clock(),
    )
    return {"user": user_info(ctx.session, user, contacts=True)}


def _target(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(f"User {user_id} does not exist.")
    return user


def disable_user(session: Session, user: User) -> None:
    """Disable an account and revoke all its sessions."""
    user.disabled = True
    for row in session.scalars(select(AuthSession).where(AuthSession.user_id == user.id)):
        row.revoked = True


@handles(msg.UserDisable)
def user_disable(ctx: Ctx, cmd: msg.UserDisable) -> dict[str, object]:
    require(global_permissions(ctx.user.roles), "user.manage")
    if cmd.user_id == ctx.user.user_id:
        raise InvalidInput("You cannot disable your own account.")
    user = _target(ctx.session, cmd.user_id)
    disable_user(ctx.session, user)
    ctx.effect(DisconnectUser(user.id, "Your account has been disabled by an administrator."))
    return {"user_id": user.id, "disabled": True}


@handles(msg.UserEnable)
def user_enable(ctx: Ctx, cmd: msg.UserEnable) -> dict[str, object]:
    require(global_permissions(ctx.user.roles), "user.manage")
    user = _target(ctx.session, cmd.user_id)
    user.disabled = False
    user.failed_logins = 0
    user.locked_until = None
    return {"user_id": user.id, "disabled": False}


def reset_password(session: Session, user: User, new_password: str) -> None:
    user.password_hash = hash_password(new_password)
    user.failed_logins = 0
    user.locked_until = None
    for row in session.scalars(select(AuthSession).where(AuthSession.user_id == user.id)):
        row.revoked = True


@handles(msg.UserResetPassword)
def user_reset_password(ctx: Ctx, cmd: msg.UserResetPassword) -> dict[str, object]:
    require(global_permissions(ctx.user.roles), "user.manage")
    user = _target(ctx.session, cmd.user_id)
    reset_password(ctx.session, user, cmd.new_password)
    ctx.effect(DisconnectUser(user.id, "Your password was reset. Log in with the new one."))
    return {"user_id": user.id}


@handles(msg.UserList, record=False)
def user_list(ctx: Ctx, cmd: msg.UserList) -> dict[str, object]:
    held = global_permissions(ctx.user.roles)
    require(held, "user.list")
    users = ctx.session.scalars(select(User).order_by(User.full_name))
    contacts = "user.manage" in held
    return {"users": [user_info(ctx.session, u, contacts=contacts) for u in users]}


def set_contacts(user: User, *, email: str | None, phone: str | None) -> None:
    """Set (None or blank: clear) a user's contacts, checked and normalised first."""
    email, phone = msg.normalise_email(email), msg.normalise_phone(phone)
    user.email, user.phone = email, phone


@handles(msg.UserSetContacts)
def user_set_contacts(ctx: Ctx, cmd: msg.UserSetContacts) -> dict[str, object]:
    """One's own contacts, or (``user.manage``) anyone's."""
    target = ctx.user.user_id if cmd.user_id is None else cmd.user_id
    if target != ctx.user.user_id and "user.manage" not in global_permissions(ctx.user.roles):
        raise PermissionDenied(
            "You can change only your own e-mail address and phone number; ask an "
            "administrator (user.manage) to change another user's."
        )
    user = _target(ctx.session, target)
    set_contacts(user, email=cmd.email, phone=cmd.phone)
    return {"user": user_info(ctx.session, user, contacts=True)}


def create_unit(session: Session, name: str, parent_id: int | None = None) -> Unit:
    name = name.strip()
    if not name:
        raise InvalidInput("An organisation unit needs a name.")
    if session.scalar(select(Unit).where(Unit.name == name)) is not None:
        raise Conflict(f"An organisation unit named {name!r} exists already.")
    if parent_id is not None and session.get(Unit, parent_id) is None:
        raise NotFound(f"Parent organisation unit {parent_id} does not exist.")
    unit = Unit(name=name, parent_id=parent_id)
    session.add(unit)
    session.flush()
    return unit


@handles(msg.UnitCreate)
def unit_create(ctx: Ctx, cmd: msg.UnitCreate) -> dict[str, object]:
    require(global_permissions(ctx.user.roles), "unit.manage")
    unit = create_unit(ctx.session, cmd.name, cmd.parent_id)
    return {"unit": msg.UnitInfo(id=unit.id, name=unit.name, parent_id=unit.parent_id)}


@handles(msg.UnitList, record=False)
def unit_list(ctx: Ctx, cmd: msg.UnitList) -> dict[str, object]:
    ctx.user  # noqa: B018 - logged-in users only
    units = ctx.session.scalars(select(Unit).order_by(Unit.name))
    return {"units": [msg.UnitInfo(id=u.id, name=u.name, parent_id=u.parent_id) for u in units]}
