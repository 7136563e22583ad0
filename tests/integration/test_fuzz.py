"""Random and malformed messages thrown at a live server: typed errors, nothing else breaks."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from websockets.asyncio.server import serve
from websockets.sync.client import connect

from protocol import agenda as ag
from protocol.envelope import codec
from server.app import WS_MAX_SIZE
from server.domain import events as event_log
from server.transport.connection import Transport
from tests.harness import PASSWORD, Domain

COMMANDS = sorted(codec().command_types)
FIELDS = {
    name: [f.encode_name for f in msgspec.structs.fields(cls)]
    for name, cls in codec().command_types.items()
}

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**63), 2**63) | st.floats() | st.text(max_size=40),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=8,
)


@st.composite
def command_like(draw: st.DrawFn) -> bytes:
    kind = draw(st.sampled_from([*COMMANDS, "x.y", ""]))
    body: dict[str, Any] = {"type": kind, "id": draw(st.text(min_size=1, max_size=12))}
    for name in FIELDS.get(kind, []):
        if name in ("type", "id"):
            continue
        if draw(st.booleans()):
            body[name] = draw(st.integers(0, 5) | json_values)
    if draw(st.booleans()):
        body[draw(st.text(max_size=6))] = draw(json_values)
    return msgspec.json.encode(body)


frames = st.one_of(st.binary(max_size=200), command_like(), command_like())


class ThreadedServer:
    def __init__(self, domain: Domain) -> None:
        self.domain = domain
        self.loop = asyncio.new_event_loop()
        self.errors: list[str] = []
        ready = threading.Event()
        self.port = 0

        async def main() -> None:
            epoch = await domain.runner.run(event_log.epoch)
            transport = Transport(domain.runner, epoch)
            async with serve(transport.handler, "127.0.0.1", 0, max_size=WS_MAX_SIZE) as server:
                self.port = next(iter(server.sockets)).getsockname()[1]
                self.stop = asyncio.Event()
                ready.set()
                await self.stop.wait()

        self.thread = threading.Thread(target=self.loop.run_until_complete, args=(main(),))
        self.thread.start()
        ready.wait(10)

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.stop.set)
        self.thread.join(10)


@pytest.fixture
def fuzz_server(database_url: str, tmp_path: Path) -> Iterator[tuple[ThreadedServer, int]]:
    d = Domain(database_url, tmp_path / "data")
    sec = d.user("thuky", ["secretariat"])
    chair = d.user("chutri", ["chair"])
    d.user("thanhvien", ["member"])
    member = d.user("botruong", ["member"])
    mid = d.meeting(sec, chair=chair, members=[member], start=True)
    d.do(sec, ag.AgendaAddItem, meeting_id=mid, title="Mục 1")
    server = ThreadedServer(d)
    yield server, mid
    server.close()
    d.close()


def _login(ws: Any, username: str) -> None:
    ws.send(
        msgspec.json.encode(
            {"type": "session.login", "id": "login", "username": username, "password": PASSWORD}
        )
    )
    while msgspec.json.decode(ws.recv())["type"] != "ack":
        pass


def _reply(ws: Any) -> dict[str, Any]:
    while True:
        frame = msgspec.json.decode(ws.recv(timeout=10))
        if frame["type"] in ("ack", "error"):
            return frame  # type: ignore[no-any-return]


def test_random_messages_get_typed_answers(fuzz_server, caplog) -> None:
    server, mid = fuzz_server
    url = f"ws://127.0.0.1:{server.port}"
    with connect(url, max_size=None) as fuzzer, connect(url, max_size=None) as bystander:
        _login(fuzzer, "thanhvien")
        _login(bystander, "botruong")
        bystander.send(msgspec.json.encode({"type": "meeting.join", "id": "j", "meeting_id": mid}))
        assert _reply(bystander)["type"] == "ack"

        @settings(max_examples=250, deadline=None, suppress_health_check=list(HealthCheck))
        @given(frames)
        def throw(frame: bytes) -> None:
            fuzzer.send(frame)
            reply = _reply(fuzzer)
            if reply["type"] == "error":
                assert reply["code"] != "server.internal", reply
                assert reply["message"]

        throw()
        bystander.send(msgspec.json.encode({"type": "meeting.list", "id": "after"}))
        answer = _reply(bystander)
        assert answer["type"] == "ack" and [m["id"] for m in answer["result"]["meetings"]] == [mid]
    assert not [
        r for r in caplog.records if r.name == "ecabinet.transport" and r.levelname == "ERROR"
    ]
