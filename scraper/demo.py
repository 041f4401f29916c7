"""`make demo`: the main job against a local copy of the site, no network needed.

Serves fixtures/site/ on 127.0.0.1 (scraper.localsite), points the real hostnames at it with
the SONGLISTS_HOST_MAP setting, and runs `songlists crawl` with the real spider, settings and
pipelines. Writes output/ragmusic/<run-id>.jsonl and its summary; run it twice to see the
incremental run (every page revalidated with a 304, nothing re-extracted).
"""

from __future__ import annotations

import sys

from scraper.crawl import main_crawl
from scraper.localsite import FIXTURE_SITE, LocalSite


def main(argv: list[str] | None = None) -> int:
    extra = list(sys.argv[1:] if argv is None else argv)
    with LocalSite(FIXTURE_SITE) as site:
        print(
            f"demo: serving {FIXTURE_SITE} at {site.base_url} as www.ragnet.co.jp / www.studiorag.com"
        )
        rc = main_crawl(["--local", site.base_url, "--log-level", "WARNING", *extra])
    print(
        "demo: the awkward pages of the local site (404, 500 once, redirect, malformed,"
        " oversized, robots.txt Disallow, off-site link) are counted above;"
        " `cat output/ragmusic/latest.summary.json` for the full summary."
    )
    return rc


if __name__ == "__main__":
    raise SystemExit(main())
