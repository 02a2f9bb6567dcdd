"""Files: exact JSON round trips, the Sage fan modulo lineality, data files,
metadata.

Expected counts are derived independently (Cover's formula, the collinear
formula of math.md, or a hand argument in the docstring); the round trip is
compared with the fan computed from scratch.
"""
import json
from math import comb

import pytest

from sage.matrix.constructor import matrix
from sage.modules.free_module_element import vector
from sage.rings.rational_field import QQ

from tropnet import ClassificationFan, Dataset
from tropnet.io import (DataFileError, fan_from_dict, fan_to_dict, load_fan,
                        metadata, read_labels, read_points, save_fan,
                        write_summary_csv)


def cover(N, d):
    return 2 * sum(comb(N - 1, j) for j in range(d + 1))


SQUARE = [[0, 0], [1, 0], [0, 1], [1, 1]]


@pytest.mark.parametrize("points,labels,n,m", [
    (SQUARE, [1, -1, -1, 1], 1, 1),
    ([["1/3"], ["1/3"], ["-2/7"], [5]], None, 1, 2),
    ([[0, 0], ["1/2", "1/2"], [1, 1]], [1, 1, -1], 2, 1),
])
def test_json_round_trip_gives_an_equal_fan(tmp_path, points, labels, n, m):
    F = ClassificationFan(Dataset(points, labels), n, m)
    path = tmp_path / "fan.json"
    F.save(path)
    G = ClassificationFan.load(path)
    assert G == F
    assert G.data == F.data and (G.n, G.m, G.backend) == (F.n, F.m, F.backend)
    assert G.n_maximal_cones() == F.n_maximal_cones()
    assert G.n_walls() == F.n_walls()
    for sigma in F.maximal_cones():
        assert G.interior_point(sigma) == F.interior_point(sigma)
    for a, b in F.walls():
        assert G.wall_point(a, b) == F.wall_point(a, b)
    assert G.lineality_space() == F.lineality_space()
    assert G.verify()


def test_json_holds_exact_rationals_as_strings(tmp_path):
    F = ClassificationFan([["1/3"], ["0.1"]], 1, 1)
    path = tmp_path / "fan.json"
    save_fan(F, path)
    D = json.loads(path.read_text())
    assert D["points"] == [["1/3"], ["1/10"]]
    for cone in D["cones"]:
        assert all(isinstance(x, str) for x in cone["interior_point"])
        assert all(QQ(x) in QQ for x in cone["interior_point"])
    # two distinct points on a line and K = 2: C(1,0)*2 + C(1,1)*2 = 4 cones
    assert D["summary"]["maximal_cones"] == 4 == len(D["cones"])
    assert D["summary"]["lineality_dimension"] == 2 == len(D["lineality_basis"])


def test_load_rechecks_certificates(tmp_path):
    F = ClassificationFan([[0], [1], [3]], 1, 1)
    D = fan_to_dict(F)
    bad = json.loads(json.dumps(D))
    bad["cones"][0]["interior_point"] = ["0"] * F.dim()
    with pytest.raises(ArithmeticError, match="not in its interior"):
        fan_from_dict(bad, "f.json")
    bad = json.loads(json.dumps(D))
    bad["walls"][0]["point"] = bad["cones"][0]["interior_point"]
    with pytest.raises(ArithmeticError, match="not on a common facet"):
        fan_from_dict(bad, "f.json")
    bad = json.loads(json.dumps(D))
    bad["summary"]["maximal_cones"] += 1
    with pytest.raises(ValueError, match="stored maximal_cones"):
        fan_from_dict(bad, "f.json")
    bad = json.loads(json.dumps(D))
    bad["lineality_basis"] = bad["lineality_basis"][:1]
    with pytest.raises(ValueError, match="lineality basis"):
        fan_from_dict(bad, "f.json")
    bad = json.loads(json.dumps(D))
    bad["walls"][0]["first"] = [0, 1, 0]   # (0, 1, 0) is not realizable on a line
    with pytest.raises(ValueError, match="not a realizable activation pattern"):
        fan_from_dict(bad, "f.json")


def test_load_refuses_other_files(tmp_path):
    path = tmp_path / "x.json"
    path.write_text('{"points": [[1]]}')
    with pytest.raises(ValueError, match="not a tropnet classification fan"):
        load_fan(path)
    path.write_text("{")
    with pytest.raises(DataFileError, match=r"x.json, line 1, column 2: malformed"):
        load_fan(path)


@pytest.mark.parametrize("points,n,m,expected", [
    # three collinear points, K = 2: C(2,0)*2 + C(2,1)*2 = 6
    ([[0], [1], [2]], 1, 1, 6),
    # four points of the plane in general position, linear: Cover's count
    (SQUARE, 1, 1, cover(4, 2)),
    # one point, K = 3: each term can win
    ([[5, 5]], 1, 2, 3),
])
def test_as_fan_is_complete_with_one_cone_per_maximal_cone(points, n, m, expected):
    F = ClassificationFan(points, n, m)
    Sigma = F.as_fan()
    assert Sigma.is_complete()
    assert Sigma.ngenerating_cones() == expected == F.n_maximal_cones()
    L = F.lineality_space()
    assert Sigma.lattice_dim() == F.dim() - L.dimension()
    assert all(c.is_strictly_convex() and c.dim() == Sigma.lattice_dim()
               for c in Sigma.generating_cones())
    # the documented projection: theta -> B theta with B the echelon basis of
    # the orthogonal complement of L; the j-th cone is the image of the j-th
    # pattern's cone, so it contains the image of that cone's interior point
    B = L.basis_matrix().right_kernel().basis_matrix()
    for j, sigma in enumerate(F.maximal_cones()):
        image = B * F.interior_point(sigma)
        assert Sigma.generating_cone(j).interior_contains(image)
    # walls of the fan are the codimension-one cones shared by two generating
    # cones
    shared = sum(1 for tau in Sigma.cones(codim=1) if len(tau.star_generators()) == 2)
    assert shared == F.n_walls()


def test_summary_csv(tmp_path):
    F = ClassificationFan(SQUARE, 1, 1)
    path = tmp_path / "summary.csv"
    write_summary_csv(F, path)
    rows = dict(line.split(",", 1) for line in path.read_text().splitlines())
    assert rows["quantity"] == "value"
    assert rows["points"] == "4" and rows["maximal_cones"] == str(cover(4, 2))
    # walls of the arrangement of 4 planes in general position in R^3
    # (theta_1 - theta_2 modulo nothing): 4 * cover(3, 1) = 16
    assert rows["walls"] == str(4 * cover(3, 1))
    assert rows["lineality_dimension"] == "3"
    assert rows["backend"] == "native"  # the default engine


def test_metadata_fields():
    M = metadata(command=["tropnet", "fan", "p.csv"], seeds={"points": 7},
                 wall_time=2, cpu_time=1)
    for key in ("tropnet_version", "software", "git_revision", "platform", "date",
                "command", "seeds", "wall_time_seconds", "cpu_time_seconds"):
        assert key in M
    software = M["software"]
    for name in ("tropnet", "python", "sagemath", "passagemath-polyhedra", "PyNormaliz",
                 "Normaliz", "Singular", "polymake"):
        assert software[name], f"version of {name} missing"
    assert M["seeds"] == {"points": 7}
    assert (M["wall_time_seconds"], M["cpu_time_seconds"]) == (2.0, 1.0)
    assert json.loads(json.dumps(M)) == M
    # this checkout is a git repository
    assert M["git_revision"] and len(M["git_revision"].split("+")[0]) == 40


def test_read_points_csv_and_json(tmp_path):
    csv = tmp_path / "p.csv"
    csv.write_text("x, y ,LABEL\n0.1,2/3,1\n\n-1,0,-1\n")
    assert read_points(csv) == (((QQ(1) / 10, QQ(2) / 3), (QQ(-1), QQ(0))), (1, -1))
    js = tmp_path / "p.json"
    js.write_text('[[0.1, "1/3"], [2, 3]]')
    assert read_points(js) == (((QQ(1) / 10, QQ(1) / 3), (QQ(2), QQ(3))), None)
    labels = tmp_path / "l.json"
    labels.write_text('{"labels": [1, -1]}')
    assert read_labels(labels) == (1, -1)


@pytest.mark.parametrize("text,message", [
    ("", "empty file"),
    ("x,y\n", "line 1: no data rows"),
    ("x,y\n1,2\n3\n", "line 3, column 2: 1 cell, but the header has 2 columns"),
    ("x,y\n1,2\n3,4,5\n", "line 3, column 3: 3 cells, but the header has 2 columns"),
    ("x,y\n1,2\n3,four\n", "line 3, column 2 ('y'): 'four' is not a number"),
    ("x,y\n1,\n", "line 2, column 2 ('y'): empty cell"),
    ('x,y\n1,2\n3,"4\n', "line 3, column 2: malformed CSV"),
    ('x,y\n1,"2"x\n', "line 2, column 2: malformed CSV (',' expected after '\"')"),
    ("1,2\n3,4\n", "line 1: the first row holds numbers"),
    ("x,label\n1,2\n", "line 2, column 2 ('label'): label '2' is not 1 or -1"),
    ("x,y\n1,nan\n", "line 2, column 2 ('y'): 'nan' is not a number"),
])
def test_bad_csv_files_name_line_and_column(tmp_path, text, message):
    path = tmp_path / "bad.csv"
    path.write_text(text)
    with pytest.raises(DataFileError) as error:
        read_points(path)
    assert str(error.value).startswith(str(path))
    assert message in str(error.value)


def test_bad_json_and_missing_files(tmp_path):
    with pytest.raises(DataFileError, match="no such file"):
        read_points(tmp_path / "none.csv")
    with pytest.raises(DataFileError, match="is a directory"):
        read_points(tmp_path)
    path = tmp_path / "bad.json"
    path.write_text('[[1, 2],\n [3, x]]')
    with pytest.raises(DataFileError, match=r"line 2, column 6: malformed JSON"):
        read_points(path)
    path.write_text('[[1, 2], [3, "x"]]')
    with pytest.raises(DataFileError, match=r"points\[1\]\[1\] is not a number"):
        read_points(path)
    path.write_text('[[1, 2], [3]]')
    with pytest.raises(DataFileError, match=r"points\[1\] has 1 coordinates"):
        read_points(path)
    path.write_bytes(b"x\n\xff\n")
    with pytest.raises(DataFileError, match="line 2: not a UTF-8 text file"):
        read_points(path)


def test_projection_basis_is_the_complement_of_the_lineality_space():
    """Independent check of the kernel claim behind as_fan: theta -> B theta
    vanishes exactly on L (rank of B is codim L, and B annihilates L)."""
    F = ClassificationFan([[0, 0], [1, 1], [2, 2]], 1, 2)
    L = F.lineality_space()
    B = L.basis_matrix().right_kernel().basis_matrix()
    assert B.rank() == F.dim() - L.dimension()
    assert all((B * vector(QQ, b)).is_zero() for b in L.basis())
    assert matrix(QQ, list(B) + list(L.basis())).rank() == F.dim()


@pytest.mark.parametrize("text,message", [
    # without a header the first label would become the column name
    ("1\n1\n-1\n", "line 1: the first row holds a number; the file must start with "
                   "a header row"),
    ("-1\n1\n", "line 1: the first row holds a number"),
    ("1,-1\n1,1\n", "line 1: the first row holds numbers"),
    ("label,label\n1,1\n", "line 1, column 2: the header repeats the name 'label' of "
                           "column 1"),
])
def test_read_labels_refuses_a_missing_header_or_repeated_columns(tmp_path, text,
                                                                   message):
    path = tmp_path / "labels.csv"
    path.write_text(text)
    with pytest.raises(DataFileError) as error:
        read_labels(path)
    assert str(error.value).startswith(f"{path}, line 1")
    assert message in str(error.value)


def test_read_labels_with_a_header(tmp_path):
    path = tmp_path / "labels.csv"
    path.write_text("y\n1\n1\n-1\n")
    assert read_labels(path) == (1, 1, -1)
    path.write_text("x,label\n5,-1\n6,1\n")
    assert read_labels(path) == (-1, 1)


@pytest.mark.parametrize("text,first,column,name", [
    ("x,x\n0,0\n1,1\n", 1, 2, "x"),
    ("a,b, a ,label\n0,0,0,1\n", 1, 3, "a"),
    ("x,label,y,y\n0,1,0,0\n", 3, 4, "y"),
])
def test_read_points_refuses_a_repeated_column_name(tmp_path, text, first, column,
                                                    name):
    path = tmp_path / "dup.csv"
    path.write_text(text)
    with pytest.raises(DataFileError) as error:
        read_points(path)
    assert str(error.value) == (f"{path}, line 1, column {column}: the header repeats "
                                f"the name {name!r} of column {first}; column names "
                                "must be distinct")
    assert (error.value.line, error.value.column) == (1, column)


def test_written_files_get_the_usual_mode(tmp_path):
    """The atomic write goes through a private temporary file (mode 0600); the
    result must get 0666 minus the umask, and a replaced file keeps its mode."""
    import os

    F = ClassificationFan([[0], [1]], 1, 1)
    old = os.umask(0o027)
    try:
        save_fan(F, tmp_path / "fan.json")
        write_summary_csv(F, tmp_path / "sub" / "fan.csv")
        assert os.stat(tmp_path / "fan.json").st_mode & 0o777 == 0o640
        assert os.stat(tmp_path / "sub" / "fan.csv").st_mode & 0o777 == 0o640
        os.umask(0o002)
        write_json_path = tmp_path / "x.json"
        from tropnet.io import write_json
        write_json({"a": 1}, write_json_path)
        assert os.stat(write_json_path).st_mode & 0o777 == 0o664
        os.chmod(write_json_path, 0o600)
        write_json({"a": 2}, write_json_path)
        assert os.stat(write_json_path).st_mode & 0o777 == 0o600
        assert json.loads(write_json_path.read_text()) == {"a": 2}
    finally:
        os.umask(old)
    # no temporary file is left beside the results
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fan.json", "sub", "x.json"]


def test_check_output_path(tmp_path):
    from tropnet.io import check_output_path

    # a missing folder is fine (the writers create it) and nothing is created
    assert check_output_path(tmp_path / "a" / "b" / "f.json", "--json") is None
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(ValueError) as error:
        check_output_path(tmp_path, "--json")
    assert str(error.value) == (f"--json {tmp_path}: is a folder; give a file name, "
                                f"e.g. {tmp_path / 'out.json'}")
    plain = tmp_path / "plain.txt"
    plain.write_text("x")
    with pytest.raises(ValueError) as error:
        check_output_path(plain / "f.csv", "--csv")
    assert str(error.value) == f"--csv {plain / 'f.csv'}: {plain} is not a folder"
    with pytest.raises(ValueError) as error:
        check_output_path(plain, "--out", folder=True)
    assert str(error.value) == f"--out {plain}: is a file; expected a folder"
    assert check_output_path(tmp_path / "results", "--out", folder=True) is None
    with pytest.raises(ValueError, match=r"^--csv /dev/null: not a regular file"):
        check_output_path("/dev/null", "--csv")
    with pytest.raises(ValueError,
                       match=r"^--csv /proc/x.csv: cannot create a file in the "
                             r"folder /proc \("):
        check_output_path("/proc/x.csv", "--csv")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plain.txt"]


def _forge_without_cone(path, index):
    """Write beside ``path`` a copy of the fan file without its cone number
    ``index`` and the walls of that cone, with the summary's counts fixed;
    return the new path and the deleted pattern."""
    D = json.loads(path.read_text())
    gone = D["cones"].pop(index)["pattern"]
    D["walls"] = [w for w in D["walls"] if gone not in (w["first"], w["second"])]
    D["summary"]["maximal_cones"] -= 1
    D["summary"]["walls"] = len(D["walls"])
    forged = path.parent / "forged.json"
    forged.write_text(json.dumps(D))
    return forged, gone


def test_a_file_missing_a_cone_is_refused(tmp_path):
    """The tester's forgery: delete one cone and its walls from a saved fan
    (and fix the summary).  Every remaining certificate is valid, but the
    neighbours of the deleted cone now have a candidate facet that no wall and
    no rejection decides, so the file is refused as incomplete.  The points
    are four points in general position with three terms."""
    F = ClassificationFan([[0, 0], [2, 0], [0, 1], [1, 3]], 2, 1)
    assert F.is_certified_complete() and F.undecided_candidates() == []
    path = tmp_path / "fan.json"
    F.save(path)
    forged, gone = _forge_without_cone(path, 5)
    with pytest.raises(ValueError, match="incomplete: moving point"):
        ClassificationFan.load(forged)
    # the untouched file loads, and its completeness is certified again
    G = ClassificationFan.load(path)
    assert G.is_certified_complete() and G.verify()


def test_a_normaliz_file_is_certified_complete_by_the_native_engine(tmp_path):
    """A file of the normaliz engine holds no rejection certificates (its
    completeness rests on the polytope).  Loading it runs the native engine,
    whose cones must be the file's, and keeps its certificates: completeness
    is certified again.  The same file with a cone and its walls deleted is
    refused, naming the missing cone."""
    F = ClassificationFan([[0, 0], [2, 0], [0, 1], [1, 3]], 2, 1, backend="normaliz")
    assert F.rejections() == [] and F.undecided_candidates() != []
    path = tmp_path / "fan.json"
    F.save(path)
    G = ClassificationFan.load(path)
    assert G == F and G.is_certified_complete() and G.verify()
    forged, gone = _forge_without_cone(path, 7)
    import re
    with pytest.raises(ValueError, match=re.escape(f"incomplete: the cone {tuple(gone)} "
                                                   "is missing (1 in all")):
        ClassificationFan.load(forged)
