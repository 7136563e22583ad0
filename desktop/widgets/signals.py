"""Signal helpers shared by widgets."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable
from typing import Any


def disconnect_all(pairs: Iterable[tuple[Any, Callable[..., Any]]]) -> None:
    """Disconnect each ``(signal, slot)``; one already gone (or never connected) is fine.

    A dialog closing must stop hearing its (longer-lived) view model, or a late signal
    would reach a deleted widget."""
    for signal, slot in pairs:
        with contextlib.suppress(RuntimeError, TypeError):
            signal.disconnect(slot)
