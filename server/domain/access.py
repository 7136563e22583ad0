"""Who may do what in a meeting: the meeting role, substitutes, clearance."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from protocol.errors import NotFound, PermissionDenied
from protocol.meeting_state import CLASSIFICATION_LABELS, CLASSIFICATION_RANK, Classification
from protocol.permissions import MeetingRole, meeting_permissions, require
from server.domain.context import Actor, Ctx
from server.store.models import Meeting, Participant


@dataclass(frozen=True)
class Access:
    meeting: Meeting
    #: The actor's own participant row, if invited.
    participant: Participant | None
    #: The row of the member the actor substitutes for, if any.
    substitute_for: Participant | None
    perms: frozenset[str]
    actor: Actor

    @property
    def manager(self) -> bool:
        """Chair or secretariat: sees summaries meant for those who run the meeting."""
        return "position.view_summary" in self.perms

    @property
    def role(self) -> str | None:
        if self.participant is not None:
            return self.participant.role
        if self.substitute_for is not None:
            return "substitute"
        return None

    def require(self, name: str) -> None:
        require(self.perms, name)


def get_meeting(session: Session, meeting_id: int, *, lock: bool = False) -> Meeting:
    meeting = session.get(Meeting, meeting_id, with_for_update=lock)
    if meeting is None:
        raise NotFound(f"Meeting {meeting_id} does not exist.")
    return meeting


def clearance_allows(clearance: str, classification: str) -> bool:
    return (
        CLASSIFICATION_RANK[Classification(clearance)]
        >= CLASSIFICATION_RANK[Classification(classification)]
    )


def access_of(session: Session, actor: Actor, meeting: Meeting) -> Access:
    participant = session.scalar(
        select(Participant).where(
            Participant.meeting_id == meeting.id, Participant.user_id == actor.user_id
        )
    )
    substitute_for = None
    if participant is None:
        substitute_for = session.scalar(
            select(Participant).where(
                Participant.meeting_id == meeting.id,
                Participant.substitute_user_id == actor.user_id,
            )
        )
    if participant is not None:
        role: str | None = participant.role
    elif substitute_for is not None:
        role = MeetingRole.MEMBER
    else:
        role = None
    perms = meeting_permissions(role, actor.roles)
    if substitute_for is not None and participant is None:
        perms = perms - {"poll.vote", "position.mark"}
        if substitute_for.vote_delegated:
            perms = perms | {"poll.vote"}
    if participant is not None and participant.removed:
        perms = frozenset()
    return Access(meeting, participant, substitute_for, perms, actor)


def meeting_access(
    ctx: Ctx, meeting_id: int, permission: str | None = "meeting.view", *, lock: bool = False
) -> Access:
    """Load the meeting and the actor's rights in it; refuse if it is not theirs to see."""
    meeting = get_meeting(ctx.session, meeting_id, lock=lock)
    access = access_of(ctx.session, ctx.user, meeting)
    if "meeting.view" not in access.perms:
        if access.participant is not None and access.participant.removed:
            raise PermissionDenied("The chair removed you from this meeting.")
        raise NotFound(f"Meeting {meeting_id} does not exist or you are not invited to it.")
    if not clearance_allows(ctx.user.clearance, meeting.classification):
        label = CLASSIFICATION_LABELS[Classification(meeting.classification)]
        raise PermissionDenied(
            f"This meeting is classified {label}; your clearance does not allow access to it."
        )
    if permission is not None:
        access.require(permission)
    return access
