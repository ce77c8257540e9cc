"""Check that vetowatch's attribute ruler gives spaCy's annotations on a real corpus.

    .venv/bin/python tools/check_attribute_ruler.py [--corpus fakes|whitehouse] [--limit N]

Runs the model as shipped and the model with ``extract.tag_attributes.replace_attribute_ruler``
over the same texts (``nlp.pipe``, batches of 16) and compares every token's tag, POS,
morphology, lemma, dependency, head, entity and sentence start; prints the documents and
tokens compared, the documents that differ (expected: 0) and the CPU seconds of each
pipeline and of each ruler alone. Reads the corpora of the shared data folder
(``VETOWATCH_DATA``); nothing is written.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import spacy
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, MORPH, POS, SENT_START, TAG

from vetowatch.extract.pipeline import MODEL
from vetowatch.extract.tag_attributes import replace_attribute_ruler
from vetowatch.settings import Settings

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from bench_scale import CORPORA, texts_of

ATTRS = [TAG, POS, MORPH, LEMMA, DEP, HEAD, ENT_IOB, ENT_TYPE, SENT_START]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", choices=sorted(CORPORA), default="fakes")
    parser.add_argument("--limit", type=int, help="only the first N records")
    args = parser.parse_args()
    texts = texts_of(Settings.from_env().require_data_dir() / CORPORA[args.corpus], args.limit)
    plain, fast = spacy.load(MODEL), spacy.load(MODEL)
    replace_attribute_ruler(fast)
    docs, cpu = [], []
    for nlp in (plain, fast):
        nlp.max_length = max(nlp.max_length, max(len(t) for t in texts) + 1)
        started = time.process_time()
        docs.append(list(nlp.pipe(texts, batch_size=16)))
        cpu.append(round(time.process_time() - started, 2))
    differ = sum(
        1 for a, b in zip(*docs, strict=True)
        if not ((a.to_array(ATTRS) == b.to_array(ATTRS)).all()
                and [str(t.morph) for t in a] == [str(t.morph) for t in b]))
    rulers = []
    for nlp, name, batch in ((plain, "attribute_ruler", docs[0]),
                             (fast, "vetowatch_attribute_ruler", docs[1])):
        ruler = nlp.get_pipe(name)
        started = time.process_time()
        for doc in batch:
            ruler(doc)
        rulers.append(round(time.process_time() - started, 2))
    print(json.dumps({"corpus": args.corpus, "documents": len(texts),
                      "tokens": sum(len(d) for d in docs[0]), "documents_differing": differ,
                      "cpu_s_pipeline": {"spacy": cpu[0], "vetowatch": cpu[1]},
                      "cpu_s_ruler_alone": {"spacy": rulers[0], "vetowatch": rulers[1]}},
                     indent=2))
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main())
