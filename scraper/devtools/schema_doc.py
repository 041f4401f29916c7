"""Generate docs/schema.md, the data dictionary, from the shipped JSON Schema.

Types, nullability, allowed values and the schema's own descriptions come from
`parsers/schema/song.schema.json`; what the schema cannot say (an example, how the value is
derived, what to watch for) is in FIELDS below. `tests/components/test_analysis_schema_doc.py` fails when
docs/schema.md differs from this output, when a schema field has no entry here (or an entry
names no schema field), or when an example does not validate against its field's schema.

    python -m scraper.devtools.schema_doc > docs/schema.md
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from typing import Any

from parsers.schema import load_schema


class Field:
    def __init__(self, example: Any, derivation: str, meaning: str = "") -> None:
        self.example = example
        self.derivation = derivation
        self.meaning = meaning  # added to (or standing in for) the schema's description


# Field path -> example and derivation. `tie_ins[].kind` is a field of each list item.
FIELDS: dict[str, Field] = {
    "schema_version": Field(
        "1.2",
        "Written by the parser. Readers (`songlists report` and the other analysis commands) "
        "read this version and the older minor versions of the same major (1.1: the same "
        "records without `run_id` and `fetched_at`; 1.0: also without the fact confidences) and refuse any other version, saying so; "
        "optional additions bump the minor version, renaming, removing or retyping a field "
        "the major.",
    ),
    "entry_id": Field(
        "https://www.ragnet.co.jp/en-us/cry-love-songs/5#1",
        "`article.canonical_url` + `#` + `position`. Stable across runs while the page keeps "
        "its entries in the same order; an entry inserted above shifts the ids below it "
        "(`songlists diff` matches entries by `song_id` first for that reason).",
    ),
    "song_id": Field(
        "ayaka|crescent moon",
        "`artist|title`, each NFKC-normalised, case-folded, punctuation dropped and spaces "
        "squeezed (`parsers.page.song_id`); `|title` when there is no artist. Limits: a "
        "translated title (other editions) or another romanisation of the artist gives "
        "another id; a wrong split gives a wrong id (docs/analysis.md).",
    ),
    "position": Field(
        3,
        "Order of the entry's heading among the page's song headings, from 1. Counted per "
        "page, not per article.",
    ),
    "title": Field(
        "crescent moon",
        "The part of the heading before the title/artist boundary chosen by the splitter "
        "(see `split`), with the site's decorations (rank suffix, NEW!, icons) removed.",
    ),
    "artist": Field(
        "Ayaka",
        "The part of the heading after the boundary; null when the splitter decided the "
        "heading names no artist (`split.method` = `no_artist`).",
    ),
    "heading_raw": Field(
        "crescent moonAyaka",
        "The heading's text as on the page, not normalised (the crawl normalises every other "
        "text field). Keep it to re-split or to review a split.",
    ),
    "split": Field(
        {"method": "description", "confidence": 0.94},
        "Set by the splitter (`parsers/split/`): every cut of the heading is a candidate, "
        "evidence scorers weigh each one, the best total wins.",
    ),
    "split.method": Field(
        "description",
        "`markup`: the HTML marks title and artist, or a NEW! badge sits between them "
        "(confidence 1). Otherwise the evidence source that did most to beat the runner-up "
        "cut: `video_title` (an embedded video's title), `description` (names the artist or "
        "quotes the title), `gazetteer` (a known artist name, from the gazetteer or the "
        "page's other headings), `words` (word frequencies), `casing` (how the boundary "
        "looks: case change, punctuation, script change), `japanese` (a Japanese morphological "
        "analyser on kana/kanji headings: the artist starts at a token boundary, best at a "
        "personal name: `風の憧憬|光田康典`). `no_artist`: the best reading has "
        "no artist. `fallback`: no evidence at all; the cut is a guess (confidence 0).",
        "Which evidence decided the title/artist boundary.",
    ),
    "split.confidence": Field(
        0.94,
        "`1 - exp(-margin / 2)` where margin is how far the winning cut's score is ahead of "
        "the runner-up's; 1.0 for `markup`, 0.0 for `fallback`. Below 0.5 is worth a look "
        "(`songlists report` lists those splits).",
        "How clearly the chosen boundary beat the next best one, 0 to 1.",
    ),
    "rank": Field(
        58,
        "The number the site shows with the heading on ranking pages (`58rank/position`) "
        "and playlist pages; null on plain list pages. Not the position.",
    ),
    "section": Field(
        "Tear-Jerking Love Songs: Japanese Ballads (41–50)",
        "The nearest section heading above the entry, as written (the range in brackets is "
        "the site's own numbering).",
    ),
    "context": Field(
        "From the album “Stray Sheep”",
        "The album or work line standing right before the entry's heading on album-feature "
        "and anime pages (it belongs to that one entry); null elsewhere.",
    ),
    "is_new": Field(True, "A `NEW!` badge in or next to the heading."),
    "release": Field(
        "2006-09",
        "Every date in the description is a candidate; the sentence around it decides "
        "whether it dates the song's own release (`Released as a single in September 2006`) "
        "or something else (chart run, reissue, broadcast, Kōhaku). `YYYY-MM` when the month "
        "is stated, `YYYY` when only the year is; never a day, never guessed. A string: keep "
        "it one (`1985` is not a number, `2006-09` is not a date).",
    ),
    "release_confidence": Field(
        0.845,
        "The winning date's score (a release word governing it, a song noun after it, the "
        "month stated, a first release) mapped to 0-0.97, halved at most when another date "
        "of the text came close (two releases, a rival year). Measured with `python "
        "benchmarks/fact_calibration.py ../shared/corpus --lang all` (2026-12-02): releases "
        "≥ 0.8 were right 99.1% of 109, 0.5-0.8 12 of 12, < 0.5 6 of 6; the dev corpus has "
        "too few errors left to show the low band worse, so read < 0.5 as 'two dates "
        "competed', the ones to review.",
    ),
    "release_method": Field(
        "release_verb",
        "`release_verb`: a release word governs the date (`released in September 2006`); "
        "`song_noun`: a song noun follows it (`this 1997 hit`); `sentence`: a release word "
        "stands elsewhere in its sentence; `album`: the year of the album the song first "
        "appeared on; `reference`: a month or year given by reference to an earlier date "
        "(`released that December`, `同年7月`); `video_title`: read from a video-title line "
        "because the description dates nothing.",
    ),
    "tie_ins": Field(
        [
            {
                "text": "au’s “LISMO”",
                "kind": "commercial",
                "name": "LISMO",
                "by": None,
                "confidence": 0.85,
            }
        ],
        "From sentences with a tie-in trigger (`theme song for`, `CM song`, `used in`...): "
        "quoted works or a capitalised phrase after the trigger. Quoted albums and singles, "
        "and shows the artist merely appeared on, are not tie-ins. Empty list when none.",
    ),
    "tie_ins[].text": Field("au’s “LISMO”", "The phrase of the description that names the tie-in."),
    "tie_ins[].kind": Field(
        "commercial",
        "From the words around the work's name, first match in this order: `anime` "
        "(anime, animated), `drama`, `film` (film, movie), `commercial` (CM, commercial, ad, "
        "campaign), `game`, `radio`, `event` (tournament, festival, Olympic...), `tv` (TV, "
        "program, show, NHK...); `other` when none says (each edition has its own words, "
        "`parsers/sites/<lang>.py`).",
        "What kind of work the song was used in.",
    ),
    "tie_ins[].name": Field("LISMO", "Usually the quoted part; null when no name is stated."),
    "tie_ins[].by": Field("Fuji TV", "The broadcaster or company named next to the work."),
    "tie_ins[].confidence": Field(
        0.95,
        "By how the work was found: a quote after a trigger with its kind named (`TBS drama "
        "“Pure”`) 0.95, a quote after a trigger 0.85, a quote before one 0.8, a sponsor's "
        "commercial 0.8, a capitalised phrase after a trigger 0.65-0.75; times 0.85 when read "
        "from a video-title line. On the dev corpus (all editions, 2026-12-02) tie-ins ≥ 0.8 "
        "were right 96.4% of 55, 0.5-0.8 97.5% of 40 (`benchmarks/fact_calibration.py`).",
    ),
    "awards": Field(
        [
            {
                "text": "Best New Artist Award at the 48th Japan Record Awards",
                "name": "Best New Artist Award",
                "ceremony": "Japan Record Awards",
                "edition": 48,
                "confidence": 0.9,
            }
        ],
        "From sentences with an award verb (`won`, `received`...) naming a prize at a "
        "ceremony. Chart positions, sales figures, Kōhaku appearances and unnamed "
        '"numerous awards" are not awards. Empty list when none.',
        "Awards the song won, as the description states them.",
    ),
    "awards[].text": Field(
        "Best New Artist Award at the 48th Japan Record Awards",
        "The phrase as written.",
        "The award phrase of the description.",
    ),
    "awards[].name": Field("Best New Artist Award", "The prize part of the phrase."),
    "awards[].ceremony": Field("Japan Record Awards", "The ceremony part, without its edition."),
    "awards[].edition": Field(48, "The ordinal before the ceremony (`48th`, `第48回`)."),
    "awards[].confidence": Field(
        0.9,
        "A prize at a named ceremony 0.9 (0.85 when the ceremony comes first, 0.75 a prize "
        "alone in Japanese running text, 0.6 a ceremony alone), times 0.65 when a person's "
        "name rather than the song stands before the verb. Awards the text credits to the "
        "artist (`she won`, `Eilish herself took`, `…さん自身は…を受賞`) are left out.",
    ),
    "video_titles": Field(
        ["Ayaka - crescent moon"],
        "The captions of the entry's embedded videos, in page order. Empty list when none.",
    ),
    "video_titles[]": Field("Ayaka - crescent moon", "One caption, as shown.", "A video title."),
    "description": Field(
        "Released in September 2006, ...",
        "The text between this heading and the next. Lines the site breaks after `No.` or "
        "`tuki.` are joined again; whitespace normalised by the crawl.",
    ),
    "complete": Field(
        True,
        "False only when the input ends inside the entry (text excerpts cut mid-entry); "
        "the description, release and tie-ins may then be missing parts.",
    ),
    "article": Field(
        {
            "url": "https://www.ragnet.co.jp/en-us/cry-love-songs/5",
            "canonical_url": "https://www.ragnet.co.jp/en-us/cry-love-songs/5",
            "title": "Cry Love Songs",
            "lang": "en",
            "page": 5,
            "site": "www.ragnet.co.jp",
        },
        "From the page: its URL (given by the crawler or `songlists parse --url`), "
        "`<link rel=canonical>` and title.",
        "The page the entry was found on.",
    ),
    "article.url": Field(
        "https://www.ragnet.co.jp/en-us/cry-love-songs?disp=more",
        "As requested (after redirects); null when `songlists parse` had no `--url`.",
    ),
    "article.canonical_url": Field(
        "https://www.ragnet.co.jp/en-us/cry-love-songs",
        "`?disp=more` and fragments dropped, `/1` folded into the bare slug "
        "(`parsers.sites.urls.canonical_url`). The article itself is this URL without the "
        "page number.",
    ),
    "article.title": Field("Cry Love Songs", "The page's title heading (`<h1>`), normalised."),
    "article.lang": Field(
        "en",
        "From the URL's path prefix: `/en-us/` en, `/ko-kr/` ko, `/fr-fr/` fr, `/de-de/` de, "
        "none ja. Editions translate titles, so compare songs within one edition.",
    ),
    "article.page": Field(5, "From the URL: `/SLUG/5` is page 5; `/SLUG` is page 1."),
    "article.site": Field("www.ragnet.co.jp", "The URL's host (or the sister www.studiorag.com)."),
    "run_id": Field(
        "20261202T101500Z",
        "Set by the crawl's pipeline from the run (`RunManager.run_id`): the same id names "
        "the run file, its summary and its data package (`RUN.datapackage.json`). A resumed "
        "run keeps its id; a distributed run's workers share one.",
    ),
    "fetched_at": Field(
        "2026-12-02T10:15:03Z",
        "Set by the spider when the page's response arrived (UTC, whole seconds), stored in "
        "the run ledger with the page so that a resumed run keeps the first fetch's time. "
        "Records of one page share it.",
    ),
    "original": Field(
        {
            "title": "ただ声一つ",
            "artist": "ロクデナシ",
            "lang": "ja",
            "url": "https://www.ragnet.co.jp/tearful-love-songs/2",
            "entry_id": "https://www.ragnet.co.jp/tearful-love-songs/2#3",
            "confidence": 0.73,
        },
        "The one field that is not always present: only `songlists link` and a crawl of both "
        "editions (`<run-id>.linked.jsonl`) write it, on English records. The entries of "
        "each article are aligned across editions by content in article order "
        "(`parsers/editions/link.py`, docs/editions.md); a linked record's `song_id` is then keyed "
        "on these original names.",
    ),
}


def walk(schema: dict[str, Any], prefix: str = "") -> Iterator[tuple[str, dict[str, Any], bool]]:
    """(path, subschema, required) for every field, depth first, in schema order."""
    required = set(schema.get("required", []))
    for name, sub in schema.get("properties", {}).items():
        path = f"{prefix}{name}"
        yield path, sub, name in required
        if sub.get("type") == "object":
            yield from walk(sub, path + ".")
        elif sub.get("type") == "array":
            items = sub.get("items", {})
            if items.get("type") == "object":
                yield from walk(items, path + "[].")
            else:
                yield path + "[]", items, True


def type_text(sub: dict[str, Any]) -> str:
    types = sub.get("type", "any")
    types = [types] if isinstance(types, str) else list(types)
    names = [t for t in types if t != "null"]
    text = " or ".join(names) or "null"
    if names == ["array"]:
        items = sub.get("items", {})
        text = (
            "array of objects"
            if items.get("type") == "object"
            else f"array of {items.get('type')}s"
        )
    return text


def constraints(sub: dict[str, Any]) -> str:
    out = []
    if "const" in sub:
        out.append(f"always `{json.dumps(sub['const'])}` in this version")
    if "enum" in sub:
        out.append("one of " + ", ".join(f"`{v}`" for v in sub["enum"]))
    if "pattern" in sub:
        out.append(f"matches `{sub['pattern']}`")
    if "minimum" in sub and "maximum" in sub:
        out.append(f"{sub['minimum']} to {sub['maximum']}")
    elif "minimum" in sub:
        out.append(f"≥ {sub['minimum']}")
    if sub.get("minLength"):
        out.append("not empty")
    return "; ".join(out)


def nullable(sub: dict[str, Any]) -> bool:
    types = sub.get("type")
    return isinstance(types, list) and "null" in types


def _example(value: Any) -> str:
    return "`" + json.dumps(value, ensure_ascii=False) + "`"


def generate() -> str:
    schema = load_schema()
    version = schema["properties"]["schema_version"]["enum"][0]
    rows = list(walk(schema))
    lines = [
        "# Record schema: the data dictionary",
        "",
        "<!-- Generated by `python -m scraper.devtools.schema_doc > docs/schema.md` from",
        "     parsers/schema/song.schema.json and scraper/devtools/schema_doc.py; a test fails",
        "     when this file is out of date. Edit those, not this file. -->",
        "",
        f"Every line of a songlists JSONL file is one record: one song entry of one page of a "
        f"RAG Music list article. This is `schema_version` **{version}**. The JSON Schema "
        f"ships in the package (`parsers/schema/song.schema.json`, "
        f"`parsers.schema.load_schema()`); every record the crawl writes has been validated "
        f"against it (records that fail go to `RUN.rejects.jsonl` instead).",
        "",
        "Every field is always present (`required`), except those marked *since 1.1* "
        "(absent from 1.0 files) or *since 1.2* (absent from older files and from `songlists "
        "parse` output) and `original`; *nullable* fields hold `null` when the "
        "page does not say, lists are empty (`[]`) rather than null. No other fields appear "
        "(`additionalProperties: false`). A change that breaks readers (a field renamed, "
        "removed or retyped) bumps the major `schema_version`, an optional addition the "
        "minor; the analysis commands read older minor versions and refuse any other "
        "version with a message naming both versions.",
        "",
        "Loading recipes (DuckDB, pandas) and the analysis commands: [analysis.md](analysis.md).",
        "",
        "## Fields at a glance",
        "",
        "| field | type | nullable | example |",
        "| --- | --- | --- | --- |",
    ]
    for path, sub, _required in rows:
        example = FIELDS[path].example
        shown = _example(example) if not isinstance(example, (dict, list)) else "see below"
        null = "yes" if nullable(sub) else "no"
        shown = shown.replace("|", "\\|")  # a pipe would end the table cell
        lines.append(f"| `{path}` | {type_text(sub)} | {null} | {shown} |")
    lines += ["", "## Fields", ""]
    for path, sub, _required in rows:
        meta = FIELDS[path]
        meaning = " ".join(x for x in (sub.get("description", ""), meta.meaning) if x)
        lines += [f"### `{path}`", ""]
        kind = type_text(sub) + (", nullable" if nullable(sub) else "")
        extra = constraints(sub)
        lines.append(f"- **type**: {kind}" + (f" ({extra})" if extra else ""))
        lines.append(f"- **meaning**: {meaning}")
        lines.append(f"- **example**: {_example(meta.example)}")
        lines.append(f"- **derived**: {meta.derivation}")
        lines.append("")
    return "\n".join(lines)


def main() -> int:
    sys.stdout.write(generate())
    return 0


if __name__ == "__main__":
    sys.exit(main())
