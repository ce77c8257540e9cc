"""UN Digital Library record ids of a decision: its voting record and its document record.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("decision") as batch:
        batch.add_column(sa.Column("undl_vote_record", sa.String(16)))
        batch.add_column(sa.Column("undl_doc_record", sa.String(16)))


def downgrade() -> None:
    with op.batch_alter_table("decision") as batch:
        batch.drop_column("undl_doc_record")
        batch.drop_column("undl_vote_record")
