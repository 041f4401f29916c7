"""Scrapy settings of the songlists crawler: a careful, polite, resumable scheduled job.

Project-specific settings are prefixed SONGLISTS_. Override any of them with `-s NAME=VALUE`
(`scrapy crawl`) or the options of `songlists crawl`.
"""

from __future__ import annotations

import os

from scraper import __version__

BOT_NAME = "songlists"
SPIDER_MODULES = ["scraper.spiders"]
NEWSPIDER_MODULE = "scraper.spiders"
COMMANDS_MODULE = "scraper.cli.commands"

# -- identity and politeness -------------------------------------------------------------------
# Who we are and how to reach us, in every request. Set SONGLISTS_CONTACT_URL (environment) or
# `songlists crawl --contact URL` to your own page or mailto: address.
SONGLISTS_CONTACT_URL = os.environ.get(
    "SONGLISTS_CONTACT_URL", "https://github.com/songlists/songlists"
)
USER_AGENT = f"songlists/{__version__} (+{SONGLISTS_CONTACT_URL})"
ROBOTSTXT_OBEY = True
ROBOTSTXT_USER_AGENT = "songlists"

SONGLISTS_SITE_DELAY = 1.0  # seconds between requests to one site, at least
DOWNLOAD_DELAY = SONGLISTS_SITE_DELAY
DOWNLOAD_DELAY_JITTER = 0.5  # ±50% around the delay
CONCURRENT_REQUESTS = 8
CONCURRENT_REQUESTS_PER_DOMAIN = 2
# A callback yields one item and a few requests: Scrapy's default (100) starts 100 tasks per
# callback output for nothing.
CONCURRENT_ITEMS = 8
DOWNLOAD_SLOTS = {
    "www.ragnet.co.jp": {"delay": SONGLISTS_SITE_DELAY, "concurrency": 2},
    "www.studiorag.com": {"delay": SONGLISTS_SITE_DELAY, "concurrency": 2},
}
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 2.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0

DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 5 * 1024 * 1024  # an article page is ~100-400 KB; anything this big is wrong
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024

RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [429, 500, 502, 503, 504, 522, 524, 408]
SONGLISTS_RETRY_BACKOFF_BASE = 2.0  # seconds before the 1st retry; doubles each retry
SONGLISTS_RETRY_BACKOFF_MAX = 60.0

# -- what the spider may touch -----------------------------------------------------------------
# Spiders set allowed_domains to the two RAG Music sites; the offsite middleware enforces it.
REDIRECT_MAX_TIMES = 5
DEFAULT_REQUEST_HEADERS = {
    "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "Accept-Language": "en,ja;q=0.8",
    # Revalidate cached pages on every run (ETag / Last-Modified) rather than trusting a
    # heuristic freshness lifetime: an unchanged page costs a 304, a changed one is refetched.
    "Cache-Control": "max-age=0",
}

# -- incremental runs: HTTP cache with the RFC 2616 policy ----------------------------------------
HTTPCACHE_ENABLED = True
HTTPCACHE_POLICY = "scrapy.extensions.httpcache.RFC2616Policy"
# Scrapy's filesystem layout, written atomically and checked against a digest when read: a
# kill mid-write cannot leave an entry that answers every later 304 with a broken body.
HTTPCACHE_STORAGE = "scraper.crawl.httpcache.AtomicFilesystemCacheStorage"
HTTPCACHE_DIR = "httpcache"  # under .scrapy/ in the project; `songlists crawl --cache-dir`
HTTPCACHE_GZIP = True
# Extraction results are reused for unchanged bodies (scraper.crawl.extractcache); default location
# is next to the HTTP cache (<HTTPCACHE_DIR>/<spider>.extract).
SONGLISTS_EXTRACT_CACHE_DIR = None
# A real crawl keeps run state (lock, ledger, run files); the project's `scrapy parse`, `shell`
# and `check` set it False and leave output/ as it was (scraper/run/mode.py).
SONGLISTS_RUN_STATE = True

# -- components --------------------------------------------------------------------------------
DOWNLOAD_HANDLERS = {
    "http": "scraper.crawl.handlers.HostMapDownloadHandler",
    "https": "scraper.crawl.handlers.HostMapDownloadHandler",
}
# Real hostname -> local base URL, e.g. {"www.ragnet.co.jp": "http://127.0.0.1:8765"}; used by
# tests and `make demo` to serve fixtures/site/ with the live code path. Empty: the real sites.
SONGLISTS_HOST_MAP: dict[str, str] = {}

# a callback that raises gives its page's failed outcome (nearest the spider: it sees it first)
SPIDER_MIDDLEWARES = {"scraper.crawl.middlewares.CallbackFailureMiddleware": 950}
DOWNLOADER_MIDDLEWARES = {
    "scraper.crawl.middlewares.ResumeSkipMiddleware": 50,
    # every request that waited for robots.txt is checked (scrapy's checks only the first)
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "scraper.crawl.middlewares.RobotsMiddleware": 100,
    # redirect loops and off-site redirects are page errors, not silent drops
    "scrapy.downloadermiddlewares.redirect.RedirectMiddleware": None,
    "scraper.crawl.middlewares.CheckedRedirectMiddleware": 600,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "scraper.crawl.middlewares.BackoffRetryMiddleware": 550,
}
ITEM_PIPELINES = {
    "scraper.crawl.pipelines.ProvenancePipeline": 50,
    "scraper.crawl.pipelines.NormalisePipeline": 100,
    "scraper.crawl.pipelines.ValidatePipeline": 200,
    "scraper.crawl.pipelines.DedupePipeline": 300,
    "scraper.crawl.pipelines.LedgerPipeline": 900,
}
EXTENSIONS = {
    "scraper.run.manager.RunExtension": 0,
    "scraper.crawl.monitors.RunMonitors": 10,  # Spidermon suite (monitoring extra), see below
}
# Distributed mode (several processes sharing a Redis frontier, scrapy-redis) when REDIS_URL is
# set, e.g. `-s REDIS_URL=redis://host:6379/0` or `songlists crawl --redis URL`; otherwise this
# add-on changes nothing and no Redis code is imported. See scraper/distributed/.
ADDONS = {"scraper.distributed.DistributedAddon": 0}

# In-memory duplicate filter even with JOBDIR: a resumed run rebuilds its frontier from the run
# ledger (scraper.run.manager), which, unlike requests.seen, knows which pages were really finished.
DUPEFILTER_CLASS = "scraper.crawl.middlewares.RunDupeFilter"

# -- output and health -------------------------------------------------------------------------
SONGLISTS_OUTPUT_DIR = "output"
FEED_EXPORT_ENCODING = "utf-8"
SONGLISTS_MIN_ENTRIES = 1
SONGLISTS_MIN_TITLE_COVERAGE = 0.9
SONGLISTS_MIN_ARTIST_COVERAGE = 0.5
SONGLISTS_MAX_ERROR_RATE = 0.2

# -- Spidermon monitors (scraper/crawl/monitors.py; the `monitoring` extra) ----------------------------
# Run when a finished run's files are written; a failed monitor makes the run unhealthy (exit 2).
# Documented in docs/crawling.md ("Monitors").
SONGLISTS_MONITORS_ENABLED = True
# Floor of each field's share of the run's songs, merged over scraper.crawl.monitors'
# Floors of each field's share of the run's songs (rank: of the songs of ranked articles, an
# article where any song has a rank; 0: reported and compared, never a failure). Release,
# tie-ins and awards are facts a song may lack: a floor catches a field that vanished.
SONGLISTS_MONITOR_FIELD_COVERAGE: dict[str, float] = {
    "title": 0.9,
    "artist": 0.5,
    "rank": 0.9,
    "section": 0.0,
    "context": 0.0,
    "release": 0.25,
    "tie_ins": 0.0,
    "awards": 0.0,
    "video_titles": 0.0,
    "description": 0.5,
}
# Against the last healthy run of the same job (spider + spider arguments) in the output dir:
SONGLISTS_MONITOR_MAX_SONG_DROP = 0.2  # songs may fall by 20% at most
SONGLISTS_MONITOR_MAX_ARTICLE_DROP = 0.2  # articles too
SONGLISTS_MONITOR_MAX_COVERAGE_DROP = 0.5  # a field may lose half its coverage at most...
SONGLISTS_MONITOR_COVERAGE_DROP_MIN = 0.05  # ...compared when it covered 5% of songs or more
# Records the schema rejected (parsers/schema/song.schema.json), of all records extracted.
SONGLISTS_MONITOR_MAX_INVALID_RATE = 0.05
# Alerts: Spidermon actions (dotted paths), none by default. FAILED run when a monitor failed,
# FINISHED after every run; e.g. a file report:
#   SONGLISTS_MONITOR_FAILED_ACTIONS = ["spidermon.contrib.actions.reports.files.CreateFileReport"]
#   SPIDERMON_REPORT_TEMPLATE = "reports/email/monitors/result.jinja"
#   SPIDERMON_REPORT_FILENAME = "output/ragmusic/{{ data.songlists.run_id }}.monitors.html"
SONGLISTS_MONITOR_FAILED_ACTIONS: list[str] = []
SONGLISTS_MONITOR_FINISHED_ACTIONS: list[str] = []

# -- Scrapy housekeeping -----------------------------------------------------------------------
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
LOG_LEVEL = "INFO"
# Scrapy's, without building the DEBUG record of each page and item when LOG_LEVEL drops it
LOG_FORMATTER = "scraper.crawl.logformatter.QuietLogFormatter"
TELNETCONSOLE_ENABLED = False
# Breadth-first-ish: FIFO queues keep memory flat and finish articles in discovery order.
SCHEDULER_DISK_QUEUE = "scrapy.squeues.PickleFifoDiskQueue"
SCHEDULER_MEMORY_QUEUE = "scrapy.squeues.FifoMemoryQueue"

# Article pages are parsed in this many worker processes (0: in the crawler process). One is
# enough to keep the downloader busy on a small machine; parsing never blocks the reactor.
SONGLISTS_PARSE_WORKERS = 1
# A page whose parse takes longer than this (seconds; 0: no limit) is stopped and recorded as a
# parse_error (`ParseTimeout`), so that input the parser was never written for (a regular
# expression gone exponential, a loop) cannot hang a scheduled crawl. A typical page parses in
# 5 to 10 ms; the largest page allowed (DOWNLOAD_MAXSIZE) in well under this.
SONGLISTS_PARSE_TIMEOUT = 60.0
