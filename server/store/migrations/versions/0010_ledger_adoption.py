"""ledger adoption: rows that predate the record, adopted into it by `ledger adopt`

Revision ID: 0010_ledger_adoption
Revises: 0003_ledger
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010_ledger_adoption"
down_revision = "0003_ledger"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ledger_adoptions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("first_idx", sa.Integer(), nullable=False),
        sa.Column("kinds", sa.JSON(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ledger_adoptions")),
    )


def downgrade() -> None:
    op.drop_table("ledger_adoptions")
