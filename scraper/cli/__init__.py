"""The `songlists` command line: one module per command; errors become exit codes here alone.

Nothing outside this package imports it (tests/components/test_layout.py). The entry point is
`scraper.cli.main:main` (also `python -m scraper.cli.main`).
"""
