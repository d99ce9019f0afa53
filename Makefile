# The two commands: `make run` and `make test`. Everything else is for developers.
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
MANAGE := $(PY) manage.py
PG_URL ?= postgres://postgres@127.0.0.1:5432/trellis

.PHONY: run serve-prod test test-sqlite test-postgres test-awkward-instant lint typecheck bench bench-load bench-load-quick screenshots demo worker clean

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo --if-empty
	$(MANAGE) print_logins
	$(MANAGE) run_huey --workers 1 & HUEY=$$!; trap "kill $$HUEY" EXIT INT TERM; \
	$(MANAGE) runserver 127.0.0.1:8000

# Production, configured by the environment only: README, "Production". Migrates, collects static files,
# serves on $PORT (8000) with granian and runs the task consumer beside it; Ctrl-C or SIGTERM stops both.
serve-prod: $(STAMP)
	PYTHON=$(PY) ./config/serve-prod.sh

test: $(STAMP) test-sqlite test-postgres

# The suite runs on $(WORKERS) pytest-xdist workers, each with its own test database and scratch folder
# (config/settings/test.py); the browser tests follow in one process, as they share one server and Chromium.
WORKERS ?= 2
PYTEST_PARALLEL := $(VENV)/bin/pytest -q -rs -n $(WORKERS) -m "not browser"
PYTEST_BROWSER := $(VENV)/bin/pytest -q -rs -m browser

test-sqlite: $(STAMP)
	$(PYTEST_PARALLEL)
	$(PYTEST_BROWSER)

# CI has PostgreSQL on 127.0.0.1:5432; elsewhere the PostgreSQL run is skipped with a visible message.
test-postgres: $(STAMP)
	@if $(PY) -m trellis.core.pgcheck "$(PG_URL)"; then \
		DATABASE_URL="$(PG_URL)" $(PYTEST_PARALLEL); \
	else echo "SKIPPED: no PostgreSQL reachable at $(PG_URL); the suite ran on SQLite only."; fi

# The whole suite again at an instant where time bombs go off: 07:30 UTC on the Sunday New York springs
# forward (03:30 there, 01:30 in Chicago, still Saturday evening in Los Angeles). CI runs it after `make test`.
AWKWARD_INSTANT ?= 2027-03-14T07:30:00+00:00
test-awkward-instant: $(STAMP)
	TRELLIS_TEST_NOW="$(AWKWARD_INSTANT)" $(PYTEST_PARALLEL)
	TRELLIS_TEST_NOW="$(AWKWARD_INSTANT)" $(PYTEST_BROWSER)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: $(STAMP)
	$(VENV)/bin/mypy .

bench: $(STAMP)
	$(PY) bench/pages.py
	$(PY) bench/schedule.py
	$(PY) bench/timeline.py
	$(PY) bench/billing.py

# The main pages under 50 connections, served by granian with production settings (bench/README.md, "Load").
# Needs wrk and PostgreSQL; skipped with a message when no PostgreSQL answers. The quick one is CI's: a small
# program, 10 s phases, and it fails on errors or non-200 answers only, never on times.
bench-load: $(STAMP)
	$(PY) bench/load.py

bench-load-quick: $(STAMP)
	$(PY) bench/load.py --quick

# Refresh the screenshots in docs/ from the browser tests; look at them before committing.
screenshots: $(STAMP)
	TRELLIS_UPDATE_SCREENSHOTS=1 $(VENV)/bin/pytest -q -m browser tests/e2e

clean:
	rm -rf $(VENV) db.sqlite3*
