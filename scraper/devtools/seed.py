"""The gazetteer's shipped seed (scraper/data/artists_seed.txt), written from the fixtures'
hand-labelled artists: `python -m scraper.devtools.seed --write-seed`."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from scraper.crawl.gazetteer import SEED
from scraper.paths import REPO


def seed_from_labels(label_files: Iterable[Path]) -> list[str]:
    """The artists of hand-labelled fixture pages: what the shipped seed is made of."""
    names: set[str] = set()
    for lf in label_files:
        for entry in json.loads(lf.read_text(encoding="utf-8")).get("entries", []):
            if entry.get("artist"):
                names.add(entry["artist"])
    return sorted(names)


def fixture_label_files() -> list[Path]:
    fixtures = REPO / "fixtures"
    return sorted([*fixtures.glob("pages/*/labels.json"), *fixtures.glob("site/**/*.labels.json")])


def write_seed() -> int:
    """Rewrite the shipped seed from the fixtures' hand labels; returns the number of names."""
    names = seed_from_labels(fixture_label_files())
    header = "# Artist names seeding the split gazetteer: the fixtures' hand-labelled artists.\n"
    header += "# Regenerate with `python -m scraper.devtools.seed --write-seed`.\n"
    SEED.write_text(header + "\n".join(names) + "\n", encoding="utf-8")
    return len(names)


if __name__ == "__main__":
    import argparse

    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--write-seed", action="store_true", help="rewrite the seed from the fixtures")
    if ap.parse_args().write_seed:
        print(f"{SEED}: {write_seed()} names")
    else:
        ap.print_help()
