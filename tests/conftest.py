"""Shared fixtures: a real database (SQLite by default, PostgreSQL when asked) per test.

Set ``ECABINET_TEST_DATABASE=postgresql://postgres@127.0.0.1:5432/test`` to run the
suite on PostgreSQL: each test gets its own schema, dropped afterwards.  With
``CI=true`` an unreachable PostgreSQL fails the run instead of skipping.
"""

from __future__ import annotations

import contextlib
import faulthandler
import os
import sys
import threading

os.environ.setdefault("ECABINET_FAST_HASH", "1")
import secrets
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from sqlalchemy import create_engine, text

from tests.harness import Domain

PG_ENV = "ECABINET_TEST_DATABASE"


def _pg_base() -> str | None:
    value = os.environ.get(PG_ENV, "")
    return value if value.startswith("postgresql") else None


def _pg_admin_url(base: str) -> str:
    return "postgresql+psycopg://" + base.split("://", 1)[1]


@contextlib.contextmanager
def fresh_database(folder: Path) -> Iterator[str]:
    """An empty database: a SQLite file in ``folder``, or a new PostgreSQL schema."""
    base = _pg_base()
    if base is None:
        yield f"sqlite:///{folder / 'ecabinet.db'}"
        return
    schema = f"t_{secrets.token_hex(6)}"
    admin = create_engine(_pg_admin_url(base))
    try:
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    except Exception as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL at {base} is unreachable in CI: {exc}")
        pytest.skip(f"PostgreSQL unreachable: {exc}")
    sep = "&" if "?" in base else "?"
    try:
        yield f"{base}{sep}options={quote(f'-csearch_path={schema}')}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def database_url(tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database for one test."""
    with fresh_database(tmp_path) as url:
        yield url


@pytest.fixture
def domain(database_url: str, tmp_path: Path) -> Iterator[Domain]:
    """The server's domain on a real database, driven command by command (no sockets)."""
    data_dir = tmp_path / "data"
    d = Domain(database_url, data_dir)
    yield d
    d.close()


def new_id() -> str:
    return uuid.uuid4().hex


#: Seconds one test may take, setup and teardown included, before the whole run is
#: stopped with every thread's stack printed.  pytest-timeout (``timeout`` in
#: pyproject.toml) fails a slow test first; this catches what it cannot: a test whose
#: teardown hangs after its timeout fired, which would otherwise hold the run forever.
WATCHDOG_SECONDS = float(os.environ.get("ECABINET_TEST_WATCHDOG", "420"))


def _watchdog_fired(config: pytest.Config, nodeid: str) -> None:
    capture = config.pluginmanager.getplugin("capturemanager")
    if capture is not None:
        with contextlib.suppress(Exception):
            capture.suspend_global_capture(in_=True)
    err = sys.__stderr__ or sys.stderr
    err.write(
        f"\n\n*** watchdog: {nodeid} still running after {WATCHDOG_SECONDS:.0f} s "
        "(setup, call and teardown); stacks of every thread follow, then the run stops.\n"
    )
    err.flush()
    faulthandler.dump_traceback(file=err, all_threads=True)
    err.flush()
    os._exit(3)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    timer = threading.Timer(WATCHDOG_SECONDS, _watchdog_fired, (item.config, item.nodeid))
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()
