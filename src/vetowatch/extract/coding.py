"""Turn attributions into :class:`Statement` records: actor codes, target, polarity, event, date.

Actor codes are CAMEO style: ISO alpha-3 country + sector (``RUSGOV``, ``SYROPP``), an
international code (``IGOUNO``, ``IGOWSTNAT``), a region (``EUR``, ``WST``) or a
person's dated role (Putin → ``RUSGOV`` in 2011): :mod:`vetowatch.extract.mentions`.
Dates: :mod:`vetowatch.extract.dating`.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from vetowatch.extract.attribution import PRONOUNS, QUOTES, Attribution, is_first_person
from vetowatch.extract.cameo import PARALLEL_ROOTS, REQUEST_ROOTS, rejected_code, requested_code
from vetowatch.extract.context import Coded
from vetowatch.extract.dating import (
    published_when,
    same_event_when,
    same_report_when,
    when_said,
)
from vetowatch.extract.mentions import (
    DocContext,
    code_span,
    mention_of,
    region_of,
    remembered,
    resolve_pronoun,
    speaker_coded,
    target_codes,
    with_context,
)
from vetowatch.extract.spans import is_media, np_span, span_ents
from vetowatch.extract.statement import Event, Mention, Statement
from vetowatch.extract.tone import accusing, blame_word, blamed

__all__ = ["Coded", "DocContext", "build_statements", "code_span", "same_report_when",
           "speaker_coded"]

ANAPHORIC_NOUNS = frozenset(
    {"claim", "claims", "statement", "statements", "call", "calls", "report", "reports",
     "remark", "remarks", "accusation", "accusations", "allegation", "allegations", "demand",
     "demands", "assertion", "comments", "comment", "proposal", "plan"}
)
SUPPORT_NOUNS = frozenset({"support", "aid", "help", "assistance", "protection", "recognition"})
DOMESTIC_SECTORS = frozenset({"OPP", "REB", "COP", "MIL", "CVL", "REF", "JUD", "LEG"})
def first_person_speaker(attribution: Attribution, ctx: DocContext) -> Span | None:
    """The mention of a first-person speaker ("we", "my government") when the text has an
    own speaker (:attr:`DocContext.speaker`), else ``None``."""
    head = attribution.speaker
    if ctx.speaker is None or head is None or not is_first_person(head):
        return None
    return np_span(head, keep_conj=False)


def speaker_mentions(attribution: Attribution, ctx: DocContext) -> list[tuple[Span, Coded]]:
    """Speaker mention(s) with codes; pronouns and bare role nouns resolved backwards;
    first-person speakers are the text's own speaker, if it has one."""
    head = attribution.speaker
    if head is None:
        return []
    own = first_person_speaker(attribution, ctx)
    if own is not None and ctx.speaker is not None:
        return [(own, ctx.speaker)]
    heads = [head] + [c for c in head.children if c.dep_ == "conj" and c.pos_ == "PROPN"]
    found: list[tuple[Span, Coded]] = []
    for token in heads:
        span = np_span(token, keep_conj=False)
        if token.lower_ in PRONOUNS:
            if token.lower_ in ("we", "i"):
                continue
            resolved = resolve_pronoun(token, ctx)
            if resolved is None:
                continue
            span, codes = resolved
            codes = with_context(span, codes, ctx)
        else:
            codes = with_context(span, code_span(span, ctx), ctx)
        if not codes and token.ent_type_ not in ("PERSON", "ORG", "GPE", "NORP"):
            continue
        if codes and codes[0].country is None:
            memory = remembered(span, ctx)
            if memory is not None:
                codes = [memory]
        for coded in codes or [Coded(None)]:
            found.append((span, coded))
    return found


def _object_of(content: Span) -> Token | None:
    root = content.root
    if root.pos_ in ("NOUN", "PROPN"):
        return root
    for child in root.children:
        if child.dep_ in ("dobj", "attr") and content.start <= child.i < content.end:
            return child
    return None


def _referred(obj: Token, speaker: Coded,
              ctx: DocContext) -> tuple[Statement | None, list[Statement]]:
    """``the claim`` / ``such calls``: the other actors' statement referred to (its cue
    is the noun, else begins like it), and the other actors' statements."""
    others = [s for s in ctx.statements if s.speaker.actor and s.speaker.actor != speaker.code]
    if obj.lower_ not in ANAPHORIC_NOUNS and obj.lemma_.lower() not in ANAPHORIC_NOUNS:
        return None, others
    lemma = obj.lemma_.lower()
    for exact in (True, False):
        for statement in reversed(others):
            cue = statement.cue.lower()
            if (cue.split()[0] == obj.lower_) if exact else cue.startswith(lemma[:4]):
                return statement, others
    return None, others


def _anaphoric_target(obj: Token, speaker: Coded, ctx: DocContext) -> Mention | None:
    """``the claim`` / ``such calls``: the speaker of the statement referred to."""
    if obj.lower_ not in ANAPHORIC_NOUNS and obj.lemma_.lower() not in ANAPHORIC_NOUNS:
        return None
    statement, others = _referred(obj, speaker, ctx)
    if statement is not None:
        return group_speaker(statement, others)
    return group_speaker(others[-1], others) if others else None


def rejected_request(content: Span, speaker: Coded, ctx: DocContext) -> str | None:
    """The full code of the demand or appeal a rejection refers to (``We do not support
    such calls`` after calls for Assad to step aside: 1041), or ``None``."""
    obj = _object_of(content)
    statement = _referred(obj, speaker, ctx)[0] if obj is not None else None
    code = statement.event.cameo if statement is not None else ""
    return code if code[:2] in REQUEST_ROOTS and len(code) > 2 else None


def group_speaker(statement: Statement, statements: list[Statement]) -> Mention:
    """The speaker of ``statement`` as a target: a group's statements (one per actor of
    "U.S. and European leaders", same sentence, cue and content) stand for their region
    (:func:`region_of`: ``WST``) or else for the first-named member (``USAGOV``)."""
    group = [s for s in statements if (s.start, s.content_start, s.cue, s.speaker.text)
             == (statement.start, statement.content_start, statement.cue, statement.speaker.text)]
    first = group[0] if group else statement
    region = region_of([s.speaker.actor for s in group if s.speaker.actor])
    if region is None:
        return first.speaker
    return Mention(first.speaker.text, region, first.speaker.start, first.speaker.end)


# acts whose author, not whose victim, a statement about them is about
ACT_NOUNS = frozenset(
    {"attack", "assault", "strike", "bombing", "bombardment", "killing", "aggression",
     "invasion", "massacre", "shelling", "violence", "terrorism", "occupation", "offensive",
     "incursion", "raid", "crackdown", "atrocity", "annexation", "takeover", "abduction",
     "kidnapping", "crime", "violation", "action", "act", "operation", "decision", "move",
     "step", "proposal", "plan", "offer", "initiative", "announcement", "resolution", "draft",
     "call", "demand", "policy", "effort", "campaign", "war", "blockade", "siege"}
)
VICTIM_PREPS = frozenset({"against", "on", "in", "upon", "of"})


def act_author(content: Span) -> tuple[list[Span], set[int]]:
    """For content about an act (``this appalling assault against Israel by Hamas``): the
    act's author (``by`` X, X's act, an X act) first, and the tokens of its victims
    (``against``/``on`` Y), which are not the target."""
    obj = _object_of(content)
    if obj is None or obj.lemma_.lower() not in ACT_NOUNS:
        return [], set()
    authors: list[Span] = []
    victims: set[int] = set()
    for token in obj.subtree:
        if token.lower_ == "by" and token.dep_ in ("prep", "agent"):
            authors.extend(np_span(g, keep_conj=False) for g in token.children
                           if g.dep_ == "pobj")
        # the victims of "X against/on Y" are not the target; "of" is left out: "the
        # violence of the regime" names the author, "the killing of civilians" the victims
        if (token.head.i == obj.i and token.dep_ == "prep" and token.lower_ in VICTIM_PREPS
                and token.lower_ != "of"):
            victims.update(t.i for t in token.subtree if t.lower_ != "by")
    for child in obj.children:
        if child.dep_ == "poss" or (child.dep_ in ("compound", "amod", "nmod")
                                    and child.ent_type_):
            authors.append(np_span(child, keep_conj=False))
    authors = [a for a in authors if a.root.i not in victims or a.root.head.lower_ == "by"]
    return authors, victims


HARM_VERBS = frozenset(
    {"kill", "attack", "strike", "bomb", "shell", "target", "shoot", "fire", "massacre",
     "torture", "execute", "destroy", "seize", "invade", "occupy", "violate", "launch",
     "commit", "murder", "abduct", "kidnap", "besiege", "starve", "loot", "burn", "displace",
     "wound", "injure", "slaughter", "terrorize", "terrorise", "breach", "drop", "raid",
     "hit", "fabricate", "stage", "smuggle", "arm", "sponsor", "harbor", "harbour"}
)
WEAPON_WORDS = frozenset({"weapon", "gas", "chlorine", "sarin", "force", "bomb", "munition",
                          "agent", "missile", "rocket", "chemical", "toxic"})


def harmful_act(predicate: Token) -> Span | None:
    """The author of a harmful act the content reports (``the rebels had used chemical
    weapons``, ``civilians were killed by coalition airstrikes``), or ``None``."""
    lemma = predicate.lemma_.lower()
    harmful = lemma in HARM_VERBS or (lemma == "use" and any(
        t.lemma_.lower() in WEAPON_WORDS for c in predicate.children if c.dep_ == "dobj"
        for t in c.subtree))
    harmful = harmful or (lemma == "carry" and any(
        c.lemma_.lower() in ACT_NOUNS for c in predicate.children if c.dep_ == "dobj"))
    if not harmful:
        return None
    for child in predicate.children:
        if child.dep_ == "agent":
            obj = next((g for g in child.children if g.dep_ == "pobj"), None)
            if obj is not None:
                return np_span(obj)
        if child.dep_ == "nsubj":
            return np_span(child, keep_conj=False)
    return None


def _target_candidates(attribution: Attribution, ctx: DocContext) -> list[Span]:
    cue, content = attribution.cue, attribution.content
    spans: list[Span] = []
    victims: set[int] = set()
    if content is not None:
        authors, victims = act_author(content)
        spans.extend(authors)
        author = harmful_act(_predicate(content))
        if author is not None:
            spans.append(author)
    if attribution.passive_target is not None:
        spans.append(attribution.passive_target)
    if attribution.recipient is not None:
        spans.append(attribution.recipient)
    if attribution.info.kind == "call":
        for child in cue.children:
            if child.dep_ == "dobj":
                spans.append(np_span(child, keep_conj=False))
            if child.dep_ == "prep" and child.lower_ == "on":
                spans.extend(
                    np_span(g, keep_conj=False) for g in child.children if g.dep_ == "pobj"
                )
    if content is not None and attribution.info.kind in ("call", "nominal"):
        for token in content:
            if token.dep_ in ("nsubj", "nsubjpass") and token.head.lemma_ in (
                "resign",
                "go",
                "step",
            ):
                spans.append(np_span(token, keep_conj=False))
    if content is not None and attribution.info.kind == "stance":
        subject = next((c for c in content.root.children if c.dep_ == "nsubj"), None)
        if content.root.pos_ == "VERB" and subject is not None:
            spans.append(np_span(subject))
    if content is not None:
        chunks = ctx.noun_chunks(content.doc)
        spans.extend(c for c in chunks if content.start <= c.start < content.end
                     and c.root.i not in victims)
        # names that straddle noun chunks ("the League | of Arab States")
        spans.extend(e for e in span_ents(content) if e.root.i not in victims)
    return spans


FUTURE_WORDS = frozenset({"will", "would", "shall", "going", "ready", "prepared", "plan"})


def own_harm(attribution: Attribution, speaker: Coded, ctx: DocContext) -> bool:
    """The content reports a harmful act of the speaker itself (``Turkey will launch an
    operation against …``): a threat when it is to come, not an accusation."""
    content = attribution.content
    if content is None or harmful_act(_predicate(content)) is None:
        return False
    return _about_speaker(content, speaker, ctx)


def _future(content: Span) -> bool:
    predicate = _predicate(content)
    return any(t.lower_ in FUTURE_WORDS for t in predicate.children) or any(
        t.lower_ in FUTURE_WORDS for t in predicate.ancestors if t.i >= content.start)


OBJECT_PRONOUNS = {"them": "they", "him": "he", "her": "she"}
LOCATIVE_PREPS = frozenset({"in", "at", "near", "across", "into", "inside", "around",
                            "throughout", "within", "outside", "along", "towards", "toward"})


def _locative(span: Span) -> bool:
    """``in Aleppo``, ``across Israel``: a place where, not an actor."""
    root = span.root
    return root.dep_ == "pobj" and root.head.lower_ in LOCATIVE_PREPS


def _domestic(coded: Coded, content: Span, ctx: DocContext) -> Coded:
    """A sector-only mention ("the rebels", "militants") takes the country the content
    places it in (the first country, demonym or city it names)."""
    if coded.sector is None:
        return coded
    for ent in span_ents(content):
        for place in code_span(ent, ctx, as_actor=False):
            country = place.country
            if country and country.isalpha() and country.isupper() and len(country) == 3:
                return Coded(country + coded.sector, coded.sector, country)
    return coded


def find_target(attribution: Attribution, speaker: Coded, ctx: DocContext) -> Mention | None:
    """Whom the statement is about: addressee, object, or the first other actor in content."""
    content = attribution.content
    if content is not None:
        obj = _object_of(content)
        stance = attribution.info.kind == "stance" or (
            _predicate(content).lemma_.lower() in ctx.lexicon.stance
        )
        if stance and obj is not None and not any(t.ent_type_ for t in np_span(obj)):
            anaphor = _anaphoric_target(obj, speaker, ctx)
            if anaphor is not None:
                return anaphor
    author = harmful_act(_predicate(content)) if content is not None else None
    for span in _target_candidates(attribution, ctx):
        if span.root.lower_ in OBJECT_PRONOUNS:
            found = resolve_pronoun(span.root, ctx, OBJECT_PRONOUNS[span.root.lower_])
            if found is None:
                continue
            span = found[0]  # "urged them to …": the Israelis named before
        if span.root.pos_ == "PRON" or is_media(span, ctx.lexicon) or _locative(span):
            continue
        span, codes = target_codes(span, ctx)
        for coded in codes:
            if coded.code is None and author is not None and span == author and content:
                coded = _domestic(coded, content, ctx)  # "the rebels" in Aleppo: SYRREB
            if coded.code is None or coded.code == speaker.code:
                continue
            if coded.country and speaker.country and coded.country == speaker.country:
                continue
            return mention_of(span, coded)
    if content is not None:
        obj = _object_of(content)
        if obj is not None:
            return _anaphoric_target(obj, speaker, ctx)
    return None


def _negated(token: Token) -> bool:
    return any(child.dep_ == "neg" for child in token.children)


def _predicate(content: Span) -> Token:
    root = content.root
    if root.pos_ == "AUX":
        for child in root.children:
            if child.dep_ in ("acomp", "xcomp", "attr"):
                return child
    return root


def stance_and_event(attribution: Attribution, ctx: DocContext) -> tuple[str, int, bool]:
    """(CAMEO code, polarity toward the target, negated) for an attribution: the cue's code
    (``cues.tsv``: three digits where the cue names a CAMEO event, ``111`` for "condemn",
    the root otherwise), or the content's stance predicate's (``stance.tsv``); negation
    turns support into a rejection (12) and opposition into a statement (01)."""
    info, content = attribution.info, attribution.content
    cue_negated = any(_negated(t) for t in [attribution.cue, *attribution.merged])
    if info.kind in ("stance", "call", "nominal") or info.polarity != 0 or content is None:
        code, polarity, negated = info.cameo, info.polarity, cue_negated
        supportive = content is not None and any(t.lemma_.lower() in SUPPORT_NOUNS for t in content)
        if info.kind in ("call", "nominal") and supportive:
            polarity = 1
    else:
        predicate = _predicate(content)
        negated = cue_negated or _negated(predicate)
        entry = ctx.lexicon.stance.get(predicate.lemma_.lower())
        if entry is None and harmful_act(predicate) is not None and not negated:
            entry = ("112", -1)  # "X said the rebels had used chemical weapons": accuse
        code, polarity = entry if entry is not None else (info.cameo, 0)
    if negated and polarity > 0:
        code, polarity = "12", -1
    elif negated and polarity < 0:
        code, polarity = "01", 0
    return code, polarity, negated


def _is_direct(content: Span) -> bool:
    """Quoted speech: a quote mark opens or closes the content (inside its sentence)."""
    sent = content.sent
    doc = content.doc
    before = doc[max(sent.start, content.start - 2) : content.start + 1]
    after = doc[content.end - 1 : min(sent.end, content.end + 3)]
    return any(t.text[:1] in QUOTES and t.text not in ("'s", "’s") for t in [*before, *after])


def _cue_text(attribution: Attribution) -> str:
    cue = attribution.cue
    if attribution.info.kind in ("call", "nominal") and cue.i + 1 < len(cue.doc):
        following = cue.doc[cue.i + 1]
        if following.lower_ in ("for", "on"):
            return f"{cue.text} {following.text}"
    return cue.text


def _code_via(span: Span, ctx: DocContext) -> Mention:
    if span.root.lower_ in PRONOUNS:
        resolved = resolve_pronoun(span.root, ctx)
        if resolved is not None:
            span = resolved[0]
    codes = with_context(span, code_span(span, ctx), ctx)
    coded = codes[0] if codes else None
    if coded is not None and coded.country is None and not coded.code:
        coded = remembered(span, ctx) or coded
    return mention_of(span, coded)


def sentence_bounds(sentence: Span) -> tuple[int, int, str]:
    """Character offsets of the sentence without surrounding blanks, and its text."""
    text = sentence.text
    stripped = text.lstrip()
    start = sentence.start_char + len(text) - len(stripped)
    stripped = stripped.rstrip()
    return start, start + len(stripped), stripped


def build_statements(attribution: Attribution, ctx: DocContext) -> list[Statement]:
    """The statements of one attribution (one per speaker actor)."""
    content = attribution.content
    if content is None:
        return []
    start, end, sentence_text = sentence_bounds(attribution.sentence)
    code, polarity, negated = stance_and_event(attribution, ctx)
    when = when_said(attribution, ctx)
    via = tuple(_code_via(s, ctx) for s in attribution.via)
    if when.date is None and via:
        when = same_report_when(via, ctx.statements) or when
    # STATEMENTS.md: direct when a full clause is quoted verbatim; a speech's own unquoted
    # words are indirect like any other
    kind = "direct" if _is_direct(content) else "indirect"
    cue_text = _cue_text(attribution)
    statements = []
    for span, speaker in speaker_mentions(attribution, ctx):
        if _voice_of_reporter(attribution, speaker, via, ctx):
            continue
        target, said_code, said_polarity = judged(attribution, speaker, code, polarity, ctx)
        said = when
        if said.date is None:
            said = published_when(same_event_when(attribution, speaker, ctx) or when, ctx)
        if speaker.code is None and speaker.sector:
            domestic = speaker.sector in DOMESTIC_SECTORS
            country = _target_country(target) if domestic else None
            sector = speaker.sector or ""
            speaker = Coded(country + sector if country else sector, sector, country)
        statement = Statement(
            article_id=ctx.article_id,
            sentence=sentence_text,
            start=start,
            end=end,
            speaker=mention_of(span, speaker),
            via=via,
            cue=cue_text,
            kind=kind,
            content=content.text,
            target=target,
            polarity=said_polarity if target is not None else 0,
            negated=negated,
            event=statement_event(attribution, said_code, ctx, speaker),
            when=said,
            content_start=content.start_char,
            content_end=content.end_char,
        )
        ctx.statements.append(statement)
        ctx.memory.append((span.root.i, span.root.lemma_.lower(), speaker, span.text))
        statements.append(statement)
    return statements


def judged(attribution: Attribution, speaker: Coded, code: str, polarity: int,
           ctx: DocContext) -> tuple[Mention | None, str, int]:
    """Target, CAMEO code and polarity of one speaker's statement, from the cue's
    (:func:`stance_and_event`): the speaker's own harmful act is a threat or a claim, not
    an accusation; a neutral cue over words of blame is against the one blamed."""
    target = find_target(attribution, speaker, ctx)
    content = attribution.content
    if content is None:
        return target, code, polarity
    if code[:2] == "11" and own_harm(attribution, speaker, ctx):
        code = "13" if _future(content) else "01"  # its own act: threat or claim
    if polarity == 0 and code[:2] in ("01", "02"):
        toned = blame_in(content, speaker, ctx)
        if toned is not None:
            target, polarity = toned[0], -1
            code = "112" if toned[1] and code[:2] == "01" else code  # 112: accuse
    return target, code, polarity


def blame_in(content: Span, speaker: Coded, ctx: DocContext) -> tuple[Mention, bool] | None:
    """The actor a neutral statement blames (:mod:`vetowatch.extract.tone`), and whether it
    is an accusation; ``None`` when there is no word of blame or no one else to blame."""
    word = blame_word(content)
    if word is None:
        return None
    for token in blamed(word, content):
        if token.lower_ in SELF_PRONOUNS or token.pos_ == "PRON":
            continue
        span, codes = target_codes(np_span(token, keep_conj=False), ctx)
        for coded in codes:
            if coded.code is None or coded.code == speaker.code:
                continue
            if coded.country and speaker.country and coded.country == speaker.country:
                continue
            return mention_of(span, coded), accusing(word)
    return None


SELF_PRONOUNS = frozenset({"it", "we", "they", "he", "she", "i"})


def _about_speaker(content: Span, speaker: Coded, ctx: DocContext) -> bool:
    """Whether the content's subject is the speaker itself (``Lavrov said Russia would…``,
    ``… said it would …``): only then is the content's event the speaker's own act."""
    root = content.root
    subject = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None:
        return False
    if subject.lower_ in SELF_PRONOUNS:
        return True
    codes = code_span(np_span(subject, keep_conj=False), ctx)
    return any(c.code == speaker.code or (c.country and c.country == speaker.country)
               for c in codes if c.code)


def statement_event(attribution: Attribution, code: str, ctx: DocContext,
                    speaker: Coded | None = None) -> Event:
    """The event of the speech act: the cue's, except that a bare "make a public
    statement" (01) about the speaker's own act takes the event the coder finds in the
    content (``X said it would send troops`` → intent to aid); what a speaker says about
    others stays a statement (01). A demand, appeal or intent with the root alone (10, 02,
    03) is coded by what it asks for or promises (``called for a ceasefire`` → 1056,
    ``for talks`` → 106, ``pledged humanitarian aid`` → 0333,
    ``for Assad to step aside`` → 1041: :func:`~vetowatch.extract.cameo.requested_code`),
    and a rejection (12) of such a request by what it rejects (1231)."""
    content = attribution.content
    table = ctx.events.table if ctx.events is not None else None
    if code in PARALLEL_ROOTS and ctx.events is not None and content is not None:
        act = ctx.events.code(content)  # what is demanded, appealed for or promised
        leader = leader_change(content)
        return Event.from_code(requested_code(code, act.code if act else None, leader), table)
    if code == "12" and content is not None and speaker is not None:
        asked = rejected_request(content, speaker, ctx)  # "we do not support such calls"
        return Event.from_code(rejected_code(asked) if asked else code, table)
    if code[:2] != "01" or ctx.events is None or content is None:
        return Event.from_code(code, table)
    if speaker is not None and not _about_speaker(content, speaker, ctx):
        return Event.from_code(code, table)
    coded = ctx.events.code(content)
    if coded is None or coded.root == "01":
        return Event.from_code(code, table)
    return Event.from_code(coded.code, table)


LEADER_VERBS = frozenset({"resign", "abdicate", "quit"})
LEADER_NOUNS = frozenset({"ouster", "resignation", "abdication"})


def leader_change(content: Span) -> bool:
    """Whether the content asks for a leader to go (``Assad to step aside``, ``… to
    resign``, ``the ouster of al-Assad``): CAMEO's change in leadership (1041, 0241)."""
    for token in content:
        lemma = token.lemma_.lower()
        if (lemma in LEADER_VERBS and token.pos_ == "VERB") or lemma in LEADER_NOUNS:
            return True
        if lemma == "step" and any(c.lower_ in ("down", "aside") for c in token.children):
            return True
    return False


def _target_country(target: Mention | None) -> str | None:
    if target is None or target.actor is None or target.actor.startswith("IGO"):
        return None
    code = target.actor[:3]
    return code if code.isalpha() and code.isupper() and len(target.actor) >= 3 else None


def _voice_of_reporter(
    attribution: Attribution, speaker: Coded, via: tuple[Mention, ...], ctx: DocContext
) -> bool:
    """``An official told Interfax [Russia was encouraged …]``: Russia's stance is the
    official's own statement, not a second one (same country, non-media reporter)."""
    if not via or not speaker.country or not via[0].actor:
        return False
    first = attribution.via[0]
    return via[0].actor[:3] == speaker.country and not is_media(first, ctx.lexicon)
