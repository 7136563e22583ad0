"""signed votes: a meeting may require signed ballots; a ballot keeps its signature

Revision ID: 0008_signed_votes
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_signed_votes"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "meetings",
        sa.Column("signed_votes", sa.Boolean(), server_default=sa.false(), nullable=False),
    )
    op.add_column("ballots", sa.Column("signature", sa.LargeBinary(), nullable=True))
    op.add_column("ballots", sa.Column("certificate_pem", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("ballots") as batch:
        batch.drop_column("certificate_pem")
        batch.drop_column("signature")
    with op.batch_alter_table("meetings") as batch:
        batch.drop_column("signed_votes")
