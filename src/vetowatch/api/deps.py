"""Request dependencies shared by the routers."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from vetowatch.api.state import AppState


def app_state(request: Request) -> AppState:
    state: AppState = request.app.state.vetowatch
    return state


State = Annotated[AppState, Depends(app_state)]
