"""The bytes a voter signs in a meeting with signed votes: deterministic, complete, and
silent about the choice in a secret poll."""

from __future__ import annotations

import hashlib
import json
import unicodedata

import msgspec

from protocol import meetings as mm
from protocol import state as st
from protocol.meeting_state import Classification, MeetingState
from protocol.voting import Choice, PollVote, canonical_ballot, question_sha256

QUESTION = "Thông qua Tờ trình về Luật Đất đai (sửa đổi)?"


def ballot(**changes: object) -> bytes:
    fields: dict[str, object] = {
        "meeting_id": 7,
        "poll_id": 3,
        "question": QUESTION,
        "member_id": 12,
        "cast_by": 12,
        "secret": False,
        "choice": "yes",
    }
    return canonical_ballot(**(fields | changes))  # type: ignore[arg-type]


def test_canonical_ballot_is_sorted_compact_json_naming_everything() -> None:
    data = ballot()
    assert data == (
        b'{"cast_by":12,"choice":"yes","kind":"ecabinet.poll.ballot","meeting_id":7,'
        b'"member_id":12,"poll_id":3,"question_sha256":"'
        + hashlib.sha256(QUESTION.encode()).hexdigest().encode()
        + b'","secret":false,"v":1}'
    )
    assert list(json.loads(data)) == sorted(json.loads(data))


def test_same_inputs_same_bytes_whatever_the_unicode_form() -> None:
    decomposed = unicodedata.normalize("NFD", f"  {QUESTION} ")
    assert decomposed != QUESTION
    assert ballot(question=decomposed) == ballot()
    assert ballot(choice=Choice.YES) == ballot(choice="yes")
    assert question_sha256(decomposed) == question_sha256(QUESTION)


def test_every_field_changes_the_bytes() -> None:
    base = ballot()
    for change in (
        {"meeting_id": 8},
        {"poll_id": 4},
        {"question": "Thông qua Tờ trình khác?"},
        {"member_id": 13},
        {"cast_by": 40},
        {"choice": "no"},
        {"secret": True},
    ):
        assert ballot(**change) != base, change


def test_a_secret_ballot_signs_participation_only() -> None:
    yes, no = ballot(secret=True, choice="yes"), ballot(secret=True, choice="no")
    assert yes == no == ballot(secret=True, choice=None)
    signed = json.loads(yes)
    assert signed["choice"] is None and signed["secret"] is True
    assert b'"yes"' not in yes and b'"no"' not in yes


def test_a_substitute_signs_as_caster_for_the_member() -> None:
    signed = json.loads(ballot(member_id=12, cast_by=40))
    assert (signed["member_id"], signed["cast_by"]) == (12, 40)


def test_vote_command_carries_signature_and_certificate_unsigned_by_default() -> None:
    unsigned = PollVote(id="a", poll_id=3, choice=Choice.NO)
    assert unsigned.signature is None and unsigned.certificate_pem is None
    signed = PollVote(
        id="b", poll_id=3, choice=Choice.NO, signature=b"\x30\x80", certificate_pem="x"
    )
    assert msgspec.json.decode(msgspec.json.encode(signed), type=PollVote) == signed


def test_signed_votes_flag_reaches_the_meeting_state() -> None:
    view = st.MeetingView(
        meeting_id=7,
        title="Phiên họp",
        starts_at="2026-12-01T08:00:00+07:00",
        ends_at="2026-12-01T17:00:00+07:00",
        mode="online",
        location="",
        classification=Classification.NORMAL,
        state=MeetingState.PUBLISHED,
    )
    assert view.signed_votes is False
    updated = mm.MeetingUpdated(
        title=view.title,
        starts_at=view.starts_at,
        ends_at=view.ends_at,
        mode=view.mode,
        location=view.location,
        classification=view.classification,
        signed_votes=True,
    )
    assert st.apply(view, updated).signed_votes is True
    # an event stored before the flag existed decodes as "not signed"
    old = msgspec.json.decode(
        b'{"title":"t","starts_at":"s","ends_at":"e","mode":"online","location":"",'
        b'"classification":"thuong"}',
        type=mm.MeetingUpdated,
    )
    assert st.apply(view, old).signed_votes is False
