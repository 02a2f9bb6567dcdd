r"""
Exact arithmetic of the native engine (private).

The engine works in *engine coordinates*: the data vectors `v_i = (1, p_i)`
are replaced by the integer vectors `u_i = (1, q\,(p_i - \mu))`, where `q` is
the least common denominator of all coordinates and `\mu` a rational centre
with `q\mu` integral.  The map `M : (1, p) \mapsto (1, q(p - \mu))` is linear
and invertible, so

- `\langle\theta_k, u_i\rangle = \langle M^T\theta_k, v_i\rangle`: a point
  `T` in engine coordinates certifies exactly what the point `M^T T`
  (:meth:`ExactData.to_original`) certifies for the data, and
- `\sum y\,(e_k - e_l)\otimes u_i = (I\otimes M)\sum y\,(e_k-e_l)\otimes v_i`:
  Motzkin multipliers are the same in both coordinates.

Points are integer vectors (every check is invariant under positive
scaling); values `\langle T_k, u_i\rangle` are computed with NumPy ``int64``
when a bound on their size proves that no overflow can occur, and with
Python integers otherwise.

The inequalities of the cone of a pattern `\sigma` are numbered
`r = i(K-1) + j`: row `r` says that `\sigma(i)` beats the term
`k = j + [j \ge \sigma(i)]` at `u_i`.

EXAMPLES::

    sage: from tropnet.backends._native_exact import ExactData
    sage: data = ExactData([(1, 1000001), (1, 1000003)], 2)
    sage: data.u
    ((1, -1), (1, 1))
    sage: data.to_original((5, 1, 0, 0))
    (-999997, 1, 0, 0)
"""
from fractions import Fraction
from math import gcd, lcm

import numpy as np

_INT64_SAFE = 2 ** 62


def _as_fraction(x):
    if isinstance(x, (int, Fraction)):
        return Fraction(x)
    if hasattr(x, "numerator") and hasattr(x, "denominator") and callable(x.numerator):
        return Fraction(int(x.numerator()), int(x.denominator()))
    return Fraction(x)


class ExactData:
    r"""
    The data vectors in engine coordinates, exactly and scaled for HiGHS.

    INPUT:

    - ``vectors`` -- distinct homogenised vectors `(1, p_i)` with rational
      entries
    - ``n_terms`` -- the number `K` of terms

    OUTPUT: an object holding the vectors (``vectors``, as fractions), the
    integer engine vectors ``u``, the sizes ``n_vectors``, ``n_terms``,
    ``width`` `= d + 1`, ``dim`` `= K(d+1)` and ``n_rows`` `= N(K-1)`, and
    the floating-point scaling used by the LPs

    EXAMPLES::

        sage: from tropnet.backends._native_exact import ExactData
        sage: data = ExactData([(1, 1/2, 0), (1, 0, 3)], 3)
        sage: data.u, data.n_rows, data.dim
        (((1, 1, -3), (1, 0, 3)), 4, 9)

    TESTS::

        sage: ExactData([(1, 0), (1, 0)], 2)
        Traceback (most recent call last):
        ...
        ValueError: vectors: entries 0 and 1 are equal; pass distinct points
        sage: ExactData([(2, 0)], 2)
        Traceback (most recent call last):
        ...
        ValueError: vectors: entry 0 does not start with 1: (2, 0)
        sage: ExactData([(1, 0), (1, 0, 0)], 2)
        Traceback (most recent call last):
        ...
        ValueError: vectors: entry 1 has 3 coordinates, entry 0 has 2
        sage: ExactData([(1, 0)], 0)
        Traceback (most recent call last):
        ...
        ValueError: n_terms: the number of terms must be an integer >= 1, got 0
        sage: ExactData([], 2)
        Traceback (most recent call last):
        ...
        ValueError: vectors: at least one data vector is needed
    """

    def __init__(self, vectors, n_terms):
        vectors = [tuple(v) for v in vectors]
        if not vectors:
            raise ValueError("vectors: at least one data vector is needed")
        if isinstance(n_terms, bool) or not hasattr(n_terms, "__index__") or \
                int(n_terms) < 1:
            raise ValueError(f"n_terms: the number of terms must be an integer >= 1, "
                             f"got {n_terms!r}")
        width = len(vectors[0])
        rows = []
        seen = {}
        for i, v in enumerate(vectors):
            if len(v) != width:
                raise ValueError(f"vectors: entry {i} has {len(v)} coordinates, "
                                 f"entry 0 has {width}")
            f = tuple(_as_fraction(x) for x in v)
            if f[0] != 1:
                raise ValueError(f"vectors: entry {i} does not start with 1: {v}")
            if f in seen:
                raise ValueError(f"vectors: entries {seen[f]} and {i} are equal; "
                                 "pass distinct points")
            seen[f] = i
            rows.append(f)
        self.vectors = tuple(rows)
        self.n_vectors = len(rows)
        self.width = width
        self.n_terms = int(n_terms)
        self.dim = self.n_terms * width
        self.n_rows = self.n_vectors * (self.n_terms - 1)

        # engine coordinates: u_i = (1, q (p_i - mu)) with q*mu integral
        q = 1
        for f in rows:
            for x in f[1:]:
                q = lcm(q, x.denominator)
        self.q = q
        shift = []
        for j in range(1, width):
            total = sum(f[j] for f in rows) * q
            shift.append(round(total / self.n_vectors))
        self.shift = tuple(shift)
        self.u = tuple((1,) + tuple(int(f[j] * q) - shift[j - 1]
                                    for j in range(1, width))
                       for f in rows)
        self.l1 = tuple(sum(abs(x) for x in u) for u in self.u)
        scale = [1] + [max([abs(u[j]) for u in self.u]) or 1 for j in range(1, width)]
        self.column_scale_exact = [int(c) for c in scale]
        self.column_scale = np.array(scale, dtype=float)
        self.scaled = np.array([[u[j] / scale[j] for j in range(width)]
                                for u in self.u])
        self.scaled_norm = np.sqrt(2.0) * np.linalg.norm(self.scaled, axis=1)
        self.max_l1 = max(self.l1)
        self._rounding_constant = 8.0 * max(
            self.l1[i] / self.scaled_norm[i] for i in range(self.n_vectors))
        self._u_int = np.array(self.u, dtype=np.int64) if \
            max(max(abs(x) for x in u) for u in self.u) < _INT64_SAFE else None
        self._u_obj = np.array(self.u, dtype=object)
        self._column_max = [max(abs(u[j]) for u in self.u) for j in range(width)]
        K = self.n_terms
        self.alternatives = np.array([[j + (j >= s) for j in range(K - 1)]
                                      for s in range(K)], dtype=np.int64)

    # ------------------------------------------------------------------
    # rows

    def row(self, pattern, r):
        r"""
        Return the inequality of row ``r`` of ``pattern``.

        INPUT:

        - ``pattern`` -- a pattern (a sequence of terms, one per vector)
        - ``r`` -- integer in ``range(self.n_rows)``

        OUTPUT: a triple ``(i, k, l)``: row ``r`` says that term
        ``k = pattern[i]`` beats term ``l`` at vector ``i``

        EXAMPLES::

            sage: from tropnet.backends._native_exact import ExactData
            sage: data = ExactData([(1, 0), (1, 1)], 3)
            sage: [data.row((2, 0), r) for r in range(4)]
            [(0, 2, 0), (0, 2, 1), (1, 0, 1), (1, 0, 2)]
        """
        i, j = divmod(r, self.n_terms - 1)
        k = pattern[i]
        return i, k, j + (j >= k)

    def row_index(self, pattern, i, l):
        r"""
        Return the number of the row of ``pattern`` comparing ``pattern[i]``
        with term ``l``; the inverse of :meth:`row`.

        INPUT:

        - ``pattern`` -- a pattern
        - ``i`` -- integer; a vector
        - ``l`` -- integer; a term other than ``pattern[i]``

        OUTPUT: an integer in ``range(self.n_rows)``

        EXAMPLES::

            sage: from tropnet.backends._native_exact import ExactData
            sage: ExactData([(1, 0), (1, 1)], 3).row_index((2, 0), 1, 2)
            3
        """
        k = pattern[i]
        return i * (self.n_terms - 1) + (l - (l > k))

    def row_vector(self, pattern, r):
        r"""
        Return the integer vector `(e_k - e_l)\otimes u_i` of row ``r``.

        INPUT:

        - ``pattern`` -- a pattern
        - ``r`` -- integer; a row of ``pattern`` (see :meth:`row`)

        OUTPUT: a list of ``self.dim`` integers

        EXAMPLES::

            sage: from tropnet.backends._native_exact import ExactData
            sage: ExactData([(1, 0), (1, 2)], 2).row_vector((0, 1), 1)
            [-1, -1, 1, 1]
        """
        i, k, l = self.row(pattern, r)
        W = self.width
        a = [0] * self.dim
        a[k * W:(k + 1) * W] = self.u[i]
        a[l * W:(l + 1) * W] = [-x for x in self.u[i]]
        return a

    # ------------------------------------------------------------------
    # exact values

    def _blocks(self, T):
        T = np.asarray(T)
        B = T.shape[0]
        # |<T_k, u_i>| <= sum_j max|T_kj| max|u_ij| bounds every value and every
        # partial sum of the int64 products
        if not T.size:
            bound = 0
        elif T.dtype != object:
            top = np.abs(T).reshape(B * self.n_terms, self.width).max(axis=0)
            bound = sum(int(t) * c for t, c in zip(top.tolist(), self._column_max))
        else:
            top = [max(abs(int(x)) for x in col)
                   for col in T.reshape(B * self.n_terms, self.width).T]
            bound = sum(t * c for t, c in zip(top, self._column_max))
        if self._u_int is not None and bound < _INT64_SAFE // 2:
            Ti = T.astype(np.int64) if T.dtype != np.int64 else T
            return Ti.reshape(B, self.n_terms, self.width) @ self._u_int.T
        To = T.astype(object) if T.dtype != object else T
        return To.reshape(B, self.n_terms, self.width) @ self._u_obj.T

    def values(self, T):
        r"""
        Return the exact values `\langle T_k, u_i\rangle` at a batch of
        integer points.

        INPUT:

        - ``T`` -- an integer array of shape ``(B, D)`` (``int64``, or
          ``object`` for Python integers)

        OUTPUT: an integer array of shape ``(B, N, K)``, with ``int64``
        entries when a bound proves that no overflow can occur and Python
        integers otherwise

        EXAMPLES::

            sage: import numpy as np
            sage: from tropnet.backends._native_exact import ExactData
            sage: data = ExactData([(1, 0), (1, 2)], 2); data.u
            ((1, -1), (1, 1))
            sage: data.values(np.array([[1, 2, 0, 1]]))[0].tolist()
            [[-1, -1], [3, 1]]
        """
        return np.swapaxes(self._blocks(T), 1, 2)

    def is_interior(self, T, patterns):
        r"""
        Return, for each ``b``, whether ``T[b]`` lies in the open cone of
        ``patterns[b]``, decided exactly.

        INPUT:

        - ``T`` -- an integer array of shape ``(B, D)``
        - ``patterns`` -- ``B`` patterns (an array of shape ``(B, N)``)

        OUTPUT: a boolean array of shape ``(B,)``

        EXAMPLES::

            sage: import numpy as np
            sage: from tropnet.backends._native_exact import ExactData
            sage: data = ExactData([(1, 0), (1, 2)], 2)
            sage: T = np.array([[0, -1, 0, 0], [0, -1, 0, 0]])
            sage: data.is_interior(T, [(0, 1), (0, 0)])
            array([ True, False])
        """
        values = self.values(T)
        patterns = np.asarray(patterns, dtype=np.int64)
        B = values.shape[0]
        top = np.take_along_axis(values, patterns[:, :, None], axis=2)
        beaten = values < top
        beaten[np.arange(B)[:, None], np.arange(self.n_vectors)[None, :],
               patterns] = True
        return beaten.all(axis=(1, 2))

    def is_on_facet(self, T, patterns, rows):
        r"""
        Return, for each ``b``, whether ``T[b]`` lies in the relative interior
        of the face of the cone of ``patterns[b]`` on the wall of row
        ``rows[b]``: that row holds with equality, every other row strictly.

        INPUT:

        - ``T`` -- an integer array of shape ``(B, D)``
        - ``patterns`` -- ``B`` patterns
        - ``rows`` -- ``B`` integers, a row of each pattern

        OUTPUT: a boolean array of shape ``(B,)``

        EXAMPLES::

            sage: import numpy as np
            sage: from tropnet.backends._native_exact import ExactData
            sage: data = ExactData([(1, 0)], 2)
            sage: T = np.array([[1, 0, 1, 0], [1, 0, 0, 0]])
            sage: data.is_on_facet(T, [(0,), (0,)], [0, 0])
            array([ True, False])
        """
        values = self.values(T)
        patterns = np.asarray(patterns, dtype=np.int64)
        rows = np.asarray(rows, dtype=np.int64)
        B = values.shape[0]
        idx = np.arange(B)
        i, j = np.divmod(rows, self.n_terms - 1)
        k = patterns[idx, i]
        l = j + (j >= k)
        tie = values[idx, i, k] == values[idx, i, l]
        # let l count as a winner at i, then every other comparison is strict
        values = values.copy()
        values[idx, i, l] -= 1
        return tie & self.is_interior_values(values, patterns)

    def is_interior_values(self, values, patterns):
        r"""
        Return the test of :meth:`is_interior` on precomputed values.

        INPUT:

        - ``values`` -- an integer array of shape ``(B, N, K)``, as returned
          by :meth:`values`
        - ``patterns`` -- ``B`` patterns

        OUTPUT: a boolean array of shape ``(B,)``

        EXAMPLES::

            sage: import numpy as np
            sage: from tropnet.backends._native_exact import ExactData
            sage: data = ExactData([(1, 0)], 2)
            sage: data.is_interior_values(np.array([[[2, 1]]]), [(0,)])
            array([ True])
        """
        patterns = np.asarray(patterns, dtype=np.int64)
        B = values.shape[0]
        top = np.take_along_axis(values, patterns[:, :, None], axis=2)
        beaten = values < top
        beaten[np.arange(B)[:, None], np.arange(self.n_vectors)[None, :],
               patterns] = True
        return beaten.all(axis=(1, 2))

    def argmax_patterns(self, T):
        r"""
        Return the exact activation patterns at a batch of integer points.

        INPUT:

        - ``T`` -- an integer array of shape ``(B, D)``

        OUTPUT: a pair of arrays: the patterns, of shape ``(B, N)``, and a
        boolean array of shape ``(B,)`` telling where some vector has two
        winning terms (there the pattern is meaningless)

        EXAMPLES::

            sage: import numpy as np
            sage: from tropnet.backends._native_exact import ExactData
            sage: data = ExactData([(1, 0), (1, 2)], 2)
            sage: p, tie = data.argmax_patterns(np.array([[0, -1, 0, 0], [0, 0, 0, 0]]))
            sage: p.tolist(), tie.tolist()
            ([[0, 1], [0, 0]], [False, True])
        """
        values = self.values(T)
        best = values.max(axis=2)
        n_best = (values == best[:, :, None]).sum(axis=2)
        return values.argmax(axis=2).astype(np.int64), (n_best > 1).any(axis=1)

    # ------------------------------------------------------------------
    # from floating point to exact points

    def rounding_scale(self, margin):
        r"""
        Return a power of two `Q` such that rounding `Q\varphi` (a point with
        normalised margin ``margin``) keeps every inequality's sign, with a
        safety factor covering a tie correction (see :meth:`round_points`).

        INPUT:

        - ``margin`` -- a positive number (values above 1 count as 1)

        OUTPUT: a Python integer, a power of two

        EXAMPLES::

            sage: from tropnet.backends._native_exact import ExactData
            sage: ExactData([(1, 0), (1, 2)], 2).rounding_scale(0.01)
            1024

        TESTS::

            sage: ExactData([(1, 0), (1, 2)], 2).rounding_scale(0)
            Traceback (most recent call last):
            ...
            ValueError: margin: expected a positive number, got 0.0
        """
        margin = min(float(margin), 1.0)
        if not margin > 0:
            raise ValueError(f"margin: expected a positive number, got {margin}")
        return 2 ** max(0, int(np.ceil(np.log2(self._rounding_constant / margin))))

    def round_points(self, phi, scales):
        r"""
        Return the integer points `\mathrm{round}(Q_b\varphi_b')` where
        `\varphi'` is `\varphi` (scaled coordinates of HiGHS) in engine
        coordinates.

        INPUT:

        - ``phi`` -- a float array of shape ``(B, D)``
        - ``scales`` -- ``B`` positive integers `Q_b`

        OUTPUT: an integer array of shape ``(B, D)``: ``int64`` for scales
        below `2^{52}`, Python integers (exactly rounded) otherwise

        EXAMPLES::

            sage: import numpy as np
            sage: from tropnet.backends._native_exact import ExactData
            sage: data = ExactData([(1, 0), (1, 4)], 2)
            sage: data.round_points(np.array([[0.5, 0.25, 0, -1]]), [16]).tolist()
            [[8, 2, 0, -8]]
        """
        phi = np.asarray(phi, dtype=float)
        B = phi.shape[0]
        scale = np.tile(self.column_scale, self.n_terms)
        scales = [int(s) for s in scales]
        if max(scales, default=1) < 2 ** 52:
            x = np.rint(phi / scale * np.array(scales, dtype=float)[:, None])
            return x.astype(np.int64)
        out = np.empty((B, self.dim), dtype=object)
        for b in range(B):
            for j in range(self.dim):
                out[b, j] = round(Fraction(float(phi[b, j] / scale[j])) * scales[b])
        return out

    def fix_ties(self, T, patterns, rows):
        r"""
        Shift the constant coordinate of the winning term so that row
        ``rows[b]`` of ``patterns[b]`` holds with equality at ``T[b]``
        (``u_i`` starts with 1, so this is an integer shift).

        INPUT:

        - ``T`` -- an integer array of shape ``(B, D)``
        - ``patterns`` -- ``B`` patterns
        - ``rows`` -- ``B`` integers, a row of each pattern

        OUTPUT: a new integer array of shape ``(B, D)``; ``T`` is not
        changed

        EXAMPLES::

            sage: import numpy as np
            sage: from tropnet.backends._native_exact import ExactData
            sage: data = ExactData([(1, 0), (1, 2)], 2)
            sage: T = data.fix_ties(np.array([[3, 1, 0, 0]]), [(0, 0)], [0]); T.tolist()
            [[1, 1, 0, 0]]
            sage: data.values(T)[0].tolist()
            [[0, 0], [2, 0]]
        """
        T = np.array(T, dtype=object if np.asarray(T).dtype == object else np.int64)
        values = self.values(T)
        W = self.width
        for b, (pattern, r) in enumerate(zip(patterns, rows)):
            i, k, l = self.row(pattern, int(r))
            T[b, k * W] = T[b, k * W] - (values[b, i, k] - values[b, i, l])
        return T

    def to_original(self, T):
        r"""
        Return the integer point `M^T T` in the coordinates of the data,
        divided by the gcd of its entries.

        INPUT:

        - ``T`` -- a sequence of ``self.dim`` integers, a point in engine
          coordinates

        OUTPUT: a tuple of Python integers; it certifies in the data what
        ``T`` certifies in engine coordinates

        EXAMPLES::

            sage: from tropnet.backends._native_exact import ExactData
            sage: ExactData([(1, 1/2), (1, 3/2)], 2).to_original((2, 2, 0, 0))
            (-1, 2, 0, 0)
        """
        W = self.width
        T = [int(x) for x in T]
        out = []
        for k in range(self.n_terms):
            block = T[k * W:(k + 1) * W]
            c = block[0] - sum(t * s for t, s in zip(block[1:], self.shift))
            out.append(c)
            out.extend(self.q * t for t in block[1:])
        g = 0
        for x in out:
            g = gcd(g, x)
        if g > 1:
            out = [x // g for x in out]
        return tuple(out)

    def check_multipliers(self, pattern, multipliers, equation=None):
        r"""
        Return whether ``multipliers`` and the optional ``equation`` combine
        the rows of ``pattern`` to zero with some positive multiplier.

        INPUT:

        - ``pattern`` -- a pattern
        - ``multipliers`` -- a dictionary from rows to nonnegative integers
        - ``equation`` -- ``None`` (default) or a pair ``(r, c)``: row
          ``r`` with the integer coefficient ``c`` of any sign

        OUTPUT: boolean, decided in exact integer arithmetic

        EXAMPLES::

            sage: from tropnet.backends._native_exact import ExactData
            sage: data = ExactData([(1, 0)], 2)
            sage: data.check_multipliers((0,), {0: 1}, equation=(0, -1))
            True
            sage: data.check_multipliers((0,), {0: 1})
            False
        """
        total = [0] * self.dim
        terms = list(multipliers.items())
        if any(y < 0 for _, y in terms) or not any(y > 0 for _, y in terms):
            return False
        if equation is not None:
            terms.append(equation)
        for r, y in terms:
            for j, a in enumerate(self.row_vector(pattern, r)):
                if a:
                    total[j] += y * a
        return all(t == 0 for t in total)

    # ------------------------------------------------------------------
    # Motzkin multipliers

    def multipliers_from_duals(self, pattern, duals, equation=-1):
        r"""
        Return exact Motzkin multipliers suggested by the row duals of a
        margin LP of ``pattern`` with optimum `0`, or ``None``.

        The support of the duals is kept and the kernel of the corresponding
        integer columns is computed exactly (:func:`integer_kernel`); a
        one-dimensional kernel gives the multipliers up to sign.  The answer
        is checked exactly.

        INPUT:

        - ``pattern`` -- a pattern
        - ``duals`` -- a float array of shape ``(M,)``, the row duals of its
          margin LP (see :class:`~tropnet.backends._native_lp.MarginSolutions`)
        - ``equation`` -- integer (default: ``-1``); the row turned into an
          equation in that LP, or ``-1`` for none

        OUTPUT: ``None`` or a pair ``(multipliers, equation)``: a dict from
        rows to positive integers, and ``None`` or ``(row, integer)`` for the
        row ``equation`` of the wall

        EXAMPLES:

        Three points on a line cannot be split as inner point against the
        outer ones::

            sage: from tropnet.backends._native_exact import ExactData
            sage: from tropnet.backends._native_lp import MarginLPSolver
            sage: data = ExactData([(1, 0), (1, 1), (1, 2)], 2)
            sage: res = MarginLPSolver(data).solve([(0, 1, 0)], [-1])
            sage: data.multipliers_from_duals((0, 1, 0), res.duals[0])
            ({0: 1, 1: 2, 2: 1}, None)
        """
        duals = np.asarray(duals, dtype=float)
        weights = duals / np.repeat(self.scaled_norm, self.n_terms - 1)
        free = [r for r in range(self.n_rows) if r != equation]
        if not free:
            return None
        top = max(weights[r] for r in free)
        if not top > 0:
            return None
        W = self.width
        for threshold in (1e-7, 1e-5, 1e-3):
            support = [r for r in free if weights[r] > threshold * top]
            columns = support + ([equation] if equation >= 0 else [])
            # block 0 of a combination of rows is minus the sum of the others
            kernel = integer_kernel([self.row_vector(pattern, r)[W:] for r in columns])
            if len(kernel) == 1:
                break
        else:
            return None
        kappa = kernel[0]
        n = len(support)
        if sum(kappa[t] * float(weights[r]) for t, r in enumerate(support)) < 0:
            kappa = [-x for x in kappa]
        if any(kappa[t] < 0 for t in range(n)) or \
                not any(kappa[t] > 0 for t in range(n)):
            return None
        multipliers = {r: kappa[t] for t, r in enumerate(support) if kappa[t]}
        eq = (equation, kappa[-1]) if equation >= 0 else None
        if not self.check_multipliers(pattern, multipliers, eq):
            return None
        return multipliers, eq

    def exact_margin(self, pattern, equation=-1):
        r"""
        Decide exactly, with an exact LP (PPL), whether the open cone of
        ``pattern`` (or, if ``equation >= 0``, the relative interior of its
        face on that row's wall) is nonempty.

        INPUT:

        - ``pattern`` -- a pattern
        - ``equation`` -- integer (default: ``-1``); a row of ``pattern``
          whose wall to consider, or ``-1`` for the open cone

        OUTPUT: ``("point", T)`` with an integer point ``T`` (checked), or
        ``("multipliers", multipliers, equation)`` as in
        :meth:`multipliers_from_duals` (checked)

        EXAMPLES::

            sage: import numpy as np
            sage: from tropnet.backends._native_exact import ExactData
            sage: data = ExactData([(1, 0), (1, 1), (1, 2)], 2)
            sage: data.exact_margin((0, 1, 0))[0]
            'multipliers'
            sage: kind, T = data.exact_margin((0, 1, 1)); kind
            'point'
            sage: bool(data.is_interior(np.array([T], dtype=object), [(0, 1, 1)])[0])
            True
        """
        from sage.numerical.mip import MixedIntegerLinearProgram

        rows = [self.row_vector(pattern, r) for r in range(self.n_rows)]
        D = self.dim
        p = MixedIntegerLinearProgram(solver="PPL", maximization=True)
        x = p.new_variable(real=True, nonnegative=False)
        for r, a in enumerate(rows):
            form = p.sum(c * x[j] for j, c in enumerate(a) if c)
            if r == equation:
                p.add_constraint(form == 0)
            else:
                p.add_constraint(form - x[D] >= 0)
        for j in range(D + 1):
            p.set_min(x[j], -1)
            p.set_max(x[j], 1)
        p.set_objective(x[D])
        optimum = p.solve()
        if optimum > 0:
            values = p.get_values(x)
            point = [_as_fraction(values[j]) for j in range(D)]
            scale = 1
            for f in point:
                scale = lcm(scale, f.denominator)
            T = np.array([[int(f * scale) for f in point]], dtype=object)
            ok = self.is_on_facet(T, [pattern], [equation])[0] if equation >= 0 \
                else self.is_interior(T, [pattern])[0]
            if not ok:
                raise ArithmeticError(f"exact LP: the optimal point of pattern "
                                      f"{pattern} fails the exact check")
            return "point", tuple(int(t) for t in T[0])

        q = MixedIntegerLinearProgram(solver="PPL", maximization=True)
        y = q.new_variable(real=True, nonnegative=False)
        free = [r for r in range(self.n_rows) if r != equation]
        for r in free:
            q.set_min(y[r], 0)
        for j in range(D):
            form = q.sum(rows[r][j] * y[r] for r in range(self.n_rows) if rows[r][j])
            if not isinstance(form, int):
                q.add_constraint(form == 0)
        q.add_constraint(q.sum(y[r] for r in free) == 1)
        q.set_objective(None)
        q.solve()
        values = q.get_values(y)
        fractions = {r: _as_fraction(values[r]) for r in range(self.n_rows)
                     if r in values}
        scale = 1
        for f in fractions.values():
            scale = lcm(scale, f.denominator)
        multipliers = {r: int(f * scale) for r, f in fractions.items()
                       if r != equation and f}
        eq = (equation, int(fractions.get(equation, 0) * scale)) if equation >= 0 \
            else None
        if not self.check_multipliers(pattern, multipliers, eq):
            raise ArithmeticError(f"exact LP: the multipliers for pattern {pattern} "
                                  "fail the exact check")
        return "multipliers", multipliers, eq


def integer_kernel(columns):
    r"""
    Return a basis of the rational kernel of the integer matrix with the
    given ``columns``, as primitive integer vectors.

    Gauss-Jordan elimination on integer rows, each row divided by the gcd
    of its entries after every step; exact.

    INPUT:

    - ``columns`` -- a list of ``n`` columns of equal length, each a list
      of integers

    OUTPUT: a list of lists of ``n`` integers, each primitive (the gcd of
    its entries is 1), together a basis of the kernel

    EXAMPLES::

        sage: from tropnet.backends._native_exact import integer_kernel
        sage: integer_kernel([[1, 0], [0, 1], [1, 1]])
        [[-1, -1, 1]]
        sage: integer_kernel([[2, 4], [1, 2], [0, 0]])
        [[-1, 2, 0], [0, 0, 1]]
        sage: integer_kernel([[1, 0], [0, 1]])
        []
    """
    n = len(columns)
    if n == 0:
        return []
    rows = [list(r) for r in zip(*columns)]
    rows = [r for r in rows if any(r)]
    pivots = []
    top = 0
    for c in range(n):
        best = None
        for t in range(top, len(rows)):
            x = rows[t][c]
            if x and (best is None or abs(x) < abs(rows[best][c])):
                best = t
        if best is None:
            continue
        rows[top], rows[best] = rows[best], rows[top]
        prow = rows[top]
        a = prow[c]
        for t in range(len(rows)):
            if t == top:
                continue
            b = rows[t][c]
            if not b:
                continue
            g = gcd(a, b)
            fa, fb = a // g, b // g
            row = [fa * x - fb * y for x, y in zip(rows[t], prow)]
            content = 0
            for x in row:
                if x:
                    content = gcd(content, x)
                    if content == 1:
                        break
            if content > 1:
                row = [x // content for x in row]
            rows[t] = row
        pivots.append(c)
        top += 1
        if top == len(rows):
            break
    pivot_set = set(pivots)
    L = 1
    for idx, c in enumerate(pivots):
        L = lcm(L, abs(rows[idx][c]))
    basis = []
    for f in range(n):
        if f in pivot_set:
            continue
        vec = [0] * n
        vec[f] = L
        for idx, c in enumerate(pivots):
            vec[c] = -L * rows[idx][f] // rows[idx][c]
        g = 0
        for x in vec:
            g = gcd(g, x)
        basis.append([x // g for x in vec])
    return basis
