"""Named permissions: who holds each one, and the readable refusal for who does not."""

from __future__ import annotations

from itertools import product

import pytest

from protocol.errors import PermissionDenied
from protocol.permissions import (
    DESCRIPTIONS,
    GLOBAL,
    MEETING,
    VOTING_ROLES,
    MeetingRole,
    Role,
    global_permissions,
    meeting_permissions,
    require,
)

MEETING_CASES = [
    pytest.param(perm, role, id=f"{perm}-{role}") for perm, role in product(MEETING, MeetingRole)
]
GLOBAL_CASES = [
    pytest.param(perm, role, id=f"{perm}-{role}") for perm, role in product(GLOBAL, Role)
]


def _assert_denied(held: frozenset[str], perm: str) -> None:
    with pytest.raises(PermissionDenied) as err:
        require(held, perm)
    assert err.value.code == "permission.denied"
    assert perm in err.value.message
    assert DESCRIPTIONS[perm] in err.value.message
    assert err.value.message.startswith("You are not allowed to ")


@pytest.mark.parametrize(("perm", "role"), MEETING_CASES)
def test_meeting_permission_follows_the_meeting_role(perm: str, role: MeetingRole) -> None:
    held = meeting_permissions(role, [])
    if role in MEETING[perm]:
        require(held, perm)
    else:
        _assert_denied(held, perm)


@pytest.mark.parametrize("perm", sorted(MEETING))
def test_every_meeting_permission_has_a_holder_and_a_denied_twin(perm: str) -> None:
    holders = [r for r in MeetingRole if perm in meeting_permissions(r, [])]
    assert holders, f"no meeting role holds {perm}"
    outsider = meeting_permissions(None, [Role.MEMBER, Role.CHAIR, Role.ADMIN])
    _assert_denied(outsider, perm)


@pytest.mark.parametrize(("perm", "role"), GLOBAL_CASES)
def test_global_permission_follows_the_account_role(perm: str, role: Role) -> None:
    held = global_permissions([role])
    if role in GLOBAL[perm]:
        require(held, perm)
    else:
        _assert_denied(held, perm)


def test_every_permission_is_described() -> None:
    assert set(DESCRIPTIONS) == set(MEETING) | set(GLOBAL)


def test_global_secretariat_prepares_any_meeting() -> None:
    secretariat_perms = {p for p, roles in MEETING.items() if MeetingRole.SECRETARIAT in roles}
    for meeting_role in (None, *MeetingRole):
        held = meeting_permissions(meeting_role, [Role.SECRETARIAT])
        for perm in secretariat_perms:
            require(held, perm)


def test_global_secretariat_does_not_run_the_meeting() -> None:
    held = meeting_permissions(None, [Role.SECRETARIAT])
    for perm in ("meeting.run", "poll.can_manage", "poll.vote", "floor.manage"):
        _assert_denied(held, perm)


def test_global_chair_or_member_is_nobody_in_a_meeting_they_are_not_in() -> None:
    assert meeting_permissions(None, [Role.CHAIR, Role.MEMBER, Role.ARCHIVIST]) == frozenset()


def test_meeting_role_adds_to_global_secretariat() -> None:
    chair_and_secretariat = meeting_permissions(MeetingRole.CHAIR, [Role.SECRETARIAT])
    require(chair_and_secretariat, "meeting.run")
    require(chair_and_secretariat, "agenda.manage")


def test_admin_manages_accounts_but_does_not_create_meetings() -> None:
    held = global_permissions([Role.ADMIN])
    require(held, "user.manage")
    _assert_denied(held, "meeting.create")
    require(global_permissions([Role.SECRETARIAT]), "meeting.create")


def test_unknown_roles_grant_nothing() -> None:
    assert global_permissions(["superuser", "root"]) == frozenset()
    assert meeting_permissions("emperor", ["superuser"]) == frozenset()


def test_guests_may_follow_but_not_vote_or_mark_positions() -> None:
    held = meeting_permissions(MeetingRole.GUEST, [])
    require(held, "meeting.view")
    require(held, "floor.request")
    _assert_denied(held, "poll.vote")
    _assert_denied(held, "position.mark")


def test_only_voting_roles_vote() -> None:
    voters = {r for r in MeetingRole if "poll.vote" in meeting_permissions(r, [])}
    assert voters == VOTING_ROLES
