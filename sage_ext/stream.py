r"""
Streaming the classification fan: records one at a time, checked, never stored.

:class:`~tropnet.ClassificationFan` keeps every cone and wall in memory.  At
the size of the paper's example and beyond, a caller who only counts, writes
or filters the records can instead iterate over them with
:func:`enumerate_fan`: memory stays bounded by what the caller keeps (and,
inside the engine, one entry per orbit of cones under relabelling the terms).
Every record is checked in exact arithmetic by :mod:`tropnet.certificates`,
in batches, before it is handed out.

EXAMPLES:

The corners of a square and a linear classifier: the cones are the 14
chambers of four planes in general position through the origin of `\RR^3`
(Cover's count), and each plane is cut by the three others into 6 facets,
so there are `4 \cdot 6 = 24` walls::

    sage: from tropnet.stream import enumerate_fan
    sage: from tropnet.backends import Cone, Wall
    sage: records = enumerate_fan([[0, 0], [1, 0], [0, 1], [1, 1]], n=1, m=1)
    sage: counts = {}
    sage: for r in records:
    ....:     counts[type(r).__name__] = counts.get(type(r).__name__, 0) + 1
    sage: counts["Cone"], counts["Wall"]
    (14, 24)

Repeated points move together; patterns are reported for all points::

    sage: sorted(r.pattern for r in enumerate_fan([[0], [1], [1]], 1, 1)
    ....:        if isinstance(r, Cone))
    [(0, 0, 0), (0, 1, 1), (1, 0, 0), (1, 1, 1)]

A long run writes a checkpoint file and resumes from it; the records of a
finished run can be read back without computing (see
:func:`tropnet.backends.native.read_checkpoint`)::

    sage: import os, tempfile
    sage: path = os.path.join(tempfile.mkdtemp(), "fan.jsonl")
    sage: n = sum(1 for _ in enumerate_fan([[0], [1], [2]], 1, 2, checkpoint=path))
    sage: n == sum(1 for _ in enumerate_fan([[0], [1], [2]], 1, 2, checkpoint=path))
    True
"""
import logging
import time

from sage.rings.rational_field import QQ

from .backends import (DEFAULT_MAX_CONES, Cone, Rejection, Wall, check_size,
                       get_backend)
from .certificates import (check_infeasibilities, check_interior_points,
                           check_wall_points)
from .data import Dataset

logger = logging.getLogger("tropnet.stream")

CHUNK = 4096


def verified_records(vectors, n_terms, records, backend="engine", chunk=CHUNK):
    r"""
    Iterate over ``records``, checking the certificates of each batch of
    ``chunk`` records exactly before yielding them.

    INPUT:

    - ``vectors`` -- the distinct homogenised data vectors
    - ``n_terms`` -- the number of terms
    - ``records`` -- an iterable of :class:`~tropnet.backends.Cone`,
      :class:`~tropnet.backends.Wall` and
      :class:`~tropnet.backends.Rejection` records
    - ``backend`` -- string; the engine's name, for error messages
    - ``chunk`` -- integer (default: 4096); records checked at once

    OUTPUT: the same records; ``ArithmeticError`` is raised at the first
    batch holding a record whose certificate fails

    EXAMPLES::

        sage: from tropnet.backends import Cone
        sage: from tropnet.stream import verified_records
        sage: V = [(1, 0), (1, 1)]
        sage: list(verified_records(V, 2, [Cone((0, 1), (1, -2, 0, 0))]))
        [Cone(pattern=(0, 1), point=(1, -2, 0, 0))]
        sage: list(verified_records(V, 2, [Cone((0, 0), (1, -2, 0, 0))], "mine"))
        Traceback (most recent call last):
        ...
        ArithmeticError: backend 'mine' returned a point outside the cone of (0, 0)
    """
    buffer = []
    seconds = 0.0
    n_checked = 0
    for record in records:
        buffer.append(record)
        if len(buffer) >= chunk:
            start = time.perf_counter()
            _check(vectors, n_terms, buffer, backend)
            seconds += time.perf_counter() - start
            n_checked += len(buffer)
            yield from buffer
            buffer = []
    start = time.perf_counter()
    _check(vectors, n_terms, buffer, backend)
    seconds += time.perf_counter() - start
    n_checked += len(buffer)
    logger.debug("checked %d records in %.3f s", n_checked, seconds)
    yield from buffer


def _check(vectors, n_terms, records, backend):
    cones = [r for r in records if isinstance(r, Cone)]
    walls = [r for r in records if isinstance(r, Wall)]
    rejections = [r for r in records if isinstance(r, Rejection)]
    ok = check_interior_points(vectors, n_terms, [r.pattern for r in cones],
                               [r.point for r in cones])
    for r, good in zip(cones, ok):
        if not good:
            raise ArithmeticError(f"backend {backend!r} returned a point outside the "
                                  f"cone of {r.pattern}")
    ok = check_wall_points(vectors, n_terms, [r.first for r in walls],
                           [r.second for r in walls], [r.point for r in walls])
    for r, good in zip(walls, ok):
        if not good:
            raise ArithmeticError(f"backend {backend!r} returned a wall point not on a "
                                  f"facet shared by {r.first} and {r.second}")
    ok = check_infeasibilities(vectors, n_terms,
                               [(r.multipliers, r.equation) for r in rejections],
                               [(r.kind, r.patterns) for r in rejections])
    for r, good in zip(rejections, ok):
        if not good:
            raise ArithmeticError(f"backend {backend!r} returned an invalid "
                                  f"{r.kind!r} certificate for {r.patterns}")


def enumerate_fan(points, n, m, backend="native", verify=True, progress=False,
                  **options):
    r"""
    Iterate over the maximal cones, walls and rejected candidates of the
    classification fan of ``points`` with ``n`` numerator and ``m``
    denominator terms, without storing them.

    INPUT:

    - ``points`` -- a sequence of points in `\QQ^d` or a
      :class:`~tropnet.data.Dataset`
    - ``n``, ``m`` -- integers `\ge 1`
    - ``backend`` -- string (default: ``"native"``); the engine
    - ``verify`` -- boolean (default: ``True``); check every certificate
      exactly (:mod:`tropnet.certificates`) before yielding it
    - ``progress`` -- boolean (default: ``False``); show a progress bar
    - further keyword arguments go to the engine, e.g. ``checkpoint=PATH``,
      ``max_cones=...`` for the native engine
      (:func:`tropnet.backends.native.enumerate_fan`)

    OUTPUT: an iterator of :class:`~tropnet.backends.Cone`,
    :class:`~tropnet.backends.Wall` and :class:`~tropnet.backends.Rejection`
    records, with patterns over all points (repeated points have equal
    entries).  A wall's ``index`` and the keys ``(i, k, l)`` of multipliers
    name the first point of the moved group of equal points.

    EXAMPLES::

        sage: from tropnet.stream import enumerate_fan
        sage: walls = [r for r in enumerate_fan([[0], [2], [2]], 1, 1)
        ....:          if type(r).__name__ == "Wall"]
        sage: sorted((w.first, w.second, w.index) for w in walls)[:2]
        [((0, 0, 0), (0, 1, 1), 1), ((0, 0, 0), (1, 0, 0), 0)]

    TESTS::

        sage: enumerate_fan([[0], [1]], 1, 0)
        Traceback (most recent call last):
        ...
        ValueError: m: the number of denominator terms must be an integer >= 1, got 0
        sage: enumerate_fan([[0], [1]], 1, 1, backend="cdd")
        Traceback (most recent call last):
        ...
        ValueError: backend: unknown engine 'cdd'; choose one of 'native', 'normaliz',
        'polymake'

    Sizes beyond memory are refused when the iterator is made, before any
    work (see :func:`tropnet.backends.check_size`)::

        sage: enumerate_fan([[0], [1], [2]], 1000, 1)
        Traceback (most recent call last):
        ...
        MemoryError: n, m: 3 distinct points and 1001 terms have more than
        1000000 maximal cones (at least 1002002001 for any such data); raise
        max_cones, or use fewer terms or points
    """
    from .fan import _engine_options, _engine_parameters, _positive_integer
    data = points if isinstance(points, Dataset) else Dataset(points)
    n_terms = _positive_integer(n, "n", "numerator") + \
        _positive_integer(m, "m", "denominator")
    engine = get_backend(backend)
    options = _engine_options(engine, backend, options)
    distinct, index = data.distinct()
    vectors = tuple((QQ.one(),) + p for p in distinct)
    accepted = _engine_parameters(engine) or {}
    check_size(vectors, n_terms,
               options.get("max_cones", accepted.get("max_cones", DEFAULT_MAX_CONES)))
    # everything above is checked when enumerate_fan is called; the records
    # are computed as they are asked for
    return _records(engine, backend, vectors, n_terms, distinct, index, verify,
                    progress, options)


def _records(engine, backend, vectors, n_terms, distinct, index, verify, progress,
             options):
    first = {}
    for full, c in enumerate(index):
        first.setdefault(c, full)
    records = engine.enumerate_fan(vectors, n_terms, progress=progress, **options)
    if verify:
        records = verified_records(vectors, n_terms, records, backend)
    if len(distinct) == len(index):
        yield from records
        return

    def full(pattern):
        return tuple(pattern[c] for c in index)

    for r in records:
        if isinstance(r, Cone):
            yield Cone(full(r.pattern), r.point)
        elif isinstance(r, Wall):
            yield Wall(full(r.first), full(r.second), r.point, first[r.index], r.terms)
        else:
            mult = {(first[i], k, l): y for (i, k, l), y in r.multipliers.items()}
            eq = None if r.equation is None else (first[r.equation[0]],) + \
                tuple(r.equation[1:])
            yield Rejection(r.kind, tuple(full(p) for p in r.patterns), mult, eq)
