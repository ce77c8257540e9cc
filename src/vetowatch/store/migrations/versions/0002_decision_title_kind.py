"""Decision titles (UN Digital Library descriptions) and derived draft kinds.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("decision") as batch:
        batch.add_column(sa.Column("title", sa.Text))
        batch.add_column(sa.Column("draft_kind", sa.String(32)))


def downgrade() -> None:
    with op.batch_alter_table("decision") as batch:
        batch.drop_column("draft_kind")
        batch.drop_column("title")
