r"""
Tests of the 0/1-loss landscape, the ReLU bridge, the decision boundary and
the Iris sample.

Expected values are derived by hand in the docstrings, or computed by brute
force written here (plain breadth-first search over the adjacency graph,
exact Sage polyhedra built from the data), never copied from the code's own
output.
"""
import itertools
import random
from collections import deque
from fractions import Fraction

import pytest

from sage.geometry.polyhedron.constructor import Polyhedron
from sage.rings.rational_field import QQ

from tropnet import ClassificationFan, Dataset
from tropnet.datasets import iris_sample
from tropnet.landscape import (Landscape, check_local_minima_are_global,
                               decision_boundary, decision_regions)
from tropnet.relu import OneHiddenLayerReLU, evaluate_tropical

BACKEND = "normaliz"


# ----------------------------------------------------------------------
# brute force, written independently of tropnet.landscape

def brute_loss(pattern, labels, n):
    return sum(1 for s, y in zip(pattern, labels) if (s < n) != (y == 1))


def adjacency(fan):
    adj = {p: set() for p in fan.maximal_cones()}
    for a, b in fan.walls():
        adj[a].add(b)
        adj[b].add(a)
    return adj


def bfs_components(nodes, adj):
    nodes = set(nodes)
    seen, comps = set(), []
    for start in sorted(nodes):
        if start in seen:
            continue
        comp, queue = [], deque([start])
        seen.add(start)
        while queue:
            x = queue.popleft()
            comp.append(x)
            for y in adj[x]:
                if y in nodes and y not in seen:
                    seen.add(y)
                    queue.append(y)
        comps.append(sorted(comp))
    return sorted(comps)


def brute_local_minima(adj, loss):
    lowest = min(loss.values())
    result = []
    for k in sorted(set(loss.values())):
        for comp in bfs_components([p for p in loss if loss[p] == k], adj):
            if all(loss[y] >= k for x in comp for y in adj[x]):
                result.append((k, tuple(comp), k == lowest))
    return sorted(result)


def brute_descends(adj, loss):
    lowest = min(loss.values())
    memo = {}
    for p in sorted(loss, key=loss.get):
        memo[p] = loss[p] == lowest or any(memo.get(y, False) for y in adj[p]
                                           if loss[y] < loss[p])
    return memo


def closed_cone(points, K, pattern):
    vectors = [(1,) + tuple(p) for p in points]
    w = len(vectors[0])
    ieqs = []
    for v, s in zip(vectors, pattern):
        for k in range(K):
            if k != s:
                row = [0] * (K * w)
                for j in range(w):
                    row[s * w + j] += v[j]
                    row[k * w + j] -= v[j]
                ieqs.append([0] + row)
    return Polyhedron(ieqs=ieqs, base_ring=QQ)


def check_witness_independently(points, K, n, labels, cones, k):
    r"""
    Check with Sage polyhedra built here that ``cones`` is a component of
    the level set of loss ``k`` with no neighbour of smaller loss: every cone
    is full-dimensional, the cones are connected through shared facets, and
    no single-point move from one of them to a cone of smaller loss, or of
    the same loss outside the component, crosses a facet.  Neighbours of a
    cone differ at one point (up to repeated points) by math.md.
    """
    D = K * (len(points[0]) + 1)
    cones = set(cones)
    for sigma in cones:
        assert closed_cone(points, K, sigma).dim() == D
        assert brute_loss(sigma, labels, n) == k
    facet_pairs = set()
    for sigma in cones:
        for i in range(len(points)):
            for l in range(K):
                if l == sigma[i]:
                    continue
                tau = tuple(l if points[j] == points[i] else s
                            for j, s in enumerate(sigma))
                if brute_loss(tau, labels, n) > k:
                    continue
                cone_tau = closed_cone(points, K, tau)
                both = closed_cone(points, K, sigma).intersection(cone_tau)
                if both.dim() == D - 1 and cone_tau.dim() == D:
                    assert tau in cones, f"{sigma} has a facet towards {tau}"
                    facet_pairs.add((sigma, tau))
    adj = {s: {t for a, t in facet_pairs if a == s} for s in cones}
    assert len(bfs_components(cones, adj)) == 1


# ----------------------------------------------------------------------
# fixtures (each fan is computed once)

@pytest.fixture(scope="module")
def line4():
    return ClassificationFan([[0], [1], [2], [3]], 1, 1, backend=BACKEND)


@pytest.fixture(scope="module")
def square():
    return ClassificationFan([[0, 0], [1, 0], [0, 1], [1, 1]], 1, 1, backend=BACKEND)


@pytest.fixture(scope="module")
def small_fans():
    configs = [([[0, 0], [3, 1], [1, 4], [5, 5]], 2, 2),
               ([[0, 0], [3, 1], [1, 4], [5, 5]], 2, 1),
               ([[0, 0], [2, 0], [1, 1], [2, 2], [0, 3]], 1, 2),
               ([[0], [1], [1], [2]], 2, 2),
               ([[0, 0], [1, 1], [2, 2], [3, 0]], 1, 2),
               ([[0, 0, 0], [1, 0, 0], [0, 1, 0], [0, 0, 1]], 1, 2)]
    return [ClassificationFan(p, n, m, backend=BACKEND) for p, n, m in configs]


# ----------------------------------------------------------------------
# hand-derived cases

def test_points_on_a_line(line4):
    r"""
    Four points `0 < 1 < 2 < 3` and a linear classifier: the sign vectors
    of affine functions on increasing points are `+^a -^{4-a}` and
    `-^a +^{4-a}`, 8 in all, and rotating `(c, w)` visits them in the cycle
    ``++++, +++-, ++--, +---, ----, ---+, --++, -+++`` (term 0 is `+`).
    With the labels `+, -, -, +` the losses along the cycle are
    ``2, 3, 2, 1, 2, 1, 2, 3``.  Level 1: two cones, not adjacent; level 2:
    four cones, pairwise not adjacent; level 3: two cones, not adjacent.
    `L_{\le 2}` is the cycle without the two cones of loss 3: ``++++`` alone
    and the path from ``++--`` to ``--++``, two components.  ``++++`` has
    loss 2 and both neighbours have loss 3: a local minimum that is not
    global, and the only cone with no strict descent.
    """
    sign = {"+": 0, "-": 1}
    cycle = ["++++", "+++-", "++--", "+---", "----", "---+", "--++", "-+++"]
    cycle = [tuple(sign[c] for c in word) for word in cycle]
    assert sorted(line4.maximal_cones()) == sorted(cycle)
    assert {frozenset(w) for w in line4.walls()} == \
        {frozenset((cycle[i], cycle[(i + 1) % 8])) for i in range(8)}

    L = line4.landscape([1, -1, -1, 1])
    assert [L.loss(p) for p in cycle] == [2, 3, 2, 1, 2, 1, 2, 3]
    S = L.summary()
    assert {k: (S[k]["n_cones"], S[k]["n_components"]) for k in S} == \
        {1: (2, 2), 2: (4, 4), 3: (2, 2)}
    sub = {k: (S[k]["n_cones_sublevel"], S[k]["n_components_sublevel"]) for k in S}
    assert sub == {1: (2, 2), 2: (6, 2), 3: (8, 1)}
    assert L.summary_text() == ("8 cones; 2 make 1 mistake, in 2 components; "
                                "4 make 2 mistakes, in 4 components; "
                                "2 make 3 mistakes, in 2 components")
    minima = L.local_minima()
    assert [(M.loss, M.cones, M.is_global) for M in minima] == \
        [(1, (cycle[3],), True), (1, (cycle[5],), True), (2, (cycle[0],), False)]
    assert minima[2].neighbours == ((cycle[1], 3), (cycle[7], 3))
    assert not L.is_every_local_minimum_global()
    assert L.cones_without_descent() == [cycle[0]]
    stuck = L.descent_path(cycle[0])
    assert not stuck.exists and stuck.reachable == {cycle[0]: 2}
    path = L.descent_path(cycle[1])
    assert path.exists and path.path == (cycle[1], cycle[2], cycle[3])
    assert path.losses == (3, 2, 1)


def test_square_xor(square):
    r"""
    The square's corners with the XOR labelling `+, -, -, +` and a linear
    classifier.  Cover: `2\sum_{j \le 2}\binom{3}{j} = 14` cones, the 16
    labellings but XOR and its opposite.  The loss of a cone is the Hamming
    distance of its labelling to XOR: 4 cones at distance 1, 6 at distance
    2, 4 at distance 3.  For a linear classifier on distinct points a wall
    changes one sign, hence the loss by one, so every level set is a set of
    isolated cones.  A cone of loss 3 has all neighbours at loss 2 (loss 4
    is not realizable); each of the six cones of loss 2 (all `+`, all `-`,
    the four axis-parallel splits) has a neighbour of loss 1, obtained by
    moving one corner that a line separates alone.  So every local minimum
    is global and strict descent always works.
    """
    assert square.n_maximal_cones() == 14
    L = square.landscape([1, -1, -1, 1])
    S = L.summary()
    assert {k: S[k]["n_cones"] for k in S} == {1: 4, 2: 6, 3: 4}
    assert all(S[k]["n_components"] == S[k]["n_cones"] for k in S)
    assert S[3]["n_cones_sublevel"] == 14 and S[3]["n_components_sublevel"] == 1
    assert S[1]["n_components_sublevel"] == 4
    assert all(M.is_global and M.loss == 1 for M in L.local_minima())
    assert len(L.local_minima()) == 4
    assert L.is_every_local_minimum_global()
    assert L.is_global_minimum_reachable_from_every_cone()
    for p in square.maximal_cones():
        D = L.descent_path(p)
        assert D.exists and D.losses[-1] == 1
        assert all(a - b == 1 for a, b in zip(D.losses, D.losses[1:]))


def test_repeated_points_with_opposite_labels():
    r"""
    Points `(0,0), (1,0), (1,0), (0,1)` with labels `+, +, -, +`.  The three
    distinct points are in general position, so all 8 labellings of them
    are realizable (Cover: `2(1 + 2 + 1) = 8`).  The repeated point gets one
    sign and both labels, so every cone makes exactly one mistake there: the
    loss is `1 + [a = -] + [c = -]` for the signs `a, c` of `(0,0)` and
    `(0,1)`.  Loss 1: the two cones with `a = c = +`; they differ at the
    repeated point only, and for two terms such cones share a facet, so
    `L_1` is one component of 2 cones.  Loss 2: 4 cones; loss 3: 2 cones.
    """
    F = ClassificationFan([[0, 0], [1, 0], [1, 0], [0, 1]], 1, 1, backend=BACKEND)
    assert F.n_maximal_cones() == 8
    L = F.landscape([1, 1, -1, 1])
    S = L.summary()
    assert {k: S[k]["n_cones"] for k in S} == {1: 2, 2: 4, 3: 2}
    assert S[1]["n_components"] == 1
    assert L.level_set(1) == [(0, 0, 0, 0), (0, 1, 1, 0)]
    for p in F.maximal_cones():
        assert L.loss(p) == brute_loss(p, (1, 1, -1, 1), 1)


# ----------------------------------------------------------------------
# against brute force

def test_components_and_minima_against_brute_force(small_fans):
    r"""
    On small fans of every kind (repeated points, collinear points, `d = 1,
    2, 3`, `n, m` up to 2) and a few labellings each: losses, level and
    sublevel components, local minima and descent against a plain
    breadth-first search over the fan's adjacency graph.
    """
    rng = random.Random(5)
    for F in small_fans:
        adj = adjacency(F)
        N = F.data.n_points()
        labellings = [tuple(rng.choice((1, -1)) for _ in range(N)) for _ in range(4)]
        labellings.append((1,) * N)
        for y in labellings:
            L = Landscape(F, y)
            loss = {p: brute_loss(p, y, F.n) for p in adj}
            assert L.losses() == loss
            for k in sorted(set(loss.values())):
                level = bfs_components([p for p in loss if loss[p] == k], adj)
                sub = bfs_components([p for p in loss if loss[p] <= k], adj)
                assert sorted(L.level_set_components(k)) == level
                assert sorted(L.sublevel_set_components(k)) == sub
                row = L.summary()[k]
                assert (row["n_cones"], row["n_components"]) == \
                    (sum(len(c) for c in level), len(level))
                assert (row["n_cones_sublevel"], row["n_components_sublevel"]) == \
                    (sum(len(c) for c in sub), len(sub))
            minima = sorted((M.loss, M.cones, M.is_global) for M in L.local_minima())
            assert minima == brute_local_minima(adj, loss)
            for M in L.local_minima():
                outside = {q for c in M.cones for q in adj[c]} - set(M.cones)
                assert M.neighbours == tuple(sorted(((q, loss[q]) for q in outside),
                                                    key=lambda t: (t[1], t[0])))
            descends = brute_descends(adj, loss)
            assert L.cones_without_descent() == \
                sorted(p for p in loss if not descends[p])
            for p in adj:
                D = L.descent_path(p)
                assert D.exists == descends[p]
                if D.exists:
                    assert D.path[0] == p and D.losses[-1] == min(loss.values())
                    assert all(b in adj[a] for a, b in zip(D.path, D.path[1:]))
                    assert all(x > z for x, z in zip(D.losses, D.losses[1:]))
                else:
                    for q in D.reachable:
                        assert all(r in D.reachable for r in adj[q]
                                   if loss[r] < loss[q])
                    assert min(D.reachable.values()) > min(loss.values())


def test_term_permutations_keep_losses(small_fans):
    r"""
    Permuting the numerator terms among themselves and the denominator
    terms among themselves maps the set of cones onto itself and walls to
    walls, and keeps every loss; so the loss counts are invariant.  The
    orbit counts of the summary modulo symmetry agree with orbits closed
    under the permutations here, and permuting the order of the points
    (with their labels) leaves the summary unchanged.
    """
    rng = random.Random(7)
    for F in small_fans:
        cones = set(F.maximal_cones())
        walls = {frozenset(w) for w in F.walls()}
        y = tuple(rng.choice((1, -1)) for _ in range(F.data.n_points()))
        L = F.landscape(y)
        counts = {k: row["n_cones"] for k, row in L.summary().items()}
        perms = [top + bottom for top in itertools.permutations(range(F.n))
                 for bottom in itertools.permutations(range(F.n, F.n + F.m))]
        for pi in perms:
            image = {p: tuple(pi[s] for s in p) for p in cones}
            assert set(image.values()) == cones
            moved = {frozenset((image[a], image[b])) for a, b in map(tuple, walls)}
            assert moved == walls
            assert all(L.loss(image[p]) == L.loss(p) for p in cones)
            permuted = {}
            for p in cones:
                permuted[L.loss(image[p])] = permuted.get(L.loss(image[p]), 0) + 1
            assert permuted == counts
        assert L.is_symmetric()

        orbit_of = {}
        for p in sorted(cones):
            if p not in orbit_of:
                orbit = frozenset(tuple(pi[s] for s in p) for pi in perms)
                for q in orbit:
                    orbit_of[q] = orbit
        quotient = L.summary_modulo_symmetry()
        for k in quotient:
            level = [p for p in cones if L.loss(p) == k]
            assert quotient[k]["n_cones"] == len({orbit_of[p] for p in level})
            comps = L.level_set_components(k)
            comp_orbits = {frozenset(orbit_of[p] for p in c) for c in comps}
            assert quotient[k]["n_components"] == len(comp_orbits)

        order = list(range(F.data.n_points()))
        rng.shuffle(order)
        G = ClassificationFan([F.points()[i] for i in order], F.n, F.m, backend=BACKEND)
        assert G.landscape([y[i] for i in order]).summary() == L.summary()


# ----------------------------------------------------------------------
# claim (2) and claim (3)

def test_claim_two_three_collinear_points_holds():
    r"""
    Three points on a line, every labelling.  The 6 cones form the cycle
    ``+++, ++-, +--, ---, --+, -++``.  Up to reversing the points and
    negating all labels (which swaps the two terms) the labellings are
    ``+++`` (losses around the cycle 0,1,2,3,2,1), ``++-`` (1,0,1,2,3,2) and
    ``+-+`` (1,2,1,2,1,2).  The first two are unimodal on the cycle; in the
    third every cone of loss 2 has a neighbour of loss 1 = the minimum.  So
    the claim holds for all 8 labellings.
    """
    checks = check_local_minima_are_global([[0], [1], [2]], backend=BACKEND)
    assert len(checks) == 8
    assert all(c.holds for c in checks)


def test_claim_two_square_all_labellings(square):
    r"""
    All 16 labellings of the square's corners: the tool's verdict agrees
    with the brute force, and the XOR labelling holds (derived in
    :func:`test_square_xor`).
    """
    adj = adjacency(square)
    for c in check_local_minima_are_global(square):
        loss = {p: brute_loss(p, c.labels, 1) for p in adj}
        expected = all(g for _, _, g in brute_local_minima(adj, loss)) and \
            all(brute_descends(adj, loss).values())
        assert c.holds == expected
        if c.labels == (1, -1, -1, 1):
            assert c.holds


def test_claim_two_fails_on_a_line(line4):
    r"""
    Four points on a line with labels `+, -, -, +` (see
    :func:`test_points_on_a_line`): the cone ``++++`` is a local minimum of
    loss 2 while the minimum is 1.
    """
    c, = check_local_minima_are_global(line4, [1, -1, -1, 1], certify=True)
    assert not c.holds
    M = c.non_global_minimum
    assert M.cones == ((0, 0, 0, 0),) and M.loss == 2 and not M.is_global
    assert c.certificate["faces_not_facets"] == 2
    check_witness_independently([(0,), (1,), (2,), (3,)], 2, 1, (1, -1, -1, 1),
                                M.cones, 2)


def test_claim_two_fails_in_general_position():
    r"""
    The corners of the square `[0,4]^2`, labelled `+`, and two interior
    points `(1,2)` and `(2,1)`, labelled `-`; no three of the six points are
    collinear.  Classifying everything `+` makes 2 mistakes.  Its neighbours
    move one point that a line separates from the others, that is a vertex
    of the convex hull, a corner: loss 3.  The half-plane `x + y < 7/2`
    holds `(0,0)`, `(1,2)`, `(2,1)` and no other point, so classifying it
    `-` makes one mistake.  A local minimum that is not global, for a
    linear classifier on points in general position.
    """
    points = [(0, 0), (4, 0), (0, 4), (4, 4), (1, 2), (2, 1)]
    labels = (1, 1, 1, 1, -1, -1)
    F = ClassificationFan(points, 1, 1, backend=BACKEND)
    c, = check_local_minima_are_global(F, labels, certify=True)
    assert not c.holds
    L = F.landscape(labels)
    assert L.min_loss() == 1
    assert F.pattern_at([[QQ(-7) / 2, 1, 1], [0, 0, 0]]) == (1, 0, 0, 0, 1, 1)
    everything = (0,) * 6
    witness = [M for M in L.local_minima() if M.cones == (everything,)]
    assert len(witness) == 1 and witness[0].loss == 2 and not witness[0].is_global
    assert sorted(q for q, _ in witness[0].neighbours) == \
        sorted(tuple(1 if j == i else 0 for j in range(6)) for i in range(4))
    assert all(value == 3 for _, value in witness[0].neighbours)
    check_witness_independently(points, 2, 1, labels, (everything,), 2)


def test_claim_three_witness_with_three_terms():
    r"""
    `(n, m) = (1, 2)` on four points of a line: the tool finds a labelling
    with a local minimum that is not global, and the witness is checked here
    with polyhedra built from the data.
    """
    points = [(0,), (1,), (2,), (3,)]
    checks = check_local_minima_are_global(points, n=1, m=2, backend=BACKEND)
    bad = [c for c in checks if c.non_global_minimum is not None]
    assert bad
    c = bad[0]
    M = c.non_global_minimum
    assert not M.is_global and len(M.cones) > 1
    cones = ClassificationFan(points, 1, 2, backend=BACKEND).maximal_cones()
    assert min(brute_loss(p, c.labels, 1) for p in cones) < M.loss
    check_witness_independently(points, 3, 1, c.labels, M.cones, M.loss)


# ----------------------------------------------------------------------
# the certificate of a failure of strict descent

def brute_reachable(adj, loss, start):
    r"""The cones reachable from ``start`` by strict descent, by a plain search."""
    seen, queue = {start}, deque([start])
    while queue:
        x = queue.popleft()
        for y in adj[x]:
            if loss[y] < loss[x] and y not in seen:
                seen.add(y)
                queue.append(y)
    return seen


def test_certify_no_descent_against_brute_force(small_fans, line4):
    r"""
    For every cone without strict descent to a global minimum (on the small
    fans and a few labellings each, and on four points on a line with every
    labelling), the certificate is accepted, and its counts agree with a
    brute force: the set is the closure under strict descent computed here;
    the walls checked are the pairs of adjacent cones of the set of which
    the second has the smaller loss; the moves of one distinct point to one
    other term number ``|set| * (distinct points) * (K - 1)``, split into
    walls, moves that do not lower the loss, and faces that are no facets;
    and the lower cone has the smallest loss of all cones.
    """
    rng = random.Random(13)
    cases = [(line4, y) for y in itertools.product((1, -1), repeat=4)]
    for F in small_fans:
        N = F.data.n_points()
        cases += [(F, tuple(rng.choice((1, -1)) for _ in range(N))) for _ in range(4)]
    certified = 0
    for F, y in cases:
        adj = adjacency(F)
        loss = {p: brute_loss(p, y, F.n) for p in adj}
        L = Landscape(F, y)
        descends = brute_descends(adj, loss)
        for p in sorted(q for q in adj if not descends[q]):
            D = L.descent_path(p)
            reach = brute_reachable(adj, loss, p)
            assert set(D.reachable) == reach
            C = L.certify_no_descent(D)
            walls = sum(1 for a in reach for b in adj[a]
                        if b in reach and loss[b] < loss[a])
            distinct = F.data.n_distinct_points()
            assert C["cones"] == len(reach) and C["walls"] == walls
            assert C["walls"] + C["not_descending"] + C["faces_not_facets"] == \
                len(reach) * distinct * (F.n_terms() - 1)
            assert loss[C["lower_cone"]] == min(loss.values())
            certified += 1
    assert certified > 10


def test_certify_no_descent_refuses_forgeries():
    r"""
    Five points `0, \dots, 4` on a line, labels `+, +, -, +, +`, a linear
    classifier.  The cones are the sign vectors `+^a -^{5-a}` and
    `-^a +^{5-a}`, in the cycle ``+++++, ++++-, +++--, ++---, +----, -----,
    ----+, ---++, --+++, -++++`` with losses ``1, 2, 3, 2, 3, 4, 3, 2, 3,
    2``.  From ``-----`` (loss 4) strict descent reaches ``+----``,
    ``----+`` (3), ``++---``, ``---++`` (2), and stops there; the minimum 1
    is reached only at ``+++++``.  Every cone of the set but the start is
    entered through a wall from a cone of the set of larger loss, so the set
    with any cone removed is not closed under strict descent and must be
    refused; so must the set with ``+++++`` added, a wrong loss, a start
    outside the set, and a start from which descent works (``++++-``).
    Each face refused or accepted is also checked here with polyhedra
    built from the data.
    """
    points = [(0,), (1,), (2,), (3,), (4,)]
    y = (1, 1, -1, 1, 1)
    F = ClassificationFan(points, 1, 1, backend=BACKEND)
    L = F.landscape(y)
    sign = {"+": 0, "-": 1}
    word = {w: tuple(sign[c] for c in w) for w in
            ["+++++", "++++-", "-----", "+----", "----+", "++---", "---++"]}
    D = L.descent_path(word["-----"])
    expected = {word["-----"]: 4, word["+----"]: 3, word["----+"]: 3,
                word["++---"]: 2, word["---++"]: 2}
    assert not D.exists and D.reachable == expected
    C = L.certify_no_descent(D)
    assert C["cones"] == 5 and C["walls"] == 4 and C["lower_cone"] == word["+++++"]

    # the faces accepted as no facets are no facets, by polyhedra built here
    for sigma in expected:
        for i in range(5):
            tau = tuple(1 - s if j == i else s for j, s in enumerate(sigma))
            if brute_loss(tau, y, 1) < expected[sigma] and tau not in expected:
                both = closed_cone(points, 2, sigma).intersection(
                    closed_cone(points, 2, tau))
                assert both.dim() < 3 or closed_cone(points, 2, tau).dim() < 4

    for sigma in expected:
        if sigma == D.start:
            continue
        forged = {p: k for p, k in expected.items() if p != sigma}
        with pytest.raises(ArithmeticError, match="not in the reachable set"):
            L.certify_no_descent(D._replace(reachable=forged))
    with pytest.raises(ArithmeticError, match="not above the smallest loss 1"):
        L.certify_no_descent(D._replace(reachable={**expected, word["+++++"]: 1}))
    with pytest.raises(ArithmeticError, match="has loss 2, listed as 3"):
        L.certify_no_descent(D._replace(reachable={**expected, word["++---"]: 3}))
    with pytest.raises(ArithmeticError, match="is not in the reachable set"):
        L.certify_no_descent(D._replace(start=word["++++-"]))
    with pytest.raises(ValueError, match="path: a chain of strict descent"):
        L.certify_no_descent(L.descent_path(word["++++-"]))
    with pytest.raises(TypeError, match="path: expected a DescentPath"):
        L.certify_no_descent(expected)


# ----------------------------------------------------------------------
# the default engine

def test_native_engine_agrees_with_normaliz():
    r"""
    The default engine (native) and the reference (normaliz) give the same
    cones and walls, hence the same landscape: for every labelling of four
    points in general position with `(n, m) = (2, 1)` and of four points on
    a line with a repeated point and `(n, m) = (1, 2)`, the summaries and
    the local minima (with their neighbours) agree, and both agree with the
    brute force on the normaliz fan's adjacency.
    """
    for points, n, m in [([[0, 0], [3, 1], [1, 4], [5, 5]], 2, 1),
                         ([[0], [1], [1], [2]], 1, 2)]:
        native = ClassificationFan(points, n, m)
        assert native.backend == "native"
        reference = ClassificationFan(points, n, m, backend=BACKEND)
        assert list(native.maximal_cones()) == list(reference.maximal_cones())
        assert {frozenset(w) for w in native.walls()} == \
            {frozenset(w) for w in reference.walls()}
        adj = adjacency(reference)
        for y in itertools.product((1, -1), repeat=len(points)):
            A, B = native.landscape(y), reference.landscape(y)
            assert A.summary() == B.summary()
            assert A.local_minima() == B.local_minima()
            loss = {p: brute_loss(p, y, n) for p in adj}
            assert sorted((M.loss, M.cones, M.is_global) for M in A.local_minima()) \
                == brute_local_minima(adj, loss)


# ----------------------------------------------------------------------
# decision boundary

def test_decision_boundary_pieces():
    r"""
    Linear: the boundary of `\langle\theta_0 - \theta_1, (1, x)\rangle` is
    the line `1 + 2x - y = 0`.  For `(n, m) = (2, 1)` with term 1 below term
    0 everywhere, only the piece `(0, 2)` is nonempty.  For random
    parameters every piece lies in `f_\theta = 0`, with its two terms
    maximal, and there are at most `n m` pieces.
    """
    B = decision_boundary([[1, 2, -1], [0, 0, 0]], 1, 1)
    assert list(B) == [(0, 1)]
    assert B[(0, 1)].dim() == 1 and B[(0, 1)].equations_list() == [[1, 2, -1]]
    B = decision_boundary([[0, 1, 0], [-1, 1, 0], [0, 0, 1]], 2, 1)
    assert list(B) == [(0, 2)]

    rng = random.Random(11)
    for n, m in [(1, 1), (2, 1), (1, 2), (2, 2), (3, 2)]:
        for _ in range(3):
            theta = [QQ(rng.randint(-9, 9)) / rng.randint(1, 4)
                     for _ in range(3 * (n + m))]
            B = decision_boundary(theta, n, m)
            assert len(B) <= n * m
            blocks = [theta[3 * k:3 * k + 3] for k in range(n + m)]
            for (i, j), P in B.items():
                samples = [P.representative_point()]
                samples += [v.vector() for v in P.vertices()]
                for x in samples:
                    assert evaluate_tropical(n, m, theta, x) == 0
                    vals = [b[0] + b[1] * x[0] + b[2] * x[1] for b in blocks]
                    assert vals[i] == max(vals[:n]) and vals[j] == max(vals[n:])
            R = decision_regions(theta, n, m)
            for sign, pieces in R.items():
                for P in pieces.values():
                    x = P.representative_point()
                    assert sign * evaluate_tropical(n, m, theta, x) >= 0


# ----------------------------------------------------------------------
# the ReLU bridge

def test_relu_bridge_agrees_exactly():
    r"""
    Random one-hidden-layer networks with rational weights (some output
    weights zero, some networks without hidden units): the network and its
    tropical rational function agree exactly on random rational points, also
    when the tropical function is evaluated by the fan's own evaluator;
    `n = 2^{\#positive}`, `m = 2^{\#negative}`.
    """
    rng = random.Random(2024)

    def rational():
        return Fraction(rng.randint(-30, 30), rng.randint(1, 7))

    for trial in range(40):
        d = rng.randint(1, 3)
        h = rng.randint(0, 4)
        A = [[rational() for _ in range(d)] for _ in range(h)]
        b = [rational() for _ in range(h)]
        c = [rng.choice([Fraction(0), rational()]) for _ in range(h)]
        a0 = [rational() for _ in range(d)]
        b0 = rational()
        net = OneHiddenLayerReLU(A, b, c, a0=a0, b0=b0)
        n, m, theta = net.tropical_rational_function()
        assert n == 2 ** sum(1 for x in c if x > 0)
        assert m == 2 ** sum(1 for x in c if x < 0)
        assert len(theta) == (n + m) * (d + 1)
        fan = ClassificationFan([[0] * d], n, m)
        for _ in range(10):
            x = [rational() for _ in range(d)]
            direct = sum(cj * max(Fraction(0), bj + sum(p * q for p, q in zip(aj, x)))
                         for aj, bj, cj in zip(A, b, c))
            direct += b0 + sum(p * q for p, q in zip(a0, x))
            direct = QQ(direct.numerator) / direct.denominator
            assert net(x) == direct
            assert net.evaluate_tropical(x) == direct
            assert fan.evaluate(theta, x) == direct


# ----------------------------------------------------------------------
# the Iris sample

def test_iris_sample():
    r"""
    The first four setosa flowers have sepal lengths 5.1, 4.9, 4.7, 4.6 and
    the first four versicolor flowers 7.0, 6.4, 6.9, 5.5 (the CSV, copied
    from the UCI data): the line `x = 5.3` separates them, so the minimum
    loss of a linear classifier is 0, reached by one cone.  The stored rows
    repeat (5.1, 3.5) and (5.4, 3.9) among the first 20 setosa, so
    ``iris_sample(20)`` has 38 distinct points.
    """
    D = iris_sample(4)
    assert D.labels == (1,) * 4 + (-1,) * 4
    assert D.points[0] == (QQ(51) / 10, QQ(7) / 2)
    assert iris_sample(20).n_distinct_points() == 38
    F = ClassificationFan(D, 1, 1, backend=BACKEND)
    L = F.landscape()
    assert L.min_loss() == 0 and L.level_set(0) == [(0,) * 4 + (1,) * 4]
    assert L.losses() == {p: brute_loss(p, D.labels, 1) for p in F.maximal_cones()}
    with pytest.raises(ValueError, match="k: flowers per species"):
        iris_sample(0)


def test_refused_inputs(line4):
    with pytest.raises(ValueError, match="labels: 3 labels given for 4 points"):
        line4.landscape([1, -1, 1])
    with pytest.raises(ValueError, match="not a realizable activation pattern"):
        line4.landscape([1, 1, 1, 1]).loss((0, 1, 0, 1))
    with pytest.raises(ValueError, match="no labels given"):
        Landscape(line4)
    with pytest.raises(ValueError, match="too many"):
        check_local_minima_are_global(Dataset([[i] for i in range(21)]))


# ----------------------------------------------------------------------
# plots and the experiment script

def test_plots_are_reproducible(tmp_path, square):
    r"""
    The same landscape drawn twice gives byte-identical PNG files (fixed
    layout seed, no time stamp in the file).
    """
    from tropnet.plot import plot_decision_boundary, plot_level_sets
    L = square.landscape([1, -1, -1, 1])
    sigma = L.level_set(1)[0]
    files = []
    for name in ("a", "b"):
        files.append((plot_decision_boundary(L, sigma, str(tmp_path / f"{name}1.png")),
                      plot_level_sets(L, str(tmp_path / f"{name}2.png"))))
    for first, second in zip(*files):
        data = open(first, "rb").read()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        assert data == open(second, "rb").read()


def brute_claim_two_holds(points, labels):
    r"""Claim 2 for ``n = m = 1``, by the brute force on the normaliz fan."""
    adj = adjacency(ClassificationFan(points, 1, 1, backend=BACKEND))
    loss = {p: brute_loss(p, labels, 1) for p in adj}
    return all(g for _, _, g in brute_local_minima(adj, loss)) and \
        all(brute_descends(adj, loss).values())


def test_experiment_script_runs(tmp_path):
    r"""
    The experiment runs end to end at its quick size and writes exact JSON
    (rationals as strings); its count of the labellings of four points on a
    line with a local minimum that is not global agrees with the brute
    force.

    Claim 2's verdict says that the claim fails, and lists the four points
    on a line with the labels `+, -, +, -`: around the cycle ``++++, +++-,
    ++--, +---, ----, ---+, --++, -+++`` of cones (see
    :func:`test_points_on_a_line`) the losses are ``2, 1, 2, 1, 2, 3, 2,
    3``, so ``--++`` (loss 2, both neighbours 3) is a local minimum that is
    not global.  Claim 3 counts a witness as evidence exactly when claim 2
    holds for `n = m = 1` on the same points and labels, checked here by the
    brute force; the witnesses on four points on a line are not evidence,
    and the verdict is "confirmed" exactly when some witness is.  Every
    reported failure of strict descent carries its checked certificate.
    """
    import importlib.util
    import json
    from pathlib import Path
    path = Path(__file__).resolve().parent.parent / "experiments"
    path = path / "landscape_claims.py"
    spec = importlib.util.spec_from_file_location("landscape_claims", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    out = tmp_path / "out"
    argv = ["--quick", "--backend", BACKEND, "--no-plots", "--out", str(out),
            "--architectures", "1,2", "--skip-claim3-large"]
    assert module.main(argv) == 0
    results = json.loads((out / "results.json").read_text())
    line = [r for r in results["claim2"]["configurations"]
            if r["name"] == "four points on a line"][0]
    F = ClassificationFan([[0], [1], [2], [3]], 1, 1, backend=BACKEND)
    adj = adjacency(F)
    failing = 0
    for y in itertools.product((1, -1), repeat=4):
        loss = {p: brute_loss(p, y, 1) for p in adj}
        failing += not all(g for _, _, g in brute_local_minima(adj, loss))
    assert line["n_labellings"] == 16
    assert line["n_with_non_global_local_minimum"] == failing
    assert [1, -1, 1, -1] in line["failing_labellings"]
    verdict = results["claim2"]["verdict"]
    assert verdict.startswith("FAILS") and "four points on a line (d = 1)" in verdict

    checks = results["claim3"]["checks"]
    witnesses = [r for r in checks if r["witness"] is not None]
    assert witnesses
    for r in witnesses:
        points = [tuple(QQ(x) for x in p) for p in r["points"]]
        holds = brute_claim_two_holds(points, tuple(r["witness"]["labels"]))
        assert r["witness_is_evidence"] == holds == r["witness"]["linear"]["holds"]
        if r["name"] == "four points on a line":
            assert not r["witness_is_evidence"]
    confirmed = any(r["witness_is_evidence"] for r in witnesses)
    assert results["claim3"]["confirmed"] == confirmed
    assert results["claim3"]["verdict"].startswith("confirmed" if confirmed
                                                   else "not confirmed")
    stuck = [r["stuck"] for r in checks + results["claim2"]["configurations"]
             if "stuck" in r]
    assert stuck and all(x["certificate"]["cones"] == len(x["reachable"])
                         for x in stuck)
    assert all(isinstance(x, str) for x in results["iris"][0]["points"][0])
    assert (out / "search.jsonl").read_text().count("\n") == 2
