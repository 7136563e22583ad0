"""The local document cache: downloaded PDFs kept on disk per user and per meeting.

Files are named by their SHA-256 and checked against it on every read, so a damaged or
altered file is never shown: it is deleted and the document downloaded again.  A
meeting's files are deleted when the meeting ends (or is archived or cancelled), and
the whole folder when the user logs out, as classified documents require; in between,
reopening a document is instant and works without the server.

Layout: ``<folder>/<meeting id>/<sha256>.pdf``, folders ``0700``, files ``0600``.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from desktop.client.meeting import MeetingSession
from protocol import meetings
from protocol.meeting_state import MeetingState

#: Meeting states after which the meeting's documents leave the machine.
FINISHED = frozenset({MeetingState.ENDED, MeetingState.ARCHIVED, MeetingState.CANCELLED})


def _is_sha256(text: str) -> bool:
    return len(text) == 64 and all(c in "0123456789abcdef" for c in text)


class DocumentCache:
    """PDFs by meeting and content hash under ``folder`` (created on first write).

    Counters for tests: ``hits``, ``misses`` and ``rejected`` (files that failed the
    hash check and were deleted).
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.hits = 0
        self.misses = 0
        self.rejected = 0

    def path(self, meeting_id: int, sha256: str) -> Path:
        return self.folder / str(int(meeting_id)) / f"{sha256}.pdf"

    def get(self, meeting_id: int, sha256: str) -> bytes | None:
        """The document with this hash, or None (absent, unreadable or not matching)."""
        sha256 = sha256.lower()
        if not _is_sha256(sha256):
            self.misses += 1
            return None
        path = self.path(meeting_id, sha256)
        try:
            data = path.read_bytes()
        except OSError:
            self.misses += 1
            return None
        if hashlib.sha256(data).hexdigest() != sha256:
            self.rejected += 1
            self.misses += 1
            with contextlib.suppress(OSError):
                path.unlink()
            return None
        self.hits += 1
        return data

    def put(self, meeting_id: int, data: bytes, expected_sha256: str | None = None) -> bool:
        """Keep ``data``; False (nothing written) when it does not match the expected hash."""
        sha256 = hashlib.sha256(data).hexdigest()
        if expected_sha256 is not None and expected_sha256.lower() != sha256:
            return False
        target = self.path(meeting_id, sha256)
        try:
            self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            target.parent.mkdir(exist_ok=True, mode=0o700)
            fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".part")
            try:
                with os.fdopen(fd, "wb") as out:
                    out.write(data)
                os.replace(tmp, target)  # readers never see half a file
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
                raise
        except OSError:
            return False  # a full or read-only disk only costs a download next time
        return True

    def meetings(self) -> list[int]:
        """Meetings that have files here."""
        if not self.folder.is_dir():
            return []
        return sorted(int(p.name) for p in self.folder.iterdir() if p.name.isdigit())

    def drop_meeting(self, meeting_id: int) -> None:
        """Delete every file of the meeting."""
        shutil.rmtree(self.folder / str(int(meeting_id)), ignore_errors=True)

    def clear(self) -> None:
        """Delete the whole cache of this user (on logout)."""
        shutil.rmtree(self.folder, ignore_errors=True)

    def watch(self, session: MeetingSession) -> None:
        """Delete the meeting's files as soon as its session reports that it finished."""
        meeting_id = session.meeting_id

        def on_event(_seq: int, event: Any) -> None:
            if isinstance(event, meetings.MeetingStateChanged) and event.state in FINISHED:
                self.drop_meeting(meeting_id)

        def on_snapshot() -> None:
            view = session.view
            if view is not None and view.state in FINISHED:
                self.drop_meeting(meeting_id)

        session.subscribe(on_event)
        session.subscribe_snapshots(on_snapshot)
