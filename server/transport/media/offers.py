"""What the relay checks and sets on a negotiation: the offer's sanity, codecs, the
answered direction of each m-line, and the bitrate cap asked of a publisher (REMB)."""

from __future__ import annotations

import contextlib
from typing import Any

from aiortc import RTCRtpReceiver, sdp
from aiortc.rtp import RTCP_PSFB_APP, RtcpPsfbPacket, pack_remb_fci, unpack_remb_fci

from protocol import media as msg

#: The only codecs relayed (forwarded as they are, so every sender must use them).
CODECS = {"audio": ("audio/opus",), "video": ("video/VP8", "video/rtx")}
#: The relay's side of an m-line offered in each direction.
ANSWERED = {
    "sendonly": "recvonly",
    "recvonly": "sendonly",
    "sendrecv": "sendrecv",
    "inactive": "inactive",
}


def offer_of(text: str, max_mlines: int) -> sdp.SessionDescription:
    """Parse and sanity-check an offer before aiortc sees it (aiortc accepts garbage)."""
    try:
        offer = sdp.SessionDescription.parse(text)
    except Exception as exc:
        raise msg.OfferRejected(f"The SDP offer cannot be parsed ({exc!r}).") from None
    media = offer.media
    if not media:
        raise msg.OfferRejected("The SDP offer has no audio or video m-line.")
    if len(media) > max_mlines:
        raise msg.OfferRejected(
            f"The SDP offer has {len(media)} m-lines; at most {max_mlines} are accepted."
        )
    sending: dict[str, int] = {}
    for m in media:
        if m.kind not in ("audio", "video"):
            raise msg.OfferRejected(f"Only audio and video are relayed, not {m.kind!r}.")
        if not m.rtp.muxId or not m.ice or not m.ice.usernameFragment or not m.dtls:
            raise msg.OfferRejected("Every m-line needs a mid, ICE credentials and DTLS.")
        if m.direction in ("sendonly", "sendrecv"):
            sending[m.kind] = sending.get(m.kind, 0) + 1
    if any(count > 1 for count in sending.values()):
        raise msg.OfferRejected("Send at most one audio and one video track.")
    return offer


def clamp_remb(receiver: RTCRtpReceiver, limit: int) -> None:
    """Cap the bitrate the relay's estimator asks of a publisher (REMB, RFC draft)."""
    send = receiver._send_rtcp

    async def capped(packet: Any) -> None:
        if isinstance(packet, RtcpPsfbPacket) and packet.fmt == RTCP_PSFB_APP:
            with contextlib.suppress(ValueError):
                bitrate, ssrcs = unpack_remb_fci(packet.fci)
                packet.fci = pack_remb_fci(min(bitrate, limit), ssrcs)
        await send(packet)

    receiver._send_rtcp = capped  # type: ignore[method-assign]
