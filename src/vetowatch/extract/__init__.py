"""Statements in news: who said what, through whom, about whom, and when.

The names below are imported on first use (PEP 562), so that commands which never extract
(``forecast``, ``vote``, ``actors``) do not pay for importing spaCy.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from vetowatch.extract.actors import ActorDictionary, Role, load_actor_dictionary
    from vetowatch.extract.extractor import Extractor
    from vetowatch.extract.lexicon import Lexicon, load_lexicon
    from vetowatch.extract.pipeline import build_pipeline
    from vetowatch.extract.statement import Event, Mention, Statement, When
    from vetowatch.extract.when import DateResolver

_WHERE = {
    "ActorDictionary": "vetowatch.extract.actors",
    "Role": "vetowatch.extract.actors",
    "load_actor_dictionary": "vetowatch.extract.actors",
    "Extractor": "vetowatch.extract.extractor",
    "Lexicon": "vetowatch.extract.lexicon",
    "load_lexicon": "vetowatch.extract.lexicon",
    "build_pipeline": "vetowatch.extract.pipeline",
    "Event": "vetowatch.extract.statement",
    "Mention": "vetowatch.extract.statement",
    "Statement": "vetowatch.extract.statement",
    "When": "vetowatch.extract.statement",
    "DateResolver": "vetowatch.extract.when",
}

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


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'vetowatch.extract' has no attribute {name!r}")
    return getattr(import_module(_WHERE[name]), name)
