# OpenExpo: two commands on a fresh machine — `make demo` and `make test`.
PY ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
SCALE ?= 1
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo test test-sqlite test-postgres bench lint install serve migrate messages serve-prod check-prod

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml package.json | $(BIN)/python
	$(BIN)/pip install -q -e '.[test]'
	@if command -v npm >/dev/null 2>&1; then npm install --no-audit --no-fund --silent; else echo "npm not found: pages work without htmx"; fi
	touch $@

install: $(VENV)/.installed

migrate: install
	$(MANAGE) migrate --noinput -v 0

demo: migrate
	$(MANAGE) demo --if-missing --scale $(SCALE)
	$(MANAGE) demo_login --url http://$(HOST):$(PORT)
	OPENEXPO_DEBUG=1 $(MANAGE) runserver --noreload $(HOST):$(PORT)

serve: migrate
	OPENEXPO_DEBUG=1 $(MANAGE) runserver $(HOST):$(PORT)

# Production shape on this machine: gunicorn (WEB_WORKERS=3) + a Celery worker, local
# PostgreSQL (database openexpo_prod) and Redis; DEMO_SCALE=0.05 loads a demo first.
serve-prod: install
	BIN=$(BIN) HOST=$(HOST) PORT=$(PORT) deploy/serve-prod.sh

# Faults and load against the production shape (PostgreSQL and Redis required; restarts
# PostgreSQL and Redis briefly and always brings them back). A few minutes.
check-prod: install
	$(BIN)/python bench/load.py --quick
	$(BIN)/python deploy/check_prod.py

lint: install
	$(BIN)/ruff check openexpo tests bench

messages: install
	cd openexpo && ../$(BIN)/django-admin compilemessages -v 0

test: install
	$(BIN)/ruff check openexpo tests bench
	$(BIN)/python -m openexpo.testing_env check-browser || true
	$(MAKE) --no-print-directory test-sqlite
	@if $(BIN)/python -m openexpo.testing_env postgres-reachable; then \
	  $(MAKE) --no-print-directory test-postgres; \
	else echo "PostgreSQL not reachable: ran SQLite only"; fi

test-sqlite:
	env -u DATABASE_URL $(BIN)/pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

test-postgres:
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/openexpo} $(BIN)/pytest -n 2 --dist loadgroup -m "not browser" $(PYTEST_ARGS)

bench: install
	@for b in bench/*.py; do echo "== $$b"; $(BIN)/python $$b $(BENCH_ARGS) || exit 1; done
