# Two commands from a fresh clone:  make site  ·  make test
# Everything installs itself from the pinned locks: Python packages into .venv (hash-checked),
# npm packages into node_modules (package-lock.json).

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
RUNTIME_STAMP := $(VENV)/.runtime-installed
TEST_STAMP    := $(VENV)/.test-installed
# Defined before the rules that need it: make expands prerequisites as it reads them.
NODE_STAMP    := node_modules/.installed
NODE_DEV_STAMP := node_modules/.installed-dev

.PHONY: site build validate serve test lint typecheck suite bench schema reference lock clean chromium poppler

site: $(RUNTIME_STAMP) $(NODE_STAMP)
	$(PY) build.py build

build: site

validate: $(RUNTIME_STAMP)
	$(PY) build.py validate

serve: $(RUNTIME_STAMP) $(NODE_STAMP)
	$(PY) build.py serve

# lint, typecheck, then the suite with coverage, in that order. Each step runs even when an
# earlier one failed (one run shows every kind of problem); `make test` fails if any did.
test: $(TEST_STAMP) chromium poppler $(NODE_DEV_STAMP)
	@failed=""; \
	for step in lint typecheck suite; do \
	  $(MAKE) --no-print-directory $$step || failed="$$failed $$step"; \
	done; \
	if [ -n "$$failed" ]; then echo "make test: failed:$$failed"; exit 1; fi

lint: $(TEST_STAMP)
	$(PY) -m ruff check .

# mypy over briefing/ ([tool.mypy] in pyproject.toml), then how many expressions are typed
# Any, by kind: a new Any shows as a rise in these totals.
typecheck: $(TEST_STAMP)
	@status=0; $(PY) -m mypy --any-exprs-report .build/mypy || status=$$?; \
	echo "Any-typed expressions in briefing/ (.build/mypy/types-of-anys.txt):"; \
	sed -n '1p;$$p' .build/mypy/types-of-anys.txt; \
	exit $$status

# The tests on two workers, with coverage of briefing/ (in-process and subprocess builds
# alike, [tool.coverage] in pyproject.toml; the total is the last line of the table), and the
# 15 slowest tests, so that a slow one is seen.
suite: $(TEST_STAMP) chromium poppler $(NODE_DEV_STAMP)
	rm -rf .build/coverage
	$(PY) -m pytest -n 2 --dist loadgroup --cov --cov-report=term:skip-covered --durations=15

bench: $(TEST_STAMP) chromium $(NODE_DEV_STAMP)
	$(PY) bench/run.py

schema: $(RUNTIME_STAMP)
	$(PY) -m briefing.schema > schema/briefing.schema.json
	$(PY) -m briefing.schema sources > schema/sources.schema.json

# docs/reference.md, generated from the records like the schema (a test keeps both current).
# Written through a temporary file: a reference that leaves a field out is refused, and the
# page already there stays as it was.
reference: $(RUNTIME_STAMP)
	$(PY) -m briefing.reference > docs/reference.md.tmp && mv docs/reference.md.tmp docs/reference.md \
	  || { rm -f docs/reference.md.tmp; exit 1; }

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(RUNTIME_STAMP): requirements.lock | $(VENV)/bin/python
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	touch $@

$(TEST_STAMP): requirements-test.lock | $(VENV)/bin/python
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements-test.lock
	touch $(RUNTIME_STAMP) $@

# Node packages pinned in package-lock.json: Pagefind 1.6, which indexes every build for search
# (1.6 is on npm only), the only one a build needs; and, as devDependencies, the W3C Nu HTML
# Checker (tests/test_html_valid.py; Java runs it) and Lighthouse (bench/lighthouse.py).
# `make site` installs Pagefind alone: Lighthouse's 114 packages (200 MB) took a fresh
# `npm ci` here from 7 s to 39 s, for a build that never runs them. `make test` and `make
# bench` install everything; that install satisfies the build's stamp too.
# --ignore-scripts: vnu-jar's postinstall would fetch a Java runtime (the machine has Java 17);
# Pagefind's binary is a package for each platform, of which npm installs this machine's.
$(NODE_STAMP): package-lock.json
	npm ci --ignore-scripts --omit=dev --no-audit --no-fund
	touch $@

$(NODE_DEV_STAMP): package-lock.json
	npm ci --ignore-scripts --include=dev --no-audit --no-fund
	touch $(NODE_STAMP) $@

# Browser tests drive Debian's Chromium (Playwright cannot download browsers here).
chromium:
	@command -v chromium >/dev/null 2>&1 || sh scripts/install-chromium.sh

# The PDF edition's tests read its fonts and text with poppler's pdffonts and pdftotext.
poppler:
	@command -v pdftotext >/dev/null 2>&1 || sh scripts/install-poppler.sh

# Regenerate the locks after changing pyproject.toml (needs uv: pip install uv).
lock:
	uv pip compile pyproject.toml --python-version 3.11 --generate-hashes -o requirements.lock
	uv pip compile pyproject.toml --extra test --python-version 3.11 --generate-hashes -o requirements-test.lock

clean:
	rm -rf site docs/briefings .build
