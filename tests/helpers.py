"""What the tests share: the repository's paths, the local-site crawl run as a subprocess, and
the records a crawl of the bundled site must write (tests import it as `helpers`; pytest puts
tests/ on the path). Fixtures shared by several files are in conftest.py."""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

from parsers import parse_page
from parsers.schema import load_schema
from scraper.crawl import gazetteer
from scraper.crawl.pipelines import normalise_record
from scraper.devtools.localsite import FIXTURE_SITE, LocalSite

REPO = Path(__file__).resolve().parent.parent
FIXTURE_PAGES = REPO / "fixtures" / "pages"
SEED_DIR = FIXTURE_PAGES / "seed-cry-love-songs-en"  # the user's own example page
SEED_PAGE = SEED_DIR / "input.txt"
SEED_RECORDS = SEED_DIR / "expected.jsonl"
RAG = "https://www.ragnet.co.jp"
OFFSITE = "offsite.example"

# Every article page of the en-us crawl of fixtures/site, in output order.
EN_PAGES = [
    # malformed (unclosed tags, a stray byte) but readable: its entries are kept
    "/en-us/broken-city-pop-songs",
    "/en-us/karaoke-songs-for-40s",
    "/en-us/karaoke-songs-for-40s/2",
    "/en-us/moving-anime-songs",
    "/en-us/moving-anime-songs/2",
    "/en-us/ranking-popular-heartbreak-songs",
    "/en-us/ranking-popular-heartbreak-songs/2",
    "/en-us/ranking-popular-heartbreak-songs/3",
    "/en-us/tearful-love-songs",
    "/en-us/tearful-love-songs/2",
    "/en-us/tearful-love-songs/3",
]


SEED_NAMES = tuple(gazetteer.load(gazetteer.SEED))


def expected_records(
    paths: list[str], root: Path = FIXTURE_SITE, host: str = "www.ragnet.co.jp"
) -> list[dict[str, Any]]:
    """What the crawl must write: the parser's records of each page, normalised, in order."""
    out: list[dict[str, Any]] = []
    for path in paths:
        raw = (root / host / f"{path.strip('/')}.html").read_bytes()
        text = raw.decode("utf-8", "replace")  # as Scrapy decodes a page with a stray byte
        # the crawl parses with the seed gazetteer (its output dir has learned nothing yet)
        page = parse_page(text, url=f"https://{host}{path}", gazetteer=SEED_NAMES)
        out.extend(normalise_record(r) for r in page.record_dicts())
    return out


RUN_ID_RE = re.compile(load_schema()["properties"]["run_id"]["pattern"])
FETCHED_AT_RE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """A crawl's records, each one's provenance (run_id, fetched_at) checked and set aside, so
    that they compare with the parser's records of the pages."""
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    for rec in records:
        run_id, fetched_at = rec.pop("run_id", None), rec.pop("fetched_at", None)
        assert run_id is not None and RUN_ID_RE.match(run_id), (rec["entry_id"], run_id)
        assert fetched_at is not None and FETCHED_AT_RE.match(fetched_at), fetched_at
    return records


class Crawl:
    """A crawl subprocess and what it left behind."""

    def __init__(self, proc: subprocess.CompletedProcess[str], out: Path) -> None:
        self.rc = proc.returncode
        self.stdout = proc.stdout
        self.stderr = proc.stderr
        self.out = out / "ragmusic"

    @property
    def summary(self) -> dict[str, Any]:
        data: dict[str, Any] = json.loads(self.stdout)
        return data

    def jsonl(self) -> Path:
        return Path(self.summary["files"]["jsonl"])


def crawl_cmd(site: LocalSite, out: Path, cache: Path, *args: str) -> list[str]:
    host_map = json.dumps(site.host_map(extra_hosts=(OFFSITE,)))
    return [
        sys.executable, "-m", "scraper.cli.crawl", "--local", site.base_url,
        "-s", f"SONGLISTS_HOST_MAP={host_map}", "--output", str(out), "--cache-dir", str(cache),
        "--json", "--log-level", "INFO", *args,
    ]  # fmt: skip


def run_crawl(site: LocalSite, tmp: Path, *args: str, cache: str = "cache") -> Crawl:
    out = tmp / "out"
    proc = subprocess.run(
        crawl_cmd(site, out, tmp / cache, *args),
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return Crawl(proc, out)


def fetched(site: LocalSite, since: int = 0) -> Counter[str]:
    return Counter(f"{r['host']}{r['path']}" for r in site.requests[since:])


def run_cli(*args: str, cwd: Path = REPO, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """`songlists ARGS` as a subprocess (this Python), its output captured as text."""
    return subprocess.run(
        [sys.executable, "-m", "scraper.cli.main", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
    )


def load_script(relative: str) -> ModuleType:
    """A script of the repository that is not a package module (`benchmarks/x.py`,
    `fixtures/tools/x.py`), imported under its file's stem."""
    path = REPO / relative
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(path.stem, module)
    spec.loader.exec_module(module)
    return module
