"""Named permissions and the roles that grant them.

Permissions are checked in the server's domain layer, never in a widget.  A user
holds *global roles* (from their account) and, per meeting, one *meeting role*.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from protocol.errors import PermissionDenied


class Role(StrEnum):
    ADMIN = "admin"
    SECRETARIAT = "secretariat"
    CHAIR = "chair"
    MEMBER = "member"
    ARCHIVIST = "archivist"
    #: Văn thư: the clerical office that applies the organisation seal.
    CLERK = "clerk"
    GUEST = "guest"


class MeetingRole(StrEnum):
    CHAIR = "chair"
    MEMBER = "member"
    GUEST = "guest"
    SECRETARIAT = "secretariat"


#: Roles whose holders are members of the body (they count for the majority rule).
VOTING_ROLES = frozenset({MeetingRole.CHAIR, MeetingRole.MEMBER})

GLOBAL: dict[str, frozenset[Role]] = {
    "user.manage": frozenset({Role.ADMIN}),
    "unit.manage": frozenset({Role.ADMIN}),
    "user.list": frozenset({Role.ADMIN, Role.SECRETARIAT, Role.CHAIR}),
    "meeting.create": frozenset({Role.SECRETARIAT}),
    "archive.read": frozenset({Role.ARCHIVIST}),
    "archive.export": frozenset({Role.ARCHIVIST}),
    "record.verify": frozenset({Role.ADMIN, Role.ARCHIVIST}),
    "certificate.request": frozenset(
        {Role.ADMIN, Role.SECRETARIAT, Role.CHAIR, Role.MEMBER, Role.ARCHIVIST, Role.CLERK}
    ),
    "certificate.manage": frozenset({Role.ADMIN}),
    "seal.apply": frozenset({Role.CLERK}),
    "consultation.manage": frozenset({Role.SECRETARIAT}),
}

MEETING: dict[str, frozenset[MeetingRole]] = {
    "meeting.view": frozenset(MeetingRole),
    "meeting.edit": frozenset({MeetingRole.SECRETARIAT}),
    "meeting.run": frozenset({MeetingRole.CHAIR}),
    "participant.manage": frozenset({MeetingRole.SECRETARIAT}),
    "agenda.manage": frozenset({MeetingRole.SECRETARIAT}),
    "agenda.steer": frozenset({MeetingRole.CHAIR}),
    "document.upload": frozenset({MeetingRole.SECRETARIAT}),
    "document.read": frozenset(MeetingRole),
    "position.mark": frozenset({MeetingRole.CHAIR, MeetingRole.MEMBER}),
    "position.view_summary": frozenset({MeetingRole.CHAIR, MeetingRole.SECRETARIAT}),
    "presenter.control": frozenset({MeetingRole.CHAIR}),
    "floor.request": frozenset({MeetingRole.CHAIR, MeetingRole.MEMBER, MeetingRole.GUEST}),
    "floor.manage": frozenset({MeetingRole.CHAIR}),
    "lobby.manage": frozenset({MeetingRole.CHAIR}),
    "participant.remove": frozenset({MeetingRole.CHAIR}),
    "poll.can_manage": frozenset({MeetingRole.CHAIR}),
    "poll.can_prepare": frozenset({MeetingRole.CHAIR, MeetingRole.SECRETARIAT}),
    "poll.vote": frozenset({MeetingRole.CHAIR, MeetingRole.MEMBER}),
    "minutes.edit": frozenset({MeetingRole.SECRETARIAT}),
    "minutes.sign": frozenset({MeetingRole.CHAIR}),
    "decision.prepare": frozenset({MeetingRole.SECRETARIAT}),
    "media.join": frozenset(MeetingRole),
    "media.moderate": frozenset({MeetingRole.CHAIR}),
}

#: The global secretariat prepares every meeting as if it were its secretariat.
_GLOBAL_SECRETARIAT_EXTRA = frozenset(
    name for name, roles in MEETING.items() if MeetingRole.SECRETARIAT in roles
)

DESCRIPTIONS: dict[str, str] = {
    "user.manage": "manage user accounts",
    "unit.manage": "manage organisation units",
    "user.list": "list user accounts",
    "meeting.create": "create meetings",
    "archive.read": "search the archive",
    "archive.export": "export archive packages",
    "record.verify": "verify the tamper-evident record",
    "certificate.request": "request a signing certificate",
    "certificate.manage": "issue and revoke certificates",
    "seal.apply": "apply the organisation seal (văn thư)",
    "consultation.manage": "send and compile opinion polls",
    "meeting.view": "see this meeting",
    "meeting.edit": "edit this meeting",
    "meeting.run": "run this meeting (chair)",
    "participant.manage": "change the participants",
    "agenda.manage": "edit the agenda",
    "agenda.steer": "move the current agenda item",
    "document.upload": "upload documents",
    "document.read": "read the documents",
    "position.mark": "mark a position on agenda items",
    "position.view_summary": "see the summary of positions",
    "presenter.control": "steer the shared page",
    "floor.request": "ask for the floor",
    "floor.manage": "manage the list of speakers",
    "lobby.manage": "admit guests from the lobby",
    "participant.remove": "remove participants",
    "poll.can_manage": "open, close and publish votes",
    "poll.can_prepare": "prepare votes",
    "poll.vote": "vote",
    "minutes.edit": "draft and edit the minutes",
    "minutes.sign": "sign the minutes",
    "decision.prepare": "prepare decisions for signing",
    "media.join": "see and hear the meeting (audio and video)",
    "media.moderate": "mute participants' audio and video (chair)",
}


def global_permissions(roles: Iterable[str]) -> frozenset[str]:
    held = {Role(r) for r in roles if r in Role._value2member_map_}
    return frozenset(name for name, granted in GLOBAL.items() if held & granted)


def meeting_permissions(meeting_role: str | None, roles: Iterable[str]) -> frozenset[str]:
    """Permissions a user has in one meeting, from their meeting role and global roles."""
    perms: set[str] = set()
    if meeting_role is not None and meeting_role in MeetingRole._value2member_map_:
        role = MeetingRole(meeting_role)
        perms.update(name for name, granted in MEETING.items() if role in granted)
    if Role.SECRETARIAT in set(roles):
        perms.update(_GLOBAL_SECRETARIAT_EXTRA)
    return frozenset(perms)


def require(held: frozenset[str], name: str) -> None:
    """Raise :class:`PermissionDenied` with a readable reason unless ``name`` is held."""
    if name not in held:
        what = DESCRIPTIONS.get(name, name)
        raise PermissionDenied(
            f"You are not allowed to {what} ({name}). Ask the meeting secretariat if you "
            "believe you should be."
        )
