"""Evaluation tooling: a text page's model and its HTML shapes (`songlists eval --as-html`)."""

from scraper.quality.shapes import OWN_SHAPES, SHAPES, render_shape

__all__ = ["OWN_SHAPES", "SHAPES", "render_shape"]
