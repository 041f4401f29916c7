"""Download handler that can send requests for the real hostnames to a local server.

`SONGLISTS_HOST_MAP = {"www.ragnet.co.jp": "http://127.0.0.1:8765", ...}` makes the transfer of
a request for `https://www.ragnet.co.jp/en-us/x` go to `http://127.0.0.1:8765/en-us/x` with
`Host: www.ragnet.co.jp`; the response carries the original URL again. Everything above the
transfer (scheduler, robots.txt, offsite, retries, redirects, HTTP cache, spider) sees only the
real URLs, so tests and `make demo` exercise exactly the live code path. With an empty map (the
default) this is Scrapy's HTTP/1.1 handler unchanged.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit, urlunsplit

from scrapy import signals
from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler
from scrapy.exceptions import DownloadCancelledError

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.http import Request, Response


class HostMapDownloadHandler(HTTP11DownloadHandler):
    """Also: a body cut off at DOWNLOAD_MAXSIZE while it streams (chunked, no Content-Length)
    fails with the same "larger than download max size" message as one refused for its
    Content-Length, so that the spider counts both as `too_large` (Scrapy's own error for the
    streamed case is a bare DownloadCancelledError)."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self._maxsize = crawler.settings.getint("DOWNLOAD_MAXSIZE")
        self._received: dict[int, int] = {}
        crawler.signals.connect(self._bytes_received, signal=signals.bytes_received)
        raw = crawler.settings.getdict("SONGLISTS_HOST_MAP")
        self.host_map: dict[str, tuple[str, str]] = {}
        for host, base in raw.items():
            parts = urlsplit(str(base))
            self.host_map[host.lower()] = (parts.scheme or "http", parts.netloc)

    def _bytes_received(self, data: bytes, request: Request, spider: object = None) -> None:
        key = id(request)
        if key in self._received:
            self._received[key] += len(data)

    async def _download(self, request: Request) -> Response:
        key = id(request)
        self._received[key] = 0
        try:
            return await super().download_request(request)
        except DownloadCancelledError as exc:
            maxsize = int(request.meta.get("download_maxsize", self._maxsize) or 0)
            got = self._received.get(key, 0)
            if maxsize and got > maxsize and "max size" not in str(exc):
                raise DownloadCancelledError(
                    f"Received {got} bytes, larger than download max size ({maxsize}),"
                    f" in request {request}: cancelled"
                ) from None
            raise
        finally:
            self._received.pop(key, None)

    async def download_request(self, request: Request) -> Response:
        parts = urlsplit(request.url)
        target = self.host_map.get((parts.hostname or "").lower())
        if target is None:
            return await self._download(request)
        local_url = urlunsplit((target[0], target[1], parts.path or "/", parts.query, ""))
        local = request.replace(url=local_url)
        local.headers[b"Host"] = parts.netloc.encode("ascii")
        response = await self._download(local)
        return response.replace(url=request.url)
