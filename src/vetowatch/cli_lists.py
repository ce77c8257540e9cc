"""``vetowatch topics``, ``agendas`` and ``kinds``: what ``--topic``, ``--agenda`` and
``--kind`` can ask for, with the number of votes each label has in the record.

Registered in :data:`vetowatch.registry.commands`, which :mod:`vetowatch.cli` adds to its group.
"""

from __future__ import annotations

import click

from vetowatch import render
from vetowatch.cli_common import Context, emit_json, limit_note, pass_ctx
from vetowatch.registry import commands

_HELP = {
    "topic": "Topics of the record (what --topic matches, with agenda items and titles).",
    "agenda": "Agenda items of the record (what --agenda and --topic match).",
    "kind": "Kinds of draft in the record (what forecast --kind takes).",
}


def _listing(field: str, name: str) -> click.Command:
    @click.command(name, help=_HELP[field] + " Most used first, with the number of votes.")
    @click.argument("words", required=False)
    @click.option("--limit", type=click.IntRange(min=0), default=50, show_default=True,
                  help="Labels to list (0: all).")
    @click.option("--json", "as_json", is_flag=True)
    @pass_ctx
    def cmd(c: Context, words: str | None, limit: int, as_json: bool) -> None:
        from vetowatch.council.queries import labels

        found = labels(c.store, field, match=words)
        shown = found[:limit] if limit else found
        if as_json:
            emit_json({"field": field, "total": len(found),
                       "labels": [x.to_json() for x in shown]})
            return
        render.label_counts(c.out, field, shown)
        limit_note(c.out, len(shown), len(found))

    return cmd


commands.register("topics", func=_listing("topic", "topics"))
commands.register("agendas", func=_listing("agenda", "agendas"))
commands.register("kinds", func=_listing("kind", "kinds"))
