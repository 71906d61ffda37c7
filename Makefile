# Praktikbanken. `make serve` runs the guide locally; `make test` runs every test.
# Both set up what they need first (scripts/setup.sh), so they work on a fresh machine.
export NO_MKDOCS_2_WARNING := 1
PY := .venv/bin/python

.PHONY: serve build validate test bench setup setup-build setup-test

serve: setup      ## preview both languages with live reload at http://127.0.0.1:8000/
	$(PY) -m mkdocs serve --livereload

build: setup-build  ## build both languages and the PDF packs into site/ (all or nothing)
	$(PY) scripts/build.py

validate: setup   ## check every case and data file
	$(PY) scripts/validate.py

bench: setup-test ## build-time and size benchmark against plain MkDocs (prints figures)
	$(PY) scripts/bench.py

test: setup-test  ## the whole test suite, browser tests included
	$(PY) -m pytest

setup:
	@scripts/setup.sh

setup-build:
	@scripts/setup.sh build

setup-test:
	@scripts/setup.sh test
