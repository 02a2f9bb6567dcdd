"""The command line ``tropnet`` / ``python -m tropnet``.

Run through a subprocess (as a user would) and through ``main(argv)``.
Expected counts are derived by hand in the docstrings; bad files must give a
message naming the file, line and column, a nonzero exit code and no
traceback.
"""
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tropnet import ClassificationFan, Dataset
from tropnet.cli import main

ROOT = Path(__file__).resolve().parent.parent
SQUARE_CSV = "x,y,label\n0,0,1\n1,0,-1\n0,1,-1\n1,1,1\n"


def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "tropnet", *map(str, args)],
                          capture_output=True, text=True, cwd=cwd)


def tropnet_script():
    local = Path(sys.executable).parent / "tropnet"
    found = str(local) if local.exists() else shutil.which("tropnet")
    assert found, "the console script `tropnet` is not installed"
    return found


@pytest.fixture
def square(tmp_path):
    path = tmp_path / "square.csv"
    path.write_text(SQUARE_CSV)
    return path


def test_fan_on_a_csv_file_through_python_m(square, tmp_path):
    """The four corners of the unit square are in general position in R^2;
    a linear classifier has Cover's count 2(1 + 3 + 3) = 14 cones and, on each
    of the 4 hyperplanes v_i^perp, the 2(1 + 2) = 6 regions of the 3 others:
    24 walls; the lineality space has dimension d + 1 = 3."""
    out = tmp_path / "out"
    result = run("fan", square, "--n", 1, "--m", 1, "--json", out / "fan.json",
                 "--csv", out / "fan.csv", "--metadata", out / "meta.json")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "points: 4 (4 distinct) in QQ^2" in lines
    assert "maximal cones: 14" in lines
    assert "walls: 24" in lines
    assert "lineality dimension: 3" in lines
    assert any(line.startswith("time: ") for line in lines)

    F = ClassificationFan.load(out / "fan.json")
    assert F == ClassificationFan(Dataset([[0, 0], [1, 0], [0, 1], [1, 1]],
                                          [1, -1, -1, 1]), 1, 1)
    summary = dict(line.split(",", 1) for line in (out / "fan.csv").read_text()
                   .splitlines())
    assert summary["maximal_cones"] == "14" and summary["walls"] == "24"
    meta = json.loads((out / "meta.json").read_text())
    assert meta["command"][:2] == ["tropnet", "fan"]
    assert meta["software"]["tropnet"] and meta["wall_time_seconds"] > 0
    assert meta["seeds"] == {"native engine": 0}


def test_console_script_and_main(square, capsys):
    """The square's corners with (n, m) = (2, 1), K = 3: the count is
    sum_r P_r K!/(K-r)! over realizable unordered partitions into r blocks.
    P_1 = 1; P_2 = (14 - 2)/2 = 6 (Cover's count without the two constant
    labellings, up to swapping); P_3 = 6: every partition {pair, single,
    single} is realizable -- for an edge pair obviously, for a diagonal pair
    {(0,0), (1,1)} by the strip classifier 0, x - y - 1/2, y - x - 1/2.  So
    3 + 6*6 + 6*6 = 75.

    Three collinear points and K = 3: sum_r C(2, r-1) 3!/(3-r)! = 3 + 12 + 6
    = 21 cones."""
    result = subprocess.run([tropnet_script(), "fan", str(square), "--n", "2"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "maximal cones: 75" in result.stdout.splitlines()

    path = square.with_name("line.csv")
    path.write_text("t\n0\n1\n3\n")
    assert main(["fan", str(path), "--n", "1", "--m", "2"]) == 0
    assert "maximal cones: 21" in capsys.readouterr().out.splitlines()


def test_fan_on_a_json_file_with_polymake(tmp_path):
    """Two points of R^1 and K = 2: C(1,0)*2 + C(1,1)*2 = 4 cones, a 4-cycle."""
    path = tmp_path / "p.json"
    path.write_text('{"points": [["1/3"], [0.5]]}')
    result = run("fan", path, "--backend", "polymake")
    assert result.returncode == 0, result.stderr
    assert "maximal cones: 4" in result.stdout and "walls: 4" in result.stdout


def test_labels_from_a_separate_file(square, tmp_path, capsys):
    labels = tmp_path / "labels.csv"
    labels.write_text("label\n1\n1\n1\n")
    assert main(["fan", str(square), "--labels", str(labels)]) == 2
    err = capsys.readouterr().err
    assert f"{labels}: 3 labels for the 4 points of {square}" in err
    labels.write_text("label\n1\n1\n1\n-1\n")
    out = tmp_path / "fan.json"
    assert main(["fan", str(square), "--labels", str(labels), "--json", str(out)]) == 0
    assert json.loads(out.read_text())["labels"] == [1, 1, 1, -1]


BAD_FILES = [
    ("missing", None, "no such file"),
    ("columns.csv", "x,y\n0,0\n1\n", "line 3, column 2: 1 cell, but the header has 2"),
    ("cell.csv", "x,y\n0,0\n1,abc\n", "line 3, column 2 ('y'): 'abc' is not a number"),
    ("quote.csv", 'x,y\n0,0\n1,"2\n', "line 3, column 2: malformed CSV"),
    ("header.csv", "0,0\n1,1\n", "line 1: the first row holds numbers"),
    ("label.csv", "x,label\n0,1\n1,yes\n", "line 3, column 2 ('label'): label 'yes'"),
    ("syntax.json", '[[0, 0],\n [1, ]]', "line 2, column 6: malformed JSON"),
]


@pytest.mark.parametrize("name,text,message", BAD_FILES)
def test_bad_files_give_a_clear_error(tmp_path, name, text, message):
    path = tmp_path / name
    if text is not None:
        path.write_text(text)
    result = run("fan", path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr + result.stdout
    assert f"tropnet fan: error: {path}" in result.stderr
    assert message in result.stderr


@pytest.mark.parametrize("options,message", [
    (["--n", "0"], "argument --n: expected a positive integer, got 0"),
    (["--m", "-2"], "argument --m: expected a positive integer, got -2"),
    (["--n", "two"], "argument --n: expected a positive integer, got 'two'"),
    (["--backend", "cdd"], "argument --backend: invalid choice: 'cdd'"),
])
def test_bad_numbers_exit_cleanly(square, capsys, options, message):
    assert main(["fan", str(square)] + options) == 2
    captured = capsys.readouterr()
    assert message in captured.err and "Traceback" not in captured.err


def test_bad_numbers_through_the_library_exit_cleanly(square, tmp_path):
    """A label column with a single point is fine; an empty JSON list is not."""
    path = tmp_path / "empty.json"
    path.write_text("[]")
    result = run("fan", path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "expected a nonempty list of points" in result.stderr


def test_sizes_beyond_memory_exit_cleanly(square, tmp_path):
    """A million terms on three points, and a linear network of a million
    parameters, are refused at once with one line naming the argument."""
    path = tmp_path / "line.csv"
    path.write_text("x\n0\n1\n2\n")
    result = run("fan", path, "--n", "1000000", "--m", "1")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "tropnet fan: error: n, m: 1000001 terms are more than" in result.stderr
    result = run("fan", path, "--n", "1000", "--m", "1")
    assert result.returncode == 2
    assert "at least 1002002001 for any such data" in result.stderr
    result = run("invariants", "--widths", "1000,1000")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "widths: the number of parameters is 1000000" in result.stderr


def test_help_documents_every_option_with_an_example():
    for command in ("fan", "landscape", "invariants", "verify"):
        result = run(command, "--help")
        assert result.returncode == 0
        assert "example" in result.stdout
    text = run("fan", "--help").stdout
    for option in ("--n", "--m", "--labels", "--backend", "--json", "--csv",
                   "--metadata", "--progress", "label"):
        assert option in text


def test_landscape(square):
    """XOR labelling of the square's corners, linear classifier: the 14
    realizable labellings are all but XOR and its opposite, the loss of a cone
    is the Hamming distance of its labelling to XOR: 4 cones of loss 1, 6 of
    loss 2, 4 of loss 3.  Two labellings at equal distance differ in at least
    two points, so no two cones of a level set are adjacent: every cone is its
    own component."""
    result = run("landscape", square)
    assert result.returncode == 0, result.stderr
    text = " ".join(result.stdout.split())
    assert ("14 cones; 4 make 1 mistake, in 4 components; 6 make 2 mistakes, in 6 "
            "components; 4 make 3 mistakes, in 4 components") in text


def test_landscape_needs_labels(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text("x\n0\n1\n")
    result = run("landscape", path)
    assert result.returncode == 2
    assert "no labels; add a column named 'label'" in result.stderr


FAKE_EXPERIMENTS = {
    "good.py": "def main(argv=None):\n"
               "    import argparse, pathlib\n"
               "    p = argparse.ArgumentParser()\n"
               "    p.add_argument('--out')\n"
               "    p.add_argument('--quick', action='store_true')\n"
               "    a = p.parse_args(argv)\n"
               "    pathlib.Path(a.out, 'result.txt').write_text(str(a.quick))\n"
               "    print('good ran')\n"
               "    return 0\n",
    "refuted.py": "def main(argv=None):\n    return 1\n",
    "broken.py": "def main(argv=None):\n    raise RuntimeError('boom')\n",
}


def test_verify_runs_the_driver_and_writes_a_summary(tmp_path):
    folder = tmp_path / "experiments"
    folder.mkdir()
    shutil.copy(ROOT / "experiments" / "run_all.py", folder / "run_all.py")
    for name, text in FAKE_EXPERIMENTS.items():
        (folder / name).write_text(text)
    out = tmp_path / "results"
    result = run("verify", "--experiments", folder, "--out", out, "--quick")
    assert result.returncode == 1      # one experiment failed, one crashed
    assert "Traceback" not in result.stderr
    records = {r["name"]: r for r in
               json.loads((out / "summary.json").read_text())["experiments"]}
    assert records["good"]["status"] == "ok"
    assert records["refuted"]["status"] == "failed"
    assert records["refuted"]["exit_code"] == 1
    assert records["broken"]["status"] == "error"
    assert "RuntimeError: boom" in records["broken"]["error"]
    assert (out / "good" / "result.txt").read_text() == "True"
    assert "good ran" in (out / "good" / "log.txt").read_text()
    meta = json.loads((out / "metadata.json").read_text())
    assert meta["experiments"] == ["broken", "good", "refuted"]
    assert "software" in meta and "git_revision" in meta
    assert (out / "summary.txt").read_text().startswith("experiment")

    result = run("verify", "--experiments", folder, "--out", out, "--only", "good")
    assert result.returncode == 0
    result = run("verify", "--experiments", folder, "--out", out, "--only", "nothing")
    assert result.returncode == 2 and "unknown experiment(s) nothing" in result.stderr


def test_verify_runs_a_real_experiment(tmp_path):
    out = tmp_path / "results"
    result = run("verify", "--quick", "--only", "fan_counts", "--out", out, cwd=ROOT)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    records = json.loads((out / "summary.json").read_text())["experiments"]
    assert [(r["name"], r["status"]) for r in records] == [("fan_counts", "ok")]
    assert (out / "metadata.json").exists()


def test_invariants_of_a_linear_network(tmp_path):
    """Widths (1, 2, 1): parameters a1, a2 (W_1) and b1, b2 (W_2), phi = a1 b1
    + a2 b2, grad phi = (b1, b2, a1, a2).  A quadratic form x^T Q x with
    Q = [[A, B], [B^T, C]] is a law iff Q J + J Q = 0 for the swap J, i.e.
    C = -A and B antisymmetric: 3 + 1 = 4 dimensions; no linear law (grad phi
    spans every direction).  The balancedness entries (A part) span 3; the
    extra law is the minor a1 b2 - a2 b1.  Functionally there are 3 laws (the
    Lie algebra of the 4 parameters has rank 1)."""
    out = tmp_path / "inv.json"
    meta = tmp_path / "inv.meta.json"
    result = run("invariants", "--widths", "1,2,1", "--degree", 2, "--json", out,
                 "--metadata", meta)
    assert result.returncode == 0, result.stderr
    assert "independent conservation laws: 3 (certified: 3 <= count <= 3)" in \
        result.stdout
    assert "all: (0, 4); spanned by products of the known laws: (0, 3)" in \
        result.stdout
    D = json.loads(out.read_text())
    assert D["conservation_law_count"]["count"] == 3
    [extra] = D["polynomial_invariants"]["extra_invariants"]
    assert extra.replace(" ", "") in ("a21*b11-a11*b12", "a11*b12-a21*b11")
    assert json.loads(meta.read_text())["seeds"]["conservation_law_count"] == 0


def test_invariants_of_a_model_file(tmp_path):
    """phi = x y z: a quadratic form x^T Q x is a law iff sum_i (Q x)_i times
    the product of the other two variables vanishes; comparing monomials
    forces Q diagonal with trace 0: 2 dimensions, both balancedness laws
    x^2 - y^2, y^2 - z^2; no linear law."""
    path = tmp_path / "model.json"
    path.write_text('{"parameters": ["x", "y", "z"], "phi": ["x*y*z"], '
                    '"invariants": ["x^2 - y^2", "y^2 - z^2"]}')
    result = run("invariants", "--model", path, "--degree", 2)
    assert result.returncode == 0, result.stderr
    assert "all: (0, 2); spanned by products of the known laws: (0, 2)" in \
        result.stdout
    path.write_text('{"parameters": ["x", "y"], "phi": ["x*y"], '
                    '"invariants": ["x^2"]}')
    result = run("invariants", "--model", path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"{path}: invariants: entry 0 (x^2) is not a conservation law" in \
        result.stderr
    path.write_text('{"parameters": ["x"], "phi": ["x*w"]}')
    result = run("invariants", "--model", path)
    assert result.returncode == 2
    assert "phi[0][0]: 'x*w' is not a polynomial in x" in result.stderr
    result = run("invariants", "--widths", "2,0")
    assert result.returncode == 2
    assert "argument --widths: expected at least two positive widths" in result.stderr


def test_headerless_labels_file_is_refused(tmp_path, capsys):
    """Without a header row, the first label "1" used to become the column
    name and the two points got the labels [1, -1] of lines 2 and 3."""
    points = tmp_path / "pl.json"
    points.write_text('{"points": [[0, 0], [1, 1]]}')
    labels = tmp_path / "lab.csv"
    labels.write_text("1\n1\n-1\n")
    assert main(["landscape", str(points), "--labels", str(labels)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith(f"tropnet landscape: error: {labels}, line 1: the "
                                   "first row holds a number")
    labels.write_text("label\n1\n-1\n")
    out = tmp_path / "l.json"
    assert main(["landscape", str(points), "--labels", str(labels), "--json",
                 str(out)]) == 0
    assert json.loads(out.read_text())["labels"] == [1, -1]


def test_repeated_column_name_is_refused(tmp_path, capsys):
    path = tmp_path / "dup.csv"
    path.write_text("x,x\n0,0\n1,1\n")
    assert main(["fan", str(path)]) == 2
    err = capsys.readouterr().err
    assert err == (f"tropnet fan: error: {path}, line 1, column 2: the header repeats "
                   "the name 'x' of column 1; column names must be distinct\n")


@pytest.mark.parametrize("option", ["--json", "--csv", "--metadata", "--checkpoint"])
def test_output_paths_are_checked_before_computing(square, tmp_path, capsys, option):
    """Nothing is computed (no counts printed) and the message names the
    option and the path as given, not a temporary file."""
    plain = tmp_path / "plain.txt"
    plain.write_text("x")
    cases = [
        (str(tmp_path), f"{option} {tmp_path}: is a folder; give a file name"),
        ("/proc/x.out", f"{option} /proc/x.out: cannot create a file in the folder "
                        "/proc ("),
        (str(plain / "f.out"), f"{option} {plain / 'f.out'}: {plain} is not a "
                               "folder"),
        ("/dev/null", f"{option} /dev/null: not a regular file"),
    ]
    for path, message in cases:
        assert main(["fan", str(square), option, path]) == 2, path
        captured = capsys.readouterr()
        assert captured.out == ""
        assert captured.err.startswith(f"tropnet fan: error: {message}"), captured.err
        assert "Errno" not in captured.err and ".out." not in captured.err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plain.txt", "square.csv"]


def test_output_paths_of_landscape_invariants_and_verify(square, tmp_path, capsys):
    assert main(["landscape", str(square), "--metadata", str(tmp_path)]) == 2
    assert capsys.readouterr().err.startswith(f"tropnet landscape: error: --metadata "
                                              f"{tmp_path}: is a folder")
    assert main(["invariants", "--widths", "1,1", "--json", str(tmp_path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith(f"tropnet invariants: error: --json {tmp_path}: "
                                   "is a folder")
    assert main(["verify", "--out", str(square), "--only", "fan_counts"]) == 2
    assert capsys.readouterr().err == (f"tropnet verify: error: --out {square}: is a "
                                       "file; expected a folder\n")


def test_two_outputs_or_an_input_may_not_share_a_file(square, tmp_path, capsys):
    out = tmp_path / "out.json"
    assert main(["fan", str(square), "--json", str(out), "--metadata",
                 str(tmp_path / "." / "out.json")]) == 2
    assert capsys.readouterr().err == (
        f"tropnet fan: error: --metadata {tmp_path / '.' / 'out.json'}: the same file "
        "as --json; give each output its own file\n")
    assert main(["fan", str(square), "--csv", str(square)]) == 2
    assert capsys.readouterr().err == (f"tropnet fan: error: --csv {square}: the input "
                                       "file POINTS; it would be overwritten\n")
    assert square.read_text() == SQUARE_CSV


def test_missing_output_folders_are_created_and_files_get_the_usual_mode(
        square, tmp_path, capsys):
    import os

    out = tmp_path / "new" / "deeper"
    old = os.umask(0o022)
    try:
        assert main(["fan", str(square), "--json", str(out / "fan.json"), "--csv",
                     str(out / "fan.csv"), "--metadata", str(out / "m.json")]) == 0
        os.umask(0o077)
        assert main(["invariants", "--widths", "1,1", "--json",
                     str(out / "inv.json")]) == 0
    finally:
        os.umask(old)
    capsys.readouterr()
    modes = {p.name: p.stat().st_mode & 0o777 for p in out.iterdir()}
    assert modes == {"fan.json": 0o644, "fan.csv": 0o644, "m.json": 0o644,
                     "inv.json": 0o600}
    assert json.loads((out / "fan.json").read_text())["summary"]["maximal_cones"] == 14


@pytest.mark.parametrize("text,message", [
    ('{"parameters": ["1x"], "phi": ["x"]}',
     "parameters[0]: '1x' is not a variable name"),
    ('{"parameters": ["x", "x"], "phi": ["x"]}',
     "parameters[1]: the variable name 'x' appears more than once (also "
     "parameters[0])"),
    ('{"parameters": "x", "phi": ["x"]}',
     "parameters: expected a nonempty list of variable names"),
    ('{"parameters": ["x", 3], "phi": ["x"]}', "parameters[1]: 3 is not a variable"),
    ('{"parameters": ["x"], "phi": ["x"], "invariants": "x"}',
     "invariants: expected a list of polynomials, got str"),
])
def test_model_file_errors_name_the_file_and_the_key(tmp_path, capsys, text, message):
    path = tmp_path / "m.json"
    path.write_text(text)
    assert main(["invariants", "--model", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.err.startswith(f"tropnet invariants: error: {path}: {message}")
    assert captured.out == ""


@pytest.mark.parametrize("widths,message", [
    ("-1,2", "argument --widths: expected at least two positive widths, e.g. 2,2,2; "
             "got '-1,2'"),
    ("-1", "argument --widths: expected at least two positive widths, e.g. 2,2,2; "
           "got '-1'"),
    ("-x", "argument --widths: expected widths separated by commas, e.g. 2,2,2; "
           "got '-x'"),
])
def test_negative_widths_reach_the_widths_check(capsys, widths, message):
    assert main(["invariants", "--widths", widths]) == 2
    err = capsys.readouterr().err
    assert f"tropnet invariants: error: {message}" in err
    assert "expected one argument" not in err


def test_verify_names_an_unknown_experiment(capsys):
    assert main(["verify", "--only", "nosuch", "fan_counts", "--out",
                 "/nonexistent-never-created"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("tropnet verify: error: unknown experiment(s) "
                                   "nosuch for --only; the experiments of ")
    for name in ("fan_counts", "landscape_claims", "invariants_table"):
        assert name in captured.err
    assert "run_all.py" not in captured.err and "--skip" not in captured.err
    assert not Path("/nonexistent-never-created").exists()


def test_experiments_are_packaged_and_found_outside_a_clone(tmp_path, monkeypatch):
    """pyproject.toml ships experiments/ as the package tropnet.experiments;
    from a folder that has no experiments/, verify finds the shipped ones:
    the repository's own folder after an editable install, the installed
    copy after a regular one (as in CI), with the same scripts either way."""
    text = (ROOT / "pyproject.toml").read_text()
    assert '"tropnet.experiments" = "experiments"' in text
    assert '"tropnet.experiments"]' in text
    from tropnet.cli import find_experiments
    monkeypatch.chdir(tmp_path)
    folder = find_experiments()
    scripts = sorted(p.name for p in (ROOT / "experiments").glob("*.py"))
    assert {"run_all.py", "fan_counts.py"} <= set(scripts)
    assert sorted(p.name for p in folder.glob("*.py")) == scripts
    for name in scripts:
        assert (folder / name).read_text() == (ROOT / "experiments" / name).read_text()


def test_fan_and_landscape_with_a_checkpoint(square, tmp_path, capsys):
    """A run with --checkpoint writes the native engine's checkpoint file; a
    second run with the same file reads it back and reports the same counts
    (14 cones, 24 walls: see test_fan_on_a_csv_file_through_python_m), as does
    the landscape on the same fan."""
    checkpoint = tmp_path / "ck" / "fan.jsonl"
    assert main(["fan", str(square), "--checkpoint", str(checkpoint)]) == 0
    first = capsys.readouterr().out.splitlines()
    assert "maximal cones: 14" in first and "walls: 24" in first
    lines = checkpoint.read_text().splitlines()
    assert json.loads(lines[0])["format"] == "tropnet-native-checkpoint"
    assert any("done" in json.loads(line) for line in lines[1:])
    size = checkpoint.stat().st_size
    out = tmp_path / "fan.json"
    assert main(["fan", str(square), "--checkpoint", str(checkpoint), "--json",
                 str(out)]) == 0
    second = capsys.readouterr().out.splitlines()
    assert [l for l in second if not l.startswith("time:")] == \
        [l for l in first if not l.startswith("time:")]
    assert checkpoint.stat().st_size == size
    assert ClassificationFan.load(out) == ClassificationFan(
        Dataset([[0, 0], [1, 0], [0, 1], [1, 1]], [1, -1, -1, 1]), 1, 1)

    assert main(["landscape", str(square), "--checkpoint", str(checkpoint)]) == 0
    text = " ".join(capsys.readouterr().out.split())
    assert ("14 cones; 4 make 1 mistake, in 4 components; 6 make 2 mistakes, in 6 "
            "components; 4 make 3 mistakes, in 4 components") in text

    # the checkpoint belongs to its data and to the native engine
    other = tmp_path / "other.csv"
    other.write_text("x\n0\n1\n")
    assert main(["fan", str(other), "--checkpoint", str(checkpoint)]) == 2
    assert "was written for other data" in capsys.readouterr().err
    assert main(["fan", str(square), "--backend", "polymake", "--checkpoint",
                 str(checkpoint)]) == 2
    assert capsys.readouterr().err == (
        f"tropnet fan: error: --checkpoint {checkpoint}: the 'polymake' engine writes "
        "no checkpoints; use --backend native\n")
    help_text = run("fan", "--help").stdout
    assert "--checkpoint FILE" in help_text and "--checkpoint big.jsonl" in help_text


def test_landscape_help_shows_the_output_in_its_order(square):
    """The help's example output must come in the order the command prints."""
    result = run("landscape", square)
    assert result.returncode == 0, result.stderr
    printed = result.stdout.splitlines()
    assert printed[0] == "points: 4 in QQ^2, (n, m) = (1, 1), backend 'native'"
    assert printed[1].startswith("14 cones; 4 make 1 mistake")
    help_text = run("landscape", "--help").stdout
    example = help_text[help_text.index("$ tropnet landscape points.csv --n 1"):]
    shown = example.splitlines()[1:]
    assert shown[0].strip() == printed[0]
    assert shown[1].strip().startswith("14 cones; 4 make 1 mistake")
    assert any(line.strip() == "local minima: 4 (4 global)" for line in shown)
    assert "local minima: 4 (4 global)" in printed


def test_a_failed_write_names_the_option_not_a_temporary_file(square, tmp_path,
                                                              capsys, monkeypatch):
    import tropnet.io

    def full_disk(F, path):
        raise OSError(28, "No space left on device", f"{tmp_path}/.fan.csv.k886mse0")

    monkeypatch.setattr(tropnet.io, "write_summary_csv", full_disk)
    out = tmp_path / "fan.csv"
    assert main(["fan", str(square), "--csv", str(out)]) == 1
    captured = capsys.readouterr()
    assert "maximal cones: 14" in captured.out.splitlines()
    assert captured.err == (f"tropnet fan: error: --csv {out}: cannot write (No space "
                            "left on device)\n")


def test_an_interrupt_says_how_to_resume(square, tmp_path, monkeypatch, capsys):
    """Ctrl-C ends with exit code 130 and one line; with --checkpoint it names
    the file and says that the same command resumes."""
    import tropnet.cli as cli

    def interrupted(args, argv):
        raise KeyboardInterrupt

    monkeypatch.setitem(cli.COMMANDS, "fan", interrupted)
    ck = tmp_path / "fan.jsonl"
    assert cli.main(["fan", str(square), "--checkpoint", str(ck)]) == 130
    assert capsys.readouterr().err.strip() == (
        f"tropnet fan: error: interrupted; what was computed is in {ck}: run the "
        "same command again to resume")
    assert cli.main(["fan", str(square)]) == 130
    assert "with --checkpoint FILE a rerun resumes" in capsys.readouterr().err
