# Praktikbanken. `make serve` runs the guide locally; `make check` runs the quick checks (lint,
# validation, the tests without a browser or a site build); `make test` runs every test.
# All set up what they need first (scripts/setup.sh), so they work on a fresh machine.
export NO_MKDOCS_2_WARNING := 1
PY := .venv/bin/python

# The source documents' plain texts and the reviewers' tools are kept outside the repository, in
# ../shared (sources/, tools/) where there is one; the tests that need them are skipped without it.
ifneq ($(wildcard $(CURDIR)/../shared),)
export PRAKTIKBANKEN_SHARED ?= $(abspath $(CURDIR)/../shared)
endif

# Extra pytest options for `make check` and `make test`, e.g. PYTEST_ARGS="--durations=30".
PYTEST_ARGS ?=

.PHONY: serve build validate check test bench setup setup-build setup-check setup-test

serve: setup      ## preview both languages with live reload at http://127.0.0.1:8000/
	$(PY) -m mkdocs serve --livereload --dirty

build: setup-build  ## build both languages and the PDF packs into site/ (all or nothing)
	$(PY) scripts/build.py

validate: setup   ## check every case and data file
	$(PY) scripts/validate.py

check: setup-check  ## quick: ruff, the validator, every test that needs no browser and no site build
	.venv/bin/ruff check .
	$(PY) scripts/validate.py
	$(PY) scripts/issue_form.py --check
	$(PY) -m pytest -n 2 -m "not browser and not build" $(PYTEST_ARGS)

bench: setup-test ## build-time and size benchmark against plain MkDocs (prints figures)
	$(PY) scripts/bench.py
	$(PY) scripts/bench_pdf.py

test: setup-test  ## the whole test suite, browser tests included, on two processes
	$(PY) -m pytest -n 2 $(PYTEST_ARGS)

setup:
	@scripts/setup.sh

setup-build:
	@scripts/setup.sh build

setup-check:
	@scripts/setup.sh check

setup-test:
	@scripts/setup.sh test
