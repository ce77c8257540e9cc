"""Noun and context cues for the event coder: events a noun names, not the verb.

PETRARCH2's dictionary codes verbs; many reports name the event with a noun under a light
verb (``staged a hunger strike``, ``held talks``, ``launched airstrikes``), a purpose
phrase (``returned to Geneva for talks``, ``put under investigation``) or a context
phrase (``… in protest``). CAMEO codes from the CAMEO codebook's categories (140-145
dissent, 040-046 consult, 19x fight, 090 investigate, 0871 ceasefire):

* a light verb (``stage``, ``hold``, ``launch`` …) with an event noun as its object is
  coded by the noun, whatever the verb's own code;
* a verb without a code of its own (none, or 01) whose object or ``for``/``under``
  phrase is an event noun is coded by the noun; a meeting or travel verb (04) by its
  ``for`` phrase only (``converged for a rally`` 141); a verb that ends or prevents an
  event never by its object (``agreed to end the fighting`` is not fighting);
* objects are read through partitives and collectives (``part of the aid``, ``a mission
  of observers``, ``ten days of war games``, ``a state of emergency``);
* ``in protest`` (``in protest of/against/at …``) attached to a verb makes it dissent (140);
* some verb + object pairs name an event neither word names alone (``suspended aid`` 162,
  ``eased the curfew`` 081, ``strengthened its forces`` 154, ``dismissed an appeal`` 120,
  ``expelled the inspectors`` 166, ``received observers`` 086, ``imposed a curfew`` 1723,
  ``tightened the blockade`` 191, ``blocked the bridge`` 144, ``banned the march`` 172);
* a statement noun under a publishing verb (``issued a declaration demanding …``):
  :func:`statement_object`, the event coder codes the clause on the noun;
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
    # PLOVER codebook: joint military games and manoeuvres are COOPERATE (062), cyber
    # attacks and hacking COERCE (170)
    "war game": "062",
    "joint exercise": "062",
    "joint manoeuvre": "062",
    "joint maneuver": "062",
    "cyber attack": "170",
    "cyberattack": "170",
    "hacking": "170",
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
HALTS = frozenset(
    {
        "end",
        "stop",
        "halt",
        "cease",
        "suspend",
        "abandon",
        "cancel",
        "postpone",
        "delay",
        "prevent",
        "avoid",
        "ban",
        "forbid",
        "prohibit",
        "outlaw",
        "avert",
        "break",
    }
)
PARTITIVES = frozenset({"part", "some", "all", "most", "much", "portion", "half", "rest"})
# heads whose "of" phrase names what is acted on: "a mission of observers", "a state of
# emergency", "a batch of peacekeepers"
COLLECTIVES = frozenset(
    {
        "mission",
        "team",
        "group",
        "contingent",
        "batch",
        "state",
        "unit",
        "round",
        "series",
        "day",
        "week",
        "month",
        "hour",
        "year",
    }
)
INTERNATIONAL_STAFF = frozenset(
    {"inspector", "observer", "monitor", "peacekeeper", "peacekeeping", "verifier"}
)
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
    (  # 166 expel or withdraw international involvement (inspectors, observers, monitors)
        frozenset({"expel", "withdraw", "evict", "oust", "pull", "recall"}),
        INTERNATIONAL_STAFF,
        "166",
    ),
    (  # 086 allow international involvement: receive inspectors, peacekeepers
        frozenset({"receive", "admit", "accept", "allow", "welcome", "let", "invite"}),
        INTERNATIONAL_STAFF,
        "086",
    ),
    (  # 1723 impose curfew
        frozenset({"impose", "extend", "declare", "reimpose", "tighten", "enforce", "order"}),
        frozenset({"curfew"}),
        "1723",
    ),
    (  # 1724 impose state of emergency or martial law
        frozenset({"impose", "extend", "declare", "reimpose", "enforce", "proclaim"}),
        frozenset({"emergency"}),
        "1724",
    ),
    (  # 191 impose blockade, restrict movement
        frozenset({"impose", "extend", "declare", "reimpose", "tighten", "enforce"}),
        frozenset({"blockade", "siege", "cordon"}),
        "191",
    ),
    (  # 172 impose administrative sanctions: ban or prevent a demonstration
        frozenset({"ban", "prevent", "forbid", "prohibit", "outlaw", "stop", "disperse"}),
        frozenset({"demonstration", "protest", "rally", "march", "sit-in", "strike"}),
        "172",
    ),
    (  # 144 obstruct passage: block roads and bridges
        frozenset({"block", "barricade", "obstruct"}),
        frozenset(
            {
                "road",
                "bridge",
                "highway",
                "street",
                "traffic",
                "railway",
                "rail",
                "roadway",
                "route",
                "motorway",
                "transport",
                "junction",
                "entrance",
                "track",
                "port",
            }
        ),
        "144",
    ),
    (  # 120 reject a request, proposal or appeal
        frozenset({"dismiss", "spurn", "rebuff", "brush"}),
        frozenset({"appeal", "call", "demand", "request", "offer", "proposal", "plan", "idea"}),
        "120",
    ),
)


# "issued a declaration demanding …": a statement noun under a publishing verb; the verb
# says only that something was said, the clause on the noun says what
STATEMENT_VERBS = frozenset({"issue", "release", "publish", "make", "deliver", "send", "read"})
STATEMENT_NOUNS = frozenset(
    {
        "statement",
        "declaration",
        "communique",
        "communiqué",
        "appeal",
        "call",
        "warning",
        "ultimatum",
        "letter",
        "note",
        "message",
        "announcement",
        "proclamation",
        "decree",
    }
)


def statement_object(verb: Token) -> Token | None:
    """The statement noun a publishing verb takes as object (``issued a declaration``)."""
    if verb.lemma_.lower() not in STATEMENT_VERBS:
        return None
    return next(
        (c for c in verb.children if c.dep_ == "dobj" and c.lemma_.lower() in STATEMENT_NOUNS),
        None,
    )


def noun_code(noun: Token) -> str | None:
    """The event code a noun names (``hunger strike`` by its modifier, else the lemma)."""
    if noun.pos_ not in ("NOUN", "PROPN"):
        return None
    lemma = noun.lemma_.lower()
    for child in noun.children:
        if child.dep_ in ("compound", "amod", "nmod") and child.i < noun.i:
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
        if child.lemma_.lower() in PARTITIVES | COLLECTIVES:
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
    lemma = verb.lemma_.lower()
    light = lemma in LIGHT_VERBS
    root = verb_code[:2] if verb_code is not None else None
    if not light and root not in (None, "01", "04"):
        return None
    # a meeting or travel verb (04) takes its event from a purpose phrase only ("converged
    # for a rally"); a verb that ends or prevents an event is not that event
    objects = [] if lemma in HALTS or (root == "04" and not light) else _objects(verb)
    for obj in objects:
        code = noun_code(obj)
        if code is not None:
            return code, "noun"
    for obj in _purpose_objects(verb):
        code = noun_code(obj)
        if code is not None:
            return code, "noun-purpose"
    return None


def first_event_noun(tokens: Iterable[Token]) -> tuple[Token, str] | None:
    """The first noun among ``tokens`` that names an event, with its code (not the object
    of a verb that ends or prevents it: ``agreed to end the fighting``)."""
    for token in tokens:
        if token.dep_ in ("dobj", "nsubjpass") and token.head.lemma_.lower() in HALTS:
            continue
        code = noun_code(token)
        if code is not None:
            return token, code
    return None
