"""Noun and context cues for the event coder: events a noun names, not the verb.

PETRARCH2's dictionary codes verbs; many reports name the event with a noun under a light
verb (``staged a hunger strike``, ``held talks``, ``launched airstrikes``), a purpose
phrase (``returned to Geneva for talks``, ``put under investigation``) or a context
phrase (``… in protest``). CAMEO codes from the CAMEO codebook's categories (140-145
dissent, 040-046 consult, 19x fight, 090 investigate, 0871 ceasefire):

* a light verb (``stage``, ``hold``, ``launch`` …) with an event noun as its object is
  coded by the noun, whatever the verb's own code;
* a verb without a code of its own (none, or 01) whose object or ``for``/``under``
  phrase is an event noun is coded by the noun;
* ``in protest`` (``in protest of/against/at …``) attached to a verb makes it dissent (140);
* some verb + object pairs name an event neither word names alone (``suspended aid`` 162,
  ``eased the curfew`` 081, ``strengthened its forces`` 154, ``dismissed an appeal`` 120);
* a sentence whose verbs code nothing is coded by its first event noun
  (:func:`first_event_noun`: ``… after fierce fighting``).
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Token

# a noun lemma (or "modifier noun") → CAMEO code
NOUN_EVENTS: dict[str, str] = {
    "hunger strike": "142",
    "strike": "143",
    "boycott": "143",
    "walkout": "143",
    "demonstration": "141",
    "protest": "141",
    "rally": "141",
    "march": "141",
    "sit-in": "141",
    "riot": "145",
    "talk": "040",
    "talks": "040",
    "consultation": "040",
    "negotiation": "046",
    "mediation": "045",
    "airstrike": "195",
    "air strike": "195",
    "air raid": "195",
    "bombing": "195",
    "shelling": "194",
    "bombardment": "194",
    "offensive": "190",
    "fighting": "190",
    "clash": "190",
    "attack": "190",
    "investigation": "090",
    "inquiry": "090",
    "probe": "090",
    "ceasefire": "0871",
    "cease-fire": "0871",
    "truce": "0871",
}
LIGHT_VERBS = frozenset(
    {
        "stage",
        "hold",
        "launch",
        "begin",
        "start",
        "continue",
        "conduct",
        "carry",
        "mount",
        "resume",
        "organize",
        "organise",
        "declare",
        "open",
        "go",
        "join",
    }
)
PURPOSE_PREPS = frozenset({"for", "under"})
PARTITIVES = frozenset({"part", "some", "all", "most", "much", "portion", "half", "rest"})
# generic heads named by their modifier: "a mediation effort", "a bombing campaign"
GENERIC_HEADS = frozenset({"effort", "campaign", "operation", "bid", "initiative", "mission"})
PROTEST_CODE = "140"
# (verbs, object nouns) → CAMEO code: the pair names the event, not either word alone
VERB_NOUN_EVENTS: tuple[tuple[frozenset[str], frozenset[str], str], ...] = (
    (  # 162 reduce or stop material aid
        frozenset({"suspend", "cut", "reduce", "halt", "stop", "freeze", "withhold", "cancel"}),
        frozenset({"aid", "assistance", "supply", "supplies", "program", "programme", "loan"}),
        "162",
    ),
    (  # 081 ease administrative sanctions (restrictions, curfews, emergency measures)
        frozenset({"ease", "relax", "shorten", "loosen", "reduce"}),
        frozenset({"curfew", "restriction", "measure", "ban", "emergency", "control"}),
        "081",
    ),
    (  # 154 mobilise or increase armed forces
        frozenset({"strengthen", "reinforce", "increase", "boost", "mobilize", "mobilise"}),
        frozenset({"force", "troop", "army", "military", "presence", "soldier", "garrison"}),
        "154",
    ),
    (  # 083 accede to demands
        frozenset({"accept", "meet", "grant", "heed", "satisfy"}),
        frozenset({"demand", "request"}),
        "083",
    ),
    (  # 120 reject a request, proposal or appeal
        frozenset({"dismiss", "spurn", "rebuff", "brush"}),
        frozenset({"appeal", "call", "demand", "request", "offer", "proposal", "plan", "idea"}),
        "120",
    ),
)


def noun_code(noun: Token) -> str | None:
    """The event code a noun names (``hunger strike`` by its modifier, else the lemma)."""
    if noun.pos_ not in ("NOUN", "PROPN"):
        return None
    lemma = noun.lemma_.lower()
    for child in noun.children:
        if child.dep_ in ("compound", "amod") and child.i < noun.i:
            found = NOUN_EVENTS.get(f"{child.lower_} {lemma}")
            if found is None and lemma in GENERIC_HEADS:
                found = NOUN_EVENTS.get(child.lemma_.lower())
            if found is not None:
                return found
    return NOUN_EVENTS.get(lemma) or NOUN_EVENTS.get(noun.lower_)


def _objects(verb: Token) -> list[Token]:
    """Direct objects (and passive subjects), through partitives: ``part of the aid``."""
    found = []
    for child in verb.children:
        if child.dep_ not in ("dobj", "nsubjpass"):
            continue
        found.append(child)
        if child.lemma_.lower() in PARTITIVES:
            found += [o for p in child.children if p.lower_ == "of" for o in p.children]
    return found


def _purpose_objects(verb: Token) -> list[Token]:
    return [
        obj
        for prep in verb.children
        if prep.dep_ == "prep" and prep.lower_ in PURPOSE_PREPS
        for obj in prep.children
        if obj.dep_ == "pobj"
    ]


def in_protest(verb: Token) -> bool:
    """``… in protest (of/against …)`` attached to the verb."""
    return any(
        prep.dep_ == "prep"
        and prep.lower_ == "in"
        and any(o.dep_ == "pobj" and o.lemma_.lower() == "protest" for o in prep.children)
        for prep in verb.children
    )


def _verb_noun(verb: Token) -> str | None:
    lemma = verb.lemma_.lower()
    nouns = {o.lemma_.lower() for o in _objects(verb)}
    for verbs, objects, code in VERB_NOUN_EVENTS:
        if lemma in verbs and nouns & objects:
            return code
    return None


def noun_event(verb: Token, verb_code: str | None) -> tuple[str, str] | None:
    """(code, rule) when a noun or context phrase names the verb's event, else ``None``."""
    if in_protest(verb):
        return PROTEST_CODE, "in-protest"
    paired = _verb_noun(verb)
    if paired is not None:
        return paired, "verb-noun"
    light = verb.lemma_.lower() in LIGHT_VERBS
    if not light and verb_code is not None and verb_code[:2] != "01":
        return None
    for obj in _objects(verb):
        code = noun_code(obj)
        if code is not None:
            return code, "noun"
    for obj in _purpose_objects(verb):
        code = noun_code(obj)
        if code is not None:
            return code, "noun-purpose"
    return None


def first_event_noun(tokens: Iterable[Token]) -> tuple[Token, str] | None:
    """The first noun among ``tokens`` that names an event, with its code."""
    for token in tokens:
        code = noun_code(token)
        if code is not None:
            return token, code
    return None
