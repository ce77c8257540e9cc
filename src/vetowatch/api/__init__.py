"""The HTTP API (``vetowatch serve``): JSON under ``/api``, the same shapes as ``--json``.

Typical use::

    from vetowatch.api import ServeOptions, create_app
    app = create_app(Settings.from_env(), ServeOptions(token="s3cret"))

Every endpoint calls the library function its CLI command calls (:mod:`vetowatch.api.calls`);
the pages of :mod:`vetowatch.web` call the same functions and render them with Jinja2.
"""

from __future__ import annotations

from vetowatch.api.app import app_from_env, create_app
from vetowatch.api.state import AppState, ServeOptions

__all__ = ["AppState", "ServeOptions", "app_from_env", "create_app"]
