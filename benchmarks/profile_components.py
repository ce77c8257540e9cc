"""Profile: CPU seconds of each pipeline component on a corpus, batched as ``ingest`` does.

Run::

    .venv/bin/python benchmarks/profile_components.py FILE.jsonl|FILE.csv [--json]

Reads the file with the news readers (near-duplicates left out, as ``ingest`` does), cuts it
into the same batches (:func:`vetowatch.reading.text_batches`) and runs each component of
the loaded pipeline over each batch in turn (``pipe`` where the component has one), adding
up the CPU seconds (``time.process_time``: steadier than wall time on a shared machine) of
``make_doc`` plus the transcript turn marks, of each spaCy component and of each of
vetowatch's. The spaCy components are what bare ``nlp.pipe`` runs; the rest is vetowatch's
own cost on top.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import defaultdict
from pathlib import Path

from vetowatch.extract.extractor import Extractor
from vetowatch.news.ingest import read_news
from vetowatch.reading import text_batches
from vetowatch.settings import Settings


def component_seconds(corpus: Path) -> dict[str, float]:
    """CPU seconds by component (and ``make_doc``) over the articles of ``corpus``."""
    extractor = Extractor.load(Settings.from_env())
    articles = [a for a in read_news([corpus]) if a.duplicate_of is None]
    spent: dict[str, float] = defaultdict(float)
    for batch in text_batches(articles, 16):
        started = time.process_time()
        docs = [extractor._doc(a.text, a.published, a.id, a.speaker, a) for a in batch]
        spent["make_doc + turn marks"] += time.process_time() - started
        for name, component in extractor.nlp.pipeline:
            started = time.process_time()
            if hasattr(component, "pipe"):
                docs = list(component.pipe(docs, batch_size=16))
            else:
                docs = [component(doc) for doc in docs]
            spent[name] += time.process_time() - started
    return dict(spent)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    spent = component_seconds(args.corpus)
    own = {k: v for k, v in spent.items() if k.startswith("vetowatch_")}
    spacy_s = sum(v for k, v in spent.items() if k not in own and k != "make_doc + turn marks")
    seconds = {k: round(v, 2) for k, v in spent.items()}
    totals = {"spacy_components": round(spacy_s, 2),
              "vetowatch_components": round(sum(own.values()), 2),
              "total": round(sum(spent.values()), 2)}
    if args.json:
        print(json.dumps({"seconds": seconds, **totals}, indent=2))
    else:
        for name, value in {**seconds, **totals}.items():
            print(f"{name:28} {value:8.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
