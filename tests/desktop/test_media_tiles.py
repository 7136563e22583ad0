"""The video wall's tiles from the meeting and the media session (no window)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from desktop.viewmodels.media_tiles import build_tiles

ME, A, B, GONE = 1, 2, 3, 4


def person(name: str, present: bool = True) -> Any:
    return SimpleNamespace(
        full_name=name, present=present, position_title="Bộ trưởng", unit_name="Bộ Tài chính"
    )


VIEW = SimpleNamespace(
    participants={
        ME: person("Lê Minh Chính"),
        A: person("Hồ Đức Phớc"),
        B: person("Võ Tấn Đức"),
        GONE: person("Nguyễn Văn Vắng", present=False),
    }
)


def media(**kwargs: Any) -> Any:
    state = {
        "muted": set(),
        "self_muted": set(),
        "speaker": None,
        "publishers": {(u, k) for u in (A, B, GONE) for k in ("audio", "video")},
        "receiving": lambda user_id, kind: object() if user_id == A else None,
    }
    state.update(kwargs)
    return SimpleNamespace(**state)


def tiles(m: Any, **own: bool) -> dict[int, Any]:
    options = {"microphone_on": True, "camera_on": True, "audio_only": False} | own
    return {t.participant_id: t for t in build_tiles(VIEW, ME, m, **options)}


def test_oneself_and_everyone_present_who_publishes() -> None:
    shown = tiles(media(speaker=B))
    assert list(shown) == [ME, A, B], "oneself first; someone who left is not shown"
    assert shown[ME].is_me and shown[ME].name == "Lê Minh Chính"
    assert shown[A].unit == "Bộ trưởng, Bộ Tài chính"
    # A's picture arrives (forwarded now); B's slot went to someone else: name only.
    assert shown[A].has_video and not shown[B].has_video
    assert shown[B].speaking and not shown[A].speaking


def test_a_microphone_turned_off_by_its_owner_or_by_the_chair_is_marked() -> None:
    shown = tiles(media(self_muted={(A, "audio"), (B, "video")}, muted={(B, "audio")}))
    assert shown[A].audio_muted and not shown[A].video_muted
    assert shown[B].audio_muted and shown[B].video_muted
    assert not shown[ME].audio_muted


def test_ones_own_switches_and_audio_only() -> None:
    shown = tiles(media(), microphone_on=False, camera_on=False)
    assert shown[ME].audio_muted and shown[ME].video_muted and not shown[ME].has_video
    shown = tiles(media(), audio_only=True)
    assert not any(t.has_video for t in shown.values())


def test_before_the_media_connects_only_oneself() -> None:
    assert list(tiles(None)) == [ME]
    assert build_tiles(None, ME, None, microphone_on=True, camera_on=True, audio_only=False) == []
