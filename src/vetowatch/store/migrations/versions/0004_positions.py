"""Positions: questions users follow and the stances of statements on them.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "question",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("proposition", sa.Text, nullable=False),
        sa.Column("spec", sa.Text, nullable=False),
        sa.Column("origin", sa.String(16), nullable=False),
        sa.Column("linked_through", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "stance",
        sa.Column(
            "statement_id",
            sa.Integer,
            sa.ForeignKey("statement.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column(
            "question_id",
            sa.String(64),
            sa.ForeignKey("question.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("stance", sa.String(8), nullable=False),
        sa.Column("confidence", sa.Float, nullable=False),
        sa.Column("evidence_start", sa.Integer, nullable=False),
        sa.Column("evidence_end", sa.Integer, nullable=False),
        sa.Column("method", sa.String(32), nullable=False),
        sa.Column("actor", sa.String(32)),
        sa.Column("day", sa.Date),
        sa.Column("authority", sa.Float, nullable=False),
    )
    op.create_index(
        "ix_stance_question_actor_day",
        "stance",
        ["question_id", "actor", "day", "statement_id", "stance", "confidence", "authority"],
    )


def downgrade() -> None:
    op.drop_table("stance")
    op.drop_table("question")
