"""Explicit settings object: where the data and the database are.

Nothing here is global: build a :class:`Settings` (``Settings.from_env()``) and pass it on.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from vetowatch.errors import DataNotFoundError

DEFAULT_DB_FILE = "vetowatch.db"


def _default_data_dir() -> Path | None:
    env = os.environ.get("VETOWATCH_DATA")
    if env:
        return Path(env)
    for base in (Path.cwd(), Path(__file__).resolve().parents[2]):
        candidate = base.parent / "shared" / "data"
        if candidate.is_dir():
            return candidate
    return None


def _default_db_url() -> str:
    env = os.environ.get("VETOWATCH_DB")
    if env:
        return env if "://" in env else f"sqlite:///{Path(env).expanduser()}"
    return f"sqlite:///{Path.cwd() / DEFAULT_DB_FILE}"


def _default_cache_dir() -> Path:
    env = os.environ.get("VETOWATCH_CACHE")
    if env:
        return Path(env).expanduser()
    base = os.environ.get("XDG_CACHE_HOME")
    return (Path(base) if base else Path.home() / ".cache") / "vetowatch"


def _default_actors_file() -> Path | None:
    env = os.environ.get("VETOWATCH_ACTORS")
    return Path(env).expanduser() if env else None


@dataclass(frozen=True)
class Settings:
    """Where vetowatch reads its data and keeps its database.

    ``data_dir`` is the folder that holds ``unsc/``, ``news/`` and ``events/``
    (``$VETOWATCH_DATA``, else ``../shared/data`` when it exists). ``db_url`` is any
    SQLAlchemy URL (``$VETOWATCH_DB``: a URL or a file path; default ``./vetowatch.db``).
    """

    data_dir: Path | None = field(default_factory=_default_data_dir)
    db_url: str = field(default_factory=_default_db_url)
    # derived files (parsed actor tables, Wikidata fetches): $VETOWATCH_CACHE, ~/.cache/vetowatch
    cache_dir: Path = field(default_factory=_default_cache_dir)
    # a user's own dated actor entries (YAML or CSV): $VETOWATCH_ACTORS
    actors_file: Path | None = field(default_factory=_default_actors_file)

    @classmethod
    def from_env(cls, db: str | None = None, data: str | Path | None = None) -> Settings:
        url = _default_db_url() if db is None else (db if "://" in db else f"sqlite:///{db}")
        data_dir = _default_data_dir() if data is None else Path(data)
        return cls(data_dir=data_dir, db_url=url)

    def require_data_dir(self) -> Path:
        if self.data_dir is None or not self.data_dir.is_dir():
            raise DataNotFoundError(
                f"no data folder found (looked at $VETOWATCH_DATA and ../shared/data, got "
                f"{self.data_dir}). Set VETOWATCH_DATA to the folder holding unsc/, news/, events/."
            )
        return self.data_dir

    @property
    def unsc_dir(self) -> Path:
        return self.require_data_dir() / "unsc"

    @property
    def news_dir(self) -> Path:
        return self.require_data_dir() / "news"

    @property
    def actors_dir(self) -> Path | None:
        """The shared office-holder data (``actors/``), or ``None`` when absent."""
        if self.data_dir is None or not (self.data_dir / "actors").is_dir():
            return None
        return self.data_dir / "actors"

    @property
    def events_dir(self) -> Path:
        return self.require_data_dir() / "events"
