"""What the app keeps between requests: settings, the store, the forecast fit cache."""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from vetowatch.cli_common import Context
from vetowatch.errors import ConfigError
from vetowatch.forecast.cache import FitCache
from vetowatch.settings import Settings
from vetowatch.store import Store

if TYPE_CHECKING:
    from vetowatch.council.record import DraftRecord

#: the largest upload ``POST /api/ingest`` accepts unless configured (bytes)
DEFAULT_MAX_UPLOAD = 5 * 1024 * 1024


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise ConfigError(f"{name}={raw!r} is not a whole number",
                          fix=f"Set {name} to a number of bytes, e.g. {default}.") from exc
    if value <= 0:
        raise ConfigError(f"{name}={raw!r} must be positive", fix=f"E.g. {name}={default}.")
    return value


@dataclass(frozen=True)
class ServeOptions:
    """How the server behaves: writes (a token), upload size, CORS origins.

    ``token`` enables ``POST /api/ingest`` (``Authorization: Bearer <token>``); without it the
    server is read-only. ``cors_origins`` empty: no CORS headers at all.
    """

    token: str | None = None
    max_upload: int = DEFAULT_MAX_UPLOAD
    cors_origins: tuple[str, ...] = ()

    @classmethod
    def from_env(cls) -> ServeOptions:
        """``VETOWATCH_TOKEN``, ``VETOWATCH_MAX_UPLOAD`` (bytes), ``VETOWATCH_CORS`` (comma-
        separated origins)."""
        token = os.environ.get("VETOWATCH_TOKEN") or None
        cors = tuple(o.strip() for o in os.environ.get("VETOWATCH_CORS", "").split(",")
                     if o.strip())
        return cls(token=token, max_upload=_env_int("VETOWATCH_MAX_UPLOAD", DEFAULT_MAX_UPLOAD),
                   cors_origins=cors)


@dataclass
class AppState:
    """One per app: the CLI's :class:`Context` (settings, store, actor resolution), the
    forecast :class:`FitCache` (kept in memory: forecasts after the first take
    milliseconds) and a lock that serialises writes (stance linking, ingest)."""

    settings: Settings
    options: ServeOptions
    context: Context = field(init=False)
    cache: FitCache = field(init=False)
    write_lock: threading.Lock = field(default_factory=threading.Lock)
    _records: tuple[str, list[DraftRecord]] | None = field(default=None, init=False)
    #: what the stance linker last saw (:func:`vetowatch.api.queries.link_key`)
    linked_key: object = field(default=None, init=False)

    def __post_init__(self) -> None:
        self.context = Context(self.settings)
        self.cache = FitCache(self.settings.cache_dir)

    def records(self) -> list[DraftRecord]:
        """Every vote of the record (:func:`load_records`), reloaded only when an import
        changed the record's version."""
        from vetowatch.council.queries import load_records
        from vetowatch.forecast.cache import record_version

        version = record_version(self.store)
        kept = self._records
        if kept is None or kept[0] != version:
            kept = (version, load_records(self.store))
            self._records = kept
        return kept[1]

    @property
    def store(self) -> Store:
        return self.context.store
