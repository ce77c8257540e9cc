"""Readouts and joint statements: who the participants or signatories are, and whose
statement each sentence is (the convention in ``docs/extraction.md``, "Genres").

* **readout** — the participants come from the title; "President Biden condemned …" is the
  host's, "President Abbas briefed …" the guest's (via the host); "the leaders agreed …"
  one record per participant; "discussed" / "exchanged views" / "reviewed" is no statement;
  a host statement with no target of its own is about the one other participant.
* **joint** — "We" / "Our governments" / "the leaders" is one record per signatory.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from spacy.tokens import Doc

from vetowatch.extract.attribution import Attribution, find_attributions
from vetowatch.extract.coding import DocContext, build_statements, first_person_speaker
from vetowatch.extract.genres import (
    LEADERS,
    GenreSetup,
    coded_actor,
    narration,
    participants_of,
    places_in,
    resolve_speaker,
    speaker_words,
    statement_as,
)
from vetowatch.extract.lexicon import Lexicon
from vetowatch.extract.official import readout_cues, usable
from vetowatch.extract.spans import doc_text
from vetowatch.extract.statement import Mention, Statement, When
from vetowatch.extract.transcript import Person, who_is
from vetowatch.news.genre import Host

DISCUSSION = frozenset({"discuss", "review", "exchange", "consult", "speak", "talk", "meet"})


GROUPS: dict[str, tuple[str, ...]] = {
    "G7": ("USA", "JPN", "DEU", "FRA", "GBR", "ITA", "CAN"),
    "Group of Seven": ("USA", "JPN", "DEU", "FRA", "GBR", "ITA", "CAN"),
    "Quad": ("USA", "JPN", "IND", "AUS"),
    "AUKUS": ("AUS", "GBR", "USA"),
    "E3": ("FRA", "DEU", "GBR"),
}


def _for_people(
    attribution: Attribution, ctx: DocContext, who: Sequence[Person], setup: GenreSetup,
    via_host: bool,
    own: bool = False,
    default: When | None = None,
) -> list[Statement]:
    spans = speaker_words(attribution)
    group = own or (len(spans) == 1 and LEADERS.match(spans[0].text.strip()) is not None)
    host = Mention(setup.host.name, setup.host.actor) if setup.host else None
    found: list[Statement] = []
    for person in who:
        span = next((s for s in spans if person in who_is(s.text, [person])), spans[0])
        text = person.name if group else span.text
        mention = Mention(text, person.actor, span.start_char, span.end_char)
        via = (host,) if via_host and host is not None and not person.host else ()
        statement = statement_as(attribution, ctx, mention, via, default)
        if statement is not None:
            found.append(statement)
    if len(found) > 1:
        found = [_shared_commitment(s, who) for s in found]
    return found


def _shared_commitment(statement: Statement, who: Sequence[Person]) -> Statement:
    """ "The leaders agreed to …" / "reaffirmed their commitment to …" with no target of its
    own: each side's commitment is toward the other (two participants), cooperative (+1)."""
    others = [p for p in who if p.actor and p.actor != statement.speaker.actor]
    if statement.target is not None or statement.event.cameo[:2] != "03" or len(others) != 1:
        return statement
    target = Mention(others[0].name, others[0].actor)
    return replace(statement, target=target, polarity=1)


def merge_into(found: list[Statement], statement: Statement, text: str) -> bool:
    """One record per speaker per sentence: a later cue of a speaker who already has a
    record of the same sentence and date ("welcomed … and committed to …") widens that
    record's content to span both; ``True`` when it was merged."""
    for i, earlier in enumerate(found):
        if (earlier.start != statement.start or earlier.speaker.actor != statement.speaker.actor
                or earlier.when != statement.when or earlier.content_start is None
                or statement.content_end is None):
            continue
        end = max(earlier.content_end or 0, statement.content_end)
        found[i] = replace(earlier, content=text[earlier.content_start:end], content_end=end)
        return True
    return False


PERSONAL = frozenset({"he", "she", "his", "her"})


def meeting_when(doc: Doc, ctx: DocContext) -> When | None:
    """The day of the call or meeting a readout reports: a date phrase of its first
    sentence ("met virtually on November 15", "spoke today") that resolves to a day."""
    first = next((s for s in doc.sents if s.text.strip()), None)
    if first is None or ctx.resolver is None:
        return None
    for ent in first.ents:
        if ent.label_ == "DATE":
            when = ctx.resolver.resolve(ent.text)
            if when.date is not None and when.precision == "day":
                return when
    return None


def readout_statements(
    doc: Doc, ctx: DocContext, setup: GenreSetup, people: Sequence[Person], joint: bool
) -> list[Statement]:
    """Readouts (participants from the title) and joint statements (signatories)."""
    ctx.speaker = coded_actor(people[0].actor, setup) if joint and people else None
    default = None if joint else meeting_when(doc, ctx)
    found: list[Statement] = []
    last: list[Person] = []
    for sentence in doc.sents:
        attributions = usable(find_attributions(sentence, setup.lexicon, setup.tagger, joint))
        attributions += readout_cues(sentence, attributions, setup.lexicon)
        for attribution in sorted(attributions, key=lambda a: a.cue.i):
            if attribution.cue.lemma_.lower() in DISCUSSION:
                continue
            own = first_person_speaker(attribution, ctx) is not None
            if narration(attribution, own):
                continue
            who = list(people) if own else participants_of(attribution, people)
            subject = attribution.speaker
            if who is None and subject is not None and subject.lower_ in PERSONAL and last:
                who = last  # "He also raised …": the participant who spoke last
            if who:
                last = who if len(who) == 1 else last
                made = _for_people(attribution, ctx, who, setup, not joint, own, default)
            else:
                made = [_meeting_dated(resolve_speaker(s, people, setup), default)
                        for s in build_statements(attribution, ctx)]
            for statement in made:
                if not merge_into(found, statement, doc_text(doc)):
                    found.append(statement)
    return found


def _meeting_dated(statement: Statement, default: When | None) -> Statement:
    """A readout's statement without a date phrase of its own: the meeting's day."""
    if default is None or statement.when.precision != "published":
        return statement
    return replace(statement, when=default)


def joint_signatories(
    title: str | None, opening: str, lexicon: Lexicon, host: Host | None,
    people: Sequence[Person] = (),
) -> list[Person]:
    """The signatories of a joint statement: a group in the title (G7), the countries the
    title names before its topic ("U.S.-EU Summit …", "… of the United States and Japan"),
    else those of the opening sentence ("The leaders of Canada, France … and the United
    States", "Prime Minister Trudeau of Canada, …"), else the people the title names
    ("Joint Statement by President Biden and President von der Leyen"); the host is
    always one."""
    heading = re.split(r"\s+(?:on|regarding|concerning|about)\s+|:", title or "")[0]
    codes: list[str] = []
    for name, members in GROUPS.items():
        if re.search(rf"\b{re.escape(name)}\b", heading + " " + opening[:200]):
            codes = [f"{c}GOV" for c in members]
            break
    if not codes:
        codes = [code for _, code in places_in(heading, lexicon)]
    if not codes:
        first = re.split(r"(?<=[a-z)])\.\s", opening, maxsplit=1)[0]
        listed = re.search(r"[Ll]eaders of (.+?)(?:,? (?:have|has|met|spoke|issued|are|today)\b|$)",
                           first)
        scope = listed.group(1) if listed else ""
        codes = [code for _, code in places_in(scope, lexicon)]
        codes += [c for m in re.finditer(r"\bof (?:the )?([A-Z][\w.\-]*(?: [A-Z][\w.\-]*)*)", first)
                  for _, c in places_in(m.group(1), lexicon)]
    if not codes:
        codes = [p.actor for p in people if p.actor]
    if host is not None:
        codes.insert(0, host.actor)
    names = {}
    for name, place in lexicon.places.items():
        key = place.code + "GOV" if place.kind == "country" else place.code
        if place.kind in ("country", "igo") and key not in names:
            names[key] = name
    return [
        Person(names.get(code, code), "", code, host is not None and code == host.actor)
        for code in dict.fromkeys(codes)
    ]

