# Jarvis: the two commands a newcomer needs are `make run` and `make test`.
#
# Both build .venv on first use (python3 -m venv, then the exact versions in
# requirements/constraints.txt) and reuse it while pyproject.toml, setup.py
# and the constraints are unchanged. `make test` is what CI runs (.ci/run).

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip
CONSTRAINTS := requirements/constraints.txt

# Stamps are named by a hash of the files that decide the install, so an edit
# reinstalls even when file times do not change (a fresh checkout, a merge).
DEPS_HASH := $(shell cat pyproject.toml setup.py $(CONSTRAINTS) | sha256sum | cut -c1-16)
RUN_STAMP := $(VENV)/.installed-run-$(DEPS_HASH)
TEST_STAMP := $(VENV)/.installed-test-$(DEPS_HASH)
PACKAGE_STAMP := $(VENV)/.installed-package-$(DEPS_HASH)

SHOT ?= docs/screenshots/main-window.png

.PHONY: run demo test lint security bench screenshot constraints translations \
	clean

## run: the desktop app
run: $(RUN_STAMP)
	$(BIN)/jarvis

## demo: the desktop app against the built-in provider simulator (no keys)
demo: $(RUN_STAMP)
	$(BIN)/jarvis gui --demo

## test: ruff, mypy --strict on jarvis/, pytest with coverage on a real keyring
test: $(TEST_STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy
	scripts/with-keyring.sh scripts/run-pytest.sh

## lint: ruff and mypy only
lint: $(TEST_STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy

## security: bandit, the pins against PyPI's advisories, secret scan (needs PyPI)
security: $(TEST_STAMP)
	VENV=$(VENV) scripts/security-checks.sh

## bench: the benchmark suite (about 5 min); writes docs/benchmarks.md
bench: $(RUN_STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m benchmarks

## screenshot: the demo window under Xvfb, saved to $(SHOT)
screenshot: $(RUN_STAMP)
	scripts/screenshot.sh -o $(SHOT) -- $(BIN)/jarvis gui --demo

## constraints: re-resolve requirements/constraints.txt after a dependency change
constraints:
	scripts/update-constraints.sh

## translations: refresh ui/translations (.ts from the code, then the .qm)
translations: $(RUN_STAMP)
	$(BIN)/python scripts/translations.py

.PHONY: app package-test install-desktop uninstall-desktop

## app: the one-folder app in dist/jarvis/ (PyInstaller, about 2 min)
app: $(PACKAGE_STAMP)
	JARVIS_VENV=$(VENV) scripts/build-app.sh dist

## package-test: build the one-folder app and the wheel, run both (about 4 min)
package-test: $(PACKAGE_STAMP)
	JARVIS_PACKAGE_TESTS=1 QT_QPA_PLATFORM=offscreen \
		$(BIN)/pytest -p no:cacheprovider tests/packaging

## install-desktop: menu entry, icons, AppStream data for your user (JARVIS=cmd)
install-desktop:
	scripts/install-desktop.sh $(if $(JARVIS),--exec "$(JARVIS)")

## uninstall-desktop: remove what install-desktop put in ~/.local/share
uninstall-desktop:
	scripts/install-desktop.sh --uninstall

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache .coverage

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(RUN_STAMP): | $(BIN)/python
	$(PIP) install --quiet -c $(CONSTRAINTS) -e .
	rm -f $(VENV)/.installed-run-*
	touch $@

$(TEST_STAMP): | $(BIN)/python
	$(PIP) install --quiet -c $(CONSTRAINTS) -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $@ $(RUN_STAMP)

$(PACKAGE_STAMP): | $(BIN)/python
	$(PIP) install --quiet -c $(CONSTRAINTS) -e '.[test,package]'
	rm -f $(VENV)/.installed-*
	touch $@ $(TEST_STAMP) $(RUN_STAMP)
