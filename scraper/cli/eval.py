"""`songlists eval`: its arguments, the checks made before any work, and its output.

Exit codes: 0 scored; 1 a ratio under the floor file's, or a page or labels file skipped
(each named on stderr); 2 a usage error (nothing scored: no such corpus, no labelled pages,
an unknown edition, grouping or HTML shape, an unwritable --json path, an unreadable floor
file, a missing gazetteer file), one line on stderr. The --json file is written atomically.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2
EDITIONS = ("en", "ja", "ko", "fr", "de")
GROUPINGS = ("family", "kind")


def _err(msg: str) -> None:
    print(f"songlists: {msg}", file=sys.stderr)


def add_eval_arguments(se: argparse.ArgumentParser) -> None:
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
    from scraper.crawl import gazetteer as gz
    from scraper.quality.shapes import SHAPES
    from scraper.run.files import atomic_write_text

    if args.corpus is None:
        if args.as_html and args.as_html not in (*SHAPES, "all") and Path(args.as_html).is_dir():
            args.corpus, args.as_html = args.as_html, "template"  # `eval --as-html CORPUS`
        else:
            _err("eval: give the CORPUS_DIR to score")
            return EXIT_USAGE
    corpus = Path(args.corpus)
    if not corpus.is_dir():
        _err(f"{corpus}: not a directory (expected a corpus with labels/ and pages/)")
        return EXIT_USAGE
    if args.lang != "all" and args.lang not in EDITIONS:
        _err(f"--lang {args.lang}: unknown edition (one of {', '.join(EDITIONS)}, all)")
        return EXIT_USAGE
    shapes: list[str | None]
    if args.as_html is None:
        shapes = [None]
    elif args.as_html == "all":
        shapes = [None, *SHAPES]
    elif args.as_html in SHAPES:
        shapes = [args.as_html]
    else:
        _err(f"--as-html {args.as_html}: unknown HTML shape (one of {', '.join(SHAPES)}, all)")
        return EXIT_USAGE
    if args.by is not None and args.by not in GROUPINGS:
        _err(f"--by {args.by}: unknown grouping (one of {', '.join(GROUPINGS)})")
        return EXIT_USAGE
    if args.json:
        problem = _writable_problem(Path(args.json))
        if problem:
            _err(f"--json {args.json}: {problem}")
            return EXIT_USAGE
    floor: dict[str, float] | None = None
    if args.floor_file:
        got = _read_floor(Path(args.floor_file))
        if isinstance(got, str):
            _err(f"{args.floor_file}: {got}")
            return EXIT_USAGE
        floor = got
    if args.gazetteer and not Path(args.gazetteer).is_file():
        _err(f"--gazetteer {args.gazetteer}: no such file")
        return EXIT_USAGE
    if args.misses < 0:
        _err("--misses N: N must be 0 or more")
        return EXIT_USAGE

    from scraper.quality.evaluate import count_labelled_pages, evaluate

    if count_labelled_pages(corpus) == 0:
        _err(
            f"{corpus}: no labelled pages (expected labels/*.json beside pages/, "
            "or folders holding input.* and labels.json)"
        )
        return EXIT_USAGE
    try:
        names = gz.load(args.gazetteer)
    except (OSError, ValueError) as exc:  # a bad gazetteer file
        _err(f"--gazetteer {args.gazetteer}: {exc}")
        return EXIT_USAGE

    results: dict[str, Any] = {}
    failed = False
    skipped = False
    for n, shape in enumerate(shapes):
        tally = evaluate(corpus, lang=args.lang, gazetteer=names, as_html=shape, by=args.by)
        label = "" if len(shapes) == 1 else f"{shape or 'text'}: "
        if n == 0:
            for line in tally.problems:
                _err(line)
            if tally.pages == 0:
                _err(f"{corpus}: no labelled pages for edition {args.lang!r}")
                return EXIT_USAGE
            if tally.entries == 0:
                _err(f"{corpus}: no complete labelled entries to score (edition {args.lang!r})")
                return EXIT_USAGE
        skipped = skipped or bool(tally.errors)
        if args.misses:
            for kind, items in tally.misses.items():
                print(f"-- {label}{kind} misses ({len(items)})")
                for item in items[: args.misses]:
                    print(f"   {item}")
        width = max((len(k) for k in tally.groups), default=0)
        for key in sorted(tally.groups):
            group = tally.groups[key]
            line = group.summary_line()
            if group.entries == 0:  # no ratio to give: not "100%"
                line = f"entries 0 (no complete labelled entry) extra {group.extra}"
            print(f"{label}{args.by} {key:<{width}} pages {group.pages:>3} {line}")
        if tally.errors:
            print(f"{label}pages {tally.pages} unreadable {tally.errors}")
        print(f"{label}{tally.summary_line()}")
        ratios: dict[str, Any] = dict(tally.ratios())
        if args.by:
            ratios["by_" + args.by] = {k: g.ratios() for k, g in sorted(tally.groups.items())}
        results[shape or "text"] = ratios
        if floor is not None and _below_floor(floor, tally.ratios(), label):
            failed = True
    if args.json:
        data = results[shapes[0] or "text"] if len(shapes) == 1 else results
        try:
            atomic_write_text(Path(args.json), json.dumps(data, indent=2) + "\n")
        except OSError as exc:
            _err(f"--json {args.json}: cannot write: {exc.strerror or exc}")
            return EXIT_USAGE
    return EXIT_FAIL if failed or skipped else EXIT_OK
