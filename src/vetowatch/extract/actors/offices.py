"""Free-text position labels → office types and sectors; titles in mentions → offices.

``classify("Minister of Foreign Affairs")`` → ``("foreign minister", "GOV")``. Labels that
are not government offices a speaker would speak for (legislators, judges, mayors, party
posts, shadow ministers) give ``None`` and are left out of the tables.
"""

from __future__ import annotations

import re

from vetowatch.extract.actors.model import (
    AMBASSADOR,
    DEFENCE_MINISTER,
    DEPUTY_HEAD,
    ENVOY,
    FOREIGN_MINISTER,
    HEAD_OF_GOVERNMENT,
    HEAD_OF_STATE,
    LEADER,
    MILITARY_CHIEF,
    MINISTER,
    SECURITY_ADVISER,
    SPOKESPERSON,
    UN_OFFICIAL,
    UN_REPRESENTATIVE,
    fold,
)

_I = re.IGNORECASE
_NOT_EXECUTIVE = re.compile(
    r"shadow|senat|assembly|chamber|parliament|congress|house of|legislat|court|judge|justice"
    r"|bank|party|universit|olympic|club|federation|association|mayor|municipal|regional"
    r"|province|provincial|council of state|committee|speaker|member of|candidate|lord of",
    _I,
)
_UN = re.compile(r"united nations|\bUN\b|UNICEF|UNHCR|UNESCO|UNDP|world health|"
                 r"general assembly|international court of justice|secretary-general", _I)
_NATO = re.compile(r"\bNATO\b|north atlantic treaty", _I)
_EU = re.compile(r"european (commission|council|union)|high representative of the union", _I)

# (pattern, office, sector), first match wins; applied after the exclusions
_RULES: tuple[tuple[re.Pattern[str], str, str], ...] = tuple(
    (re.compile(p, _I), office, sector)
    for p, office, sector in (
        (r"spoke(s)?(wo)?(man|person)|press secretary|press officer|director of communications"
         r"|strategic communications", SPOKESPERSON, "GOV"),
        (r"permanent representative.*(geneva|vienna|nairobi|office)", AMBASSADOR, "GOV"),
        (r"permanent representative.*(united nations|\bUN\b)|ambassador to the united nations"
         r"|representative to the united nations", UN_REPRESENTATIVE, "GOV"),
        (r"envoy", ENVOY, "GOV"),
        (r"national security advis", SECURITY_ADVISER, "GOV"),
        (r"^(deputy|vice|first deputy|state|assistant|parliamentary|under|junior)\b.*foreign"
         r"|^(deputy|vice) minister", MINISTER, "GOV"),
        (r"foreign (affairs )?minister|minister (of|for) (the )?(foreign|external)|external affairs"
         r"|foreign secretary|secretary of state for foreign|secretary for foreign"
         r"|minister of international relations|minister for europe and foreign",
         FOREIGN_MINISTER, "GOV"),
        (r"chief of (the )?(general|defen[cs]e|army|naval|air) staff|chairman of the joint chiefs"
         r"|commander[- ]in[- ]chief of the|chief of staff of the (army|armed)"
         r"|commander of the (army|armed forces|navy|air force)", MILITARY_CHIEF, "MIL"),
        (r"defen[cs]e|minister of war|armed forces minister", DEFENCE_MINISTER, "GOV"),
        (r"president of the (government|council of ministers)|^prime minister|^premier\b"
         r"|^(federal )?chancellor( of (germany|austria))?$|^head of government|^taoiseach"
         r"|^chief executive", HEAD_OF_GOVERNMENT, "GOV"),
        (r"^(vice[- ]president|first vice[- ]president|deputy prime minister|first deputy prime"
         r" minister|vice[- ]premier|vice[- ]chancellor|deputy premier)", DEPUTY_HEAD, "GOV"),
        (r"^(president|king|queen|monarch|emperor|emir|amir|sultan|grand duke|reigning prince"
         r"|prince of|governor[- ]general|supreme leader|captain regent|head of state|co-prince"
         r"|chairman of the (presidential|presidency|state council)"
         r"|president of the (republic|state|federal council|presidency)|supreme commander)",
         HEAD_OF_STATE, "GOV"),
        (r"^ambassador|high commissioner (to|of)", AMBASSADOR, "GOV"),
        (r"\bminister\b|^((deputy|under|assistant) )?secretary of|^state secretary"
         r"|attorney[- ]general|cabinet secretary|chief of staff|white house", MINISTER, "GOV"),
    )
)


def classify(label: str, country: str = "") -> tuple[str, str] | None:
    """The office type and sector of a position label, or ``None`` when not tracked.

    ``country`` (ISO alpha-3, or ``IGO``) disambiguates: in the United States "Secretary of
    State" is the foreign minister; in an ``IGO`` (the "world" file) only UN posts count.
    """
    text = label.strip()
    if not text:
        return None
    if country == "IGO":
        if _UN.search(text) and not re.search(r"ambassador|representative of", text, _I):
            return (UN_OFFICIAL, "UNO")
        return None
    if _NOT_EXECUTIVE.search(text) and not re.search(r"president of the (government|council "
                                                     r"of ministers|republic)", text, _I):
        return None
    if country == "USA" and re.fullmatch(r"(united states )?secretary of state", text, _I):
        return (FOREIGN_MINISTER, "GOV")
    for pattern, office, sector in _RULES:
        if pattern.search(text):
            return (office, sector)
    return None


def international_code(label: str) -> str | None:
    """An IGO code when a national file's label is an international post (NATO SG → IGOWST)."""
    if _NOT_EXECUTIVE.search(label):
        return None
    if _NATO.search(label) and re.search(r"secretary|general|commander", label, _I):
        return "IGOWST"
    if _EU.search(label) and re.search(r"president|high representative", label, _I):
        return "IGOEU"
    if re.search(r"secretary[- ]general of the united nations|united nations secretary"
                 r"|(special )?envoy of the (united nations|UN) secretary", label, _I):
        return "IGOUNO"
    return None


# -- titles in mentions -----------------------------------------------------------------------

_ANY = frozenset[str]()
# folded title → the offices it is compatible with (empty: says nothing about the office)
TITLES: dict[str, frozenset[str]] = {
    "MR": _ANY, "MRS": _ANY, "MS": _ANY, "MISS": _ANY, "DR": _ANY, "SIR": _ANY, "DAME": _ANY,
    "LORD": _ANY, "MADAM": _ANY, "MME": _ANY, "MADAME": _ANY, "MONSIEUR": _ANY, "HE": _ANY,
    "HIS EXCELLENCY": _ANY, "HER EXCELLENCY": _ANY, "SENOR": _ANY, "HERR": _ANY, "FRAU": _ANY,
    "PRESIDENT": frozenset({HEAD_OF_STATE, LEADER, UN_OFFICIAL}),
    "VICE PRESIDENT": frozenset({DEPUTY_HEAD}),
    "PRIME MINISTER": frozenset({HEAD_OF_GOVERNMENT, LEADER}),
    "PM": frozenset({HEAD_OF_GOVERNMENT, LEADER}),
    "PREMIER": frozenset({HEAD_OF_GOVERNMENT, LEADER, DEPUTY_HEAD}),
    "CHANCELLOR": frozenset({HEAD_OF_GOVERNMENT, LEADER}),
    "KING": frozenset({HEAD_OF_STATE, LEADER}), "QUEEN": frozenset({HEAD_OF_STATE, LEADER}),
    "EMIR": frozenset({HEAD_OF_STATE, LEADER}), "SHEIKH": _ANY, "CROWN PRINCE": _ANY,
    "SECRETARY OF STATE": frozenset({FOREIGN_MINISTER}),
    "SECRETARY": frozenset({FOREIGN_MINISTER, DEFENCE_MINISTER, MINISTER, UN_OFFICIAL}),
    "SECRETARY GENERAL": frozenset({UN_OFFICIAL}),
    "UN SECRETARY GENERAL": frozenset({UN_OFFICIAL}),
    "FOREIGN MINISTER": frozenset({FOREIGN_MINISTER}),
    "FOREIGN SECRETARY": frozenset({FOREIGN_MINISTER}),
    "DEFENCE MINISTER": frozenset({DEFENCE_MINISTER}),
    "DEFENSE MINISTER": frozenset({DEFENCE_MINISTER}),
    "DEFENCE SECRETARY": frozenset({DEFENCE_MINISTER}),
    "DEFENSE SECRETARY": frozenset({DEFENCE_MINISTER}),
    "MINISTER": frozenset({FOREIGN_MINISTER, DEFENCE_MINISTER, MINISTER, HEAD_OF_GOVERNMENT}),
    "AMBASSADOR": frozenset({UN_REPRESENTATIVE, AMBASSADOR, ENVOY}),
    "ENVOY": frozenset({ENVOY, UN_OFFICIAL, UN_REPRESENTATIVE}),
    "SPECIAL ENVOY": frozenset({ENVOY, UN_OFFICIAL}),
    "UN ENVOY": frozenset({ENVOY, UN_OFFICIAL}),
    "SPOKESMAN": frozenset({SPOKESPERSON}), "SPOKESWOMAN": frozenset({SPOKESPERSON}),
    "SPOKESPERSON": frozenset({SPOKESPERSON}), "PRESS SECRETARY": frozenset({SPOKESPERSON}),
    "GENERAL": frozenset({MILITARY_CHIEF}), "GEN": frozenset({MILITARY_CHIEF}),
    "ADMIRAL": frozenset({MILITARY_CHIEF}), "ADM": frozenset({MILITARY_CHIEF}),
    "NATIONAL SECURITY ADVISER": frozenset({SECURITY_ADVISER}),
    "NATIONAL SECURITY ADVISOR": frozenset({SECURITY_ADVISER}),
}
_LONGEST_FIRST = sorted(TITLES, key=lambda t: -len(t))


def strip_titles(mention: str) -> tuple[str, frozenset[str] | None]:
    """``"President Biden"`` → (``"BIDEN"``, {head of state, …}); the offices are ``None``
    when no title says anything about the office. Several titles may precede the name."""
    folded = fold(mention)
    folded = re.sub(r"^(THE|FORMER|THEN|ACTING|US|U S|UN|RUSSIAN|CHINESE|BRITISH|FRENCH) ",
                    "", folded)
    offices: frozenset[str] | None = None
    changed = True
    while changed:
        changed = False
        for title in _LONGEST_FIRST:
            if folded.startswith(title + " "):
                folded = folded[len(title) + 1:]
                if TITLES[title]:
                    offices = TITLES[title] if offices is None else offices | TITLES[title]
                changed = True
                break
    return folded, offices
