"""Fitted forecasters cached per record version, so a forecast does not refit.

A fit depends on the records before the forecast's date, on the year whose stacker is used
and on the configuration (values and code, :attr:`ForecastConfig.version`); the key holds
all three, plus the record's version — the hashes of the imported source files
(:func:`record_version`), which ``data import`` changes. Fits are kept in memory (a server
process answers in milliseconds) and pickled under ``<cache_dir>/forecast/`` (a new CLI
process loads one in a fraction of a second). A file that cannot be read is refitted and
rewritten; files of other record versions are removed when a new one is written.
"""

from __future__ import annotations

import os
import pickle
import tempfile
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from sqlalchemy import select

from vetowatch.council.record import DraftRecord
from vetowatch.forecast.config import SHIPPED, ForecastConfig
from vetowatch.forecast.fitting import fit_stacked
from vetowatch.forecast.model import VoteModel
from vetowatch.store import Store
from vetowatch.store import schema as s
from vetowatch.versions import digest

__all__ = ["FitCache", "record_version"]

_MAGIC = b"vetowatch-fit-1\n"


def record_version(store: Store) -> str:
    """A short hash of the imported sources (name, SHA-256, rows): changes with an import."""
    with store.connect() as conn:
        rows = conn.execute(
            select(s.source.c.name, s.source.c.sha256, s.source.c.rows).order_by(s.source.c.name)
        ).all()
    return digest([(name, f"{sha}:{n}".encode()) for name, sha, n in rows])


class FitCache:
    """Fitted :class:`VoteModel` s (with their stacker) by record version, cut-off and year."""

    def __init__(self, directory: Path | None, config: ForecastConfig = SHIPPED) -> None:
        self.directory = directory / "forecast" if directory is not None else None
        self.config = config
        self._memory: dict[str, VoteModel] = {}

    def key(self, version: str, history: Sequence[DraftRecord], on: date) -> str:
        last = max((r.date for r in history), default=date.min)
        return f"{version}-{self.config.version}-{len(history)}-{last.isoformat()}-{on.year}"

    def fitted(self, store: Store, history: Sequence[DraftRecord], on: date) -> VoteModel:
        """The shipped forecaster fitted on ``history`` (records before ``on``)."""
        version = record_version(store)
        key = self.key(version, history, on)
        model = self._memory.get(key) or self._load(key)
        if model is None:
            model = fit_stacked(history, self.config.model_kwargs(), before=on,
                                typed=self.config.user_stack, floor=self.config.floor)
            self._save(key, version, model)
        self._memory[key] = model
        return model

    def _path(self, key: str) -> Path | None:
        return self.directory / f"{key}.pkl" if self.directory is not None else None

    def _load(self, key: str) -> VoteModel | None:
        path = self._path(key)
        if path is None or not path.is_file():
            return None
        try:
            data = path.read_bytes()
            if not data.startswith(_MAGIC):
                return None
            model = pickle.loads(data[len(_MAGIC):])
        except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError, TypeError):
            return None
        return model if isinstance(model, VoteModel) else None

    def _save(self, key: str, version: str, model: VoteModel) -> None:
        path = self._path(key)
        if path is None:
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            for old in path.parent.glob("*.pkl"):
                if not old.name.startswith(version):
                    old.unlink(missing_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".part")
            with os.fdopen(fd, "wb") as fh:
                fh.write(_MAGIC + pickle.dumps(model, protocol=pickle.HIGHEST_PROTOCOL))
            os.replace(tmp, path)
        except OSError:
            return  # a cache that cannot be written only costs time
