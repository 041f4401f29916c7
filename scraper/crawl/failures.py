"""Error kinds of failed requests, as the run summary counts them (`http_404`, `timeout`, ...)."""

from __future__ import annotations

from scrapy.exceptions import IgnoreRequest
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from scraper.crawl.middlewares import PageSkipped


def classify_failure(failure: Failure) -> str:
    """Error kind of a failed request, as counted in the run summary."""
    exc = failure.value
    if isinstance(exc, PageSkipped):
        return exc.kind
    if "Forbidden by robots.txt" in str(exc):
        return "robots_forbidden"
    if isinstance(exc, HttpError):
        return f"http_{exc.response.status}"
    if isinstance(exc, IgnoreRequest):
        return "IgnoreRequest"  # dropped on purpose (a page the run already has)
    name = type(exc).__name__
    text = str(exc).lower()
    if "maxsize" in text or "max size" in text or "larger than download" in text:
        return "too_large"
    for kind, names in _FAILURE_KINDS:
        if name in names:
            return kind
    if "Timeout" in name or "timed out" in text:
        return "timeout"
    if "DNS" in name or "lookup" in name.lower() or "resolve" in name.lower():
        return "dns"
    if "SSL" in name or "TLS" in name or "certificate" in text:
        return "tls"
    if "Connection" in name or "Refused" in name:
        return "connection"
    return "download_error"  # anything else: the exception is in the page's warnings


# Download failures by exception class name (Scrapy's and Twisted's), as summary error kinds.
_FAILURE_KINDS = (
    ("timeout", {"DownloadTimeoutError", "TimeoutError", "TCPTimedOutError", "UserTimeoutError"}),
    ("dns", {"CannotResolveHostError", "DNSLookupError", "gaierror"}),
    (
        "connection_refused",
        {"DownloadConnectionRefusedError", "ConnectionRefusedError", "ConnectError"},
    ),
    (
        "connection_lost",
        {
            "ConnectionLost",
            "ConnectionDone",
            "ConnectionResetError",
            "ConnectionAborted",
            "ResponseNeverReceived",
            "ResponseFailed",
            "ResponseDataLossError",
            "PotentialDataLoss",
            "DownloadFailedError",
            "DownloadCancelledError",
        },
    ),
)
