"""``vetowatch serve``: the HTTP API and the web pages (:mod:`vetowatch.api`, :mod:`vetowatch.web`)
on uvicorn. Registered in :data:`vetowatch.registry.commands`."""

from __future__ import annotations

import json
import os
from typing import Any

import click

from vetowatch.cli_common import Context, pass_ctx
from vetowatch.errors import ConfigError
from vetowatch.registry import commands
from vetowatch.settings import Settings


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (0.0.0.0: every interface; put a reverse proxy in "
                   "front, see docs/web.md).")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option("--db", "db", help="Database URL or SQLite file (default: the group's --db).")
@click.option("--no-pages", is_flag=True, help="Only the JSON API, no web pages.")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Server processes (each keeps its own caches; 2 on a 2-core machine).")
@click.option("--proxy-headers/--no-proxy-headers", default=False, show_default=True,
              help="Trust X-Forwarded-* from --forwarded-allow-ips (behind a reverse proxy).")
@click.option("--forwarded-allow-ips", default="127.0.0.1", show_default=True)
@click.option("--json", "as_json", is_flag=True,
              help="Announce the server as one JSON line (url, docs, writes) on start.")
@pass_ctx
def serve(c: Context, host: str, port: int, db: str | None, no_pages: bool, workers: int,
          proxy_headers: bool, forwarded_allow_ips: str, as_json: bool) -> None:
    """Serve the API (/api, /openapi.json, /docs) and the pages on HOST:PORT.

    Read-only unless VETOWATCH_TOKEN is set (then POST /api/ingest with
    'Authorization: Bearer <token>'); VETOWATCH_MAX_UPLOAD bytes per upload;
    VETOWATCH_CORS=origin,… enables CORS for those origins."""
    try:
        import uvicorn
    except ImportError as exc:  # the optional `web` extra is missing
        raise ConfigError("vetowatch serve needs the web extra",
                          fix="pip install 'vetowatch[web]'") from exc
    from vetowatch.api import ServeOptions, create_app

    settings = c.settings
    if db is not None:
        if not db.strip():
            raise ConfigError("--db is empty", fix="Give a file name or a database URL.")
        fresh = Settings.from_env(db=db, data=settings.data_dir)
        settings = Settings(data_dir=fresh.data_dir, db_url=fresh.db_url,
                            cache_dir=settings.cache_dir, actors_file=settings.actors_file)
    options = ServeOptions.from_env()  # fails here, not in a worker, on a bad setting
    url = f"http://{host}:{port}"
    if as_json:
        click.echo(json.dumps({"url": url + "/", "api": url + "/api", "docs": url + "/docs",
                               "openapi": url + "/openapi.json", "pages": not no_pages,
                               "writes": options.token is not None, "workers": workers}))
    else:
        c.err.print(f"vetowatch serving on {url}/ (API docs at /docs)")
    common: dict[str, Any] = {"host": host, "port": port, "proxy_headers": proxy_headers,
                              "forwarded_allow_ips": forwarded_allow_ips,
                              "log_level": "warning"}
    if workers == 1:
        uvicorn.run(create_app(settings, options, pages=not no_pages), **common)
        return
    # each worker process builds its app from the environment (vetowatch.api.app_from_env)
    os.environ["VETOWATCH_DB"] = settings.db_url
    os.environ["VETOWATCH_CACHE"] = str(settings.cache_dir)
    if settings.data_dir is not None:
        os.environ["VETOWATCH_DATA"] = str(settings.data_dir)
    os.environ["VETOWATCH_SERVE_PAGES"] = "0" if no_pages else "1"
    uvicorn.run("vetowatch.api.app:app_from_env", factory=True, workers=workers, **common)


commands.register("serve", func=serve)
