#!/bin/sh
# Step 3 of the Dockerfile, also run by CI: the installed tropnet works as
# the README says -- in Python, on the command line, with every optional
# engine.  Runs outside the source folder so that the installed package is
# the one tested.
set -eu
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PYTHON="${PYTHON:-python3}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"

echo "== optional software"
"$PYTHON" - <<'PY'
from tropnet.features import optional_features
missing = [f.name for f in optional_features() if not f.is_present()]
assert not missing, f"missing: {missing}; see docker/install-system.sh"
print("present:", ", ".join(f.name for f in optional_features()))
PY

echo "== a Sage session"
"$PYTHON" - <<'PY'
from tropnet import ClassificationFan
# three points on a line, linear classifier: 2 + 2*2 = 6 cones (math.md)
F = ClassificationFan([[0], [1], [2]], n=1, m=1)
assert F.n_maximal_cones() == 6 and F.verify()
assert F.as_fan().is_complete()
G = ClassificationFan([[0], [1], [2]], n=1, m=1, backend="polymake")
assert G == F
print("ClassificationFan: 6 cones with normaliz and with polymake")
PY

echo "== the command line"
printf 'x,y,label\n0,0,1\n1,0,-1\n0,1,-1\n1,1,1\n' > square.csv
tropnet fan square.csv --n 1 --m 1 --json fan.json --csv fan.csv \
    --metadata meta.json | tee fan.txt
# four points in general position in the plane: Cover's count 2(1+3+3) = 14
grep -qx "maximal cones: 14" fan.txt
"$PYTHON" -m tropnet fan square.csv --backend polymake | grep -qx "maximal cones: 14"
"$PYTHON" -c "from tropnet import ClassificationFan as C
assert C.load('fan.json').n_maximal_cones() == 14"
tropnet landscape square.csv
if tropnet fan missing.csv 2> error.txt; then
    echo "a missing file was accepted" >&2
    exit 1
fi
grep -q "missing.csv: no such file" error.txt

echo "== the experiment driver"
"$PYTHON" "$ROOT/experiments/run_all.py" --list
echo "smoke test passed"
