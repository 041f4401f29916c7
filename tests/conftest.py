from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURE_PAGES = REPO / "fixtures" / "pages"


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO
