"""Tone: a neutral cue ("said", "told") over content that blames someone.

"The regime bears primary responsibility for the attack", "the Americans are not being
honest", "a massacre": what is said is against an actor even when the cue is a plain
"said". When a statement's cue and predicate give no side, its content names a wrong or a
condemnation, and an actor other than the speaker can be found who is blamed (the subject
of the clause holding the word, or the author of the act), the statement is against that
actor (polarity -1; a bare statement 01 becomes an accusation 11).
"""

from __future__ import annotations

from spacy.tokens import Span, Token

# words of blame; lemmas (lower case)
BLAME = frozenset(
    {"responsibility", "responsible", "blame", "crime", "massacre", "atrocity", "terror",
     "terrorism", "terrorist", "aggression", "invasion", "occupation", "violation", "violate",
     "unacceptable", "reprehensible", "reckless", "recklessly", "irresponsible", "dangerous",
     "illegal", "illegitimate", "unfair", "lie", "dishonest", "honest", "undermine",
     "barbarism", "barbaric", "brutal", "brutality", "provocation", "provocative", "harm",
     "destabilize", "destabilise", "threat", "threaten", "fail", "failure", "deny",
     "abuse", "coercion", "coercive", "intimidation", "genocide", "war crime", "sham",
     "fabricate", "fabricated", "staged", "disinformation", "propaganda", "cost", "sanction",
     "punish", "accountable", "accountability", "condemn", "condemnation", "deplore"}
)
ACCUSATION = frozenset(
    {"responsibility", "responsible", "blame", "crime", "massacre", "atrocity", "aggression",
     "violation", "violate", "lie", "dishonest", "honest", "undermine", "abuse", "genocide",
     "fabricate", "fabricated", "staged", "accountable", "accountability"}
)


def blame_word(content: Span) -> Token | None:
    """The first word of blame in the content, if any."""
    for token in content:
        if token.lemma_.lower() in BLAME or token.lower_ in BLAME:
            return token
    return None


def blamed(word: Token, content: Span) -> list[Token]:
    """Who the word blames, nearest first: the subject of its clause ("the regime bears
    responsibility"), the author of the act it names ("by X", "X's"), the object of the
    verb it qualifies."""
    found: list[Token] = []
    node: Token | None = word
    while node is not None and content.start <= node.i < content.end:
        for child in node.children:
            if child.dep_ in ("nsubj", "nsubjpass", "poss", "agent"):
                found.append(child)
            if child.lower_ == "by" and child.dep_ in ("prep", "agent"):
                found.extend(g for g in child.children if g.dep_ == "pobj")
        if node.pos_ in ("VERB", "AUX") and found:
            break
        node = node.head if node.head.i != node.i else None  # spaCy: a new Token per access
    for child in word.children:
        if child.dep_ in ("dobj", "pobj"):
            found.append(child)
    return found


def accusing(word: Token) -> bool:
    """A word that makes the statement an accusation (11) rather than a warning."""
    return word.lemma_.lower() in ACCUSATION or word.lower_ in ACCUSATION
