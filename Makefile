# Two entry points for a fresh machine: `make demo` (run the main job) and `make test`.
# Both create .venv in the repo and install the project into it.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: venv demo test lint bench eval clean

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

demo: $(STAMP)
	$(BIN)/python -m scraper.demo

bench: $(STAMP)
	$(BIN)/python benchmarks/bench.py

eval: $(STAMP)
	$(BIN)/songlists eval ../shared/corpus

clean:
	rm -rf $(VENV) output/*/ .pytest_cache .mypy_cache .ruff_cache
