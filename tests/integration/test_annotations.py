"""Annotations between real clients: a shared one reaches the others, a private one does not."""

from __future__ import annotations

import asyncio
import uuid

import msgspec

from protocol import agenda as ag
from protocol.annotations import Annotation, AnnotationList, AnnotationSave, AnnotationSaved
from protocol.envelope import Event
from server.demo_documents import make_pdf
from tests.integration.conftest import LiveServer

PHRASE = "Giao Bộ Tư pháp thẩm định"


async def next_annotation_event(events: asyncio.Queue[tuple[int, Event]]) -> Event:
    """The next ``annotation.*`` event a client received (other events are skipped)."""
    while True:
        _, event = await asyncio.wait_for(events.get(), 10)
        if type(event).__module__ == "protocol.annotations":
            return event


async def test_a_shared_highlight_reaches_the_member_and_a_private_one_does_not(
    live: LiveServer,
) -> None:
    d = live.domain
    sec = d.user("thuky", ["secretariat"])
    chair = d.user("chutri", ["chair"])
    member = d.user("thanhvien", ["member"])
    mid = d.meeting(sec, chair=chair, members=[member], start=True)
    async with (
        live.client("thuky") as sec_client,
        live.client("chutri") as chair_client,
        live.client("thanhvien") as member_client,
    ):
        item = await sec_client.call(ag.AgendaAddItem, meeting_id=mid, title="Dự án Luật")
        pdf = make_pdf("Tờ trình", [PHRASE], pages=2)
        doc = await sec_client.upload_document(item["item_id"], pdf, "to-trinh.pdf")
        chair_session = await chair_client.join(mid)
        member_session = await member_client.join(mid)

        async def highlight(shared: bool) -> Annotation:
            result = await chair_client.call(
                AnnotationSave,
                annotation_id=uuid.uuid4().hex,
                version_id=doc["version_id"],
                page=1,
                kind="highlight",
                rects=[[72.0, 700.0, 300.0, 712.0]],
                text=PHRASE,
                shared=shared,
            )
            return msgspec.convert(result["annotation"], Annotation)

        private = await highlight(shared=False)
        shared = await highlight(shared=True)
        got = await next_annotation_event(member_session.events)
        assert got == AnnotationSaved(annotation=shared), "the private one came first"
        own = [await next_annotation_event(chair_session.events) for _ in range(2)]
        assert own == [AnnotationSaved(annotation=private), AnnotationSaved(annotation=shared)]
        listed = await member_client.call(AnnotationList, version_id=doc["version_id"])
        assert [a["annotation_id"] for a in listed["annotations"]] == [shared.annotation_id]
