"""The archivist's search: query, filters, pages of hits with highlighted snippets.

The server does the searching (``archive.search``; ``archive.facets`` fills the filter
lists).  A hit opens its PDF through :attr:`ArchiveViewModel.document_requested` (the
composition root opens it in the document viewer; :meth:`ArchiveViewModel.download`
fetches the bytes) and a meeting's archive package is asked for through
:attr:`ArchiveViewModel.export_requested`.
"""

from __future__ import annotations

import hashlib
import html
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

import msgspec
from PySide6.QtCore import QCoreApplication, QObject, Signal

from desktop.client import Client
from desktop.viewmodels.recordings import RecordingsViewModel
from desktop.viewmodels.session import CommandRunner, Runner
from protocol import archive as am
from protocol.accounts import UserInfo
from protocol.documents import DownloadChunk
from protocol.errors import ProtocolError
from protocol.meeting_state import CLASSIFICATION_LABELS, Classification
from protocol.permissions import global_permissions
from protocol.record import ArchiveDownload, ArchiveExport, ArchivePackage

PAGE_SIZE = 20


def _tr(text: str) -> str:
    return QCoreApplication.translate("Archive", text)


def kind_label(kind: str) -> str:
    return {
        am.Kind.DOCUMENT: _tr("Document"),
        am.Kind.MINUTES: _tr("Minutes"),
        am.Kind.DECISION: _tr("Decision"),
        am.Kind.CONSULTATION: _tr("Opinion poll"),
    }.get(am.Kind(kind), kind)


def may_search_archive(user: UserInfo | None) -> bool:
    """Whether to offer the archive (the server checks ``archive.read`` again)."""
    return user is not None and "archive.read" in global_permissions(user.roles)


def marked(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` as rich text (escaped) with the ``(start, end)`` spans in bold."""
    out, pos = [], 0
    for start, end in sorted(spans):
        if start < pos:
            continue
        out += [html.escape(text[pos:start]), "<b>", html.escape(text[start:end]), "</b>"]
        pos = end
    out.append(html.escape(text[pos:]))
    return "".join(out)


@dataclass(frozen=True)
class HitRow:
    """One result as the list shows it."""

    entry_id: int
    kind: str
    kind_label: str
    title_html: str
    snippet_html: str
    #: dd/mm/yyyy (Vietnamese order).
    date_label: str
    meeting_id: int | None
    meeting_title: str
    classification_label: str
    signers: str
    body: str
    version_id: int | None
    title: str


def hit_row(hit: am.ArchiveHit) -> HitRow:
    try:
        day = datetime.fromisoformat(hit.date).strftime("%d/%m/%Y")
    except ValueError:
        day = hit.date
    try:
        level = CLASSIFICATION_LABELS[Classification(hit.classification)]
    except ValueError:
        level = hit.classification
    return HitRow(
        entry_id=hit.entry_id,
        kind=str(hit.kind),
        kind_label=kind_label(hit.kind),
        title_html=marked(hit.title, hit.title_highlights),
        snippet_html=marked(hit.snippet, hit.highlights),
        date_label=day,
        meeting_id=hit.meeting_id,
        meeting_title=hit.meeting_title or "",
        classification_label=level,
        signers=", ".join(hit.signers),
        body=hit.body,
        version_id=hit.version_id,
        title=hit.title,
    )


@dataclass(frozen=True)
class Filters:
    """The filters of a search; empty means "any"."""

    kinds: list[str] = field(default_factory=list)
    #: ``YYYY-MM-DD`` (calendar days in Vietnam), both ends included.
    date_from: str | None = None
    date_to: str | None = None
    meeting_id: int | None = None
    body: str | None = None
    signer: str | None = None
    sort: str = am.Sort.RELEVANCE


class ArchiveViewModel(CommandRunner):
    results_changed = Signal()
    facets_changed = Signal()
    busy_changed = Signal(bool)
    #: The archivist asked to open this document version (double-click / Enter).
    document_requested = Signal(int)
    #: ``(version_id, data, title)`` once :meth:`download` has the bytes.
    document_downloaded = Signal(int, bytes, str)
    #: The archivist asked for the archive package of this meeting.
    export_requested = Signal(int)
    #: ``(path, sha256)``: the package of a meeting was saved and its checksum matched.
    package_saved = Signal(str, str)

    def __init__(self, client: Client, run: Runner, parent: QObject | None = None) -> None:
        super().__init__(run, parent)
        self._client = client
        self.query = ""
        self.filters = Filters()
        self.hits: list[HitRow] = []
        self.total = 0
        self.capped = False
        self.ranked = False
        self.offset = 0
        self.page_size = PAGE_SIZE
        self.searched = False
        self.busy = False
        self.facets = am.ArchiveFacetsResult(meetings=[], bodies=[], signers=[], kinds=[])
        self._generation = 0
        #: The recordings of the meeting of the selected result (the window keeps it).
        self.recordings = RecordingsViewModel(client, run, parent=self)

    # --- paging -------------------------------------------------------------------------

    @property
    def page(self) -> int:
        """The page shown, from 1."""
        return self.offset // self.page_size + 1

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))

    @property
    def has_previous(self) -> bool:
        return self.offset > 0

    @property
    def has_next(self) -> bool:
        return self.offset + self.page_size < self.total

    def summary(self) -> str:
        """The result count as the window shows it."""
        if not self.searched:
            return ""
        if self.total == 0:
            return _tr("No results. Try other words or fewer filters.")
        if self.capped:
            text = _tr("More than {0} results; the newest {0} are shown. Refine the search.")
        elif self.total == 1:
            text = _tr("1 result")
        else:
            text = _tr("{0} results")
        text = text.format(self.total)
        if self.query and not self.ranked and self.filters.sort == am.Sort.RELEVANCE:
            text += " " + _tr("Newest first: these words are in too many records to rank.")
        return text

    # --- commands -----------------------------------------------------------------------

    def load_facets(self) -> None:
        """Fetch the meetings, bodies and signers the filters offer."""

        def done(result: object) -> None:
            self.facets = msgspec.convert(result, am.ArchiveFacetsResult)
            self.facets_changed.emit()

        self._submit(self._client.call(am.ArchiveFacets), done=done)

    def search(self, query: str, filters: Filters | None = None) -> None:
        """A new search (first page)."""
        self.query = query.strip()
        if filters is not None:
            self.filters = filters
        self._fetch(0)

    def set_sort(self, sort: str) -> None:
        self.filters = replace(self.filters, sort=sort)
        if self.searched:
            self._fetch(0)

    def next_page(self) -> None:
        if self.has_next:
            self._fetch(self.offset + self.page_size)

    def previous_page(self) -> None:
        if self.has_previous:
            self._fetch(max(0, self.offset - self.page_size))

    def _fetch(self, offset: int) -> None:
        self._generation += 1
        generation = self._generation
        f = self.filters
        self._set_busy(True)

        def done(result: object) -> None:
            if generation != self._generation:
                return  # an older search answered after a newer one started
            results = msgspec.convert(result, am.ArchiveResults)
            self.hits = [hit_row(h) for h in results.hits]
            self.total, self.capped = results.total, results.capped
            self.ranked = results.ranked
            self.offset = results.offset
            self.searched = True
            self._set_busy(False)
            self.results_changed.emit()

        def failed(_message: str) -> None:
            if generation == self._generation:
                self._set_busy(False)

        self._submit(
            self._client.call(
                am.ArchiveSearch,
                query=self.query,
                kinds=list(f.kinds),
                date_from=f.date_from,
                date_to=f.date_to,
                meeting_id=f.meeting_id,
                body=f.body,
                signer=f.signer,
                sort=f.sort,
                offset=offset,
                limit=self.page_size,
            ),
            done=done,
            failed=failed,
        )

    def _set_busy(self, busy: bool) -> None:
        if busy != self.busy:
            self.busy = busy
            self.busy_changed.emit(busy)

    def open_hit(self, row: int) -> None:
        """Ask for hit ``row``'s document in the viewer."""
        if not 0 <= row < len(self.hits):
            return
        hit = self.hits[row]
        if hit.version_id is None:
            self.error_occurred.emit(
                _tr("“{0}” has no PDF to open; its text is shown in the result.").format(hit.title)
            )
            return
        self.document_requested.emit(hit.version_id)

    def download(self, version_id: int) -> None:
        """Fetch a document version's bytes; :attr:`document_downloaded` brings them."""
        title = next((h.title for h in self.hits if h.version_id == version_id), "")

        def done(data: object) -> None:
            assert isinstance(data, bytes)
            self.document_downloaded.emit(version_id, data, title)

        self._submit(self._client.download_document(version_id), done=done)

    def save_package(self, meeting_id: int, path: str) -> None:
        """Build the meeting's archive package on the server and save it to ``path``
        (checked against the SHA-256 the server announced; nothing is left on a failure)."""
        target = Path(path)

        async def fetch() -> str:
            package = msgspec.convert(
                await self._client.call(ArchiveExport, meeting_id=meeting_id), ArchivePackage
            )
            digest = hashlib.sha256()
            partial = target.with_name(target.name + ".part")
            try:
                with partial.open("wb") as out:
                    offset = 0
                    while offset < package.size:
                        chunk = msgspec.convert(
                            await self._client.call(
                                ArchiveDownload, token=package.token, offset=offset
                            ),
                            DownloadChunk,
                        )
                        if not chunk.data:
                            break
                        out.write(chunk.data)
                        digest.update(chunk.data)
                        offset += len(chunk.data)
                if digest.hexdigest() != package.sha256:
                    raise ProtocolError(
                        _tr("The package arrived damaged (checksum mismatch). Export it again.")
                    )
                partial.replace(target)
            finally:
                partial.unlink(missing_ok=True)
            return package.sha256

        self._submit(fetch(), done=lambda sha: self.package_saved.emit(str(target), str(sha)))

    def export_meeting(self, meeting_id: int | None) -> None:
        """Ask for the archive package of ``meeting_id``."""
        if meeting_id is None:
            self.error_occurred.emit(
                _tr("Choose a result of a meeting, or filter by a meeting, to export its package.")
            )
            return
        self.export_requested.emit(meeting_id)
