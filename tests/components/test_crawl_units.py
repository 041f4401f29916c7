"""Fast tests of the crawler's parts that need no reactor: URLs, normalising, the ledger, the
local site server's HTTP behaviour, the schema validators."""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from parsers import parse_page
from scraper.crawl import navigation as sites
from scraper.crawl.items import SONG_FIELDS, PageItem, SongItem
from scraper.crawl.pipelines import (
    NormalisePipeline,
    compile_fast_validator,
    dedupe_key,
    normalise_record,
    record_of,
)
from scraper.devtools.localsite import FIXTURE_SITE, LocalSite
from scraper.run.ledger import Ledger

RAG = "https://www.ragnet.co.jp"


@pytest.mark.parametrize(
    ("url", "kind", "canonical"),
    [
        (f"{RAG}/en-us/cry-love-songs", "article", f"{RAG}/en-us/cry-love-songs"),
        (f"{RAG}/en-us/cry-love-songs?disp=more", "article", f"{RAG}/en-us/cry-love-songs"),
        (f"{RAG}/en-us/cry-love-songs/1", "article", f"{RAG}/en-us/cry-love-songs"),
        (f"{RAG}/en-us/cry-love-songs/3#x", "article", f"{RAG}/en-us/cry-love-songs/3"),
        (
            "http://www.studiorag.com/en-us/cry-love-songs/2",
            "article",
            f"{RAG}/en-us/cry-love-songs/2",
        ),
        (f"{RAG}/cry-love-songs", "article", f"{RAG}/cry-love-songs"),
        (f"{RAG}/en-us/category/lovesong", "listing", f"{RAG}/en-us/category/lovesong"),
        (f"{RAG}/en-us/", "listing", f"{RAG}/en-us/"),
        (f"{RAG}/sitemap.xml", "sitemap", f"{RAG}/sitemap.xml"),
    ],
)
def test_classify_link(url: str, kind: str, canonical: str) -> None:
    target = sites.classify_link(url)
    assert target is not None
    assert (target.kind, target.url) == (kind, canonical)


@pytest.mark.parametrize(
    "url",
    [
        f"{RAG}/en-us/cry-love-songs?disp=playlist",  # another view, not more entries
        "https://offsite.example/en-us/cry-love-songs",
        "mailto:someone@example.com",
        f"{RAG}/en-us/search",
        f"{RAG}/en-us/image.png",
    ],
)
def test_links_not_followed(url: str) -> None:
    assert sites.classify_link(url) is None


def test_editions_are_kept_apart_and_preferred_site_is_configurable() -> None:
    ja = sites.classify_link(f"{RAG}/cry-love-songs/2")
    en = sites.classify_link(f"{RAG}/en-us/cry-love-songs/2")
    assert ja is not None and en is not None
    assert (ja.lang, en.lang) == ("ja", "en")
    assert ja.article_key != en.article_key
    other = sites.classify_link(f"{RAG}/en-us/x", preferred_site="www.studiorag.com")
    assert other is not None and other.url == "https://www.studiorag.com/en-us/x"
    assert sites.other_site(f"{RAG}/en-us/x") == "https://www.studiorag.com/en-us/x"
    assert sites.edition_index_url("www.ragnet.co.jp", "ja") == f"{RAG}/"
    assert sites.edition_index_url("www.ragnet.co.jp", "ko") == f"{RAG}/ko-kr/"


def _record() -> dict[str, Any]:
    text = (FIXTURE_SITE / "www.ragnet.co.jp/en-us/tearful-love-songs.html").read_text()
    return parse_page(text, url=f"{RAG}/en-us/tearful-love-songs").record_dicts()[0]


def test_normalise_record() -> None:
    rec = _record()
    rec["title"] = (
        "\uff2c\uff45\uff4d\uff4f\uff4e  \u201cLive\u201d"  # full-width "Lemon", curly quotes
    )
    rec["artist"] = " Kenshi\u3000Yonezu "
    rec["description"] = "One  line\n\n\n  Two \u2019s  line "
    raw = rec["heading_raw"] = "Ｌｅｍｏｎ　Kenshi"
    out = normalise_record(rec)
    assert out["title"] == 'Lemon "Live"'
    assert out["artist"] == "Kenshi Yonezu"
    assert out["description"] == "One line\n\nTwo 's line"
    assert out["heading_raw"] == raw  # the heading stays exactly as on the page
    assert rec["title"].startswith("\uff2c")  # the input is not changed


def test_normalise_pipeline_treats_a_song_item_as_any_item() -> None:
    """SongItem takes a fast path (no deep copy per pipeline): same result as a plain dict
    item read through itemadapter, and the record it hands on is the item's current state."""
    rec = _record()
    rec["title"] = "\uff2c\uff45\uff4d\uff4f\uff4e \u201cLive\u201d"
    rec["video_titles"] = ["A\u3000\u201cB\u201d"]
    song = SongItem.from_record(dict(rec))
    plain = dict(rec)
    NormalisePipeline().process_item(song)
    NormalisePipeline().process_item(plain)
    assert record_of(song) == {"run_id": None, "fetched_at": None, **plain}
    assert list(record_of(song)) == list(SONG_FIELDS)
    assert song.title == 'Lemon "Live"' and song.video_titles == ['A "B"']


def test_quotes_are_straightened_exactly_as_the_parsers_table_says() -> None:
    """The pipeline's faster straightener (one replace per mark) gives straighten_quotes' text,
    on every mark of the table, mixed, doubled, at the ends, and on text without any."""
    from parsers.textutil.normalise import QUOTE_FOLDS, straighten_quotes
    from scraper.crawl.pipelines import _straighten

    marks = "".join(QUOTE_FOLDS)
    samples = [
        "",
        "plain ASCII 'quotes' and \"double\" ones",
        marks,
        marks[::-1] * 3,
        f"{marks}Lemon ’s “Live” ‘x’ ＂y＂ 日本語「歌」`tick`{marks}",
        _record()["description"],
    ]
    for text in samples:
        assert _straighten(text) == straighten_quotes(text)


def test_dedupe_key_ignores_the_domain() -> None:
    rec = _record()
    other = json.loads(json.dumps(rec))
    other["article"]["canonical_url"] = rec["article"]["canonical_url"].replace(
        "www.ragnet.co.jp", "www.studiorag.com"
    )
    assert dedupe_key(rec) == dedupe_key(other) == "en/tearful-love-songs/1#1"


def test_fast_validator_agrees_with_jsonschema() -> None:
    from jsonschema import Draft202012Validator

    from parsers.schema import load_schema

    fast = compile_fast_validator()
    if fast is None:
        pytest.skip("fastjsonschema not installed")
    ref = Draft202012Validator(load_schema())
    rec = _record()
    bad_release = {**rec, "release": "2018-13"}
    extra = {**rec, "fetched_at": "now"}
    no_title = {**rec, "title": ""}
    for r in (rec, bad_release, extra, no_title):
        assert fast(r) == ref.is_valid(r)
    assert fast(rec) and not fast(bad_release)


def _item(key: str, n: int, sort: tuple[str, str, int]) -> PageItem:
    return PageItem(
        key=key, url=key, kind="article", records=[{"position": i} for i in range(n)], sort_key=sort
    )


def test_ledger_survives_a_cut_line_and_keeps_the_first_page(tmp_path: Path) -> None:
    path = tmp_path / "ledger.jsonl"
    ledger = Ledger(path)
    assert ledger.append(_item("b", 2, ("en", "b", 1)))
    assert ledger.append(_item("a", 1, ("en", "a", 2)))
    assert not ledger.append(_item("a", 5, ("en", "a", 2)))  # already there: first wins
    ledger.close()
    with open(path, "ab") as fh:
        fh.write(b'{"key": "c", "records": [')  # a crash in the middle of a line
    again = Ledger(path)
    assert sorted(again.index) == ["a", "b"]
    assert path.read_bytes().endswith(b"\n")  # the cut line is gone from the file
    assert [p["key"] for p in again.pages()] == ["a", "b"]  # output order: sort key
    assert len(again.read("b")["records"]) == 2
    again.close()


def _get(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    req = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=5) as resp:
            return resp.status, dict(resp.headers), resp.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


def test_local_site_validators_views_and_behaviours() -> None:
    host = {"Host": "www.ragnet.co.jp"}
    with LocalSite() as site:
        base = site.base_url
        status, headers, body = _get(f"{base}/en-us/karaoke-songs-for-40s", host)
        assert status == 200 and headers["ETag"] and headers["Last-Modified"]
        assert b'rel="canonical"' in body
        assert (
            _get(f"{base}/en-us/karaoke-songs-for-40s", {**host, "If-None-Match": headers["ETag"]})[
                0
            ]
            == 304
        )
        ims = {**host, "If-Modified-Since": headers["Last-Modified"]}
        assert _get(f"{base}/en-us/karaoke-songs-for-40s", ims)[0] == 304
        assert _get(f"{base}/en-us/karaoke-songs-for-40s?disp=more", host)[2] == body
        playlist = _get(f"{base}/en-us/karaoke-songs-for-40s?disp=playlist", host)[2]
        assert b"p-playlist" in playlist and playlist != body
        assert _get(f"{base}/en-us/no-such-list", host)[0] == 404
        flaky = f"{base}/en-us/ranking-popular-heartbreak-songs/2"
        assert [_get(flaky, host)[0] for _ in range(2)] == [500, 200]
        assert _get(f"{base}/robots.txt", {"Host": "www.studiorag.com"})[0] == 200
        assert _get(f"{base}/en-us/../../../etc/passwd", host)[0] == 404
    assert [r["status"] for r in site.requests][:3] == [200, 304, 304]


@pytest.mark.parametrize(
    ("settings", "shown"),
    [
        ({"LOG_LEVEL": "INFO"}, False),
        ({"LOG_LEVEL": "WARNING"}, False),
        ({"LOG_LEVEL": "debug"}, True),
        ({"LOG_LEVEL": 10}, True),
        ({"LOG_LEVEL": "INFO", "LOG_ENABLED": False}, True),  # the user's own logging decides
    ],
)
def test_log_formatter_builds_debug_records_only_when_they_can_be_shown(
    settings: dict[str, Any], shown: bool
) -> None:
    from scrapy import Request, Spider
    from scrapy.http import HtmlResponse
    from scrapy.utils.test import get_crawler

    from scraper.crawl.logformatter import QuietLogFormatter

    crawler = get_crawler(Spider, {**settings, "LOG_FORMATTER": QuietLogFormatter})
    formatter = QuietLogFormatter.from_crawler(crawler)
    spider = Spider.from_crawler(crawler, "t")
    request = Request("http://127.0.0.1/a")
    response = HtmlResponse(request.url, body=b"<p>x</p>", request=request)
    item = {"entry_id": "e1", "title": "t"}
    assert (formatter.crawled(request, response, spider) is not None) is shown
    assert (formatter.scraped(item, response, spider) is not None) is shown
    # a dropped item is a WARNING: always there
    from scrapy.exceptions import DropItem

    dropped = formatter.dropped(item, DropItem("dup"), response, spider)
    assert dropped is not None and dropped["level"] == logging.WARNING


def test_project_settings_use_the_quiet_log_formatter() -> None:
    from scrapy.utils.project import get_project_settings

    assert get_project_settings()["LOG_FORMATTER"].endswith("QuietLogFormatter")


def test_a_raising_callback_gives_its_page_a_failed_outcome_once() -> None:
    from scrapy.http import HtmlResponse, Request
    from scrapy.utils.test import get_crawler

    from scraper.crawl.items import page_done
    from scraper.crawl.middlewares import CallbackFailureMiddleware
    from scraper.spiders.ragmusic import RagMusicSpider

    crawler = get_crawler(RagMusicSpider)
    spider = RagMusicSpider.from_crawler(crawler)
    crawler.spider = spider
    outcomes: list[PageItem] = []

    def record(page: PageItem, entry_ids: list[str]) -> None:
        outcomes.append(page)

    crawler.signals.connect(record, signal=page_done)  # (held weakly: a named function)
    middleware = CallbackFailureMiddleware.from_crawler(crawler)
    url = "https://www.ragnet.co.jp/en-us/tearful-love-songs/2"
    response = HtmlResponse(url, body=b"<p>x</p>", request=Request(url))

    songs = middleware.process_spider_exception(response, KeyError("boom"), spider)
    assert songs is not None and list(songs) == []  # no songs: the page failed
    assert [(p.key, p.kind, p.error) for p in outcomes] == [(url, "article", "callback_error")]
    assert outcomes[0].warnings == ["KeyError: 'boom'"]
    assert crawler.stats.get_value("songlists/callback_errors") == 1
    # a page whose outcome is recorded already is not recorded twice
    again = middleware.process_spider_exception(response, KeyError("late"), spider)
    assert again is not None and list(again) == [] and len(outcomes) == 1
    # a response that is not one of the spider's pages: nothing recorded
    other = HtmlResponse(
        "https://example.com/x", body=b"", request=Request("https://example.com/x")
    )
    assert list(middleware.process_spider_exception(other, KeyError("x"), spider) or []) == []
    assert len(outcomes) == 1


def test_extraction_cache_entry_cut_anywhere_is_a_miss(tmp_path: Path) -> None:
    from scraper.crawl.extractcache import FORMAT, ExtractCache

    cache = ExtractCache(tmp_path)
    url, digest = "https://www.ragnet.co.jp/en-us/tearful-love-songs", "ab" * 20
    payload = {
        "records": [{"title": "Sky \u300c\u7a7a\u300d", "n": 1}],
        "warnings": [],
        "error": None,
    }
    cache.put(url, digest, payload)
    entry = cache.get(url, digest)
    assert entry is not None and entry["records"] == payload["records"]
    assert entry["format"] == FORMAT
    assert cache.get(url, "cd" * 20) is None  # another body
    (path,) = tmp_path.glob("*/*.json")
    whole = path.read_bytes()
    for cut in range(len(whole)):  # a write cut short at any byte (a kill, a full disk)
        path.write_bytes(whole[:cut])
        assert cache.get(url, digest) is None, cut
    path.write_bytes(whole)
    assert cache.get(url, digest) is not None


def test_a_parse_past_its_deadline_is_stopped_and_the_timer_is_left_off() -> None:
    import re
    import signal
    import time

    from scraper.crawl.extract import ParseTimeout, within

    def forever() -> dict[str, Any]:
        while True:
            pass

    def exponential() -> dict[str, Any]:  # a regular expression gone exponential
        return {"match": bool(re.match(r"(a+)+$", "a" * 40 + "b"))}

    before = signal.getsignal(signal.SIGALRM)
    for runaway in (forever, exponential):
        start = time.monotonic()
        with pytest.raises(ParseTimeout, match="more than 0.2 s"):
            within(0.2, runaway)
        assert time.monotonic() - start < 5
        assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
        assert signal.getsignal(signal.SIGALRM) is before
    assert within(5.0, lambda: {"ok": True}) == {"ok": True}
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert within(0, lambda: {"no limit": True}) == {"no limit": True}
