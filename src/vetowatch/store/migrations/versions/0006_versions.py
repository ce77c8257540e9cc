"""Versions on derived rows: what extraction rules, actor tables, model and question made them.

Adds ``article.meta`` (the record's other columns, so that re-extraction sees the same
speaker) and ``article.extraction_version``, ``statement.extraction_version`` and
``statement.versions``, ``question.rules_version``, ``stance.question_version`` and
``stance.rules_version``. Existing rows get NULL: unknown, hence stale.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

COLUMNS: tuple[tuple[str, str, sa.types.TypeEngine[Any]], ...] = (
    ("article", "meta", sa.Text()),
    ("article", "extraction_version", sa.String(64)),
    ("statement", "extraction_version", sa.String(64)),
    ("statement", "versions", sa.Text()),
    ("question", "rules_version", sa.String(64)),
    ("stance", "question_version", sa.String(64)),
    ("stance", "rules_version", sa.String(64)),
)


def upgrade() -> None:
    for table, name, kind in COLUMNS:
        op.add_column(table, sa.Column(name, kind, nullable=True))
    op.create_index("ix_article_extraction_version", "article", ["extraction_version"])


def downgrade() -> None:
    op.drop_index("ix_article_extraction_version", table_name="article")
    for table in ("article", "statement", "question", "stance"):
        with op.batch_alter_table(table) as batch:
            for owner, name, _ in reversed(COLUMNS):
                if owner == table:
                    batch.drop_column(name)
