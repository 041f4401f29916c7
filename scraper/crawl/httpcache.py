"""HTTP cache storage: one file per entry, checked when read, that a kill cannot tear into a
wrong page.

Scrapy's `FilesystemCacheStorage` writes seven files per entry in a folder of its own, in place,
metadata first: a crawl killed (or a machine losing power) in the middle leaves an entry whose
metadata and ETag are there but whose body is empty or cut. Every later run then sends
`If-None-Match`, gets a 304 and parses the broken body: the page and its pagination are lost
until `--full`. On this kind of disk each file creation also costs 0.7 to 0.9 ms, which made
the cache most of a crawl's time (docs/performance.md). Here:

- an entry is one file, `<HTTPCACHE_DIR>/<spider>/<fp[:2]>/<fp>.entry` (fp: the request's
  fingerprint): a header (MAGIC, the payload's length and CRC-32) and the payload, the pickled
  response (url, status, headers, body and the rest of `Response.to_dict`) with the request's
  URL, method and the time it was stored, gzipped at level 1 when HTTPCACHE_GZIP is on;
- it is written in place without fsync: an entry whose length or CRC does not match (cut by a
  kill or a power cut, half-written while another crawl reads it), or that cannot be read, is a
  miss. The page is fetched in full and stored again, counted in the stats as `httpcache/torn`;
  a power cut costs a refetch, never a wrong page;
- HTTPCACHE_EXPIRATION_SECS is honoured as Scrapy's storage does (the file's age).

A cache written by Scrapy's own storage (or by this one before its format 2: a folder per entry) is
not read: its pages are fetched in full once and stored in this format.
"""

from __future__ import annotations

import gzip
import logging
import pickle
import struct
import zlib
from pathlib import Path
from time import time
from typing import TYPE_CHECKING, Any

from scrapy.utils.project import data_path
from scrapy.utils.response import response_from_dict
from w3lib.http import headers_dict_to_raw, headers_raw_to_dict

if TYPE_CHECKING:
    from scrapy import Request, Spider
    from scrapy.http import Response
    from scrapy.settings import BaseSettings

logger = logging.getLogger(__name__)

# request.meta flag: do not answer from the cache (a refetch after a cached body did not parse)
REFETCH_META = "songlists_refetch"

# The entry format's mark, version 2 (1 was Scrapy's folder of files, a digest in pickled_meta).
MAGIC = b"SLHC2\n"
_HEADER = struct.Struct(">QI")  # payload length, CRC-32 of the payload
SUFFIX = ".entry"


class TornEntry(ValueError):
    """An entry's file does not hold a whole entry (cut, damaged, or of another format)."""


def encode_entry(entry: dict[str, Any], *, compress: bool) -> bytes:
    """The bytes of an entry's file. Gzip level 1: most of level 9's saving on HTML at a
    fraction of its time (docs/performance.md)."""
    payload = pickle.dumps(entry, protocol=4)
    if compress:
        payload = gzip.compress(payload, compresslevel=1, mtime=0)
    return MAGIC + _HEADER.pack(len(payload), zlib.crc32(payload)) + payload


def decode_entry(data: bytes) -> dict[str, Any]:
    """The entry an entry file holds; TornEntry when it does not hold a whole one."""
    start = len(MAGIC) + _HEADER.size
    if not data.startswith(MAGIC) or len(data) < start:
        raise TornEntry("not an entry of this format")
    length, crc = _HEADER.unpack_from(data, len(MAGIC))
    payload = data[start:]
    if len(payload) != length:
        raise TornEntry(f"{len(payload)} bytes of a {length}-byte entry")
    if zlib.crc32(payload) != crc:
        raise TornEntry("its bytes do not match their CRC")
    if payload[:2] == b"\x1f\x8b":
        payload = gzip.decompress(payload)
    entry = pickle.loads(payload)  # noqa: S301 - our own file, its CRC checked
    if not isinstance(entry, dict) or "body" not in entry:
        raise TornEntry("not an entry")
    return entry


class AtomicFilesystemCacheStorage:
    """A storage for Scrapy's HttpCacheMiddleware (HTTPCACHE_STORAGE)."""

    def __init__(self, settings: BaseSettings) -> None:
        self.cachedir = Path(data_path(settings["HTTPCACHE_DIR"]))
        self.expiration_secs = settings.getint("HTTPCACHE_EXPIRATION_SECS")
        self.use_gzip = settings.getbool("HTTPCACHE_GZIP")
        self._stats: Any = None
        self._fingerprint: Any = None
        self._dirs: set[Path] = set()

    def open_spider(self, spider: Spider) -> None:
        self._stats = spider.crawler.stats
        self._fingerprint = spider.crawler.request_fingerprinter.fingerprint

    def close_spider(self, spider: Spider) -> None:
        pass

    def entry_path(self, spider: Spider, request: Request) -> Path:
        key: str = self._fingerprint(request).hex()
        return self.cachedir / spider.name / key[:2] / f"{key}{SUFFIX}"

    # -- writing ----------------------------------------------------------------------------

    def store_response(self, spider: Spider, request: Request, response: Response) -> None:
        path = self.entry_path(spider, request)
        entry = response.to_dict()
        entry["headers"] = bytes(headers_dict_to_raw(response.headers) or b"")
        entry["request"] = {"url": request.url, "method": request.method, "timestamp": time()}
        data = encode_entry(entry, compress=self.use_gzip)
        try:
            if path.parent not in self._dirs:
                path.parent.mkdir(parents=True, exist_ok=True)
                self._dirs.add(path.parent)
            path.write_bytes(data)
        except OSError as exc:  # a full disk: the run stops with one line (scraper.run.manager)
            from scraper.run.manager import RunManager

            RunManager.for_crawler(spider.crawler).write_failed(exc, "the HTTP cache")

    # -- reading ----------------------------------------------------------------------------

    def _torn(self, request: Request, why: str) -> None:
        if self._stats is not None:
            self._stats.inc_value("httpcache/torn")
        logger.warning("HTTP cache entry of %s is unusable (%s): fetching it again", request, why)

    def retrieve_response(self, spider: Spider, request: Request) -> Response | None:
        if request.meta.get(REFETCH_META):
            return None
        path = self.entry_path(spider, request)
        try:
            if 0 < self.expiration_secs < time() - path.stat().st_mtime:
                return None  # expired
            entry = decode_entry(path.read_bytes())
        except FileNotFoundError:
            return None
        except (OSError, EOFError, ValueError, pickle.UnpicklingError, zlib.error) as exc:
            self._torn(request, f"{type(exc).__name__}: {exc}")
            return None
        stored = entry.pop("request")
        entry["headers"] = headers_raw_to_dict(entry["headers"])
        request.meta["cache_timestamp"] = stored["timestamp"]
        response: Response = response_from_dict(entry)
        return response
