r"""
The reference engine: Sage polyhedra over Normaliz.

The activation polytope `P = \Delta_1 + \dots + \Delta_N` is built as an exact
Minkowski sum, one simplex `\Delta_i = \mathrm{conv}\{e_k \otimes v_i\}` at a
time, with ``Polyhedron(..., backend="normaliz")``.  Its vertices are the
maximal cones of the classification fan and the edges of its vertex graph are
the walls.

`P` is never full-dimensional, so Sage's ``normal_fan()`` refuses it.  This
module computes the normal cone of each vertex `u` directly: it is
`\{\theta : \langle \theta, u - w\rangle \ge 0\}` for the neighbours `w` of
`u`, a full-dimensional cone containing the lineality space.  Its
representative point (an exact rational point of its interior) is read off,
and the activation pattern is the exact argmax at that point, never a guess.
The point of a wall between `u` and its neighbour `w` is the sum of the
extreme rays of the normal cone of `u` on the hyperplane
`\langle\theta, u - w\rangle = 0`: that face is the facet dual to the edge
`uw`, and the sum of its rays lies in its relative interior.

The cost is that of the Minkowski sum, which grows with the intermediate
polytopes; use it on small cases and as the reference of the other engines.

EXAMPLES:

Three points on a line and two terms: the activation polytope is a hexagon,
so the fan has six cones, and each edge of the hexagon is a wall::

    sage: from tropnet.backends.normaliz import activation_polytope, enumerate_fan
    sage: V = [(1, 0), (1, 1), (1, 2)]
    sage: P = activation_polytope(V, 2); P.n_vertices(), len(P.graph().edges())
    (6, 6)
    sage: records = list(enumerate_fan(V, 2, polytope=P))
    sage: sorted(r.pattern for r in records if type(r).__name__ == "Cone")
    [(0, 0, 0), (0, 0, 1), (0, 1, 1), (1, 0, 0), (1, 1, 0), (1, 1, 1)]

The points come with the records and check out exactly::

    sage: from tropnet.backends import Cone
    sage: from tropnet.certificates import check_interior_point, check_wall_point
    sage: all(check_interior_point(V, 2, r.pattern, r.point) if isinstance(r, Cone)
    ....:     else check_wall_point(V, 2, r.first, r.second, r.point)
    ....:     for r in records)
    True
"""
import logging
import time

from sage.geometry.polyhedron.constructor import Polyhedron
from sage.rings.rational_field import QQ

from . import DEFAULT_MAX_CONES, Cone, Wall, argmax_pattern, check_size

logger = logging.getLogger("tropnet.backends.normaliz")


def is_available():
    r"""
    Return whether PyNormaliz can be used by Sage, as the feature
    :class:`sage.features.normaliz.PyNormaliz` says.

    INPUT: none

    OUTPUT: boolean

    EXAMPLES::

        sage: from tropnet.backends import normaliz
        sage: normaliz.is_available()
        True
    """
    from sage.features.normaliz import PyNormaliz
    return bool(PyNormaliz().is_present())


def _require():
    if not is_available():
        raise RuntimeError("backend 'normaliz' needs PyNormaliz; install it with "
                           "pip install 'passagemath-polyhedra[normaliz]'")
    # Normaliz parallelises with OpenMP, 8 threads by default.  Beside the
    # thread pool of HiGHS in the same process its OpenMP barrier was seen to
    # deadlock, and the polytopes built here are small: run it on one thread.
    import PyNormaliz
    PyNormaliz.NmzSetNumberOfNormalizThreads(1)


def simplex_vertices(v, n_terms):
    r"""
    Return the vertices `e_k \otimes v` of the simplex of one data vector.

    INPUT:

    - ``v`` -- a homogenised data vector, with rational entries
    - ``n_terms`` -- the number `K` of terms

    OUTPUT: a list of ``n_terms`` tuples of length `K` times ``len(v)``

    EXAMPLES::

        sage: from tropnet.backends.normaliz import simplex_vertices
        sage: simplex_vertices((1, 2), 2)
        [(1, 2, 0, 0), (0, 0, 1, 2)]
    """
    width = len(v)
    zero = QQ.zero()
    result = []
    for k in range(n_terms):
        row = [zero] * (width * n_terms)
        row[k * width:(k + 1) * width] = v
        result.append(tuple(row))
    return result


def activation_polytope(vectors, n_terms, max_vertices=None):
    r"""
    Return the activation polytope of ``vectors`` with ``n_terms`` terms.

    INPUT:

    - ``vectors`` -- the distinct homogenised data vectors `(1, p_i)`
    - ``n_terms`` -- the number `K` of terms
    - ``max_vertices`` -- integer or ``None`` (default); if given, stop with
      a ``MemoryError`` as soon as a partial sum has more vertices (the
      partial sums' normal fans are refined by the final one, so their
      vertex counts only grow)

    OUTPUT: the Minkowski sum of the simplices of the vectors (see
    :func:`simplex_vertices`), a Sage polyhedron over ``QQ`` with backend
    ``"normaliz"``

    EXAMPLES::

        sage: from tropnet.backends.normaliz import activation_polytope
        sage: P = activation_polytope([(1, 0), (1, 1)], 2); P
        A 2-dimensional polyhedron in QQ^4 defined as the convex hull of 4 vertices
        sage: P.backend()
        'normaliz'

    TESTS::

        sage: activation_polytope([(1, 0), (1, 1), (1, 2)], 3, max_vertices=10)
        Traceback (most recent call last):
        ...
        MemoryError: max_cones: the activation polytope has more than 10 vertices
        after 3 of 3 points; raise max_cones or use fewer points
    """
    _require()
    start = time.perf_counter()
    polytope = None
    for i, v in enumerate(vectors):
        simplex = Polyhedron(vertices=simplex_vertices(v, n_terms), base_ring=QQ,
                             backend="normaliz")
        polytope = simplex if polytope is None else polytope.minkowski_sum(simplex)
        logger.debug("Minkowski sum with simplex %d: %d vertices, %.3f s",
                     i, polytope.n_vertices(), time.perf_counter() - start)
        if max_vertices is not None and polytope.n_vertices() > max_vertices:
            raise MemoryError(f"max_cones: the activation polytope has more than "
                              f"{max_vertices} vertices after {i + 1} of "
                              f"{len(vectors)} points; raise max_cones or use "
                              "fewer points")
    return polytope


def _argmax_pattern(theta, vectors, n_terms):
    pattern = argmax_pattern(theta, vectors, n_terms)
    if pattern is None:
        raise ArithmeticError("normaliz backend: representative point of a normal "
                                  "cone lies on a wall; the polytope is inconsistent")
    return pattern


def enumerate_fan(vectors, n_terms, *, progress=False, polytope=None,
                  max_cones=DEFAULT_MAX_CONES):
    r"""
    Iterate over the maximal cones and the walls of the classification fan.

    INPUT:

    - ``vectors`` -- the distinct homogenised data vectors
    - ``n_terms`` -- the number `K = n + m` of terms
    - ``progress`` -- boolean (default: ``False``); show a progress bar
    - ``polytope`` -- optional; the activation polytope, if already built
    - ``max_cones`` -- integer (default: `10^6`); refuse, with a
      ``MemoryError``, fans with more maximal cones

    OUTPUT: an iterator yielding first every :class:`~tropnet.backends.Cone`,
    then every :class:`~tropnet.backends.Wall`

    EXAMPLES::

        sage: from tropnet.backends.normaliz import enumerate_fan
        sage: records = list(enumerate_fan([(1, 0), (1, 1)], 2))
        sage: sorted(r.pattern for r in records if type(r).__name__ == "Cone")
        [(0, 0), (0, 1), (1, 0), (1, 1)]
        sage: sum(1 for r in records if type(r).__name__ == "Wall")
        4

    TESTS::

        sage: list(enumerate_fan([(1, 0, 0), (1, 1, 0), (1, 0, 1)], 2, max_cones=7))
        Traceback (most recent call last):
        ...
        MemoryError: max_cones: the activation polytope has more than 7 vertices
        after 3 of 3 points; raise max_cones or use fewer points
        sage: list(enumerate_fan([(1, 0), (1, 1), (1, 2)], 2, max_cones=5))
        Traceback (most recent call last):
        ...
        MemoryError: n, m: 3 distinct points and 2 terms have more than 5 maximal
        cones (at least 6 for any such data); raise max_cones, or use fewer terms or
        points

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
    from ..features import progress_bar

    check_size(vectors, n_terms, max_cones)

    P = activation_polytope(vectors, n_terms, max_cones) if polytope is None \
        else polytope
    vertices = [vector_of(u) for u in P.vertices()]
    adjacency = P.vertex_adjacency_matrix()
    neighbours = [[j for j in range(len(vertices)) if j != i and adjacency[i, j]]
                  for i in range(len(vertices))]

    start = time.perf_counter()
    patterns = []
    facet_points = []
    bar = progress_bar(range(len(vertices)), progress=progress, desc="normal cones")
    for i in bar:
        u = vertices[i]
        normals = {j: tuple(a - b for a, b in zip(u, vertices[j]))
                   for j in neighbours[i]}
        cone = Polyhedron(ieqs=[(0,) + a for a in normals.values()], base_ring=QQ,
                          backend="normaliz")
        point = tuple(cone.representative_point())
        pattern = _argmax_pattern(point, vectors, n_terms)
        patterns.append(pattern)
        yield Cone(pattern, point)

        # the face of the cone on <theta, u - w> = 0 is the facet dual to the
        # edge uw; the sum of its extreme rays lies in its relative interior
        rays = [tuple(r.vector()) for r in cone.rays()]
        points = {}
        for j, a in normals.items():
            if j > i:
                on_facet = [r for r in rays if sum(x * y for x, y in zip(r, a)) == 0]
                points[j] = tuple(sum(c) for c in zip(*on_facet)) if on_facet \
                    else tuple(QQ.zero() for _ in a)
        facet_points.append(points)
    logger.debug("normal cones of %d vertices: %.3f s", len(vertices),
                 time.perf_counter() - start)

    for i in range(len(vertices)):
        for j, point in facet_points[i].items():
            first, second = patterns[i], patterns[j]
            moved = [t for t, (a, b) in enumerate(zip(first, second)) if a != b]
            if len(moved) != 1:
                raise ArithmeticError("normaliz backend: an edge of the activation "
                                      f"polytope joins patterns {first} and {second}, "
                                      "which differ at more than one point")
            t = moved[0]
            yield Wall(first, second, point, t, (first[t], second[t]))


def vector_of(vertex):
    r"""
    Return the coordinates of a Sage vertex as a tuple of rationals.

    INPUT:

    - ``vertex`` -- a vertex of a Sage polyhedron

    OUTPUT: a tuple of elements of ``QQ``

    EXAMPLES::

        sage: from sage.geometry.polyhedron.constructor import Polyhedron
        sage: from tropnet.backends.normaliz import vector_of
        sage: vector_of(Polyhedron(vertices=[(1, 2)]).vertices()[0])
        (1, 2)
    """
    return tuple(QQ(x) for x in vertex.vector())
