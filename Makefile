# Two entry points for a fresh machine: `make demo` (run the main job) and `make test`.
# Both create .venv in the repo and install the project into it.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: venv demo test test-min lint bench eval clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

lint: $(STAMP)
	$(BIN)/ruff check parsers scraper tests benchmarks fixtures/tools
	$(BIN)/ruff format --check parsers scraper tests benchmarks fixtures/tools
	$(BIN)/mypy

test: lint
	$(BIN)/pytest -q

# The crawl tests on the lowest versions pyproject.toml allows (constraints/min.txt), in their
# own .venv-min: the floors it claims are floors that pass (docs/versions.md).
VENV_MIN := .venv-min
MIN_STAMP := $(VENV_MIN)/.installed
MIN_TESTS := tests/integration/test_crawl_e2e.py tests/integration/test_crawl_faults.py tests/integration/test_monitors.py \
	tests/components/test_versions.py

$(MIN_STAMP): pyproject.toml constraints/min.txt
	rm -rf $(VENV_MIN)
	$(PY) -m venv $(VENV_MIN)
	$(VENV_MIN)/bin/pip install -q --upgrade pip
	$(VENV_MIN)/bin/pip install -q -c constraints/min.txt -e '.[monitoring]' pytest
	touch $(MIN_STAMP)

test-min: $(MIN_STAMP)
	$(VENV_MIN)/bin/python -c "import scrapy; print('scrapy', scrapy.__version__)"
	$(VENV_MIN)/bin/pytest -q -p no:cacheprovider $(MIN_TESTS)

demo: $(STAMP)
	$(BIN)/python -m scraper.cli.demo

bench: $(STAMP)
	$(BIN)/python benchmarks/bench.py

eval: $(STAMP)
	$(BIN)/songlists eval ../shared/corpus

clean:
	rm -rf $(VENV) output/*/ .pytest_cache .mypy_cache .ruff_cache
