"""Readers of the shared office-holder data (``$VETOWATCH_DATA/actors``, never committed).

* peppercat ``leaders-historic_2023-01-15/<slug>/leaders-historic.csv`` (Wikidata P39 rows)
  and ``current_2025-01-31/<slug>/index.html`` (holders on 2025-01-31, "in office since");
* REIGN ``leaderlist_3_21.csv`` (one effective leader per country to March 2021; surnames);
* CIA World Leaders, one 2019 snapshot (``json.zip``): undated, taken to hold from
  2018-07-01 to 2019-12-31.

See ``$VETOWATCH_DATA/actors/SOURCES.md`` for what each covers and lacks.
"""

from __future__ import annotations

import calendar
import csv
import html
import json
import re
import zipfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from vetowatch.extract.actors.model import LEADER, OTHER, UN_OFFICIAL, OfficeRow, fold
from vetowatch.extract.actors.offices import classify, international_code
from vetowatch.extract.actors.places import cow_iso3, iso3

PEPPERCAT_HISTORIC = Path("peppercat") / "leaders-historic_2023-01-15"
PEPPERCAT_CURRENT = Path("peppercat") / "current_2025-01-31"
REIGN_FILE = Path("reign") / "leaderlist_3_21.csv"
CIA_FILE = Path("cia_world_leaders_2019") / "json.zip"
CIA_VALID = (date(2018, 7, 1), date(2019, 12, 31))
REIGN_SNAPSHOT = date(2021, 3, 31)
KEEP_FROM = date(2000, 1, 1)

_DATE = re.compile(r"^\+?(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


def parse_date(text: str | None, end: bool = False) -> date | None:
    """``"2015"``, ``"2015-03"``, ``"2015-03-09"``, ``"+2015-03-09T00:00:00Z"`` → a date;
    a year or month alone is its first day (``end=False``) or its last (``end=True``)."""
    match = _DATE.match((text or "").strip())
    if not match:
        return None
    year = int(match.group(1))
    month = int(match.group(2)) if match.group(2) and match.group(2) != "00" else None
    day = int(match.group(3)) if match.group(3) and match.group(3) != "00" else None
    try:
        if month is None:
            return date(year, 12, 31) if end else date(year, 1, 1)
        if day is None:
            return date(year, month, calendar.monthrange(year, month)[1] if end else 1)
        return date(year, month, day)
    except ValueError:
        return None


_PRESIDENT_OF = re.compile(
    r"(?:vice[- ])?president of (?!the (?:republic|government|council|state|federal|presidency"
    r"|confederation))(.+)", re.I)


def coded(label: str, iso: str) -> tuple[str, str] | None:
    """(code, office type) for a position label in a place, or ``None`` when not tracked."""
    if iso == "IGOEU":
        kind = classify(label)
        return ("IGOEU", kind[0]) if kind else None
    if iso == "IGO":
        return ("IGOUNO", UN_OFFICIAL) if classify(label, "IGO") else None
    head = _PRESIDENT_OF.match(label)
    if head and iso3(head.group(1)) != iso:
        return None  # the president of a region or of another country's body
    igo = international_code(label)
    if igo is not None:
        return igo, UN_OFFICIAL if igo == "IGOUNO" else OTHER
    kind = classify(label, iso)
    return (iso + kind[1], kind[0]) if kind else None


def _slug_iso(slug: str) -> str | None:
    return iso3(slug.replace("-", " "))


def peppercat_historic(folder: Path) -> Iterator[OfficeRow]:
    """Rows of every ``<slug>/leaders-historic.csv`` active on or after 2000-01-01."""
    for path in sorted(folder.glob("*/leaders-historic.csv")):
        slug = path.parent.name
        with path.open(encoding="utf-8", errors="replace", newline="") as handle:
            for line, rec in enumerate(csv.DictReader(handle), start=2):
                iso = iso3(rec.get("catalog") or "") or _slug_iso(slug)
                label = rec.get("position") or ""
                found = coded(label, iso) if iso else None
                end = parse_date(rec.get("end"), end=True)
                if found is None or (end is not None and end < KEEP_FROM):
                    continue
                name = (rec.get("person") or "").strip()
                wiki = re.sub(r"\s*\(.*\)$", "", rec.get("enwiki") or "").strip()
                yield OfficeRow(
                    name, found[0], found[1], parse_date(rec.get("start")), end,
                    f"peppercat {slug}/leaders-historic.csv:{line}",
                    (wiki,) if wiki and fold(wiki) != fold(name) else (),
                    label=label, person_id=rec.get("personID") or "",
                )


_ENTRY = re.compile(r"<dt>(.*?)</dt>\s*<dd>(.*?)</dd>", re.S)
_NAME = re.compile(r'<span class="toggle">(.*?)</span>', re.S)
_SINCE = re.compile(r"in office since ([0-9-]+)")
_QID = re.compile(r"wikidata\.org/wiki/(Q\d+)")


def peppercat_current(folder: Path) -> Iterator[OfficeRow]:
    """Holders on 2025-01-31 with their "in office since" date (open-ended)."""
    for path in sorted(folder.glob("*/index.html")):
        slug = path.parent.name
        iso = _slug_iso(slug)
        if iso is None:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        for dt, dd in _ENTRY.findall(text):
            name_match = _NAME.search(dd)
            if not name_match:
                continue
            name = html.unescape(re.sub(r"<[^>]+>", "", name_match.group(1))).strip()
            since = _SINCE.search(dd)
            qid = _QID.search(dd)
            for raw in re.split(r"<br\s*/?>", dt):
                label = html.unescape(re.sub(r"<[^>]+>", "", raw)).strip()
                found = coded(label, iso)
                if found is None:
                    continue
                yield OfficeRow(
                    name, found[0], found[1], parse_date(since.group(1)) if since else None,
                    None, f"peppercat current_2025-01-31/{slug}/index.html", label=label,
                    person_id=qid.group(1) if qid else "",
                )


def reign_rows(path: Path) -> Iterator[OfficeRow]:
    """REIGN leader spells active since 2000, by surname; open spells end at the snapshot
    (2021-03-31): the source knows nothing later."""
    with path.open(encoding="utf-8", errors="replace", newline="") as handle:
        for line, rec in enumerate(csv.DictReader(handle), start=2):
            try:
                start = date(int(rec["syear"]), int(rec["smonth"]), int(rec["sdate"]))
            except (KeyError, ValueError):
                continue
            end = (parse_date(f"{rec['eyear']}-{int(rec['emonth']):02d}", end=True)
                   if rec.get("eyear") and rec.get("emonth") else REIGN_SNAPSHOT)
            if end is None or end < KEEP_FROM or not rec.get("leader"):
                continue
            iso = cow_iso3(rec["stateabb"])
            yield OfficeRow(rec["leader"].strip(), iso + "GOV", LEADER, start, end,
                            f"reign leaderlist_3_21.csv:{line}", label="effective leader",
                            surname_only=True)


_WL = "http://williamrobertfunk.com/ontologies/world-leaders#"
_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


def _cia_name(raw: str) -> tuple[str, tuple[str, ...]]:
    """``"Sergey Viktorovich LAVROV"`` → ("Sergey Viktorovich Lavrov", ("LAVROV",))."""
    words = raw.split()
    surname = [w for w in words if w.isupper() and len(w) > 1]
    pretty = " ".join(w.capitalize() if w.isupper() and len(w) > 1 else w for w in words)
    return pretty, ((" ".join(surname),) if surname else ())


def cia_rows(path: Path) -> Iterator[OfficeRow]:
    """Offices of the 2019 CIA directory, valid 2018-07-01..2019-12-31 (the snapshot is
    undated; this is the window the directory plausibly describes)."""
    with zipfile.ZipFile(path) as archive:
        offices = json.loads(archive.read("dist/json/government-offices.json"))
    for office in offices.values():
        title = (office.get("datatypeProperties") or {}).get(_WL + "title") or ""
        country = person = ""
        for link in office.get("objectProperties") or ():
            for key, target in link.items():
                if key.endswith("#hasCountry"):
                    country = target.get(_LABEL) or ""
                elif key.endswith("#hasGovernmentOfficial"):
                    person = target.get(_LABEL) or ""
        iso = iso3(country)
        found = coded(title, iso) if iso and person else None
        if found is None:
            continue
        name, surname = _cia_name(person)
        yield OfficeRow(name, found[0], found[1], *CIA_VALID,
                        f"cia2019 government-offices.json: {title} ({country})",
                        aliases=surname, label=title)
