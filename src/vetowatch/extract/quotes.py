"""Quotations that go on after their cue: ``"…," he said. "Therefore, we will do it."``

STATEMENTS.md: a quotation with no cue of its own is still a record (``cue`` empty), the
words of the speaker of the quotation just before it. A sentence that is one quotation
(it opens and closes with quote marks, or continues one left open) and has no statement of
its own is given to the speaker of the directly quoted statement that ends right before
it, with that statement's date and via chain.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import replace

from spacy.tokens import Doc, Span

from vetowatch.extract.spans import doc_text
from vetowatch.extract.statement import Event, Statement

OPENING = "“\"«"
CLOSING = "”\"»"
GAP = 3  # characters of blank between the earlier quotation and this one, at most


def quoted_sentence(sentence: Span) -> tuple[int, int] | None:
    """Character offsets of the words inside a sentence that is one whole quotation."""
    text = sentence.text.strip()
    if len(text) < 12 or text[0] not in OPENING:
        return None
    inner = text[1:].rstrip()
    close = max(inner.rfind(c) for c in CLOSING)
    if close < len(inner) - 3 or any(c in inner[:close] for c in OPENING + CLOSING):
        return None
    start = sentence.start_char + sentence.text.index(text[0]) + 1
    return start, start + close


def by_sentence(sentences: Sequence[Span], found: Sequence[Statement]) -> list[list[Statement]]:
    """The statements of ``found`` that start in each sentence (``found``'s order kept);
    a statement starting outside every sentence is in none. One pass with a binary search,
    not a scan of every statement per sentence."""
    starts = [sentence.start_char for sentence in sentences]
    groups: list[list[Statement]] = [[] for _ in sentences]
    for statement in found:
        i = bisect_right(starts, statement.start) - 1
        if i >= 0 and statement.start < sentences[i].end_char:
            groups[i].append(statement)
    return groups


def continuations(doc: Doc, found: list[Statement]) -> list[Statement]:
    """``found`` plus a record for each quoted sentence that continues a direct statement."""
    out: list[Statement] = []
    last: Statement | None = None
    sentences = list(doc.sents)
    text = doc_text(doc)
    for sentence, mine in zip(sentences, by_sentence(sentences, found), strict=True):
        out.extend(mine)
        if mine:
            last = mine[-1] if mine[-1].kind == "direct" else None
            continue
        span = quoted_sentence(sentence)
        if span is None or last is None or last.content_end is None:
            last = None
            continue
        between = text[last.content_end:span[0]]
        if len(between.strip(" ,.;" + OPENING + CLOSING + "\n")) > 40 or "\n\n" in between:
            last = None  # another speaker's words or narration came in between
            continue
        record = replace(
            last,
            sentence=sentence.text.strip(),
            start=sentence.start_char + len(sentence.text) - len(sentence.text.lstrip()),
            end=sentence.end_char - (len(sentence.text) - len(sentence.text.rstrip())),
            cue="",
            content=text[span[0]:span[1]],
            target=None,
            polarity=0,
            negated=False,
            event=Event.from_root("01"),
            content_start=span[0],
            content_end=span[1],
        )
        out.append(record)
        last = record
    return out
