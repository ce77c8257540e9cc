"""Build the combined actor tables from every registered actor source.

:func:`load_actor_tables` iterates ``vetowatch.registry.actor_sources`` (the built-ins of
:mod:`vetowatch.extract.actors.sources` and anything a user's package registered), reclassifies
free-text office labels, ends stale open tenures, and indexes the rows. The result is an
:class:`ActorDictionary` whose ``version`` hashes what was loaded.
"""

from __future__ import annotations

import gc
import hashlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import vetowatch.extract.actors.sources as _builtin  # noqa: F401  (registers built-ins)
from vetowatch.extract.actors.index import build_index, close_open_tenures, reclassify
from vetowatch.extract.actors.model import TIER_TABLE, OfficeRow
from vetowatch.extract.actors.phoenix import (
    AGENT_FILE,
    DICTIONARY_DIR,
    ActorDictionary,
    Role,
    _read_agents,
)
from vetowatch.extract.actors.sources import SourceContext
from vetowatch.registry import actor_sources
from vetowatch.settings import Settings
from vetowatch.store import Store


def _rows_fingerprint(rows: list[OfficeRow]) -> str:
    digest = hashlib.sha256()
    for row in rows:
        digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()[:16]


def source_rows(
    ctx: SourceContext, only: Iterable[str] | None = None
) -> tuple[dict[str, list[OfficeRow]], str]:
    """Each registered source's rows (by name) and the version hash of them all."""
    wanted = set(only) if only is not None else None
    found: dict[str, list[OfficeRow]] = {}
    digest = hashlib.sha256()
    for name, loader in sorted(actor_sources.get_all().items()):
        if wanted is not None and name not in wanted:
            continue
        rows = list(loader(ctx))
        found[name] = rows
        digest.update(f"{name}={_mark(loader, ctx, rows)};".encode())
    return found, digest.hexdigest()[:12]


def _mark(loader: Any, ctx: SourceContext, rows: list[OfficeRow] | None = None) -> str:
    """A source's part of the version: its own cheap fingerprint (file sizes) when it has
    one, else the hash of its rows."""
    fingerprint = getattr(loader, "fingerprint", None)
    if callable(fingerprint):
        return str(fingerprint(ctx))
    return _rows_fingerprint(list(loader(ctx)) if rows is None else rows)


def tables_version(ctx: SourceContext) -> str:
    """``load_actor_tables(...).version`` without building the tables: only sources with
    no fingerprint of their own (user entries) are read."""
    digest = hashlib.sha256()
    for name, loader in sorted(actor_sources.get_all().items()):
        digest.update(f"{name}={_mark(loader, ctx)};".encode())
    return digest.hexdigest()[:12]


def _agents(ctx: SourceContext) -> dict[str, str]:
    folder = ctx.phoenix_dir
    path = folder / DICTIONARY_DIR / AGENT_FILE if folder else None
    if path is None or not path.is_file():
        return {}
    with path.open(encoding="utf-8", errors="replace") as handle:
        return _read_agents(handle)


def combine(rows: Iterable[OfficeRow], agents: dict[str, str], version: str) -> ActorDictionary:
    """Index dated rows (tier ≥ 2) and fold Phoenix rows (tier < 2) into Phoenix names."""
    names: dict[str, list[Role]] = {}
    tables: list[OfficeRow] = []
    for row in rows:
        if row.tier >= TIER_TABLE:
            tables.append(row)
        else:
            names.setdefault(row.name, []).append(Role(row.code, row.start, row.end))
    tables = close_open_tenures(reclassify(tables))
    frozen = {name: tuple(roles) for name, roles in names.items()}
    return ActorDictionary(frozen, agents, build_index(tables), version)


def load_actor_tables(
    settings: Settings | None = None,
    *,
    store: Store | None = None,
    events_dir: Path | None = None,
    only: Iterable[str] | None = None,
) -> ActorDictionary:
    """The combined tables: every registered source (or the ``only`` named ones), with the
    user entries of ``store`` when one is given. Missing shared data only narrows them."""
    ctx = SourceContext(settings or Settings.from_env(), store, events_dir)
    enabled = gc.isenabled()
    gc.disable()  # ~100k small immutable objects: collection passes would double the time
    try:
        by_source, version = source_rows(ctx, only)
        rows = [row for name in sorted(by_source) for row in by_source[name]]
        return combine(rows, _agents(ctx), version)
    finally:
        if enabled:
            gc.enable()
