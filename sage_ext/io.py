r"""
Files: data in, exact results out.

Results are written as JSON in which every rational number is a string
(``"1/3"``, ``"-2"``), so nothing is rounded.  A result file holds enough to
rebuild the classification fan without recomputing it: the points and
labels, ``n``, ``m``, the engine, every maximal cone with its activation
pattern and exact interior point, every wall with its exact point, the
lineality basis and the rejection certificates.  Reading it back checks
every certificate again and gives an equal fan::

    sage: import tempfile, os
    sage: from tropnet import ClassificationFan, Dataset
    sage: from tropnet.io import save_fan, load_fan
    sage: D = Dataset([[0], [1], ["1/2"]], labels=[1, -1, 1])
    sage: F = ClassificationFan(D, n=1, m=1)
    sage: path = os.path.join(tempfile.mkdtemp(), "fan.json")
    sage: save_fan(F, path)
    sage: G = load_fan(path); G
    Classification fan of 3 points in QQ^1 with (n, m) = (1, 1), backend 'native'
    sage: G == F, G.interior_point((0, 1, 0)) == F.interior_point((0, 1, 0))
    (True, True)

Data files: points come from a CSV file with a header row (one column per
coordinate, and optionally a column named ``label`` holding ``1``/``-1``) or
from a JSON file (a list of points, or an object with keys ``points`` and
optionally ``labels``).  Numbers may be integers, decimals (``0.1`` is read
as exactly `1/10`) or fractions (``2/3``)::

    sage: from tropnet.io import read_points
    sage: path = os.path.join(tempfile.mkdtemp(), "points.csv")
    sage: with open(path, "w") as f:
    ....:     _ = f.write("x,y,label\n0,0.5,1\n1/3,2,-1\n")
    sage: read_points(path)
    (((0, 1/2), (1/3, 2)), (1, -1))

A bad file is refused with the file, the line and the column::

    sage: with open(path, "w") as f:
    ....:     _ = f.write("x,y\n0,1\n2,abc\n")
    sage: read_points(path)
    Traceback (most recent call last):
    ...
    DataFileError: .../points.csv, line 3, column 2 ('y'): 'abc' is not a number

Besides the JSON result there are a CSV summary of a fan
(:func:`write_summary_csv`) and a metadata file (:func:`metadata`) with the
versions of all software involved, the git revision, seeds and times.
"""
import csv
import json
import os
import subprocess
import tempfile
import time
from pathlib import Path

from sage.matrix.constructor import matrix
from sage.modules.free_module_element import vector
from sage.rings.rational_field import QQ

from .data import as_rational

FORMAT = "tropnet-classification-fan"
FORMAT_VERSION = 1


class DataFileError(ValueError):
    r"""
    A data file that cannot be read, with its location.

    INPUT:

    - ``path`` -- the file
    - ``message`` -- what is wrong
    - ``line``, ``column`` -- optional; 1-based position of the problem
    - ``column_name`` -- optional; the header of the column

    EXAMPLES::

        sage: from tropnet.io import DataFileError
        sage: str(DataFileError("a.csv", "2 cells, but the header has 3", line=4))
        'a.csv, line 4: 2 cells, but the header has 3'
        sage: DataFileError("a.csv", "empty", line=2, column=1).column
        1
    """

    def __init__(self, path, message, line=None, column=None, column_name=None):
        self.path = str(path)
        self.line = line
        self.column = column
        where = self.path
        if line is not None:
            where += f", line {line}"
        if column is not None:
            where += f", column {column}"
            if column_name:
                where += f" ({column_name!r})"
        ValueError.__init__(self, f"{where}: {message}")


# ----------------------------------------------------------------------
# exact numbers in JSON

def rational_to_json(x):
    r"""
    Return the rational ``x`` as an exact string.

    EXAMPLES::

        sage: from tropnet.io import rational_to_json
        sage: rational_to_json(-2/6), rational_to_json(5)
        ('-1/3', '5')
    """
    return str(QQ(x))


def vector_to_json(v):
    r"""
    Return a vector of rationals as a list of exact strings.

    EXAMPLES::

        sage: from tropnet.io import vector_to_json
        sage: vector_to_json((1/2, 0, -3))
        ['1/2', '0', '-3']
    """
    return [rational_to_json(x) for x in v]


def vector_from_json(entries, name):
    r"""
    Return a tuple over ``QQ`` from a JSON list of exact numbers.

    INPUT:

    - ``entries`` -- a list of strings such as ``"1/2"``, or integers
    - ``name`` -- how the list is called in error messages

    EXAMPLES::

        sage: from tropnet.io import vector_from_json
        sage: vector_from_json(["1/2", "-3", 4], "point")
        (1/2, -3, 4)
        sage: vector_from_json("1/2", "point")
        Traceback (most recent call last):
        ...
        ValueError: point: expected a list of exact numbers, got str
        sage: vector_from_json([float(0.5)], "point")
        Traceback (most recent call last):
        ...
        ValueError: point: entry 0 is a floating-point number (0.5); exact results ...
    """
    if not isinstance(entries, list):
        raise ValueError(f"{name}: expected a list of exact numbers, "
                         f"got {type(entries).__name__}")
    result = []
    for j, x in enumerate(entries):
        if isinstance(x, float):
            raise ValueError(f"{name}: entry {j} is a floating-point number ({x}); "
                             "exact results store rationals as strings")
        try:
            result.append(as_rational(x, name=f"{name}: entry {j}"))
        except TypeError as error:
            raise ValueError(str(error)) from None
    return tuple(result)


def _umask():
    # the process's umask: read from /proc where Linux reports it, otherwise
    # by setting and restoring it (os.umask cannot only read it)
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _write_atomically(path, text):
    # a file is either absent or complete: write beside it, then rename.  The
    # temporary file is private (mode 0600); before the rename it gets the
    # mode an ordinary open() would give: the old file's mode when it is
    # replaced, otherwise 0666 minus the umask.
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = os.stat(path).st_mode & 0o7777
    except OSError:
        mode = 0o666 & ~_umask()
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as f:
            f.write(text)
            f.flush()
            os.fchmod(f.fileno(), mode)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def check_output_path(path, option="output", folder=False):
    r"""
    Check, before anything is computed, that ``path`` can be written.

    Missing parent folders are not an error: :func:`write_json` and the
    other writers create them.  So the check is that ``path`` is not a
    folder (or, with ``folder=True``, not a file), that it is not a special
    file such as ``/dev/null`` (the atomic write would replace it), that the
    nearest existing ancestor is a folder, and that a file can be created
    in that folder (this is tried: a temporary file is made and removed).

    INPUT:

    - ``path`` -- the path given by the user
    - ``option`` -- string (default: ``"output"``); how the path is called
      in error messages, e.g. ``"--json"``
    - ``folder`` -- boolean (default: ``False``); whether ``path`` is an
      output folder rather than a file

    OUTPUT: ``None``; a :class:`ValueError` naming ``option`` and ``path``
    if the path cannot be written

    EXAMPLES::

        sage: import os, tempfile
        sage: from tropnet.io import check_output_path
        sage: d = tempfile.mkdtemp()
        sage: check_output_path(os.path.join(d, "new", "sub", "fan.json"), "--json")
        sage: os.listdir(d)
        []

    TESTS::

        sage: check_output_path(d, "--json")
        Traceback (most recent call last):
        ...
        ValueError: --json .../tmp...: is a folder; give a file name, e.g. .../out.json
        sage: path = os.path.join(d, "file.txt")
        sage: with open(path, "w") as f:
        ....:     _ = f.write("x")
        sage: check_output_path(os.path.join(path, "fan.json"), "--json")
        Traceback (most recent call last):
        ...
        ValueError: --json .../file.txt/fan.json: .../file.txt is not a folder
        sage: check_output_path(path, "--out", folder=True)
        Traceback (most recent call last):
        ...
        ValueError: --out .../file.txt: is a file; expected a folder
        sage: check_output_path("/dev/null", "--csv")
        Traceback (most recent call last):
        ...
        ValueError: --csv /dev/null: not a regular file; refusing to replace it
        sage: check_output_path("/proc/x.csv", "--csv")
        Traceback (most recent call last):
        ...
        ValueError: --csv /proc/x.csv: cannot create a file in the folder /proc (...)
        sage: check_output_path("", "--json")
        Traceback (most recent call last):
        ...
        ValueError: --json: the path is empty
    """
    text = os.fspath(path)
    if not text:
        raise ValueError(f"{option}: the path is empty")
    target = Path(os.path.abspath(text))
    where = f"{option} {text}"
    if folder:
        if target.exists() and not target.is_dir():
            raise ValueError(f"{where}: is a file; expected a folder")
        existing = target
    else:
        if target.is_dir():
            raise ValueError(f"{where}: is a folder; give a file name, e.g. "
                             f"{os.path.join(text, 'out' + _suffix(option))}")
        if target.exists() and not target.is_file():
            raise ValueError(f"{where}: not a regular file; refusing to replace it")
        existing = target.parent
    while not existing.exists() and not existing.is_symlink():
        existing = existing.parent
    if not existing.is_dir():
        raise ValueError(f"{where}: {existing} is not a folder")
    try:
        handle, probe = tempfile.mkstemp(dir=existing, prefix=".tropnet-check.")
    except OSError as error:
        raise ValueError(f"{where}: cannot create a file in the folder {existing} "
                         f"({error.strerror})") from None
    os.close(handle)
    os.unlink(probe)


def _suffix(option):
    return {"--csv": ".csv", "--checkpoint": ".jsonl"}.get(option, ".json")


def _json_default(x):
    # Sage integers, rationals and reals met in results
    if hasattr(x, "__index__"):
        return int(x)
    if x in QQ:
        return rational_to_json(x)
    try:
        return float(x)
    except (TypeError, ValueError):
        raise TypeError(f"cannot write {x!r} of type {type(x).__name__} as JSON") \
            from None


def write_json(data, path):
    r"""
    Write the JSON-serialisable ``data`` to ``path``, atomically (an
    interrupted write leaves no partial file).

    Missing parent folders are created.  A new file gets the mode an
    ordinary ``open`` gives (``0o666`` minus the umask); a replaced file
    keeps its mode.

    INPUT:

    - ``data`` -- JSON-serialisable data; Sage integers and rationals are
      written as integers and exact strings
    - ``path`` -- the file to write

    EXAMPLES::

        sage: import tempfile, os, json
        sage: from tropnet.io import write_json
        sage: path = os.path.join(tempfile.mkdtemp(), "sub", "x.json")
        sage: old = os.umask(0o027)
        sage: write_json({"a": ["1/2"]}, path)
        sage: json.load(open(path))
        {'a': ['1/2']}
        sage: oct(os.stat(path).st_mode & 0o777)
        '0o640'
        sage: os.chmod(path, 0o604); write_json([1], path)
        sage: oct(os.stat(path).st_mode & 0o777), json.load(open(path))
        ('0o604', [1])
        sage: _ = os.umask(old)
    """
    _write_atomically(path, json.dumps(data, indent=1, default=_json_default) + "\n")


# ----------------------------------------------------------------------
# classification fans

def fan_to_dict(F):
    r"""
    Return the classification fan ``F`` as a JSON-serialisable dictionary.

    The keys: ``format``, ``format_version``, ``tropnet_version``, ``n``,
    ``m``, ``backend``, ``points`` (lists of exact strings), ``labels``
    (``null`` or a list of ``1``/``-1``), ``summary`` (the counts of
    :func:`fan_summary`), ``lineality_basis``, ``cones`` (each with its
    ``pattern`` -- one term per point -- and its exact ``interior_point``),
    ``walls`` (each with the patterns ``first`` and ``second`` and its exact
    ``point``), ``rejections`` (Motzkin certificates, indices referring to
    the distinct points in order of first occurrence) and ``timings``.

    EXAMPLES::

        sage: from tropnet import ClassificationFan
        sage: from tropnet.io import fan_to_dict
        sage: D = fan_to_dict(ClassificationFan([["1/2"]], 1, 1))
        sage: D["points"], D["cones"][0]
        ([['1/2']], {'interior_point': [...], 'pattern': [0]})
        sage: D["walls"][0]["first"], D["walls"][0]["second"]
        ([0], [1])
    """
    from . import __version__

    F._compute()
    labels = F.data.labels
    cones = [{"pattern": list(F._full(p)), "interior_point": vector_to_json(point)}
             for p, point in sorted(F._cones.items())]
    walls = [{"first": list(F._full(w.first)), "second": list(F._full(w.second)),
              "point": vector_to_json(w.point)}
             for w in sorted(F._walls, key=lambda w: (w.first, w.second))]
    rejections = []
    for r in F._rejections:
        rejections.append({
            "kind": r.kind,
            "patterns": [list(p) for p in r.patterns],
            "multipliers": [[int(i), int(k), int(l), rational_to_json(y)]
                            for (i, k, l), y in sorted(r.multipliers.items())],
            "equation": None if r.equation is None else
            [int(x) for x in r.equation[:3]] + [rational_to_json(r.equation[3])],
        })
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "tropnet_version": __version__,
        "n": F.n,
        "m": F.m,
        "backend": F.backend,
        "points": [vector_to_json(p) for p in F.points()],
        "labels": None if labels is None else list(labels),
        "summary": fan_summary(F),
        "lineality_basis": [vector_to_json(b) for b in F.lineality_space().basis()],
        "cones": cones,
        "walls": walls,
        "rejections": rejections,
        "timings": dict(F._timings),
    }


def fan_from_dict(D, source="result"):
    r"""
    Rebuild a classification fan from a dictionary made by
    :func:`fan_to_dict`, without recomputing it.

    Every interior point, wall point and rejection certificate is checked
    again in exact arithmetic (see :meth:`ClassificationFan.from_records
    <tropnet.fan.ClassificationFan.from_records>`), and the stored lineality
    basis and counts must match the data.  The certificates prove that each
    stored cone and wall exists; that no cone is missing rests on the engine
    that computed the file.

    INPUT:

    - ``D`` -- a dictionary
    - ``source`` -- string (default: ``"result"``); how the dictionary is
      called in error messages (e.g. a file name)

    EXAMPLES::

        sage: from tropnet import ClassificationFan
        sage: from tropnet.io import fan_to_dict, fan_from_dict
        sage: F = ClassificationFan([[0, 0], [1, 0]], 2, 1)
        sage: fan_from_dict(fan_to_dict(F)) == F
        True

    TESTS::

        sage: D = fan_to_dict(ClassificationFan([[0]], 1, 1))
        sage: D["cones"][0]["interior_point"] = ["0", "0", "0", "0"]
        sage: fan_from_dict(D, "f.json")
        Traceback (most recent call last):
        ...
        ArithmeticError: f.json: the stored point of cone (0,) is not in its interior
        sage: fan_from_dict({"format": "something else"}, "f.json")
        Traceback (most recent call last):
        ...
        ValueError: f.json: not a tropnet classification fan (format 'something else')
    """
    from .fan import ClassificationFan

    if not isinstance(D, dict) or D.get("format") != FORMAT:
        found = D.get("format") if isinstance(D, dict) else type(D).__name__
        raise ValueError(f"{source}: not a tropnet classification fan "
                         f"(format {found!r})")
    if D.get("format_version") != FORMAT_VERSION:
        raise ValueError(f"{source}: format version {D.get('format_version')!r} is not "
                         f"supported (this tropnet reads version {FORMAT_VERSION})")
    missing = [k for k in ("n", "m", "backend", "points", "cones", "walls")
               if k not in D]
    if missing:
        raise ValueError(f"{source}: missing keys {', '.join(missing)}")
    points = [vector_from_json(p, f"{source}: points[{i}]")
              for i, p in enumerate(D["points"])]
    cones = [(tuple(c["pattern"]),
              vector_from_json(c["interior_point"], f"{source}: cones[{j}]"))
             for j, c in enumerate(D["cones"])]
    walls = [(tuple(w["first"]), tuple(w["second"]),
              vector_from_json(w["point"], f"{source}: walls[{j}]"))
             for j, w in enumerate(D["walls"])]
    rejections = []
    for j, r in enumerate(D.get("rejections") or []):
        multipliers = {(int(i), int(k), int(l)): as_rational(y, f"{source}: "
                                                                f"rejections[{j}]")
                       for i, k, l, y in r["multipliers"]}
        equation = r.get("equation")
        if equation is not None:
            equation = tuple(int(x) for x in equation[:3]) + \
                (as_rational(equation[3], f"{source}: rejections[{j}]"),)
        rejections.append((r["kind"], tuple(tuple(p) for p in r["patterns"]),
                           multipliers, equation))
    F = ClassificationFan.from_records(points, D["n"], D["m"], cones, walls,
                                       labels=D.get("labels"), backend=D["backend"],
                                       rejections=rejections, source=source)
    F._timings.update(D.get("timings") or {})

    if "lineality_basis" in D:
        basis = [vector_from_json(b, f"{source}: lineality_basis[{j}]")
                 for j, b in enumerate(D["lineality_basis"])]
        L = F.lineality_space()
        if len(basis) != L.dimension() or \
                (basis and matrix(QQ, basis).rank() != L.dimension()) or \
                any(vector(QQ, b) not in L for b in basis):
            raise ValueError(f"{source}: the stored lineality basis does not span the "
                             "lineality space of the points")
    summary = D.get("summary") or {}
    expected = fan_summary(F)
    for key, value in summary.items():
        if key in expected and key != "time" and expected[key] != value:
            raise ValueError(f"{source}: stored {key} is {value!r}, but the stored "
                             f"cones and walls give {expected[key]!r}")
    return F


def save_fan(F, path):
    r"""
    Write the classification fan ``F`` to the JSON file ``path`` (see
    :func:`fan_to_dict` for the contents).

    EXAMPLES::

        sage: import tempfile, os, json
        sage: from tropnet import ClassificationFan
        sage: from tropnet.io import save_fan
        sage: path = os.path.join(tempfile.mkdtemp(), "fan.json")
        sage: save_fan(ClassificationFan([[0], [1]], 1, 1), path)
        sage: json.load(open(path))["summary"]["maximal_cones"]
        4
    """
    write_json(fan_to_dict(F), path)


def load_fan(path):
    r"""
    Read a classification fan written by :func:`save_fan`, checking every
    certificate (see :func:`fan_from_dict`).

    EXAMPLES::

        sage: import tempfile, os
        sage: from tropnet import ClassificationFan
        sage: from tropnet.io import save_fan, load_fan
        sage: path = os.path.join(tempfile.mkdtemp(), "fan.json")
        sage: F = ClassificationFan([[0, 1], [1, 0]], 1, 2)
        sage: save_fan(F, path); load_fan(path) == F
        True

    TESTS::

        sage: load_fan("/nonexistent/fan.json")
        Traceback (most recent call last):
        ...
        DataFileError: /nonexistent/fan.json: no such file
    """
    return fan_from_dict(_read_json(path), source=str(path))


def fan_summary(F):
    r"""
    Return the counts that describe the fan ``F``.

    OUTPUT: a dictionary with keys ``points``, ``distinct_points``,
    ``data_dimension`` (`d`), ``parameter_dimension`` (`K(d+1)`),
    ``maximal_cones``, ``walls``, ``lineality_dimension``, ``n``, ``m``,
    ``backend`` and ``time`` (seconds spent enumerating, ``None`` if the fan
    was read from a file)

    EXAMPLES::

        sage: from tropnet import ClassificationFan
        sage: from tropnet.io import fan_summary
        sage: S = fan_summary(ClassificationFan([[0], [1], [1]], 1, 1))
        sage: S["points"], S["distinct_points"], S["maximal_cones"], S["walls"]
        (3, 2, 4, 4)
        sage: S["lineality_dimension"], S["parameter_dimension"]
        (2, 4)
    """
    F._compute()
    return {
        "points": F.data.n_points(),
        "distinct_points": F.data.n_distinct_points(),
        "data_dimension": F.data.dim(),
        "parameter_dimension": F.dim(),
        "n": F.n,
        "m": F.m,
        "backend": F.backend,
        "maximal_cones": len(F._cones),
        "walls": len(F._walls),
        "lineality_dimension": int(F.lineality_space().dimension()),
        "time": F._timings.get("enumerate"),
    }


def write_summary_csv(F, path):
    r"""
    Write the counts of :func:`fan_summary` as a two-column CSV file
    (``quantity,value``).

    EXAMPLES::

        sage: import tempfile, os
        sage: from tropnet import ClassificationFan
        sage: from tropnet.io import write_summary_csv
        sage: path = os.path.join(tempfile.mkdtemp(), "fan.csv")
        sage: write_summary_csv(ClassificationFan([[0], [1]], 1, 1), path)
        sage: print(open(path).read())
        quantity,value
        points,2
        distinct_points,2
        data_dimension,1
        parameter_dimension,4
        n,1
        m,1
        backend,native
        maximal_cones,4
        walls,4
        lineality_dimension,2
        time,...
    """
    rows = ["quantity,value"]
    for key, value in fan_summary(F).items():
        if isinstance(value, float):
            value = f"{value:.6f}"
        rows.append(f"{key},{'' if value is None else value}")
    _write_atomically(path, "\n".join(rows) + "\n")


# ----------------------------------------------------------------------
# metadata

def git_revision(directory=None):
    r"""
    Return the git commit of the source tree of tropnet (or of
    ``directory``), with ``+dirty`` appended when the tree has uncommitted
    changes, or ``None`` outside a git checkout.

    Without ``directory``, the folder of the tropnet sources is asked first
    (a checkout with an editable install), then the current directory (e.g.
    the source folder of a regular install, as in the Docker image).

    EXAMPLES::

        sage: from tropnet.io import git_revision
        sage: git_revision("/") is None
        True
    """
    if directory is None:
        for candidate in (Path(__file__).resolve().parent, Path.cwd()):
            revision = git_revision(candidate)
            if revision is not None:
                return revision
        return None
    directory = Path(directory)
    try:
        head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=directory,
                              capture_output=True, text=True, timeout=30)
        if head.returncode != 0:
            return None
        status = subprocess.run(["git", "status", "--porcelain",
                                 "--untracked-files=no"], cwd=directory,
                                capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    revision = head.stdout.strip()
    return revision + ("+dirty" if status.stdout.strip() else "")


def metadata(command=None, seeds=None, wall_time=None, cpu_time=None, extra=None):
    r"""
    Return the metadata of a run: software versions, git revision, seeds
    and times.

    INPUT:

    - ``command`` -- optional list of strings; the command line
    - ``seeds`` -- optional dictionary of the random seeds used
    - ``wall_time``, ``cpu_time`` -- optional floats; seconds
    - ``extra`` -- optional dictionary merged into the result

    OUTPUT: a JSON-serialisable dictionary with keys ``tropnet_version``,
    ``software`` (see :func:`tropnet.features.software_versions`),
    ``git_revision``, ``platform``, ``date`` (UTC, ISO 8601), ``command``,
    ``seeds``, ``wall_time_seconds``, ``cpu_time_seconds``

    EXAMPLES::

        sage: from tropnet.io import metadata
        sage: M = metadata(command=["tropnet", "fan", "x.csv"], seeds={"data": 1},
        ....:              wall_time=1.5, cpu_time=1.25)
        sage: sorted(M)
        ['command', 'cpu_time_seconds', 'date', 'git_revision', 'platform',
         'seeds', 'software', 'tropnet_version', 'wall_time_seconds']
        sage: M["software"]["tropnet"] == M["tropnet_version"]
        True
        sage: M["seeds"], M["wall_time_seconds"]
        ({'data': 1}, 1.5)
    """
    import platform

    from . import __version__
    from .features import software_versions

    result = {
        "tropnet_version": __version__,
        "software": software_versions(),
        "git_revision": git_revision(),
        "platform": platform.platform(),
        "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "command": list(command) if command is not None else None,
        "seeds": dict(seeds) if seeds else {},
        "wall_time_seconds": None if wall_time is None else float(wall_time),
        "cpu_time_seconds": None if cpu_time is None else float(cpu_time),
    }
    if extra:
        result.update(extra)
    return result


# ----------------------------------------------------------------------
# data files

def _read_text(path):
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DataFileError(path, "no such file") from None
    except IsADirectoryError:
        raise DataFileError(path, "is a directory, not a file") from None
    except OSError as error:
        raise DataFileError(path, f"cannot be read ({error.strerror})") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[:error.start].count(b"\n") + 1
        raise DataFileError(path, "not a UTF-8 text file", line=line) from None


def _read_json(path):
    text = _read_text(path)
    try:
        # JSON numbers are kept as the decimal strings they spell, so that
        # 0.1 means exactly 1/10
        return json.loads(text, parse_float=str)
    except json.JSONDecodeError as error:
        raise DataFileError(path, f"malformed JSON ({error.msg})", line=error.lineno,
                            column=error.colno) from None


def _is_json(path, text):
    return Path(path).suffix.lower() == ".json" or text.lstrip()[:1] in ("[", "{")


def _label(value, path, line, column, name):
    text = str(value).strip() if not isinstance(value, bool) else value
    if text in ("1", "+1", 1):
        return 1
    if text in ("-1", -1):
        return -1
    raise DataFileError(path, f"label {value!r} is not 1 or -1", line=line,
                        column=column, column_name=name)


def _number(text, path, line, column, name):
    if not text.strip():
        raise DataFileError(path, "empty cell", line=line, column=column,
                            column_name=name)
    try:
        return as_rational(text)
    except (TypeError, ValueError):
        raise DataFileError(path, f"{text.strip()!r} is not a number", line=line,
                            column=column, column_name=name) from None


def _csv_rows(path, text):
    lines = text.splitlines(keepends=True)
    reader = csv.reader(lines, strict=True)
    try:
        for row in reader:
            if row and any(cell.strip() for cell in row):
                yield reader.line_num, row
    except csv.Error as error:
        line = max(reader.line_num, 1)
        raw = lines[line - 1] if line <= len(lines) else ""
        quote = raw.find('"')
        column = raw[:quote].count(",") + 1 if quote >= 0 else None
        raise DataFileError(path, f"malformed CSV ({error})", line=line,
                            column=column) from None


def _cells(count):
    return f"{count} cell" if count == 1 else f"{count} cells"


def _header_names(path, line, header, example):
    # the names of the header row; a row of numbers is data, not a header
    # (reading it as names would silently drop the first row), and two
    # columns of the same name would be ambiguous
    names = [name.strip() for name in header]
    numeric = True
    for name in names:
        try:
            as_rational(name)
        except (TypeError, ValueError):
            numeric = False
    if numeric:
        what = "numbers" if len(names) > 1 else "a number"
        raise DataFileError(path, f"the first row holds {what}; the file must start "
                            f"with a header row naming the columns, e.g. {example}",
                            line=line)
    first = {}
    for j, name in enumerate(names):
        if name in first:
            raise DataFileError(path, f"the header repeats the name {name!r} of "
                                f"column {first[name] + 1}; column names must be "
                                "distinct", line=line, column=j + 1)
        first[name] = j
    return names


def _read_csv_points(path, text):
    rows = _csv_rows(path, text)
    try:
        header_line, header = next(rows)
    except StopIteration:
        raise DataFileError(path, "empty file; expected a header row and one row "
                            "per point") from None
    names = _header_names(path, header_line, header, "x,y,label")
    label_columns = [j for j, name in enumerate(names) if name.lower() == "label"]
    if len(label_columns) > 1:
        raise DataFileError(path, "two columns are named 'label'", line=header_line,
                            column=label_columns[1] + 1)
    label_column = label_columns[0] if label_columns else None
    coordinates = [j for j in range(len(names)) if j != label_column]
    if not coordinates:
        raise DataFileError(path, "no coordinate columns (only a label column)",
                            line=header_line)
    points = []
    labels = []
    for line, row in rows:
        if len(row) != len(names):
            raise DataFileError(path, f"{_cells(len(row))}, but the header has "
                                f"{len(names)} columns", line=line,
                                column=min(len(row), len(names)) + 1)
        points.append(tuple(_number(row[j], path, line, j + 1, names[j])
                            for j in coordinates))
        if label_column is not None:
            labels.append(_label(row[label_column], path, line, label_column + 1,
                                 names[label_column]))
    if not points:
        raise DataFileError(path, "no data rows after the header", line=header_line)
    return tuple(points), (tuple(labels) if label_column is not None else None)


def _json_points(path, data):
    labels = None
    if isinstance(data, dict):
        if "points" not in data:
            raise DataFileError(path, "a JSON object with points needs the key "
                                "'points'")
        labels = data.get("labels")
        data = data["points"]
    if not isinstance(data, list) or not data:
        raise DataFileError(path, "expected a nonempty list of points")
    points = []
    for i, row in enumerate(data):
        if not isinstance(row, list):
            raise DataFileError(path, f"points[{i}] is not a list of coordinates")
        if points and len(row) != len(points[0]):
            raise DataFileError(path, f"points[{i}] has {len(row)} coordinates, but "
                                f"points[0] has {len(points[0])}")
        coords = []
        for j, x in enumerate(row):
            try:
                coords.append(as_rational(x, name=f"points[{i}][{j}]"))
            except (TypeError, ValueError) as error:
                raise DataFileError(path, str(error)) from None
        if not coords:
            raise DataFileError(path, f"points[{i}] has no coordinates")
        points.append(tuple(coords))
    if labels is not None:
        labels = _json_labels(path, labels)
    return tuple(points), labels


def _json_labels(path, labels):
    if not isinstance(labels, list):
        raise DataFileError(path, "labels must be a list of 1 and -1")
    result = []
    for i, y in enumerate(labels):
        if isinstance(y, bool) or y not in (1, -1, "1", "-1", "+1"):
            raise DataFileError(path, f"labels[{i}] is {y!r}, not 1 or -1")
        result.append(1 if y in (1, "1", "+1") else -1)
    return tuple(result)


def read_points(path):
    r"""
    Read points, and labels if the file has them, from a CSV or JSON file.

    INPUT:

    - ``path`` -- a CSV file whose first row names the columns: one column
      per coordinate, and optionally a column named ``label`` (any case)
      with entries ``1`` or ``-1``; or a JSON file (recognised by the suffix
      ``.json`` or a first character ``[`` or ``{``) holding a list of
      points or an object ``{"points": [...], "labels": [...]}`` (a tropnet
      result file is such an object)

    Entries are integers, decimals (read exactly: ``0.1`` is `1/10`) or
    fractions such as ``2/3``; in JSON they may be numbers or strings.
    Blank lines in a CSV file are ignored.

    OUTPUT: a pair ``(points, labels)``: a tuple of tuples over ``QQ``, and
    a tuple of ``1``/``-1`` or ``None``

    EXAMPLES::

        sage: import tempfile, os
        sage: from tropnet.io import read_points
        sage: d = tempfile.mkdtemp()
        sage: path = os.path.join(d, "p.json")
        sage: with open(path, "w") as f:
        ....:     _ = f.write('{"points": [[0.1, "2/3"], [1, 2]], "labels": [1, -1]}')
        sage: read_points(path)
        (((1/10, 2/3), (1, 2)), (1, -1))
        sage: path = os.path.join(d, "p.csv")
        sage: with open(path, "w") as f:
        ....:     _ = f.write("a,b\n1,2\n\n3,4\n")
        sage: read_points(path)
        (((1, 2), (3, 4)), None)

    TESTS::

        sage: read_points(os.path.join(d, "missing.csv"))
        Traceback (most recent call last):
        ...
        DataFileError: .../missing.csv: no such file
        sage: with open(path, "w") as f:
        ....:     _ = f.write("a,b\n1,2\n3\n")
        sage: read_points(path)
        Traceback (most recent call last):
        ...
        DataFileError: .../p.csv, line 3, column 2: 1 cell, but the header has 2 columns
        sage: with open(path, "w") as f:
        ....:     _ = f.write('a,b\n1,2\n3,"4\n')
        sage: read_points(path)
        Traceback (most recent call last):
        ...
        DataFileError: .../p.csv, line 3, column 2: malformed CSV (unexpected end ...)
        sage: with open(path, "w") as f:
        ....:     _ = f.write("1,2\n3,4\n")
        sage: read_points(path)
        Traceback (most recent call last):
        ...
        DataFileError: .../p.csv, line 1: the first row holds numbers; ...
        sage: with open(path, "w") as f:
        ....:     _ = f.write("x,x\n0,0\n1,1\n")
        sage: read_points(path)
        Traceback (most recent call last):
        ...
        DataFileError: .../p.csv, line 1, column 2: the header repeats the name 'x' of
        column 1; column names must be distinct
        sage: with open(path, "w") as f:
        ....:     _ = f.write("x,label\n1,1\n2,0\n")
        sage: read_points(path)
        Traceback (most recent call last):
        ...
        DataFileError: .../p.csv, line 3, column 2 ('label'): label '0' is not 1 or -1
        sage: with open(os.path.join(d, "q.json"), "w") as f:
        ....:     _ = f.write('[[1, 2],\n [3, }')
        sage: read_points(os.path.join(d, "q.json"))
        Traceback (most recent call last):
        ...
        DataFileError: .../q.json, line 2, column 6: malformed JSON (Expecting value)
    """
    text = _read_text(path)
    if _is_json(path, text):
        return _json_points(path, _read_json(path))
    return _read_csv_points(path, text)


def read_labels(path):
    r"""
    Read labels ``1``/``-1`` from a file: a CSV file with a header row and a
    column named ``label`` (or a single column), or a JSON list (or an
    object with the key ``labels``).

    INPUT:

    - ``path`` -- a CSV file whose first row names the columns (a first row
      of numbers is refused: it would otherwise be taken for the header and
      its label lost), or a JSON file

    OUTPUT: a tuple of ``1``/``-1``, one per data row

    EXAMPLES::

        sage: import tempfile, os
        sage: from tropnet.io import read_labels
        sage: path = os.path.join(tempfile.mkdtemp(), "labels.csv")
        sage: with open(path, "w") as f:
        ....:     _ = f.write("y\n1\n-1\n+1\n")
        sage: read_labels(path)
        (1, -1, 1)

    TESTS::

        sage: with open(path, "w") as f:
        ....:     _ = f.write("y,z\n1,1\n")
        sage: read_labels(path)
        Traceback (most recent call last):
        ...
        DataFileError: .../labels.csv, line 1: expected one column or a column named ...

    A file without a header row is refused, not read with its first label
    taken for a column name::

        sage: with open(path, "w") as f:
        ....:     _ = f.write("1\n1\n-1\n")
        sage: read_labels(path)
        Traceback (most recent call last):
        ...
        DataFileError: .../labels.csv, line 1: the first row holds a number; the file
        must start with a header row naming the columns, e.g. label
        sage: with open(path, "w") as f:
        ....:     _ = f.write("label,label\n1,-1\n")
        sage: read_labels(path)
        Traceback (most recent call last):
        ...
        DataFileError: .../labels.csv, line 1, column 2: the header repeats the name
        'label' of column 1; column names must be distinct
    """
    text = _read_text(path)
    if _is_json(path, text):
        data = _read_json(path)
        if isinstance(data, dict):
            data = data.get("labels")
        return _json_labels(path, data)
    rows = _csv_rows(path, text)
    try:
        header_line, header = next(rows)
    except StopIteration:
        raise DataFileError(path, "empty file; expected a header row and one label "
                            "per line") from None
    names = _header_names(path, header_line, header, "label")
    columns = [j for j, name in enumerate(names) if name.lower() == "label"]
    if len(columns) != 1 and len(names) != 1:
        raise DataFileError(path, "expected one column or a column named 'label'",
                            line=header_line)
    column = columns[0] if columns else 0
    labels = []
    for line, row in rows:
        if len(row) != len(names):
            raise DataFileError(path, f"{_cells(len(row))}, but the header has "
                                f"{len(names)} columns", line=line,
                                column=min(len(row), len(names)) + 1)
        labels.append(_label(row[column], path, line, column + 1, names[column]))
    if not labels:
        raise DataFileError(path, "no labels after the header", line=header_line)
    return tuple(labels)
