"""``vetowatch data import``: read every source, reconcile, write the record atomically.

Every source is parsed completely before the database is touched; a malformed file raises
:class:`~vetowatch.errors.SourceFormatError` naming file and line and nothing is written.
The record is then replaced in one transaction, so a failure leaves the previous record as it
was. Re-importing the same files is a no-op (their SHA-256 are kept in ``source``), and a
forced re-import rebuilds the same rows: importing twice leaves the same counts.

The record never shrinks silently (``council.guard``): an import that would leave fewer
decisions, vetoes, votes or seats for a source and year than the database holds raises
:class:`~vetowatch.errors.RecordShrinkError` unless ``allow_shrink``. A damaged file never
gives a traceback: each parser's unexpected failure becomes a ``SourceFormatError`` naming it.
"""

from __future__ import annotations

import hashlib
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Connection, delete, func, insert, select

from vetowatch.council import guard
from vetowatch.council.guard import Change
from vetowatch.council.reconcile import Decision, Note, Reconciled, Reconciler, source_notes
from vetowatch.council.sources import dhl, marc, membership, oliverunv, undl, vetolists
from vetowatch.council.sources.types import MembershipRow
from vetowatch.errors import DataNotFoundError, SourceFormatError, VetowatchError
from vetowatch.store import Store
from vetowatch.store import schema as s

MEMBERSHIP_FILE = "sc_membership_by_year_dppa_1946_2027.csv"
OLIVER_FILE = "sc_votes_incl_failed_drafts_1994_2025_oliverunv.csv"
DHL_DIR = "dhl_pages"
VETO_PAGE = "scact_veto_table_en.html"
MARC_FILE = "sc_resolutions_undl_marc_export_2022.xlsx"
VETO_CSVS = ("sc_veto_list_dhl_1946_2022.csv", "vetoes_wpdl_1946_sept2022.csv")
UNDL_HEADER = "undl_id,ms_code"
MEMBERSHIP_HEADER = "id,year,security_council_member"

Progress = Callable[[str], None]
T = TypeVar("T")


@dataclass(frozen=True)
class SourceFiles:
    """The files of one record directory, found by name (UNDL files by their header)."""

    directory: Path
    membership: Path
    dhl_dir: Path | None
    veto_page: Path | None
    oliver: Path | None
    undl: tuple[Path, ...]
    veto_csvs: tuple[Path, ...]
    marc: Path | None = None

    def all_paths(self) -> list[Path]:
        paths = [self.membership, *self.undl, *self.veto_csvs]
        if self.marc:
            paths.append(self.marc)
        if self.oliver:
            paths.append(self.oliver)
        if self.dhl_dir:
            paths.extend(sorted(self.dhl_dir.glob("*.html")))
        return paths


@dataclass
class ImportReport:
    directory: Path
    skipped: bool
    seconds: float
    counts: dict[str, int] = field(default_factory=dict)
    sources: list[dict[str, Any]] = field(default_factory=list)
    notes_by_kind: dict[str, int] = field(default_factory=dict)
    notes_by_status: dict[str, int] = field(default_factory=dict)
    changes: list[Change] = field(default_factory=list)
    first_import: bool = False

    def change_lines(self, limit: int = 30) -> list[str]:
        """The changed counts, one line each (per source first), for the summary."""
        if self.first_import:
            return ["first import: the record was empty"] if self.changes else []
        ordered = sorted(self.changes, key=lambda c: (c.source == "all", c.source, c.year))
        lines = [f"{c.describe()} ({c.delta:+d})" for c in ordered[:limit]]
        if len(ordered) > limit:
            lines.append(f"… and {len(ordered) - limit} more (see --json)")
        return lines

    def to_json(self) -> dict[str, Any]:
        return {
            "directory": str(self.directory),
            "skipped": self.skipped,
            "seconds": round(self.seconds, 3),
            "counts": self.counts,
            "sources": self.sources,
            "notes_by_kind": self.notes_by_kind,
            "notes_by_status": self.notes_by_status,
            "first_import": self.first_import,
            "changes": [c.to_json() for c in self.changes],
        }


def find_sources(directory: Path) -> SourceFiles:
    if not directory.is_dir():
        raise DataNotFoundError(
            f"record folder {directory} does not exist. Pass the folder holding the Council "
            "record (e.g. ../shared/data/unsc) or run `vetowatch data fetch` first."
        )
    member_path = directory / MEMBERSHIP_FILE
    if not member_path.is_file():
        found = [p for p in sorted(directory.glob("*.csv")) if _header(p).startswith(
            MEMBERSHIP_HEADER)]
        if not found:
            raise DataNotFoundError(
                f"no membership table in {directory} ({MEMBERSHIP_FILE}, or a CSV whose header "
                f"starts {MEMBERSHIP_HEADER!r}): it is required to import the record. "
                "`vetowatch data fetch` downloads it."
            )
        member_path = found[0]
    dhl_dir = directory / DHL_DIR
    veto_page = dhl_dir / VETO_PAGE
    oliver = directory / OLIVER_FILE
    undl_files = tuple(sorted(p for p in directory.glob("*.csv") if _is_undl(p)))
    return SourceFiles(
        directory=directory,
        membership=member_path,
        dhl_dir=dhl_dir if dhl_dir.is_dir() else None,
        veto_page=veto_page if veto_page.is_file() else None,
        oliver=oliver if oliver.is_file() else None,
        undl=undl_files,
        veto_csvs=tuple(directory / n for n in VETO_CSVS if (directory / n).is_file()),
        marc=directory / MARC_FILE if (directory / MARC_FILE).is_file() else None,
    )


def _header(path: Path) -> str:
    with path.open("r", encoding="utf-8-sig", errors="replace") as fh:
        return fh.readline()


def _is_undl(path: Path) -> bool:
    return _header(path).startswith(UNDL_HEADER)


def fingerprint(paths: Iterable[Path]) -> str:
    digest = hashlib.sha256()
    for p in sorted(paths):
        digest.update(p.name.encode())
        digest.update(hashlib.sha256(p.read_bytes()).digest())
    return digest.hexdigest()


def read_sources(files: SourceFiles, progress: Progress | None = None) -> tuple[
        Reconciled, list[dict[str, Any]]]:
    """Parse every source and reconcile them (no database access)."""
    say = progress or (lambda _msg: None)
    rec = Reconciler()
    summary: list[dict[str, Any]] = []

    def done(name: str, path: Path, rows: int, notes: list[Note]) -> None:
        rec.notes.extend(notes)
        summary.append({"name": name, "path": str(path), "rows": rows, "notes": len(notes)})

    say("membership")
    members = _parse(files.membership, membership.parse_membership)
    done("membership", files.membership, len(members.rows), source_notes(
        files.membership.name, members.notes))
    by_year = _members_by_year(members.rows)
    if files.dhl_dir:
        say("DHL yearly pages")
        pages = _parse(files.dhl_dir, dhl.parse_dhl_pages)
        done("dhl-pages", files.dhl_dir, len(pages.rows), [  # each note names its page
            note for n in pages.notes for note in source_notes(f"{DHL_DIR}/{n.source_file}", [n])])
        rec.add_dhl(pages.rows)
    if files.veto_page:
        say("DHL veto page")
        vetoes = _parse(files.veto_page, dhl.parse_veto_page)
        done("dhl-veto-page", files.veto_page, len(vetoes.rows),
             source_notes(f"{DHL_DIR}/{VETO_PAGE}", vetoes.notes))
        rec.add_veto_page(vetoes.rows)
    if files.oliver:
        say("member votes 1994–2025")
        votes = _parse(files.oliver, oliverunv.parse_oliverunv)
        done("oliverunv", files.oliver, len(votes.rows), source_notes(OLIVER_FILE, votes.notes))
        rec.add_oliver(votes.rows, OLIVER_FILE, by_year)
    for path in files.undl:
        say(f"UN Digital Library votes ({path.name})")
        rows = _parse(path, undl.parse_undl)
        done(f"undl:{path.name}", path, len(rows.rows), source_notes(path.name, rows.notes))
        rec.add_undl(rows.rows, path.name)
    for path in files.veto_csvs:
        say(f"veto list ({path.name})")
        entries = _parse(path, vetolists.parse_veto_csv)
        done(f"veto-list:{path.name}", path, len(entries.rows),
             source_notes(path.name, entries.notes))
        rec.cross_check_vetoes(entries.rows, path.name)
    if files.marc:
        say("library titles and subjects")
        marc_rows = _parse(files.marc, marc.parse_marc)
        done("undl-marc", files.marc, len(marc_rows.rows), source_notes(MARC_FILE,
                                                                         marc_rows.notes))
        rec.add_marc(marc_rows.rows, MARC_FILE)
    rec.apply_rules()
    rec.fix_agendas()
    rec.derive_kinds()
    return rec.finish(members.rows), summary


def _parse(path: Path, parser: Callable[[Path], T]) -> T:
    """Run one source's parser; any failure that is not already a vetowatch error (a damaged
    workbook, an unexpected value) becomes a SourceFormatError naming the file."""
    try:
        return parser(path)
    except (VetowatchError, MemoryError):
        raise
    except Exception as exc:  # the safety net: no traceback for a damaged file
        raise SourceFormatError(
            path, None, f"cannot be read ({type(exc).__name__}: {exc})",
            "The file is damaged or not in the expected format: restore it from the shared "
            "folder or run `vetowatch data fetch`",
        ) from exc


def _members_by_year(rows: list[MembershipRow]) -> dict[int, set[str]]:
    out: dict[int, set[str]] = {}
    for r in rows:
        out.setdefault(r.year, set()).add(r.member)
    return out


def import_record(store: Store, directory: Path, *, force: bool = False,
                  progress: Progress | None = None, allow_shrink: bool = False) -> ImportReport:
    """Import the Council record from ``directory`` into ``store`` (see module docstring).

    An import that would leave fewer decisions, vetoes, votes or seats for any source and
    year than the record holds raises :class:`~vetowatch.errors.RecordShrinkError` and
    changes nothing, unless ``allow_shrink``; the first import into an empty database is
    never refused. The report lists every count that changed.
    """
    started = time.perf_counter()
    files = find_sources(directory)
    fp = fingerprint(files.all_paths())
    with store.connect() as conn:
        known = conn.execute(select(s.source.c.sha256).where(s.source.c.name == "record")
                             ).scalar_one_or_none()
    if known == fp and not force:
        with store.connect() as conn:
            counts = table_counts(conn)
        return ImportReport(directory, True, time.perf_counter() - started, counts)
    reconciled, summary = read_sources(files, progress)
    from vetowatch.council.rules import check_record

    records = [d.to_record() for d in reconciled.decisions]
    for mismatch in check_record(r for r in records if r.outcome != "other"):
        reconciled.notes.append(Note("rules", None, "rules-mismatch", "inconsistent",
                                     f"{mismatch.symbol} ({mismatch.date}): {mismatch.reason}"))
    if progress:
        progress("writing the record")
    with store.begin() as conn:
        before = guard.ledger_of_db(conn)
        changed = guard.changes(before, guard.ledger_of_record(reconciled))
        guard.check_shrink(changed, files.directory, allow_shrink=allow_shrink)
        _write(conn, reconciled, summary, fp, files.directory)
        counts = table_counts(conn)
    kinds = Counter(n.kind for n in reconciled.notes)
    statuses = Counter(n.status for n in reconciled.notes)
    return ImportReport(directory, False, time.perf_counter() - started, counts, summary,
                        dict(sorted(kinds.items())), dict(sorted(statuses.items())),
                        changed, first_import=not before)


def _write(conn: Connection, rec: Reconciled, summary: list[dict[str, Any]], fp: str,
           directory: Path) -> None:
    for table in (s.note, s.veto, s.vote, s.decision, s.member_year, s.source):
        conn.execute(delete(table))
    now = datetime.now(UTC)
    conn.execute(insert(s.source), [
        {"name": "record", "path": str(directory), "sha256": fp,
         "rows": len(rec.decisions), "notes": len(rec.notes), "imported_at": now},
        *({"name": x["name"][:64], "path": x["path"], "sha256": "", "rows": x["rows"],
           "notes": x["notes"], "imported_at": now} for x in summary),
    ])
    from vetowatch.council.members import is_permanent

    conn.execute(insert(s.member_year), [
        {"year": m.year, "member": m.member, "name": m.name, "permanent": is_permanent(m.member)}
        for m in rec.membership
    ])
    conn.execute(insert(s.decision), [_decision_row(d) for d in rec.decisions])
    votes = [{"decision_id": d.id, "member": m, "vote": v}
             for d in rec.decisions for m, v in sorted(d.votes.items())]
    if votes:
        conn.execute(insert(s.vote), votes)
    vetoes = [{"decision_id": d.id, "member": m}
              for d in rec.decisions for m in sorted(d.vetoed_by)]
    if vetoes:
        conn.execute(insert(s.veto), vetoes)
    conn.execute(insert(s.note), [
        {"id": i, "source": n.source[:64], "line": n.line, "kind": n.kind[:64],
         "status": n.status, "detail": n.detail}
        for i, n in enumerate(rec.notes, start=1)
    ] or [{"id": 0, "source": "import", "line": None, "kind": "no-notes", "status": "info",
           "detail": "no corrections were needed"}])


def _decision_row(d: Decision) -> dict[str, Any]:
    return {
        "id": d.id, "kind": d.kind, "draft": d.draft, "resolution": d.resolution,
        "symbol": d.symbol, "date": d.date, "meeting": d.meeting, "agenda": d.agenda,
        "topic": d.topic, "category": d.category, "region": d.region,
        "subjects": "; ".join(d.subjects) or None,
        "submitters": ",".join(d.submitters) or None, "outcome": d.outcome, "yes": d.yes,
        "no": d.no, "abstain": d.abstain, "non_voting": d.non_voting,
        "procedural": d.procedural, "sources": ",".join(sorted(d.sources)),
        "title": d.title, "draft_kind": d.kind_of_draft,
        "undl_vote_record": d.undl_vote_record, "undl_doc_record": d.undl_doc_record,
    }


def table_counts(conn: Connection) -> dict[str, int]:
    return {
        t.name: int(conn.execute(select(func.count()).select_from(t)).scalar_one())
        for t in (s.member_year, s.decision, s.vote, s.veto, s.note)
    }


__all__ = ["ImportReport", "SourceFormatError", "find_sources", "import_record", "read_sources"]
