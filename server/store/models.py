"""Typed SQLAlchemy 2.0 models.  ORM rows never leave ``server/``."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class ServerMeta(Base):
    __tablename__ = "server_meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Unit(Base):
    __tablename__ = "units"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(255), unique=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(255))
    position_title: Mapped[str] = mapped_column(String(255), default="")
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    #: Contacts for the notify hook (reminders by e-mail/SMS); the phone as ``+84…``.
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(16))
    roles: Mapped[list[str]] = mapped_column(JSON, default=list)
    clearance: Mapped[str] = mapped_column(String(16), default="thuong")
    password_hash: Mapped[str] = mapped_column(String(255))
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    unit: Mapped[Unit | None] = relationship(lazy="raise")


class AuthSession(Base):
    __tablename__ = "auth_sessions"
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)


class Meeting(Base):
    __tablename__ = "meetings"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(500))
    starts_at: Mapped[str] = mapped_column(String(40))
    ends_at: Mapped[str] = mapped_column(String(40))
    mode: Mapped[str] = mapped_column(String(16), default="online")
    location: Mapped[str] = mapped_column(String(255), default="")
    classification: Mapped[str] = mapped_column(String(16), default="thuong")
    state: Mapped[str] = mapped_column(String(16), default="draft")
    #: Every ballot in the meeting's polls must carry the voter's digital signature.
    signed_votes: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    last_seq: Mapped[int] = mapped_column(Integer, default=0)
    current_item_id: Mapped[int | None] = mapped_column(Integer)
    presenter_version_id: Mapped[int | None] = mapped_column(Integer)
    presenter_page: Mapped[int | None] = mapped_column(Integer)
    presenter_by: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Recording(Base):
    """A recording of a meeting's audio and video (``media.record_start``/``_stop``)."""

    __tablename__ = "recordings"
    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    #: The file, relative to the data directory (``recordings/<meeting>/<time>.webm``).
    path: Mapped[str] = mapped_column(String(255))
    started_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    stopped_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    stopped_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    size: Mapped[int | None] = mapped_column(Integer)
    sha256: Mapped[str | None] = mapped_column(String(64))


class Participant(Base):
    __tablename__ = "participants"
    __table_args__ = (UniqueConstraint("meeting_id", "user_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    role: Mapped[str] = mapped_column(String(16))
    substitute_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    vote_delegated: Mapped[bool] = mapped_column(Boolean, default=False)
    absence_reason: Mapped[str | None] = mapped_column(Text)
    lobby_state: Mapped[str | None] = mapped_column(String(16))
    removed: Mapped[bool] = mapped_column(Boolean, default=False)
    present: Mapped[bool] = mapped_column(Boolean, default=False)


class Attendance(Base):
    __tablename__ = "attendance"
    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    for_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    joined_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    left_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class AgendaItem(Base):
    __tablename__ = "agenda_items"
    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_items.id"))
    title: Mapped[str] = mapped_column(String(1000))
    presenter_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    planned_minutes: Mapped[int] = mapped_column(Integer, default=10)
    sort_index: Mapped[int] = mapped_column(Integer, default=0)
    decision: Mapped[str | None] = mapped_column(String(16))
    decision_poll_id: Mapped[int | None] = mapped_column(Integer)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)


class Blob(Base):
    """A stored file, named by the SHA-256 of its content."""

    __tablename__ = "blobs"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(Integer)
    pages: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Document(Base):
    __tablename__ = "documents"
    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("agenda_items.id"), index=True)
    current_version_id: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class DocumentVersion(Base):
    __tablename__ = "document_versions"
    __table_args__ = (UniqueConstraint("document_id", "version"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(ForeignKey("blobs.sha256"))
    filename: Mapped[str] = mapped_column(String(255))
    size: Mapped[int] = mapped_column(Integer)
    pages: Mapped[int] = mapped_column(Integer)
    uploaded_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Annotation(Base):
    """One user's annotation of one document version; ``id`` is chosen by the client."""

    __tablename__ = "annotations"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("document_versions.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"))
    #: The SHA-256 of the version's file, stamped when the annotation was saved.
    base_sha256: Mapped[str] = mapped_column(String(64))
    page: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))
    #: ``{"rects": [[x0, y0, x1, y1], ...], "points": [[x, y], ...]}`` in PDF points.
    geometry: Mapped[dict[str, list[list[float]]]] = mapped_column(JSON)
    text: Mapped[str] = mapped_column(Text, default="")
    color: Mapped[str] = mapped_column(String(7))
    shared: Mapped[bool] = mapped_column(Boolean, default=False)
    detached: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Position(Base):
    __tablename__ = "positions"
    __table_args__ = (UniqueConstraint("item_id", "user_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("agenda_items.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    stance: Mapped[str] = mapped_column(String(16))
    preliminary_vote: Mapped[str | None] = mapped_column(String(16))
    comment: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class SpeakerRequest(Base):
    __tablename__ = "speaker_requests"
    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    item_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_items.id"))
    state: Mapped[str] = mapped_column(String(16), default="waiting")
    seconds: Mapped[int | None] = mapped_column(Integer)
    sort_index: Mapped[int] = mapped_column(Integer, default=0)
    requested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    ended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class Poll(Base):
    """A vote.  Secret polls keep only counters: no row links a member to a choice."""

    __tablename__ = "polls"
    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("agenda_items.id"))
    question: Mapped[str] = mapped_column(Text)
    secret: Mapped[bool] = mapped_column(Boolean, default=False)
    state: Mapped[str] = mapped_column(String(16), default="created")
    total_members: Mapped[int] = mapped_column(Integer, default=0)
    yes_count: Mapped[int] = mapped_column(Integer, default=0)
    no_count: Mapped[int] = mapped_column(Integer, default=0)
    abstain_count: Mapped[int] = mapped_column(Integer, default=0)
    outcome: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Ballot(Base):
    """Who voted.  ``choice`` is NULL for a secret poll.

    In a meeting with signed votes, ``signature`` (detached CMS, DER) and the signer's
    ``certificate_pem`` over ``protocol.voting.canonical_ballot`` (a secret poll's
    covers participation only); NULL otherwise."""

    __tablename__ = "ballots"
    __table_args__ = (UniqueConstraint("poll_id", "member_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    poll_id: Mapped[int] = mapped_column(ForeignKey("polls.id"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    cast_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    choice: Mapped[str | None] = mapped_column(String(16))
    signature: Mapped[bytes | None] = mapped_column(LargeBinary)
    certificate_pem: Mapped[str | None] = mapped_column(Text)


class EventRecord(Base):
    """The meeting's event log: the truth that snapshots, resume and fan-out read."""

    __tablename__ = "events"
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    type: Mapped[str] = mapped_column(String(64))
    audience: Mapped[str] = mapped_column(String(255), default="all")
    payload: Mapped[bytes] = mapped_column(LargeBinary)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class CommandRecord(Base):
    """Applied commands by client-chosen id, so that a retry is never applied twice."""

    __tablename__ = "commands"
    user_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    command_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    type: Mapped[str] = mapped_column(String(64))
    fingerprint: Mapped[str] = mapped_column(String(64))
    result: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


# === Consultations (opinion polls between meetings) ===================================


class Consultation(Base):
    """A written opinion poll (phiếu lấy ý kiến) sent to every member of the Government."""

    __tablename__ = "consultations"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(500))
    question: Mapped[str] = mapped_column(Text)
    deadline: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    state: Mapped[str] = mapped_column(String(16), default="draft")
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    #: The compiled result (protocol.consultations.ConsultationResult as JSON).
    result: Mapped[dict[str, object] | None] = mapped_column(JSON)
    report_sha256: Mapped[str | None] = mapped_column(ForeignKey("blobs.sha256"))


class ConsultationDocument(Base):
    __tablename__ = "consultation_documents"
    __table_args__ = (UniqueConstraint("consultation_id", "sha256"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id"), index=True)
    sha256: Mapped[str] = mapped_column(ForeignKey("blobs.sha256"))
    filename: Mapped[str] = mapped_column(String(255))


class ConsultationRecipient(Base):
    """A member asked (frozen when the poll is sent); ``chair`` marks the Thủ tướng."""

    __tablename__ = "consultation_recipients"
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    chair: Mapped[bool] = mapped_column(Boolean, default=False)


class ConsultationAnswer(Base):
    """Every signed ballot a member sent, never changed: a new answer before the deadline
    takes ``current`` from the earlier one (each row is in the tamper-evident ledger)."""

    __tablename__ = "consultation_answers"
    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    current: Mapped[bool] = mapped_column(Boolean, default=True)
    choice: Mapped[str] = mapped_column(String(16))
    comment: Mapped[str] = mapped_column(Text, default="")
    #: The time the member signed, exactly as in the signed bytes.
    answered_at: Mapped[str] = mapped_column(String(64))
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    signature: Mapped[bytes] = mapped_column(LargeBinary)
    certificate_pem: Mapped[str] = mapped_column(Text)
    certificate_serial: Mapped[str] = mapped_column(String(64))
    signer: Mapped[str] = mapped_column(String(255))


class ConsultationReminder(Base):
    """A reminder sent to one member at one threshold (minutes before the deadline)."""

    __tablename__ = "consultation_reminders"
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    threshold_minutes: Mapped[int] = mapped_column(Integer, primary_key=True)
    sent_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


# === Keys and certificates ===========================================================


class CertificateRecord(Base):
    """Every certificate the CA issued; ``serial`` is a decimal string (up to 160 bits)."""

    __tablename__ = "certificates"
    serial: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    #: signing | seal | tsa | server | record
    kind: Mapped[str] = mapped_column(String(16))
    subject: Mapped[str] = mapped_column(String(1000))
    not_before: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    not_after: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revocation_reason: Mapped[str | None] = mapped_column(String(32))
    pem: Mapped[str] = mapped_column(Text)


class SignatureImage(Base):
    """A user's signature image (blue, transparent PNG) placed in their signatures."""

    __tablename__ = "signature_images"
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    png: Mapped[bytes] = mapped_column(LargeBinary)
    sha256: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class SealImage(Base):
    """The organisation seal image (red, transparent PNG at real size); one row."""

    __tablename__ = "seal_images"
    id: Mapped[int] = mapped_column(primary_key=True)
    organisation: Mapped[str] = mapped_column(String(255))
    png: Mapped[bytes] = mapped_column(LargeBinary)
    sha256: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_by: Mapped[int] = mapped_column(ForeignKey("users.id"))


# --- archive (search index) ------------------------------------------------------------


#: Full-text objects that live beside the models, made by migration 0004_archive only:
#: the FTS5 table ``archive_fts`` (and its shadow tables) on SQLite; the ``archive_fts``
#: tsvector column of ``archive_entries`` and its GIN index ``ix_archive_fts`` on
#: PostgreSQL.  Schema comparisons skip names with this prefix.
FULL_TEXT_PREFIX = "archive_fts"


def in_models(name: str | None, type_: str, _parent: object = None) -> bool:
    """Alembic ``include_name`` hook: False for the full-text objects above."""
    return not (name or "").startswith((FULL_TEXT_PREFIX, "ix_" + FULL_TEXT_PREFIX))


class ArchiveEntry(Base):
    """One searchable record: a document version, minutes, a decision or an opinion poll.

    ``title`` and the text (:class:`ArchiveText`) are kept as written (NFC) for
    snippets; the index holds their folded form (see ``protocol.archive.fold``).
    ``(kind, ref)`` is the indexer's key: indexing it again replaces the entry."""

    __tablename__ = "archive_entries"
    __table_args__ = (UniqueConstraint("kind", "ref"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    ref: Mapped[str] = mapped_column(String(128))
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id"), index=True)
    version_id: Mapped[int | None] = mapped_column(ForeignKey("document_versions.id"))
    date: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    classification: Mapped[str] = mapped_column(String(16))
    body: Mapped[str] = mapped_column(String(255), default="", index=True)
    #: The signers' names as written, one per line.
    signers: Mapped[str] = mapped_column(Text, default="")
    #: ``"|nguyen van an|tran thi binh|"``: folded, for the signer filter.
    signers_folded: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    title: Mapped[str] = mapped_column(String(1000))


class ArchiveText(Base):
    """The text of an archive entry, apart so that the entries' rows stay small for the
    filters."""

    __tablename__ = "archive_texts"
    entry_id: Mapped[int] = mapped_column(ForeignKey("archive_entries.id"), primary_key=True)
    text: Mapped[str] = mapped_column(Text)


# --- tamper-evident record (ledger) ----------------------------------------------------


class LedgerHead(Base):
    """The head of the append-only log: one row (id 1), locked by every append."""

    __tablename__ = "ledger_head"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    size: Mapped[int] = mapped_column(Integer)
    #: Roots of the perfect subtrees covering the log, largest first, 32 bytes each.
    frontier: Mapped[bytes] = mapped_column(LargeBinary)


class LedgerEntry(Base):
    """One entry of the log (RFC 6962 leaf); ``idx`` is gapless from 0."""

    __tablename__ = "ledger_entries"
    idx: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    kind: Mapped[str] = mapped_column(String(32))
    #: The source row, e.g. ``event:3:17`` (meeting 3, seq 17).
    ref: Mapped[str] = mapped_column(String(255))
    meeting_id: Mapped[int | None] = mapped_column(Integer, index=True)
    leaf_hash: Mapped[bytes] = mapped_column(LargeBinary)
    #: The tree head after this entry (pinpoints where the log was changed).
    root: Mapped[bytes] = mapped_column(LargeBinary)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class LedgerCheckpoint(Base):
    """A tree head signed with the server's record key (end of a meeting, on demand)."""

    __tablename__ = "ledger_checkpoints"
    id: Mapped[int] = mapped_column(primary_key=True)
    size: Mapped[int] = mapped_column(Integer)
    root: Mapped[bytes] = mapped_column(LargeBinary)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    meeting_id: Mapped[int | None] = mapped_column(Integer)
    signature: Mapped[bytes] = mapped_column(LargeBinary)
    #: PEM of the record certificate that made ``signature``.
    certificate: Mapped[str] = mapped_column(Text)


class LedgerAdoption(Base):
    """Rows that predate the record, adopted into it at ``at`` (``ecabinet-server ledger
    adopt``): ledger entries ``first_idx`` to ``first_idx + count - 1``, then the entry
    recording this row.  They were not protected before ``at``."""

    __tablename__ = "ledger_adoptions"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    count: Mapped[int] = mapped_column(Integer)
    first_idx: Mapped[int] = mapped_column(Integer)
    #: How many rows of each kind, e.g. ``{"event": 30, "ballot": 6}``.
    kinds: Mapped[dict[str, int]] = mapped_column(JSON)
    note: Mapped[str] = mapped_column(Text)


# === Minutes (biên bản) ===============================================================


class Minutes(Base):
    """The minutes of one meeting: the editable text, then the finalized PDF (a blob)."""

    __tablename__ = "minutes"
    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), unique=True)
    state: Mapped[str] = mapped_column(String(16), default="draft")
    #: Bumped by every save; an edit based on an older revision is refused.
    revision: Mapped[int] = mapped_column(Integer, default=1)
    text: Mapped[str] = mapped_column(Text)
    updated_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    number_symbol: Mapped[str] = mapped_column(String(64), default="")
    finalized_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    sha256: Mapped[str | None] = mapped_column(ForeignKey("blobs.sha256"))
    #: The finalized PDF as a document version (``document.download``, the archive).
    version_id: Mapped[int | None] = mapped_column(ForeignKey("document_versions.id"))
    #: The signing workflow (``decisions`` table) the finalized PDF was handed to.
    decision_id: Mapped[int | None] = mapped_column(Integer)


# === Decisions to sign (Decree 30: signer, then the clerk's seal) =======================


class Decision(Base):
    """A PDF going through signing: ``awaiting_signature`` → ``awaiting_seal`` → ``issued``
    (or ``cancelled``).  ``current_sha256`` is the latest accepted revision."""

    __tablename__ = "decisions"
    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    item_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_items.id"))
    #: The agenda document whose versions receive the signed revisions (None: minutes).
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    kind: Mapped[str] = mapped_column(String(16))
    copy_type: Mapped[str | None] = mapped_column(String(16))
    source_decision_id: Mapped[int | None] = mapped_column(ForeignKey("decisions.id"))
    title: Mapped[str] = mapped_column(String(1000))
    number_symbol: Mapped[str] = mapped_column(String(64))
    authority_lines: Mapped[list[str]] = mapped_column(JSON, default=list)
    signer_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    state: Mapped[str] = mapped_column(String(24), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    current_sha256: Mapped[str] = mapped_column(ForeignKey("blobs.sha256"))
    cancel_reason: Mapped[str] = mapped_column(Text, default="")
    prepared_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class DecisionRevision(Base):
    """One accepted revision of a decision's PDF (``source``, ``signed``, ``sealed``,
    ``copy``) with the validation of its signatures when it was accepted."""

    __tablename__ = "decision_revisions"
    __table_args__ = (UniqueConstraint("decision_id", "step"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("decisions.id"), index=True)
    step: Mapped[str] = mapped_column(String(16))
    sha256: Mapped[str] = mapped_column(ForeignKey("blobs.sha256"))
    size: Mapped[int] = mapped_column(Integer)
    version_id: Mapped[int | None] = mapped_column(ForeignKey("document_versions.id"))
    uploaded_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    #: The new signer's certificate serial (decimal), for signed steps.
    signer_serial: Mapped[str | None] = mapped_column(String(64))
    #: ``protocol.signatures.SignatureInfo`` of every signature, as validated on upload.
    signatures: Mapped[list[dict[str, object]]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
