# Two commands do all the set-up on a fresh machine (see README.md):
#   make demo   validate the shipped real case, report its gaps, draw it, write its report
#   make test   the whole test suite, browser tests included
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CASE := data/cases/prevent-amess-2014.yaml

.PHONY: demo test lint bench

$(BIN)/casegraph: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

demo: $(BIN)/casegraph
	@mkdir -p out
	$(BIN)/casegraph validate $(CASE)
	$(BIN)/casegraph stats $(CASE)
	$(BIN)/casegraph gaps $(CASE)
	$(BIN)/casegraph view $(CASE) --highlight gaps -o out/prevent-amess-2014.html
	$(BIN)/casegraph view $(CASE) --layout timeline --highlight gaps -o out/prevent-amess-2014-timeline.html
	$(BIN)/casegraph report $(CASE) -o out/prevent-amess-2014-report.html

test: $(BIN)/casegraph
	scripts/ensure-chromium
	scripts/ensure-virtuoso
	$(BIN)/python -m pytest

lint: $(BIN)/casegraph
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy src tests

bench: $(BIN)/casegraph
	$(BIN)/python benchmarks/bench_cli.py
