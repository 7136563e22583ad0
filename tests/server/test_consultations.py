"""Opinion polls on the real domain and database: prepare, send, signed answers checked
before they are stored, the deadline, reminders, compiling and the report."""

from __future__ import annotations

import asyncio
import io
import json
import os
import stat
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from pyhanko.sign.signers import SimpleSigner
from pyhanko_certvalidator.registry import SimpleCertificateStore
from pypdf import PdfReader

from desktop.client.ballots import certificate_pem, now_text, sign_ballot
from protocol import consultations as pc
from protocol.errors import (
    InvalidInput,
    InvalidTransition,
    NotFound,
    PermissionDenied,
    SignatureInvalid,
)
from server.demo_documents import make_pdf
from server.domain import consultation_reminders as reminders
from server.domain.context import Actor, NotifyUsers
from server.domain.pki import Pki
from server.store.models import Consultation, ConsultationAnswer
from tests.harness import Domain, cid

QUESTION = "Đồng ý thông qua dự thảo Nghị định về quản lý đầu tư công?"


# --- helpers shared with the integration and desktop tests -------------------------------


def make_signer(pki: Pki, full_name: str, *, days: int = 730) -> SimpleSigner:
    """A key and a certificate issued by ``pki`` for ``full_name``, as a pyHanko signer."""
    key = ec.generate_private_key(ec.SECP256R1())
    csr = (
        x509.CertificateSigningRequestBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, full_name)]))
        .sign(key, hashes.SHA256())
    )
    cert = pki.issue_user(
        csr.public_bytes(serialization.Encoding.PEM),
        full_name=full_name,
        position="Bộ trưởng",
        unit="Bộ Tài chính",
        days=days,
    )
    der_key = key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    ca = asn1_x509.Certificate.load(pki.ca_certificate.public_bytes(serialization.Encoding.DER))
    return SimpleSigner(
        signing_cert=asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER)),
        signing_key=asn1_keys.PrivateKeyInfo.load(der_key),
        cert_registry=SimpleCertificateStore.from_certs([ca]),
    )


def signed_answer(
    domain: Domain,
    actor: Actor,
    consultation_id: int,
    choice: str,
    comment: str,
    signer: SimpleSigner,
    *,
    signed_choice: str | None = None,
    answered_at: str | None = None,
) -> dict[str, Any]:
    """Sign (``signed_choice`` lets the signed bytes differ from what is sent) and answer."""
    when = answered_at or now_text()
    data = pc.canonical_ballot(
        consultation_id, actor.user_id, signed_choice or choice, comment, when
    )
    signature = asyncio.run(sign_ballot(signer, data))
    return domain.do(
        actor,
        pc.ConsultationAnswer,
        consultation_id=consultation_id,
        choice=choice,
        comment=comment,
        answered_at=when,
        signature=signature,
        certificate_pem=certificate_pem(signer),
    )


def attach_pdf(domain: Domain, actor: Actor, consultation_id: int, title: str) -> list[Any]:
    import hashlib

    data = make_pdf(title, ["Dự thảo để lấy ý kiến thành viên Chính phủ."], 2)
    begin = domain.do(
        actor,
        pc.ConsultationUploadBegin,
        consultation_id=consultation_id,
        filename=f"{title}.pdf",
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )
    domain.do(actor, pc.ConsultationUploadChunk, upload_id=begin["upload_id"], offset=0, data=data)
    return domain.do(
        actor, pc.ConsultationAttach, consultation_id=consultation_id, upload_id=begin["upload_id"]
    )["documents"]


def set_deadline(domain: Domain, consultation_id: int, deadline: datetime) -> None:
    """Move a poll's deadline (the test's way of letting time pass)."""

    def change(session: Any) -> None:
        session.get(Consultation, consultation_id).deadline = deadline

    domain.runner.run_sync(change)


@dataclass
class Cabinet:
    secretariat: Actor
    chair: Actor
    members: list[Actor]
    archivist: Actor
    pki: Pki


@pytest.fixture
def cabinet(domain: Domain) -> Cabinet:
    return Cabinet(
        secretariat=domain.user("thuky", ["secretariat"], full_name="Trần Thị Thư"),
        chair=domain.user("chutri", ["chair"], full_name="Lê Minh Chính"),
        members=[
            domain.user("bokhdt", ["member"], full_name="Phạm Quốc Hưng"),
            domain.user("botc", ["member"], full_name="Hồ Đức Phớc"),
            domain.user("dongnai", ["member"], full_name="Võ Tấn Đức"),
        ],
        archivist=domain.user("luutru", ["archivist"], full_name="Ngô Thị Lưu"),
        pki=Pki.open(domain.settings.pki_dir),
    )


def draft(domain: Domain, c: Cabinet, hours: float = 48) -> int:
    deadline = (datetime.now(pc.VN_TZ) + timedelta(hours=hours)).isoformat()
    return int(
        domain.do(
            c.secretariat,
            pc.ConsultationCreate,
            title="Dự thảo Nghị định về quản lý đầu tư công",
            question=QUESTION,
            deadline=deadline,
        )["consultation_id"]
    )


def sent(domain: Domain, c: Cabinet, hours: float = 48) -> int:
    poll = draft(domain, c, hours)
    attach_pdf(domain, c.secretariat, poll, "Du thao Nghi dinh")
    domain.do(c.secretariat, pc.ConsultationSend, consultation_id=poll)
    return poll


def stored_answers(domain: Domain) -> int:
    from sqlalchemy import func, select

    return domain.runner.run_sync(
        lambda s: s.scalar(select(func.count()).select_from(ConsultationAnswer))
    )


# --- preparing and sending ------------------------------------------------------------


def test_secretariat_prepares_and_sends_to_every_member(domain: Domain, cabinet: Cabinet) -> None:
    c = cabinet
    poll = draft(domain, c)
    with pytest.raises(InvalidInput, match="Attach"):
        domain.do(c.secretariat, pc.ConsultationSend, consultation_id=poll)
    docs = attach_pdf(domain, c.secretariat, poll, "Du thao")
    assert [(d.filename, d.pages) for d in docs] == [("Du thao.pdf", 2)]
    ctx = domain.run(c.secretariat, pc.ConsultationSend(id=cid(), consultation_id=poll))
    assert ctx.result == {"consultation_id": poll, "state": "sent", "recipients": 4}
    [notice] = ctx.effects
    assert isinstance(notice, NotifyUsers) and notice.code == "consultation.sent"
    assert set(notice.user_ids) == {c.chair.user_id, *(m.user_id for m in c.members)}
    detail = domain.do(c.secretariat, pc.ConsultationGet, consultation_id=poll)
    first = detail.recipients_list[0]
    assert first.full_name == "Lê Minh Chính" and first.chair, "the chair first, flagged"
    assert detail.summary.deadline.endswith("+07:00")
    with pytest.raises(InvalidTransition, match="draft"):
        attach_pdf(domain, c.secretariat, poll, "Muon")


def test_members_see_only_polls_sent_to_them(domain: Domain, cabinet: Cabinet) -> None:
    c = cabinet
    hidden = draft(domain, c)
    shown = sent(domain, c)
    as_member = domain.do(c.members[0], pc.ConsultationList)["consultations"]
    assert [p.id for p in as_member] == [shown]
    assert [p.id for p in domain.do(c.secretariat, pc.ConsultationList)["consultations"]] == [
        shown,
        hidden,
    ]
    assert domain.do(c.archivist, pc.ConsultationList)["consultations"] == []
    with pytest.raises(NotFound):
        domain.do(c.members[0], pc.ConsultationGet, consultation_id=hidden)
    with pytest.raises(NotFound):
        domain.do(c.archivist, pc.ConsultationGet, consultation_id=shown)


def test_only_the_secretariat_prepares_sends_compiles_and_cancels(
    domain: Domain, cabinet: Cabinet
) -> None:
    c = cabinet
    poll = draft(domain, c)
    member = c.members[0]
    with pytest.raises(PermissionDenied, match=r"consultation\.manage"):
        domain.do(
            member,
            pc.ConsultationCreate,
            title="x",
            question="y",
            deadline="2099-01-01T00:00+07:00",
        )
    for command in (pc.ConsultationSend, pc.ConsultationCompile, pc.ConsultationCancel):
        with pytest.raises(PermissionDenied, match=r"consultation\.manage"):
            domain.do(member, command, consultation_id=poll)
    with pytest.raises(PermissionDenied):
        attach_pdf(domain, member, poll, "x")


def test_deadline_must_be_future_and_zoned(domain: Domain, cabinet: Cabinet) -> None:
    for deadline, error in (("2020-01-01T00:00:00+07:00", "past"), ("2099-01-01T08:00", "zone")):
        with pytest.raises(InvalidInput, match=error):
            domain.do(
                cabinet.secretariat,
                pc.ConsultationCreate,
                title="t",
                question="q",
                deadline=deadline,
            )


# --- answering ------------------------------------------------------------------------


def test_a_signed_answer_is_verified_stored_and_replaced(domain: Domain, cabinet: Cabinet) -> None:
    c = cabinet
    poll = sent(domain, c)
    hung = c.members[0]
    signer = make_signer(c.pki, "Phạm Quốc Hưng")
    result = signed_answer(domain, hung, poll, "disagree", "Đề nghị làm rõ Điều 5.", signer)
    assert result["replaced"] is False and result["signer"] == "Phạm Quốc Hưng"
    mine = domain.do(hung, pc.ConsultationGet, consultation_id=poll)
    assert mine.summary.my_answer.choice == pc.Answer.DISAGREE
    assert mine.recipients_list == [] and len(mine.answers) == 1
    again = signed_answer(domain, hung, poll, "agree", "", signer)
    assert again["replaced"] is True
    detail = domain.do(c.secretariat, pc.ConsultationGet, consultation_id=poll)
    assert [(a.full_name, a.choice, a.signature_verified) for a in detail.answers] == [
        ("Phạm Quốc Hưng", pc.Answer.AGREE, True)
    ]
    assert detail.summary.answered == 1
    with pytest.raises(InvalidInput, match="comment"):
        signed_answer(domain, hung, poll, "other", "  ", signer)

    from server.domain import ledger_verify

    assert domain.runner.run_sync(ledger_verify.verify_online).ok, "both ballots recorded"

    def alter(session: Any) -> None:
        from sqlalchemy import select

        first = session.scalars(select(ConsultationAnswer).order_by(ConsultationAnswer.id)).first()
        first.comment = "Đồng ý."  # rewriting history

    domain.runner.run_sync(alter)
    report = domain.runner.run_sync(ledger_verify.verify_online)
    assert not report.ok and "consultation_ballot:" in (report.findings[0].ref or "")


def test_bad_ballots_are_refused_and_nothing_is_stored(domain: Domain, cabinet: Cabinet) -> None:
    c = cabinet
    poll = sent(domain, c)
    hung = c.members[0]
    own = make_signer(c.pki, "Phạm Quốc Hưng")
    outsider_ca = Pki.open(domain.settings.data_dir / "other-ca", "Tổ chức khác")
    cases = [
        ("the bytes signed differ", dict(signer=own, signed_choice="agree"), "does not match"),
        ("another CA", dict(signer=make_signer(outsider_ca, "Phạm Quốc Hưng")), "certification"),
        ("someone else's", dict(signer=make_signer(c.pki, "Hồ Đức Phớc")), "not yours"),
        ("expired", dict(signer=make_signer(c.pki, "Phạm Quốc Hưng", days=0)), "expired"),
    ]
    revoked = make_signer(c.pki, "Phạm Quốc Hưng")
    c.pki.revoke(revoked.signing_cert.serial_number, "key_compromise")
    cases.append(("revoked", dict(signer=revoked), "revoked"))
    for _why, kwargs, message in cases:
        with pytest.raises(SignatureInvalid, match=message):
            signed_answer(domain, hung, poll, "disagree", "Không đồng ý.", **kwargs)
    when = now_text()
    with pytest.raises(SignatureInvalid, match="CMS"):
        domain.do(
            hung,
            pc.ConsultationAnswer,
            consultation_id=poll,
            choice="agree",
            answered_at=when,
            signature=b"not a signature",
            certificate_pem=certificate_pem(own),
        )
    with pytest.raises(InvalidInput, match="clock"):
        signed_answer(domain, hung, poll, "agree", "", own, answered_at="2020-01-01T00:00:00+07:00")
    assert stored_answers(domain) == 0


def test_only_recipients_answer_and_only_before_the_deadline(
    domain: Domain, cabinet: Cabinet
) -> None:
    c = cabinet
    poll = sent(domain, c)
    outsider = make_signer(c.pki, "Ngô Thị Lưu")
    with pytest.raises(NotFound):
        signed_answer(domain, c.archivist, poll, "agree", "", outsider)
    with pytest.raises(PermissionDenied):
        signed_answer(domain, c.secretariat, poll, "agree", "", make_signer(c.pki, "Trần Thị Thư"))
    set_deadline(domain, poll, datetime.now(UTC) - timedelta(seconds=1))
    with pytest.raises(InvalidTransition, match="deadline"):
        signed_answer(domain, c.members[0], poll, "agree", "", make_signer(c.pki, "Phạm Quốc Hưng"))
    assert stored_answers(domain) == 0


# --- compiling ------------------------------------------------------------------------


def test_compile_after_the_deadline_with_the_chair_casting_side(
    domain: Domain, cabinet: Cabinet
) -> None:
    c = cabinet
    poll = sent(domain, c)
    answers = [
        (c.chair, "Lê Minh Chính", "agree", ""),
        (c.members[0], "Phạm Quốc Hưng", "agree", ""),
        (c.members[1], "Hồ Đức Phớc", "disagree", "Chưa đủ cơ sở pháp lý."),
    ]
    for actor, name, choice, comment in answers:
        signed_answer(domain, actor, poll, choice, comment, make_signer(c.pki, name))
    with pytest.raises(InvalidTransition, match="after the deadline"):
        domain.do(c.secretariat, pc.ConsultationCompile, consultation_id=poll)
    set_deadline(domain, poll, datetime.now(UTC) - timedelta(seconds=1))
    out = domain.do(c.secretariat, pc.ConsultationCompile, consultation_id=poll)
    result = out["result"]
    assert (result.agree, result.disagree, result.not_answered, result.total_members) == (
        2,
        1,
        1,
        4,
    )
    assert (result.outcome, result.rule) == ("adopted", "chair")
    summary = domain.do(c.members[2], pc.ConsultationGet, consultation_id=poll).summary
    assert summary.state == "closed" and summary.result == result
    pdf, total = b"", 1
    while len(pdf) < total:
        chunk = domain.do(
            c.members[2],
            pc.ConsultationDownload,
            consultation_id=poll,
            sha256=out["report_sha256"],
            offset=len(pdf),
        )
        pdf, total = pdf + chunk.data, chunk.total
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    for expected in (
        "BÁO CÁO",
        "Phạm Quốc Hưng",
        "Không đồng ý",
        "Chưa đủ cơ sở pháp lý",
        "Võ Tấn Đức",
        "THÔNG QUA",
        "+07:00",
        "đã xác thực",
    ):
        assert expected in " ".join(text.split()), expected
    with pytest.raises(InvalidTransition):
        domain.do(c.secretariat, pc.ConsultationCancel, consultation_id=poll)


def test_cancel_stops_answers(domain: Domain, cabinet: Cabinet) -> None:
    c = cabinet
    poll = sent(domain, c)
    domain.do(c.secretariat, pc.ConsultationCancel, consultation_id=poll)
    with pytest.raises(InvalidTransition, match="cancelled"):
        signed_answer(domain, c.members[0], poll, "agree", "", make_signer(c.pki, "Phạm Quốc Hưng"))


# --- reminders ------------------------------------------------------------------------


def test_due_reminders_once_per_threshold_to_those_who_have_not_answered(
    domain: Domain, cabinet: Cabinet
) -> None:
    c = cabinet
    poll = sent(domain, c, hours=48)
    signed_answer(domain, c.members[0], poll, "agree", "", make_signer(c.pki, "Phạm Quốc Hưng"))
    deadline = domain.runner.run_sync(lambda s: s.get(Consultation, poll).deadline)
    deadline = deadline if deadline.tzinfo else deadline.replace(tzinfo=UTC)

    def take(at: datetime) -> list[tuple[int, int]]:
        due = domain.runner.run_sync(reminders.take_due, at)
        return [(r.user_id, r.threshold_minutes) for r in due]

    assert domain.runner.run_sync(reminders.due_reminders, deadline - timedelta(hours=30)) == []
    waiting = {c.chair.user_id, c.members[1].user_id, c.members[2].user_id}
    peek = domain.runner.run_sync(reminders.due_reminders, deadline - timedelta(hours=23))
    assert {r.user_id for r in peek} == waiting, "the one who answered is not reminded"
    assert peek[0].deadline.endswith("+07:00") and "Nhắc" in peek[0].subject
    assert set(take(deadline - timedelta(hours=23))) == {(u, 1440) for u in waiting}
    assert take(deadline - timedelta(hours=22)) == [], "once per threshold"
    signed_answer(domain, c.members[1], poll, "agree", "", make_signer(c.pki, "Hồ Đức Phớc"))
    later = waiting - {c.members[1].user_id}
    assert set(take(deadline - timedelta(hours=1))) == {(u, 120) for u in later}
    assert take(deadline - timedelta(minutes=5)) == []
    assert take(deadline + timedelta(minutes=1)) == [], "nothing after the deadline"


def test_notify_hook_gets_json_on_stdin_and_failures_do_not_raise(tmp_path: Path) -> None:
    out = tmp_path / "notifications.jsonl"
    hook = tmp_path / "notify.sh"
    hook.write_text(f"#!/bin/sh\ncat >> {out}\necho >> {out}\n")
    hook.chmod(hook.stat().st_mode | stat.S_IXUSR)
    reminder = reminders.Reminder(
        consultation_id=3,
        user_id=5,
        username="bokhdt",
        full_name="Phạm Quốc Hưng",
        email=None,
        phone=None,
        threshold_minutes=120,
        title="Dự thảo Nghị định",
        deadline="2026-12-10T17:00:00+07:00",
    )
    assert asyncio.run(reminders.run_hook(str(hook), reminder)) is True
    payload = json.loads(out.read_text("utf-8").strip())
    assert payload["user"] == "bokhdt" and payload["email"] is None
    assert "Phạm Quốc Hưng" in payload["body"] and payload["subject"].startswith("Nhắc")
    failing = tmp_path / "fail.sh"
    failing.write_text("#!/bin/sh\necho broken >&2\nexit 3\n")
    failing.chmod(0o755)
    assert asyncio.run(reminders.run_hook(str(failing), reminder)) is False
    assert asyncio.run(reminders.run_hook(str(tmp_path / "missing"), reminder)) is False
    assert os.access(hook, os.X_OK)
