"""Times as people in Vietnam read them.

The wire carries ISO 8601 with its offset (``2026-11-24T07:34:47+07:00``); a window
shows the day first, as Vietnamese documents write dates, then the time, then the
offset so nobody has to guess the zone: ``24/11/2026 07:34:47 +07:00``.
"""

from __future__ import annotations

import datetime as dt

#: Vietnam's offset (Asia/Ho_Chi_Minh has had no daylight saving time since 1975).
VN = dt.timezone(dt.timedelta(hours=7))


def shown_time(iso: str, *, seconds: bool = True) -> str:
    """``iso`` in Vietnam's time, day first; the text itself when it is not ISO 8601."""
    try:
        moment = dt.datetime.fromisoformat(iso)
    except (TypeError, ValueError):
        return iso
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    local = moment.astimezone(VN)
    return local.strftime("%d/%m/%Y %H:%M:%S +07:00" if seconds else "%d/%m/%Y %H:%M +07:00")
