"""The built-in actor sources, registered in ``vetowatch.registry.actor_sources``.

A source is ``loader(ctx: SourceContext) -> Iterable[OfficeRow]``; a user's package adds
one the same way::

    from vetowatch.registry import actor_sources

        def my_envoys(ctx): yield OfficeRow("Jane Doe", "IGOUNO", "envoy", start, end, "url")

Rows carry their tier (precedence): user 4 > hand table 3 > dated tables 2 > Phoenix 1/0.
A loader may set ``loader.fingerprint = fn(ctx) -> str`` (cheap: file sizes) so that the
table ``version`` need not hash its rows. The heavy shared-data sources are parsed once and
cached as JSON under ``settings.cache_dir``, keyed by their files' names, sizes and mtimes.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import insert, inspect, select

import vetowatch.extract.actors.shared as shared
from vetowatch.errors import InvalidInputError, SourceFormatError
from vetowatch.extract.actors.model import (
    TIER_HAND,
    TIER_PHOENIX_DATED,
    TIER_PHOENIX_UNDATED,
    TIER_TABLE,
    TIER_USER,
    OfficeRow,
)
from vetowatch.extract.actors.phoenix import DICTIONARY_DIR, load_actor_dictionary
from vetowatch.registry import actor_sources
from vetowatch.settings import Settings
from vetowatch.store import Store
from vetowatch.store.schema import user_actor

HAND_TABLE = "officeholders.tsv"
WIKIDATA_FILE = Path("actors") / "wikidata-officeholders.tsv"
TABLE_COLUMNS = ("name", "aliases", "code", "office", "start", "end", "source")
CACHE_FORMAT = "1"

Loader = Callable[["SourceContext"], Iterable[OfficeRow]]


@dataclass(frozen=True)
class SourceContext:
    """What a source loader may read: settings, the store (user entries), Phoenix folder."""

    settings: Settings
    store: Store | None = None
    events_dir: Path | None = None

    @property
    def actors_dir(self) -> Path | None:
        return self.settings.actors_dir

    @property
    def phoenix_dir(self) -> Path | None:
        folder = self.events_dir
        if folder is None and self.settings.data_dir is not None:
            folder = self.settings.data_dir / "events"
        return folder if folder is not None and (folder / DICTIONARY_DIR).is_dir() else None


def files_fingerprint(paths: Iterable[Path], with_mtime: bool = False) -> str:
    digest = hashlib.sha256()
    for path in sorted(paths):
        if path.is_file():
            stat = path.stat()
            digest.update(f"{path.name}:{stat.st_size}".encode())
            if with_mtime:
                digest.update(f":{stat.st_mtime_ns}:{path}".encode())
    return digest.hexdigest()[:16]


def _row_json(row: OfficeRow) -> list[Any]:
    return [row.name, row.code, row.office, row.start.isoformat() if row.start else None,
            row.end.isoformat() if row.end else None, row.source, list(row.aliases), row.tier,
            row.label, row.person_id, row.surname_only]


def _row_from_json(item: list[Any]) -> OfficeRow:
    start = date.fromisoformat(item[3]) if item[3] else None
    end = date.fromisoformat(item[4]) if item[4] else None
    return OfficeRow(item[0], item[1], item[2], start, end, item[5], tuple(item[6]), item[7],
                     item[8], item[9], item[10])


@lru_cache(maxsize=1)
def _parser_fingerprint() -> str:
    """The parsers' own source: a cache made by other parsing rules is not reused."""
    digest = hashlib.sha256(CACHE_FORMAT.encode())
    here = Path(__file__).parent
    for module in ("shared.py", "offices.py", "places.py", "model.py", "phoenix.py"):
        digest.update((here / module).read_bytes())
    return digest.hexdigest()[:8]


def cached_rows(
    ctx: SourceContext, name: str, paths: list[Path], build: Callable[[], Iterable[OfficeRow]]
) -> list[OfficeRow]:
    """``build()``'s rows, from a JSON cache keyed by the files' sizes and mtimes."""
    key = files_fingerprint(paths, with_mtime=True) + _parser_fingerprint()
    cache = ctx.settings.cache_dir / "actors" / f"{name}-{CACHE_FORMAT}-{key}.json"
    if cache.is_file():
        try:
            return [_row_from_json(item) for item in json.loads(cache.read_text("utf-8"))]
        except (ValueError, TypeError, IndexError, OSError):
            pass  # a damaged cache is rebuilt
    rows = list(build())
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        for old in cache.parent.glob(f"{name}-*.json"):
            old.unlink(missing_ok=True)
        tmp = cache.with_suffix(".tmp")
        tmp.write_text(json.dumps([_row_json(r) for r in rows]), "utf-8")
        tmp.replace(cache)
    except OSError:
        pass  # a read-only cache folder only costs time
    return rows


# -- tables in vetowatch's own TSV format (hand table, Wikidata fetch, user CSV) -------------


def read_table(text: str, origin: str, tier: int, delimiter: str = "\t") -> list[OfficeRow]:
    """Rows of a ``name | aliases | code | office | start | end | source`` table; a header
    line naming the columns is optional; ``#`` starts a comment line."""
    rows: list[OfficeRow] = []
    lines = [(n, line) for n, line in enumerate(text.splitlines(), start=1)
             if line.strip() and not line.lstrip().startswith("#")]
    for number, line in lines:
        cells = next(csv.reader(io.StringIO(line), delimiter=delimiter))
        if [c.strip().lower() for c in cells[:3]] == list(TABLE_COLUMNS[:3]):
            continue
        cells = [c.strip() for c in cells] + [""] * (len(TABLE_COLUMNS) - len(cells))
        name, aliases, code, office, start, end, source = cells[: len(TABLE_COLUMNS)]
        if not name or not code or not code.isupper():
            raise SourceFormatError(origin, number, f"row needs a name and an upper-case actor "
                                    f"code, got {name!r} / {code!r}",
                                    "columns: " + " | ".join(TABLE_COLUMNS))
        first, last = shared.parse_date(start), shared.parse_date(end, end=True)
        if (start and first is None) or (end and last is None):
            raise SourceFormatError(origin, number, f"unreadable date {start!r} / {end!r}",
                                    "write YYYY-MM-DD, YYYY-MM or YYYY")
        rows.append(OfficeRow(name, code, office, first, last, source or f"{origin}:{number}",
                              tuple(a.strip() for a in aliases.split("|") if a.strip()), tier,
                              label=office))
    return rows


def hand_table(ctx: SourceContext) -> list[OfficeRow]:
    """``extract/data/officeholders.tsv``: envoys, spokespeople, P5 UN ambassadors, …"""
    text = resources.files("vetowatch.extract.data").joinpath(HAND_TABLE).read_text("utf-8")
    return read_table(text, HAND_TABLE, TIER_HAND)


def _hand_fingerprint(ctx: SourceContext) -> str:
    data = resources.files("vetowatch.extract.data").joinpath(HAND_TABLE).read_bytes()
    return hashlib.sha256(data).hexdigest()[:16]


def wikidata_file(ctx: SourceContext) -> list[OfficeRow]:
    """The file ``vetowatch data fetch actors`` writes (absent until fetched)."""
    path = ctx.settings.cache_dir / WIKIDATA_FILE
    if not path.is_file():
        return []
    return read_table(path.read_text("utf-8"), str(path), TIER_TABLE)


def _wikidata_fingerprint(ctx: SourceContext) -> str:
    return files_fingerprint([ctx.settings.cache_dir / WIKIDATA_FILE])


def user_file(ctx: SourceContext) -> list[OfficeRow]:
    """``$VETOWATCH_ACTORS``: a YAML list of mappings (name, code, from, to, office, source,
    aliases) or a CSV/TSV table with the hand table's columns."""
    path = ctx.settings.actors_file
    if path is None:
        return []
    if not path.is_file():
        raise SourceFormatError(path, None, "the actors file does not exist",
                                "fix VETOWATCH_ACTORS or create the file")
    text = path.read_text("utf-8")
    if path.suffix.lower() in (".yaml", ".yml"):
        return _yaml_rows(text, path)
    return read_table(text, str(path), TIER_USER, "\t" if path.suffix == ".tsv" else ",")


def _yaml_rows(text: str, path: Path) -> list[OfficeRow]:
    try:
        items = yaml.safe_load(text) or []
    except yaml.YAMLError as exc:
        raise SourceFormatError(path, None, f"not YAML: {exc}") from exc
    if not isinstance(items, list):
        raise SourceFormatError(path, None, "expected a list of entries")
    out = io.StringIO()
    writer = csv.writer(out, delimiter="\t", lineterminator="\n")
    for item in items:
        if not isinstance(item, dict):
            raise SourceFormatError(path, None, f"entry {item!r} is not a mapping")
        aliases = item.get("aliases") or []
        writer.writerow([
            item.get("name", ""), "|".join(aliases if isinstance(aliases, list) else [aliases]),
            item.get("code", ""), item.get("office", ""),
            str(item.get("from", item.get("start")) or ""),
            str(item.get("to", item.get("end")) or ""), item.get("source", "")])
    return read_table(out.getvalue(), str(path), TIER_USER)


def user_db(ctx: SourceContext) -> list[OfficeRow]:
    """Entries added with ``vetowatch actors add`` (table ``user_actor``)."""
    if ctx.store is None:
        return []
    with ctx.store.connect() as conn:
        if not inspect(conn).has_table("user_actor"):
            return []
        found = conn.execute(select(user_actor).order_by(user_actor.c.id)).all()
    return [OfficeRow(r.name, r.code, r.office or "", r.start, r.end,
                      r.source or f"user_actor #{r.id}", (), TIER_USER, label=r.office or "")
            for r in found]


def peppercat(ctx: SourceContext) -> list[OfficeRow]:
    folder = ctx.actors_dir
    if folder is None:
        return []
    historic, current = folder / shared.PEPPERCAT_HISTORIC, folder / shared.PEPPERCAT_CURRENT
    paths = [*historic.glob("*/*.csv"), *current.glob("*/index.html")]

    def build() -> Iterator[OfficeRow]:
        yield from shared.peppercat_historic(historic)
        yield from shared.peppercat_current(current)

    return cached_rows(ctx, "peppercat", paths, build) if paths else []


def _shared_files(*parts: Path) -> Callable[[SourceContext], str]:
    def fingerprint(ctx: SourceContext) -> str:
        folder = ctx.actors_dir
        if folder is None:
            return "absent"
        paths = [p for part in parts for p in folder.glob(str(part))]
        return files_fingerprint(paths)

    return fingerprint


_peppercat_fingerprint = _shared_files(
    shared.PEPPERCAT_HISTORIC / "*" / "*.csv", shared.PEPPERCAT_CURRENT / "*" / "index.html")


def reign(ctx: SourceContext) -> list[OfficeRow]:
    path = ctx.actors_dir / shared.REIGN_FILE if ctx.actors_dir else None
    return list(shared.reign_rows(path)) if path and path.is_file() else []


def cia2019(ctx: SourceContext) -> list[OfficeRow]:
    path = ctx.actors_dir / shared.CIA_FILE if ctx.actors_dir else None
    if path is None or not path.is_file():
        return []
    return cached_rows(ctx, "cia2019", [path], lambda: shared.cia_rows(path))


def phoenix(ctx: SourceContext) -> list[OfficeRow]:
    """The Phoenix/PETRARCH names (to about 2014): tier 1 when dated, 0 when not."""
    folder = ctx.phoenix_dir
    if folder is None:
        return []

    def build() -> list[OfficeRow]:
        names = load_actor_dictionary(folder).names
        return [OfficeRow(name, role.code, "", role.start, role.end, "phoenix", (),
                          TIER_PHOENIX_DATED if role.dated else TIER_PHOENIX_UNDATED)
                for name, roles in names.items() for role in roles]

    paths = list((folder / DICTIONARY_DIR).glob("Phoenix.*"))
    return cached_rows(ctx, "phoenix", paths, build)


def _phoenix_fingerprint(ctx: SourceContext) -> str:
    folder = ctx.phoenix_dir
    return files_fingerprint((folder / DICTIONARY_DIR).glob("Phoenix.*")) if folder else "absent"



def register(name: str, loader: Loader, fingerprint: Callable[[SourceContext], str] | None = None
             ) -> None:
    """Register ``loader`` as the actor source ``name`` (with an optional cheap fingerprint)."""
    if fingerprint is not None:
        setattr(loader, "fingerprint", fingerprint)  # noqa: B010
    actor_sources.register(name, func=loader)


register("phoenix", phoenix, _phoenix_fingerprint)
register("peppercat", peppercat, _peppercat_fingerprint)
register("reign", reign, _shared_files(shared.REIGN_FILE))
register("cia2019", cia2019, _shared_files(shared.CIA_FILE))
register("wikidata", wikidata_file, _wikidata_fingerprint)
register("handtable", hand_table, _hand_fingerprint)
register("user-file", user_file)
register("user-db", user_db)
BUILTIN = ("phoenix", "peppercat", "reign", "cia2019", "wikidata", "handtable", "user-file",
           "user-db")


USER_CODE = re.compile(r"^[A-Z]{3}[A-Z]{0,9}$")


def add_user_actor(
    store: Store, name: str, code: str, start: date | None = None, end: date | None = None,
    office: str | None = None, source: str | None = None,
) -> int:
    """Store one user entry (table ``user_actor``); returns its id."""
    if not name.strip():
        raise InvalidInputError("the name is empty: give the name as it appears in the news")
    if not USER_CODE.match(code):
        raise InvalidInputError(f"{code!r} is not an actor code: write ISO alpha-3 + sector in "
                                "capitals, e.g. USAGOV, RUSMIL, IGOUNO")
    if start and end and end < start:
        raise InvalidInputError(f"--to {end} is before --from {start}")
    with store.begin() as conn:
        result = conn.execute(insert(user_actor).values(
            name=name.strip(), code=code, office=office, start=start, end=end, source=source,
            created_at=datetime.now(UTC)))
        key = result.inserted_primary_key
    return int(key[0]) if key else 0
