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

EXAMPLES:

Two points of a line, `v_0 = (1, 0)` and `v_1 = (1, 1)`, and two terms.
At `\theta = (1, -2, 0, 0)` term 0 wins at `v_0` and term 1 at `v_1`; at
`(1, -1, 0, 0)` the terms tie at `v_1`, on the wall between the cones of
`(0, 0)` and `(0, 1)`::

    sage: from tropnet.certificates import check_interior_point, check_wall_point
    sage: V = [(1, 0), (1, 1)]
    sage: check_interior_point(V, 2, (0, 1), (1, -2, 0, 0))
    True
    sage: check_wall_point(V, 2, (0, 0), (0, 1), (1, -1, 0, 0))
    True
    sage: check_wall_point(V, 2, (0, 0), (0, 1), (1, -2, 0, 0))
    False

Add the midpoint `(1, 1/2)`: the pattern `(0, 1, 0)` is not realizable,
and the multipliers `1, 2, 1` of its three inequalities prove it::

    sage: from tropnet.certificates import check_rejection
    sage: V = [(1, 0), (1, 1/2), (1, 1)]
    sage: y = {(0, 0, 1): 1, (1, 1, 0): 2, (2, 0, 1): 1}
    sage: check_rejection(V, 2, "unrealizable", ((0, 1, 0),), y)
    True

The functions ending in ``s`` check many certificates at once, with NumPy
(see :func:`check_interior_points`).
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

    A point on a wall is not interior::

        sage: check_interior_point([(1, 0)], 2, (0,), (1, 0, 1, 0))
        False

    TESTS::

        sage: check_interior_point([(1, 0)], 2, (0,), (1, 2, 3))
        Traceback (most recent call last):
        ...
        ValueError: point: expected 4 coordinates, got 3
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

    If the patterns differ at the vector `i` only, moving it from term `k`
    to term `l`, the check is: `\theta_k` and `\theta_l` tie at `v_i` and
    beat every other term there strictly, and at every other vector the
    term of the patterns wins strictly.

    INPUT:

    - ``vectors`` -- the homogenised data vectors `v_i`
    - ``n_terms`` -- the number of terms `K`
    - ``first``, ``second`` -- two patterns, tuples with entries in
      ``range(n_terms)``
    - ``point`` -- a rational vector of length `K(d+1)`

    OUTPUT: boolean, decided in exact integer arithmetic; ``False`` when
    the patterns do not differ at exactly one index

    EXAMPLES::

        sage: from tropnet.certificates import check_wall_point
        sage: check_wall_point([(1, 0)], 2, (0,), (1,), (1, 0, 1, 0))
        True

    With a third term that also ties, the point is not in the relative
    interior of the facet between terms 0 and 1::

        sage: check_wall_point([(1, 0)], 3, (0,), (1,), (1, 0, 1, 0, 1, 0))
        False

    Patterns that are equal, or differ at two vectors, share no facet::

        sage: check_wall_point([(1, 0)], 2, (0,), (0,), (1, 0, 1, 0))
        False
        sage: check_wall_point([(1, 0), (1, 1)], 2, (0, 1), (1, 0), (1, 0, 1, 0))
        False

    TESTS::

        sage: check_wall_point([(1, 0)], 2, (0,), (1,), (1, 0, 1))
        Traceback (most recent call last):
        ...
        ValueError: point: expected 4 coordinates, got 3
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

    INPUT:

    - ``vectors`` -- the homogenised data vectors `v_i`
    - ``n_terms`` -- the number of terms `K`
    - ``multipliers`` -- a dictionary from triples ``(i, k, l)`` to
      rationals `y_{ikl}`
    - ``equation`` -- ``None`` (default) or a quadruple ``(i, k, l, c)``
      with a rational ``c`` of any sign

    OUTPUT: boolean, decided in exact rational arithmetic

    EXAMPLES:

    The point `v_0 = (1, 0)` cannot be won by term 0 against term 1 while
    term 1 wins it against term 0::

        sage: from tropnet.certificates import check_infeasibility
        sage: check_infeasibility([(1, 0)], 2, {(0, 0, 1): 1, (0, 1, 0): 1})
        True
        sage: check_infeasibility([(1, 0)], 2, {(0, 0, 1): 1})
        False

    The inequality `\langle\theta_0 - \theta_1, v_0\rangle > 0` contradicts
    the equation `\langle\theta_0 - \theta_1, v_0\rangle = 0`, whose
    coefficient may be negative::

        sage: check_infeasibility([(1, 0)], 2, {(0, 0, 1): 1}, (0, 0, 1, -1))
        True

    Negative multipliers, or none positive, prove nothing::

        sage: check_infeasibility([(1, 0)], 2, {(0, 0, 1): -1, (0, 1, 0): -1})
        False
        sage: check_infeasibility([(1, 0)], 2, {})
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

    INPUT:

    - ``vectors`` -- the homogenised data vectors `v_i`
    - ``n_terms`` -- the number of terms `K`
    - ``firsts``, ``seconds`` -- two lists of patterns of equal length
    - ``points`` -- a list of rational vectors of length `K(d+1)`, one for
      each pair of patterns

    OUTPUT: a list of booleans, decided in exact integer arithmetic (NumPy
    ``int64`` only where a bound on the entries excludes overflow)

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


def _is_pattern(pattern, n_points, n_terms):
    return (isinstance(pattern, tuple) and len(pattern) == n_points
            and all(not isinstance(s, bool) and hasattr(s, "__index__")
                    and 0 <= s < n_terms for s in pattern))


def rejected_system(kind, patterns, n_points, n_terms):
    r"""
    Return the strict system that a rejection of ``kind`` for ``patterns``
    must prove infeasible, or ``None`` if the rejection is malformed.

    The answer is a pair ``(allowed, wall)``: ``allowed`` is the set of keys
    ``(i, k, l)`` of the strict inequalities
    `\langle\theta_k - \theta_l, v_i\rangle > 0` that the multipliers may use,
    and ``wall`` is the key ``(i, k, l)`` the equation must have (``None``
    when there is no equation).

    - ``"unrealizable"``, ``patterns = (\sigma,)``: the inequalities of the
      open cone of `\sigma`, `k = \sigma(i)`, `l \ne k`; no equation.
    - ``"not-adjacent"``, ``patterns = (a, b)`` differing at one point `i`
      only: the inequalities of `a` except the one between `a(i)` and `b(i)`
      at `i`, and the equation that they tie there -- the relative interior
      of the face of the cone of `a` on that wall.

    INPUT:

    - ``kind`` -- string; ``"unrealizable"`` or ``"not-adjacent"``
    - ``patterns`` -- a tuple of one or two patterns (tuples)
    - ``n_points`` -- the number `N` of data vectors
    - ``n_terms`` -- the number of terms `K`

    OUTPUT: a pair ``(allowed, wall)`` as above, or ``None``

    EXAMPLES::

        sage: from tropnet.certificates import rejected_system
        sage: allowed, wall = rejected_system("not-adjacent", ((0, 1), (2, 1)), 2, 3)
        sage: sorted(allowed), wall
        ([(0, 0, 1), (1, 1, 0), (1, 1, 2)], (0, 0, 2))
        sage: rejected_system("unrealizable", ((0, 1), (2, 1)), 2, 3) is None
        True
    """
    if not isinstance(patterns, tuple) or \
            not all(_is_pattern(p, n_points, n_terms) for p in patterns):
        return None
    if kind == "unrealizable" and len(patterns) == 1:
        wall = None
    elif kind == "not-adjacent" and len(patterns) == 2:
        a, b = patterns
        moved = [i for i in range(n_points) if a[i] != b[i]]
        if len(moved) != 1:
            return None
        wall = (moved[0], int(a[moved[0]]), int(b[moved[0]]))
    else:
        return None
    sigma = [int(s) for s in patterns[0]]
    allowed = {(i, s, l) for i, s in enumerate(sigma) for l in range(n_terms)
               if l != s} - {wall}
    return allowed, wall


def check_rejection(vectors, n_terms, kind, patterns, multipliers, equation=None):
    r"""
    Return whether Motzkin multipliers prove the rejection of a candidate:
    they use only the inequalities of the candidate's strict system (see
    :func:`rejected_system`), the equation is that system's wall, and they
    prove the system infeasible (:func:`check_infeasibility`).

    INPUT:

    - ``vectors`` -- the homogenised data vectors `v_i`
    - ``n_terms`` -- the number of terms `K`
    - ``kind`` -- ``"unrealizable"`` or ``"not-adjacent"``
    - ``patterns`` -- the rejected pattern, or the two patterns
    - ``multipliers``, ``equation`` -- as for :func:`check_infeasibility`

    OUTPUT: boolean, decided in exact arithmetic

    EXAMPLES:

    With `v_0 = (1, 0)` and `v_1 = (1, 1)`, the pattern `(0, 1)` is
    realizable, `(0, 1, 0)` with the point `(1, 1/2)` in between is not; a
    valid infeasibility proof of some other system proves nothing::

        sage: from tropnet.certificates import check_rejection
        sage: V = [(1, 0), (1, 1/2), (1, 1)]
        sage: y = {(0, 0, 1): 1, (1, 1, 0): 2, (2, 0, 1): 1}
        sage: check_rejection(V, 2, "unrealizable", ((0, 1, 0),), y)
        True
        sage: check_rejection(V, 2, "unrealizable", ((1, 0, 1),), y)
        False
        sage: check_rejection(V, 2, "unrealizable", ((0, 1, 0),), y, (0, 0, 1, 1))
        False
    """
    patterns = tuple(tuple(p) for p in patterns) if isinstance(
        patterns, (tuple, list)) else patterns
    system = rejected_system(kind, patterns, len(vectors), n_terms)
    if system is None:
        return False
    allowed, wall = system
    if not all(key in allowed for key in multipliers):
        return False
    if (wall is None) != (equation is None):
        return False
    if wall is not None and tuple(equation[:3]) != wall:
        return False
    return check_infeasibility(vectors, n_terms, multipliers, equation)


def check_infeasibilities(vectors, n_terms, certificates, candidates=None):
    r"""
    Return, for each pair ``(multipliers, equation)``, whether it is a valid
    certificate in the sense of :func:`check_infeasibility`: the batch
    version.  All vectors are scaled by one common denominator and every
    certificate by the common denominator of its multipliers (positive
    factors, which keep validity); the weighted sums are then formed in exact
    integers, with NumPy arrays of Python integers.

    With ``candidates``, a list of pairs ``(kind, patterns)`` (one per
    certificate), each certificate must moreover prove the rejection of its
    candidate, as in :func:`check_rejection`.

    INPUT:

    - ``vectors`` -- the homogenised data vectors `v_i`
    - ``n_terms`` -- the number of terms `K`
    - ``certificates`` -- a list of pairs ``(multipliers, equation)`` as
      for :func:`check_infeasibility`
    - ``candidates`` -- ``None`` (default) or a list of pairs
      ``(kind, patterns)`` as for :func:`check_rejection`

    OUTPUT: a list of booleans, one per certificate, decided in exact
    integer arithmetic

    EXAMPLES::

        sage: from tropnet.certificates import check_infeasibilities
        sage: check_infeasibilities([(1, 0)], 2, [
        ....:     ({(0, 0, 1): 1, (0, 1, 0): 1}, None),
        ....:     ({(0, 0, 1): 1}, None),
        ....:     ({(0, 0, 1): 1}, (0, 0, 1, -1)),
        ....:     ({(0, 0, 1): 1/2}, (0, 0, 1, -1/2)),
        ....:     ({(0, 0, 1): -1, (0, 1, 0): -1}, None),
        ....:     ({(0, 0, 0): 1}, None),
        ....:     ({}, None)])
        [True, False, True, True, False, False, False]

    Certificates tied to their candidates::

        sage: V = [(1, 0), (1, 1/2), (1, 1)]
        sage: y = {(0, 0, 1): 1, (1, 1, 0): 2, (2, 0, 1): 1}
        sage: check_infeasibilities(V, 2, [(y, None)] * 3,
        ....:     [("unrealizable", ((0, 1, 0),)), ("unrealizable", ((1, 0, 1),)),
        ....:      ("not-adjacent", ((0, 1, 0), (1, 1, 0)))])
        [True, False, False]

    TESTS::

        sage: check_infeasibilities([(1, 0)], 2, [({(0, 0, 1): 1}, None)], [])
        Traceback (most recent call last):
        ...
        ValueError: candidates: expected 1 candidates, got 0
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
    if candidates is not None and len(candidates) != n:
        raise ValueError(f"candidates: expected {n} candidates, got {len(candidates)}")
    ok = np.ones(n, dtype=bool)
    if not n:
        return []

    # the entries of all certificates in flat lists: owner, key, integer weight
    # and whether the entry is the equation (whose weight may have any sign)
    counts = [len(m) for m, _ in certificates]
    keys = list(chain.from_iterable(m.keys() for m, _ in certificates))
    weights = list(chain.from_iterable(m.values() for m, _ in certificates))
    owner = np.repeat(np.arange(n), counts).tolist()
    for c, (_, equation) in enumerate(certificates):
        if equation is not None:
            keys.append(tuple(equation[:3]))
            weights.append(equation[3])
            owner.append(c)
    is_equation = np.zeros(len(owner), dtype=bool)
    is_equation[sum(counts):] = True
    if not set(map(type, weights)) <= {int}:
        # scale each certificate by the common denominator of its weights
        fr = [_fraction(y) for y in weights]
        scale = [1] * n
        for c, f in zip(owner, fr):
            scale[c] = lcm(scale[c], f.denominator)
        weights = [int(f * scale[c]) for c, f in zip(owner, fr)]
    owner = np.array(owner, dtype=np.int64)

    # multipliers nonnegative, at least one positive
    Y = np.array(weights, dtype=object)
    free = ~is_equation
    try:
        signs = np.sign(np.array(weights, dtype=np.int64))
    except OverflowError:
        signs = np.array([(y > 0) - (y < 0) for y in weights], dtype=np.int64)
    negative = np.zeros(n, dtype=bool)
    positive = np.zeros(n, dtype=bool)
    np.logical_or.at(negative, owner[free], signs[free] < 0)
    np.logical_or.at(positive, owner[free], signs[free] > 0)
    ok &= positive & ~negative
    if not len(owner):
        return ok.tolist()

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

    if candidates is not None:
        ok &= _bound_to_candidates(candidates, N, n_terms, owner, is_equation, i, k, l)

    contribution = Y[:, None] * vecs[i]                                # (E, W)
    size = n_terms * width
    base = owner * size
    cols = np.arange(width)
    total = np.zeros(n * size, dtype=object)
    np.add.at(total, (base + k * width)[:, None] + cols, contribution)
    np.add.at(total, (base + l * width)[:, None] + cols, -contribution)
    nonzero = (total != 0).reshape(n, size).any(axis=1)
    return (ok & ~nonzero).tolist()


def _bound_to_candidates(candidates, N, n_terms, owner, is_equation, i, k, l):
    r"""
    Return, for each certificate, whether its entries (flat arrays ``owner``,
    ``is_equation``, ``i``, ``k``, ``l``) belong to the strict system of its
    candidate (see :func:`rejected_system`), with NumPy.
    """
    import numpy as np
    from itertools import chain

    n = len(candidates)
    rows = np.arange(n)
    firsts = [c[1][0] if len(c[1]) else () for c in candidates]
    seconds = [c[1][-1] if len(c[1]) else () for c in candidates]
    if set(map(type, chain.from_iterable(firsts + seconds))) <= {int} and \
            all(len(p) == N for p in chain(firsts, seconds)):
        A = np.array(firsts, dtype=np.int64).reshape(n, N)
        B = np.array(seconds, dtype=np.int64).reshape(n, N)
        sizes = np.array([len(c[1]) for c in candidates])
        kinds = [c[0] for c in candidates]
        unrealizable = np.array([x == "unrealizable" for x in kinds]) & (sizes == 1)
        has_wall = np.array([x == "not-adjacent" for x in kinds]) & (sizes == 2)
        differ = (A != B).sum(axis=1)
        good = (unrealizable | has_wall & (differ == 1)) & \
            ((A >= 0) & (A < n_terms) & (B >= 0) & (B < n_terms)).all(axis=1)
        moved = (A != B).argmax(axis=1)
        wall = np.stack([moved, A[rows, moved], B[rows, moved]], axis=1)
        wall[~has_wall] = -1
        A = np.where(good[:, None], A, 0)
    else:
        # patterns of other types: one at a time
        good = np.ones(n, dtype=bool)
        A = np.zeros((n, N), dtype=np.int64)
        wall = np.full((n, 3), -1, dtype=np.int64)
        for c, (kind, patterns) in enumerate(candidates):
            patterns = tuple(tuple(p) for p in patterns) if isinstance(
                patterns, (tuple, list)) else patterns
            system = rejected_system(kind, patterns, N, n_terms) if patterns else None
            if system is None:
                good[c] = False
                continue
            A[c] = [int(s) for s in patterns[0]]
            if system[1] is not None:
                wall[c] = system[1]
        has_wall = wall[:, 0] >= 0

    # inequalities: k is the term of the first pattern at i, and not the wall
    own = A[owner, i] == k
    is_wall = (i == wall[owner, 0]) & (k == wall[owner, 1]) & (l == wall[owner, 2])
    entry_ok = np.where(is_equation, is_wall, own & ~is_wall)
    np.logical_and.at(good, owner, entry_ok)

    # exactly one equation where the system has a wall, none otherwise
    n_equations = np.bincount(owner[is_equation], minlength=n)
    good &= n_equations == has_wall.astype(np.int64)
    return good
