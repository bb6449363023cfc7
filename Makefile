# Kindportaal — the two commands a newcomer needs:
#   make run    set everything up and serve the portal with demo data on http://127.0.0.1:8000
#   make test   set everything up and run the whole suite, lint included

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
# Two test processes, one per core (pytest-xdist); each has its own test database.
PYTEST_ARGS ?= -n 2

.PHONY: run test setup setup-test lock upgrade check-lock assets translations messages migrate lint check-chromium demo-check clean

run: export KINDPORTAAL_ENV ?= development
run: export REQUIRE_MFA ?= false
run: setup migrate
	$(MANAGE) seed_demo
	$(MANAGE) runserver 127.0.0.1:8000

test: export KINDPORTAAL_ENV ?= test
test: setup-test check-lock check-chromium lint
	$(MANAGE) makemigrations --check --dry-run
	$(PY) -m pytest $(PYTEST_ARGS)

lint: setup-test
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m djlint templates --lint

setup: $(VENV)/.installed assets translations
setup-test: $(VENV)/.installed-test assets translations

$(PY):
	$(PYTHON) -m venv $(VENV)

# Python packages come from the lock files in requirements/, each pinned with its hashes; uv
# installs them (pip installs uv itself from its own lock). pyproject.toml keeps the ranges.
UV := $(VENV)/bin/uv
UV_INSTALL = $(UV) pip install --quiet --python $(PY) --require-hashes --no-deps

$(UV): requirements/uv.txt | $(PY)
	$(PY) -m pip install --quiet --isolated --require-hashes --no-deps -r requirements/uv.txt
	touch $@

$(VENV)/.installed: requirements/base.txt | $(UV)
	$(UV_INSTALL) -r requirements/base.txt
	touch $@

$(VENV)/.installed-test: requirements/test.txt $(VENV)/.installed
	$(UV_INSTALL) -r requirements/test.txt
	touch $@

# The locks again from pyproject.toml, keeping every version that still fits (after a range
# changed), or with every package at its newest fitting version (a deliberate upgrade, in its own
# commit); both then run the whole suite.
LOCK_ARGS := --generate-hashes --universal --python-version 3.11 --quiet
lock: | $(UV)
	$(UV) pip compile pyproject.toml --extra test $(LOCK_ARGS) $(UPGRADE) -o requirements/test.txt
	$(UV) pip compile pyproject.toml $(LOCK_ARGS) -c requirements/test.txt -o requirements/base.txt
	$(UV) pip compile requirements/uv.in $(LOCK_ARGS) $(UPGRADE) -o requirements/uv.txt
	$(PY) scripts/check_lock.py

upgrade: UPGRADE := --upgrade
upgrade: lock
	git diff --stat -- requirements/
	$(MAKE) test

check-lock: $(VENV)/.installed-test
	$(PY) scripts/check_lock.py

# Front-end assets come from npm (pinned in package-lock.json) and are served from static/.
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

assets: static/vendor/.copied

static/vendor/.copied: node_modules/.package-lock.json
	mkdir -p static/vendor
	cp node_modules/@utrecht/component-library-css/dist/index.css static/vendor/utrecht-components.css
	cp node_modules/@utrecht/design-tokens/dist/theme.css static/vendor/utrecht-theme.css
	cp node_modules/htmx.org/dist/htmx.min.js static/vendor/htmx.min.js
	cp node_modules/tom-select/dist/js/tom-select.complete.min.js static/vendor/tom-select.min.js
	cp node_modules/tom-select/dist/css/tom-select.min.css static/vendor/tom-select.min.css
	touch $@

translations: $(VENV)/.installed
	@command -v msgfmt >/dev/null || (apt-get install -y -qq gettext >/dev/null)
	$(MANAGE) compilemessages --ignore=.venv --ignore=node_modules -v 0

# After adding or changing texts: update the Dutch catalogue, then translate what is new.
messages: $(VENV)/.installed
	$(MANAGE) makemessages -l nl --no-obsolete --ignore=.venv --ignore=node_modules --ignore=tests --ignore=static/vendor --ignore=benchmarks

migrate: $(VENV)/.installed
	mkdir -p var
	$(MANAGE) migrate --noinput -v 0

# Browser tests drive Debian's Chromium; install it when it is missing (we run as root here).
check-chromium:
	@command -v chromium >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null)

# Starts `make run` on its embedded defaults and fetches the login page (used by .ci/run).
demo-check:
	bash scripts/demo-check.sh

clean:
	rm -rf $(VENV) node_modules static/vendor staticfiles var
