"""Validate hand-labelled dev sets against the texts vetowatch's readers give.

    .venv/bin/python tools/devsets/validate.py devsets/news.jsonl [--show]

Checks every document (the record exists, its text hashes to ``article_id``, the window fits)
and every statement (offsets, the cue at the anchor, codes, polarity, CAMEO root, date and
precision); ``--show`` prints each statement with its text for proofreading (never commit that
output: it is third-party text). Exit status 1 when anything is wrong.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from vetowatch.errors import SourceFormatError
from vetowatch.evaluation.devsets import check_doc, load_devset, resolve_article
from vetowatch.settings import Settings


def _show(doc_text: str, start: int, end: int, anchor: int, line: str) -> str:
    cue = doc_text[anchor:anchor + 12].replace("\n", " ")
    content = " ".join(doc_text[start:end].split())
    return f"  {line}\n     cue@{anchor} {cue!r}  «{content[:160]}»"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="tools/devsets/validate.py")
    parser.add_argument("sets", nargs="+", type=Path)
    parser.add_argument("--show", action="store_true", help="print each statement with its text")
    parser.add_argument("--data", type=Path, help="data folder (default: $VETOWATCH_DATA)")
    args = parser.parse_args(argv)
    data_dir = args.data or Settings.from_env().require_data_dir()
    failures = 0
    seen: Counter[str] = Counter()
    for path in args.sets:
        docs = load_devset(path)
        splits = Counter(d.split for d in docs)
        total = sum(len(d.statements) for d in docs)
        print(f"{path}: {len(docs)} documents, {total} statements, splits {dict(splits)}")
        for doc in docs:
            seen[doc.doc] += 1
            try:
                text = resolve_article(doc, data_dir).text
            except SourceFormatError as exc:
                print(f"FAIL {doc.doc}: {exc}")
                failures += 1
                continue
            problems = check_doc(doc, text)
            if seen[doc.doc] > 1:
                problems.append("document name used twice")
            failures += bool(problems)
            status = "FAIL" if problems else "ok  "
            print(f"{status} {doc.doc} ({doc.genre}, {doc.split}, window {doc.window}, "
                  f"{len(doc.statements)} statements)")
            for problem in problems:
                print(f"     {problem}")
            if args.show:
                for g in doc.statements:
                    line = (f"{g.speaker} [{g.actor}] via {list(g.via)} {g.cue} → {g.target} "
                            f"{g.polarity:+d} {g.cameo} {g.when} ({g.when_precision}) {g.kind}")
                    print(_show(text, g.start, g.end, g.anchor, line))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
