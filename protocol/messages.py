"""Imports every message module so the codec sees every command and event."""

from protocol import accounts, agenda, documents, live, meetings, positions, voting

__all__ = ["accounts", "agenda", "documents", "live", "meetings", "positions", "voting"]
