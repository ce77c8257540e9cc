"""An event coder over the dependency parse: PETRARCH2's CAMEO verb dictionary and PLOVER.

The verb dictionary (``petrarch2/dictionaries/CAMEO.2.0.txt``) has ``&SYNSET`` word sets
and verb blocks::

    ---  ASK   [---]  ---                 block head and default code ("---" = none)
    +ASK_FOR {+ASKED_FOR ...} [020]       a phrasal verb with its own code
    ASK     [020]                         a verb of the block (own code, else the block's)
    - * (FOR {HUMANITARIAN AID})  [0233]  a pattern: "*" is the verb; words after it are
                                          in its object, "(PREP words)" a prepositional
                                          phrase, "{A B}" a phrase, "&SET" a synset;
                                          words before "*" are on the subject side.

:func:`code_verb` codes one verb token: the most specific pattern of its block whose
words all appear in the verb's dependents (object, particles, prepositional phrases,
complements), else the verb's own code. A block's patterns apply to all its verbs, except
a pattern written (per its comment) for another verb when it has no content word
(``- * (WITH)`` for BREAK) or is an idiom of a light verb (``- * PART`` for TAKE).
:func:`code_sentence` walks the verbs of a sentence from its root down and keeps the first
one coded outside "make a public statement" (01) -- ``X said it would send troops`` is
coded by ``send troops``; a directive is coded by the act it orders (``ordered the paper
to suspend publication`` 1721); a promise whose complement codes nothing is 030; when
nothing in the clause tree codes, by an event noun, else the first coded verb elsewhere in
the sentence (``an attempt to assassinate X was thwarted``).

CAMEO codes map to PLOVER categories with ``plover/CAMEO2PLOVER-2021.txt`` (longest code
prefix; ``084``--``087`` are RETREAT, ``163`` COERCE …), falling back on the root table of
:mod:`vetowatch.extract.statement` for codes the table leaves out (01, 02, 19, 20).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from spacy.tokens import Span, Token

from vetowatch.extract.cameo import plover_type, read_crosswalk
from vetowatch.extract.events_nouns import first_event_noun, noun_event, statement_object
from vetowatch.extract.events_words import (
    DEONTIC_AUX,
    DIRECTIVES,
    EXTRA_VERBS,
    FUNCTION_WORDS,
    FUTURE_AUX,
    IDIOM_VERBS,
    INTENT_HEADS,
    INTENT_OF,
    PROMISES,
    REFUSALS,
    SYNONYMS,
    THREAT_OF,
)

VERB_FILE = Path("petrarch2") / "dictionaries" / "CAMEO.2.0.txt"
PLOVER_FILE = Path("plover") / "CAMEO2PLOVER-2021.txt"

_HEAD = re.compile(r"^---\s+(\S+)\s+\[([^\]]*)\]\s*-*\s*---")
_CODE = re.compile(r"\[([^\]]*)\]")
_PIECE = re.compile(r"[(){}]|[^\s(){}]+")
_MARKERS = frozenset({"$", "+", "^", "%"})
_SKIP_DEPS = frozenset(
    {"nsubj", "nsubjpass", "csubj", "aux", "auxpass", "neg", "punct", "mark", "cc", "ccomp"}
)
_DESCEND = ("ccomp", "xcomp", "conj", "advcl", "parataxis", "pcomp", "acomp", "relcl", "prep")
_OBJECTS = frozenset({"dobj", "attr", "oprd", "acomp", "prt", "npadvmod", "advmod", "dative"})
_MODIFIERS = frozenset({"compound", "amod", "nummod", "nmod", "poss"})
_NEGATIVE_FLIP = frozenset({"03", "04", "05", "06", "07", "08"})
Word = frozenset[str]


@dataclass(frozen=True)
class Pattern:
    """One verb pattern: subject-side words, object words, prepositional phrases, code."""

    before: tuple[Word, ...]
    words: tuple[Word, ...]
    preps: tuple[tuple[str, tuple[Word, ...]], ...]
    code: str
    origin: str | None = None

    @property
    def weight(self) -> int:
        return len(self.before) + len(self.words) + sum(1 + len(w) for _, w in self.preps)


@dataclass(frozen=True)
class VerbEntry:
    """A verb (or phrasal verb) of a block: its own code (or the block's) and the block."""

    code: str | None
    block: int
    particle: str | None = None


@dataclass(frozen=True)
class VerbDictionary:
    """The compiled verb dictionary: verbs by lemma, and each block's patterns."""

    verbs: dict[str, tuple[VerbEntry, ...]]
    blocks: tuple[tuple[Pattern, ...], ...]


@dataclass(frozen=True)
class CodedEvent:
    """A coded event: the CAMEO code, its PLOVER category, the verb token and the rule."""

    code: str
    plover: str | None
    verb: Token
    rule: str

    @property
    def root(self) -> str:
        return self.code[:2]


def _clean_code(raw: str) -> str | None:
    main, _, alternative = raw.strip().partition(":")
    code = main.strip() or alternative.strip()
    return code if code[:1].isdigit() else None


def _words(raw: str, synsets: dict[str, Word]) -> list[Word]:
    """``ARMS`` / ``&FOOD`` / ``CEASE_FIRE`` → word sets (multi-word names split)."""
    if raw in _MARKERS or raw == "*":
        return []
    if raw.startswith("&"):
        found = synsets.get(raw[1:].rstrip("_").lower())
        return [found] if found else [frozenset()]  # an unknown set matches nothing
    return [frozenset({part}) for part in raw.lower().strip("_").split("_") if part]


def parse_pattern(text: str, code: str, synsets: dict[str, Word]) -> Pattern | None:
    """``* (FOR {HUMANITARIAN AID})`` → :class:`Pattern` (``None`` without a ``*``)."""
    pieces = _PIECE.findall(text)
    if "*" not in pieces:
        return None
    star = pieces.index("*")
    before = [w for p in pieces[:star] if p not in "(){}" for w in _words(p, synsets)]
    words: list[Word] = []
    preps: list[tuple[str, tuple[Word, ...]]] = []
    current: list[str] | None = None
    for piece in pieces[star + 1 :]:
        if piece == "(":
            current = []
        elif piece == ")" and current is not None:
            if current:
                inner = [w for p in current[1:] for w in _words(p, synsets)]
                preps.append((current[0].lower(), tuple(inner)))
            current = None
        elif piece in "{}":
            continue
        elif current is not None:
            current.append(piece)
        else:
            words.extend(_words(piece, synsets))
    return Pattern(tuple(before), tuple(words), tuple(preps), code)


def _verb_forms(line: str) -> tuple[str, list[str]]:
    """``HURRY {HURRIES HURRIED}`` → (``hurry``, forms); phrasal names keep ``_``."""
    forms = re.findall(r"\{([^}]*)\}", line)
    head = re.sub(r"\{[^}]*\}", "", _CODE.sub("", line)).strip().lstrip("+")
    extra = [f.lstrip("+").lower() for group in forms for f in group.split()]
    return head.lower(), extra


def _add_verb(
    verbs: dict[str, list[VerbEntry]], line: str, block: int, default: str | None
) -> None:
    own = _CODE.search(line)
    code = _clean_code(own.group(1)) if own else default
    if own and own.group(1).strip() == "---":
        code = None
    head, forms = _verb_forms(line)
    if not head:
        return
    for name in [head, *forms]:
        first, _, rest = name.partition("_")
        particle = rest.split("_")[-1] if rest else None
        entry = VerbEntry(code, block, particle)
        verbs.setdefault(first, [])
        if entry not in verbs[first]:
            verbs[first].append(entry)


def _read_synsets(lines: list[str]) -> dict[str, Word]:
    synsets: dict[str, set[str]] = {}
    name: str | None = None
    for raw in lines:
        if raw.lstrip().startswith("#"):
            continue  # a comment line inside a set does not end it
        line = raw.split("#", 1)[0].strip()
        if line.startswith("---"):
            break
        if line.startswith("&"):
            name = line[1:].rstrip("_").lower()
            synsets[name] = set()
        elif line.startswith("+") and name is not None:
            synsets[name].add(line[1:].strip().lower().strip("_").replace("_", " "))
        elif not line:
            name = None
    # a synset member of several words matches on its last word (the head noun)
    return {k: frozenset(w.split()[-1] for w in v if w) for k, v in synsets.items()}


def _origin(raw: str) -> str | None:
    """The verb a pattern was first written for: the first word of its comment."""
    _, _, comment = raw.partition("#")
    first = comment.split()[0] if comment.split() else ""
    return first.lower().split("_")[0] if first.isupper() and first[:1].isalpha() else None


def read_verb_dictionary(path: Path) -> VerbDictionary:
    """Parse a PETRARCH2 verb dictionary (``CAMEO.2.0.txt``; about 0.2 s)."""
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    synsets = _read_synsets(lines)
    verbs: dict[str, list[VerbEntry]] = {}
    blocks: list[list[Pattern]] = []
    default: str | None = None
    for raw in lines:
        line = raw.split("#", 1)[0].rstrip()
        head = _HEAD.match(line)
        if head:
            default = _clean_code(head.group(2))
            blocks.append([])
            _add_verb(verbs, head.group(1), len(blocks) - 1, default)
            continue
        if not blocks or not line.strip():
            continue
        if line.startswith("-"):
            found = _CODE.findall(line)
            code = _clean_code(found[-1]) if found else None
            pattern = parse_pattern(_CODE.sub("", line)[1:], code, synsets) if code else None
            if pattern is not None:
                blocks[-1].append(replace(pattern, origin=_origin(raw)))
        elif line[:1].isalpha() or line.startswith("+"):
            _add_verb(verbs, line.strip(), len(blocks) - 1, default)
    return VerbDictionary({k: tuple(v) for k, v in verbs.items()}, tuple(tuple(b) for b in blocks))


def read_plover_table(path: Path) -> dict[str, str]:
    """``CAMEO2PLOVER-2021.txt`` → CAMEO code → PLOVER event (first mapping of a code wins)."""
    return {code: found.event for code, found in read_crosswalk(path).items()}


def _forms(token: Token) -> set[str]:
    return {token.lower_, token.lemma_.lower()}


def _phrase(head: Token) -> list[Token]:
    """A head noun and its close modifiers (compounds, adjectives, numbers)."""
    return [head, *(c for c in head.children if c.dep_ in _MODIFIERS)]


def _dependents(verb: Token) -> tuple[list[Token], list[Token]]:
    """(object-side words, prepositions) of a verb: objects, particles, complements."""
    words: list[Token] = []
    preps: list[Token] = []
    for child in verb.children:
        if child.dep_ in _OBJECTS:
            words.extend(_phrase(child))
            preps.extend(c for c in child.children if c.dep_ == "prep")
        elif child.dep_ in ("prep", "agent", "dative") and child.pos_ == "ADP":
            preps.append(child)
        elif child.dep_ == "xcomp":
            words.append(child)
            words.extend(c for c in child.children if c.dep_ in ("aux", "dobj"))
    return words, preps


def _has(words: Iterable[Word], tokens: list[Token]) -> bool:
    present = set().union(*(_forms(t) for t in tokens)) if tokens else set()
    present |= {SYNONYMS[w] for w in present if w in SYNONYMS}
    return all(word & present for word in words)


def _prep_matches(prep: str, words: tuple[Word, ...], preps: list[Token]) -> bool:
    for token in preps:
        if token.lower_ != prep:
            continue
        inside = [t for c in token.children if c.dep_ in ("pobj", "pcomp") for t in _phrase(c)]
        if _has(words, inside):
            return True
    return False


def _subject_side(verb: Token) -> list[Token]:
    found = [t for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") for t in c.subtree]
    if not found and verb.dep_ in ("conj", "xcomp") and verb.head.i != verb.i:
        return _subject_side(verb.head)
    return found


def _foreign(pattern: Pattern, lemma: str) -> bool:
    """A pattern written for another verb of the block that does not carry over to this
    one: one with no content words (``- * (WITH)`` for BREAK), or an idiom of a light verb
    (``- * PART`` for TAKE: "take part", not "capture part")."""
    if pattern.origin is None or pattern.origin == lemma:
        return False
    function = all(word <= FUNCTION_WORDS for word in pattern.words)
    bare = function and not pattern.before and all(not words for _, words in pattern.preps)
    return bare or pattern.origin in IDIOM_VERBS


def match_pattern(verb: Token, patterns: tuple[Pattern, ...]) -> Pattern | None:
    """The most specific pattern whose words all appear around ``verb`` (patterns with no
    words apply only to the verb they were written for)."""
    after, preps = _dependents(verb)
    before: list[Token] | None = None
    best: Pattern | None = None
    lemma = verb.lemma_.lower()
    for pattern in patterns:
        if best is not None and pattern.weight <= best.weight:
            continue
        if _foreign(pattern, lemma):
            continue
        if not _has(pattern.words, after):
            continue
        if not all(_prep_matches(p, w, preps) for p, w in pattern.preps):
            continue
        if pattern.before:
            before = before if before is not None else _subject_side(verb)
            if not _has(pattern.before, before):
                continue
        best = pattern
    return best


def _stems(word: str) -> list[str]:
    """Regular de-inflections of a verb form (the tagger's lemma is sometimes wrong)."""
    found = [word]
    for ending, repl in (
        ("ies", "y"),
        ("ied", "y"),
        ("ing", ""),
        ("ing", "e"),
        ("ed", ""),
        ("ed", "e"),
        ("es", ""),
        ("s", ""),
    ):
        if word.endswith(ending) and len(word) > len(ending) + 2:
            stem = word[: -len(ending)] + repl
            found.append(stem)
            if not repl and len(stem) > 3 and stem[-1] == stem[-2]:
                found.append(stem[:-1])  # stopped → stop
    return found


def _entries(verb: Token, dictionary: VerbDictionary) -> list[VerbEntry]:
    entries: list[VerbEntry] = []
    for name in [verb.lemma_.lower(), *_stems(verb.lower_)]:
        entries += [e for e in dictionary.verbs.get(name, ()) if e not in entries]
        if entries and name == verb.lemma_.lower():
            break
    around = {c.lower_ for c in verb.children if c.dep_ not in _SKIP_DEPS}
    phrasal = [e for e in entries if e.particle is not None and e.particle in around]
    plain = [e for e in entries if e.particle is None]
    return phrasal + plain


def code_verb(verb: Token, dictionary: VerbDictionary, table: dict[str, str]) -> CodedEvent | None:
    """The CAMEO event of one verb token (pattern, else the verb's own code)."""
    for entry in _entries(verb, dictionary):
        pattern = match_pattern(verb, dictionary.blocks[entry.block])
        code = pattern.code if pattern is not None else entry.code
        if code is None:
            continue
        rule = "pattern" if pattern is not None else "verb"
        if any(c.dep_ == "neg" for c in verb.children) and code[:2] in _NEGATIVE_FLIP:
            code, rule = "12", rule + "+negated"
        return CodedEvent(code, plover_type(code, table), verb, rule)
    extra = EXTRA_VERBS.get(verb.lemma_.lower())
    if extra is not None and verb.pos_ == "VERB":
        return CodedEvent(extra, plover_type(extra, table), verb, "extra-verb")
    return None


def _verbs_from(root: Token) -> Iterator[Token]:
    """The verbs of a clause tree, breadth first from ``root`` through complement links."""
    queue = [root]
    seen: set[int] = set()
    while queue:
        token = queue.pop(0)
        if token.i in seen:
            continue
        seen.add(token.i)
        if token.pos_ in ("VERB", "AUX", "NOUN") or token.tag_.startswith("VB"):
            yield token
        queue.extend(c for c in token.children if c.dep_ in _DESCEND)


def _aux(verb: Token) -> set[str]:
    return {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}


def _infinitive(verb: Token) -> bool:
    """An infinitival complement: ``plans to send`` (xcomp), or ``vowed to fight`` parsed
    as a purpose clause (advcl with ``to``)."""
    if verb.dep_ == "xcomp":
        return True
    if verb.dep_ != "advcl" or not any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        return False
    # a purpose clause when the head has an object of its own: "agreed to a truce to end …"
    return not any(c.dep_ in ("dobj", "prep", "dative") for c in verb.head.children)


def _intended(verb: Token) -> bool:
    """``will send`` / ``ready to send`` / ``plans to send``: an intent, not a deed."""
    if _aux(verb) & FUTURE_AUX:
        return True
    head = verb.head
    if verb.dep_ == "conj" and head is not verb:
        return _intended(head)
    return _infinitive(verb) and head.lemma_.lower() in INTENT_HEADS


def _shift(event: CodedEvent, code: str, rule: str, table: dict[str, str]) -> CodedEvent:
    return CodedEvent(code, plover_type(code, table), event.verb, f"{event.rule}+{rule}")


def _modal(event: CodedEvent, table: dict[str, str]) -> CodedEvent:
    """Intent to cooperate is AGREE (03), intent to use force THREATEN (13), and a clause
    with ``must``/``should`` under a speech verb is a demand (10)."""
    verb, root = event.verb, event.root
    if not _intended(verb):
        return event
    if root in INTENT_OF:
        return _shift(event, INTENT_OF[root], "intent", table)
    if root in THREAT_OF:
        return _shift(event, THREAT_OF[root], "intent", table)
    if _promised(verb) and root not in ("10", "11", "12", "13"):
        return _shift(event, "030", "intent", table)
    return event


def _deontic(verb: Token) -> bool:
    """``(X said) Y must/should …``: a clause under a speech verb (or its conjunct)."""
    if verb.dep_ == "conj" and verb.head.i != verb.i and not _aux(verb):
        verb = verb.head
    return bool(_aux(verb) & DEONTIC_AUX) and verb.dep_ == "ccomp"


def _promised(verb: Token) -> bool:
    while verb.dep_ == "conj" and verb.head.i != verb.i:
        verb = verb.head
    return _infinitive(verb) and verb.head.lemma_.lower() in PROMISES


def _directed(verb: Token, dictionary: VerbDictionary, table: dict[str, str]) -> CodedEvent | None:
    """``ordered the paper to suspend publication``: the ordered act is the event (when
    it has a code of its own outside 01)."""
    for child in verb.children:
        if _infinitive(child):
            event = _clause_event(child, dictionary, table)
            if event is not None and event.root != "01":
                return _shift(event, event.code, "directed", table)
    return None


def _statement_content(
    verb: Token, said: Token, dictionary: VerbDictionary, table: dict[str, str]
) -> CodedEvent:
    """``issued a declaration demanding …``: the clause on the statement noun, else a
    plain statement (010)."""
    for clause in said.children:
        if clause.dep_ in ("acl", "relcl") and clause.pos_ == "VERB":
            event = _clause_event(clause, dictionary, table)
            if event is not None and event.root != "01":
                return event
    return CodedEvent("010", plover_type("010", table), verb, "statement")


def _clause_event(
    verb: Token, dictionary: VerbDictionary, table: dict[str, str]
) -> CodedEvent | None:
    lemma = verb.lemma_.lower()
    has_xcomp = any(_infinitive(c) for c in verb.children)
    if lemma in INTENT_HEADS and has_xcomp:
        return None  # the complement carries the event (coded as an intent)
    event = code_verb(verb, dictionary, table)
    said = statement_object(verb)
    if said is not None and (event is None or event.rule == "verb"):
        return _statement_content(verb, said, dictionary, table)
    if lemma in DIRECTIVES and has_xcomp and (event is None or event.rule == "verb"):
        done = _directed(verb, dictionary, table)
        if done is not None:
            return done
    if _deontic(verb) and (event is None or event.root not in ("12", "13")):
        return CodedEvent("100", plover_type("100", table), verb, "must")
    if lemma in REFUSALS and (event is None or event.root in ("01", "05")):
        return CodedEvent("120", plover_type("120", table), verb, "refusal")
    if lemma == "agree" and (event is None or event.root != "03"):
        return CodedEvent("030", plover_type("030", table), verb, "agree")
    named = noun_event(verb, event.code if event is not None else None)
    if named is not None:
        code, rule = named
        if any(c.dep_ == "neg" for c in verb.children) and code[:2] in _NEGATIVE_FLIP:
            code, rule = "12", rule + "+negated"
        event = CodedEvent(code, plover_type(code, table), verb, rule)
    return _modal(event, table) if event is not None else None


def code_sentence(
    sentence: Span, dictionary: VerbDictionary, table: dict[str, str]
) -> CodedEvent | None:
    """The main event of a sentence: the first verb (root first) coded outside 01."""
    fallback: CodedEvent | None = None
    visited: set[int] = set()
    for verb in _verbs_from(sentence.root):
        visited.add(verb.i)
        event = _clause_event(verb, dictionary, table)
        if event is None:
            continue
        if event.root != "01":
            return event
        fallback = fallback or event
    for verb in sentence:  # a promise whose complement coded nothing: "offered to hand over"
        if verb.i in visited and _promise_to(verb):
            return CodedEvent("030", plover_type("030", table), verb, "agree")
    named = first_event_noun(sentence) if fallback is None or fallback.root == "01" else None
    if named is not None:
        noun, code = named
        return CodedEvent(code, plover_type(code, table), noun, "event-noun")
    if fallback is not None:
        return fallback
    return _other_verbs(sentence, visited, dictionary, table)


def _promise_to(verb: Token) -> bool:
    """``agreed …`` / ``offered to hand over …``: a promise (with an infinitive, but for
    ``agree``)."""
    lemma = verb.lemma_.lower()
    if verb.pos_ != "VERB" or lemma not in PROMISES:
        return False
    return lemma == "agree" or any(_infinitive(c) for c in verb.children)


def _other_verbs(
    sentence: Span, visited: set[int], dictionary: VerbDictionary, table: dict[str, str]
) -> CodedEvent | None:
    """The first verb outside the clause tree coded outside 01 (``An attempt to
    assassinate X was thwarted``: the verb hangs under a noun)."""
    for verb in sentence:
        if verb.i in visited or verb.pos_ != "VERB":
            continue
        event = _clause_event(verb, dictionary, table)
        if event is not None and event.root != "01":
            return _shift(event, event.code, "elsewhere", table)
    return None


@dataclass(frozen=True)
class EventCoder:
    """The verb dictionary and the PLOVER table, loaded once."""

    dictionary: VerbDictionary
    table: dict[str, str]

    @classmethod
    def load(cls, events_dir: Path) -> EventCoder:
        return cls(
            read_verb_dictionary(events_dir / VERB_FILE),
            read_plover_table(events_dir / PLOVER_FILE),
        )

    def code(self, sentence: Span) -> CodedEvent | None:
        return code_sentence(sentence, self.dictionary, self.table)

    def code_verb(self, verb: Token) -> CodedEvent | None:
        return code_verb(verb, self.dictionary, self.table)
