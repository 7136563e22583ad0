"""The codec: every command and event round-trips; bad frames get the right typed error."""

from __future__ import annotations

import importlib
import inspect
import json
from typing import Any

import msgspec
import msgspec.inspect as mi
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from protocol import PROTOCOL_VERSION, messages
from protocol.accounts import SessionLogin, SessionResume, UserCreate, UserResetPassword
from protocol.envelope import (
    MAX_FRAME_BYTES,
    Ack,
    Command,
    Error,
    Event,
    EventFrame,
    Notice,
    Snapshot,
    Synced,
    codec,
    encode,
    fingerprint,
    type_name,
)
from protocol.errors import MalformedMessage, MessageTooLarge, UnknownMessageType
from protocol.live import FloorRequested
from protocol.meeting_state import Classification, MeetingState
from protocol.meetings import MeetingLeave
from protocol.state import MeetingView
from protocol.voting import Choice, PollClose, PollOpen, PollVote

COMMANDS = codec().command_types
EVENTS = codec().event_types
INT64 = st.integers(min_value=-(2**63), max_value=2**63 - 1)


def strategy(t: mi.Type) -> st.SearchStrategy[Any]:
    """A strategy for any value of the msgspec type ``t`` that JSON can carry."""
    match t:
        case mi.IntType():
            return INT64
        case mi.StrType() if t.pattern:
            return st.from_regex(t.pattern, fullmatch=True).filter(
                lambda v: len(v) <= (t.max_length or len(v))
            )
        case mi.StrType():
            # NUL is refused on the wire (PostgreSQL text cannot hold it).
            return st.text(
                alphabet=st.characters(exclude_categories=("Cs",), exclude_characters="\x00"),
                min_size=t.min_length or 0,
                max_size=min(20, t.max_length or 20),
            )
        case mi.BoolType():
            return st.booleans()
        case mi.FloatType():
            # NaN never equals itself and JSON has no infinities.
            return st.floats(allow_nan=False, allow_infinity=False)
        case mi.BytesType():
            return st.binary(max_size=64)
        case mi.NoneType():
            return st.none()
        case mi.EnumType():
            return st.sampled_from(list(t.cls))
        case mi.LiteralType():
            return st.sampled_from(list(t.values))
        case mi.ListType():
            return st.lists(strategy(t.item_type), max_size=4)
        case mi.DictType():
            return st.dictionaries(strategy(t.key_type), strategy(t.value_type), max_size=4)
        case mi.UnionType():
            return st.one_of([strategy(member) for member in t.types])
        case mi.StructType():
            fields = {f.name: strategy(f.type) for f in t.fields}
            return st.builds(t.cls, **fields)
    raise NotImplementedError(f"no strategy for {t!r}: extend strategy() in test_codec.py")


def instances(cls: type[msgspec.Struct]) -> st.SearchStrategy[Any]:
    return strategy(mi.type_info(cls))


def covered(registry: dict[str, Any]) -> set[str]:
    """The names in ``registry`` for which instances can be drawn."""
    names = set()
    for name, cls in registry.items():
        try:
            instances(cls)
        except NotImplementedError:
            continue
        names.add(name)
    return names


def test_every_command_and_event_type_is_covered() -> None:
    assert covered(COMMANDS) == set(COMMANDS)
    assert covered(EVENTS) == set(EVENTS)


def test_registry_holds_every_message_class_of_every_module() -> None:
    """A message class in a module the codec does not import would be undecodable."""
    defined: dict[str, type] = {}
    for name in messages.__all__:
        module = importlib.import_module(f"protocol.{name}")
        for _, obj in inspect.getmembers(module, inspect.isclass):
            if issubclass(obj, Command | Event) and obj not in (Command, Event):
                defined[str(obj.__struct_config__.tag)] = obj
    assert defined == {**COMMANDS, **EVENTS}


def test_names_are_noun_verb_and_unique_across_commands_and_events() -> None:
    for name in [*COMMANDS, *EVENTS]:
        noun, _, verb = name.partition(".")
        assert noun and verb and "." not in verb, name
    assert not set(COMMANDS) & set(EVENTS)


@pytest.mark.parametrize("name", sorted(COMMANDS))
@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_command_round_trips(name: str, data: st.DataObject) -> None:
    command = data.draw(instances(COMMANDS[name]))
    wire = encode(command)
    assert json.loads(wire)["type"] == name
    decoded = codec().decode_command(wire)
    assert type(decoded) is COMMANDS[name]
    assert decoded == command


@pytest.mark.parametrize("name", sorted(EVENTS))
@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_event_round_trips(name: str, data: st.DataObject) -> None:
    event = data.draw(instances(EVENTS[name]))
    wire = encode(event)
    assert json.loads(wire)["type"] == name
    assert codec().decode_event(wire) == event
    assert type_name(event) == name


# --- bad frames -------------------------------------------------------------------------


def test_command_without_version_gets_the_current_version() -> None:
    decoded = codec().decode_command(b'{"type": "poll.open", "id": "c1", "poll_id": 7}')
    assert decoded == PollOpen(id="c1", poll_id=7)
    assert decoded.v == PROTOCOL_VERSION


@pytest.mark.parametrize(
    "frame",
    [b"{", b"", b"not json", b'{"type": "poll.open", "id": "c1", "poll_id": 7'],
)
def test_invalid_json_is_malformed(frame: bytes) -> None:
    with pytest.raises(MalformedMessage, match="not valid JSON") as err:
        codec().decode_command(frame)
    assert err.value.code == "message.malformed"


@pytest.mark.parametrize(
    ("frame", "says"),
    [
        ({"type": "poll.open", "id": "c1", "poll_id": "seven"}, "poll_id"),
        ({"type": "poll.vote", "id": "c1", "poll_id": 1, "choice": "maybe"}, "choice"),
        ({"type": "poll.open", "id": 5, "poll_id": 1}, "id"),
        ({"type": "poll.open", "poll_id": 1}, "id"),
        ({"type": "poll.open", "id": "c1"}, "poll_id"),
        ({"id": "c1", "poll_id": 1}, "type"),
        ([1, 2, 3], "object"),
        ("poll.open", "object"),
    ],
)
def test_wrong_or_missing_fields_are_malformed_and_named(frame: object, says: str) -> None:
    with pytest.raises(MalformedMessage) as err:
        codec().decode_command(json.dumps(frame).encode())
    assert says in err.value.message
    assert err.value.code == "message.malformed"


def test_unknown_type_is_reported_as_such() -> None:
    with pytest.raises(UnknownMessageType, match=r"'poll\.explode'") as err:
        codec().decode_command(b'{"type": "poll.explode", "id": "c1"}')
    assert err.value.code == "message.unknown_type"


def test_an_event_name_is_not_a_command() -> None:
    with pytest.raises(UnknownMessageType):
        codec().decode_command(b'{"type": "poll.created", "id": "c1"}')


def test_oversized_frame_is_refused_before_parsing() -> None:
    padding = "x" * MAX_FRAME_BYTES
    frame = json.dumps({"type": "poll.open", "id": "c1", "poll_id": 1, "pad": padding})
    with pytest.raises(MessageTooLarge, match=str(MAX_FRAME_BYTES)) as err:
        codec().decode_command(frame.encode())
    assert err.value.code == "message.too_large"
    with pytest.raises(MessageTooLarge):
        codec().decode_command(b"{" * (MAX_FRAME_BYTES + 1))


def test_a_frame_at_the_limit_is_accepted() -> None:
    head = b'{"type":"poll.open","id":"c1","poll_id":1,"pad":"'
    frame = head + b"x" * (MAX_FRAME_BYTES - len(head) - 2) + b'"}'
    assert len(frame) == MAX_FRAME_BYTES
    assert codec().decode_command(frame) == PollOpen(id="c1", poll_id=1)


def test_id_of_an_undecodable_frame_is_recovered_for_the_error() -> None:
    assert codec().command_id_of(b'{"type": "poll.open", "id": "c9", "poll_id": "x"}') == "c9"
    assert codec().command_id_of(b'{"type": "poll.open", "id": 9}') is None
    assert codec().command_id_of(b"[1]") is None
    assert codec().command_id_of(b"{") is None


# --- version tolerance ------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(COMMANDS))
@settings(max_examples=5, deadline=None)
@given(data=st.data())
def test_unknown_extra_fields_in_commands_are_ignored(name: str, data: st.DataObject) -> None:
    command = data.draw(instances(COMMANDS[name]))
    frame = json.loads(encode(command))
    frame["added_in_v9"] = {"nested": [1, 2]}
    assert codec().decode_command(json.dumps(frame).encode()) == command


@pytest.mark.parametrize("name", sorted(EVENTS))
@settings(max_examples=5, deadline=None)
@given(data=st.data())
def test_unknown_extra_fields_in_events_are_ignored(name: str, data: st.DataObject) -> None:
    event = data.draw(instances(EVENTS[name]))
    frame = json.loads(encode(event))
    frame["added_in_v9"] = "whatever"
    assert codec().decode_event(json.dumps(frame).encode()) == event


def test_newer_server_frame_fields_are_ignored() -> None:
    frame = b'{"type": "ack", "id": "c1", "result": 3, "trace": "abc"}'
    assert codec().decode_server(frame) == Ack(id="c1", result=3)


# --- fingerprint ------------------------------------------------------------------------


def test_fingerprint_ignores_id_and_version() -> None:
    a = PollOpen(id="first", poll_id=3)
    b = PollOpen(id="retry-with-other-id", poll_id=3, v=PROTOCOL_VERSION + 1)
    assert fingerprint(a) == fingerprint(b)


def test_fingerprint_differs_for_another_payload_or_type() -> None:
    assert fingerprint(PollOpen(id="c", poll_id=3)) != fingerprint(PollOpen(id="c", poll_id=4))
    assert fingerprint(PollOpen(id="c", poll_id=3)) != fingerprint(PollClose(id="c", poll_id=3))


def test_fingerprint_leaves_out_a_secret_ballot_choice() -> None:
    yes = PollVote(id="c", poll_id=1, choice=Choice.YES)
    no = PollVote(id="c", poll_id=1, choice=Choice.NO)
    assert fingerprint(yes) == fingerprint(no)
    assert b"yes" not in fingerprint(yes)
    assert fingerprint(yes) != fingerprint(PollVote(id="c", poll_id=2, choice=Choice.YES))
    on_behalf = PollVote(id="c", poll_id=1, choice=Choice.YES, on_behalf_of=8)
    assert fingerprint(on_behalf) != fingerprint(yes)


@pytest.mark.parametrize(
    ("command", "secret"),
    [
        (SessionLogin(id="c", username="an", password="hunter2-secret"), "hunter2-secret"),
        (SessionResume(id="c", token="tok-secret"), "tok-secret"),
        (
            UserCreate(id="c", username="an", full_name="An", password="pw-secret", roles=[]),
            "pw-secret",
        ),
        (UserResetPassword(id="c", user_id=4, new_password="new-secret"), "new-secret"),
    ],
)
def test_fingerprint_never_contains_a_secret(command: Command, secret: str) -> None:
    assert secret.encode() not in fingerprint(command)


@pytest.mark.parametrize("name", sorted(COMMANDS))
@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_fingerprint_equal_exactly_when_public_payload_equal(
    name: str, data: st.DataObject
) -> None:
    cls = COMMANDS[name]
    a, b = data.draw(instances(cls)), data.draw(instances(cls))
    hidden = {"id", "v", *cls.secret_fields}

    def public(c: Command) -> dict[str, Any]:
        return {k: v for k, v in msgspec.structs.asdict(c).items() if k not in hidden}

    assert (fingerprint(a) == fingerprint(b)) == (public(a) == public(b))


# --- server frames ----------------------------------------------------------------------


def _view() -> MeetingView:
    return MeetingView(
        meeting_id=1,
        title="Phiên họp Chính phủ thường kỳ",
        starts_at="2025-01-02T08:00:00+07:00",
        ends_at="2025-01-02T11:30:00+07:00",
        mode="online",
        location="",
        classification=Classification.SECRET,
        state=MeetingState.PUBLISHED,
    )


@pytest.mark.parametrize(
    "frame",
    [
        Ack(id="c1", result={"meeting_id": 4, "permissions": ["meeting.view"]}),
        Ack(id="c2"),
        Error(id="c3", code="permission.denied", message="You are not allowed to vote."),
        Error(id=None, code="message.malformed", message="Message is not valid JSON."),
        Snapshot(meeting_id=1, seq=12, epoch="ab12", state=msgspec.to_builtins(_view())),
        Snapshot(meeting_id=1, seq=3, epoch="ab12", state=None),
        Synced(meeting_id=1, seq=12, epoch="ab12"),
        Notice(code="session.expired", message="Your session ended; log in again."),
    ],
)
def test_server_frames_round_trip(frame: msgspec.Struct) -> None:
    assert codec().decode_server(encode(frame)) == frame


@pytest.mark.parametrize("name", sorted(EVENTS))
@settings(max_examples=5, deadline=None)
@given(data=st.data())
def test_event_frame_carries_any_event(name: str, data: st.DataObject) -> None:
    event = data.draw(instances(EVENTS[name]))
    frame = EventFrame(
        meeting_id=3,
        seq=41,
        epoch="e1",
        at="2025-01-02T08:00:00Z",
        audience="managers,user:7",
        event=msgspec.Raw(encode(event)),
    )
    decoded = codec().decode_server(encode(frame))
    assert isinstance(decoded, EventFrame)
    assert (decoded.meeting_id, decoded.seq, decoded.epoch) == (3, 41, "e1")
    assert (decoded.at, decoded.audience) == ("2025-01-02T08:00:00Z", "managers,user:7")
    assert codec().decode_event(bytes(decoded.event)) == event


def test_snapshot_state_decodes_back_into_a_meeting_view() -> None:
    frame = Snapshot(meeting_id=1, seq=0, epoch="e", state=_view())
    decoded = codec().decode_server(encode(frame))
    assert isinstance(decoded, Snapshot)
    assert msgspec.convert(decoded.state, MeetingView) == _view()


def test_event_frame_json_shape() -> None:
    event = FloorRequested(request_id=5, user_id=2, item_id=None)
    frame = EventFrame(meeting_id=3, seq=1, epoch="e", at="t", event=msgspec.Raw(encode(event)))
    assert json.loads(encode(frame)) == {
        "type": "event",
        "meeting_id": 3,
        "seq": 1,
        "epoch": "e",
        "at": "t",
        "audience": "all",
        "event": {"type": "floor.requested", "request_id": 5, "user_id": 2, "item_id": None},
    }


def test_command_json_shape() -> None:
    assert json.loads(encode(MeetingLeave(id="c1", meeting_id=2))) == {
        "type": "meeting.leave",
        "id": "c1",
        "v": PROTOCOL_VERSION,
        "meeting_id": 2,
    }
