"""drop parcel columns nothing reads: declared_recovered_m2 and the bbox (minx..maxy + index)

The declared recovered area of the household list was stored but never read (the recovered
area is computed from the clearance boundary); the bounding box and its index were never
queried (views build their spatial index in memory per load).

Revision ID: 0004_records
Revises: 0003_law
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_records"
down_revision = "0003_law"
branch_labels = None
depends_on = None

_BBOX = ("minx", "miny", "maxx", "maxy")


def upgrade() -> None:
    with op.batch_alter_table("parcel") as batch_op:
        batch_op.drop_index("ix_parcel_bbox")
        batch_op.drop_column("declared_recovered_m2")
        for name in _BBOX:
            batch_op.drop_column(name)


def downgrade() -> None:
    with op.batch_alter_table("parcel") as batch_op:
        batch_op.add_column(sa.Column("declared_recovered_m2", sa.Float(), nullable=True))
        for name in _BBOX:
            batch_op.add_column(sa.Column(name, sa.Float(), nullable=False, server_default="0"))
        batch_op.create_index("ix_parcel_bbox", list(_BBOX), unique=False)
