"""Project commands for `scrapy` (COMMANDS_MODULE): `crawl` with a health-aware exit code."""
