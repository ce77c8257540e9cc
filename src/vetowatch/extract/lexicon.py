"""The project's own compact gazetteer and cue lexicon (``extract/data/*.tsv``).

These files are written for vetowatch: UN member states with demonyms, capitals and seats
of power; international organisations, regions, armed groups and media; role nouns
(agents) with their CAMEO sector; reporting/stance cues with CAMEO root and polarity.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources

DATA_PACKAGE = "vetowatch.extract.data"


@dataclass(frozen=True)
class Place:
    """One gazetteer name: its actor code and what kind of name it is."""

    code: str
    kind: str  # country | demonym | seat | igo | ngo | region | armed | media | opp
    label: str  # spaCy label used by the entity ruler


@dataclass(frozen=True)
class Agent:
    sector: str
    role: str  # person | group | media


@dataclass(frozen=True)
class Cue:
    lemma: str
    kind: str  # speech | stance | call | think | nominal | learned (found by the cue tagger)
    cameo: str
    polarity: int


@dataclass(frozen=True)
class Lexicon:
    """Everything read from the TSV files, keyed for lookup."""

    places: dict[str, Place]
    agents: dict[str, Agent]
    cues: dict[tuple[str, str], Cue]
    stance: dict[str, tuple[str, int]]

    def cue(self, lemma: str, *kinds: str) -> Cue | None:
        for kind in kinds:
            found = self.cues.get((lemma.lower(), kind))
            if found is not None:
                return found
        return None


def _rows(name: str) -> Iterator[list[str]]:
    text = resources.files(DATA_PACKAGE).joinpath(name).read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            yield line.split("\t")


def _alternatives(cell: str) -> list[str]:
    return [part.strip() for part in cell.split("|") if part.strip()]


_ORG_LABELS = {"igo": "ORG", "ngo": "ORG", "armed": "ORG", "media": "ORG", "opp": "ORG"}


def load_lexicon() -> Lexicon:
    """Read the packaged TSV files (a few kB; fast)."""
    places: dict[str, Place] = {}
    for iso, names, demonyms, seats in _rows("countries.tsv"):
        for name in _alternatives(names):
            places.setdefault(name, Place(iso, "country", "GPE"))
        for name in _alternatives(demonyms):
            places.setdefault(name, Place(iso, "demonym", "NORP"))
        for name in _alternatives(seats):
            places.setdefault(name, Place(iso, "seat", "GPE"))
    for kind, code, names in _rows("organisations.tsv"):
        label = _ORG_LABELS.get(kind, "NORP")
        for name in _alternatives(names):
            places.setdefault(name, Place(code, kind, label))
    agents: dict[str, Agent] = {}
    for sector, role, words in _rows("agents.tsv"):
        for word in _alternatives(words):
            agents.setdefault(word.lower(), Agent(sector, role))
    cues: dict[tuple[str, str], Cue] = {}
    for lemma, kind, cameo, polarity in _rows("cues.tsv"):
        cues[(lemma, kind)] = Cue(lemma, kind, cameo, int(polarity))
    stance = {lemma: (cameo, int(pol)) for lemma, cameo, pol in _rows("stance.tsv")}
    return Lexicon(places, agents, cues, stance)
