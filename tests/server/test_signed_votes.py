"""Signed votes in a meeting that requires them, on the real domain and database: the
flag, a signed ballot checked before it is recorded (and kept in the ledger and the
archive package), refusals that record nothing, substitutes, secret polls."""

from __future__ import annotations

import asyncio
import base64
import json
import zipfile
from typing import Any

import pytest
from sqlalchemy import func, select, update

from desktop.client.ballots import certificate_pem, sign_ballot
from protocol import meetings as mm
from protocol import voting as pv
from protocol.agenda import AgendaAddItem
from protocol.errors import Conflict, PermissionDenied, SignatureInvalid
from server.domain import archive_package, ledger
from server.domain.archive_package_verify import verify_package
from server.domain.certificates import record as record_certificate
from server.domain.context import Actor
from server.domain.ledger_verify import verify_online
from server.domain.pki import Pki
from server.store.models import Ballot, Poll
from tests.harness import Domain
from tests.server.test_consultations import make_signer
from tests.server.test_voting import _links, _replay, _snapshot

QUESTION = "Thông qua Tờ trình dự án Luật Đất đai (sửa đổi)?"


@pytest.fixture
def body(domain: Domain) -> dict[str, Any]:
    """A body of four (chair and three ministers), a deputy, a guest, the secretariat;
    a meeting that requires signed votes, in progress, with one agenda item."""
    people: dict[str, Any] = {
        "sec": domain.user("thuky", ["secretariat"], full_name="Trần Thị Thư"),
        "chair": domain.user("chutri", ["chair"], full_name="Lê Minh Chính"),
        "hung": domain.user("bokhdt", ["member"], full_name="Phạm Quốc Hưng"),
        "phoc": domain.user("botc", ["member"], full_name="Hồ Đức Phớc"),
        "duc": domain.user("dongnai", ["member"], full_name="Võ Tấn Đức"),
        "deputy": domain.user("thutruong", ["member"], full_name="Nguyễn Thứ Trưởng"),
        "guest": domain.user("khach", ["guest"], full_name="Khách Mời"),
        "pki": Pki.open(domain.settings.pki_dir),
    }
    sec = people["sec"]
    mid = domain.do(
        sec,
        mm.MeetingCreate,
        title="Phiên họp Chính phủ thường kỳ tháng 12",
        starts_at="2026-12-01T08:00:00+07:00",
        ends_at="2026-12-01T17:00:00+07:00",
        signed_votes=True,
    )["meeting_id"]
    for who, role in (("chair", "chair"), ("hung", "member"), ("phoc", "member")):
        domain.do(sec, mm.ParticipantInvite, meeting_id=mid, user_id=people[who].user_id, role=role)
    domain.do(
        sec, mm.ParticipantInvite, meeting_id=mid, user_id=people["duc"].user_id, role="member"
    )
    domain.do(
        sec, mm.ParticipantInvite, meeting_id=mid, user_id=people["guest"].user_id, role="guest"
    )
    domain.do(sec, mm.MeetingTransition, meeting_id=mid, action="publish")
    people["item"] = domain.do(sec, AgendaAddItem, meeting_id=mid, title="Dự án Luật Đất đai")[
        "item_id"
    ]
    domain.do(people["chair"], mm.MeetingTransition, meeting_id=mid, action="start")
    people["mid"] = mid
    return people


def open_poll(domain: Domain, body: dict[str, Any], *, secret: bool = False) -> int:
    pid = domain.do(
        body["sec"],
        pv.PollCreate,
        meeting_id=body["mid"],
        item_id=body["item"],
        question=QUESTION,
        secret=secret,
    )["poll_id"]
    domain.do(body["chair"], pv.PollOpen, poll_id=pid)
    return int(pid)


def signed_vote(
    domain: Domain,
    body: dict[str, Any],
    actor: Actor,
    pid: int,
    choice: str,
    signer: Any,
    *,
    secret: bool = False,
    on_behalf_of: int | None = None,
    signed: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Sign the canonical ballot (``signed`` makes the signed bytes differ) and vote."""
    fields: dict[str, Any] = {
        "meeting_id": body["mid"],
        "poll_id": pid,
        "question": QUESTION,
        "member_id": on_behalf_of or actor.user_id,
        "cast_by": actor.user_id,
        "secret": secret,
        "choice": choice,
    }
    signature = asyncio.run(sign_ballot(signer, pv.canonical_ballot(**(fields | (signed or {})))))
    return domain.do(
        actor,
        pv.PollVote,
        poll_id=pid,
        choice=choice,
        on_behalf_of=on_behalf_of,
        signature=signature,
        certificate_pem=certificate_pem(signer),
    )


def ballots(domain: Domain) -> list[tuple[int, str | None, bool]]:
    return domain.runner.run_sync(
        lambda s: [
            (b.member_id, b.choice, b.signature is not None)
            for b in s.scalars(select(Ballot).order_by(Ballot.id))
        ]
    )


def counters(domain: Domain, pid: int) -> tuple[int, int, int]:
    poll = domain.runner.run_sync(lambda s: s.get(Poll, pid))
    return poll.yes_count, poll.no_count, poll.abstain_count


def ballot_entry(domain: Domain, pid: int, member_id: int) -> dict[str, Any]:
    """The ledger's data for one ballot, as verification recomputes it."""
    ref = ledger.ballot_ref(pid, member_id)
    rows = domain.runner.run_sync(lambda s: list(ledger.SOURCES["ballot"](s, None)))
    return json.loads(next(data for r, data, _ in rows if r == ref))


# --- accepted ---------------------------------------------------------------------------


def test_a_signed_vote_is_verified_kept_and_recorded(domain: Domain, body) -> None:
    hung = body["hung"]
    _, view = _snapshot(domain, hung, body["mid"])
    assert view.signed_votes is True
    pid = open_poll(domain, body)
    signer = make_signer(body["pki"], "Phạm Quốc Hưng")
    result = signed_vote(domain, body, hung, pid, "yes", signer)
    assert result["signer"] == "Phạm Quốc Hưng" and result["ballots_cast"] == 1
    assert ballots(domain) == [(hung.user_id, "yes", True)]
    assert counters(domain, pid) == (1, 0, 0)
    stored = domain.runner.run_sync(lambda s: s.scalars(select(Ballot)).one())
    assert stored.certificate_pem == certificate_pem(signer)
    entry = ballot_entry(domain, pid, hung.user_id)
    assert entry["choice"] == "yes" and entry["certificate_pem"].startswith("-----BEGIN")
    assert base64.b64decode(entry["signature"]) == stored.signature
    report = domain.runner.run_sync(lambda s: verify_online(s))
    assert report.ok, report.summary()

    # a signature altered behind the record is caught by the record
    def tamper(session: Any) -> None:
        sig = bytearray(stored.signature)
        sig[-1] ^= 1
        session.execute(update(Ballot).where(Ballot.id == stored.id).values(signature=bytes(sig)))

    domain.runner.run_sync(tamper)
    report = domain.runner.run_sync(lambda s: verify_online(s))
    assert [f.ref for f in report.findings if f.code == "source.changed"] == [
        ledger.ballot_ref(pid, hung.user_id)
    ]


def test_the_archive_package_carries_the_signed_ballot(domain: Domain, body, tmp_path) -> None:
    pid = open_poll(domain, body)
    signed_vote(domain, body, body["hung"], pid, "no", make_signer(body["pki"], "Phạm Quốc Hưng"))
    domain.do(body["chair"], mm.MeetingTransition, meeting_id=body["mid"], action="end")
    out = tmp_path / "package.zip"
    domain.runner.run_sync(
        lambda s: archive_package.export(s, domain.settings, body["mid"], out=out)
    )
    with zipfile.ZipFile(out) as zf:
        extract = json.loads(zf.read("ledger.json"))
    [entry] = [e for e in extract["entries"] if e["kind"] == "ballot"]
    data = json.loads(entry["data"])
    assert data["choice"] == "no" and data["signature"] and "CERTIFICATE" in data["certificate_pem"]
    report = verify_package(out)
    assert report.ok, report.summary()


# --- refused: nothing recorded ------------------------------------------------------------


def _cases(domain: Domain, pki: Pki) -> list[tuple[str, dict[str, Any], str]]:
    revoked = make_signer(pki, "Phạm Quốc Hưng")
    pki.revoke(revoked.signing_cert.serial_number, "key_compromise")
    outsider = make_signer(Pki.open(domain.settings.data_dir / "other-ca"), "Phạm Quốc Hưng")
    return [
        ("another member's certificate", {"signer": make_signer(pki, "Hồ Đức Phớc")}, "not yours"),
        ("choice changed after signing", {"choice": "no", "signed": {"choice": "yes"}}, "match"),
        ("signed for another poll", {"signed": {"poll_id": 999}}, "match"),
        ("signed for another question", {"signed": {"question": "Khác?"}}, "match"),
        ("signed for another member", {"signed": {"member_id": 999}}, "match"),
        ("revoked certificate", {"signer": revoked}, "revoked"),
        ("not from the organisation CA", {"signer": outsider}, "certification authority"),
    ]


def test_bad_signatures_are_refused_and_nothing_is_recorded(domain: Domain, body) -> None:
    hung = body["hung"]
    pid = open_poll(domain, body)
    events_before = domain.events(body["mid"])
    with pytest.raises(SignatureInvalid, match="requires digitally signed votes"):
        domain.do(hung, pv.PollVote, poll_id=pid, choice="yes")
    own = make_signer(body["pki"], "Phạm Quốc Hưng")
    for name, case, message in _cases(domain, body["pki"]):
        with pytest.raises(SignatureInvalid, match=message):
            signed_vote(
                domain,
                body,
                hung,
                pid,
                case.get("choice", "yes"),
                case.get("signer", own),
                signed=case.get("signed"),
            )
        assert ballots(domain) == [], name
    with pytest.raises(SignatureInvalid, match="not a CMS SignedData"):
        domain.do(
            hung,
            pv.PollVote,
            poll_id=pid,
            choice="yes",
            signature=b"not a signature",
            certificate_pem=certificate_pem(own),
        )
    assert counters(domain, pid) == (0, 0, 0)
    assert domain.events(body["mid"]) == events_before, "no poll.voted was emitted"
    assert domain.runner.run_sync(lambda s: s.scalar(select(func.count()).select_from(Ballot))) == 0
    # the member can still vote, properly signed, once
    signed_vote(domain, body, hung, pid, "yes", own)
    assert ballots(domain) == [(hung.user_id, "yes", True)]


def test_a_registered_certificate_must_be_registered_to_the_voter(domain: Domain, body) -> None:
    """The CA's register decides over the name: a certificate with the voter's name that
    the register gives to someone else is refused."""
    hung, phoc = body["hung"], body["phoc"]
    signer = make_signer(body["pki"], "Phạm Quốc Hưng")
    from cryptography import x509

    cert = x509.load_der_x509_certificate(signer.signing_cert.dump())
    domain.runner.run_sync(
        lambda s: record_certificate(s, cert, kind="signing", user_id=phoc.user_id)
    )
    pid = open_poll(domain, body)
    with pytest.raises(SignatureInvalid, match="not yours"):
        signed_vote(domain, body, hung, pid, "yes", signer)
    assert ballots(domain) == []


def test_a_substitute_signs_with_their_own_certificate(domain: Domain, body) -> None:
    sec, duc, deputy = body["sec"], body["duc"], body["deputy"]
    domain.do(
        sec,
        mm.ParticipantUpdate,
        meeting_id=body["mid"],
        user_id=duc.user_id,
        substitute_user_id=deputy.user_id,
        vote_delegated=True,
    )
    pid = open_poll(domain, body)
    members_key = make_signer(body["pki"], "Võ Tấn Đức")
    with pytest.raises(SignatureInvalid, match="substitute signs with their own"):
        signed_vote(domain, body, deputy, pid, "abstain", members_key, on_behalf_of=duc.user_id)
    own = make_signer(body["pki"], "Nguyễn Thứ Trưởng")
    result = signed_vote(domain, body, deputy, pid, "abstain", own, on_behalf_of=duc.user_id)
    assert result["member_id"] == duc.user_id and result["signer"] == "Nguyễn Thứ Trưởng"
    entry = ballot_entry(domain, pid, duc.user_id)
    assert (entry["member_id"], entry["cast_by"]) == (duc.user_id, deputy.user_id)


def test_a_secret_signed_ballot_proves_participation_not_choice(domain: Domain, body) -> None:
    pid = open_poll(domain, body, secret=True)
    votes = {"chair": "yes", "hung": "no", "phoc": "abstain"}
    names = {"chair": "Lê Minh Chính", "hung": "Phạm Quốc Hưng", "phoc": "Hồ Đức Phớc"}
    for who, choice in votes.items():
        signer = make_signer(body["pki"], names[who])
        # what is signed holds no choice: bytes signed as "yes" fit any choice
        signed_vote(
            domain, body, body[who], pid, choice, signer, secret=True, signed={"choice": "yes"}
        )
    assert sorted(ballots(domain)) == sorted((body[w].user_id, None, True) for w in votes), (
        "a secret ballot keeps its signature, never its choice"
    )
    assert counters(domain, pid) == (1, 1, 1)
    for who in votes:
        assert ballot_entry(domain, pid, body[who].user_id)["choice"] is None
    assert _links(domain, {body[w].user_id: c for w, c in votes.items()}) == []


def test_a_meeting_without_signed_votes_is_unaffected(domain: Domain, body) -> None:
    chair, hung = body["chair"], body["hung"]
    mid = domain.meeting(body["sec"], chair=chair, members=[hung], start=True)
    item = domain.do(body["sec"], AgendaAddItem, meeting_id=mid, title="Báo cáo")["item_id"]
    pid = domain.do(
        body["sec"], pv.PollCreate, meeting_id=mid, item_id=item, question="Thông qua?"
    )["poll_id"]
    domain.do(chair, pv.PollOpen, poll_id=pid)
    result = domain.do(hung, pv.PollVote, poll_id=pid, choice="yes")
    assert "signer" not in result
    assert ballots(domain) == [(hung.user_id, "yes", False)]
    ref = ledger.ballot_ref(pid, hung.user_id)
    rows = domain.runner.run_sync(lambda s: list(ledger.SOURCES["ballot"](s, mid)))
    assert [data for r, data, _ in rows if r == ref] == [
        f'{{"cast_by":{hung.user_id},"choice":"yes","member_id":{hung.user_id},'
        f'"poll_id":{pid}}}'.encode()
    ], "an unsigned ballot is recorded exactly as before signed votes existed"


# --- the flag ------------------------------------------------------------------------------


def test_only_the_secretariat_sets_the_flag_and_not_under_an_open_vote(
    domain: Domain, body
) -> None:
    sec, chair, hung, mid = body["sec"], body["chair"], body["hung"], body["mid"]
    with pytest.raises(PermissionDenied):
        domain.do(hung, mm.MeetingUpdate, meeting_id=mid, signed_votes=False)
    with pytest.raises(PermissionDenied):
        domain.do(
            hung,
            mm.MeetingCreate,
            title="Họp riêng",
            starts_at="2026-12-02T08:00:00+07:00",
            ends_at="2026-12-02T10:00:00+07:00",
            signed_votes=True,
        )
    seq, before = _snapshot(domain, chair, mid)
    assert before.signed_votes is True
    pid = open_poll(domain, body)
    with pytest.raises(Conflict, match="vote is open"):
        domain.do(sec, mm.MeetingUpdate, meeting_id=mid, signed_votes=False)
    domain.do(sec, mm.MeetingUpdate, meeting_id=mid, location="Phòng họp số 1")  # unchanged flag
    domain.do(chair, pv.PollClose, poll_id=pid)
    domain.do(sec, mm.MeetingUpdate, meeting_id=mid, signed_votes=False)
    _, after = _snapshot(domain, chair, mid)
    assert after.signed_votes is False and after.location == "Phòng họp số 1"
    assert _replay(domain, before, mid, seq) == after, "the reducer agrees with the snapshot"


def test_only_members_of_the_body_vote_even_with_a_valid_signature(domain: Domain, body) -> None:
    """The permission-denied twin: a guest's own, valid signature does not make a ballot."""
    pid = open_poll(domain, body)
    guest_key = make_signer(body["pki"], "Khách Mời")
    with pytest.raises(PermissionDenied):
        signed_vote(domain, body, body["guest"], pid, "yes", guest_key)
    assert ballots(domain) == []
