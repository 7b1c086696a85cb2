# Two commands: `make run` serves the portal on http://127.0.0.1:8000 with SQLite;
# `make test` runs the linters and the whole test suite on a throwaway PostgreSQL server.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Only the production requirements, as a server installs them: the production smoke test serves the portal from it.
PROD_VENV := .venv-prod
STAMPS := .make
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)
LOCAL := DJANGO_DEBUG=1

.PHONY: run test setup setup-test chromium java postgres pdf-libraries lint format requirements clean

$(STAMPS):
	@mkdir -p $(STAMPS)

$(STAMPS)/python: requirements/base.txt | $(STAMPS)
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements/base.txt
	@touch $@

$(STAMPS)/python-dev: $(STAMPS)/python requirements/dev.txt
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements/base.txt -r requirements/dev.txt
	@touch $@

$(STAMPS)/python-prod: requirements/base.txt | $(STAMPS)
	@test -x $(PROD_VENV)/bin/python || $(PYTHON) -m venv $(PROD_VENV)
	$(PROD_VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements/base.txt
	@touch $@

$(STAMPS)/npm: package.json package-lock.json | $(STAMPS)
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

setup: $(STAMPS)/python $(STAMPS)/npm pdf-libraries

setup-test: $(STAMPS)/python-dev $(STAMPS)/python-prod $(STAMPS)/npm pdf-libraries chromium java postgres

## The browser tests drive Debian's Chromium (Playwright's own browser download cannot work here).
chromium:
	@command -v chromium >/dev/null || { $(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium; }

## The Nu HTML Checker (vnu-jar, from npm) that the browser tests run every page through is a Java program.
java:
	@command -v java >/dev/null || { $(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq default-jre-headless; }

## WeasyPrint renders PDFs with Pango, and embeds the DejaVu fonts the report stylesheet names.
pdf-libraries:
	@{ ldconfig -p | grep -q libpangoft2-1.0 && fc-list | grep -q DejaVuSans; } || { $(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core; }

## The tests start their own PostgreSQL server from the machine's binaries.
postgres:
	@command -v pg_ctl >/dev/null || ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || { \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq postgresql; }

run: setup
	$(LOCAL) $(BIN)/python manage.py migrate --noinput
	$(LOCAL) $(BIN)/python manage.py load_reference
	$(LOCAL) $(BIN)/python manage.py create_demo_users
	$(LOCAL) $(BIN)/python manage.py runserver 127.0.0.1:8000

lint: $(STAMPS)/python-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djlint templates core/templates --lint
	$(BIN)/lint-imports --no-cache
	$(BIN)/deptry .

## The pinned versions, compiled from pyproject.toml's one list (the production dependencies, and the dev extra for
## tests, linters and benchmarks, held to the same versions). Existing pins are kept unless a range excludes them.
requirements: $(STAMPS)/python-dev
	$(BIN)/pip-compile --quiet --no-emit-find-links --no-emit-index-url --strip-extras \
		-o requirements/base.txt pyproject.toml
	$(BIN)/pip-compile --quiet --no-emit-find-links --no-emit-index-url --strip-extras --extra dev \
		-c requirements/base.txt -o requirements/dev.txt pyproject.toml

format: $(STAMPS)/python-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/djlint templates core/templates --reformat

test: setup-test lint
	$(BIN)/pytest --numprocesses=auto  # one worker per core, each with its own PostgreSQL server

clean:
	rm -rf $(VENV) $(PROD_VENV) node_modules $(STAMPS) staticfiles
