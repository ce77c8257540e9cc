"""Writes: ``POST /api/ingest`` (one uploaded file in a format ``ingest`` reads, its name, hence
its format, in ``?name=``; size limited) and ``POST /api/questions``. Both only when the
server has a token (``VETOWATCH_TOKEN``) and the request says ``Authorization: Bearer
<token>``."""

from __future__ import annotations

import hmac
import re
import tempfile
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Header, Query, Request
from pydantic import BaseModel, Field

from vetowatch.api import calls
from vetowatch.api.deps import State
from vetowatch.api.errors import ERROR_RESPONSES, ErrorBody, HTTPError
from vetowatch.api.state import AppState

router = APIRouter(prefix="/api", tags=["writes"], responses={
    **ERROR_RESPONSES,
    401: {"model": ErrorBody, "description": "No or a wrong token."},
    403: {"model": ErrorBody, "description": "Writes are disabled (no VETOWATCH_TOKEN)."},
    413: {"model": ErrorBody, "description": "The upload is over the size limit."}})

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")


def check_token(app: AppState, authorization: str | None) -> None:
    """Writes need the server's token, compared in constant time."""
    if not app.options.token:
        raise HTTPError(403, "this server is read-only",
                        fix="Start it with VETOWATCH_TOKEN set to enable writes.")
    given = (authorization or "").removeprefix("Bearer ").strip()
    if not authorization or not authorization.startswith("Bearer ") or not hmac.compare_digest(
            given.encode(), app.options.token.encode()):
        raise HTTPError(401, "missing or wrong token",
                        fix="Send the header 'Authorization: Bearer <VETOWATCH_TOKEN>'.")


async def read_limited(request: Request, limit: int) -> bytes:
    """The request body, refused with 413 as soon as it passes ``limit`` bytes."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise HTTPError(413, f"upload of {declared} bytes is over the limit of {limit}",
                        fix="Split the file, or raise VETOWATCH_MAX_UPLOAD.")
    body = bytearray()
    async for chunk in request.stream():
        body.extend(chunk)
        if len(body) > limit:
            raise HTTPError(413, f"upload over the limit of {limit} bytes",
                            fix="Split the file, or raise VETOWATCH_MAX_UPLOAD.")
    return bytes(body)


@router.post("/ingest", summary="Ingest one uploaded file (needs the token)")
async def ingest(request: Request, app: State,
                 name: Annotated[str, Query(max_length=100,
                                            description="file name, e.g. article.txt")],
                 date: Annotated[str | None, Query(max_length=10)] = None,
                 source: Annotated[str | None, Query(max_length=128)] = None,
                 authorization: Annotated[str | None, Header()] = None) -> dict[str, Any]:
    """As ``vetowatch ingest FILE --date D --source S --json``."""
    check_token(app, authorization)
    if not _NAME.match(name):
        raise HTTPError(400, f"file name {name!r} is not a plain name",
                        fix="Use letters, digits, '.', '_' and '-', e.g. article.txt.")
    body = await read_limited(request, app.options.max_upload)
    published = calls.when(date, "date")
    from starlette.concurrency import run_in_threadpool

    return await run_in_threadpool(_ingest, app, name, body, published, source)


def _ingest(app: AppState, name: str, body: bytes, published: Any,
            source: str | None) -> dict[str, Any]:
    from vetowatch.reading import ingest as read

    with tempfile.TemporaryDirectory(prefix="vetowatch-upload-") as folder:
        path = Path(folder) / name
        path.write_bytes(body)
        with app.write_lock:
            report = read(app.store, app.settings, [path], published=published,
                          source=source or None)
    data: dict[str, Any] = report.to_json()
    return data


Phrases = list[Annotated[str, Field(min_length=1, max_length=200)]]


class NewQuestion(BaseModel):
    """A question to follow, as ``vetowatch questions add`` takes it."""

    id: str = Field(min_length=1, max_length=64, pattern=r"^[a-z0-9][a-z0-9-]*$")
    proposition: str = Field(min_length=1, max_length=500)
    for_cues: Phrases = Field(default_factory=list, max_length=50, alias="for")
    against_cues: Phrases = Field(default_factory=list, max_length=50, alias="against")
    targets: Phrases = Field(default_factory=list, max_length=50)
    examples: Phrases = Field(default_factory=list, max_length=50)
    replace: bool = False


@router.post("/questions", summary="Add a question to follow (needs the token)")
def add_question(app: State, question: NewQuestion,
                 authorization: Annotated[str | None, Header()] = None) -> dict[str, Any]:
    """As ``vetowatch questions add ID PROPOSITION --for … --against …``; the question as
    ``/api/questions`` lists it."""
    from vetowatch.positions import add_question as add

    check_token(app, authorization)
    with app.write_lock:
        found = add(app.store, question.id, question.proposition,
                    for_cues=question.for_cues, against_cues=question.against_cues,
                    targets=question.targets, examples=question.examples,
                    replace=question.replace)
    data: dict[str, Any] = found.to_json()
    return data
