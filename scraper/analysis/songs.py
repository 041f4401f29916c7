"""`songlists songs RUN.jsonl...`: one row per song, with every place it appears.

A song is a `song_id` (artist|title, NFKC, case-folded, punctuation dropped, spaces
squeezed: see parsers.page.song_id), so `Lemon` by `Kenshi Yonezu` on two articles, or in two
runs, is one song. With linked identity (scraper.analysis.identity: a run of both editions
is linked) an English entry's `song_id` keys on its Japanese original's names, so the two
editions' entries of a song are one song too. An appearance is an entry (`entry_id`: page URL
and position); the same entry seen in several runs is one appearance, listing the runs, with
the latest run's values. Title and artist shown for the song are the original edition's most
frequent spelling among its appearances, release the most frequent (ties: the latest run);
`names` gives each edition's own. A list is an article with all its pages, domains and
editions. Known limits: docs/analysis.md ("How songs are identified").
"""

from __future__ import annotations

import csv
import json
from typing import IO, Any

from .load import RecordDict, Run
from .records import article_url, list_key, original_names

# per song_id: for "title", "artist", "release" and "names:<lang>" (that edition's own
# (title, artist)), each value seen -> (times seen, order of the latest run that had it)
Spellings = dict[str, dict[Any, tuple[int, int]]]


def build_songs(runs: list[Run]) -> list[dict[str, Any]]:
    """The songs of the runs (in the given order: later runs win ties), most-listed first.

    Give the runs linked identity first (`identity.apply_identity`) to have a song's English
    and Japanese entries under one `song_id`."""
    appearances: dict[str, dict[str, dict[str, Any]]] = {}
    spellings: dict[str, Spellings] = {}
    for order, run in enumerate(runs):
        for r in run.records:
            sid = r["song_id"]
            seen = appearances.setdefault(sid, {})
            seen[r["entry_id"]] = _appearance(r, run.run_id, seen.get(r["entry_id"]))
            sp = spellings.setdefault(sid, {"title": {}, "artist": {}, "release": {}})
            _count_spellings(sp, r, order)
    songs = [_song(sid, apps, spellings[sid]) for sid, apps in appearances.items()]
    songs.sort(key=lambda s: (-s["lists"], -s["appearance_count"], s["song_id"]))
    return songs


def _appearance(record: RecordDict, run_id: str, earlier: dict[str, Any] | None) -> dict[str, Any]:
    """An entry's appearance with this run's values, and the runs it was seen in (`earlier`:
    the same entry from an earlier run)."""
    article = record.get("article") or {}
    runs_seen = earlier["runs"] if earlier else []
    if run_id not in runs_seen:
        runs_seen.append(run_id)
    return {
        "entry_id": record["entry_id"],
        "list": list_key(record),
        "article_url": article_url(record),
        "article_title": article.get("title"),
        "lang": article.get("lang"),
        "page": article.get("page"),
        "position": record.get("position"),
        "rank": record.get("rank"),
        "section": record.get("section"),
        "title": record.get("title"),
        "artist": record.get("artist"),
        "runs": runs_seen,
    }


def _count_spellings(sp: Spellings, record: RecordDict, order: int) -> None:
    """Count the record's original-edition title, artist and release, and its edition's own
    names, in `sp` (on equal counts the latest run wins)."""
    title, artist = original_names(record)
    for name, value in (("title", title), ("artist", artist), ("release", record.get("release"))):
        if value is not None:
            count, _ = sp[name].get(value, (0, 0))
            sp[name][value] = (count + 1, order)
    lang = str((record.get("article") or {}).get("lang"))
    seen = sp.setdefault(f"names:{lang}", {})
    key = (record.get("title"), record.get("artist"))
    count, _ = seen.get(key, (0, 0))
    seen[key] = (count + 1, order)


def _song(sid: str, apps: dict[str, dict[str, Any]], sp: Spellings) -> dict[str, Any]:
    """One song's row: its names, releases, lists and appearances (in list order)."""
    items = sorted(
        apps.values(),
        key=lambda a: (a["list"], a["lang"] or "", a["page"] or 0, a["position"] or 0),
    )
    names = {}
    for edition in sorted(k for k in sp if k.startswith("names:")):
        title, artist = _top(sp[edition])
        names[edition.removeprefix("names:")] = {"title": title, "artist": artist}
    return {
        "song_id": sid,
        "title": _top(sp["title"]),
        "artist": _top(sp["artist"]),
        "names": names,
        "release": _top(sp["release"]),
        "releases": sorted(sp["release"]),
        "lists": len({a["list"] for a in items}),
        "editions": sorted({a["lang"] or "" for a in items}),
        "appearance_count": len(items),
        "runs": sorted({run_id for a in items for run_id in a["runs"]}),
        "articles": _articles(items),
        "appearances": items,
    }


def _articles(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per list (article, all its editions) with its editions, ranks and URLs."""
    out: dict[str, dict[str, Any]] = {}
    for a in items:
        row = out.setdefault(
            a["list"], {"list": a["list"], "titles": {}, "editions": [], "ranks": [], "urls": []}
        )
        lang = a["lang"] or ""
        row["titles"].setdefault(lang, a["article_title"])
        for name, value in (("editions", lang), ("urls", a["article_url"]), ("ranks", a["rank"])):
            if value is not None and value not in row[name]:
                row[name].append(value)
    for row in out.values():
        row["editions"].sort()
        row["ranks"].sort()
    return list(out.values())


def _top(counts: dict[Any, tuple[int, int]]) -> Any:
    """The value seen most often (on a tie, the one seen in the latest run)."""
    if not counts:
        return None
    return max(counts.items(), key=lambda kv: kv[1])[0]


CSV_COLUMNS = (
    "song_id",
    "title",
    "artist",
    "names",
    "release",
    "releases",
    "lists",
    "editions",
    "appearance_count",
    "runs",
    "articles",
    "appearances",
)


def write_songs(songs: list[dict[str, Any]], out: IO[str], fmt: str) -> None:
    if fmt == "jsonl":
        for song in songs:
            out.write(json.dumps(song, ensure_ascii=False) + "\n")
        return
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for s in songs:
        writer.writerow(
            {
                **{k: s[k] for k in ("song_id", "title", "artist", "release", "lists")},
                "appearance_count": s["appearance_count"],
                "releases": ";".join(s["releases"]),
                "names": json.dumps(s["names"], ensure_ascii=False),
                "editions": ";".join(s["editions"]),
                "runs": ";".join(s["runs"]),
                "articles": json.dumps(s["articles"], ensure_ascii=False),
                "appearances": json.dumps(s["appearances"], ensure_ascii=False),
            }
        )
