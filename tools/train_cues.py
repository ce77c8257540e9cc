"""Train the attribution-cue tagger: ``python tools/train_cues.py``.

Writes ``src/vetowatch/extract/data/cue_weights.json`` (or ``--out``) from the PolNeAR
``train`` split; ``dev`` chooses the regularisation and the two thresholds; ``test`` is
never read. Deterministic: the same data and model give the same file.

1. Parse every train and dev article with the extractor's pipeline (without the
   statements component) and run the rules (:func:`rule_attributions`).
2. Label each token: positive when it lies inside a gold ``Cue`` span (the first
   annotator's file, as in :mod:`vetowatch.evaluation.extraction`, which counts a predicted cue
   right when it overlaps one; labelling only the span's syntactic head gave dev F1 0.002
   less).
3. The *gate*: words (lemmas) that head a gold cue at least ``MIN_CUES`` times in train, in
   at least ``MIN_RATE`` of their uses. Only gated tokens and the rules' cues are scored.
4. Fit an L2-regularised logistic regression (L-BFGS, all-zero start) over the token
   features of :func:`vetowatch.extract.cue_tagger.token_features` that occur at least
   ``MIN_FEATURE`` times, for each ``C`` in ``C_GRID``; drop weights below ``MIN_WEIGHT``.
5. On dev, score the cues as :mod:`vetowatch.evaluation.extraction` does, for every
   (``C``, threshold, veto, statement veto) of the grid; keep the best F1 and write it.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import product
from pathlib import Path

import numpy as np
import numpy.typing as npt
from scipy import sparse
from scipy.optimize import minimize
from spacy.language import Language
from spacy.tokens import Doc

from vetowatch.evaluation.events import SKIP_PIPES
from vetowatch.evaluation.extraction import Score, brat_articles, count_overlaps, read_cues
from vetowatch.extract.attribution import rule_attributions
from vetowatch.extract.cue_tagger import CueTagger, combine, gate_key, token_features
from vetowatch.extract.extractor import Extractor
from vetowatch.extract.lexicon import Lexicon
from vetowatch.settings import Settings

OUT = (Path(__file__).resolve().parents[1] / "src" / "vetowatch" / "extract" / "data"
       / "cue_weights.json")
MIN_CUES, MIN_RATE = 2, 0.02
MIN_FEATURE = 3
MIN_WEIGHT = 0.1
C_GRID = (0.1, 0.3, 1.0)
THRESHOLDS = tuple(round(-1.5 + 0.25 * i, 2) for i in range(11))  # -1.5 … 1.0
VETOES = (-99.0, -2.0, -1.5, -1.0, -0.5, 0.0)
# Rule cues that carry a statement are never dropped by default: PolNeAR leaves out
# statements vetowatch records ("Russia opposes …", "We do not support …" inside a quote).
# ``--veto-statements`` lets dev choose from the second grid instead (dev F1 0.767 -> 0.798
# with the features of 2026-12; the cost is statements, see docs/extraction.md).
STATEMENT_VETOES = (-99.0,)
STATEMENT_VETO_GRID = (-99.0, -4.0, -3.0, -2.5, -2.0, -1.5, -1.0)

Vector = npt.NDArray[np.float64]
RULES_ONLY = CueTagger({}, 0.0, float("inf"), -99.0, -99.0, frozenset())


@dataclass
class Sentence:
    """One sentence's rule cues (cue and merged tokens), scored tokens and their features."""

    rules: list[tuple[int, tuple[int, ...], bool]]  # cue, merged cues, has no statement
    tokens: list[int]
    features: list[list[str]]
    labels: list[bool]


@dataclass
class Article:
    doc: Doc
    gold: list[tuple[int, int]]
    sentences: list[Sentence]


def parse(nlp: Language, folder: Path, processes: int) -> list[tuple[Doc, list[tuple[int, int]]]]:
    """The parsed articles of one PolNeAR compartment with their gold cue spans."""
    pairs = list(brat_articles(folder / "text", folder / "attributions"))
    texts = [text.read_text(encoding="utf-8") for text, _ in pairs]
    with nlp.select_pipes(disable=[p for p in SKIP_PIPES if p in nlp.pipe_names]):
        docs = list(nlp.pipe(texts, batch_size=16, n_process=processes))
    return [(doc, read_cues(ann)) for doc, (_, ann) in zip(docs, pairs, strict=True)]


def cue_tokens(doc: Doc, gold: Iterable[tuple[int, int]]) -> set[int]:
    """The token indices inside the gold cue spans (the training labels)."""
    inside: set[int] = set()
    for start, end in gold:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None:
            inside.update(t.i for t in span)
    return inside


def cue_heads(doc: Doc, gold: Iterable[tuple[int, int]]) -> set[int]:
    """The token index of the syntactic head of each gold cue span."""
    heads = set()
    for start, end in gold:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None and len(span):
            heads.add(span.root.i)
    return heads


def build_gate(
    parsed: list[tuple[Doc, list[tuple[int, int]]]],
    min_cues: int = MIN_CUES,
    min_rate: float = MIN_RATE,
) -> frozenset[str]:
    """Words heading a gold cue at least ``min_cues`` times and in ``min_rate`` of uses."""
    seen: Counter[str] = Counter()
    cues: Counter[str] = Counter()
    for doc, gold in parsed:
        heads = cue_heads(doc, gold)
        for token in doc:
            key = gate_key(token)
            seen[key] += 1
            cues[key] += token.i in heads
    return frozenset(k for k, n in cues.items() if n >= min_cues and n / seen[k] >= min_rate)


def collect(
    parsed: list[tuple[Doc, list[tuple[int, int]]]], lexicon: Lexicon, gate: frozenset[str]
) -> list[Article]:
    """Rule cues, candidate tokens, features and labels of every sentence."""
    articles = []
    for doc, gold in parsed:
        inside = cue_tokens(doc, gold)
        sentences = []
        for sent in doc.sents:
            found = rule_attributions(sent, lexicon)
            rules = [(a.cue.i, tuple(t.i for t in a.merged), a.content is None) for a in found]
            ruled = frozenset(i for cue, merged, _ in rules for i in (cue, *merged))
            tokens = [t for t in sent if t.i in ruled or gate_key(t) in gate]
            sentences.append(
                Sentence(
                    rules,
                    [t.i for t in tokens],
                    [token_features(t, sent, lexicon, ruled) for t in tokens],
                    [t.i in inside for t in tokens],
                )
            )
        articles.append(Article(doc, gold, sentences))
    return articles


def design(articles: list[Article], vocab: dict[str, int]) -> sparse.csr_matrix:
    """The binary feature matrix of every scored token (rows in article/sentence order)."""
    indices: list[int] = []
    pointers = [0]
    for article in articles:
        for sentence in article.sentences:
            for features in sentence.features:
                indices.extend(sorted({vocab[f] for f in features if f in vocab}))
                pointers.append(len(indices))
    data = np.ones(len(indices))
    return sparse.csr_matrix((data, indices, pointers), shape=(len(pointers) - 1, len(vocab)))


def fit(matrix: sparse.csr_matrix, labels: Vector, c: float) -> tuple[Vector, float]:
    """L2-regularised logistic regression (weights, bias) by L-BFGS from zero."""
    size = matrix.shape[1]
    transposed = matrix.T.tocsr()  # the gradient's product, 2-3 times faster in CSR

    def loss(params: Vector) -> tuple[float, Vector]:
        weights, bias = params[:size], params[size]
        z = matrix @ weights + bias
        value = float(np.sum(np.logaddexp(0.0, z) - labels * z) + 0.5 / c * weights @ weights)
        error = 1.0 / (1.0 + np.exp(-z)) - labels
        grad = np.concatenate([transposed @ error + weights / c, [error.sum()]])
        return value, grad

    result = minimize(
        loss, np.zeros(size + 1), jac=True, method="L-BFGS-B", options={"maxiter": 1000}
    )
    return result.x[:size], float(result.x[size])


def evaluate(articles: list[Article], logits: Vector, tagger: CueTagger) -> Score:
    """Cue-level P/R/F1 as :func:`vetowatch.evaluation.extraction.score_brat` counts them, with
    ``tagger``'s thresholds over precomputed ``logits``."""
    total = Score(0, 0, 0, 0)
    row = 0
    for article in articles:
        cues: list[tuple[int, int]] = []
        for sentence in article.sentences:
            size = len(sentence.tokens)
            scores = dict(zip(sentence.tokens, logits[row : row + size].tolist(), strict=True))
            row += size
            ruled = [i for cue, merged, _ in sentence.rules for i in (cue, *merged)]
            vetoes = tagger.vetoes({cue: not bare for cue, _, bare in sentence.rules})
            decision = combine(scores, ruled, tagger.threshold, vetoes)
            kept = [
                i
                for cue, merged, _ in sentence.rules
                if cue not in decision.vetoed
                for i in (cue, *merged)
            ]
            cues += [_char_span(article.doc, i) for i in [*kept, *decision.added]]
        total = total.plus(count_overlaps(cues, article.gold))
    return total


def _char_span(doc: Doc, index: int) -> tuple[int, int]:
    token = doc[index]
    return token.idx, token.idx + len(token.text)


def labels(articles: list[Article]) -> Vector:
    """The 0/1 label of every scored token, in :func:`design` row order."""
    values = [y for a in articles for s in a.sentences for y in s.labels]
    return np.asarray(values, dtype=np.float64)


def vocabulary(articles: list[Article], min_count: int = MIN_FEATURE) -> dict[str, int]:
    """Features seen at least ``min_count`` times, numbered in sorted order."""
    counts: Counter[str] = Counter(
        f for a in articles for s in a.sentences for fs in s.features for f in set(fs)
    )
    return {f: i for i, f in enumerate(sorted(f for f, n in counts.items() if n >= min_count))}


def _pruned(vocab: dict[str, int], weights: Vector) -> dict[str, float]:
    return {
        f: round(float(weights[i]), 4) for f, i in vocab.items() if abs(weights[i]) >= MIN_WEIGHT
    }


@dataclass(frozen=True)
class Trained:
    tagger: CueTagger
    c: float
    dev: Score


def train(
    train_set: list[Article],
    dev_set: list[Article],
    gate: frozenset[str],
    report: list[str],
    statement_vetoes: Sequence[float] = STATEMENT_VETOES,
) -> Trained:
    """Fit every ``C`` of the grid and keep the (C, threshold, veto) best on dev."""
    vocab = vocabulary(train_set)
    matrix, targets = design(train_set, vocab), labels(train_set)
    best: Trained | None = None
    for c in C_GRID:
        weights, bias = fit(matrix, targets, c)
        kept = _pruned(vocab, weights)
        dev_vocab = {f: i for i, f in enumerate(sorted(kept))}
        vector = np.asarray([kept[f] for f in sorted(kept)], dtype=np.float64)
        logits = design(dev_set, dev_vocab) @ vector + round(bias, 4)
        for threshold, veto, strong in product(THRESHOLDS, VETOES, statement_vetoes):
            if strong > veto:
                continue
            tagger = CueTagger(kept, round(bias, 4), threshold, veto, strong, gate)
            score = evaluate(dev_set, logits, tagger)
            if best is None or score.f1 > best.dev.f1 + 1e-9:
                best = Trained(tagger, c, score)
        report.append(
            f"C {c}: {len(kept)} weights; best dev F1 so far {best.dev.f1:.4f}"
            if best
            else f"C {c}"
        )
    assert best is not None
    return best


def main(argv: Sequence[str] | None = None) -> int:
    """Train on PolNeAR train, select on dev, write the weights; returns the exit status."""
    parser = argparse.ArgumentParser(prog="python tools/train_cues.py")
    parser.add_argument("--events-dir", type=Path, help="default: $VETOWATCH_DATA/events")
    parser.add_argument("--out", type=Path, default=OUT, help=f"default: {OUT}")
    parser.add_argument("--processes", type=int, default=1, help="parser processes")
    parser.add_argument(
        "--veto-statements",
        action="store_true",
        help="let dev choose a veto for rule cues that carry a statement (default: never)",
    )
    args = parser.parse_args(argv)
    events_dir = args.events_dir or Settings.from_env().events_dir
    if events_dir is None or not (Path(events_dir) / "polnear").is_dir():
        print("no PolNeAR data: set VETOWATCH_DATA or pass --events-dir", file=sys.stderr)
        return 2
    polnear = Path(events_dir) / "polnear"
    extractor = Extractor.load(events_dir=Path(events_dir), cues=False)
    parsed = {s: parse(extractor.nlp, polnear / s, args.processes) for s in ("train", "dev")}
    gate = build_gate(parsed["train"])
    train_set = collect(parsed["train"], extractor.lexicon, gate)
    dev_set = collect(parsed["dev"], extractor.lexicon, gate)
    rows = sum(len(s.tokens) for a in dev_set for s in a.sentences)
    rules_only = evaluate(dev_set, np.zeros(rows), RULES_ONLY)
    report = [f"gate: {len(gate)} words; dev rules only: F1 {rules_only.f1:.4f}"]
    vetoes = STATEMENT_VETO_GRID if args.veto_statements else STATEMENT_VETOES
    best = train(train_set, dev_set, gate, report, vetoes)
    args.out.write_text(
        json.dumps(best.tagger.to_json(), indent=0, sort_keys=True, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    dev = best.dev
    report.append(
        f"chosen C {best.c}, threshold {best.tagger.threshold}, veto {best.tagger.veto} / "
        f"{best.tagger.veto_statement}: "
        f"dev P {dev.precision:.3f} R {dev.recall:.3f} F1 {dev.f1:.3f} -> {args.out}"
    )
    print("\n".join(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
