"""`songlists report RUN.jsonl`: one self-contained HTML page describing a run.

The numbers come from `compute_stats` (plain data, tested on its own); `render_html` lays them
out with the Jinja2 template templates/report.html.j2 (autoescaped), with matplotlib plots
embedded as inline SVG, so the file opens without a network.
"""

from __future__ import annotations

import io
from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import datetime, timezone
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from scraper.run.coverage import covered
from scraper.run.files import atomic_write_text

from .load import Problem, RecordDict, Run, schema_version
from .records import (
    article_key,
    article_url,
    label,
    list_key,
    original_names,
    page_key,
    release_year,
)

if TYPE_CHECKING:
    import jinja2

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
    records: Sequence[RecordDict], review_below: float = DEFAULT_REVIEW_BELOW
) -> dict[str, Any]:
    """Everything the report shows, as plain data."""
    articles = article_rows(records)
    artists = artist_lists(records)
    return {
        "counts": counts(records, articles=len(articles), artists=len(artists)),
        "articles": articles,
        "coverage": coverage(records),
        "split_methods": dict(Counter(r["split"]["method"] for r in records).most_common()),
        "confidences": [float(r["split"]["confidence"]) for r in records],
        "review_below": review_below,
        "review": splits_to_review(records, review_below),
        "doubtful_facts": doubtful_facts(records, review_below),
        "facts_without_confidence": bool(records)
        and all("release_confidence" not in r for r in records),
        **releases(records),
        "top_artists": top_artists(records, artists),
        "top_songs": top_songs(records),
        **tie_ins(records),
        **awards(records),
    }


def counts(records: Sequence[RecordDict], *, articles: int, artists: int) -> dict[str, Any]:
    """The headline numbers (`articles` and `artists` counted by their own functions)."""
    return {
        "articles": articles,
        "pages": len({page_key(r) for r in records}),
        "entries": len(records),
        "songs": len({r["song_id"] for r in records}),
        "artists": artists,
        "langs": dict(Counter((r.get("article") or {}).get("lang") for r in records)),
        "incomplete": sum(1 for r in records if not r.get("complete", True)),
        "new_badges": sum(1 for r in records if r.get("is_new")),
    }


def article_rows(records: Sequence[RecordDict]) -> list[dict[str, Any]]:
    """One row per article (all its pages and domains): pages, entries, ranked entries."""
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
    return sorted(
        ({**a, "pages": len(a["pages"])} for a in articles.values()),
        key=lambda a: (a["lang"] or "", a["key"]),
    )


def coverage(records: Sequence[RecordDict]) -> list[dict[str, Any]]:
    """How many entries have a value in each of COVERAGE_FIELDS, and their share."""
    n = len(records)
    rows: list[dict[str, Any]] = [
        {"field": name, "meaning": meaning, "count": sum(covered(r.get(name)) for r in records)}
        for name, meaning in COVERAGE_FIELDS
    ]
    for row in rows:
        row["share"] = row["count"] / n if n else 0.0
    return rows


def splits_to_review(records: Sequence[RecordDict], review_below: float) -> list[RecordDict]:
    """The entries whose split is unsure (or the fallback's), the least sure first."""
    return sorted(
        (
            r
            for r in records
            if r["split"]["confidence"] < review_below or r["split"]["method"] == "fallback"
        ),
        key=lambda r: (r["split"]["confidence"], r.get("entry_id", "")),
    )


def doubtful_facts(records: Sequence[RecordDict], review_below: float) -> list[dict[str, Any]]:
    """Releases, tie-ins and awards stated with a confidence under `review_below` (schema 1.1
    records carry one on each), the least sure first."""
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
    return doubtful


def releases(records: Sequence[RecordDict]) -> dict[str, Any]:
    """Entries per release year, and how many releases name the month."""
    years = Counter(y for r in records if (y := release_year(r)) is not None)
    with_month = sum(
        1 for r in records if isinstance(r.get("release"), str) and "-" in r["release"]
    )
    return {"releases_per_year": dict(sorted(years.items())), "releases_with_month": with_month}


# "number of lists": distinct articles (all editions of one article are one list) an artist or
# song appears in; names in the original edition, the other editions' beside them


def artist_lists(records: Sequence[RecordDict]) -> dict[str, set[str]]:
    """The lists each artist (by the artist half of its song_id) appears in."""
    lists: dict[str, set[str]] = defaultdict(set)
    for r in records:
        artist = _artist_of(r)
        if artist is not None:
            lists[artist[0]].add(list_key(r))
    return lists


def _artist_of(record: RecordDict) -> tuple[str, str] | None:
    """(artist id, name in the original edition), None when the entry names no artist."""
    _, artist = original_names(record)
    if not artist:
        return None
    return str(record["song_id"]).split("|", 1)[0] or artist.casefold(), str(artist)


def top_artists(records: Sequence[RecordDict], lists: dict[str, set[str]]) -> list[dict[str, Any]]:
    """The TOP_N artists in the most lists (`lists`: artist_lists), in the original edition's
    spelling."""
    names: dict[str, Counter[str]] = defaultdict(Counter)
    other: dict[str, Counter[str]] = defaultdict(Counter)
    for r in records:
        artist = _artist_of(r)
        if artist is None:
            continue
        artist_id, name = artist
        names[artist_id][name] += 1
        if r.get("artist") and r["artist"] != name:
            other[artist_id][r["artist"]] += 1
    artists = [(a, names[a].most_common(1)[0][0], len(s)) for a, s in lists.items()]
    artists.sort(key=lambda x: (-x[2], x[1].casefold()))
    return [
        {"name": name, "also": [n for n, _ in other[a].most_common()], "lists": k}
        for a, name, k in artists[:TOP_N]
    ]


def top_songs(records: Sequence[RecordDict]) -> list[dict[str, Any]]:
    """The TOP_N songs in the most lists, in the original edition's spelling."""
    lists: dict[str, set[str]] = defaultdict(set)
    labels: dict[str, Counter[str]] = defaultdict(Counter)
    other: dict[str, Counter[str]] = defaultdict(Counter)
    for r in records:
        title, artist = original_names(r)
        lists[r["song_id"]].add(list_key(r))
        labels[r["song_id"]][label({"title": title, "artist": artist})] += 1
        if (r.get("title"), r.get("artist")) != (title, artist):
            other[r["song_id"]][label(r)] += 1
    songs = [(s, labels[s].most_common(1)[0][0], len(a)) for s, a in lists.items()]
    songs.sort(key=lambda x: (-x[2], x[0]))
    return [
        {"song_id": s, "label": lab, "also": [n for n, _ in other[s].most_common()], "lists": k}
        for s, lab, k in songs[:TOP_N]
    ]


def tie_ins(records: Sequence[RecordDict]) -> dict[str, Any]:
    """Tie-ins by kind, by kind and decade of release, and the broadcasters named most."""
    kinds: Counter[str] = Counter()
    by_decade: dict[str, Counter[str]] = defaultdict(Counter)
    by: Counter[str] = Counter()
    for r in records:
        year = release_year(r)
        decade = f"{year // 10 * 10}s" if year else "undated"
        for t in r.get("tie_ins") or []:
            kinds[t["kind"]] += 1
            by_decade[decade][t["kind"]] += 1
            if t.get("by"):
                by[t["by"]] += 1
    return {
        "tie_in_kinds": dict(kinds.most_common()),
        "tie_ins_by_decade": {d: dict(c) for d, c in sorted(by_decade.items())},
        "tie_in_by": dict(by.most_common(TOP_N)),
    }


def awards(records: Sequence[RecordDict]) -> dict[str, Any]:
    """Awards by ceremony (with the songs awarded), and the award names seen most."""
    ceremonies: Counter[str] = Counter()
    ceremony_songs: dict[str, set[str]] = defaultdict(set)
    names: Counter[str] = Counter()
    for r in records:
        for a in r.get("awards") or []:
            c = a.get("ceremony") or "(ceremony not named)"
            ceremonies[c] += 1
            ceremony_songs[c].add(r["song_id"])
            if a.get("name"):
                names[a["name"]] += 1
    return {
        "award_ceremonies": [
            {"ceremony": c, "awards": k, "songs": len(ceremony_songs[c])}
            for c, k in ceremonies.most_common()
        ],
        "award_names": dict(names.most_common(TOP_N)),
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

TEMPLATE = "report.html.j2"  # in scraper/analysis/templates/


@cache
def _environment() -> jinja2.Environment:
    import jinja2  # imported here: building the command line needs none of it

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("scraper.analysis", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["label"] = label
    env.filters["blank"] = lambda value: "" if value is None else value
    return env


def render_html(
    stats: dict[str, Any],
    *,
    source: str,
    run_id: str,
    crawl_summary: dict[str, Any] | None = None,
    problems: Sequence[Problem] = (),
    identity: str | None = None,
) -> str:
    """The report page of `stats` (compute_stats), with its plots: templates/report.html.j2."""
    from markupsafe import Markup

    langs = sorted(stats["counts"]["langs"].items(), key=lambda kv: str(kv))
    return str(
        _environment()
        .get_template(TEMPLATE)
        .render(
            stats=stats,
            counts=stats["counts"],
            source=source,
            run_id=run_id,
            schema_version=schema_version(),
            generated=datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            editions=", ".join(f"{k}: {v}" for k, v in langs),
            identity=identity,
            problems=[str(p) for p in problems],
            crawl=crawl_view(crawl_summary),
            plots={name: Markup(svg) for name, svg in plots(stats).items()},
            decades=decades(stats["releases_per_year"]),
            most_lists={
                key: max((x["lists"] for x in stats[key]), default=0)
                for key in ("top_artists", "top_songs")
            },
            split_methods=SPLIT_METHODS,
            css_fonts=Markup(CSS_FONTS),
            top_n=TOP_N,
            review_rows=REVIEW_ROWS,
        )
    )


def plots(stats: dict[str, Any]) -> dict[str, str]:
    """The report's plots (SVG), by name; a section without data has none."""
    cov, methods = stats["coverage"], stats["split_methods"]
    out = {
        "coverage": _barh(
            [r["field"] for r in cov], [100 * r["share"] for r in cov], "% of entries", True
        ),
        "split_methods": _barh(list(methods), list(methods.values()), "entries"),
        "confidence": _confidence_histogram(stats["confidences"], stats["review_below"]),
    }
    if stats["releases_per_year"]:
        out["years"] = _years_bar(stats["releases_per_year"])
    ta, ts = stats["top_artists"], stats["top_songs"]
    if ta and ts:
        lists = "lists (articles)"
        out["top_artists"] = _barh([x["name"] for x in ta], [x["lists"] for x in ta], lists)
        out["top_songs"] = _barh([x["label"] for x in ts], [x["lists"] for x in ts], lists)
    kinds = stats["tie_in_kinds"]
    if kinds:
        out["tie_in_kinds"] = _barh(list(kinds), list(kinds.values()), "tie-ins")
    return out


def decades(years: dict[int, int]) -> list[tuple[str, int]]:
    """Entries per decade of release: `[("1990s", 12), ...]`."""
    per_decade: Counter[int] = Counter()
    for y, k in years.items():
        per_decade[y // 10 * 10] += k
    return [(f"{d}s", k) for d, k in sorted(per_decade.items())]


def crawl_view(summary: dict[str, Any] | None) -> dict[str, Any] | None:
    """What the report's crawl section reads of a crawl summary (None: there is none)."""
    if not summary:
        return None
    failed = summary.get("failed_pages")
    link = summary.get("link")
    errors = summary.get("errors") or {}
    return {
        "summary": summary,
        "pages": summary.get("pages") or {},
        "errors": errors,
        "health_problems": summary.get("health_problems") or [],
        "link": link if isinstance(link, dict) else None,
        "failed_count": len(failed) if isinstance(failed, list) else 0,
        "failed": [f for f in failed if isinstance(f, dict)] if isinstance(failed, list) else [],
        # errors counted but the pages not named: a summary of an older songlists
        "failed_unnamed": bool(errors) and failed is None,
    }


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
    atomic_write_text(out, page)
