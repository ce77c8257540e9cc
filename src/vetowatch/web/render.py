"""The Jinja2 environment (autoescaped templates from the package) and table downloads."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from jinja2 import Environment

from vetowatch.csvcells import safe_row
from vetowatch.errors import InvalidInputError
from vetowatch.htmlreport import new_environment

FORMATS = ("html", "csv", "json")


@lru_cache(maxsize=1)
def environment() -> Environment:
    """Templates from ``vetowatch/templates``; every value escaped unless marked safe."""
    from vetowatch.api.app import package_version

    env = new_environment()
    env.globals["version"] = package_version()
    return env


def page(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    """A rendered page; ``context`` gets the request's path and query for download links."""
    query = [(k, v) for k, v in request.query_params.multi_items() if k != "format"]
    html = environment().get_template(template).render(
        path=request.url.path, query=query, **context)
    return HTMLResponse(html, status_code=status)


def wanted_format(request: Request) -> str:
    fmt = request.query_params.get("format", "html")
    if fmt not in FORMATS:
        raise InvalidInputError(f"unknown format {fmt!r}", fix="Use format=csv or format=json.")
    return fmt


def download(fmt: str, name: str, data: Any, columns: Sequence[str],
             rows: Iterable[Sequence[Any]]) -> Response:
    """``data`` as JSON, or ``rows`` as CSV (formula-looking cells defused), as a file."""
    if fmt == "json":
        body = json.dumps(data, indent=2, ensure_ascii=False, default=str)
        return Response(body, media_type="application/json", headers={
            "Content-Disposition": f'attachment; filename="{name}.json"'})
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for row in rows:
        writer.writerow(safe_row(row))
    return Response(buffer.getvalue(), media_type="text/csv; charset=utf-8", headers={
        "Content-Disposition": f'attachment; filename="{name}.csv"'})


def vote_rows(votes: Iterable[Mapping[str, Any]]) -> list[list[Any]]:
    return [[v.get("date"), v.get("draft"), v.get("resolution"), v.get("agenda"),
             v.get("topic"), v.get("outcome"), v.get("yes"), v.get("no"), v.get("abstain"),
             " ".join(v.get("vetoed_by") or [])] for v in votes]


VOTE_COLUMNS = ("date", "draft", "resolution", "agenda", "topic", "outcome", "yes", "no",
                "abstain", "vetoed_by")


def statement_rows(items: Iterable[Mapping[str, Any]]) -> list[list[Any]]:
    return [[i["id"], i["article_id"], (i.get("when") or {}).get("date"),
             i["speaker"]["text"], i["speaker"].get("actor"),
             " < ".join(v["text"] for v in i.get("via", [])), i.get("cue"), i.get("content"),
             (i.get("target") or {}).get("actor"), i.get("polarity"),
             (i.get("event") or {}).get("cameo")] for i in items]


STATEMENT_COLUMNS = ("id", "article_id", "date", "speaker", "actor", "via", "cue", "content",
                     "target", "polarity", "cameo")
