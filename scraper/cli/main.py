"""The `songlists` command: parse, eval, fixtures, crawl.

Heavy imports (Scrapy) happen only in the subcommands that need them, so `songlists parse`
starts fast.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from scraper.crawl import gazetteer as gz

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2


def _err(msg: str) -> None:
    print(f"songlists: {msg}", file=sys.stderr)


# --------------------------------------------------------------------------- parse


def cmd_parse(args: argparse.Namespace) -> int:
    from parsers import parse_page
    from parsers.errors import InputError
    from scraper.cli.checks import readable_text_file

    paths = [Path(p) for p in args.paths]
    if args.url and len(paths) > 1:
        _err("--url names one page; give one PATH with it")
        return EXIT_USAGE
    if args.gazetteer:
        problem = readable_text_file(Path(args.gazetteer), "--gazetteer")
        if problem:
            _err(problem)
            return EXIT_USAGE
    names = gz.load(args.gazetteer)
    failed = 0
    out = sys.stdout
    progress = _progress(paths, "parse")
    for path in progress:
        try:
            if path.is_dir():
                raise InputError("is a directory")
            content = path.read_bytes()
            page = parse_page(content, url=args.url, gazetteer=names)
        except FileNotFoundError:
            _err(f"{path}: no such file")
            failed += 1
            continue
        except (InputError, OSError) as exc:
            _err(f"{path}: {exc}")
            failed += 1
            continue
        records = page.record_dicts()
        if not args.url:
            _ids_from_path(records, path)
        lines = [json.dumps(r, ensure_ascii=False) for r in records]
        if lines:
            out.write("\n".join(lines) + "\n")
        for w in page.warnings:
            _err(f"{path}: warning: {w}")
    out.flush()
    return EXIT_FAIL if failed else EXIT_OK


def _ids_from_path(records: list[dict[str, object]], path: Path) -> None:
    """Without --url a page has no address: its entries are `file:///ABS/PATH#N`, stable and
    distinct across files (the parser's `about:blank#N` would be the same in every file)."""
    base = path.resolve().as_uri()
    for rec in records:
        entry_id = str(rec.get("entry_id") or "")
        if entry_id.startswith("about:blank#"):
            rec["entry_id"] = f"{base}#{rec['position']}"


def _progress(paths: Sequence[Path], what: str):  # type: ignore[no-untyped-def]
    if len(paths) < 10:
        return paths
    from tqdm import tqdm

    return tqdm(paths, desc=what, unit="page", file=sys.stderr, disable=None)


# --------------------------------------------------------------------------- eval


def cmd_eval(args: argparse.Namespace) -> int:
    from scraper.cli.eval import run_eval

    return run_eval(args)


# --------------------------------------------------------------------------- fixtures


def cmd_fixtures(args: argparse.Namespace) -> int:
    from scraper.cli.checks import writable_dir
    from scraper.devtools import fixtures as fixture_tool

    root = Path(args.root)
    problem = (
        f"--root {root}: no such directory" if not root.is_dir() else writable_dir(root, "--root")
    )
    if problem:
        _err(problem)
        return EXIT_USAGE
    if args.fixtures_cmd == "update":
        return fixture_tool.update(Path(args.root), args.names, show_diff=not args.quiet)
    if args.fixtures_cmd == "save":
        return fixture_tool.save(Path(args.root), args.url, args.name)
    return EXIT_USAGE


# --------------------------------------------------------------------------- main


def build_parser() -> argparse.ArgumentParser:
    from scraper.cli.checks import OneLineParser

    p = OneLineParser(
        prog="songlists",
        description="Crawl RAG Music song-list articles and extract song records as JSON Lines.",
    )
    sub = p.add_subparsers(dest="command", required=True)

    sp = sub.add_parser("parse", help="parse saved pages (HTML or text) to JSON Lines on stdout")
    sp.add_argument("paths", nargs="+", metavar="PATH")
    sp.add_argument("--url", help="the page's URL (gives edition, page number, canonical URL)")
    sp.add_argument("--gazetteer", help=f"artist-name file (default: {gz.DEFAULT_PATHS_TEXT})")
    sp.set_defaults(func=cmd_parse)

    from scraper.cli.eval import add_eval_arguments

    se = sub.add_parser("eval", help="score the parser against a labelled corpus")
    add_eval_arguments(se)
    se.set_defaults(func=cmd_eval)

    sf = sub.add_parser("fixtures", help="maintain the regression fixtures")
    sf.add_argument("--root", default="fixtures/pages", help="fixture folder (default %(default)s)")
    fsub = sf.add_subparsers(dest="fixtures_cmd", required=True)
    fu = fsub.add_parser("update", help="rewrite expected.jsonl from the parser and show the diff")
    fu.add_argument("names", nargs="*", help="fixture names (default: all)")
    fu.add_argument("--quiet", action="store_true", help="do not print the diff")
    fs = fsub.add_parser("save", help="save a live page as a new fixture")
    fs.add_argument("url")
    fs.add_argument("--name", help="fixture name (default: from the URL)")
    sf.set_defaults(func=cmd_fixtures)

    try:
        from scraper.cli.crawl import add_crawl_parser
    except ImportError:  # the crawl command needs Scrapy and the scraper package
        pass
    else:
        add_crawl_parser(sub)
    from scraper.cli.analysis import add_analysis_parsers

    add_analysis_parsers(sub)
    from scraper.cli.browse import add_browse_parser

    add_browse_parser(sub)
    from scraper.cli.link import add_link_parser

    add_link_parser(sub)
    return p


# Output files of the commands, checked before any work starts (docs/exit-codes.md).
_FILE_OUTPUTS = {
    "report": ("output",),
    "songs": ("output",),
    "export": ("output",),
    "link": ("output", "report"),
}


def _check_outputs(args: argparse.Namespace) -> str | None:
    from scraper.cli.checks import writable_file

    for name in _FILE_OUTPUTS.get(args.command, ()):
        value = getattr(args, name, None)
        if value and value != "-":
            problem = writable_file(Path(value), f"--{name}")
            if problem:
                return problem
    return None


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    problem = _check_outputs(args)
    if problem:
        _err(problem)
        return EXIT_FAIL if args.command == "link" else EXIT_USAGE  # link's bad input is 1
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        _err("interrupted")
        return 130
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
