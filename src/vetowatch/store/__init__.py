"""Storage: schema, Alembic migrations and the :class:`Store` handle."""

from vetowatch.store.db import Store

__all__ = ["Store"]
