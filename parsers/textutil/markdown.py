"""Markdown's marks off a text page: what an HTML-to-Markdown converter adds to the lines.

html2text, markdownify and the like print a page's headings as `### crescent moonAyaka`, its
bold lines as `**…**`, links as `[text](url)`, lists with `*`, and escape the marks they would
otherwise mean (`\\#`, `1\\.`). The text path reads lines, not Markdown: each line keeps its text
and loses the marks, so `### Title` reads as the line `Title` would. A page with no Markdown
in it comes back unchanged (`unmark(text) is text`).
"""

from __future__ import annotations

import re

_ATX_RE = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$", re.M)
_RULE_RE = re.compile(
    r"^[ \t]{0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,}|=+)[ \t]*$", re.M
)
_BOLD_LINE_RE = re.compile(r"^([ \t]*)(\*\*|__)(?=\S)(.+?)(?<=\S)\2[ \t]*$", re.M)
# Bounded: a hostile page of a hundred thousand "[" or "(" costs linear time, not quadratic.
_IMAGE_RE = re.compile(r"!\[[^\[\]\n]{0,300}\]\([^()\s]{0,2000}\)")
_LINK_RE = re.compile(
    r"\[([^\[\]\n]{1,300})\]\((?:[^()\s]|\([^()\s]{0,200}\)){1,2000}(?:\s+\"[^\"\n]{0,300}\")?\)"
)
_BULLET_RE = re.compile(r"^[ \t]*[*+][ \t]+(?=\S)", re.M)
_QUOTE_RE = re.compile(r"^[ \t]{0,3}>[ \t]?", re.M)
_ESCAPE_RE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|])")
# A page is Markdown when one of these marks starts a line or a link is written out.
_MARKDOWN_RE = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+\S|^\*\*\S|\]\((?:https?:|/)", re.M)


def unmark(text: str) -> str:
    """The page's lines without Markdown's marks; the text itself when it holds none."""
    if not _MARKDOWN_RE.search(text):
        return text
    text = _IMAGE_RE.sub("", text)
    text = _LINK_RE.sub(r"\1", text)
    text = _ATX_RE.sub(r"\1", text)
    text = _RULE_RE.sub("", text)
    text = _BOLD_LINE_RE.sub(r"\1\3", text)
    text = _QUOTE_RE.sub("", text)
    text = _BULLET_RE.sub("- ", text)
    return _ESCAPE_RE.sub(r"\1", text)
