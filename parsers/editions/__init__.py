"""Editions: aligning English entries with their Japanese originals (docs/editions.md)."""
