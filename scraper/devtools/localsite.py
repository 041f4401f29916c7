"""A local copy of the RAG Music sites over real HTTP, for tests, `make demo` and benchmarks.

Serves `fixtures/site/<host>/<path>` for requests whose `Host` header names the real site (the
crawler's host map sends them here, see scraper.crawl.handlers):

    /en-us/SLUG                 -> <host>/en-us/SLUG.html
    /en-us/SLUG/2               -> <host>/en-us/SLUG/2.html
    /en-us/SLUG?disp=playlist   -> <host>/en-us/SLUG@disp=playlist.html
    /en-us/SLUG?disp=more       -> <host>/en-us/SLUG.html (any query without its own file)
    /en-us/                     -> <host>/en-us/index.html
    /sitemap.xml, /robots.txt   -> <host>/sitemap.xml, <host>/robots.txt (else site/robots.txt)

Like a real server it sends ETag and Last-Modified and answers If-None-Match /
If-Modified-Since with 304. `fixtures/site/_behaviours.json` adds the awkward cases:

    {"www.ragnet.co.jp/en-us/x": {"status": 500, "times": 1}}     fail the first N requests
    {"www.ragnet.co.jp/en-us/old": {"redirect": "/en-us/new"}}      301 to another path (or URL;
                                                                    "redirect_status": 302...)
    {"www.ragnet.co.jp/en-us/big": {"oversize": 6000000}}           a generated body this big
    {"www.ragnet.co.jp/en-us/slow": {"delay": 0.5}}                 answer late
    {"www.ragnet.co.jp/en-us/big": {"oversize": 6000000, "chunked": true}}   streamed, chunked
    {"www.ragnet.co.jp/en-us/gone": {"reset": true}}                close without an answer

Run it by hand: `python -m scraper.devtools.localsite --port 8765` and crawl with
`songlists crawl --local http://127.0.0.1:8765`.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import mimetypes
import sys
import threading
import time
from email.utils import formatdate, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from parsers.sites.urls import SITES
from scraper.paths import REPO

FIXTURE_SITE = REPO / "fixtures" / "site"
DEFAULT_HOST = SITES[0]


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128
    site: LocalSite


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        pass

    def do_HEAD(self) -> None:  # noqa: N802 - stdlib naming
        self._serve(head=True)

    def do_GET(self) -> None:  # noqa: N802
        self._serve(head=False)

    def _serve(self, head: bool) -> None:
        site = self.server.site
        host = (self.headers.get("Host") or DEFAULT_HOST).split(":")[0].lower()
        if host in ("127.0.0.1", "localhost"):
            host = DEFAULT_HOST
        parts = urlsplit(self.path)
        path = unquote(parts.path) or "/"
        status, headers, body = site.respond(host, path, parts.query, dict(self.headers.items()))
        if status == 0:  # "reset": close the connection without an answer
            self.close_connection = True
            self.connection.shutdown(2)
            return
        site.log(
            {
                "host": host,
                "path": path + (f"?{parts.query}" if parts.query else ""),
                "status": status,
                "conditional": bool(
                    self.headers.get("If-None-Match") or self.headers.get("If-Modified-Since")
                ),
                "user_agent": self.headers.get("User-Agent", ""),
                "time": time.monotonic(),
            }
        )
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        if headers.get("Transfer-Encoding") == "chunked":
            self.end_headers()
            self._send_chunked(b"" if head else body)
            return
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head and body:
            try:
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (e.g. a response over its size limit)

    def _send_chunked(self, body: bytes, size: int = 65536) -> None:
        try:
            for i in range(0, len(body), size):
                chunk = body[i : i + size]
                self.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
            self.wfile.write(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (over its size limit)


class LocalSite:
    def __init__(
        self,
        root: Path | str = FIXTURE_SITE,
        *,
        port: int = 0,
        delay: float = 0.0,
        log_path: Path | str | None = None,
    ) -> None:
        self.root = Path(root)
        self.delay = delay
        self.requests: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        self._counts: dict[str, int] = {}
        self._log_fh = open(log_path, "a", encoding="utf-8") if log_path else None  # noqa: SIM115
        behaviours = self.root / "_behaviours.json"
        self.behaviours: dict[str, dict[str, Any]] = (
            json.loads(behaviours.read_text(encoding="utf-8")) if behaviours.exists() else {}
        )
        self.behaviours.pop("_comment", None)
        self._server = _Server(("127.0.0.1", port), _Handler)
        self._server.site = self
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def host_map(self, extra_hosts: tuple[str, ...] = ()) -> dict[str, str]:
        """Setting SONGLISTS_HOST_MAP that sends both sites (and extra hosts) here."""
        return {h: self.base_url for h in (*SITES, *extra_hosts)}

    def start(self) -> LocalSite:
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        self._server.serve_forever()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        if self._log_fh:
            self._log_fh.close()

    def __enter__(self) -> LocalSite:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def log(self, entry: dict[str, Any]) -> None:
        with self._lock:
            self.requests.append(entry)
            if self._log_fh:
                self._log_fh.write(json.dumps(entry) + "\n")
                self._log_fh.flush()

    # -- mapping and responses ------------------------------------------------------------------

    def file_for(self, host: str, path: str, query: str) -> Path | None:
        base = self.root / host
        candidates: list[Path] = []
        if path in ("/robots.txt",):
            candidates = [base / "robots.txt", self.root / "robots.txt"]
        elif path.endswith("/"):
            candidates = [base / path.strip("/") / "index.html"]
        else:
            rel = path.strip("/")
            if query:
                candidates.append(base / f"{rel}@{query}.html")
            if Path(rel).suffix in (".xml", ".txt", ".html"):
                candidates.append(base / rel)
            else:
                candidates.append(base / f"{rel}.html")
        for c in candidates:
            try:
                c.resolve().relative_to(self.root.resolve())
            except ValueError:
                return None  # no escaping the site root
            if c.is_file():
                return c
        return None

    def respond(
        self, host: str, path: str, query: str, headers: dict[str, str]
    ) -> tuple[int, dict[str, str], bytes]:
        key = f"{host}{path}" + (f"?{query}" if query else "")
        behaviour = self.behaviours.get(key) or self.behaviours.get(f"{host}{path}") or {}
        delay = float(behaviour.get("delay", self.delay))
        if delay:
            time.sleep(delay)
        with self._lock:
            n = self._counts.get(key, 0) + 1
            self._counts[key] = n
        if "status" in behaviour and n <= int(behaviour.get("times", 1_000_000)):
            status = int(behaviour["status"])
            extra = (
                {"Retry-After": str(behaviour["retry_after"])} if "retry_after" in behaviour else {}
            )
            body = f"<html><body><h1>{status}</h1></body></html>".encode()
            return status, {"Content-Type": "text/html; charset=utf-8", **extra}, body
        if "redirect" in behaviour:
            return (
                int(behaviour.get("redirect_status", 301)),
                {"Location": behaviour["redirect"]},
                b"",
            )
        if behaviour.get("reset"):
            return 0, {}, b""
        if "oversize" in behaviour:
            size = int(behaviour["oversize"])
            head = b"<!DOCTYPE html><html><body><p>"
            body = head + b"x" * max(0, size - len(head))
            headers = {"Content-Type": "text/html; charset=utf-8"}
            if behaviour.get("chunked"):  # streamed: no Content-Length to refuse it by
                headers["Transfer-Encoding"] = "chunked"
            return 200, headers, body
        file = self.file_for(host, path, query)
        if file is None:
            body = b"<html><body><h1>404 Not Found</h1></body></html>"
            return 404, {"Content-Type": "text/html; charset=utf-8"}, body
        body = file.read_bytes()
        mtime = int(file.stat().st_mtime)
        etag = '"' + hashlib.sha1(body).hexdigest()[:20] + '"'
        validators = {"ETag": etag, "Last-Modified": formatdate(mtime, usegmt=True)}
        inm = headers.get("If-None-Match")
        ims = headers.get("If-Modified-Since")
        if inm is not None:
            if etag in [t.strip() for t in inm.split(",")] or inm.strip() == "*":
                return 304, validators, b""
        elif ims:
            try:
                if mtime <= parsedate_to_datetime(ims).timestamp():
                    return 304, validators, b""
            except (TypeError, ValueError):
                pass
        ctype = mimetypes.guess_type(file.name)[0] or "text/html"
        if file.suffix == ".html" or "@" in file.name:
            ctype = "text/html"
        if ctype.startswith("text/") or ctype.endswith("xml"):
            ctype += "; charset=utf-8"
        return 200, {"Content-Type": ctype, **validators}, body


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--root", default=str(FIXTURE_SITE))
    ap.add_argument("--port", type=int, default=8765)
    ap.add_argument("--delay", type=float, default=0.0, help="seconds before each response")
    ap.add_argument("--log", help="append one JSON line per request to this file")
    args = ap.parse_args(argv)
    if not (Path(args.root) / DEFAULT_HOST).is_dir():
        print(
            f"scraper.devtools.localsite: --root {args.root}: not a copy of the site",
            file=sys.stderr,
        )
        return 2
    try:
        site = LocalSite(args.root, port=args.port, delay=args.delay, log_path=args.log)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        print(
            f"scraper.devtools.localsite: cannot serve on port {args.port}: {reason}",
            file=sys.stderr,
        )
        return 2
    print(f"serving {site.root} on {site.base_url}", flush=True)
    try:
        site.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
