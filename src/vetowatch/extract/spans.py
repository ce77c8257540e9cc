"""Spans of a parsed sentence: noun phrases, clauses, the entities inside a span, and
whether a span names a news outlet (an intermediary rather than a speaker)."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from vetowatch.extract.lexicon import Lexicon

NP_KEEP = frozenset(
    {
        "det",
        "amod",
        "compound",
        "poss",
        "nmod",
        "nummod",
        "case",
        "quantmod",
        "punct",
        "cc",
        "conj",
        "prep",
        "pobj",
        "npadvmod",
        "advmod",
        "appos",
        "flat",
    }
)
NP_PREPS = frozenset({"of", "from", "in", "at", "for"})
MEDIA_HEADS = frozenset(
    {
        "agency",
        "media",
        "television",
        "tv",
        "newspaper",
        "daily",
        "radio",
        "broadcaster",
        "outlet",
        "wire",
        "channel",
        "press",
        "report",
        "reports",
        "website",
        "statement",
    }
)


def np_span(head: Token, keep_conj: bool = True) -> Span:
    """The noun phrase headed by ``head`` (no relative clauses or participles)."""
    tokens = [head]
    stack = [head]
    while stack:
        token = stack.pop()
        for child in token.children:
            if child.dep_ not in NP_KEEP or (child.dep_ in ("conj", "cc") and not keep_conj):
                continue
            if child.dep_ == "prep" and child.lower_ not in NP_PREPS:
                continue
            if child.dep_ == "prep" and token is head and child.lower_ == "for":
                continue
            if child.dep_ == "appos" and child.i < head.i:
                continue
            tokens.append(child)
            stack.append(child)
    doc = head.doc
    start, end = min(t.i for t in tokens), max(t.i for t in tokens) + 1
    while end - 1 > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    while start < end - 1 and (doc[start].is_punct or doc[start].dep_ == "cc"):
        start += 1
    return doc[start:end]


def clause_span(token: Token, exclude: Token | None = None) -> Span:
    """The span of ``token``'s subtree (minus ``exclude``'s subtree), quotes trimmed."""
    doc = token.doc
    indices = [t.i for t in token.subtree]
    if exclude is not None:
        banned = {t.i for t in exclude.subtree}
        indices = [i for i in indices if i not in banned]
    start, end = min(indices), max(indices) + 1
    while start < end - 1 and (
        doc[start].is_punct or doc[start].is_space or doc[start].dep_ in ("mark", "cc")
    ):
        start += 1
    while end - 1 > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    return doc[start:end]


def is_media(span: Span, lexicon: Lexicon) -> bool:
    """Whether ``span`` names a news outlet or report (an intermediary, not a speaker)."""
    for ent in span_ents(span):
        place = lexicon.places.get(ent.text) or lexicon.places.get(_strip_det(ent.text))
        if place is not None and place.kind == "media":
            return True
    return span.root.lemma_.lower() in MEDIA_HEADS and span.root.lemma_.lower() != "statement"


_TEXT_KEY = "vetowatch.text"


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per document and kept in ``doc.user_data``: spaCy joins
    every token's text again on each access of ``doc.text``, which read once per turn or
    statement of a long transcript was most of the extraction's own time."""
    cached = doc.user_data.get(_TEXT_KEY)
    last = doc[-1] if len(doc) else None
    if isinstance(cached, str) and last is not None and (
            len(cached) == last.idx + len(last.text_with_ws)):
        return cached
    text = doc.text
    doc.user_data[_TEXT_KEY] = text
    return text


def span_ents(span: Span) -> list[Span]:
    """The entities inside ``span``, read from the tokens' IOB tags (``Span.ents`` walks
    every entity of the document on each call, which is slow on long articles)."""
    doc = span.doc
    found: list[Span] = []
    i = span.start
    while i < span.end:
        if doc[i].ent_iob_ != "B":
            i += 1
            continue
        j = i + 1
        while j < len(doc) and doc[j].ent_iob_ == "I":
            j += 1
        if j <= span.end:
            found.append(Span(doc, i, j, label=doc[i].ent_type_, span_id=doc[i].ent_id_))
        i = j
    return found


def _strip_det(text: str) -> str:
    return text[4:] if text.lower().startswith("the ") else text
