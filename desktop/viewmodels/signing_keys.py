"""The user's signing key as the app knows it: where it lives (a PKCS#12 file or a key on
a USB token, remembered per user in QSettings) and opening it with the passphrase or the
token PIN, every failure turned into one translated sentence.

:class:`SigningKeys` is the one helper of every view model that signs (decisions and
minutes, opinion-poll answers, signed votes)::

    self.signing_keys = SigningKeys(client, settings)      # settings: the app's QSettings
    self.signing_keys.uses_token()       # ask for the PIN, not the passphrase
    self.signing_keys.secret_label()     # "Token PIN:" / "Passphrase:" (translated)
    async with self.signing_keys.opened(secret) as signer:   # a pyHanko signer
        ...                                                   # closed (token logged out) after

A failure raises :class:`KeyUnusable` (a ``ProtocolError`` whose message is the sentence
to show), so ``CommandRunner._submit`` reports it like any server error; nothing has been
sent to the server when the PIN or passphrase is wrong.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import asdict, fields
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QSettings

from desktop.client import Client, keys, tokens
from desktop.client.signing_keys import PKCS11, PKCS12, KeySource, NoCertificate, opened_signer
from protocol.errors import ProtocolError

__all__ = [
    "PKCS11",
    "PKCS12",
    "KeySource",
    "KeySourceStore",
    "KeyUnusable",
    "SigningKeys",
    "explaining",
    "source_label",
]


def _tr(text: str) -> str:
    return QCoreApplication.translate("SigningKeys", text)


def source_label(kind: str) -> str:
    return {
        PKCS12: _tr("Key file (PKCS#12)"),
        PKCS11: _tr("USB signing token (PKCS#11)"),
    }.get(kind, kind)


class KeyUnusable(ProtocolError):
    """The key could not be opened; the message is a translated sentence for the user."""

    code = "key.unusable"


def explain(exc: BaseException, source: KeySource, where: str) -> str | None:
    """The sentence for a key failure (``where``: the file or token shown), or None."""
    if isinstance(exc, tokens.WrongPin):
        return _tr("Wrong PIN: the PIN of your USB token is not correct. Try again.")
    if isinstance(exc, tokens.PinLocked):
        return _tr(
            "The PIN of your USB token is locked after too many wrong tries: unlock it "
            "with the token's own software."
        )
    if isinstance(exc, tokens.TokenAbsent):
        return _tr("Your USB token ({0}) is not plugged in. Plug it in and try again.").format(
            source.token_label
        )
    if isinstance(exc, NoCertificate):
        return _tr(
            "The key on your USB token has no certificate from the organisation yet: "
            "request one in My certificate…"
        )
    if isinstance(exc, keys.WrongPassphrase):
        return _tr("Wrong passphrase for your signing key ({0}). Try again.").format(where)
    if isinstance(exc, keys.KeyFileMissing):
        return _tr("You have no key file yet ({0}): create one in My certificate…").format(where)
    if isinstance(exc, keys.TokenError):
        if source.uses_token and not Path(source.module).is_file():
            return _tr(
                "The driver of your USB token ({0}) is not installed: choose its PKCS#11 "
                "module in My certificate…"
            ).format(source.module)
        return _tr("Cannot use your USB token: {0}").format(exc.message)
    return None


@contextmanager
def explaining(source: KeySource, where: str = "") -> Iterator[None]:
    """Re-raise key and token failures inside the block as :class:`KeyUnusable`."""
    try:
        yield
    except (keys.WrongPassphrase, keys.KeyFileMissing, keys.TokenError) as exc:
        raise KeyUnusable(explain(exc, source, where) or str(exc)) from None


class KeySourceStore:
    """The remembered key source of each user (QSettings group
    ``signing/<username>/<key kind>``); ``settings`` None keeps it in memory only."""

    def __init__(self, settings: QSettings | None = None) -> None:
        self._settings = settings
        self._memory: dict[str, KeySource] = {}

    @staticmethod
    def _group(username: str, key_kind: str) -> str:
        safe = "".join(c if c.isalnum() or c in "._-" else "_" for c in username) or "_"
        return f"signing/{safe}/{key_kind}"

    def load(self, username: str, key_kind: str = "signing") -> KeySource:
        group = self._group(username, key_kind)
        if self._settings is None:
            return self._memory.get(group, KeySource())
        values = {
            f.name: str(self._settings.value(f"{group}/{f.name}", f.default) or "")
            for f in fields(KeySource)
        }
        if values["kind"] not in (PKCS12, PKCS11):
            values["kind"] = PKCS12
        return KeySource(**values)

    def save(self, username: str, source: KeySource, key_kind: str = "signing") -> None:
        group = self._group(username, key_kind)
        if self._settings is None:
            self._memory[group] = source
            return
        self._settings.remove(group)
        for name, value in asdict(source).items():
            self._settings.setValue(f"{group}/{name}", value)
        self._settings.sync()


class SigningKeys:
    """The logged-in user's keys: which source each key kind ("signing" | "seal") uses,
    and opening it (see the module docstring).  ``key_paths`` pins a kind to a PKCS#12
    file (scripts and tests), whatever the settings say."""

    def __init__(
        self,
        client: Client,
        settings: QSettings | None = None,
        *,
        key_paths: dict[str, Path] | None = None,
        store: KeySourceStore | None = None,
    ) -> None:
        self.client = client
        self.store = store or KeySourceStore(settings)
        self._key_paths = dict(key_paths or {})

    @property
    def username(self) -> str:
        return self.client.user.username if self.client.user is not None else "default"

    def source(self, key_kind: str = "signing") -> KeySource:
        if key_kind in self._key_paths:
            return KeySource(PKCS12, path=str(self._key_paths[key_kind]))
        return self.store.load(self.username, key_kind)

    def uses_token(self, key_kind: str = "signing") -> bool:
        return self.source(key_kind).uses_token

    def key_file(self, key_kind: str = "signing") -> Path:
        return self.source(key_kind).key_file(self.username, key_kind)

    def where(self, key_kind: str = "signing") -> str:
        """The key as the user knows it: the file's path, or the token and key."""
        source = self.source(key_kind)
        if not source.uses_token:
            return str(self.key_file(key_kind))
        return _tr("{0}, key {1}").format(source.token_label, source.key_label or source.key_id)

    def where_label(self, key_kind: str = "signing") -> str:
        return _tr("USB token:") if self.uses_token(key_kind) else _tr("Key file:")

    def secret_label(self, key_kind: str = "signing") -> str:
        return _tr("Token PIN:") if self.uses_token(key_kind) else _tr("Passphrase:")

    def secret_prompt(self, key_kind: str = "signing") -> str:
        """A whole question, for an input dialog."""
        if self.uses_token(key_kind):
            return _tr("PIN of your USB token ({0}):").format(self.source(key_kind).token_label)
        return _tr("Passphrase of your signing key file:")

    def missing_secret(self, key_kind: str = "signing") -> str:
        if self.uses_token(key_kind):
            return _tr("Enter the PIN of your USB token.")
        return _tr("Enter the passphrase of your key file.")

    @asynccontextmanager
    async def opened(self, secret: str, key_kind: str = "signing") -> AsyncIterator[Any]:
        """A pyHanko signer for the user's ``key_kind`` key, closed when the block ends;
        :class:`KeyUnusable` when it cannot be opened (nothing sent to the server)."""
        source = self.source(key_kind)
        if not secret:
            raise KeyUnusable(self.missing_secret(key_kind))
        with explaining(source, self.where(key_kind)):
            async with opened_signer(self.client, source, secret, key_kind=key_kind) as signer:
                yield signer
