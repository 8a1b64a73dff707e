# Only python3 (3.11+) and make are assumed. Every target sets up what it needs.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.installed

.PHONY: demo test check lint bench reliability clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "pk needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@# Byte-compile pk as a normal install does (start-up time even under PYTHONDONTWRITEBYTECODE).
	$(BIN)/python -m compileall -q src
	@touch $(STAMP)

demo: $(STAMP)
	@PATH="$(CURDIR)/$(BIN):$$PATH" bash examples/demo.sh

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The fast loop while working: lint, then the tests that are neither slow nor PostgreSQL's.
# `make test` stays the whole truth (CI runs it).
check: lint
	$(BIN)/python -m pytest -q -m "not slow and not postgres" $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests
	$(BIN)/mypy

# The failure-mode battery of docs/reliability.md, printing the figures it measured.
reliability: $(STAMP)
	PK_RELIABILITY_OUT=reliability-figures.json $(BIN)/python -m pytest -q \
		tests/test_reliability.py tests/test_properties.py \
		tests/test_postgres.py::test_lost_connection_mid_import_writes_nothing
	@cat reliability-figures.json

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info .pytest_cache .mypy_cache .ruff_cache
