"""The Security Council's own debates as a news source: two public corpora of its records.

* **UN Security Council Debates** (Schoenfeld, Eckhard, Patz, van Meegdenburg, Pires;
  Harvard Dataverse doi:10.7910/DVN/KGVSYH): ``speeches.tar`` holding one speech per file
  ``UNSC_YYYY_SPV.NNNN_spchNNN.txt``, ``speaker.tsv`` (a row per speech: ``filename``,
  ``speaker``, ``country``, ``role_in_un``, ``participanttype``, …) and ``meta.tsv`` (a row
  per meeting: ``basename``, ``date``, ``topic``, …).
* **UNSC Meetings and Speeches** (Sakamoto & Matsuoka, doi:10.7910/DVN/CKPTRB):
  ``speeches.tsv`` (a row per speech: meeting, speaker, country, text) and ``meetings.tsv``
  (a row per meeting: meeting, date, agenda).

Each speech is one :class:`~vetowatch.news.article.Article` of genre ``speech`` whose
speaker is the country (``RUSGOV``; the UN Secretariat ``IGOUNO``; the EU ``IGOEU``), dated
to its meeting, with source ``UN Security Council S/PV.NNNN`` and the meeting symbol in
``meta["meeting"]``; the speech genre makes its "we" and "I" statements the country's.
Speeches nobody can be coded for (NGO briefers, unknown affiliations) and the President's
procedural turns are skipped; the President's turn "in my capacity as the representative of
…" is kept as the presiding country's. Column names are matched through aliases
(:data:`ALIASES`): those not confirmed from the corpora's own files are documented in
``docs/news.md`` ("Security Council debates").

The readers are registered in :data:`vetowatch.registry.readers` (``.tar``; ``.txt`` files
named ``UNSC_…_spchNNN.txt`` with a ``speaker.tsv`` up to two folders up, i.e. the unpacked
tar; ``.tsv`` / ``.tab`` / ``.csv`` files that are one of the corpora's tables; any other text
or table falls through to the plain reader), so ``vetowatch ingest speeches.tar`` or
``vetowatch ingest DIR`` (a folder holding the files) detects the format. Everything is
streamed: the tar member by member, the speech table row by row; only the per-meeting and
per-speaker tables, which hold no text, are loaded whole (once per version of the files).
"""

from __future__ import annotations

import csv
import re
import sys
import tarfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from pathlib import Path

from vetowatch import registry
from vetowatch.errors import IngestError
from vetowatch.news.article import Article, parse_date, unwrap
from vetowatch.news.problems import InputRejected
from vetowatch.news.readers import Item, check_english, read_csv, read_text

__all__ = [
    "ALIASES",
    "CORPORA",
    "Meeting",
    "SpeechRow",
    "corpus_of",
    "meeting_symbol",
    "read_debates_tar",
    "read_speeches_tsv",
    "speaker_code",
    "speech_article",
]

CORPORA = ("unsc-debates", "unsc-speeches")
SPEECH_FILE = re.compile(
    r"^UNSC_(?P<year>\d{4})_SPV\.(?P<number>\d+)(?P<rest>[^/]*?)_spch(?P<index>\d+)\.txt$"
)
DEBATES_TABLES = ("speaker", "meta")
TABLE_SUFFIXES = (".tsv", ".tab", ".csv")
SOURCE_PREFIX = "UN Security Council"

# column → the names it goes by (lower case); the first of each is the corpus's own
ALIASES: dict[str, tuple[str, ...]] = {
    "filename": ("filename", "file", "file_name", "speech_file"),
    "basename": ("basename", "meeting_basename"),
    "meeting": ("meeting", "meeting_id", "meetingid", "meeting_symbol", "symbol", "spv",
                "meeting_number", "meeting_no", "document", "doc_symbol", "record"),
    "speaker": ("speaker", "speaker_name", "name", "speakername"),
    "country": ("country", "affiliation", "country_name", "speaker_country", "member",
                "state", "delegation", "nation", "iso3", "country_code"),
    "participant": ("participanttype", "participant_type", "participant", "speaker_type"),
    "role": ("role_in_un", "role", "speaker_role", "position", "post"),
    "date": ("date", "meeting_date", "date_meeting"),
    "topic": ("topic", "agenda", "agenda_item", "title", "subject", "item"),
    "text": ("text", "speech", "content", "speech_text", "body", "transcript"),
    "index": ("speech_number", "speech_no", "speech_order", "order", "seq", "speech_id",
              "spch"),
}
# names that mean the UN Secretariat (lower case, after folding spaces)
UN_NAMES = frozenset({
    "un", "u.n.", "united nations", "united nations secretariat", "un secretariat",
    "secretariat", "secretary-general", "the secretary-general", "unsg", "united nations (un)",
})
UN_ROLES = re.compile(
    r"secretary-general|under-secretary|assistant secretary|special (representative|envoy|"
    r"coordinator|adviser)|high commissioner|emergency relief|un secretariat|force commander",
    re.IGNORECASE,
)
PRESIDENT = re.compile(r"^\s*(the\s+)?president\b", re.IGNORECASE)
NATIONAL_CAPACITY = re.compile(
    r"\b(in my (national )?capacity as (the )?(representative|minister|ambassador)|"
    r"in my national capacity)\b",
    re.IGNORECASE,
)
# "Mr. Nebenzia (Russian Federation) (spoke in Russian):" opening a speech: "The President",
# an honorific and a name, or a name with a parenthesis; never a sentence ("Mr. President,
# allow me …:", "Resolution 1973 (2011) says:")
_PARENS = r"(?:\s*\([^()\n:]{2,80}\)){0,3}"
LABEL = re.compile(
    r"^\s*(?P<label>The (?:Acting )?(?:President|Secretary-General)" + _PARENS + "|"
    r"(?:Mr|Mrs|Ms|Miss|Dr|Sir|Dame|Lord|Baroness|Sheikh|Prince|Princess|Archbishop|"
    r"Cardinal|Monsignor|Judge)\.?\s[A-Z][^:\n,;()]{0,60}?" + _PARENS + "|"
    r"[A-Z][^:\n,;()\d]{1,60}?(?:\s*\([^()\n:\d]{2,80}\)){1,3})\s*:\s+"
)
_MONTHS = {m: i for i, m in enumerate(
    ("january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"), start=1)}
_DMY = re.compile(r"^(\d{1,2})\s+([A-Za-z]+)\s+(\d{4})$")
_MEETING_NUMBER = re.compile(r"(?:S\s*/\s*PV\s*\.?\s*|SPV\.?|^)(\d{1,5})(?!\d)", re.IGNORECASE)
_RESUMPTION = re.compile(r"resumption\s*\.?\s*(\d+)|\(Resumption\s*(\d+)\)", re.IGNORECASE)
_FIELD_LIMIT = 1 << 26


@dataclass(frozen=True)
class Meeting:
    """A Council meeting: its symbol (``S/PV.6627``), date and agenda item or topic."""

    symbol: str
    day: date | None
    topic: str | None = None


@dataclass(frozen=True)
class SpeechRow:
    """What a corpus says about one speech, before it becomes an article."""

    text: str
    speaker: str | None = None
    country: str | None = None
    participant: str | None = None
    role: str | None = None
    index: str | None = None
    key: str | None = None  # the corpus's id of the speech (its file name)


# -- fields ------------------------------------------------------------------------------------

def field(row: Mapping[str, str], column: str) -> str | None:
    """The value of a logical ``column`` (:data:`ALIASES`) in a row with lower-cased keys."""
    for name in ALIASES[column]:
        value = row.get(name)
        if value is not None and value.strip() and value.strip().upper() not in ("NA", "NAN"):
            return value.strip()
    return None


def day_of(value: str | None, row: Mapping[str, str] | None = None) -> date | None:
    """A meeting date: ISO, ``27 February 2020``, ``M/D/YYYY``, or year/month/day columns;
    ``None`` when it is not a plausible date (before 1945, in the future)."""
    if value:
        match = _DMY.match(value.strip())
        if match and match.group(2).lower() in _MONTHS:
            try:
                return parse_date(date(int(match.group(3)), _MONTHS[match.group(2).lower()],
                                       int(match.group(1))))
            except ValueError:
                return None
        return parse_date(value)
    if row is not None and all(row.get(k, "").strip().isdigit() for k in ("year", "month", "day")):
        try:
            return parse_date(date(int(row["year"]), int(row["month"]), int(row["day"])))
        except ValueError:
            return None
    return None


def meeting_symbol(value: str) -> str | None:
    """``S/PV.6627`` (``S/PV.6627 (Resumption 1)``) from a symbol, a file basename
    (``UNSC_2011_SPV.6627``) or a bare number; ``None`` when no meeting number is in it."""
    text = value.strip()
    match = _MEETING_NUMBER.search(text.split("_SPV.", 1)[-1] if "_SPV." in text else text)
    if match is None:
        return None
    symbol = f"S/PV.{int(match.group(1))}"
    again = _RESUMPTION.search(text)
    if again:
        symbol += f" (Resumption {again.group(1) or again.group(2)})"
    return symbol


# -- who speaks --------------------------------------------------------------------------------

def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip().lower())


@lru_cache(maxsize=4096)
def _country_code(country: str) -> str | None:
    from vetowatch.extract.actors.places import iso3

    if _fold(country) in UN_NAMES:
        return "IGOUNO"
    code = iso3(country)
    if code is None and re.fullmatch(r"[A-Z]{3}", country.strip()):
        code = country.strip()
    if code is None:
        return None
    if code.startswith("IGO"):
        return code if len(code) > 3 else None
    return f"{code}GOV"


def speaker_code(speech: SpeechRow) -> str | None:
    """The actor code a speech speaks for, or ``None`` to skip it (see the module doc)."""
    presiding = any(PRESIDENT.match(v or "") for v in (speech.participant, speech.speaker,
                                                        speech.role))
    if presiding and not NATIONAL_CAPACITY.search(speech.text[:2000]):
        return None
    if speech.role and UN_ROLES.search(speech.role) and not presiding:
        return "IGOUNO"
    if speech.speaker and _fold(speech.speaker) in UN_NAMES:
        return "IGOUNO"
    return _country_code(speech.country) if speech.country else None


def split_label(text: str) -> tuple[str | None, str]:
    """The speaker label opening a speech (``Mr. Nebenzia (Russian Federation):``) and the
    speech after it; ``None`` and the text unchanged when it opens with none."""
    match = LABEL.match(text[:400])
    if match is None:
        return None, text
    return match.group("label").strip(), text[match.end():]


def label_country(label: str) -> str | None:
    """The country a label names in parentheses: ``Mr. Smith (United Kingdom) (spoke in
    English)`` → ``United Kingdom``."""
    for inner in re.findall(r"\(([^()]+)\)", label):
        if not str(inner).lower().startswith(("spoke in", "interpretation", "translated")):
            return str(inner).strip()
    return None


# -- articles ----------------------------------------------------------------------------------

def speech_article(speech: SpeechRow, meeting: Meeting, corpus: str, path: Path,
                   row: int | None) -> Item | None:
    """One speech as an article of genre ``speech``; ``None`` when skipped (no code)."""
    label, body = split_label(speech.text)
    if not speech.country and label:
        speech = replace(speech, country=label_country(label))
    code = speaker_code(speech)
    if code is None:
        return None
    body = unwrap(body.strip())
    where = speech.key or path
    if not body:
        return InputRejected("speech has no text", where, row,
                             fix="check the corpus file; the other speeches were read")
    reason = check_english(body)
    if reason:
        return InputRejected(reason, where, row, fix="only English records are read")
    meta = {"genre": "speech", "speaker_actor": code, "meeting": meeting.symbol,
            "corpus": corpus}
    extra = {"speaker_name": speech.speaker, "country": speech.country, "label": label,
             "speech": speech.index, "file": speech.key, "topic": meeting.topic,
             "participant": speech.participant, "role": speech.role}
    meta.update({k: v for k, v in extra.items() if v})
    title = f"{meeting.symbol}: {meeting.topic}" if meeting.topic else meeting.symbol
    return Article.from_text(
        body, title=title, published=meeting.day, source=f"{SOURCE_PREFIX} {meeting.symbol}",
        url=f"https://undocs.org/{meeting.symbol.split(' ')[0]}", path=path, row=row, meta=meta,
    )


# -- tables ------------------------------------------------------------------------------------

def _grow_field_limit() -> None:
    if csv.field_size_limit() < _FIELD_LIMIT:
        csv.field_size_limit(min(_FIELD_LIMIT, sys.maxsize))


def iter_table(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """The rows of a tab- (or comma-) separated table with a header, keys lower-cased,
    with their line numbers; raises :class:`IngestError` on a broken file."""
    _grow_field_limit()
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            head = handle.readline()
            delimiter = "\t" if head.count("\t") >= head.count(",") else ","
            handle.seek(0)
            reader = csv.reader(handle, delimiter=delimiter)
            header = [h.strip().lower() for h in next(reader, [])]
            for cells in reader:
                if any(c.strip() for c in cells):
                    yield reader.line_num, dict(zip(header, cells, strict=False))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise InputRejected(f"cannot read the table ({exc})", path,
                            fix="download it again (vetowatch data fetch … --force)") from exc


def _table(folder: Path, stem: str) -> Path | None:
    for suffix in TABLE_SUFFIXES:
        candidate = folder / f"{stem}{suffix}"
        if candidate.is_file():
            return candidate
    return None


def _companion(start: Path, stem: str) -> Path | None:
    """``stem.tsv`` next to ``start`` or in a folder above it (the tar may sit in a
    ``speeches/`` folder of the unpacked Dataverse download)."""
    for folder in [start.parent, *start.parent.parents][:3]:
        found = _table(folder, stem)
        if found is not None:
            return found
    return None


def load_meetings(path: Path) -> dict[str, Meeting]:
    """Meetings by their key in the corpus (``basename`` or meeting id) and by symbol."""
    found: dict[str, Meeting] = {}
    for _, row in iter_table(path):
        key = field(row, "basename") or field(row, "meeting") or field(row, "filename")
        if key is None:
            continue
        symbol = meeting_symbol(key) or meeting_symbol(row.get("spv", "")) or key
        meeting = Meeting(symbol, day_of(field(row, "date"), row), field(row, "topic"))
        found[key] = meeting
        found.setdefault(symbol, meeting)
    return found


def load_speakers(path: Path) -> dict[str, dict[str, str]]:
    """``speaker.tsv`` rows by speech file name."""
    found: dict[str, dict[str, str]] = {}
    for _, row in iter_table(path):
        name = field(row, "filename")
        if name:
            found[Path(name).name] = row
    return found


def _meeting_for(meetings: Mapping[str, Meeting], key: str) -> Meeting:
    """The meeting a speech belongs to, by the corpus's key or by symbol; a meeting missing
    from the table has no date (its speeches are stored undated, never guessed)."""
    meeting = meetings.get(key)
    if meeting is None:
        symbol = meeting_symbol(key) or key
        meeting = meetings.get(symbol) or Meeting(symbol, None)
    return meeting


# -- UN Security Council Debates (speeches.tar) ------------------------------------------------

def _debates_row(name: str, text: str, speakers: Mapping[str, Mapping[str, str]]) -> SpeechRow:
    row = speakers.get(name, {})
    match = SPEECH_FILE.match(name)
    return SpeechRow(text=text, speaker=field(row, "speaker"), country=field(row, "country"),
                     participant=field(row, "participant"), role=field(row, "role"),
                     index=match.group("index") if match else None, key=name)


Tables = tuple[dict[str, dict[str, str]], dict[str, Meeting]]


@lru_cache(maxsize=2)
def _load_tables(speaker_file: Path, meta_file: Path, stamp: tuple[int, ...]) -> Tables:
    """``speaker.tsv`` and ``meta.tsv``, read once per version of the files (``stamp``)."""
    return load_speakers(speaker_file), load_meetings(meta_file)


def debates_tables(start: Path) -> Tables | InputRejected:
    """The Debates corpus's tables for a tar or speech file at ``start`` (beside it or one or
    two folders up), or why they cannot be had."""
    speaker_file, meta_file = _companion(start, "speaker"), _companion(start, "meta")
    if speaker_file is None or meta_file is None:
        missing = " and ".join(n for n, f in (("speaker.tsv", speaker_file),
                                              ("meta.tsv", meta_file)) if f is None)
        return InputRejected(f"{missing} not found next to the speeches", start,
                             fix="put the corpus's tables beside them "
                                 "(vetowatch data fetch unsc-debates does)")
    try:
        stamp = tuple(x for f in (speaker_file, meta_file)
                      for x in (f.stat().st_mtime_ns, f.stat().st_size))
        return _load_tables(speaker_file, meta_file, stamp)
    except InputRejected as exc:
        return exc
    except OSError as exc:
        return InputRejected(f"cannot read the corpus's tables ({exc.strerror})", start)


def _debates_item(name: str, match: re.Match[str], text: str, tables: Tables, path: Path,
                  row: int | None) -> Item | None:
    speakers, meetings = tables
    basename = name[: match.start("index") - len("_spch")]
    return speech_article(_debates_row(name, text, speakers), _meeting_for(meetings, basename),
                          "unsc-debates", path, row)


def read_debates_tar(path: Path, published: date | None = None) -> Iterator[Item]:
    """The speeches in ``speeches.tar`` (member by member), with ``speaker.tsv`` and
    ``meta.tsv`` found next to the tar (or one or two folders up)."""
    tables = debates_tables(path)
    if isinstance(tables, InputRejected):
        yield tables
        return
    try:
        with tarfile.open(path, mode="r|*") as archive:
            for number, member in enumerate(archive, start=1):
                name = member.name.rsplit("/", 1)[-1]
                match = SPEECH_FILE.match(name) if member.isfile() else None
                handle = archive.extractfile(member) if match is not None else None
                if match is None or handle is None:
                    continue
                try:
                    text = handle.read().decode("utf-8-sig")
                except UnicodeDecodeError:
                    yield InputRejected("speech is not UTF-8 text", f"{path}:{name}",
                                        fix="the other speeches were read")
                    continue
                item = _debates_item(name, match, text, tables, path, number)
                if item is not None:
                    yield item
    except (tarfile.TarError, OSError, EOFError) as exc:
        yield InputRejected(f"broken or truncated tar archive ({exc})", path,
                            fix="download it again (vetowatch data fetch unsc-debates "
                                "--force); the speeches before the break were read")


def read_speech_file(path: Path, published: date | None = None) -> Iterator[Item]:
    """A ``.txt`` file: one unpacked speech ``UNSC_…_spchNNN.txt`` of the Debates corpus when
    its ``speaker.tsv`` is beside it or up to two folders up; any other text is plain text
    (:func:`vetowatch.news.readers.read_text`)."""
    match = SPEECH_FILE.match(path.name)
    if match is None or _companion(path, "speaker") is None:
        yield from read_text(path, published)
        return
    tables = debates_tables(path)
    if isinstance(tables, InputRejected):
        yield tables
        return
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        yield InputRejected(f"cannot read the speech ({exc})", path)
        return
    item = _debates_item(path.name, match, text, tables, path, None)
    if item is not None:
        yield item


# -- UNSC Meetings and Speeches (speeches.tsv + meetings.tsv) ----------------------------------

def read_speeches_tsv(path: Path, published: date | None = None) -> Iterator[Item]:
    """The speeches of ``speeches.tsv`` row by row, dated by ``meetings.tsv`` next to it."""
    meetings_file = _companion(path, "meetings")
    try:
        meetings = load_meetings(meetings_file) if meetings_file is not None else {}
        for line, row in iter_table(path):
            text, key = field(row, "text"), field(row, "meeting")
            if text is None or key is None:
                yield InputRejected("row has no speech text or no meeting", path, line,
                                    fix="check the row; the other rows were read")
                continue
            meeting = _meeting_for(meetings, key)
            if meeting.day is None:
                meeting = Meeting(meeting.symbol, day_of(field(row, "date"), row), meeting.topic)
            speech = SpeechRow(text=text, speaker=field(row, "speaker"),
                               country=field(row, "country"), participant=field(
                                   row, "participant"), role=field(row, "role"),
                               index=field(row, "index"), key=None)
            item = speech_article(speech, meeting, "unsc-speeches", path, line)
            if item is not None:
                yield item
    except IngestError as exc:
        yield exc


# -- format detection and registration -------------------------------------------------------

def corpus_of(path: Path) -> str | None:
    """Which corpus file ``path`` is: ``"unsc-debates"`` for ``speeches.tar`` (or a tar of
    ``UNSC_…_spch…txt`` files) and its ``speaker``/``meta`` tables, ``"unsc-speeches"`` for
    ``speeches``/``meetings`` tables; ``None`` for anything else."""
    stem, suffix = path.stem.lower(), path.suffix.lower()
    if suffix == ".tar":
        return "unsc-debates"
    if suffix not in TABLE_SUFFIXES:
        return None
    if stem in DEBATES_TABLES and _sibling_tar(path):
        return "unsc-debates"
    if stem == "meetings" and _table(path.parent, "speeches") is not None:
        return "unsc-speeches"
    if stem == "speeches" and (_table(path.parent, "meetings") is not None
                               or _speech_header(path)):
        return "unsc-speeches"
    return None


def _speech_header(path: Path) -> bool:
    """Whether a table's header names a meeting, a speaker's country and a text column."""
    try:
        with path.open(encoding="utf-8-sig", errors="replace") as handle:
            head = handle.readline()
    except OSError:
        return False
    names = {h.strip().lower() for h in re.split(r"[\t,]", head)}
    return all(names & set(ALIASES[c]) for c in ("meeting", "country", "text"))


def _sibling_tar(path: Path) -> bool:
    """A tar, or an unpacked speech file, beside the table or one folder down."""
    return any(next(path.parent.glob(pattern), None) is not None
               for pattern in ("*.tar", "*/*.tar", "UNSC_*_spch*.txt", "*/UNSC_*_spch*.txt"))


def read_table(path: Path, published: date | None = None) -> Iterator[Item]:
    """A ``.tsv``/``.tab``/``.csv``: a corpus's speech table is read as speeches, its other
    tables (metadata, read with the speeches) yield nothing, anything else is a CSV."""
    corpus = corpus_of(path)
    if corpus == "unsc-speeches" and path.stem.lower() == "speeches":
        yield from read_speeches_tsv(path, published)
    elif corpus is None:
        yield from read_csv(path, published)


def _register(suffixes: Iterable[str]) -> None:
    for suffix in suffixes:
        registry.readers.register(suffix, func=read_table)
    registry.readers.register(".tar", func=read_debates_tar)
    registry.readers.register(".txt", func=read_speech_file)


_register(TABLE_SUFFIXES)
