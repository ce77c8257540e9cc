"""The fast attribute ruler gives exactly the annotations of spaCy's, token by token."""

from __future__ import annotations

from functools import cache
from typing import Any

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS, TAG
from spacy.language import Language
from spacy.tokens import Doc

from vetowatch.extract.pipeline import MODEL
from vetowatch.extract.tag_attributes import FastAttributeRuler, replace_attribute_ruler

# invented sentences that reach the model's exceptions: contractions, "gonna", "y'all",
# "ain't", "nothin'", "let's", "c'mon", "there is", pronouns as objects, auxiliaries
TEXTS = [
    "The minister said on Monday that Moscow would not support new sanctions.",
    "\"We ain't gonna accept that,\" he told reporters, adding that y'all knew it.",
    "Let's be clear: there is nothin' in the draft that China hasn't seen, she said.",
    "C'mon, they'd have done it if it weren't for you and me; I'm sure it's over.",
    "Did the ambassador have a say? He does, and he has had one since 2011 .",
    "Whether or not the Council votes, it will act; whereas others wo n't , we will.",
    "  Officials  said\n\nthat   talks would resume next week , according to a statement.",
    "Give it to me. They asked him to send it to us, but he gave it to them.",
    "",
]


@cache
def _pipelines() -> tuple[Language, Language]:
    plain = spacy.load(MODEL)
    fast = spacy.load(MODEL)
    assert replace_attribute_ruler(fast)
    return plain, fast


ATTRS = [TAG, POS, MORPH, LEMMA, DEP, HEAD]


def _same(a: Doc, b: Doc) -> bool:
    return bool((a.to_array(ATTRS) == b.to_array(ATTRS)).all()) and [
        str(t.morph) for t in a] == [str(t.morph) for t in b]


def test_the_fast_ruler_takes_the_rulers_place() -> None:
    plain, fast = _pipelines()
    i = plain.pipe_names.index("attribute_ruler")
    assert fast.pipe_names[i] == "vetowatch_attribute_ruler"
    assert "attribute_ruler" not in fast.pipe_names
    assert len(fast.pipe_names) == len(plain.pipe_names)


@pytest.mark.parametrize("text", TEXTS)
def test_same_annotations_as_spacys_ruler(text: str) -> None:
    plain, fast = _pipelines()
    a, b = plain(text), fast(text)
    assert _same(a, b), [(t.text, t.pos_, u.pos_, str(t.morph), str(u.morph), t.lemma_,
                          u.lemma_) for t, u in zip(a, b, strict=True) if
                         (t.pos, str(t.morph), t.lemma) != (u.pos, str(u.morph), u.lemma)]


def test_the_exceptions_do_fire() -> None:
    # the texts above reach patterns of each kind: a test on text no exception matches
    # would pass with the tag map alone
    _, fast = _pipelines()
    doc = fast("\"We ain't gonna accept that,\" he told reporters; y'all knew it.")
    lemmas = {t.text.lower(): t.lemma_ for t in doc}
    assert lemmas["gon"] == "go" and lemmas["na"] == "to"  # two-token pattern, index 1
    assert lemmas["n't"] == "not" and lemmas["ai"] == "be"  # set predicate; regex pair


_WORDS = st.sampled_from(["the", "it", "is", "n't", "not", "me", "you", "gon", "na", "'s",
                          "let", "there", "was", "have", "do", "that", "because", "all",
                          "y'", "ai", "said", "China", ",", ".", "\"", "nothin'", "got",
                          "ta", "c'm", "on", "whether", "will", " ", "\n"])


@settings(max_examples=60, deadline=None)
@given(st.lists(_WORDS, min_size=1, max_size=30))
def test_same_annotations_on_any_word_sequence(words: list[str]) -> None:
    plain, fast = _pipelines()
    text = " ".join(words)
    assert _same(plain(text), fast(text))


def _ruler_pair(patterns: list[dict[str, Any]]) -> tuple[Language, Language]:
    plain, fast = spacy.blank("en"), spacy.blank("en")
    plain.add_pipe("attribute_ruler").add_patterns(patterns)  # type: ignore[attr-defined]
    ruler: Any = fast.add_pipe("vetowatch_attribute_ruler")
    ruler.configure(patterns)
    assert isinstance(ruler, FastAttributeRuler)
    return plain, fast


def test_pattern_kinds_and_order_on_a_blank_pipeline() -> None:
    # later patterns override earlier ones; operators and predicates the arrays do not
    # take go to spaCy's matcher, in their place in the order
    patterns: list[dict[str, Any]] = [
        {"patterns": [[{"TAG": "NN"}]], "attrs": {"POS": "NOUN", "MORPH": "Number=Sing"}},
        {"patterns": [[{"TAG": "NN"}]], "attrs": {"MORPH": "Number=Plur"}},
        {"patterns": [[{"LOWER": {"IN": ["a", "b"]}, "TAG": "NN"}]], "attrs": {"POS": "X"}},
        {"patterns": [[{"LOWER": "c"}, {"LOWER": {"NOT_IN": ["x"]}}]],
         "attrs": {"LEMMA": "see"}, "index": 1},
        {"patterns": [[{"LOWER": {"REGEX": "^d+$"}}]], "attrs": {"POS": "PROPN"}},
        {"patterns": [[{"LOWER": "e", "OP": "+"}]], "attrs": {"POS": "VERB"}},
        {"patterns": [[{"LENGTH": {">=": 4}}]], "attrs": {"MORPH": "Foo=Bar"}},
        {"patterns": [[{"TAG": "NN", "LOWER": "b"}]], "attrs": {"POS": "ADJ"}},
    ]
    plain, fast = _ruler_pair(patterns)
    words = ["a", "b", "c", "dd", "c", "x", "e", "e", "longer", "b"]
    a, b = (nlp(Doc(nlp.vocab, words=words, tags=["NN"] * len(words))) for nlp in (plain, fast))
    assert _same(a, b)
    assert [t.pos_ for t in b][:3] == ["X", "ADJ", "NOUN"]
    assert b[4].lemma_ == "" and b[3].lemma_ == "see" and b[5].lemma_ == ""
