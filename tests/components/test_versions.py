"""Versions that are true: the floors pyproject.toml claims are the versions `make test-min`
installs (constraints/min.txt), and the private Scrapy / scrapy-redis API the crawler leans on
is known, listed and guarded: when a new Scrapy changes it, these tests say where."""

from __future__ import annotations

import inspect
import re
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import REPO
from packaging.version import Version
from scrapy import Request, Spider

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    tomllib = pytest.importorskip("tomli")

MIN = REPO / "constraints" / "min.txt"


def pyproject() -> dict[str, object]:
    data: dict[str, object] = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    return data


def floors(requirements: list[str]) -> dict[str, str]:
    """{normalised name: lower bound} of `name>=X` requirements (markers and extras dropped)."""
    out = {}
    for req in requirements:
        m = re.match(r"^\s*([A-Za-z0-9_.-]+)(?:\[[^\]]*\])?\s*>=\s*([^,;\s]+)", req)
        if m:
            out[m.group(1).lower().replace("_", "-")] = m.group(2)
    return out


def pins() -> dict[str, str]:
    out = {}
    for line in MIN.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, version = line.partition("==")
            out[name.strip().lower().replace("_", "-")] = version.strip()
    return out


def test_every_core_floor_is_pinned_in_the_minimum_constraints() -> None:
    project = pyproject()["project"]
    assert isinstance(project, dict)
    core = floors(project["dependencies"])
    extras = project["optional-dependencies"]
    monitoring = floors(extras["monitoring"])
    pinned = pins()
    # what `make test-min` installs is exactly what pyproject says is enough
    for name, version in {**core, **monitoring}.items():
        assert name in pinned and Version(pinned[name]) == Version(version), (
            f"pyproject says {name}>={version}, constraints/min.txt pins {pinned.get(name)}"
        )
    assert Version(core["scrapy"]) == Version("2.19")  # 2.18 and older fail (docs/versions.md)


def test_license_is_an_spdx_expression() -> None:
    project = pyproject()["project"]
    assert isinstance(project, dict)
    assert project["license"] == "MIT"  # PEP 639: an SPDX expression, not a table


# -- private API ---------------------------------------------------------------------------------

# Scrapy's private hooks that scraper/crawl/middlewares.py overrides and calls through super(),
# with the parameters the overrides assume. No public hook does the same (docs/versions.md).
PRIVATE_HOOKS = {
    ("scrapy.downloadermiddlewares.redirect", "RedirectMiddleware", "_redirect"): [
        "self",
        "redirected",
        "request",
        "reason",
    ],
    ("scrapy.downloadermiddlewares.retry", "RetryMiddleware", "_retry"): [
        "self",
        "request",
        "reason",
    ],
}


@pytest.mark.parametrize("where", sorted(PRIVATE_HOOKS))
def test_private_scrapy_hooks_we_override_still_have_our_signature(
    where: tuple[str, str, str],
) -> None:
    module, cls_name, method = where
    cls = getattr(__import__(module, fromlist=[cls_name]), cls_name)
    assert hasattr(cls, method), (
        f"Scrapy no longer has {cls_name}.{method}: scraper/crawl/middlewares.py overrides it"
    )
    params = list(inspect.signature(getattr(cls, method)).parameters)
    assert params == PRIVATE_HOOKS[where], (
        f"Scrapy changed {cls_name}.{method}{params}; scraper/crawl/middlewares.py assumes"
        f" {PRIVATE_HOOKS[where]}"
    )


def test_no_other_private_scrapy_api_in_the_crawler() -> None:
    """super()._x() calls into Scrapy are the hooks above; the private helpers the crawler
    once used (`_create_crawler`, scrapy-redis' `_encode_request`/`_decode_request`) are
    replaced by public API and must not come back."""
    hooks = {method for (_, _, method) in PRIVATE_HOOKS}
    own_bases = {"_summarise", "_health", "_close"}  # our RunBase's, overridden by its subclasses
    found: dict[str, set[str]] = {}
    for path in sorted((REPO / "scraper").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        for name in re.findall(r"super\(\)\.(_[a-z]\w*)\(", text):
            if name not in own_bases:
                found.setdefault(name, set()).add(path.name)
        for name in ("_create_crawler", "_encode_request", "_decode_request"):
            assert not re.search(rf"\.{name}\(", text), f"{path}: private {name}()"
    assert set(found) <= hooks, f"private Scrapy API not guarded here: {found}"


def test_redis_request_encoding_equals_scrapy_redis_own() -> None:
    """The distributed frontier stores requests as scrapy-redis does, by public API: the bytes
    are those of scrapy-redis' private `_encode_request`, and each decodes the other's."""
    pytest.importorskip("scrapy_redis")
    from scrapy_redis import picklecompat
    from scrapy_redis.queue import PriorityQueue

    from scraper.distributed.scheduler import decode_request, encode_request

    class Probe(Spider):
        name = "probe"

        def parse_page(self, response: object) -> None:
            pass

    spider = Probe()
    queue = PriorityQueue(server=None, spider=spider, key="k", serializer=picklecompat)
    request = Request(
        "https://www.ragnet.co.jp/en-us/x/2",
        callback=spider.parse_page,
        priority=5,
        meta={"songlists_key": "k1"},
        headers={"Accept": "text/html"},
    )
    ours = encode_request(queue, request)
    assert ours == queue._encode_request(request)
    back = queue._decode_request(ours)
    again = decode_request(queue, queue._encode_request(request))
    for r in (back, again):
        assert r.url == request.url and r.priority == 5 and r.meta["songlists_key"] == "k1"
        assert r.callback == spider.parse_page and r.headers.get("Accept") == b"text/html"


# -- a lean core ---------------------------------------------------------------------------------


def test_core_install_has_no_plotting_library() -> None:
    project = pyproject()["project"]
    assert isinstance(project, dict)
    core = floors(project["dependencies"])
    assert "matplotlib" not in core
    extras = project["optional-dependencies"]
    assert "matplotlib" in floors(extras["analysis"]) and "matplotlib" in floors(extras["dev"])


def test_report_without_matplotlib_is_one_line_and_writes_nothing(tmp_path: Path) -> None:
    run = REPO / "fixtures" / "pages" / "seed-cry-love-songs-en" / "expected.jsonl"
    out = tmp_path / "report.html"
    code = (
        "import sys; sys.modules['matplotlib'] = None\n"  # as in a core install
        "from scraper.cli.main import main\n"
        f"sys.exit(main(['report', {str(run)!r}, '-o', {str(out)!r}]))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 2
    assert proc.stderr == (
        "songlists report needs the analysis extra: pip install 'songlists[analysis]'\n"
    )
    assert not out.exists()
