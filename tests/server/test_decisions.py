"""Decisions through the domain: prepare, sign (B-T), seal (B-LTA), copy — with real keys
from the server's CA, real timestamps from its TSA and real pyHanko signatures — and every
way a signed upload must be refused (wrong signer, broken, rewritten, revoked, edited)."""

from __future__ import annotations

import asyncio
import hashlib
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import msgspec
import pytest
from PIL import Image
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pypdf import PdfReader, PdfWriter
from sqlalchemy import func, select

from desktop.client import keys, signing
from protocol import agenda as ag
from protocol import decisions as dc
from protocol import documents as dm
from protocol import pki as pk
from protocol.decisions import DecisionInfo, DecisionState
from protocol.errors import (
    InvalidInput,
    InvalidTransition,
    NotFound,
    PermissionDenied,
    SignatureInvalid,
)
from server.demo_documents import make_pdf
from server.domain import certificates, tsa
from server.domain.context import Actor
from server.domain.pki import Pki
from server.store.models import DecisionRevision, DocumentVersion
from tests.conftest import fresh_database
from tests.harness import Domain

PASSPHRASE = "mật-khẩu-ký-số"
AUTHORITY = ["TM. CHÍNH PHỦ", "THỦ TƯỚNG"]
NUMBER = "25/NQ-CP"


def png(color: tuple[int, int, int], size: tuple[int, int] = (300, 120)) -> bytes:
    """A transparent PNG with a coloured stroke (signature: blue; seal: a red ring)."""
    image = Image.new("RGBA", size, (0, 0, 0, 0))
    for x in range(20, size[0] - 20):
        for dy in range(-3, 4):
            image.putpixel((x, size[1] // 2 + dy + (x % 40) // 8), (*color, 255))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


BLUE, RED = png((20, 40, 200)), png((220, 20, 20), (240, 240))


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class People:
    sec: Actor
    chair: Actor
    member: Actor
    clerk: Actor
    outsider: Actor


@dataclass
class World:
    domain: Domain
    people: People
    folder: Path
    signers: dict[str, Any]

    @property
    def pki(self) -> Pki:
        return Pki.open(self.domain.settings.pki_dir)

    def timestamper(self) -> signing.CallbackTimeStamper:
        async def post(request: bytes) -> bytes:
            return tsa.stamp(self.pki, request)

        return signing.CallbackTimeStamper(post)

    def signer(self, actor: Actor, kind: str = "signing") -> Any:
        """The actor's key from a real PKCS#12 file, certified by the server's CA."""
        name = f"{actor.username}-{kind}"
        if name not in self.signers:
            key, csr = keys.new_key_and_csr(actor.full_name)
            result = self.domain.do(actor, pk.CertificateRequest, csr_pem=csr.decode(), kind=kind)
            issued = msgspec.convert(result, pk.CertificateIssued, from_attributes=True)
            path = self.folder / f"{name}.p12"
            cert_pem, chain_pem = issued.certificate_pem.encode(), issued.chain_pem.encode()
            keys.save_pkcs12(path, key, cert_pem, chain_pem, PASSPHRASE)
            self.signers[name] = (keys.load_signer(path, PASSPHRASE), issued.serial)
        return self.signers[name][0]

    def serial(self, actor: Actor, kind: str = "signing") -> int:
        self.signer(actor, kind)
        return int(self.signers[f"{actor.username}-{kind}"][1])

    # --- the client side of each step, done in-process ---------------------------------

    def sign(self, pdf: bytes, actor: Actor) -> bytes:
        return asyncio.run(
            signing.sign_decision(
                pdf,
                signer=self.signer(actor),
                authority_lines=AUTHORITY,
                full_name=actor.full_name,
                signature_png=BLUE,
                timestamper=self.timestamper(),
            )
        )

    def seal(self, pdf: bytes) -> bytes:
        return asyncio.run(
            signing.apply_seal(
                pdf,
                signer=self.signer(self.people.clerk, "seal"),
                seal_png=RED,
                organisation=self.pki.organisation,
                timestamper=self.timestamper(),
                trust_roots=[self.pki.ca_pem()],
                crls=[self.pki.crl_der()],
            )
        )

    def stamp(self, pdf: bytes, lines: list[str], visible: bool = True) -> bytes:
        return asyncio.run(
            signing.stamp_copy(
                pdf,
                signer=self.signer(self.people.clerk, "seal"),
                lines=lines,
                timestamper=self.timestamper(),
                trust_roots=[self.pki.ca_pem()],
                crls=[self.pki.crl_der()],
                visible=visible,
            )
        )

    # --- server round trips -------------------------------------------------------------

    def meeting(self) -> tuple[int, int]:
        p = self.people
        mid = self.domain.meeting(p.sec, chair=p.chair, members=[p.member])
        item = self.domain.do(p.sec, ag.AgendaAddItem, meeting_id=mid, title="Nghị quyết phiên họp")
        return mid, int(item["item_id"])

    def document(
        self, item_id: int, title: str = "Nghị quyết phiên họp thường kỳ", pages: int = 2
    ) -> int:
        data = make_pdf(title, ["Điều 1. Thông qua.", "Điều 2. Tổ chức thực hiện."], pages)
        sec = self.people.sec
        begin = self.domain.do(
            sec,
            dm.DocumentUploadBegin,
            item_id=item_id,
            filename="nghi-quyet.pdf",
            size=len(data),
            sha256=sha(data),
        )
        self.domain.do(
            sec, dm.DocumentUploadChunk, upload_id=begin["upload_id"], offset=0, data=data
        )
        done = self.domain.do(sec, dm.DocumentUploadFinish, upload_id=begin["upload_id"])
        return int(done["version_id"])

    def prepare(self, kind: str = "resolution", pages: int = 2, **fields: Any) -> DecisionInfo:
        _, item_id = self.meeting()
        fields.setdefault("signer_user_id", self.people.chair.user_id)
        fields.setdefault("authority_lines", AUTHORITY)
        return self.domain.do(
            self.people.sec,
            dc.DecisionPrepare,
            version_id=self.document(item_id, pages=pages),
            kind=kind,
            number_symbol=NUMBER,
            **fields,
        )

    def download(self, actor: Actor, decision_id: int, extract_id: str = "") -> bytes:
        out = b""
        while True:
            part = self.domain.do(
                actor,
                dc.DecisionDownload,
                decision_id=decision_id,
                offset=len(out),
                extract_id=extract_id,
            )
            out += part.data
            if len(out) >= part.total:
                assert sha(out) == part.sha256
                return out

    def upload(self, actor: Actor, decision_id: int, data: bytes) -> str:
        begin = self.domain.do(
            actor, dc.DecisionUploadBegin, decision_id=decision_id, size=len(data), sha256=sha(data)
        )
        for offset in range(0, len(data), begin["chunk_size"]):
            chunk = data[offset : offset + begin["chunk_size"]]
            self.domain.do(
                actor,
                dm.DocumentUploadChunk,
                upload_id=begin["upload_id"],
                offset=offset,
                data=chunk,
            )
        return str(begin["upload_id"])

    def submit(self, actor: Actor, decision_id: int, data: bytes, step: str = "signed") -> Any:
        command = {"signed": dc.DecisionSubmitSigned, "sealed": dc.DecisionSubmitSealed}[step]
        upload_id = self.upload(actor, decision_id, data)
        return self.domain.do(actor, command, decision_id=decision_id, upload_id=upload_id)

    def get(self, decision_id: int, actor: Actor | None = None) -> DecisionInfo:
        return self.domain.do(actor or self.people.sec, dc.DecisionGet, decision_id=decision_id)

    def signed(self, pages: int = 2) -> tuple[DecisionInfo, bytes]:
        """A decision signed by the chair, awaiting the seal, and its current bytes."""
        d = self.prepare(pages=pages)
        self.submit(
            self.people.chair,
            d.decision_id,
            self.sign(self.download(self.people.chair, d.decision_id), self.people.chair),
        )
        return self.get(d.decision_id), self.download(self.people.clerk, d.decision_id)

    def issued(self, pages: int = 2) -> DecisionInfo:
        """A decision signed by the chair and sealed by the clerk."""
        d, pdf = self.signed(pages)
        return self.submit(self.people.clerk, d.decision_id, self.seal(pdf), "sealed")


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    """One database, CA and set of keys for the module (keys are slow to make); every
    test prepares its own meeting and decision."""
    folder = tmp_path_factory.mktemp("decisions")
    with fresh_database(folder) as url:
        domain = Domain(url, folder / "data")
        people = People(
            sec=domain.user("thuky", ["secretariat"]),
            chair=domain.user("thutuong", ["chair"], full_name="Phạm Minh Chính"),
            member=domain.user("botruong", ["member"], full_name="Nguyễn Văn Thắng"),
            clerk=domain.user("vanthu", ["clerk"], full_name="Lê Thị Văn Thư"),
            outsider=domain.user("khach", ["member"]),
        )
        yield World(domain, people, folder, {})
        domain.close()


def revisions(w: World, decision_id: int) -> int:
    return w.domain.runner.run_sync(
        lambda s: s.scalar(select(func.count()).where(DecisionRevision.decision_id == decision_id))
    )


# --- the whole way ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def flow(world: World) -> list[DecisionInfo]:
    """One decision taken the whole way: [prepared, signed, issued]."""
    p = world.people
    d = world.prepare()
    signed = world.submit(
        p.chair, d.decision_id, world.sign(world.download(p.chair, d.decision_id), p.chair)
    )
    issued = world.submit(
        p.clerk, d.decision_id, world.seal(world.download(p.clerk, d.decision_id)), "sealed"
    )
    return [d, signed, issued]


@pytest.fixture(scope="module")
def pending(world: World) -> DecisionInfo:
    """A decision awaiting the chair's signature, shared by the refusal tests: each
    refusal must leave it exactly as it was."""
    return world.prepare()


def test_prepare_sign_seal_issues_a_decision_with_two_signatures(
    world: World, flow: list[DecisionInfo]
) -> None:
    d, signed, issued = flow
    assert d.state is DecisionState.AWAITING_SIGNATURE and d.awaiting == "signer"
    assert signed.state is DecisionState.AWAITING_SEAL and signed.awaiting == "clerk"
    sig = signed.revisions[-1].signatures
    assert [s.kind for s in sig] == ["signature"] and sig[0].valid and sig[0].timestamped
    assert sig[0].signer_name == "Phạm Minh Chính" and sig[0].signing_time.endswith("+07:00")
    assert issued.state is DecisionState.ISSUED and issued.awaiting is None
    final = issued.revisions[-1]
    assert [s.kind for s in final.signatures] == ["signature", "seal", "timestamp"]
    assert all(s.valid for s in final.signatures if s.kind != "timestamp")
    assert final.signatures[1].long_term
    # Each accepted revision became the document's next version, in the meeting's log.
    assert [r.step for r in issued.revisions] == ["source", "signed", "sealed"]
    versions = [r.version_id for r in issued.revisions]
    assert len(set(versions)) == 3
    body = world.domain.runner.run_sync(lambda s: s.get(DocumentVersion, versions[-1]).version)
    assert body == 3
    mid = issued.meeting_id
    types = [t for _, t in world.domain.events(mid)]
    assert types[-1] == "decision.sealed" and "decision.signed" in types
    assert "decision.prepared" in types


def test_an_issued_decision_is_found_in_the_archive_by_its_text(
    world: World, flow: list[DecisionInfo]
) -> None:
    """The archivist finds the issued decision by words of its body, typed without
    diacritics, and its issuing body is the organisation whose seal it carries."""
    from protocol import archive as ar

    _, _, issued = flow
    archivist = world.domain.user("luutru", ["archivist"], full_name="Nguyễn Lưu Trữ")
    found = world.domain.do(archivist, ar.ArchiveSearch, query="to chuc thuc hien")
    hits = [h for h in found.hits if h.kind == "decision" and h.ref == str(issued.decision_id)]
    assert hits and hits[0].kind == "decision", found.hits
    seal = issued.revisions[-1].signatures[1]
    assert seal.kind == "seal" and hits[0].body == seal.organisation
    assert "Phạm Minh Chính" in hits[0].signers
    by_body = world.domain.do(
        archivist,
        ar.ArchiveSearch,
        query="to chuc thuc hien",
        kinds=["decision"],
        body=seal.organisation,
    )
    assert str(issued.decision_id) in [h.ref for h in by_body.hits]


def test_waiting_for_me_lists_what_awaits_the_signer_and_the_clerk(
    world: World, pending: DecisionInfo
) -> None:
    p = world.people
    mine = world.domain.do(p.chair, dc.DecisionList, waiting_for_me=True)["decisions"]
    assert pending.decision_id in [x["decision_id"] for x in mine]
    assert all(x["awaiting"] == "signer" for x in mine)
    clerk = world.domain.do(p.clerk, dc.DecisionList, waiting_for_me=True)["decisions"]
    assert pending.decision_id not in [x["decision_id"] for x in clerk]
    assert not world.domain.do(p.member, dc.DecisionList, waiting_for_me=True)["decisions"]
    listed = world.domain.do(p.member, dc.DecisionList, meeting_id=pending.meeting_id)
    assert [x["decision_id"] for x in listed["decisions"]] == [pending.decision_id]
    with pytest.raises(NotFound):
        world.domain.do(p.outsider, dc.DecisionList, meeting_id=pending.meeting_id)


def test_copy_and_attachment_get_the_seal_without_an_image(
    world: World, flow: list[DecisionInfo]
) -> None:
    p = world.people
    d = flow[-1]
    issued = world.download(p.clerk, d.decision_id)
    copy_pdf = world.stamp(issued, ["SAO Y", world.pki.organisation, "Số: 12/SY-VPCP"])
    with pytest.raises(PermissionDenied):
        world.upload(p.member, d.decision_id, copy_pdf)
    upload_id = world.upload(p.clerk, d.decision_id, copy_pdf)
    made = world.domain.do(
        p.clerk,
        dc.DecisionCopy,
        decision_id=d.decision_id,
        upload_id=upload_id,
        copy_type="sao_y",
        number_symbol="12/SY-VPCP",
    )
    assert made.kind == "copy" and made.state is DecisionState.ISSUED
    assert made.source_decision_id == d.decision_id and made.copy_type == "sao_y"
    kinds = [s.kind for s in made.revisions[-1].signatures]
    assert kinds == ["signature", "seal", "timestamp", "seal", "timestamp"]

    attachment = world.prepare("attachment", signer_user_id=None, authority_lines=[])
    assert attachment.state is DecisionState.AWAITING_SEAL
    pdf = world.download(p.clerk, attachment.decision_id)
    sealed = world.submit(
        p.clerk, attachment.decision_id, world.stamp(pdf, [f"Số: {NUMBER}"]), "sealed"
    )
    assert sealed.state is DecisionState.ISSUED


# --- refusals: typed error, nothing stored, state unchanged -------------------------------


def _refused(w: World, actor: Actor, decision_id: int, data: bytes, step: str = "signed") -> str:
    before = w.get(decision_id)
    count = revisions(w, decision_id)
    with pytest.raises(SignatureInvalid) as caught:
        w.submit(actor, decision_id, data, step)
    after = w.get(decision_id)
    assert (after.state, after.sha256) == (before.state, before.sha256)
    assert revisions(w, decision_id) == count
    assert not list(w.domain.settings.upload_dir.glob("*.part"))
    return caught.value.message


def test_a_signature_by_someone_else_is_refused(world: World, pending: DecisionInfo) -> None:
    p, d = world.people, pending
    pdf = world.download(p.chair, d.decision_id)
    message = _refused(world, p.chair, d.decision_id, world.sign(pdf, p.member))
    assert "your signing certificate" in message


def test_a_broken_signature_is_refused(world: World, pending: DecisionInfo) -> None:
    p, d = world.people, pending
    pdf = world.download(p.chair, d.decision_id)
    signed = bytearray(world.sign(pdf, p.chair))
    at = signed.index(b"/F 132", len(pdf)) + 5  # a widget's flags, inside the signed range
    signed[at : at + 1] = b"3"
    assert "broken" in _refused(world, p.chair, d.decision_id, bytes(signed))


def test_a_rewritten_file_is_refused(world: World, pending: DecisionInfo) -> None:
    p, d = world.people, pending
    signed = world.sign(world.download(p.chair, d.decision_id), p.chair)
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(signed)))
    out = io.BytesIO()
    writer.write(out)
    assert "incremental update" in _refused(world, p.chair, d.decision_id, out.getvalue())


def test_an_edited_page_is_refused_even_when_signed_after(
    world: World, pending: DecisionInfo
) -> None:
    p, d = world.people, pending
    pdf = world.download(p.chair, d.decision_id)
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    page = writer.find_page_for_modification(0)[0]
    from pyhanko.pdf_utils.generic import StreamObject

    extra = writer.add_object(StreamObject(stream_data=b"BT /F1 24 Tf 100 700 Td (KHONG) Tj ET"))
    writer.add_stream_to_page(0, extra)
    assert page is not None
    edited = io.BytesIO()
    writer.write(edited)
    message = _refused(world, p.chair, d.decision_id, world.sign(edited.getvalue(), p.chair))
    assert "changes the document" in message


def test_a_revoked_certificate_is_refused(world: World) -> None:
    p = world.people
    folder_user = world.domain.user("phothutuong", ["member"], full_name="Trần Hồng Hà")
    d = world.prepare(signer_user_id=folder_user.user_id)
    signed = world.sign(world.download(folder_user, d.decision_id), folder_user)
    serial = world.serial(folder_user)
    world.domain.runner.run_sync(
        lambda s: certificates.revoke(s, world.pki, serial, "key_compromise", now=_now())
    )
    assert "revoked" in _refused(world, folder_user, d.decision_id, signed)
    assert p.chair  # the others are unaffected


def _now() -> Any:
    from datetime import UTC, datetime

    return datetime.now(UTC)


def test_a_seal_without_long_term_data_is_refused(world: World) -> None:
    p = world.people
    d, pdf = world.signed()
    # The seal certificate, but B-T only (no DSS, no document timestamp).
    bare = asyncio.run(
        signing.sign_decision(
            pdf,
            signer=world.signer(p.clerk, "seal"),
            authority_lines=["VĂN THƯ"],
            full_name=world.pki.organisation,
            signature_png=RED,
            timestamper=world.timestamper(),
            field_prefix="other",
        )
    )
    assert "B-LTA" in _refused(world, p.clerk, d.decision_id, bare, "sealed")


# --- permissions and transitions --------------------------------------------------------


def test_only_the_secretariat_prepares_and_cancels(world: World) -> None:
    p = world.people
    _, item_id = world.meeting()
    version_id = world.document(item_id)
    with pytest.raises(PermissionDenied):
        world.domain.do(
            p.member,
            dc.DecisionPrepare,
            version_id=version_id,
            kind="decision",
            number_symbol=NUMBER,
            signer_user_id=p.chair.user_id,
            authority_lines=AUTHORITY,
        )
    d = world.prepare()
    with pytest.raises(PermissionDenied):
        world.domain.do(p.chair, dc.DecisionCancel, decision_id=d.decision_id)
    cancelled = world.domain.do(
        p.sec, dc.DecisionCancel, decision_id=d.decision_id, reason="Sai số"
    )
    assert cancelled.state is DecisionState.CANCELLED
    with pytest.raises(InvalidTransition):
        world.upload(p.chair, d.decision_id, b"%PDF-1.7")


def test_only_the_designated_signer_signs_and_only_the_clerk_seals(world: World) -> None:
    p = world.people
    d = world.prepare()
    with pytest.raises(PermissionDenied):
        world.upload(p.member, d.decision_id, b"%PDF-1.7 x")
    with pytest.raises(PermissionDenied):
        world.upload(p.clerk, d.decision_id, b"%PDF-1.7 x")
    signed = world.sign(world.download(p.chair, d.decision_id), p.chair)
    upload_id = world.upload(p.chair, d.decision_id, signed)
    with pytest.raises(InvalidTransition):  # not yet signed: nothing to seal
        world.domain.do(
            p.clerk, dc.DecisionSubmitSealed, decision_id=d.decision_id, upload_id=upload_id
        )
    with pytest.raises(InvalidInput):
        world.domain.do(p.chair, dm.DocumentUploadFinish, upload_id=upload_id)
    world.domain.do(
        p.chair, dc.DecisionSubmitSigned, decision_id=d.decision_id, upload_id=upload_id
    )
    with pytest.raises(PermissionDenied):
        world.upload(p.chair, d.decision_id, b"%PDF-1.7 x")
    with pytest.raises(NotFound):
        world.get(d.decision_id, p.outsider)
    with pytest.raises(NotFound):
        world.download(p.outsider, d.decision_id)
    with pytest.raises(InvalidTransition):  # copies are made of issued decisions only
        world.domain.do(
            p.clerk,
            dc.DecisionCopy,
            decision_id=d.decision_id,
            upload_id=upload_id,
            copy_type="sao_y",
        )
