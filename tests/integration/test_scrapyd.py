"""Scrapyd on real engines: start scrapyd on loopback, deploy the project, schedule a crawl.

The project is deployed the way an operator does it, with `scrapyd-deploy` (which builds an egg
from setup.py / pyproject.toml and posts it to addversion.json), from a copy of the sources so
that the build leaves nothing in the work tree. The crawl of the local site (scraper.devtools.localsite,
served in this process) is scheduled through schedule.json, and the test waits on
listjobs.json until it finished, then reads output/ under Scrapyd's working directory.
"""

from __future__ import annotations

import configparser
import json
import shutil
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("scrapyd")
pytest.importorskip("scrapyd_client")

from helpers import EN_PAGES, REPO, expected_records, read_jsonl  # noqa: E402

from scraper.crawl import gazetteer  # noqa: E402
from scraper.devtools.localsite import LocalSite  # noqa: E402
from scraper.devtools.redis_server import free_port  # noqa: E402

PROJECT_FILES = ("scraper", "parsers", "pyproject.toml", "setup.py", "scrapy.cfg", "README.md")


class Scrapyd:
    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        conf = configparser.ConfigParser()
        conf.read(REPO / "scrapyd.conf")
        conf["scrapyd"]["http_port"] = str(self.port)
        conf["scrapyd"]["poll_interval"] = "0.2"
        with open(workdir / "scrapyd.conf", "w") as fh:
            conf.write(fh)
        self.log = open(workdir / "scrapyd.out", "w")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "scrapyd"], cwd=workdir, stdout=self.log, stderr=self.log
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, (workdir / "scrapyd.out").read_text()
            try:
                if self.get("daemonstatus.json")["status"] == "ok":
                    return
            except OSError:
                time.sleep(0.1)
        raise TimeoutError("scrapyd did not start")

    def get(self, path: str) -> dict[str, Any]:
        with urllib.request.urlopen(f"{self.url}/{path}", timeout=10) as resp:
            data: dict[str, Any] = json.load(resp)
        return data

    def post(self, path: str, fields: list[tuple[str, str]]) -> dict[str, Any]:
        body = urllib.parse.urlencode(fields).encode()
        with urllib.request.urlopen(f"{self.url}/{path}", body, timeout=10) as resp:
            data: dict[str, Any] = json.load(resp)
        return data

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()


@pytest.fixture
def scrapyd(tmp_path: Path) -> Iterator[Scrapyd]:
    workdir = tmp_path / "scrapyd"
    workdir.mkdir()
    server = Scrapyd(workdir)
    yield server
    server.stop()


def deploy(tmp_path: Path, scrapyd: Scrapyd) -> str:
    """`scrapyd-deploy` from a copy of the project, pointed at this Scrapyd."""
    project = tmp_path / "project"
    project.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in PROJECT_FILES:
        src = REPO / name
        if src.is_dir():
            shutil.copytree(src, project / name, ignore=ignore)
        else:
            shutil.copy2(src, project / name)
    cfg = configparser.ConfigParser()
    cfg.read(project / "scrapy.cfg")
    assert cfg["deploy"]["project"] == "songlists"
    cfg["deploy"]["url"] = f"{scrapyd.url}/"
    with open(project / "scrapy.cfg", "w") as fh:
        cfg.write(fh)
    proc = subprocess.run(
        [sys.executable, "-m", "scrapyd_client.deploy", "--version", "r1"],
        cwd=project, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert '"status": "ok"' in proc.stdout, proc.stdout + proc.stderr
    return "songlists"


def test_scrapyd_deploy_schedule_and_output(scrapyd: Scrapyd, tmp_path: Path) -> None:
    project = deploy(tmp_path, scrapyd)
    assert scrapyd.get("listprojects.json")["projects"] == [project]
    spiders = scrapyd.get(f"listspiders.json?project={project}")["spiders"]
    assert "ragmusic" in spiders

    # The egg holds the packages, not fixtures/: the job gets the seed gazetteer as a file of
    # its own (where it also keeps the names it learns), as docs/crawling.md tells operators.
    names = scrapyd.workdir / "gazetteer.txt"
    shutil.copy2(gazetteer.SEED, names)
    with LocalSite() as site:
        settings = {
            "SONGLISTS_GAZETTEER": str(names),
            "SONGLISTS_HOST_MAP": json.dumps(site.host_map()),
            "HTTPCACHE_ENABLED": "False",
            "DOWNLOAD_DELAY": "0",
            "DOWNLOAD_DELAY_JITTER": "0",
            "DOWNLOAD_SLOTS": "{}",
            "AUTOTHROTTLE_START_DELAY": "0",
            "SONGLISTS_RETRY_BACKOFF_BASE": "0.05",
        }
        fields = [("project", project), ("spider", "ragmusic"), ("lang", "en")]
        fields += [("setting", f"{k}={v}") for k, v in settings.items()]
        job = scrapyd.post("schedule.json", fields)
        assert job["status"] == "ok", job
        jobid = job["jobid"]
        deadline = time.monotonic() + 120
        finished: list[dict[str, Any]] = []
        while time.monotonic() < deadline:
            finished = scrapyd.get(f"listjobs.json?project={project}")["finished"]
            if any(j["id"] == jobid for j in finished):
                break
            time.sleep(0.2)
        else:
            pytest.fail(f"the job did not finish: {scrapyd.get('listjobs.json')}")
        fetched = [r["path"] for r in site.requests]

    # the spider took Scrapyd's `_job` argument (and `lang`), and crawled the whole local site
    log = scrapyd.workdir / ".scrapyd" / "logs" / project / "ragmusic" / f"{jobid}.log"
    text = log.read_text(encoding="utf-8")
    assert "Traceback" not in text, text[-3000:]
    assert "healthy" in text
    assert set(EN_PAGES) <= set(fetched)

    out = scrapyd.workdir / "output" / "ragmusic"
    summary = json.loads((out / "latest.summary.json").read_text(encoding="utf-8"))
    assert summary["healthy"] and summary["complete"]
    run_jsonl = out / f"{summary['run_id']}.jsonl"
    assert (out / "latest.jsonl").resolve() == run_jsonl.resolve()
    assert read_jsonl(run_jsonl) == expected_records(EN_PAGES)
    assert summary["errors"] == {
        "http_404": 1, "malformed": 1, "robots_forbidden": 1, "too_large": 1,
    }  # fmt: skip


def test_spiders_accept_scrapyds_job_argument(tmp_path: Path) -> None:
    from scraper.spiders.download_only import DownloadOnlySpider
    from scraper.spiders.ragmusic import RagMusicSpider

    assert getattr(RagMusicSpider(_job="abc123", lang="en"), "_job") == "abc123"  # noqa: B009
    urls = tmp_path / "urls.txt"
    urls.write_text("https://www.ragnet.co.jp/en-us/\n")
    spider = DownloadOnlySpider(urls_file=str(urls), _job="abc123")
    assert getattr(spider, "_job") == "abc123"  # noqa: B009
