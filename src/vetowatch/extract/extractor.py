"""One object that holds the loaded pipeline and dictionaries: load once, extract many."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from vetowatch.errors import ExtractionError
from vetowatch.extract.actors import ActorDictionary, load_actor_dictionary
from vetowatch.extract.cue_tagger import CueTagger, load_tagger
from vetowatch.extract.events import VERB_FILE, EventCoder
from vetowatch.extract.lexicon import Lexicon, load_lexicon
from vetowatch.extract.pipeline import (
    KEY_ARTICLE,
    KEY_PUBLISHED,
    KEY_SPEAKER,
    KEY_STATEMENTS,
    MODEL,
    build_pipeline,
)
from vetowatch.extract.statement import Statement
from vetowatch.news.article import Article, content_id
from vetowatch.settings import Settings


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
    ) -> Extractor:
        """Read the dictionaries from ``events_dir`` (default ``settings.events_dir``);
        ``cues=False`` leaves the learned cue tagger out (rules only)."""
        folder = events_dir or (settings or Settings.from_env()).events_dir
        actors = load_actor_dictionary(folder)
        lexicon = load_lexicon()
        tagger = load_tagger() if cues else None
        events = EventCoder.load(folder) if (folder / VERB_FILE).is_file() else None
        nlp = build_pipeline(lexicon, actors, model, tagger=tagger, events=events)
        return cls(nlp, lexicon, actors, tagger)

    def _doc(
        self, text: str, published: date | None, article_id: str, speaker: str | None = None
    ) -> Doc:
        if not text.strip():
            raise ExtractionError(f"article {article_id or '?'} has no text")
        doc = self.nlp.make_doc(text)
        doc.user_data[KEY_PUBLISHED] = published
        doc.user_data[KEY_ARTICLE] = article_id
        if speaker:
            doc.user_data[KEY_SPEAKER] = speaker
        return doc

    def parse(
        self, article: Article | str, published: date | None = None, speaker: str | None = None
    ) -> Doc:
        """The annotated spaCy ``Doc`` (statements in ``doc.user_data``). ``speaker`` (an
        actor code) overrides the article's own (:attr:`Article.speaker`): first-person
        speakers ("we", "my government") are then that actor."""
        text = article if isinstance(article, str) else article.text
        day = published or (None if isinstance(article, str) else article.published)
        article_id = content_id(text) if isinstance(article, str) else article.id
        who = speaker or (None if isinstance(article, str) else article.speaker)
        return self.nlp(self._doc(text, day, article_id, who))

    def extract(
        self, article: Article | str, published: date | None = None, speaker: str | None = None
    ) -> list[Statement]:
        """The statements of one article; ``published`` overrides the article's date,
        ``speaker`` its speaker (for first-person texts such as speeches)."""
        doc = self.parse(article, published, speaker)
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
                yield self._doc(article.text, article.published, article.id, article.speaker)

        for doc in self.nlp.pipe(docs(), batch_size=batch_size):
            yield pending.pop(0), doc.user_data[KEY_STATEMENTS]
