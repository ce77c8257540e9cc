"""The Council record: sources, membership, decisions, votes, vetoes, notes.

Revision ID: 0001
Revises:
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "source",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("path", sa.Text, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("rows", sa.Integer, nullable=False),
        sa.Column("notes", sa.Integer, nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "member_year",
        sa.Column("year", sa.Integer, primary_key=True),
        sa.Column("member", sa.String(8), primary_key=True),
        sa.Column("name", sa.String(128), nullable=False),
        sa.Column("permanent", sa.Boolean, nullable=False),
    )
    op.create_table(
        "decision",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("draft", sa.String(64)),
        sa.Column("resolution", sa.Integer),
        sa.Column("symbol", sa.String(64), nullable=False),
        sa.Column("date", sa.Date, nullable=False),
        sa.Column("meeting", sa.String(32)),
        sa.Column("agenda", sa.Text),
        sa.Column("topic", sa.Text),
        sa.Column("category", sa.String(64)),
        sa.Column("region", sa.String(64)),
        sa.Column("subjects", sa.Text),
        sa.Column("submitters", sa.Text),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("yes", sa.Integer),
        sa.Column("no", sa.Integer),
        sa.Column("abstain", sa.Integer),
        sa.Column("non_voting", sa.Integer),
        sa.Column("procedural", sa.Boolean, nullable=False),
        sa.Column("sources", sa.String(128), nullable=False),
        sa.UniqueConstraint("symbol", name="uq_decision_symbol"),
    )
    op.create_index("ix_decision_date", "decision", ["date"])
    op.create_index("ix_decision_resolution", "decision", ["resolution"])
    op.create_index("ix_decision_draft", "decision", ["draft"])
    op.create_table(
        "vote",
        sa.Column(
            "decision_id",
            sa.Integer,
            sa.ForeignKey("decision.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("member", sa.String(8), primary_key=True),
        sa.Column("vote", sa.String(1), nullable=False),
    )
    op.create_table(
        "veto",
        sa.Column(
            "decision_id",
            sa.Integer,
            sa.ForeignKey("decision.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("member", sa.String(8), primary_key=True),
    )
    op.create_table(
        "note",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("source", sa.String(64), nullable=False),
        sa.Column("line", sa.Integer),
        sa.Column("kind", sa.String(64), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("detail", sa.Text, nullable=False),
    )
    op.create_index("ix_note_kind", "note", ["kind"])


def downgrade() -> None:
    for name in ("note", "veto", "vote", "decision", "member_year", "source"):
        op.drop_table(name)
