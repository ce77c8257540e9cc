"""Actors: who a mention is, on a date — dated office-holder tables over the Phoenix
dictionaries, behind one registry of actor sources.

>>> actors = load_actor_tables(Settings.from_env())                # doctest: +SKIP
>>> actors.code("Secretary Blinken", date(2022, 3, 1))              # doctest: +SKIP
'USAGOV'

Sources (``vetowatch.registry.actor_sources``; each yields :class:`OfficeRow`):
``phoenix``, ``peppercat``, ``reign``, ``cia2019``, ``wikidata``, ``handtable``,
``user-file`` (``$VETOWATCH_ACTORS``), ``user-db`` (``vetowatch actors add``).
"""

from vetowatch.extract.actors.index import Candidate, HolderIndex
from vetowatch.extract.actors.model import OfficeRow, Resolution, fold
from vetowatch.extract.actors.phoenix import (
    ACTOR_FILES,
    AGENT_FILE,
    DICTIONARY_DIR,
    ActorDictionary,
    Role,
    _read_actor_lines,
    _read_agents,
    load_actor_dictionary,
    normalise_name,
    parse_role,
)
from vetowatch.extract.actors.sources import SourceContext
from vetowatch.extract.actors.tables import load_actor_tables

__all__ = [
    "ACTOR_FILES",
    "AGENT_FILE",
    "DICTIONARY_DIR",
    "ActorDictionary",
    "Candidate",
    "HolderIndex",
    "OfficeRow",
    "Resolution",
    "Role",
    "SourceContext",
    "_read_actor_lines",
    "_read_agents",
    "fold",
    "load_actor_dictionary",
    "load_actor_tables",
    "normalise_name",
    "parse_role",
]
