"""Text renderings of a labelled text page: the same lines, laid out as other tools print them.

`songlists eval --as-text NAME` re-renders every text page of a corpus and scores the parser's
text path on it. Each rendering carries exactly the page's lines (the site chrome included) and
nothing more; they differ in where lines break and where blank lines stand. Which line is a
paragraph or a video title comes from the page's model (`scraper.quality.model`); which is a
heading from the labels, as for the HTML shapes. Blank lines are the page's own unless said:

- `periods`: every paragraph line and video-title line broken after each sentence-internal
  period, as the text of the user's seed page is: ". " followed by text becomes ".\\n"
  (`No. 1` -> `No.` / `1`), a period glued to a letter or an apostrophe breaks too
  (`tuki.’s` -> `tuki.` / `’s`), one glued to a closing double quote or a digit does not
  (`Diary.” The`, `2.5`); a Japanese `。` followed by text breaks likewise. Headings, section
  titles, the page title, related links, the site header, playlist rows and the video
  captions that repeat a heading (as the heading itself) stay whole;
- `flat`: no blank line anywhere (what BeautifulSoup's `get_text("\\n", strip=True)` gives);
- `spaced`: an empty line after every line;
- `periods_flat`: `periods` without any blank line;
- `markdown`: what an HTML-to-Markdown converter prints (html2text, markdownify): the page
  title as `# …`, section titles as `## …`, each heading as `### …`, a blank line after each;
- `bulleted`, `numbered`: each heading a list item, `- …` or `1. …`, `2. …` (a renderer's
  `<ul>`/`<ol>`);
- `slash`, `dash`, `quoted`: each heading whose title and artist the labels locate written
  with a separator between them, as other sites and tools print a song: `Title / Artist`,
  `Title – Artist`, `“Title” Artist` (its rank and badges where they were).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from parsers.textutil.normalise import fold_key
from scraper.quality.model import Node, build_model, text_lines

# After a period that ends a word: spaces before more text, or a letter or apostrophe glued to
# it; after a Japanese full stop: more text that is no closing bracket or further stop.
_BREAK_RE = re.compile(
    r"(?<=\S\.)[ \t\u00a0]+(?=\S)"
    r"|(?<=\S\.)(?=[^\W\d_]|[’'])"
    r"|(?<=\S。)[ \t\u3000]*(?=[^\s」』）)】。、”’])"
)


@dataclass(frozen=True)
class Line:
    """One non-blank line of the page: its text, whether it is running text (a paragraph or a
    video title, which `periods` breaks) and whether the page leaves a blank line after it."""

    text: str
    running: bool
    blank_after: bool


def break_periods(line: str) -> list[str]:
    """The line broken after each sentence-internal period (see the module's docstring)."""
    return [piece for piece in _BREAK_RE.sub("\n", line).split("\n") if piece]


def _node_lines(node: Node) -> list[tuple[str, bool]]:
    """The lines a node holds verbatim, in page order: (line, running text). Playlist rows and
    table chrome hold reshaped cells, not lines, and are left out (their lines stay whole)."""
    if node.kind == "header":
        return [(ln, False) for ln in node.lines]
    if node.kind == "related":
        return [(f"- {ln}", False) for ln in node.lines]
    if node.kind in ("title", "section", "chrome"):
        return [(node.text, False)]
    if node.kind == "para":
        return [(node.text, True)]
    if node.kind == "entry" and node.heading is not None:
        head = node.heading.raw
        # a caption repeating the heading ("So it wasn’t me, huh.riria.") is as whole as it is
        videos = [(v, not _repeats(v, head)) for v in node.videos]
        return [(head, False), *videos, *((p.text, True) for p in node.body)]
    return []


def _repeats(line: str, heading: str) -> bool:
    key = fold_key(line)
    return bool(key) and key in fold_key(heading)


def page_lines(text: str, labels: dict[str, Any]) -> list[Line]:
    """The page's non-blank lines with what its model says of each: the model's lines are
    matched to the text's in order, and a line the model holds no verbatim copy of (a playlist
    row, a table header) is kept whole."""
    model = build_model(text, labels)
    known = [item for node in model.nodes for item in _node_lines(node)]
    out: list[Line] = []
    j = 0
    for line, blank in text_lines(text):
        running = False
        if j < len(known) and known[j][0] == line:
            running = known[j][1]
            j += 1
        out.append(Line(line, running, blank))
    return out


def _layout(
    text: str, labels: dict[str, Any], *, periods: bool, blanks: Callable[[Line], bool]
) -> str:
    """The page's lines, running text broken after periods when `periods`, and an empty line
    after each line for which `blanks` says so."""
    out: list[str] = []
    for line in page_lines(text, labels):
        out.extend(break_periods(line.text) if periods and line.running else [line.text])
        if blanks(line):
            out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def _rewrite(text: str, labels: dict[str, Any], rewrite: Callable[[Node], list[str]]) -> str:
    """The page's lines with the title, each section title and each located entry heading
    replaced, where it stands, by what `rewrite` makes of its node (a line is left as it is
    when `rewrite` returns nothing; a caption repeating a heading is never replaced)."""
    model = build_model(text, labels)
    queue: list[tuple[str, list[str]]] = []
    for node in model.nodes:
        line = node.heading.raw if node.kind == "entry" and node.heading else node.text
        if node.kind in ("title", "section", "entry") and line:
            queue.append((line, rewrite(node)))
    out: list[str] = []
    for line, blank in text_lines(text):
        if queue and queue[0][0] == line:
            out.extend(queue.pop(0)[1] or [line])
        else:
            out.append(line)
        if blank and out[-1:] != [""]:
            out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def _markdown(node: Node) -> list[str]:
    if node.kind == "title":
        return [f"# {node.text}", ""]
    if node.kind == "section":
        return [f"## {node.text}", ""]
    if node.heading is not None:
        return [f"### {node.heading.raw}", ""]
    return []


def _separated(fmt: str) -> Callable[[Node], list[str]]:
    def rewrite(node: Node) -> list[str]:
        head = node.heading
        if node.kind != "entry" or head is None or not head.located or not head.artist:
            return []
        if head.artist_first:
            return []
        song = fmt.format(title=head.title.strip(), artist=head.artist.strip())
        return [head.pre + song + head.post]

    return rewrite


def _listed(numbered: bool) -> Callable[[Node], list[str]]:
    count = iter(range(1, 10_000))

    def rewrite(node: Node) -> list[str]:
        if node.kind != "entry" or node.heading is None:
            return []
        mark = f"{next(count)}. " if numbered else "- "
        return [mark + node.heading.raw]

    return rewrite


def render_bulleted(text: str, labels: dict[str, Any]) -> str:
    return _rewrite(text, labels, _listed(numbered=False))


def render_numbered(text: str, labels: dict[str, Any]) -> str:
    return _rewrite(text, labels, _listed(numbered=True))


def render_markdown(text: str, labels: dict[str, Any]) -> str:
    return _rewrite(text, labels, _markdown)


def render_slash(text: str, labels: dict[str, Any]) -> str:
    return _rewrite(text, labels, _separated("{title} / {artist}"))


def render_dash(text: str, labels: dict[str, Any]) -> str:
    return _rewrite(text, labels, _separated("{title} – {artist}"))


def render_quoted(text: str, labels: dict[str, Any]) -> str:
    return _rewrite(text, labels, _separated("“{title}” {artist}"))


def render_periods(text: str, labels: dict[str, Any]) -> str:
    return _layout(text, labels, periods=True, blanks=lambda ln: ln.blank_after)


def render_flat(text: str, labels: dict[str, Any]) -> str:
    return _layout(text, labels, periods=False, blanks=lambda ln: False)


def render_spaced(text: str, labels: dict[str, Any]) -> str:
    return _layout(text, labels, periods=False, blanks=lambda ln: True)


def render_periods_flat(text: str, labels: dict[str, Any]) -> str:
    return _layout(text, labels, periods=True, blanks=lambda ln: False)


TextRenderer = Callable[[str, dict[str, Any]], str]

# The renderings that keep every line of the page as it is (they only break and space lines).
LINE_LAYOUTS = ("periods", "flat", "spaced", "periods_flat")

RENDERINGS: dict[str, TextRenderer] = {
    "periods": render_periods,
    "flat": render_flat,
    "spaced": render_spaced,
    "periods_flat": render_periods_flat,
    "markdown": render_markdown,
    "slash": render_slash,
    "dash": render_dash,
    "quoted": render_quoted,
    "bulleted": render_bulleted,
    "numbered": render_numbered,
}

__all__ = ["LINE_LAYOUTS", "RENDERINGS", "Line", "break_periods", "page_lines", "render_text"]


def render_text(name: str, text: str, labels: dict[str, Any]) -> str:
    """The page in the text rendering `name` (one of `RENDERINGS`)."""
    try:
        renderer = RENDERINGS[name]
    except KeyError:
        names = ", ".join(RENDERINGS)
        raise ValueError(f"unknown text rendering {name!r} (one of {names})") from None
    return renderer(text, labels)
