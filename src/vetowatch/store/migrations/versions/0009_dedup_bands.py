"""Near-duplicates across runs: each stored article's MinHash signature and LSH band keys.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "article_signature",
        sa.Column("article_id", sa.String(64), primary_key=True),
        sa.Column("signature", sa.LargeBinary, nullable=False),
    )
    op.create_table(
        "article_band",
        sa.Column("band", sa.SmallInteger, primary_key=True),
        sa.Column("bucket", sa.String(32), primary_key=True),
        sa.Column("article_id", sa.String(64), primary_key=True),
    )


def downgrade() -> None:
    op.drop_table("article_band")
    op.drop_table("article_signature")
