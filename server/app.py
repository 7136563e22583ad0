"""Composition root and command line of ``ecabinet-server``.

ecabinet-server serve --data-dir DIR [--host H] [--port P] [--database URL]
                      [--tls-cert F --tls-key F]
ecabinet-server demo-data --data-dir DIR [--database URL]
ecabinet-server create-user --data-dir DIR --username U --full-name N --role R ...
                            [--email E] [--phone P]
ecabinet-server set-contacts --data-dir DIR --username U [--email E] [--phone P]
ecabinet-server reset-password / disable-user / enable-user / new-epoch
ecabinet-server serve ... --tls-auto [--tls-name N]   (certificate from the organisation CA)
ecabinet-server ca init|import|issue-seal|revoke|crl|list   (see server/ca_cli.py)
ecabinet-server verify --data-dir DIR [--checkpoint] | --package FILE [--ca PEM]
ecabinet-server ledger adopt --data-dir DIR [--dry-run]   (rows older than the record)
ecabinet-server export-package --data-dir DIR --meeting N --out FILE
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import logging
import os
import signal
import ssl
import sys
from pathlib import Path
from typing import Any

from sqlalchemy import select

from protocol.envelope import MAX_FRAME_BYTES
from protocol.errors import ProtocolError
from server.domain import accounts
from server.domain import events as event_log
from server.domain import meetings as meeting_service
from server.domain.runner import Runner
from server.domain.settings import Settings
from server.store.db import make_engine, migrate, session_factory, sqlite_url
from server.store.models import User

log = logging.getLogger("ecabinet.server")

#: Frames above the protocol limit still get a typed error; beyond this the socket closes.
WS_MAX_SIZE = 16 * MAX_FRAME_BYTES


def open_runner(data_dir: Path, database: str | None, **settings: Any) -> Runner:
    """Engine, migrations and the domain runner for a data directory."""
    data_dir.mkdir(parents=True, exist_ok=True)
    url = database or os.environ.get("ECABINET_DATABASE") or sqlite_url(data_dir)
    engine = make_engine(url)
    migrate(engine)
    return Runner(session_factory(engine), Settings(data_dir=data_dir, **settings))


async def serve(args: argparse.Namespace) -> None:
    from websockets.asyncio.server import serve as ws_serve

    from server.transport.connection import Transport
    from server.transport.media.relay import Relay
    from server.transport.media.workers import RelayPool, default_workers

    hook = getattr(args, "notify_hook", None) or os.environ.get("ECABINET_NOTIFY_HOOK")
    runner = open_runner(Path(args.data_dir), args.database, notify_hook=hook)
    runner.settings.upload_dir.mkdir(parents=True, exist_ok=True)
    for stale in runner.settings.upload_dir.glob("*"):
        stale.unlink()  # uploads interrupted by a crash never become documents
    await runner.run(meeting_service.startup)
    epoch = await runner.run(event_log.epoch)
    workers = getattr(args, "media_workers", None) or default_workers()
    media: Relay | RelayPool
    if workers > 1:  # media rooms spread over one process per core
        media = RelayPool(runner, workers=workers)
        await media.start()
    else:
        media = Relay(runner)
    transport = Transport(runner, epoch, media=media)
    from server.domain.consultation_reminders import reminder_loop

    reminders = asyncio.get_running_loop().create_task(
        reminder_loop(runner, transport.notify_users, hook=runner.settings.notify_hook)
    )
    tls = None
    if getattr(args, "tls_auto", False):
        from server.ca_cli import server_tls

        args.tls_cert, args.tls_key, ca_fp = server_tls(runner.settings, args.host, args.tls_name)
        print(f"TLS certificate from the organisation CA; CA fingerprint (SHA-256): {ca_fp}")
    if args.tls_cert:
        tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        tls.load_cert_chain(args.tls_cert, args.tls_key)
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        asyncio.get_running_loop().add_signal_handler(sig, stop.set)
    async with ws_serve(
        transport.handler, args.host, args.port, max_size=WS_MAX_SIZE, ssl=tls, compression=None
    ) as server:
        port = next(iter(server.sockets)).getsockname()[1]
        scheme = "wss" if tls else "ws"
        print(f"e-Cabinet server listening on {scheme}://{args.host}:{port}", flush=True)
        await stop.wait()
    reminders.cancel()
    await media.shutdown()
    runner.close()


def _find_user(runner: Runner, username: str) -> int:
    def find(session: Any) -> int:
        user = session.scalar(select(User).where(User.username == username.lower()))
        if user is None:
            raise SystemExit(f"No user named {username!r}.")
        return int(user.id)

    return runner.run_sync(find)


def _password(args: argparse.Namespace) -> str:
    if args.password:
        return str(args.password)
    if os.environ.get("ECABINET_PASSWORD"):
        return os.environ["ECABINET_PASSWORD"]
    return getpass.getpass("Password: ")


def cmd_create_user(args: argparse.Namespace) -> None:
    runner = open_runner(Path(args.data_dir), args.database)
    password = _password(args)

    def create(session: Any) -> int:
        unit_id = None
        if args.unit:
            from server.store.models import Unit

            unit = session.scalar(select(Unit).where(Unit.name == args.unit))
            unit_id = unit.id if unit else accounts.create_unit(session, args.unit).id
        user = accounts.create_user(
            session,
            username=args.username,
            full_name=args.full_name,
            password=password,
            roles=args.role,
            position_title=args.position or "",
            unit_id=unit_id,
            clearance=args.clearance,
            email=args.email,
            phone=args.phone,
        )
        return int(user.id)

    print(f"Created user {args.username} (id {runner.run_sync(create)}).")


def cmd_reset_password(args: argparse.Namespace) -> None:
    runner = open_runner(Path(args.data_dir), args.database)
    uid = _find_user(runner, args.username)
    password = _password(args)
    runner.run_sync(lambda s: accounts.reset_password(s, s.get(User, uid), password))
    print(f"Password of {args.username} reset; their sessions were ended.")


def cmd_disable_user(args: argparse.Namespace, disable: bool = True) -> None:
    runner = open_runner(Path(args.data_dir), args.database)
    uid = _find_user(runner, args.username)

    def change(session: Any) -> None:
        user = session.get(User, uid)
        if disable:
            accounts.disable_user(session, user)
        else:
            user.disabled, user.failed_logins, user.locked_until = False, 0, None

    runner.run_sync(change)
    print(f"User {args.username} {'disabled' if disable else 'enabled'}.")


def cmd_set_contacts(args: argparse.Namespace) -> None:
    """Set a user's e-mail and/or phone (an option left out keeps its value; "" clears)."""
    runner = open_runner(Path(args.data_dir), args.database)
    uid = _find_user(runner, args.username)

    def change(session: Any) -> tuple[str | None, str | None]:
        user = session.get(User, uid)
        email = user.email if args.email is None else args.email
        phone = user.phone if args.phone is None else args.phone
        accounts.set_contacts(user, email=email, phone=phone)
        return user.email, user.phone

    email, phone = runner.run_sync(change)
    print(f"Contacts of {args.username}: e-mail {email or '(none)'}, phone {phone or '(none)'}.")


def cmd_new_epoch(args: argparse.Namespace) -> None:
    runner = open_runner(Path(args.data_dir), args.database)
    print(f"New epoch {runner.run_sync(event_log.new_epoch)}: clients will resync with snapshots.")


def cmd_demo_data(args: argparse.Namespace) -> None:
    from server.demo import load_demo

    runner = open_runner(Path(args.data_dir), args.database)
    summary = load_demo(runner)
    print(summary)


def cmd_verify(args: argparse.Namespace) -> None:
    """Verify the record online (database + files) or an archive package offline; exit 1
    with the findings when anything was changed, removed or reordered."""
    from server.domain import ledger
    from server.domain.archive_package import verify_package
    from server.domain.ledger_verify import verify_online

    ca = Path(args.ca).read_bytes() if args.ca else None
    if args.package:
        report = verify_package(Path(args.package), ca)
    elif not args.data_dir:
        raise SystemExit("error: give --data-dir (the record online) or --package FILE.")
    else:
        runner = open_runner(Path(args.data_dir), args.database)

        def check(session: Any) -> Any:
            signer = ledger.record_signer(runner.settings)
            found = verify_online(session, ca or signer.ca_pem(), blob_dir=runner.settings.blob_dir)
            if args.checkpoint and found.ok:
                made = ledger.checkpoint(session, signer, meeting_id=None)
                found.notes.append(
                    f"Signed checkpoint {made.id}: {made.size} entries, root {made.root}."
                )
            return found

        report = runner.run_sync(check)
        runner.close()
    print(report.summary())
    if not report.ok:
        raise SystemExit(1)


def cmd_ledger_adopt(args: argparse.Namespace) -> None:
    """Adopt the rows that predate the record (a database upgraded from a version
    without the ledger); refused (exit 2) while the record has any other problem."""
    from server.domain import ledger
    from server.domain.ledger_adopt import adopt

    runner = open_runner(Path(args.data_dir), args.database)
    signer = ledger.record_signer(runner.settings)
    try:
        done = runner.run_sync(
            lambda s: adopt(s, signer, blob_dir=runner.settings.blob_dir, dry_run=args.dry_run)
        )
    finally:
        runner.close()
    print(done.summary())


def cmd_export_package(args: argparse.Namespace) -> None:
    from server.domain import archive_package

    runner = open_runner(Path(args.data_dir), args.database)
    out = Path(args.out)
    runner.run_sync(
        lambda s: archive_package.export(
            s, runner.settings, args.meeting, exported_by=args.by, out=out
        )
    )
    runner.close()
    print(f"Archive package of meeting {args.meeting} written to {out}.")


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="ecabinet-server", description="e-Cabinet meeting server")
    sub = p.add_subparsers(dest="command", required=True)

    def common(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("--data-dir", required=True, help="where the database and files live")
        sp.add_argument("--database", help="database URL (default: SQLite in the data dir)")

    s = sub.add_parser("serve", help="run the server")
    common(s)
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=8765)
    s.add_argument("--tls-cert")
    s.add_argument("--tls-key")
    s.add_argument(
        "--tls-auto",
        action="store_true",
        help="TLS with a certificate from the organisation CA (localhost, 127.0.0.1, --host)",
    )
    s.add_argument("--tls-name", action="append", default=[], help="extra name for --tls-auto")
    s.add_argument(
        "--notify-hook",
        help="executable run with a JSON notification on stdin (opinion-poll reminders by "
        "e-mail/SMS); default: ECABINET_NOTIFY_HOOK",
    )
    s.add_argument(
        "--media-workers",
        type=int,
        help="processes carrying the meetings' audio and video (default: one per core; "
        "1: in the server process)",
    )
    s.set_defaults(func=lambda a: asyncio.run(serve(a)))

    d = sub.add_parser("demo-data", help="create demo users and a demo meeting (idempotent)")
    common(d)
    d.set_defaults(func=cmd_demo_data)

    c = sub.add_parser("create-user", help="create a user account")
    common(c)
    c.add_argument("--username", required=True)
    c.add_argument("--full-name", required=True)
    c.add_argument(
        "--role",
        action="append",
        required=True,
        help="admin, secretariat, chair, member, archivist, guest (repeatable)",
    )
    c.add_argument("--position", help="position title, e.g. Bộ trưởng")
    c.add_argument("--unit", help="organisation unit name (created if missing)")
    c.add_argument("--clearance", default="thuong", choices=["thuong", "mat", "toi_mat"])
    c.add_argument("--password", help="(default: ECABINET_PASSWORD or a prompt)")
    c.add_argument("--email", help="e-mail address for reminders (the notify hook)")
    c.add_argument("--phone", help="Vietnamese phone number, e.g. 0912345678 or +84912345678")
    c.set_defaults(func=cmd_create_user)

    k = sub.add_parser("set-contacts", help="set a user's e-mail address and phone number")
    common(k)
    k.add_argument("--username", required=True)
    k.add_argument("--email", help='e-mail address ("" clears it; left out: unchanged)')
    k.add_argument("--phone", help='phone, e.g. 0912345678 ("" clears it; left out: unchanged)')
    k.set_defaults(func=cmd_set_contacts)

    r = sub.add_parser("reset-password", help="set a new password and end the user's sessions")
    common(r)
    r.add_argument("--username", required=True)
    r.add_argument("--password")
    r.set_defaults(func=cmd_reset_password)

    for name, disable in (("disable-user", True), ("enable-user", False)):
        u = sub.add_parser(name, help=f"{name.split('-')[0]} a user account")
        common(u)
        u.add_argument("--username", required=True)
        u.set_defaults(func=lambda a, d=disable: cmd_disable_user(a, d))

    e = sub.add_parser("new-epoch", help="run after restoring a database backup")
    common(e)
    e.set_defaults(func=cmd_new_epoch)
    v = sub.add_parser("verify", help="prove the record was not changed (exit 1 if it was)")
    v.add_argument("--data-dir", help="where the database and files live")
    v.add_argument("--database", help="database URL (default: SQLite in the data dir)")
    v.add_argument("--package", help="verify this exported archive package offline instead")
    v.add_argument("--ca", help="PEM of the CA that must have issued the record certificate")
    v.add_argument("--checkpoint", action="store_true", help="sign a checkpoint when intact")
    v.set_defaults(func=cmd_verify)

    led = sub.add_parser("ledger", help="maintain the tamper-evident record")
    led_sub = led.add_subparsers(dest="ledger_command", required=True)
    a = led_sub.add_parser(
        "adopt",
        help="record the rows that predate the record (after upgrading an older database); "
        "verify then names the adoption and its date",
    )
    common(a)
    a.add_argument("--dry-run", action="store_true", help="only count what would be adopted")
    a.set_defaults(func=cmd_ledger_adopt)

    x = sub.add_parser("export-package", help="write a meeting's archive package (zip)")
    common(x)
    x.add_argument("--meeting", type=int, required=True, help="meeting id")
    x.add_argument("--out", required=True, help="the zip file to write")
    x.add_argument("--by", default="ecabinet-server", help="who exports it (người xuất gói)")
    x.set_defaults(func=cmd_export_package)
    from server.ca_cli import add_parser as add_ca_parser

    add_ca_parser(sub, common)
    return p


def main(argv: list[str] | None = None) -> None:
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    for noisy in ("alembic", "fontTools", "websockets.server"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    args = parser().parse_args(argv)
    try:
        args.func(args)
    except ProtocolError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        raise SystemExit(2) from None


if __name__ == "__main__":
    main()
