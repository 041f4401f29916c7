"""`songlists eval`: its arguments, the checks made before any work, and its output.

Exit codes: 0 scored; 1 a ratio under the floor file's, or a page or labels file skipped
(each named on stderr); 2 a usage error (nothing scored: no such corpus, no labelled pages,
an unknown edition, grouping, HTML shape or text rendering, --as-html with --as-text, an
unwritable --json path, an unreadable floor file, a missing gazetteer file), one line on
stderr. The --json file is written atomically.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from scraper.quality.evaluate import Tally

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2
EDITIONS = ("en", "ja", "ko", "fr", "de")
GROUPINGS = ("family", "kind")


def _err(msg: str) -> None:
    print(f"songlists: {msg}", file=sys.stderr)


def add_eval_arguments(se: argparse.ArgumentParser) -> None:
    from scraper.quality.renderings import RENDERINGS
    from scraper.quality.shapes import SHAPES

    # optional for argparse only: `eval --as-html CORPUS` (the option first) must still work
    se.add_argument("corpus", metavar="CORPUS_DIR", nargs="?")
    se.add_argument("--misses", type=int, default=0, metavar="N", help="show N misses per kind")
    se.add_argument("--lang", default="en", help="edition to score: en, ja, ko, fr, de or all")
    se.add_argument("--gazetteer", help="artist-name file")
    se.add_argument("--json", metavar="FILE", help="also write the ratios as JSON")
    se.add_argument(
        "--as-html",
        nargs="?",
        const="template",
        default=None,
        metavar="SHAPE",
        help="render each text page as HTML first and score the HTML path: in our template "
        f"(no SHAPE), in one of the shapes {', '.join(SHAPES)}, or 'all' (one summary line "
        "per shape, after the text rendering's)",
    )
    se.add_argument(
        "--as-text",
        metavar="NAME",
        help="re-render each text page as other text first and score that: one of the "
        f"renderings {', '.join(RENDERINGS)}, or 'all' (one summary line per rendering, after "
        "the page's own); not with --as-html",
    )
    se.add_argument(
        "--by",
        metavar="GROUPING",
        help="one summary line per article family ('family') or page kind ('kind'), "
        "then the overall line",
    )
    se.add_argument("--floor-file", metavar="FILE", help="fail when a ratio is under this floor")


def _writable_problem(path: Path) -> str | None:
    """Why `path` cannot be written (checked before any work), or None."""
    if path.is_dir():
        return "is a directory"
    parent = path.parent
    if not parent.exists():
        return f"no such directory: {parent}"
    if not parent.is_dir():
        return f"not a directory: {parent}"
    if path.exists() and not os.access(path, os.W_OK):
        return "not writable"
    try:
        with tempfile.NamedTemporaryFile(dir=parent, prefix=f".{path.name}.", delete=True):
            pass
    except OSError as exc:
        return f"cannot write in {parent}: {exc.strerror or exc}"
    return None


def _read_floor(path: Path) -> dict[str, float] | str:
    try:
        floor = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return f"cannot read the floor file: {exc}"
    if not isinstance(floor, dict) or not all(isinstance(v, (int, float)) for v in floor.values()):
        return "the floor file is not a JSON object of ratios"
    return {str(k): float(v) for k, v in floor.items()}


def _below_floor(floor: dict[str, float], ratios: dict[str, float], where: str) -> bool:
    below = {k: (ratios[k], v) for k, v in floor.items() if k in ratios and ratios[k] + 1e-9 < v}
    for k, (got, want) in below.items():
        _err(f"{where}{k} {100 * got:.1f}% is below the recorded floor {100 * want:.1f}%")
    return bool(below)


def run_eval(args: argparse.Namespace) -> int:
    """`songlists eval`: check the arguments, load the gazetteer, score the text rendering and
    each HTML shape or other text rendering asked for (one summary each), check the floor,
    write --json."""
    plan = _check_args(args)
    if isinstance(plan, str):
        _err(plan)
        return EXIT_USAGE
    names = _load_names(plan.corpus, args.gazetteer)
    if isinstance(names, str):
        _err(names)
        return EXIT_USAGE

    from scraper.quality.evaluate import evaluate

    results: dict[str, Any] = {}
    failed = False
    skipped = False
    for n, shape in enumerate(plan.shapes):
        rendering = {"as_text": shape} if plan.as_text else {"as_html": shape}
        tally = evaluate(plan.corpus, lang=args.lang, gazetteer=names, by=args.by, **rendering)
        label = "" if len(plan.shapes) == 1 else f"{shape or 'text'}: "
        if n == 0:
            for line in tally.problems:
                _err(line)
            problem = _nothing_scored(tally, plan.corpus, args.lang)
            if problem:
                _err(problem)
                return EXIT_USAGE
        skipped = skipped or bool(tally.errors)
        _print_tally(tally, label, args.misses, args.by)
        results[shape or "text"] = _ratios(tally, args.by)
        if plan.floor is not None and _below_floor(plan.floor, tally.ratios(), label):
            failed = True
    if args.json:
        problem = _write_json(Path(args.json), results, plan.shapes)
        if problem:
            _err(f"--json {args.json}: {problem}")
            return EXIT_USAGE
    return EXIT_FAIL if failed or skipped else EXIT_OK


class _Plan(NamedTuple):
    corpus: Path
    shapes: list[str | None]  # None: the text rendering itself
    floor: dict[str, float] | None
    as_text: bool = False  # `shapes` are text renderings, not HTML shapes


def _check_args(args: argparse.Namespace) -> _Plan | str:
    """What to score, or the line of the first usage error (checked before any work)."""
    corpus = _corpus_arg(args)
    if isinstance(corpus, str):
        return corpus
    if args.lang != "all" and args.lang not in EDITIONS:
        return f"--lang {args.lang}: unknown edition (one of {', '.join(EDITIONS)}, all)"
    if args.as_html is not None and args.as_text is not None:
        return "--as-html and --as-text cannot be combined: score one kind of rendering at a time"
    shapes = _shapes_arg(args.as_html) if args.as_text is None else _renderings_arg(args.as_text)
    if isinstance(shapes, str):
        return shapes
    if args.by is not None and args.by not in GROUPINGS:
        return f"--by {args.by}: unknown grouping (one of {', '.join(GROUPINGS)})"
    if args.json:
        problem = _writable_problem(Path(args.json))
        if problem:
            return f"--json {args.json}: {problem}"
    floor = _read_floor(Path(args.floor_file)) if args.floor_file else None
    if isinstance(floor, str):
        return f"{args.floor_file}: {floor}"
    if args.gazetteer and not Path(args.gazetteer).is_file():
        return f"--gazetteer {args.gazetteer}: no such file"
    if args.misses < 0:
        return "--misses N: N must be 0 or more"
    return _Plan(corpus, shapes, floor, as_text=args.as_text is not None)


def _corpus_arg(args: argparse.Namespace) -> Path | str:
    """The corpus directory, or why there is none; `eval --as-html CORPUS` is read as the
    template shape of CORPUS (`args` is changed to say so)."""
    from scraper.quality.shapes import SHAPES

    if args.corpus is None:
        if args.as_html and args.as_html not in (*SHAPES, "all") and Path(args.as_html).is_dir():
            args.corpus, args.as_html = args.as_html, "template"
        else:
            return "eval: give the CORPUS_DIR to score"
    corpus = Path(args.corpus)
    if not corpus.is_dir():
        return f"{corpus}: not a directory (expected a corpus with labels/ and pages/)"
    return corpus


def _shapes_arg(as_html: str | None) -> list[str | None] | str:
    """The renderings to score in order (None: the text itself), or the unknown shape's line."""
    from scraper.quality.shapes import SHAPES

    if as_html is None:
        return [None]
    if as_html == "all":
        return [None, *SHAPES]
    if as_html in SHAPES:
        return [as_html]
    return f"--as-html {as_html}: unknown HTML shape (one of {', '.join(SHAPES)}, all)"


def _renderings_arg(as_text: str) -> list[str | None] | str:
    """The text renderings to score in order (None: the page itself), or the unknown name's
    line."""
    from scraper.quality.renderings import RENDERINGS

    if as_text == "all":
        return [None, *RENDERINGS]
    if as_text in RENDERINGS:
        return [as_text]
    return f"--as-text {as_text}: unknown text rendering (one of {', '.join(RENDERINGS)}, all)"


def _load_names(corpus: Path, gazetteer: str | None) -> list[str] | str:
    """The gazetteer's names, or the usage error line: a corpus without labelled pages, a
    gazetteer file that cannot be read."""
    from scraper.crawl import gazetteer as gz
    from scraper.quality.evaluate import count_labelled_pages

    if count_labelled_pages(corpus) == 0:
        return (
            f"{corpus}: no labelled pages (expected labels/*.json beside pages/, "
            "or folders holding input.* and labels.json)"
        )
    try:
        return gz.load(gazetteer)
    except (OSError, ValueError) as exc:  # a bad gazetteer file
        return f"--gazetteer {gazetteer}: {exc}"


def _nothing_scored(tally: Tally, corpus: Path, lang: str) -> str | None:
    """The usage error line when the first scoring found no page or no entry to score."""
    if tally.pages == 0:
        return f"{corpus}: no labelled pages for edition {lang!r}"
    if tally.entries == 0:
        return f"{corpus}: no complete labelled entries to score (edition {lang!r})"
    return None


def _print_tally(tally: Tally, label: str, misses: int, by: str | None) -> None:
    """One scoring's output: `misses` misses per kind, a line per group, the summary line."""
    if misses:
        for kind, items in tally.misses.items():
            print(f"-- {label}{kind} misses ({len(items)})")
            for item in items[:misses]:
                print(f"   {item}")
    width = max((len(k) for k in tally.groups), default=0)
    for key in sorted(tally.groups):
        group = tally.groups[key]
        line = group.summary_line()
        if group.entries == 0:  # no ratio to give: not "100%"
            line = f"entries 0 (no complete labelled entry) extra {group.extra}"
        print(f"{label}{by} {key:<{width}} pages {group.pages:>3} {line}")
    if tally.errors:
        print(f"{label}pages {tally.pages} unreadable {tally.errors}")
    print(f"{label}{tally.summary_line()}")


def _ratios(tally: Tally, by: str | None) -> dict[str, Any]:
    """The ratios --json writes for one scoring (with each group's under `by_GROUPING`)."""
    ratios: dict[str, Any] = dict(tally.ratios())
    if by:
        ratios["by_" + by] = {k: g.ratios() for k, g in sorted(tally.groups.items())}
    return ratios


def _write_json(path: Path, results: dict[str, Any], shapes: list[str | None]) -> str | None:
    """Write the ratios atomically (one scoring's alone, else by rendering); None or why not."""
    from scraper.run.files import atomic_write_text

    data = results[shapes[0] or "text"] if len(shapes) == 1 else results
    try:
        atomic_write_text(path, json.dumps(data, indent=2) + "\n")
    except OSError as exc:
        return f"cannot write: {exc.strerror or exc}"
    return None
