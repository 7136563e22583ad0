"""`ecabinet-server ledger adopt` as an operator runs it after upgrading a database from a
version without the tamper-evident record."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from server.app import main
from server.store.db import make_engine
from tests.integration.test_verify_cli import _cli, _main, _recorded_meeting


def _sql(database_url: str, *statements: str) -> None:
    engine = make_engine(database_url)
    try:
        with engine.begin() as conn:
            for statement in statements:
                conn.execute(text(statement), {"empty": b""})
    finally:
        engine.dispose()


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        main(list(args))
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_an_operator_adopts_the_rows_of_an_upgraded_database(
    database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    mid = _recorded_meeting(database_url, data)
    _sql(
        database_url,
        "DELETE FROM ledger_entries",
        "DELETE FROM ledger_checkpoints",
        "UPDATE ledger_head SET size = 0, frontier = :empty",
    )
    db = ["--data-dir", str(data), "--database", database_url]

    code, out = _main(capsys, "verify", *db)
    assert code == 1 and "has no ledger entry" in out, out
    assert "ecabinet-server ledger adopt" in out

    code, out = _main(capsys, "ledger", "adopt", *db, "--dry-run")
    assert code == 0 and out.startswith("Would adopt"), out

    code, out = _main(capsys, "ledger", "adopt", *db)
    assert code == 0 and out.startswith("Adopted "), out
    assert "were not protected before this date" in out and "Signed checkpoint" in out

    code, out = _main(capsys, "verify", *db)
    assert code == 0 and out.startswith("Record intact"), out
    assert "Adopted:" in out and "not protected before that date" in out

    code, out = _main(capsys, "ledger", "adopt", *db)
    assert code == 0 and "Nothing to adopt" in out, out

    package = tmp_path / "ho-so.zip"
    code, out = _main(capsys, "export-package", *db, "--meeting", str(mid), "--out", str(package))
    assert code == 0, out
    offline = _cli("verify", "--package", str(package), "--ca", str(data / "pki" / "ca.pem"))
    assert offline.returncode == 0, offline.stdout
    assert "Adopted:" in offline.stdout and "not protected before" in offline.stdout

    _sql(
        database_url,
        f"UPDATE events SET audience = 'managers' WHERE meeting_id = {mid} AND seq = 2",
    )
    code, out = _main(capsys, "verify", *db)
    assert code == 1 and f"Event meeting {mid} seq 2 changed after it was recorded" in out
    code, out, err = _run(capsys, "ledger", "adopt", *db)
    assert code == 2 and "Nothing was adopted" in err and "seq 2 changed" in err
