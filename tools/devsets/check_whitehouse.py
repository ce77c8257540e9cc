"""Extra checks for the official-text dev sets (devsets/whitehouse.jsonl, devsets/speeches.jsonl).

    VETOWATCH_DATA=../shared/data .venv/bin/python tools/devsets/check_whitehouse.py

Runs the generic validator (tools/devsets/validate.py) first, then what is special to
transcripts, readouts and speeches: ``select.id``/``select.iso3``/``select.year`` name the record
the reader gives; no statement's content starts inside a reporter's ``Q`` turn unless it is a
third party's words; a turn record (``cue`` null, ``kind`` direct, no ``via``, in a briefing)
ends where its turn ends; speeches carry ``published: null`` and year-precision dates of the
session year; dev/test documents are balanced. Prints problems only (no third-party text).
Exit status 1 when anything is wrong.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from vetowatch.news.ingest import read_news
from vetowatch.settings import Settings

sys.path.insert(0, str(Path(__file__).parent))
import validate

SETS = [Path("devsets/whitehouse.jsonl"), Path("devsets/speeches.jsonl")]
_TURN = re.compile(
    r"\n\n(?:\d{1,2}:\d\d [AP]\.M\.|\\###|Q[\s\xa0]|Q:|[A-Z][A-Z .’'\-]+:|MODERATOR)")
_Q_TURN = re.compile(r"\n\nQ[\s\xa0:]")


def _turn_end(text: str, i: int) -> int:
    m = _TURN.search(text, i)
    return len(text[: m.start() if m else len(text)].rstrip())


def _in_q_turn(text: str, i: int) -> bool:
    """Whether offset ``i`` lies in a reporter's turn (the last turn label before it is ``Q``)."""
    last = None
    for m in _TURN.finditer(text, 0, i):
        last = m
    return last is not None and bool(_Q_TURN.match(text, last.start()))


def check_row(row: dict[str, object], text: str, meta: dict[str, str]) -> list[str]:
    """Problems special to the official-text sets for one labelled document."""
    bad: list[str] = []
    select = row["select"]
    assert isinstance(select, dict)
    if "id" in select and select["id"] != meta.get("id"):
        bad.append(f"select.id {select['id']!r} is not the record's id {meta.get('id')!r}")
    for key in ("iso3", "year"):
        if key in select and str(select[key]) != str(meta.get(key)):
            bad.append(f"select.{key} {select[key]!r} is not the record's {meta.get(key)!r}")
    statements = row["statements"]
    assert isinstance(statements, list)
    for n, g in enumerate(statements):
        turn = g["cue"] is None and g["kind"] == "direct" and not g["via"]
        transcript = row["genre"] in ("briefing", "remarks")
        if transcript and turn and g["end"] != _turn_end(text, g["start"]):
            print(f"WARN {row['doc']}: statement {n} ends before its turn's end (check by hand)")
        if transcript and turn and g["actor"] == "USAGOV" and _in_q_turn(text, g["start"]):
            bad.append(f"statement {n}: a reporter's question labelled as a government turn")
        if row["genre"] == "speech":
            if row["published"] is not None:
                bad.append("speech: published should be null (the corpus has only the year)")
            # the session year, or an earlier year the speech gives ("As Truman said in 1945")
            if g["when_precision"] != "year" or not g["when"] <= str(select.get("year")):
                bad.append(f"statement {n}: speech date should be the session year (or earlier)")
    return bad


def main() -> int:
    status = validate.main([str(p) for p in SETS])
    data = Settings.from_env().require_data_dir()
    failures = 0
    for path in SETS:
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
        corpora = {str(r["corpus"]) for r in rows}
        by_row = {}
        for corpus in corpora:
            for a in read_news([data / corpus]):
                by_row[(corpus, a.row)] = a
        splits = [r["split"] for r in rows]
        if abs(splits.count("dev") - splits.count("test")) > 1:
            print(f"FAIL {path}: dev/test unbalanced {splits.count('dev')}/{splits.count('test')}")
            failures += 1
        for r in rows:
            a = by_row.get((r["corpus"], r["select"]["row"]))
            if a is None:
                print(f"FAIL {r['doc']}: no record at row {r['select']['row']}")
                failures += 1
                continue
            problems = check_row(r, a.text, a.meta)
            failures += bool(problems)
            for p in problems:
                print(f"FAIL {r['doc']}: {p}")
        print(f"{path}: extra checks done")
    return 1 if (failures or status) else 0


if __name__ == "__main__":
    sys.exit(main())
