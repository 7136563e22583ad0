"""archive: the search index (archive_entries + full text per dialect)

Revision ID: 0004_archive
Revises: 0001

SQLite: a contentless FTS5 table ``archive_fts`` (rowid = ``archive_entries.id``;
columns title, text, extra; prefix indexes of 2 to 4 letters) over the text, and its
vocabulary ``archive_fts_vocab``.  PostgreSQL: a ``tsvector`` column
``archive_entries.archive_fts`` kept by ``server.domain.archive`` ('simple' config over
the folded words) with a GIN index.  Neither is part of the models (see
``server.store.models.FULL_TEXT_PREFIX``).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_archive"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "archive_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("ref", sa.String(length=128), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("version_id", sa.Integer(), nullable=True),
        sa.Column("date", sa.DateTime(timezone=True), nullable=False),
        sa.Column("classification", sa.String(length=16), nullable=False),
        sa.Column("body", sa.String(length=255), nullable=False),
        sa.Column("signers", sa.Text(), nullable=False),
        sa.Column("signers_folded", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("title", sa.String(length=1000), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_archive_entries_meeting_id_meetings")
        ),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["document_versions.id"],
            name=op.f("fk_archive_entries_version_id_document_versions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_archive_entries")),
        sa.UniqueConstraint("kind", "ref", name=op.f("uq_archive_entries_kind")),
    )
    op.create_table(
        "archive_texts",
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["archive_entries.id"],
            name=op.f("fk_archive_texts_entry_id_archive_entries"),
        ),
        sa.PrimaryKeyConstraint("entry_id", name=op.f("pk_archive_texts")),
    )
    op.create_index(op.f("ix_archive_entries_body"), "archive_entries", ["body"], unique=False)
    op.create_index(op.f("ix_archive_entries_date"), "archive_entries", ["date"], unique=False)
    op.create_index(
        op.f("ix_archive_entries_meeting_id"), "archive_entries", ["meeting_id"], unique=False
    )
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute(
            "CREATE VIRTUAL TABLE archive_fts USING fts5("
            "title, text, extra, content='', "
            "tokenize='unicode61 remove_diacritics 2', prefix='2 3 4')"
        )
        # Which words are in the index (is the last word of a query a whole word?).
        op.execute("CREATE VIRTUAL TABLE archive_fts_vocab USING fts5vocab(archive_fts, instance)")
    elif dialect == "postgresql":
        op.execute("ALTER TABLE archive_entries ADD COLUMN archive_fts tsvector")
        op.execute("CREATE INDEX ix_archive_fts ON archive_entries USING gin (archive_fts)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS archive_fts_vocab")
        op.execute("DROP TABLE IF EXISTS archive_fts")
    op.drop_index(op.f("ix_archive_entries_meeting_id"), table_name="archive_entries")
    op.drop_index(op.f("ix_archive_entries_date"), table_name="archive_entries")
    op.drop_index(op.f("ix_archive_entries_body"), table_name="archive_entries")
    op.drop_table("archive_texts")
    op.drop_table("archive_entries")
