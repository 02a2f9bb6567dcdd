r"""
The native engine: output-sensitive, certified enumeration of the
classification fan.

The engine walks through the fan from cone to neighbouring cone.  Its cost
grows with the number of cones and walls it reports, never with the
intermediate polytopes of a Minkowski sum.  Floating-point LPs (HiGHS) only
*suggest* answers; every answer is an exact certificate checked in integer
arithmetic before it is reported:

- a cone (:class:`~tropnet.backends.Cone`) comes with an integer point
  `\theta` of its interior;
- a wall (:class:`~tropnet.backends.Wall`) comes with an integer point in the
  relative interior of the shared facet (see
  :func:`tropnet.certificates.check_wall_point`);
- a discarded candidate comes with Motzkin multipliers
  (:class:`~tropnet.backends.Rejection`, checked by
  :func:`tropnet.certificates.check_infeasibility`): ``"unrealizable"`` for
  a pattern whose open cone is empty, ``"not-adjacent"`` for two realizable
  patterns differing at one point whose cones share no facet.

A tour::

    sage: from tropnet.backends import Cone, Wall, Rejection
    sage: from tropnet.backends.native import enumerate_fan
    sage: V = [(1, 0), (1, 1), (1, 2)]
    sage: records = list(enumerate_fan(V, 2))
    sage: sorted(r.pattern for r in records if isinstance(r, Cone))
    [(0, 0, 0), (0, 0, 1), (0, 1, 1), (1, 0, 0), (1, 1, 0), (1, 1, 1)]
    sage: sum(isinstance(r, Wall) for r in records)
    6
    sage: sorted(r.patterns for r in records if isinstance(r, Rejection))
    [((0, 1, 0),), ((1, 0, 1),)]

Every record is checked independently::

    sage: from tropnet.certificates import (check_interior_point,
    ....:     check_wall_point, check_infeasibility)
    sage: all(check_interior_point(V, 2, r.pattern, r.point)
    ....:     for r in records if isinstance(r, Cone))
    True
    sage: all(check_wall_point(V, 2, r.first, r.second, r.point)
    ....:     for r in records if isinstance(r, Wall))
    True
    sage: all(check_infeasibility(V, 2, r.multipliers, r.equation)
    ....:     for r in records if isinstance(r, Rejection))
    True

A long run can write its results to a checkpoint file and resume from it;
see :func:`enumerate_fan`.

ALGORITHM:

Write `a_{ikl} = (e_k - e_l)\otimes v_i`; the open cone of a pattern `\sigma`
is `C(\sigma) = \{\theta : a_{i\sigma(i)l}\cdot\theta > 0\ \forall i,
l\ne\sigma(i)\}`.  For distinct points no two of these vectors are positive
multiples of each other, so every facet of the closed cone lies on exactly one
wall `H_{il} = \{a_{i\sigma(i)l}\cdot\theta = 0\}`, and `(i, l)` gives a facet
exactly when the system `a_{i\sigma(i)l}\cdot\theta = 0`, all other
inequalities of `\sigma` strict, is feasible.  A solution is a *wall point*:
near it the closed cones of `\sigma` and of `\sigma' = \sigma[i \to l]` are
the two sides of `H_{il}`, so `\sigma'` is realizable and adjacent to
`\sigma`.

1. Start from the pattern of a random integer `\theta` (exactly computed,
   retried on ties).
2. For each cone `\sigma` reached, decide each *candidate* `(i, l)`: a wall
   point (facet), or an exact certificate that it is no facet.  A facet gives
   the neighbour `\sigma'` and, by stepping across the wall, an interior point
   of it.  For a non-facet the neighbour `\sigma'` is decided too: Motzkin
   multipliers for its strict system (``"unrealizable"``; they also show that
   `(i, l)` is no facet, since a wall point would give points of
   `C(\sigma')`), or an interior point of `C(\sigma')` together with
   multipliers showing `a_{i\sigma(i)l}` is a nonnegative combination of the
   other rows of `\sigma` (``"not-adjacent"``: the face on `H_{il}` is not a
   facet).
3. Repeat until no reached cone has undecided candidates.

Symmetry: permuting the `K` terms (the blocks of `\theta`) maps the fan onto
itself, with all certificates.  Only the canonical pattern of each orbit
(terms relabelled by first appearance) is processed; its records are mapped
to the whole orbit exactly.  A candidate whose neighbour belongs to an orbit
processed earlier is not decided again: that wall (or its rejection) was
reported from the other side.  Candidates that only differ by the choice of an
unused term are swapped by a permutation fixing `\sigma`, and decided once.

Floating point and exactness: the margin LPs (maximise `s` with every
normalised inequality `\ge s`, the wall row as an equation) are solved in
blocks by HiGHS.  A positive margin is turned into an integer point by
rounding at a scale derived from the margin, the wall equation is restored
exactly by an integer shift of a constant coordinate, and the point is
checked exactly.  A zero margin comes with row duals; their support gives a
small exact kernel computation over ``QQ`` whose nonnegative solution is
checked exactly.  Whenever this fails, an exact LP over ``QQ`` (PPL) decides.

Completeness: first, every candidate of every reported cone is decided.
Those of a representative are decided directly, or were decided from the
other side (a facet of one cone on `H_{il}` is a facet of the other: it is
the same set), or point to a pattern certified unrealizable; those of any
other cone are images of its representative's under a relabelling of the
terms.  Now let `F` be the set of reported patterns and `U` the union of
their closed cones, a closed set, and suppose `U \ne \RR^{K(d+1)}`.  Two
distinct hyperplanes `H_{ikl}` meet in a subspace of codimension 2; choose
`\theta_0` in some `C(\sigma_0)`, `\sigma_0 \in F`, and `\theta_1` in the
open complement of `U`, both generic, so that the segment
`[\theta_0, \theta_1]` meets none of these finitely many subspaces (the bad
`\theta_1` lie in finitely many proper subspaces).  Let `\theta^*` be the
last point such that the segment up to it lies in `U`; then
`\theta^* \in \overline{C}(\sigma)` for some `\sigma \in F`, and points
just beyond `\theta^*` are not in `U`.  So `\theta^*` is not interior to
`\overline{C}(\sigma)`: some inequality `(i, l)` of `\sigma` vanishes
there, and by genericity only that one.  Thus `\theta^*` is a wall point of
the candidate `(i, l)`, which no valid certificate can reject (near
`\theta^*` lie points of `C(\sigma')`, `\sigma' = \sigma[i\to l]`, and
the face of `\sigma` on `H_{il}` contains an open piece of `H_{il}`).  So the
candidate was decided a facet and `\sigma' \in F`; but near `\theta^*`
the closed cones of `\sigma` and `\sigma'` cover a whole neighbourhood, a
contradiction.  Hence `U` is everything.  A realizable pattern `\tau` has an
interior point off all hyperplanes; it lies in some open `C(\sigma)`,
`\sigma \in F`, and open cones of distinct patterns are disjoint, so
`\tau \in F`.  Every facet shared by two cones is a candidate of both, so it
was reported as a wall.  In short: the cones reached, glued along the facets
found, form a closed pseudomanifold, and a closed pseudomanifold inside the
fan is the whole fan.
"""
import json
import logging
import os
import time
from collections import deque
from fractions import Fraction

import numpy as np

from . import DEFAULT_MAX_CONES, Cone, Rejection, Wall, check_size
from ._native_exact import ExactData
from ._native_lp import MarginLPSolver
from ._native_rays import analytic_centers, shoot, unit_rows
from ._native_symmetry import Injections, canonical, n_used

logger = logging.getLogger("tropnet.backends.native")

CHECKPOINT_FORMAT = "tropnet-native-checkpoint"
CHECKPOINT_VERSION = 1

_FOUND = -1
_UNREALIZABLE = -2
_POSITIVE = 1e-7


def is_available():
    r"""
    Return whether the native engine can run: it needs ``highspy``, probed
    with the feature :class:`~tropnet.features.HiGHS`.

    INPUT: none

    OUTPUT: boolean

    EXAMPLES::

        sage: from tropnet.backends import native
        sage: native.is_available()
        True

    TESTS:

    Without HiGHS the engine says so, and how to install it::

        sage: from tropnet.features import HiGHS
        sage: HiGHS().hide()
        sage: native.is_available()
        False
        sage: next(native.enumerate_fan([(1, 0), (1, 1)], 2))
        Traceback (most recent call last):
        ...
        FeatureNotPresentError: highspy is not available.
        Feature `highspy` is hidden.
        pip install highspy
        sage: HiGHS().unhide()
    """
    from ..features import HiGHS
    return bool(HiGHS().is_present())


def activation_polytope(vectors, n_terms):
    r"""
    Return the activation polytope; the native engine never builds it, so
    this is the exact Minkowski sum of :mod:`tropnet.backends.normaliz`.

    INPUT:

    - ``vectors`` -- the distinct homogenised data vectors `(1, p_i)`
    - ``n_terms`` -- the number `K` of terms

    OUTPUT: a Sage polyhedron over ``QQ``, built with Normaliz

    EXAMPLES::

        sage: from tropnet.backends.native import activation_polytope
        sage: activation_polytope([(1, 0), (1, 1)], 2).n_vertices()
        4
    """
    from . import normaliz
    return normaliz.activation_polytope(vectors, n_terms)


class FanTooLargeError(MemoryError):
    r"""
    Raised when the fan has more maximal cones than ``max_cones`` allows.

    It is a :class:`MemoryError`, so that callers who guard against fans too
    large for memory catch it with the other engines' refusals.  The limit
    is checked after each batch, and the records of the batches before were
    already yielded (and written to the checkpoint file, if any).

    INPUT:

    - ``message`` -- string; says which limit was exceeded and what to do

    OUTPUT: an exception

    EXAMPLES::

        sage: from tropnet.backends.native import FanTooLargeError, enumerate_fan
        sage: issubclass(FanTooLargeError, MemoryError)
        True
        sage: try:
        ....:     list(enumerate_fan([(1, 0, 0), (1, 1, 0), (1, 0, 1)], 2, max_cones=7))
        ....: except FanTooLargeError as error:
        ....:     print(error)
        max_cones: the classification fan has more than 7 maximal cones; pass a
        larger max_cones (or max_cones=None) and consume the records as a
        stream, with a checkpoint file to keep them
    """


# ----------------------------------------------------------------------
# the enumeration state


class _Batch:
    r"""The rep-level results of one batch of processed orbit representatives."""

    def __init__(self):
        self.reps = []           # (pattern, engine point)
        self.walls = []          # (pattern, i, l, engine wall point)
        self.not_adjacent = []   # (pattern, i, l, {row: y}, (row, c))
        self.unrealizable = []   # (pattern, {row: y})
        self.found = []          # (pattern, engine point)


class _Enumerator:
    def __init__(self, data, *, seed=0, batch_size=32, block_size=24):
        self.data = data
        self.K = data.n_terms
        self.N = data.n_vectors
        self.W = data.width
        self.status = {}
        self.points = {}
        self.queue = deque()
        self.order = 0
        self.seed = int(seed)
        self.batch_size = int(batch_size)
        self.solver = MarginLPSolver(data, block_size=block_size)
        self._injections = {}
        self.timings = {"lp": 0.0, "exact": 0.0, "fallback": 0.0, "rays": 0.0}
        self.n_fallbacks = 0
        self.n_candidates = 0
        self.n_ray_walls = 0
        self.n_rays = 16
        self.rng = np.random.default_rng(self.seed)

    def injections(self, r):
        inj = self._injections.get(r)
        if inj is None:
            inj = self._injections[r] = Injections(self.K, r)
        return inj

    # ------------------------------------------------------------------
    # start

    def start(self):
        data = self.data
        rng = np.random.default_rng(self.seed)
        for _ in range(100):
            phi = rng.standard_normal((1, data.dim))
            T = data.round_points(phi, [2 ** 30])
            patterns, ties = data.argmax_patterns(T)
            if not ties[0]:
                pattern = tuple(int(s) for s in patterns[0])
                canon, rho = canonical(pattern, self.K)
                point = _permute(tuple(int(t) for t in T[0]), rho, self.W)
                self._found(canon, point)
                return canon, point
        raise ArithmeticError("native engine: 100 random parameters all had ties")

    def _found(self, canon, point):
        self.status[canon] = _FOUND
        self.points[canon] = point
        self.queue.append(canon)

    # ------------------------------------------------------------------
    # one batch

    def next_batch(self):
        reps = []
        while self.queue and len(reps) < self.batch_size:
            canon = self.queue.popleft()
            self.status[canon] = self.order
            self.order += 1
            reps.append(canon)
        return reps

    def process(self, reps):
        data, K, N = self.data, self.K, self.N
        batch = _Batch()
        cand = []
        for rep in reps:
            batch.reps.append((rep, self.points.pop(rep)))
            own = self.status[rep]
            r = n_used(rep)
            for i in range(N):
                s = rep[i]
                for l in range(min(r + 1, K)):
                    if l == s:
                        continue
                    other = rep[:i] + (l,) + rep[i + 1:]
                    canon, rho = canonical(other, K)
                    st = self.status.get(canon)
                    if st is not None and (st == _UNREALIZABLE or 0 <= st < own):
                        continue
                    cand.append((rep, i, l, canon, rho))
        self.n_candidates += len(cand)
        if not cand:
            return batch
        rows = np.array([data.row_index(c[0], c[1], c[2]) for c in cand],
                        dtype=np.int64)
        patterns = np.array([c[0] for c in cand], dtype=np.int64).reshape(len(cand), N)
        decided = set()

        # centre each representative; shoot rays at its candidate walls, aimed
        # at the foot of each wall, at random, and at interior points of
        # neighbours already known
        start = time.perf_counter()
        self._centre(batch)
        in_batch = dict(batch.reps)
        targets = {}
        for b, (rep, i, l, canon, rho) in enumerate(cand):
            st = self.status.get(canon)
            point = self.points.get(canon) if st == _FOUND else \
                in_batch.get(canon) if st is not None and st >= 0 else None
            if point is not None:
                targets[b] = self._to_scaled(_unpermute(point, rho, self.W))
        self._rays(cand, rows, range(len(cand)), targets, batch, patterns, decided,
                   n_random=self.n_rays)
        self.timings["rays"] += time.perf_counter() - start

        # neighbours of the remaining candidates whose status is unknown
        rest = [b for b in range(len(cand)) if b not in decided]
        unknown = []
        seen = set()
        for b in rest:
            canon = cand[b][3]
            if self.status.get(canon) is None and canon not in seen:
                seen.add(canon)
                unknown.append(canon)
        if unknown:
            start = time.perf_counter()
            res2 = self.solver.solve(np.array(unknown, dtype=np.int64).reshape(
                len(unknown), N), np.full(len(unknown), -1))
            self.timings["lp"] += time.perf_counter() - start
            start = time.perf_counter()
            reached = self._decide_patterns(unknown, res2, batch)
            self.timings["exact"] += time.perf_counter() - start
            # aim at the neighbours just found realizable
            start = time.perf_counter()
            targets = {}
            for b in rest:
                rep, i, l, canon, rho = cand[b]
                if canon in reached:
                    targets[b] = _unpermute(reached[canon], rho, self.W)
            if targets:
                self._rays(cand, rows, list(targets), targets, batch, patterns,
                           decided, n_random=0)
            self.timings["rays"] += time.perf_counter() - start

        # facet LPs for the candidates towards realizable neighbours
        rest = [b for b in rest if b not in decided and
                self.status[cand[b][3]] != _UNREALIZABLE]
        if not rest:
            return batch
        start = time.perf_counter()
        res = self.solver.solve(patterns[rest], rows[rest])
        self.timings["lp"] += time.perf_counter() - start
        start = time.perf_counter()
        positive = np.nonzero(res.margin > _POSITIVE)[0]
        found = self._wall_points(patterns[rest], rows[rest], res.phi, res.margin,
                                  positive)
        wall_points = {rest[t]: W for t, W in found.items()}
        self._report_walls(batch, cand, wall_points,
                           {rest[t]: res.phi[t] for t in found},
                           {rest[t]: res.margin[t] for t in found})

        # the others are not adjacent (or facets the floating-point LP missed)
        for t, b in enumerate(rest):
            if b in wall_points:
                continue
            rep, i, l, canon, rho = cand[b]
            row = int(rows[b])
            result = data.multipliers_from_duals(rep, res.duals[t], equation=row) \
                if res.margin[t] <= _POSITIVE else None
            if result is None:
                result = self._exact(rep, row)
                if result[0] == "point":
                    batch.walls.append((rep, i, l, result[1]))
                    continue
                result = result[1:]
            multipliers, equation = result
            batch.not_adjacent.append((rep, i, l, multipliers, equation))
        self.timings["exact"] += time.perf_counter() - start
        return batch

    def _to_scaled(self, T):
        r"""An engine point in the scaled coordinates of the LPs, max norm 1."""
        try:
            with np.errstate(over="ignore", invalid="ignore"):
                x = np.array([float(t) for t in T]) * \
                    np.tile(self.data.column_scale, self.K)
                x = x / np.abs(x).max()
            if np.all(np.isfinite(x)):
                return x
        except OverflowError:
            pass
        # coordinates beyond double range: scale in exact integers first
        y = [int(t) * s for t, s in zip(T, self.data.column_scale_exact * self.K)]
        top = max(abs(v) for v in y)
        return np.array([float(Fraction(v, top)) for v in y])

    def _centre(self, batch):
        r"""
        Compute the analytic centre of each representative of the batch (kept
        for the rays) and replace its interior point by the rounded centre
        when that is certified.
        """
        data = self.data
        reps = [rep for rep, _ in batch.reps]
        A = unit_rows(data, np.array(reps, dtype=np.int64).reshape(len(reps), self.N))
        start = np.array([self._to_scaled(T) for _, T in batch.reps])
        centers, cmargin = analytic_centers(A, start)
        good = np.nonzero(cmargin > _POSITIVE)[0]
        if len(good):
            T = data.round_points(centers[good],
                                  [data.rounding_scale(cmargin[t] / 2) for t in good])
            ok = data.is_interior(T, [reps[t] for t in good])
            for s, t in enumerate(good):
                if ok[s]:
                    batch.reps[t] = (reps[t], tuple(int(x) for x in T[s]))
        self._centres = {rep: (A[t], centers[t]) for t, rep in enumerate(reps)
                         if cmargin[t] > _POSITIVE}

    def _rays(self, cand, rows, which, targets, batch, patterns, decided, n_random):
        r"""
        Shoot rays from the centres for the candidates ``which``: aimed at
        the foot of the candidate's wall, at the scaled point ``targets[b]``
        if given, and ``n_random`` random rays per representative; certify
        the exits exactly and report the walls found.
        """
        data = self.data
        where = {}
        for b in which:
            if b not in decided:
                where.setdefault(cand[b][0], []).append(b)
        phi = np.zeros((len(cand), data.dim))
        margin = np.zeros(len(cand))
        for rep, mine in where.items():
            if rep not in self._centres:
                continue
            A, center = self._centres[rep]
            wanted = {int(rows[b]): b for b in mine}
            aimed = [targets[b] - center for b in mine if b in targets]
            dirs = [-A[list(wanted)]]
            if aimed:
                dirs.append(np.array(aimed))
            if n_random:
                dirs.append(self.rng.standard_normal((n_random, data.dim)))
            hit, points, m = shoot(A, center, np.concatenate(dirs))
            order = np.lexsort((m, hit))
            last = np.ones(len(order), dtype=bool)
            last[:-1] = hit[order][1:] != hit[order][:-1]
            for q in order[last]:
                b = wanted.get(int(hit[q]))
                if b is not None:
                    margin[b] = m[q]
                    phi[b] = points[q]
        positive = np.nonzero(margin > _POSITIVE)[0]
        wall_points = self._wall_points(patterns, rows, phi, margin, positive,
                                        fallback=False)
        self.n_ray_walls += len(wall_points)
        self._report_walls(batch, cand, wall_points, phi, margin)
        decided.update(wall_points)

    def _report_walls(self, batch, cand, wall_points, phi, margin):
        for b, W in wall_points.items():
            rep, i, l, canon, rho = cand[b]
            batch.walls.append((rep, i, l, W))
            if self.status.get(canon) is None:
                point = self._step_across(phi[b], margin[b], cand[b], W)
                point = _permute(point, rho, self.W)
                self._found(canon, point)
                batch.found.append((canon, point))

    def _exact(self, pattern, row):
        start = time.perf_counter()
        self.n_fallbacks += 1
        result = self.data.exact_margin(pattern, row)
        self.timings["fallback"] += time.perf_counter() - start
        logger.debug("exact LP for pattern %s, row %d: %s", pattern, row, result[0])
        return result

    def _wall_points(self, patterns, rows, phi, margin, positive, fallback=True):
        r"""
        Return a dict from indices in ``positive`` to exact integer wall
        points, rounded from the suggestions ``phi`` (with margins
        ``margin``) and checked; failures go to the exact LP if ``fallback``.
        """
        data = self.data
        out = {}
        if len(positive) == 0:
            return out
        for attempt in range(2):
            scales = [data.rounding_scale(margin[b] / 2) * (2 ** (12 * attempt))
                      for b in positive]
            T = data.round_points(phi[positive], scales)
            T = data.fix_ties(T, patterns[positive], rows[positive])
            ok = data.is_on_facet(T, patterns[positive], rows[positive])
            retry = []
            for t, b in enumerate(positive):
                if ok[t]:
                    out[int(b)] = tuple(int(x) for x in T[t])
                else:
                    retry.append(b)
            positive = np.array(retry, dtype=np.int64)
            if len(positive) == 0:
                return out
        if fallback:
            for b in positive:
                pattern = tuple(int(s) for s in patterns[b])
                found = self._exact(pattern, int(rows[b]))
                if found[0] == "point":
                    out[int(b)] = found[1]
        return out

    def _step_across(self, phi, margin, candidate, W):
        r"""
        Return an integer interior point of the neighbour ``sigma[i -> l]``
        (in the labels of ``sigma``), from the LP solution ``phi`` on the wall
        or, failing that, exactly from the wall point ``W``.
        """
        data = self.data
        rep, i, l, canon, rho = candidate
        other = rep[:i] + (l,) + rep[i + 1:]
        k = rep[i]
        W_ = self.W
        step = np.zeros(data.dim)
        unit = data.scaled[i] / data.scaled_norm[i]
        step[k * W_:(k + 1) * W_] = unit
        step[l * W_:(l + 1) * W_] = -unit
        moved = phi - (margin / 2) * step
        T = data.round_points(moved[None, :], [data.rounding_scale(margin / 4)])
        if data.is_interior(T, [other])[0]:
            return tuple(int(x) for x in T[0])
        # exact: W' = E W - a with a = (e_k - e_l) (x) u_i
        a = data.row_vector(rep, data.row_index(rep, i, l))
        Wv = data.values(np.array([W], dtype=object))[0]
        Av = data.values(np.array([a], dtype=object))[0]
        E = 1
        for j in range(self.N):
            s = other[j]
            for t in range(self.K):
                if t == s:
                    continue
                w = Wv[j][s] - Wv[j][t]
                v = Av[j][s] - Av[j][t]
                if w > 0 and v > 0:
                    E = max(E, v // w + 1)
        point = tuple(E * x - y for x, y in zip(W, a))
        if not data.is_interior(np.array([point], dtype=object), [other])[0]:
            raise ArithmeticError(f"native engine: stepping across the wall of {rep} "
                                  f"at ({i}, {l}) failed")
        return point

    def _decide_patterns(self, unknown, res, batch):
        data = self.data
        positive = [t for t in range(len(unknown)) if res.margin[t] > _POSITIVE]
        points = {}
        if positive:
            scales = [data.rounding_scale(res.margin[t] / 2) for t in positive]
            T = data.round_points(res.phi[positive], scales)
            ok = data.is_interior(T, [unknown[t] for t in positive])
            for s, t in enumerate(positive):
                if ok[s]:
                    points[t] = tuple(int(x) for x in T[s])
        reached = {}
        for t, canon in enumerate(unknown):
            if t in points:
                self._found(canon, points[t])
                batch.found.append((canon, points[t]))
                reached[canon] = res.phi[t]
                continue
            found = None
            if res.margin[t] <= _POSITIVE:
                found = data.multipliers_from_duals(canon, res.duals[t])
            if found is None:
                found = self._exact(canon, -1)
                if found[0] == "point":
                    self._found(canon, found[1])
                    batch.found.append((canon, found[1]))
                    reached[canon] = self._to_scaled(found[1])
                    continue
                found = found[1:]
            self.status[canon] = _UNREALIZABLE
            batch.unrealizable.append((canon, found[0]))
        return reached


def _point_array(points):
    try:
        return np.array(points, dtype=np.int64)
    except OverflowError:
        return np.array(points, dtype=object)


def _unpermute(point, perm, width):
    r"""The point with block ``perm[k]`` moved back to block ``k``."""
    out = [0] * len(point)
    for k, p in enumerate(perm):
        out[k * width:(k + 1) * width] = point[p * width:(p + 1) * width]
    return type(point)(out) if not isinstance(point, np.ndarray) else np.array(out)


def _permute(point, perm, width):
    out = [0] * len(point)
    for k, p in enumerate(perm):
        out[p * width:(p + 1) * width] = point[k * width:(k + 1) * width]
    return tuple(out)


# ----------------------------------------------------------------------
# from representatives to records


class _Expander:
    r"""Map the rep-level results of a batch to the records of whole orbits."""

    def __init__(self, data, enumerator_injections):
        self.data = data
        self.K = data.n_terms
        self.W = data.width
        self.injections = enumerator_injections

    def cones(self, rep, T):
        inj = self.injections(n_used(rep))
        point = self.data.to_original(T)
        return [Cone(p, x)
                for p, x in zip(inj.patterns(rep), inj.points(point, self.W))]

    def walls(self, rep, items):
        r"""
        Return the walls of the orbit of ``rep`` from its rep-level walls
        ``items`` (triples ``(i, l, W)``): each candidate wall is mapped by
        every relabelling that gives a distinct (cone, candidate) pair; a wall
        between two cones of the same orbit arises from both sides and is
        kept once (``first < second``).
        """
        r = n_used(rep)
        out = []
        for level, group in ((r, [t for t in items if t[1] < r]),
                             (r + 1, [t for t in items if t[1] >= r])):
            if not group:
                continue
            inj = self.injections(level)
            perms = inj.array
            A = list(map(tuple, perms[:, list(rep)].tolist()))
            others = [rep[:i] + (l,) + rep[i + 1:] for i, l, _ in group]
            B = perms[:, np.array(others, dtype=np.int64)].transpose(1, 0, 2)
            X = _point_array([self.data.to_original(W) for _, _, W in group])
            X = X[:, inj.index(self.W)].tolist()                          # (G, P, D)
            kk = perms[:, [rep[i] for i, _, _ in group]].T.tolist()       # (G, P)
            ll = perms[:, [l for _, l, _ in group]].T.tolist()
            append = out.append
            for g, (i, l, _) in enumerate(group):
                same = canonical(others[g], self.K)[0] == rep
                for a, b, x, k, m in zip(A, map(tuple, B[g].tolist()), map(tuple, X[g]),
                                         kk[g], ll[g]):
                    if a < b:
                        append(Wall(a, b, x, i, (k, m)))
                    elif not same:
                        append(Wall(b, a, x, i, (m, k)))
        return out

    def _pairs(self, rep, i, l):
        r = n_used(rep)
        inj = self.injections(r if l < r else r + 1)
        other = rep[:i] + (l,) + rep[i + 1:]
        same = canonical(other, self.K)[0] == rep
        return inj, other, same

    def _relabelled(self, inj, pattern, multipliers):
        r"""The multipliers of ``pattern`` under each relabelling of ``inj``."""
        keys = [self.data.row(pattern, r) for r in multipliers]
        ys = list(multipliers.values())
        js = [j for j, _, _ in keys]
        ka = inj.array[:, [a for _, a, _ in keys]].tolist()
        kb = inj.array[:, [b for _, _, b in keys]].tolist()
        return [dict(zip(zip(js, pa, pb), ys)) for pa, pb in zip(ka, kb)]

    def not_adjacent(self, rep, i, l, multipliers, equation):
        inj, other, same = self._pairs(rep, i, l)
        eq_i, eq_k, eq_l = self.data.row(rep, equation[0])
        out = []
        for perm, A, B, mult in zip(inj.permutations, inj.patterns(rep),
                                    inj.patterns(other),
                                    self._relabelled(inj, rep, multipliers)):
            if same and not A < B:
                continue
            out.append(Rejection("not-adjacent", (A, B), mult,
                                 (eq_i, perm[eq_k], perm[eq_l], equation[1])))
        return out

    def unrealizable(self, pattern, multipliers):
        inj = self.injections(n_used(pattern))
        return [Rejection("unrealizable", (A,), mult) for A, mult in
                zip(inj.patterns(pattern), self._relabelled(inj, pattern, multipliers))]

    def records(self, batch, rejections=True):
        for rep, T in batch.reps:
            yield from self.cones(rep, T)
        by_rep = {}
        for rep, i, l, W in batch.walls:
            by_rep.setdefault(rep, []).append((i, l, W))
        for rep, items in by_rep.items():
            yield from self.walls(rep, items)
        if not rejections:
            return
        for rep, i, l, multipliers, equation in batch.not_adjacent:
            yield from self.not_adjacent(rep, i, l, multipliers, equation)
        for pattern, multipliers in batch.unrealizable:
            yield from self.unrealizable(pattern, multipliers)

    def n_cones(self, batch):
        return sum(len(self.injections(n_used(rep)).permutations)
                   for rep, _ in batch.reps)


# ----------------------------------------------------------------------
# checkpoints


def _ints(xs):
    return [str(int(x)) for x in xs]


def _batch_to_json(data, batch):
    return json.dumps({
        "reps": [[list(p), _ints(T)] for p, T in batch.reps],
        "walls": [[list(p), i, l, _ints(W)] for p, i, l, W in batch.walls],
        "not_adjacent": [[list(p), i, l, [[r, str(y)] for r, y in m.items()],
                          [e[0], str(e[1])]] for p, i, l, m, e in batch.not_adjacent],
        "unrealizable": [[list(p), [[r, str(y)] for r, y in m.items()]]
                         for p, m in batch.unrealizable],
        "found": [[list(p), _ints(T)] for p, T in batch.found],
    }, separators=(",", ":"))


def _batch_from_json(line):
    obj = json.loads(line)
    batch = _Batch()
    batch.reps = [(tuple(p), tuple(int(x) for x in T)) for p, T in obj["reps"]]
    batch.walls = [(tuple(p), i, l, tuple(int(x) for x in W))
                   for p, i, l, W in obj["walls"]]
    batch.not_adjacent = [(tuple(p), i, l, {r: int(y) for r, y in m}, (e[0], int(e[1])))
                          for p, i, l, m, e in obj["not_adjacent"]]
    batch.unrealizable = [(tuple(p), {r: int(y) for r, y in m})
                          for p, m in obj["unrealizable"]]
    batch.found = [(tuple(p), tuple(int(x) for x in T)) for p, T in obj["found"]]
    return batch


def _header(data):
    return {"format": CHECKPOINT_FORMAT, "version": CHECKPOINT_VERSION,
            "n_terms": data.n_terms,
            "vectors": [[str(x) for x in v] for v in data.vectors]}


def _read_checkpoint_lines(path):
    r"""
    Return the header and the complete batch lines of a checkpoint file, and
    the byte offset where complete content ends.
    """
    with open(path, "rb") as f:
        raw = f.read()
    lines = raw.split(b"\n")
    # the last element is b"" after a final newline, or an incomplete line
    complete = lines[:-1]
    if not complete:
        raise ValueError(f"checkpoint: {path} has no header line; it is not a "
                         "tropnet checkpoint")
    try:
        header = json.loads(complete[0])
    except ValueError:
        raise ValueError(f"checkpoint: {path} does not start with a tropnet "
                         "checkpoint header") from None
    if not isinstance(header, dict) or header.get("format") != CHECKPOINT_FORMAT:
        raise ValueError(f"checkpoint: {path} is not a tropnet native checkpoint")
    if header.get("version") != CHECKPOINT_VERSION:
        raise ValueError(f"checkpoint: {path} has version {header.get('version')}, "
                         f"this tropnet reads version {CHECKPOINT_VERSION}")
    body = []
    end = len(complete[0]) + 1
    for line in complete[1:]:
        if not line.strip():
            end += len(line) + 1
            continue
        try:
            obj = json.loads(line)
        except ValueError:
            break
        body.append(obj)
        end += len(line) + 1
    return header, body, end


def read_checkpoint(path):
    r"""
    Iterate over the records stored in a checkpoint file of the native
    engine, without computing anything.

    INPUT:

    - ``path`` -- the file written by ``enumerate_fan(..., checkpoint=path)``

    OUTPUT: an iterator over :class:`~tropnet.backends.Cone`,
    :class:`~tropnet.backends.Wall` and :class:`~tropnet.backends.Rejection`
    records, as the enumeration reported them

    The file is a JSON-lines file: a header (format, version, the number of
    terms and the data vectors as exact rational strings), then one line per
    batch of orbit representatives (their cones, walls, rejections and the
    representatives they reached, integers as strings); a final line
    ``{"done": ...}`` marks a complete fan.  An incomplete last line (an
    interrupted write) is ignored.

    EXAMPLES::

        sage: import os, tempfile
        sage: from tropnet.backends.native import enumerate_fan, read_checkpoint
        sage: path = os.path.join(tempfile.mkdtemp(), "fan.jsonl")
        sage: n = sum(1 for _ in enumerate_fan([(1, 0), (1, 1)], 2, checkpoint=path))
        sage: sum(1 for _ in read_checkpoint(path)) == n
        True

    TESTS:

    A file that is not a checkpoint is refused::

        sage: other = os.path.join(tempfile.mkdtemp(), "other.jsonl")
        sage: with open(other, "w") as f:
        ....:     _ = f.write('{"format": "something else"}\n')
        sage: list(read_checkpoint(other))
        Traceback (most recent call last):
        ...
        ValueError: checkpoint: ...other.jsonl is not a tropnet native checkpoint
    """
    header, body, _ = _read_checkpoint_lines(path)
    data = ExactData([tuple(Fraction(x) for x in v) for v in header["vectors"]],
                     header["n_terms"])
    cache = {}

    def injections(r):
        if r not in cache:
            cache[r] = Injections(data.n_terms, r)
        return cache[r]

    expander = _Expander(data, injections)
    for obj in body:
        if "reps" in obj:
            yield from expander.records(_batch_from_json(json.dumps(obj)))


# ----------------------------------------------------------------------
# the engine


def enumerate_fan(vectors, n_terms, *, progress=False, checkpoint=None, resume=True,
                  max_cones=DEFAULT_MAX_CONES, rejections=True, seed=0, batch_size=64,
                  block_size=24):
    r"""
    Iterate over the maximal cones, walls and rejected candidates of the
    classification fan, each with an exact certificate.

    INPUT:

    - ``vectors`` -- the distinct homogenised data vectors `(1, p_i)`, with
      rational entries
    - ``n_terms`` -- the number `K = n + m` of terms
    - ``progress`` -- boolean (default: ``False``); show a progress bar
    - ``checkpoint`` -- a file path or ``None`` (default); if given, every
      batch of results is appended to this JSON-lines file and flushed before
      its records are yielded (see :func:`read_checkpoint`)
    - ``resume`` -- boolean (default: ``True``); if the checkpoint file exists,
      yield the records it holds and continue the enumeration from where it
      stopped; with ``False`` an existing file is overwritten
    - ``max_cones`` -- integer or ``None`` (default: `10^6`); raise
      :class:`FanTooLargeError` as soon as more maximal cones are found
    - ``rejections`` -- boolean (default: ``True``); yield the
      :class:`~tropnet.backends.Rejection` records (they are computed and
      checked either way)
    - ``seed`` -- integer (default: 0); seed of the random starting parameter
    - ``batch_size``, ``block_size`` -- integers; orbit representatives per
      batch, and LPs per HiGHS model

    OUTPUT: an iterator of :class:`~tropnet.backends.Cone`,
    :class:`~tropnet.backends.Wall` (with ``first < second``) and
    :class:`~tropnet.backends.Rejection` records.  Points have integer
    coordinates.  A ``"not-adjacent"`` rejection's multipliers and equation
    refer to the inequalities of its first pattern.  Memory is bounded by one
    entry per orbit of cones (and of unrealizable neighbours) plus what the
    caller keeps.

    EXAMPLES:

    Two points on a line and a linear classifier: four cones in a cycle::

        sage: from tropnet.backends.native import enumerate_fan
        sage: records = list(enumerate_fan([(1, 0), (1, 1)], 2))
        sage: sorted(r.pattern for r in records if type(r).__name__ == "Cone")
        [(0, 0), (0, 1), (1, 0), (1, 1)]
        sage: sorted((r.first, r.second) for r in records if type(r).__name__ == "Wall")
        [((0, 0), (0, 1)), ((0, 0), (1, 0)), ((0, 1), (1, 1)), ((1, 0), (1, 1))]

    Interrupting and resuming: the records of the finished batches are in
    the file, and the resumed run reports the same fan::

        sage: import os, tempfile
        sage: path = os.path.join(tempfile.mkdtemp(), "fan.jsonl")
        sage: V = [(1, 0, 0), (1, 1, 0), (1, 0, 1), (1, 2, 3)]
        sage: it = enumerate_fan(V, 3, checkpoint=path, batch_size=1)
        sage: first = [next(it) for _ in range(20)]; it.close()
        sage: full = list(enumerate_fan(V, 3, checkpoint=path))
        sage: cones = [r for r in full if type(r).__name__ == "Cone"]
        sage: len(cones), len({r.pattern for r in cones})
        (75, 75)

    TESTS::

        sage: list(enumerate_fan([(1, 0, 0), (1, 1, 0), (1, 0, 1)], 2, max_cones=7))
        Traceback (most recent call last):
        ...
        FanTooLargeError: max_cones: the classification fan has more than 7 ...

    A fan that certainly exceeds ``max_cones`` (any three distinct points and
    two terms give at least six cones) is refused before any work::

        sage: enumerate_fan([(1, 0), (1, 1), (1, 2)], 2, max_cones=5)
        Traceback (most recent call last):
        ...
        MemoryError: n, m: 3 distinct points and 2 terms have more than 5 maximal
        cones (at least 6 for any such data); raise max_cones, or use fewer terms or
        points
        sage: list(enumerate_fan([(1, 0), (1, 0)], 2))
        Traceback (most recent call last):
        ...
        ValueError: vectors: entries 0 and 1 are equal; pass distinct points
        sage: list(enumerate_fan([(1, 0)], 2, max_cones=0))
        Traceback (most recent call last):
        ...
        ValueError: max_cones: expected a positive integer or None, got 0

    A checkpoint file belongs to its data::

        sage: list(enumerate_fan([(1, 0), (1, 5)], 2, checkpoint=path))
        Traceback (most recent call last):
        ...
        ValueError: checkpoint: ...fan.jsonl was written for other data or another
        number of terms

    A progress bar needs ``tqdm``; without a bar the engine does not::

        sage: from tropnet.features import Tqdm
        sage: Tqdm().hide()
        sage: next(enumerate_fan([(1, 0), (1, 1)], 2, progress=True))
        Traceback (most recent call last):
        ...
        FeatureNotPresentError: tqdm is not available.
        Feature `tqdm` is hidden.
        pip install tqdm
        sage: len(list(enumerate_fan([(1, 0), (1, 1)], 2)))
        8
        sage: Tqdm().unhide()
    """
    if max_cones is not None and (isinstance(max_cones, bool) or
                                  not hasattr(max_cones, "__index__") or max_cones < 1):
        raise ValueError(f"max_cones: expected a positive integer or None, "
                         f"got {max_cones!r}")
    check_size(vectors, n_terms, max_cones)
    data = ExactData(vectors, n_terms)
    return _run(data, progress=progress, checkpoint=checkpoint, resume=resume,
                max_cones=max_cones, rejections=rejections, seed=seed,
                batch_size=batch_size, block_size=block_size)


def _run(data, *, progress, checkpoint, resume, max_cones, rejections, seed, batch_size,
         block_size):
    from ..features import progress_bar

    start = time.perf_counter()
    if data.n_terms == 1:
        yield Cone((0,) * data.n_vectors, (0,) * data.dim)
        return
    engine = _Enumerator(data, seed=seed, batch_size=batch_size, block_size=block_size)
    expander = _Expander(data, engine.injections)
    n_cones = 0
    n_walls = 0
    bar = progress_bar(progress=progress, desc="cones", unit=" cones")
    out = None
    try:
        replayed = []
        complete = False
        if checkpoint is not None:
            checkpoint = os.fspath(checkpoint)
            if resume and os.path.exists(checkpoint):
                header, body, end = _read_checkpoint_lines(checkpoint)
                if header["n_terms"] != data.n_terms or \
                        [[Fraction(x) for x in v] for v in header["vectors"]] != \
                        [list(v) for v in data.vectors]:
                    raise ValueError(f"checkpoint: {checkpoint} was written for other "
                                     "data or another number of terms")
                replayed = [obj for obj in body if "reps" in obj]
                complete = any("done" in obj for obj in body)
                out = open(checkpoint, "r+b")
                out.truncate(end)
                out.seek(end)
            else:
                out = open(checkpoint, "wb")
                out.write((json.dumps(_header(data)) + "\n").encode())
                out.flush()

        if replayed:
            for obj in replayed:
                batch = _batch_from_json(json.dumps(obj))
                for canon, point in batch.found:
                    engine.status[canon] = _FOUND
                    engine.points[canon] = point
                for rep, _ in batch.reps:
                    engine.status[rep] = engine.order
                    engine.order += 1
                    engine.points.pop(rep, None)
                for canon, _ in batch.unrealizable:
                    engine.status[canon] = _UNREALIZABLE
                n_cones += expander.n_cones(batch)
                _check_max_cones(n_cones, max_cones)
                for record in expander.records(batch, rejections):
                    if isinstance(record, Wall):
                        n_walls += 1
                    yield record
                bar.update(expander.n_cones(batch))
            engine.queue.extend(c for c, st in engine.status.items() if st == _FOUND)
            logger.debug("resumed from %s: %d batches, %d cones, %d in the queue",
                         checkpoint, len(replayed), n_cones, len(engine.queue))
        else:
            canon, point = engine.start()
            if out is not None:
                first = _Batch()
                first.found.append((canon, point))
                out.write((_batch_to_json(data, first) + "\n").encode())
                out.flush()

        while engine.queue:
            step = time.perf_counter()
            reps = engine.next_batch()
            batch = engine.process(reps)
            if out is not None:
                out.write((_batch_to_json(data, batch) + "\n").encode())
                out.flush()
            n_batch = expander.n_cones(batch)
            n_cones += n_batch
            _check_max_cones(n_cones, max_cones)
            logger.debug("batch of %d representatives: %d walls, %d rejections, "
                         "%d new, queue %d, %.3f s", len(reps), len(batch.walls),
                         len(batch.not_adjacent) + len(batch.unrealizable),
                         len(batch.found), len(engine.queue),
                         time.perf_counter() - step)
            for record in expander.records(batch, rejections):
                if isinstance(record, Wall):
                    n_walls += 1
                yield record
            bar.update(n_batch)
            bar.set_postfix(walls=n_walls, queue=len(engine.queue))
        if out is not None and not complete:
            done = {"done": {"cones": n_cones, "walls": n_walls}}
            out.write((json.dumps(done) + "\n").encode())
            out.flush()
    finally:
        bar.close()
        if out is not None:
            out.close()
    logger.debug("native engine: %d cones, %d walls, %d orbit representatives, "
                 "%d candidates, %d walls by rays in %.3f s, %d LPs in %.3f s, exact "
                 "work %.3f s, %d exact LPs in %.3f s; total %.3f s", n_cones, n_walls,
                 engine.order, engine.n_candidates, engine.n_ray_walls,
                 engine.timings["rays"], engine.solver.n_solved, engine.timings["lp"],
                 engine.timings["exact"], engine.n_fallbacks,
                 engine.timings["fallback"],
                 time.perf_counter() - start)


def _check_max_cones(n_cones, max_cones):
    if max_cones is not None and n_cones > max_cones:
        raise FanTooLargeError(
            f"max_cones: the classification fan has more than {max_cones} maximal "
            "cones; pass a larger max_cones (or max_cones=None) and consume the "
            "records as a stream, with a checkpoint file to keep them")
