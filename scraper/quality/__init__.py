"""Evaluation tooling: a text page's model, its HTML shapes and other text renderings
(`songlists eval --as-html`, `--as-text`)."""

from scraper.quality.shapes import OWN_SHAPES, SHAPES, render_shape

__all__ = ["OWN_SHAPES", "SHAPES", "render_shape"]
