"""`make demo`: the main job against a local copy of the site, no network needed.

Serves fixtures/site/ on 127.0.0.1 (scraper.devtools.localsite), points the real hostnames at it with
the SONGLISTS_HOST_MAP setting, and runs `songlists crawl` with the real spider, settings and
pipelines. Writes output/ragmusic/<run-id>.jsonl and its summary; run it twice to see the
incremental run (every page revalidated with a 304, nothing re-extracted). Ends with the
commands that open the report and browse the run.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from scraper.cli.crawl import main_crawl
from scraper.devtools.localsite import FIXTURE_SITE, LocalSite


def main(argv: list[str] | None = None) -> int:
    extra = list(sys.argv[1:] if argv is None else argv)
    with LocalSite(FIXTURE_SITE) as site:
        print(
            f"demo: serving {FIXTURE_SITE} at {site.base_url} as www.ragnet.co.jp / www.studiorag.com"
        )
        rc = main_crawl(["--local", site.base_url, "--log-level", "WARNING", *extra])
    out = _output_dir(extra) / "ragmusic"
    print(
        "demo: the awkward pages of the local site (404, 500 once, redirect, malformed,"
        " oversized, robots.txt Disallow, off-site link) are counted above and listed in"
        f" {out / 'latest.summary.json'} (failed_pages)."
    )
    latest = out / "latest.jsonl"
    if latest.exists():
        for line in next_steps(latest, extra):
            print(line)
    return rc


def _output_dir(argv: list[str]) -> Path:
    ap = argparse.ArgumentParser(add_help=False)
    ap.add_argument("--output", default="output")
    known, _ = ap.parse_known_args(argv)
    return Path(known.output)


def _venv(name: str) -> str:
    """How to call the venv's `name` from here: relative when it is below, else absolute."""
    script = Path(sys.executable).parent / name
    if not script.exists():
        return name
    try:
        return str(script.relative_to(Path.cwd()))
    except ValueError:
        return str(script)


def next_steps(latest: Path, argv: list[str]) -> list[str]:
    """The demo's closing lines: the exact commands to look at what it crawled."""
    sl = _venv("songlists")
    lines = [
        "demo: next steps",
        f"  {sl} report {latest} -o report.html",
        "      then open report.html in a browser (one page, no network needed)",
        f"  {sl} browse {latest}",
        "      serves it in Datasette on http://127.0.0.1:8001/ (facets, search, the review"
        " list; Ctrl-C stops it)",
        f"  {sl} songs {latest} --format csv -o songs.csv",
        "      recipes for DuckDB and pandas: docs/analysis.md",
    ]
    if not any(a == "--lang" or a.startswith("--lang=") for a in argv):
        python = _venv(Path(sys.executable).name)
        lines.append(
            f"  {python} -m scraper.cli.demo --lang en,ja\n"
            "      both editions: the commands above then count each song once"
        )
    return lines


if __name__ == "__main__":
    raise SystemExit(main())
