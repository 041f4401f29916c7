"""Where the package and the project it runs from are on disk (one place for both)."""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent  # scraper/, shipped data under scraper/data/
REPO = PACKAGE.parent  # the project root in a checkout: fixtures/, output/
