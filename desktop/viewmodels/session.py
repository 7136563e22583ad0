"""Logging in, the connection state, and turning errors into sentences a user can act on.

Every view model takes an injected *runner*: a callable that schedules a coroutine on
the event loop and returns at once (the composition root passes ``asyncio.ensure_future``
running on the qasync loop; tests pass the same in pytest-asyncio's loop).  A view
model never awaits inside a Qt slot: it hands the coroutine to the runner and reports
the outcome through signals.
"""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import Callable, Coroutine
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QSettings, Signal

from desktop.client import Client, ConnectionLost
from desktop.client.trust import TrustStore, UntrustedServer, explain_failure, trusted_context
from protocol.errors import ProtocolError

#: Schedules a coroutine without blocking (e.g. ``asyncio.ensure_future``).
Runner = Callable[[Coroutine[Any, Any, Any]], object]
ClientFactory = Callable[..., Client]

SERVER_URL_KEY = "server/url"
#: A CA file configured for the deployment: when set, only it is trusted for wss://.
CA_FILE_KEY = "server/ca_file"
DEFAULT_URL = "ws://127.0.0.1:8765"


def _tr(text: str) -> str:
    return QCoreApplication.translate("Errors", text)


def readable_error(exc: BaseException, url: str | None = None) -> str:
    """What went wrong, in a sentence that says what to do.

    The server's typed errors already carry such a message; network failures get one here.
    """
    if isinstance(exc, ConnectionLost):
        return _tr("The connection to the server was lost. Check the network and try again.")
    if isinstance(exc, ProtocolError):
        return exc.message
    if isinstance(exc, TimeoutError | asyncio.TimeoutError):
        return _tr("The server did not answer in time. Try again in a moment.")
    if isinstance(exc, OSError | ConnectionError):
        where = url or _tr("the server")
        return _tr("Cannot reach {0}. Check the server address and the network.").format(where)
    return _tr("Something went wrong: {0}").format(exc or type(exc).__name__)


def state_label(state: str) -> str:
    """The connection state as the status bar shows it."""
    labels = {
        "connected": _tr("Connected"),
        "connecting": _tr("Connecting…"),
        "reconnecting": _tr("Connection lost — reconnecting…"),
        "disconnected": _tr("Disconnected"),
        "closed": _tr("Disconnected"),
    }
    return labels.get(state, state)


class CommandRunner(QObject):
    """Base of the view models: runs commands through the runner, reports errors."""

    error_occurred = Signal(str)

    def __init__(self, run: Runner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._run = run
        self._tasks: set[Any] = set()

    def _submit(
        self,
        coro: Coroutine[Any, Any, Any],
        done: Callable[[Any], None] | None = None,
        failed: Callable[[str], None] | None = None,
    ) -> None:
        """Run ``coro``; pass its result to ``done``; turn an error into ``error_occurred``."""

        async def guarded() -> None:
            try:
                result = await coro
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                message = readable_error(exc)
                try:
                    if failed is not None:
                        failed(message)
                    self.error_occurred.emit(message)
                except RuntimeError:  # the window that asked is gone: nobody to tell
                    pass
                return
            try:
                if done is not None:
                    done(result)
            except RuntimeError:
                pass

        task = self._run(guarded())
        if isinstance(task, asyncio.Future):
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)


class SessionViewModel(CommandRunner):
    """Log in to a server; remembers the last server address (never the password)."""

    logged_in = Signal()
    logged_out = Signal()
    login_failed = Signal(str)
    busy_changed = Signal(bool)
    #: ``(state, label)``: ``connected``/``reconnecting``/``disconnected``… and its text.
    state_changed = Signal(str, str)
    #: First TLS contact: the server's :class:`~desktop.client.trust.ServerIdentity` to
    #: show; after the user pins it, log in again.
    trust_needed = Signal(object)

    def __init__(
        self,
        run: Runner,
        settings: QSettings,
        client_factory: ClientFactory = Client,
        parent: QObject | None = None,
        trust_store: TrustStore | None = None,
    ) -> None:
        super().__init__(run, parent)
        self._settings = settings
        self._factory = client_factory
        self.trust_store = trust_store if trust_store is not None else TrustStore()
        self._untrusted: UntrustedServer | None = None
        self.client: Client | None = None
        self.busy = False
        self.state = "disconnected"

    @property
    def server_url(self) -> str:
        value = self._settings.value(SERVER_URL_KEY, DEFAULT_URL)
        return str(value) if value else DEFAULT_URL

    @property
    def user_name(self) -> str:
        user = self.client.user if self.client is not None else None
        return user.full_name if user is not None else ""

    @property
    def state_text(self) -> str:
        return state_label(self.state)

    def login(self, url: str, username: str, password: str) -> None:
        url, username = url.strip(), username.strip()
        if not url.startswith(("ws://", "wss://")):
            self.login_failed.emit(
                self.tr("The server address starts with ws:// or wss://, e.g. {0}.").format(
                    DEFAULT_URL
                )
            )
            return
        if not username or not password:
            self.login_failed.emit(self.tr("Enter your user name and password."))
            return
        self._set_busy(True)
        self._submit(
            self._login(url, username, password),
            done=lambda _: self._on_login_done(url),
            failed=self._on_login_failed,
        )

    async def _login(self, url: str, username: str, password: str) -> None:
        self._untrusted = None
        ca_file = str(self._settings.value(CA_FILE_KEY, "") or "") or None
        try:
            context = await trusted_context(url, self.trust_store, ca_file=ca_file)
        except UntrustedServer as exc:
            self._untrusted = exc
            raise
        except (OSError, TimeoutError) as exc:
            raise ProtocolError(readable_error(exc, url), code="connection.failed") from exc
        client = self._factory(url, ssl=context) if context is not None else self._factory(url)
        client.state_listeners.append(self._on_client_state)
        try:
            try:
                await client.connect()
            except ssl.SSLCertVerificationError as exc:
                raise await explain_failure(url, self.trust_store, exc) from exc
            except (OSError, TimeoutError) as exc:
                raise ProtocolError(readable_error(exc, url), code="connection.failed") from exc
            await client.login(username, password)
        except BaseException:
            client.state_listeners.remove(self._on_client_state)
            await client.close()
            self._set_state("disconnected")
            raise
        self.client = client

    def _on_login_done(self, url: str) -> None:
        self._settings.setValue(SERVER_URL_KEY, url)
        self._settings.sync()
        self._set_busy(False)
        self.logged_in.emit()

    def trust_viewmodel(self, identity: Any) -> QObject:
        """The view model of the first-use trust dialog for ``identity``."""
        from desktop.viewmodels.certificates import TrustViewModel  # it builds on this module

        return TrustViewModel(identity, self.trust_store, self)

    def _on_login_failed(self, message: str) -> None:
        self._set_busy(False)
        untrusted, self._untrusted = self._untrusted, None
        if untrusted is not None and untrusted.identity is not None:
            self.trust_needed.emit(untrusted.identity)
            return
        self.login_failed.emit(message)

    def logout(self) -> None:
        client, self.client = self.client, None
        if client is None:
            return

        async def bye() -> None:
            try:
                if client.state == "connected":
                    await client.logout()
            finally:
                await client.close()
                client.state_listeners.remove(self._on_client_state)

        self._submit(bye(), done=lambda _: self.logged_out.emit())

    def _on_client_state(self, state: str) -> None:
        self._set_state(state)

    def _set_state(self, state: str) -> None:
        if state != self.state:
            self.state = state
            self.state_changed.emit(state, state_label(state))

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.busy_changed.emit(busy)
