"""the law as it counts: Treasury deposits and effective dates on events, donation records

Revision ID: 0003_law
Revises: 0002
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_law"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("event") as batch_op:
        batch_op.add_column(
            sa.Column("deposited", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(sa.Column("effective_on", sa.Date(), nullable=True))
    op.create_table(
        "donation",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "household_id",
            sa.Integer(),
            sa.ForeignKey("household.id", ondelete="RESTRICT"),
            nullable=False,
            index=True,
        ),
        sa.Column("land_m2", sa.Float(), nullable=False, server_default="0"),
        sa.Column("all_land", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("assets_value_vnd", sa.BigInteger(), nullable=False, server_default="0"),
        sa.Column("doc_no", sa.String(length=100), nullable=False, server_default=""),
        sa.Column("doc_date", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False, server_default=""),
        sa.Column("by", sa.String(length=200), nullable=False, server_default=""),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("donation")
    with op.batch_alter_table("event") as batch_op:
        batch_op.drop_column("effective_on")
        batch_op.drop_column("deposited")
