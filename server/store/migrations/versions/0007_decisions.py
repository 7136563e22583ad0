"""decisions: PDFs going through signing (signer, then the clerk's seal) and their revisions

Revision ID: 0007_decisions
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_decisions"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=True),
        sa.Column("document_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("copy_type", sa.String(length=16), nullable=True),
        sa.Column("source_decision_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=1000), nullable=False),
        sa.Column("number_symbol", sa.String(length=64), nullable=False),
        sa.Column("authority_lines", sa.JSON(), nullable=False),
        sa.Column("signer_user_id", sa.Integer(), nullable=True),
        sa.Column("state", sa.String(length=24), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("current_sha256", sa.String(length=64), nullable=False),
        sa.Column("cancel_reason", sa.Text(), nullable=False),
        sa.Column("prepared_by", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["current_sha256"], ["blobs.sha256"], name=op.f("fk_decisions_current_sha256_blobs")
        ),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name=op.f("fk_decisions_document_id_documents")
        ),
        sa.ForeignKeyConstraint(
            ["item_id"], ["agenda_items.id"], name=op.f("fk_decisions_item_id_agenda_items")
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_decisions_meeting_id_meetings")
        ),
        sa.ForeignKeyConstraint(
            ["prepared_by"], ["users.id"], name=op.f("fk_decisions_prepared_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["signer_user_id"], ["users.id"], name=op.f("fk_decisions_signer_user_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["source_decision_id"],
            ["decisions.id"],
            name=op.f("fk_decisions_source_decision_id_decisions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decisions")),
    )
    with op.batch_alter_table("decisions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_decisions_meeting_id"), ["meeting_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_decisions_signer_user_id"), ["signer_user_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_decisions_state"), ["state"], unique=False)

    op.create_table(
        "decision_revisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("decision_id", sa.Integer(), nullable=False),
        sa.Column("step", sa.String(length=16), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=True),
        sa.Column("uploaded_by", sa.Integer(), nullable=False),
        sa.Column("signer_serial", sa.String(length=64), nullable=True),
        sa.Column("signatures", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["decision_id"],
            ["decisions.id"],
            name=op.f("fk_decision_revisions_decision_id_decisions"),
        ),
        sa.ForeignKeyConstraint(
            ["sha256"], ["blobs.sha256"], name=op.f("fk_decision_revisions_sha256_blobs")
        ),
        sa.ForeignKeyConstraint(
            ["uploaded_by"], ["users.id"], name=op.f("fk_decision_revisions_uploaded_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["document_versions.id"],
            name=op.f("fk_decision_revisions_version_id_document_versions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decision_revisions")),
        sa.UniqueConstraint("decision_id", "step", name=op.f("uq_decision_revisions_decision_id")),
    )
    with op.batch_alter_table("decision_revisions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_decision_revisions_decision_id"), ["decision_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("decision_revisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_decision_revisions_decision_id"))
    op.drop_table("decision_revisions")
    with op.batch_alter_table("decisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_decisions_state"))
        batch_op.drop_index(batch_op.f("ix_decisions_signer_user_id"))
        batch_op.drop_index(batch_op.f("ix_decisions_meeting_id"))
    op.drop_table("decisions")
