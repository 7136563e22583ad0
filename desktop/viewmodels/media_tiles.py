"""The tiles of the video wall, worked out from the meeting and the media session: who
is shown (oneself, and everyone present who publishes), whether their picture arrives
now (last-N), whether their microphone or camera is off (by the chair or by
themselves), and who speaks (the relay's active speaker, enlarged by the wall)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtGui import QImage

__all__ = ["Tile", "build_tiles", "to_qimage"]


def to_qimage(frame: Any) -> QImage:
    """A decoded ``av.VideoFrame`` as an RGB ``QImage`` that owns its pixels."""
    rgb = frame.to_ndarray(format="rgb24")
    height, width = rgb.shape[:2]
    image = QImage(rgb.data, width, height, rgb.strides[0], QImage.Format.Format_RGB888)
    return image.copy()


@dataclass(frozen=True)
class Tile:
    participant_id: int
    name: str
    unit: str
    is_me: bool
    has_video: bool
    audio_muted: bool
    video_muted: bool
    #: The relay's active speaker (the wall enlarges this tile).
    speaking: bool


def build_tiles(
    view: Any,
    me: int | None,
    media: Any,
    *,
    microphone_on: bool,
    camera_on: bool,
    audio_only: bool,
) -> list[Tile]:
    """The tiles for ``view`` (the meeting) seen by ``me`` through ``media`` (a
    :class:`~desktop.client.media.MediaSession`, or None before it connects)."""
    if view is None or me is None:
        return []
    # Turned off by the chair or by their owner: the tile shows it either way.
    muted: set[tuple[int, str]] = (
        set(media.muted) | set(media.self_muted) if media is not None else set()
    )
    speaker = media.speaker if media is not None else None
    others = sorted({u for u, _ in media.publishers} - {me}) if media is not None else []
    tiles = []
    for uid in [me, *others]:
        p = view.participants.get(uid)
        if p is None or (uid != me and not p.present):
            continue
        is_me = uid == me
        video_muted = (uid, "video") in muted or (is_me and not camera_on)
        # Another's picture only while the relay forwards it (last-N): a tile whose
        # slot went to someone else shows the name, not a frozen picture.
        publishes_video = is_me or (
            media is not None
            and (uid, "video") in media.publishers
            and media.receiving(uid, "video") is not None
        )
        tiles.append(
            Tile(
                participant_id=uid,
                name=p.full_name,
                unit=", ".join(x for x in (p.position_title, p.unit_name or "") if x),
                is_me=is_me,
                has_video=publishes_video and not video_muted and not audio_only,
                audio_muted=(uid, "audio") in muted or (is_me and not microphone_on),
                video_muted=video_muted,
                speaking=speaker == uid,
            )
        )
    return tiles
