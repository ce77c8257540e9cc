"""`vetowatch watch`: per-feed state, the items seen, what was last known, the alerts.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "feed_state",
        sa.Column("url", sa.Text, primary_key=True),
        sa.Column("source", sa.Text),
        sa.Column("etag", sa.Text),
        sa.Column("last_modified", sa.Text),
        sa.Column("last_fetch", sa.DateTime(timezone=True)),
        sa.Column("last_status", sa.Text),
        sa.Column("failures", sa.Integer, nullable=False, server_default="0"),
        sa.Column("next_try", sa.DateTime(timezone=True)),
        sa.Column("final_url", sa.Text),
    )
    op.create_table(
        "feed_item",
        sa.Column("feed_url", sa.Text, primary_key=True),
        sa.Column("guid", sa.Text, primary_key=True),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("article_id", sa.String(64)),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "watch_state",
        sa.Column("key", sa.Text, primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "alert",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("key", sa.Text, nullable=False, unique=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("actor", sa.String(32)),
        sa.Column("question", sa.Text),
        sa.Column("scenario", sa.Text),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("payload", sa.Text, nullable=False),
    )
    op.create_index("ix_alert_at", "alert", ["at"])


def downgrade() -> None:
    op.drop_index("ix_alert_at", "alert")
    op.drop_table("alert")
    op.drop_table("watch_state")
    op.drop_table("feed_item")
    op.drop_table("feed_state")
