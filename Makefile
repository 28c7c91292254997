# Quick start: `make kits` builds every language's PDF (and the bilingual edition); `make test` runs the tests.
# Each sets up what it needs: the virtual environment, the Python packages, and the
# system packages (TeX Live, fonts, gettext, poppler) where they are missing.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: kits test lint catalogs setup system system-test clean bench

kits: setup system
	$(BIN)/kitbuilder build --bilingual en,fr

test: setup system-test
	$(BIN)/ruff check kitbuilder tests bench
	$(BIN)/mypy
	$(BIN)/pytest
	$(BIN)/kitbuilder check
	$(BIN)/kitbuilder stat --fail-under 100
	$(BIN)/kitbuilder check --kit kitbuilder/skeleton
	$(BIN)/kitbuilder stat --kit kitbuilder/skeleton --fail-under 100
	for po in locales/*/LC_MESSAGES/*.po; do msgfmt --check -o /dev/null "$$po" || exit 1; done

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

clean:
	rm -rf build tests/roots/*/build
