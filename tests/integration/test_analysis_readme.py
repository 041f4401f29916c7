"""The README tells the truth about the command line: it lists every `songlists` command, and
its example shows what the example's command prints."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from helpers import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def section(title: str) -> str:
    return README.split(f"\n## {title}\n", 1)[1].split("\n## ", 1)[0]


def test_the_readme_lists_every_command() -> None:
    from scraper.cli.main import build_parser

    parser = build_parser()
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    commands = set(getattr(sub, "choices", None) or {})
    assert {"parse", "crawl", "report", "diff", "songs", "export", "browse", "link"} <= commands
    listed = set(re.findall(r"^    songlists ([a-z-]+)", section("The command line"), flags=re.M))
    assert listed == commands, (
        f"README lacks {commands - listed}, lists unknown {listed - commands}"
    )


def test_the_readme_example_is_what_the_command_prints() -> None:
    text = section("The command line")
    example = text.split("\nExample:\n", 1)[1]
    lines = example.split("\n")
    command: list[str] = []
    i = 0
    while not lines[i].startswith("    $ "):
        i += 1
    while True:  # the command, with its continuation lines
        part = lines[i].strip().removeprefix("$ ")
        command.append(part.removesuffix("\\").strip())
        i += 1
        if not part.endswith("\\"):
            break
    shown = []
    while i < len(lines) and (lines[i].startswith("    ") or not lines[i].strip()):
        shown.append(lines[i][4:])
        i += 1
    expected = "\n".join(shown).strip("\n") + "\n"
    bin_dir = Path(sys.executable).parent
    proc = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", " ".join(command)],
        cwd=REPO, capture_output=True, text=True, timeout=120,
        env={"PATH": f"{bin_dir}:/usr/bin:/bin", "LANG": "C.UTF-8"},
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == expected, "README example differs from what the command prints"
