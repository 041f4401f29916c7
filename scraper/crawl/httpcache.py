"""HTTP cache storage that a kill cannot tear: Scrapy's filesystem layout, written atomically
and checked when read.

Scrapy's `FilesystemCacheStorage` writes an entry's files in place, without fsync, metadata
first: a crawl killed (or a machine losing power) in the middle leaves an entry whose
metadata and ETag are there but whose body is empty or cut. Every later run then sends
`If-None-Match`, gets a 304 and parses the broken body: the page and its pagination are lost
until `--full`. Here:

- `pickled_meta`, which makes the entry exist, is removed first and written last (to a
  temporary name, renamed into place), with the length and SHA-256 of the body and headers it
  belongs to; the entry's other files are written in between, in place. Nothing is fsynced:
  the check below makes a power cut cost a refetch, never a wrong page (a per-file fsync and
  rename were a third of a crawl's time: docs/performance.md);
- only the files a reader needs are written (`pickled_meta`, `response_headers`, `response_body`,
  `response_data`: Scrapy's own storage reads these too); the `meta`, `request_headers` and
  `request_body` it writes for people to look at are left out, each file being a cost;
- an entry whose files do not match its metadata (cut, empty, unreadable) or that has no
  digest (written by Scrapy's storage) is a miss: the page is fetched in full and stored again.
  Counted in the stats as `httpcache/torn`.
"""

from __future__ import annotations

import gzip
import hashlib
import logging
import pickle
from pathlib import Path
from time import time
from typing import TYPE_CHECKING, Any

from scrapy.extensions.httpcache import FilesystemCacheStorage
from scrapy.utils.response import response_from_dict
from w3lib.http import headers_dict_to_raw, headers_raw_to_dict

from scraper.run.files import atomic_write_bytes

if TYPE_CHECKING:
    from scrapy import Request, Spider
    from scrapy.http import Response
    from scrapy.settings import BaseSettings

logger = logging.getLogger(__name__)

# request.meta flag: do not answer from the cache (a refetch after a cached body did not parse)
REFETCH_META = "songlists_refetch"
_DIGEST = "songlists_digest"


def _headers_raw(headers: Any) -> bytes:
    return bytes(headers_dict_to_raw(headers) or b"")


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class AtomicFilesystemCacheStorage(FilesystemCacheStorage):
    def __init__(self, settings: BaseSettings) -> None:
        super().__init__(settings)
        self._stats: Any = None

    def open_spider(self, spider: Spider) -> None:
        super().open_spider(spider)
        self._stats = spider.crawler.stats

    # -- writing ----------------------------------------------------------------------------

    def _encode(self, data: bytes) -> bytes:
        # Level 1: most of level 9's saving on HTML at a fraction of its time (docs/performance.md).
        return gzip.compress(data, compresslevel=1, mtime=0) if self.use_gzip else data

    def _put(self, path: Path, data: bytes) -> None:
        """One file of an entry that does not exist yet (its `pickled_meta` is gone until
        `_commit`): written in place, since a torn file fails the digest check on reading."""
        path.write_bytes(self._encode(data))

    def _commit(self, meta_path: Path, data: bytes) -> None:
        """`pickled_meta`, which makes the entry exist: renamed into place (no fsync: a power
        cut costs a refetch, never a wrong page)."""
        atomic_write_bytes(meta_path, self._encode(data), durable=False)

    def store_response(self, spider: Spider, request: Request, response: Response) -> None:
        try:
            self._store(spider, request, response)
        except OSError as exc:  # a full disk: the run stops with one line (scraper.run.manager)
            from scraper.run.manager import RunManager

            RunManager.for_crawler(spider.crawler).write_failed(exc, "the HTTP cache")

    def _store(self, spider: Spider, request: Request, response: Response) -> None:
        rpath = Path(self._get_request_path(spider, request))
        rpath.mkdir(parents=True, exist_ok=True)
        meta_path = rpath / "pickled_meta"
        meta_path.unlink(missing_ok=True)  # the entry does not exist while it is rewritten
        body = response.body
        raw_headers = _headers_raw(response.headers)
        metadata: dict[str, Any] = {
            "url": request.url,
            "method": request.method,
            "status": response.status,
            "response_url": response.url,
            "timestamp": time(),
        }
        data = {
            key: value
            for key, value in response.to_dict().items()
            if key not in {"url", "status", "headers", "body"}
        }
        self._put(rpath / "response_headers", raw_headers)
        self._put(rpath / "response_body", body)
        self._put(rpath / "response_data", pickle.dumps(data, protocol=4))
        metadata[_DIGEST] = {
            "body_len": len(body),
            "body_sha256": _sha(body),
            "headers_sha256": _sha(raw_headers),
        }
        self._commit(meta_path, pickle.dumps(metadata, protocol=4))

    # -- reading ----------------------------------------------------------------------------

    def _torn(self, request: Request, why: str) -> None:
        if self._stats is not None:
            self._stats.inc_value("httpcache/torn")
        logger.warning("HTTP cache entry of %s is unusable (%s): fetching it again", request, why)

    def _read(self, path: Path) -> bytes:
        with self._open(path, "rb") as fh:
            return fh.read()

    def retrieve_response(self, spider: Spider, request: Request) -> Response | None:
        if request.meta.get(REFETCH_META):
            return None
        rpath = Path(self._get_request_path(spider, request))
        try:
            metadata = self._read_meta(spider, request)
            if metadata is None:
                return None
            digest = metadata.get(_DIGEST)
            if not isinstance(digest, dict):
                self._torn(request, "written without a digest")
                return None
            body = self._read(rpath / "response_body")
            raw_headers = self._read(rpath / "response_headers")
            extra: dict[str, Any] = {}
            if (rpath / "response_data").exists():
                extra = pickle.loads(self._read(rpath / "response_data"))  # noqa: S301
        except (OSError, EOFError, ValueError, pickle.UnpicklingError) as exc:
            self._torn(request, f"{type(exc).__name__}: {exc}")
            return None
        if len(body) != digest.get("body_len") or _sha(body) != digest.get("body_sha256"):
            self._torn(request, f"body of {len(body)} bytes does not match its digest")
            return None
        if _sha(raw_headers) != digest.get("headers_sha256"):
            self._torn(request, "headers do not match their digest")
            return None
        data = {
            "url": metadata["response_url"],
            "status": metadata["status"],
            "headers": headers_raw_to_dict(raw_headers),
            "body": body,
            **extra,
        }
        request.meta["cache_timestamp"] = metadata["timestamp"]
        response: Response = response_from_dict(data)
        return response
