"""Typed errors that travel on the wire.

Every error has a stable ``code`` (``noun.reason``) that clients switch on and a
human-readable ``message`` that says what was wrong and what to do.
"""

from __future__ import annotations


class ProtocolError(Exception):
    """Base of every error a client may receive."""

    code = "error"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code


class MalformedMessage(ProtocolError):
    code = "message.malformed"


class UnknownMessageType(ProtocolError):
    code = "message.unknown_type"


class MessageTooLarge(ProtocolError):
    code = "message.too_large"


class NotAuthenticated(ProtocolError):
    code = "session.required"


class AuthenticationFailed(ProtocolError):
    code = "session.login_failed"


class AccountLocked(ProtocolError):
    code = "session.account_locked"


class AccountDisabled(ProtocolError):
    code = "session.account_disabled"


class SessionExpired(ProtocolError):
    code = "session.expired"


class PermissionDenied(ProtocolError):
    code = "permission.denied"


class NotFound(ProtocolError):
    code = "not_found"


class InvalidTransition(ProtocolError):
    code = "state.invalid_transition"


class Conflict(ProtocolError):
    code = "conflict"


class InvalidInput(ProtocolError):
    code = "input.invalid"


class InvalidPageRange(InvalidInput):
    """A page range (e.g. for an extract copy) is empty, malformed or out of the document."""

    code = "input.invalid_page_range"


class CommandIdReused(ProtocolError):
    code = "command.id_reused"


class DocumentRejected(ProtocolError):
    code = "document.rejected"


class RateLimited(ProtocolError):
    code = "rate.limited"


class SignatureInvalid(ProtocolError):
    """A signature does not verify, or its certificate is not trusted, valid or the signer's."""

    code = "signature.invalid"


_BY_CODE: dict[str, type[ProtocolError]] = {}


def _register() -> None:
    stack: list[type[ProtocolError]] = [ProtocolError]
    while stack:
        cls = stack.pop()
        _BY_CODE.setdefault(cls.code, cls)
        stack.extend(cls.__subclasses__())


def error_from_code(code: str, message: str) -> ProtocolError:
    """Rebuild the typed exception for a wire error (client side)."""
    if not _BY_CODE:
        _register()
    cls = _BY_CODE.get(code, ProtocolError)
    return cls(message, code=code)
