"""Silence suppression: a quiet microphone's packets are not forwarded, the start of a
word always is, and a listener sees no gap in the sequence when the speaker resumes."""

from __future__ import annotations

from typing import Any

from aiortc.rtp import RtpPacket

from server.transport.media.fanout import Feed, ForwardedTrack
from server.transport.media.silence import HANGOVER, SILENT_LEVEL, SilenceGate
from tests.server.test_media_rtp import started

LOUD, QUIET = (True, 25), (False, 100)


def test_a_quiet_microphone_is_held_back_from_the_start() -> None:
    gate = SilenceGate()
    assert [gate.passes(QUIET, t / 50) for t in range(100)] == [False] * 100
    assert gate.suppressed == 100 and gate.closed


def test_the_pauses_between_words_are_kept_and_long_silence_is_not() -> None:
    gate = SilenceGate()
    assert gate.passes(LOUD, 0.0)
    # A pause shorter than the hangover is forwarded: the listener hears the pause.
    assert all(gate.passes(QUIET, 0.02 * n) for n in range(1, int(HANGOVER / 0.02)))
    assert not gate.passes(QUIET, HANGOVER + 0.01)
    assert gate.closed
    # The first audible packet opens the gate: the start of the word is not cut.
    assert gate.passes(LOUD, HANGOVER + 0.5)
    assert not gate.closed


def test_the_threshold_is_the_speaker_detectors_silence() -> None:
    gate = SilenceGate()
    assert gate.passes((False, SILENT_LEVEL), 0.0)
    gate = SilenceGate()
    assert not gate.passes((False, SILENT_LEVEL + 1), 0.0)
    assert SILENT_LEVEL == 70  # -70 dBov


def test_packets_without_a_level_are_always_forwarded() -> None:
    gate = SilenceGate()
    assert all(gate.passes(None, float(t)) for t in range(10))


def opus(seq: int, ts: int, level: tuple[bool, int] | None) -> RtpPacket:
    packet = RtpPacket(payload_type=111, sequence_number=seq, timestamp=ts)
    packet.payload = b"opus" * 10
    packet.extensions.audio_level = level
    return packet


async def test_a_listener_gets_the_speech_not_the_silence_and_no_sequence_gap() -> None:
    clock = [100.0]
    feed = Feed(7, "audio", track=None, send_pli=lambda: None, clock=lambda: clock[0], rtp=True)  # type: ignore[arg-type]
    slot = ForwardedTrack("audio", rtp=True)
    rewriter, wire = await started("audio", clock)
    slot.rtp, slot._started = rewriter, True
    slot.attach(feed)

    at = {"seq": 65000, "ts": 5000}

    def speak(levels: list[Any]) -> None:
        for level in levels:
            feed.push(opus(at["seq"] & 0xFFFF, at["ts"] & 0xFFFFFFFF, level))
            at["seq"] += 1
            at["ts"] += 960
            clock[0] += 0.02

    speak([LOUD] * 10)  # 0.2 s of speech
    speak([QUIET] * 150)  # 3 s of silence: 1 s of it is forwarded, then nothing
    assert len(wire.sent) == 10 + int(HANGOVER / 0.02)
    before = wire.sent[-1]
    speak([LOUD] * 5)
    after = wire.sent[len(wire.sent) - 5 :]
    assert len(wire.sent) == 10 + int(HANGOVER / 0.02) + 5
    assert feed.gate is not None and feed.gate.suppressed == 150 - int(HANGOVER / 0.02)
    # Like Opus DTX: the next sequence number, and the clock moved on by the 2 s withheld.
    assert after[0].sequence_number == (before.sequence_number + 1) & 0xFFFF
    gap = (after[0].timestamp - before.timestamp) & 0xFFFFFFFF
    assert abs(gap - 2.0 * 48000) <= 960
    assert [p.sequence_number for p in after] == [
        (after[0].sequence_number + n) & 0xFFFF for n in range(5)
    ]
