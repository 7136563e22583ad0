"""Times in the windows read day first, in Vietnam's time, with the offset shown."""

from __future__ import annotations

from desktop.viewmodels.times import shown_time


def test_a_utc_time_is_shown_in_vietnam_day_first() -> None:
    assert shown_time("2026-11-24T00:34:47+00:00") == "24/11/2026 07:34:47 +07:00"
    assert shown_time("2026-12-31T20:05:00Z", seconds=False) == "01/01/2027 03:05 +07:00"
    assert shown_time("2026-11-24T07:34:47+07:00") == "24/11/2026 07:34:47 +07:00"


def test_text_that_is_not_a_time_is_left_as_it_is() -> None:
    assert shown_time("—") == "—"
