"""Score the extractor on held-out gold sets.

* PolNeAR (``events/polnear``, brat ``.ann`` files): attribution detection, a predicted cue
  counts when it overlaps a gold ``Cue`` span; precision, recall and F1 over cues.
* PLOVER GSR (``events/plover/PLOVER_GSR_CAMEO.txt``): the event category of each sentence,
  from its main verb through the CAMEO.2.0 verb dictionary (PETRARCH2), mapped to PLOVER;
  the GSR's older labels are mapped to POLECAT's (DEMAND→REQUEST, DISAPPROVE→ACCUSE,
  INVESTIGATE→ACCUSE, FIGHT→ASSAULT).

Nothing here was tuned on these sets: both are held out (PolNeAR's ``test`` compartment,
and the whole GSR).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from vetowatch.extract.attribution import find_attributions
from vetowatch.extract.extractor import Extractor
from vetowatch.extract.statement import PLOVER_BY_ROOT

GSR_TO_POLECAT = {
    "DEMAND": "REQUEST",
    "DISAPPROVE": "ACCUSE",
    "INVESTIGATE": "ACCUSE",
    "FIGHT": "ASSAULT",
}


@dataclass(frozen=True)
class Score:
    """Counts and the derived rates."""

    true_positives: int
    predicted: int
    gold: int

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.gold if self.gold else 0.0

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


def score_polnear(extractor: Extractor, polnear_dir: Path, compartment: str = "test") -> Score:
    """Cue-level attribution precision/recall/F1 (first annotator's file per article)."""
    tp = predicted = gold_total = 0
    text_dir = polnear_dir / compartment / "text"
    ann_dir = polnear_dir / compartment / "attributions"
    for text_path in sorted(text_dir.glob("*.txt")):
        anns = sorted(ann_dir.glob(text_path.stem + "_*.ann"))
        if not anns:
            continue
        gold = read_cues(anns[0])
        doc = extractor.nlp(extractor.nlp.make_doc(text_path.read_text(encoding="utf-8")))
        cues = [
            (a.cue.idx, a.cue.idx + len(a.cue.text))
            for sentence in doc.sents
            for a in find_attributions(sentence, extractor.lexicon)
        ]
        tp += sum(1 for c in cues if any(c[0] < g[1] and g[0] < c[1] for g in gold))
        predicted += len(cues)
        gold_total += len(gold)
    return Score(tp, predicted, gold_total)


def read_verb_codes(cameo_file: Path) -> dict[str, str]:
    """Verb lemma → CAMEO code from a PETRARCH2 verb dictionary (block heads and synonyms)."""
    codes: dict[str, str] = {}
    block: str | None = None
    for raw in cameo_file.read_text(encoding="utf-8", errors="replace").splitlines():
        line = raw.split("#", 1)[0].strip()
        head = re.match(r"^---\s+(\S+)\s+\[([^\]]*)\]\s+---", line)
        if head:
            block = head.group(2).split(":")[0]
            codes.setdefault(head.group(1).lower(), block)
            continue
        if not line or line.startswith(("-", "&", "+")) or block is None:
            continue
        word = re.sub(r"\{[^}]*\}", "", line)
        own = re.search(r"\[([^\]]*)\]", word)
        name = re.sub(r"\[[^\]]*\]", "", word).strip().lower()
        code = own.group(1).split(":")[0] if own else block
        if name and " " not in name and code[:1].isdigit():
            codes.setdefault(name, code)
    return {k: v for k, v in codes.items() if v[:1].isdigit()}


def score_plover(extractor: Extractor, events_dir: Path) -> Score:
    """PLOVER category accuracy (``true_positives / gold``) on the GSR sentences."""
    records = json.loads((events_dir / "plover" / "PLOVER_GSR_CAMEO.txt").read_text())
    verbs = read_verb_codes(events_dir / "petrarch2" / "dictionaries" / "CAMEO.2.0.txt")
    correct = total = 0
    for record in records:
        if record.get("event") in (None, "DOCUMENT") or not record.get("text"):
            continue
        gold = GSR_TO_POLECAT.get(record["event"], record["event"])
        doc = extractor.nlp(extractor.nlp.make_doc(record["text"]))
        guess = None
        for token in sorted(doc, key=lambda t: (t.dep_ != "ROOT", t.i)):
            code = verbs.get(token.lemma_.lower())
            if token.pos_ in ("VERB", "NOUN") and code and PLOVER_BY_ROOT.get(code[:2]):
                guess = PLOVER_BY_ROOT[code[:2]]
                break
        correct += guess == gold
        total += 1
    return Score(correct, total, total)
