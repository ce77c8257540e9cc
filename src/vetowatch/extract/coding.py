"""Turn attributions into :class:`Statement` records: actor codes, target, polarity, event, date.

Actor codes are CAMEO style: ISO alpha-3 country + sector (``RUSGOV``, ``SYROPP``), an
international code (``IGOUNO``, ``IGOWSTNAT``), a region (``EUR``, ``WST``) or a
person's dated role from the Phoenix dictionaries (Putin → ``RUSGOV`` in 2011).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from spacy.tokens import Doc, Span, Token

from vetowatch.extract.actors import ActorDictionary
from vetowatch.extract.attribution import PRONOUNS, QUOTES, Attribution, is_first_person
from vetowatch.extract.events import EventCoder
from vetowatch.extract.lexicon import Lexicon, Place
from vetowatch.extract.spans import is_media, np_span, span_ents
from vetowatch.extract.statement import GOLDSTEIN_BY_ROOT, Event, Mention, Statement, When
from vetowatch.extract.when import DateResolver

COUNTRY_KINDS = frozenset({"country", "demonym", "seat"})
WHOLE_KINDS = frozenset({"igo", "ngo", "armed", "media", "opp", "region"})
ANAPHORIC_NOUNS = frozenset(
    {
        "claim",
        "claims",
        "statement",
        "statements",
        "call",
        "calls",
        "report",
        "reports",
        "remark",
        "remarks",
        "accusation",
        "accusations",
        "allegation",
        "allegations",
        "demand",
        "demands",
        "assertion",
        "comments",
        "comment",
        "proposal",
        "plan",
    }
)
SUPPORT_NOUNS = frozenset({"support", "aid", "help", "assistance", "protection", "recognition"})
DOMESTIC_SECTORS = frozenset({"OPP", "REB", "COP", "MIL", "CVL", "REF", "JUD", "LEG"})
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
    events: EventCoder | None = None  # codes "make a public statement" content by its verbs
    speaker: Coded | None = None  # the text's own speaker: "we", "my government" (speeches)
    statements: list[Statement] = field(default_factory=list)
    memory: list[tuple[int, str, Coded, str]] = field(default_factory=list)
    _chunks: list[Span] | None = None

    def noun_chunks(self, doc: Doc) -> list[Span]:
        """The document's noun chunks, computed once per article."""
        if self._chunks is None:
            self._chunks = list(doc.noun_chunks)
        return self._chunks


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
        agent = ctx.lexicon.agents.get(token.lemma_.lower()) or ctx.lexicon.agents.get(token.lower_)
        if agent is not None:
            return agent.sector
    phrase = " ".join(t.text for t in span if t.i <= head.i and not t.ent_type_)
    return ctx.actors.agent(phrase) or ctx.actors.agent(head.lemma_)


def code_span(span: Span, ctx: DocContext, as_actor: bool = True) -> list[Coded]:
    """Actor codes for a noun phrase (several for ``U.S. and European leaders``), in text order."""
    head = span.root
    found: list[tuple[int, str, bool]] = []  # (position, code, is a country)
    for ent in span_ents(span):
        place = _place(ent.text, ctx.lexicon)
        head_in = ent.start <= head.i < ent.end
        if place is not None and place.kind in WHOLE_KINDS:
            media_head = place.kind == "media" and is_media(span, ctx.lexicon)
            if head_in or media_head or place.kind != "media":
                found.append((ent.start, place.code, False))
            continue
        if place is not None:
            if head_in:
                sector = "GOV" if place.kind == "seat" or as_actor else None
                return [Coded(place.code + (sector or ""), sector, place.code)]
            found.append((ent.start, place.code, True))
            continue
        code = _phoenix(ent.text, ent.label_, ctx)
        if code and head_in:
            return [Coded(code, None, code[:3])]
        if code and len(code) >= 3:
            found.append((ent.start, code[:3], True))
    sector = _sector(span, ctx)
    if any(not is_country for _, _, is_country in found):
        sector = sector or None
    elif found:
        sector = sector or ("GOV" if as_actor else None)
    if found:
        codes: list[Coded] = []
        for _, code, is_country in sorted(found):
            coded = Coded(code + (sector or ""), sector, code) if is_country else Coded(code)
            if all(c.code != coded.code for c in codes):
                codes.append(coded)
        return codes
    code = ctx.actors.code(span.text, ctx.published)
    if code:
        return [Coded(code, None, code[:3])]
    return [Coded(None, sector)] if sector else []


def _fits(pronoun: str, span: Span) -> bool:
    root = span.root
    person = root.ent_type_ == "PERSON" or (root.tag_ in ("NN", "NNP") and root.ent_type_ == "")
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
    chunks = ctx.noun_chunks(doc)
    for chunk in reversed([c for c in chunks if window <= c.start and c.end <= token.i]):
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


def speaker_coded(code: str, lexicon: Lexicon) -> Coded:
    """The code of a text's own speaker (``FRAGOV``, ``IGOUNO``) split like a mention's:
    a known country's code gives the country and the sector after it."""
    code = code.strip().upper()
    country = code[:3]
    if any(p.code == country and p.kind == "country" for p in lexicon.places.values()):
        return Coded(code, code[3:] or None, country)
    return Coded(code)


def first_person_speaker(attribution: Attribution, ctx: DocContext) -> Span | None:
    """The mention of a first-person speaker ("we", "my government") when the text has an
    own speaker (:attr:`DocContext.speaker`), else ``None``."""
    head = attribution.speaker
    if ctx.speaker is None or head is None or not is_first_person(head):
        return None
    return np_span(head, keep_conj=False)


def speaker_mentions(attribution: Attribution, ctx: DocContext) -> list[tuple[Span, Coded]]:
    """Speaker mention(s) with codes; pronouns and bare role nouns resolved backwards;
    first-person speakers are the text's own speaker, if it has one."""
    head = attribution.speaker
    if head is None:
        return []
    own = first_person_speaker(attribution, ctx)
    if own is not None and ctx.speaker is not None:
        return [(own, ctx.speaker)]
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


def _object_of(content: Span) -> Token | None:
    root = content.root
    if root.pos_ in ("NOUN", "PROPN"):
        return root
    for child in root.children:
        if child.dep_ in ("dobj", "attr") and content.start <= child.i < content.end:
            return child
    return None


def _anaphoric_target(obj: Token, speaker: Coded, ctx: DocContext) -> Mention | None:
    """``the claim`` / ``such calls``: the speaker of the statement referred to."""
    if obj.lower_ not in ANAPHORIC_NOUNS and obj.lemma_.lower() not in ANAPHORIC_NOUNS:
        return None
    lemma = obj.lemma_.lower()
    others = [s for s in ctx.statements if s.speaker.actor and s.speaker.actor != speaker.code]
    for exact in (True, False):
        for statement in reversed(others):
            cue = statement.cue.lower()
            if (cue.split()[0] == obj.lower_) if exact else cue.startswith(lemma[:4]):
                return statement.speaker
    return others[-1].speaker if others else None


def _target_candidates(attribution: Attribution, ctx: DocContext) -> list[Span]:
    cue, content = attribution.cue, attribution.content
    spans: list[Span] = []
    if attribution.passive_target is not None:
        spans.append(attribution.passive_target)
    if attribution.recipient is not None:
        spans.append(attribution.recipient)
    if attribution.info.kind == "call":
        for child in cue.children:
            if child.dep_ == "dobj":
                spans.append(np_span(child, keep_conj=False))
            if child.dep_ == "prep" and child.lower_ == "on":
                spans.extend(
                    np_span(g, keep_conj=False) for g in child.children if g.dep_ == "pobj"
                )
    if content is not None and attribution.info.kind in ("call", "nominal"):
        for token in content:
            if token.dep_ in ("nsubj", "nsubjpass") and token.head.lemma_ in (
                "resign",
                "go",
                "step",
            ):
                spans.append(np_span(token, keep_conj=False))
    if content is not None and attribution.info.kind == "stance":
        subject = next((c for c in content.root.children if c.dep_ == "nsubj"), None)
        if content.root.pos_ == "VERB" and subject is not None:
            spans.append(np_span(subject))
    if content is not None:
        chunks = ctx.noun_chunks(content.doc)
        spans.extend(c for c in chunks if content.start <= c.start < content.end)
    return spans


def find_target(attribution: Attribution, speaker: Coded, ctx: DocContext) -> Mention | None:
    """Whom the statement is about: addressee, object, or the first other actor in content."""
    content = attribution.content
    if content is not None:
        obj = _object_of(content)
        stance = attribution.info.kind == "stance" or (
            _predicate(content).lemma_.lower() in ctx.lexicon.stance
        )
        if stance and obj is not None and not any(t.ent_type_ for t in np_span(obj)):
            anaphor = _anaphoric_target(obj, speaker, ctx)
            if anaphor is not None:
                return anaphor
    for span in _target_candidates(attribution, ctx):
        if span.root.pos_ == "PRON" or is_media(span, ctx.lexicon):
            continue
        for coded in code_span(span, ctx):
            if coded.code is None or coded.code == speaker.code:
                continue
            if coded.country and speaker.country and coded.country == speaker.country:
                continue
            return _mention(span, coded)
    if content is not None:
        obj = _object_of(content)
        if obj is not None:
            return _anaphoric_target(obj, speaker, ctx)
    return None


def _negated(token: Token) -> bool:
    return any(child.dep_ == "neg" for child in token.children)


def _predicate(content: Span) -> Token:
    root = content.root
    if root.pos_ == "AUX":
        for child in root.children:
            if child.dep_ in ("acomp", "xcomp", "attr"):
                return child
    return root


def stance_and_event(attribution: Attribution, ctx: DocContext) -> tuple[str, int, bool]:
    """(CAMEO root, polarity toward the target, negated) for an attribution."""
    info, content = attribution.info, attribution.content
    cue_negated = any(_negated(t) for t in [attribution.cue, *attribution.merged])
    if info.kind in ("stance", "call", "nominal") or info.polarity != 0 or content is None:
        code, polarity, negated = info.cameo, info.polarity, cue_negated
        supportive = content is not None and any(t.lemma_.lower() in SUPPORT_NOUNS for t in content)
        if info.kind in ("call", "nominal") and supportive:
            polarity = 1
    else:
        predicate = _predicate(content)
        negated = cue_negated or _negated(predicate)
        entry = ctx.lexicon.stance.get(predicate.lemma_.lower())
        code, polarity = entry if entry is not None else (info.cameo, 0)
    if negated and polarity > 0:
        code, polarity = "12", -1
    elif negated and polarity < 0:
        code, polarity = "01", 0
    return code, polarity, negated


def when_said(attribution: Attribution, ctx: DocContext) -> When:
    """The date phrase that dates the saying (outside the quoted content), resolved."""
    cue, content = attribution.cue, attribution.content
    scope = [*attribution.scope, *attribution.merged]
    candidates: list[Span] = []
    sentence_ents = span_ents(cue.sent)
    for ent in sentence_ents:
        if ent.label_ != "DATE":
            continue
        if content is not None and content.start <= ent.start < content.end:
            continue
        if any(ent.root in list(s.subtree) for s in scope):
            candidates.append(ent)
    for token in scope:
        for child in token.children:
            if child.lower_ == "when" and child.dep_ == "advmod":
                candidates.extend(
                    e for e in sentence_ents if e.label_ == "DATE" and 0 <= child.i - e.end <= 2
                )
    candidates.sort(key=lambda e: abs(e.root.i - cue.i))
    for ent in candidates:
        if ctx.resolver is None:
            return When(ent.text, None, None)
        when = ctx.resolver.resolve(ent.text)
        if when.date is not None:
            return when
    return When()


def _is_direct(content: Span) -> bool:
    """Quoted speech: a quote mark opens or closes the content (inside its sentence)."""
    sent = content.sent
    doc = content.doc
    before = doc[max(sent.start, content.start - 2) : content.start + 1]
    after = doc[content.end - 1 : min(sent.end, content.end + 3)]
    return any(t.text[:1] in QUOTES and t.text not in ("'s", "’s") for t in [*before, *after])


def _cue_text(attribution: Attribution) -> str:
    cue = attribution.cue
    if attribution.info.kind in ("call", "nominal") and cue.i + 1 < len(cue.doc):
        following = cue.doc[cue.i + 1]
        if following.lower_ in ("for", "on"):
            return f"{cue.text} {following.text}"
    return cue.text


def _code_via(span: Span, ctx: DocContext) -> Mention:
    if span.root.lower_ in PRONOUNS:
        resolved = resolve_pronoun(span.root, ctx)
        if resolved is not None:
            span = resolved[0]
    codes = code_span(span, ctx)
    coded = codes[0] if codes else None
    if coded is not None and coded.country is None and not coded.code:
        coded = _remembered(span, ctx) or coded
    return _mention(span, coded)


def _sentence_bounds(sentence: Span) -> tuple[int, int, str]:
    """Character offsets of the sentence without surrounding blanks, and its text."""
    text = sentence.text
    stripped = text.lstrip()
    start = sentence.start_char + len(text) - len(stripped)
    stripped = stripped.rstrip()
    return start, start + len(stripped), stripped


def _channel_names(via: Sequence[Mention]) -> set[str]:
    """The proper names of a via chain's channels ("the nation's Interfax news agency" →
    {"interfax"}), to tell whether two statements came through the same report."""
    return {w.lower().strip("’'s") for m in via for w in m.text.split()
            if w[:1].isupper() and w.lower() not in {"the", "a", "an"}}


def same_report_when(via: Sequence[Mention], earlier: Sequence[Statement]) -> When | None:
    """An undated statement passed on by a channel that an earlier statement of the article
    dates ("…, Interfax reported Friday") was said in that same report: it takes its date."""
    names = _channel_names(via)
    if not names:
        return None
    for prev in reversed(earlier):
        if prev.when.date is not None and names & _channel_names(prev.via):
            return When(f"{prev.when.text} (same report)", prev.when.date, prev.when.precision)
    return None


def build_statements(attribution: Attribution, ctx: DocContext) -> list[Statement]:
    """The statements of one attribution (one per speaker actor)."""
    content = attribution.content
    if content is None:
        return []
    start, end, sentence_text = _sentence_bounds(attribution.sentence)
    code, polarity, negated = stance_and_event(attribution, ctx)
    when = when_said(attribution, ctx)
    via = tuple(_code_via(s, ctx) for s in attribution.via)
    if when.date is None and via:
        when = same_report_when(via, ctx.statements) or when
    own = first_person_speaker(attribution, ctx) is not None  # a speaker's own words
    kind = "direct" if own or _is_direct(content) else "indirect"
    cue_text = _cue_text(attribution)
    statements = []
    for span, speaker in speaker_mentions(attribution, ctx):
        if _voice_of_reporter(attribution, speaker, via, ctx):
            continue
        target = find_target(attribution, speaker, ctx)
        if speaker.code is None and speaker.sector:
            domestic = speaker.sector in DOMESTIC_SECTORS
            country = _target_country(target) if domestic else None
            sector = speaker.sector or ""
            speaker = Coded(country + sector if country else sector, sector, country)
        statement = Statement(
            article_id=ctx.article_id,
            sentence=sentence_text,
            start=start,
            end=end,
            speaker=_mention(span, speaker),
            via=via,
            cue=cue_text,
            kind=kind,
            content=content.text,
            target=target,
            polarity=polarity,
            negated=negated,
            event=statement_event(attribution, code, ctx),
            when=when,
        )
        ctx.statements.append(statement)
        ctx.memory.append((span.root.i, span.root.lemma_.lower(), speaker, span.text))
        statements.append(statement)
    return statements


def statement_event(attribution: Attribution, code: str, ctx: DocContext) -> Event:
    """The cue's event, except that a bare "make a public statement" (01) takes the event
    the coder finds in the content (``X said it would send troops`` → intent to aid)."""
    content = attribution.content
    if code[:2] != "01" or ctx.events is None or content is None:
        return Event.from_root(code)
    coded = ctx.events.code(content)
    if coded is None or coded.root == "01":
        return Event.from_root(code)
    return Event(coded.root, coded.plover, GOLDSTEIN_BY_ROOT.get(coded.root, 0.0))


def _target_country(target: Mention | None) -> str | None:
    if target is None or target.actor is None or target.actor.startswith("IGO"):
        return None
    code = target.actor[:3]
    return code if code.isalpha() and code.isupper() and len(target.actor) >= 3 else None


def _voice_of_reporter(
    attribution: Attribution, speaker: Coded, via: tuple[Mention, ...], ctx: DocContext
) -> bool:
    """``An official told Interfax [Russia was encouraged …]``: Russia's stance is the
    official's own statement, not a second one (same country, non-media reporter)."""
    if not via or not speaker.country or not via[0].actor:
        return False
    first = attribution.via[0]
    return via[0].actor[:3] == speaker.country and not is_media(first, ctx.lexicon)
