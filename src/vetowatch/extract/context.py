"""Resolution in context: what an article has already said about who is who.

A reader links "De Mistura" to the earlier "UN envoy Staffan de Mistura", "the envoy" to
the same man, and "McMaster" to "HR McMaster, Donald Trump's national security adviser".
:class:`MentionMemory` holds, for one article, every person mention that could be coded
with a country (from the name itself on the publication date, or from its apposition or
title: "Russia's foreign minister", "Donald Trump's national security adviser") and the
role nouns seen with it; later mentions without a country of their own look it up.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from vetowatch.extract.actors.offices import strip_titles

# role nouns that a later bare mention ("the envoy", "the minister") may refer back to
ROLE_NOUNS = frozenset(
    {
        "envoy", "minister", "secretary", "ambassador", "spokesman", "spokeswoman",
        "spokesperson", "president", "premier", "chancellor", "adviser", "advisor",
        "mediator", "negotiator", "representative", "diplomat", "official", "king",
        "emir", "prince", "general", "commander", "leader", "coordinator", "chief",
    }
)
NAME_PARTICLES = frozenset({"DE", "AL", "EL", "VAN", "VON", "BIN", "BEN", "DA", "DI", "LE"})
@dataclass
class Coded:
    """An actor code for a mention; ``sector`` alone when the country is still unknown."""

    code: str | None
    sector: str | None = None
    country: str | None = None


def name_key(text: str) -> tuple[str, ...]:
    """``"UN envoy Staffan de Mistura's"`` → ``("STAFFAN", "DE", "MISTURA")``: the name
    words without titles or possessive ending."""
    name, _ = strip_titles(text.replace("’s", "").replace("'s", ""))
    return tuple(name.split())


def _tail_matches(short: tuple[str, ...], full: tuple[str, ...]) -> bool:
    """``("DE", "MISTURA")`` names ``("STAFFAN", "DE", "MISTURA")``; ``("MISTURA",)`` too;
    a lone particle never does."""
    core = tuple(w for w in short if w not in NAME_PARTICLES)
    if not core or len(short) > len(full):
        return False
    if full[-len(short):] == short:
        return True
    full_core = tuple(w for w in full if w not in NAME_PARTICLES)
    return len(core) <= len(full_core) and full_core[-len(core):] == core


@dataclass
class Known:
    """A coded person mention: where it is, its name words, its code, the role nouns with it."""

    position: int
    key: tuple[str, ...]
    text: str
    coded: Coded
    roles: frozenset[str]


@dataclass
class MentionMemory:
    """The person mentions of one article that carry a country, in text order."""

    items: list[Known] = field(default_factory=list)

    def add(self, span: Span, name: Span, coded: Coded) -> None:
        """Remember ``name`` (a PERSON entity inside ``span``) with ``coded``."""
        if coded.code is None:
            return
        key = name_key(name.text)
        if not key:
            return
        roles = frozenset(t.lemma_.lower() for t in span if t.lemma_.lower() in ROLE_NOUNS)
        self.items.append(Known(name.start, key, span.text, coded, roles))

    def person(self, text: str, before: int) -> Known | None:
        """The latest earlier mention whose name ends with ``text``'s name words; ``None``
        when two different codes would fit (an ambiguous surname)."""
        key = name_key(text)
        if not key:
            return None
        fits = [k for k in self.items if k.position < before and _tail_matches(key, k.key)]
        if not fits:
            return None
        codes = {k.coded.code for k in fits}
        full_names = {k.key for k in fits}
        if len(codes) > 1 and len(full_names) > 1:
            return fits[-1] if len(key) > 1 else None
        return fits[-1]

    def role(self, lemma: str, before: int, window: int = 400) -> Known | None:
        """The latest earlier person mention (within ``window`` tokens) seen with the role
        noun ``lemma`` ("the envoy" → "UN envoy Staffan de Mistura")."""
        for known in reversed(self.items):
            close = known.position < before and before - known.position <= window
            if close and lemma in known.roles:
                return known
        return None


def looks_like_name(ent: Span) -> bool:
    """A PERSON entity, or an ORG one shaped like a person's name ("Staffan de Mistura":
    the small model often labels such names ORG)."""
    if ent.label_ == "PERSON":
        return True
    words = [t.text for t in ent]
    return (ent.label_ == "ORG" and 2 <= len(words) <= 4 and words[0][:1].isupper()
            and all(w[:1].isupper() or w.upper() in NAME_PARTICLES for w in words)
            and not any(t.is_stop and t.text.upper() not in NAME_PARTICLES for t in ent))


def person_entity(span: Span) -> Span | None:
    """The PERSON entity a noun phrase is headed by or ends with, if any."""
    doc = span.doc
    for token in (span.root, *reversed(list(span))):
        if token.ent_type_ == "PERSON":
            start, end = token.i, token.i + 1
            while start > span.start and doc[start - 1].ent_type_ == "PERSON" \
                    and doc[start].ent_iob_ != "B":
                start -= 1
            while end < span.end and doc[end].ent_iob_ == "I":
                end += 1
            return doc[start:end]
    return None


def is_role_mention(token: Token) -> bool:
    """A bare role noun ("the envoy", "the secretary of state"), not a name."""
    return token.lemma_.lower() in ROLE_NOUNS and not token.ent_type_
