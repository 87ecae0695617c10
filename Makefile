# The site's commands. `make serve` and `make test` set up everything they
# need by themselves (Python packages in .venv, Debian and npm packages).

SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
PYTHON ?= $(shell command -v python3.11 || command -v python3)
HOST ?= 127.0.0.1:8000
export NO_MKDOCS_2_WARNING := 1
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1

# Debian packages the tests use: the browser, Java for the Nu HTML Checker,
# Cairo and fonts for images; Node.js and npm only where no `npm` exists
# (a machine may have them from elsewhere).
SYSTEM_PACKAGES := chromium default-jre-headless libcairo2 fonts-dejavu-core
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: serve build test system-deps clean help

help:
	@echo "make serve   set up and serve the site with live reload on http://$(HOST)"
	@echo "make test    set up and run the whole test suite"
	@echo "make build   build the site into site/"

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

serve: $(VENV)/.site-deps
	$(BIN)/mkdocs serve --dev-addr $(HOST) --livereload

build: $(VENV)/.site-deps
	$(BIN)/mkdocs build

test: system-deps $(VENV)/.test-deps node_modules/.installed
	$(BIN)/python -m pytest $(PYTEST_ARGS)

clean:
	rm -rf site $(VENV) node_modules
