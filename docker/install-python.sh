#!/bin/sh
# Step 2 of the Dockerfile, also run by CI in a fresh virtual environment:
# passagemath (the Sage library) from binary wheels, and tropnet with the
# README's install command.
#
# PIP_ONLY_BINARY=:all: makes pip take every dependency as a wheel (it never
# starts a long source build of a Sage component); tropnet itself is built
# from this folder.  PYTHON selects the interpreter (default: python3, which
# is the virtual environment's inside an activated venv).
set -eu
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"

"$PYTHON" -m pip install --upgrade pip
PIP_ONLY_BINARY=:all: "$PYTHON" -m pip install ".[passagemath,test]"
"$PYTHON" -c "import tropnet; print('tropnet', tropnet.__version__, 'installed')"
