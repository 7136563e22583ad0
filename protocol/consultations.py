"""Opinion polls between meetings (phiếu lấy ý kiến thành viên Chính phủ).

The secretariat prepares a consultation (title, question, draft documents, deadline),
sends it to every member of the Government (users with the role ``member`` or
``chair``), each member answers agree / disagree / other with a comment, signing the
canonical bytes of the ballot (:func:`canonical_ballot`) with their certificate, and
after the deadline the secretariat compiles the result (:func:`compile_result`).

Consultations belong to no meeting: their news reaches users as ``notice`` frames
(codes ``consultation.sent``, ``consultation.reminder``, ``consultation.answered``,
``consultation.compiled``, ``consultation.cancelled``, with ``ref`` =
``"consultation:<id>"``), after which the client reads ``consultation.list`` /
``consultation.get`` again.
"""

from __future__ import annotations

import json
import unicodedata
from datetime import datetime, timedelta, timezone
from enum import StrEnum

import msgspec

from protocol.envelope import Command
from protocol.errors import InvalidInput
from protocol.transitions import transition
from protocol.voting import Outcome

#: Asia/Ho_Chi_Minh has no daylight saving time: a fixed +07:00 offset.
VN_TZ = timezone(timedelta(hours=7), "+07:00")

#: Before the deadline, those who have not answered are reminded once per threshold.
REMINDER_THRESHOLDS: tuple[timedelta, ...] = (timedelta(hours=24), timedelta(hours=2))

#: Ballots signed with a clock further than this from the server's are refused.
MAX_CLOCK_SKEW = timedelta(minutes=10)

MAX_COMMENT = 4000
MAX_TITLE = 500
MAX_QUESTION = 4000


class ConsultationState(StrEnum):
    DRAFT = "draft"
    SENT = "sent"
    CLOSED = "closed"
    CANCELLED = "cancelled"


TRANSITIONS: dict[tuple[ConsultationState, str], ConsultationState] = {
    (ConsultationState.DRAFT, "send"): ConsultationState.SENT,
    (ConsultationState.DRAFT, "cancel"): ConsultationState.CANCELLED,
    (ConsultationState.SENT, "cancel"): ConsultationState.CANCELLED,
    (ConsultationState.SENT, "compile"): ConsultationState.CLOSED,
}


def next_state(state: ConsultationState | str, action: str) -> ConsultationState:
    """The state after ``action``, or :class:`InvalidTransition` (nothing changes)."""
    return transition(TRANSITIONS, ConsultationState(state), action, "an opinion poll")


class Answer(StrEnum):
    AGREE = "agree"
    DISAGREE = "disagree"
    OTHER = "other"


# --- time -----------------------------------------------------------------------------


def parse_time(value: str, what: str = "time") -> datetime:
    """An ISO 8601 time with its offset (e.g. ``2026-12-01T17:00:00+07:00``)."""
    try:
        parsed = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        raise InvalidInput(
            f"The {what} {value!r} is not an ISO 8601 time; write e.g. 2026-12-01T17:00:00+07:00."
        ) from None
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        raise InvalidInput(f"The {what} {value!r} has no time zone; add the offset, e.g. +07:00.")
    return parsed


def vn_time(moment: datetime) -> str:
    """``moment`` in ISO 8601 at +07:00, to the second (how times are shown and reported)."""
    return moment.astimezone(VN_TZ).replace(microsecond=0).isoformat()


# --- the ballot -----------------------------------------------------------------------

BALLOT_KIND = "ecabinet.consultation.ballot"
BALLOT_VERSION = 1


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def clean_comment(choice: Answer | str, comment: str) -> str:
    """The comment as stored and signed (NFC, trimmed); required for disagree and other."""
    answer = Answer(choice)
    text = _nfc(comment).strip()
    if answer is not Answer.AGREE and not text:
        raise InvalidInput(
            "Explain a 'disagree' or 'other' answer in the comment (ý kiến khác / lý do)."
        )
    if len(text) > MAX_COMMENT:
        raise InvalidInput(f"The comment has {len(text)} characters; keep it to {MAX_COMMENT}.")
    return text


def canonical_ballot(
    consultation_id: int, user_id: int, choice: Answer | str, comment: str, answered_at: str
) -> bytes:
    """The exact bytes a member signs: deterministic JSON, keys sorted, text in NFC, UTF-8.

    ``comment`` is normalised as :func:`clean_comment` does and ``answered_at`` is the
    ISO 8601 time the client states (kept as written, so both sides produce the same
    bytes).  The ``kind`` and ``v`` fields keep a ballot from being mistaken for any
    other signed object.
    """
    body = {
        "kind": BALLOT_KIND,
        "v": BALLOT_VERSION,
        "consultation_id": int(consultation_id),
        "user_id": int(user_id),
        "choice": Answer(choice).value,
        "comment": _nfc(comment).strip(),
        "answered_at": _nfc(answered_at).strip(),
    }
    text = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return text.encode("utf-8")


# --- reminders ------------------------------------------------------------------------


def reminder_threshold(
    deadline: datetime,
    sent_at: datetime,
    now: datetime,
    thresholds: tuple[timedelta, ...] = REMINDER_THRESHOLDS,
) -> timedelta | None:
    """The threshold whose reminder is due at ``now``, or None.

    It is the smallest threshold already crossed (``now >= deadline - threshold``)
    before the deadline, and only if the poll was sent before that threshold's time
    (a poll sent 3 h before its deadline gets the 2 h reminder, not the 24 h one).
    The caller sends it unless a reminder at that threshold was already sent.
    """
    if now >= deadline:
        return None
    crossed = [t for t in thresholds if now >= deadline - t]
    if not crossed:
        return None
    threshold = min(crossed)
    return threshold if sent_at < deadline - threshold else None


# --- the result -----------------------------------------------------------------------


class ConsultationTally(msgspec.Struct, kw_only=True, frozen=True):
    agree: int
    disagree: int
    other: int
    #: Every member the poll was sent to (the denominator), answered or not.
    total_members: int
    #: What the chair (Thủ tướng) answered, if they answered.
    chair_choice: Answer | None = None


class ConsultationResult(msgspec.Struct, kw_only=True, frozen=True):
    agree: int
    disagree: int
    other: int
    not_answered: int
    total_members: int
    chair_choice: Answer | None
    outcome: Outcome
    #: ``majority`` (agree > half of all members), ``chair`` (exactly half agree and the
    #: chair agreed: the chair's side prevails) or ``no_majority``.
    rule: str


def compile_result(tally: ConsultationTally) -> ConsultationResult:
    """The Government's rule applied to a written consultation.

    * Adopted when those who agree are MORE than half of ALL members the poll was
      sent to (answered or not).
    * When those who agree are exactly half of all members, the side the chair took
      prevails: adopted if the chair agreed, otherwise rejected (Quy chế làm việc của
      Chính phủ: "trường hợp ... ngang nhau thì quyết định theo ý kiến của Thủ tướng").
    * Otherwise rejected (no majority of all members), whatever the chair answered.
    """
    total = tally.total_members
    answered = tally.agree + tally.disagree + tally.other
    if total > 0 and tally.agree * 2 > total:
        outcome, rule = Outcome.ADOPTED, "majority"
    elif total > 0 and tally.agree * 2 == total:
        agreed = tally.chair_choice is Answer.AGREE
        outcome, rule = (Outcome.ADOPTED if agreed else Outcome.REJECTED), "chair"
    else:
        outcome, rule = Outcome.REJECTED, "no_majority"
    return ConsultationResult(
        agree=tally.agree,
        disagree=tally.disagree,
        other=tally.other,
        not_answered=max(total - answered, 0),
        total_members=total,
        chair_choice=tally.chair_choice,
        outcome=outcome,
        rule=rule,
    )


# --- what the server returns ----------------------------------------------------------


class ConsultationDocument(msgspec.Struct, kw_only=True, frozen=True):
    sha256: str
    filename: str
    size: int
    pages: int


class AnswerInfo(msgspec.Struct, kw_only=True, frozen=True):
    user_id: int
    full_name: str
    position_title: str
    unit_name: str | None
    chair: bool
    choice: Answer
    comment: str
    #: As signed by the member (ISO 8601); ``received_at`` is the server's time.
    answered_at: str
    received_at: str
    #: The signer's certificate: subject common name and serial (hex).
    signer: str
    certificate_serial: str
    signature_verified: bool = True


class RecipientInfo(msgspec.Struct, kw_only=True, frozen=True):
    user_id: int
    full_name: str
    position_title: str
    unit_name: str | None
    chair: bool
    answered: bool


class ConsultationSummary(msgspec.Struct, kw_only=True, frozen=True):
    id: int
    title: str
    question: str
    #: ISO 8601 at +07:00.
    deadline: str
    state: ConsultationState
    documents: list[ConsultationDocument]
    recipients: int
    answered: int
    created_at: str
    sent_at: str | None = None
    my_answer: AnswerInfo | None = None
    #: Am I one of those asked?
    recipient: bool = False
    result: ConsultationResult | None = None
    report_sha256: str | None = None


class ConsultationDetail(msgspec.Struct, kw_only=True, frozen=True):
    summary: ConsultationSummary
    #: Everyone asked (the secretariat only; empty for members).
    recipients_list: list[RecipientInfo] = []
    #: Every answer so far (the secretariat); a member sees only their own.
    answers: list[AnswerInfo] = []


# --- commands -------------------------------------------------------------------------


class ConsultationCreate(Command, tag="consultation.create", frozen=True):
    title: str
    question: str
    #: ISO 8601 with offset, in the future.
    deadline: str


class ConsultationUploadBegin(Command, tag="consultation.upload_begin", frozen=True):
    """Start uploading a draft PDF for a consultation in draft (chunks as for documents)."""

    consultation_id: int
    filename: str
    size: int
    sha256: str


class ConsultationUploadChunk(Command, tag="consultation.upload_chunk", frozen=True):
    upload_id: str
    offset: int
    data: bytes


class ConsultationAttach(Command, tag="consultation.attach", frozen=True):
    """Attach a finished upload (``upload_id``) or an existing meeting document version
    (``version_id``): exactly one of the two."""

    consultation_id: int
    upload_id: str | None = None
    version_id: int | None = None


class ConsultationDetach(Command, tag="consultation.detach", frozen=True):
    consultation_id: int
    sha256: str


class ConsultationSend(Command, tag="consultation.send", frozen=True):
    consultation_id: int


class ConsultationList(Command, tag="consultation.list", frozen=True):
    pass


class ConsultationGet(Command, tag="consultation.get", frozen=True):
    consultation_id: int


class ConsultationAnswer(Command, tag="consultation.answer", frozen=True):
    """A signed ballot: ``signature`` is a detached CMS (DER) over
    ``canonical_ballot(consultation_id, <me>, choice, comment, answered_at)`` made with
    the key of ``certificate_pem``."""

    consultation_id: int
    choice: Answer
    answered_at: str
    signature: bytes
    certificate_pem: str
    comment: str = ""


class ConsultationCompile(Command, tag="consultation.compile", frozen=True):
    consultation_id: int


class ConsultationCancel(Command, tag="consultation.cancel", frozen=True):
    consultation_id: int


class ConsultationDownload(Command, tag="consultation.download", frozen=True):
    """Bytes of one of the consultation's documents or of its report, by SHA-256."""

    consultation_id: int
    sha256: str
    offset: int = 0
    length: int = 256 * 1024
