"""News: articles (by content hash) and the statements extracted from them.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "article",
        sa.Column("id", sa.String(16), primary_key=True),
        sa.Column("title", sa.Text),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("published", sa.Date),
        sa.Column("source", sa.String(128)),
        sa.Column("url", sa.Text),
        sa.Column("path", sa.Text),
        sa.Column("row", sa.Integer),
        sa.Column("duplicate_of", sa.String(16)),
        sa.Column("statements", sa.Integer, nullable=False),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_article_published", "article", ["published"])
    op.create_table(
        "statement",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "article_id",
            sa.String(16),
            sa.ForeignKey("article.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("sentence", sa.Text, nullable=False),
        sa.Column("speaker_text", sa.Text, nullable=False),
        sa.Column("speaker_actor", sa.String(32)),
        sa.Column("via", sa.Text, nullable=False),
        sa.Column("cue", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("content", sa.Text, nullable=False),
        sa.Column("target_text", sa.Text),
        sa.Column("target_actor", sa.String(32)),
        sa.Column("polarity", sa.Integer, nullable=False),
        sa.Column("negated", sa.Boolean, nullable=False),
        sa.Column("cameo", sa.String(4), nullable=False),
        sa.Column("plover", sa.String(32)),
        sa.Column("goldstein", sa.Float, nullable=False),
        sa.Column("when_text", sa.Text),
        sa.Column("when_date", sa.Date),
        sa.Column("when_precision", sa.String(8)),
        sa.UniqueConstraint("article_id", "seq", name="uq_statement_article_seq"),
    )
    op.create_index("ix_statement_actor_date", "statement", ["speaker_actor", "when_date"])
    op.create_index("ix_statement_article", "statement", ["article_id"])


def downgrade() -> None:
    op.drop_table("statement")
    op.drop_table("article")
