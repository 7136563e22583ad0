"""The Government's rule: adopted when yes votes exceed half of ALL members of the body.

Those absent count against adoption; on a tie the side the chair voted with prevails;
a secret tie is reported as ``tied`` because the chair's side cannot be known.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from protocol.voting import Choice, Outcome, Tally, outcome, result_of


def tally(
    yes: int,
    no: int = 0,
    abstain: int = 0,
    *,
    members: int = 27,
    chair: Choice | None = None,
    secret: bool = False,
) -> Tally:
    return Tally(
        yes=yes, no=no, abstain=abstain, total_members=members, chair_choice=chair, secret=secret
    )


def test_majority_of_those_present_is_not_enough() -> None:
    """27 members, only 14 present: 13 yes and nobody against is still rejected."""
    assert outcome(tally(13, 0, 1)) is Outcome.REJECTED


def test_more_than_half_of_all_members_adopts() -> None:
    assert outcome(tally(14, 0, 0)) is Outcome.ADOPTED
    assert outcome(tally(14, 13, 0)) is Outcome.ADOPTED


def test_exactly_half_is_not_more_than_half() -> None:
    assert outcome(tally(13, 0, 0, members=26)) is Outcome.REJECTED
    assert outcome(tally(14, 0, 0, members=26)) is Outcome.ADOPTED


@pytest.mark.parametrize(
    ("chair", "expected"),
    [
        (Choice.YES, Outcome.ADOPTED),
        (Choice.NO, Outcome.REJECTED),
        (Choice.ABSTAIN, Outcome.TIED),
        (None, Outcome.TIED),
    ],
)
def test_named_tie_follows_the_chairs_choice(chair: Choice | None, expected: Outcome) -> None:
    assert outcome(tally(13, 13, 1, chair=chair)) is expected
    assert outcome(tally(5, 5, 0, chair=chair)) is expected


@pytest.mark.parametrize("chair", [Choice.YES, Choice.NO, None])
def test_secret_tie_is_tied_whatever_the_chair_did(chair: Choice | None) -> None:
    assert outcome(tally(13, 13, 1, chair=chair, secret=True)) is Outcome.TIED


def test_no_votes_at_all_is_rejected_not_tied() -> None:
    assert outcome(tally(0, 0, 0, chair=Choice.YES)) is Outcome.REJECTED
    assert outcome(tally(0, 0, 5)) is Outcome.REJECTED


def test_a_body_without_members_adopts_nothing() -> None:
    assert outcome(tally(3, 0, 0, members=0)) is Outcome.REJECTED
    assert outcome(tally(0, 0, 0, members=0, chair=Choice.YES)) is Outcome.REJECTED


def test_result_reports_the_counts_and_the_outcome() -> None:
    result = result_of(tally(14, 9, 2))
    assert (result.yes, result.no, result.abstain) == (14, 9, 2)
    assert (result.total_members, result.ballots_cast) == (27, 25)
    assert result.outcome is Outcome.ADOPTED


counts = st.integers(min_value=0, max_value=200)


@given(
    yes=counts,
    no=counts,
    abstain=counts,
    members=st.integers(min_value=1, max_value=600),
    chair=st.sampled_from([*Choice, None]),
    secret=st.booleans(),
)
def test_adopted_whenever_yes_exceeds_half_of_all_members(
    yes: int, no: int, abstain: int, members: int, chair: Choice | None, secret: bool
) -> None:
    result = outcome(tally(yes, no, abstain, members=members, chair=chair, secret=secret))
    if 2 * yes > members:
        assert result is Outcome.ADOPTED
    elif yes != no or yes == 0:
        assert result is Outcome.REJECTED
    else:
        sides = {Choice.YES: Outcome.ADOPTED, Choice.NO: Outcome.REJECTED}
        chair_side = sides.get(chair, Outcome.TIED) if chair is not None else Outcome.TIED
        assert result is (Outcome.TIED if secret else chair_side)


@given(
    present=st.integers(min_value=0, max_value=27),
    data=st.data(),
)
def test_absent_members_never_help_adoption(present: int, data: st.DataObject) -> None:
    """However the present members vote, yes must still exceed half of all 27."""
    yes = data.draw(st.integers(min_value=0, max_value=present))
    no = data.draw(st.integers(min_value=0, max_value=present - yes))
    result = outcome(tally(yes, no, present - yes - no))
    if yes <= 13 and yes != no:
        assert result is Outcome.REJECTED
