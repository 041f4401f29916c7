"""The `songlists` command line: one module per command; errors become exit codes here alone.

Nothing outside this package imports it (tests/test_layout.py)."""

from scraper.cli.main import main

__all__ = ["main"]
