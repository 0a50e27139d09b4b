"""shared server: database user, hash chain, four-eyes confirmation, offline-sync marker

Existing events get their hash chain computed here (tamper evidence starts with what is
already recorded).

Revision ID: 0005_server
Revises: 0004_records
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_server"
down_revision = "0004_records"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("event") as batch_op:
        batch_op.add_column(
            sa.Column("db_user", sa.String(length=100), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("hash", sa.String(length=64), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("prev_hash", sa.String(length=64), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("needs_confirmation", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(
            sa.Column("sync_state", sa.String(length=20), nullable=False, server_default="")
        )
    op.create_table(
        "confirmation",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("confirmed_by", sa.String(length=100), nullable=False, server_default=""),
        sa.Column("confirmed_at", sa.DateTime(), nullable=False),
        sa.Column("device", sa.String(length=100), nullable=False, server_default=""),
        sa.ForeignKeyConstraint(["event_id"], ["event.id"], ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("event_id"),
    )
    from tl342.store.server_chain import rehash_all

    rehash_all(op.get_bind())


def downgrade() -> None:
    op.drop_table("confirmation")
    with op.batch_alter_table("event") as batch_op:
        for col in ("sync_state", "needs_confirmation", "prev_hash", "hash", "db_user"):
            batch_op.drop_column(col)
