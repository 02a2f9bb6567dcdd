r"""
Floating-point margin LPs for the native engine (private).

Nothing computed here is ever reported: these LPs only *suggest* a point or a
set of multipliers, which :mod:`tropnet.backends._native_exact` then turns
into an exact certificate or rejects.

For an activation pattern `\sigma` the inequalities of its cone are
`\langle\theta_{\sigma(i)} - \theta_k, u_i\rangle > 0` (`k \ne \sigma(i)`),
written here in the scaled coordinates `\tilde u_i` of
:class:`~tropnet.backends._native_exact.ExactData` and normalised to unit
length.  The *margin LP* of `\sigma`, optionally with one inequality `c`
turned into the equation of its wall, is

.. MATH::

    \max s \quad\text{subject to}\quad n_r\cdot\varphi - s \ge 0 \;(r \ne c),
    \quad n_c\cdot\varphi = 0, \quad -1 \le \varphi \le 1, \quad -1\le s\le 1,

with the first block `\varphi_0` fixed to zero (every `\theta` has the
pattern of `\theta - (\theta_0, \dots, \theta_0)`, which differs by an
element of the lineality space).

A positive optimum means the open cone (resp. the relative interior of the
facet on the wall `c`) is nonempty; an optimum `0` comes with row duals
`y \ge 0`, `\sum y_r = 1`, `\sum_r y_r n_r + y_c n_c = 0`: Motzkin multipliers
in floating point.  Many such LPs are solved at once as one block-diagonal LP
(the objective is the sum of the margins), which amortises HiGHS's per-call
overhead.

EXAMPLES::

    sage: import numpy as np
    sage: from tropnet.backends._native_exact import ExactData
    sage: from tropnet.backends._native_lp import MarginLPSolver
    sage: data = ExactData([(1, 0), (1, 1)], 2)
    sage: solver = MarginLPSolver(data)
    sage: res = solver.solve(np.array([[0, 1], [0, 0]]), np.array([-1, 1]))
    sage: bool(res.margin[0] > 0.1), bool(res.margin[1] > 0.1)
    (True, True)

A facet test: the wall of the first point between the two terms is a facet
of the cone of ``(0, 1)``, and the pattern ``(0, 0)`` on the points `0, 1, 2`
of a line with the middle point moved to term 1 is not realizable::

    sage: bool(solver.solve(np.array([[0, 1]]), np.array([0])).margin[0] > 0.1)
    True
    sage: data = ExactData([(1, 0), (1, 1), (1, 2)], 2)
    sage: res = MarginLPSolver(data).solve(np.array([[0, 1, 0]]), np.array([-1]))
    sage: bool(abs(res.margin[0]) < 1e-9), bool(abs(res.duals.sum() - 1) < 1e-9)
    (True, True)
"""
import ctypes
import os
import sys
import time

import numpy as np

_BANNER_DONE = False


def _highspy():
    r"""
    Return the module ``highspy``, after asking the feature
    :class:`~tropnet.features.HiGHS` for it (which raises
    :class:`~sage.features.FeatureNotPresentError`, saying how to install
    it, when it is missing).
    """
    from ..features import HiGHS
    HiGHS().require()
    import highspy
    return highspy


def new_highs():
    r"""
    Return a silent ``highspy.Highs`` object.

    HiGHS prints a banner on standard output when the first solver object
    of a process is built, before any option can be set; the file
    descriptor of standard output is pointed at ``os.devnull`` while that
    happens.

    INPUT: none

    OUTPUT: a ``highspy.Highs`` solver that prints nothing and runs on one
    thread

    EXAMPLES::

        sage: from tropnet.backends._native_lp import new_highs
        sage: h = new_highs()
        sage: h.getOptionValue("output_flag")[1], h.getOptionValue("threads")[1]
        (False, 1)

    TESTS::

        sage: from tropnet.features import HiGHS
        sage: HiGHS().hide()
        sage: new_highs()
        Traceback (most recent call last):
        ...
        FeatureNotPresentError: highspy is not available.
        Feature `highspy` is hidden.
        pip install highspy
        sage: HiGHS().unhide()
    """
    global _BANNER_DONE
    highspy = _highspy()
    if _BANNER_DONE:
        h = highspy.Highs()
    else:
        sys.stdout.flush()
        libc = ctypes.CDLL(None)
        saved = os.dup(1)
        devnull = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(devnull, 1)
            h = highspy.Highs()
            h.setOptionValue("output_flag", False)
            libc.fflush(None)
        finally:
            os.dup2(saved, 1)
            os.close(saved)
            os.close(devnull)
        _BANNER_DONE = True
    h.setOptionValue("output_flag", False)
    # the small LPs gain nothing from HiGHS's thread pool, and a second pool
    # beside Normaliz's OpenMP threads has deadlocked before
    h.setOptionValue("threads", 1)
    return h


class MarginSolutions:
    r"""
    The solutions of a batch of margin LPs, as arrays over the batch.

    INPUT:

    - ``margin`` -- shape ``(B,)``: the optimal margins `s`
    - ``phi`` -- shape ``(B, D)``: the optimal points, in scaled coordinates
    - ``duals`` -- shape ``(B, M)``: the row duals, one per inequality of the
      pattern (numbered as in
      :meth:`~tropnet.backends._native_exact.ExactData.row`)

    OUTPUT: an object with these three arrays as attributes

    EXAMPLES::

        sage: import numpy as np
        sage: from tropnet.backends._native_exact import ExactData
        sage: from tropnet.backends._native_lp import MarginLPSolver
        sage: res = MarginLPSolver(ExactData([(1, 0)], 2)).solve([(0,)], [-1])
        sage: type(res).__name__, res.margin.shape, res.phi.shape, res.duals.shape
        ('MarginSolutions', (1,), (1, 4), (1, 1))
    """

    def __init__(self, margin, phi, duals):
        self.margin = margin
        self.phi = phi
        self.duals = duals


class MarginLPSolver:
    r"""
    Solve batches of margin LPs with HiGHS.

    INPUT:

    - ``data`` -- an :class:`~tropnet.backends._native_exact.ExactData`
    - ``block_size`` -- integer (default: 24); the number of LPs in one
      block-diagonal HiGHS model

    OUTPUT: a solver with one HiGHS model, reused for every block

    EXAMPLES::

        sage: import numpy as np
        sage: from tropnet.backends._native_exact import ExactData
        sage: from tropnet.backends._native_lp import MarginLPSolver
        sage: solver = MarginLPSolver(ExactData([(1, 0)], 3))
        sage: res = solver.solve(np.array([[2]]), np.array([-1]))
        sage: res.phi.shape, res.duals.shape
        ((1, 6), (1, 2))
    """

    def __init__(self, data, block_size=24):
        self._highspy = _highspy()
        self.data = data
        self.block_size = int(block_size)
        self.n_solved = 0
        self.seconds = 0.0
        self._highs = new_highs()
        self._highs.setOptionValue("presolve", "off")
        self._highs.setOptionValue("primal_feasibility_tolerance", 1e-9)
        self._highs.setOptionValue("dual_feasibility_tolerance", 1e-9)
        # row template of one block: nonzero columns and values per inequality
        K, N, W = data.n_terms, data.n_vectors, data.width
        self._alt = np.array([[j + (j >= s) for j in range(K - 1)] for s in range(K)],
                             dtype=np.int64)
        self._unit = data.scaled / data.scaled_norm[:, None]          # (N, W)

    def solve(self, patterns, equations):
        r"""
        Solve the margin LPs of a batch of patterns.

        INPUT:

        - ``patterns`` -- integer array of shape ``(B, N)``; one pattern per
          row
        - ``equations`` -- integer array of shape ``(B,)``; for LP ``b``,
          the number of the inequality of ``patterns[b]`` turned into the
          equation of its wall, or ``-1`` for none

        OUTPUT: a :class:`MarginSolutions`

        EXAMPLES:

        The open cone of ``(0, 1)`` is nonempty, and so is the relative
        interior of its facet on the wall of row 1 (the point `v_1` tied)::

            sage: import numpy as np
            sage: from tropnet.backends._native_exact import ExactData
            sage: from tropnet.backends._native_lp import MarginLPSolver
            sage: solver = MarginLPSolver(ExactData([(1, 0), (1, 1)], 2))
            sage: res = solver.solve(np.array([[0, 1], [0, 1]]), np.array([-1, 1]))
            sage: [bool(s > 0.1) for s in res.margin], solver.n_solved
            ([True, True], 2)
        """
        patterns = np.asarray(patterns, dtype=np.int64)
        equations = np.asarray(equations, dtype=np.int64)
        B = len(patterns)
        D = self.data.dim
        M = self.data.n_rows
        margin = np.empty(B)
        phi = np.empty((B, D))
        duals = np.empty((B, M))
        for start in range(0, B, self.block_size):
            stop = min(B, start + self.block_size)
            m, p, y = self._solve_block(patterns[start:stop], equations[start:stop])
            margin[start:stop] = m
            phi[start:stop] = p
            duals[start:stop] = y
        return MarginSolutions(margin, phi, duals)

    def _solve_block(self, patterns, equations):
        start_time = time.perf_counter()
        data = self.data
        B = len(patterns)
        N, K, W, D = data.n_vectors, data.n_terms, data.width, data.dim
        M = data.n_rows
        # block 0 is fixed to zero (a translation along the lineality space)
        nv = D - W + 1
        sc = D - W

        win = np.repeat(patterns[:, :, None], K - 1, axis=2)           # (B, N, K-1)
        lose = self._alt[patterns]                                      # (B, N, K-1)
        offset = (np.arange(B) * nv)[:, None, None, None]
        w = np.arange(W)
        cols = np.concatenate([
            offset + (win[..., None] - 1) * W + w,
            offset + (lose[..., None] - 1) * W + w,
            np.broadcast_to(offset + sc, (B, N, K - 1, 1))], axis=3)
        unit = np.broadcast_to(self._unit[None, :, None, :], (B, N, K - 1, W))
        vals = np.concatenate([unit * (win[..., None] > 0),
                               -unit * (lose[..., None] > 0),
                               np.full((B, N, K - 1, 1), -1.0)], axis=3)
        cols = cols.reshape(B * M, 2 * W + 1)
        vals = vals.reshape(B * M, 2 * W + 1).copy()

        upper = np.full(B * M, np.inf)
        is_eq = equations >= 0
        eq_rows = (np.arange(B) * M + equations)[is_eq]
        vals[eq_rows, 2 * W] = 0.0
        upper[eq_rows] = 0.0

        keep = vals != 0.0
        counts = keep.sum(axis=1)
        starts = np.zeros(B * M, dtype=np.int32)
        np.cumsum(counts[:-1], out=starts[1:])
        index = cols[keep].astype(np.int32)
        value = vals[keep]

        n_col = B * nv
        cost = np.zeros(n_col)
        cost[sc::nv] = -1.0
        h = self._highs
        h.clearModel()
        h.passModel(n_col, B * M, len(value), 2, 1, 0.0, cost,
                    np.full(n_col, -1.0), np.full(n_col, 1.0),
                    np.zeros(B * M), upper, starts, index, value,
                    np.zeros(n_col, dtype=np.int32))
        h.run()
        status = h.getModelStatus()
        if status != self._highspy.HighsModelStatus.kOptimal:
            raise ArithmeticError(f"HiGHS returned {h.modelStatusToString(status)} on "
                                  "a margin LP, which is always feasible and bounded")
        sol = h.getSolution()
        x = np.asarray(sol.col_value).reshape(B, nv)
        y = np.asarray(sol.row_dual).reshape(B, M)
        phi = np.zeros((B, D))
        phi[:, W:] = x[:, :sc]
        self.n_solved += B
        self.seconds += time.perf_counter() - start_time
        return x[:, sc], phi, y
