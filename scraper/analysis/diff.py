"""`songlists diff OLD.jsonl NEW.jsonl`: what changed between two runs, per article.

Entries are matched within an article (edition + slug, whatever the page or domain):

1. by `song_id`, so a song that moved (an entry inserted above it, a page re-cut) is the
   same entry; several entries with one song_id pair up in page/position order;
2. what is left, by place (page and position): the same slot with another song_id is a
   *changed* entry (typically a title/artist split that came out differently);
3. the rest are *added* (only in NEW) or *removed* (only in OLD).

A matched pair whose only differences are where it stands (`entry_id`, `position`, page,
page URL) is *moved*; any other difference makes it *changed*, with the fields named
(`release`, `tie_ins`, `split.confidence`, `article.title` ...).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from scraper.crawl.items import PROVENANCE_FIELDS

from .load import RecordDict, Run
from .records import article_key, label

# Fields that say where an entry stands, not what it is.
PLACE_FIELDS = frozenset(
    {"entry_id", "position", "article.page", "article.url", "article.canonical_url"}
)
# Fields that say which crawl wrote an entry and when (schema 1.2): every run differs in them,
# so they are no change (scraper/devtools/compare.py sets the same two aside).


def flat_fields(record: RecordDict) -> dict[str, Any]:
    """Top-level fields, with `split` and `article` opened one level (`split.method`)."""
    out: dict[str, Any] = {}
    for name, value in record.items():
        if name in ("split", "article") and isinstance(value, dict):
            for sub, v in value.items():
                out[f"{name}.{sub}"] = v
        else:
            out[name] = value
    return out


def changed_fields(old: RecordDict, new: RecordDict) -> list[str]:
    a, b = flat_fields(old), flat_fields(new)
    names = list(a) + [k for k in b if k not in a]
    return [k for k in names if k not in PROVENANCE_FIELDS and a.get(k) != b.get(k)]


def _slot(record: RecordDict) -> tuple[int, int]:
    return (int((record.get("article") or {}).get("page") or 1), int(record.get("position") or 0))


@dataclass
class Change:
    old: RecordDict
    new: RecordDict
    fields: list[str]

    @property
    def moved_only(self) -> bool:
        return all(f in PLACE_FIELDS for f in self.fields)


@dataclass
class ArticleDiff:
    key: str
    title: str | None
    old_count: int = 0
    new_count: int = 0
    added: list[RecordDict] = field(default_factory=list)
    removed: list[RecordDict] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)  # content changed
    moved: list[Change] = field(default_factory=list)  # only the place changed
    unchanged: int = 0

    @property
    def has_changes(self) -> bool:
        return bool(self.added or self.removed or self.changed or self.moved)


@dataclass
class DiffResult:
    old: Run
    new: Run
    articles: list[ArticleDiff]

    @property
    def has_changes(self) -> bool:
        return any(a.has_changes for a in self.articles)

    def totals(self) -> dict[str, int]:
        return {
            "articles_old": sum(1 for a in self.articles if a.old_count),
            "articles_new": sum(1 for a in self.articles if a.new_count),
            "entries_old": sum(a.old_count for a in self.articles),
            "entries_new": sum(a.new_count for a in self.articles),
            "added": sum(len(a.added) for a in self.articles),
            "removed": sum(len(a.removed) for a in self.articles),
            "changed": sum(len(a.changed) for a in self.articles),
            "moved": sum(len(a.moved) for a in self.articles),
            "unchanged": sum(a.unchanged for a in self.articles),
        }


def _group(records: Iterable[RecordDict]) -> dict[str, list[RecordDict]]:
    groups: dict[str, list[RecordDict]] = defaultdict(list)
    for r in records:
        groups[article_key(r)].append(r)
    return groups


def diff_article(key: str, old: list[RecordDict], new: list[RecordDict]) -> ArticleDiff:
    title = ((new or old)[0].get("article") or {}).get("title")
    result = ArticleDiff(key=key, title=title, old_count=len(old), new_count=len(new))
    old_left = sorted(old, key=_slot)
    new_left = sorted(new, key=_slot)
    pairs: list[tuple[RecordDict, RecordDict]] = []

    # 1. same song_id, in page/position order
    by_song: dict[str, list[RecordDict]] = defaultdict(list)
    for r in new_left:
        by_song[r["song_id"]].append(r)
    rest_old: list[RecordDict] = []
    for r in old_left:
        candidates = by_song.get(r["song_id"])
        if candidates:
            pairs.append((r, candidates.pop(0)))
        else:
            rest_old.append(r)
    rest_new = [r for rs in by_song.values() for r in rs]
    rest_new.sort(key=_slot)

    # 2. same slot, another song
    new_by_slot = {_slot(r): r for r in rest_new}
    still_old: list[RecordDict] = []
    for r in rest_old:
        other = new_by_slot.pop(_slot(r), None)
        if other is not None:
            pairs.append((r, other))
        else:
            still_old.append(r)

    # 3. the rest
    result.removed = still_old
    result.added = sorted(new_by_slot.values(), key=_slot)
    for a, b in sorted(pairs, key=lambda p: _slot(p[1])):
        fields = changed_fields(a, b)
        if not fields:
            result.unchanged += 1
            continue
        change = Change(a, b, fields)
        (result.moved if change.moved_only else result.changed).append(change)
    return result


def diff_runs(old: Run, new: Run) -> DiffResult:
    a, b = _group(old.records), _group(new.records)
    keys = sorted(set(a) | set(b))
    return DiffResult(old, new, [diff_article(k, a.get(k, []), b.get(k, [])) for k in keys])


# --------------------------------------------------------------------------- output


def _where(r: RecordDict) -> str:
    page = (r.get("article") or {}).get("page", 1)
    rank = f" rank {r['rank']}" if r.get("rank") is not None else ""
    return f"p{page} #{r.get('position')}{rank}"


def _short(value: Any, limit: int = 48) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else f'"{value}"'
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _describe(change: Change) -> str:
    a, b = flat_fields(change.old), flat_fields(change.new)
    parts = []
    for f in change.fields:
        if f in PLACE_FIELDS and f != "position":
            continue
        if f in ("description", "heading_raw", "video_titles", "tie_ins", "awards"):
            parts.append(f)  # long values: name the field only
        else:
            parts.append(f"{f} {_short(a.get(f))} → {_short(b.get(f))}")
    return "; ".join(parts)


def format_table(result: DiffResult, full: bool = False) -> str:
    t = result.totals()
    lines = [
        f"old: {result.old.path} (run {result.old.run_id}, {t['entries_old']} entries, "
        f"{t['articles_old']} articles)",
        f"new: {result.new.path} (run {result.new.run_id}, {t['entries_new']} entries, "
        f"{t['articles_new']} articles)",
        f"entries: {t['added']} added, {t['removed']} removed, {t['changed']} changed, "
        f"{t['moved']} moved, {t['unchanged']} unchanged",
        "",
    ]
    shown = [a for a in result.articles if full or a.has_changes]
    if not shown:
        lines.append("no differences")
        return "\n".join(lines) + "\n"
    width = max(len("article"), *(len(a.key) for a in shown))
    head = f"{'article':<{width}}  {'old':>4} {'new':>4}  {'added':>5} {'removed':>7} "
    head += f"{'changed':>7} {'moved':>5}"
    lines += [head, "-" * len(head)]
    for a in shown:
        lines.append(
            f"{a.key:<{width}}  {a.old_count:>4} {a.new_count:>4}  {len(a.added):>5} "
            f"{len(a.removed):>7} {len(a.changed):>7} {len(a.moved):>5}"
        )
    quiet = len(result.articles) - len(shown)
    if quiet:
        lines.append(f"({quiet} articles without changes; --all lists them)")
    for a in shown:
        if not a.has_changes:
            continue
        lines += ["", f"{a.key}: {a.title or ''}"]
        for r in a.added:
            lines.append(f"  + {_where(r):<18} {label(r)}")
        for r in a.removed:
            lines.append(f"  - {_where(r):<18} {label(r)}")
        for c in a.changed:
            lines.append(f"  ~ {_where(c.new):<18} {label(c.new)}: {_describe(c)}")
        for c in a.moved:
            lines.append(f"  > {_where(c.new):<18} {label(c.new)}: moved from {_where(c.old)}")
    lines += ["", "+ added  - removed  ~ changed (fields)  > moved (same song, another place)"]
    return "\n".join(lines) + "\n"


def _entry(r: RecordDict) -> dict[str, Any]:
    article = r.get("article") or {}
    return {
        "entry_id": r.get("entry_id"),
        "song_id": r.get("song_id"),
        "title": r.get("title"),
        "artist": r.get("artist"),
        "page": article.get("page"),
        "position": r.get("position"),
        "rank": r.get("rank"),
    }


def to_dict(result: DiffResult) -> dict[str, Any]:
    def change(c: Change) -> dict[str, Any]:
        a, b = flat_fields(c.old), flat_fields(c.new)
        return {
            **_entry(c.new),
            "old_entry_id": c.old.get("entry_id"),
            "fields": c.fields,
            "old": {f: a.get(f) for f in c.fields},
            "new": {f: b.get(f) for f in c.fields},
        }

    return {
        "old": {"path": str(result.old.path), "run_id": result.old.run_id},
        "new": {"path": str(result.new.path), "run_id": result.new.run_id},
        "totals": result.totals(),
        "articles": [
            {
                "article": a.key,
                "title": a.title,
                "old_entries": a.old_count,
                "new_entries": a.new_count,
                "unchanged": a.unchanged,
                "added": [_entry(r) for r in a.added],
                "removed": [_entry(r) for r in a.removed],
                "changed": [change(c) for c in a.changed],
                "moved": [change(c) for c in a.moved],
            }
            for a in result.articles
        ],
    }


def format_json(result: DiffResult) -> str:
    return json.dumps(to_dict(result), ensure_ascii=False, indent=2) + "\n"
