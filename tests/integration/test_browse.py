"""The analyst's views in a real browser: headless Chromium, driven over the DevTools
protocol (CDP on a pipe: no extra package, no browser download).

- The report of a Japanese crawl draws its Japanese plot labels: the SVG keeps them as
  <text> nodes, and a screenshot of the label area has other ink than the same labels
  turned into characters no font has (the .notdef boxes a font without CJK would draw).
- `songlists browse` serves a crawl in Datasette: clicking a facet narrows the rows.

The crawls run over loopback HTTP against the local fixture site (as tests/integration/test_crawl_e2e.py).
Skipped, saying so, only when Chromium is not installed (Debian: apt-get install chromium
fonts-noto-cjk; .ci/run installs them).
"""

from __future__ import annotations

import base64
import io
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers import REPO

from scraper.devtools.localsite import FIXTURE_SITE, LocalSite

CHROMIUM = next(
    (p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p), None
)
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="headless Chromium not installed (apt-get install chromium)"
)
FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--hide-scrollbars", "--remote-debugging-pipe",
)  # fmt: skip


class Browser:
    """Headless Chromium and one page, over CDP on file descriptors 3 and 4."""

    def __init__(self, profile: Path) -> None:
        assert CHROMIUM is not None
        to_chrome_r, self._to_chrome = os.pipe()
        self._from_chrome, from_chrome_w = os.pipe()

        def fds() -> None:  # in the child: CDP reads fd 3 and writes fd 4
            r, w = os.dup(to_chrome_r), os.dup(from_chrome_w)
            os.dup2(r, 3)
            os.dup2(w, 4)

        self.proc = subprocess.Popen(
            [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            preexec_fn=fds, pass_fds=(3, 4, to_chrome_r, from_chrome_w),
        )  # fmt: skip
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self._buf = b""
        self._next = 0
        self.events: list[dict[str, Any]] = []
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target, flatten=True)[
            "sessionId"
        ]
        self.call("Page.enable", session=True)
        self.call("Runtime.enable", session=True)

    def _read(self, timeout: float) -> dict[str, Any]:
        import select

        while b"\0" not in self._buf:
            ready, _, _ = select.select([self._from_chrome], [], [], timeout)
            if not ready:
                raise TimeoutError("no answer from Chromium")
            chunk = os.read(self._from_chrome, 1 << 20)
            if not chunk:
                raise RuntimeError("Chromium closed the DevTools pipe")
            self._buf += chunk
        raw, self._buf = self._buf.split(b"\0", 1)
        message: dict[str, Any] = json.loads(raw)
        return message

    def call(self, method: str, session: bool = False, **params: Any) -> dict[str, Any]:
        self._next += 1
        message: dict[str, Any] = {"id": self._next, "method": method, "params": params}
        if session:
            message["sessionId"] = self.session
        os.write(self._to_chrome, json.dumps(message).encode() + b"\0")
        while True:
            answer = self._read(30)
            if answer.get("id") == self._next:
                if "error" in answer:
                    raise RuntimeError(f"{method}: {answer['error']}")
                result: dict[str, Any] = answer.get("result", {})
                return result
            self.events.append(answer)

    def wait_event(self, method: str, timeout: float = 30) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            for i, event in enumerate(self.events):
                if event.get("method") == method:
                    return self.events.pop(i)
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"no {method}")
            self.events.append(self._read(left))

    def goto(self, url: str) -> None:
        self.events.clear()
        self.call("Page.navigate", session=True, url=url)
        self.wait_event("Page.loadEventFired")

    def js(self, expression: str) -> Any:
        result = self.call(
            "Runtime.evaluate", session=True, expression=expression, returnByValue=True,
            awaitPromise=True,
        )  # fmt: skip
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def click(self, selector: str) -> None:
        """Click the element like a user: a mouse press and release at its centre."""
        box = self.js(
            f"(() => {{ const e = document.querySelector({json.dumps(selector)});"
            " e.scrollIntoView({block: 'center'}); const r = e.getBoundingClientRect();"
            " return [r.x + r.width / 2, r.y + r.height / 2]; })()"
        )
        self.events.clear()
        for kind in ("mousePressed", "mouseReleased"):
            self.call(
                "Input.dispatchMouseEvent", session=True, type=kind, x=box[0], y=box[1],
                button="left", clickCount=1,
            )  # fmt: skip
        self.wait_event("Page.loadEventFired")

    def screenshot(self, clip: dict[str, float]) -> Any:
        from PIL import Image

        data = self.call(
            "Page.captureScreenshot", session=True, format="png",
            clip={**clip, "scale": 1}, captureBeyondViewport=True,
        )["data"]  # fmt: skip
        return Image.open(io.BytesIO(base64.b64decode(data))).convert("L")

    def close(self) -> None:
        try:
            self.call("Browser.close")
        except (RuntimeError, TimeoutError, OSError):
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        for fd in (self._to_chrome, self._from_chrome):
            os.close(fd)


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Browser]:
    profile = Path(tempfile.mkdtemp(prefix="chromium-profile-", dir=tmp_path))
    b = Browser(profile)
    b.call("Emulation.setDeviceMetricsOverride", session=True, width=1200, height=900,
           deviceScaleFactor=1, mobile=False)  # fmt: skip
    try:
        yield b
    finally:
        b.close()


def crawl(out: Path, langs: str) -> Path:
    """A real crawl of the local site; returns the run's JSONL."""
    with LocalSite(FIXTURE_SITE) as site:
        proc = subprocess.run(
            [
                sys.executable, "-m", "scraper.cli.crawl", "--local", site.base_url,
                "-s", f"SONGLISTS_HOST_MAP={json.dumps(site.host_map())}",
                "--output", str(out / "output"), "--cache-dir", str(out / "cache"),
                "--lang", langs, "--json",
            ],
            cwd=REPO, capture_output=True, text=True, timeout=180,
        )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-3000:]
    return Path(json.loads(proc.stdout)["files"]["jsonl"])


# --------------------------------------------------------------------------- the report

JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")


@needs_chromium
def test_the_report_of_a_japanese_crawl_draws_its_japanese_labels(
    tmp_path: Path, browser: Browser
) -> None:
    run = crawl(tmp_path, "ja")
    report = tmp_path / "report.html"
    proc = subprocess.run(
        [sys.executable, "-m", "scraper.cli.main", "report", str(run), "-o", str(report)],
        cwd=REPO, capture_output=True, text=True, timeout=180,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr

    # the plots keep their text as text, and the Japanese names are in it
    page = report.read_text(encoding="utf-8")
    svg_texts = re.findall(r"<text\b[^>]*>([^<]*)</text>", page)
    japanese = [t for t in svg_texts if JAPANESE.search(t)]
    assert len(japanese) >= 5, svg_texts[:20]
    assert "Noto Sans CJK JP" in page  # named for the browser to fall back on

    browser.goto(report.as_uri())
    # the boxes of the Japanese <text> nodes, in page coordinates
    rects = browser.js(
        """(() => {
        const texts = [...document.querySelectorAll('svg text')]
            .filter(t => /[\\u3040-\\u30ff\\u3400-\\u9fff]/.test(t.textContent));
        return texts.map(t => { const r = t.getBoundingClientRect();
            return [r.left + window.scrollX, r.top + window.scrollY, r.width, r.height]; });
    })()"""
    )
    assert len(rects) == len(japanese) and all(w > 5 and h > 5 for _, _, w, h in rects)
    x0, y0 = min(r[0] for r in rects), min(r[1] for r in rects)
    clip = {
        "x": x0,
        "y": y0,
        "width": max(r[0] + r[2] for r in rects) - x0,
        "height": max(r[1] + r[3] for r in rects) - y0,
    }
    drawn = browser.screenshot(clip)

    # control: the same labels, each CJK character replaced by one no font has (.notdef)
    browser.js(
        """(() => { for (const t of document.querySelectorAll('svg text'))
            t.textContent = t.textContent.replace(/[\\u3040-\\u30ff\\u3400-\\u9fff]/g,
                                                  '\\u{10FFFD}'); })()"""
    )
    boxes = browser.screenshot(clip)
    drawn.save(tmp_path / "labels.png")
    boxes.save(tmp_path / "labels-notdef.png")

    def pixels(image: Any) -> list[tuple[int, int]]:
        """The label areas' pixels (x, y in the screenshot), no bar or axis in between."""
        out = []
        for x, y, w, h in rects:
            for py in range(int(y - y0), int(y - y0 + h)):
                out += [(px, py) for px in range(int(x - x0), int(x - x0 + w))]
        return [p for p in out if p[0] < image.width and p[1] < image.height]

    area = pixels(drawn)
    ink = sum(1 for p in area if drawn.getpixel(p) < 160)
    ink_boxes = sum(1 for p in area if boxes.getpixel(p) < 160)
    differ = sum(1 for p in area if abs(drawn.getpixel(p) - boxes.getpixel(p)) > 60)
    assert ink > 100 and ink_boxes > 100, (ink, ink_boxes)  # both draw something there
    # glyphs, not boxes: a good share of the inked pixels differ from the .notdef control
    assert differ > 0.3 * max(ink, ink_boxes), (differ, ink, ink_boxes)


# --------------------------------------------------------------------------- browse


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@needs_chromium
def test_browse_serves_the_crawl_and_a_facet_click_narrows_the_rows(
    tmp_path: Path, browser: Browser
) -> None:
    pytest.importorskip("datasette")
    run = crawl(tmp_path, "en,ja")
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "scraper.cli.main", "browse", str(run), "--port", str(port)],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True,
    )  # fmt: skip
    try:
        assert proc.stdout is not None
        first = ""
        while not first.startswith("browse: serving"):  # once Datasette answers
            first = proc.stdout.readline()
            assert first, proc.stderr.read() if proc.stderr else "browse ended"
        name = run.stem  # the run id: the database is <run-id>.sqlite beside the run
        assert first.startswith(f"browse: serving {run.with_name(name + '.sqlite')} at "), first
        base = f"http://127.0.0.1:{port}/{name}"

        browser.goto(f"{base}/entries")

        def rows_shown() -> int:
            text = browser.js("document.querySelector('h3').textContent")
            match = re.search(r"([\d,]+) rows?", text)
            assert match, text
            return int(match.group(1).replace(",", ""))

        total = rows_shown()
        entries = len(run.read_text(encoding="utf-8").splitlines())
        assert total == entries
        facets = browser.js(
            "[...document.querySelectorAll('.facet-info')].map(f => f.dataset.column)"
        )
        assert set(facets) >= {"artist", "decade", "tie_in_kinds", "article_title",
                               "split_method", "confidence_band"}  # fmt: skip

        # click the first value of the split_method facet: fewer rows, all of that method
        value = browser.js("document.querySelector('#facet-split_method li a').textContent.trim()")
        browser.click("#facet-split_method li a")
        assert f"split_method={value}" in browser.js("location.search")
        narrowed = rows_shown()
        assert 0 < narrowed < total
        methods = browser.js(
            "[...document.querySelectorAll('td.col-split_method')].map(t => t.textContent.trim())"
        )
        assert methods and set(methods) == {value}

        # full-text search finds a song by its Japanese original's name
        browser.goto(f"{base}/entries?_search=%E6%AE%8B%E9%85%B7%E3%81%AA")  # 残酷な
        titles = browser.js(
            "[...document.querySelectorAll('td.col-title')].map(t => t.textContent.trim())"
        )
        assert "残酷な天使のテーゼ" in titles and "A Cruel Angel's Thesis" in titles

        # the canned review query lists the unsure entries
        browser.goto(f"{base}/review")
        assert "Entries to review" in browser.js("document.title + document.body.innerText")
    finally:
        os.killpg(proc.pid, signal.SIGINT)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
