"""One object that holds the loaded pipeline and dictionaries: load once, extract many."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from vetowatch.errors import DataNotFoundError, ExtractionError
from vetowatch.extract.actors import DICTIONARY_DIR, ActorDictionary, load_actor_tables
from vetowatch.extract.cue_tagger import CueTagger, load_tagger
from vetowatch.extract.events import VERB_FILE, EventCoder
from vetowatch.extract.lexicon import Lexicon, load_lexicon
from vetowatch.extract.pipeline import (
    KEY_ARTICLE,
    KEY_GENRE,
    KEY_HOST,
    KEY_PUBLISHED,
    KEY_SPEAKER,
    KEY_STATEMENTS,
    KEY_TITLE,
    KEY_YEAR,
    MODEL,
    build_pipeline,
    mark_turns,
)
from vetowatch.extract.statement import Statement
from vetowatch.news.article import Article, content_id
from vetowatch.news.genre import genre_from, host_of
from vetowatch.settings import Settings
from vetowatch.store import Store


@dataclass(frozen=True)
class Extractor:
    """The pipeline plus the dictionaries it was built with.

    >>> extractor = Extractor.load(Settings.from_env())         # doctest: +SKIP
    >>> extractor.extract(article)                               # doctest: +SKIP
    """

    nlp: Language
    lexicon: Lexicon
    actors: ActorDictionary
    tagger: CueTagger | None = None

    @classmethod
    def load(
        cls,
        settings: Settings | None = None,
        *,
        events_dir: Path | None = None,
        model: str = MODEL,
        cues: bool = True,
        store: Store | None = None,
    ) -> Extractor:
        """Read the dictionaries from ``events_dir`` (default ``settings.events_dir``) and the
        actor tables of every registered actor source, with the user entries of ``store``
        when one is given; ``cues=False`` leaves the learned cue tagger out (rules only)."""
        settings = settings or Settings.from_env()
        folder = events_dir or settings.events_dir
        if not (folder / DICTIONARY_DIR).is_dir():
            raise DataNotFoundError(
                f"no PETRARCH dictionaries at {folder / DICTIONARY_DIR}; set VETOWATCH_DATA to "
                "the shared data folder"
            )
        actors = load_actor_tables(settings, store=store, events_dir=folder)
        lexicon = load_lexicon()
        tagger = load_tagger() if cues else None
        events = EventCoder.load(folder) if (folder / VERB_FILE).is_file() else None
        nlp = build_pipeline(lexicon, actors, model, tagger=tagger, events=events)
        return cls(nlp, lexicon, actors, tagger)

    def _doc(
        self,
        text: str,
        published: date | None,
        article_id: str,
        speaker: str | None = None,
        article: Article | None = None,
        genre: str | None = None,
    ) -> Doc:
        if not text.strip():
            raise ExtractionError(f"article {article_id or '?'} has no text")
        doc = self.nlp.make_doc(text)
        doc.user_data[KEY_PUBLISHED] = published
        doc.user_data[KEY_ARTICLE] = article_id
        if speaker:
            doc.user_data[KEY_SPEAKER] = speaker
        if genre is None:
            genre = article.genre if article is not None else genre_from(None, text, {})
        doc.user_data[KEY_GENRE] = genre
        if article is not None:
            doc.user_data[KEY_TITLE] = article.title
            doc.user_data[KEY_HOST] = host_of(article.url, article.source)
            doc.user_data[KEY_YEAR] = article.meta.get("year")
        if genre != "news":
            mark_turns(doc)
        return doc

    def parse(
        self,
        article: Article | str,
        published: date | None = None,
        speaker: str | None = None,
        genre: str | None = None,
    ) -> Doc:
        """The annotated spaCy ``Doc`` (statements in ``doc.user_data``). ``speaker`` (an
        actor code) overrides the article's own (:attr:`Article.speaker`): first-person
        speakers ("we", "my government") are then that actor. ``genre`` overrides the
        article's (:attr:`Article.genre`; a bare string is ``news`` unless it is shaped
        like a transcript)."""
        text = article if isinstance(article, str) else article.text
        day = published or (None if isinstance(article, str) else article.published)
        article_id = content_id(text) if isinstance(article, str) else article.id
        who = speaker or (None if isinstance(article, str) else article.speaker)
        record = None if isinstance(article, str) else article
        return self.nlp(self._doc(text, day, article_id, who, record, genre))

    def extract(
        self,
        article: Article | str,
        published: date | None = None,
        speaker: str | None = None,
        genre: str | None = None,
    ) -> list[Statement]:
        """The statements of one article; ``published`` overrides the article's date,
        ``speaker`` its speaker (for first-person texts such as speeches), ``genre`` its
        genre (``briefing``, ``readout`` …: see ``docs/extraction.md``)."""
        doc = self.parse(article, published, speaker, genre)
        statements: list[Statement] = doc.user_data[KEY_STATEMENTS]
        return statements

    def extract_many(
        self, articles: Iterable[Article], batch_size: int = 16
    ) -> Iterator[tuple[Article, list[Statement]]]:
        """Stream (article, statements) pairs through ``nlp.pipe`` (memory stays flat)."""
        pending: list[Article] = []

        def docs() -> Iterator[Doc]:
            for article in articles:
                if not article.text.strip():
                    continue
                pending.append(article)
                yield self._doc(
                    article.text, article.published, article.id, article.speaker, article
                )

        for doc in self.nlp.pipe(docs(), batch_size=batch_size):
            yield pending.pop(0), doc.user_data[KEY_STATEMENTS]
