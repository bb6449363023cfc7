# Kindportaal — the two commands a newcomer needs:
#   make run    set everything up and serve the portal with demo data on http://127.0.0.1:8000
#   make test   set everything up and run the whole suite, lint included

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
# Two test processes, one per core (pytest-xdist); each has its own test database.
PYTEST_ARGS ?= -n 2

.PHONY: run test setup setup-test assets translations messages migrate lint check-chromium demo-check clean

run: export KINDPORTAAL_ENV ?= development
run: export REQUIRE_MFA ?= false
run: setup migrate
	$(MANAGE) seed_demo
	$(MANAGE) runserver 127.0.0.1:8000

test: export KINDPORTAAL_ENV ?= test
test: setup-test check-chromium lint
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

$(VENV)/.installed: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@

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
