"""The database the web tests share: the imported record, the reference article ingested
(as ``vetowatch demo`` does) and one article of our own with hostile text in its title,
text and statement. Every text here is ours, except the reference article read from the
shared data folder at test time."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from cli_rows import copy_db
from vetowatch.settings import Settings
from vetowatch.store import Store

HOSTILE_ID = "f00dbabe00000001"
HOSTILE_TITLE = '<script>alert("title")</script> [/bold] Moscow & "friends"'
HOSTILE_QUOTE = "<script>alert(1)</script> [/bold][red]we reject it[/red] <b>now</b>"
HOSTILE_TEXT = ("MOSCOW, Aug. 20 — A Russian Foreign Ministry official said: \u201c"
                + HOSTILE_QUOTE + "\u201d, speaking to reporters.")
REFERENCE = Path("news") / "example" / "russia-unwilling-to-back-assad-ouster.txt"
REFERENCE_ID = "a54728a1690aa81b"


@dataclass(frozen=True)
class WebDb:
    settings: Settings
    path: Path
    hostile_statement: int


def add_hostile_article(db: Path) -> int:
    """Our hostile article and its one statement, offsets consistent with the text."""
    start = HOSTILE_TEXT.index("A Russian")
    end = len(HOSTILE_TEXT)
    lo = HOSTILE_TEXT.index(HOSTILE_QUOTE)
    con = sqlite3.connect(db)
    with con:
        con.execute(
            "INSERT INTO article (id, title, text, published, source, url, statements,"
            " ingested_at) VALUES (?, ?, ?, ?, ?, ?, 1, '2026-01-01 00:00:00')",
            (HOSTILE_ID, HOSTILE_TITLE, HOSTILE_TEXT, "2011-08-20", "[/link]<i>Outlet</i>",
             "javascript:alert(2)"))
        cur = con.execute(
            'INSERT INTO statement (article_id, seq, start, "end", sentence, speaker_text,'
            " speaker_actor, via, cue, kind, content, target_text, target_actor, polarity,"
            " negated, cameo, plover, goldstein, when_text, when_date, when_precision,"
            " content_start, content_end) VALUES (?, 0, ?, ?, ?, ?, 'RUSGOV', ?, 'said',"
            " 'direct', ?, NULL, NULL, -1, 0, '01', 'STATEMENT', 0.0, NULL, '2011-08-20',"
            " 'published', ?, ?)",
            (HOSTILE_ID, start, end, HOSTILE_TEXT[start:end],
             "A Russian Foreign Ministry official <img src=x onerror=alert(3)>",
             json.dumps([{"text": "[/]Interfax <b>x</b>", "actor": None}]), HOSTILE_QUOTE,
             lo, lo + len(HOSTILE_QUOTE)))
        statement_id = int(cur.lastrowid or 0)
    con.close()
    return statement_id


def build(imported: Store, data_dir: Path, folder: Path) -> WebDb:
    """The shared web-test database in ``folder`` (its own forecast cache there too)."""
    from vetowatch.reading import ingest

    db = folder / "web.db"
    copy_db(imported.url, db)
    settings = Settings(data_dir=data_dir, db_url=f"sqlite:///{db}", cache_dir=folder / "cache")
    store = Store.from_settings(settings)
    report = ingest(store, settings, [data_dir / REFERENCE], published=date(2011, 8, 19))
    assert report.statements > 5, report.to_json()
    store.dispose()
    return WebDb(settings, db, add_hostile_article(db))
