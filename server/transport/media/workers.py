"""Media rooms spread over worker processes, one per core.

A :class:`~server.transport.media.relay.Relay` runs on one event loop, so one process
uses one core however many meetings have media.  :class:`RelayPool` has the relay's
interface (``bind``, ``apply``, ``on_events``, ``drop``, ``shutdown``) and hands each
meeting's media to one of ``workers`` processes (``meeting_id`` modulo the count), each
running its own ``Relay`` (``worker_main``).  A meeting's participants all reach the
same worker, so forwarding never crosses processes.

The database stays in this process: a worker's relay runs domain functions through a
:class:`RemoteRunner` that asks the pool, whose own runner runs them, so the event log,
its sequence and the tamper-evident ledger keep a single writer.  Events a worker
commits come back through ``bind``'s ``publish``, and its transient notices (active
speaker) through ``notify``; websocket connections are named to workers by number.

Messages are pickled and length-prefixed on a Unix socket per worker.  A worker that
dies is started again; the media of its meetings fail, and the apps offer again
(they retry with backoff); other workers' meetings are not touched.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import multiprocessing as mp
import os
import pickle
import signal
import struct
import tempfile
import weakref
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from protocol import media as msg
from protocol.errors import ProtocolError
from server.domain.context import MEDIA_EFFECTS, Actor, CommittedEvent, Effect
from server.domain.runner import Runner
from server.transport.media.peer import RelayConfig

log = logging.getLogger("ecabinet.media")

_HEADER = struct.Struct("!I")
#: Seconds to wait for a worker to start, and to stop at shutdown.
START_TIMEOUT = 60.0
STOP_TIMEOUT = 10.0


def default_workers() -> int:
    """One media worker per core this process may run on."""
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1)


async def _send(writer: asyncio.StreamWriter, message: tuple[Any, ...]) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    writer.write(_HEADER.pack(len(data)) + data)
    await writer.drain()


async def _receive(reader: asyncio.StreamReader) -> tuple[Any, ...]:
    size = _HEADER.unpack(await reader.readexactly(_HEADER.size))[0]
    message: tuple[Any, ...] = pickle.loads(await reader.readexactly(size))
    return message


def _portable(exc: BaseException) -> BaseException:
    """``exc`` if it survives pickling (typed protocol errors do), else a plain one."""
    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:
        return msg.MediaUnavailable(f"The media worker failed: {exc}")
    return exc


class _Worker:
    def __init__(self, index: int) -> None:
        self.index = index
        self.process: Any = None
        self.writer: asyncio.StreamWriter | None = None
        self.pending: dict[int, asyncio.Future[Any]] = {}
        self.ready = asyncio.Event()
        self.reader_task: asyncio.Task[None] | None = None


class RelayPool:
    """The relay's interface, carried out by ``workers`` media processes."""

    def __init__(
        self, runner: Runner, config: RelayConfig | None = None, workers: int | None = None
    ) -> None:
        self.runner = runner
        self.config = config or RelayConfig()
        self.count = workers or default_workers()
        self.workers = [_Worker(i) for i in range(self.count)]
        #: Workers started again after they died.
        self.restarts = 0
        self._publish: Callable[[list[CommittedEvent]], None] = lambda events: None
        self._notify: Any = None
        self._ids = itertools.count(1)
        self._owner_ids: weakref.WeakKeyDictionary[object, int] = weakref.WeakKeyDictionary()
        self._owners: weakref.WeakValueDictionary[int, Any] = weakref.WeakValueDictionary()
        self._folder = tempfile.mkdtemp(prefix="ecabinet-media-")
        self._server: asyncio.AbstractServer | None = None
        self._closing = False
        self._tasks: set[asyncio.Task[Any]] = set()

    # --- lifecycle ------------------------------------------------------------------------

    async def start(self) -> None:
        """Start the workers; returns when every one has connected."""
        self._server = await asyncio.start_unix_server(self._accept, path=self._socket)
        for worker in self.workers:
            self._spawn_process(worker)
        await asyncio.wait_for(
            asyncio.gather(*(w.ready.wait() for w in self.workers)), START_TIMEOUT
        )
        log.info("media: %d worker process(es) started", self.count)

    @property
    def _socket(self) -> str:
        return str(Path(self._folder) / "relay.sock")

    def _spawn_process(self, worker: _Worker) -> None:
        ctx = mp.get_context("spawn")
        worker.ready.clear()
        worker.process = ctx.Process(
            target=worker_main,
            args=(worker.index, self._socket, self.config, str(self.runner.settings.data_dir)),
            name=f"ecabinet-media-{worker.index}",
            daemon=True,
        )
        worker.process.start()

    async def shutdown(self) -> None:
        self._closing = True
        for worker in self.workers:
            if worker.writer is not None:
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(self._call(worker, "shutdown"), STOP_TIMEOUT)
        loop = asyncio.get_running_loop()
        for worker in self.workers:
            if worker.process is not None:
                await loop.run_in_executor(None, worker.process.join, STOP_TIMEOUT)
                if worker.process.is_alive():
                    worker.process.kill()
            if worker.reader_task is not None:
                worker.reader_task.cancel()
        if self._server is not None:
            self._server.close()
        with contextlib.suppress(OSError):
            os.unlink(self._socket)
            os.rmdir(self._folder)

    # --- the relay's interface ------------------------------------------------------------

    def bind(self, publish: Callable[[list[CommittedEvent]], None], notify: Any = None) -> None:
        self._publish = publish
        self._notify = notify

    def worker_of(self, meeting_id: int) -> int:
        """Which worker carries ``meeting_id``'s media."""
        return meeting_id % self.count

    async def apply(self, owner: object, actor: Actor, effect: Effect) -> Any:
        if not isinstance(effect, MEDIA_EFFECTS):
            raise TypeError(effect)
        worker = self.workers[self.worker_of(effect.meeting_id)]
        if not worker.ready.is_set():
            raise msg.MediaUnavailable("The media service is restarting; try again shortly.")
        return await self._call(worker, "apply", self._owner_id(owner), actor, effect)

    def on_events(self, events: list[CommittedEvent]) -> None:
        by_worker: dict[int, list[CommittedEvent]] = {}
        for event in events:
            by_worker.setdefault(self.worker_of(event.meeting_id), []).append(event)
        for index, batch in by_worker.items():
            self._post(self.workers[index], ("events", batch))

    async def drop(self, owner: object) -> None:
        owner_id = self._owner_ids.get(owner)
        if owner_id is None:
            return
        for worker in self.workers:
            self._post(worker, ("drop", owner_id))

    # --- plumbing -------------------------------------------------------------------------

    def _owner_id(self, owner: object) -> int:
        owner_id = self._owner_ids.get(owner)
        if owner_id is None:
            owner_id = next(self._ids)
            self._owner_ids[owner] = owner_id
            self._owners[owner_id] = owner
        return owner_id

    async def _call(self, worker: _Worker, kind: str, *args: Any) -> Any:
        if worker.writer is None:
            raise msg.MediaUnavailable("The media service is restarting; try again shortly.")
        request = next(self._ids)
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        worker.pending[request] = future
        try:
            await _send(worker.writer, (kind, request, *args))
            return await future
        finally:
            worker.pending.pop(request, None)

    def _post(self, worker: _Worker, message: tuple[Any, ...]) -> None:
        if worker.writer is None or not worker.ready.is_set():
            return
        writer = worker.writer
        task = asyncio.get_running_loop().create_task(_send(writer, message))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        hello = await _receive(reader)
        worker = self.workers[hello[1]]
        worker.writer = writer
        worker.ready.set()
        worker.reader_task = asyncio.current_task()
        try:
            while True:
                message = await _receive(reader)
                self._handle(worker, writer, message)
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            self._lost(worker, writer)

    def _handle(
        self, worker: _Worker, writer: asyncio.StreamWriter, message: tuple[Any, ...]
    ) -> None:
        kind = message[0]
        if kind == "done":
            _, request, ok, value = message
            future = worker.pending.get(request)
            if future is not None and not future.done():
                if ok:
                    future.set_result(value)
                else:
                    future.set_exception(value)
        elif kind == "run":
            task = asyncio.get_running_loop().create_task(self._run_for(writer, *message[1:]))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        elif kind == "publish":
            self._publish(message[1])
        elif kind == "notice" and self._notify is not None:
            owner = self._owners.get(message[1])
            if owner is not None:
                task = asyncio.get_running_loop().create_task(self._notify(owner, *message[2:]))
                self._tasks.add(task)
                task.add_done_callback(self._tasks.discard)

    async def _run_for(
        self, writer: asyncio.StreamWriter, request: int, fn: Any, args: tuple[Any, ...]
    ) -> None:
        try:
            value = await self.runner.run(fn, *args)
            reply: tuple[Any, ...] = ("ran", request, True, value)
        except Exception as exc:
            reply = ("ran", request, False, _portable(exc))
        with contextlib.suppress(ConnectionError):
            await _send(writer, reply)

    def _lost(self, worker: _Worker, writer: asyncio.StreamWriter) -> None:
        if worker.writer is not writer:
            return
        worker.writer = None
        worker.ready.clear()
        for future in worker.pending.values():
            if not future.done():
                future.set_exception(msg.MediaUnavailable("The media service stopped."))
        if self._closing:
            return
        log.error("media worker %d stopped; starting it again", worker.index)
        self.restarts += 1
        if worker.process is not None:
            worker.process.join(0)
        self._spawn_process(worker)


class RemoteRunner:
    """A worker's stand-in for :class:`~server.domain.runner.Runner`: the pool runs."""

    def __init__(self, data_dir: Path, send: Callable[[tuple[Any, ...]], Any]) -> None:
        self.settings = SimpleNamespace(data_dir=data_dir)
        self._send = send
        self._ids = itertools.count(1)
        self.pending: dict[int, asyncio.Future[Any]] = {}

    async def run(self, fn: Callable[..., Any], *args: Any) -> Any:
        request = next(self._ids)
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self.pending[request] = future
        try:
            await self._send(("run", request, fn, args))
            return await future
        finally:
            self.pending.pop(request, None)


class _Owner:
    """A websocket connection of the main process, as a worker's relay sees it."""

    def __init__(self, owner_id: int) -> None:
        self.owner_id = owner_id


def worker_main(index: int, socket_path: str, config: RelayConfig, data_dir: str) -> None:
    """A media worker process: one ``Relay``, driven by the pool over ``socket_path``.

    Ctrl+C in a terminal (and a service manager's SIGTERM) reaches the whole process
    group; the worker leaves its ending to the server, which stops it in order (its
    recordings finished with their hashes), or ends when the server's connection closes.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    logging.basicConfig(level=logging.WARNING)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_serve(index, socket_path, config, Path(data_dir)))


async def _serve(index: int, socket_path: str, config: RelayConfig, data_dir: Path) -> None:
    from server.transport.media.relay import Relay

    reader, writer = await asyncio.open_unix_connection(socket_path)
    lock = asyncio.Lock()

    async def send(message: tuple[Any, ...]) -> None:
        async with lock:
            await _send(writer, message)

    runner = RemoteRunner(data_dir, send)
    relay = Relay(runner, config)  # type: ignore[arg-type]
    owners: dict[int, _Owner] = {}
    tasks: set[asyncio.Task[Any]] = set()

    def spawn(coro: Any) -> None:
        task = asyncio.get_running_loop().create_task(coro)
        tasks.add(task)
        task.add_done_callback(tasks.discard)

    async def notify(owner: Any, code: str, message: str, ref: str | None) -> None:
        await send(("notice", owner.owner_id, code, message, ref))

    relay.bind(lambda events: spawn(send(("publish", events))), notify)

    async def apply(request: int, owner_id: int, actor: Actor, effect: Effect) -> None:
        owner = owners.setdefault(owner_id, _Owner(owner_id))
        try:
            result = await relay.apply(owner, actor, effect)
            reply: tuple[Any, ...] = ("done", request, True, result)
        except ProtocolError as exc:
            reply = ("done", request, False, _portable(exc))
        except Exception as exc:
            log.exception("media worker %d: %s failed", index, type(effect).__name__)
            reply = ("done", request, False, _portable(exc))
        await send(reply)

    await send(("hello", index))
    try:
        while True:
            message = await _receive(reader)
            kind = message[0]
            if kind == "apply":
                spawn(apply(*message[1:]))
            elif kind == "ran":
                _, request, ok, value = message
                future = runner.pending.get(request)
                if future is not None and not future.done():
                    (future.set_result if ok else future.set_exception)(value)
            elif kind == "events":
                relay.on_events(message[1])
            elif kind == "drop":
                owner = owners.pop(message[1], None)
                if owner is not None:
                    spawn(relay.drop(owner))
            elif kind == "shutdown":
                await relay.shutdown()
                await send(("done", message[1], True, None))
                return
    except (asyncio.IncompleteReadError, ConnectionError):
        await relay.shutdown()
