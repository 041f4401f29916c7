"""Developer tools: the local copy of the site, fixtures, a Redis server for tests, the schema
doc, the gazetteer seed writer. Imported only by scraper.cli, tests and benchmarks."""
