"""Editions: aligning English entries with their Japanese originals (docs/editions.md)."""

from __future__ import annotations

from parsers.editions.align import align
from parsers.editions.entries import name_similarity, romaniser_available
from parsers.editions.link import MIN_CONFIDENCE, LinkResult, apply_links, link_records

__all__ = [
    "MIN_CONFIDENCE",
    "LinkResult",
    "align",
    "apply_links",
    "link_records",
    "name_similarity",
    "romaniser_available",
]
