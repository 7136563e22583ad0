"""A real e-Cabinet server on 127.0.0.1:0 inside the test's event loop, and real clients."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from websockets.asyncio.server import serve

from desktop.client import Client
from server.app import WS_MAX_SIZE
from server.domain import events as event_log
from server.domain import meetings as meeting_service
from server.transport.connection import Transport
from tests.harness import PASSWORD, Domain


@dataclass
class LiveServer:
    url: str
    domain: Domain
    transport: Transport

    @contextlib.asynccontextmanager
    async def client(self, username: str | None = None, **kwargs: object) -> AsyncIterator[Client]:
        client = Client(self.url, **kwargs)  # type: ignore[arg-type]
        await client.connect()
        try:
            if username is not None:
                await client.login(username, PASSWORD)
            yield client
        finally:
            await client.close()


@contextlib.asynccontextmanager
async def live_server(
    database_url: str, data_dir: Path, **settings: Any
) -> AsyncIterator[LiveServer]:
    """Start a server on 127.0.0.1:0 with the given settings (see Settings)."""
    domain = Domain(database_url, data_dir, **settings)
    await domain.runner.run(meeting_service.startup)
    epoch = await domain.runner.run(event_log.epoch)
    transport = Transport(domain.runner, epoch)
    try:
        async with serve(transport.handler, "127.0.0.1", 0, max_size=WS_MAX_SIZE) as server:
            port = next(iter(server.sockets)).getsockname()[1]
            yield LiveServer(f"ws://127.0.0.1:{port}", domain, transport)
    finally:
        domain.close()


@pytest.fixture
async def live(database_url: str, tmp_path: Path) -> AsyncIterator[LiveServer]:
    async with live_server(database_url, tmp_path / "data") as server:
        yield server
