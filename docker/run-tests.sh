#!/bin/sh
# The README's test command, verbatim: the pytest suite, which includes the
# Sage doctests of every module (tests/test_doctests.py runs `sage -t`) and
# the polymake differential tests.  Run by CI after docker/install-python.sh.
set -eu
cd "$(dirname "$0")/.."
python -m pytest -q tests
