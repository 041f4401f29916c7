"""Every error the parsers package raises on purpose, under one base."""

from __future__ import annotations

__all__ = ["InputError", "ParserError"]


class ParserError(Exception):
    """Base of the parsers package's errors; the message is for a person."""


class InputError(ParserError, ValueError):
    """The content cannot be a page (empty, binary...). The message is for a person."""
