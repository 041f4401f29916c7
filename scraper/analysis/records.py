"""Small views of a record shared by the analysis commands: which article it belongs to, its
flat row for tables."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from parsers.sites.urls import parse_article_url, record_article_url

from .load import RecordDict


def article_key(record: RecordDict) -> str:
    """The article an entry belongs to, whatever its page and domain: `en/tearful-love-songs`.

    Falls back to the page URL without its page number when the URL is not an article path.
    """
    parsed = record_article_url(record)
    if parsed is not None:
        return parsed.article_key
    entry_id = str(record.get("entry_id", ""))
    return entry_id.rsplit("#", 1)[0]


def article_url(record: RecordDict) -> str | None:
    """The URL of the article's first page (canonical form), e.g.
    `https://www.ragnet.co.jp/en-us/tearful-love-songs` for an entry on page 3."""
    article = record.get("article") or {}
    url = article.get("canonical_url") or article.get("url")
    if not url:
        return None
    parsed = parse_article_url(url)
    if parsed is None:
        return str(url)
    host = parsed.site or article.get("site") or ""
    return f"https://{host}{replace(parsed, page=1, view=None).path()}"


def list_key(record: RecordDict) -> str:
    """The list an entry belongs to, whatever its edition, page and domain:
    `tearful-love-songs` (the English and Japanese editions of an article are one list)."""
    key = article_key(record)
    lang, sep, slug = key.partition("/")
    return slug if sep and "/" not in slug and ":" not in lang else key


def original_names(record: RecordDict) -> tuple[str, str | None]:
    """(title, artist) in the original edition: a linked English record's `original`, else
    the record's own names."""
    original = record.get("original")
    if isinstance(original, dict) and original.get("title"):
        return str(original["title"]), original.get("artist")
    return str(record.get("title", "")), record.get("artist")


def page_key(record: RecordDict) -> str:
    """One page of an article: `en/tearful-love-songs/3`."""
    return f"{article_key(record)}/{(record.get('article') or {}).get('page', 1)}"


def release_year(record: RecordDict) -> int | None:
    release = record.get("release")
    return int(release[:4]) if isinstance(release, str) and release[:4].isdigit() else None


def label(record: RecordDict) -> str:
    """`"Title" — Artist` for tables."""
    artist = record.get("artist")
    title = record.get("title", "")
    return f"“{title}” — {artist}" if artist else f"“{title}” (no artist)"


def entries_row(record: RecordDict, run_id: str) -> dict[str, Any]:
    """The flat `entries` row of a record (see docs/analysis.md, export)."""
    article = record.get("article") or {}
    split = record.get("split") or {}
    tie_ins = record.get("tie_ins") or []
    awards = record.get("awards") or []
    videos = record.get("video_titles") or []
    kinds: list[str] = []
    for t in tie_ins:
        if t.get("kind") and t["kind"] not in kinds:
            kinds.append(t["kind"])
    return {
        "run_id": run_id,
        "entry_id": record.get("entry_id"),
        "song_id": record.get("song_id"),
        "article_key": article_key(record),
        "article_url": article_url(record),
        "article_title": article.get("title"),
        "lang": article.get("lang"),
        "site": article.get("site"),
        "page": article.get("page"),
        "page_url": article.get("canonical_url") or article.get("url"),
        "position": record.get("position"),
        "rank": record.get("rank"),
        "section": record.get("section"),
        "context": record.get("context"),
        "title": record.get("title"),
        "artist": record.get("artist"),
        "heading_raw": record.get("heading_raw"),
        "split_method": split.get("method"),
        "split_confidence": split.get("confidence"),
        "is_new": record.get("is_new"),
        "release": record.get("release"),
        "release_year": release_year(record),
        "release_confidence": record.get("release_confidence"),
        "release_method": record.get("release_method"),
        "tie_in_count": len(tie_ins),
        "tie_in_kinds": ";".join(kinds) or None,
        "award_count": len(awards),
        "video_count": len(videos),
        "complete": record.get("complete"),
        "description": record.get("description"),
        **original_columns(record),
    }


def original_columns(record: RecordDict) -> dict[str, Any]:
    """`original_*`: the Japanese entry a linked English record translates (null otherwise)."""
    value = record.get("original")
    original: dict[str, Any] = value if isinstance(value, dict) else {}
    return {
        f"original_{name}": original.get(name)
        for name in ("title", "artist", "lang", "url", "entry_id", "confidence")
    }


def tie_in_rows(record: RecordDict, run_id: str) -> list[dict[str, Any]]:
    return [
        {
            "run_id": run_id,
            "entry_id": record.get("entry_id"),
            "song_id": record.get("song_id"),
            "n": n,
            "kind": t.get("kind"),
            "name": t.get("name"),
            "by": t.get("by"),
            "text": t.get("text"),
            "confidence": t.get("confidence"),
            "release_year": release_year(record),
        }
        for n, t in enumerate(record.get("tie_ins") or [], start=1)
    ]


def award_rows(record: RecordDict, run_id: str) -> list[dict[str, Any]]:
    return [
        {
            "run_id": run_id,
            "entry_id": record.get("entry_id"),
            "song_id": record.get("song_id"),
            "n": n,
            "name": a.get("name"),
            "ceremony": a.get("ceremony"),
            "edition": a.get("edition"),
            "text": a.get("text"),
            "confidence": a.get("confidence"),
        }
        for n, a in enumerate(record.get("awards") or [], start=1)
    ]


def video_rows(record: RecordDict, run_id: str) -> list[dict[str, Any]]:
    return [
        {"run_id": run_id, "entry_id": record.get("entry_id"), "n": n, "video_title": v}
        for n, v in enumerate(record.get("video_titles") or [], start=1)
    ]
