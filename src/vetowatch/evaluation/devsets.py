"""Score extracted statements against the hand-labelled dev sets in ``devsets/*.jsonl``.

A dev set holds one JSON object per document: where its text comes from (``corpus`` under the
data folder, ``select``), the character ``window`` labelled completely, and the gold
statements (offsets into ``Article.text``, labelled by ``/work/shared/STATEMENTS.md``).

>>> docs = load_devset("devsets/news.jsonl")                      # doctest: +SKIP
>>> report = score(docs, predicted_records)                        # doctest: +SKIP
>>> report.overall.f1                                              # doctest: +SKIP

Matching, within a document: a prediction (sentence span ``start``/``end``, and content
offsets ``content_start``/``content_end`` when the export has them) can match a gold
statement when its sentence contains the gold anchor or overlaps the gold content (or its
content overlaps the gold content). Only predictions whose sentence starts inside the window
count. Pairs are taken greedily one-to-one, preferring the same speaker country, then content
overlap, then the closest.

``python -m vetowatch.evaluation.devsets`` ingests exactly the labelled documents into a
temporary database with the real CLI, exports the statements and prints the scores.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from vetowatch.errors import IngestError, InvalidInputError, SourceFormatError
from vetowatch.news.article import Article, parse_date
from vetowatch.news.ingest import read_news

__all__ = [
    "ATTRIBUTES", "GoldDoc", "GoldStatement", "Predicted", "Report", "Tally", "check_doc",
    "country", "load_devset", "load_devsets", "match_doc", "predict", "resolve_article", "score",
]

ATTRIBUTES = ("speaker_country", "actor", "polarity", "target_country", "cameo", "when", "kind")
RECORD_SUFFIXES = (".jsonl", ".ndjson", ".csv", ".tsv")
PRECISIONS = ("day", "month", "year", "published")


def country(code: str | None) -> str | None:
    """The country part of an actor code: ``RUSGOV`` → ``RUS``; ``IGOUNO…``/``NGO…`` keep six
    letters; ``EUR``/``WST`` stay as they are."""
    if not code:
        return None
    code = code.upper()
    return code[:6] if code.startswith(("IGO", "NGO")) else code[:3]


# -- gold ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class GoldStatement:
    start: int
    end: int
    anchor: int
    speaker: str
    actor: str
    kind: str
    cue: str | None
    target: str | None
    polarity: int
    cameo: str
    when: str
    when_precision: str
    via: tuple[str, ...] = ()


@dataclass(frozen=True)
class GoldDoc:
    doc: str
    corpus: str
    select: Mapping[str, Any]
    article_id: str
    published: str | None
    genre: str
    split: str
    window: tuple[int, int]
    statements: tuple[GoldStatement, ...]
    set_name: str = ""
    ingest: Mapping[str, str] = field(default_factory=dict)  # {"speaker": "FRAGOV"}…


def _statement(raw: Mapping[str, Any]) -> GoldStatement:
    return GoldStatement(
        start=int(raw["start"]), end=int(raw["end"]), anchor=int(raw["anchor"]),
        speaker=str(raw["speaker"]), actor=str(raw["actor"]), kind=str(raw["kind"]),
        cue=raw.get("cue"), target=raw.get("target"), polarity=int(raw["polarity"]),
        cameo=str(raw["cameo"]), when=str(raw["when"]),
        when_precision=str(raw["when_precision"]), via=tuple(raw.get("via") or ()),
    )


def _doc(raw: Mapping[str, Any], set_name: str) -> GoldDoc:
    window = raw["window"]
    return GoldDoc(
        doc=str(raw["doc"]), corpus=str(raw["corpus"]), select=dict(raw["select"]),
        article_id=str(raw["article_id"]), published=raw.get("published"),
        genre=str(raw.get("genre") or "news"), split=str(raw.get("split") or "dev"),
        window=(int(window[0]), int(window[1])),
        statements=tuple(_statement(s) for s in raw["statements"]),
        set_name=set_name, ingest=dict(raw.get("ingest") or {}),
    )


def load_devset(path: str | Path) -> list[GoldDoc]:
    """The documents of one dev set file (JSONL); a malformed line is a SourceFormatError."""
    path = Path(path)
    docs: list[GoldDoc] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            docs.append(_doc(json.loads(line), path.stem))
        except (json.JSONDecodeError, KeyError, TypeError, ValueError, IndexError) as exc:
            raise SourceFormatError(path, number, f"not a dev set document ({exc!r})",
                                    "see devsets/README.md for the format") from exc
    return docs


def load_devsets(paths: Iterable[str | Path], split: str = "all") -> list[GoldDoc]:
    """The documents of several sets, keeping only ``split`` (``dev``, ``test`` or ``all``)."""
    docs = [d for p in paths for d in load_devset(p)]
    return docs if split == "all" else [d for d in docs if d.split == split]


def resolve_article(doc: GoldDoc, data_dir: Path) -> Article:
    """The article a gold document labels, read with vetowatch's own readers."""
    path = data_dir / doc.corpus
    published = _published(doc) if path.suffix.lower() not in RECORD_SUFFIXES else None
    row = doc.select.get("row")
    for article in read_news([path], published=published, deduplicate=False):
        if row is None or article.row == row:
            if article.id != doc.article_id:
                raise SourceFormatError(path, row, f"{doc.doc}: the reader gives article "
                                        f"{article.id}, the label says {doc.article_id}")
            return article
    raise SourceFormatError(path, row, f"{doc.doc}: no such record in the corpus")


def _published(doc: GoldDoc) -> date | None:
    return parse_date(doc.published)


_CODE = re.compile(r"^[A-Z]{3}[A-Z0-9]*$")
_WHEN = {"day": re.compile(r"^\d{4}-\d{2}-\d{2}$"), "month": re.compile(r"^\d{4}-\d{2}$"),
         "year": re.compile(r"^\d{4}$"), "published": re.compile(r"^\d{4}-\d{2}-\d{2}$")}
QUOTES = "\"'“”‘’«»"


def _check_fields(g: GoldStatement, published: str | None) -> list[str]:
    bad = []
    if not _CODE.match(g.actor) or (g.target is not None and not _CODE.match(g.target)):
        bad.append(f"actor/target not an actor code: {g.actor}/{g.target}")
    if g.polarity not in (-1, 0, 1) or (g.target is None and g.polarity != 0):
        bad.append(f"polarity {g.polarity} with target {g.target}")
    if not (len(g.cameo) == 2 and g.cameo.isdigit() and 1 <= int(g.cameo) <= 20):
        bad.append(f"cameo {g.cameo!r} is not a root 01-20")
    pattern = _WHEN.get(g.when_precision)
    if pattern is None or not pattern.match(g.when):
        bad.append(f"when {g.when!r} does not fit precision {g.when_precision!r}")
    if g.when_precision == "published" and g.when != published:
        bad.append(f"when {g.when} is not the publication date {published}")
    if g.kind not in ("direct", "indirect"):
        bad.append(f"kind {g.kind!r}")
    return bad


def _check_offsets(g: GoldStatement, text: str, window: tuple[int, int]) -> list[str]:
    if not (0 <= g.start < g.end <= len(text)):
        return [f"offsets {g.start}:{g.end} outside the text ({len(text)})"]
    bad = []
    content = text[g.start:g.end]
    if content != content.strip() or content[0] in QUOTES or content[-1] in QUOTES:
        bad.append("content has surrounding blanks or quote marks")
    if not window[0] <= min(g.anchor, g.start) < window[1]:
        bad.append(f"anchor {g.anchor} / start {g.start} outside the window {window}")
    if g.cue is None and g.anchor != g.start:
        bad.append("no cue, so the anchor must be the content start")
    if g.cue is not None and not text[g.anchor:].lower().startswith(g.cue.lower()):
        bad.append(f"cue {g.cue!r} is not at the anchor ({text[g.anchor:g.anchor + 20]!r})")
    lo, hi = sorted((g.anchor, g.start))
    if g.cue is not None and (hi - lo > 600 or "\n\n" in text[lo:hi]):
        bad.append("the cue is far from the content (another paragraph?)")
    return bad


def check_doc(doc: GoldDoc, text: str) -> list[str]:
    """What is wrong with a gold document's labels against its text (empty when all is well)."""
    bad = []
    if not 0 <= doc.window[0] < doc.window[1] <= len(text):
        bad.append(f"window {doc.window} outside the text ({len(text)})")
    if doc.split not in ("dev", "test"):
        bad.append(f"split {doc.split!r} is not dev or test")
    for n, g in enumerate(doc.statements):
        problems = _check_fields(g, doc.published) + _check_offsets(g, text, doc.window)
        bad += [f"statement {n} [{g.start}:{g.end}]: {problem}" for problem in problems]
    return bad


# -- predictions ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Predicted:
    article_id: str
    start: int
    end: int
    actor: str | None
    target: str | None
    polarity: int
    cameo: str | None
    when: str | None
    kind: str | None
    content_start: int | None = None
    content_end: int | None = None

    @classmethod
    def from_record(cls, rec: Mapping[str, Any]) -> Predicted:
        """From a ``statements export --format jsonl`` record."""
        speaker = rec.get("speaker") or {}
        target = rec.get("target") or {}
        event = rec.get("event") or {}
        when = rec.get("when") or {}
        cs, ce = rec.get("content_start"), rec.get("content_end")
        return cls(
            article_id=str(rec["article_id"]), start=int(rec["start"]), end=int(rec["end"]),
            actor=speaker.get("actor"), target=target.get("actor"),
            polarity=int(rec.get("polarity") or 0), cameo=event.get("cameo"),
            when=when.get("date"), kind=rec.get("kind"),
            content_start=int(cs) if cs is not None else None,
            content_end=int(ce) if ce is not None else None,
        )


def load_predictions(path: str | Path) -> list[dict[str, Any]]:
    """The records of a JSONL export."""
    path = Path(path)
    records = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise SourceFormatError(path, number, f"invalid JSON ({exc.msg})") from exc
    return records


# -- matching ------------------------------------------------------------------------------------

def _overlap(a0: int, a1: int, b0: int, b1: int) -> int:
    return max(0, min(a1, b1) - max(a0, b0))


def _pair_key(g: GoldStatement, p: Predicted) -> tuple[int, int, int, int] | None:
    has_content = p.content_start is not None and p.content_end is not None
    content = (_overlap(p.content_start or 0, p.content_end or 0, g.start, g.end)
               if has_content else 0)
    sentence = _overlap(p.start, p.end, g.start, g.end)
    contains = p.start <= g.anchor < p.end
    if not (content or sentence or contains):
        return None
    distance = 0 if contains else min(abs(g.anchor - p.start), abs(g.anchor - p.end + 1))
    same = country(p.actor) == country(g.actor)
    return (0 if same else 1, 0 if content else 1, distance, -(content or sentence))


def match_doc(gold: Sequence[GoldStatement], predicted: Sequence[Predicted]
              ) -> tuple[list[tuple[int, int]], list[int], list[int]]:
    """Greedy one-to-one matching: (gold index, predicted index) pairs, missed gold indexes,
    spurious predicted indexes."""
    keyed = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(predicted):
            key = _pair_key(g, p)
            if key is not None:
                keyed.append((key, gi, pi))
    keyed.sort()
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs = []
    for _, gi, pi in keyed:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            pairs.append((gi, pi))
    missed = [i for i in range(len(gold)) if i not in used_g]
    spurious = [i for i in range(len(predicted)) if i not in used_p]
    return sorted(pairs), missed, spurious


def _date_right(g: GoldStatement, p: Predicted, published: str | None) -> bool:
    if g.when_precision == "published":
        return (p.when or published) == g.when
    return p.when == g.when


def attribute_checks(g: GoldStatement, p: Predicted, published: str | None) -> dict[str, bool]:
    """Which attributes of a matched pair are right."""
    return {
        "speaker_country": country(g.actor) == country(p.actor),
        "actor": (p.actor or "").upper() == g.actor.upper(),
        "polarity": p.polarity == g.polarity,
        "target_country": country(g.target) == country(p.target),
        "cameo": (p.cameo or "").zfill(2)[:2] == g.cameo,
        "when": _date_right(g, p, published),
        "kind": p.kind == g.kind,
    }


# -- report --------------------------------------------------------------------------------------

@dataclass
class Tally:
    gold: int = 0
    predicted: int = 0
    matched: int = 0
    right: Counter[str] = field(default_factory=Counter)

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def accuracy(self, attribute: str) -> float | None:
        return self.right[attribute] / self.matched if self.matched else None

    def to_json(self) -> dict[str, Any]:
        acc = {a: (round(v, 4) if (v := self.accuracy(a)) is not None else None)
               for a in ATTRIBUTES}
        return {"gold": self.gold, "predicted": self.predicted, "matched": self.matched,
                "precision": round(self.precision, 4), "recall": round(self.recall, 4),
                "f1": round(self.f1, 4), "accuracy": acc}


@dataclass(frozen=True)
class ErrorItem:
    doc: str
    kind: str  # missed | spurious | speaker_country | actor | target_country | polarity | …
    start: int
    end: int
    gold: str | None = None
    predicted: str | None = None
    snippet: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v is not None}


@dataclass
class Report:
    documents: int = 0
    overall: Tally = field(default_factory=Tally)
    by_genre: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    by_set: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    errors: list[ErrorItem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def to_json(self, errors: int = 0) -> dict[str, Any]:
        out: dict[str, Any] = {
            "documents": self.documents, "overall": self.overall.to_json(),
            "by_genre": {k: v.to_json() for k, v in sorted(self.by_genre.items())},
            "by_set": {k: v.to_json() for k, v in sorted(self.by_set.items())},
            "warnings": self.warnings,
        }
        if errors:
            out["errors"] = [e.to_json() for e in self.errors[:errors]]
        return out


def _snippet(text: str | None, start: int, end: int) -> str | None:
    if text is None:
        return None
    return " ".join(text[start:max(end, start + 1)][:120].split())


def _label(value: object) -> str:
    return "null" if value is None else str(value)


def _pair_errors(doc: GoldDoc, g: GoldStatement, p: Predicted, checks: Mapping[str, bool],
                 text: str | None) -> list[ErrorItem]:
    values = {"speaker_country": (g.actor, p.actor), "actor": (g.actor, p.actor),
              "target_country": (g.target, p.target), "polarity": (g.polarity, p.polarity),
              "cameo": (g.cameo, p.cameo), "when": (g.when, p.when), "kind": (g.kind, p.kind)}
    skip = {"actor"} if not checks["speaker_country"] else set()
    return [ErrorItem(doc.doc, name, g.start, g.end, _label(values[name][0]),
                      _label(values[name][1]), _snippet(text, g.start, g.end))
            for name, ok in checks.items() if not ok and name not in skip]


def _score_doc(report: Report, doc: GoldDoc, preds: list[Predicted], text: str | None) -> None:
    w0, w1 = doc.window
    inside = [p for p in preds if w0 <= p.start < w1]
    pairs, missed, spurious = match_doc(doc.statements, inside)
    tallies = (report.overall, report.by_genre[doc.genre], report.by_set[doc.set_name])
    for t in tallies:
        t.gold += len(doc.statements)
        t.predicted += len(inside)
        t.matched += len(pairs)
    for gi, pi in pairs:
        g, p = doc.statements[gi], inside[pi]
        checks = attribute_checks(g, p, doc.published)
        for t in tallies:
            t.right.update(name for name, ok in checks.items() if ok)
        report.errors.extend(_pair_errors(doc, g, p, checks, text))
    for gi in missed:
        g = doc.statements[gi]
        report.errors.append(ErrorItem(doc.doc, "missed", g.start, g.end, g.actor, None,
                                       _snippet(text, g.start, g.end)))
    for pi in spurious:
        p = inside[pi]
        report.errors.append(ErrorItem(doc.doc, "spurious", p.start, p.end, None,
                                       _label(p.actor), _snippet(text, p.start, p.end)))


def score(gold_docs: Sequence[GoldDoc], predicted_records: Iterable[Mapping[str, Any]], *,
          texts: Mapping[str, str] | None = None) -> Report:
    """Score export records against gold documents (``texts``: article id → text, for the
    error snippets). Predictions of articles that are not labelled are ignored."""
    by_article: dict[str, list[Predicted]] = defaultdict(list)
    for rec in predicted_records:
        p = Predicted.from_record(rec)
        by_article[p.article_id].append(p)
    report = Report(documents=len(gold_docs))
    order = {"missed": 0, "spurious": 1}
    for doc in gold_docs:
        text = texts.get(doc.article_id) if texts else None
        _score_doc(report, doc, by_article.get(doc.article_id, []), text)
    report.errors.sort(key=lambda e: (order.get(e.kind, 2), e.doc, e.start))
    return report


# -- running the real CLI on the labelled documents ---------------------------------------------

def _record_file(source: Path, rows: set[int], target: Path) -> None:
    """Copy the records of ``source`` on ``rows`` (as the readers number them) to ``target``."""
    if source.suffix.lower() in (".jsonl", ".ndjson"):
        lines = source.read_bytes().splitlines(keepends=True)
        target.write_bytes(b"".join(lines[r - 1] for r in sorted(rows)))
        return
    head = source.read_bytes()[:8192]
    tabs = source.suffix.lower() == ".tsv" or head.count(b"\t") > head.count(b",")
    delimiter = "\t" if tabs else ","
    with source.open(encoding="utf-8-sig", newline="") as fh, \
            target.open("w", encoding="utf-8", newline="") as out:
        reader = csv.reader(fh, delimiter=delimiter, strict=True)
        writer = csv.writer(out, delimiter=delimiter)
        writer.writerow(next(reader))
        for row in reader:
            if reader.line_num in rows:
                writer.writerow(row)


def _cli(args: list[str]) -> str:
    proc = subprocess.run([sys.executable, "-m", "vetowatch", *args], capture_output=True,
                          text=True, check=False)
    if proc.returncode != 0:
        raise IngestError(f"vetowatch {args[4]} failed: "
                          f"{(proc.stderr or proc.stdout).strip()[-500:]}")
    return proc.stdout


Options = tuple[tuple[str, str], ...]  # ingest options of a document: (("speaker", "FRAGOV"),)
Groups = dict[tuple[str, Options], list[Path]]
INGEST_OPTIONS = ("speaker", "genre", "source")


def _options(doc: GoldDoc) -> Options:
    return tuple(sorted((k, str(v)) for k, v in doc.ingest.items() if k in INGEST_OPTIONS))


def _groups(docs: Sequence[GoldDoc], data_dir: Path, work: Path) -> Groups:
    """Temporary input files, grouped by the ingest options they need (date, speaker…)."""
    rows: dict[tuple[str, Options], set[int]] = defaultdict(set)
    groups: Groups = defaultdict(list)
    for number, doc in enumerate(docs):
        if Path(doc.corpus).suffix.lower() in RECORD_SUFFIXES:
            rows[(doc.corpus, _options(doc))].add(int(doc.select["row"]))
            continue
        folder = work / f"text{number}"
        folder.mkdir()
        copy = folder / Path(doc.corpus).name
        shutil.copyfile(data_dir / doc.corpus, copy)
        groups[(doc.published or "", _options(doc))].append(copy)
    for n, ((corpus, options), wanted) in enumerate(sorted(rows.items())):
        target = work / f"records{n}{Path(corpus).suffix}"
        _record_file(data_dir / corpus, wanted, target)
        groups[("", options)].append(target)
    return groups


def predict(docs: Sequence[GoldDoc], data_dir: Path, work: Path) -> tuple[list[dict[str, Any]],
                                                                           list[str]]:
    """Ingest exactly the labelled documents into a fresh database under ``work`` with the
    real CLI (``ingest --date/--speaker/--genre`` from a document's ``published`` and
    ``ingest`` fields), export the statements as JSONL; returns the records and warnings."""
    db = str(work / "devsets.db")
    inputs = work / "inputs"
    inputs.mkdir()
    warnings: list[str] = []
    for (day, options), files in sorted(_groups(docs, data_dir, inputs).items()):
        args = ["--db", db, "--data", str(data_dir), "ingest", *map(str, files), "--json"]
        args += ["--date", day] if day else []
        for key, value in options:
            args += [f"--{key}", value]
        report = json.loads(_cli(args))
        warnings += [f"ingest: {e}" for e in report.get("errors", [])]
        if report.get("near_duplicates"):
            warnings.append(f"ingest: {report['near_duplicates']} near-duplicate(s) were not "
                            "extracted (linked to an earlier copy)")
    out = work / "statements.jsonl"
    _cli(["--db", db, "--data", str(data_dir), "statements", "export", "--format", "jsonl",
          "--out", str(out)])
    records = load_predictions(out)
    return records, warnings


# -- text report and command line ---------------------------------------------------------------

def _row(name: str, t: Tally) -> str:
    acc = "  ".join(f"{a.replace('_country', '-cty')} " + (
        f"{v:.2f}" if (v := t.accuracy(a)) is not None else "  - ") for a in ATTRIBUTES)
    return (f"{name:<22} gold {t.gold:>4} pred {t.predicted:>4} match {t.matched:>4}  "
            f"P {t.precision:.3f} R {t.recall:.3f} F1 {t.f1:.3f}  |  {acc}")


def format_report(report: Report, errors: int = 0) -> str:
    """The report as text: overall, per genre, per set, warnings, the first ``errors`` errors."""
    lines = [f"{report.documents} documents", _row("all", report.overall)]
    lines += [_row(f"genre {k}", v) for k, v in sorted(report.by_genre.items())]
    lines += [_row(f"set {k}", v) for k, v in sorted(report.by_set.items())]
    lines += [f"warning: {w}" for w in report.warnings]
    for e in report.errors[:errors]:
        lines.append(f"{e.kind:<16} {e.doc} [{e.start}:{e.end}] gold={e.gold} "
                     f"pred={e.predicted} | {e.snippet or ''}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Score the dev sets (see the module docstring); returns the exit status."""
    from vetowatch.settings import Settings

    parser = argparse.ArgumentParser(prog="python -m vetowatch.evaluation.devsets")
    parser.add_argument("--split", choices=("dev", "test", "all"), default="dev")
    parser.add_argument("--sets", nargs="+", type=Path,
                        help="dev set files (default: devsets/*.jsonl)")
    parser.add_argument("--predictions", type=Path,
                        help="a statements export (JSONL) to score instead of running vetowatch")
    parser.add_argument("--data", type=Path, help="data folder (default: $VETOWATCH_DATA)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--errors", type=int, default=0, metavar="N", help="list N errors")
    args = parser.parse_args(argv)
    try:
        sets = args.sets or sorted(Path("devsets").glob("*.jsonl"))
        if not sets:
            raise InvalidInputError("no dev sets: pass --sets or run from the repository root")
        docs = load_devsets(sets, args.split)
        data_dir = args.data or Settings.from_env().require_data_dir()
        texts = {d.article_id: resolve_article(d, data_dir).text for d in docs}
        warnings: list[str] = []
        if args.predictions:
            records = load_predictions(args.predictions)
        else:
            with tempfile.TemporaryDirectory(prefix="vetowatch-devsets-") as tmp:
                records, warnings = predict(docs, data_dir, Path(tmp))
        report = score(docs, records, texts=texts)
        report.warnings += warnings
    except (InvalidInputError, SourceFormatError, IngestError) as exc:
        print(f"error {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(report.to_json(args.errors), indent=2, ensure_ascii=False))
    else:
        print(format_report(report, args.errors))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
