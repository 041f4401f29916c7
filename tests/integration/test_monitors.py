"""Spidermon monitors of a crawl run (scraper/crawl/monitors.py): real crawls of the bundled local site
over real HTTP, of drifted copies of it, and the monitors on measured runs."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from helpers import REPO
from scrapy import Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.settings import Settings

from scraper import settings as project_settings
from scraper.crawl import monitors
from scraper.devtools.localsite import FIXTURE_SITE, LocalSite

pytest.importorskip("spidermon")

REPORT_ACTION = "spidermon.contrib.actions.reports.files.CreateFileReport"


def crawl(site: LocalSite, out: Path, cache: Path, *args: str) -> tuple[int, dict[str, Any], str]:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "scraper.cli.crawl",
            "--local",
            site.base_url,
            "--output",
            str(out),
            "--cache-dir",
            str(cache),
            "--json",
            "--log-level",
            "INFO",
            *args,
        ],  # fmt: skip
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=180,
    )
    summary: dict[str, Any] = json.loads(proc.stdout) if proc.stdout.strip() else {}
    return proc.returncode, summary, proc.stderr


def failed_monitors(summary: dict[str, Any]) -> list[str]:
    return [f["monitor"] for f in summary["monitors"]["failed"]]


def site_copy(tmp: Path) -> Path:
    root = tmp / "site"
    shutil.copytree(FIXTURE_SITE, root)
    return root


def test_healthy_run_passes_every_monitor_and_runs_no_failure_action(tmp_path: Path) -> None:
    report = tmp_path / "report.html"
    with LocalSite() as site:
        rc, s, err = crawl(
            site, tmp_path / "out", tmp_path / "cache",
            "-s", f"SONGLISTS_MONITOR_FAILED_ACTIONS={REPORT_ACTION}",
            "-s", "SPIDERMON_REPORT_TEMPLATE=reports/email/monitors/result.jinja",
            "-s", f"SPIDERMON_REPORT_FILENAME={report}",
        )  # fmt: skip
    assert rc == 0, err[-3000:]
    m = s["monitors"]
    assert s["healthy"] and m["failed"] == []
    # one coverage check per record field, and the schema checks, all passed
    for name in monitors.MONITORED_FIELDS:
        assert f"Field coverage/{name} coverage" in m["passed"]
    assert "Schema validation/written records valid" in m["passed"]
    # the first run of its job has nothing to compare with
    assert {x["monitor"] for x in m["skipped"]} == {
        "Previous run/songs",
        "Previous run/articles",
        "Previous run/coverage",
    }
    assert m["measured"]["songs"] == s["entries"] == 43
    assert m["measured"]["coverage"]["rank"] == 1.0  # every song of the ranking has its rank
    assert m["validation"]["checked"] == 43 and m["validation"]["invalid_written"] == 0
    assert m["job"]["spider"] == "ragmusic" and m["job"]["lang"] == ["en"]
    assert not report.exists()  # failure actions run only when a monitor failed
    assert "[Spidermon] 15 monitors" in err


def drift_releases(root: Path) -> int:
    """Every year out of every English article page: no release sentence gives a date."""
    n = 0
    for page in (root / "www.ragnet.co.jp" / "en-us").rglob("*.html"):
        try:
            text = page.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue  # the site's deliberately broken page
        new = re.sub(r"\b(1[89]\d\d|20\d\d)\b", "", text)
        if new != text:
            page.write_text(new, encoding="utf-8")
            n += 1
    return n


def test_drifted_site_fails_its_coverage_monitor_exits_2_and_writes_the_report(
    tmp_path: Path,
) -> None:
    root = site_copy(tmp_path)
    assert drift_releases(root) >= 10
    report = tmp_path / "reports" / "monitors.html"
    report.parent.mkdir()
    with LocalSite(root) as site:
        rc, s, err = crawl(
            site, tmp_path / "out", tmp_path / "cache",
            "-s", f"SONGLISTS_MONITOR_FAILED_ACTIONS={REPORT_ACTION}",
            "-s", "SPIDERMON_REPORT_TEMPLATE=reports/email/monitors/result.jinja",
            "-s", f"SPIDERMON_REPORT_FILENAME={report.parent}/{{{{ data.songlists.run_id }}}}.html",
        )  # fmt: skip
    assert rc == 2, err[-3000:]
    assert not s["healthy"]
    # titles and artists are fine: the old health check alone would have passed this run
    assert s["coverage"]["title"] >= 0.9 and s["coverage"]["artist"] >= 0.5
    assert failed_monitors(s) == ["Field coverage/release coverage"]
    # (the site's malformed page is left as it is: its two songs keep their releases)
    assert s["monitors"]["measured"]["coverage"]["release"] < 0.05
    assert any(
        re.fullmatch(
            r"monitor Field coverage/release coverage: release coverage \d\.\d\d% of the"
            r" songs < floor 25\.00% \(layout drift\?\)",
            p,
        )
        for p in s["health_problems"]
    ), s["health_problems"]
    out = tmp_path / "out" / "ragmusic"
    assert not (out / "latest.jsonl").exists()  # an unhealthy run is never `latest`
    written = report.parent / f"{s['run_id']}.html"
    assert written.exists()  # Spidermon's file report, through its own action
    assert "release coverage" in written.read_text(encoding="utf-8")
    assert s["monitors"]["actions"] == [{"action": "CreateFileReport", "status": "OK"}]


def test_run_that_loses_30_percent_of_the_previous_runs_songs_fails(tmp_path: Path) -> None:
    root = site_copy(tmp_path)
    out, cache = tmp_path / "out", tmp_path / "cache"
    with LocalSite(root) as site:
        rc, first, err = crawl(site, out, cache)
        assert rc == 0, err[-3000:]
        # the next run of the same job cannot reach two articles (14 of 43 songs, 33%):
        # robots.txt skips are no errors, so only the comparison with the last run sees it
        robots = root / "robots.txt"
        robots.write_text(
            robots.read_text(encoding="utf-8")
            + "Disallow: /en-us/tearful-love-songs\nDisallow: /en-us/broken-city-pop-songs\n",
            encoding="utf-8",
        )
        rc, second, err = crawl(site, out, cache)
    assert rc == 2, err[-3000:]
    assert second["entries"] == 29 and second["error_rate"] <= 0.2
    assert second["monitors"]["previous_run"] == first["run_id"]
    assert set(failed_monitors(second)) == {"Previous run/songs", "Previous run/articles"}
    problems = " | ".join(second["health_problems"])
    assert "songs 29, down 33% from 43" in problems
    assert "articles 3, down 40% from 5" in problems
    # latest still names the healthy run
    latest = json.loads((out / "ragmusic" / "latest.summary.json").read_text(encoding="utf-8"))
    assert latest["run_id"] == first["run_id"]


# -- the monitors on measured runs (no crawl) --------------------------------------------------


def make_crawler(**overrides: Any) -> Crawler:
    settings = Settings()
    settings.setmodule("scraper.settings", priority="project")
    settings.setdict(overrides, priority="cmdline")

    class Probe(Spider):
        name = "ragmusic"

    return Crawler(Probe, settings)


def record(n: int, url: str, **fields: Any) -> dict[str, Any]:
    rec: dict[str, Any] = {
        "entry_id": f"{url}#{n}",
        "title": f"t{n}",
        "artist": f"a{n}",
        "rank": None,
        "release": None,
        "tie_ins": [],
        "article": {"url": url, "canonical_url": url},
    }
    rec.update(fields)
    return rec


def context(measured: dict[str, Any], previous: dict[str, Any] | None = None) -> dict[str, Any]:
    crawler = make_crawler()
    floors, problems = monitors.field_floors(crawler)
    assert problems == []
    return {
        "run_id": "20261202T000000Z",
        "summary": {},
        "measured": measured,
        "validation": {
            "checked": 1,
            "invalid_written": 0,
            "rejected": 0,
            "invalid_rate": 0.0,
            "errors": [],
        },
        "limits": {
            "field_coverage": floors,
            "max_song_drop": 0.2,
            "max_article_drop": 0.2,
            "max_coverage_drop": 0.5,
            "coverage_drop_min": 0.05,
            "max_invalid_rate": 0.05,
        },
        "previous_run_id": "20261201T000000Z" if previous else None,
        "previous": previous,
    }


def test_rank_coverage_counts_only_ranked_articles() -> None:
    ranked = "https://www.ragnet.co.jp/en-us/ranking-x"
    plain = "https://www.ragnet.co.jp/en-us/playlist-y"
    recs = [
        record(1, ranked, rank=1, release="2001"),
        record(2, ranked + "/2", rank=None),  # the same article, its second page
        *(record(i, plain) for i in range(3, 7)),
    ]
    m = monitors.measure_songs(iter(recs))
    assert m["songs"] == 6 and m["articles"] == 2 and m["ranked_songs"] == 2
    assert m["coverage"]["rank"] == 0.5  # not 1/6: playlists have no ranks to miss
    assert m["coverage"]["release"] == round(1 / 6, 4)
    assert m["coverage"]["tie_ins"] == 0.0  # an empty list covers nothing
    assert monitors.measure_songs(iter([record(1, plain)]))["coverage"]["rank"] is None


def test_a_small_drop_passes_and_a_field_that_halves_fails() -> None:
    cov = {name: 0.95 for name in monitors.MONITORED_FIELDS}
    before = {"songs": 100, "articles": 10, "coverage": dict(cov)}
    small = {"songs": 85, "articles": 9, "coverage": dict(cov)}
    outcome = monitors.run_suite(make_crawler(), context(small, before))
    assert outcome["failed"] == []
    assert "Previous run/songs" in outcome["passed"]
    halved = {"songs": 100, "articles": 10, "coverage": {**cov, "tie_ins": 0.3}}
    outcome = monitors.run_suite(make_crawler(), context(halved, before))
    assert [f["monitor"] for f in outcome["failed"]] == ["Previous run/coverage"]
    assert "tie_ins 30% (was 95%)" in outcome["failed"][0]["message"]


def test_every_field_has_a_floor_and_settings_match_the_defaults() -> None:
    assert set(monitors.DEFAULT_FIELD_COVERAGE) == set(monitors.MONITORED_FIELDS)
    assert project_settings.SONGLISTS_MONITOR_FIELD_COVERAGE == monitors.DEFAULT_FIELD_COVERAGE


def test_a_floor_set_on_the_command_line_applies_and_a_wrong_one_is_one_problem() -> None:
    floors, problems = monitors.field_floors(
        make_crawler(SONGLISTS_MONITOR_FIELD_COVERAGE='{"tie_ins": 0.7}')
    )
    assert floors["tie_ins"] == 0.7 and floors["title"] == 0.9 and problems == []
    cov = {name: 0.95 for name in monitors.MONITORED_FIELDS}
    ctx = context({"songs": 10, "articles": 1, "coverage": {**cov, "tie_ins": 0.6}})
    ctx["limits"]["field_coverage"] = floors
    outcome = monitors.run_suite(make_crawler(), ctx)
    assert [f["monitor"] for f in outcome["failed"]] == ["Field coverage/tie_ins coverage"]
    assert outcome["failed"][0]["message"] == (
        "tie_ins coverage 60.00% of the songs < floor 70.00% (layout drift?)"
    )
    _, problems = monitors.field_floors(
        make_crawler(SONGLISTS_MONITOR_FIELD_COVERAGE={"relase": 0.5, "title": 2})
    )
    assert len(problems) == 2
    assert "unknown field 'relase'" in problems[0] and "must be between 0 and 1" in problems[1]


def test_validation_report_names_the_field_of_an_invalid_written_record(tmp_path: Path) -> None:
    good = json.loads(
        (REPO / "fixtures" / "pages" / "seed-cry-love-songs-en" / "expected.jsonl")
        .read_text(encoding="utf-8")
        .splitlines()[0]
    )
    bad = {**good, "position": "first"}
    jsonl = tmp_path / "run.jsonl"
    jsonl.write_text(json.dumps(good) + "\n" + json.dumps(bad) + "\n", encoding="utf-8")
    rejects = tmp_path / "run.rejects.jsonl"
    rejects.write_text(json.dumps({"reason": "x", "record": {**good, "title": 5}}) + "\n")
    v = monitors.validation_report(str(jsonl), str(rejects))
    assert v["checked"] == 3 and v["invalid_written"] == 1 and v["rejected"] == 1
    assert {e["field"] for e in v["errors"]} == {"position", "title"}
    ctx = context({"songs": 2, "articles": 1, "coverage": {}})
    ctx["validation"] = v
    failed = {f["monitor"]: f["message"] for f in monitors.run_suite(make_crawler(), ctx)["failed"]}
    assert failed["Schema validation/written records valid"].startswith(
        "1 invalid records written: position:"
    )
    assert "2 of 3 records invalid" in failed["Schema validation/invalid rate"]


def test_previous_run_is_the_last_healthy_run_of_the_same_job(tmp_path: Path) -> None:
    job = {"spider": "ragmusic", "lang": ["en"]}

    def write(run_id: str, healthy: bool, job: dict[str, Any]) -> None:
        data = {"run_id": run_id, "healthy": healthy, "monitors": {"job": job}}
        (tmp_path / f"{run_id}.summary.json").write_text(json.dumps(data), encoding="utf-8")

    write("20261201T000000Z", True, job)
    write("20261202T000000Z", True, job)
    write("20261203T000000Z", False, job)  # unhealthy: never the baseline
    write("20261204T000000Z", True, {"spider": "ragmusic", "lang": ["ja"]})  # another job
    write("20261206T000000Z", True, job)  # later than the run being checked
    (tmp_path / "latest.summary.json").symlink_to("20261202T000000Z.summary.json")
    prev = monitors.previous_run(tmp_path, "20261205T000000Z", job)
    assert prev is not None and prev["run_id"] == "20261202T000000Z"
    assert monitors.previous_run(tmp_path, "20261205T000000Z", {"spider": "other"}) is None


def test_without_spidermon_the_extension_is_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "spidermon", None)  # as if it were not installed
    with pytest.raises(NotConfigured, match="spidermon is not installed"):
        monitors.RunMonitors(make_crawler())
    with pytest.raises(NotConfigured):
        monitors.RunMonitors(make_crawler(SONGLISTS_MONITORS_ENABLED=False))
