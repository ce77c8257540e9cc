"""Find attribution structures in a parsed sentence: cue, speaker, content, via chain.

This module only reads the dependency parse; turning mentions into actor codes, targets,
polarity, events and dates is :mod:`vetowatch.extract.coding`.

Patterns covered (``X`` speaker, ``M`` a media outlet or other intermediary):

* ``X said (that) …`` / ``"…," X said`` / ``X, who said …`` / ``X told M …`` (``M`` → via)
* ``X, according to M, said …`` / ``according to M, X …`` (via)
* ``M reported (that) X opposes …`` (speaker X, via M) / ``M quoted X as saying …``
* stance verbs with an object: ``X opposes / criticized / refuted / welcomed …``
* calls: ``X called for …`` / ``X urged Y to …`` / ``protesters calling for …``
* nominal cues: ``calls from X for …``, ``X's calls for …``, ``X's claim that …``
* conjoined cues share the subject and are merged (``X criticized … and called for …``)
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from vetowatch.extract.cue_tagger import CueTagger
from vetowatch.extract.lexicon import Cue, Lexicon
from vetowatch.extract.spans import clause_span, is_media, np_span

QUOTES = frozenset("\"“”‘’«»'")
SUBJECTS = ("nsubj", "nsubjpass")
PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i"})
NOMINAL_CONTENT_PREPS = frozenset({"for"})
EXPERIENCER_PASSIVES = frozenset({"encourage", "please", "disappoint", "concern", "alarm"})
FIRST_PERSON = frozenset({"i", "we"})
FIRST_PERSON_POSS = frozenset({"my", "our"})
FIRST_PERSON_HEADS = frozenset({"government", "delegation", "country", "nation", "administration"})
CONTROL_VERBS = frozenset({"like", "wish", "want", "continue", "need", "intend"})


@dataclass
class Attribution:
    """One cue with its speaker, content and intermediaries, in token terms."""

    cue: Token
    info: Cue
    speaker: Token | None
    content: Span | None
    via: list[Span] = field(default_factory=list)
    recipient: Span | None = None
    scope: list[Token] = field(default_factory=list)  # where the date of saying may hang
    merged: list[Token] = field(default_factory=list)  # conjoined cues folded in
    passive_target: Span | None = None

    @property
    def sentence(self) -> Span:
        return self.cue.sent


def _child(token: Token, *deps: str) -> Token | None:
    for child in token.children:
        if child.dep_ in deps:
            return child
    return None


def subject_of(verb: Token) -> Token | None:
    """The subject of a verb, climbing through conjunctions and relative clauses."""
    subject = _child(verb, *SUBJECTS)
    if subject is not None:
        if subject.lower_ in ("who", "which", "that") and verb.dep_ == "relcl":
            return verb.head
        return subject
    if verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX"):
        return subject_of(verb.head)
    if verb.dep_ == "acl" and verb.tag_ == "VBG" and verb.head.pos_ in ("NOUN", "PROPN"):
        return verb.head
    return None


def according_to(token: Token) -> list[Span]:
    """``according to M`` attached to ``token``: the spans of M."""
    found = []
    for child in token.children:
        if child.lower_ == "according":
            to = _child(child, "prep")
            obj = _child(to, "pobj") if to is not None else None
            if obj is not None:
                found.append(np_span(obj))
    return found


def _content_for_call(cue: Token) -> Span | None:
    for child in cue.children:
        if child.lower_ in ("for", "on") and child.dep_ in ("prep", "mark", "dative"):
            if child.dep_ == "mark":
                return clause_span(child.head)
            obj = _child(child, "pobj")
            if obj is not None:
                return _extend_infinitive(clause_span(obj), cue)
    for child in cue.children:
        if child.dep_ in ("xcomp", "ccomp"):
            return clause_span(child)
        if child.dep_ == "advcl" and any(g.lower_ == "for" for g in child.children):
            return clause_span(child)
    return None


def _extend_infinitive(span: Span, cue: Token) -> Span:
    """``calls from X for Assad to step aside``: the parse often strands ``to step aside``."""
    doc = span.doc
    end = span.end
    if end < len(doc) and doc[end].lower_ == "to" and doc[end].head.pos_ == "VERB":
        verb = doc[end].head
        end = max(end, max(t.i for t in verb.subtree) + 1)
    while end - 1 > span.start and doc[end - 1].is_punct:
        end -= 1
    return doc[span.start : end]


# declarative verbs whose object noun phrase is what was said: "reaffirmed his support
# for …", "stressed the importance of …", "voiced concern about …" (readouts, speeches)
DECLARE_OBJECT = frozenset(
    {"reaffirm", "affirm", "reiterate", "emphasize", "emphasise", "stress", "underscore",
     "underline", "express", "convey", "voice", "highlight", "note", "share", "raise",
     "reinforce", "restate", "register", "extend", "offer", "pledge", "announce"}
)
DECLARE_NOUNS = frozenset(
    {"support", "concern", "concerns", "commitment", "importance", "need", "condemnation",
     "opposition", "solidarity", "condolence", "condolences", "appreciation", "gratitude",
     "desire", "hope", "readiness", "willingness", "determination", "position", "view",
     "objection", "objections", "regret", "sympathy", "thanks", "congratulations",
     "rejection", "demand", "call", "resolve", "backing", "interest", "alarm", "outrage",
     "dismay", "disappointment", "frustration", "intention", "intent", "plan", "decision",
     "policy", "right", "value", "priority", "goal", "aim", "stance", "praise"}
)


def _content_for_speech(cue: Token) -> Span | None:
    for child in cue.children:
        if child.dep_ in ("ccomp", "xcomp") and child.i != cue.i:
            return clause_span(child)
    before = cue.head.i < cue.i or cue.dep_ == "parataxis"
    if cue.dep_ in ("parataxis", "ccomp") and cue.head.pos_ in ("VERB", "AUX") and before:
        return clause_span(cue.head, exclude=cue)
    if cue.lemma_.lower() in DECLARE_OBJECT:
        obj = _child(cue, "dobj")
        if obj is not None and obj.lemma_.lower() in DECLARE_NOUNS:
            return clause_span(obj)
    return None


def _content_for_stance(cue: Token) -> Span | None:
    for child in cue.children:
        if child.dep_ in ("dobj", "ccomp", "xcomp", "attr"):
            return clause_span(child)
    for child in cue.children:
        if child.dep_ in ("prep", "agent") and child.lower_ in ("with", "against", "about", "by"):
            obj = _child(child, "pobj")
            if obj is not None:
                return clause_span(obj)
    return None


def _is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)


def _verb_cue(token: Token, lexicon: Lexicon) -> Cue | None:
    if token.pos_ not in ("VERB", "AUX") and token.tag_ not in ("VBG", "VBN", "VBD", "VBZ"):
        return None
    return lexicon.cue(token.lemma_.lower(), "stance", "call", "speech", "think")


def _content(token: Token, info: Cue) -> Span | None:
    if info.kind == "call":
        return _content_for_call(token) or _content_for_naming(token)
    if info.kind == "stance":
        return _content_for_stance(token)
    if info.kind == "think":
        child = _child(token, "ccomp", "xcomp")
        return clause_span(child) if child is not None else None
    return _content_for_speech(token)


def _speaker_and_target(token: Token, info: Cue) -> tuple[Token | None, Span | None]:
    if not _is_passive(token):
        return subject_of(token), None
    patient = _child(token, "nsubjpass")
    if token.lemma_.lower() in EXPERIENCER_PASSIVES:
        return patient, None
    agent = _child(token, "agent")
    by_obj = _child(agent, "pobj") if agent is not None else None
    if by_obj is not None and info.kind in ("stance", "call"):
        return by_obj, (np_span(patient) if patient is not None else None)
    return None, None


def _reporting_parent(token: Token, lexicon: Lexicon) -> Token | None:
    """The reporting verb this cue's clause is the complement of (``M reported [X opposes]``)."""
    if token.dep_ not in ("ccomp", "parataxis") or token.head.i == token.i:
        return None
    head = token.head
    info = _verb_cue(head, lexicon)
    if info is None or info.kind not in ("speech", "think"):
        return None
    return head


def _recipients(token: Token) -> list[Span]:
    found = []
    if token.lemma_.lower() in ("tell", "inform", "assure", "brief", "quote"):
        for child in token.children:
            if child.dep_ in ("dobj", "dative") and child.pos_ in ("NOUN", "PROPN"):
                found.append(np_span(child, keep_conj=False))
    for child in token.children:
        if child.dep_ in ("prep", "dative") and child.lower_ == "to":
            obj = _child(child, "pobj")
            if obj is not None and token.lemma_.lower() in ("say", "write", "tell", "speak"):
                found.append(np_span(obj, keep_conj=False))
        if child.dep_ == "prep" and child.lower_ in ("in", "during"):
            obj = _child(child, "pobj")
            inner = _child(obj, "prep") if obj is not None else None
            if inner is not None and inner.lower_ == "with":
                who = _child(inner, "pobj")
                if who is not None:
                    found.append(np_span(who, keep_conj=False))
    return found


def _quoted_as(token: Token) -> tuple[Token | None, Token | None]:
    """``M quoted X as saying …``: returns (X, M) for the ``saying`` token."""
    prep = token.head
    if token.dep_ in ("pcomp", "advcl") and prep.lower_ == "as" and prep.head.lemma_ == "quote":
        quote = prep.head
        return _child(quote, "dobj"), _child(quote, "nsubj")
    return None, None


def _elaborating(token: Token, lexicon: Lexicon) -> bool:
    """``X said …, adding that …``: a participle cue that elaborates its head's statement."""
    return (
        token.dep_ == "advcl"
        and token.tag_ == "VBG"
        and token.head.i != token.i
        and _verb_cue(token.head, lexicon) is not None
    )


def _bare_speech(token: Token, info: Cue) -> Attribution | None:
    """``…,” Trump said.`` / ``she said, but …``: a speech cue whose content lies outside
    its clause (the quote before it); detected, but no statement of its own."""
    if info.kind != "speech":
        return None
    subject = _child(token, "nsubj")
    doc = token.doc
    if subject is None or token.i - subject.i > 4 or token.i - token.sent.start > 4:
        return None
    previous = doc[token.sent.start - 1] if token.sent.start > 0 else None
    quoted = previous is not None and (previous.text[:1] in QUOTES or previous.is_punct)
    return Attribution(token, info, subject, None) if quoted else None


def _content_for_naming(cue: Token) -> Span | None:
    """``X called Y "deplorables"``: the object and what it is called."""
    obj, named = _child(cue, "dobj"), _child(cue, "oprd", "xcomp", "ccomp")
    if cue.lemma_.lower() != "call" or obj is None or named is None:
        return None
    doc = cue.doc
    return doc[min(obj.left_edge.i, named.left_edge.i) : max(obj.i, named.right_edge.i) + 1]


def verb_attribution(token: Token, lexicon: Lexicon) -> Attribution | None:
    """The attribution a verb cue heads, or ``None`` when it is not one.

    The speaker may be ``None`` (a passive cue, ``what she called …``): such attributions
    count as detected cues but yield no statement (:mod:`vetowatch.extract.coding`).
    """
    info = _verb_cue(token, lexicon)
    if info is None:
        return None
    head_info = _verb_cue(token.head, lexicon) if token.head.i != token.i else None
    if token.dep_ == "conj" and head_info is not None and _child(token, *SUBJECTS) is None:
        return None  # folded into the head cue
    content = _content(token, info)
    if content is None:
        return _bare_speech(token, info)
    if _elaborating(token, lexicon):
        return Attribution(token, info, None, None)  # a cue of its own, no second statement
    speaker, passive_target = _speaker_and_target(token, info)
    via: list[Span] = []
    quoted, channel = _quoted_as(token)
    if quoted is not None:
        speaker = quoted
        if channel is not None:
            via.append(np_span(channel, keep_conj=False))
    if speaker is None and token.dep_ == "advcl" and token.tag_ == "VBG":
        speaker = subject_of(token.head)
    if speaker is not None and speaker.lower_ in ("what", "which", "that", "this", "there"):
        speaker = None
    attribution = Attribution(token, info, speaker, content, via, passive_target=passive_target)
    attribution.scope.append(token)
    _add_channels(attribution, lexicon)
    for child in token.children:
        if child.dep_ == "conj" and _verb_cue(child, lexicon) and _child(child, *SUBJECTS) is None:
            attribution.merged.append(child)
            extra = _content(child, _verb_cue(child, lexicon) or info)
            if extra is not None:
                doc = token.doc
                start = min(content.start, extra.start)
                attribution.content = doc[start : max(content.end, extra.end)]
    return attribution


def _add_channels(attribution: Attribution, lexicon: Lexicon) -> None:
    """Fill ``via`` (media and reporting speakers) and ``recipient`` for a verb cue."""
    token, speaker = attribution.cue, attribution.speaker
    for span in according_to(token) + (according_to(speaker) if speaker is not None else []):
        attribution.via.append(span)
    root = token.sent.root
    if root.i != token.i and root.lemma_.lower() not in ("say", "tell", "report"):
        attribution.via.extend(according_to(root))
    for span in _recipients(token):
        if is_media(span, lexicon):
            attribution.via.append(span)
        elif attribution.recipient is None:
            attribution.recipient = span
    parent = _reporting_parent(token, lexicon)
    while parent is not None:
        subject = subject_of(parent)
        if subject is not None:
            attribution.via.append(np_span(subject, keep_conj=False))
        attribution.scope.append(parent)
        for span in according_to(parent) + _recipients(parent):
            if is_media(span, lexicon):
                attribution.via.append(span)
        parent = _reporting_parent(parent, lexicon)


def _nominal_content(noun: Token, info: Cue) -> Span | None:
    if info.lemma in ("call", "demand", "appeal"):
        for token in noun.subtree:
            if token.lower_ == "for" and token.dep_ == "prep":
                obj = _child(token, "pobj")
                if obj is not None:
                    return _extend_infinitive(clause_span(obj), noun)
        return None
    for child in noun.children:
        if child.dep_ in ("acl", "ccomp", "relcl") and any(
            g.lower_ == "that" and g.dep_ == "mark" for g in child.children
        ):
            return clause_span(child)
    return None


def _nominal_speaker(noun: Token) -> Token | None:
    poss = _child(noun, "poss")
    if poss is not None and poss.pos_ != "PRON":
        return poss
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ in ("from", "by"):
            obj = _child(child, "pobj")
            if obj is not None:
                return obj
    for child in noun.children:
        if child.dep_ in ("compound", "nmod", "amod") and child.ent_type_ in ("GPE", "NORP", "ORG"):
            return child
    return None


def nominal_attribution(token: Token, lexicon: Lexicon) -> Attribution | None:
    """``calls from X for …`` / ``X's claim that …``."""
    if token.pos_ != "NOUN":
        return None
    info = lexicon.cue(token.lemma_.lower(), "nominal")
    if info is None:
        return None
    content = _nominal_content(token, info)
    speaker = _nominal_speaker(token)
    if content is None or speaker is None:
        return None
    attribution = Attribution(token, info, speaker, content)
    attribution.scope.append(token)
    return attribution


ACCORDING = Cue("according", "speech", "01", 0)
PUNCT_CUE = Cue(":", "speech", "01", 0)
DASHES = frozenset({"―", "—", "–", "--"})


def cue_only(token: Token) -> Attribution | None:
    """Cues that name a source but carry no statement of their own: ``according to X``,
    a headline ``X: …`` and a closing ``― X`` (content ``None``: detection only)."""
    if token.lower_ != "according" and token.text != ":" and token.text[-1:] not in "―—–-":
        return None
    if token.lower_ == "according" and _child(token, "prep") is not None:
        to = _child(token, "prep")
        obj = _child(to, "pobj") if to is not None else None
        return Attribution(token, ACCORDING, obj, None)
    sent = token.sent
    if token.text == ":" and token.i > sent.start and token.i - sent.start <= 5:
        before = [t for t in token.doc[sent.start : token.i] if not t.is_punct]
        named = before and all(t.pos_ == "PROPN" or t.is_title for t in before)
        if named and token.i + 1 < sent.end:
            return Attribution(token, PUNCT_CUE, before[-1], None)
    if token.text.strip("\"”“'’") in DASHES and token.i + 4 >= sent.end - 1:
        after = [t for t in token.doc[token.i + 1 : sent.end] if t.pos_ == "PROPN"]
        if after:
            return Attribution(token, PUNCT_CUE, after[-1], None)
    return None


def is_first_person(token: Token) -> bool:
    """``I``, ``we``, or ``my/our government|delegation|country|nation|administration``."""
    if token.lower_ in FIRST_PERSON:
        return True
    return token.lemma_.lower() in FIRST_PERSON_HEADS and any(
        c.dep_ == "poss" and c.lower_ in FIRST_PERSON_POSS for c in token.children
    )


def first_person_stance(token: Token, lexicon: Lexicon) -> Attribution | None:
    """``We will never accept …`` / ``we continue to help …``: in a speech, a stance
    predicate (``stance.tsv``) that is not itself a cue, with a first-person subject and an
    object, is a statement of the speaker (cue: the verb, content: its object)."""
    entry = lexicon.stance.get(token.lemma_.lower())
    if entry is None or token.pos_ != "VERB" or _is_passive(token):
        return None
    content = _content_for_stance(token)
    if content is None:
        return None
    info = Cue(token.lemma_.lower(), "stance", entry[0], entry[1])
    attribution = Attribution(token, info, subject_of(token), content)
    if attribution.speaker is None:
        attribution.speaker = _first_person_controller(attribution)
    if attribution.speaker is None or not is_first_person(attribution.speaker):
        return None
    attribution.scope.append(token)
    return attribution


def _first_person_controller(attribution: Attribution) -> Token | None:
    """``We would like to welcome …`` / ``we continue to support …``: the first-person
    subject of the verb whose complement the cue is (speeches only)."""
    cue = attribution.cue
    if attribution.content is None or cue.dep_ != "xcomp" or cue.head.i == cue.i:
        return None
    if cue.head.lemma_.lower() not in CONTROL_VERBS:
        return None
    subject = subject_of(cue.head)
    return subject if subject is not None and is_first_person(subject) else None


def _hedge(attribution: Attribution, first_person: bool = False) -> bool:
    """``I think …`` inside a quote (the quoted speaker's hedge), or a stance or cognition
    verb with no speaker at all (``the plan is backed by …``): not an attribution. With
    ``first_person`` (a speech: the text's own speaker is known) ``we believe …`` counts."""
    speaker, kind = attribution.speaker, attribution.info.kind
    if speaker is None:
        lemma = attribution.cue.lemma_.lower()
        return (kind in ("stance", "think") and lemma != "expect") or lemma == "tell"
    if first_person and is_first_person(speaker):
        return False
    return kind == "think" and speaker.lower_ in ("i", "you", "we")


def find_attributions(
    sentence: Span,
    lexicon: Lexicon,
    tagger: CueTagger | None = None,
    first_person: bool = False,
) -> list[Attribution]:
    """Every attribution whose cue lies in ``sentence``, in text order: the rules' cues,
    then (with a ``tagger``) minus the rule cues it vetoes, plus the cues it adds.
    ``first_person``: the text's own speaker is known (a speech; see :func:`_hedge`)."""
    found = rule_attributions(sentence, lexicon, first_person)
    if tagger is None:
        return found
    rules = [t.i for a in found for t in [a.cue, *a.merged]]
    cues = {a.cue.i: a.content is not None for a in found}
    decision = tagger.decide(sentence, lexicon, rules, cues)
    kept = [a for a in found if a.cue.i not in decision.vetoed]
    added = [learned_attribution(sentence.doc[i], lexicon) for i in decision.added]
    return sorted(kept + added, key=lambda a: a.cue.i)


def learned_attribution(token: Token, lexicon: Lexicon) -> Attribution:
    """A cue the tagger found: a verb with a subject and a clause is a reported statement
    (``X conceded that …``); anything else is detected without a statement."""
    info = Cue(token.lemma_.lower(), "learned", "01", 0)
    clause = _child(token, "ccomp") if token.pos_ == "VERB" else None
    speaker = subject_of(token) if clause is not None else None
    if clause is None or speaker is None or speaker.lower_ in ("what", "which", "that", "it"):
        return Attribution(token, info, None, None)
    attribution = Attribution(token, info, speaker, clause_span(clause))
    if _is_channel_only(attribution, lexicon):
        return Attribution(token, info, None, None)  # an outlet relaying someone's words
    attribution.scope.append(token)
    _add_channels(attribution, lexicon)
    return attribution


def rule_attributions(
    sentence: Span, lexicon: Lexicon, first_person: bool = False
) -> list[Attribution]:
    """The attributions the rules find in ``sentence``, in text order."""
    found: list[Attribution] = []
    for token in sentence:
        if token.is_punct and token.text not in DASHES and token.text != ":":
            continue
        attribution = (
            verb_attribution(token, lexicon)
            or nominal_attribution(token, lexicon)
            or cue_only(token)
            or (first_person_stance(token, lexicon) if first_person else None)
        )
        if attribution is not None and first_person and attribution.speaker is None:
            attribution.speaker = _first_person_controller(attribution)
        if attribution is None or _hedge(attribution, first_person):
            continue
        if _is_channel_only(attribution, lexicon):
            continue
        found.append(attribution)
    return found


def _is_channel_only(attribution: Attribution, lexicon: Lexicon) -> bool:
    """A media outlet reporting a clause that holds its own attributed cue is only a channel."""
    speaker, content = attribution.speaker, attribution.content
    if speaker is None or content is None or not is_media(np_span(speaker), lexicon):
        return False
    return any(
        (info := _verb_cue(token, lexicon)) is not None
        and info.kind in ("stance", "call", "speech", "think")
        and subject_of(token) is not None
        for token in content
    )
