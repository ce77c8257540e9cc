"""A learned attribution-cue tagger: a logistic regression over token features of the parse.

The rules of :mod:`vetowatch.extract.attribution` find the common cue forms; PolNeAR
annotates a long tail of others (``show``, ``want``, ``in an interview``, ``refer to`` …).
:class:`CueTagger` scores tokens with weights learned on the PolNeAR train split by
:mod:`tools/train_cues.py` (``extract/data/cue_weights.json``):

* only the rules' cues and tokens whose lemma passes the *gate* (lemmas seen as cue heads
  in train) are scored, so most tokens cost one set lookup;
* a token's features are strings (lemma, tag, dependency, head, children, neighbours,
  quotes and named entities nearby, position, lexicon membership, where the rules found
  cues); the score is the sum of their weights plus the bias;
* a token the rules missed is a cue when its score reaches ``threshold``; a rule cue that
  carries no statement (``according to``, a bare ``…," she said``) is dropped when scored
  below ``veto``, one that carries a statement only below ``veto_statement`` (all three
  chosen on dev); adjacent cue tokens form one cue (``refer to``), and a token next to a
  rule cue belongs to the rule's cue.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from spacy.tokens import Doc, Span, Token

from vetowatch.extract.lexicon import Lexicon

WEIGHTS_FILE = "cue_weights.json"
QUOTE_CHARS = frozenset('"“”‘’«»')
_DOUBLE_QUOTES = frozenset('"“”«»')
CUE_KINDS = ("speech", "stance", "call", "think", "nominal")
_ENTITY_TYPES = frozenset({"PERSON", "ORG", "GPE", "NORP"})
_CHILD_WORDS = frozenset(
    {"prep", "prt", "agent", "dative", "mark", "advmod", "neg", "aux", "auxpass"}
)


DASHES = frozenset("―—–")
_COMPLEMENTS = ("ccomp", "xcomp", "dobj", "prep", "advcl", "parataxis")


def gate_key(token: Token) -> str:
    """The word a token is gated by: its lemma (lower case); for punctuation the mark
    without quotes, every dash as ``―``."""
    if not token.is_punct:
        return token.lemma_.lower()
    text = token.text.strip("".join(QUOTE_CHARS) + "'")
    if text == "--" or (text and set(text) <= DASHES):
        return "―"
    return text or token.text


def _subject(token: Token, children: Iterable[Token] | None = None) -> str:
    """The subject's (or possessor's) kind: ``PRON``, its entity type or part of speech;
    ``children`` are the token's children when the caller already has them."""
    for child in token.children if children is None else children:
        if child.dep_ in ("nsubj", "nsubjpass", "poss"):
            if child.pos_ == "PRON":
                return "PRON"
            return child.ent_type_ or child.pos_
    return "none"


def _quote_context(token: Token, sentence: Span) -> list[str]:
    """Quotes near the token, and whether it sits inside a quotation (counted on the
    document's quote prefix sums: no token of the window is built)."""
    doc, i = token.doc, token.i
    prefix = _quote_prefix(doc)
    found = []
    if prefix[i] - prefix[max(sentence.start, i - 3)] > 0:
        found.append("q-left")
    if prefix[min(sentence.end, i + 4)] - prefix[i + 1] > 0:
        found.append("q-right")
    if (prefix[i] - prefix[sentence.start]) % 2:
        found.append("q-inside")
    if prefix[sentence.end] > prefix[sentence.start]:
        found.append("q-sentence")
    return found


_PREFIX_KEY = "vetowatch.quote_prefix"


def _quote_prefix(doc: Doc) -> list[int]:
    """How many tokens before each position open with a quote mark (``len(doc) + 1``
    counts), computed once per document: quote counts over any span in constant time."""
    cached = doc.user_data.get(_PREFIX_KEY)
    if isinstance(cached, list) and len(cached) == len(doc) + 1:
        return cached
    prefix = [0]
    for token in doc:
        prefix.append(prefix[-1] + (token.text[:1] in QUOTE_CHARS))
    doc.user_data[_PREFIX_KEY] = prefix
    return prefix


_ENT_KEY = "vetowatch.ent_types"


def _ent_types(doc: Doc) -> list[str]:
    """Each token's entity type (``""`` outside entities), read once per document."""
    cached = doc.user_data.get(_ENT_KEY)
    if isinstance(cached, list) and len(cached) == len(doc):
        return cached
    strings = doc.vocab.strings
    types = [strings[h] if h else "" for h in doc.to_array("ENT_TYPE").tolist()]
    doc.user_data[_ENT_KEY] = types
    return types


def _entity_context(token: Token, sentence: Span) -> list[str]:
    types = _ent_types(token.doc)[max(sentence.start, token.i - 4) : min(sentence.end, token.i + 5)]
    return sorted({f"ent-near={t}" for t in types if t in _ENTITY_TYPES})


def _position(token: Token, sentence: Span) -> str:
    offset, size = token.i - sentence.start, len(sentence)
    if offset == 0:
        return "pos=first"
    if size - offset <= 2:
        return "pos=last"
    return f"pos={min(4, offset * 5 // max(size, 1))}"


def _rule_context(token: Token, sentence: Span, rules: frozenset[int], head: int,
                  children: Sequence[Token]) -> list[str]:
    """Where the rules' cues are: this token, its head (index ``head``), a child, a
    neighbour, the sentence. As trained, the head counts even when it is the token itself
    (a root): the test was ``token.head is not token``, always true in spaCy 3."""
    if not rules:
        return []
    found = []
    if token.i in rules:
        found += ["rule", f"l|rule={gate_key(token)}"]
    if head in rules:
        found.append("rule-head")
    if any(c.i in rules for c in children):
        found.append("rule-child")
    if token.i - 1 in rules or token.i + 1 in rules:
        found.append("rule-next")
    if any(sentence.start <= i < sentence.end and i != token.i for i in rules):
        found.append("rule-sentence")
    return found


def token_features(
    token: Token, sentence: Span, lexicon: Lexicon, rules: frozenset[int] = frozenset()
) -> list[str]:
    """The feature strings of one token (deterministic order); ``rules`` holds the token
    indices of the cues the rules found. Each spaCy attribute is read once: spaCy builds a
    new ``Token`` on every access of a head, child or neighbour."""
    lemma, pos, dep = gate_key(token), token.pos_, token.dep_
    head = token.head
    head_lemma = head.lemma_.lower()
    doc = token.doc
    before = doc[token.i - 1] if token.i > sentence.start else None
    after = doc[token.i + 1] if token.i + 1 < sentence.end else None
    children = list(token.children)
    child_deps = [c.dep_ for c in children]
    deps = sorted(set(child_deps))
    subject = _subject(token, children)
    w_before = before.lower_ if before is not None else "<s>"
    w_after = after.lower_ if after is not None else "</s>"
    features = [
        f"l={lemma}",
        f"w={token.lower_}",
        f"t={token.tag_}",
        f"d={dep}",
        f"l|p={lemma}|{pos}",
        f"l|d={lemma}|{dep}",
        f"p|d={pos}|{dep}",
        f"h={head_lemma}",
        f"d|hp={dep}|{head.pos_}",
        f"s={subject}",
        f"l|s={lemma}|{subject}",
        f"w-1={w_before}",
        f"w+1={w_after}",
        f"p-1|p+1={before.pos_ if before else '<s>'}|{after.pos_ if after else '</s>'}",
        f"l|w+1={lemma}|{w_after}",
        f"l|h={lemma}|{head_lemma}",
        f"x-1={before.shape_[:4] if before is not None else '<s>'}",
        f"x+1={after.shape_[:4] if after is not None else '</s>'}",
        f"e-1={before.ent_type_ if before is not None else '<s>'}",
        f"e+1={after.ent_type_ if after is not None else '</s>'}",
        _position(token, sentence),
    ]
    complements = "+".join(d for d in deps if d in _COMPLEMENTS) or "none"
    features += [
        f"s|comp={subject}|{complements}",
        f"p|s|comp={pos}|{subject}|{complements}",
        f"l|comp={lemma}|{complements}",
    ]
    features += [f"c={d}" for d in deps]
    features += [f"l|c={lemma}|{d}" for d in deps if d in ("ccomp", "xcomp", "dobj", "nsubj")]
    features += sorted(
        {f"cw={d}|{c.lower_}" for c, d in zip(children, child_deps, strict=True)
         if d in _CHILD_WORDS}
    )
    features += [f"lex={k}" for k in CUE_KINDS if (lemma, k) in lexicon.cues]
    features += _quote_context(token, sentence)
    features += _entity_context(token, sentence)
    features += _rule_context(token, sentence, rules, head.i, children)
    features += _subject_features(token, lemma, children, dep, head)
    features += _clause_features(children, child_deps)
    features += _paragraph_quotes(token, sentence, lemma)
    features += _structure(token, lemma, rules, head, head_lemma, dep)
    return features


def _subject_word(token: Token) -> str:
    """A pronoun subject's word, else its entity type or part of speech."""
    return token.lower_ if token.pos_ == "PRON" else token.ent_type_ or token.pos_


def _subject_features(token: Token, lemma: str, children: Sequence[Token], dep: str,
                      head: Token) -> list[str]:
    """The subject itself (``he``, ``PERSON``) and its side; for a complement or conjunct
    without one, the subject type of its head (``… and added``, ``wants to say``)."""
    subject = next((c for c in children if c.dep_ in ("nsubj", "nsubjpass")), None)
    found = []
    if subject is None and dep in ("xcomp", "conj", "advcl"):
        found.append(f"s-inh={_subject(head)}")
    if subject is not None:
        word = _subject_word(subject)
        side = "before" if subject.i < token.i else "after"
        found += [f"sw={word}", f"l|sw={lemma}|{word}", f"s-{side}"]
    return found


def _clause_features(children: Sequence[Token], child_deps: Sequence[str]) -> list[str]:
    """The clausal complements: their marker (``that``), tag, quotes and length."""
    found = []
    for child, child_dep in zip(children, child_deps, strict=True):
        if child_dep not in ("ccomp", "xcomp"):
            continue
        marks = [g.lower_ for g in child.children if g.dep_ == "mark"]
        subtree = list(child.subtree)
        found += [
            f"cm={child_dep}|{marks[0] if marks else 'none'}",
            f"ctag={child_dep}|{child.tag_}",
            f"clen={min(3, len(subtree) // 5)}",
        ]
        if any(t.text[:1] in QUOTE_CHARS for t in subtree):
            found.append("cq")
    return found


_PARITY_KEY = "vetowatch.quote_parity"


def _quote_parity(doc: Doc) -> list[int]:
    """For each token, the parity of the double quote marks before it in its paragraph
    (tokens after the last line break), computed once per document."""
    cached = doc.user_data.get(_PARITY_KEY)
    if isinstance(cached, list) and len(cached) == len(doc):
        return cached
    parity: list[int] = []
    opened = 0
    for token in doc:
        parity.append(opened % 2)
        if "\n" in token.text:
            opened = 0
        elif token.text[:1] in _DOUBLE_QUOTES:
            opened += 1
    doc.user_data[_PARITY_KEY] = parity
    return parity


def _paragraph_quotes(token: Token, sentence: Span, lemma: str) -> list[str]:
    """Whether an odd number of quote marks opens the token's paragraph before it (a
    quotation that runs over sentences), and whether a closing quote and a comma come
    right before it (``"…", said X``)."""
    doc = token.doc
    parity = _quote_parity(doc)[token.i]
    found = [f"qdoc={parity}", f"l|qdoc={lemma}|{parity}"]
    if (
        token.i - 2 >= sentence.start
        and doc[token.i - 1].text == ","
        and doc[token.i - 2].text[:1] in QUOTE_CHARS
    ):
        found.append("after-q,")
    return found


def _structure(token: Token, lemma: str, rules: frozenset[int], head: Token,
               head_lemma: str, dep: str) -> list[str]:
    """Lemma by tag and by the head's relation; the path up (depth, a clause, a rule cue
    above) and whether a rule cue lies below."""
    ancestors = list(token.ancestors)
    head_dep = head.dep_
    found = [
        f"l|t={lemma}|{token.tag_}",
        f"l|hd={lemma}|{head_dep}",
        f"d|hd={dep}|{head_dep}",
        f"hl|d={head_lemma}|{dep}",
        f"depth={min(4, len(ancestors))}",
    ]
    if rules and any(a.i in rules for a in ancestors):
        found.append("rule-anc")
    if any(a.dep_ == "ccomp" for a in ancestors):
        found.append("in-ccomp")
    if rules and any(c.i in rules for c in token.subtree if c.i != token.i):
        found.append("rule-desc")
    return found


@dataclass(frozen=True)
class Decision:
    """What the tagger makes of one sentence: rule cues it vetoes, cues it adds."""

    vetoed: frozenset[int]
    added: tuple[int, ...]


def combine(
    scores: dict[int, float], rules: Iterable[int], threshold: float, vetoes: dict[int, float]
) -> Decision:
    """Rule cues scored below their entry in ``vetoes`` are dropped; other tokens scored at
    least ``threshold`` are added, one (the best) per run of adjacent tokens, none next to
    a rule cue. ``scores`` holds the logits of the scored tokens by index."""
    ruled = set(rules)
    vetoed = frozenset(i for i, floor in vetoes.items() if scores.get(i, floor) < floor)
    picked = sorted(i for i, v in scores.items() if v >= threshold and i not in ruled)
    runs: list[list[int]] = []
    for i in picked:
        if runs and runs[-1][-1] == i - 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    added = tuple(
        max(run, key=lambda i: (scores[i], -i))
        for run in runs
        if run[0] - 1 not in ruled and run[-1] + 1 not in ruled
    )
    return Decision(vetoed, added)


@dataclass(frozen=True)
class CueTagger:
    """Learned weights, the gate of words worth scoring and the two thresholds."""

    weights: dict[str, float]
    bias: float
    threshold: float  # a token outside the rules' cues is a cue from this logit up
    veto: float  # a rule cue without a statement scored below this is dropped
    veto_statement: float  # the same for a rule cue that carries a statement
    gate: frozenset[str]

    def score(self, token: Token, sentence: Span, lexicon: Lexicon, rules: frozenset[int]) -> float:
        """The logit of ``token`` being a cue."""
        weights = self.weights
        features = token_features(token, sentence, lexicon, rules)
        # the features without a weight add 0.0, which changes no sum: left out, same order
        return self.bias + sum([weights[f] for f in features if f in weights])

    def scores(self, sentence: Span, lexicon: Lexicon, rules: frozenset[int]) -> dict[int, float]:
        """Logits of the gated tokens and the rule cues of ``sentence``, by token index."""
        return {
            token.i: self.score(token, sentence, lexicon, rules)
            for token in sentence
            if token.i in rules or gate_key(token) in self.gate
        }

    def decide(
        self, sentence: Span, lexicon: Lexicon, rules: Iterable[int], cues: dict[int, bool]
    ) -> Decision:
        """Which rule cues of ``sentence`` to drop and which tokens to add as cues;
        ``cues`` tells for each rule attribution's cue whether it carries a statement."""
        ruled = frozenset(rules)
        scores = self.scores(sentence, lexicon, ruled)
        return combine(scores, ruled, self.threshold, self.vetoes(cues))

    def vetoes(self, cues: dict[int, bool]) -> dict[int, float]:
        """The veto threshold of each rule cue: lower for cues that carry a statement."""
        return {i: self.veto_statement if said else self.veto for i, said in cues.items()}

    def to_json(self) -> dict[str, object]:
        return {
            "bias": self.bias,
            "threshold": self.threshold,
            "veto": self.veto,
            "veto_statement": self.veto_statement,
            "gate": sorted(self.gate),
            "weights": dict(sorted(self.weights.items())),
        }

    @classmethod
    def from_json(cls, data: dict[str, object]) -> CueTagger:
        weights, gate = data["weights"], data["gate"]
        if not isinstance(weights, dict) or not isinstance(gate, list):
            raise ValueError("cue weights: 'weights' must be an object and 'gate' a list")
        return cls(
            {str(k): float(v) for k, v in weights.items()},
            float(str(data["bias"])),
            float(str(data["threshold"])),
            float(str(data["veto"])),
            float(str(data["veto_statement"])),
            frozenset(str(g) for g in gate),
        )


def load_tagger(path: Path | None = None) -> CueTagger | None:
    """The packaged tagger (``extract/data/cue_weights.json``), or ``None`` when absent."""
    if path is not None:
        text = path.read_text(encoding="utf-8")
    else:
        source = resources.files("vetowatch.extract.data").joinpath(WEIGHTS_FILE)
        if not source.is_file():
            return None
        text = source.read_text(encoding="utf-8")
    return CueTagger.from_json(json.loads(text))
