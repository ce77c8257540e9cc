"""Reversing predicates: "lift [sanctions]", "the easing of [pressure]", "put an end to [X]".

A question's cue that is the object of such a predicate reads with the opposite sign, and a
negation of the predicate restores it ("we will not lift sanctions" → for sanctions). The
words come from ``positions/data/predicates.tsv`` (class ``reverse``), with the prepositions
through which each takes its object. Cues containing a ``verdict`` word ("foreign
interference", "staged") are the speaker's own verdict and are never reversed.

With a parse, a predicate reverses the child on the path from the match to the statement's
cue when that child is its object (direct object, passive subject, verbal complement, noun
compound, or a linking preposition). Without one, it reverses what follows it within a few
words when only determiners, modifiers and its own linking prepositions stand between, and
a passive ("sanctions must be lifted") is read from the words after the match.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

from vetowatch.positions.views import NEGATIONS, SentenceView, Tok, crude_lemma

_OBJECTS = frozenset({"dobj", "obj", "nsubjpass", "xcomp", "compound", "attr", "oprd"})
_PREPOSITIONS = frozenset({
    "about", "across", "after", "against", "among", "as", "at", "before", "between", "by",
    "during", "for", "from", "in", "into", "of", "on", "over", "since", "through", "to",
    "toward", "towards", "under", "until", "with", "within", "without"})
_BLOCKERS = frozenset({",", ";", ":", ".", "(", ")", "and", "or", "but", "nor", "that",
                       "which", "who", "while", "whereas", "although", "because", "if", "so",
                       "than", "then", "when", "where", "not", "no", "never"})
_BE = frozenset({"be", "is", "are", "was", "were", "been", "being"})
_GAP = 4
_PASSIVE_WINDOW = 8


@dataclass(frozen=True)
class Lexicon:
    """Reversing predicates (one word → its linking prepositions; phrases) and verdict words."""

    words: dict[str, frozenset[str]]
    phrases: tuple[tuple[str, ...], ...]
    verdicts: tuple[str, ...]


def _stem(word: str) -> str:
    """A comparable stem: "lifted"/"lifting" → "lift", "eased" → "eas", "dropped" → "drop"."""
    stem = crude_lemma(word)
    if len(stem) > 3 and stem[-1] == stem[-2] and stem[-1] not in "aeiou":
        stem = stem[:-1]
    return stem[:-1] if stem.endswith("e") and len(stem) > 3 else stem


@cache
def lexicon() -> Lexicon:
    """Read ``data/predicates.tsv`` once."""
    text = resources.files("vetowatch.positions").joinpath("data/predicates.tsv").read_text(
        encoding="utf-8")
    words: dict[str, frozenset[str]] = {}
    phrases: list[tuple[str, ...]] = []
    verdicts: list[str] = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        phrase, kind, links = [*line.split("\t"), "", ""][:3]
        phrase = phrase.strip().lower()
        if kind.strip() == "verdict":
            verdicts.append(phrase)
        elif " " in phrase:
            phrases.append(tuple(phrase.split()))
        else:
            words[phrase] = frozenset(p.strip() for p in links.split(",") if p.strip())
    return Lexicon(words, tuple(phrases), tuple(verdicts))


@cache
def _stems() -> dict[str, frozenset[str]]:
    stems: dict[str, frozenset[str]] = {}
    for word, links in lexicon().words.items():
        stems[_stem(word)] = stems.get(_stem(word), frozenset()) | links
    return stems


def is_verdict(cue: str) -> bool:
    """Whether a cue phrase holds a verdict word (never reversed)."""
    padded = f" {cue.lower()} "
    return any(f" {v} " in padded for v in lexicon().verdicts)


def _links(tok: Tok) -> frozenset[str] | None:
    """The linking prepositions of a one-word reversing predicate, ``None`` if it is not one."""
    words = lexicon().words
    found = [words[f] for f in (tok.lemma, tok.lower) if f in words]
    if tok.lower.isalpha() and _stem(tok.lower) in _stems():
        found.append(_stems()[_stem(tok.lower)])
    return frozenset().union(*found) if found else None


@dataclass(frozen=True)
class Reversers:
    """The reversing predicates of one sentence: one-word ones and phrase spans."""

    words: dict[int, frozenset[str]]  # token index → linking prepositions
    phrases: tuple[tuple[int, int], ...]  # (first, last) token indices

    def factor(self, view: SentenceView, child: Tok, head: int) -> int | None:
        """-1 when ``head`` reverses ``child`` (its object) on a parse path, +1 when the
        predicate is negated ("not lift"), ``None`` when it does not reverse it."""
        tok = view.tokens[head]
        for first, last in self.phrases:
            if not first <= head <= last:
                continue
            if first <= child.i <= last:
                return 1  # inside the phrase: its negation counts once, where it reverses
            if (head == last and child.dep == "pobj") or child.dep in _OBJECTS:
                negated = any(view.tokens[k].neg for k in range(first, last + 1))
                return 1 if negated else -1
        links = self.words.get(head)
        if links is None:
            return None
        if child.dep in _OBJECTS or (child.dep == "prep" and child.lower in links):
            return 1 if tok.neg else -1
        return None


def reversers(view: SentenceView) -> Reversers:
    """Find the reversing predicates of a sentence (phrases first; their words are not reread)."""
    toks = view.tokens
    spans: list[tuple[int, int]] = []
    for phrase in lexicon().phrases:
        n = len(phrase)
        for k in range(len(toks) - n + 1):
            if all(_same(w, toks[k + j]) for j, w in enumerate(phrase)):
                spans.append((k, k + n - 1))
    inside = {i for a, b in spans for i in range(a, b + 1)}
    words: dict[int, frozenset[str]] = {}
    for tok in toks:
        links = None if tok.i in inside else _links(tok)
        if links is not None:
            words[tok.i] = links
    return Reversers(words, tuple(spans))


def _same(word: str, tok: Tok) -> bool:
    return word in (tok.lower, tok.lemma) or (len(word) > 3 and _stem(word) == _stem(tok.lower))


def _gap_ok(between: Sequence[Tok], links: frozenset[str]) -> bool:
    if len(between) > _GAP:
        return False
    for tok in between:
        if tok.lower in _BLOCKERS or (tok.lower in _PREPOSITIONS and tok.lower not in links):
            return False
    return True


def linear_span(rev: Reversers, view: SentenceView, i: int,
                nxt: int) -> tuple[int, int] | None:
    """The reversing predicate that starts at token ``i`` and governs token ``nxt`` (the next
    stance word or the match) when read left to right: (first, last) or ``None``."""
    toks = view.tokens
    for first, last in rev.phrases:
        if first == i and last < nxt and _gap_ok(toks[last + 1:nxt], frozenset()):
            return first, last
    links = rev.words.get(i)
    if links is not None and i < nxt and _gap_ok(toks[i + 1:nxt], links):
        return i, i
    return None


def passive(rev: Reversers, view: SentenceView, last: int) -> tuple[int, int | None]:
    """Linear reading of a passive after the match ("… must not be eased"): the factor
    (-1, +1 when negated, 1 when there is none) and the predicate's index."""
    toks = view.tokens
    window = toks[last + 1:last + 1 + _PASSIVE_WINDOW]
    for n, tok in enumerate(window):
        if tok.lower in _BLOCKERS - NEGATIONS:
            break
        if tok.i in rev.words and any(w.lower in _BE for w in window[max(0, n - 3):n]):
            negated = any(w.lower in NEGATIONS for w in window[:n])
            return (1 if negated else -1), tok.i
    return 1, None
