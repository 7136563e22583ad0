"""A new version of a document: my annotations follow it when I open it in the room."""

from __future__ import annotations

from pathlib import Path

from server.demo_documents import make_pdf
from tests.desktop.shell_helpers import PARAGRAPHS, prepare, shell_for
from tests.desktop.test_meeting_room import until
from tests.integration.conftest import LiveServer, live  # noqa: F401


async def test_annotations_follow_a_new_version_or_are_listed_as_detached(
    live: LiveServer,  # noqa: F811
    tmp_path: Path,
    qtbot,
) -> None:
    cast = await prepare(live)
    async with shell_for(live, "bokhdt", tmp_path) as shell:
        shell.open_meeting(cast.mid)
        await until(lambda: cast.mid in shell.panes)
        pane = shell.panes[cast.mid]
        notes = pane.annotations
        await until(lambda: notes.version_id == cast.version_id and not notes.loading)
        errors: list[str] = []
        notes.error_occurred.connect(errors.append)
        kept, gone = PARAGRAPHS[1], PARAGRAPHS[0]
        notes.add_highlight(1, kept, [[72.0, 600.0, 300.0, 612.0]])
        notes.add_highlight(1, gone, [[72.0, 620.0, 300.0, 632.0]])
        await until(lambda: len(notes.annotations) == 2 or bool(errors))
        assert not errors

        # The secretariat replaces the document; one of the two sentences is dropped.
        newer = make_pdf("Tờ trình số 12/TTr-CP (bản sửa)", [kept], pages=2)
        async with live.client("thuky") as sec:
            prepared = await sec.join(cast.mid, attend=False)
            assert prepared.view is not None
            document_id = prepared.view.items[cast.item_id].documents[0].document_id
            added = await sec.upload_document(
                cast.item_id, newer, "to-trinh-v2.pdf", document_id=document_id
            )
        room = shell.rooms[cast.mid].vm
        await until(lambda: room.documents(cast.item_id)[0].version_id == added["version_id"])
        room.open_document(added["version_id"])
        await until(lambda: notes.version_id == added["version_id"])
        await until(lambda: len(notes.annotations) + len(notes.detached) == 2, timeout=20)
        assert [a.text for a in notes.annotations] == [kept]
        assert [a.text for a in notes.detached] == [gone]
