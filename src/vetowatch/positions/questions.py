"""Questions: propositions users follow ("Bashar al-Assad should step down").

A question has an id, the proposition, and what the stance rules look for: target words
(who or what the proposition is about), cue phrases that realise it (``for``) or assert its
opposite (``against``), optional context words, and examples. Questions come from the
built-in file (``positions/data/questions.yaml``), from YAML/TOML files, or are added by
users and kept in the ``question`` table.
"""

from __future__ import annotations

import functools
import json
import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import Connection, insert, select, update

from vetowatch.errors import InvalidInputError, NotFoundError, SourceFormatError
from vetowatch.store import Store
from vetowatch.store import schema as s

STANCES = ("for", "against", "neutral")
_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
_STOP = frozenset(
    {"the", "a", "an", "of", "on", "in", "to", "from", "should", "must", "be", "its", "their",
     "his", "her", "and", "or", "with", "for", "by", "all", "not"}
)


@dataclass(frozen=True)
class Example:
    """A sentence and the stance a reader gives it."""

    text: str
    stance: str

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "stance": self.stance}


@dataclass(frozen=True)
class Question:
    """A proposition and the words the stance rules match it with (all lower-case)."""

    id: str
    proposition: str
    targets: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    for_cues: tuple[str, ...] = ()
    against_cues: tuple[str, ...] = ()
    context: tuple[str, ...] = ()
    examples: tuple[Example, ...] = ()
    origin: str = "builtin"

    def spec(self) -> dict[str, Any]:
        """Everything but id, proposition and origin (stored as JSON)."""
        return {
            "targets": list(self.targets), "actors": list(self.actors),
            "for": list(self.for_cues), "against": list(self.against_cues),
            "context": list(self.context), "examples": [e.to_json() for e in self.examples],
        }

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "proposition": self.proposition, "origin": self.origin,
                **self.spec()}


@dataclass(frozen=True)
class QuestionList:
    """Questions in id order (``vetowatch questions list``)."""

    questions: tuple[Question, ...] = field(default_factory=tuple)

    def __iter__(self) -> Any:
        return iter(self.questions)

    def __len__(self) -> int:
        return len(self.questions)

    def get(self, question_id: str) -> Question:
        for q in self.questions:
            if q.id == question_id:
                return q
        known = ", ".join(q.id for q in self.questions) or "none"
        raise NotFoundError(f"no question {question_id!r} (known: {known}); add it with "
                            "`vetowatch questions add` or a questions file")

    def to_json(self) -> list[dict[str, Any]]:
        return [q.to_json() for q in self.questions]


# -- building questions ------------------------------------------------------------------------

def _words(value: Any, where: str, key: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InvalidInputError(f"{where}: {key!r} must be a list of phrases")
    return tuple(" ".join(v.lower().split()) for v in value if v.strip())


def _derived(proposition: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Targets and a ``for`` cue guessed from "<subject> should <predicate>"."""
    m = re.match(r"(?i)^(.*?)\s+(?:should|must|ought to|will|to)\s+(.*)$", proposition.strip())
    if not m:
        return (), (proposition.lower().strip(". "),)
    subject = [w.strip(",.").lower() for w in m.group(1).split()]
    targets = tuple(w for w in subject if w not in _STOP and len(w) > 2)
    predicate = " ".join(w for w in m.group(2).lower().strip(". ").split() if w not in _STOP)
    return targets, (predicate,) if predicate else ()


def question_from_mapping(raw: Mapping[str, Any], origin: str, where: str = "question") -> Question:
    """Validate one question record (from YAML, TOML, JSON or the CLI)."""
    qid = str(raw.get("id", "")).strip().lower()
    if not _ID.match(qid):
        raise InvalidInputError(f"{where}: id {qid!r} must be a slug (a-z, 0-9, '-')")
    proposition = str(raw.get("proposition", "")).strip()
    if not proposition:
        raise InvalidInputError(f"{where}: question {qid!r} has no proposition")
    targets = _words(raw.get("targets"), where, "targets")
    for_cues = _words(raw.get("for", raw.get("cues")), where, "for")
    if not targets or not for_cues:
        guessed_targets, guessed_cues = _derived(proposition)
        targets = targets or guessed_targets
        for_cues = for_cues or guessed_cues
    examples: list[Example] = []
    for item in raw.get("examples") or []:
        if isinstance(item, str):
            examples.append(Example(item, "for"))
        elif isinstance(item, Mapping) and item.get("stance", "for") in STANCES:
            examples.append(Example(str(item.get("text", "")), str(item.get("stance", "for"))))
        else:
            raise InvalidInputError(f"{where}: bad example {item!r} (text and stance "
                                    "for/against/neutral)")
    return Question(
        id=qid, proposition=proposition, targets=targets,
        actors=tuple(a.upper() for a in _words(raw.get("actors"), where, "actors")),
        for_cues=for_cues, against_cues=_words(raw.get("against"), where, "against"),
        context=_words(raw.get("context"), where, "context"), examples=tuple(examples),
        origin=origin,
    )


def _records(data: Any, path: Path) -> list[Mapping[str, Any]]:
    if isinstance(data, Mapping):
        data = data.get("questions", data.get("question", []))
    if not isinstance(data, list) or not all(isinstance(r, Mapping) for r in data):
        raise SourceFormatError(path, None, "expected a list of questions",
                                "Write a list of {id, proposition, for, against, targets}")
    return data


def load_questions(path: str | Path, origin: str = "file") -> list[Question]:
    """Questions from a YAML (``.yaml``/``.yml``) or TOML (``[[questions]]``) file."""
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise NotFoundError(f"cannot read questions file {path}: {exc.strerror}") from exc
    try:
        if path.suffix.lower() == ".toml":
            data: Any = tomllib.loads(raw)
        else:
            data = yaml.safe_load(raw)
    except (yaml.YAMLError, tomllib.TOMLDecodeError) as exc:
        raise SourceFormatError(path, None, f"not valid {path.suffix[1:] or 'YAML'}: {exc}") \
            from exc
    questions = [question_from_mapping(r, origin, f"{path}, question {i + 1}")
                 for i, r in enumerate(_records(data, path))]
    ids = [q.id for q in questions]
    if len(ids) != len(set(ids)):
        raise SourceFormatError(path, None, "duplicate question ids")
    return questions


def builtin_questions() -> list[Question]:
    """The questions shipped for the demo (``assad-step-down``, ``unsc-measures-syria``…).

    The file is parsed once per distinct content (a fresh list of the frozen questions each
    call): every request of ``vetowatch serve`` asks for them."""
    ref = resources.files("vetowatch.positions").joinpath("data/questions.yaml")
    return list(_parsed_builtin(ref.read_text(encoding="utf-8"), str(ref)))


@functools.lru_cache(maxsize=4)
def _parsed_builtin(content: str, where: str) -> tuple[Question, ...]:
    """The built-in questions parsed from ``content`` (cached on the file's text)."""
    path = Path(where)
    try:
        data = yaml.safe_load(content)
    except yaml.YAMLError as exc:
        raise SourceFormatError(path, None, f"not valid YAML: {exc}") from exc
    return tuple(question_from_mapping(r, "builtin", f"{path}, question {i + 1}")
                 for i, r in enumerate(_records(data, path)))


# -- the question table ------------------------------------------------------------------------

def _row_question(r: Any) -> Question:
    return _parsed_row(r.id, r.proposition, r.origin, r.spec)


@functools.lru_cache(maxsize=1024)
def _parsed_row(qid: str, proposition: str, origin: str, spec_json: str) -> Question:
    """A stored question (frozen), parsed once per distinct row: read on every request."""
    spec = json.loads(spec_json)
    return question_from_mapping({"id": qid, "proposition": proposition, **spec}, origin,
                                 f"question table, {qid}")


def stored_questions(store: Store) -> list[Question]:
    with store.connect() as conn:
        rows = conn.execute(select(s.question).order_by(s.question.c.id))
        return [_row_question(r) for r in rows]


def register(conn: Connection, questions: Iterable[Question]) -> None:
    """Insert or refresh questions; a changed definition forgets its old stances."""
    for q in questions:
        spec = json.dumps(q.spec(), sort_keys=True)
        row = conn.execute(select(s.question.c.spec, s.question.c.proposition)
                           .where(s.question.c.id == q.id)).first()
        if row is None:
            conn.execute(insert(s.question).values(
                id=q.id, proposition=q.proposition, spec=spec, origin=q.origin,
                linked_through=0, created_at=datetime.now(UTC)))
        elif row.spec != spec or row.proposition != q.proposition:
            conn.execute(s.stance.delete().where(s.stance.c.question_id == q.id))
            conn.execute(update(s.question).where(s.question.c.id == q.id).values(
                proposition=q.proposition, spec=spec, origin=q.origin, linked_through=0))


def list_questions(store: Store, files: Sequence[str | Path] = ()) -> QuestionList:
    """Built-in questions, then those in ``files``, then stored ones (later ids win)."""
    merged: dict[str, Question] = {q.id: q for q in builtin_questions()}
    for path in files:
        merged.update((q.id, q) for q in load_questions(path))
    merged.update((q.id, q) for q in stored_questions(store))
    return QuestionList(tuple(merged[k] for k in sorted(merged)))


def get_question(store: Store, question_id: str, files: Sequence[str | Path] = ()) -> Question:
    return list_questions(store, files).get(question_id)


def add_question(store: Store, question_id: str, proposition: str, *,
                 for_cues: Sequence[str] = (), against_cues: Sequence[str] = (),
                 targets: Sequence[str] = (), examples: Sequence[str] = (),
                 replace: bool = False) -> Question:
    """Store a user question (``vetowatch questions add``). Cues are guessed when not given."""
    question = question_from_mapping(
        {"id": question_id, "proposition": proposition, "for": list(for_cues),
         "against": list(against_cues), "targets": list(targets), "examples": list(examples)},
        "user", "questions add")
    with store.begin() as conn:
        exists = conn.execute(select(s.question.c.id)
                              .where(s.question.c.id == question.id)).first()
        if exists and not replace:
            raise InvalidInputError(f"question {question.id!r} already exists: choose another "
                                    "id or replace it")
        register(conn, [question])
        conn.execute(update(s.question).where(s.question.c.id == question.id)
                     .values(origin="user"))
    return question
