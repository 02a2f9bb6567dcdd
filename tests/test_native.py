"""The native engine against the reference engine, and its certificates.

The reference is the normaliz engine (an exact Minkowski sum, no code shared
with the native engine); every certificate is checked by the independent
verifier :mod:`tropnet.certificates`.  Expected counts come from formulas
derived in the docstrings (Cover's count, intervals on a line), never from
the engine's own output.
"""
import itertools
import json
import os
import random
from math import comb, factorial

import pytest

from tropnet import ClassificationFan, Dataset
from tropnet.backends import Cone, Rejection, Wall, get_backend
from tropnet.backends import native
from tropnet.certificates import (check_infeasibility, check_interior_point,
                                  check_wall_point)
from sage.rings.rational_field import QQ

# ----------------------------------------------------------------------
# random configurations


def _configuration(seed):
    """Points, n, m for the differential test number ``seed``: d in 1..3, up
    to 6 points, n, m in 1..2; general, repeated, collinear, lower-dimensional
    or rational points.  Large fans (K = 4 with 5 or 6 points) are rare, since
    the reference engine needs seconds there."""
    rng = random.Random(seed)
    d = rng.choice([1, 2, 2, 3])
    n, m = rng.choice([(1, 1), (1, 2), (2, 1), (1, 2), (2, 1), (2, 2)])
    N = rng.choice([1, 2, 3, 3, 4, 4, 4, 5] if n + m <= 3 else [1, 2, 3, 3, 4])
    if seed % 40 == 7:
        N = rng.choice([5, 6])
        n, m = rng.choice([(1, 1), (1, 2), (2, 1)]) if N == 6 else (2, 2)
    elif seed % 40 == 27:
        N = 6
        n, m = rng.choice([(1, 1), (1, 2), (2, 1)])
    kind = rng.choice(["general", "general", "repeated", "collinear", "flat",
                       "rational"])

    def coordinate():
        return rng.randint(-6, 6)

    if kind == "collinear" and d >= 2:
        a = [coordinate() for _ in range(d)]
        b = [rng.randint(-3, 3) or 1 for _ in range(d)]
        pts = [[x + t * y for x, y in zip(a, b)] for t in rng.sample(range(-4, 5), N)]
    elif kind == "flat" and d >= 2:
        # in the affine hyperplane {x_d = c}: the points do not span R^d
        c = coordinate()
        pts = [[coordinate() for _ in range(d - 1)] + [c] for _ in range(N)]
    elif kind == "rational":
        pts = [[QQ((rng.randint(-20, 20), rng.randint(1, 7))) for _ in range(d)]
               for _ in range(N)]
    else:
        pts = [[coordinate() for _ in range(d)] for _ in range(N)]
    if kind == "repeated" and N >= 2:
        pts[rng.randrange(N)] = list(pts[rng.randrange(N)])
    return pts, n, m


def _distinct_vectors(pts):
    distinct, _ = Dataset(pts).distinct()
    return [(QQ.one(),) + tuple(p) for p in distinct]


def _to_distinct(pattern, index):
    """The pattern on the distinct points of a pattern on all points."""
    out = {}
    for c, s in zip(index, pattern):
        out.setdefault(c, s)
    return tuple(out[c] for c in range(len(out)))


def _keys(records):
    """Hashable keys of records (multipliers are dicts)."""
    out = set()
    for r in records:
        if isinstance(r, Rejection):
            out.add((r.kind, r.patterns, tuple(sorted(r.multipliers.items())),
                     r.equation))
        else:
            out.add(r)
    return out


def _check_native_records(vectors, K, records):
    """Check every record with the scalar verifier and return cones, walls
    and rejections; also check that every candidate of every cone is decided:
    a wall, an unrealizable neighbour, or a certified non-adjacent pair."""
    cones, walls, unrealizable, not_adjacent = {}, set(), set(), set()
    for r in records:
        if isinstance(r, Cone):
            assert check_interior_point(vectors, K, r.pattern, r.point)
            assert r.pattern not in cones
            cones[r.pattern] = r.point
        elif isinstance(r, Wall):
            assert r.first < r.second
            assert check_wall_point(vectors, K, r.first, r.second, r.point)
            assert (r.first, r.second) not in walls
            walls.add((r.first, r.second))
        else:
            assert isinstance(r, Rejection)
            assert check_infeasibility(vectors, K, r.multipliers, r.equation)
            # the multipliers use only inequalities of the rejected candidate's
            # own system: theta_{sigma(i)} beats theta_l at v_i
            sigma = r.patterns[0]
            assert r.multipliers
            assert all(k == sigma[i] and l != k for i, k, l in r.multipliers)
            if r.kind == "unrealizable":
                assert len(r.patterns) == 1 and r.equation is None
                unrealizable.add(r.patterns[0])
            else:
                assert r.kind == "not-adjacent" and r.equation is not None
                a, b = r.patterns
                # the equation is the wall between the two patterns, whose
                # strict inequality is dropped from the system
                i, k, l, _ = r.equation
                assert a[:i] + (l,) + a[i + 1:] == b and a[i] == k
                assert (i, k, l) not in r.multipliers
                not_adjacent.add(tuple(sorted((a, b))))
    for sigma in cones:
        for i in range(len(vectors)):
            for l in range(K):
                if l == sigma[i]:
                    continue
                other = sigma[:i] + (l,) + sigma[i + 1:]
                pair = tuple(sorted((sigma, other)))
                if other in cones:
                    assert (pair in walls) != (pair in not_adjacent)
                else:
                    assert other in unrealizable
    assert not unrealizable & set(cones)
    return set(cones), walls, not_adjacent


def _reference(vectors, K):
    records = list(get_backend("normaliz").enumerate_fan(vectors, K))
    cones = {r.pattern for r in records if isinstance(r, Cone)}
    walls = {tuple(sorted((r.first, r.second))) for r in records if isinstance(r, Wall)}
    return cones, walls


@pytest.mark.parametrize("seed", range(210))
def test_differential_against_normaliz(seed):
    """Cones, walls and lineality agree exactly with the reference engine;
    every certificate passes the independent verifier, every candidate is
    decided."""
    pts, n, m = _configuration(seed)
    K = n + m
    F = ClassificationFan(pts, n, m, backend="native")
    G = ClassificationFan(pts, n, m, backend="normaliz")
    assert set(F.maximal_cones()) == set(G.maximal_cones())
    assert {tuple(sorted(w)) for w in F.walls()} == \
        {tuple(sorted(w)) for w in G.walls()}
    assert F.lineality_space() == G.lineality_space()
    assert F.verify()

    # the engine itself, on the distinct points, another random start
    vectors = _distinct_vectors(pts)
    _, index = Dataset(pts).distinct()
    ref_cones = {_to_distinct(p, index) for p in G.maximal_cones()}
    ref_walls = {tuple(sorted((_to_distinct(a, index), _to_distinct(b, index))))
                 for a, b in G.walls()}
    records = list(native.enumerate_fan(vectors, K, seed=seed))
    cones, walls, not_adjacent = _check_native_records(vectors, K, records)
    assert cones == ref_cones
    assert walls == ref_walls
    # two realizable patterns differing at one point: adjacent or certified not
    pairs = {tuple(sorted((a, a[:i] + (l,) + a[i + 1:]))) for a in ref_cones
             for i in range(len(vectors)) for l in range(K)
             if l != a[i] and a[:i] + (l,) + a[i + 1:] in ref_cones}
    assert pairs == ref_walls | not_adjacent


# ----------------------------------------------------------------------
# realizable patterns differing at one point need not share a facet

NOT_ADJACENT_POINTS = [[24, 63], [43, 2], [88, 60], [52, 36], [81, 59], [8, 66],
                       [77, 54]]


def test_realizable_patterns_that_do_not_share_a_facet():
    """Seven points in the plane, n = m = 2 (found by a search over random
    configurations with the native engine, then rounded to small integers).

    The patterns a = (0, 1, 0, 2, 1, 2, 3) and b = (3, 1, 0, 2, 1, 2, 3)
    differ at point 0 only (term 0 -> term 3).  Exact PPL linear programs,
    independent of the engine, show that both are realizable and that the
    system "terms 0 and 3 tie at point 0, every other inequality of a
    strict" is infeasible: the cones meet in codimension >= 2.  The engine
    must report this pair (and its orbit under relabelling the 4 terms, 24
    ordered pairs) as "not-adjacent" with valid Motzkin multipliers, and no
    wall between them."""
    from conftest import pattern_rows, strict_system_margin, wall_row

    vectors = [(1, x, y) for x, y in NOT_ADJACENT_POINTS]
    a, b = (0, 1, 0, 2, 1, 2, 3), (3, 1, 0, 2, 1, 2, 3)
    assert strict_system_margin(pattern_rows(vectors, a, 4)) > 0
    assert strict_system_margin(pattern_rows(vectors, b, 4)) > 0
    rows = pattern_rows(vectors, a, 4, skip={(0, 3)})
    assert strict_system_margin(rows, [wall_row(vectors[0], 0, 3, 4)]) == 0

    records = list(native.enumerate_fan([tuple(QQ(x) for x in v) for v in vectors], 4))
    cones, walls, not_adjacent = _check_native_records(vectors, 4, records)
    assert a in cones and b in cones
    assert (a, b) in not_adjacent and (a, b) not in walls
    # the orbit of the pair under the 24 permutations of the terms
    assert len(not_adjacent) == 24
    relabel = {tuple(sorted((tuple(p[s] for s in a), tuple(p[s] for s in b))))
               for p in itertools.permutations(range(4))}
    assert not_adjacent == relabel


# ----------------------------------------------------------------------
# counts known by formula, beyond the reach of the reference engine


def test_cover_count_nine_points():
    """n = m = 1: the fan is the arrangement of the hyperplanes v_i^perp in
    the space of theta_0 - theta_1, doubled by the lineality; for N points in
    general position in the plane Cover's count is 2 (1 + (N-1) + C(N-1, 2)),
    74 for N = 9, and each hyperplane carries Cover's count of N - 1 points
    one dimension lower, 2 (1 + (N - 2)) = 16 walls, so 9 * 16 = 144."""
    pts = [[0, 0], [7, 1], [2, 9], [11, 4], [5, 13], [17, 6], [3, 21], [23, 2],
           [13, 19]]
    for a, b, c in itertools.combinations(pts, 3):
        assert (b[0] - a[0]) * (c[1] - a[1]) != (b[1] - a[1]) * (c[0] - a[0])
    F = ClassificationFan(pts, 1, 1, backend="native")
    assert F.n_maximal_cones() == 2 * (1 + 8 + comb(8, 2)) == 74
    assert F.n_walls() == 9 * 2 * (1 + 7) == 144


@pytest.mark.parametrize("N,K", [(8, 4), (7, 3)])
def test_points_on_a_line(N, K):
    """Distinct points on a line: every term wins on an interval, any order
    of the intervals is realizable, so the count is
    sum_r C(N-1, r-1) K!/(K-r)! (math.md); the same for collinear points in
    the plane."""
    expected = sum(comb(N - 1, r - 1) * factorial(K) // factorial(K - r)
                   for r in range(1, min(N, K) + 1))
    line = ClassificationFan([[x * x - 3] for x in range(N)], 1, K - 1,
                             backend="native")
    plane = ClassificationFan([[2 * x + 1, 3 - x] for x in range(N)], 2, K - 2,
                              backend="native") if K >= 3 else line
    assert line.n_maximal_cones() == expected
    assert plane.n_maximal_cones() == expected


def test_big_and_tiny_coordinates():
    """Coordinates of size 10^6 and of size 10^-9 give the same patterns as
    their small integer versions: an invertible affine map of the data turns
    affine functions into affine functions, so it keeps the realizable
    patterns; the points are certified."""
    small = [[0, 0], [3, 1], [1, 4], [4, 3], [2, 2]]
    big = [[10 ** 6 + 997 * x, 2 * 10 ** 6 - 1009 * y] for x, y in small]
    tiny = [[QQ((x, 10 ** 9)), QQ((y, 10 ** 9)) - 7] for x, y in small]
    cones = set(ClassificationFan(small, 2, 1, backend="native").maximal_cones())
    for pts in (big, tiny):
        F = ClassificationFan(pts, 2, 1, backend="native")
        assert F.verify()
        assert set(F.maximal_cones()) == cones


# ----------------------------------------------------------------------
# exactness does not depend on the floating-point LPs


def test_wrong_floating_point_answers_are_caught(monkeypatch):
    """Replace every HiGHS answer by garbage: every candidate must then be
    decided by the exact fallback, and the fan must not change."""
    import numpy as np
    from tropnet.backends import _native_lp

    pts = [[0, 0], [2, 1], [1, 3], [3, 3]]
    vectors = _distinct_vectors(pts)
    expected = _reference(vectors, 3)

    def garbage(self, patterns, equations):
        rng = np.random.default_rng(len(patterns))
        B, D, M = len(patterns), self.data.dim, self.data.n_rows
        return _native_lp.MarginSolutions(rng.uniform(-1, 1, B),
                                          rng.uniform(-1, 1, (B, D)),
                                          rng.uniform(0, 1, (B, M)))

    monkeypatch.setattr(_native_lp.MarginLPSolver, "solve", garbage)
    records = list(native.enumerate_fan(vectors, 3))
    cones, walls, _ = _check_native_records(vectors, 3, records)
    assert (cones, walls) == expected


# ----------------------------------------------------------------------
# checkpoints


def _summary(records):
    """Patterns of cones, pairs of walls, kinds and patterns of rejections
    (the points depend on the order of the enumeration)."""
    cones = {r.pattern for r in records if isinstance(r, Cone)}
    walls = {(r.first, r.second) for r in records if isinstance(r, Wall)}
    rejections = {(r.kind, r.patterns) for r in records if isinstance(r, Rejection)}
    return cones, walls, rejections


def test_checkpoint_resume_after_interruption(tmp_path):
    """Stop the generator midway (as Ctrl-C would), resume from the file:
    the records of the resumed run are exactly those of a full run, and
    every finished batch was in the file before its records were seen."""
    pts = [[0, 0], [3, 1], [1, 4], [4, 3], [2, 2]]
    vectors = _distinct_vectors(pts)
    full = list(native.enumerate_fan(vectors, 3))
    path = tmp_path / "fan.jsonl"

    it = native.enumerate_fan(vectors, 3, checkpoint=path, batch_size=2)
    seen = [next(it) for _ in range(150)]
    size = os.path.getsize(path)
    it.close()
    assert os.path.getsize(path) == size
    on_file = list(native.read_checkpoint(path))
    assert _keys(seen) <= _keys(on_file)
    assert len(on_file) < len(full)

    # a write interrupted by a crash leaves a partial last line: ignored
    with open(path, "ab") as f:
        f.write(b'{"reps": [[0, 1')
    resumed = list(native.enumerate_fan(vectors, 3, checkpoint=path, batch_size=2))
    assert _summary(resumed) == _summary(full)
    assert len(resumed) == len(full)
    # the file now holds the whole fan, and a further resume computes nothing
    assert _summary(list(native.read_checkpoint(path))) == _summary(full)
    last = open(path).read().splitlines()[-1]
    assert json.loads(last)["done"]["cones"] == len(_summary(full)[0])
    again = list(native.enumerate_fan(vectors, 3, checkpoint=path))
    assert _summary(again) == _summary(full)


def test_keyboard_interrupt_loses_nothing_written(tmp_path, monkeypatch):
    """An interrupt in the middle of the computation (the third batch):
    the batches written before it are complete on file and the resumed run
    reports the whole fan."""
    pts = [[0, 0], [3, 1], [1, 4], [4, 3], [2, 2]]
    vectors = _distinct_vectors(pts)
    full = list(native.enumerate_fan(vectors, 3))
    path = tmp_path / "fan.jsonl"
    process = native._Enumerator.process
    calls = []

    def interrupted(self, reps):
        calls.append(len(reps))
        if len(calls) == 3:
            raise KeyboardInterrupt
        return process(self, reps)

    monkeypatch.setattr(native._Enumerator, "process", interrupted)
    seen = []
    with pytest.raises(KeyboardInterrupt):
        for r in native.enumerate_fan(vectors, 3, checkpoint=path, batch_size=3):
            seen.append(r)
    on_file = list(native.read_checkpoint(path))
    assert _keys(seen) == _keys(on_file) and 0 < len(seen) < len(full)
    monkeypatch.setattr(native._Enumerator, "process", process)
    resumed = list(native.enumerate_fan(vectors, 3, checkpoint=path, batch_size=3))
    assert _keys(resumed) >= _keys(seen)
    assert _summary(resumed) == _summary(full)


def test_checkpoint_through_the_public_api(tmp_path):
    """ClassificationFan(..., checkpoint=PATH) and tropnet.stream resume."""
    from tropnet.stream import enumerate_fan
    pts = [[0, 0], [1, 0], [0, 1], [1, 1], [0, 0]]
    path = tmp_path / "fan.jsonl"
    F = ClassificationFan(pts, 2, 1, checkpoint=path)
    G = ClassificationFan(pts, 2, 1, checkpoint=path)
    H = ClassificationFan(pts, 2, 1, backend="normaliz")
    assert set(F.maximal_cones()) == set(G.maximal_cones()) == set(H.maximal_cones())
    assert sorted(F.walls()) == sorted(G.walls()) == sorted(H.walls())
    streamed = list(enumerate_fan(pts, 2, 1, checkpoint=path))
    assert {r.pattern for r in streamed if isinstance(r, Cone)} == \
        set(H.maximal_cones())


def test_checkpoint_of_other_data_is_refused(tmp_path):
    path = tmp_path / "fan.jsonl"
    list(native.enumerate_fan([(1, 0), (1, 1)], 2, checkpoint=path))
    with pytest.raises(ValueError, match="checkpoint: .* other data"):
        list(native.enumerate_fan([(1, 0), (1, 2)], 2, checkpoint=path))
    with pytest.raises(ValueError, match="checkpoint: .* other data"):
        list(native.enumerate_fan([(1, 0), (1, 1)], 3, checkpoint=path))
    bad = tmp_path / "bad.jsonl"
    bad.write_text("hello\n")
    with pytest.raises(ValueError, match="checkpoint: .* not"):
        list(native.enumerate_fan([(1, 0)], 2, checkpoint=bad))
    # resume=False starts afresh
    fresh = list(native.enumerate_fan([(1, 0)], 2, checkpoint=bad, resume=False))
    assert sum(isinstance(r, Cone) for r in fresh) == 2


# ----------------------------------------------------------------------
# guards and bad input


def test_max_cones_guard():
    """Four points on a line with K = 3 have 1*3 + 3*6 + 3*6 = 39 cones (the
    formula of test_points_on_a_line)."""
    with pytest.raises(MemoryError, match="max_cones"):
        list(native.enumerate_fan([(1, x) for x in range(4)], 3, max_cones=38))
    assert sum(isinstance(r, Cone) for r in
               native.enumerate_fan([(1, x) for x in range(4)], 3, max_cones=39)) == 39
    with pytest.raises(ValueError, match="max_cones"):
        native.enumerate_fan([(1, 0)], 2, max_cones=0)


@pytest.mark.parametrize("vectors,K,match", [
    ([], 2, "vectors: at least one"),
    ([(1, 0), (1, 0)], 2, "vectors: entries 0 and 1 are equal"),
    ([(2, 0)], 2, "vectors: entry 0 does not start with 1"),
    ([(1, 0), (1, 0, 0)], 2, "vectors: entry 1 has 3 coordinates"),
    ([(1, 0)], 0, "n_terms"),
])
def test_bad_input(vectors, K, match):
    with pytest.raises(ValueError, match=match):
        native.enumerate_fan(vectors, K)


def test_one_term_and_one_point():
    """K = 1: one cone, any point is interior; one point: K cones, pairwise
    adjacent (the wall where two terms tie above the others)."""
    assert [type(r).__name__ for r in native.enumerate_fan([(1, 3)], 1)] == ["Cone"]
    records = list(native.enumerate_fan([(1, 3)], 4))
    cones, walls, _ = _check_native_records([(1, 3)], 4, records)
    assert len(cones) == 4 and len(walls) == comb(4, 2)


def test_stream_api():
    """tropnet.stream yields verified records with full patterns."""
    from tropnet.stream import enumerate_fan
    pts = [[0, 0], [2, 0], [0, 0], [1, 3]]
    F = ClassificationFan(pts, 1, 2, backend="normaliz")
    records = list(enumerate_fan(pts, 1, 2))
    assert {r.pattern for r in records if isinstance(r, Cone)} == set(F.maximal_cones())
    assert {(r.first, r.second) for r in records if isinstance(r, Wall)} == \
        {tuple(sorted(w)) for w in F.walls()}
    # repeated points move together: check walls on the distinct points
    vectors = [(1,) + tuple(p) for p in ((0, 0), (2, 0), (0, 0), (1, 3))]
    distinct = _distinct_vectors(pts)
    _, index = Dataset(pts).distinct()
    for r in records:
        if isinstance(r, Rejection):
            assert check_infeasibility(vectors, 3, r.multipliers, r.equation)
        elif isinstance(r, Wall):
            assert r.first[0] != r.second[0] or r.index != 2
            assert check_wall_point(distinct, 3, _to_distinct(r.first, index),
                                    _to_distinct(r.second, index), r.point)


def test_forged_rejections_are_refused():
    """A rejection is valid only for the candidate whose system it refutes.

    With v_0 = (1, 0), v_1 = (1, 1/2), v_2 = (1, 1) and K = 2, the multipliers
    y = {(0, 0, 1): 1, (1, 1, 0): 2, (2, 0, 1): 1} give
    (e_0 - e_1) (x) (v_0 - 2 v_1 + v_2) = 0, which proves the pattern
    (0, 1, 0) unrealizable (by hand: the middle point cannot switch sides
    alone).  The same multipliers attached to the realizable pattern (0, 0, 1),
    an empty certificate, or a not-adjacent rejection without its wall must
    all be refused, by the batch verifier of the stream and by the scalar
    one."""
    from tropnet.certificates import check_rejection
    from tropnet.stream import verified_records

    V = [(1, 0), (1, QQ((1, 2))), (1, 1)]
    y = {(0, 0, 1): 1, (1, 1, 0): 2, (2, 0, 1): 1}
    good = Rejection("unrealizable", ((0, 1, 0),), y, None)
    assert list(verified_records(V, 2, [good])) == [good]
    assert check_rejection(V, 2, good.kind, good.patterns, y)
    forged = [Rejection("unrealizable", ((0, 0, 1),), y, None),
              Rejection("unrealizable", ((0, 1, 0),), {}, None),
              Rejection("unrealizable", ((0, 1, 0),), y, (1, 1, 0, 1)),
              Rejection("not-adjacent", ((0, 1, 0), (0, 0, 0)), y, None),
              Rejection("not-adjacent", ((0, 1, 0), (1, 1, 1)), y, (0, 0, 1, 1)),
              Rejection("unknown", ((0, 1, 0),), y, None)]
    for r in forged:
        assert not check_rejection(V, 2, r.kind, r.patterns, r.multipliers, r.equation)
        with pytest.raises(ArithmeticError, match="certificate"):
            list(verified_records(V, 2, [good, r]))
