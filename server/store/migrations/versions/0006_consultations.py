"""consultations: opinion polls between meetings

Revision ID: 0006_consultations
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_consultations"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "consultations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("deadline", sa.DateTime(timezone=True), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("result", sa.JSON(), nullable=True),
        sa.Column("report_sha256", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_consultations_created_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["report_sha256"],
            ["blobs.sha256"],
            name=op.f("fk_consultations_report_sha256_blobs"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consultations")),
    )
    op.create_table(
        "consultation_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("current", sa.Boolean(), nullable=False),
        sa.Column("choice", sa.String(length=16), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("answered_at", sa.String(length=64), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("signature", sa.LargeBinary(), nullable=False),
        sa.Column("certificate_pem", sa.Text(), nullable=False),
        sa.Column("certificate_serial", sa.String(length=64), nullable=False),
        sa.Column("signer", sa.String(length=255), nullable=False),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["consultations.id"],
            name=op.f("fk_consultation_answers_consultation_id_consultations"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_consultation_answers_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consultation_answers")),
    )
    op.create_index(
        op.f("ix_consultation_answers_consultation_id"),
        "consultation_answers",
        ["consultation_id"],
        unique=False,
    )
    op.create_table(
        "consultation_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["consultations.id"],
            name=op.f("fk_consultation_documents_consultation_id_consultations"),
        ),
        sa.ForeignKeyConstraint(
            ["sha256"], ["blobs.sha256"], name=op.f("fk_consultation_documents_sha256_blobs")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consultation_documents")),
        sa.UniqueConstraint(
            "consultation_id",
            "sha256",
            name=op.f("uq_consultation_documents_consultation_id"),
        ),
    )
    op.create_index(
        op.f("ix_consultation_documents_consultation_id"),
        "consultation_documents",
        ["consultation_id"],
        unique=False,
    )
    op.create_table(
        "consultation_recipients",
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("chair", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["consultations.id"],
            name=op.f("fk_consultation_recipients_consultation_id_consultations"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_consultation_recipients_user_id_users")
        ),
        sa.PrimaryKeyConstraint(
            "consultation_id", "user_id", name=op.f("pk_consultation_recipients")
        ),
    )
    op.create_table(
        "consultation_reminders",
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("threshold_minutes", sa.Integer(), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["consultations.id"],
            name=op.f("fk_consultation_reminders_consultation_id_consultations"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_consultation_reminders_user_id_users")
        ),
        sa.PrimaryKeyConstraint(
            "consultation_id",
            "user_id",
            "threshold_minutes",
            name=op.f("pk_consultation_reminders"),
        ),
    )


def downgrade() -> None:
    op.drop_table("consultation_reminders")
    op.drop_table("consultation_recipients")
    op.drop_index(
        op.f("ix_consultation_documents_consultation_id"), table_name="consultation_documents"
    )
    op.drop_table("consultation_documents")
    op.drop_index(
        op.f("ix_consultation_answers_consultation_id"), table_name="consultation_answers"
    )
    op.drop_table("consultation_answers")
    op.drop_table("consultations")
