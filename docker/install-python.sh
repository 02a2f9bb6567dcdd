#!/bin/sh
# Step 2 of the Dockerfile, also run by CI in a fresh virtual environment:
# the README's install command, verbatim -- passagemath (the Sage library)
# from binary wheels and tropnet from this folder, then the main job on real
# data (the classification fan of nine Iris flowers, n = m = 2).
set -eu
cd "$(dirname "$0")/.."

python3 -m pip install --upgrade pip
pip install ".[passagemath,test]" && tropnet fan examples/iris-9.csv --n 2 --m 2
