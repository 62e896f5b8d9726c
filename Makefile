# Two commands from a fresh clone:  make site  ·  make test
# Everything installs itself into .venv from the pinned, hash-checked locks.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
RUNTIME_STAMP := $(VENV)/.runtime-installed
TEST_STAMP    := $(VENV)/.test-installed
# Defined before the rules that need it: make expands prerequisites as it reads them.
VNU           := node_modules/vnu-jar/build/dist/vnu.jar

.PHONY: site build validate serve test lint bench schema lock clean chromium

site: $(RUNTIME_STAMP)
	$(PY) build.py build

build: site

validate: $(RUNTIME_STAMP)
	$(PY) build.py validate

serve: $(RUNTIME_STAMP)
	$(PY) build.py serve

test: $(TEST_STAMP) chromium $(VNU)
	$(PY) -m ruff check .
	$(PY) -m pytest -n 2 --dist loadgroup

lint: $(TEST_STAMP)
	$(PY) -m ruff check .

bench: $(TEST_STAMP) chromium
	$(PY) bench/run.py

schema: $(RUNTIME_STAMP)
	$(PY) -m briefing.schema > schema/briefing.schema.json

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(RUNTIME_STAMP): requirements.lock | $(VENV)/bin/python
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	touch $@

$(TEST_STAMP): requirements-test.lock | $(VENV)/bin/python
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements-test.lock
	touch $(RUNTIME_STAMP) $@

# The W3C Nu HTML Checker (tests/test_html_valid.py), pinned in package-lock.json; Java runs it.
# --ignore-scripts: its postinstall would fetch a Java runtime; the machine has Java 17.
$(VNU): package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

# Browser tests drive Debian's Chromium (Playwright cannot download browsers here).
chromium:
	@command -v chromium >/dev/null 2>&1 || sh scripts/install-chromium.sh

# Regenerate the locks after changing pyproject.toml (needs uv: pip install uv).
lock:
	uv pip compile pyproject.toml --python-version 3.11 --generate-hashes -o requirements.lock
	uv pip compile pyproject.toml --extra test --python-version 3.11 --generate-hashes -o requirements-test.lock

clean:
	rm -rf site docs/briefings .build
