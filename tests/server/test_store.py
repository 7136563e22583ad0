"""The schema: migrations match the models, and SQLite runs with WAL and synchronous=FULL."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text

from server.store.models import Base, in_models
from tests.harness import Domain


def test_migrations_produce_exactly_the_models(domain: Domain) -> None:
    with domain.engine.connect() as conn:
        # The full-text objects (FTS5 table, tsvector column) exist only in migrations.
        context = MigrationContext.configure(conn, opts={"include_name": in_models})
        diff = compare_metadata(context, Base.metadata)
    assert diff == [], "run alembic revision --autogenerate: the models changed"


def test_sqlite_is_durable(domain: Domain) -> None:
    if domain.engine.dialect.name != "sqlite":
        return
    with domain.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
