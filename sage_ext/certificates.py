r"""
Exact checks of the certificates behind every answer about a fan.

These functions know nothing of how a certificate was found: they take the
data vectors, a pattern and a rational point (or rational multipliers) and
check the defining inequalities in exact arithmetic.

- A maximal cone is certified by an *interior point* `\theta`: for every
  point `i` and every term `k \ne \sigma(i)`,
  `\langle\theta_{\sigma(i)} - \theta_k, v_i\rangle > 0`.
- A wall between `\sigma` and `\sigma'`, which differ at the point `i` only,
  moving it from term `k` to term `l`, is certified by a point of the
  relative interior of the shared facet: there `\theta_k` and `\theta_l` tie
  at `v_i` and beat every other term strictly, and every other point is won
  strictly by its term.  Near such a point the two cones are the two sides of
  the hyperplane `\langle\theta_k-\theta_l, v_i\rangle = 0`, so they share a
  facet.
- A discarded candidate is certified by Motzkin multipliers (see
  :func:`check_infeasibility`).

EXAMPLES::

    sage: from tropnet.certificates import check_interior_point, check_wall_point
    sage: V = [(1, 0), (1, 1)]
    sage: check_interior_point(V, 2, (0, 1), (1, -2, 0, 0))
    True
    sage: check_wall_point(V, 2, (0, 0), (0, 1), (1, -1, 0, 0))
    True
    sage: check_wall_point(V, 2, (0, 0), (0, 1), (1, -2, 0, 0))
    False
"""
from fractions import Fraction
from math import lcm


def _fraction(x):
    if isinstance(x, (int, Fraction)):
        return Fraction(x)
    return Fraction(int(x.numerator()), int(x.denominator()))


def _integral(point):
    r"""
    Return the point scaled to integers by a positive factor; every check here
    is invariant under positive scaling.
    """
    fractions = [_fraction(x) for x in point]
    scale = 1
    for f in fractions:
        scale = lcm(scale, f.denominator)
    return [int(f * scale) for f in fractions]


def _term_values(point, vectors, n_terms):
    width = len(vectors[0])
    theta = _integral(point)
    if len(theta) != width * n_terms:
        raise ValueError(f"point: expected {width * n_terms} coordinates, "
                         f"got {len(theta)}")
    # scaling each data vector by a positive factor keeps every comparison
    vecs = [_integral(v) for v in vectors]
    blocks = [theta[k * width:(k + 1) * width] for k in range(n_terms)]
    return [[sum(a * b for a, b in zip(block, v)) for block in blocks] for v in vecs]


def check_interior_point(vectors, n_terms, pattern, point):
    r"""
    Return whether ``point`` lies in the interior of the cone of ``pattern``.

    INPUT:

    - ``vectors`` -- the homogenised data vectors `v_i`
    - ``n_terms`` -- the number of terms `K`
    - ``pattern`` -- a tuple with ``pattern[i]`` in ``range(n_terms)``
    - ``point`` -- a rational vector of length `K(d+1)`

    OUTPUT: boolean, decided in exact integer arithmetic

    EXAMPLES::

        sage: from tropnet.certificates import check_interior_point
        sage: check_interior_point([(1, 0)], 3, (2,), (0, 0, 0, 0, 1, 5))
        True
        sage: check_interior_point([(1, 0)], 3, (2,), (1, 0, 0, 0, 1, 5))
        False
    """
    values = _term_values(point, vectors, n_terms)
    for row, s in zip(values, pattern):
        top = row[s]
        if any(x >= top for k, x in enumerate(row) if k != s):
            return False
    return True


def check_wall_point(vectors, n_terms, first, second, point):
    r"""
    Return whether ``point`` lies in the relative interior of a facet shared
    by the cones of the patterns ``first`` and ``second``.

    The patterns must differ at exactly one index; otherwise the answer is
    ``False``.

    EXAMPLES::

        sage: from tropnet.certificates import check_wall_point
        sage: check_wall_point([(1, 0)], 2, (0,), (1,), (1, 0, 1, 0))
        True
    """
    moved = [i for i, (a, b) in enumerate(zip(first, second)) if a != b]
    if len(moved) != 1 or len(first) != len(second):
        return False
    i = moved[0]
    k, l = first[i], second[i]
    values = _term_values(point, vectors, n_terms)
    for t, row in enumerate(values):
        if t == i:
            if row[k] != row[l]:
                return False
            if any(x >= row[k] for j, x in enumerate(row) if j not in (k, l)):
                return False
        else:
            s = first[t]
            if any(x >= row[s] for j, x in enumerate(row) if j != s):
                return False
    return True


def check_infeasibility(vectors, n_terms, multipliers, equation=None):
    r"""
    Return whether Motzkin multipliers prove a strict system infeasible.

    The system consists of the strict inequalities
    `\langle\theta_k - \theta_l, v_i\rangle > 0` for the keys ``(i, k, l)`` of
    ``multipliers`` and, if ``equation = (i, k, l, c)`` is given, the equation
    `\langle\theta_k - \theta_l, v_i\rangle = 0` with coefficient ``c``.  The
    certificate is valid when all multipliers are nonnegative rationals, at
    least one is positive, and the combination
    `\sum y_{ikl} (e_k - e_l)\otimes v_i + c\,(e_k - e_l)\otimes v_i` is zero:
    then a solution would make a positive combination of positive numbers
    vanish.

    EXAMPLES:

    The point `v_0 = (1, 0)` cannot be won by term 0 against term 1 while
    term 1 wins it against term 0::

        sage: from tropnet.certificates import check_infeasibility
        sage: check_infeasibility([(1, 0)], 2, {(0, 0, 1): 1, (0, 1, 0): 1})
        True
        sage: check_infeasibility([(1, 0)], 2, {(0, 0, 1): 1})
        False
    """
    width = len(vectors[0])
    total = [Fraction(0)] * (width * n_terms)
    positive = False
    terms = list(multipliers.items())
    if equation is not None:
        i, k, l, c = equation
        terms.append(((i, k, l), c))
    for index, ((i, k, l), y) in enumerate(terms):
        y = _fraction(y)
        is_equation = equation is not None and index == len(terms) - 1
        if not is_equation:
            if y < 0:
                return False
            positive = positive or y > 0
        if k == l:
            return False
        v = vectors[i]
        for j in range(width):
            x = _fraction(v[j])
            total[k * width + j] += y * x
            total[l * width + j] -= y * x
    return positive and all(t == 0 for t in total)


# ----------------------------------------------------------------------
# batch checks

_SAFE = 2 ** 62


def _integral_rows(points):
    r"""
    Return the points as a list of integer lists, each scaled by a positive
    factor (the lcm of its denominators); Python integers pass unchanged.
    """
    return [list(point) if set(map(type, point)) <= {int} else _integral(point)
            for point in points]


def _value_array(vectors, n_terms, points):
    r"""
    Return the exact term values at the data vectors, shape ``(B, N, K)``,
    for a list of points, as an ``int64`` array when a bound proves that no
    overflow can occur and as an array of Python integers otherwise.
    """
    import numpy as np

    from itertools import chain

    width = len(vectors[0])
    vecs = [_integral(v) for v in vectors]
    T = None
    if set(map(type, chain.from_iterable(points))) <= {int}:
        rows = points
        try:
            T = np.array(points, dtype=np.int64)
        except (OverflowError, ValueError):
            T = None
    else:
        rows = _integral_rows(points)
    for row in ([] if T is not None and T.ndim == 2 else rows):
        if len(row) != width * n_terms:
            raise ValueError(f"point: expected {width * n_terms} coordinates, "
                             f"got {len(row)}")
    bound = _SAFE
    if T is not None:
        if T.shape[1:] != (width * n_terms,):
            raise ValueError(f"point: expected {width * n_terms} coordinates, "
                             f"got {T.shape[1:]}")
        # |<T_k, v>| <= sum_j max|T_kj| max|v_j|: a bound for every value and
        # every partial sum of the int64 products
        if T.size:
            top = np.abs(T).reshape(len(T) * n_terms, width).max(axis=0)
            bound = sum(int(t) * max(abs(v[j]) for v in vecs)
                        for j, t in enumerate(top.tolist()))
        else:
            bound = 0
    if T is not None and bound < _SAFE // 2:
        T = T.reshape(len(T), n_terms, width)
        V = np.array(vecs, dtype=np.int64)
    else:
        T = np.array([list(r) for r in rows], dtype=object).reshape(len(rows), n_terms,
                                                                     width)
        V = np.array(vecs, dtype=object)
    return np.swapaxes(T @ V.T, 1, 2)


def check_interior_points(vectors, n_terms, patterns, points):
    r"""
    Return, for each pair of a pattern and a point, whether the point lies
    in the interior of the cone of the pattern: the batch version of
    :func:`check_interior_point`, with NumPy.

    INPUT:

    - ``vectors`` -- the homogenised data vectors `v_i`
    - ``n_terms`` -- the number of terms `K`
    - ``patterns`` -- a list of patterns
    - ``points`` -- a list of rational vectors of length `K(d+1)`

    OUTPUT: a list of booleans, decided in exact integer arithmetic (NumPy
    ``int64`` only where a bound on the entries excludes overflow)

    EXAMPLES::

        sage: from tropnet.certificates import check_interior_points
        sage: V = [(1, 0), (1, 1)]
        sage: check_interior_points(V, 2, [(0, 1), (0, 0)], [(1, -2, 0, 0)] * 2)
        [True, False]
        sage: check_interior_points(V, 2, [(0, 1), (0, 0)], [(1, -2, 0, 2**70)] * 2)
        [True, False]
    """
    import numpy as np

    if not len(patterns):
        return []
    values = _value_array(vectors, n_terms, points)
    P = np.array(patterns, dtype=np.int64).reshape(len(patterns), len(vectors))
    top = np.take_along_axis(values, P[:, :, None], axis=2)
    below = values < top
    B, N = P.shape
    below[np.arange(B)[:, None], np.arange(N)[None, :], P] = True
    return below.all(axis=(1, 2)).tolist()


def check_wall_points(vectors, n_terms, firsts, seconds, points):
    r"""
    Return, for each triple, whether the point lies in the relative interior
    of a facet shared by the cones of the two patterns: the batch version
    of :func:`check_wall_point`, with NumPy.

    EXAMPLES::

        sage: from tropnet.certificates import check_wall_points
        sage: V = [(1, 0), (1, 1)]
        sage: check_wall_points(V, 2, [(0, 0)] * 3, [(0, 1), (0, 1), (1, 1)],
        ....:                   [(1, -1, 0, 0), (1, -2, 0, 0), (1, -1, 0, 0)])
        [True, False, False]
    """
    import numpy as np

    if not len(firsts):
        return []
    B, N = len(firsts), len(vectors)
    A = np.array(firsts, dtype=np.int64).reshape(B, N)
    C = np.array(seconds, dtype=np.int64).reshape(B, N)
    differ = A != C
    single = differ.sum(axis=1) == 1
    moved = differ.argmax(axis=1)
    values = _value_array(vectors, n_terms, points)
    rows = np.arange(B)
    k = A[rows, moved]
    l = C[rows, moved]
    tie = values[rows, moved, k] == values[rows, moved, l]
    # count l as beaten at the moved point; then every comparison is strict
    values = values.copy()
    values[rows, moved, l] -= 1
    top = np.take_along_axis(values, A[:, :, None], axis=2)
    below = values < top
    below[rows[:, None], np.arange(N)[None, :], A] = True
    return (single & tie & below.all(axis=(1, 2))).tolist()


def check_infeasibilities(vectors, n_terms, certificates):
    r"""
    Return, for each pair ``(multipliers, equation)``, whether it is a valid
    certificate in the sense of :func:`check_infeasibility`: the batch
    version.  All vectors are scaled by one common denominator and every
    certificate by the common denominator of its multipliers (positive
    factors, which keep validity); the weighted sums are then formed in exact
    integers, with NumPy arrays of Python integers.

    EXAMPLES::

        sage: from tropnet.certificates import check_infeasibilities
        sage: check_infeasibilities([(1, 0)], 2, [
        ....:     ({(0, 0, 1): 1, (0, 1, 0): 1}, None),
        ....:     ({(0, 0, 1): 1}, None),
        ....:     ({(0, 0, 1): 1}, (0, 0, 1, -1)),
        ....:     ({(0, 0, 1): 1/2}, (0, 0, 1, -1/2)),
        ....:     ({(0, 0, 1): -1, (0, 1, 0): -1}, None),
        ....:     ({(0, 0, 0): 1}, None)])
        [True, False, True, True, False, False]
    """
    from itertools import chain

    import numpy as np

    common = 1
    fractions = [[_fraction(x) for x in v] for v in vectors]
    for v in fractions:
        for x in v:
            common = lcm(common, x.denominator)
    vecs = np.array([[int(x * common) for x in v] for v in fractions], dtype=object)
    N, width = vecs.shape
    n = len(certificates)
    ok = np.ones(n, dtype=bool)
    integer = {int}
    if set(map(type, chain.from_iterable(m.values() for m, _ in certificates))) \
            <= integer and all(e is None or type(e[3]) is int
                               for _, e in certificates):
        # fast path: integer multipliers, gathered without a Python loop per
        # certificate; signs are checked on the arrays below
        counts = [len(m) for m, _ in certificates]
        keys = list(chain.from_iterable(m.keys() for m, _ in certificates))
        weights = list(chain.from_iterable(m.values() for m, _ in certificates))
        owner = np.repeat(np.arange(n), counts).tolist()
        free = np.ones(len(owner), dtype=bool)
        for c, (_, equation) in enumerate(certificates):
            if equation is not None:
                keys.append(tuple(equation[:3]))
                weights.append(equation[3])
                owner.append(c)
        free = np.concatenate([free, np.zeros(len(owner) - len(free), dtype=bool)])
        if owner:
            signs = np.sign(np.array(weights, dtype=object)).astype(np.int64)
            who = np.array(owner)
            negative = np.zeros(n, dtype=bool)
            positive = np.zeros(n, dtype=bool)
            np.logical_or.at(negative, who[free], signs[free] < 0)
            np.logical_or.at(positive, who[free], signs[free] > 0)
            ok &= positive & ~negative
    else:
        owner, keys, weights = [], [], []
        for c, (multipliers, equation) in enumerate(certificates):
            ys = list(multipliers.values())
            eq = [] if equation is None else [equation[3]]
            if not set(map(type, ys + eq)) <= integer:
                fr = [_fraction(y) for y in ys + eq]
                scale = 1
                for f in fr:
                    scale = lcm(scale, f.denominator)
                ys = [int(f * scale) for f in fr[:len(ys)]]
                eq = [int(f * scale) for f in fr[len(ys):]]
            if not ys or min(ys) < 0 or max(ys) <= 0:
                ok[c] = False
                continue
            owner.extend([c] * (len(ys) + len(eq)))
            keys.extend(multipliers)
            weights.extend(ys)
            if equation is not None:
                keys.append(tuple(equation[:3]))
                weights.extend(eq)
    if not owner:
        return ok.tolist()
    owner = np.array(owner)
    array = np.array(keys)
    if array.dtype.kind != "i" or array.shape != (len(owner), 3):
        # some key is not a triple of integers
        valid = [len(t) == 3 and all(type(x) is int or hasattr(x, "__index__")
                                     for x in t) for t in keys]
        bad = ~np.array(valid)
        ok[owner[bad]] = False
        array = np.array([tuple(int(x) for x in t) if v else (0, 0, 1)
                          for t, v in zip(keys, valid)], dtype=np.int64)
    i, k, l = array[:, 0], array[:, 1], array[:, 2]
    bad = (k == l) | (k < 0) | (k >= n_terms) | (l < 0) | (l >= n_terms) | \
        (i < 0) | (i >= N)
    if bad.any():
        ok[owner[bad]] = False
        i, k, l = np.where(bad, 0, i), np.where(bad, 0, k), np.where(bad, 1, l)
    Y = np.array(weights, dtype=object)
    contribution = Y[:, None] * vecs[i]                                # (E, W)
    size = n_terms * width
    base = owner * size
    cols = np.arange(width)
    total = np.zeros(n * size, dtype=object)
    np.add.at(total, (base + k * width)[:, None] + cols, contribution)
    np.add.at(total, (base + l * width)[:, None] + cols, -contribution)
    nonzero = (total != 0).reshape(n, size).any(axis=1)
    return (ok & ~nonzero).tolist()
