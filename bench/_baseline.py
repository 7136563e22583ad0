"""The baseline: a bare ``websockets`` server that fans a chair's message out to everyone.

Run as ``python -m bench._baseline``; prints ``baseline listening on PORT`` and serves
until SIGTERM.  A connection whose first message is ``chair`` is the chair: each of its
later messages is sent unchanged (same bytes, binary) to every other connection with
``websockets.broadcast``, then acknowledged to the chair.  Any other first message makes
the connection a receiver, answered with ``{"type":"synced"}``.  Same library settings
as the product server (no compression, default keepalive pings).
"""

from __future__ import annotations

import asyncio
import signal

from websockets.asyncio.server import ServerConnection, broadcast, serve
from websockets.exceptions import ConnectionClosed

ACK = b'{"type":"ack","id":"baseline"}'
SYNCED = b'{"type":"synced"}'


async def main() -> None:
    receivers: set[ServerConnection] = set()

    async def handler(ws: ServerConnection) -> None:
        try:
            first = await ws.recv()
            if first in ("chair", b"chair"):
                async for message in ws:
                    payload = message.encode() if isinstance(message, str) else message
                    broadcast(receivers, payload)
                    await ws.send(ACK)
                return
            receivers.add(ws)
            await ws.send(SYNCED)
            await ws.wait_closed()
        except ConnectionClosed:
            pass
        finally:
            receivers.discard(ws)

    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    async with serve(handler, "127.0.0.1", 0, compression=None, max_size=2**24) as server:
        port = next(iter(server.sockets)).getsockname()[1]
        print(f"baseline listening on {port}", flush=True)
        await stop.wait()


if __name__ == "__main__":
    asyncio.run(main())
