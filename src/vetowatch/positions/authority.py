"""How much a speaker's word weighs for its government's position (speaker authority).

Head of state or government > foreign minister > the state itself ("Russia", "the Kremlin")
> minister, spokesperson, ministry > ambassador > unnamed official. Each intermediary in the
via chain (a news agency passing it on) costs a little.
"""

from __future__ import annotations

import re

from vetowatch.extract.statement import Statement

LEVELS: tuple[tuple[str, float, re.Pattern[str]], ...] = tuple(
    (name, weight, re.compile(pattern, re.I)) for name, weight, pattern in (
        ("head", 1.0, r"\b(president|prime minister|premier|chancellor|king|emir|monarch|"
                      r"head of state|supreme leader|putin|obama|trump|biden|medvedev|xi jinping|"
                      r"erdogan|macron|merkel|sarkozy|cameron|johnson|assad)\b"),
        ("foreign-minister", 0.9, r"\b(foreign minister|secretary of state|foreign secretary|"
                                  r"minister of foreign affairs|lavrov|clinton|kerry|"
                                  r"pompeo|blinken|hague|juppe|juppé)\b"),
        ("minister", 0.75, r"\b(minister|secretary|national security adviser)\b"),
        ("official", 0.4, r"\b(officials?|diplomats?|sources?|aides?|advisers?)\b"),
        ("spokesperson", 0.7, r"\b(spokes(man|woman|person)|press secretary|ministry|"
                              r"white house|kremlin|state department|foreign office)\b"),
        ("envoy", 0.6, r"\b(ambassador|envoy|representative|delegate)\b"),
    )
)
STATE = 0.8  # the country or government speaking as such ("Russia", "the US")
OTHER = 0.5
VIA_COST = 0.9


def speaker_authority(text: str, actor: str | None, via: int = 0) -> tuple[str, float]:
    """The level and weight (0–1) of a speaker named ``text`` coded ``actor``."""
    level, weight = "other", OTHER
    for name, value, pattern in LEVELS:
        if pattern.search(text):
            level, weight = name, value
            break
    else:
        if actor and (len(actor) == 3 or actor.endswith("GOV")):
            level, weight = "state", STATE
    if level == "official" and re.search(r"\b(senior|top)\b", text, re.I):
        weight = 0.5
    return level, round(weight * VIA_COST ** via, 4)


def authority(st: Statement) -> tuple[str, float]:
    """The speaker's level and weight (0–1)."""
    return speaker_authority(st.speaker.text, st.speaker.actor, len(st.via))
