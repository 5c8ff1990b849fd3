# factcheck: `make run` for the app on the sample articles, `make test` for the suite.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

PIP_COMPILE := $(VENV)/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
	--no-emit-index-url --no-emit-find-links

.PHONY: run test lint fmt install install-dev lock migrate seed worker clean

# Installs come from the locks (every transitive version with its hashes), so a fresh install
# cannot drift; `make lock` rewrites them after requirements.txt or requirements-dev.txt change.
$(VENV)/.installed: requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes --no-deps -r requirements.lock
	touch $@

$(VENV)/.installed-dev: requirements-dev.lock $(VENV)/.installed
	$(PY) -m pip install --quiet --require-hashes --no-deps -r requirements-dev.lock
	touch $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

# The dev lock starts from the runtime lock's pins, so the two agree on every shared package.
lock: install-dev
	$(PIP_COMPILE) --output-file requirements.lock requirements.txt
	cp requirements.lock requirements-dev.lock
	$(PIP_COMPILE) --output-file requirements-dev.lock requirements-dev.txt

migrate: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py createcachetable

seed: migrate
	$(PY) manage.py ingest seeds/

run: seed
	@echo "Demo accounts (passwords are new on every run):"
	@$(PY) manage.py create_demo_users
	@if [ -n "$$REDIS_URL" ]; then \
		echo "REDIS_URL is set: starting a Celery worker"; \
		$(VENV)/bin/celery -A factcheck worker -l info --concurrency 2 & \
		trap 'kill %1 2>/dev/null' EXIT INT TERM; \
		$(PY) manage.py runserver $(HOST):$(PORT); \
	else \
		$(PY) manage.py runserver $(HOST):$(PORT); \
	fi

worker: install
	$(VENV)/bin/celery -A factcheck worker -l info

test: install-dev
	$(VENV)/bin/pytest

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

fmt: install-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
