"""Actor codes for mentions: a noun phrase, a pronoun or a role noun → CAMEO-style codes.

Our gazetteer first (country, demonym, capital or seat of power → ``RUSGOV``; IGOs, armed
groups, media), then the dated actor tables (:mod:`vetowatch.extract.actors`: a person's
role on the publication date), then role nouns for the sector. What the article said
earlier fills gaps (:mod:`vetowatch.extract.context`): "De Mistura" after "UN envoy
Staffan de Mistura", "the envoy", pronouns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from spacy.tokens import Doc, Span, Token

from vetowatch.extract.actors import ActorDictionary, normalise_name
from vetowatch.extract.actors.offices import TITLES
from vetowatch.extract.context import (
    Coded,
    MentionMemory,
    is_role_mention,
    looks_like_name,
    person_entity,
)
from vetowatch.extract.events import EventCoder
from vetowatch.extract.lexicon import Lexicon, Place
from vetowatch.extract.spans import is_media, np_span, span_ents
from vetowatch.extract.statement import Mention, Statement
from vetowatch.extract.when import DateResolver

COUNTRY_KINDS = frozenset({"country", "demonym", "seat"})


WHOLE_KINDS = frozenset({"igo", "ngo", "armed", "media", "opp", "region"})


_POSSESSIVE = re.compile(r"\s*['’]s$")


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
    year: int | None = None  # the record's own year when it has no publication date
    _people: MentionMemory | None = None
    coded: dict[tuple[int, int, bool], list[Coded]] = field(default_factory=dict)

    def noun_chunks(self, doc: Doc) -> list[Span]:
        """The document's noun chunks, computed once per article."""
        if self._chunks is None:
            self._chunks = list(doc.noun_chunks)
        return self._chunks

    @property
    def on(self) -> date | None:
        """The day names are resolved on: the publication, else the middle of the record's
        own year (a General Debate speech: "Putin" in 2013 is the president)."""
        if self.published is not None:
            return self.published
        return date(self.year, 7, 1) if self.year else None

    def people(self, doc: Doc) -> MentionMemory:
        """The article's coded person mentions (:mod:`vetowatch.extract.context`), built
        once per article on first use."""
        if self._people is None:
            self._people = remember_people(doc, self)
        return self._people


def _place(text: str, lexicon: Lexicon) -> Place | None:
    text = _POSSESSIVE.sub("", text)
    return lexicon.places.get(text) or (
        lexicon.places.get(text[4:]) if text.lower().startswith("the ") else None
    )


# single words of titles the actor tables spell as phrases ("Prime Minister"), and ranks
EXTRA_TITLES = frozenset({"CMDR", "CDR", "LT", "COL", "CAPT", "MAJ", "SGT", "GEN", "ADM",
                          "UN", "US", "EU", "SUPREME", "LEADER", "SPEAKER", "DEPUTY", "VICE",
                          "PRIME", "FOREIGN", "DEFENCE", "DEFENSE", "SENATOR", "SEN", "PRINCE"})


def _droppable(word: str, ctx: DocContext) -> bool:
    """A word before a name that is not part of it: a title, a demonym or place, an
    abbreviation ("Syrian President …", "Cmdr …", "U.N. …") — never a given name."""
    key = normalise_name(word)
    return (word[:1].islower() or key in TITLES or key in EXTRA_TITLES
            or _place(word, ctx.lexicon) is not None)


def _phoenix(text: str, label: str, ctx: DocContext) -> str | None:
    """The dated actor tables' code for a name on the publication date; titles and
    demonyms before a PERSON's name are dropped one by one ("Syrian President Bashar
    al-Assad" → "Bashar al-Assad"), but never a given name ("Sean Robertson" is not the
    minister "Grant Robertson")."""
    words = _POSSESSIVE.sub("", text).split()
    tries = [text]
    if label == "PERSON":
        for i in range(1, len(words)):
            if not _droppable(words[i - 1], ctx):
                break
            tries.append(" ".join(words[i:]))
    for candidate in tries:
        code = ctx.actors.code(candidate, ctx.on)
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
    """Actor codes for a noun phrase (several for ``U.S. and European leaders``), in text
    order; computed once per span and article (targets, speakers and the mention memory
    ask for the same phrases again and again)."""
    key = (span.start, span.end, as_actor)
    cached = ctx.coded.get(key)
    if cached is None:
        cached = ctx.coded[key] = _code_span(span, ctx, as_actor)
    return list(cached)


PROXY_WORDS = frozenset({"backed", "funded", "supported", "sponsored", "trained", "armed",
                         "based", "allied", "aligned", "held", "controlled", "occupied",
                         "installed", "brokered", "hosted", "run"})


def _proxy(ent: Span) -> bool:
    """``US-backed``, ``Iran-aligned``, ``London-based``, ``rebel-held``: the name modifies
    someone else; it is not the actor."""
    doc = ent.doc
    after = ent.end
    return (after + 1 < len(doc) and doc[after].text in ("-", "–")
            and doc[after + 1].lower_ in PROXY_WORDS)


def _code_span(span: Span, ctx: DocContext, as_actor: bool) -> list[Coded]:
    if _proxy(span):
        return []
    head = span.root
    found: list[tuple[int, str, bool]] = []  # (position, code, is a country)
    for ent in span_ents(span):
        if _proxy(ent):
            continue  # "US-backed Kurdish fighters" are not American
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
        if code and code[:3] in NON_COUNTRY:
            found.append((ent.start, code, False))  # "De Mistura's warning": IGOUNO
        elif code and len(code) >= 3:
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
    code = ctx.actors.code(span.text, ctx.on)
    if code:
        return [Coded(code, None, code[:3])]
    leader = _leader_named(head, ctx) if sector else None
    if leader is not None and sector is not None:
        return [Coded(leader + sector, sector, leader)]
    return [Coded(None, sector)] if sector else []


def _leader_named(head: Token, ctx: DocContext) -> str | None:
    """"the Biden-Harris Administration", "the Assad regime": the country of the person a
    government is named after."""
    if head.lemma_.lower() not in GOVERNMENT_NOUNS:
        return None
    for child in head.children:
        if child.dep_ == "compound" and child.pos_ == "PROPN":
            code = ctx.actors.code(child.text, ctx.on)
            if code and code[:3].isalpha() and code[:3] not in NON_COUNTRY:
                return code[:3]
    return None


LINKABLE_ROLES = frozenset(
    {"envoy", "minister", "secretary", "ambassador", "spokesman", "spokeswoman", "spokesperson",
     "president", "premier", "chancellor", "adviser", "advisor", "mediator", "coordinator",
     "king", "emir", "prince", "negotiator"}
)


INDEFINITE = frozenset({"a", "an", "some", "another", "one", "two", "three", "several"})


def remember_people(doc: Doc, ctx: DocContext) -> MentionMemory:
    """Every PERSON mention of ``doc`` that its noun phrase codes with a country."""
    memory = MentionMemory()
    for ent in doc.ents:
        if not looks_like_name(ent) or _place(ent.text, ctx.lexicon) is not None:
            continue
        span = np_span(ent.root, keep_conj=False)
        if not (span.start <= ent.start and ent.end <= span.end):
            span = ent
        codes = code_span(span, ctx)
        if codes and codes[0].code:
            memory.add(span, ent, codes[0])
    return memory


def in_context(span: Span, ctx: DocContext) -> Coded | None:
    """What an earlier mention says about ``span``: "De Mistura" → the earlier "Staffan de
    Mistura"'s code; "the envoy" → the latest person seen with that role noun."""
    memory = ctx.people(span.doc)
    name = person_entity(span) or next(
        (e for e in span_ents(span) if looks_like_name(e) and e.start <= span.root.i < e.end),
        None)
    if name is not None:
        known = memory.person(name.text, name.start)
        return known.coded if known is not None else None
    root = span.root
    lemma = root.lemma_.lower()
    if lemma in LINKABLE_ROLES and is_role_mention(root) and not any(
        c.lower_ in INDEFINITE for c in root.children
    ):
        known = memory.role(lemma, root.i)
        if known is not None:
            return known.coded
    return None


def with_context(span: Span, codes: list[Coded], ctx: DocContext) -> list[Coded]:
    """``codes`` when they carry a country, else what the article said earlier."""
    if codes and codes[0].code is not None:
        return codes
    found = in_context(span, ctx)
    return [found] if found is not None else codes


NON_COUNTRY = frozenset({"IGO", "NGO", "IMG", "MNC", "UAF"})
GOVERNMENT_NOUNS = frozenset({"administration", "government", "regime", "cabinet", "team"})


def _fits(pronoun: str, span: Span, lexicon: Lexicon) -> bool:
    root = span.root
    agent = lexicon.agents.get(root.lemma_.lower())
    person = root.ent_type_ == "PERSON" or (root.tag_ == "NNP" and root.ent_type_ == "") or (
        root.tag_ == "NN" and agent is not None and agent.role == "person")
    plural = root.tag_ in ("NNS", "NNPS") or any(t.dep_ == "conj" for t in root.children)
    if pronoun in ("he", "she"):
        return person and not plural
    group = agent is not None and agent.role == "group"  # "the Israeli government"
    if pronoun == "they":
        return plural or group or root.ent_type_ in ("GPE", "ORG", "NORP")
    return (group or root.ent_type_ in ("GPE", "ORG")) and not plural


def _last_speaker(token: Token, ctx: DocContext) -> tuple[Span, list[Coded]] | None:
    """``He said …`` right after a statement: the last compatible speaker (one person for
    he/she, a group or organisation for they/it), within about two sentences."""
    doc = token.doc
    pronoun = token.lower_
    for position, _, coded, _ in reversed(ctx.memory):
        if position >= token.i:
            continue
        if token.sent.start - position > 80 or coded.code is None:
            return None
        span = np_span(doc[position], keep_conj=False)
        head = doc[position]
        named = head.ent_type_ == "PERSON" or any(
            looks_like_name(e) for e in span_ents(span) if e.start <= head.i < e.end)
        singular = head.tag_ in ("NN", "NNP") and not any(
            c.dep_ == "conj" for c in head.children)
        if pronoun in ("he", "she"):
            fits = singular and (named or _fits(pronoun, span, ctx.lexicon))
        else:
            fits = not named and _fits(pronoun, span, ctx.lexicon)
        return (span, [coded]) if fits else None
    return None


def resolve_pronoun(token: Token, ctx: DocContext,
                    as_object: str | None = None) -> tuple[Span, list[Coded]] | None:
    """The last compatible speaker just before, else the nearest fitting earlier mention of
    ``he``/``she``/``they``/``it`` (subjects first). ``as_object`` ("they" for "them"):
    an object pronoun, which is not the last speaker but the nearest fitting mention."""
    if as_object is None:
        last = _last_speaker(token, ctx)
        if last is not None:
            return last
    doc = token.doc
    pronoun = as_object or token.lower_
    window = max(0, token.sent.start - 120)
    best: tuple[Span, list[Coded]] | None = None
    chunks = ctx.noun_chunks(doc)
    for chunk in reversed([c for c in chunks if window <= c.start and c.end <= token.i]):
        if chunk.root.pos_ == "PRON" or not _fits(pronoun, chunk, ctx.lexicon):
            continue
        codes = code_span(chunk, ctx)
        if not codes and chunk.root.ent_type_ != "PERSON":
            continue
        if chunk.root.dep_ in ("nsubj", "nsubjpass"):
            return chunk, codes
        if best is None:
            best = (chunk, codes)
    return best


def remembered(span: Span, ctx: DocContext) -> Coded | None:
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


def mention_of(span: Span, coded: Coded | None) -> Mention:
    return Mention(span.text, coded.code if coded else None, span.start_char, span.end_char)


# -- coordinated targets ("U.S. and European leaders", "Germany, France and Britain") ------------

# the states "European leaders/governments" stand for in the news: EU and EFTA members and the UK
EUROPEAN_STATES = frozenset(
    {"AUT", "BEL", "BGR", "HRV", "CYP", "CZE", "DNK", "EST", "FIN", "FRA", "DEU", "GRC", "HUN",
     "IRL", "ITA", "LVA", "LTU", "LUX", "MLT", "NLD", "POL", "PRT", "ROU", "SVK", "SVN", "ESP",
     "SWE", "GBR", "NOR", "CHE", "ISL", "LIE"}
)
NORTH_ATLANTIC = frozenset({"USA", "CAN"})


def region_of(actors: list[str]) -> str | None:
    """The region a coordinated group of target actors stands for, or ``None`` when the
    group is its first-named member (docs/extraction.md, Targets; devsets/README.md): a
    group of Western actors that names a region itself ("U.S. and European leaders") or
    has three members or more ("Germany, France and Britain") is ``EUR`` when all are
    European, else ``WST``; two named states ("Russia and Iran", "the US and Britain"),
    and any group with a non-Western member, are the first named."""
    members = list(dict.fromkeys(a[:3] for a in actors if a))
    if len(members) < 2:
        return None
    western = EUROPEAN_STATES | NORTH_ATLANTIC | {"EUR", "WST"}
    if not all(m in western for m in members):
        return None
    if len(members) < 3:  # two: the first named ("U.S. and European leaders" → USAGOV)
        return None
    european = all(m in EUROPEAN_STATES or m == "EUR" for m in members)
    return "EUR" if european else "WST"


def target_codes(span: Span, ctx: DocContext) -> tuple[Span, list[Coded]]:
    """The codes of a target phrase, and the phrase: a coordinated group that stands for a
    region (:func:`region_of`) gives the region alone, its phrase widened to the last
    conjunct ("Germany, France and Britain" → ``EUR``); otherwise :func:`code_span`'s
    codes in text order, so that the first conjunct comes first ("U.S. and Israeli
    leaders" → ``USAGOV``, the head noun giving the sector)."""
    codes = code_span(span, ctx)
    coordinated = any(t.dep_ in ("cc", "conj") for t in span)
    members = [c.code for c in codes if c.code]
    end = span.end
    for conj in span.root.conjuncts:
        if conj.i > span.root.i and conj.pos_ in ("PROPN", "NOUN") and not (
                span.start <= conj.i < span.end):
            coordinated = True
            extra = np_span(conj, keep_conj=False)
            members += [c.code for c in code_span(extra, ctx) if c.code]
            end = max(end, extra.end)
    region = region_of(members) if coordinated else None
    if region is None:
        return span, codes
    return span.doc[span.start:end], [Coded(region)]
