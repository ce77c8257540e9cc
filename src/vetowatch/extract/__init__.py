"""Statements in news: who said what, through whom, about whom, and when."""

from vetowatch.extract.actors import ActorDictionary, Role, load_actor_dictionary
from vetowatch.extract.extractor import Extractor
from vetowatch.extract.lexicon import Lexicon, load_lexicon
from vetowatch.extract.pipeline import build_pipeline
from vetowatch.extract.statement import Event, Mention, Statement, When
from vetowatch.extract.when import DateResolver

__all__ = [
    "ActorDictionary",
    "DateResolver",
    "Event",
    "Extractor",
    "Lexicon",
    "Mention",
    "Role",
    "Statement",
    "When",
    "build_pipeline",
    "load_actor_dictionary",
    "load_lexicon",
]
