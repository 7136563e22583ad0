"""Light raw-socket websocket readers: one process holds many receiving connections.

Run as ``python -m bench._readers`` (from the repository root).  The parent writes one
JSON line of configuration on stdin::

    {"product": {"host": H, "port": P, "meeting_id": M, "users": [[name, password], ...]},
     "baseline": {"host": H, "port": P, "count": K}}

The process opens every connection (product: websocket handshake, ``session.login``,
``meeting.join`` and wait for ``synced``; baseline: handshake, a hello, wait for
``synced``), prints ``{"ready": ...}`` and from then on records, for every frame that
carries a ``presenter.page_changed`` event, two times:

* *arrival*: the kernel's receive timestamp of the bytes (``SO_TIMESTAMPNS``,
  CLOCK_REALTIME), i.e. when the client had the frame, however busy this process is;
* *read*: ``time.monotonic_ns()`` when this process read them (CLOCK_MONOTONIC is
  system-wide on Linux), which adds the readers' own scheduling and parsing delays.

The parent compares them with its send times taken on the same clocks.

As soon as every connection of a kind has change number ``i`` (counted from the last
reset) it prints ``done KIND i``.  Commands on stdin, one a line: ``report`` prints one
JSON line with, per kind and per change (in arrival order), the latest arrival and read
times over all connections, how many connections got it and the page; ``reset`` forgets what was
recorded; ``quit`` closes.

Everything here is deliberately minimal (no websockets library, no event decoding
beyond the page number) so that the readers measure the server, not themselves.
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
import socket
import struct
import sys
import time
import uuid
from typing import Any

import msgspec

#: Linux ``SO_TIMESTAMPNS`` (also the ``SCM_TIMESTAMPNS`` control message type); the
#: socket module does not export it.
SO_TIMESTAMPNS = 35
_TIMESPEC = struct.Struct("@qq")
_CMSG_BYTES = socket.CMSG_SPACE(_TIMESPEC.size)
_RECV_BYTES = 1 << 18
PAGE_MARK = b'"presenter.page_changed"'
EVENT_PREFIX = b'{"type":"event"'


class _Page(msgspec.Struct):
    page: int


class _PageFrame(msgspec.Struct):
    event: _Page


class _Reply(msgspec.Struct):
    type: str
    id: str | None = None
    message: str | None = None


_page_decoder = msgspec.json.Decoder(_PageFrame)
_reply_decoder = msgspec.json.Decoder(_Reply)


def client_frame(payload: bytes, opcode: int = 0x1) -> bytes:
    """One masked, final client frame (RFC 6455 section 5.2)."""
    n = len(payload)
    if n < 126:
        head = bytes((0x80 | opcode, 0x80 | n))
    elif n < 65536:
        head = bytes((0x80 | opcode, 0x80 | 126)) + n.to_bytes(2, "big")
    else:
        head = bytes((0x80 | opcode, 0x80 | 127)) + n.to_bytes(8, "big")
    mask = os.urandom(4)
    key = (mask * (n // 4 + 1))[:n]
    masked = (int.from_bytes(payload, "big") ^ int.from_bytes(key, "big")).to_bytes(n, "big")
    return head + mask + masked


class Reader:
    """One receiving connection; parses server frames and records page changes.

    A plain non-blocking socket read with ``recvmsg`` straight from the event loop's
    selector, so each read also yields the kernel's arrival timestamp.
    """

    def __init__(self, sock: socket.socket, host: str, port: int, on_page: Any = None) -> None:
        self.sock, self.host, self.port = sock, host, port
        #: Called with the index of each page change as it arrives.
        self.on_page = on_page
        self.loop = asyncio.get_running_loop()
        self.buf = bytearray()
        self.open = False
        self.closed = self.loop.create_future()
        self.handshake = self.loop.create_future()
        self.replies: dict[str, asyncio.Future[_Reply]] = {}
        self.synced = asyncio.Event()
        #: ``(page, kernel arrival ns (CLOCK_REALTIME), read ns (CLOCK_MONOTONIC))`` per
        #: presenter.page_changed, in arrival order.
        self.pages: list[tuple[int, int, int]] = []

    def start(self) -> None:
        self.sock.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMPNS, 1)
        self.loop.add_reader(self.sock.fileno(), self._readable)
        key = base64.b64encode(os.urandom(16)).decode()
        self.write(
            (
                f"GET / HTTP/1.1\r\nHost: {self.host}:{self.port}\r\nUpgrade: websocket\r\n"
                f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
                "Sec-WebSocket-Version: 13\r\n\r\n"
            ).encode()
        )

    def write(self, data: bytes) -> None:
        if self.closed.done():
            return
        try:
            sent = self.sock.send(data)
        except BlockingIOError:
            sent = 0
        except OSError:
            self._lost()
            return
        if sent < len(data):  # rare: only when the socket buffer is full
            self.loop.create_task(self.loop.sock_sendall(self.sock, data[sent:]))

    def _readable(self) -> None:
        try:
            data, ancillary, _, _ = self.sock.recvmsg(_RECV_BYTES, _CMSG_BYTES)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            data, ancillary = b"", []
        read = time.monotonic_ns()
        if not data:
            self._lost()
            return
        arrival = 0
        for level, kind, value in ancillary:
            if level == socket.SOL_SOCKET and kind == SO_TIMESTAMPNS:
                seconds, nanos = _TIMESPEC.unpack_from(value)
                arrival = seconds * 1_000_000_000 + nanos
        self._feed(data, arrival or time.time_ns(), read)

    def _feed(self, data: bytes, arrival: int, read: int) -> None:
        buf = self.buf
        buf += data
        if not self.open:
            end = buf.find(b"\r\n\r\n")
            if end < 0:
                return
            status = bytes(buf[: buf.find(b"\r\n")])
            del buf[: end + 4]
            if b" 101 " not in status:
                self.handshake.set_exception(ConnectionError(status.decode(errors="replace")))
                return
            self.open = True
            self.handshake.set_result(None)
        while len(buf) >= 2:
            opcode, length, offset = buf[0] & 0x0F, buf[1] & 0x7F, 2
            if length == 126:
                if len(buf) < 4:
                    return
                length, offset = int.from_bytes(buf[2:4], "big"), 4
            elif length == 127:
                if len(buf) < 10:
                    return
                length, offset = int.from_bytes(buf[2:10], "big"), 10
            if len(buf) < offset + length:
                return
            payload = bytes(buf[offset : offset + length])
            del buf[: offset + length]
            if opcode in (0x1, 0x2):
                self._on_message(payload, arrival, read)
            elif opcode == 0x9:
                self.write(client_frame(payload, 0xA))
            elif opcode == 0x8:
                self.close()

    def _lost(self) -> None:
        if self.closed.done():
            return
        self.loop.remove_reader(self.sock.fileno())
        self.sock.close()
        if not self.handshake.done():
            self.handshake.set_exception(ConnectionError("closed during the handshake"))
        for future in self.replies.values():
            if not future.done():
                future.set_exception(ConnectionError("connection lost"))
        self.closed.set_result(None)

    # --- messages ------------------------------------------------------------------------

    def _on_message(self, payload: bytes, arrival: int, read: int) -> None:
        if payload.startswith(EVENT_PREFIX):
            if PAGE_MARK in payload:
                self.pages.append((_page_decoder.decode(payload).event.page, arrival, read))
                if self.on_page is not None:
                    self.on_page(len(self.pages) - 1)
            return
        reply = _reply_decoder.decode(payload)
        if reply.type == "synced":
            self.synced.set()
        elif reply.id is not None and reply.id in self.replies:
            future = self.replies.pop(reply.id)
            if not future.done():
                future.set_result(reply)

    async def request(self, command: dict[str, Any]) -> _Reply:
        """Send a command and wait for its ``ack`` (raise on ``error``)."""
        command_id = uuid.uuid4().hex
        future: asyncio.Future[_Reply] = asyncio.get_running_loop().create_future()
        self.replies[command_id] = future
        self.write(client_frame(json.dumps({**command, "id": command_id}).encode()))
        reply = await future
        if reply.type != "ack":
            raise RuntimeError(f"{command['type']} refused: {reply.message}")
        return reply

    def close(self) -> None:
        self.write(client_frame(b"\x03\xe8", 0x8))
        self._lost()


async def _open(host: str, port: int, on_page: Any) -> Reader:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setblocking(False)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    await asyncio.get_running_loop().sock_connect(sock, (host, port))
    reader = Reader(sock, host, port, on_page)
    reader.start()
    await asyncio.wait_for(reader.handshake, 30)
    return reader


async def open_product(
    host: str, port: int, meeting_id: int, user: str, password: str, on_page: Any
) -> Reader:
    reader = await _open(host, port, on_page)
    await reader.request({"type": "session.login", "username": user, "password": password})
    await reader.request({"type": "meeting.join", "meeting_id": meeting_id})
    await asyncio.wait_for(reader.synced.wait(), 60)
    return reader


async def open_baseline(host: str, port: int, on_page: Any) -> Reader:
    reader = await _open(host, port, on_page)
    reader.write(client_frame(b'{"type":"hello"}'))
    await asyncio.wait_for(reader.synced.wait(), 60)
    return reader


class Completion:
    """Prints ``done KIND INDEX`` once every connection of a kind has change INDEX.

    The parent paces the changes on these lines, so that a change (or the baseline's)
    never starts while receivers are still busy with the previous one.
    """

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.expected = 0
        self.counts: dict[int, int] = {}

    def __call__(self, index: int) -> None:
        n = self.counts.get(index, 0) + 1
        if n >= self.expected:
            self.counts.pop(index, None)
            sys.stdout.write(f"done {self.kind} {index}\n")
            sys.stdout.flush()
        else:
            self.counts[index] = n


def summary(readers: list[Reader]) -> dict[str, Any]:
    """Per change (arrival order): earliest and latest kernel arrival and latest read
    over all connections, number of connections that got it, page (-1 if they disagree)."""
    longest = max((len(r.pages) for r in readers), default=0)
    first, arrival, read, count, pages = [], [], [], [], []
    for i in range(longest):
        got = [r.pages[i] for r in readers if len(r.pages) > i]
        first.append(min(a for _, a, _ in got))
        arrival.append(max(a for _, a, _ in got))
        read.append(max(r for _, _, r in got))
        count.append(len(got))
        seen = {p for p, _, _ in got}
        pages.append(seen.pop() if len(seen) == 1 else -1)
    return {
        "connections": len(readers),
        "first_ns": first,
        "arrival_ns": arrival,
        "read_ns": read,
        "count": count,
        "pages": pages,
    }


async def _gather_limited(factories: list[Any], limit: int) -> list[Reader]:
    gate = asyncio.Semaphore(limit)

    async def one(factory: Any) -> Reader:
        async with gate:
            result: Reader = await factory()
            return result

    return list(await asyncio.gather(*(one(f) for f in factories)))


async def main() -> None:
    loop = asyncio.get_running_loop()
    stdin = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(stdin), sys.stdin)
    config = json.loads(await stdin.readline())
    started = time.monotonic()
    limit = int(config.get("concurrency", 16))
    kinds: dict[str, list[Reader]] = {"product": [], "baseline": []}
    done = {kind: Completion(kind) for kind in kinds}
    if product := config.get("product"):
        h, p, m, cb = product["host"], product["port"], product["meeting_id"], done["product"]
        kinds["product"] = await _gather_limited(
            [lambda u=u, pw=pw: open_product(h, p, m, u, pw, cb) for u, pw in product["users"]],
            limit,
        )
    if baseline := config.get("baseline"):
        h, p, cb = baseline["host"], baseline["port"], done["baseline"]
        kinds["baseline"] = await _gather_limited(
            [lambda: open_baseline(h, p, cb) for _ in range(baseline["count"])], limit
        )

    def reset() -> None:
        for kind, readers in kinds.items():
            done[kind].expected, done[kind].counts = len(readers), {}
            for r in readers:
                r.pages.clear()

    reset()
    print(json.dumps({"ready": True, "setup_s": time.monotonic() - started}), flush=True)
    while line := (await stdin.readline()).strip():
        if line == b"report":
            lost = sum(r.closed.done() for rs in kinds.values() for r in rs)
            report = {kind: summary(readers) for kind, readers in kinds.items()}
            print(json.dumps({**report, "lost": lost}), flush=True)
        elif line == b"reset":
            reset()
            print(json.dumps({"reset": True}), flush=True)
        elif line == b"quit":
            break
    for readers in kinds.values():
        for r in readers:
            r.close()
    await asyncio.sleep(0.2)


if __name__ == "__main__":
    asyncio.run(main())
