"""Statements by genre: briefings, readouts, joint statements, speeches and statements.

News is read sentence by sentence (:mod:`vetowatch.extract.pipeline`). Official texts
speak for their publisher, and each genre has its convention (``/work/shared/STATEMENTS.md``,
``docs/extraction.md`` "Genres"):

* **briefing** — a reporter's ``Q`` turn is never the government's nor the reporter's: only
  an identifiable third party it quotes in a declarative sentence is kept. Each official
  turn with content is ONE direct record (cue ``turn``) of the turn's speaker; the speaker's
  present first-person cues ("We're deeply concerned …") are folded into it, and the
  strongest of them gives its target, polarity and event (:func:`strongest`). Others'
  statements reported in the turn are separate records with the turn's speaker in ``via``.
* **speech** / **statement** — first person is the speaking government; labelled turns
  (joint press conferences) switch the speaker; ``Q`` turns as in briefings.
* **readout** — the participants come from the title; "President Biden condemned …" is the
  host's, "President Abbas briefed …" the guest's (via the host); "the leaders agreed …"
  one record per participant; "discussed" / "exchanged views" / "reviewed" is no statement.
* **joint** — "We" / "Our governments" / "the leaders" is one record per signatory.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from spacy.tokens import Doc, Span

from vetowatch.extract.actors import ActorDictionary
from vetowatch.extract.attribution import Attribution, find_attributions
from vetowatch.extract.coding import (
    DocContext,
    build_statements,
    first_person_speaker,
    judged,
    sentence_bounds,
    speaker_coded,
    stance_and_event,
    statement_event,
)
from vetowatch.extract.context import Coded
from vetowatch.extract.cue_tagger import CueTagger
from vetowatch.extract.dating import published_when, when_said
from vetowatch.extract.lexicon import Lexicon
from vetowatch.extract.official import (
    own_words,
    quoted_at,
    readout_cues,
    session_dated,
    usable,
)
from vetowatch.extract.spans import doc_text, np_span
from vetowatch.extract.statement import Event, Mention, Statement, When
from vetowatch.extract.transcript import (
    Cast,
    Person,
    Turn,
    split_turns,
    turn_at,
    who_is,
)
from vetowatch.news.genre import Host

TURN_CUE = "turn"
_MERE = """thank thanks you very much appreciate it that good morning afternoon evening hi hello
hey okay ok all right alright sure yes yeah yep yup no nope go ahead next question one more last
great bet of course absolutely correct well everybody everyone folks guys sir ma'am please so
and um uh oh let's let me take questions your here back again in the a couple two see indeed
exactly true fair"""
MERE_WORDS = frozenset(_MERE.split())
NO_COMMENT = re.compile(
    r"\b(no comment|nothing (more )?to (add|share|say|announce|read out)|(don['’]t|do not) "
    r"have (anything|any)|(won['’]t|will not|not going to|can['’]t|cannot) (comment|speculate|"
    r"get into|get ahead|go into|talk about)|refer you to)\b",
    re.IGNORECASE,
)
PROCEDURE = re.compile(
    r"\b(here to (take|answer)|take (your|a few|some|any of your) questions|go ahead|with that|"
    r"turn it (over|back)|over to you|(first|next|last) question|we['’]ll take|one more|"
    r"questions? (will )?go(es)? to|unmute|you should be able to|there you go|sure can|"
    r"tech(nical)? (issue|problem)|computer froze|repeat (the|your) (first |last )?question|"
    r"(it|you) broke up|didn['’]t (get|hear|catch) (the rest|that|you))\b",
    re.IGNORECASE,
)
END_MARK = re.compile(r"\n\s*END\s+\d{1,2}:\d{2}")
PREVIEW_CUES = frozenset(
    {"say", "make", "announce", "discuss", "speak", "talk", "address", "deliver", "tell",
     "reiterate", "underscore", "highlight", "emphasize", "stress", "outline", "lay"}
)
LEADERS = re.compile(
    r"^(the\s+)?(two\s+|both\s+)?(leaders|sides|parties|presidents|governments|countries)$"
    r"|^(they|both|we)$",
    re.IGNORECASE,
)
PRONOUN_SPEAKERS = frozenset({"you", "i", "we", "he", "she", "they", "it", "your", "my", "our"})
HOST_ROLES = frozenset(
    {"president", "vice president", "secretary", "secretary of state", "first lady",
     "national security advisor", "administration", "white house", "united states"}
)
@dataclass
class GenreSetup:
    """What the genre reader needs besides the document: the tables and the record."""

    genre: str
    lexicon: Lexicon
    actors: ActorDictionary
    tagger: CueTagger | None = None
    title: str | None = None
    host: Host | None = None
    speaker: str | None = None  # a record's own speaker code (speaker_actor / iso3)
    countries: frozenset[str] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        if not self.countries:
            self.countries = frozenset(
                p.code for p in self.lexicon.places.values() if p.kind == "country"
            )


# -- shared helpers ------------------------------------------------------------------------------


def identifiable(actor: str | None, countries: frozenset[str]) -> bool:
    """A code with a country (``ISRGOV``) or an organisation (``IGOUNO``), not a bare sector."""
    if not actor:
        return False
    return actor[:3] in countries or actor.startswith(("IGO", "NGO")) or actor in ("EUR", "WST")


def coded_actor(actor: str | None, setup: GenreSetup) -> Coded | None:
    return speaker_coded(actor, setup.lexicon) if actor else None


def narration(attribution: Attribution, own: bool) -> bool:
    """A spokesperson's "The President believes …" (a cognition verb, not first person)
    and previews ("the President will say …"): not statements."""
    if own:
        return False
    if attribution.info.kind == "think":
        return True
    cue = attribution.cue
    if cue.lemma_.lower() not in PREVIEW_CUES:
        return False
    auxes = {c.lower_ for c in cue.children if c.dep_ in ("aux", "auxpass")}
    going = cue.head.lemma_ == "go" and cue.dep_ == "xcomp"
    return bool(auxes & {"will", "'ll", "’ll", "wo", "shall"}) or going


def _when(attribution: Attribution, ctx: DocContext, default: When | None) -> When:
    """The date of the saying, else ``default`` (a readout's meeting), else published."""
    when = when_said(attribution, ctx)
    if when.date is None and default is not None:
        return default
    return published_when(when, ctx)


def statement_as(
    attribution: Attribution,
    ctx: DocContext,
    speaker: Mention,
    via: tuple[Mention, ...] = (),
    default: When | None = None,
) -> Statement | None:
    """The statement of ``attribution`` with a speaker decided by the genre reader;
    ``default`` dates it when it has no date phrase of its own (a readout's meeting)."""
    content = attribution.content
    if content is None:
        return None
    start, end, sentence_text = sentence_bounds(attribution.sentence)
    code, polarity, negated = stance_and_event(attribution, ctx)
    coded = speaker_coded(speaker.actor, ctx.lexicon) if speaker.actor else Coded(None)
    target, code, polarity = judged(attribution, coded, code, polarity, ctx)
    quoted = quoted_at(doc_text(content.doc), content.start_char, content.end_char)
    statement = Statement(
        article_id=ctx.article_id,
        sentence=sentence_text,
        start=start,
        end=end,
        speaker=speaker,
        via=via,
        cue=attribution.cue.text,
        kind="direct" if quoted else "indirect",
        content=content.text,
        target=target,
        polarity=polarity if target is not None else 0,
        negated=negated,
        event=statement_event(attribution, code, ctx),
        when=_when(attribution, ctx, default),
        content_start=content.start_char,
        content_end=content.end_char,
    )
    ctx.statements.append(statement)
    return statement


def resolve_speaker(
    statement: Statement, people: Sequence[Person], setup: GenreSetup
) -> Statement:
    """A speaker coded without a country ("the President", "Jake") who is one of the
    text's people, or a bare role of the host's government, takes that code."""
    if identifiable(statement.speaker.actor, setup.countries):
        return statement
    text = statement.speaker.text
    named = who_is(text, people)
    actor = named[0].actor if len(named) == 1 else None
    bare = re.sub(r"^(the|our)\s+", "", text.lower()).strip()
    if actor is None and setup.host is not None and bare in HOST_ROLES:
        actor = setup.host.actor
    if actor is None:
        return statement
    return replace(statement, speaker=replace(statement.speaker, actor=actor))


def speaker_words(attribution: Attribution) -> list[Span]:
    head = attribution.speaker
    if head is None:
        return []
    heads = [head] + [c for c in head.children if c.dep_ == "conj"]
    return [np_span(h, keep_conj=False) for h in heads]


def participants_of(attribution: Attribution, people: Sequence[Person]) -> list[Person] | None:
    """The people of the text an attribution's speaker names: all of them for "the
    leaders" / "they" / "both", those named ("President Biden and President Abbas"), else
    ``None`` (a third party)."""
    spans = speaker_words(attribution)
    if not spans or not people:
        return None
    if len(spans) == 1 and LEADERS.match(spans[0].text.strip()):
        return list(people) if len(people) > 1 or spans[0].text.lower() == "we" else None
    found = [p for span in spans for p in who_is(span.text, people)]
    return list(dict.fromkeys(found)) or None


# -- transcripts, speeches and statements --------------------------------------------------------


def _mere(text: str) -> bool:
    words = re.findall(r"[A-Za-z’']+", text)
    if not words:
        return True
    if len(words) > 9:
        return False
    return all(w.lower() in MERE_WORDS or (i > 0 and w[:1].isupper()) for i, w in enumerate(words))


def _empty(text: str) -> bool:
    """A mere thanks or greeting, a bare no-comment, or procedure ("go ahead")."""
    short = len(text.split()) <= 16
    cut_off = len(text.split()) <= 6 and text.rstrip().endswith(("—", "--"))
    return _mere(text) or cut_off or (
        short and bool(NO_COMMENT.search(text) or PROCEDURE.search(text))
    )


def strongest(folded: Sequence[Statement]) -> Statement | None:
    """The cue that speaks for a whole turn: one with a target and a side first, then
    the strongest event (largest absolute Goldstein weight), then the first in the text."""
    if not folded:
        return None
    ranked = sorted(
        enumerate(folded),
        key=lambda item: (
            item[1].target is not None and item[1].polarity != 0,
            abs(item[1].event.goldstein),
            -item[0],
        ),
    )
    return ranked[-1][1]


def turn_record(
    doc: Doc, turn: Turn, sentences: Sequence[Span], folded: Sequence[Statement], ctx: DocContext
) -> Statement | None:
    """The one direct record of an official turn: from its first sentence that is not a
    mere thanks, greeting or procedure to its end; ``None`` when nothing is left."""
    if turn.speaker is None:
        return None
    pieces = [
        (max(s.start_char, turn.body), s.end_char) for s in sentences if s.end_char > turn.body
    ]
    whole = doc_text(doc)  # spaCy builds doc.text from the tokens on each access
    texts = [whole[a:b] for a, b in pieces]
    first = next((i for i, text in enumerate(texts) if not _mere(text)), None)
    if first is None or all(_empty(text) for text in texts[first:]):
        return None
    start = pieces[first][0]
    end = turn.end
    mark = END_MARK.search(whole, start, end)
    end = mark.start() if mark else end
    content = whole[start:end].strip()
    start = whole.index(content, start)
    main = strongest(folded)
    target = main.target if main else None
    published = ctx.published
    return Statement(
        article_id=ctx.article_id,
        sentence=content,
        start=start,
        end=start + len(content),
        speaker=Mention(turn.speaker, turn.actor, turn.start, turn.body),
        via=(),
        cue=TURN_CUE,
        kind="direct",
        content=content,
        target=target,
        polarity=main.polarity if main and main.target is not None else 0,
        negated=main.negated if main else False,
        event=main.event if main else Event.from_root("01"),
        when=When(None, published, "published") if published else When(),
        content_start=start,
        content_end=start + len(content),
    )


def _other_occasion(statement: Statement, published: date | None) -> bool:
    """ "I was very blunt with them yesterday …": the speaker's own words on another day."""
    when = statement.when
    return (
        when.text is not None
        and when.date is not None
        and when.precision in ("day", "month")
        and published is not None
        and when.date != published
    )


def _third_party(statement: Statement, sentence: Span, setup: GenreSetup) -> bool:
    """What a reporter's (or anyone else's) turn may carry: an identifiable speaker other
    than the host government, in a sentence that is not a question."""
    if sentence.text.rstrip().endswith("?"):
        return False
    speaker = statement.speaker
    words = speaker.text.lower().split()
    if not words or words[0] in PRONOUN_SPEAKERS:
        return False
    if any(v.text.lower().split()[:1] in (["you"], ["i"], ["we"]) for v in statement.via):
        return False  # "you acknowledged that they …": the reporter's framing
    if not identifiable(speaker.actor, setup.countries):
        return False
    host = setup.host
    return host is None or not (speaker.actor or "").startswith(host.country)


@dataclass
class Voice:
    """Who speaks a run of sentences: role, mention and code (``None``: nobody's own)."""

    role: str
    mention: Mention | None
    coded: Coded | None


def _voice(turn: Turn | None, default: Person | None, setup: GenreSetup) -> Voice:
    if turn is None:
        if default is None:
            return Voice("other", None, coded_actor(setup.speaker, setup))
        return Voice("official", Mention(default.name, default.actor),
                     coded_actor(default.actor, setup))
    if turn.role != "official":
        return Voice(turn.role, None, None)
    mention = Mention(turn.speaker or turn.label, turn.actor, turn.start, turn.body)
    return Voice("official", mention, coded_actor(turn.actor, setup))


def _self_named(attribution: Attribution, voice: Voice, ctx: DocContext,
                setup: GenreSetup) -> bool:
    """A readout-style cue of the speaking government itself: "I thank …", "We are
    committed to …", "The United States … in rejecting …" (its own name)."""
    if first_person_speaker(attribution, ctx) is not None:
        return True
    head = attribution.speaker
    own = voice.coded.country if voice.coded is not None else None
    if head is None or own is None:
        return False
    return any(code[:3] == own for _, code in places_in(np_span(head).text, setup.lexicon))


def _intended(attribution: Attribution) -> bool:
    """ "We will continue to support …": an announced action of the speaker, not a
    statement (a negated "will never recognize" is a refusal and stays)."""
    cue = attribution.cue
    auxes = {c.lower_ for c in cue.children if c.dep_ in ("aux", "auxpass")}
    if cue.dep_ == "xcomp":
        auxes |= {c.lower_ for c in cue.head.children if c.dep_ == "aux"}
    negated = any(c.dep_ == "neg" for c in [*cue.children, *cue.head.children])
    return bool(auxes & {"will", "'ll", "’ll", "shall"}) and not negated


def _group_sentences(doc: Doc, turns: Sequence[Turn]) -> list[tuple[Turn | None, list[Span]]]:
    groups: list[tuple[Turn | None, list[Span]]] = []
    for sentence in doc.sents:
        if not sentence.text.strip():
            continue
        turn = turn_at(turns, sentence.start_char) if turns else None
        if groups and groups[-1][0] is turn:
            groups[-1][1].append(sentence)
        else:
            groups.append((turn, [sentence]))
    return groups


def _speak(
    sentences: Sequence[Span], voice: Voice, ctx: DocContext, setup: GenreSetup,
    people: Sequence[Person], records: bool,
) -> tuple[list[Statement], list[Statement]]:
    """(emitted, folded) statements of one voice's sentences."""
    ctx.speaker = voice.coded if voice.role == "official" else None
    emitted: list[Statement] = []
    folded: list[Statement] = []
    for sentence in sentences:
        found = find_attributions(sentence, setup.lexicon, setup.tagger, ctx.speaker is not None)
        if voice.role == "official" and voice.coded is not None:
            extra = readout_cues(sentence, usable(found), setup.lexicon)
            found += [a for a in extra if _self_named(a, voice, ctx, setup)]
        for attribution in sorted(found, key=lambda a: a.cue.i):
            own = first_person_speaker(attribution, ctx) is not None
            if narration(attribution, own) or (own and not records and _intended(attribution)):
                continue
            for statement in build_statements(attribution, ctx):
                if voice.role != "official":
                    if _third_party(statement, sentence, setup):
                        emitted.append(statement)
                    continue
                if own:
                    keep = not records or _other_occasion(statement, ctx.published)
                    (emitted if keep else folded).append(statement)
                    continue
                statement = resolve_speaker(statement, people, setup)
                if voice.mention is not None and statement.speaker.text != voice.mention.text:
                    statement = replace(statement, via=(voice.mention, *statement.via))
                emitted.append(statement)
    return emitted, folded


def spoken_statements(
    doc: Doc, ctx: DocContext, setup: GenreSetup, people: Sequence[Person], records: bool
) -> list[Statement]:
    """Briefings (``records``: one record per official turn), speeches and statements."""
    cast = Cast(people, setup.host, ctx.published, setup.actors, doc_text(doc))
    turns = split_turns(doc_text(doc), cast)
    default = None if turns and records else _default_speaker(people, setup)
    found: list[Statement] = []
    for turn, sentences in _group_sentences(doc, turns):
        if turn is not None and turn.role == "moderator":
            continue
        voice = _voice(turn, default, setup)
        emitted, folded = _speak(sentences, voice, ctx, setup, people, records)
        if records and turn is not None and voice.role == "official":
            record = turn_record(doc, turn, sentences, folded, ctx)
            if record is not None:
                found.append(record)
        found.extend(emitted)
    return own_words(found, doc_text(doc))


def _default_speaker(people: Sequence[Person], setup: GenreSetup) -> Person | None:
    """The speaker of a speech or statement without labels: the record's own speaker, the
    first person of the title ("Statement from President Joe Biden …"), else the host."""
    if setup.speaker:
        return Person(setup.speaker, "", setup.speaker)
    if people:
        return people[0]
    if setup.host is not None:
        return Person(setup.host.name, "", setup.host.actor, host=True)
    return None


# -- readouts and joint statements ---------------------------------------------------------------


def places_in(text: str, lexicon: Lexicon) -> list[tuple[int, str]]:
    """(position, actor code) of the country and organisation names in ``text``."""
    hits: list[tuple[int, int, str]] = []
    for name, place in lexicon.places.items():
        if place.kind not in ("country", "demonym", "igo") or len(name) < 2 or name not in text:
            continue
        for match in re.finditer(rf"(?<![\w.]){re.escape(name)}(?![\w])", text):
            code = place.code + "GOV" if place.kind != "igo" else place.code
            hits.append((match.start(), match.end(), code))
    hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
    kept: list[tuple[int, str]] = []
    last_end = -1
    for start, end, code in hits:
        if start >= last_end:
            kept.append((start, code))
            last_end = end
    return kept


__all__ = [
    "GenreSetup",
    "identifiable",
    "narration",
    "own_words",
    "participants_of",
    "quoted_at",
    "readout_cues",
    "resolve_speaker",
    "session_dated",
    "statement_as",
    "strongest",
    "turn_record",
]
