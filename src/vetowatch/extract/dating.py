"""When a statement was said: a date phrase of the cue, the same report or speech event,
or else the publication (precision ``published``)."""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Span

from vetowatch.extract.attribution import Attribution
from vetowatch.extract.context import Coded
from vetowatch.extract.mentions import DocContext
from vetowatch.extract.spans import span_ents
from vetowatch.extract.statement import Mention, Statement, When


def when_said(attribution: Attribution, ctx: DocContext) -> When:
    """The date phrase that dates the saying (outside the quoted content), resolved."""
    cue, content = attribution.cue, attribution.content
    scope = [*attribution.scope, *attribution.merged]
    candidates: list[Span] = []
    sentence_ents = span_ents(cue.sent)
    under_scope: set[int] | None = None  # token indices under the scope, read once
    for ent in sentence_ents:
        if ent.label_ != "DATE":
            continue
        inside = content is not None and (
            content.start <= ent.start < content.end or ent.root in content.root.subtree)
        if inside:
            continue
        if under_scope is None:
            under_scope = {t.i for s in scope for t in s.subtree}
        if ent.root.i in under_scope:
            candidates.append(ent)
    for token in scope:
        for child in token.children:
            if child.lower_ == "when" and child.dep_ == "advmod":
                candidates.extend(
                    e for e in sentence_ents if e.label_ == "DATE" and 0 <= child.i - e.end <= 2
                )
    candidates.sort(key=lambda e: abs(e.root.i - cue.i))
    rejected: str | None = None  # a phrase that dates nothing on or before publication
    for ent in candidates:
        if ctx.resolver is None:
            return When(ent.text, None, None)
        when = ctx.resolver.resolve(ent.text)
        if when.date is not None:
            return when
        rejected = rejected or ent.text
    return When(rejected)


CONTINUATION_CUES = frozenset({"add", "continue", "go", "stress", "note"})


def same_event_when(attribution: Attribution, speaker: Coded, ctx: DocContext) -> When | None:
    """``He added …`` with no date of its own continues the speaker's last dated statement
    of the two sentences before: same speech event, same date."""
    if attribution.cue.lemma_.lower() not in CONTINUATION_CUES or speaker.code is None:
        return None
    start = attribution.sentence.start_char
    for prev in reversed(ctx.statements):
        if prev.start < start - 1200:
            break
        if prev.speaker.actor == speaker.code and prev.when.precision in ("day", "month"):
            return When(prev.when.text, prev.when.date, prev.when.precision)
    return None


def published_when(when: When, ctx: DocContext) -> When:
    """An undated statement is dated to the publication (precision ``published``); a
    phrase that resolved to no date on or before it is kept as the text (see
    :meth:`When.to_json`'s note), never stored as a date."""
    if when.date is not None or ctx.published is None:
        return when
    return When(when.text, ctx.published, "published")


def _channel_names(via: Sequence[Mention]) -> set[str]:
    """The proper names of a via chain's channels ("the nation's Interfax news agency" →
    {"interfax"}), to tell whether two statements came through the same report."""
    return {w.lower().strip("’'s") for m in via for w in m.text.split()
            if w[:1].isupper() and w.lower() not in {"the", "a", "an"}}


def same_report_when(via: Sequence[Mention], earlier: Sequence[Statement]) -> When | None:
    """An undated statement passed on by a channel that an earlier statement of the article
    dates ("…, Interfax reported Friday") was said in that same report: it takes its date."""
    names = _channel_names(via)
    if not names:
        return None
    for prev in reversed(earlier):
        if prev.when.date is not None and names & _channel_names(prev.via):
            return When(f"{prev.when.text} (same report)", prev.when.date, prev.when.precision)
    return None
