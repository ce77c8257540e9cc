"""Statements keep the character offsets of their content; dates may be "published".

Adds ``statement.content_start`` and ``statement.content_end`` (NULL for rows written
before: ``vetowatch reextract`` fills them) and widens ``statement.when_precision`` to hold
``published`` (a statement with no time expression is dated to its publication).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("statement") as batch:
        batch.add_column(sa.Column("content_start", sa.Integer, nullable=True))
        batch.add_column(sa.Column("content_end", sa.Integer, nullable=True))
        batch.alter_column("when_precision", type_=sa.String(16),
                           existing_type=sa.String(8), existing_nullable=True)


def downgrade() -> None:
    # "published" does not fit the old column: such a date is the publication day
    op.execute("UPDATE statement SET when_precision = 'day' "
               "WHERE when_precision = 'published'")
    with op.batch_alter_table("statement") as batch:
        batch.alter_column("when_precision", type_=sa.String(8),
                           existing_type=sa.String(16), existing_nullable=True)
        batch.drop_column("content_end")
        batch.drop_column("content_start")
