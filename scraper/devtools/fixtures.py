"""`songlists fixtures update|save`: keep the regression fixtures in fixtures/pages/.

A fixture is a folder: input.html or input.txt, meta.json ({"url", "fetched_at", "note"}),
labels.json (hand labels) and expected.jsonl (the parser's whole output, rewritten here).
"""

from __future__ import annotations

import difflib
import json
import re
import sys
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from parsers import parse_page
from parsers.errors import InputError
from scraper.run.clock import now_iso

USER_AGENT = "songlists-fixtures/0.1 (+https://github.com/songlists/songlists)"


def fixture_dirs(root: Path, names: list[str] | None = None) -> list[Path]:
    dirs = sorted(p for p in root.iterdir() if p.is_dir() and _input_of(p) is not None)
    if names:
        wanted = set(names)
        missing = wanted - {d.name for d in dirs}
        if missing:
            raise FileNotFoundError(f"no such fixture: {', '.join(sorted(missing))}")
        dirs = [d for d in dirs if d.name in wanted]
    return dirs


def _input_of(folder: Path) -> Path | None:
    for name in ("input.html", "input.txt"):
        if (folder / name).is_file():
            return folder / name
    return None


def read_meta(folder: Path) -> dict[str, Any]:
    path = folder / "meta.json"
    if not path.is_file():
        return {}
    meta: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return meta


def render_expected(folder: Path) -> str:
    """The JSON Lines the parser makes of a fixture today (stable key order, one record a line)."""
    source = _input_of(folder)
    if source is None:
        raise FileNotFoundError(f"{folder}: no input.html or input.txt")
    meta = read_meta(folder)
    page = parse_page(source.read_bytes(), url=meta.get("url"))
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in page.record_dicts())


def update(root: Path, names: list[str], *, show_diff: bool = True) -> int:
    try:
        folders = fixture_dirs(root, names or None)
    except FileNotFoundError as exc:
        print(f"songlists: {exc}", file=sys.stderr)
        return 2
    changed = 0
    for folder in folders:
        try:
            new = render_expected(folder)
        except InputError as exc:
            print(f"songlists: {folder.name}: {exc}", file=sys.stderr)
            return 1
        path = folder / "expected.jsonl"
        old = path.read_text(encoding="utf-8") if path.is_file() else ""
        if old == new:
            continue
        changed += 1
        if show_diff:
            sys.stdout.writelines(
                difflib.unified_diff(
                    _pretty(old),
                    _pretty(new),
                    f"{folder.name}/expected.jsonl (old)",
                    f"{folder.name}/expected.jsonl (new)",
                )
            )
        path.write_text(new, encoding="utf-8")
    print(f"{changed} of {len(folders)} fixtures changed", file=sys.stderr)
    return 0


def _pretty(jsonl: str) -> list[str]:
    """One field a line, so that a diff names the field that changed."""
    out: list[str] = []
    for n, line in enumerate(jsonl.splitlines(), 1):
        rec = json.loads(line)
        for key, value in rec.items():
            out.append(f"#{n} {key}: {json.dumps(value, ensure_ascii=False)}\n")
    return out


def save(root: Path, url: str, name: str | None) -> int:
    """Fetch a live page and store it as a new fixture (input.html + meta.json)."""
    if not re.match(r"https?://", url):
        print(f"songlists: {url}: not an http(s) URL", file=sys.stderr)
        return 2
    folder = root / (name or _name_from_url(url))
    if folder.exists():
        print(f"songlists: {folder}: already exists (give --name)", file=sys.stderr)
        return 2
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            body = response.read()
            final_url = response.geturl()
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        print(f"songlists: cannot fetch {url}: {exc}", file=sys.stderr)
        return 1
    folder.mkdir(parents=True)
    (folder / "input.html").write_bytes(body)
    meta = {
        "url": final_url,
        "fetched_at": now_iso(),
        "note": "saved with `songlists fixtures save`; write labels.json by hand",
    }
    (folder / "meta.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    (folder / "expected.jsonl").write_text(render_expected(folder), encoding="utf-8")
    print(f"saved {folder} ({len(body)} bytes); now write {folder}/labels.json", file=sys.stderr)
    return 0


def _name_from_url(url: str) -> str:
    path = re.sub(r"^https?://[^/]+/", "", url).strip("/")
    return re.sub(r"[^A-Za-z0-9]+", "-", path).strip("-") or "page"
