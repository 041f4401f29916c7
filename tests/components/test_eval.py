"""`songlists eval`: the scoring rules (corpus/README.md, LABELS.md) and the command's bad input."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

from helpers import SEED_PAGE, run_cli

from scraper.quality.evaluate import Tally, score_page

SEED = SEED_PAGE


run = run_cli


def _label(**extra: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "heading": "crescent moonAyaka",
        "title": "crescent moon",
        "artist": "Ayaka",
        "release": "2006-09",
        "tie_ins": [],
        "awards": [],
        "complete": True,
    }
    entry.update(extra)
    return {"file": "X_001.txt", "url": "https://www.ragnet.co.jp/en-us/x", "entries": [entry]}


def _record(release: str | None) -> dict[str, Any]:
    return {
        "title": "crescent moon",
        "artist": "Ayaka",
        "heading_raw": "crescent moonAyaka",
        "release": release,
        "tie_ins": [],
        "awards": [],
    }


def _release_score(labels: dict[str, Any], release: str | None) -> Tally:
    tally = Tally()
    score_page(labels, [_record(release)], "last line", tally)
    return tally


# --------------------------------------------------------------------------- release_alt


def test_release_equal_to_the_label_is_right() -> None:
    tally = _release_score(_label(), "2006-09")
    assert (tally.entries, tally.release) == (1, 1)


def test_release_alt_list_is_accepted() -> None:
    labels = _label(release="1975-03", release_alt=["1975-11", "1975"])
    assert _release_score(labels, "1975-11").release == 1
    assert _release_score(labels, "1975").release == 1
    assert _release_score(labels, "1975-03").release == 1


def test_release_alt_as_a_single_string_is_accepted() -> None:
    """The corpus writes one alternative as a bare string too (`"release_alt": "1975-11"`)."""
    labels = _label(release="1975-03", release_alt="1975-11")
    assert _release_score(labels, "1975-11").release == 1
    # a string is not a list of characters: "1" is no acceptable release
    assert _release_score(labels, "1").release == 0


def test_a_release_outside_release_and_release_alt_is_a_miss_naming_both() -> None:
    labels = _label(release="1975-03", release_alt=["1975-11"])
    tally = _release_score(labels, "1984")
    assert tally.release == 0
    assert tally.misses["release"] == [
        "X_001.txt: 'crescent moonAyaka' -> 1984 want 1975-03 or 1975-11"
    ]


def test_null_release_with_an_alternative() -> None:
    labels = _label(release=None, release_alt=["2017"])
    assert _release_score(labels, None).release == 1
    assert _release_score(labels, "2017").release == 1
    assert _release_score(labels, "2018").release == 0


def _tiny_corpus(root: Path) -> dict[str, Any]:
    (root / "pages").mkdir(parents=True)
    (root / "labels").mkdir()
    (root / "pages" / "X_001.txt").write_bytes(SEED.read_bytes())
    labels: dict[str, Any] = json.loads((SEED.parent / "labels.json").read_text(encoding="utf-8"))
    labels["file"] = "X_001.txt"
    (root / "labels" / "X_001.json").write_text(json.dumps(labels), encoding="utf-8")
    return labels


def test_eval_command_accepts_release_alt(tmp_path: Path) -> None:
    labels = _tiny_corpus(tmp_path)
    first = labels["entries"][0]
    assert first["release"] == "2006-09"
    first["release"] = "2006"  # the parser reads 2006-09; as an alternative it is still right
    (tmp_path / "labels" / "X_001.json").write_text(json.dumps(labels), encoding="utf-8")
    without = run("eval", str(tmp_path))
    assert without.stdout.splitlines()[-1].split(" release ")[1].startswith("85.7%")
    first["release_alt"] = ["2006-09"]
    (tmp_path / "labels" / "X_001.json").write_text(json.dumps(labels), encoding="utf-8")
    with_alt = run("eval", str(tmp_path))
    assert with_alt.returncode == 0, with_alt.stderr
    assert with_alt.stdout.splitlines()[-1].split(" release ")[1].startswith("100.0%")


# --------------------------------------------------------------------------- the cut last line


def test_a_record_inside_the_cut_last_line_is_not_extra() -> None:
    """A cut playlist row `11eastMeri Ku`: HTML gives its song cell, `11Meri Ku` or `Meri Ku`."""
    labels = _label()
    for raw in ("11eastMeri Ku", "11Meri Ku", "Meri Ku"):
        rec = {"title": "Meri Ku", "artist": None, "heading_raw": raw}
        tally = Tally()
        score_page(labels, [_record("2006-09"), rec], "11eastMeri Ku", tally)
        assert tally.extra == 0, raw
    stray = {"title": "Playlist", "artist": None, "heading_raw": "Playlist"}
    tally = Tally()
    score_page(labels, [_record("2006-09"), stray], "11eastMeri Ku", tally)
    assert tally.extra == 1 and tally.misses["extra"] == ["X_001.txt: 'Playlist'"]


# --------------------------------------------------------------------------- breakdowns


def test_article_family_is_the_slug_across_sites_and_editions() -> None:
    from scraper.quality.evaluate import article_family

    assert article_family("https://www.ragnet.co.jp/en-us/cry-love-songs/5") == "cry-love-songs"
    assert article_family("https://www.ragnet.co.jp/cry-love-songs") == "cry-love-songs"
    assert article_family("https://www.studiorag.com/ko-kr/cry-love-songs/3") == "cry-love-songs"
    assert article_family("https://www.ragnet.co.jp/en-us/80s-enka?disp=playlist") == "80s-enka"
    assert article_family(None) == "(no url)"


def test_page_kind_from_text_and_labels() -> None:
    from scraper.quality.evaluate import page_kind

    def labels(*headings: str, ranks: list[int] | None = None, url: str = "") -> dict[str, Any]:
        entries: list[dict[str, Any]] = [{"heading": h} for h in headings]
        for e, r in zip(entries, ranks or [], strict=False):
            e["rank"] = r
        return {"url": url or "https://www.ragnet.co.jp/en-us/x-songs", "entries": entries}

    blank = "Title\n\nIntro.\n\nSongArtist\n\nA line.\n\nAnother.\n"
    compact = "Title\nIntro.\nSongArtist\nA line.\nAnother.\nMore.\nAnd more.\n"
    assert page_kind(blank, labels("SongArtist")) == "blank"
    assert page_kind(compact, labels("SongArtist")) == "compact"
    assert page_kind("T\nshow_chartTitlePlaylistReview\n1eastAB\n", labels("1eastAB")) == "playlist"
    assert page_kind("T\n1AB\nABplay_arrow\n", labels("1AB", ranks=[1])) == "playlist"
    assert page_kind("T\n| 1east | AB | x |\n", labels("| 1east | AB | x |")) == "playlist"
    assert page_kind(blank, labels("AB3rank/position", ranks=[3])) == "ranking"
    anime = labels("SongArtist", url="https://www.ragnet.co.jp/en-us/nineties-anime-songs/2")
    assert page_kind(blank, anime) == "anime"
    assert page_kind("RAG MusicAnime Songs\nLovely anime song\n" + blank, labels("AB")) == "anime"
    album = labels("SongArtist", url="https://www.ragnet.co.jp/en-us/album-tracks-songs")
    assert page_kind(blank, album) == "album"


def _two_page_corpus(root: Path) -> None:
    """The seed page twice: as a compact article and as a ranking page of another family."""
    _tiny_corpus(root)
    labels = json.loads((root / "labels" / "X_001.json").read_text(encoding="utf-8"))
    text = SEED.read_text(encoding="utf-8")
    first = labels["entries"][0]
    ranked_heading = first["heading"] + "1rank/position"
    text = text.replace(first["heading"] + "\n", ranked_heading + "\n", 1)
    labels2 = {
        "file": "X_002.txt",
        "url": "https://www.ragnet.co.jp/en-us/ranking-tear-songs",
        "entries": [dict(first, heading=ranked_heading, rank=1)],
    }
    (root / "pages" / "X_002.txt").write_text(text, encoding="utf-8")
    (root / "labels" / "X_002.json").write_text(json.dumps(labels2), encoding="utf-8")


def test_eval_by_kind_and_family_print_one_line_per_group_then_the_overall_line(
    tmp_path: Path,
) -> None:
    _two_page_corpus(tmp_path)
    plain = run("eval", str(tmp_path))
    assert plain.returncode == 0, plain.stderr
    overall = plain.stdout.splitlines()[-1]
    assert overall.startswith("entries 8 ")
    by_kind = run("eval", str(tmp_path), "--by", "kind")
    assert by_kind.returncode == 0, by_kind.stderr
    lines = by_kind.stdout.splitlines()
    assert lines[-1] == overall, "the overall line stays last and unchanged"
    assert [ln.split()[:2] for ln in lines[:-1]] == [["kind", "compact"], ["kind", "ranking"]]
    assert "pages   1 entries 7 " in lines[0] and "pages   1 entries 1 " in lines[1]
    by_family = run("eval", str(tmp_path), "--by", "family", "--json", str(tmp_path / "r.json"))
    lines = by_family.stdout.splitlines()
    assert lines[-1] == overall
    assert [ln.split()[1] for ln in lines[:-1]] == ["cry-love-songs", "ranking-tear-songs"]
    # a family whose pages hold no complete entry shows no ratio (not "100%")
    labels3 = {
        "file": "X_001.txt",
        "url": "https://www.ragnet.co.jp/en-us/cut-songs",
        "entries": [],
    }
    (tmp_path / "labels" / "X_003.json").write_text(json.dumps(labels3), encoding="utf-8")
    with_empty = run("eval", str(tmp_path), "--by", "family").stdout.splitlines()
    empty = next(ln for ln in with_empty if " cut-songs " in ln)
    assert empty.endswith("entries 0 (no complete labelled entry) extra 7") and "%" not in empty
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert not list(tmp_path.glob(".r.json*")), "no temp file left beside the JSON"
    assert set(data["by_family"]) == {"cry-love-songs", "ranking-tear-songs"}
    assert data["by_family"]["ranking-tear-songs"]["found"] == 1.0


def test_eval_as_html_all_prints_the_text_line_then_one_line_per_shape(tmp_path: Path) -> None:
    from scraper.quality.shapes import SHAPES

    _tiny_corpus(tmp_path)
    out = run("eval", str(tmp_path), "--as-html", "all")
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert [ln.split(":")[0] for ln in lines] == ["text", *SHAPES]
    assert all(" entries 7 found " in ln for ln in lines)
    one = run("eval", str(tmp_path), "--as-html", "generic")
    assert one.returncode == 0, one.stderr
    assert one.stdout.splitlines()[-1].startswith("entries 7 found ")


# --------------------------------------------------------------------------- bad input


def _one_error_line(out: subprocess.CompletedProcess[str]) -> str:
    assert "Traceback" not in out.stderr, out.stderr
    lines = out.stderr.splitlines()
    assert len(lines) == 1, out.stderr
    return lines[0]


def test_eval_of_an_empty_directory_is_a_usage_error_not_100_percent(tmp_path: Path) -> None:
    out = run("eval", str(tmp_path))
    assert out.returncode == 2
    assert "no labelled pages" in _one_error_line(out)
    assert "100" not in out.stdout and out.stdout == ""


def test_eval_of_a_corpus_without_labels_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "pages").mkdir()
    (tmp_path / "labels").mkdir()
    (tmp_path / "pages" / "X_001.txt").write_bytes(SEED.read_bytes())
    out = run("eval", str(tmp_path))
    assert out.returncode == 2 and out.stdout == ""
    assert "no labelled pages" in _one_error_line(out)


def test_eval_with_no_page_of_the_edition_is_a_usage_error(tmp_path: Path) -> None:
    _tiny_corpus(tmp_path)
    out = run("eval", str(tmp_path), "--lang", "de")
    assert out.returncode == 2 and out.stdout == ""
    assert "no labelled pages for edition 'de'" in _one_error_line(out)


def test_eval_with_an_unknown_edition_lists_the_valid_ones(tmp_path: Path) -> None:
    _tiny_corpus(tmp_path)
    out = run("eval", str(tmp_path), "--lang", "xx")
    assert out.returncode == 2 and out.stdout == ""
    line = _one_error_line(out)
    assert "--lang xx" in line and "en, ja, ko, fr, de, all" in line


def test_eval_with_an_unknown_shape_or_grouping_is_a_usage_error(tmp_path: Path) -> None:
    _tiny_corpus(tmp_path)
    shape = run("eval", str(tmp_path), "--as-html", "fancy")
    assert shape.returncode == 2 and shape.stdout == ""
    assert "generic" in _one_error_line(shape) and "all" in _one_error_line(shape)
    group = run("eval", str(tmp_path), "--by", "colour")
    assert group.returncode == 2 and "family, kind" in _one_error_line(group)


def test_a_malformed_labels_file_is_named_skipped_and_fails_the_run(tmp_path: Path) -> None:
    _tiny_corpus(tmp_path)
    (tmp_path / "pages" / "X_002.txt").write_bytes(SEED.read_bytes())
    bad = tmp_path / "labels" / "X_002.json"
    bad.write_text('{"file": "X_002.txt", "entries": [', encoding="utf-8")
    out = run("eval", str(tmp_path))
    assert out.returncode == 1
    line = _one_error_line(out)
    assert str(bad) in line and "malformed labels" in line and "not valid JSON" in line
    lines = out.stdout.splitlines()
    assert lines[-2] == "pages 2 unreadable 1"
    assert lines[-1].startswith("entries 7 found 100.0%"), "the good page is still scored"


def test_labels_of_the_wrong_structure_are_malformed(tmp_path: Path) -> None:
    _tiny_corpus(tmp_path)
    bad = tmp_path / "labels" / "X_002.json"
    bad.write_text('{"file": "X_002.txt", "entries": [{"title": "no heading"}]}', "utf-8")
    out = run("eval", str(tmp_path))
    assert out.returncode == 1
    assert 'entry 1 has no "heading" string' in _one_error_line(out)


def test_an_unreadable_page_is_named(tmp_path: Path) -> None:
    _tiny_corpus(tmp_path)
    labels = json.loads((tmp_path / "labels" / "X_001.json").read_text(encoding="utf-8"))
    for name, content in (("X_002.txt", None), ("X_003.txt", b"\x89PNG\r\n\x1a\n\x00\x00")):
        (tmp_path / "labels" / name.replace(".txt", ".json")).write_text(
            json.dumps(dict(labels, file=name)), encoding="utf-8"
        )
        if content is not None:
            (tmp_path / "pages" / name).write_bytes(content)
    out = run("eval", str(tmp_path))
    assert out.returncode == 1
    assert "Traceback" not in out.stderr
    errors = out.stderr.splitlines()
    assert len(errors) == 2
    assert "X_002.txt: unreadable page, not scored: no such file" in errors[0]
    assert "X_003.txt: unreadable page, not scored: binary" in errors[1]
    assert "pages 3 unreadable 2" in out.stdout


def test_an_unwritable_json_path_is_refused_before_any_work(tmp_path: Path) -> None:
    _tiny_corpus(tmp_path)
    a_file = tmp_path / "plain-file"
    a_file.write_text("x", encoding="utf-8")
    for target, why in (
        (tmp_path, "is a directory"),
        (tmp_path / "missing" / "r.json", "no such directory"),
        (a_file / "r.json", "not a directory"),
    ):
        out = run("eval", str(tmp_path), "--json", str(target))
        assert out.returncode == 2, target
        assert out.stdout == "", "nothing was scored"
        line = _one_error_line(out)
        assert line.startswith(f"songlists: --json {target}: ") and why in line
    assert a_file.read_text(encoding="utf-8") == "x"


def test_an_unreadable_floor_file_is_refused_before_any_work(tmp_path: Path) -> None:
    _tiny_corpus(tmp_path)
    floor = tmp_path / "floor.json"
    floor.write_text("[0.5]", encoding="utf-8")
    out = run("eval", str(tmp_path), "--floor-file", str(floor))
    assert out.returncode == 2 and out.stdout == ""
    assert "not a JSON object of ratios" in _one_error_line(out)


def test_as_html_given_before_the_corpus_still_means_our_template(tmp_path: Path) -> None:
    _tiny_corpus(tmp_path)
    out = run("eval", "--as-html", str(tmp_path))
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines()[-1].startswith("entries 7 found ")
    missing = run("eval", "--lang", "en")
    assert missing.returncode == 2 and "give the CORPUS_DIR" in _one_error_line(missing)


def test_the_floor_is_checked_for_every_shape_with_as_html_all(tmp_path: Path) -> None:
    _tiny_corpus(tmp_path)
    floor = tmp_path / "floor.json"
    floor.write_text(json.dumps({"found": 1.01}), encoding="utf-8")  # a floor nobody meets
    out = run("eval", str(tmp_path), "--as-html", "all", "--floor-file", str(floor))
    assert out.returncode == 1
    below = [ln for ln in out.stderr.splitlines() if "below the recorded floor" in ln]
    assert [ln.split(": ")[1] for ln in below] == ["text", "template", *_own_shapes()]


def _own_shapes() -> list[str]:
    from scraper.quality.shapes import OWN_SHAPES

    return list(OWN_SHAPES)


def test_a_missing_gazetteer_file_is_refused_not_ignored(tmp_path: Path) -> None:
    _tiny_corpus(tmp_path)
    out = run("eval", str(tmp_path), "--gazetteer", str(tmp_path / "nope.txt"))
    assert out.returncode == 2 and out.stdout == ""
    assert "nope.txt: no such file" in _one_error_line(out)
