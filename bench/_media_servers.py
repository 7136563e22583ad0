"""The two servers of the media benchmark, each run in its own process pinned to a CPU.

* :func:`relay_server`: e-Cabinet's websocket transport with the forwarding ``Relay``
  (what ``server/app.py`` wires), on a temporary SQLite database made by the parent.
* :func:`baseline_server`: stock aiortc, ``MediaRelay`` (one decoder per published
  track, one encoder per subscriber), signaled over a multiprocessing pipe. Each
  participant has a publishing and a subscribing connection (the forwarding relay has
  one): the second DTLS/SRTP session is a small cost next to the re-encoding.
"""

from __future__ import annotations

import asyncio
import os
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any


def pin(cpu: int | None) -> None:
    if cpu is not None:
        os.sched_setaffinity(0, {cpu})


def relay_server(
    url: str, data_dir: str, cpu: int | None, out: Any, ctl: Any, forwarding: str = "rtp"
) -> None:
    """Serve until anything arrives on ``ctl``; puts the port, then the relay's counts.
    ``forwarding``: the relay's mode, ``"rtp"`` or ``"frame"`` (``RelayConfig``);
    ``"rtp-queue"``: RTP with aiortc's receive queue (``lean_receive=False``)."""
    pin(cpu)

    async def main() -> None:
        from websockets.asyncio.server import serve

        from server.app import WS_MAX_SIZE
        from server.domain import events as event_log
        from server.domain import meetings as meeting_service
        from server.transport.connection import Transport
        from server.transport.media.relay import Relay, RelayConfig
        from tests.harness import Domain

        domain = Domain(url, Path(data_dir))
        await domain.runner.run(meeting_service.startup)
        epoch = await domain.runner.run(event_log.epoch)
        mode, _, receive = forwarding.partition("-")
        relay = Relay(domain.runner, RelayConfig(forwarding=mode, lean_receive=receive != "queue"))
        transport = Transport(domain.runner, epoch, media=relay)
        async with serve(transport.handler, "127.0.0.1", 0, max_size=WS_MAX_SIZE) as server:
            out.put(next(iter(server.sockets)).getsockname()[1])
            await asyncio.get_running_loop().run_in_executor(None, ctl.get)
            forwarded = sum(
                sink.forwarded
                for room in relay.rooms.values()
                for peer in room.values()
                for sink in peer.sinks.values()
            )
            packets = sum(
                feed.packets
                for room in relay.rooms.values()
                for peer in room.values()
                for feed in peer.feeds.values()
            )
            out.put({"frames_in": forwarded, "rtp_packets_in": packets})
            await relay.shutdown()
        domain.close()

    asyncio.run(main())


def baseline_server(conn: Connection, cpu: int | None) -> None:
    """Answer ``("pub", who, sdp)``, ``("sub", who, sdp)`` and ``("stop",)`` on ``conn``."""
    pin(cpu)

    async def main() -> None:
        from aiortc import RTCConfiguration, RTCPeerConnection, RTCSessionDescription
        from aiortc.contrib.media import MediaRelay
        from aiortc.rtcconfiguration import RTCBundlePolicy

        relay = MediaRelay()
        config = RTCConfiguration(iceServers=[], bundlePolicy=RTCBundlePolicy.MAX_BUNDLE)
        pcs: list[RTCPeerConnection] = []
        tracks: dict[int, list[Any]] = {}
        loop = asyncio.get_running_loop()
        while True:
            message = await loop.run_in_executor(None, conn.recv)
            if message[0] == "stop":
                for pc in pcs:
                    await pc.close()
                conn.send("stopped")
                return
            what, who, sdp = message
            pc = RTCPeerConnection(config)
            pcs.append(pc)
            if what == "pub":

                def on_track(track: Any, who: int = who) -> None:
                    tracks.setdefault(who, []).append(track)

                pc.on("track", on_track)
            await pc.setRemoteDescription(RTCSessionDescription(sdp, "offer"))
            if what == "sub":
                others = {
                    kind: [
                        t
                        for w, ts in sorted(tracks.items())
                        if w != who
                        for t in ts
                        if t.kind == kind
                    ]
                    for kind in ("audio", "video")
                }
                for transceiver in pc.getTransceivers():
                    source = others[transceiver.kind].pop(0)
                    transceiver.sender.replaceTrack(relay.subscribe(source))
                    transceiver.direction = "sendonly"
            await pc.setLocalDescription(await pc.createAnswer())
            conn.send(pc.localDescription.sdp)

    asyncio.run(main())
