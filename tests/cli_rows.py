"""Rows written straight into a test database, for CLI tests that need stored statements
without running the extraction pipeline. Every text here is our own."""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path

HOSTILE = ("[/red] closes nothing, [bold]x[/] is not bold and "
           "[link=javascript:alert(1)]click[/link] is not a link")


def add_statements(db: Path, rows: list[dict[str, object]], *, title: str = "A title",
                   article_id: str = "a1b2c3d4e5f60718",
                   published: date = date(2011, 8, 19)) -> None:
    """One article and its statements; each row gives ``speaker_actor`` and ``content``
    (and optionally ``speaker_text``, ``target_text``, ``cue``)."""
    con = sqlite3.connect(db)
    with con:
        con.execute(
            "INSERT INTO article (id, title, text, published, source, statements, ingested_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (article_id, title, "text", published.isoformat(), "test", len(rows),
             "2026-01-01 00:00:00"))
        for seq, row in enumerate(rows):
            con.execute(
                'INSERT INTO statement (article_id, seq, start, "end", sentence, speaker_text,'
                " speaker_actor, via, cue, kind, content, target_text, target_actor, polarity,"
                " negated, cameo, plover, goldstein, when_text, when_date, when_precision)"
                " VALUES (?, ?, 0, 10, 0, ?, ?, ?, ?, 'quote', ?, ?, NULL, -1, 0, '010',"
                " 'STATEMENT', 0.0, NULL, ?, 'published')",
                (article_id, seq, row.get("speaker_text", "an official"), row["speaker_actor"],
                 json.dumps([{"text": "[/]via", "actor": None}]), row.get("cue", "said"),
                 row["content"], row.get("target_text"), published.isoformat()))
    con.close()


def copy_db(source_url: str, target: Path) -> Path:
    """A copy of a SQLite database through the backup API (a file copy would miss the WAL)."""
    source = sqlite3.connect(source_url.removeprefix("sqlite:///"))
    dest = sqlite3.connect(target)
    with dest:
        source.backup(dest)
    source.close()
    dest.close()
    return target
