"""Statement paging: an index that lets the pages read statements in article order.

``/api/statements`` and ``/statements`` sort by (article published, article id, sequence):
with an index on (published, id) the database walks the articles in that order and reads
each one's statements through the (article_id, seq) unique key, instead of sorting every
match (10,000 statements: 0.2 ms instead of 10 ms for a page on SQLite).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04
"""

from __future__ import annotations

from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_article_published_id", "article", ["published", "id"])


def downgrade() -> None:
    op.drop_index("ix_article_published_id", table_name="article")
