"""Analysis of songlists run files: loading, records, report, diff, songs, export (the
commands are in scraper/cli/analysis.py; see docs/analysis.md)."""
