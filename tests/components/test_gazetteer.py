"""The artist gazetteer file: load, grow, and no lost names when runs finish together."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

from scraper.crawl import gazetteer


def _add_many(path: str, prefix: str) -> None:
    for i in range(30):
        gazetteer.add([f"{prefix}-{i}"], Path(path))


def test_add_returns_new_names_and_keeps_the_file_sorted(tmp_path: Path) -> None:
    path = tmp_path / "g.txt"
    assert gazetteer.add(["Aimyon", "tuki.", " "], path) == 2
    assert gazetteer.add(["tuki.", "Ayaka"], path) == 1
    assert path.read_text(encoding="utf-8").splitlines() == ["Aimyon", "Ayaka", "tuki."]
    assert gazetteer.load(tmp_path / "missing.txt") == []


def test_concurrent_writers_lose_no_name(tmp_path: Path) -> None:
    path = tmp_path / "g.txt"
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_add_many, args=(str(path), f"w{n}")) for n in range(4)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    assert len(gazetteer.load(path)) == 4 * 30


def test_learnable_artist_needs_sure_evidence() -> None:
    rec: dict[str, object] = {
        "artist": "Aimyon",
        "split": {"method": "description", "confidence": 0.9},
    }
    assert gazetteer.learnable_artist(rec) == "Aimyon"
    assert (
        gazetteer.learnable_artist({**rec, "split": {"method": "words", "confidence": 0.99}})
        is None
    )
    assert (
        gazetteer.learnable_artist({**rec, "split": {"method": "markup", "confidence": 0.5}})
        is None
    )
    assert gazetteer.learnable_artist({**rec, "artist": None}) is None
