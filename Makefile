# `make serve` and `make test` do all the set-up on a fresh machine (see README.md).
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
TSUNAGU := $(VENV)/bin/tsunagu
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
HOST ?= 127.0.0.1
PORT ?= 8000
# Debian packages: CJK fonts and pango for PDF area guides; chromium for the browser tests.
SERVE_DEBS := fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0
TEST_DEBS := $(SERVE_DEBS) chromium
# PostgreSQL: the staff storage tests start a throwaway server of their own (tests/staff/pg.py).
TEST_DEBS += postgresql
# Java runs the W3C Nu HTML checker (npm vnu-jar) in tests/browser/test_html_valid.py.
TEST_DEBS += openjdk-17-jre-headless
# wrk drives bench/bench_http.py (a C load generator takes little CPU from the server it measures).
BENCH_DEBS := wrk

.PHONY: serve test test-fast dist lint lock build check install system-deps test-deps bench-deps vendor bench clean messages

# Every Python package comes from requirements.lock: exact versions with hashes, so a fresh machine next
# year installs the same program. pyproject.toml keeps the ranges; `make lock` regenerates the lock from them.
$(VENV)/.installed: pyproject.toml requirements.lock requirements-bootstrap.txt
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements-bootstrap.txt
	$(PY) -m pip install --quiet --require-hashes -r requirements.lock
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

install: $(VENV)/.installed vendor

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Leaflet (maps) and Swagger UI (/docs) are served from static/vendor: the pages never load a CDN.
static/vendor/.installed: node_modules/.installed
	mkdir -p static/vendor/leaflet static/vendor/swagger-ui
	cp -r node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.css node_modules/leaflet/dist/images static/vendor/leaflet/
	cp node_modules/swagger-ui-dist/swagger-ui-bundle.js node_modules/swagger-ui-dist/swagger-ui.css node_modules/swagger-ui-dist/LICENSE static/vendor/swagger-ui/
	touch $@

vendor: static/vendor/.installed

define apt_install
	@missing=$$(for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages: $$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; \
	fi
endef

system-deps:
	$(call apt_install,$(SERVE_DEBS))

test-deps:
	$(call apt_install,$(TEST_DEBS))

bench-deps:
	$(call apt_install,$(BENCH_DEBS))

check: install
	$(TSUNAGU) check

build: install system-deps
	$(TSUNAGU) build

serve: install system-deps
	$(TSUNAGU) serve --host $(HOST) --port $(PORT)

# Lint first: a type error or a lint finding fails the run as surely as a failing test.
test: install test-deps lint
	$(PY) -m pytest

# The quick loop while working: everything but the real-browser tests, no lint (`make test` runs all).
test-fast: install test-deps
	$(PY) -m pytest -m "not browser"

# The one command that regenerates requirements.lock (uv resolves the ranges in pyproject.toml, the test
# extra and the build backend, and records every file's hash). Commit the result.
UV_VERSION := 0.13.9
lock:
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet 'uv==$(UV_VERSION)'
	printf 'setuptools>=68\nwheel\n' | $(VENV)/bin/uv pip compile pyproject.toml - --extra test \
	  --generate-hashes --python-version 3.11 --quiet --custom-compile-command 'make lock' -o requirements.lock

# mypy needs the mapped folders (site/, search/, geo/, data/) laid out as the `tsunagu` package it imports:
# a tree of symlinks under build/typecheck gives it that without moving any file.
TYPECHECK := build/typecheck
# The message catalogs in step with the words the templates and code use (issue 30.1): new words are added
# untranslated, unused ones dropped, translations kept. Translate the new entries, then commit.
messages: install
	$(PY) -m tsunagu.site.pages.catalogs

lint: install
	$(VENV)/bin/ruff check .
	rm -rf $(TYPECHECK) && mkdir -p $(TYPECHECK)/tsunagu
	for f in tsunagu/*; do ln -s ../../../$$f $(TYPECHECK)/tsunagu/; done
	for d in site search geo data; do ln -s ../../../$$d $(TYPECHECK)/tsunagu/$$d; done
	cd $(TYPECHECK) && ../../$(VENV)/bin/mypy --config-file ../../pyproject.toml -p tsunagu

bench: build bench-deps
	$(PY) bench/bench_http.py
	$(PY) bench/bench_geo.py
	$(PY) bench/bench_search.py
	$(PY) bench/bench_everyday.py
	$(PY) bench/bench_pages.py
	$(PY) bench/bench_schedule.py
	$(PY) bench/bench_scale.py
	$(PY) bench/bench_guides.py

# A wheel and an sdist in dist/ that carry the static files (with the vendored Leaflet and Swagger UI),
# the templates and the sample data: `pip install dist/tsunagu-*.whl`, then `tsunagu build` and `tsunagu serve`.
dist: install vendor
	rm -rf dist
	$(PY) -m pip wheel . --no-deps --no-build-isolation --quiet -w dist
	$(PY) -c "from setuptools import build_meta; build_meta.build_sdist('dist')"

clean:
	rm -rf build node_modules static/vendor $(VENV)
