"""What kind of draft is it? Keyword rules over a draft's title, description and subjects.

``draft_kind`` returns one of ``KINDS``. The rules read lower-cased text in two tiers:

1. **Text tier** — title, description and agenda item joined. The first kind, in the order
   below, whose pattern matches wins:

   1. ``admission``: admission of a new Member ("admission of Maldives to membership",
      "application ... for membership", "admission of new members");
   2. ``appointment``: the Secretary-General's appointment, an election to the International
      Court of Justice ("appointment of the Secretary-General", "vacancy in the International
      Court of Justice", "date of election"), the appointment of a prosecutor or judges;
   3. ``mandate-renewal``: extends, renews, prolongs, continues or maintains (for a further
      period) a mandate, a mission, a panel / group of experts, a monitoring team, an
      authorisation or a term of office;
   4. ``sanctions``: sanctions, embargoes, asset freezes, travel bans, "measures imposed by";
   5. ``peacekeeping``: establishes, creates, deploys or resizes (increase, enlargement,
      drawdown) a mission, force, operation, office or observers;
   6. ``ceasefire``: ceasefire, cessation of hostilities or of the use of force, truce,
      armistice, withdrawal of forces, troops or military units;
   7. ``humanitarian``: humanitarian access or assistance (not "humanitarian law"), refugees,
      displaced persons, relief;
   8. ``condemnation``: condemns, deplores, censures; aggression, aggressive acts, attacks on,
      invasion, bombing, killing, massacre, assassination, downing of an aircraft, military
      actions or operations against;
   9. ``thematic``: a cross-cutting agenda (women and peace and security, children and armed
      conflict, protection of civilians in armed conflict, non-proliferation, terrorism,
      maintenance of international peace and security, climate, small arms, peacebuilding, ...);
   10. ``procedural``: rules of procedure, agenda, working languages, working methods, the
       annual report, meetings away from Headquarters, summary statements, credentials,
       convening an emergency special session or referring a question to the General Assembly.

2. **Subject tier** — only where no text pattern matched: UNBIS subject terms, with the same
   precedence (``ADMISSION``/``MEMBERS`` → admission, ``APPOINTMENT OF OFFICIALS``/``JUDGES`` →
   appointment, ``SANCTIONS``/``ARMS EMBARGO``/``FROZEN ASSETS`` → sanctions, ``PEACEKEEPING
   OPERATIONS`` → peacekeeping, ``CEASEFIRES``/``TRUCE SUPERVISION`` → ceasefire,
   ``TROOP WITHDRAWAL`` → ceasefire, ``HUMANITARIAN ASSISTANCE``/``REFUGEES``/``DISPLACED
   PERSONS`` → humanitarian, ``AGGRESSION``/``ARMED INCIDENTS``/``BORDER INCIDENTS``/``ATTACKS
   ON AIRCRAFT`` → condemnation, thematic terms → thematic).

Anything else is ``other`` here. The import then gives a draft left ``other`` the kind its
topic's calendar implies (:mod:`vetowatch.council.topics`, rule ``calendar``). Nothing here
reads the outcome or the votes: the kind is what is known before the vote.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

__all__ = ["KINDS", "draft_kind"]

KINDS: tuple[str, ...] = (
    "sanctions",
    "mandate-renewal",
    "condemnation",
    "ceasefire",
    "humanitarian",
    "admission",
    "appointment",
    "peacekeeping",
    "procedural",
    "thematic",
    "other",
)

_MISSION = (
    r"(mission|force|forces|operation|operations|observers?|peace-?keeping|presence|office"
    r"|mechanism|administration)"
)
_THEMATIC = (
    r"women and peace and security|women, peace and security|children and armed conflict"
    r"|children in armed conflict|protection of civilians in armed conflict|non-?proliferation"
    r"|weapons of mass destruction|terrorist acts|international terrorism|counter-?terrorism"
    r"|maintenance of international peace and security|climate|small arms|hiv|aids pandemic"
    r"|peacebuilding|post-conflict|conflict prevention|prevention of armed conflict"
    r"|sexual violence|civilians in armed conflict|security sector reform|mine action"
    r"|regional and subregional organizations|cooperation between the united nations and"
    r"|general issues relating to|threats to international peace and security"
)
# Text tier, in precedence order.
_TEXT_RULES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern))
    for kind, pattern in (
        (
            "admission",
            r"admission of (new )?members?\b|admission of .{0,120}\bmembership|\bto membership"
            r"|membership (in|of) the united nations|application .{0,120}\b(membership|admission)",
        ),
        (
            "appointment",
            r"appointment of (the )?secretary-general|secretary-general .{0,40}\bappoint"
            r"|appoint\w* .{0,40}secretary-general|vacancy .{0,60}international court of justice"
            r"|election .{0,60}(international court of justice|member of the court)"
            r"|appointment of .{0,60}\b(prosecutor|judges?|registrar)\b|date of (the )?election",
        ),
        (
            "mandate-renewal",
            r"\b(extend\w*|extension|renew\w*|prolong\w*|continu\w*|maintain|further period)\b"
            r".{0,80}\b(mandate|panel of experts"
            r"|group of experts|monitoring (team|group|mechanism)|authori[sz]\w*|term of office"
            rf"|{_MISSION[1:-1]})\b",
        ),
        (
            "sanctions",
            r"sanction|embargo|frozen assets|asset freeze|freez\w* (of )?(funds|assets)"
            r"|travel ban|travel restriction|measures imposed by|measures against",
        ),
        (
            "peacekeeping",
            r"\b(establish\w*|creat\w*|set(ting)? up|deploy\w*|dispatch\w*|increas\w*|enlarge\w*"
            rf"|expan\w*|drawdown|strength)\b.{{0,80}}\b{_MISSION}\b",
        ),
        (
            "ceasefire",
            r"cease-?fire|cessation of (the )?hostilities|\btruce\b|armistice"
            r"|withdraw\w* .{0,60}\b(forces|troops|military units)\b"
            r"|end to (the )?(fighting|hostilities)|cessation of the use of force",
        ),
        (
            "humanitarian",
            r"humanitarian(?! law)|refugee|displaced persons|\brelief\b|famine",
        ),
        (
            "condemnation",
            r"condemn|deplor|censur|\baggression\b|\baggressive\b|attacks? (on|against)"
            r"|invasion|bombing|killing|massacre|assassinat|terrorist attack|shooting down"
            r"|downing of|military (actions?|operations?|activities) against",
        ),
        ("thematic", _THEMATIC),
        (
            "procedural",
            r"rules of procedure|provisional rules|\bagenda\b|working languages?|working methods"
            r"|annual report|report of the security council to the general assembly"
            r"|away from headquarters|summary statement|credentials|place of meeting"
            r"|emergency special session|convening|refer\w* .{0,60}to the general assembly",
        ),
    )
)
# Subject tier (UNBIS terms, upper case in the source), in precedence order.
_SUBJECT_RULES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern))
    for kind, pattern in (
        ("admission", r"^(un--)?(admission|membership|members)$|admission of new members"),
        ("appointment", r"^appointment of officials$|^judges$|secretary-general--appointment"),
        ("sanctions", r"sanctions|embargo|frozen assets|travel restrictions"),
        ("peacekeeping", r"^peacekeeping operations$"),
        ("ceasefire", r"^ceasefires$|^truce supervision$|^armistices?$|^troop withdrawal$"),
        ("humanitarian", r"^humanitarian|^refugees$|^displaced persons$|^emergency relief$"),
        (
            "condemnation",
            r"^aggression$|^armed incidents$|^border incidents$|^attacks on aircraft$",
        ),
        (
            "thematic",
            r"^women in armed conflicts$|^children in armed conflicts$|^terrorism$"
            r"|^counter-terrorism$|non-proliferation|^weapons of mass destruction$"
            r"|^climate change$|^small arms$|^hiv|^peacebuilding$",
        ),
    )
)


def draft_kind(
    title: str | None,
    agenda: str | None,
    subjects: Sequence[str] = (),
    description: str | None = None,
) -> str:
    """The kind of a draft (one of ``KINDS``): see the module docstring for the rules."""
    text = " ".join(part for part in (title, description, agenda) if part).lower()
    text = " ".join(text.replace("\xa0", " ").split())
    for kind, pattern in _TEXT_RULES:
        if pattern.search(text):
            return kind
    terms = [" ".join(s.lower().split()) for s in subjects if s]
    for kind, pattern in _SUBJECT_RULES:
        if any(pattern.search(term) for term in terms):
            return kind
    return "other"
