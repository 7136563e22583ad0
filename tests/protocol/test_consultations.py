"""Opinion polls, pure parts: the state table, the signed bytes, reminders, the rule."""

from __future__ import annotations

import json
import unicodedata
from datetime import datetime, timedelta

import pytest

from protocol.consultations import (
    VN_TZ,
    Answer,
    ConsultationState,
    ConsultationTally,
    canonical_ballot,
    clean_comment,
    compile_result,
    next_state,
    parse_time,
    reminder_threshold,
    vn_time,
)
from protocol.errors import InvalidInput, InvalidTransition
from protocol.voting import Outcome

S = ConsultationState


@pytest.mark.parametrize(
    ("state", "action", "after"),
    [
        (S.DRAFT, "send", S.SENT),
        (S.DRAFT, "cancel", S.CANCELLED),
        (S.SENT, "cancel", S.CANCELLED),
        (S.SENT, "compile", S.CLOSED),
    ],
)
def test_allowed_transitions(state: S, action: str, after: S) -> None:
    assert next_state(state, action) is after


@pytest.mark.parametrize(
    ("state", "action"),
    [
        (S.DRAFT, "compile"),
        (S.SENT, "send"),
        (S.CLOSED, "cancel"),
        (S.CLOSED, "compile"),
        (S.CANCELLED, "send"),
    ],
)
def test_illegal_transitions_name_what_is_possible(state: S, action: str) -> None:
    with pytest.raises(InvalidTransition, match="opinion poll"):
        next_state(state, action)


def test_canonical_ballot_is_deterministic_sorted_nfc_utf8() -> None:
    decomposed = unicodedata.normalize("NFD", "  Đề nghị bổ sung Điều 5  ")
    data = canonical_ballot(7, 3, "other", decomposed, "2026-12-01T09:00:00+07:00")
    assert data == canonical_ballot(
        7, 3, Answer.OTHER, "Đề nghị bổ sung Điều 5", "2026-12-01T09:00:00+07:00"
    )
    text = data.decode("utf-8")
    assert "Đề nghị bổ sung Điều 5" in text, "UTF-8, not \\u escapes, NFC"
    body = json.loads(text)
    assert list(body) == sorted(body)
    assert body == {
        "answered_at": "2026-12-01T09:00:00+07:00",
        "choice": "other",
        "comment": "Đề nghị bổ sung Điều 5",
        "consultation_id": 7,
        "kind": "ecabinet.consultation.ballot",
        "user_id": 3,
        "v": 1,
    }
    assert " " not in text.replace("Đề nghị bổ sung Điều 5", ""), "no insignificant spaces"


def test_every_field_changes_the_signed_bytes() -> None:
    base = (7, 3, "agree", "", "2026-12-01T09:00:00+07:00")
    variants = [
        (8, 3, "agree", "", "2026-12-01T09:00:00+07:00"),
        (7, 4, "agree", "", "2026-12-01T09:00:00+07:00"),
        (7, 3, "disagree", "", "2026-12-01T09:00:00+07:00"),
        (7, 3, "agree", "x", "2026-12-01T09:00:00+07:00"),
        (7, 3, "agree", "", "2026-12-01T09:00:01+07:00"),
    ]
    assert len({canonical_ballot(*v) for v in [base, *variants]}) == 6


def test_a_comment_is_required_for_disagree_and_other() -> None:
    assert clean_comment("agree", "  ") == ""
    for choice in ("disagree", "other"):
        with pytest.raises(InvalidInput, match="comment"):
            clean_comment(choice, " \n ")
    with pytest.raises(InvalidInput, match="4000"):
        clean_comment("other", "x" * 4001)


def test_times_need_an_offset_and_are_shown_at_plus_seven() -> None:
    with pytest.raises(InvalidInput, match="time zone"):
        parse_time("2026-12-01T09:00:00")
    with pytest.raises(InvalidInput, match="ISO 8601"):
        parse_time("ngày mai")
    moment = parse_time("2026-12-01T02:00:00.5+00:00")
    assert vn_time(moment) == "2026-12-01T09:00:00+07:00"


DEADLINE = datetime(2026, 12, 10, 17, 0, tzinfo=VN_TZ)
SENT = DEADLINE - timedelta(days=5)
H = timedelta(hours=1)


@pytest.mark.parametrize(
    ("sent", "now", "expected"),
    [
        (SENT, DEADLINE - 30 * H, None),
        (SENT, DEADLINE - 24 * H, 24 * H),
        (SENT, DEADLINE - 3 * H, 24 * H),
        (SENT, DEADLINE - 2 * H, 2 * H),
        (SENT, DEADLINE - timedelta(minutes=1), 2 * H),
        (SENT, DEADLINE, None),
        (SENT, DEADLINE + H, None),
        # sent 3 h before the deadline: no 24 h reminder, the 2 h one in time
        (DEADLINE - 3 * H, DEADLINE - 150 * timedelta(minutes=1), None),
        (DEADLINE - 3 * H, DEADLINE - 2 * H, 2 * H),
        # sent 1 h before: too late for any reminder
        (DEADLINE - H, DEADLINE - timedelta(minutes=30), None),
    ],
)
def test_reminder_threshold(sent: datetime, now: datetime, expected: timedelta | None) -> None:
    assert reminder_threshold(DEADLINE, sent, now) == expected


def tally(
    agree: int, disagree: int, other: int, total: int, chair: str | None = None
) -> ConsultationTally:
    return ConsultationTally(
        agree=agree,
        disagree=disagree,
        other=other,
        total_members=total,
        chair_choice=Answer(chair) if chair else None,
    )


@pytest.mark.parametrize(
    ("t", "outcome", "rule"),
    [
        (tally(14, 0, 0, 27), Outcome.ADOPTED, "majority"),
        (tally(13, 0, 0, 27), Outcome.REJECTED, "no_majority"),  # not more than half of all
        (tally(13, 2, 0, 26, "agree"), Outcome.ADOPTED, "chair"),  # exactly half, chair agrees
        (tally(13, 13, 0, 26, "disagree"), Outcome.REJECTED, "chair"),
        (tally(13, 0, 13, 26, "other"), Outcome.REJECTED, "chair"),
        (tally(13, 0, 0, 26, None), Outcome.REJECTED, "chair"),  # the chair did not answer
        (tally(5, 5, 0, 26, "agree"), Outcome.REJECTED, "no_majority"),  # a tie below half
        (tally(0, 0, 0, 0), Outcome.REJECTED, "no_majority"),
    ],
)
def test_compile_rule(t: ConsultationTally, outcome: Outcome, rule: str) -> None:
    result = compile_result(t)
    assert (result.outcome, result.rule) == (outcome, rule)
    assert result.not_answered == t.total_members - t.agree - t.disagree - t.other
