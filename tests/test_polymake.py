"""The polymake engine, against the reference (normaliz) engine and against
counts derived independently.

polymake is required: CI installs it (``apt-get install -y polymake``).  If it
is missing these tests fail with a message saying so; they are never skipped.

Every polymake run starts a new process (about 1.5 s), so the cases are few
and small; each is compared cone by cone and wall by wall with the normaliz
engine, and its count with a formula or the brute force of
``conftest.brute_force_fan``.
"""
from math import comb, factorial

import pytest

from sage.features import FeatureNotPresentError
from sage.matrix.constructor import matrix
from sage.rings.rational_field import QQ

from tropnet import ClassificationFan
from tropnet.backends import Cone, Wall, polymake
from tropnet.certificates import check_interior_point, check_wall_point
from tropnet.features import Polymake

from conftest import brute_force_fan, general_position_points


@pytest.fixture(scope="module", autouse=True)
def require_polymake():
    presence = Polymake().is_present()
    assert presence, ("the polymake program is required by these tests and was not "
                      f"found ({presence.reason}); install it with "
                      "`apt-get update && apt-get install -y polymake`")


def collinear_count(N, K):
    """Distinct collinear points: every block of a realizable partition is an
    interval and every order of the blocks is realizable (math.md, Part I), so
    the count is sum_r C(N-1, r-1) K!/(K-r)!."""
    return sum(comb(N - 1, r - 1) * factorial(K) // factorial(K - r)
               for r in range(1, min(N, K) + 1))


def cover(N, d):
    return 2 * sum(comb(N - 1, j) for j in range(d + 1))


def assert_same_fan(points, n, m, lineality=False):
    """The two engines give the same cones and walls, each certificate checks
    out, and (if ``lineality``) the lineality space read from polymake is the
    fan's."""
    P = ClassificationFan(points, n, m, backend="polymake")
    R = ClassificationFan(points, n, m, backend="normaliz")
    assert set(P.maximal_cones()) == set(R.maximal_cones())
    assert sorted(P.walls()) == sorted(R.walls())
    assert P == R
    K = n + m
    for sigma, point in P._cones.items():
        assert check_interior_point(P._vectors, K, sigma, point)
    for w in P._walls:
        assert check_wall_point(P._vectors, K, w.first, w.second, w.point)
    if not lineality:
        return P
    N = polymake.normal_fan(P._vectors, K)
    L = P.lineality_space()
    assert len(N.lineality) == L.dimension()
    assert matrix(QQ, N.lineality).row_space() == L
    return P


def test_three_collinear_points_linear():
    """Three points on a line, K = 2: 2 + 2*2 = 6 cones (formula); the fan is
    the arrangement of 3 lines through the origin of the plane (theta_1 -
    theta_2 modulo lineality): 6 sectors, 6 walls."""
    P = assert_same_fan([[0], [1], [2]], 1, 1)
    assert P.n_maximal_cones() == collinear_count(3, 2) == 6
    assert P.n_walls() == 6


def test_repeated_collinear_points_in_the_plane():
    """Four points of R^2 on the line y = x, one repeated: 3 distinct collinear
    points and K = 3 give 3 + 2*6 + 6 = 21 cones; the points span a line, so
    the lineality space has dimension (d+1) + (K-1)(d-a) = 3 + 2 = 5."""
    P = assert_same_fan([[0, 0], [1, 1], [2, 2], [1, 1]], 1, 2, lineality=True)
    assert P.n_maximal_cones() == collinear_count(3, 3) == 21
    assert P.lineality_space().dimension() == 5
    assert all(s[1] == s[3] for s in P.maximal_cones())


def test_one_point_three_terms():
    """One point: each of the K = 3 terms can win, and any two tie on a facet:
    3 cones, 3 walls."""
    P = assert_same_fan([["1/2", 3]], 2, 1)
    assert (P.n_maximal_cones(), P.n_walls()) == (3, 3)


def test_rational_points_with_large_denominators():
    """Three affinely independent points with large denominators, linear
    classifier: Cover's count 2(1 + 2 + 1) = 8."""
    pts = [["1/3", "2/7"], ["5/11", "-1"], ["0", "13/170000000000000000001"]]
    P = assert_same_fan(pts, 1, 1)
    assert P.n_maximal_cones() == cover(3, 2) == 8


def test_general_position_against_brute_force(rng):
    """Four points in general position in the plane, (n, m) = (2, 1): cones
    and walls equal those of the brute force over all 3^4 patterns."""
    pts = general_position_points(4, 2, rng)
    P = assert_same_fan(pts, 2, 1, lineality=True)
    cones, walls = brute_force_fan(pts, 3)
    assert set(P.maximal_cones()) == cones
    assert set(P.walls()) == walls


def test_activation_polytope_vertices():
    """The vertices of polymake's Minkowski sum are those of the reference
    polytope: for two points of R^1 and K = 2 the sum of two segments in a
    2-plane is a parallelogram with 4 vertices."""
    vectors = [(QQ(1), QQ(0)), (QQ(1), QQ(1))]
    P = polymake.activation_polytope(vectors, 2)
    from tropnet.backends import normaliz
    Q = normaliz.activation_polytope(vectors, 2)
    assert P.n_vertices() == 4
    assert set(map(tuple, P.vertices_list())) == set(map(tuple, Q.vertices_list()))


def test_progress_bar_changes_nothing():
    """With ``progress=True`` (a tqdm bar, probed by the feature ``tqdm``) the
    engine reports the records of the reference engine."""
    from tropnet.backends import normaliz
    vectors = [(QQ(1), QQ(0)), (QQ(1), QQ(1)), (QQ(1), QQ(3))]
    records = list(polymake.enumerate_fan(vectors, 2, progress=True))
    reference = list(normaliz.enumerate_fan(vectors, 2))

    def summary(rs):
        return (sorted(r.pattern for r in rs if isinstance(r, Cone)),
                sorted(tuple(sorted((r.first, r.second))) for r in rs
                       if isinstance(r, Wall)))
    assert summary(records) == summary(reference)
    assert len(summary(records)[0]) == 6


def test_missing_polymake_says_how_to_install():
    with pytest.raises(FeatureNotPresentError) as error:
        polymake.normal_fan([(1, 0)], 2, executable="polymake-not-installed-here")
    assert "apt-get install -y polymake" in str(error.value)
    F = ClassificationFan([[0]], 1, 1, backend="polymake",
                          executable="polymake-not-installed-here")
    with pytest.raises(FeatureNotPresentError, match="polymake is not available"):
        F.n_maximal_cones()


def test_bad_input_to_the_engine():
    with pytest.raises(ValueError, match="n_terms"):
        polymake.normal_fan([(1, 0)], 1)
    with pytest.raises(ValueError, match="no data vectors"):
        polymake.normal_fan([], 2)
