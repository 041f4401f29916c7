"""docs/exit-codes.md, row by row: each bad input is run as a real process and must give the
documented exit code and one line on stderr containing the documented text (no traceback).

Read-only and full file systems are small tmpfs mounts (needs root and mount(8)); the rows
that need them are skipped, with the reason, where mounting is not possible.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import REPO, SEED_PAGE, SEED_RECORDS

DOC = REPO / "docs" / "exit-codes.md"
PAGE = SEED_PAGE
JSONL = SEED_RECORDS


def _table(after: str) -> list[list[str]]:
    """The rows (cells without the backticks) of the first table after the heading `after`."""
    lines = DOC.read_text(encoding="utf-8").split(f"## {after}\n", 1)[1].splitlines()
    rows: list[list[str]] = []
    for line in lines:
        if not line.startswith("|"):
            if rows:
                break
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if set("".join(cells)) <= set("- "):
            continue  # the separator row
        rows.append([c.strip("`") for c in cells])
    return rows[1:]  # without the header


CODES = _table("Codes")
EXAMPLES = _table("Bad input: what you see")


def _documented(code: int, command: str) -> bool:
    for cell_code, commands, _ in CODES:
        names = {c.strip() for c in commands.split(",")}
        if int(cell_code) == code and (command in names or "all" in names):
            return True
    return False


def _mount(path: Path, options: str) -> bool:
    path.mkdir(parents=True, exist_ok=True)
    if shutil.which("mount") is None:
        return False
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(path)], capture_output=True
    )
    return done.returncode == 0


def _umount(path: Path) -> None:
    subprocess.run(["umount", str(path)], capture_output=True)


@pytest.fixture(scope="module")
def places(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    root = tmp_path_factory.mktemp("exit-codes")
    values = {
        "file": str(root / "a-file.txt"),
        "bin": str(root / "names.bin"),
        "page": str(PAGE),
        "jsonl": str(JSONL),
        "fixtures": str(REPO / "fixtures" / "pages"),
        "dir": str(root / "a-dir"),
        "nowhere": str(root / "no" / "such"),
    }
    Path(values["file"]).write_text("a file, not a directory\n", encoding="utf-8")
    Path(values["bin"]).write_bytes(b"\x00\x01\x02\xff binary")
    Path(values["dir"]).mkdir()
    mounted: list[Path] = []
    try:
        yield from _with_mounts(root, values, mounted)
    finally:
        for m in mounted:
            _umount(m)


def _with_mounts(
    root: Path, values: dict[str, str], mounted: list[Path]
) -> Iterator[dict[str, str]]:
    ro, full = root / "ro", root / "full"
    if _mount(ro, "size=64k,ro"):
        values["ro"] = str(ro)
        mounted.append(ro)
    if _mount(full, "size=16k"):
        mounted.append(full)
        fd = os.open(full / "filler", os.O_WRONLY | os.O_CREAT)
        try:  # fill it up
            while os.write(fd, b"x" * 4096):
                pass
        except OSError:
            pass
        finally:
            os.close(fd)
        values["full"] = str(full)
    busy = socket.socket()
    busy.bind(("127.0.0.1", 0))
    busy.listen()
    values["busy"] = str(busy.getsockname()[1])
    try:
        yield values
    finally:
        busy.close()


def _run(example: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    argv = shlex.split(example)
    if argv[0] == "songlists":
        argv = [sys.executable, "-m", "scraper.cli.main", *argv[1:]]
    elif argv[:2] == ["python", "-m"]:
        argv = [sys.executable, *argv[1:]]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run(
        argv, cwd=cwd, capture_output=True, text=True, timeout=120, env=env, encoding="utf-8"
    )


def _command(example: str) -> str:
    argv = shlex.split(example)
    return argv[2] if argv[0] == "python" else argv[1]


def test_the_tables_are_there() -> None:
    assert len(CODES) >= 8 and len(EXAMPLES) >= 25
    assert {int(c[0]) for c in CODES} >= {0, 1, 2, 3, 4, 5}


@pytest.mark.parametrize(("example", "code", "message"), EXAMPLES, ids=[e[0] for e in EXAMPLES])
def test_bad_input_gives_one_line_and_the_documented_code(
    example: str, code: str, message: str, places: dict[str, str], tmp_path: Path
) -> None:
    needed = set(re.findall(r"\{(\w+)\}", example + message))
    missing = needed - set(places)
    if missing:
        pytest.skip(f"cannot mount a tmpfs here for {sorted(missing)} (needs root and mount)")
    out = _run(example.format(**places), cwd=tmp_path)
    lines = [ln for ln in out.stderr.splitlines() if ln.strip()]
    assert out.returncode == int(code), out.stderr[-2000:]
    assert len(lines) == 1, out.stderr[-2000:]
    assert message.format(**places) in lines[0]
    assert "Traceback" not in out.stderr
    assert _documented(int(code), _command(example)), (code, example)
    assert out.stdout == ""
