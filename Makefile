# GER task index: `make help` lists every task.
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
DEV_ENV := DEBUG=true
# The port of `make run` (make run PORT=8001).
PORT ?= 8000

.PHONY: help install run test test-suite lint format migrations bench soak worker clean

help: ## List the tasks
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: $(BIN)/activate pyproject.toml
	$(BIN)/pip install --quiet --disable-pip-version-check -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

install: $(VENV)/.installed ## Create .venv and install GER

run: $(VENV)/.installed ## Serve the portal on the bundled data at http://127.0.0.1:8000 with its task worker (Ctrl-C stops both)
	$(DEV_ENV) $(BIN)/ger migrate --noinput
	$(DEV_ENV) $(BIN)/ger seed --if-empty
	$(DEV_ENV) $(BIN)/ger demo_accounts
	@echo "The task worker (edition builds) runs beside the server; Ctrl-C stops both."
	@# The worker sees Ctrl-C too (same process group); the trap also stops it when
	@# the server exits on its own.
	@$(DEV_ENV) $(BIN)/ger db_worker --interval 1 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(DEV_ENV) $(BIN)/ger runserver 127.0.0.1:$(PORT)

lint: $(VENV)/.installed-test ## Check style, types and the import layers (ruff, mypy, import-linter)
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(DEV_ENV) $(BIN)/mypy src
	$(BIN)/lint-imports --no-cache

# The suite runs in two groups (docs/testing.md): every test but the browser ones in
# parallel, one pytest-xdist worker and one test database per core; then the browser
# tests, BROWSER_WORKERS of them at a time (each worker its own live server, test
# database and chromium), so that chromium and the live server are not starved by
# the busy workers of the first group. TEST_WORKERS=0 runs the first group in this
# one process, BROWSER_WORKERS=0 the second. `make test-suite` runs both groups
# without the lint (.ci/run lints once, then runs them on each database).
# Python's byte-code caches (ignored by git) are written even where the environment
# says not to (PYTHONDONTWRITEBYTECODE): each worker would compile every module again.
TEST_WORKERS ?= auto
BROWSER_WORKERS ?= 2
PYTEST := PYTHONDONTWRITEBYTECODE= $(BIN)/pytest

test: lint test-suite ## Lint, then run the whole test suite (in parallel, browser tests after)

test-suite: $(VENV)/.installed-test
	$(PYTEST) -n $(TEST_WORKERS) --dist loadgroup -m "not browser"
	$(PYTEST) -n $(BROWSER_WORKERS) -m browser

bench: $(VENV)/.installed-test ## Run the benchmarks; results in bench/results/ and bench/README.md
	$(DEV_ENV) $(BIN)/python bench/run.py
	$(DEV_ENV) $(BIN)/python bench/backtest.py
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[bench]'
	$(BIN)/python bench/read_path
	$(BIN)/python bench/rendered_cpu.py

worker: $(VENV)/.installed ## Run queued background tasks alone (make run already starts a worker)
	$(DEV_ENV) $(BIN)/ger db_worker

soak: $(VENV)/.installed-test ## 60 s of mixed reads and writes at 32 connections on PostgreSQL
	$(BIN)/python bench/soak.py

format: $(VENV)/.installed-test ## Reformat the code
	$(BIN)/ruff format src tests
	$(BIN)/ruff check --fix src tests

migrations: $(VENV)/.installed ## Make migrations after a model change
	$(DEV_ENV) $(BIN)/ger makemigrations

clean: ## Remove the virtual environment and runtime files
	rm -rf $(VENV) var
