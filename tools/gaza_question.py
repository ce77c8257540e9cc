"""The analyst's question of issue 9, end to end on the shared White House corpus.

Ingests the White House press briefings, statements and readouts of October–December 2023
that mention Gaza, then asks ``positions gaza-ceasefire --as-of 2023-12-31`` and checks
what a careful reader would: the United States' position and the words it rests on, that
no reporter's question became anyone's statement, and that "President Biden" is coded
USAGOV wherever he speaks.

    .venv/bin/python tools/gaza_question.py [--db /tmp/gaza.db] [--json]

Writes the selected records to a temporary JSONL (never into the repository).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from vetowatch.extract.transcript import label_role
from vetowatch.news.genre import transcript_labels
from vetowatch.settings import Settings

CORPUS = Path("news/whitehouse_foreign_policy/wh_foreign_policy_subset.jsonl")


def select(data: Path, out: Path) -> int:
    """Write the Oct–Dec 2023 records that mention Gaza to ``out``; returns how many."""
    n = 0
    with (data / CORPUS).open(encoding="utf-8") as src, out.open("w", encoding="utf-8") as dst:
        for line in src:
            record = json.loads(line)
            if "2023-10-01" <= record["date"] <= "2023-12-31" and "gaza" in record["text"].lower():
                dst.write(line)
                n += 1
    return n


def vetowatch(db: Path, *args: str) -> Any:
    cmd = [sys.executable, "-m", "vetowatch", "--db", str(db), *args]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(args)} failed ({done.returncode}): {done.stderr[-2000:]}")
    return done.stdout


def reporter_turns(text: str) -> list[tuple[int, int]]:
    """Character ranges of the reporters' (``Q``) turns of a transcript."""
    labels = transcript_labels(text)
    if not labels:
        return []
    ends = [label.start for label in labels[1:]] + [len(text)]
    return [(label.start, end) for label, end in zip(labels, ends, strict=True)
            if label_role(label.text) == "reporter"]


def audit(db: Path) -> dict[str, Any]:
    """Statements inside reporters' turns, and how "Biden" was coded."""
    from sqlalchemy import select as sql

    from vetowatch.store import Store
    from vetowatch.store import schema as s

    store = Store(f"sqlite:///{db}")
    in_questions: list[dict[str, Any]] = []
    biden: dict[str, int] = {}
    with store.connect() as conn:
        texts = {r.id: r.text for r in conn.execute(sql(s.article.c.id, s.article.c.text))}
        rows = conn.execute(sql(s.statement.c.article_id, s.statement.c.start,
                                s.statement.c.sentence, s.statement.c.speaker_text,
                                s.statement.c.speaker_actor)).all()
    turns = {aid: reporter_turns(text) for aid, text in texts.items()}
    for r in rows:
        inside = any(a <= r.start < b for a, b in turns[r.article_id])
        ours = (r.speaker_actor or "").startswith("USA")
        if inside and (r.sentence.rstrip().endswith("?") or ours):
            in_questions.append({"article": r.article_id, "start": r.start,
                                 "speaker": r.speaker_text, "actor": r.speaker_actor})
        if "biden" in r.speaker_text.lower():
            biden[r.speaker_actor or "none"] = biden.get(r.speaker_actor or "none", 0) + 1
    return {"question_statements": in_questions, "biden_codes": biden}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", type=Path, default=Path(tempfile.gettempdir()) / "gaza.db")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    data = Settings.from_env().require_data_dir()
    with tempfile.TemporaryDirectory() as tmp:
        records = Path(tmp) / "wh_gaza_2023q4.jsonl"
        n = select(data, records)
        started = time.perf_counter()
        vetowatch(args.db, "ingest", str(records), "--json")
        seconds = time.perf_counter() - started
    position = json.loads(vetowatch(args.db, "positions", "gaza-ceasefire", "--as-of",
                                    "2023-12-31", "--json"))
    checks = audit(args.db)
    result = {"records": n, "ingest_seconds": round(seconds, 1), "positions": position, **checks}
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False, default=str))
    else:
        usa = [p for p in position.get("positions", [])
               if str(p.get("actor", "")).startswith("USA")]
        print(f"{n} records ingested in {seconds:.0f} s")
        print("USA:", json.dumps(usa, ensure_ascii=False, default=str)[:1500])
        print("statements inside reporters' questions:", len(checks["question_statements"]))
        print("Biden coded:", checks["biden_codes"])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
