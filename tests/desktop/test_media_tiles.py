"""The video wall's tiles from the meeting and the media session (no window)."""

from __future__ import annotations

import random
from types import SimpleNamespace
from typing import Any

from desktop.viewmodels.media_tiles import MIN_TILE, READABLE_TILE, Cell, arrange, build_tiles

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


def test_a_title_that_names_the_unit_does_not_repeat_it() -> None:
    view = SimpleNamespace(
        participants={
            ME: SimpleNamespace(
                full_name="Lê Minh Chính",
                present=True,
                position_title="Bộ trưởng Bộ Tài chính",
                unit_name="Bộ tài chính",
            ),
            A: SimpleNamespace(
                full_name="Hồ Đức Phớc", present=True, position_title="", unit_name="Bộ Tài chính"
            ),
        }
    )
    options = {"microphone_on": True, "camera_on": True, "audio_only": False}
    shown = {t.participant_id: t for t in build_tiles(view, ME, media(), **options)}
    assert shown[ME].unit == "Bộ trưởng Bộ Tài chính"
    assert shown[A].unit == "Bộ Tài chính"


def overlaps(a: Cell, b: Cell) -> bool:
    return not (
        a.row + a.rows <= b.row
        or b.row + b.rows <= a.row
        or a.column + a.columns <= b.column
        or b.column + b.columns <= a.column
    )


def cell_sizes(cells: list[Cell | None], width: int, height: int) -> tuple[float, float]:
    used = [c for c in cells if c is not None]
    columns = max(c.column + c.columns for c in used)
    rows = max(c.row + c.rows for c in used)
    return (width - 4 * (columns - 1)) / columns, (height - 4 * (rows - 1)) / rows


def test_a_short_wide_area_gets_one_row_and_a_large_one_the_speaker_enlarged() -> None:
    strip = arrange(4, 0, 378, 70)
    assert strip == [Cell(0, 0), Cell(0, 1), Cell(0, 2), Cell(0, 3)], "one row, none enlarged"
    wall = arrange(4, 0, 900, 480)
    assert wall[0] == Cell(0, 0, 2, 2), "the speaker on 2 × 2 cells"
    w, h = cell_sizes(wall, 900, 480)
    assert w >= READABLE_TILE[0] and h >= READABLE_TILE[1], "the others stay readable"
    tall = arrange(3, None, 300, 700)
    assert [c.column for c in tall if c is not None] == [0, 0, 0], "a tall area: one column"


def test_tiles_never_cover_each_other_and_stay_inside_the_area() -> None:
    rng = random.Random(5)
    for _ in range(2000):
        count = rng.randint(1, 24)
        speaker = rng.choice([None, rng.randrange(count)])
        width, height = rng.randint(60, 1600), rng.randint(30, 1000)
        cells = arrange(count, speaker, width, height)
        used = [c for c in cells if c is not None]
        assert used, "at least one tile is shown"
        for i, a in enumerate(used):
            assert all(not overlaps(a, b) for b in used[i + 1 :]), (count, width, height)
        w, h = cell_sizes(cells, width, height)
        if width >= MIN_TILE[0] and height >= MIN_TILE[1]:
            assert w >= MIN_TILE[0] and h >= MIN_TILE[1], (count, speaker, width, height)
        if speaker is not None:
            assert cells[speaker] is not None, "the speaker is always on the wall"


def test_when_not_all_fit_the_speaker_and_the_first_ones_are_shown() -> None:
    cells = arrange(20, 12, 378, 60)
    shown = [i for i, c in enumerate(cells) if c is not None]
    assert shown == [0, 1, 2, 3, 12], "oneself and the first in order, and the speaker"
    assert [cells[i].column for i in shown] == [0, 1, 2, 3, 4]  # type: ignore[union-attr]
