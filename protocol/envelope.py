"""Frames on the wire and the codec.

Client → server: a *command*, a flat JSON object tagged by ``type`` (``noun.verb``)
with a client-chosen ``id`` and a protocol version ``v``.  Unknown fields are
ignored, so an older peer tolerates a newer one's additions.

Server → client: ``ack`` (the result of a command), ``error`` (a typed failure),
``event`` (a committed state change of one meeting, with its ``seq`` and ``epoch``),
``snapshot`` (the whole meeting state, when deltas cannot be given) and
``notice`` (session-level news such as a forced logout).
"""

from __future__ import annotations

from typing import Annotated, Any, ClassVar, TypeVar, Union

import msgspec

from protocol import PROTOCOL_VERSION
from protocol.errors import MalformedMessage, MessageTooLarge, UnknownMessageType

MAX_FRAME_BYTES = 1_048_576

S = TypeVar("S", bound=msgspec.Struct)


class Command(msgspec.Struct, tag_field="type", kw_only=True, frozen=True):
    """Base of every command.  ``id`` is chosen by the client and makes retries safe."""

    id: Annotated[str, msgspec.Meta(min_length=1, max_length=128)]
    v: int = PROTOCOL_VERSION

    #: Fields left out of the idempotency fingerprint (see ``fingerprint``).
    secret_fields: ClassVar[tuple[str, ...]] = ()


class Event(msgspec.Struct, tag_field="type", kw_only=True, frozen=True):
    """Base of every meeting event (past tense ``noun.verb``)."""


class Ack(msgspec.Struct, tag="ack", tag_field="type", kw_only=True):
    id: str
    result: Any = None


class Error(msgspec.Struct, tag="error", tag_field="type", kw_only=True):
    id: str | None
    code: str
    message: str


class EventFrame(msgspec.Struct, tag="event", tag_field="type", kw_only=True):
    meeting_id: int
    seq: int
    epoch: str
    at: str
    audience: str = "all"
    event: msgspec.Raw = msgspec.Raw(b"null")


class Snapshot(msgspec.Struct, tag="snapshot", tag_field="type", kw_only=True):
    meeting_id: int
    seq: int
    epoch: str
    state: Any


class Synced(msgspec.Struct, tag="synced", tag_field="type", kw_only=True):
    """Catch-up is complete: the client has everything of the meeting up to ``seq``.

    Events addressed to others are skipped, so ``seq`` may be beyond the last event
    the client received; it is the value to resume from.
    """

    meeting_id: int
    seq: int
    epoch: str


class Notice(msgspec.Struct, tag="notice", tag_field="type", kw_only=True):
    code: str
    message: str
    #: What the notice is about, e.g. ``"consultation:7"`` (None for session news).
    ref: str | None = None


ServerFrame = Ack | Error | EventFrame | Snapshot | Synced | Notice

_json_encoder = msgspec.json.Encoder()


def encode(message: msgspec.Struct) -> bytes:
    """Encode any frame, command or event to JSON bytes."""
    return _json_encoder.encode(message)


def _all_subclasses(base: type[S]) -> list[type[S]]:
    out: list[type[S]] = []
    stack: list[type[S]] = list(base.__subclasses__())
    while stack:
        cls = stack.pop()
        out.append(cls)
        stack.extend(cls.__subclasses__())
    return out


def _tagged(classes: list[type[S]]) -> list[type[S]]:
    """Concrete message classes: those whose tag is a ``noun.verb`` name."""
    return [c for c in classes if "." in str(c.__struct_config__.tag)]


class Codec:
    """Decoders for commands and events; built once all message modules are imported."""

    def __init__(self) -> None:
        import protocol.messages  # noqa: F401  (registers every message class)

        commands = _tagged(_all_subclasses(Command))
        events = _tagged(_all_subclasses(Event))
        self.command_types: dict[str, type[Command]] = {
            str(c.__struct_config__.tag): c for c in commands
        }
        self.event_types: dict[str, type[Event]] = {str(c.__struct_config__.tag): c for c in events}
        # A union built from a runtime tuple has no ``X | Y`` spelling.
        self._commands = msgspec.json.Decoder(Union[tuple(commands)])  # noqa: UP007
        self._events = msgspec.json.Decoder(Union[tuple(events)])  # noqa: UP007
        self._server = msgspec.json.Decoder(ServerFrame)
        self._probe = msgspec.json.Decoder(dict[str, Any])

    def decode_command(self, data: bytes | str) -> Command:
        """Decode a client frame, raising a typed error for anything wrong with it."""
        if len(data) > MAX_FRAME_BYTES:
            raise MessageTooLarge(
                f"Message of {len(data)} bytes exceeds the limit of {MAX_FRAME_BYTES} bytes."
            )
        try:
            command: Command = self._commands.decode(data)
        except msgspec.ValidationError as exc:
            kind = self._type_of(data)
            if kind is not None and kind not in self.command_types:
                raise UnknownMessageType(f"Unknown command type {kind!r}.") from None
            raise MalformedMessage(f"Invalid {kind or 'message'}: {exc}") from None
        except msgspec.DecodeError as exc:
            raise MalformedMessage(f"Message is not valid JSON: {exc}") from None
        marker = b"\\u0000" if isinstance(data, bytes) else "\\u0000"
        if marker in data and _has_nul(command):  # type: ignore[operator]
            raise MalformedMessage("Text must not contain NUL characters (\\u0000).")
        return command

    def command_id_of(self, data: bytes | str) -> str | None:
        """Best-effort ``id`` of an undecodable frame, so the error can be correlated."""
        try:
            value = self._probe.decode(data).get("id")
        except (msgspec.DecodeError, msgspec.ValidationError, AttributeError):
            return None
        return value if isinstance(value, str) else None

    def _type_of(self, data: bytes | str) -> str | None:
        try:
            value = self._probe.decode(data).get("type")
        except (msgspec.DecodeError, msgspec.ValidationError, AttributeError):
            return None
        return value if isinstance(value, str) else None

    def decode_event(self, data: bytes | str) -> Event:
        return self._events.decode(data)  # type: ignore[no-any-return]

    def decode_server(self, data: bytes | str) -> ServerFrame:
        return self._server.decode(data)  # type: ignore[no-any-return]


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, msgspec.Struct):
        return any(_has_nul(v) for v in msgspec.structs.astuple(value))
    if isinstance(value, list | tuple):
        return any(_has_nul(v) for v in value)
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    return False


_codec: Codec | None = None


def codec() -> Codec:
    """The process-wide codec (immutable once built)."""
    global _codec
    if _codec is None:
        _codec = Codec()
    return _codec


def type_name(message: Command | Event) -> str:
    return str(type(message).__struct_config__.tag)


def fingerprint(command: Command) -> bytes:
    """Canonical bytes of a command's payload, for detecting a reused id.

    ``id`` and ``v`` are excluded, and so are the fields a command marks secret
    (a secret ballot's choice must not be recoverable from the command log).
    """
    data = msgspec.structs.asdict(command)
    for name in ("id", "v", *command.secret_fields):
        data.pop(name, None)
    data["type"] = type_name(command)
    return msgspec.json.encode(dict(sorted(data.items())))


__all__ = [
    "MAX_FRAME_BYTES",
    "Ack",
    "Codec",
    "Command",
    "Error",
    "Event",
    "EventFrame",
    "MalformedMessage",
    "Notice",
    "Snapshot",
    "Synced",
    "codec",
    "encode",
    "fingerprint",
    "type_name",
]
