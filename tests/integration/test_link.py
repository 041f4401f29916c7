"""Linking English records to their Japanese originals (parsers/editions/link.py, `songlists link`, and
the step at the end of a crawl of both editions).

Unit tests build records by hand: inserted, missing and swapped entries, translated names
("good-for-nothing" is ロクデナシ), contradicting facts, a one-artist article. The end-to-end
test crawls the local fixture site with `--lang en,ja` and checks the `original` of every
English fixture entry field by field against the Japanese pages' hand labels.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from helpers import run_crawl
from jsonschema import Draft202012Validator

from parsers.editions import (
    align,
    apply_links,
    link_records,
    name_similarity,
    romaniser_available,
)
from parsers.page import song_id
from parsers.schema import load_schema
from parsers.textutil.normalise import fold_quotes, nfkc
from scraper.cli.main import main
from scraper.devtools.localsite import FIXTURE_SITE, LocalSite

pytestmark = pytest.mark.skipif(not romaniser_available(), reason="cutlet is not installed")

SITE = "https://www.ragnet.co.jp"


def rec(
    lang: str,
    page: int,
    position: int,
    title: str,
    artist: str | None,
    *,
    slug: str = "tearful-love-songs",
    release: str | None = None,
    rank: int | None = None,
    description: str = "",
    video_titles: tuple[str, ...] = (),
    tie_ins: tuple[str, ...] = (),
) -> dict[str, Any]:
    """A schema-valid record of the given edition, page and position."""
    prefix = "/en-us" if lang == "en" else ""
    url = f"{SITE}{prefix}/{slug}" + (f"/{page}" if page > 1 else "")
    return {
        "schema_version": "1.0",
        "entry_id": f"{url}#{position}",
        "song_id": song_id(artist, title),
        "position": position,
        "title": title,
        "artist": artist,
        "heading_raw": title + (artist or ""),
        "split": {"method": "markup", "confidence": 1.0},
        "rank": rank,
        "section": None,
        "context": None,
        "is_new": False,
        "release": release,
        "tie_ins": [{"text": t, "kind": "drama", "name": t, "by": None} for t in tie_ins],
        "awards": [],
        "video_titles": list(video_titles),
        "description": description,
        "complete": True,
        "article": {
            "url": url,
            "canonical_url": url,
            "title": "T",
            "lang": lang,
            "page": page,
            "site": "www.ragnet.co.jp",
        },
    }


# Six songs as the two editions name them (English names as the machine translation has them).
SONGS = [
    (("Marigold", "Aimyon", "2018-08"), ("マリーゴールド", "あいみょん", "2018-08")),
    (("Lemon", "Kenshi Yonezu", "2018-03"), ("Lemon", "米津玄師", "2018-03")),
    (("Hanamizuki", "Hitoto Yo", "2004-02"), ("ハナミズキ", "一青窈", "2004-02")),
    (("Wine-Red Heart", "Safe zone", "1983-11"), ("ワインレッドの心", "安全地帯", "1983-11")),
    (("Snow Flower", "Mika Nakashima", "2003-10"), ("雪の華", "中島美嘉", "2003-10")),
    (("Thread", "Miyuki Nakajima", "1992"), ("糸", "中島みゆき", "1992")),
]


def editions(
    en_order: list[int], ja_order: list[int], per_page: int = 3
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """English and Japanese records of SONGS in the given orders, `per_page` a page."""

    def build(lang: str, order: list[int]) -> list[dict[str, Any]]:
        out = []
        for n, idx in enumerate(order):
            title, artist, release = SONGS[idx][0 if lang == "en" else 1]
            out.append(
                rec(lang, n // per_page + 1, n % per_page + 1, title, artist, release=release)
            )
        return out

    return build("en", en_order), build("ja", ja_order)


def pairs_of(result: Any) -> dict[str, str]:
    return {p.en.title: p.ja.title for p in result.pairs}


# --------------------------------------------------------------------------- names


@pytest.mark.parametrize(
    ("en", "ja"),
    [
        ("Kenshi Yonezu", "米津玄師"),  # given-family order, Yonezu / Yonetsu
        ("Marigold", "マリーゴールド"),  # a loanword in its English spelling
        ("Yoko Takahashi", "高橋洋子"),  # Yōko / Youko
        ("Kome Kome Club", "米米CLUB"),
        ("Anzen Chitai", "安全地帯"),
        ("Sukima Switch", "スキマスイッチ"),
        ("Kanade", "奏(かなで)"),  # the reading in brackets
    ],
)
def test_romanised_names_match(en: str, ja: str) -> None:
    assert name_similarity(en, ja) >= 0.75


@pytest.mark.parametrize(
    ("en", "ja"),
    [("good-for-nothing", "ロクデナシ"), ("Safe zone", "安全地帯"), ("Snow Flower", "糸")],
)
def test_translated_or_different_names_do_not_look_alike(en: str, ja: str) -> None:
    assert name_similarity(en, ja) < 0.5


# --------------------------------------------------------------------------- alignment


def test_align_is_order_preserving_and_skips_weak_pairs() -> None:
    scores = [[5.0, 0.0, 0.0], [0.0, 0.0, 6.0], [0.0, 0.5, 0.0]]
    assert align(scores) == [(0, 0), (1, 2)]  # (2, 1) crosses (1, 2); 0.5 is under the bar
    assert align([]) == []


def test_same_order_links_everything_across_pages() -> None:
    en, ja = editions([0, 1, 2, 3, 4, 5], [0, 1, 2, 3, 4, 5])
    result = link_records(en, ja)
    assert pairs_of(result) == {e[0][0]: e[1][0] for e in SONGS}
    assert result.problems == []
    assert all(p.confidence >= 0.7 for p in result.pairs)


def test_an_inserted_japanese_entry_shifts_the_pages_and_is_reported() -> None:
    en, _ = editions([0, 1, 2, 3, 4, 5], [])
    _, ja = editions([], [0, 1, 2, 3, 4, 5])
    # the Japanese article gained an entry at position 2: every later entry moves one place on,
    # and the third song now opens page 2 there
    extra = rec("ja", 1, 2, "366日", "HY", release="2008")
    ja = [ja[0], extra, *ja[1:]]
    for n, r in enumerate(ja):
        page, pos = n // 3 + 1, n % 3 + 1
        ja[n] = rec("ja", page, pos, r["title"], r["artist"], release=r["release"])
    result = link_records(en, ja)
    assert pairs_of(result) == {e[0][0]: e[1][0] for e in SONGS}
    hana = next(p for p in result.pairs if p.en.title == "Hanamizuki")
    assert (hana.en.page, hana.en.position, hana.ja.page, hana.ja.position) == (1, 3, 2, 1)
    assert [p["kind"] for p in result.problems] == ["unpaired_ja"]
    assert result.problems[0]["ja"]["title"] == "366日"


def test_a_missing_japanese_entry_leaves_the_english_one_unlinked_and_reported() -> None:
    en, ja = editions([0, 1, 2, 3, 4, 5], [0, 1, 3, 4, 5])
    result = link_records(en, ja)
    assert "Hanamizuki" not in pairs_of(result)
    assert len(result.pairs) == 5
    (problem,) = result.problems
    assert problem["kind"] == "unpaired_en" and problem["en"]["title"] == "Hanamizuki"
    assert "no Japanese entry" in problem["reason"]
    out = [apply_links(r, result.links) for r in en]
    assert next(r for r in out if r["title"] == "Hanamizuki")["original"] is None


def test_swapped_entries_are_linked_and_the_swap_is_reported() -> None:
    en, ja = editions([0, 1, 2, 3, 4, 5], [0, 2, 1, 3, 4, 5])
    result = link_records(en, ja)
    assert pairs_of(result) == {e[0][0]: e[1][0] for e in SONGS}
    kinds = [p["kind"] for p in result.problems]
    assert kinds == ["out_of_order"]
    assert result.stats()["out_of_order"] == 1


def test_a_translated_artist_is_linked_by_the_romanised_name_in_the_description() -> None:
    # "good-for-nothing" is the translation of ロクデナシ; "Just One Voice" of ただ声一つ
    en, ja = editions([0, 1, 2], [0, 1, 2])
    en.insert(2, rec("en", 1, 9, "Just One Voice", "good-for-nothing", release="2021",
                     description="A gentle piano ballad. Rokudenashi released it in 2021."))  # fmt: skip
    ja.insert(2, rec("ja", 1, 9, "ただ声一つ", "ロクデナシ", release="2021"))
    result = link_records(en, ja)
    pair = next(p for p in result.pairs if p.en.artist == "good-for-nothing")
    assert (pair.ja.title, pair.ja.artist) == ("ただ声一つ", "ロクデナシ")
    assert any(r.startswith("artist 0.8") for r in pair.reasons)
    assert result.problems == []


def dolphin_editions(description: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Three linked songs and, between the first two, 会いに行くのに by イルカ, whose English
    names are translations ("to go see (someone)", "dolphin")."""
    en, ja = editions([0, 1, 2], [0, 1, 2])
    en.insert(1, rec("en", 1, 9, "to go see (someone)", "dolphin", description=description))
    ja.insert(1, rec("ja", 1, 9, "会いに行くのに", "イルカ", release="1976"))
    renumber = [
        [rec(lang, 1, n + 1, r["title"], r["artist"], release=r["release"],
             description=r["description"]) for n, r in enumerate(side)]
        for lang, side in (("en", en), ("ja", ja))
    ]  # fmt: skip
    return renumber[0], renumber[1]


def test_order_alone_is_not_enough_a_weak_pair_between_neighbours_is_reported() -> None:
    en, ja = dolphin_editions("A gentle folk song.")
    result = link_records(en, ja)
    assert "to go see (someone)" not in pairs_of(result)
    (problem,) = result.problems
    assert problem["kind"] == "doubtful" and problem["ja"]["title"] == "会いに行くのに"
    assert "order +2" in problem["reason"]  # the order was weighed, and was not enough


def test_a_romanised_name_in_the_description_and_the_order_link_translated_names() -> None:
    en, ja = dolphin_editions("A gentle folk song that Iruka released in 1976.")
    result = link_records(en, ja)
    pair = next(p for p in result.pairs if p.en.artist == "dolphin")
    assert (pair.ja.title, pair.ja.artist) == ("会いに行くのに", "イルカ")
    assert any(r.startswith("order") for r in pair.reasons)
    assert result.problems == []


def test_contradicting_facts_are_never_linked_by_order() -> None:
    en, ja = editions([0, 1, 2], [0, 1, 2])
    en.insert(1, rec("en", 1, 9, "Some Song", "Someone", release="1990"))
    ja.insert(1, rec("ja", 1, 9, "別の歌", "別の人", release="2015"))
    en = [
        rec("en", 1, n + 1, r["title"], r["artist"], release=r["release"]) for n, r in enumerate(en)
    ]
    ja = [
        rec("ja", 1, n + 1, r["title"], r["artist"], release=r["release"]) for n, r in enumerate(ja)
    ]
    result = link_records(en, ja)
    assert "Some Song" not in pairs_of(result)
    assert {p["kind"] for p in result.problems} == {"unpaired_en", "unpaired_ja"}


def test_ranks_decide_on_ranking_pages() -> None:
    en = [rec("en", 1, n, f"Song {n}", "Same Band", rank=n, slug="ranking-x") for n in (1, 2, 3)]
    ja = [rec("ja", 1, n, f"曲{n}", "同じバンド", rank=n, slug="ranking-x") for n in (1, 2, 3)]
    ja.reverse()  # order in the file does not matter; article order (page, position) does
    result = link_records(en, ja)
    assert {p.en.rank: p.ja.rank for p in result.pairs} == {1: 1, 2: 2, 3: 3}


def test_doubtful_pairs_are_reported_not_linked() -> None:
    # one entry on each side, nothing in common but the article: too weak to link
    en = [rec("en", 1, 1, "Endless World", "sugiyama kouichi", slug="dq")]
    ja = [rec("ja", 1, 1, "愛のこもれび", "すぎやまこういち", slug="dq", release="1995")]
    result = link_records(en, ja)
    assert result.pairs == []
    (problem,) = result.problems
    assert problem["kind"] == "doubtful" and problem["confidence"] < 0.6
    assert "best candidate too weak" in problem["reason"]
    # a lower bar links it, with the same (low) confidence
    lenient = link_records(en, ja, min_confidence=0.1)
    assert len(lenient.pairs) == 1 and lenient.pairs[0].confidence < 0.6


def test_an_article_without_japanese_records_is_reported_once() -> None:
    en, ja = editions([0, 1], [0, 1])
    other = [rec("en", 1, 1, "Lemon", "Kenshi Yonezu", slug="only-english")]
    result = link_records(en + other, ja)
    assert len(result.pairs) == 2
    (problem,) = result.problems
    assert problem["kind"] == "no_original" and problem["slug"] == "only-english"
    assert result.stats()["unpaired_en"] == 1


def test_apply_links_sets_original_and_keys_song_id_on_the_original_names() -> None:
    en, ja = editions([0, 1], [0, 1])
    result = link_records(en, ja)
    out = [apply_links(r, result.links) for r in en + ja]
    validator = Draft202012Validator(load_schema())
    assert all(validator.is_valid(r) for r in out)
    marigold = out[0]
    assert marigold["original"] == {
        "title": "マリーゴールド",
        "artist": "あいみょん",
        "lang": "ja",
        "url": f"{SITE}/tearful-love-songs",
        "entry_id": f"{SITE}/tearful-love-songs#1",
        "confidence": marigold["original"]["confidence"],
    }
    assert marigold["song_id"] == "あいみょん|マリーゴールド" == out[2]["song_id"]
    assert "original" not in out[2]  # Japanese records are the originals
    assert en[0]["song_id"] == "aimyon|marigold" and "original" not in en[0]  # input unchanged


# --------------------------------------------------------------------------- the command


def write_jsonl(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    return path


def test_cli_link_writes_output_and_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    en, ja = editions([0, 1, 2, 3, 4, 5], [0, 1, 3, 4, 5])
    en_file, ja_file = (
        write_jsonl(tmp_path / "en.jsonl", en),
        write_jsonl(tmp_path / "ja.jsonl", ja),
    )
    out, report = tmp_path / "out.jsonl", tmp_path / "report.json"
    code = main(["link", str(en_file), str(ja_file), "-o", str(out), "--report", str(report)])
    captured = capsys.readouterr()
    assert code == 0
    assert "linked 5 of 6 English entries" in captured.err
    records = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert [r["entry_id"] for r in records] == [r["entry_id"] for r in en]
    assert sum(r["original"] is not None for r in records) == 5
    data = json.loads(report.read_text("utf-8"))
    assert data["stats"]["linked"] == 5 and data["stats"]["unpaired_en"] == 1
    assert [p["kind"] for p in data["problems"]] == ["unpaired_en"]
    assert len(data["pairs"]) == 5 and all(p["evidence"] for p in data["pairs"])

    # stdout by default; one combined file as both arguments
    both = write_jsonl(tmp_path / "both.jsonl", en + ja)
    assert main(["link", str(both), str(both)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == len(en) + len(ja)
    assert sum("original" in json.loads(line) for line in lines) == len(en)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such file"),
        ("dir", "is a directory"),
        (b"\xff\xfe\x00bad", "not UTF-8"),
        ('{"entry_id": "x"\n', ":1: not JSON"),
        ("[1, 2]\n", ":1: not a record"),
        ('{"a": 1}\n', "not a song record"),
        ("", "no English-edition records"),
    ],
)
def test_cli_link_bad_input_gives_one_line_and_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: Any, message: str
) -> None:
    _, ja = editions([], [0, 1])
    ja_file = write_jsonl(tmp_path / "ja.jsonl", ja)
    bad = tmp_path / "bad.jsonl"
    if content == "dir":
        bad.mkdir()
    elif isinstance(content, bytes):
        bad.write_bytes(content)
    elif content is not None:
        bad.write_text(content, encoding="utf-8")
    code = main(["link", str(bad), str(ja_file)])
    err = capsys.readouterr().err
    assert code == 1
    assert err.count("\n") == 1 and message in err and "Traceback" not in err


def test_cli_link_needs_japanese_records(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    en, _ = editions([0, 1], [])
    en_file = write_jsonl(tmp_path / "en.jsonl", en)
    assert main(["link", str(en_file), str(en_file)]) == 1
    assert "no Japanese-edition records" in capsys.readouterr().err


# --------------------------------------------------------------------------- end to end

# Every English fixture entry and the Japanese entry it is the translation of (page path,
# position). The Japanese tearful-love-songs has an entry more (366日 at page 1, position 2),
# so its later entries sit one place on, three of them on the next page; karaoke-songs-for-40s
# lists its first two songs the other way round.
EXPECTED_LINKS: dict[tuple[str, int], tuple[str, int]] = {
    ("/en-us/tearful-love-songs", 1): ("/tearful-love-songs", 1),
    ("/en-us/tearful-love-songs", 2): ("/tearful-love-songs", 3),
    ("/en-us/tearful-love-songs", 3): ("/tearful-love-songs", 4),
    ("/en-us/tearful-love-songs", 4): ("/tearful-love-songs/2", 1),
    ("/en-us/tearful-love-songs/2", 1): ("/tearful-love-songs/2", 2),
    ("/en-us/tearful-love-songs/2", 2): ("/tearful-love-songs/2", 3),
    ("/en-us/tearful-love-songs/2", 3): ("/tearful-love-songs/2", 4),
    ("/en-us/tearful-love-songs/2", 4): ("/tearful-love-songs/3", 1),
    ("/en-us/tearful-love-songs/3", 1): ("/tearful-love-songs/3", 2),
    ("/en-us/tearful-love-songs/3", 2): ("/tearful-love-songs/3", 3),
    ("/en-us/tearful-love-songs/3", 3): ("/tearful-love-songs/3", 4),
    ("/en-us/tearful-love-songs/3", 4): ("/tearful-love-songs/3", 5),
    ("/en-us/karaoke-songs-for-40s", 1): ("/karaoke-songs-for-40s", 2),
    ("/en-us/karaoke-songs-for-40s", 2): ("/karaoke-songs-for-40s", 1),
    **{("/en-us/karaoke-songs-for-40s", n): ("/karaoke-songs-for-40s", n) for n in (3, 4)},
    **{("/en-us/karaoke-songs-for-40s/2", n): ("/karaoke-songs-for-40s/2", n) for n in range(1, 5)},
    **{("/en-us/moving-anime-songs", n): ("/moving-anime-songs", n) for n in range(1, 5)},
    **{("/en-us/moving-anime-songs/2", n): ("/moving-anime-songs/2", n) for n in range(1, 6)},
    **{
        (f"/en-us/ranking-popular-heartbreak-songs{p}", n): (
            f"/ranking-popular-heartbreak-songs{p}",
            n,
        )
        for p in ("", "/2", "/3")
        for n in range(1, 5)
    },
}


def norm(text: str | None) -> str | None:
    """As the crawl normalises record text: NFKC, straight quotes, squeezed spaces."""
    return None if text is None else " ".join(fold_quotes(nfkc(text)).split())


def labels(path: str) -> list[dict[str, Any]]:
    file = FIXTURE_SITE / "www.ragnet.co.jp" / f"{path.strip('/')}.labels.json"
    entries: list[dict[str, Any]] = json.loads(file.read_text("utf-8"))["entries"]
    return entries


def test_crawl_of_both_editions_links_every_english_fixture_entry(tmp_path: Path) -> None:
    with LocalSite() as site:
        c = run_crawl(site, tmp_path, "--lang", "en,ja")
    assert c.rc == 0, c.stderr[-3000:]
    summary = c.summary
    run_file = c.jsonl()
    linked_file = run_file.with_name(run_file.name.replace(".jsonl", ".linked.jsonl"))
    assert summary["link"]["files"]["linked"] == str(linked_file)
    assert (c.out / "latest.linked.jsonl").resolve() == linked_file.resolve()

    run_records = [json.loads(line) for line in run_file.read_text("utf-8").splitlines()]
    linked = [json.loads(line) for line in linked_file.read_text("utf-8").splitlines()]
    # the run's own JSONL is untouched; the linked copy has the same records in the same order
    assert not any("original" in r for r in run_records)
    assert [r["entry_id"] for r in linked] == [r["entry_id"] for r in run_records]
    validator = Draft202012Validator(load_schema())
    assert all(validator.is_valid(r) for r in linked)

    english = [r for r in linked if r["article"]["lang"] == "en"]
    by_entry = {(r["entry_id"].split("#")[0].removeprefix(SITE), r["position"]): r for r in english}
    # the crawl found every English fixture entry; the malformed page has no Japanese edition
    english_only = {("/en-us/broken-city-pop-songs", 1), ("/en-us/broken-city-pop-songs", 2)}
    assert set(by_entry) == set(EXPECTED_LINKS) | english_only
    assert all(by_entry[key].get("original") is None for key in english_only)
    for (en_path, en_pos), (ja_path, ja_pos) in EXPECTED_LINKS.items():
        record = by_entry[(en_path, en_pos)]
        want = labels(ja_path)[ja_pos - 1]
        en_label = labels(en_path)[en_pos - 1]
        where = f"{en_path}#{en_pos} ({en_label['title']})"
        assert record["title"] == norm(en_label["title"]), where  # the right English entry
        original = record["original"]
        assert original is not None, f"{where}: not linked"
        assert original["title"] == norm(want["title"]), where
        assert original["artist"] == norm(want["artist"]), where
        assert original["lang"] == "ja", where
        assert original["url"] == f"{SITE}{ja_path}", where
        assert original["entry_id"] == f"{SITE}{ja_path}#{ja_pos}", where
        assert 0.6 <= original["confidence"] <= 1.0, where
        assert record["song_id"] == song_id(norm(want["artist"]), norm(want["title"]) or ""), where
    # Japanese records pass through unchanged
    ja_run = [r for r in run_records if r["article"]["lang"] == "ja"]
    assert [r for r in linked if r["article"]["lang"] == "ja"] == ja_run

    # the report names what has no partner and what was linked out of order
    report = json.loads(Path(summary["link"]["files"]["report"]).read_text("utf-8"))
    problems = {
        (p["kind"], (p.get("ja") or p.get("en") or {"title": p.get("slug")})["title"])
        for p in report["problems"]
    }
    assert problems == {
        ("unpaired_ja", "366日"),
        ("out_of_order", "SAY YES"),
        ("no_original", "broken-city-pop-songs"),  # an article with no Japanese edition
    }
    assert summary["link"]["linked"] == len(EXPECTED_LINKS)
    assert summary["link"]["english"] == len(EXPECTED_LINKS) + len(english_only)
    from scraper.run.link import crawl_summary_line

    assert crawl_summary_line(summary["link"]).startswith("41 of 43 English entries")
