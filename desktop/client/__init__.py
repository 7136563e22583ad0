"""Asyncio client of the e-Cabinet server (no Qt): used by the app, tests and benchmarks."""

from desktop.client.connection import Client, ConnectionLost
from desktop.client.meeting import MeetingSession

__all__ = ["Client", "ConnectionLost", "MeetingSession"]
