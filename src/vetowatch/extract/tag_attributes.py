"""spaCy's attribute ruler, matched and applied a whole document at a time.

The English model's ``attribute_ruler`` maps each fine-grained tag to its POS and MORPH
(``{"TAG": "NN"}`` → ``NOUN``, ``Number=Sing``: 56 patterns) and then applies ~120
exceptions keyed on the word, the tag or the dependency. spaCy's ``Matcher`` tries every
pattern at every token and the ruler sets each match's attributes in Python, token by token:
16 µs a token, 13–17 % of bare ``nlp.pipe``'s time on news (FA-KES; `docs/scale.md`).

:func:`replace_attribute_ruler` swaps it for :class:`FastAttributeRuler`, built from the
ruler's own patterns, which gives the same annotations, token by token:

* every pattern is matched on the document as it is before any is applied (as the ruler
  does); one-token patterns whose constraints are plain values of ``TAG``, ``LOWER``,
  ``DEP``, ``ORTH``, ``NORM`` or ``IS_SPACE`` are matched with array comparisons, every
  other pattern by a spaCy ``Matcher`` holding just those;
* matches are applied in pattern order, later patterns overriding earlier ones (the ruler's
  rule), with spaCy's own ``set_token_attrs``; the leading run of tag-only patterns that set
  only POS/MORPH — the tag map, which every token matches — is applied first, in one
  ``Doc.from_array``, with the values ``set_token_attrs`` gives (read back, not re-derived).

``tests/test_tag_attributes.py`` checks the equality on invented texts and on patterns of
every kind; ``tools/check_attribute_ruler.py`` on the shared corpora.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
from numpy.typing import NDArray
from spacy.attrs import DEP, IS_SPACE, LOWER, MORPH, NORM, ORTH, POS, TAG
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.strings import get_string_id
from spacy.tokens import Doc
from spacy.tokens._retokenize import normalize_token_attrs, set_token_attrs

__all__ = ["FastAttributeRuler", "replace_attribute_ruler"]

_ARRAY_ATTRS = {"TAG": TAG, "LOWER": LOWER, "DEP": DEP, "ORTH": ORTH, "NORM": NORM,
                "IS_SPACE": IS_SPACE}
_COLUMNS = tuple(_ARRAY_ATTRS)
Pattern = dict[str, Any]


def _is_tag_map(p: Pattern) -> bool:
    tokens = p["patterns"]
    return (len(tokens) == 1 and len(tokens[0]) == 1 and set(tokens[0][0]) == {"TAG"}
            and isinstance(tokens[0][0]["TAG"], str) and p.get("index", 0) in (0, -1)
            and bool(p["attrs"]) and set(p["attrs"]) <= {"POS", "MORPH"})


# one token's constraint: (column, kind, values); kind "in" (a set of string ids: a plain
# value, or ``IN``), "not_in" (``NOT_IN``) or "regex" (``REGEX``, searched in the string)
Constraint = tuple[int, str, Any]


def _constraints(token: dict[str, Any]) -> list[Constraint] | None:
    """``token``'s constraints as array tests, or None when one is not plain (an operator, a
    predicate the arrays do not take, an attribute outside :data:`_ARRAY_ATTRS`)."""
    out: list[Constraint] = []
    for key, value in token.items():
        if key not in _ARRAY_ATTRS:
            return None
        col = _COLUMNS.index(key)
        if key == "IS_SPACE":
            if not isinstance(value, bool):
                return None
            out.append((col, "in", {int(value)}))
        elif isinstance(value, str):
            out.append((col, "in", {get_string_id(value)}))
        elif isinstance(value, dict) and len(value) == 1:
            (op, arg), = value.items()
            if op in ("IN", "NOT_IN") and all(isinstance(v, str) for v in arg):
                out.append((col, op.lower(), {get_string_id(v) for v in arg}))
            elif op == "REGEX" and isinstance(arg, str):
                out.append((col, "regex", re.compile(arg)))
            else:
                return None
        else:
            return None
    return out


def _mask(arr: NDArray[np.uint64], cond: list[Constraint], strings: Any) -> NDArray[np.bool_]:
    """Which tokens meet every constraint of one pattern token."""
    mask = np.ones(len(arr), dtype=bool)
    for col, kind, values in cond:
        column = arr[:, col]
        if kind == "regex":
            values = {int(v) for v in np.unique(column).tolist()
                      if values.search(strings[int(v)] if v else "")}
        if len(values) == 1:
            hit = column == np.uint64(next(iter(values)))
        else:
            hit = np.isin(column, np.fromiter(values, dtype=np.uint64, count=len(values)))
        mask &= ~hit if kind == "not_in" else hit
    return mask


def _possible(tokens: list[list[Constraint]], present: dict[int, set[int]]) -> bool:
    """False when some value a pattern requires is nowhere in the document (most patterns
    name a word or a tag; the arrays are then not looked at)."""
    return all(values & present[col] for cond in tokens for col, kind, values in cond
               if kind == "in")


class FastAttributeRuler:
    """The patterns of an ``AttributeRuler``, matched and applied per document."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.vocab = nlp.vocab
        self.name = name
        self.tag_map: dict[int, tuple[int, int]] = {}  # tag → (POS, MORPH); -1 keeps
        # (pattern index, the constraints of each of its tokens), matched with arrays
        self.simple: list[tuple[int, list[list[Constraint]]]] = []
        self.in_columns: set[int] = set()  # the columns a plain or IN value is required of
        self.matcher = Matcher(nlp.vocab)
        self.rules: dict[int, tuple[int, dict[Any, Any]]] = {}  # pattern index → index, attrs

    def configure(self, patterns: list[Pattern]) -> None:
        """Take ``patterns`` (``AttributeRuler.patterns``, in order)."""
        lead = 0
        while lead < len(patterns) and _is_tag_map(patterns[lead]):
            lead += 1
        for p in patterns[:lead]:
            self._learn_tag(p)
        for i, p in enumerate(patterns[lead:], start=lead):
            attrs = normalize_token_attrs(self.vocab, p["attrs"])
            rest = []
            for tokens in p["patterns"]:
                conds = [_constraints(t) for t in tokens]
                if tokens and all(c is not None for c in conds):
                    self.simple.append((i, [c for c in conds if c is not None]))
                    self.in_columns |= {col for c in conds if c for col, kind, _ in c
                                        if kind == "in"}
                else:
                    rest.append(tokens)
            if rest:
                self.matcher.add(str(i), rest)
            self.rules[i] = (int(p.get("index", 0)), attrs)

    def _learn_tag(self, p: Pattern) -> None:
        tag = p["patterns"][0][0]["TAG"]
        doc = Doc(self.vocab, words=["x"])
        doc[0].tag_ = tag
        set_token_attrs(doc[0], normalize_token_attrs(self.vocab, p["attrs"]))
        pos, morph = (int(v) for v in doc.to_array([POS, MORPH])[0])
        key = self.vocab.strings.add(tag)
        old = self.tag_map.get(key, (-1, -1))
        self.tag_map[key] = (pos if "POS" in p["attrs"] else old[0],
                             morph if "MORPH" in p["attrs"] else old[1])

    def _matches(self, doc: Doc, arr: NDArray[np.uint64]) -> list[tuple[int, int, int]]:
        """(pattern index, start, end) of every match on the document as it is now."""
        out: list[tuple[int, int, int]] = []
        strings, n = self.vocab.strings, len(doc)
        present = {c: set(np.unique(arr[:, c]).tolist()) for c in self.in_columns}
        for i, tokens in self.simple:
            width = len(tokens)
            if width > n or not _possible(tokens, present):
                continue
            hit = _mask(arr[: n - width + 1], tokens[0], strings)
            for k, cond in enumerate(tokens[1:], start=1):
                if hit.any():
                    hit &= _mask(arr[k: n - width + 1 + k], cond, strings)
            out += [(i, int(t), int(t) + width) for t in np.flatnonzero(hit)]
        if len(self.matcher):
            for m_id, start, end in self.matcher(doc, allow_missing=True, as_spans=False):
                out.append((int(self.vocab.strings[m_id]), start, end))
        out.sort()
        return out

    def _apply_tag_map(self, doc: Doc, arr: NDArray[np.uint64]) -> None:
        values: Any = doc.to_array([POS, MORPH])
        tags, where = np.unique(arr[:, 0], return_inverse=True)
        for i, tag in enumerate(tags.tolist()):
            pos, morph = self.tag_map.get(int(tag), (-1, -1))
            if pos >= 0:
                values[where == i, 0] = pos
            if morph >= 0:
                values[where == i, 1] = morph
        doc.from_array([POS, MORPH], values)

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        arr: Any = doc.to_array([_ARRAY_ATTRS[c] for c in _COLUMNS])
        matches = self._matches(doc, arr)  # all matched before any is applied
        if self.tag_map:
            self._apply_tag_map(doc, arr)
        for i, start, end in matches:
            index, attrs = self.rules[i]
            span = doc[start:end]
            set_token_attrs(span[index], attrs)
        return doc


@Language.factory("vetowatch_attribute_ruler")
def make_fast_attribute_ruler(nlp: Language, name: str) -> FastAttributeRuler:
    return FastAttributeRuler(nlp, name)


def replace_attribute_ruler(nlp: Language, ruler_name: str = "attribute_ruler") -> bool:
    """Put a :class:`FastAttributeRuler` with the patterns of ``nlp``'s ruler in its place
    (same position in the pipeline, named ``vetowatch_attribute_ruler``). False, and nothing
    changed, when there is no such ruler."""
    if ruler_name not in nlp.pipe_names:
        return False
    ruler: Any = nlp.get_pipe(ruler_name)
    patterns = list(ruler.patterns)
    fast: Any = nlp.add_pipe("vetowatch_attribute_ruler", before=ruler_name)
    fast.configure(patterns)
    nlp.remove_pipe(ruler_name)
    return True
