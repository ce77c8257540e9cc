"""Stance rules: reversing predicates ("lift sanctions"), with and without negation.

Sentences written for these tests. Each is read twice: over the spaCy parse, and with the
left-to-right fallback used when no parse is given (``ArticleViews.from_text``).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from vetowatch.extract.extractor import Extractor
from vetowatch.positions import builtin_questions
from vetowatch.positions.questions import Question
from vetowatch.positions.reversal import is_verdict, lexicon, reversers
from vetowatch.positions.rules import decide
from vetowatch.positions.views import ArticleViews, view_from_text

QUESTIONS: dict[str, Question] = {q.id: q for q in builtin_questions()}
DAY = date(2011, 8, 19)

# (question, sentence, stance): one row per predicate class, negated and not.
CASES: list[tuple[str, str, str]] = [
    # verbs: lift, ease, remove, withdraw, terminate, relax, end, do away with, stop
    ("unsc-measures-syria", "The Russian envoy said the Council should lift the sanctions on "
     "Syria.", "against"),
    ("unsc-measures-syria", "The British envoy said the Council must not lift the sanctions on "
     "Syria.", "for"),
    ("unsc-measures-syria", "The Chinese ambassador urged the Council to ease the pressure on "
     "Damascus.", "against"),
    ("unsc-measures-syria", "The Russian envoy said Washington should withdraw its sanctions "
     "against Syria.", "against"),
    ("unsc-measures-syria", "The Russian envoy said the Council should do away with the "
     "sanctions on Syria.", "against"),
    ("libya-measures", "The French minister said the Council should not remove the no-fly zone "
     "over Libya.", "for"),
    ("dprk-sanctions", "The Russian envoy said the Council should terminate the sanctions "
     "against North Korea.", "against"),
    ("dprk-sanctions", "The American envoy said the Council would not terminate the sanctions "
     "on North Korea.", "for"),
    ("dprk-sanctions", "The Japanese minister said the Council must not relax the sanctions on "
     "North Korea.", "for"),
    ("dprk-sanctions", "The Chinese minister said the Council should put an end to sanctions on "
     "North Korea.", "against"),
    ("dprk-sanctions", "The Japanese minister said the Council would not put an end to "
     "sanctions on North Korea.", "for"),
    ("dprk-sanctions", "The Chinese envoy said the Council should roll back the sanctions on "
     "North Korea.", "against"),
    ("dprk-sanctions", "The Japanese envoy said the Council must not phase out the sanctions on "
     "North Korea.", "for"),
    # nouns: lifting, easing, removal, suspension, termination, end
    ("unsc-measures-syria", "China's foreign minister called for the lifting of the arms "
     "embargo on Syria.", "against"),
    ("unsc-measures-syria", "France does not call for the lifting of sanctions on Damascus, its "
     "foreign minister said.", "for"),
    ("libya-measures", "The Russian minister said it was time to move on, including the "
     "lifting of the no-fly zone over Libya.", "against"),
    ("libya-measures", "The Chinese envoy called for the suspension of the arms embargo on "
     "Libya.", "against"),
    ("libya-measures", "The British minister said there would be no end to the no-fly zone "
     "over Libya.", "for"),
    ("dprk-sanctions", "The Russian envoy called for the termination of the sanctions on North "
     "Korea.", "against"),
    ("dprk-sanctions", "The Chinese envoy called for the removal of sanctions on North Korea.",
     "against"),
    ("dprk-sanctions", "The Japanese minister said there could be no easing of sanctions on "
     "North Korea.", "for"),
    # passives: "… should be lifted", "… must not be eased"
    ("unsc-measures-syria", "The Russian minister said the sanctions on Syria should be lifted "
     "without delay.", "against"),
    ("unsc-measures-syria", "The British minister said the sanctions on Syria must not be "
     "eased.", "for"),
    ("libya-measures", "The Russian minister said the no-fly zone over Libya must be ended at "
     "once.", "against"),
    ("libya-measures", "The French minister said the no-fly zone over Libya would not be "
     "suspended.", "for"),
    ("dprk-sanctions", "The South Korean minister said the pressure on North Korea should not "
     "be relaxed.", "for"),
    # rejecting predicates (these already worked) and judging ones
    ("unsc-measures-syria", "The Chinese foreign ministry said it opposes sanctions against "
     "Syria.", "against"),
    ("unsc-measures-syria", "The German minister said Berlin does not oppose sanctions against "
     "Syria.", "for"),
    ("libya-measures", "The Russian foreign ministry rejected any foreign military intervention "
     "in Libya.", "against"),
    ("unsc-measures-syria", "The Russian minister said that calls to impose sanctions on Syria "
     "are counterproductive.", "against"),
    ("unsc-measures-syria", "The French minister said lifting the sanctions on Syria would be a "
     "mistake.", "for"),
    # a reversed call: abandon, drop, withdraw (a demand), with and without negation
    ("assad-step-down", "The Turkish minister said Ankara had dropped its demand for Assad to "
     "resign.", "against"),
    ("assad-step-down", "The British minister said Britain would not drop its call for Assad "
     "to resign.", "for"),
    ("assad-step-down", "The Jordanian minister said Amman had abandoned calls for the "
     "resignation of Assad.", "against"),
    ("assad-step-down", "The Saudi minister said Riyadh would never abandon its call for Assad "
     "to step down.", "for"),
    ("assad-step-down", "The Egyptian minister said Cairo had withdrawn its demand for the "
     "ouster of Assad.", "against"),
    ("assad-step-down", "The Russian minister said Moscow rejects calls for Assad to step "
     "down.", "against"),
    # an against cue under a reversing predicate reads as for
    ("assad-step-down", "The French minister said it was time to end Assad's stay in power.",
     "for"),
    ("unsc-measures-syria", "The French envoy said the Council should stop giving Damascus more "
     "time.", "for"),
    # a cue that holds its own negation is not negated by it
    ("assad-step-down", "The French minister said Assad has no future in Syria.", "for"),
    ("syria-chemical-accountability", "The Russian envoy said there was no evidence of a "
     "chemical attack in Douma.", "against"),
    # verdict cues keep their sign under any predicate
    ("unsc-measures-syria", "The Russian foreign ministry rejected foreign interference in "
     "Syria's internal affairs.", "against"),
    ("dprk-sanctions", "The Chinese foreign ministry opposed unilateral sanctions against North "
     "Korea.", "against"),
    ("dprk-sanctions", "The Chinese foreign ministry called for the lifting of unilateral "
     "sanctions against North Korea.", "against"),
]


@pytest.fixture(scope="module")
def extractor(events_dir: Path) -> Extractor:
    return Extractor.load(events_dir=events_dir)


def _stances(extractor: Extractor, question: Question, text: str, *, parsed: bool) -> set[str]:
    doc = extractor.parse(text, published=DAY)
    views = ArticleViews.from_doc(doc) if parsed else ArticleViews.from_text(doc.text)
    found: set[str] = set()
    for st in doc.user_data["vetowatch.statements"]:
        view, previous = views.at(st.start, st.end)
        decision = decide(question, st, view, previous)
        if decision is not None:
            found.add(decision.stance)
            assert decision.method.startswith("rules:parse" if parsed else "rules:linear")
    return found


@pytest.mark.parametrize("parsed", [True, False], ids=["parse", "linear"])
@pytest.mark.parametrize(("question", "text", "stance"), CASES,
                         ids=[f"{q}:{t[:48]}" for q, t, _ in CASES])
def test_reversing_predicates(extractor: Extractor, question: str, text: str, stance: str,
                              parsed: bool) -> None:
    assert _stances(extractor, QUESTIONS[question], text, parsed=parsed) == {stance}


def test_lexicon_classes() -> None:
    lex = lexicon()
    assert {"lift", "lifting", "end", "ease", "removal", "suspension"} <= set(lex.words)
    assert "of" in lex.words["lifting"] and ("put", "an", "end", "to") in lex.phrases
    assert is_verdict("foreign interference") and not is_verdict("sanctions")


def test_reversers_found_without_a_parse() -> None:
    view = view_from_text("They want sanctions eased, lifted or dropped, then put an end to "
                          "it; easy and endless talk.", 0)
    rev = reversers(view)
    words = {view.tokens[i].lower for i in rev.words}
    assert words == {"eased", "lifted", "dropped"}
    assert [(view.tokens[a].lower, view.tokens[b].lower) for a, b in rev.phrases] == [
        ("put", "to")]
