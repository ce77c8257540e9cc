"""What every ``vetowatch`` command shares: the context object, date options, JSON output.

Kept apart from :mod:`vetowatch.cli` so that command modules (:mod:`vetowatch.cli_actors`,
a user's own through :data:`vetowatch.registry.commands`) use the same helpers without
importing the group they are added to.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import click
from rich.console import Console

from vetowatch.errors import InvalidInputError
from vetowatch.settings import Settings
from vetowatch.store import Store


class Context:
    """What every command gets: settings, a lazily opened store and the consoles."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.out = Console(highlight=False, soft_wrap=False)
        self.err = Console(stderr=True, highlight=False)
        self._store: Store | None = None

    @property
    def store(self) -> Store:
        if self._store is None:
            self._store = Store.from_settings(self.settings)
        return self._store


pass_ctx = click.make_pass_decorator(Context)


def parse_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise InvalidInputError(
            f"{value!r} is not a date: use YYYY-MM-DD, e.g. 2011-08-19"
        ) from exc


def optional_date(value: str | None) -> date | None:
    """:func:`parse_date` of an option that may be absent."""
    return parse_date(value) if value else None


def emit_json(data: Any) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))
