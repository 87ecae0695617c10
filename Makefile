# The site's commands. `make serve` and `make test` set up everything they
# need by themselves (Python packages in .venv, Debian and npm packages).

SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
PYTHON ?= $(shell command -v python3.11 || command -v python3)
HOST ?= 127.0.0.1:8000
# The site generator, which turns docs/ into HTML: mkdocs (the default),
# properdocs (MkDocs 1.x's maintained continuation) or zensical (Material's
# successor). All three read mkdocs.yml; the site's own steps over the
# output (site_build/pipeline.py) are the same for each. See README.md,
# "Moving to another generator".
GENERATOR ?= mkdocs
ifeq ($(filter $(GENERATOR),mkdocs properdocs zensical),)
$(error GENERATOR must be mkdocs, properdocs or zensical, not '$(GENERATOR)')
endif
export GENERATOR
export NO_MKDOCS_2_WARNING := 1
export DISABLE_MKDOCS_2_WARNING := true
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1

# Debian packages the tests use: the browser, Java for the Nu HTML Checker,
# Cairo and fonts for images; hunspell with the Italian dictionary for the
# spelling test; Node.js and npm only where no `npm` exists
# (a machine may have them from elsewhere).
SYSTEM_PACKAGES := chromium default-jre-headless libcairo2 fonts-dejavu-core hunspell hunspell-it
# Debian packages the build itself needs (so `serve` and `build` install them
# too): the fonts of the social cards drawn by site_build/cards.py.
BUILD_PACKAGES := fonts-dejavu-core
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: serve build check contract production test test-fast new-post system-deps build-deps clean help bench-build bench-lighthouse bench-blocking bench-serve

help:
	@echo "make serve   set up and serve the site with live reload on http://$(HOST)"
	@echo "make test    set up and run the whole test suite"
	@echo "make test-fast   the tests without a browser or builds of their own (the quick loop)"
	@echo "make check   everything publishing checks, one line per problem (placeholders under 'Before publishing')"
	@echo "make build   build the site into site/ (a preview: the contact form may be in demo mode)"
	@echo "make contract   after upgrading Material, MkDocs or Zensical: what the site relies on that changed"
	@echo "make production   the build a host publishes: refuses placeholders and a form that sends nowhere"
	@echo 'make new-post TITLE="..." [CATEGORY="..."]   a new blog post (a draft), see GUIDA-AUTRICE.md'
	@echo "make bench-build        build time and memory against a stock Material blog"
	@echo "make bench-lighthouse   Lighthouse scores (mobile, median of 3) of each page type"
	@echo "make bench-blocking     main-thread blocking observed in Chromium (CPU 4x slower) against a stock Material blog"
	@echo "make bench-serve        seconds from saving a post to seeing it in the browser"

$(BIN)/python:
	$(PYTHON) -c 'import sys; assert sys.version_info[:2] >= (3, 11), "Python 3.11 or newer is needed"'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.site-deps: requirements.txt pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.test-deps: requirements-test.txt $(VENV)/.site-deps
	$(BIN)/pip install --quiet -r requirements-test.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

system-deps:
	@missing=""; \
	for p in $(SYSTEM_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	command -v npm >/dev/null || missing="$$missing nodejs npm"; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

build-deps:
	@missing=""; \
	for p in $(BUILD_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  { $(SUDO) apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing >/dev/null; } || \
	  echo "Could not install$$missing here: if the build needs it, it says so."; \
	fi

# The preview writes again only what a save changed (site_build/preview.py).
# Zensical's preview runs no hooks: it shows the pages as the generator
# makes them, without the pipeline's steps (cards, headers, post meta...),
# but with the owner's values as text (site_build/zensical_run.py).
serve: build-deps $(VENV)/.site-deps
ifeq ($(GENERATOR),zensical)
	$(BIN)/python -m site_build.zensical_run serve --dev-addr $(HOST)
else
	$(BIN)/$(GENERATOR) serve --dev-addr $(HOST) --livereload --dirty
endif

# The answer `make production` would give, one line per problem: the content
# checks, then a strict build into a temporary folder (site_build/readiness.py).
check: build-deps $(VENV)/.site-deps
	$(BIN)/python -m site_build check

# After bumping Material, MkDocs or Zensical: a build with each, stopping at
# the first detail of the theme the site relies on that changed (README,
# "Upgrading Material / MkDocs / Zensical").
contract: build-deps $(VENV)/.site-deps
	$(BIN)/python -m site_build contract

# site_build: the checks, the generator, then the steps over site/.
build: build-deps $(VENV)/.site-deps
	$(BIN)/python -m site_build build

# The one command every host runs (.github/workflows/deploy.yml, netlify.toml,
# wrangler.toml): PRODUCTION=true makes the build refuse every placeholder
# and a contact form without a provider, so it cannot publish a demo form.
production: build-deps $(VENV)/.site-deps
	PRODUCTION=true $(BIN)/python -m site_build build --strict

# TITLE and CATEGORY reach the script through the environment (make exports
# variables set on its command line), so quotes and apostrophes are safe.
new-post: $(VENV)/.site-deps
	@$(BIN)/python scripts/new_post.py

# The suite runs in two processes (pytest-xdist), each test file in one of
# them; TEST_WORKERS=1 runs it in one (README.md, "Quality gates").
TEST_WORKERS ?= 2
WORKERS_ARGS := $(if $(filter-out 0 1,$(TEST_WORKERS)),-n $(TEST_WORKERS) --dist loadfile)

test: system-deps $(VENV)/.test-deps node_modules/.installed
	$(BIN)/python -m pytest $(WORKERS_ARGS) $(PYTEST_ARGS)

# The quick loop while working: no browser, no extra builds (one shared build,
# the bad-data cases called directly). `make test` runs everything.
test-fast: system-deps $(VENV)/.test-deps node_modules/.installed
	$(BIN)/python -m pytest -m "not browser and not build" $(PYTEST_ARGS)

# Benchmarks (bench/): results are printed; bench/results/ keeps the reports.
bench-build: $(VENV)/.site-deps
	$(BIN)/python bench/build.py

bench-serve: system-deps $(VENV)/.test-deps
	$(BIN)/python bench/serve_reload.py

bench-lighthouse: system-deps $(VENV)/.site-deps
	$(BIN)/python bench/lighthouse.py

bench-blocking: system-deps $(VENV)/.test-deps
	$(BIN)/python bench/blocking.py

clean:
	rm -rf site $(VENV) node_modules
