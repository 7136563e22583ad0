"""The tamper-evident record: its Merkle tree (RFC 6962), verify reports, archive export.

Every event, ballot, document version and signature is an *entry* of one append-only
log.  The entry's bytes are ``kind LF ref LF data``; ``data`` is the canonical
serialisation of the source row (see ``server.domain.ledger``).  The log is an RFC 6962
Merkle tree over SHA-256: a leaf is ``SHA-256(0x00 || entry)``, an inner node
``SHA-256(0x01 || left || right)``.  A *checkpoint* is a signed statement of the tree
size and root (:func:`checkpoint_statement`).  These functions are pure so that the
server, the desktop and an offline verifier compute exactly the same thing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from enum import StrEnum

import msgspec

from protocol.documents import CHUNK_SIZE
from protocol.envelope import Command

LEAF_PREFIX = b"\x00"
NODE_PREFIX = b"\x01"
#: The root of the empty tree (RFC 6962: the hash of the empty string).
EMPTY_ROOT = hashlib.sha256(b"").digest()


# --- the tree ------------------------------------------------------------------------


def entry_bytes(kind: str, ref: str, data: bytes) -> bytes:
    """What a leaf hashes: ``kind`` and ``ref`` (no line feeds in either), then ``data``."""
    if "\n" in kind or "\n" in ref:
        raise ValueError("a ledger kind or ref cannot contain a line feed")
    return kind.encode() + b"\n" + ref.encode() + b"\n" + data


def leaf_hash(kind: str, ref: str, data: bytes) -> bytes:
    return hashlib.sha256(LEAF_PREFIX + entry_bytes(kind, ref, data)).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(NODE_PREFIX + left + right).digest()


def push(frontier: list[bytes], leaf: bytes, size: int) -> list[bytes]:
    """Add ``leaf`` to a tree of ``size`` leaves given by its *frontier* (the roots of
    the perfect subtrees that cover it, largest first); returns the new frontier."""
    out = list(frontier)
    node = leaf
    while size & 1:
        node = node_hash(out.pop(), node)
        size >>= 1
    out.append(node)
    return out


def frontier_root(frontier: Sequence[bytes]) -> bytes:
    """The RFC 6962 tree head of the tree a frontier covers."""
    if not frontier:
        return EMPTY_ROOT
    root = frontier[-1]
    for node in reversed(frontier[:-1]):
        root = node_hash(node, root)
    return root


def tree_levels(leaves: Sequence[bytes]) -> list[list[bytes]]:
    """Every level of the tree bottom-up (an unpaired last node moves up unchanged,
    which gives exactly the RFC 6962 tree)."""
    levels = [list(leaves)]
    while len(levels[-1]) > 1:
        below = levels[-1]
        above = [node_hash(below[i], below[i + 1]) for i in range(0, len(below) - 1, 2)]
        if len(below) % 2:
            above.append(below[-1])
        levels.append(above)
    return levels


def root_of(leaves: Sequence[bytes]) -> bytes:
    return tree_levels(leaves)[-1][0] if leaves else EMPTY_ROOT


def inclusion_proof(levels: list[list[bytes]], index: int) -> list[bytes]:
    """The audit path of leaf ``index`` in the tree whose :func:`tree_levels` is given."""
    proof = []
    for level in levels[:-1]:
        sibling = index ^ 1
        if sibling < len(level):
            proof.append(level[sibling])
        index >>= 1
    return proof


def verify_inclusion(
    leaf: bytes, index: int, size: int, proof: Sequence[bytes], root: bytes
) -> bool:
    """RFC 9162 §2.1.3.2: whether ``proof`` shows ``leaf`` at ``index`` under ``root``."""
    if not 0 <= index < size:
        return False
    fn, sn, node = index, size - 1, leaf
    for sibling in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            node = node_hash(sibling, node)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            node = node_hash(node, sibling)
        fn >>= 1
        sn >>= 1
    return sn == 0 and node == root


def checkpoint_statement(size: int, root: bytes, at: str, meeting_id: int | None) -> bytes:
    """The exact bytes the server's record key signs for a checkpoint."""
    return (
        "e-Cabinet ledger checkpoint v1\n"
        f"size: {size}\nroot: {root.hex()}\nat: {at}\n"
        f"meeting: {'' if meeting_id is None else meeting_id}\n"
    ).encode()


# --- reports ---------------------------------------------------------------------------


class Finding(msgspec.Struct, kw_only=True, frozen=True):
    """One problem found by a verification, pinpointed.

    ``code`` is stable (``source.changed``, ``source.deleted``, ``source.unrecorded``,
    ``entry.missing``, ``entry.reordered``, ``entry.altered``, ``entry.duplicate``,
    ``blob.changed``, ``blob.missing``, ``checkpoint.signature``,
    ``checkpoint.certificate``, ``checkpoint.mismatch``, ``head.mismatch``,
    ``package.*``); ``message`` says in words what was found where.
    """

    code: str
    message: str
    entry: int | None = None
    ref: str | None = None


class Adoption(msgspec.Struct, kw_only=True, frozen=True):
    """Rows that predate the record, adopted into it on ``at`` (``ecabinet-server ledger
    adopt``): ``count`` of the entries checked (ledger entries ``first_entry`` to
    ``last_entry``) were not protected before ``at``, only from then on."""

    count: int
    at: str
    first_entry: int
    last_entry: int

    def sentence(self) -> str:
        return (
            f"{self.count} of the entries checked record rows that predate the record: they "
            f"were adopted into it on {self.at} (ledger entries {self.first_entry}–"
            f"{self.last_entry}) and were not protected before that date."
        )


class VerifyReport(msgspec.Struct, kw_only=True):
    entries: int = 0
    checkpoints: int = 0
    findings: list[Finding] = msgspec.field(default_factory=list)
    #: Facts worth showing beside the result (e.g. the CA fingerprint trusted).
    notes: list[str] = msgspec.field(default_factory=list)
    #: Entries adopted after the fact (see :class:`Adoption`), oldest first.
    adoptions: list[Adoption] = msgspec.field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.findings

    def add(
        self, code: str, message: str, entry: int | None = None, ref: str | None = None
    ) -> None:
        self.findings.append(Finding(code=code, message=message, entry=entry, ref=ref))

    def summary(self) -> str:
        head = (
            f"Record intact: {self.entries} entries, {self.checkpoints} signed checkpoints."
            if self.ok
            else f"Record NOT intact: {len(self.findings)} problem(s) in {self.entries} entries."
        )
        adopted = [f"Adopted: {a.sentence()}" for a in self.adoptions]
        findings = [f"- {f.message}" for f in self.findings]
        return "\n".join([head, *findings, *adopted, *self.notes])


# --- messages --------------------------------------------------------------------------


class RecordVerify(Command, tag="record.verify", frozen=True):
    """Verify the whole record against the live database and the stored files."""


class ArchiveExport(Command, tag="archive.export", frozen=True):
    """Build the archive package of a meeting; download it with ``archive.download``."""

    meeting_id: int


class ArchivePackage(msgspec.Struct, kw_only=True, frozen=True):
    token: str
    filename: str
    size: int
    sha256: str


class ArchiveDownload(Command, tag="archive.download", frozen=True):
    """Bytes of an exported package (the result is a ``DownloadChunk``)."""

    token: str
    offset: int = 0
    length: int = CHUNK_SIZE


# --- a meeting's record: its recordings ----------------------------------------------


class RecordingState(StrEnum):
    #: Stopped normally: the file's size and SHA-256 are in the record.
    COMPLETE = "complete"
    #: Being written by the server now.
    RECORDING = "recording"
    #: Never stopped (the server crashed or was shut down while recording): no hash.
    INCOMPLETE = "incomplete"


class RecordingEntry(msgspec.Struct, kw_only=True, frozen=True):
    """One audio/video recording of a meeting (``media.record_start``/``_stop``)."""

    id: int
    file_name: str
    #: ISO 8601 with the +07:00 offset.
    started_at: str
    #: None while recording or when the recording was never stopped.
    stopped_at: str | None
    started_by: int
    started_by_name: str
    #: Bytes and SHA-256 (hex) of the file, as the ``media.recording_stopped`` event
    #: recorded them; None when the recording is not complete.
    size: int | None
    sha256: str | None
    #: Seconds from start to stop, when the recording is complete.
    duration: float | None
    state: RecordingState


class RecordMeeting(Command, tag="record.meeting", frozen=True):
    """The record of a meeting: its audio and video recordings, oldest first."""

    meeting_id: int


class MeetingRecord(msgspec.Struct, kw_only=True, frozen=True):
    meeting_id: int
    title: str
    recordings: list[RecordingEntry]
