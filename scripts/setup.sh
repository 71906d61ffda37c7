#!/usr/bin/env bash
# Set up what the guide needs: a virtual environment with the pinned Python packages, and for
# the tests also Debian's Chromium (browser tests) and poppler-utils (PDF text). Safe to re-run:
# it only installs what is missing or changed.
#   scripts/setup.sh        -> what the preview needs (Python packages)
#   scripts/setup.sh build  -> also Pango and fonts, for the PDF training packs of a full build
#   scripts/setup.sh check  -> also the test tools (pytest, ruff), for `make check`
#   scripts/setup.sh test   -> also Chromium, poppler-utils and axe-core (npm), for the browser,
#                              PDF and accessibility tests, and ProperDocs in .venv-properdocs/
set -euo pipefail
cd "$(dirname "$0")/.."

python=${PYTHON:-python3}
requirements=requirements.txt
if [ "${1:-}" = test ] || [ "${1:-}" = check ]; then requirements=requirements-test.txt; fi

if [ ! -x .venv/bin/python ]; then
  "$python" -m venv .venv
fi
stamp=".venv/.installed-$(cat requirements*.txt | sha256sum | cut -c1-16)-$(basename "$requirements" .txt)"
if [ ! -e "$stamp" ]; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r "$requirements"
  touch "$stamp"
fi

# For the tests also ProperDocs (the maintained continuation of MkDocs 1.x) in its own environment,
# so that tests/test_engine_continuity.py can build the site with both while .venv keeps MkDocs.
# --no-deps: the list is complete and leaves MkDocs out on purpose (see requirements-properdocs.txt).
if [ "${1:-}" = test ]; then
  [ -x .venv-properdocs/bin/python ] || "$python" -m venv .venv-properdocs
  properdocs_stamp=".venv-properdocs/.installed-$(sha256sum < requirements-properdocs.txt | cut -c1-16)"
  if [ ! -e "$properdocs_stamp" ]; then
    .venv-properdocs/bin/python -m pip install --quiet --disable-pip-version-check --no-deps \
      -r requirements-properdocs.txt
    touch "$properdocs_stamp"
  fi
fi

missing=()
if [ "${1:-}" = build ] || [ "${1:-}" = test ]; then
  ldconfig -p | grep -q libpangoft2-1.0.so.0 || missing+=(libpango-1.0-0 libpangoft2-1.0-0)
  [ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
fi
if [ "${1:-}" = test ]; then
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
  command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
  command -v npm >/dev/null 2>&1 || missing+=(npm)
fi
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then sudo=""; elif command -v sudo >/dev/null; then sudo="sudo"; else
    echo "Please install these Debian packages: ${missing[*]}" >&2; exit 1; fi
  echo "Installing ${missing[*]} (Debian packages for PDF packs and browser tests)..."
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# axe-core, for the accessibility tests, from the npm registry at the version package-lock.json pins.
if [ "${1:-}" = test ] && [ ! -e node_modules/axe-core/axe.min.js ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
