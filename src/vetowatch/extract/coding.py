"""Turn attributions into :class:`Statement` records: actor codes, target, polarity, event, date.

Actor codes are CAMEO style: ISO alpha-3 country + sector (``RUSGOV``, ``SYROPP``), an
international code (``IGOUNO``, ``IGOWSTNAT``), a region (``EUR``, ``WST``) or a
person's dated role from the Phoenix dictionaries (Putin → ``RUSGOV`` in 2011).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from spacy.tokens import Doc, Span, Token

from vetowatch.extract.actors import ActorDictionary
from vetowatch.extract.attribution import (
    PRONOUNS,
    QUOTES,
    Attribution,
    is_media,
    np_span,
)
from vetowatch.extract.lexicon import Lexicon, Place
from vetowatch.extract.statement import Event, Mention, Statement, When
from vetowatch.extract.when import DateResolver

COUNTRY_KINDS = frozenset({"country", "demonym", "seat"})
WHOLE_KINDS = frozenset({"igo", "ngo", "armed", "media", "opp", "region"})
ANAPHORIC_NOUNS = frozenset(
    {"claim", "claims", "statement", "statements", "call", "calls", "report", "reports",
     "remark", "remarks", "accusation", "accusations", "allegation", "allegations", "demand",
     "demands", "assertion", "comments", "comment", "proposal", "plan"}
)
SUPPORT_NOUNS = frozenset({"support", "aid", "help", "assistance", "protection", "recognition"})
_POSSESSIVE = re.compile(r"\s*['’]s$")


@dataclass
class Coded:
    """An actor code for a mention; ``sector`` alone when the country is still unknown."""

    code: str | None
    sector: str | None = None
    country: str | None = None


@dataclass
class DocContext:
    """What the coder remembers while it walks one article."""

    article_id: str
    published: date | None
    lexicon: Lexicon
    actors: ActorDictionary
    resolver: DateResolver | None = None
    statements: list[Statement] = field(default_factory=list)
    memory: list[tuple[int, str, Coded, str]] = field(default_factory=list)


def _place(text: str, lexicon: Lexicon) -> Place | None:
    text = _POSSESSIVE.sub("", text)
    return lexicon.places.get(text) or (
        lexicon.places.get(text[4:]) if text.lower().startswith("the ") else None
    )


def _phoenix(text: str, label: str, ctx: DocContext) -> str | None:
    words = _POSSESSIVE.sub("", text).split()
    tries = [" ".join(words[i:]) for i in range(len(words))] if label == "PERSON" else [text]
    for candidate in tries:
        code = ctx.actors.code(candidate, ctx.published)
        if code:
            return code
    return None


def _sector(span: Span, ctx: DocContext) -> str | None:
    head = span.root
    words = [t for t in span if t.pos_ in ("NOUN", "PROPN", "ADJ") and not t.ent_type_]
    for token in [head, *reversed(words)]:
        agent = ctx.lexicon.agents.get(token.lemma_.lower()) or ctx.lexicon.agents.get(
            token.lower_
        )
        if agent is not None:
            return agent.sector
    phrase = " ".join(t.text for t in span if t.i <= head.i and not t.ent_type_)
    return ctx.actors.agent(phrase) or ctx.actors.agent(head.lemma_)


def code_span(span: Span, ctx: DocContext, as_actor: bool = True) -> list[Coded]:
    """Actor codes for a noun phrase (several for ``U.S. and European leaders``)."""
    head = span.root
    countries: list[str] = []
    wholes: list[str] = []
    for ent in span.ents:
        place = _place(ent.text, ctx.lexicon)
        head_in = ent.start <= head.i < ent.end
        if place is not None and place.kind in WHOLE_KINDS:
            if head_in or place.kind in ("igo", "region"):
                wholes.append(place.code)
            continue
        if place is not None:
            countries.append(place.code)
            if head_in:
                sector = "GOV" if place.kind == "seat" or as_actor else None
                return [Coded(place.code + (sector or ""), sector, place.code)]
            continue
        code = _phoenix(ent.text, ent.label_, ctx)
        if code and head_in:
            return [Coded(code, None, code[:3])]
        if code and len(code) >= 3:
            countries.append(code[:3])
    sector = _sector(span, ctx)
    if wholes:
        return [Coded(c) for c in dict.fromkeys(wholes)] + [
            Coded(c + (sector or ""), sector, c) for c in dict.fromkeys(countries)
        ]
    if countries:
        if sector is None and not as_actor:
            return [Coded(countries[0], None, countries[0])]
        sector = sector or "GOV"
        return [Coded(c + sector, sector, c) for c in dict.fromkeys(countries)]
    code = ctx.actors.code(span.text, ctx.published)
    if code:
        return [Coded(code, None, code[:3])]
    return [Coded(None, sector)] if sector else []


def _fits(pronoun: str, span: Span) -> bool:
    root = span.root
    person = root.ent_type_ == "PERSON" or root.tag_ in ("NN", "NNP") and root.ent_type_ == ""
    plural = root.tag_ in ("NNS", "NNPS") or any(t.dep_ == "conj" for t in root.children)
    if pronoun in ("he", "she"):
        return person and not plural
    if pronoun == "they":
        return plural or root.ent_type_ in ("GPE", "ORG", "NORP")
    return root.ent_type_ in ("GPE", "ORG") and not plural


def resolve_pronoun(token: Token, ctx: DocContext) -> tuple[Span, list[Coded]] | None:
    """The nearest fitting earlier mention of ``he``/``she``/``they``/``it`` (subjects first)."""
    doc = token.doc
    pronoun = token.lower_
    window = max(0, token.sent.start - 120)
    best: tuple[Span, list[Coded]] | None = None
    for chunk in reversed([c for c in doc.noun_chunks if window <= c.start and c.end <= token.i]):
        if chunk.root.pos_ == "PRON" or not _fits(pronoun, chunk):
            continue
        codes = code_span(chunk, ctx)
        if not codes and chunk.root.ent_type_ != "PERSON":
            continue
        if chunk.root.dep_ in ("nsubj", "nsubjpass"):
            return chunk, codes
        if best is None:
            best = (chunk, codes)
    return best


def _remembered(span: Span, ctx: DocContext) -> Coded | None:
    lemma = span.root.lemma_.lower()
    for _, head, coded, _ in reversed(ctx.memory):
        if head == lemma and coded.code and coded.country:
            return coded
    return None


def speaker_mentions(attribution: Attribution, ctx: DocContext) -> list[tuple[Span, Coded]]:
    """Speaker mention(s) with codes; pronouns and bare role nouns resolved backwards."""
    head = attribution.speaker
    if head is None:
        return []
    heads = [head] + [c for c in head.children if c.dep_ == "conj" and c.pos_ == "PROPN"]
    found: list[tuple[Span, Coded]] = []
    for token in heads:
        span = np_span(token, keep_conj=False)
        if token.lower_ in PRONOUNS:
            if token.lower_ in ("we", "i"):
                continue
            resolved = resolve_pronoun(token, ctx)
            if resolved is None:
                continue
            span, codes = resolved
        else:
            codes = code_span(span, ctx)
        if not codes and token.ent_type_ not in ("PERSON", "ORG", "GPE", "NORP"):
            continue
        if codes and codes[0].country is None:
            memory = _remembered(span, ctx)
            if memory is not None:
                codes = [memory]
        for coded in codes or [Coded(None)]:
            found.append((span, coded))
    return found


def _mention(span: Span, coded: Coded | None) -> Mention:
    return Mention(span.text, coded.code if coded else None, span.start_char, span.end_char)
