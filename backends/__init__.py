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
"""
import importlib
from typing import NamedTuple, Tuple

BACKENDS = ("native", "normaliz", "polymake")


class Cone(NamedTuple):
    r"""A maximal cone: its activation pattern and an exact interior point."""
    pattern: Tuple[int, ...]
    point: tuple


class Wall(NamedTuple):
    r"""
    A wall: two patterns whose cones share a facet, and an exact point in the
    relative interior of that facet.  The patterns differ at the single
    distinct point ``index``, which moves from term ``terms[0]`` (in ``first``)
    to term ``terms[1]`` (in ``second``).
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
    """
    kind: str
    patterns: tuple
    multipliers: dict
    equation: object = None


def get_backend(name):
    r"""
    Return the engine module called ``name``.

    EXAMPLES::

        sage: from tropnet.backends import get_backend
        sage: get_backend("normaliz").__name__
        'tropnet.backends.normaliz'
        sage: get_backend("cdd")
        Traceback (most recent call last):
        ...
        ValueError: backend: unknown engine 'cdd'; choose one of 'native', 'normaliz', 'polymake'
    """
    if name not in BACKENDS:
        choices = ", ".join(repr(b) for b in BACKENDS)
        raise ValueError(f"backend: unknown engine {name!r}; choose one of {choices}")
    return importlib.import_module(f"{__name__}.{name}")


def argmax_pattern(theta, vectors, n_terms):
    r"""
    Return the activation pattern at the exact point ``theta``: for each
    vector, the term that is strictly largest there; ``None`` if some vector
    has two largest terms (``theta`` lies on a wall).

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
