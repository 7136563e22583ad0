"""Imports every message module so the codec sees every command and event."""

from protocol import (
    accounts,
    agenda,
    annotations,
    archive,
    consultations,
    decisions,
    documents,
    live,
    media,
    meetings,
    minutes,
    pki,
    positions,
    record,
    voting,
)

__all__ = [
    "accounts",
    "agenda",
    "annotations",
    "archive",
    "consultations",
    "decisions",
    "documents",
    "live",
    "media",
    "meetings",
    "minutes",
    "pki",
    "positions",
    "record",
    "voting",
]
