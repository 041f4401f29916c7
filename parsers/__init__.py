"""Pure extraction: a RAG Music list page (HTML or text) in, song records out.

No Scrapy, no I/O. The one public entry point is `parse_page`.
"""

from __future__ import annotations

from parsers.errors import InputError, ParserError
from parsers.model import SCHEMA_VERSION, Page, Record
from parsers.page import parse_page

__all__ = ["SCHEMA_VERSION", "InputError", "Page", "ParserError", "Record", "parse_page"]
