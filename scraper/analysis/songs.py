"""`songlists songs RUN.jsonl...`: one row per song, with every place it appears.

A song is a `song_id` (artist|title, NFKC, case-folded, punctuation dropped, spaces
squeezed: see parsers.page.song_id), so `Lemon` by `Kenshi Yonezu` on two articles, or in two
runs, is one song. An appearance is an entry (`entry_id`: page URL and position); the same
entry seen in several runs is one appearance, listing the runs, with the latest run's
values. Title, artist and release shown for the song are the most frequent spelling among
its appearances (ties: the latest run). Known limits: docs/analysis.md ("How songs are
identified").
"""

from __future__ import annotations

import csv
import json
from typing import IO, Any

from .load import Run
from .records import article_url


def build_songs(runs: list[Run]) -> list[dict[str, Any]]:
    """The songs of the runs (in the given order: later runs win ties), most-listed first."""
    appearances: dict[str, dict[str, dict[str, Any]]] = {}
    spellings: dict[str, dict[str, dict[Any, tuple[int, int]]]] = {}
    for order, run in enumerate(runs):
        for r in run.records:
            sid = r["song_id"]
            article = r.get("article") or {}
            entry = appearances.setdefault(sid, {}).get(r["entry_id"])
            runs_seen = entry["runs"] if entry else []
            if run.run_id not in runs_seen:
                runs_seen.append(run.run_id)
            appearances[sid][r["entry_id"]] = {
                "entry_id": r["entry_id"],
                "article_url": article_url(r),
                "article_title": article.get("title"),
                "lang": article.get("lang"),
                "page": article.get("page"),
                "position": r.get("position"),
                "rank": r.get("rank"),
                "section": r.get("section"),
                "runs": runs_seen,
            }
            sp = spellings.setdefault(sid, {"title": {}, "artist": {}, "release": {}})
            for name in ("title", "artist", "release"):
                value = r.get(name)
                if value is not None:
                    count, _ = sp[name].get(value, (0, 0))
                    sp[name][value] = (count + 1, order)  # on equal counts the latest wins

    songs = []
    for sid, apps in appearances.items():
        sp = spellings[sid]
        items = sorted(
            apps.values(),
            key=lambda a: (a["article_url"] or "", a["page"] or 0, a["position"] or 0),
        )
        lists = {a["article_url"] for a in items}
        runs_all = sorted({run_id for a in items for run_id in a["runs"]})
        songs.append(
            {
                "song_id": sid,
                "title": _top(sp["title"]),
                "artist": _top(sp["artist"]),
                "release": _top(sp["release"]),
                "releases": sorted(sp["release"]),
                "lists": len(lists),
                "appearance_count": len(items),
                "runs": runs_all,
                "appearances": items,
            }
        )
    songs.sort(key=lambda s: (-s["lists"], -s["appearance_count"], s["song_id"]))
    return songs


def _top(counts: dict[Any, tuple[int, int]]) -> Any:
    """The value seen most often (on a tie, the one seen in the latest run)."""
    if not counts:
        return None
    return max(counts.items(), key=lambda kv: kv[1])[0]


CSV_COLUMNS = (
    "song_id",
    "title",
    "artist",
    "release",
    "releases",
    "lists",
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
                "runs": ";".join(s["runs"]),
                "articles": ";".join(sorted({a["article_url"] or "" for a in s["appearances"]})),
                "appearances": json.dumps(s["appearances"], ensure_ascii=False),
            }
        )
