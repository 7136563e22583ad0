"""Server settings the meeting rules depend on (limits, expiries, paths)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    session_idle: timedelta = timedelta(minutes=30)
    session_absolute: timedelta = timedelta(hours=12)
    max_failed_logins: int = 5
    lockout: timedelta = timedelta(minutes=15)
    #: PDF upload limits.
    max_document_bytes: int = 50 * 1024 * 1024
    max_document_pages: int = 2000
    pdf_check_seconds: float = 20.0
    pdf_check_memory_bytes: int = 1024 * 1024 * 1024
    #: How many events per meeting a client can catch up on before it gets a snapshot.
    history_kept: int = 100_000

    #: An outside RFC 3161 time-stamping authority; None uses the server's own TSA.
    tsa_url: str | None = None
    #: Executable run with a JSON notification on stdin (reminders: e-mail/SMS gateway).
    notify_hook: str | None = None

    @property
    def pki_dir(self) -> Path:
        return self.data_dir / "pki"

    @property
    def blob_dir(self) -> Path:
        return self.data_dir / "blobs"

    @property
    def upload_dir(self) -> Path:
        return self.data_dir / "uploads"
