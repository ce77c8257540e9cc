"""Score the extractor on gold sets: ``python -m vetowatch.evaluation.extraction [--json]``.

* PolNeAR (``events/polnear``, brat ``.ann`` files): attribution detection. A predicted cue
  is correct when it overlaps a gold ``Cue`` span (precision over predicted cues, recall over
  gold cues; the first annotator's file of each article). The rules were tuned on ``train``
  and ``dev``, the learned cue tagger trained on ``train`` and selected on ``dev``
  (:mod:`tools/train_cues.py`); ``test`` is the held-out score.
* Event coding (PLOVER GSR halves, PETRARCH unit-test records, the DEDI sample of full
  CAMEO codes, UNSCon targets): see
  :mod:`vetowatch.evaluation.events`.

Every score is printed with its split; ``--json`` prints one JSON object instead.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from vetowatch.evaluation.events import (
    DEDI_FILE,
    GSR_FILE,
    SKIP_PIPES,
    Accuracy,
    score_dedi,
    score_gsr,
    score_unit_records,
    score_unscon,
)
from vetowatch.extract.attribution import find_attributions
from vetowatch.extract.events import EventCoder
from vetowatch.extract.extractor import Extractor
from vetowatch.settings import Settings


@dataclass(frozen=True)
class Score:
    """Counts and the derived rates."""

    true_positives: int  # predicted items that match a gold item
    predicted: int
    gold: int
    gold_found: int | None = None  # gold items matched by a prediction (default: as above)

    def plus(self, other: Score) -> Score:
        """The sum of two counts (for adding up articles)."""
        found = (self.gold_found or 0) + (
            other.gold_found if other.gold_found is not None else other.true_positives
        )
        return Score(
            self.true_positives + other.true_positives,
            self.predicted + other.predicted,
            self.gold + other.gold,
            found,
        )

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        found = self.true_positives if self.gold_found is None else self.gold_found
        return found / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def read_cues(ann: Path) -> list[tuple[int, int]]:
    """The gold cue character spans of one brat file."""
    spans: dict[str, tuple[int, int]] = {}
    cues: list[tuple[int, int]] = []
    for line in ann.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            label, *offsets = parts[1].split(" ")
            numbers = [int(n) for n in re.findall(r"\d+", " ".join(offsets))]
            if label == "Cue" and len(numbers) >= 2:
                spans[parts[0]] = (numbers[0], numbers[-1])
        elif line.startswith("E") and len(parts) >= 2:
            for role in parts[1].split():
                name, _, ref = role.partition(":")
                if name == "Cue" and ref in spans:
                    cues.append(spans[ref])
    return sorted(set(cues))


def _overlaps(span: tuple[int, int], others: list[tuple[int, int]]) -> bool:
    return any(span[0] < o[1] and o[0] < span[1] for o in others)


def predicted_cues(extractor: Extractor, text: str) -> list[tuple[int, int]]:
    """Character spans of the cues :func:`find_attributions` finds in ``text``."""
    nlp = extractor.nlp
    enabled = [p for p in SKIP_PIPES if p in nlp.pipe_names]
    with nlp.select_pipes(disable=enabled):
        doc = nlp(text)
    return [
        (cue.idx, cue.idx + len(cue.text))
        for sentence in doc.sents
        for a in find_attributions(sentence, extractor.lexicon, extractor.tagger)
        for cue in [a.cue, *a.merged]
    ]


def brat_articles(text_dir: Path, ann_dir: Path) -> Iterator[tuple[Path, Path]]:
    """(text, first annotator's ``.ann``) pairs of a brat folder, sorted by name."""
    for text_path in sorted(text_dir.glob("*.txt")):
        anns = sorted(ann_dir.glob(text_path.stem + "_*.ann")) or sorted(
            ann_dir.glob(text_path.stem + ".ann")
        )
        if anns:
            yield text_path, anns[0]


def count_overlaps(cues: list[tuple[int, int]], gold: list[tuple[int, int]]) -> Score:
    """The counts of one article: predicted cues on a gold cue, gold cues found."""
    tp = sum(1 for c in cues if _overlaps(c, gold))
    found = sum(1 for g in gold if _overlaps(g, cues))
    return Score(tp, len(cues), len(gold), found)


def score_brat(extractor: Extractor, text_dir: Path, ann_dir: Path) -> Score:
    """Cue-level P/R/F1 over ``text_dir/*.txt`` against ``ann_dir/<stem>_*.ann``."""
    total = Score(0, 0, 0, 0)
    for text_path, ann in brat_articles(text_dir, ann_dir):
        cues = predicted_cues(extractor, text_path.read_text(encoding="utf-8"))
        total = total.plus(count_overlaps(cues, read_cues(ann)))
    return total


def score_polnear(extractor: Extractor, polnear_dir: Path, compartment: str = "test") -> Score:
    """Cue-level attribution precision/recall/F1 on one PolNeAR compartment."""
    folder = polnear_dir / compartment
    return score_brat(extractor, folder / "text", folder / "attributions")


def run_all(
    events_dir: Path, polnear_splits: Sequence[str] = ("dev", "test")
) -> dict[str, dict[str, Any]]:
    """Every score, keyed by gold set then split."""
    extractor = Extractor.load(events_dir=events_dir)
    coder = EventCoder.load(events_dir)
    results: dict[str, dict[str, Any]] = {"polnear": {}}
    for split in polnear_splits:
        score = score_polnear(extractor, events_dir / "polnear", split)
        results["polnear"][split] = _score_json(score)
    nlp = extractor.nlp
    results["plover_gsr"] = _accuracy_json(score_gsr(nlp, coder, events_dir / GSR_FILE))
    results["petrarch_units"] = _accuracy_json(score_unit_records(nlp, coder, events_dir))
    if (events_dir / DEDI_FILE).is_file():
        results["dedi_cameo"] = _accuracy_json(score_dedi(nlp, coder, events_dir))
    results["unscon_target"] = _accuracy_json(score_unscon(nlp, extractor.lexicon, events_dir))
    return results


def _score_json(score: Score) -> dict[str, Any]:
    return {
        "precision": round(score.precision, 3),
        "recall": round(score.recall, 3),
        "f1": round(score.f1, 3),
        "predicted": score.predicted,
        "gold": score.gold,
    }


def _accuracy_json(scores: dict[str, Accuracy]) -> dict[str, Any]:
    return {
        key: {"accuracy": round(a.rate, 3), "correct": a.correct, "total": a.total}
        for key, a in scores.items()
    }


def format_results(results: dict[str, dict[str, Any]]) -> str:
    """A plain-text table: one line per gold set and split."""
    lines = [f"{'set':16} {'split':10} score"]
    for name, splits in results.items():
        for split, value in splits.items():
            if "f1" in value:
                text = (
                    f"P {value['precision']:.3f}  R {value['recall']:.3f}  F1 {value['f1']:.3f}"
                    f"  ({value['predicted']} predicted, {value['gold']} gold)"
                )
            else:
                text = f"accuracy {value['accuracy']:.3f}  ({value['correct']}/{value['total']})"
            lines.append(f"{name:16} {split:10} {text}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Print every score (``--json`` for JSON); returns the exit status."""
    parser = argparse.ArgumentParser(prog="python -m vetowatch.evaluation.extraction")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--events-dir", type=Path, help="default: $VETOWATCH_DATA/events")
    parser.add_argument(
        "--polnear", default="dev,test", help="PolNeAR compartments (comma-separated)"
    )
    args = parser.parse_args(argv)
    events_dir = args.events_dir or Settings.from_env().events_dir
    if events_dir is None or not Path(events_dir).is_dir():
        print("no events data: set VETOWATCH_DATA or pass --events-dir", file=sys.stderr)
        return 2
    started = time.perf_counter()
    results = run_all(Path(events_dir), [s for s in args.polnear.split(",") if s])
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        print(format_results(results))
        print(f"({time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
