"""Fixtures shared by the test files (plain helpers are in tests/helpers.py)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import REPO

from scraper.devtools.localsite import FIXTURE_SITE, LocalSite


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@pytest.fixture
def site() -> Iterator[LocalSite]:
    """The bundled site (fixtures/site), served on 127.0.0.1 while the test runs."""
    with LocalSite() as s:
        yield s


@pytest.fixture
def site_copy(tmp_path: Path) -> Iterator[LocalSite]:
    """A copy of the bundled site that the test may change, served on 127.0.0.1."""
    root = tmp_path / "site"
    shutil.copytree(FIXTURE_SITE, root)
    with LocalSite(root) as s:
        yield s
