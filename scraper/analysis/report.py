"""`songlists report RUN.jsonl`: one self-contained HTML page describing a run.

The numbers come from `compute_stats` (plain data, tested on its own); `render_html` lays them
out with matplotlib plots embedded as inline SVG, so the file opens without a network.
"""

from __future__ import annotations

import html
import io
from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, cast

from scraper.run.coverage import covered

from .load import Problem, Record, Run, schema_version
from .records import (
    article_key,
    article_url,
    label,
    list_key,
    original_names,
    page_key,
    release_year,
)

DEFAULT_REVIEW_BELOW = 0.5
TOP_N = 20
REVIEW_ROWS = 300

# Fields whose coverage the report shows, with how "has a value" is decided.
COVERAGE_FIELDS: tuple[tuple[str, str], ...] = (
    ("artist", "artist named (null when the heading names none)"),
    ("release", "release year or month found in the description"),
    ("rank", "rank (ranking and playlist pages only)"),
    ("section", "section heading above the entry"),
    ("context", "album or work line (album-feature and anime pages only)"),
    ("tie_ins", "at least one tie-in (drama, anime, commercial...)"),
    ("awards", "at least one award"),
    ("video_titles", "at least one embedded video"),
    ("description", "a description text"),
)

SPLIT_METHODS: dict[str, str] = {
    "markup": "the page's HTML marks title and artist, or a NEW! badge sits between them",
    "video_title": "an embedded video's title names the artist or shows the boundary",
    "description": "the description names the artist or quotes the title",
    "gazetteer": "a known artist name (gazetteer or the page's other headings)",
    "words": "word frequencies: the fused token is no word, its halves are",
    "casing": "how the boundary looks (case change, punctuation, script change)",
    "japanese": "Japanese morphology: the artist starts at a word, best at a personal name",
    "no_artist": "the heading names no artist",
    "fallback": "nothing decided; the last resort cut: check these",
}


def compute_stats(
    records: Sequence[Record], review_below: float = DEFAULT_REVIEW_BELOW
) -> dict[str, Any]:
    """Everything the report shows, as plain data."""
    n = len(records)
    articles: dict[str, dict[str, Any]] = {}
    for r in records:
        key = article_key(r)
        a = articles.setdefault(
            key,
            {
                "key": key,
                "url": article_url(r),
                "title": (r.get("article") or {}).get("title"),
                "lang": (r.get("article") or {}).get("lang"),
                "pages": set(),
                "entries": 0,
                "ranked": 0,
            },
        )
        a["pages"].add((r.get("article") or {}).get("page"))
        a["entries"] += 1
        a["ranked"] += r.get("rank") is not None
    article_rows = sorted(
        ({**a, "pages": len(a["pages"])} for a in articles.values()),
        key=lambda a: (a["lang"] or "", a["key"]),
    )

    coverage: list[dict[str, Any]] = [
        {"field": name, "meaning": meaning, "count": sum(covered(r.get(name)) for r in records)}
        for name, meaning in COVERAGE_FIELDS
    ]
    for row in coverage:
        row["share"] = row["count"] / n if n else 0.0

    methods = Counter(r["split"]["method"] for r in records)
    confidences = [float(r["split"]["confidence"]) for r in records]
    review = sorted(
        (
            r
            for r in records
            if r["split"]["confidence"] < review_below or r["split"]["method"] == "fallback"
        ),
        key=lambda r: (r["split"]["confidence"], r.get("entry_id", "")),
    )

    # doubtful facts (schema 1.1 records carry a confidence on each release, tie-in, award)
    doubtful: list[dict[str, Any]] = []
    for r in records:
        rc = r.get("release_confidence")
        if r.get("release") and isinstance(rc, (int, float)) and rc < review_below:
            doubtful.append({"record": r, "fact": "release", "value": r["release"], "c": rc})
        for kind, items in (("tie-in", r.get("tie_ins") or []), ("award", r.get("awards") or [])):
            for item in items:
                c = item.get("confidence")
                if isinstance(c, (int, float)) and c < review_below:
                    what = item.get("kind", "") + ": " if kind == "tie-in" else ""
                    value = what + str(item.get("name") or item.get("text"))
                    doubtful.append({"record": r, "fact": kind, "value": value, "c": c})
    doubtful.sort(key=lambda d: (d["c"], d["record"].get("entry_id", ""), d["fact"]))

    years = Counter(y for r in records if (y := release_year(r)) is not None)
    with_month = sum(
        1 for r in records if isinstance(r.get("release"), str) and "-" in r["release"]
    )

    # "number of lists": distinct articles (all editions of one article are one list) an
    # artist or song appears in; names in the original edition, the other editions' beside them
    artist_lists: dict[str, set[str]] = defaultdict(set)
    artist_names: dict[str, Counter[str]] = defaultdict(Counter)
    artist_other: dict[str, Counter[str]] = defaultdict(Counter)
    song_lists: dict[str, set[str]] = defaultdict(set)
    song_labels: dict[str, Counter[str]] = defaultdict(Counter)
    song_other: dict[str, Counter[str]] = defaultdict(Counter)
    for r in records:
        key = list_key(r)
        title, artist = original_names(r)
        if artist:
            artist_id = r["song_id"].split("|", 1)[0] or artist.casefold()
            artist_lists[artist_id].add(key)
            artist_names[artist_id][artist] += 1
            if r.get("artist") and r["artist"] != artist:
                artist_other[artist_id][r["artist"]] += 1
        song_lists[r["song_id"]].add(key)
        song_labels[r["song_id"]][label({"title": title, "artist": artist})] += 1
        if (r.get("title"), r.get("artist")) != (title, artist):
            song_other[r["song_id"]][label(r)] += 1
    artists = [(a, artist_names[a].most_common(1)[0][0], len(s)) for a, s in artist_lists.items()]
    artists.sort(key=lambda x: (-x[2], x[1].casefold()))
    top_artists = [
        {"name": name, "also": [n for n, _ in artist_other[a].most_common()], "lists": k}
        for a, name, k in artists[:TOP_N]
    ]
    songs = [(s, song_labels[s].most_common(1)[0][0], len(a)) for s, a in song_lists.items()]
    songs.sort(key=lambda x: (-x[2], x[0]))
    top_songs = [
        {"song_id": s, "label": lab, "also": [n for n, _ in song_other[s].most_common()],
         "lists": k}
        for s, lab, k in songs[:TOP_N]
    ]  # fmt: skip

    tie_kinds: Counter[str] = Counter()
    tie_by_decade: dict[str, Counter[str]] = defaultdict(Counter)
    tie_by: Counter[str] = Counter()
    for r in records:
        year = release_year(r)
        decade = f"{year // 10 * 10}s" if year else "undated"
        for t in r.get("tie_ins") or []:
            tie_kinds[t["kind"]] += 1
            tie_by_decade[decade][t["kind"]] += 1
            if t.get("by"):
                tie_by[t["by"]] += 1

    ceremonies: Counter[str] = Counter()
    ceremony_songs: dict[str, set[str]] = defaultdict(set)
    award_names: Counter[str] = Counter()
    for r in records:
        for a in r.get("awards") or []:
            c = a.get("ceremony") or "(ceremony not named)"
            ceremonies[c] += 1
            ceremony_songs[c].add(r["song_id"])
            if a.get("name"):
                award_names[a["name"]] += 1

    return {
        "counts": {
            "articles": len(articles),
            "pages": len({page_key(r) for r in records}),
            "entries": n,
            "songs": len({r["song_id"] for r in records}),
            "artists": len(artist_lists),
            "langs": dict(Counter((r.get("article") or {}).get("lang") for r in records)),
            "incomplete": sum(1 for r in records if not r.get("complete", True)),
            "new_badges": sum(1 for r in records if r.get("is_new")),
        },
        "articles": article_rows,
        "coverage": coverage,
        "split_methods": dict(methods.most_common()),
        "confidences": confidences,
        "review_below": review_below,
        "review": review,
        "doubtful_facts": doubtful,
        "facts_without_confidence": bool(records)
        and all("release_confidence" not in r for r in records),
        "releases_per_year": dict(sorted(years.items())),
        "releases_with_month": with_month,
        "top_artists": top_artists,
        "top_songs": top_songs,
        "tie_in_kinds": dict(tie_kinds.most_common()),
        "tie_ins_by_decade": {d: dict(c) for d, c in sorted(tie_by_decade.items())},
        "tie_in_by": dict(tie_by.most_common(TOP_N)),
        "award_ceremonies": [
            {"ceremony": c, "awards": k, "songs": len(ceremony_songs[c])}
            for c, k in ceremonies.most_common()
        ],
        "award_names": dict(award_names.most_common(TOP_N)),
    }


# --------------------------------------------------------------------------- plots

BLUE, ORANGE, GREY = "#3465a4", "#e07b24", "#888a85"

# Plot text stays text (svg.fonttype none): the browser draws it with the first of these fonts
# it has, so Japanese names are readable wherever a CJK font is installed. Matplotlib measures
# with the first it finds here (DejaVu Sans ships with it; Noto Sans CJK JP where installed).
CJK_FONTS = (
    "Noto Sans CJK JP",
    "Hiragino Sans",
    "Hiragino Kaku Gothic ProN",
    "Yu Gothic",
    "Meiryo",
    "Noto Sans JP",
    "Source Han Sans JP",
)
PLOT_FONTS = ("DejaVu Sans", *CJK_FONTS)
CSS_FONTS = ", ".join(
    ["system-ui", "-apple-system", '"Segoe UI"', *(f'"{f}"' for f in CJK_FONTS), "sans-serif"]
)
PLOT_RC: dict[str, Any] = {
    "svg.fonttype": "none",
    "font.size": 9,
    "font.family": "sans-serif",
    "font.sans-serif": list(PLOT_FONTS),
}


def _svg(fig: Any) -> str:
    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight")
    text = buf.getvalue()
    start = text.find("<svg")
    return text[start:] if start >= 0 else text


def _figure(width: float, height: float) -> Any:
    from matplotlib.figure import Figure  # no pyplot: no global state, no GUI backend

    fig = Figure(figsize=(width, height), dpi=100)
    return fig


def _style(ax: Any) -> None:
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.tick_params(labelsize=9)


def _barh(labels: list[str], values: list[float], xlabel: str, percent: bool = False) -> str:
    fig = _figure(6.4, 0.32 * max(len(labels), 2) + 0.7)
    ax = fig.add_subplot()
    ys = list(range(len(labels)))[::-1]
    ax.barh(ys, values, color=BLUE, height=0.65)
    ax.set_yticks(ys, labels)
    ax.set_xlabel(xlabel, fontsize=9)
    top = max(values, default=0) or 1
    if percent:
        ax.set_xlim(0, 105)
    else:
        ax.set_xlim(0, top * 1.15)
    for y, v in zip(ys, values, strict=True):
        text = f"{v:.0f}%" if percent else f"{v:g}"
        ax.text(v + top * 0.01, y, text, va="center", fontsize=8)
    _style(ax)
    return _svg(fig)


def _confidence_histogram(confidences: list[float], threshold: float) -> str:
    fig = _figure(6.4, 2.6)
    ax = fig.add_subplot()
    bins = [i / 10 for i in range(11)]
    counts, edges, patches = ax.hist(confidences, bins=bins, color=BLUE, edgecolor="white")
    for patch, left in zip(patches, edges[:-1], strict=True):
        if left < threshold:
            patch.set_facecolor(ORANGE)
    ax.axvline(threshold, color=GREY, linestyle="--", linewidth=1)
    ax.text(threshold, max(counts, default=1) * 0.95, f" review below {threshold:g}", fontsize=8)
    ax.set_xlim(0, 1)
    ax.set_xlabel("split confidence (0 = a guess, 1 = clear)", fontsize=9)
    ax.set_ylabel("entries", fontsize=9)
    _style(ax)
    return _svg(fig)


def _years_bar(years: dict[int, int]) -> str:
    fig = _figure(7.6, 2.8)
    ax = fig.add_subplot()
    lo, hi = min(years), max(years)
    xs = list(range(lo, hi + 1))
    ax.bar(xs, [years.get(x, 0) for x in xs], color=BLUE, width=0.8)
    ax.set_xlabel("release year", fontsize=9)
    ax.set_ylabel("entries", fontsize=9)
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.xaxis.get_major_locator().set_params(integer=True)
    _style(ax)
    return _svg(fig)


# --------------------------------------------------------------------------- HTML

CSS = """
body { font: 15px/1.45 FONTS; color: #222;
       max-width: 1060px; margin: 0 auto; padding: 24px 28px 60px; }
h1 { font-size: 26px; margin-bottom: 2px; } h2 { font-size: 20px; margin-top: 36px;
     border-bottom: 1px solid #ddd; padding-bottom: 4px; } h3 { font-size: 16px; }
.sub { color: #666; font-size: 13px; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; margin: 16px 0; }
.card { border: 1px solid #ddd; border-radius: 6px; padding: 10px 16px; min-width: 110px; }
.card b { display: block; font-size: 24px; } .card span { color: #555; font-size: 13px; }
table { border-collapse: collapse; margin: 8px 0 16px; font-size: 13.5px; }
th, td { border-bottom: 1px solid #eee; padding: 4px 10px; text-align: left; vertical-align: top; }
th { background: #f6f6f6; } td.n { text-align: right; font-variant-numeric: tabular-nums; }
.bar { display: inline-block; height: 10px; background: #3465a4; vertical-align: middle; }
.nowrap { white-space: nowrap; }
.note { color: #555; font-size: 13.5px; max-width: 820px; }
.ok { color: #2e7d32; font-weight: 600; } .bad { color: #c62828; font-weight: 600; }
.plot svg { max-width: 100%; height: auto; }
.grid { display: grid; grid-template-columns: 1fr 1fr; gap: 20px; align-items: start; }
code { background: #f3f3f3; padding: 0 3px; border-radius: 3px; font-size: 12.5px; }
details { margin: 8px 0; } summary { cursor: pointer; color: #3465a4; }
.also { color: #666; font-size: 12.5px; }
""".replace("FONTS", CSS_FONTS)


_LINKED_NOTE = (
    " (an English entry's song_id keys on its Japanese original's names, so a song listed in"
    " both editions counts once)"
)


def _e(value: object) -> str:
    return html.escape("" if value is None else str(value))


def _table(head: Sequence[str], rows: Sequence[Sequence[object]], numeric: set[int]) -> str:
    out = ["<table>"]
    if any(head):
        out += ["<tr>", *(f"<th>{_e(h)}</th>" for h in head), "</tr>"]
    for row in rows:
        out.append("<tr>")
        for i, cell in enumerate(row):
            raw = isinstance(cell, _Raw)
            text = str(cell) if raw else _e(cell)
            out.append(f'<td class="n">{text}</td>' if i in numeric else f"<td>{text}</td>")
        out.append("</tr>")
    out.append("</table>")
    return "".join(out)


class _Raw(str):
    """HTML that must not be escaped again."""


def _link(url: str | None, text: object) -> _Raw:
    if not url:
        return _Raw(_e(text))
    return _Raw(f'<a href="{_e(url)}">{_e(text)}</a>')


def _with_also(name: str, also: Sequence[str]) -> _Raw:
    """A name with the other editions' spellings of it underneath."""
    if not also:
        return _Raw(_e(name))
    return _Raw(f'{_e(name)}<br><span class="also">{_e(" · ".join(also))}</span>')


def _bar(value: int, top: int) -> _Raw:
    width = int(160 * value / top) if top else 0
    return _Raw(
        f'<span class="nowrap"><span class="bar" style="width:{width}px"></span> {value}</span>'
    )


def _crawl_section(summary: dict[str, Any] | None) -> str:
    if not summary:
        return (
            '<p class="note">No crawl summary next to this file (it was not written by '
            "<code>songlists crawl</code>, or the summary was moved).</p>"
        )
    healthy = summary.get("healthy")
    pages = summary.get("pages") or {}
    errors = summary.get("errors") or {}
    problems = summary.get("health_problems") or []
    status = '<span class="ok">healthy</span>' if healthy else '<span class="bad">unhealthy</span>'
    rows = [
        ("run", summary.get("run_id")),
        ("status", _Raw(status + (": " + _e("; ".join(problems)) if problems else ""))),
        ("finished", f"{summary.get('finished_at')} ({summary.get('finish_reason')})"),
        ("duration", f"{summary.get('duration_s')} s"),
        (
            "pages fetched",
            f"{pages.get('total')} ({pages.get('articles')} article pages, "
            f"{pages.get('listings')} listings; {pages.get('extracted')} parsed, "
            f"{pages.get('extraction_reused')} unchanged)",
        ),
        ("records rejected by the schema", summary.get("rejected")),
        ("page errors", ", ".join(f"{k}: {v}" for k, v in errors.items()) or "none"),
        ("error rate", summary.get("error_rate")),
    ]
    link = summary.get("link")
    if isinstance(link, dict):
        if link.get("error"):
            rows.append(("editions linked", f"failed: {link['error']}"))
        else:
            rows.append(
                (
                    "editions linked",
                    f"{link.get('linked')} of {link.get('english')} English entries to their "
                    f"Japanese originals (doubtful {link.get('doubtful')}, unpaired "
                    f"{link.get('unpaired_en')} en / {link.get('unpaired_ja')} ja)",
                )
            )
    out = "<h3>Crawl</h3>" + _table(("", ""), rows, set())
    failed = summary.get("failed_pages")
    if isinstance(failed, list) and failed:
        out += f"<h3>Pages that failed or were skipped ({len(failed)})</h3>" + _table(
            ("page", "error", "HTTP status"),
            [
                (_link(f.get("url"), f.get("url")), f.get("error"), f.get("status") or "")
                for f in failed
                if isinstance(f, dict)
            ],
            set(),
        )
    elif errors and failed is None:
        out += (
            '<p class="note">This summary counts the failed pages but does not name them '
            "(written by an older songlists); the crawl log has their URLs.</p>"
        )
    return out


def render_html(
    stats: dict[str, Any],
    *,
    source: str,
    run_id: str,
    crawl_summary: dict[str, Any] | None = None,
    problems: Sequence[Problem] = (),
    identity: str | None = None,
) -> str:
    c = stats["counts"]
    n = c["entries"]
    langs = ", ".join(f"{k}: {v}" for k, v in sorted(c["langs"].items(), key=lambda kv: str(kv)))
    now = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    parts: list[str] = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>songlists report: {_e(run_id)}</title>",
        f"<style>{CSS}</style></head><body>",
        f"<h1>songlists report: run {_e(run_id)}</h1>",
        f'<p class="sub">{_e(source)} · schema_version {_e(schema_version())} · '
        f"generated {now}</p>",
        '<div class="cards">',
    ]
    for value, what in (
        (c["articles"], "articles"),
        (c["pages"], "pages"),
        (n, "entries"),
        (c["songs"], "distinct songs"),
        (c["artists"], "distinct artists"),
    ):
        parts.append(f'<div class="card"><b>{value}</b><span>{what}</span></div>')
    parts.append("</div>")
    parts.append(
        f'<p class="note">An <b>entry</b> is one song heading on one page (one JSONL record). '
        f"A <b>song</b> is a distinct <code>song_id</code> (normalised artist|title), so a song "
        f"listed by several articles counts once. Editions: {_e(langs)}. "
        f"<b>Song identity</b>: {_e(identity or 'as in the file')}"
        f"{'' if identity is None or 'linked' not in identity else _LINKED_NOTE}. "
        f"{c['incomplete']} entries are cut off (<code>complete: false</code>); "
        f"{c['new_badges']} carry a NEW! badge.</p>"
    )
    if problems:
        items = "".join(f"<li><code>{_e(p)}</code></li>" for p in problems[:50])
        more = f"<li>... and {len(problems) - 50} more</li>" if len(problems) > 50 else ""
        parts.append(
            f'<p class="bad">{len(problems)} line(s) of the input were skipped:</p>'
            f"<ul>{items}{more}</ul>"
        )
    parts.append(_crawl_section(crawl_summary))
    parts.append(
        '<p class="sub">Sections: <a href="#coverage">field coverage</a> · '
        '<a href="#splits">title/artist splits and the ones to review</a> · '
        '<a href="#releases">releases</a> · <a href="#top">top artists and songs</a> · '
        '<a href="#tie-ins">tie-ins</a> · <a href="#awards">awards</a> · '
        '<a href="#articles">articles</a></p>'
    )

    # coverage
    parts.append('<h2 id="coverage">Field coverage</h2>')
    parts.append(
        '<p class="note">Share of entries with a value in each field. Some fields exist only '
        "on some kinds of page: <code>rank</code> on ranking and playlist pages, "
        "<code>context</code> on album-feature and anime pages; a low share there is "
        "normal. A drop in <code>artist</code> or <code>release</code> from one run to the "
        "next points at a layout change. Field meanings: docs/schema.md.</p>"
    )
    cov = stats["coverage"]
    parts.append('<div class="grid"><div class="plot">')
    parts.append(
        _barh([r["field"] for r in cov], [100 * r["share"] for r in cov], "% of entries", True)
    )
    parts.append("</div><div>")
    parts.append(
        _table(
            ("field", "entries", "share", "what counts"),
            [(r["field"], r["count"], f"{100 * r['share']:.0f}%", r["meaning"]) for r in cov],
            {1, 2},
        )
    )
    parts.append("</div></div>")

    # split
    parts.append('<h2 id="splits">How titles and artists were split</h2>')
    parts.append(
        '<p class="note">The site runs title and artist together in one heading. '
        "<code>split.method</code> says which evidence decided the boundary, "
        "<code>split.confidence</code> how clearly it beat the next best cut. "
        "Low-confidence splits are the ones a person should check.</p>"
    )
    methods = stats["split_methods"]
    parts.append('<div class="grid"><div class="plot">')
    parts.append(_barh(list(methods), list(methods.values()), "entries"))
    parts.append(
        _table(
            ("method", "entries", "meaning"),
            [(m, k, SPLIT_METHODS.get(m, "")) for m, k in methods.items()],
            {1},
        )
    )
    parts.append('</div><div class="plot">')
    parts.append(_confidence_histogram(stats["confidences"], stats["review_below"]))
    parts.append("</div></div>")
    review = stats["review"]
    parts.append(
        f"<h3>Splits to review ({len(review)}: confidence below "
        f"{stats['review_below']:g}, or method fallback)</h3>"
    )
    if review:
        rows = [
            (
                f"{r['split']['confidence']:.2f}",
                r["split"]["method"],
                _Raw(f"<code>{_e(r['heading_raw'])}</code>"),
                r["title"],
                r["artist"] if r["artist"] is not None else "(none)",
                _link(r["entry_id"], r["entry_id"].split("//", 1)[-1]),
            )
            for r in review[:REVIEW_ROWS]
        ]
        parts.append(
            _table(("confidence", "method", "heading", "title", "artist", "entry"), rows, {0})
        )
        if len(review) > REVIEW_ROWS:
            parts.append(
                f'<p class="note">... and {len(review) - REVIEW_ROWS} more: '
                "<code>songlists export --format csv</code> and sort by split_confidence.</p>"
            )
    else:
        parts.append('<p class="note">None: every split is clear.</p>')
    facts = stats["doubtful_facts"]
    parts.append(
        f"<h3>Facts to review ({len(facts)}: a release, tie-in or award with confidence below "
        f"{stats['review_below']:g})</h3>"
    )
    if facts:
        fact_rows = [
            (
                f"{d['c']:.2f}",
                d["fact"],
                d["value"],
                label(d["record"]),
                _link(d["record"]["entry_id"], d["record"]["entry_id"].split("//", 1)[-1]),
            )
            for d in facts[:REVIEW_ROWS]
        ]
        parts.append(_table(("confidence", "fact", "value", "song", "entry"), fact_rows, {0}))
        if len(facts) > REVIEW_ROWS:
            parts.append(
                f'<p class="note">... and {len(facts) - REVIEW_ROWS} more: '
                "<code>songlists browse</code>, the review query.</p>"
            )
    elif stats["facts_without_confidence"]:
        parts.append('<p class="note">None known: records of schema 1.0 carry no confidences.</p>')
    else:
        parts.append('<p class="note">None: every fact is stated clearly.</p>')

    # releases
    parts.append('<h2 id="releases">Releases per year</h2>')
    years = stats["releases_per_year"]
    dated = sum(years.values())
    if years:
        parts.append(
            f'<p class="note">{dated} of {n} entries ({100 * dated / n:.0f}%) state their '
            f"release in the description ({stats['releases_with_month']} with the month). "
            "This is the song's own release, not a reissue, chart or broadcast date.</p>"
        )
        parts.append(f'<div class="plot">{_years_bar(years)}</div>')
        decades: Counter[int] = Counter()
        for y, k in years.items():
            decades[y // 10 * 10] += k
        parts.append(
            _table(("decade", "entries"), [(f"{d}s", k) for d, k in sorted(decades.items())], {1})
        )
    else:
        parts.append('<p class="note">No entry states a release.</p>')

    # top artists / songs
    parts.append('<h2 id="top">Top artists and songs, by number of lists</h2>')
    parts.append(
        '<p class="note">The number of distinct articles (lists) an artist or song appears in; '
        "the pages of one article, its copy on the sister domain and its editions (en, ja...) "
        "count once. Songs are told apart by <code>song_id</code>; names are shown in the "
        "original (Japanese) edition's spelling with the other editions' below. "
        f"Top {TOP_N}.</p>"
    )
    ta, ts = stats["top_artists"], stats["top_songs"]
    top_a = max((x["lists"] for x in ta), default=0)
    top_s = max((x["lists"] for x in ts), default=0)
    if ta and ts:
        parts.append('<div class="grid"><div class="plot">')
        parts.append(_barh([x["name"] for x in ta], [x["lists"] for x in ta], "lists (articles)"))
        parts.append('</div><div class="plot">')
        parts.append(_barh([x["label"] for x in ts], [x["lists"] for x in ts], "lists (articles)"))
        parts.append("</div></div>")
    parts.append('<div class="grid"><div>')
    parts.append(
        _table(
            ("artist", "lists"),
            [(_with_also(x["name"], x["also"]), _bar(x["lists"], top_a)) for x in ta],
            set(),
        )
    )
    parts.append("</div><div>")
    parts.append(
        _table(
            ("song", "lists"),
            [(_with_also(x["label"], x["also"]), _bar(x["lists"], top_s)) for x in ts],
            set(),
        )
    )
    parts.append("</div></div>")
    if top_s == 1:
        parts.append(
            '<p class="note">Every song appears in one list only in this run, so they are listed '
            "by artist, alphabetically.</p>"
        )

    # tie-ins
    parts.append('<h2 id="tie-ins">Tie-ins</h2>')
    kinds = stats["tie_in_kinds"]
    if kinds:
        total = sum(kinds.values())
        parts.append(
            f'<p class="note">{total} tie-ins (a song can have several): the drama, anime, '
            "film, commercial... the song was used in, as the description says.</p>"
        )
        parts.append('<div class="grid"><div class="plot">')
        parts.append(_barh(list(kinds), list(kinds.values()), "tie-ins"))
        parts.append("</div><div>")
        by_decade = stats["tie_ins_by_decade"]
        kind_names = list(kinds)
        parts.append("<h3>Kinds by decade of release</h3>")
        parts.append(
            _table(
                ("decade", *kind_names),
                [(d, *(row.get(k, 0) for k in kind_names)) for d, row in by_decade.items()],
                set(range(1, len(kind_names) + 1)),
            )
        )
        if stats["tie_in_by"]:
            parts.append("<h3>Broadcasters and companies named</h3>")
            parts.append(_table(("by", "tie-ins"), list(stats["tie_in_by"].items()), {1}))
        parts.append("</div></div>")
    else:
        parts.append('<p class="note">No tie-ins in this run.</p>')

    # awards
    parts.append('<h2 id="awards">Awards</h2>')
    cer = stats["award_ceremonies"]
    if cer:
        parts.append(
            '<p class="note">Awards the descriptions mention, by ceremony. Chart positions, '
            "sales and Kōhaku appearances are not awards and are not counted.</p>"
        )
        parts.append('<div class="grid"><div>')
        parts.append(
            _table(
                ("ceremony", "awards", "songs"),
                [(x["ceremony"], x["awards"], x["songs"]) for x in cer],
                {1, 2},
            )
        )
        parts.append("</div><div>")
        parts.append(_table(("award", "times"), list(stats["award_names"].items()), {1}))
        parts.append("</div></div>")
    else:
        parts.append('<p class="note">No awards in this run.</p>')

    # articles
    arts = stats["articles"]
    parts.append(f'<h2 id="articles">Articles ({len(arts)})</h2>')
    art_rows = [
        (a["lang"], _link(a["url"], a["title"] or a["key"]), a["pages"], a["entries"], a["ranked"])
        for a in arts
    ]
    table = _table(("edition", "article", "pages", "entries", "ranked"), art_rows, {2, 3, 4})
    if len(arts) > 15:
        table = f"<details><summary>show the {len(arts)} articles</summary>{table}</details>"
    parts.append(table)

    parts.append(
        '<p class="sub">Made by <code>songlists report</code>. Field meanings: docs/schema.md; '
        "more analysis recipes: docs/analysis.md.</p></body></html>"
    )
    return "\n".join(parts)


def write_report(run: Run, out: Path, review_below: float = DEFAULT_REVIEW_BELOW) -> None:
    import warnings

    import matplotlib

    matplotlib.use("Agg")  # no display needed
    stats = compute_stats(run.records, review_below)
    with matplotlib.rc_context(cast(Any, PLOT_RC)), warnings.catch_warnings():
        # without a CJK font installed here, matplotlib measures Japanese labels roughly;
        # the browser still draws them (the SVG keeps text, the CSS names CJK fonts)
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .* missing from font")
        page = render_html(
            stats,
            source=str(run.path),
            run_id=run.run_id,
            crawl_summary=run.crawl_summary(),
            problems=run.problems,
            identity=run.identity.note if run.identity is not None else None,
        )
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_text(page, encoding="utf-8")
    tmp.replace(out)
