"""Shared fixtures: where the shared data lives, and a fresh database per test."""

from __future__ import annotations

from pathlib import Path

import pytest

from vetowatch.settings import Settings


@pytest.fixture(scope="session")
def data_dir() -> Path:
    settings = Settings.from_env()
    if settings.data_dir is None or not (settings.data_dir / "unsc").is_dir():
        pytest.skip("shared data not found: set VETOWATCH_DATA")
    return settings.data_dir


@pytest.fixture(scope="session")
def unsc_dir(data_dir: Path) -> Path:
    return data_dir / "unsc"


@pytest.fixture(scope="session")
def news_dir(data_dir: Path) -> Path:
    return data_dir / "news"


@pytest.fixture(scope="session")
def events_dir(data_dir: Path) -> Path:
    return data_dir / "events"
