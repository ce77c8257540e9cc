"""Event exports in the field's layouts, one row per stored statement, each with provenance.

* ``plover`` — the PLOVER/POLECAT columns: event type (PLOVER category), mode and context
  (from the PLOVER crosswalk for the full CAMEO code, where it gives them), actor and
  recipient with country and sector, date, story id, sentence number and text;
* ``icews`` — the ICEWS coded-event columns (Event ID, Event Date, Source Name/Sectors/
  Country, Event Text, CAMEO Code, Intensity, Target Name/Sectors/Country, Story ID,
  Sentence Number, Publisher, …);
* ``cameo`` — Phoenix-style CAMEO columns (the code as coded — three or four digits where
  the cue gave one, the two-digit root otherwise — with its root, QuadClass and Goldstein).

Codes are read by longest prefix (:mod:`vetowatch.extract.cameo`): root, QuadClass, PLOVER
type, mode and context of ``1121`` are those of ``1121``, else ``112``, else ``11``; rows
stored before full codes (a root only) export as before.

Every layout ends with the same provenance columns: ``article_id``, ``article_title``,
``outlet``, ``url``, ``published``, ``char_start``, ``char_end`` (the statement's offsets in
the article text). Columns are defined once (:data:`LAYOUTS`); ``docs/codebook.md``
documents exactly these (a test compares them). Rows are read from the database in pages and
written as they come: CSV, JSONL, or Parquet (pyarrow, one row group per page), so memory
stays flat whatever the number of statements.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import IO, Any

from sqlalchemy import select

from vetowatch.csvcells import safe_dict
from vetowatch.errors import InvalidInputError
from vetowatch.extract.cameo import (
    CROSSWALK_FILE,
    QUAD,
    PloverCode,
    plover_code,
    plover_type,
    quad_class,
    read_crosswalk,
    root_of,
)
from vetowatch.store import Store
from vetowatch.store import schema as s

__all__ = ["FORMATS", "LAYOUTS", "PROVENANCE", "QUAD", "Crosswalk", "Layout", "event_rows",
           "load_crosswalk", "write_events"]

FORMATS = ("csv", "jsonl", "parquet")
PROVENANCE: tuple[str, ...] = ("article_id", "article_title", "outlet", "url", "published",
                               "char_start", "char_end")
Row = Mapping[str, Any]
Crosswalk = Mapping[str, PloverCode]


def load_crosswalk(data_dir: Path | None) -> dict[str, PloverCode]:
    """The PLOVER crosswalk (``events/plover/CAMEO2PLOVER-2021.txt`` under ``data_dir``) for
    modes and contexts; empty when there is none (they are then left empty)."""
    path = data_dir / "events" / CROSSWALK_FILE if data_dir is not None else None
    return read_crosswalk(path) if path is not None and path.is_file() else {}


def split_code(code: str | None) -> tuple[str, str]:
    """A CAMEO actor code's country (ISO3, or '' for IGOs and unknowns) and sector
    (``RUSGOV`` → RUS, GOV; ``IGOUNO`` → '', IGOUNO; ``USA`` → USA, '')."""
    if not code:
        return "", ""
    if code.startswith(("IGO", "NGO", "MNC", "IMG")):
        return "", code
    return code[:3], code[3:]


def _when(r: Any) -> date | None:
    day: date | None = r.when_date or r.published
    return day


def _plover_type(r: Any) -> str:
    return r.plover or plover_type(r.cameo or "") or ""


def _mode_context(r: Any, event_type: str, crosswalk: Crosswalk) -> tuple[str, str]:
    """PLOVER mode and context of the code by longest prefix in the crosswalk, when it
    gives the same event type as the row (``112`` → ``disapprove``, ``1121`` → ``allege``,
    ``crime; corruption``)."""
    found = plover_code(r.cameo or "", crosswalk) if crosswalk and r.cameo else None
    if found is None or found.event != event_type:
        return "", ""
    return found.mode, found.context


def _common(r: Any) -> dict[str, Any]:
    return {"article_id": r.article_id, "article_title": r.title, "outlet": r.source,
            "url": r.url, "published": r.published.isoformat() if r.published else None,
            "char_start": r.start, "char_end": r.end}


def _plover(r: Any, crosswalk: Crosswalk) -> dict[str, Any]:
    ac, asec = split_code(r.speaker_actor)
    rc, rsec = split_code(r.target_actor)
    day = _when(r)
    event_type = _plover_type(r)
    mode, context = _mode_context(r, event_type, crosswalk)
    return {
        "event_id": f"{r.article_id}-{r.seq}", "event_date": day.isoformat() if day else None,
        "event_type": event_type, "event_mode": mode, "event_context": context,
        "actor_name": r.speaker_text, "actor_code": r.speaker_actor or "",
        "actor_country": ac, "actor_sector": asec,
        "recipient_name": r.target_text or "", "recipient_code": r.target_actor or "",
        "recipient_country": rc, "recipient_sector": rsec,
        "story_id": r.article_id, "sentence_number": r.seq, "sentence": r.sentence,
        "statement": r.content, **_common(r)}


def _icews(r: Any, crosswalk: Crosswalk) -> dict[str, Any]:
    ac, asec = split_code(r.speaker_actor)
    rc, rsec = split_code(r.target_actor)
    day = _when(r)
    return {
        "Event ID": f"{r.article_id}-{r.seq}", "Event Date": day.isoformat() if day else None,
        "Source Name": r.speaker_text, "Source Sectors": asec, "Source Country": ac,
        "Event Text": r.content, "CAMEO Code": r.cameo, "Intensity": r.goldstein,
        "Target Name": r.target_text or "", "Target Sectors": rsec, "Target Country": rc,
        "Story ID": r.article_id, "Sentence Number": r.seq, "Publisher": r.source,
        **_common(r)}


def _cameo(r: Any, crosswalk: Crosswalk) -> dict[str, Any]:
    day = _when(r)
    root = root_of(r.cameo) if r.cameo else ""
    return {
        "EventID": f"{r.article_id}-{r.seq}", "Date": day.isoformat() if day else None,
        "Year": day.year if day else None, "Month": day.month if day else None,
        "Day": day.day if day else None,
        "SourceActorFull": r.speaker_actor or "", "SourceActorName": r.speaker_text,
        "TargetActorFull": r.target_actor or "", "TargetActorName": r.target_text or "",
        "EventCode": r.cameo, "EventRootCode": root, "QuadClass": quad_class(root),
        "GoldsteinScore": r.goldstein, "Polarity": r.polarity, "Negated": r.negated,
        "Cue": r.cue, "Via": ";".join(v.get("actor") or v.get("text") or ""
                                      for v in json.loads(r.via or "[]")),
        "StoryID": r.article_id, "SentenceID": r.seq, "URL": r.url, **_common(r)}


@dataclass(frozen=True)
class Layout:
    name: str
    columns: tuple[str, ...]
    row: Callable[[Any, Crosswalk], dict[str, Any]]


def _layout(name: str, row: Callable[[Any, Crosswalk], dict[str, Any]],
            columns: tuple[str, ...]) -> Layout:
    return Layout(name, columns + PROVENANCE, row)


LAYOUTS: dict[str, Layout] = {
    "plover": _layout("plover", _plover, (
        "event_id", "event_date", "event_type", "event_mode", "event_context", "actor_name",
        "actor_code", "actor_country", "actor_sector", "recipient_name", "recipient_code",
        "recipient_country", "recipient_sector", "story_id", "sentence_number", "sentence",
        "statement")),
    "icews": _layout("icews", _icews, (
        "Event ID", "Event Date", "Source Name", "Source Sectors", "Source Country",
        "Event Text", "CAMEO Code", "Intensity", "Target Name", "Target Sectors",
        "Target Country", "Story ID", "Sentence Number", "Publisher")),
    "cameo": _layout("cameo", _cameo, (
        "EventID", "Date", "Year", "Month", "Day", "SourceActorFull", "SourceActorName",
        "TargetActorFull", "TargetActorName", "EventCode", "EventRootCode", "QuadClass",
        "GoldsteinScore", "Polarity", "Negated", "Cue", "Via", "StoryID", "SentenceID",
        "URL")),
}


def event_rows(store: Store, layout: str, *, since: date | None = None,
               until: date | None = None, page: int = 5000,
               crosswalk: Crosswalk | None = None) -> Iterator[list[dict[str, Any]]]:
    """The rows of ``layout`` in pages of at most ``page`` (statement order); PLOVER modes
    and contexts from ``crosswalk`` (:func:`load_crosswalk`), empty without it."""
    if layout not in LAYOUTS:
        raise InvalidInputError(f"unknown layout {layout!r}: use one of {', '.join(LAYOUTS)}")
    make = LAYOUTS[layout].row
    st, art = s.statement, s.article
    query = (select(st, art.c.title, art.c.source, art.c.url, art.c.published)
             .join(art, art.c.id == st.c.article_id).order_by(st.c.id))
    if since is not None:
        query = query.where(art.c.published >= since)
    if until is not None:
        query = query.where(art.c.published <= until)
    last = 0
    while True:
        with store.connect() as conn:  # a short read per page: writers are never blocked
            rows = conn.execute(query.where(st.c.id > last).limit(page)).all()
        if not rows:
            return
        last = rows[-1].id
        yield [make(r, crosswalk or {}) for r in rows]


def _parquet_schema(columns: tuple[str, ...]) -> Any:
    import pyarrow as pa

    types = {"char_start": pa.int64(), "char_end": pa.int64(), "Intensity": pa.float64(),
             "GoldsteinScore": pa.float64(), "Year": pa.int64(), "Month": pa.int64(),
             "Day": pa.int64(), "QuadClass": pa.int64(), "Polarity": pa.int64(),
             "Negated": pa.bool_(), "sentence_number": pa.int64(),
             "Sentence Number": pa.int64(), "SentenceID": pa.int64()}
    return pa.schema([(c, types.get(c, pa.string())) for c in columns])


def write_events(store: Store, out: IO[Any], layout: str, fmt: str = "csv", *,
                 since: date | None = None, until: date | None = None,
                 page: int = 5000, crosswalk: Crosswalk | None = None) -> int:
    """Write the export (``out``: text for csv/jsonl, binary for parquet); rows written."""
    if fmt not in FORMATS:
        raise InvalidInputError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    columns = LAYOUTS[layout].columns if layout in LAYOUTS else ()
    pages = event_rows(store, layout, since=since, until=until, page=page, crosswalk=crosswalk)
    n = 0
    if fmt == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        schema = _parquet_schema(columns)
        with pq.ParquetWriter(out, schema) as writer:
            for rows in pages:
                writer.write_table(pa.Table.from_pylist(rows, schema=schema))
                n += len(rows)
            if n == 0:
                writer.write_table(pa.Table.from_pylist([], schema=schema))
        return n
    writer_csv = csv.DictWriter(out, fieldnames=list(columns)) if fmt == "csv" else None
    if writer_csv is not None:
        writer_csv.writeheader()
    for rows in pages:
        for row in rows:
            if writer_csv is not None:
                writer_csv.writerow(safe_dict(row))
            else:
                out.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
        n += len(rows)
    return n
