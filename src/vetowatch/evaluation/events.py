"""Event-coding gold sets: PLOVER GSR, PETRARCH unit-test records, UNSCon targets.

* PLOVER GSR (``plover/PLOVER_GSR_CAMEO.txt``): the PLOVER category of each sentence from
  :class:`~vetowatch.extract.events.EventCoder`. The GSR's older labels are mapped to
  POLECAT's (DEMAND→REQUEST, DISAPPROVE→ACCUSE, INVESTIGATE→ACCUSE, FIGHT→ASSAULT). The
  records are split in two fixed halves by a hash of their id: ``dev`` (the rules were tuned
  on it) and ``heldout`` (never looked at while tuning).
* PETRARCH unit-test records (``petrarch2/validation/PETR.UnitTest.records.xml``): the
  (source, target, CAMEO root) triple of each expected event, with the suite's own
  fictional-world actor dictionary (``PETR.Validate.actors.txt``). Never tuned on.
* PITF DEDI sample (``plovigy/plovigy-DEDI-input-sample.jsonl``): 30 real sentences with
  the full CAMEO code human coders gave; root and exact-code accuracy. Never tuned on.
* UNSCon (``unscon/conflict_annotations_sentences.csv``): for sentences annotated as a
  negative evaluation of a country, whether the first country named in the sentence other
  than the speaker's own is the annotated target. Never tuned on.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from vetowatch.extract.actors import ActorDictionary, _read_actor_lines, _read_agents
from vetowatch.extract.events import CodedEvent, EventCoder
from vetowatch.extract.lexicon import Lexicon

GSR_FILE = Path("plover") / "PLOVER_GSR_CAMEO.txt"
UNIT_FILE = Path("petrarch2") / "validation" / "PETR.UnitTest.records.xml"
UNIT_ACTORS = Path("petrarch2") / "dictionaries" / "PETR.Validate.actors.txt"
UNIT_AGENTS = Path("petrarch2") / "dictionaries" / "PETR.Validate.agents.txt"
UNSCON_FILE = Path("unscon") / "conflict_annotations_sentences.csv"
DEDI_FILE = Path("plovigy") / "plovigy-DEDI-input-sample.jsonl"
GSR_TO_POLECAT = {
    "DEMAND": "REQUEST",
    "DISAPPROVE": "ACCUSE",
    "INVESTIGATE": "ACCUSE",
    "FIGHT": "ASSAULT",
}
SKIP_PIPES = ("vetowatch_statements",)


@dataclass(frozen=True)
class Accuracy:
    """``correct`` of ``total`` items."""

    correct: int
    total: int

    @property
    def rate(self) -> float:
        return self.correct / self.total if self.total else 0.0


def gsr_half(record_id: str) -> str:
    """``dev`` or ``heldout``: a fixed half of the GSR by a hash of the record id."""
    digest = int(hashlib.sha1(record_id.encode("utf-8")).hexdigest(), 16)
    return "dev" if digest % 2 == 0 else "heldout"


def _docs(nlp: Language, texts: Iterable[str]) -> Iterable[Doc]:
    enabled = [p for p in SKIP_PIPES if p in nlp.pipe_names]
    with nlp.select_pipes(disable=enabled):
        yield from nlp.pipe(texts, batch_size=64)


def _first_event(doc: Doc, coder: EventCoder) -> CodedEvent | None:
    for sentence in doc.sents:
        event = coder.code(sentence)
        if event is not None:
            return event
    return None


def read_gsr(path: Path) -> list[dict[str, object]]:
    """The coded GSR records (the DOCUMENT header and empty texts dropped)."""
    records = json.loads(path.read_text(encoding="utf-8"))
    return [r for r in records if r.get("event") not in (None, "DOCUMENT") and r.get("text")]


def gsr_gold(record: dict[str, object]) -> str:
    """The record's PLOVER category in POLECAT's names (DEMAND → REQUEST …)."""
    return GSR_TO_POLECAT.get(str(record["event"]), str(record["event"]))


def gsr_predictions(
    nlp: Language, coder: EventCoder, gsr_file: Path, halves: Iterable[str] = ("dev", "heldout")
) -> Iterator[tuple[dict[str, object], str, CodedEvent | None]]:
    """(record, gold category, coded event) for the records of ``halves`` only (error
    analysis reads ``dev`` alone, so the held-out half stays unseen)."""
    wanted = set(halves)
    records = [r for r in read_gsr(gsr_file) if gsr_half(str(r["id"])) in wanted]
    texts = [str(r["text"]) for r in records]
    for record, doc in zip(records, _docs(nlp, texts), strict=True):
        yield record, gsr_gold(record), _first_event(doc, coder)


def score_gsr(nlp: Language, coder: EventCoder, gsr_file: Path) -> dict[str, Accuracy]:
    """PLOVER category accuracy on each half of the GSR (``dev``, ``heldout``, ``all``)."""
    counts = {"dev": [0, 0], "heldout": [0, 0]}
    for record, gold, event in gsr_predictions(nlp, coder, gsr_file):
        half = counts[gsr_half(str(record["id"]))]
        half[0] += int(event is not None and event.plover == gold)
        half[1] += 1
    result = {k: Accuracy(v[0], v[1]) for k, v in counts.items()}
    result["all"] = Accuracy(sum(v[0] for v in counts.values()), sum(v[1] for v in counts.values()))
    return result


def gsr_confusions(
    nlp: Language, coder: EventCoder, gsr_file: Path, half: str = "dev"
) -> tuple[dict[str, Accuracy], Counter[tuple[str, str | None]]]:
    """Per gold category accuracy on one half, and the (gold, predicted) confusions of its
    errors (``None``: nothing coded)."""
    cells: dict[str, list[int]] = {}
    confusions: Counter[tuple[str, str | None]] = Counter()
    for _, gold, event in gsr_predictions(nlp, coder, gsr_file, (half,)):
        guess = event.plover if event is not None else None
        cell = cells.setdefault(gold, [0, 0])
        cell[0] += int(guess == gold)
        cell[1] += 1
        if guess != gold:
            confusions[(gold, guess)] += 1
    return {k: Accuracy(v[0], v[1]) for k, v in sorted(cells.items())}, confusions


# -- PETRARCH unit-test records ----------------------------------------------------------------


@dataclass(frozen=True)
class UnitRecord:
    id: str
    text: str
    events: tuple[tuple[str, str, str], ...]  # (source, target, CAMEO code)


def read_unit_records(path: Path) -> list[UnitRecord]:
    """Records with at least one expected event (``noevents``/``error`` records skipped)."""
    root = ET.fromstring(path.read_text(encoding="utf-8", errors="replace"))
    found = []
    for sentence in root.iter("Sentence"):
        events = tuple(
            (e.get("sourcecode", ""), e.get("targetcode", ""), e.get("eventcode", ""))
            for e in sentence.iter("EventCoding")
            if e.get("eventcode") and e.get("sourcecode")
        )
        text = " ".join((sentence.findtext("Text") or "").split())
        if events and text:
            found.append(UnitRecord(sentence.get("id", ""), text, events))
    return found


def load_unit_actors(events_dir: Path) -> ActorDictionary:
    """The unit-test suite's own actor and agent dictionaries."""
    names: dict[str, list[object]] = {}
    text = (events_dir / UNIT_ACTORS).read_text(encoding="utf-8", errors="replace")
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("<")]
    _read_actor_lines(lines, names)  # type: ignore[arg-type]
    agents_text = (events_dir / UNIT_AGENTS).read_text(encoding="utf-8", errors="replace")
    agents = _read_agents(agents_text.splitlines())
    frozen = {k: tuple(dict.fromkeys(v)) for k, v in names.items() if k}
    return ActorDictionary(frozen, agents)  # type: ignore[arg-type]


def _actor_in(tokens: list[Token], actors: ActorDictionary) -> str | None:
    """The longest dictionary name in ``tokens`` (up to 5 words), with an agent sector."""
    words = [t for t in tokens if not t.is_punct]
    for size in range(min(5, len(words)), 0, -1):
        for start in range(len(words) - size + 1):
            code = actors.code(" ".join(t.text for t in words[start : start + size]))
            if code:
                sector = next((s for t in words if (s := actors.agent(t.lemma_)) is not None), None)
                return code + sector if sector and len(code) == 3 else code
    return None


def _sides(verb: Token) -> tuple[list[Token], list[Token]]:
    subject = [t for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") for t in c.subtree]
    head = verb
    while not subject and head.dep_ in ("xcomp", "conj", "ccomp") and head.head.i != head.i:
        head = head.head
        subject = [t for c in head.children if c.dep_ == "nsubj" for t in c.subtree]
    objects = [
        t
        for c in verb.children
        if c.dep_ in ("dobj", "prep", "dative", "agent", "attr", "xcomp")
        for t in c.subtree
    ]
    return subject, objects


def score_unit_records(nlp: Language, coder: EventCoder, events_dir: Path) -> dict[str, Accuracy]:
    """Root-code, full-code and full-triple accuracy on the first expected event of each
    record (``code``: the coded CAMEO code is exactly one the record expects, three or four
    digits as the suite writes them)."""
    records = read_unit_records(events_dir / UNIT_FILE)
    actors = load_unit_actors(events_dir)
    root = code = triple = 0
    for record, doc in zip(records, _docs(nlp, [r.text for r in records]), strict=True):
        event = _first_event(doc, coder)
        if event is None:
            continue
        codes = {e[2][:2] for e in record.events}
        root += int(event.root in codes)
        code += int(event.code in {e[2] for e in record.events})
        subject, objects = _sides(event.verb)
        guess = (_actor_in(subject, actors), _actor_in(objects, actors), event.root)
        triple += int(any(guess == (s, t, c[:2]) for s, t, c in record.events))
    total = len(records)
    return {"root": Accuracy(root, total), "code": Accuracy(code, total),
            "triple": Accuracy(triple, total)}


# -- PITF DEDI sample (full CAMEO codes on real sentences) -------------------------------------


def read_dedi(path: Path) -> list[tuple[str, str]]:
    """(sentence, CAMEO code) of each record of the DEDI sample (concatenated JSON objects)."""
    text = path.read_text(encoding="utf-8")
    decoder = json.JSONDecoder()
    found: list[tuple[str, str]] = []
    at = 0
    while True:
        while at < len(text) and text[at].isspace():
            at += 1
        if at >= len(text):
            return found
        record, at = decoder.raw_decode(text, at)
        if record.get("text") and str(record.get("event") or "").isdigit():
            found.append((str(record["text"]), str(record["event"])))


def score_dedi(nlp: Language, coder: EventCoder, events_dir: Path) -> dict[str, Accuracy]:
    """Root and full-code accuracy of the first coded event of each DEDI sentence (codes
    given by Parus Analytics coders; 30 real 2022 sentences). Never tuned on."""
    records = read_dedi(events_dir / DEDI_FILE)
    root = code = 0
    for (_, gold), doc in zip(records, _docs(nlp, [r[0] for r in records]), strict=True):
        event = _first_event(doc, coder)
        root += int(event is not None and event.root == gold[:2])
        code += int(event is not None and event.code == gold)
    return {"root": Accuracy(root, len(records)), "code": Accuracy(code, len(records))}


# -- UNSCon ------------------------------------------------------------------------------------


def _country_code(name: str, lexicon: Lexicon) -> str | None:
    text = name.replace("_", " ").strip()
    for candidate in (text, text.title(), text.title().replace(" Of ", " of ")):
        place = lexicon.places.get(candidate)
        if place is not None and place.kind in ("country", "demonym", "seat"):
            return place.code
    return None


def _first_country(sentence: Span, lexicon: Lexicon, speaker: str | None) -> str | None:
    for ent in sentence.ents:
        text = re.sub(r"^the\s+", "", ent.text, flags=re.IGNORECASE)
        place = lexicon.places.get(text) or lexicon.places.get(ent.text)
        if place is None or place.kind not in ("country", "demonym", "seat"):
            continue
        if place.code != speaker:
            return place.code
    return None


def score_unscon(nlp: Language, lexicon: Lexicon, events_dir: Path) -> dict[str, Accuracy]:
    """Target-country accuracy on negative evaluations of a country, by meeting year."""
    with (events_dir / UNSCON_FILE).open(encoding="utf-8") as handle:
        rows = [
            r
            for r in csv.DictReader(handle)
            if r["A0"].endswith("NegEval") and r["A2"] == "Country"
        ]
    counts: dict[str, list[int]] = {}
    texts = [r["sentence_text"] for r in rows]
    for row, doc in zip(rows, _docs(nlp, texts), strict=True):
        gold = _country_code(row["A4"], lexicon)
        speaker = _country_code(row["country"], lexicon)
        guess = _first_country(doc[:], lexicon, speaker)
        year = "2014" if "_2014_" in row["basename"] + "_" else "2016"
        for key in (year, "all"):
            cell = counts.setdefault(key, [0, 0])
            cell[0] += int(gold is not None and guess == gold)
            cell[1] += 1
    return {k: Accuracy(v[0], v[1]) for k, v in sorted(counts.items())}
