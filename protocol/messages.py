"""Imports every message module so the codec sees every command and event."""

from protocol import accounts, agenda, annotations, documents, live, meetings, positions, voting

__all__ = [
    "accounts",
    "agenda",
    "annotations",
    "documents",
    "live",
    "meetings",
    "positions",
    "voting",
]
