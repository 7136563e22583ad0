"""A user's e-mail address and phone number: set by an administrator or by the user,
checked and normalised, shown only to the user and administrators, and handed to the
notify hook with every reminder so a deployment can send it by e-mail or SMS."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, timedelta
from pathlib import Path
from typing import Any

import pytest

from protocol import accounts as acc
from protocol.errors import InvalidInput, PermissionDenied
from server.app import main
from server.demo import MAIL_DOMAINS, USERS, _ensure_people
from server.domain import consultation_reminders as reminders
from server.domain.context import Actor
from server.store.models import Consultation, User
from tests.harness import Domain
from tests.server.test_accounts import login
from tests.server.test_consultations import Cabinet, cabinet, sent  # noqa: F401


@pytest.fixture
def people(domain: Domain) -> dict[str, Actor]:
    return {
        "admin": domain.user("quantri", ["admin"]),
        "sec": domain.user("thuky", ["secretariat"]),
        "member": domain.user("botruong", ["member"]),
        "other": domain.user("bokhdt", ["member"]),
    }


def contacts(domain: Domain, user_id: int) -> tuple[str | None, str | None]:
    def read(session: Any) -> tuple[str | None, str | None]:
        user = session.get(User, user_id)
        return user.email, user.phone

    return domain.runner.run_sync(read)


def test_admin_creates_a_user_with_contacts_that_only_they_and_the_user_see(
    domain: Domain, people: dict[str, Actor]
) -> None:
    made = domain.do(
        people["admin"],
        acc.UserCreate,
        username="chanhvp",
        full_name="Chánh Văn phòng",
        password="mat-khau-123",
        roles=["member"],
        email="ChanhVP@ChinhPhu.gov.vn",
        phone="0912 345 678",
    )["user"]
    assert (made.email, made.phone) == ("ChanhVP@chinhphu.gov.vn", "+84912345678")
    assert (login(domain, "chanhvp", "mat-khau-123")["user"].phone) == "+84912345678"
    by_admin = {u.username: u for u in domain.do(people["admin"], acc.UserList)["users"]}
    assert by_admin["chanhvp"].email == "ChanhVP@chinhphu.gov.vn"
    by_secretariat = {u.username: u for u in domain.do(people["sec"], acc.UserList)["users"]}
    assert (by_secretariat["chanhvp"].email, by_secretariat["chanhvp"].phone) == (None, None)


def test_invalid_contacts_are_refused_at_creation(domain: Domain, people: dict[str, Actor]) -> None:
    base = {"full_name": "Chuyên viên", "password": "mat-khau-123", "roles": ["member"]}
    with pytest.raises(InvalidInput, match="not an e-mail address"):
        domain.do(people["admin"], acc.UserCreate, username="a1", email="chuyenvien@", **base)
    with pytest.raises(InvalidInput, match="not a Vietnamese phone number"):
        domain.do(people["admin"], acc.UserCreate, username="a2", phone="12345", **base)
    names = {u.username for u in domain.do(people["admin"], acc.UserList)["users"]}
    assert not names & {"a1", "a2"}, "nothing created"


def test_a_user_sets_and_clears_their_own_contacts(
    domain: Domain, people: dict[str, Actor]
) -> None:
    member = people["member"]
    mine = domain.do(
        member, acc.UserSetContacts, email="botruong@mpi.gov.vn", phone="+84 912 345 678"
    )["user"]
    assert (mine.email, mine.phone) == ("botruong@mpi.gov.vn", "+84912345678")
    assert contacts(domain, member.user_id) == ("botruong@mpi.gov.vn", "+84912345678")
    domain.do(member, acc.UserSetContacts, user_id=member.user_id, email="", phone=None)
    assert contacts(domain, member.user_id) == (None, None)


def test_invalid_contacts_are_refused_and_change_nothing(
    domain: Domain, people: dict[str, Actor]
) -> None:
    member = people["member"]
    domain.do(member, acc.UserSetContacts, email="botruong@mpi.gov.vn", phone="0912345678")
    with pytest.raises(InvalidInput, match="0912345678 or \\+84912345678"):
        domain.do(member, acc.UserSetContacts, email="moi@mpi.gov.vn", phone="0912")
    with pytest.raises(InvalidInput, match="name@domain"):
        domain.do(member, acc.UserSetContacts, email="botruong at mpi.gov.vn")
    assert contacts(domain, member.user_id) == ("botruong@mpi.gov.vn", "+84912345678")


def test_an_admin_sets_another_users_contacts(domain: Domain, people: dict[str, Actor]) -> None:
    other = people["other"]
    done = domain.do(
        people["admin"], acc.UserSetContacts, user_id=other.user_id, phone="0389123456"
    )["user"]
    assert (done.username, done.phone) == ("bokhdt", "+84389123456")


def test_nobody_else_sets_another_users_contacts(domain: Domain, people: dict[str, Actor]) -> None:
    other = people["other"]
    domain.do(other, acc.UserSetContacts, email="bokhdt@mpi.gov.vn")
    for actor in (people["member"], people["sec"]):
        with pytest.raises(PermissionDenied, match="only your own"):
            domain.do(actor, acc.UserSetContacts, user_id=other.user_id, email="gia@mao.vn")
    assert contacts(domain, other.user_id) == ("bokhdt@mpi.gov.vn", None)


def test_the_notify_hook_gets_each_recipients_email_and_phone(
    domain: Domain,
    cabinet: Cabinet,  # noqa: F811
    tmp_path: Path,
) -> None:
    c = cabinet
    hung, phoc = c.members[0], c.members[1]
    domain.do(hung, acc.UserSetContacts, email="bokhdt@mpi.gov.vn", phone="0912345678")
    domain.do(phoc, acc.UserSetContacts, phone="+84 389 123 456")
    poll = sent(domain, c, hours=48)
    deadline = domain.runner.run_sync(lambda s: s.get(Consultation, poll).deadline)
    deadline = deadline if deadline.tzinfo else deadline.replace(tzinfo=UTC)
    due = domain.runner.run_sync(reminders.take_due, deadline - timedelta(hours=1))
    assert {r.user_id for r in due} >= {hung.user_id, phoc.user_id}

    out = tmp_path / "sent"
    out.mkdir()
    hook = tmp_path / "notify.sh"
    hook.write_text(f'#!/bin/sh\ncat > "$(mktemp {out}/n.XXXXXX)"\n')  # one file per call
    hook.chmod(0o755)

    async def run_all() -> list[bool]:
        return list(await asyncio.gather(*(reminders.run_hook(str(hook), r) for r in due)))

    assert all(asyncio.run(run_all()))
    payloads = [json.loads(f.read_text("utf-8")) for f in out.iterdir()]
    got = {p["user"]: p for p in payloads}
    assert len(got) == len(payloads) == len(due), "one JSON object per recipient"
    assert (got["bokhdt"]["email"], got["bokhdt"]["phone"]) == (
        "bokhdt@mpi.gov.vn",
        "+84912345678",
    )
    assert (got["botc"]["email"], got["botc"]["phone"]) == (None, "+84389123456")
    assert got["botc"]["full_name"] == "Hồ Đức Phớc"
    assert (got["dongnai"]["email"], got["dongnai"]["phone"]) == (None, None)
    assert got["bokhdt"]["consultation_id"] == poll


def test_the_command_line_sets_contacts(
    domain: Domain,
    database_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    db = ["--data-dir", str(tmp_path / "cli"), "--database", database_url]
    monkeypatch.setenv("ECABINET_PASSWORD", "mat-khau-cli")
    main(["create-user", *db, "--username", "vanthu", "--full-name", "Văn thư", "--role",
          "clerk", "--email", "vanthu@chinhphu.gov.vn", "--phone", "0243 825 1234"])  # fmt: skip
    uid = login(domain, "vanthu", "mat-khau-cli")["user"].id
    assert contacts(domain, uid) == ("vanthu@chinhphu.gov.vn", "+842438251234")
    main(["set-contacts", *db, "--username", "vanthu", "--phone", "0912345678"])
    assert "phone +84912345678" in capsys.readouterr().out
    assert contacts(domain, uid) == ("vanthu@chinhphu.gov.vn", "+84912345678")
    main(["set-contacts", *db, "--username", "vanthu", "--email", ""])
    assert contacts(domain, uid) == (None, "+84912345678")
    with pytest.raises(SystemExit) as refused:
        main(["set-contacts", *db, "--username", "vanthu", "--phone", "không có"])
    assert refused.value.code == 2
    assert "not a Vietnamese phone number" in capsys.readouterr().err
    assert contacts(domain, uid) == (None, "+84912345678")


def test_demo_users_have_government_mail_addresses(domain: Domain) -> None:
    _ensure_people(domain.runner)
    _ensure_people(domain.runner)  # idempotent
    emails = domain.runner.run_sync(
        lambda s: {u.username: u.email for u in s.query(User).order_by(User.id)}
    )
    for username, _full, _position, unit, _roles, _clearance in USERS:
        assert emails[username] == f"{username}@{MAIL_DOMAINS[unit]}"
        assert emails[username] == acc.normalise_email(emails[username])
        assert emails[username].endswith(".gov.vn")
