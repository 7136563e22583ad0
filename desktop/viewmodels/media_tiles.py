"""The tiles of the video wall, worked out from the meeting and the media session: who
is shown (oneself, and everyone present who publishes), whether their picture arrives
now (last-N), whether their microphone or camera is off (by the chair or by
themselves), and who speaks (the relay's active speaker, enlarged by the wall)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from PySide6.QtGui import QImage

from desktop.viewmodels.people import title_and_unit

__all__ = ["Cell", "Tile", "arrange", "build_tiles", "to_qimage"]


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
                unit=title_and_unit(p.position_title, p.unit_name),
                is_me=is_me,
                has_video=publishes_video and not video_muted and not audio_only,
                audio_muted=(uid, "audio") in muted or (is_me and not microphone_on),
                video_muted=video_muted,
                speaking=speaker == uid,
            )
        )
    return tiles


#: The smallest tile drawn (a picture with one caption line still legible).
MIN_TILE = (64, 36)
#: The smallest tile beside an enlarged speaker; below it, the speaker is not enlarged.
READABLE_TILE = (128, 72)


@dataclass(frozen=True)
class Cell:
    """Where a tile goes in the wall's grid."""

    row: int
    column: int
    rows: int = 1
    columns: int = 1


def arrange(
    count: int, speaker: int | None, width: int, height: int, spacing: int = 4
) -> list[Cell | None]:
    """The cells of ``count`` tiles in a ``width`` × ``height`` area, in their order
    (None: no room for that tile). The columns are chosen so that the pictures (16:9)
    come out largest, so a short wide area gets one row; the tile at index ``speaker``
    takes 2 × 2 cells when the tiles beside it stay readable; when even the smallest
    tiles do not all fit, the speaker and the first ones in order are shown."""
    if count <= 0:
        return []
    fit_columns = max(1, (width + spacing) // (MIN_TILE[0] + spacing))
    fit_rows = max(1, (height + spacing) // (MIN_TILE[1] + spacing))
    first = [speaker] if speaker is not None and 0 <= speaker < count else []
    order = first + [i for i in range(count) if i not in first]
    shown = sorted(order[: fit_columns * fit_rows])

    def tile_size(columns: int, rows: int) -> tuple[float, float]:
        return (
            (width - (columns - 1) * spacing) / columns,
            (height - (rows - 1) * spacing) / rows,
        )

    cells: list[Cell | None] = [None] * count
    if first and len(shown) > 2:
        best: tuple[float, int] | None = None
        for columns in range(2, len(shown) + 2):
            beside = max(0, len(shown) - 1 - 2 * (columns - 2))
            rows = 2 + math.ceil(beside / columns)
            w, h = tile_size(columns, rows)
            if w >= READABLE_TILE[0] and h >= READABLE_TILE[1]:
                score = min(w / 16, h / 9)
                if best is None or score > best[0]:
                    best = (score, columns)
        if best is not None:
            columns = best[1]
            cells[first[0]] = Cell(0, 0, 2, 2)
            free = (
                (index // columns, index % columns)
                for index in range(columns * (len(shown) + 4))
                if not (index // columns < 2 and index % columns < 2)
            )
            for i in shown:
                if i != first[0]:
                    cells[i] = Cell(*next(free))
            return cells
    best_plain: tuple[float, int] | None = None
    for columns in range(1, min(fit_columns, len(shown)) + 1):
        w, h = tile_size(columns, math.ceil(len(shown) / columns))
        score = min(w / 16, h / 9)
        if best_plain is None or score > best_plain[0]:
            best_plain = (score, columns)
    columns = best_plain[1] if best_plain is not None else 1
    for index, i in enumerate(shown):
        cells[i] = Cell(index // columns, index % columns)
    return cells
