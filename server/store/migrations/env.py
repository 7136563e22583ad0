"""Alembic environment: runs on the connection handed in by ``server.store.db.migrate``."""

from __future__ import annotations

from alembic import context

from server.store.models import Base, in_models

connection = context.config.attributes.get("connection")
if connection is None:
    from server.store.db import make_engine

    url = context.config.get_main_option("sqlalchemy.url") or "sqlite:///ecabinet.db"
    connection = make_engine(url).connect()

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    include_name=in_models,
)
with context.begin_transaction():
    context.run_migrations()
