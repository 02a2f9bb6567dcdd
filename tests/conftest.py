"""Shared helpers for the tests: independent exact routes to fan data."""
import itertools
import random

import pytest

import tropnet  # noqa: F401  (initialises Sage)
from sage.numerical.mip import MixedIntegerLinearProgram
from sage.rings.rational_field import QQ


def strict_system_margin(rows, equations=(), dim=None):
    """Maximise ``s`` subject to ``row . x >= s`` for ``rows``, ``eq . x = 0``
    for ``equations``, ``-1 <= x <= 1`` and ``s <= 1``, with PPL's exact rational
    simplex.  The strict system ``row . x > 0`` (with the equations) is feasible
    exactly when the optimum is positive.  Independent of tropnet's engines."""
    dim = dim if dim is not None else len(rows[0])
    lp = MixedIntegerLinearProgram(solver="ppl", maximization=True)
    x = lp.new_variable(real=True)
    s = lp.new_variable(real=True)
    for j in range(dim):
        lp.set_min(x[j], -1)
        lp.set_max(x[j], 1)
    lp.set_max(s[0], 1)
    lp.set_min(s[0], -1)
    for row in rows:
        lp.add_constraint(sum(QQ(c) * x[j] for j, c in enumerate(row) if c) - s[0] >= 0)
    for row in equations:
        lp.add_constraint(sum(QQ(c) * x[j] for j, c in enumerate(row) if c) == 0)
    lp.set_objective(s[0])
    return QQ(lp.solve())


def wall_row(v, k, l, n_terms):
    """The linear form theta -> <theta_k - theta_l, v>."""
    width = len(v)
    row = [QQ(0)] * (width * n_terms)
    for j in range(width):
        row[k * width + j] += QQ(v[j])
        row[l * width + j] -= QQ(v[j])
    return row


def pattern_rows(vectors, pattern, n_terms, skip=()):
    return [wall_row(v, s, k, n_terms) for i, (v, s) in enumerate(zip(vectors, pattern))
            for k in range(n_terms) if k != s and (i, k) not in skip]


def brute_force_fan(points, n_terms):
    """All realizable patterns and all walls of the fan of ``points`` (distinct),
    by exact LPs over every pattern in ``range(n_terms)^N`` and every pair of
    realizable patterns that differ at one point."""
    vectors = [(1,) + tuple(p) for p in points]
    cones = set()
    for pattern in itertools.product(range(n_terms), repeat=len(vectors)):
        if strict_system_margin(pattern_rows(vectors, pattern, n_terms)) > 0:
            cones.add(pattern)
    walls = set()
    for a in cones:
        for i in range(len(vectors)):
            for k in range(n_terms):
                b = a[:i] + (k,) + a[i + 1:]
                if k == a[i] or b not in cones or b < a:
                    continue
                rows = pattern_rows(vectors, a, n_terms, skip={(i, k)})
                eq = [wall_row(vectors[i], a[i], k, n_terms)]
                if strict_system_margin(rows, eq) > 0:
                    walls.add((a, b))
    return cones, walls


def general_position_points(N, d, rng, size=20):
    """Random integer points, every d+1 of them affinely independent."""
    from sage.matrix.constructor import matrix
    while True:
        pts = [tuple(rng.randint(-size, size) for _ in range(d)) for _ in range(N)]
        if all(matrix(QQ, [(1,) + pts[i] for i in c]).rank() == d + 1
               for c in itertools.combinations(range(N), min(N, d + 1))):
            return pts


@pytest.fixture
def rng():
    return random.Random(20261203)
