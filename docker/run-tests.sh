#!/bin/sh
# The test suite (pytest, including the Sage doctests of every module and the
# polymake differential tests), run by CI after docker/install-python.sh.
set -eu
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
"$PYTHON" -m pytest -q tests
