"""The app factory: :func:`create_app` builds the FastAPI app for ``vetowatch serve``."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from vetowatch.api import errors
from vetowatch.api.routes import council, news, writes
from vetowatch.api.state import AppState, ServeOptions
from vetowatch.settings import Settings


def package_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("vetowatch")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "0"


def create_app(settings: Settings, options: ServeOptions | None = None, *,
               pages: bool = True) -> FastAPI:
    """The API under ``/api`` (OpenAPI at ``/openapi.json``, an offline endpoint list at
    ``/docs``) and, with ``pages``, the web pages of :mod:`vetowatch.web`.

    Read-only unless ``options.token`` is set; CORS headers only for
    ``options.cors_origins``. The store opens (and migrates) on the first request.
    """
    opts = options or ServeOptions()
    app = FastAPI(title="vetowatch", version=package_version(), docs_url=None, redoc_url=None,
                  description="Who said what about a crisis, and what the UN Security "
                              "Council will do. The same JSON as the CLI's --json.")
    app.state.vetowatch = AppState(settings, opts)
    app.include_router(council.router)
    app.include_router(news.router)
    app.include_router(writes.router)
    if opts.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=list(opts.cors_origins),
                           allow_methods=["GET", "POST"], allow_headers=["Authorization"])
    renderer: Any = None
    if pages:
        import vetowatch.web.pages as web_pages

        web_pages.install(app)
        renderer = web_pages.error_page
    errors.install(app, renderer)
    return app


def app_from_env() -> FastAPI:
    """The app from the environment (``VETOWATCH_DB``, ``VETOWATCH_DATA``, ``VETOWATCH_TOKEN``
    …; ``VETOWATCH_SERVE_PAGES=0``: the API only): the factory each uvicorn worker process
    calls under ``vetowatch serve --workers N``."""
    import os

    return create_app(Settings.from_env(), ServeOptions.from_env(),
                      pages=os.environ.get("VETOWATCH_SERVE_PAGES", "1") != "0")
