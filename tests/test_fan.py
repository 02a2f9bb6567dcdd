"""The classification fan through the reference (normaliz) engine.

Every expected value is derived independently of tropnet's code: by Cover's
formula, by a hand argument written in the test's docstring, or by the brute
force of ``conftest.brute_force_fan`` (exact PPL linear programs over all
patterns).
"""
import itertools
from math import comb, factorial

import pytest

from tropnet import ClassificationFan
from tropnet.certificates import check_interior_point, check_wall_point
from sage.rings.rational_field import QQ

from conftest import brute_force_fan, general_position_points

BACKEND = "normaliz"


def cover(N, d):
    """Cover's count of linear dichotomies of N points in general position."""
    return 2 * sum(comb(N - 1, j) for j in range(d + 1))


@pytest.mark.parametrize("N,d", [(2, 1), (4, 1), (6, 1), (3, 2), (5, 2), (7, 2),
                                 (9, 2), (4, 3), (6, 3)])
def test_linear_classifier_matches_cover(N, d, rng):
    pts = general_position_points(N, d, rng)
    F = ClassificationFan(pts, 1, 1, backend=BACKEND)
    assert F.n_maximal_cones() == cover(N, d)
    # the fan is the central arrangement of the N hyperplanes v_i^perp in the
    # space of theta_1 - theta_2; its walls on v_i^perp are the regions of the
    # restricted arrangement of the other N - 1 hyperplanes, again in general
    # position, one dimension lower: Cover's count cover(N - 1, d - 1) each
    assert F.n_walls() == N * cover(N - 1, d - 1)


@pytest.mark.parametrize("n,m", [(1, 1), (1, 2), (2, 2), (3, 1)])
def test_one_point_has_n_plus_m_cones(n, m):
    """One point: exactly one term wins, and each of the n + m terms can win
    (make its constant coefficient the largest); any two cones share a facet
    (the wall where the two terms tie above all others)."""
    F = ClassificationFan([[2, -1]], n, m, backend=BACKEND)
    K = n + m
    assert F.n_maximal_cones() == K
    assert F.n_walls() == comb(K, 2)


def test_two_and_three_points_on_a_line():
    """Points on a line, n + m = 3.

    Two points: each of the 9 patterns (a, b) is realizable -- if a = b give
    term a a large constant; if a != b, term a with a steep slope wins at the
    left point and term b wins at the right point.  So 9 cones.

    Three points x1 < x2 < x3: the upper envelope of affine functions on a line
    is convex, so every term wins on an interval, and a pattern (a, b, a) with
    a != b is impossible; every other pattern is realizable (order the terms by
    slope).  Of the 27 patterns, the 3 * 2 = 6 of the form (a, b, a) are
    excluded: 21 cones.
    """
    assert ClassificationFan([[0], [1]], 1, 2, backend=BACKEND).n_maximal_cones() == 9
    F = ClassificationFan([[0], [1], [3]], 2, 1, backend=BACKEND)
    assert F.n_maximal_cones() == 21
    expected = {p for p in itertools.product(range(3), repeat=3)
                if not (p[0] == p[2] != p[1])}
    assert set(F.maximal_cones()) == expected


def collinear_count(N, K):
    """math.md: for distinct collinear points the count is
    sum_r C(N-1, r-1) K!/(K-r)! (blocks are intervals, any order of blocks)."""
    return sum(comb(N - 1, r - 1) * factorial(K) // factorial(K - r)
               for r in range(1, min(N, K) + 1))


@pytest.mark.parametrize("pts,K", [
    ([[0, 0], [1, 1], [3, 3]], 3),
    ([[0, 0], [1, 2], [2, 4], [5, 10]], 2),
    ([[1, 0, 0], [2, 1, 1], [4, 3, 3]], 3),
    ([[0], [1], [2], [5]], 3),
])
def test_collinear_points(pts, K):
    F = ClassificationFan(pts, 1, K - 1, backend=BACKEND)
    assert F.n_maximal_cones() == collinear_count(len(pts), K)
    d = len(pts[0])
    # affine hull of dimension 1: lineality (d+1) + (K-1)(d-1)
    assert F.lineality_space().dimension() == (d + 1) + (K - 1) * (d - 1)


@pytest.mark.parametrize("pts,K", [
    ([[0, 0], [1, 0], [0, 1]], 3),
    ([[0, 0], [2, 1], [1, 3], [3, 3]], 2),
    ([[0, 0], [2, 1], [1, 3], [3, 3]], 3),
    ([[0], [1], [3]], 3),
    ([[0, 0, 0], [1, 0, 0], [0, 1, 0], [0, 0, 1]], 2),
])
def test_against_brute_force(pts, K):
    """Cones and walls equal those found by exact LPs over all patterns."""
    F = ClassificationFan(pts, 1, K - 1, backend=BACKEND)
    cones, walls = brute_force_fan(pts, K)
    assert set(F.maximal_cones()) == cones
    assert {tuple(sorted(w)) for w in F.walls()} == walls
    # the count formula sum_r P_r K!/(K-r)! with P_r the realizable unordered
    # partitions into r blocks, read off the brute force
    partitions = {}
    for c in cones:
        blocks = frozenset(frozenset(i for i, s in enumerate(c) if s == k)
                           for k in set(c))
        partitions.setdefault(len(blocks), set()).add(blocks)
    assert F.n_maximal_cones() == sum(len(P) * factorial(K) // factorial(K - r)
                                      for r, P in partitions.items())


def test_structure_of_cones_and_walls(rng):
    pts = general_position_points(4, 2, rng)
    F = ClassificationFan(pts, 2, 1, backend=BACKEND)
    K, V = F.n_terms(), F._vectors
    assert F.lineality_space().dimension() == 3
    for sigma in F.maximal_cones():
        theta = F.interior_point(sigma)
        assert all(x in QQ for x in theta)
        assert check_interior_point(V, K, sigma, theta)
        assert F.pattern_at(theta) == sigma
        assert F.sign_vector(sigma) == tuple(1 if s < 2 else -1 for s in sigma)
    for sigma in list(F.maximal_cones())[:5]:
        C = F.cone(sigma)
        assert C.dim() == F.dim() == K * 3
        assert C.interior_contains(F.interior_point(sigma))
        assert C.lines_list() != [] or F.lineality_space().dimension() == 0
    seen = set()
    for a, b in F.walls():
        assert sum(x != y for x, y in zip(a, b)) == 1
        assert (a, b) not in seen and (b, a) not in seen
        seen.add((a, b))
        assert F.wall_point(a, b) == F.wall_point(b, a)
        assert check_wall_point(V, K, a, b, F.wall_point(a, b))
    G = F.adjacency_graph()
    assert G.is_connected() and G.order() == F.n_maximal_cones()
    assert G.size() == F.n_walls()


def test_repeated_points_move_together():
    """Repeated points always have the same winning term; the fan is that of
    the distinct points, patterns repeated."""
    F = ClassificationFan([[0, 0], [1, 0], [0, 0], [0, 1]], 1, 2, backend=BACKEND)
    G = ClassificationFan([[0, 0], [1, 0], [0, 1]], 1, 2, backend=BACKEND)
    expand = {(a, b, c): (a, b, a, c) for (a, b, c) in G.maximal_cones()}
    assert set(F.maximal_cones()) == set(expand.values())
    assert {(expand[a], expand[b]) for a, b in G.walls()} == set(F.walls())
    for a, b in F.walls():
        moved = [i for i in range(4) if a[i] != b[i]]
        assert moved in ([1], [3]) or moved == [0, 2]
    assert F.verify()


def test_lower_dimensional_data():
    """Points in a plane of R^3 (affine dimension 2): the fan is the fan of the
    planar configuration, and the lineality space grows by (K-1)(d-a) = 2."""
    F = ClassificationFan([[0, 0, 1], [1, 0, 1], [0, 1, 1], [1, 1, 1]], 1, 2,
                          backend=BACKEND)
    G = ClassificationFan([[0, 0], [1, 0], [0, 1], [1, 1]], 1, 2, backend=BACKEND)
    assert set(F.maximal_cones()) == set(G.maximal_cones())
    assert F.lineality_space().dimension() == 4 + 2 * 1
    assert F.n_walls() == G.n_walls()


def test_single_repeated_point_and_d1():
    F = ClassificationFan([[7], [7], [7]], 1, 1, backend=BACKEND)
    assert list(F.maximal_cones()) == [(0, 0, 0), (1, 1, 1)]
    assert F.n_walls() == 1
    assert F.lineality_space().dimension() == 2 + 1


def test_activation_polytope_vertices_are_cones():
    F = ClassificationFan([[0, 0], [1, 0], [0, 1]], 1, 2, backend=BACKEND)
    P = F.activation_polytope()
    assert P.n_vertices() == F.n_maximal_cones()
    assert P.dim() == F.dim() - F.lineality_space().dimension()
    # the vertex of sigma is sum_i e_{sigma(i)} (x) v_i
    width = 3
    vertices = {tuple(v) for v in P.vertices_list()}
    for sigma in F.maximal_cones():
        u = [0] * F.dim()
        for s, v in zip(sigma, F._vectors):
            for j in range(width):
                u[s * width + j] += v[j]
        assert tuple(u) in vertices


def test_evaluate_and_classify():
    F = ClassificationFan([[0, 0], [1, 1]], 2, 1)
    theta = [[0, 1, 0], [1, 0, 0], [0, 0, 1]]  # max(x, 1) - y
    assert F.evaluate(theta, [3, 2]) == 1
    assert F.evaluate(theta, ["1/2", 1]) == 0
    assert F.classify(theta) == (1, 0)
    assert F.classify(theta, [[0, 5]]) == (-1,)


@pytest.mark.parametrize("args,kwargs,error,match", [
    (([[0, 1], [1]], 1, 1), {}, ValueError, "point 1 has 1 coordinates"),
    (([[0, float("inf")]], 1, 1), {}, ValueError, r"entry \[0\]\[1\] is not finite"),
    (([[0, "nan"]], 1, 1), {}, ValueError, "not finite"),
    (([["a"]], 1, 1), {}, ValueError, "not a number"),
    (([], 1, 1), {}, ValueError, "empty data"),
    (([[0]], 0, 1), {}, ValueError, "^n: "),
    (([[0]], 1, -2), {}, ValueError, "^m: "),
    (([[0]], 1, 1), {"backend": "nope"}, ValueError, "backend"),
    ((None, 1, 1), {}, TypeError, "points"),
])
def test_bad_input(args, kwargs, error, match):
    with pytest.raises(error, match=match):
        ClassificationFan(*args, **kwargs)


def test_bad_patterns_and_theta():
    F = ClassificationFan([[0], [1], [2]], 1, 1, backend=BACKEND)
    with pytest.raises(ValueError, match="not a realizable"):
        F.interior_point((0, 1, 0))
    with pytest.raises(ValueError, match="one entry per point"):
        F.cone((0, 1))
    with pytest.raises(ValueError, match="entry 2 is 5"):
        F.sign_vector((0, 1, 5))
    with pytest.raises(ValueError, match="theta: expected 4"):
        F.evaluate([1, 2, 3], [0])
    with pytest.raises(ValueError, match="x: expected 1"):
        F.evaluate([1, 2, 3, 4], [0, 1])


def test_labels_validation():
    from tropnet import Dataset
    with pytest.raises(ValueError, match="3 labels given for 2 points"):
        Dataset([[0], [1]], labels=[1, -1, 1])
    with pytest.raises(ValueError, match="entry 0 is 2"):
        Dataset([[0], [1]], labels=[2, -1])
    assert Dataset([[0], [1]], labels=[True, False]).labels == (1, -1)


def test_exact_input_types():
    from decimal import Decimal
    from fractions import Fraction
    F = ClassificationFan([[Fraction(1, 3)], [Decimal("0.1")], ["0.2"], [0.5]], 1, 1)
    assert F.points() == ((QQ((1, 3)),), (QQ((1, 10)),), (QQ((1, 5)),), (QQ((1, 2)),))
    # four distinct points on a line: Cover's count 2 * (1 + 3) = 8
    assert F.n_maximal_cones() == 8


def test_size_guard():
    """A fan larger than ``max_cones`` is refused before memory runs out:
    four points on a line with three terms have collinear_count(4, 3) = 39
    cones, so the refusal comes when the fan is made, before any work."""
    with pytest.raises(MemoryError, match="max_cones"):
        ClassificationFan([[0], [1], [2], [3]], 1, 2, backend=BACKEND, max_cones=5)
    # points in general position have more cones than collinear ones: the
    # square with three terms passes the up-front bound (at least
    # collinear_count(4, 3) = 39) but has more than 50 cones, and the engine
    # refuses while it computes
    F = ClassificationFan([[0, 0], [1, 0], [0, 1], [1, 1]], 1, 2, backend=BACKEND,
                          max_cones=50)
    with pytest.raises(MemoryError, match="max_cones"):
        F.n_maximal_cones()


@pytest.mark.parametrize("backend", ["native", "normaliz", "polymake"])
def test_huge_sizes_are_refused_at_once(backend):
    """Sizes that would exhaust memory are refused when the fan is made, by
    every engine, naming n and m: three points with a million terms, and one
    point with more terms than the engines' arrays allow."""
    import time
    start = time.perf_counter()
    with pytest.raises(MemoryError, match=r"^n, m: 3 distinct points and 1001 terms"):
        ClassificationFan([[0], [1], [2]], 1000, 1, backend=backend)
    with pytest.raises(MemoryError, match=r"^n, m: 1000001 terms"):
        ClassificationFan([[0]], 10 ** 6, 1, backend=backend, **(
            {"max_cones": None} if backend != "polymake" else {}))
    from tropnet.stream import enumerate_fan
    with pytest.raises(MemoryError, match=r"^n, m: "):
        enumerate_fan([[0], [1], [2]], 1000, 1, backend=backend)
    assert time.perf_counter() - start < 30


@pytest.mark.parametrize("N,K", [(1, 4), (2, 2), (3, 3), (4, 3), (5, 2), (6, 4)])
def test_cone_count_lower_bound(N, K):
    """The up-front bound equals the count of collinear points and never
    exceeds the count of points in general position in the plane (checked
    with the normaliz route)."""
    from tropnet.backends import cone_count_lower_bound
    assert cone_count_lower_bound(N, K) == collinear_count(N, K)
    pts = [[i, i * i] for i in range(N)]            # on a parabola: general position
    if N * K <= 12:
        F = ClassificationFan(pts, 1, K - 1, backend=BACKEND)
        assert cone_count_lower_bound(N, K) <= F.n_maximal_cones()


@pytest.mark.parametrize("backend", ["native", "normaliz", "polymake"])
def test_coordinates_beyond_the_engines_range(backend):
    """Exact coordinates that no engine can handle (10^400: beyond doubles,
    where Normaliz would abort the process) give a clear error naming the
    points; coordinates of 10^250 still give the collinear count 6."""
    with pytest.raises(ValueError, match=r"^points: a coordinate has 1329 bits"):
        ClassificationFan([[10 ** 400], [1], [2]], 1, 1, backend=backend)
    with pytest.raises(ValueError, match=r"^points: a coordinate has"):
        ClassificationFan([[QQ((1, 3 ** 700))], [1], [2]], 1, 1, backend=backend)
    F = ClassificationFan([[10 ** 250], [1], [2]], 1, 1, backend=backend)
    assert F.n_maximal_cones() == collinear_count(3, 2) == 6
