"""Official texts' own cue verbs and dates: readout verbs that news does not hold as cues
("President Abbas briefed President Biden on …", "They committed to …", "I thank …"), and
the speaker's own words in a speech (``direct`` only when quoted; a General Debate record
dated to its session's year). Used by :mod:`vetowatch.extract.genres`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date

from spacy.tokens import Span, Token

from vetowatch.extract.attribution import Attribution
from vetowatch.extract.lexicon import Cue, Lexicon
from vetowatch.extract.spans import clause_span
from vetowatch.extract.statement import Statement, When

# readout verbs that the news lexicon does not hold as cues: lemma → (CAMEO code, polarity)
READOUT_VERBS: dict[str, tuple[str, int]] = {
    "brief": ("01", 0), "update": ("01", 0), "inform": ("01", 0), "underscore": ("01", 0),
    "highlight": ("01", 0), "emphasize": ("01", 0), "stress": ("01", 0), "note": ("01", 0),
    "reaffirm": ("01", 0), "reiterate": ("01", 0), "affirm": ("01", 0), "convey": ("01", 0),
    "express": ("01", 0), "outline": ("01", 0), "share": ("01", 0), "raise": ("01", 0),
    "reemphasize": ("01", 0), "communicate": ("01", 0), "voice": ("01", 0),
    "thank": ("05", 1), "offer": ("03", 1), "commit": ("03", 1), "pledge": ("03", 1),
    "welcome": ("051", 1), "condemn": ("111", -1), "agree": ("03", 1), "praise": ("051", 1),
    "reject": ("12", -1), "urge": ("10", 0), "call": ("10", 0), "applaud": ("051", 1),
    "acknowledge": ("05", 1), "congratulate": ("051", 1), "appreciate": ("05", 1),
    "commend": ("051", 1), "gratify": ("01", 0), "look": ("03", 0), "recognize": ("05", 1),
}
# readout verbs whose object is the addressee ("briefed President Biden on …")
ADDRESSEE_VERBS = frozenset({"brief", "update", "inform"})
# what "share" conveys as a statement ("shared his grave concern about …")
SHARED = frozenset({"concern", "view", "assessment", "perspective", "condolence", "support",
                    "sympathy", "outrage", "sorrow", "position"})
# adjectival predicates of readouts and statements ("is committed to", "am gratified that")
READOUT_ADJECTIVES = frozenset({"committed", "gratified", "clear"})

def quoted_at(text: str, start: int, end: int) -> bool:
    """Whether a quote mark opens or closes the content ``text[start:end]`` (within a
    few characters): only then is a statement ``direct``."""
    before = text[max(0, start - 3):start + 1]
    after = text[max(start, end - 1):end + 3]
    return any(q in before or q in after for q in "\"“”«»")


def _after(verb: Token, first: Token) -> Span:
    """From ``first`` to the end of ``verb``'s subtree, closing punctuation trimmed."""
    doc = verb.doc
    end = max(t.i for t in verb.subtree) + 1
    while end - 1 > first.i and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    return doc[first.left_edge.i if first.dep_ != "prep" else first.i:end]


def _readout_content(verb: Token) -> Span | None:
    """What a readout verb conveys: its clause ("made clear that …", "agreed to …"), what
    follows "look forward", its object and what comes after it ("thanked Egypt for …"),
    a ``to``/``on``/``about`` phrase ("committed to …", "briefed … on …")."""
    holder = verb.head if verb.lower_ == "clear" and verb.dep_ in ("acomp", "ccomp") else verb
    for child in [*verb.children, *(holder.children if holder is not verb else [])]:
        if child.dep_ in ("ccomp", "xcomp") and child is not verb and child.pos_ != "ADJ":
            return clause_span(child)
    if verb.lemma_.lower() == "look":
        if not any(c.dep_ in ("prt", "advmod") and c.lower_ == "forward" for c in verb.children):
            return None
        to = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ == "to"), None)
        return _after(verb, to) if to is not None else None
    obj = next((c for c in verb.children if c.dep_ in ("dobj", "attr")), None)
    if verb.lemma_.lower() == "share" and (obj is None or obj.lemma_.lower() not in SHARED):
        return None  # "shared the objective of …" is no statement; "shared his concern" is
    if obj is not None and verb.lemma_.lower() not in ADDRESSEE_VERBS:
        return _after(verb, obj)
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in ("on", "about", "for", "to"):
            if child.lower_ == "to":
                return _after(verb, child)
            obj = next((g for g in child.children if g.dep_ in ("pobj", "pcomp")), None)
            if obj is not None:
                return clause_span(obj)
    for child in verb.children:
        if child.dep_ == "advcl" and any(g.dep_ == "aux" and g.lower_ == "to"
                                         for g in child.children):
            return clause_span(child)
    for child in verb.children:
        if child.dep_ == "acomp":
            return clause_span(child)
    return None


def _readout_subject(token: Token) -> Token | None:
    """The subject of a readout verb, through conjoined verbs, participles ("…, agreeing
    to …") and adjectival predicates ("is committed to")."""
    current = token
    for _ in range(4):
        subject = next((c for c in current.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None:
            return subject
        if current.dep_ not in ("conj", "advcl", "acl", "acomp", "ccomp", "xcomp", "dobj",
                                "pcomp", "prep"):
            return None
        if current.head.i == current.i:
            return None
        current = current.head
    return None


def usable(found: Iterable[Attribution]) -> list[Attribution]:
    """Attributions with a content that is more than a bare adjective ("made [clear]")."""
    return [
        a for a in found
        if a.content is not None and not (len(a.content) == 1 and a.content[0].pos_ == "ADJ")
    ]


def readout_cues(
    sentence: Span, found: Iterable[Attribution], lexicon: Lexicon
) -> list[Attribution]:
    """Verbs of official readouts that news does not hold as cues ("President Abbas
    briefed President Biden on …", "The leaders underscored …", "They committed to …",
    "President Biden made clear that …"), not found already."""
    taken = {t.i for a in found for t in [a.cue, *a.merged]}
    extra: list[Attribution] = []
    for token in sentence:
        lemma = token.lemma_.lower()
        adjective = token.lower_ in READOUT_ADJECTIVES and token.pos_ in ("ADJ", "VERB")
        entry = READOUT_VERBS.get(lemma) or (READOUT_VERBS.get("commit") if adjective else None)
        if token.lower_ == "clear":
            entry = ("01", 0) if token.head.lemma_ in ("be", "make") else None
        if entry is None or token.i in taken or (token.pos_ != "VERB" and not adjective):
            continue
        subject = _readout_subject(token)
        content = _readout_content(token)
        if subject is None or content is None or content.start <= subject.i < content.end:
            continue
        info = lexicon.cue(lemma, "speech", "stance", "call") or Cue(lemma, "speech", *entry)
        attribution = Attribution(token, info, subject, content)
        attribution.scope.append(token)
        extra.append(attribution)
    return extra


FIRST_WORDS = frozenset({"i", "we", "my", "our"})
BARE_YEAR = re.compile(r"^(?:in\s+)?(\d{4})$", re.IGNORECASE)


def own_words(statements: Sequence[Statement], text: str) -> list[Statement]:
    """A speech's first-person statements ("We condemn …") are the speaker's own words,
    ``direct`` only where the content is in quotation marks (``STATEMENTS.md``: kind)."""
    found: list[Statement] = []
    for statement in statements:
        words = statement.speaker.text.lower().split()
        start, end = statement.content_start, statement.content_end
        if statement.kind == "direct" and words and words[0] in FIRST_WORDS and (
            start is not None and end is not None and not quoted_at(text, start, end)
        ):
            statement = replace(statement, kind="indirect")
        found.append(statement)
    return found


def session_dated(statements: Sequence[Statement], year: object) -> list[Statement]:
    """Statements of a speech without a publication date (a UN General Debate record):
    dated to the record's year at ``year`` precision, or to the year a bare year phrase
    names ("in 1945") when it is not later."""
    try:
        session = int(str(year))
    except ValueError:
        return list(statements)
    if not 1900 <= session <= 2100:
        return list(statements)
    found: list[Statement] = []
    for statement in statements:
        when = statement.when
        if when.date is None:
            named = BARE_YEAR.match((when.text or "").strip())
            day = int(named.group(1)) if named and int(named.group(1)) <= session else session
            statement = replace(statement, when=When(when.text, date(day, 1, 1), "year"))
        found.append(statement)
    return found


__all__ = [
    "ADDRESSEE_VERBS",
    "READOUT_ADJECTIVES",
    "READOUT_VERBS",
    "own_words",
    "quoted_at",
    "readout_cues",
    "session_dated",
    "usable",
]
