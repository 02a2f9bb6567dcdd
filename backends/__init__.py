r"""
Engines behind tropnet's public API.

Every engine is one module of this package and exposes the same functions:

- ``enumerate_fan(vectors, n_terms, *, progress=False, **options)`` -- an
  iterator over the maximal cones and the walls of the classification fan, as
  :class:`Cone` and :class:`Wall` records (an engine may also yield
  :class:`Rejection` records, exact certificates for candidates it discarded);
- ``activation_polytope(vectors, n_terms)`` -- the activation polytope as a
  Sage ``Polyhedron``, where the engine can build it;
- ``is_available()`` -- whether the engine's external software is present.

``vectors`` are the *distinct* homogenised data points `v_i = (1, p_i)`, as
tuples of rationals; patterns are tuples indexed like ``vectors`` with values in
``range(n_terms)``.  A parameter vector `\theta` is the flat tuple of the
``n_terms`` blocks `\theta_k = (c_k, w_k)` of length ``len(vectors[0])``.

Nothing here knows about presentation: the public API in :mod:`tropnet`
expands patterns to repeated points, builds Sage objects and checks
certificates.  Engines are chosen by name through :func:`get_backend`.

EXAMPLES:

Two points on a line, `v_0 = (1, 0)` and `v_1 = (1, 1)`, and two terms.
Every engine reports the same four cones and four walls::

    sage: from tropnet.backends import BACKENDS, Cone, Wall, get_backend
    sage: V = [(1, 0), (1, 1)]
    sage: engine = get_backend("native")
    sage: records = list(engine.enumerate_fan(V, 2))
    sage: sorted(r.pattern for r in records if isinstance(r, Cone))
    [(0, 0), (0, 1), (1, 0), (1, 1)]
    sage: sum(isinstance(r, Wall) for r in records)
    4

A record carries its own certificate; the activation pattern at the point
of a cone is the cone's pattern::

    sage: from tropnet.backends import argmax_pattern
    sage: cone = next(r for r in records if isinstance(r, Cone))
    sage: argmax_pattern(cone.point, V, 2) == cone.pattern
    True
"""
import importlib
from typing import NamedTuple, Tuple

BACKENDS = ("native", "normaliz", "polymake")

#: The number of maximal cones an engine refuses to go past unless told
#: otherwise (its ``max_cones`` option): about a gigabyte of records.
DEFAULT_MAX_CONES = 10 ** 6

#: The largest number of terms `K = n + m` an engine accepts: the engines
#: hold arrays of `K^2` entries per data vector, and `K = 2^{15}` already
#: means 8 GB for one vector.
MAX_TERMS = 2 ** 15

#: The largest bit size of a coordinate, once the denominators of all points
#: are cleared, that the engines accept.  The native engine finds candidates
#: in double precision and Normaliz converts integers to doubles internally
#: (it aborts the whole process beyond about `2^{1023}`), so tropnet refuses
#: such data with a clear message instead.
MAX_COORDINATE_BITS = 1000


class Cone(NamedTuple):
    r"""
    A maximal cone of the classification fan, as an engine reports it.

    INPUT:

    - ``pattern`` -- tuple of integers; the activation pattern `\sigma`,
      ``pattern[i]`` the term that wins at the distinct vector `v_i`
    - ``point`` -- tuple of rationals; an exact point `\theta` of the open
      cone, checked by :func:`tropnet.certificates.check_interior_point`

    OUTPUT: a named tuple

    EXAMPLES::

        sage: from tropnet.backends import Cone
        sage: c = Cone((0, 1), (1, -2, 0, 0)); c
        Cone(pattern=(0, 1), point=(1, -2, 0, 0))
        sage: from tropnet.certificates import check_interior_point
        sage: check_interior_point([(1, 0), (1, 1)], 2, c.pattern, c.point)
        True
    """
    pattern: Tuple[int, ...]
    point: tuple


class Wall(NamedTuple):
    r"""
    A wall of the classification fan: two patterns whose cones share a
    facet, and an exact point in the relative interior of that facet.

    INPUT:

    - ``first``, ``second`` -- the two activation patterns; they differ at
      the single distinct vector ``index`` only
    - ``point`` -- tuple of rationals; a point of the relative interior of
      the shared facet, checked by
      :func:`tropnet.certificates.check_wall_point`
    - ``index`` -- integer; the vector that changes term
    - ``terms`` -- pair of integers; the vector ``index`` moves from term
      ``terms[0]`` (in ``first``) to term ``terms[1]`` (in ``second``)

    OUTPUT: a named tuple

    EXAMPLES:

    At `\theta = (1, -1, 0, 0)` the two terms tie at `v_1 = (1, 1)` and term
    0 wins at `v_0 = (1, 0)`::

        sage: from tropnet.backends import Wall
        sage: w = Wall((0, 0), (0, 1), (1, -1, 0, 0), 1, (0, 1)); w.terms
        (0, 1)
        sage: from tropnet.certificates import check_wall_point
        sage: check_wall_point([(1, 0), (1, 1)], 2, w.first, w.second, w.point)
        True
    """
    first: Tuple[int, ...]
    second: Tuple[int, ...]
    point: tuple
    index: int
    terms: Tuple[int, int]


class Rejection(NamedTuple):
    r"""
    A discarded candidate with its exact certificate.

    ``kind`` is ``"unrealizable"`` (``patterns`` holds one pattern) or
    ``"not-adjacent"`` (two realizable patterns differing at one point whose
    cones do not share a facet).  ``multipliers`` maps each strict inequality
    ``(i, k, l)``, meaning `\langle \theta_k - \theta_l, v_i\rangle > 0`, to a
    nonnegative rational, and ``equation`` (for ``"not-adjacent"``) gives the
    coefficient of the wall equation; the weighted sum of the inequalities and
    the equation is the zero linear form, with a positive weight somewhere,
    which proves the strict system infeasible (Motzkin's transposition
    theorem).

    For ``"not-adjacent"``, the inequalities are those of ``patterns[0]``
    (without the one of the wall) and ``equation = (i, k, l, c)`` is the wall
    where ``patterns[0][i] = k`` and ``patterns[1][i] = l`` tie: the face of
    the first cone on that wall is not a facet, so the two cones meet in
    codimension at least two.

    INPUT:

    - ``kind`` -- string; ``"unrealizable"`` or ``"not-adjacent"``
    - ``patterns`` -- tuple of one or two patterns
    - ``multipliers`` -- dictionary from triples ``(i, k, l)`` to
      nonnegative rationals
    - ``equation`` -- ``None`` (default) or a quadruple ``(i, k, l, c)``

    OUTPUT: a named tuple

    EXAMPLES:

    On the points `0, 1/2, 1` of a line, no affine function is positive at
    the middle point and negative at both ends: twice the middle
    inequality plus the two outer ones is the zero form::

        sage: from tropnet.backends import Rejection
        sage: V = [(1, 0), (1, 1/2), (1, 1)]
        sage: y = {(0, 0, 1): 1, (1, 1, 0): 2, (2, 0, 1): 1}
        sage: r = Rejection("unrealizable", ((0, 1, 0),), y); r.equation is None
        True
        sage: from tropnet.certificates import check_rejection
        sage: check_rejection(V, 2, r.kind, r.patterns, r.multipliers, r.equation)
        True
    """
    kind: str
    patterns: tuple
    multipliers: dict
    equation: object = None


def get_backend(name):
    r"""
    Return the engine module called ``name``.

    INPUT:

    - ``name`` -- string; one of ``"native"``, ``"normaliz"``, ``"polymake"``
      (see :data:`BACKENDS`)

    OUTPUT: a module with the functions listed at the top of
    :mod:`tropnet.backends`

    EXAMPLES::

        sage: from tropnet.backends import get_backend
        sage: get_backend("normaliz").__name__
        'tropnet.backends.normaliz'
        sage: get_backend("normaliz").is_available()
        True

    TESTS::

        sage: get_backend("cdd")
        Traceback (most recent call last):
        ...
        ValueError: backend: unknown engine 'cdd'; choose one of 'native', 'normaliz',
        'polymake'
    """
    if name not in BACKENDS:
        choices = ", ".join(repr(b) for b in BACKENDS)
        raise ValueError(f"backend: unknown engine {name!r}; choose one of {choices}")
    return importlib.import_module(f"{__name__}.{name}")


def argmax_pattern(theta, vectors, n_terms):
    r"""
    Return the activation pattern at the exact point ``theta``: for each
    vector, the term that is strictly largest there.

    INPUT:

    - ``theta`` -- a rational vector of length ``n_terms * len(vectors[0])``,
      the blocks `\theta_k` one after the other
    - ``vectors`` -- the homogenised data vectors `v_i`
    - ``n_terms`` -- the number `K` of terms

    OUTPUT: a tuple of integers in ``range(n_terms)``, or ``None`` if at
    some vector two terms are largest (``theta`` lies on a wall)

    EXAMPLES::

        sage: from tropnet.backends import argmax_pattern
        sage: argmax_pattern((0, 1, 0, 0), [(1, 2), (1, -2)], 2)
        (0, 1)
        sage: argmax_pattern((0, 1, 0, 0), [(1, 0)], 2) is None
        True
    """
    width = len(vectors[0])
    blocks = [theta[k * width:(k + 1) * width] for k in range(n_terms)]
    pattern = []
    for v in vectors:
        values = [sum(a * b for a, b in zip(block, v)) for block in blocks]
        best = max(values)
        winners = [k for k, x in enumerate(values) if x == best]
        if len(winners) != 1:
            return None
        pattern.append(winners[0])
    return tuple(pattern)


def cone_count_lower_bound(n_vectors, n_terms, cap=None):
    r"""
    Return a lower bound on the number of maximal cones of the
    classification fan of ``n_vectors`` distinct points with ``n_terms``
    terms, valid for every configuration.

    Along a generic direction the points are sorted, and a parameter that
    only sees that direction realises every partition of the sorted points
    into `r` intervals with any `r` distinct terms (``math.md``: the count of
    collinear points).  So the fan has at least
    `\sum_{r} inom{N-1}{r-1} K!/(K-r)!` maximal cones, with equality for
    collinear points.

    INPUT:

    - ``n_vectors`` -- integer `N \ge 1`, the number of distinct points
    - ``n_terms`` -- integer `K \ge 1`
    - ``cap`` -- integer or ``None`` (default); stop adding once the sum
      exceeds ``cap`` (the answer is then some number above ``cap``)

    OUTPUT: an integer

    EXAMPLES:

    Four distinct points and a linear classifier: at least the `8` cones of
    four points on a line; one point has exactly `K` cones::

        sage: from tropnet.backends import cone_count_lower_bound
        sage: cone_count_lower_bound(4, 2), cone_count_lower_bound(1, 5)
        (8, 5)
        sage: cone_count_lower_bound(3, 3)     # 3 + 2*(3*2) + 3*2*1
        21
        sage: cone_count_lower_bound(3, 10 ** 6 + 1, cap=10 ** 6) > 10 ** 6
        True
    """
    total = 0
    falling = 1          # K!/(K-r)!
    binomial = 1         # C(N-1, r-1)
    for r in range(1, min(n_vectors, n_terms) + 1):
        falling *= n_terms - r + 1
        if r > 1:
            binomial = binomial * (n_vectors - r + 1) // (r - 1)
        total += binomial * falling
        if cap is not None and total > cap:
            break
    return total


def check_size(vectors, n_terms, max_cones=DEFAULT_MAX_CONES):
    r"""
    Refuse, before any work, data that no engine can handle within memory
    or within the range of its arithmetic.

    INPUT:

    - ``vectors`` -- the distinct homogenised data vectors
    - ``n_terms`` -- integer; the number `K` of terms
    - ``max_cones`` -- integer or ``None`` (default: `10^6`); the number of
      maximal cones the caller accepts

    OUTPUT: ``None``; ``MemoryError`` when the fan certainly has more than
    ``max_cones`` maximal cones (by :func:`cone_count_lower_bound`) or
    ``n_terms`` exceeds :data:`MAX_TERMS`, ``ValueError`` when a coordinate
    exceeds :data:`MAX_COORDINATE_BITS` bits once denominators are cleared

    EXAMPLES::

        sage: from tropnet.backends import check_size
        sage: check_size([(1, 0), (1, 1), (1, 2)], 3)

    TESTS::

        sage: check_size([(1, 0), (1, 1), (1, 2)], 1001)
        Traceback (most recent call last):
        ...
        MemoryError: n, m: 3 distinct points and 1001 terms have more than
        1000000 maximal cones (at least 1002002001 for any such data); raise
        max_cones, or use fewer terms or points
        sage: check_size([(1, 0)], 10 ** 6, max_cones=None)
        Traceback (most recent call last):
        ...
        MemoryError: n, m: 1000000 terms are more than the 32768 the engines
        handle (they keep arrays of K^2 entries per point)
        sage: check_size([(1, 10 ** 400), (1, 1)], 2)
        Traceback (most recent call last):
        ...
        ValueError: points: a coordinate has 1329 bits once the denominators
        are cleared; the engines handle at most 1000 (floating-point
        candidates, and Normaliz's internal doubles, overflow beyond); rescale
        the data
    """
    K = int(n_terms)
    if K > MAX_TERMS:
        raise MemoryError(f"n, m: {K} terms are more than the {MAX_TERMS} the engines "
                          "handle (they keep arrays of K^2 entries per point)")
    if max_cones is not None:
        lower = cone_count_lower_bound(len(vectors), K, cap=max_cones)
        if lower > max_cones:
            exact = cone_count_lower_bound(len(vectors), K, cap=10 ** 30)
            at_least = exact if exact <= 10 ** 30 else "10^30"
            raise MemoryError(
                f"n, m: {len(vectors)} distinct points and {K} terms have more than "
                f"{max_cones} maximal cones (at least {at_least} for any such data); "
                "raise max_cones, or use fewer terms or points")
    denominator = 1
    largest = 0
    for v in vectors:
        for x in v:
            x = x if hasattr(x, "denominator") and not callable(x.denominator) \
                else _as_fraction(x)
            denominator = denominator * x.denominator // _gcd(denominator,
                                                              x.denominator)
            largest = max(largest, abs(x.numerator) // x.denominator + 1)
    bits = (largest * denominator).bit_length()
    if bits > MAX_COORDINATE_BITS:
        raise ValueError(
            f"points: a coordinate has {bits} bits once the denominators are "
            f"cleared; the engines handle at most {MAX_COORDINATE_BITS} "
            "(floating-point candidates, and Normaliz's internal doubles, overflow "
            "beyond); rescale the data")


def _as_fraction(x):
    from fractions import Fraction
    return Fraction(int(x.numerator()), int(x.denominator()))


def _gcd(a, b):
    from math import gcd
    return gcd(a, b)
