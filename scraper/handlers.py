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

from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.http import Request, Response


class HostMapDownloadHandler(HTTP11DownloadHandler):
    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        raw = crawler.settings.getdict("SONGLISTS_HOST_MAP")
        self.host_map: dict[str, tuple[str, str]] = {}
        for host, base in raw.items():
            parts = urlsplit(str(base))
            self.host_map[host.lower()] = (parts.scheme or "http", parts.netloc)

    async def download_request(self, request: Request) -> Response:
        parts = urlsplit(request.url)
        target = self.host_map.get((parts.hostname or "").lower())
        if target is None:
            return await super().download_request(request)
        local_url = urlunsplit((target[0], target[1], parts.path or "/", parts.query, ""))
        local = request.replace(url=local_url)
        local.headers[b"Host"] = parts.netloc.encode("ascii")
        response = await super().download_request(local)
        return response.replace(url=request.url)
