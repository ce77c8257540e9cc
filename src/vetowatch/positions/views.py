"""Token views of an article's sentences, from a spaCy parse or, without one, from the text.

The stance rules read sentences through :class:`SentenceView`: tokens with article character
offsets, lemmas, and — when a parse is available — dependency heads and negation. Without a
parse (no model loaded) heads are ``None`` and the rules fall back to linear patterns.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

NEGATIONS = frozenset({"not", "n't", "never", "no", "nor", "cannot"})
_TOKEN = re.compile(r"\w+(?:[-'’]\w+)*|[^\w\s]")
_SENTENCE_END = re.compile(r"(?<=[.!?…”\"])\s+(?=[“\"A-Z0-9])|\n\s*\n|\n")
_SUFFIXES = ("ations", "ation", "ings", "ing", "ied", "ies", "ed", "es", "s")


def crude_lemma(word: str) -> str:
    """A rough lemma for texts without a parse ("calls" → "call", "criticized" → "criticiz")."""
    w = word.lower().removesuffix("’s").removesuffix("'s")
    for suffix in _SUFFIXES:
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            w = w[: -len(suffix)]
            break
    return w[:-1] if len(w) > 4 and w.endswith("e") else w


@dataclass(frozen=True)
class Tok:
    """One token: article offsets, lower-case text, lemma, head index (``None``: no parse)."""

    i: int
    text: str
    lower: str
    lemma: str
    start: int
    end: int
    head: int | None
    dep: str
    neg: bool  # a negation attached to it (parse) or just before it (text)


@dataclass(frozen=True)
class SentenceView:
    """The tokens of one sentence (indices are positions in ``tokens``)."""

    tokens: tuple[Tok, ...]
    start: int
    end: int
    parsed: bool

    def index_at(self, offset: int) -> int | None:
        """The token that covers or follows an article offset, if inside the sentence."""
        for tok in self.tokens:
            if tok.end > offset:
                return tok.i if tok.start < self.end else None
        return None

    def within(self, start: int, end: int) -> list[Tok]:
        return [t for t in self.tokens if t.start >= start and t.end <= end]

    def words(self) -> set[str]:
        return {t.lower for t in self.tokens} | {t.lemma for t in self.tokens}


def view_from_span(span: Any) -> SentenceView:
    """A view of a spaCy sentence ``Span`` (heads outside the sentence become roots)."""
    first = span.start
    toks: list[Tok] = []
    for tok in span:
        head = tok.head.i - first if span.start <= tok.head.i < span.end else tok.i - first
        neg = any(c.dep_ == "neg" or c.lower_ in NEGATIONS for c in tok.children)
        toks.append(Tok(tok.i - first, tok.text, tok.lower_, tok.lemma_.lower(), tok.idx,
                        tok.idx + len(tok.text), head, tok.dep_, neg))
    return SentenceView(tuple(toks), span.start_char, span.end_char, True)


def view_from_text(text: str, base: int) -> SentenceView:
    """A view of raw text starting at article offset ``base`` (no heads)."""
    toks: list[Tok] = []
    for n, m in enumerate(_TOKEN.finditer(text)):
        word = m.group()
        lower = word.lower().replace("’", "'")
        if lower.endswith("n't") and len(lower) > 3:
            lower = lower[:-3]
        before = [t.lower for t in toks[-2:]]
        neg = any(b in NEGATIONS for b in before) or word.lower().endswith(("n't", "n’t"))
        toks.append(Tok(n, word, lower, crude_lemma(lower), base + m.start(), base + m.end(),
                        None, "", neg))
    return SentenceView(tuple(toks), base, base + len(text), False)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Rough sentence bounds (start, end) in ``text`` for texts without a parse."""
    bounds: list[tuple[int, int]] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        if text[start:m.start()].strip():
            bounds.append((start, m.start()))
        start = m.end()
    if text[start:].strip():
        bounds.append((start, len(text)))
    return bounds


@dataclass(frozen=True)
class ArticleViews:
    """Sentence views of one article: from a parsed ``Doc`` or split from the text."""

    text: str
    sentences: tuple[SentenceView, ...]

    @classmethod
    def from_doc(cls, doc: Any) -> ArticleViews:
        return cls(doc.text, tuple(view_from_span(s) for s in doc.sents))

    @classmethod
    def from_text(cls, text: str) -> ArticleViews:
        return cls(text, tuple(view_from_text(text[a:b], a) for a, b in split_sentences(text)))

    def at(self, start: int, end: int) -> tuple[SentenceView, Sequence[SentenceView]]:
        """The view that holds ``[start, end)`` and the (up to two) sentences before it.

        When the stored sentence does not line up with one view (another splitter made it),
        a text view of exactly ``[start, end)`` is returned.
        """
        for n, view in enumerate(self.sentences):
            if view.start <= start < view.end and end <= view.end + 1:
                previous = [self.sentences[k] for k in (n - 1, n - 2) if k >= 0]
                return view, previous
        own = view_from_text(self.text[start:end], start)
        previous = [v for v in self.sentences if v.end <= start][-2:][::-1]
        return own, previous
