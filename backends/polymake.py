r"""
The polymake engine: the classification fan computed by polymake.

polymake (https://polymake.org) runs as a subprocess on a generated script.
The script builds the simplices `\Delta_i = \mathrm{conv}\{e_k\otimes v_i\}`
from the exact rational coordinates (written as strings such as ``"1/3"``),
their Minkowski sum `P` with ``minkowski_sum_fukuda``, and the normal fan of
`P` with ``fan::normal_fan``.  It prints, in exact rational arithmetic, the
vertices and the vertex graph of `P`, and the rays, maximal cones, lineality
space and dual graph of the fan; this module reads them back into ``QQ``.

polymake's ``normal_fan`` is the *inner* normal fan: the cone of a vertex
`u` is spanned by the inner normals of the facets through `u` (plus the
lineality space), the parameters minimised at `u`.  The classification fan
is the outer normal fan, its negative, so the rays are negated on reading.

The answers are certified as in the Normaliz engine:

- the interior point of a maximal cone is the sum of its rays: modulo the
  lineality space the cone is pointed and full-dimensional, and the sum of
  its extreme rays lies in its interior; the activation pattern is the exact
  argmax at that point;
- the point of a wall (an edge of the dual graph) is the sum of the rays the
  two cones share, which lies in the relative interior of the common facet
  (it is the zero vector when that facet is the lineality space itself).

:class:`~tropnet.fan.ClassificationFan` checks every such point in exact
arithmetic (:mod:`tropnet.certificates`).  The dual graph of the fan is
compared with the vertex graph of `P` and the number of maximal cones with
the number of vertices; a mismatch raises ``ArithmeticError``.

EXAMPLES::

    sage: from tropnet import ClassificationFan
    sage: F = ClassificationFan([[0], [1], [2]], n=1, m=1, backend="polymake")
    sage: F.n_maximal_cones(), F.n_walls()            # long time (2 s)
    (6, 6)
    sage: R = ClassificationFan([[0], [1], [2]], n=1, m=1, backend="normaliz")
    sage: F == R                                      # long time
    True

Without polymake the engine says how to install it::

    sage: from tropnet.features import Polymake
    sage: from tropnet.backends import polymake
    sage: polymake.normal_fan([(1, 0)], 2, executable="polymake-not-installed")
    Traceback (most recent call last):
    ...
    FeatureNotPresentError: polymake is not available.
    Executable 'polymake-not-installed' not found on PATH.
    Install polymake, e.g. on Debian or Ubuntu with
    `apt-get update && apt-get install -y polymake`; see https://polymake.org
"""
import logging
import subprocess
import tempfile
import time
from pathlib import Path
from typing import NamedTuple, Tuple

from sage.rings.rational_field import QQ

from . import Cone, Wall, argmax_pattern, check_size

logger = logging.getLogger("tropnet.backends.polymake")


class NormalFan(NamedTuple):
    r"""
    What polymake computes for the activation polytope `P`, exactly.

    :func:`normal_fan` builds it from polymake's answer (through
    :func:`parse_output`) and checks that the maximal cones match the
    vertices and the dual graph matches the vertex graph.

    INPUT:

    - ``vertices`` -- the vertices of `P` (affine coordinates, over ``QQ``)
    - ``vertex_edges`` -- the edges ``(i, j)``, ``i < j``, of the vertex graph
    - ``rays`` -- the rays of the (outer) normal fan, over ``QQ``
    - ``lineality`` -- a basis of its lineality space, over ``QQ``
    - ``maximal_cones`` -- for each vertex ``i`` of `P`, the set of indices
      of the rays of its normal cone
    - ``dual_edges`` -- the edges ``(i, j)``, ``i < j``, of the dual graph
      of the fan (pairs of maximal cones sharing a facet)

    OUTPUT: a named tuple

    EXAMPLES:

    One data vector `v = (1, 0)` and two terms: `P` is the segment from
    `(1, 0, 0, 0)` to `(0, 0, 1, 0)`, whose outer normal fan consists of
    two half-spaces; the two normal cones share the facet spanned by the
    lineality space::

        sage: from tropnet.backends.polymake import NormalFan
        sage: N = NormalFan(vertices=((1, 0, 0, 0), (0, 0, 1, 0)),
        ....:               vertex_edges=((0, 1),),
        ....:               rays=((1, 0, -1, 0), (-1, 0, 1, 0)),
        ....:               lineality=((1, 0, 1, 0), (0, 1, 0, 0), (0, 0, 0, 1)),
        ....:               maximal_cones=(frozenset({0}), frozenset({1})),
        ....:               dual_edges=((0, 1),))
        sage: len(N.vertices) == len(N.maximal_cones), N.dual_edges == N.vertex_edges
        (True, True)
    """
    vertices: Tuple[tuple, ...]
    vertex_edges: Tuple[Tuple[int, int], ...]
    rays: Tuple[tuple, ...]
    lineality: Tuple[tuple, ...]
    maximal_cones: Tuple[frozenset, ...]
    dual_edges: Tuple[Tuple[int, int], ...]


def is_available():
    r"""
    Return whether the ``polymake`` program is installed and runs, as the
    feature :class:`~tropnet.features.Polymake` says.

    INPUT: none

    OUTPUT: boolean

    EXAMPLES::

        sage: from tropnet.backends import polymake
        sage: polymake.is_available()
        True
    """
    from ..features import Polymake
    return bool(Polymake().is_present())


def _polymake(executable):
    from ..features import Polymake
    feature = Polymake(executable=executable)
    feature.require()
    return feature.absolute_filename()


def _simplex_rows(v, n_terms):
    width = len(v)
    rows = []
    for k in range(n_terms):
        row = ["0"] * (width * n_terms)
        row[k * width:(k + 1) * width] = [str(QQ(x)) for x in v]
        rows.append(["1"] + row)
    return rows


def polymake_script(vectors, n_terms, fan=True):
    r"""
    Return the polymake script that computes the activation polytope of
    ``vectors`` with ``n_terms`` terms and, if ``fan``, its normal fan.

    INPUT:

    - ``vectors`` -- the homogenised data vectors, with rational entries
    - ``n_terms`` -- the number `K` of terms
    - ``fan`` -- boolean (default: ``True``); whether the script also
      computes the normal fan and its dual graph

    OUTPUT: a string, a polymake script.  Coordinates are written as exact
    strings; the script prints a sequence of lines ``tag entries...`` read
    by :func:`parse_output`, ending with the line ``end``.

    EXAMPLES::

        sage: from tropnet.backends.polymake import polymake_script
        sage: print(polymake_script([(1, 1/3)], 2, fan=False))
        use application "polytope";
        my @summands = (
          new Polytope<Rational>(POINTS=>new Matrix<Rational>(
            [["1","1","1/3","0","0"],
             ["1","0","0","1","1/3"]])),
        );
        my $P = @summands == 1 ? $summands[0] : minkowski_sum_fukuda(\@summands);
        ...
    """
    lines = ['use application "polytope";', "my @summands = ("]
    for v in vectors:
        rows = ["[" + ",".join(f'"{x}"' for x in row) + "]"
                for row in _simplex_rows(v, n_terms)]
        matrix = ",\n     ".join(rows)
        lines += ["  new Polytope<Rational>(POINTS=>new Matrix<Rational>(",
                  f"    [{matrix}])),"]
    lines += [
        ");",
        "my $P = @summands == 1 ? $summands[0] : minkowski_sum_fukuda(\\@summands);",
        "my $V = $P->VERTICES;",
        'for (my $i = 0; $i < $V->rows; ++$i) { print "vertex ", $V->row($i), "\\n"; }',
        "my $G = $P->GRAPH->ADJACENCY;",
        "for (my $i = 0; $i < $G->nodes; ++$i) {",
        '  print "vertex-adjacent ", join(" ", @{$G->adjacent_nodes($i)}), "\\n"; }',
    ]
    if fan:
        lines += [
            "my $F = fan::normal_fan($P);",
            "my $R = $F->RAYS;",
            "for (my $i = 0; $i < $R->rows; ++$i) {",
            '  print "ray ", $R->row($i), "\\n"; }',
            "my $L = $F->LINEALITY_SPACE;",
            "for (my $i = 0; $i < $L->rows; ++$i) {",
            '  print "lineality ", $L->row($i), "\\n"; }',
            "my $C = $F->MAXIMAL_CONES;",
            "for (my $i = 0; $i < $C->rows; ++$i) {",
            '  print "cone ", join(" ", @{$C->row($i)}), "\\n"; }',
            "my $D = $F->DUAL_GRAPH->ADJACENCY;",
            "for (my $i = 0; $i < $D->nodes; ++$i) {",
            '  print "cone-adjacent ", join(" ", @{$D->adjacent_nodes($i)}), "\\n"; }',
        ]
    lines.append('print "end\\n";')
    return "\n".join(lines) + "\n"


def run_script(script, executable="polymake", timeout=None):
    r"""
    Run a polymake script and return its standard output.

    INPUT:

    - ``script`` -- string; the script
    - ``executable`` -- string (default: ``"polymake"``); the program
    - ``timeout`` -- optional number of seconds

    OUTPUT: a string, what the script printed

    EXAMPLES::

        sage: from tropnet.backends.polymake import run_script
        sage: run_script('use application "polytope"; '     # long time (2 s)
        ....:            'print new Rational(1, 3) + new Rational(1, 6), "\\n";')
        '1/2\n'

    TESTS::

        sage: run_script('die "no";')                          # long time (2 s)
        Traceback (most recent call last):
        ...
        RuntimeError: polymake failed (exit code 1): ...script.pl", line 1: no

    Without polymake nothing is run::

        sage: run_script("", executable="polymake-not-installed")
        Traceback (most recent call last):
        ...
        FeatureNotPresentError: polymake is not available.
        Executable 'polymake-not-installed' not found on PATH.
        Install polymake, e.g. on Debian or Ubuntu with
        `apt-get update && apt-get install -y polymake`; see https://polymake.org
    """
    program = _polymake(executable)
    with tempfile.TemporaryDirectory(prefix="tropnet-polymake-") as directory:
        path = Path(directory) / "script.pl"
        path.write_text(script, encoding="utf-8")
        start = time.perf_counter()
        try:
            result = subprocess.run([program, "--script", str(path)],
                                    capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            raise RuntimeError(f"polymake did not finish within {timeout} s") from None
    logger.debug("polymake script: %.3f s", time.perf_counter() - start)
    if result.returncode != 0:
        detail = _failure(result.stderr)
        if result.returncode < 0 and "backend=" not in detail:
            # killed by a signal: polymake itself crashed on this input
            detail += ('; polymake crashed on these data (large or badly scaled '
                       'coordinates do this): use backend="native" or '
                       'backend="normaliz"')
        raise RuntimeError(f"polymake failed (exit code {result.returncode}): "
                           f"{detail}")
    return result.stdout


def _failure(stderr):
    r"""
    Return what polymake said about its failure, without the credits it
    prints for the packages it used, and with a hint when its
    floating-point LP solver gave up.

    EXAMPLES::

        sage: from tropnet.backends.polymake import _failure
        sage: _failure("polymake: used package cdd\n  cddlib\n  \n"
        ....:          "polymake:  ERROR: no")
        'polymake:  ERROR: no'
        sage: print(_failure("polymake: used package cdd\n  cddlib\n"
        ....:                "  max number 11000 of pivots performed"))
        max number 11000 of pivots performed; polymake's floating-point LP
        solver failed on these coordinates: use backend="native" or
        backend="normaliz"
    """
    errors = [line for line in stderr.splitlines() if "ERROR" in line]
    if errors:
        return " ".join(errors)
    lines, credits = [], False
    for line in stderr.splitlines():
        if line.startswith("polymake: used package"):
            credits = True
        elif credits and (not line.strip() or line.startswith("  ")) and \
                "pivots" not in line and "invalid pointer" not in line:
            continue
        else:
            credits = False
            if line.strip():
                lines.append(line.strip())
    detail = " ".join(lines)[-2000:]
    if "pivots" in detail or "floating-point" in detail:
        detail += ("; polymake's floating-point LP solver failed on these coordinates: "
                   'use backend="native" or backend="normaliz"')
    return detail


def _rationals(entries, line):
    if any(e.startswith("(") for e in entries):
        raise ValueError(f"polymake output: unexpected sparse row {line!r}")
    return tuple(QQ(e) for e in entries)


def parse_output(text):
    r"""
    Read the output of :func:`polymake_script` into a :class:`NormalFan`.

    INPUT:

    - ``text`` -- string; what the script printed

    OUTPUT: a :class:`NormalFan`, with the rays of polymake's inner normal
    fan negated, so that the cones are the outer normal cones; without the
    fan part of the script its rays, cones and dual edges are empty

    EXAMPLES::

        sage: from tropnet.backends.polymake import parse_output
        sage: out = '''vertex 1 1 0 0 0
        ....: vertex 1 0 0 1 0
        ....: vertex-adjacent 1
        ....: vertex-adjacent 0
        ....: ray 1 0 -1 0
        ....: ray -1/2 0 1/2 0
        ....: lineality 1 0 1 0
        ....: lineality 0 1 0 1
        ....: cone 1
        ....: cone 0
        ....: cone-adjacent 1
        ....: cone-adjacent 0
        ....: end'''
        sage: N = parse_output(out); N.vertices
        ((1, 0, 0, 0), (0, 0, 1, 0))
        sage: N.rays
        ((-1, 0, 1, 0), (1/2, 0, -1/2, 0))
        sage: N.maximal_cones, N.dual_edges
        ((frozenset({1}), frozenset({0})), ((0, 1),))

    TESTS::

        sage: parse_output("vertex 1 0\n")
        Traceback (most recent call last):
        ...
        ValueError: polymake output is incomplete (no end marker)
        sage: parse_output("vertex 2 0\nend\n")
        Traceback (most recent call last):
        ...
        ValueError: polymake output: vertex 'vertex 2 0' is not affine
        sage: parse_output("ray (2) (0 1)\nend\n")
        Traceback (most recent call last):
        ...
        ValueError: polymake output: unexpected sparse row 'ray (2) (0 1)'
    """
    vertices, rays, lineality, cones = [], [], [], []
    vertex_adjacency, cone_adjacency = [], []
    finished = False
    for line in text.splitlines():
        tag, _, rest = line.strip().partition(" ")
        entries = rest.split()
        if tag == "vertex":
            point = _rationals(entries, line)
            if point[0] != 1:
                raise ValueError(f"polymake output: vertex {line!r} is not affine")
            vertices.append(point[1:])
        elif tag == "vertex-adjacent":
            vertex_adjacency.append([int(e) for e in entries])
        elif tag == "ray":
            rays.append(tuple(-x for x in _rationals(entries, line)))
        elif tag == "lineality":
            lineality.append(_rationals(entries, line))
        elif tag == "cone":
            cones.append(frozenset(int(e) for e in entries))
        elif tag == "cone-adjacent":
            cone_adjacency.append([int(e) for e in entries])
        elif tag == "end":
            finished = True
    if not finished:
        raise ValueError("polymake output is incomplete (no end marker)")

    def edges(adjacency):
        return tuple(sorted((i, j) for i, row in enumerate(adjacency)
                            for j in row if i < j))
    return NormalFan(tuple(vertices), edges(vertex_adjacency), tuple(rays),
                     tuple(lineality), tuple(cones), edges(cone_adjacency))


def _check_vectors(vectors, n_terms):
    vectors = [tuple(QQ(x) for x in v) for v in vectors]
    if not vectors:
        raise ValueError("vectors: no data vectors given")
    if n_terms < 2:
        raise ValueError(f"n_terms: a classifier has at least 2 terms, got {n_terms}")
    return vectors


def normal_fan(vectors, n_terms, executable="polymake", timeout=None):
    r"""
    Return the activation polytope of ``vectors`` and its outer normal fan,
    computed by polymake.

    INPUT:

    - ``vectors`` -- the distinct homogenised data vectors `v_i = (1, p_i)`
    - ``n_terms`` -- the number `K` of terms
    - ``executable`` -- string (default: ``"polymake"``); the program
    - ``timeout`` -- optional number of seconds

    OUTPUT: a :class:`NormalFan`

    EXAMPLES:

    One point and two terms: `P` is a segment, the fan has two half-spaces
    meeting in the lineality space, which has dimension `2(d+1) - 1 = 3`::

        sage: from tropnet.backends.polymake import normal_fan
        sage: N = normal_fan([(1, 2)], 2)                      # long time (2 s)
        sage: len(N.vertices), len(N.maximal_cones), len(N.lineality)  # long time
        (2, 2, 3)
        sage: N.dual_edges == N.vertex_edges == ((0, 1),)       # long time
        True

    TESTS::

        sage: normal_fan([(1, 0)], 1)
        Traceback (most recent call last):
        ...
        ValueError: n_terms: a classifier has at least 2 terms, got 1
        sage: normal_fan([], 2)
        Traceback (most recent call last):
        ...
        ValueError: vectors: no data vectors given
    """
    vectors = _check_vectors(vectors, n_terms)
    output = run_script(polymake_script(vectors, n_terms), executable, timeout)
    result = parse_output(output)
    if len(result.maximal_cones) != len(result.vertices):
        raise ArithmeticError(f"polymake: {len(result.maximal_cones)} maximal cones "
                              f"for {len(result.vertices)} vertices")
    if result.dual_edges != result.vertex_edges:
        raise ArithmeticError("polymake: the dual graph of the normal fan differs "
                              "from the vertex graph of the activation polytope")
    return result


def activation_polytope(vectors, n_terms, executable="polymake"):
    r"""
    Return the activation polytope of ``vectors`` with ``n_terms`` terms, as
    computed by polymake's ``minkowski_sum_fukuda``.

    INPUT:

    - ``vectors`` -- the homogenised data vectors, with rational entries
    - ``n_terms`` -- the number `K` of terms
    - ``executable`` -- string (default: ``"polymake"``); the program

    OUTPUT: a Sage polyhedron over ``QQ`` given by its vertices

    EXAMPLES::

        sage: from tropnet.backends.polymake import activation_polytope
        sage: P = activation_polytope([(1, 0), (1, 1)], 2); P  # long time (2 s)
        A 2-dimensional polyhedron in QQ^4 defined as the convex hull of 4 vertices
    """
    from sage.geometry.polyhedron.constructor import Polyhedron
    vectors = _check_vectors(vectors, n_terms)
    output = run_script(polymake_script(vectors, n_terms, fan=False), executable)
    return Polyhedron(vertices=parse_output(output).vertices, base_ring=QQ)


def _sum(vectors, width):
    total = [QQ.zero()] * width
    for v in vectors:
        total = [a + b for a, b in zip(total, v)]
    return tuple(total)


def _argmax_pattern(theta, vectors, n_terms):
    pattern = argmax_pattern(theta, vectors, n_terms)
    if pattern is None:
        raise ArithmeticError("polymake backend: the sum of the rays of a normal "
                                  "cone lies on a wall; the fan is inconsistent")
    return pattern


def enumerate_fan(vectors, n_terms, *, progress=False, executable="polymake",
                  timeout=None):
    r"""
    Iterate over the maximal cones and the walls of the classification fan,
    computed by polymake.

    INPUT:

    - ``vectors`` -- the distinct homogenised data vectors
    - ``n_terms`` -- the number `K = n + m` of terms
    - ``progress`` -- boolean (default: ``False``); show a progress bar while
      reading polymake's answer (polymake itself runs silently)
    - ``executable`` -- string (default: ``"polymake"``); the program
    - ``timeout`` -- optional number of seconds for the polymake run

    OUTPUT: an iterator yielding first every :class:`~tropnet.backends.Cone`,
    then every :class:`~tropnet.backends.Wall`

    EXAMPLES::

        sage: from tropnet.backends.polymake import enumerate_fan
        sage: records = list(enumerate_fan([(1, 0), (1, 1)], 2))  # long time (2 s)
        sage: sorted(r.pattern for r in records                    # long time
        ....:        if type(r).__name__ == "Cone")
        [(0, 0), (0, 1), (1, 0), (1, 1)]
        sage: sorted((r.first, r.second) for r in records          # long time
        ....:        if type(r).__name__ == "Wall")
        [((0, 0), (0, 1)), ((0, 0), (1, 0)), ((0, 1), (1, 1)), ((1, 0), (1, 1))]

    TESTS::

        sage: next(enumerate_fan([(1, 0)], 2, executable="polymake-not-installed"))
        Traceback (most recent call last):
        ...
        FeatureNotPresentError: polymake is not available.
        Executable 'polymake-not-installed' not found on PATH.
        Install polymake, e.g. on Debian or Ubuntu with
        `apt-get update && apt-get install -y polymake`; see https://polymake.org
    """
    from ..features import progress_bar

    vectors = _check_vectors(vectors, n_terms)
    check_size(vectors, n_terms)
    fan = normal_fan(vectors, n_terms, executable=executable, timeout=timeout)
    width = len(vectors[0]) * n_terms
    cones = range(len(fan.maximal_cones))
    cones = progress_bar(cones, progress=progress, desc="normal cones")

    patterns = []
    for i in cones:
        point = _sum((fan.rays[r] for r in fan.maximal_cones[i]), width)
        pattern = _argmax_pattern(point, vectors, n_terms)
        patterns.append(pattern)
        yield Cone(pattern, point)

    for i, j in fan.dual_edges:
        shared = fan.maximal_cones[i] & fan.maximal_cones[j]
        point = _sum((fan.rays[r] for r in shared), width)
        first, second = sorted([patterns[i], patterns[j]])
        moved = [t for t, (a, b) in enumerate(zip(first, second)) if a != b]
        if len(moved) != 1:
            raise ArithmeticError("polymake backend: adjacent cones have patterns "
                                  f"{first} and {second}, which differ at more than "
                                  "one point")
        t = moved[0]
        yield Wall(first, second, point, t, (first[t], second[t]))
