r"""
The symmetric group on the terms, acting on patterns, points and
certificates (private helper of the native engine).

A permutation `\pi` of the `K` terms acts on parameters by moving block `k`
of `\theta` to block `\pi(k)`; it maps the open cone of `\sigma` onto the open
cone of `\pi\circ\sigma`, a wall point of `(\sigma, \sigma')` to a wall point
of `(\pi\circ\sigma, \pi\circ\sigma')`, and Motzkin multipliers of the
inequality `(i, k, l)` to those of `(i, \pi(k), \pi(l))`.  The canonical
pattern of an orbit relabels the terms by order of first appearance.

EXAMPLES::

    sage: from tropnet.backends._native_symmetry import canonical, Injections
    sage: canonical((2, 0, 2, 3), 4)
    ((0, 1, 0, 2), (1, 3, 0, 2))
    sage: inj = Injections(3, 2)
    sage: inj.permutations[:3]
    [(0, 1, 2), (0, 2, 1), (1, 0, 2)]
    sage: inj.points((10, 11, 20, 21, 30, 31), 2)[:2]
    [(10, 11, 20, 21, 30, 31), (10, 11, 30, 31, 20, 21)]
"""
from itertools import permutations

import numpy as np


def canonical(pattern, n_terms):
    r"""
    Return the canonical pattern of the orbit of ``pattern`` and the
    relabelling that gives it.

    INPUT:

    - ``pattern`` -- a sequence of integers in ``range(n_terms)``
    - ``n_terms`` -- the number `K` of terms

    OUTPUT: a pair ``(canonical, rho)`` of tuples: ``rho`` is a
    permutation of ``range(n_terms)`` (``rho[old] = new``) with
    ``canonical = rho o pattern``, the terms relabelled by order of first
    appearance; unused terms are sent to the remaining labels in
    increasing order

    EXAMPLES::

        sage: from tropnet.backends._native_symmetry import canonical
        sage: canonical((1, 1, 0), 3)
        ((0, 0, 1), (1, 0, 2))
    """
    rho = [-1] * n_terms
    nxt = 0
    out = []
    for s in pattern:
        t = rho[s]
        if t < 0:
            t = rho[s] = nxt
            nxt += 1
        out.append(t)
    for s in range(n_terms):
        if rho[s] < 0:
            rho[s] = nxt
            nxt += 1
    return tuple(out), tuple(rho)


def n_used(pattern):
    r"""
    Return the number of terms used by a canonical pattern.

    INPUT:

    - ``pattern`` -- a canonical pattern (see :func:`canonical`)

    OUTPUT: an integer, ``0`` for the empty pattern

    EXAMPLES::

        sage: from tropnet.backends._native_symmetry import n_used
        sage: n_used((0, 1, 0, 2))
        3
    """
    return max(pattern) + 1 if pattern else 0


def permute_point(point, perm, width):
    r"""
    Return the point with block ``k`` moved to block ``perm[k]``.

    INPUT:

    - ``point`` -- a sequence of ``len(perm) * width`` numbers
    - ``perm`` -- a permutation of the terms, as a tuple
    - ``width`` -- integer; the length `d + 1` of a block

    OUTPUT: a tuple

    EXAMPLES::

        sage: from tropnet.backends._native_symmetry import permute_point
        sage: permute_point((1, 2, 3, 4), (1, 0), 2)
        (3, 4, 1, 2)
    """
    out = [None] * len(point)
    for k, p in enumerate(perm):
        out[p * width:(p + 1) * width] = point[k * width:(k + 1) * width]
    return tuple(out)


class Injections:
    r"""
    The permutations of ``n_terms`` terms that differ on the first ``r``
    terms (one per injective map of ``range(r)``, extended increasingly), as
    tuples and as index arrays acting on points.

    Applied to a canonical pattern with ``r`` used terms they give each
    pattern of its orbit exactly once.

    INPUT:

    - ``n_terms`` -- the number `K` of terms
    - ``r`` -- integer from 0 to ``n_terms``

    OUTPUT: an object with the list ``permutations`` of
    `K!/(K-r)!` tuples and the same as an integer array ``array``

    EXAMPLES::

        sage: from tropnet.backends._native_symmetry import Injections
        sage: len(Injections(4, 2).permutations), len(Injections(4, 4).permutations)
        (12, 24)
    """

    def __init__(self, n_terms, r):
        n_terms, r = int(n_terms), int(r)
        perms = []
        for head in permutations(range(n_terms), r):
            rest = [t for t in range(n_terms) if t not in head]
            perms.append(tuple(head) + tuple(rest))
        self.n_terms = n_terms
        self.permutations = perms
        self.array = np.array(perms, dtype=np.int64).reshape(len(perms), n_terms)
        self._index = {}

    def index(self, width):
        r"""
        Return the index array that applies each permutation to points.

        INPUT:

        - ``width`` -- integer; the length `d + 1` of a block

        OUTPUT: an integer array ``idx`` of shape ``(P, K * width)`` with
        ``new_point = point[idx[p]]`` for the permutation number ``p``
        (computed once per width)

        EXAMPLES::

            sage: from tropnet.backends._native_symmetry import Injections
            sage: Injections(2, 2).index(1).tolist()
            [[0, 1], [1, 0]]
        """
        if width not in self._index:
            K = self.n_terms
            idx = np.empty((len(self.permutations), K * width), dtype=np.int64)
            for p, perm in enumerate(self.permutations):
                for k, t in enumerate(perm):
                    idx[p, t * width:(t + 1) * width] = np.arange(k * width,
                                                                  (k + 1) * width)
            self._index[width] = idx
        return self._index[width]

    def patterns(self, pattern):
        r"""
        Return the images of ``pattern`` under the permutations.

        INPUT:

        - ``pattern`` -- a pattern using terms of ``range(n_terms)``

        OUTPUT: a list of tuples, one per permutation, in order

        EXAMPLES::

            sage: from tropnet.backends._native_symmetry import Injections
            sage: Injections(3, 1).patterns((0, 0))
            [(0, 0), (1, 1), (2, 2)]
        """
        return list(map(tuple, self.array[:, list(pattern)].tolist())) if pattern \
            else [() for _ in self.permutations]

    def points(self, point, width):
        r"""
        Return the images of ``point`` under the permutations.

        INPUT:

        - ``point`` -- a sequence of ``n_terms * width`` integers
        - ``width`` -- integer; the length `d + 1` of a block

        OUTPUT: a list of tuples, one per permutation, in order

        EXAMPLES::

            sage: from tropnet.backends._native_symmetry import Injections
            sage: Injections(2, 1).points((1, 2, 3, 4), 2)
            [(1, 2, 3, 4), (3, 4, 1, 2)]
        """
        idx = self.index(width)
        try:
            arr = np.array(point, dtype=np.int64)
        except OverflowError:
            arr = np.array(point, dtype=object)
        return list(map(tuple, arr[idx].tolist()))
