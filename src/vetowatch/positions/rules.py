"""The stance of one statement on one question, decided by rules over the parse.

1. *Matches*: in the statement's scope (its content, plus a trailing ", saying …" clause),
   find the question's ``for`` cues ("to resign", "the ouster of") and ``against`` cues
   ("should be given time"), each next to a mention of the target (in the sentence, the
   statement's coded target, or — for anaphora — the sentence before). An anaphoric
   "such calls" / "these demands" takes the value of the call it points back to.
2. *Attitude*: walk from the match up the dependency tree to the statement's cue; every
   stance word on the way multiplies the sign ("opposes [calls for [X to resign]]" → -1;
   "do not support such calls" → -1); conjoined predicates ("criticized … and called for …")
   do not govern each other; "whether" makes it neutral. A reversing predicate whose object
   is the match or a call above it ("the lifting of [sanctions]", "abandoned [its call]")
   flips the sign too (:mod:`vetowatch.positions.reversal`); a verdict cue ("foreign
   interference") keeps its sign. Without a parse (or when the cue is not above the match)
   the words between the cue and the match are read left to right.
3. The signed, confidence-weighted sum over the matches gives for / against / neutral.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from vetowatch.extract.statement import Statement
from vetowatch.positions.questions import Question
from vetowatch.positions.reversal import Reversers, is_verdict, linear_span, passive, reversers
from vetowatch.positions.views import NEGATIONS, SentenceView, Tok, crude_lemma

# Words that govern a proposition below them: +1 keeps its sign, -1 flips it, 0 suspends it.
GOVERNORS: dict[str, int] = {
    **dict.fromkeys(
        ("support", "back", "endorse", "welcome", "favour", "favor", "want", "call", "urge",
         "demand", "ask", "seek", "push", "press", "advocate", "propose", "agree", "accept",
         "approve", "applaud", "praise", "join", "insist", "appeal", "request", "proposal",
         "campaign", "plan", "effort", "bid"), 1),
    **dict.fromkeys(
        ("oppose", "reject", "refuse", "refusal", "criticize", "criticise", "condemn",
         "denounce", "counter", "resist", "block", "veto", "dismiss", "deny", "object",
         "opposition", "warn", "against", "regret", "slam", "decry"), -1),
    **dict.fromkeys(("whether", "discuss", "debate", "consider", "question", "if"), 0),
}
# Predicates that judge their subject: "a withdrawal would be premature" → against it.
EVALUATIVE: dict[str, int] = {
    **dict.fromkeys(("premature", "mistake", "wrong", "dangerous", "reckless", "irresponsible",
                     "unacceptable", "disastrous", "catastrophic", "betrayal", "error",
                     "unwise", "counterproductive"), -1),
    **dict.fromkeys(("right", "necessary", "essential", "overdue", "justified"), 1),
}
_SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj"})
_BE_FORMS = frozenset({"be", "is", "was", "are", "were"})
_CLAUSE_BREAKS = frozenset({",", ";", "as", "because", "since", "that", "which", "who", "while",
                            "but", "although", "whereas", "if", "when"})
_CLIMB = frozenset({"dobj", "pobj", "prep", "compound", "amod", "acl", "xcomp", "aux",
                    "pcomp", "nmod", "poss", "det", "appos"})
CALL_NOUNS = frozenset({"call", "calls", "demand", "demands", "appeal", "appeals", "proposal",
                        "proposals", "idea", "plan", "push", "request", "requests"})
ANAPHORIC_DETS = frozenset({"such", "these", "those", "this", "that", "the"})
ANAPHORIC_WORDS = frozenset({"he", "him", "his", "it", "its", "they", "them", "leader",
                             "president", "regime", "government", "such", "these", "those"})
_TRAILING = re.compile(r",\s*(?:saying|adding|arguing|insisting|stressing|warning)\b")
_GAP = 3
_BARRIERS = frozenset({";", "but", "while", "whereas", "although"})
_PARTICIPLES = frozenset({"saying", "adding", "arguing", "insisting", "stressing", "warning"})


@dataclass(frozen=True)
class Match:
    """A cue of the question found in a sentence: token range, sign and how it was found."""

    first: int
    last: int
    sign: int  # +1 a ``for`` cue, -1 an ``against`` cue
    anaphora: bool = False
    far_target: bool = False
    verdict: bool = False  # the cue is the speaker's verdict ("foreign interference"): fixed sign


@dataclass(frozen=True)
class StanceDecision:
    """The stance of a statement on a question, with its evidence (article offsets)."""

    stance: str
    confidence: float
    evidence_start: int
    evidence_end: int
    method: str


def _word_match(word: str, tok: Tok) -> bool:
    if word in (tok.lower, tok.lemma):
        return True
    if len(word) < 4:
        return False
    stem = word[:-1] if len(word) >= 5 and word.endswith("e") else word
    return tok.lower.startswith(stem) or crude_lemma(word) == tok.lemma


def find_phrase(phrase: str, toks: Sequence[Tok], gap: int = _GAP) -> list[tuple[int, int]]:
    """Every (first, last) token index where the phrase's words occur in order, with gaps."""
    words = phrase.split()
    found: list[tuple[int, int]] = []
    for n, tok in enumerate(toks):
        if not _word_match(words[0], tok):
            continue
        pos, ok = n, True
        for word in words[1:]:
            nxt = next((k for k in range(pos + 1, min(pos + 2 + gap, len(toks)))
                        if _word_match(word, toks[k])), None)
            if nxt is not None and any(t.text[:1].isupper() for t in toks[pos + 1:nxt]):
                nxt = None  # "leaving Assad in power" is not "leave power"
            if nxt is None:
                ok = False
                break
            pos = nxt
        if ok:
            found.append((toks[n].i, toks[pos].i))
    return found


def mentions_target(question: Question, view: SentenceView) -> bool:
    words = [t.lower.removeprefix("al-") for t in view.tokens]
    text = " ".join(t.lower for t in view.tokens)
    for target in question.targets:
        if " " in target or "-" in target:
            if target in text or target.replace("-", " - ") in text:
                return True
        elif target.removeprefix("al-") in words:
            return True
    return False


def statement_scope(st: Statement, view: SentenceView,
                    claimed: Sequence[tuple[int, int]] = ()) -> tuple[int, int]:
    """Article offsets of what the speaker said: the content, plus a trailing "saying" clause."""
    at = st.sentence.find(st.content) if st.content else -1
    if at < 0:
        return st.start, st.end
    start, end = st.start + at, st.start + at + len(st.content)
    m = _TRAILING.search(st.sentence, at + len(st.content))
    if m:
        between = st.sentence[at + len(st.content):m.start()].lower()
        frames = [st.cue, *(v.text for v in st.via)]
        own = not between.strip(" ,") or any(f and f.lower() in between for f in frames)
        tail = (st.start + m.start(), st.end)
        if own and not any(a < tail[1] and b > tail[0] for a, b in claimed):
            end = tail[1]
    return start, end


def trailing_verb(st: Statement, view: SentenceView, scope: tuple[int, int]) -> int | None:
    """The "saying"/"adding" token that opens the scope's trailing clause, if any."""
    content_end = st.start + max(st.sentence.find(st.content), 0) + len(st.content)
    for tok in view.within(content_end, scope[1]):
        if tok.lower in _PARTICIPLES:
            return tok.i
    return None


def cue_index(st: Statement, view: SentenceView, scope: tuple[int, int]) -> int | None:
    """The cue's first token, the occurrence nearest to the content."""
    first = st.cue.split()[0].lower() if st.cue else ""
    best: tuple[int, int] | None = None
    for tok in view.tokens:
        if tok.lower == first:
            distance = min(abs(tok.start - scope[0]), abs(tok.start - scope[1]))
            if best is None or distance < best[0]:
                best = (distance, tok.i)
    return best[1] if best else None


def _antecedent_sign(question: Question, previous: Sequence[SentenceView]) -> int:
    """+1/-1 when a sentence before holds a call for/against the proposition, else 0."""
    for view in previous:
        if not mentions_target(question, view):
            continue
        calls = [t.i for t in view.tokens if t.lemma == "call" or t.lower in CALL_NOUNS]
        for sign, cues in ((1, question.for_cues), (-1, question.against_cues)):
            for cue in cues:
                for first, _ in find_phrase(cue, view.tokens):
                    if any(0 < first - c <= 14 for c in calls):
                        return -sign if _reversed_before(view, first) else sign
    return 0


def _reversed_before(view: SentenceView, first: int) -> bool:
    """Whether a reversing predicate just before token ``first`` governs it ("the lifting of")."""
    rev = reversers(view)
    return any(linear_span(rev, view, i, first) for i in range(max(0, first - 6), first))


def find_matches(question: Question, st: Statement, view: SentenceView,
                 previous: Sequence[SentenceView], scope: tuple[int, int]) -> list[Match]:
    toks = view.within(*scope)
    if not toks:
        return []
    here = mentions_target(question, view) or (
        st.target is not None and st.target.actor in question.actors)
    anaphoric = any(t.lower in ANAPHORIC_WORDS for t in toks)
    near = here or (anaphoric and any(mentions_target(question, p) for p in previous[:1]))
    matches: list[Match] = []
    if near:
        for sign, cues in ((1, question.for_cues), (-1, question.against_cues)):
            for cue in cues:
                matches.extend(Match(a, b, sign, far_target=not here, verdict=is_verdict(cue))
                               for a, b in find_phrase(cue, toks))
    for n, tok in enumerate(toks[:-1]):
        nxt = toks[n + 1]
        if tok.lower in ANAPHORIC_DETS and nxt.lower in CALL_NOUNS and not any(
                0 < m.first - nxt.i <= 6 for m in matches):
            sign = _antecedent_sign(question, previous)
            if sign:
                matches.append(Match(nxt.i, nxt.i, sign, anaphora=True))
    return _dedupe(matches)


def _dedupe(matches: list[Match]) -> list[Match]:
    kept: list[Match] = []
    for m in sorted(matches, key=lambda m: (m.first, -(m.last - m.first))):
        if not any(k.first <= m.first <= k.last for k in kept):
            kept.append(m)
    return kept


def _match_head(view: SentenceView, match: Match) -> int:
    for i in range(match.first, match.last + 1):
        head = view.tokens[i].head
        if head is None or not match.first <= head <= match.last or head == i:
            return i
    return match.first


_CRUDE_GOVERNORS = {crude_lemma(k): v for k, v in GOVERNORS.items()}


def _governs(tok: Tok) -> bool:
    return tok.lemma in GOVERNORS or tok.lower in GOVERNORS or (
        not tok.dep and tok.lemma in _CRUDE_GOVERNORS)


def _govern(tok: Tok) -> int:
    if not _governs(tok):
        return -1 if tok.neg else 1
    sign = GOVERNORS.get(tok.lemma, GOVERNORS.get(tok.lower, _CRUDE_GOVERNORS.get(tok.lemma, 1)))
    return -sign if tok.neg and sign else sign


def walk_up(view: SentenceView, match: Match, cue: int | None,
            rev: Reversers | None = None) -> tuple[int, list[int]] | None:
    """Sign and governing tokens on the path from the match to the cue; ``None`` if no path.

    A reversing predicate whose object is on the path ("lift [sanctions]") flips the sign.
    """
    if not view.parsed:
        return None
    rev = rev if rev is not None else reversers(view)
    i = _match_head(view, match)
    sign = -1 if view.tokens[i].neg and not _negation_inside(view, match) else 1
    governors: list[int] = []
    seen = {i}
    while True:
        tok = view.tokens[i]
        head = _call_noun_for(view, tok)
        if head is None or head == i or head in seen:
            return (sign, governors) if cue is None or cue in seen else None
        seen.add(head)
        if tok.dep != "conj" and not match.first <= head <= match.last:
            turned = rev.factor(view, tok, head)
            factor = turned if turned is not None else _govern(view.tokens[head])
            sign *= factor
            if turned is not None or factor != 1 or view.tokens[head].neg:
                governors.append(head)
        if head == cue:
            return sign, governors
        i = head


def _negation_inside(view: SentenceView, match: Match) -> bool:
    """A cue that holds its own negation ("no future", "no evidence") is not negated by it."""
    return any(t.lower in NEGATIONS for t in view.tokens[match.first:match.last + 1])


def _call_noun_for(view: SentenceView, tok: Tok) -> int | None:
    """The head of ``tok``, or the call noun it belongs to when the parse attached "[its call
    for Assad] [to step down]" to the verb ("not drop its call …") instead of the noun."""
    head = tok.head
    if tok.dep != "advcl" or head is None or not any(
            t.head == tok.i and t.lower == "to" for t in view.tokens[:tok.i]):
        return head
    for t in view.tokens[head + 1:tok.i]:
        if t.head == head and t.dep == "dobj" and (t.lower in CALL_NOUNS or t.lemma == "call"):
            return t.i
    return head


def _own_negation(toks: Sequence[Tok], first: int) -> bool:
    """ "should not step down", "not to be given time": a negation right before the match."""
    before = [t.lower for t in toks[max(0, first - 3):first]]
    while before and before[-1] in ("be", "to", "been", "really"):
        before.pop()
    return bool(before) and before[-1] in NEGATIONS


def read_across(view: SentenceView, match: Match, cue: int | None,
                scope: tuple[int, int]) -> tuple[int, list[int]]:
    """Linear reading: stance words between the cue (or the scope start) and the match.

    A reversing predicate counts when it governs the next stance word or the match itself
    ("abandoned [its call]", "the lifting of [sanctions]"); a passive after the match ("…
    should be lifted") counts too.
    """
    toks = view.tokens
    rev = reversers(view)
    inside = {k for a, b in rev.phrases for k in range(a + 1, b + 1)}  # "back" of "roll back"
    start = cue if cue is not None and cue < match.first else (view.index_at(scope[0]) or 0)
    sign = -1 if _own_negation(toks, match.first) else 1
    governors: list[int] = []
    for tok in toks[start:match.first]:
        after_comma = tok.i > 0 and toks[tok.i - 1].lower == ","
        conjoined = tok.lower == "and" and tok.i + 1 < len(toks) and _governs(toks[tok.i + 1])
        if tok.lower in _BARRIERS or conjoined or (after_comma and (
                tok.lower == "and" or tok.lower in _PARTICIPLES)):
            sign, governors = (-1 if _own_negation(toks, match.first) else 1), []
            continue
        if tok.i in inside:
            continue
        factor = _govern(tok) if _governs(tok) else _linear_reversal(view, rev, tok, match)
        if factor != 1:
            sign *= factor
            governors.append(tok.i)
    turned, _ = passive(rev, view, match.last)
    return sign * turned, governors[::-1]


def _linear_reversal(view: SentenceView, rev: Reversers, tok: Tok, match: Match) -> int:
    """-1 (+1 when negated) if ``tok`` starts a reversing predicate of what follows, else 1."""
    end = next((b for a, b in rev.phrases if a == tok.i), tok.i if tok.i in rev.words else None)
    if end is None:
        return 1
    nxt = next((t.i for t in view.tokens[end + 1:match.first] if _governs(t)), match.first)
    span = linear_span(rev, view, tok.i, nxt)
    if span is None:
        return 1
    return 1 if view.tokens[span[0]].neg else -1


def _judged_subject(view: SentenceView, match: Match) -> int | None:
    """The subject that holds the match ("[calls to impose sanctions] are …"), if any: climb
    from the match through objects, prepositions and non-finite clauses."""
    toks = view.tokens
    i = _match_head(view, match)
    for _ in range(6):
        tok = toks[i]
        if tok.dep in _SUBJECTS:
            return i
        if tok.dep not in _CLIMB or tok.head is None or tok.head == i:
            return None
        i = tok.head
    return None


def evaluation(view: SentenceView, match: Match) -> int:
    """-1/+1 when the match is (inside) the subject of a judging predicate ("… would be
    premature", "calls to impose sanctions are counterproductive")."""
    toks = view.tokens
    if view.parsed:
        i = _judged_subject(view, match)
        if i is None:  # a parse that lost the subject: read the words after the match, strictly
            return _judged_after(toks, match, strict=True)
        verb = toks[i].head
        for tok in toks:
            if tok.head == verb and tok.i != i and tok.dep in ("acomp", "attr"):
                word = tok.lemma if tok.lemma in EVALUATIVE else tok.lower
                return EVALUATIVE.get(word, 1) * (-1 if toks[verb or 0].neg else 1)
        return 1
    return _judged_after(toks, match, strict=False)


def _judged_after(toks: Sequence[Tok], match: Match, *, strict: bool) -> int:
    """ "[match] … is/are … <judging word>" within eight words; ``strict`` stops at a clause
    boundary or another subject before the verb."""
    window = toks[match.last + 1:match.last + 9]
    for n, tok in enumerate(window):
        before = window[:n]
        if strict and (tok.lower in _CLAUSE_BREAKS or tok.dep in _SUBJECTS):
            return 1
        if tok.lower in EVALUATIVE and any(w.lower in _BE_FORMS for w in before):
            return EVALUATIVE[tok.lower] * (-1 if any(w.lower == "not" for w in before) else 1)
    return 1


def _evidence(view: SentenceView, match: Match, governors: list[int]) -> tuple[int, int]:
    """From the nearest stance word (and a negation just before it) to the end of the match."""
    lo = min(match.first, governors[0]) if governors else match.first
    for back in (1, 2):
        if lo - back >= 0 and view.tokens[lo - back].lower in NEGATIONS:
            lo -= back
            break
    return view.tokens[lo].start, view.tokens[max(match.last, lo)].end


def decide(question: Question, st: Statement, view: SentenceView,
           previous: Sequence[SentenceView], claimed: Sequence[tuple[int, int]] = (),
           *, relaxed: bool = False) -> StanceDecision | None:
    """The stance of ``st`` on ``question``, or ``None`` when the statement is not about it.

    ``relaxed`` (a candidate proposed by embeddings) accepts cues without a target mention.
    """
    scope = statement_scope(st, view, claimed)
    matches = find_matches(question, st, view, previous, scope)
    if relaxed and not matches:
        toks = view.within(*scope)
        matches = [Match(a, b, sign, far_target=True, verdict=is_verdict(cue))
                   for sign, cues in ((1, question.for_cues), (-1, question.against_cues))
                   for cue in cues for a, b in find_phrase(cue, toks)]
    if not matches:
        return None
    cue = cue_index(st, view, scope)
    tail = trailing_verb(st, view, scope)
    rev = reversers(view)
    total, weight = 0.0, 0.0
    found: list[tuple[int, float, int, int, str]] = []
    for match in matches:
        stop = tail if tail is not None and match.first > tail else cue
        walked = walk_up(view, match, stop, rev)
        sign, governors = walked if walked else read_across(view, match, stop, scope)
        confidence = 0.9 if walked else 0.75
        confidence *= 0.85 if match.anaphora else 1.0
        confidence *= 0.8 if match.far_target else 1.0
        judged = evaluation(view, match)
        if match.verdict:  # a verdict keeps its sign; only "whether"/"discuss" suspend it
            sign, judged = (1 if sign else 0), 1
        value = sign * match.sign * judged
        total += value * confidence
        weight += confidence
        how = ("parse" if walked else "linear") + ("+anaphora" if match.anaphora else "")
        found.append((value, confidence, *_evidence(view, match, governors), f"rules:{how}"))
    score = total / weight
    stance = "for" if score > 0.25 else "against" if score < -0.25 else "neutral"
    side = 1 if stance == "for" else -1 if stance == "against" else None
    agreeing = [f for f in found if side is None or f[0] == side] or found
    best = max(agreeing, key=lambda f: f[1])
    start = min(f[2] for f in agreeing)
    end = max(f[3] for f in agreeing)
    strength = abs(score) if stance != "neutral" else 0.5
    confidence = min(0.97, best[1] * strength + 0.03 * (len(agreeing) - 1))
    return StanceDecision(stance, round(confidence, 3), start, end, best[4])
