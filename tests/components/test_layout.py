"""The layout's rules, read from the code with `ast` (docs/layout in README's code map):

- `parsers` is pure: it never imports `scraper` (nor Scrapy);
- nothing outside `scraper.cli` imports `scraper.cli` (the command line sits on top);
- `scraper.devtools` is imported only by `scraper.cli` (and by tests and benchmarks);
- no import cycle between modules, counting imports inside functions too;
- no function over 60 lines; README's code map is the one generated from the tree.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import REPO

PACKAGES = ("parsers", "scraper")


def _modules() -> dict[str, Path]:
    mods: dict[str, Path] = {}
    for pkg in PACKAGES:
        for path in sorted((REPO / pkg).rglob("*.py")):
            parts = list(path.relative_to(REPO).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            mods[".".join(parts)] = path
    return mods


MODULES = _modules()


def _imports(name: str, path: Path) -> Iterator[str]:
    """Every module of ours that `name` imports (`from pkg import mod` resolved to the module)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            targets = [f"{module}.{a.name}" for a in node.names if f"{module}.{a.name}" in MODULES]
            targets = targets or [module]
        else:
            continue
        for target in targets:
            if target.split(".")[0] in PACKAGES:
                while target not in MODULES and "." in target:
                    target = target.rpartition(".")[0]
                if target != name:
                    yield target


GRAPH = {name: set(_imports(name, path)) for name, path in MODULES.items()}


def _inside(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def test_the_graph_is_read() -> None:
    assert len(MODULES) > 60
    assert "scraper.run.manager" in GRAPH["scraper.crawl.pipelines"]
    assert "parsers.structure.blocks" in GRAPH["parsers.page"]


def test_parsers_never_import_scraper_or_scrapy() -> None:
    bad = [
        f"{m} imports {t}"
        for m, targets in GRAPH.items()
        if _inside(m, "parsers")
        for t in targets
        if _inside(t, "scraper")
    ]
    assert not bad
    for name, path in MODULES.items():
        if _inside(name, "parsers"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.Import | ast.ImportFrom):
                    names = (
                        [a.name for a in node.names]
                        if isinstance(node, ast.Import)
                        else [node.module or ""]
                    )
                    assert not any(n.split(".")[0] in {"scrapy", "twisted"} for n in names), name


@pytest.mark.parametrize(
    ("package", "allowed"),
    [("scraper.cli", ("scraper.cli",)), ("scraper.devtools", ("scraper.cli", "scraper.devtools"))],
)
def test_who_may_import(package: str, allowed: tuple[str, ...]) -> None:
    bad = [
        f"{m} imports {t}"
        for m, targets in GRAPH.items()
        if not any(_inside(m, a) for a in allowed)
        for t in targets
        if _inside(t, package)
    ]
    assert not bad


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_cycle_finder_finds_a_cycle() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycle() -> None:
    assert _cycles(GRAPH) == []


MAX_FUNCTION_LINES = 60


def _function_lengths() -> Iterator[tuple[int, str]]:
    for name, path in MODULES.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                assert node.end_lineno is not None
                yield node.end_lineno - node.lineno + 1, f"{name}.{node.name} (line {node.lineno})"


def test_the_function_measure_sees_every_function() -> None:
    lengths = dict((where, n) for n, where in _function_lengths())
    assert len(lengths) > 500
    assert any(where.startswith("parsers.page.parse_page ") for where in lengths)


def test_no_function_over_60_lines() -> None:
    """Long functions hide their steps: split them into named helpers (issue 12)."""
    long = sorted((n, where) for n, where in _function_lengths() if n > MAX_FUNCTION_LINES)
    assert not long, "over 60 lines: " + ", ".join(f"{where} {n}" for n, where in long)


def test_readme_code_map_matches_the_tree() -> None:
    """README's code map is generated from the packages' docstrings (scraper.devtools.codemap)."""
    from scraper.devtools import codemap

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert codemap.readme_block(readme) is not None, "README.md has no code map block"
    assert codemap.readme_block(readme) == codemap.block(), (
        "README.md's code map is stale: python -m scraper.devtools.codemap --write"
    )
