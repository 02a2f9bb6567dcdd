r"""
The classification fan of a tropical rational classifier.

For data points `p_1, \dots, p_N \in \QQ^d` and a classifier
`f_\theta(x) = \max_{k < n} \langle\theta_k, (1, x)\rangle -
\max_{k \ge n} \langle\theta_k, (1, x)\rangle` with `K = n + m` terms
(terms are numbered from 0; terms `0, \dots, n-1` form the numerator), the
parameter space `\RR^{K(d+1)}` is subdivided into the polyhedral cones on
which the *activation pattern* -- which term wins at each point -- is fixed.
This is the normal fan of the activation polytope.

A tour::

    sage: from tropnet import ClassificationFan
    sage: F = ClassificationFan([[0], [1], [2]], n=1, m=1)
    sage: F.n_maximal_cones(), F.n_walls(), F.dim()
    (6, 6, 4)
    sage: sigma = next(iter(F.maximal_cones())); sigma
    (0, 0, 0)
    sage: F.interior_point(sigma) in F.cone(sigma).interior()
    True
    sage: F.sign_vector(sigma)
    (1, 1, 1)
    sage: F.lineality_space().dimension()
    2

Every interior point and every wall comes with an exact certificate, checked
when the fan is computed (see :mod:`tropnet.certificates`)::

    sage: F.verify()
    True

Bad input is refused::

    sage: ClassificationFan([[0], [1]], n=0, m=1)
    Traceback (most recent call last):
    ...
    ValueError: n: the number of numerator terms must be an integer >= 1, got 0
"""
import inspect
import logging
import time

from sage.matrix.constructor import matrix
from sage.modules.free_module_element import vector
from sage.rings.rational_field import QQ

from .backends import (DEFAULT_MAX_CONES, Cone, Rejection, Wall, check_size,
                       get_backend)
from .certificates import check_interior_point, check_wall_point
from .data import Dataset, as_rational
from .stream import verified_records

logger = logging.getLogger("tropnet")

DEFAULT_BACKEND = "native"


def _positive_integer(value, name, what):
    if isinstance(value, bool) or not hasattr(value, "__index__"):
        raise ValueError(f"{name}: the number of {what} terms must be an integer >= 1, "
                         f"got {value!r}")
    value = int(value.__index__())
    if value < 1:
        raise ValueError(f"{name}: the number of {what} terms must be an integer >= 1, "
                         f"got {value}")
    return value


def _engine_parameters(engine):
    # the keyword options of an engine's enumerate_fan, with their defaults
    # (None for a catch-all **options); the data and the progress flag are
    # passed by ClassificationFan itself
    parameters = {}
    for p in inspect.signature(engine.enumerate_fan).parameters.values():
        if p.kind is inspect.Parameter.VAR_KEYWORD:
            return None
        if p.name in ("vectors", "n_terms", "progress") or \
                p.kind is inspect.Parameter.VAR_POSITIONAL:
            continue
        parameters[p.name] = None if p.default is inspect.Parameter.empty \
            else p.default
    return parameters


def _engine_options(engine, backend, options):
    accepted = _engine_parameters(engine)
    if accepted is None:
        return dict(options)
    for name in options:
        if name not in accepted:
            takes = ", ".join(accepted) if accepted else "no options"
            raise ValueError(f"{name}: not an option of the {backend!r} engine; it "
                             f"takes {takes}")
    return dict(options)


def _exact_point(point, dim, name):
    try:
        if isinstance(point, (str, bytes)):
            raise TypeError
        point = list(point)
    except TypeError:
        raise ValueError(f"{name}: expected a sequence of {dim} rationals, got "
                         f"{point!r}") from None
    point = tuple(as_rational(x, name=f"{name}: entry {i}")
                  for i, x in enumerate(point))
    if len(point) != dim:
        raise ValueError(f"{name}: expected {dim} coordinates, got {len(point)}")
    return point


#: Engines that compute the whole activation polytope: the normal cones of its
#: vertices are all the maximal cones, so their lists are complete.
_POLYTOPE_ENGINES = ("normaliz", "polymake")


def _relabelled(*patterns):
    # the patterns with their terms renamed in order of first appearance: one
    # representative for each orbit under relabelling the terms
    names = {}
    return tuple(tuple(names.setdefault(x, len(names)) for x in p) for p in patterns)


class ClassificationFan:
    r"""
    The classification fan of points under a tropical rational classifier
    with ``n`` numerator and ``m`` denominator terms.

    INPUT:

    - ``points`` -- a nonempty sequence of points in `\QQ^d`, or a
      :class:`~tropnet.data.Dataset` (its labels are kept)
    - ``n``, ``m`` -- integers `\ge 1`
    - ``backend`` -- string (default: ``"native"``); the engine, one of
      ``"native"``, ``"normaliz"``, ``"polymake"``
    - ``progress`` -- boolean (default: ``False``); show progress bars
    - ``verify`` -- boolean (default: ``True``); check every certificate the
      engine returns in exact arithmetic as it arrives
    - further keyword arguments are options of the engine, the keyword
      arguments of its ``enumerate_fan`` (see :meth:`engine_options`); an
      option the engine does not take is refused at once.  For instance
      the native engine takes ``checkpoint=PATH`` (the fan is written to
      that file as it is computed, and a later ``ClassificationFan`` with
      the same points and path resumes from it), ``max_cones`` (the size
      guard) and ``seed`` (of its random starting parameter); see
      :func:`tropnet.backends.native.enumerate_fan`

    The fan is computed on first use.  Repeated points always have the same
    term, so patterns are reported for all points but computed on the
    distinct ones.

    EXAMPLES:

    One point: each of the `n + m` terms can win, so there are `n + m`
    cones::

        sage: from tropnet import ClassificationFan
        sage: ClassificationFan([[3, 1]], n=2, m=1).n_maximal_cones()
        3

    Four points in general position in the plane and a linear classifier:
    Cover's count `2\sum_{j\le 2}\binom{3}{j} = 14`::

        sage: F = ClassificationFan([[0, 0], [1, 0], [0, 1], [2, 3]], 1, 1)
        sage: F.n_maximal_cones()
        14

    Options of the engine are checked when the fan is created::

        sage: ClassificationFan([[0], [1]], 1, 1, max_cones=10, seed=3).n_walls()
        4

    TESTS::

        sage: ClassificationFan([[0], [1]], n=1, m="2")
        Traceback (most recent call last):
        ...
        ValueError: m: the number of denominator terms must be an integer >= 1, got '2'
        sage: ClassificationFan([[0], [1]], 1, 1, backend="cdd")
        Traceback (most recent call last):
        ...
        ValueError: backend: unknown engine 'cdd'; choose one of 'native', 'normaliz',
        'polymake'
        sage: ClassificationFan([[0], [1]], 1, 1, labels=[1, -1])
        Traceback (most recent call last):
        ...
        ValueError: labels: not an option of the 'native' engine; it takes
        checkpoint, resume, max_cones, rejections, seed, batch_size, block_size
        sage: ClassificationFan([[0], [1]], 1, 1, backend="polymake", seed=1)
        Traceback (most recent call last):
        ...
        ValueError: seed: not an option of the 'polymake' engine; it takes
        executable, timeout
    """

    def __init__(self, points, n, m, backend=None, progress=False, verify=True,
                 **options):
        self.data = points if isinstance(points, Dataset) else Dataset(points)
        self.n = _positive_integer(n, "n", "numerator")
        self.m = _positive_integer(m, "m", "denominator")
        self.backend = DEFAULT_BACKEND if backend is None else backend
        self._engine = get_backend(self.backend)
        self._progress = progress
        self._verify = verify
        self._options = _engine_options(self._engine, self.backend, options)
        self._distinct, self._index = self.data.distinct()
        one = QQ.one()
        self._vectors = tuple((one,) + p for p in self._distinct)
        # refuse, before any work, data beyond the engines' memory and range
        accepted = _engine_parameters(self._engine) or {}
        max_cones = self._options.get("max_cones",
                                      accepted.get("max_cones", DEFAULT_MAX_CONES))
        check_size(self._vectors, self.n_terms(), max_cones)
        self._cones = None
        self._walls = None
        self._rejections = []
        self._timings = {}
        self._loaded = False

    # ------------------------------------------------------------------
    # basic data

    def n_terms(self):
        r"""
        Return the number `K = n + m` of terms.

        EXAMPLES::

            sage: from tropnet import ClassificationFan
            sage: ClassificationFan([[0]], 2, 3).n_terms()
            5
        """
        return self.n + self.m

    def points(self):
        r"""
        Return the data points, as tuples over ``QQ``.

        EXAMPLES::

            sage: from tropnet import ClassificationFan
            sage: ClassificationFan([["0.5"], [2]], 1, 1).points()
            ((1/2,), (2,))
        """
        return self.data.points

    def engine_options(self):
        r"""
        Return the options the engine runs with.

        These are the keyword arguments of the engine's ``enumerate_fan``
        (see :mod:`tropnet.backends`) with their default values, updated by
        the options given to the constructor.  The native engine's ``seed``
        is the seed of its random starting parameter; the other engines are
        deterministic and take none.

        INPUT: none

        OUTPUT: a dictionary from option names to values

        EXAMPLES::

            sage: from tropnet import ClassificationFan
            sage: F = ClassificationFan([[0], [1]], 1, 1, seed=5)
            sage: F.engine_options()["seed"], F.engine_options()["max_cones"]
            (5, 1000000)
            sage: ClassificationFan([[0]], 1, 1, backend="normaliz").engine_options()
            {'max_cones': 1000000, 'polytope': None}
        """
        options = dict(_engine_parameters(self._engine) or {})
        options.update(self._options)
        return options

    def dim(self):
        r"""
        Return the dimension `K(d+1)` of the parameter space, which is also
        the dimension of every maximal cone.

        EXAMPLES::

            sage: from tropnet import ClassificationFan
            sage: ClassificationFan([[0, 0]], 2, 2).dim()
            12
        """
        return self.n_terms() * (self.data.dim() + 1)

    def ambient_space(self):
        r"""
        Return the parameter space `\QQ^{K(d+1)}`.

        EXAMPLES::

            sage: from tropnet import ClassificationFan
            sage: ClassificationFan([[0]], 1, 1).ambient_space()
            Vector space of dimension 4 over Rational Field
        """
        from sage.modules.free_module import VectorSpace
        return VectorSpace(QQ, self.dim())

    def lineality_space(self):
        r"""
        Return the lineality space of the fan, the set of `\theta` with
        `\langle\theta_k - \theta_l, v_i\rangle = 0` for all `i, k, l`.

        Its dimension is `d + 1` when the points affinely span `\RR^d`, and
        `(d + 1) + (K - 1)(d - a)` when their affine hull has dimension `a`.

        EXAMPLES::

            sage: from tropnet import ClassificationFan
            sage: ClassificationFan([[0, 0], [1, 0], [0, 1]], 1, 2).lineality_space().dimension()
            3
            sage: ClassificationFan([[0, 0], [1, 1]], 1, 2).lineality_space().dimension()
            5
        """
        rows = []
        for v in self._vectors:
            for l in range(1, self.n_terms()):
                rows.append(self._wall_normal(v, 0, l))
        return matrix(QQ, rows, ncols=self.dim()).right_kernel()

    def _wall_normal(self, v, k, l):
        width = len(v)
        row = [QQ.zero()] * self.dim()
        for j in range(width):
            row[k * width + j] += v[j]
            row[l * width + j] -= v[j]
        return row

    # ------------------------------------------------------------------
    # computation

    def _full(self, distinct_pattern):
        return tuple(distinct_pattern[c] for c in self._index)

    def _distinct_pattern(self, sigma, name="sigma"):
        sigma = tuple(sigma)
        if len(sigma) != self.data.n_points():
            raise ValueError(f"{name}: a pattern has one entry per point "
                             f"({self.data.n_points()}), got {len(sigma)}")
        reduced = [None] * len(self._distinct)
        for i, (c, s) in enumerate(zip(self._index, sigma)):
            if isinstance(s, bool) or not hasattr(s, "__index__") or \
                    not 0 <= int(s) < self.n_terms():
                raise ValueError(f"{name}: entry {i} is {s!r}, not a term in "
                                 f"0..{self.n_terms() - 1}")
            if reduced[c] is None:
                reduced[c] = int(s)
            elif reduced[c] != int(s):
                raise ValueError(f"{name}: repeated points {self._index.index(c)} and "
                                 f"{i} have different terms; no cone has this pattern")
        return tuple(reduced)

    def _compute(self):
        if self._cones is not None:
            return
        start = time.perf_counter()
        cones = {}
        walls = []
        records = self._engine.enumerate_fan(self._vectors, self.n_terms(),
                                             progress=self._progress, **self._options)
        if self._verify:
            # exact batch checks of every certificate (tropnet.certificates)
            records = verified_records(self._vectors, self.n_terms(), records,
                                       self.backend)
        for record in records:
            if isinstance(record, Cone):
                cones[record.pattern] = record.point
            elif isinstance(record, Wall):
                if record.second < record.first:
                    record = Wall(record.second, record.first, record.point,
                                  record.index, record.terms[::-1])
                walls.append(record)
            elif isinstance(record, Rejection):
                self._rejections.append(record)
        self._cones = cones
        self._walls = walls
        self._timings["enumerate"] = time.perf_counter() - start
        logger.info("classification fan of %d points (%d distinct), (n, m) = "
                    "(%d, %d), backend %r: %d maximal cones, %d walls, %.2f s",
                    self.data.n_points(), len(self._vectors), self.n, self.m,
                    self.backend, len(cones), len(walls),
                    self._timings["enumerate"])

    # ------------------------------------------------------------------
    # maximal cones

    def n_maximal_cones(self):
        r"""
        Return the number of maximal cones (realizable activation patterns).

        EXAMPLES::

            sage: from tropnet import ClassificationFan
            sage: ClassificationFan([[0], [1]], 1, 2).n_maximal_cones()
            9
        """
        self._compute()
        return len(self._cones)

    def maximal_cones(self):
        r"""
        Iterate over the realizable activation patterns, in sorted order.

        A pattern is a tuple ``sigma`` with ``sigma[i]`` the term that wins
        at point ``i``; terms ``0..n-1`` form the numerator.

        EXAMPLES::

            sage: from tropnet import ClassificationFan
            sage: list(ClassificationFan([[0], [1], [1]], 1, 1).maximal_cones())
            [(0, 0, 0), (0, 1, 1), (1, 0, 0), (1, 1, 1)]
        """
        self._compute()
        for pattern in sorted(self._cones):
            yield self._full(pattern)

    def is_realizable(self, sigma):
        r"""
        Return whether ``sigma`` is a realizable activation pattern.

        EXAMPLES::

            sage: from tropnet import ClassificationFan
            sage: F = ClassificationFan([[0], [1], [2]], 1, 1)
            sage: F.is_realizable((0, 1, 1)), F.is_realizable((0, 1, 0))
            (True, False)
        """
        try:
            key = self._distinct_pattern(sigma)
        except ValueError:
            return False
        self._compute()
        return key in self._cones

    def _key(self, sigma, name="sigma"):
        key = self._distinct_pattern(sigma, name)
        self._compute()
        if key not in self._cones:
            raise ValueError(f"{name}: {tuple(sigma)} is not a realizable activation "
                             "pattern of this fan")
        return key

    def interior_point(self, sigma):
        r"""
        Return an exact rational point in the interior of the cone of
        ``sigma``.

        EXAMPLES::

            sage: from tropnet import ClassificationFan
            sage: F = ClassificationFan([[0], [1]], 1, 1)
            sage: theta = F.interior_point((0, 1)); theta.base_ring()
            Rational Field
            sage: F.pattern_at(theta)
            (0, 1)
            sage: F.interior_point((0, 2))
            Traceback (most recent call last):
            ...
            ValueError: sigma: entry 1 is 2, not a term in 0..1
        """
        key = self._key(sigma)
        return vector(QQ, self._cones[key])

    def cone(self, sigma):
        r"""
        Return the closed cone of ``sigma`` as a Sage polyhedron.

        It is `\{\theta : \langle\theta_{\sigma(i)} - \theta_k, v_i\rangle
        \ge 0\}` and contains the lineality space.

        EXAMPLES::

            sage: from tropnet import ClassificationFan
            sage: F = ClassificationFan([[0], [1]], 1, 1)
            sage: C = F.cone((0, 1)); C.dim(), C.lines_list() != []
            (4, True)
        """
        key = self._key(sigma)
        from sage.geometry.polyhedron.constructor import Polyhedron
        ieqs = []
        for v, s in zip(self._vectors, key):
            for k in range(self.n_terms()):
                if k != s:
                    ieqs.append([0] + self._wall_normal(v, s, k))
        return Polyhedron(ieqs=ieqs, base_ring=QQ)

    def sign_vector(self, sigma):
        r"""
        Return the classification of the points on the cone of ``sigma``:
        ``+1`` where a numerator term wins, ``-1`` where a denominator term
        wins.

        EXAMPLES::

            sage: from tropnet import ClassificationFan
            sage: ClassificationFan([[0], [1]], 2, 1).sign_vector((1, 2))
            (1, -1)
        """
        self._key(sigma)
        return tuple(1 if s < self.n else -1 for s in sigma)

    # ------------------------------------------------------------------
    # walls

    def n_walls(self):
        r"""
        Return the number of walls: pairs of maximal cones sharing a facet.

        EXAMPLES::

            sage: from tropnet import ClassificationFan
            sage: ClassificationFan([[0]], 1, 2).n_walls()
            3
        """
        self._compute()
        return len(self._walls)

    def walls(self):
        r"""
        Iterate over the walls as pairs of patterns (each pair once).

        EXAMPLES::

            sage: from tropnet import ClassificationFan
            sage: sorted(ClassificationFan([[0], [1]], 1, 1).walls())
            [((0, 0), (0, 1)), ((0, 0), (1, 0)), ((0, 1), (1, 1)), ((1, 0), (1, 1))]
        """
        self._compute()
        for w in self._walls:
            yield self._full(w.first), self._full(w.second)

    def wall_point(self, first, second):
        r"""
        Return an exact point in the relative interior of the facet shared by
        the cones of ``first`` and ``second``.

        EXAMPLES::

            sage: from tropnet import ClassificationFan
            sage: F = ClassificationFan([[0], [1]], 1, 1)
            sage: theta = F.wall_point((0, 0), (0, 1))
            sage: F.evaluate(theta, [1])
            0
            sage: F.wall_point((0, 0), (1, 1))
            Traceback (most recent call last):
            ...
            ValueError: the cones of (0, 0) and (1, 1) do not share a facet
        """
        a = self._key(first, "first")
        b = self._key(second, "second")
        for w in self._walls:
            if (w.first, w.second) in ((a, b), (b, a)):
                return vector(QQ, w.point)
        raise ValueError(f"the cones of {tuple(first)} and {tuple(second)} do not "
                         "share a facet")

    def adjacency_graph(self):
        r"""
        Return the graph whose vertices are the maximal cones (patterns) and
        whose edges are the walls.

        EXAMPLES::

            sage: from tropnet import ClassificationFan
            sage: G = ClassificationFan([[0], [1], [2]], 1, 1).adjacency_graph(); G
            Graph on 6 vertices
            sage: G.is_connected(), G.size()
            (True, 6)
        """
        from sage.graphs.graph import Graph
        G = Graph()
        G.add_vertices(self.maximal_cones())
        G.add_edges(self.walls())
        return G

    def rejections(self):
        r"""
        Return the certificates of the candidates the engine discarded (see
        :class:`tropnet.backends.Rejection`); empty for engines that never
        form candidates.

        EXAMPLES::

            sage: from tropnet import ClassificationFan
            sage: ClassificationFan([[0]], 1, 1, backend="normaliz").rejections()
            []
        """
        self._compute()
        return list(self._rejections)

    # ------------------------------------------------------------------
    # the polytope

    def activation_polytope(self):
        r"""
        Return the activation polytope, the Minkowski sum of the simplices
        `\mathrm{conv}\{e_k\otimes v_i\}` over all points (repeated points
        counted), as an exact Sage polyhedron.

        Its vertices are in bijection with the maximal cones.  Building it is
        expensive beyond a handful of points.

        EXAMPLES::

            sage: from tropnet import ClassificationFan
            sage: F = ClassificationFan([[0], [1], [2]], 1, 1)
            sage: P = F.activation_polytope(); P.n_vertices() == F.n_maximal_cones()
            True
            sage: P.dim()
            2
        """
        from .backends import normaliz
        return normaliz.activation_polytope(self.data.homogenized(), self.n_terms())

    # ------------------------------------------------------------------
    # the classifier

    def _theta_blocks(self, theta):
        width = self.data.dim() + 1
        entries = list(theta)
        if entries and not isinstance(entries[0], (str, bytes)) and \
                hasattr(entries[0], "__iter__"):
            if len(entries) != self.n_terms():
                raise ValueError(f"theta: expected {self.n_terms()} blocks, "
                                 f"got {len(entries)}")
            entries = [x for block in entries for x in block]
        if len(entries) != self.dim():
            raise ValueError(f"theta: expected {self.dim()} coordinates, "
                             f"got {len(entries)}")
        entries = [as_rational(x, name=f"theta: entry {j}") for j, x in enumerate(entries)]
        return [entries[k * width:(k + 1) * width] for k in range(self.n_terms())]

    def _term_values(self, blocks, x):
        x = tuple(as_rational(c, name=f"x: entry {j}") for j, c in enumerate(x))
        if len(x) != self.data.dim():
            raise ValueError(f"x: expected {self.data.dim()} coordinates, got {len(x)}")
        v = (QQ.one(),) + x
        return [sum(a * b for a, b in zip(block, v)) for block in blocks]

    def evaluate(self, theta, x):
        r"""
        Return `f_\theta(x) = \max_{k<n}\langle\theta_k,(1,x)\rangle -
        \max_{k\ge n}\langle\theta_k,(1,x)\rangle` exactly.

        INPUT:

        - ``theta`` -- `K(d+1)` rationals, or `K` blocks of `d+1`
        - ``x`` -- a point of `\QQ^d`

        EXAMPLES::

            sage: from tropnet import ClassificationFan
            sage: F = ClassificationFan([[0]], 1, 1)
            sage: F.evaluate([[1, 2], [0, 1]], ["1/2"])
            3/2
        """
        values = self._term_values(self._theta_blocks(theta), x)
        return max(values[:self.n]) - max(values[self.n:])

    def classify(self, theta, points=None):
        r"""
        Return the signs of `f_\theta` at the data points (or at ``points``):
        ``1``, ``-1`` or ``0``.

        EXAMPLES::

            sage: from tropnet import ClassificationFan
            sage: F = ClassificationFan([[0], [1], [2]], 1, 1)
            sage: F.classify([[1, -1], [0, 0]])
            (1, 0, -1)
        """
        blocks = self._theta_blocks(theta)
        pts = self.data.points if points is None else points
        result = []
        for x in pts:
            values = self._term_values(blocks, x)
            value = max(values[:self.n]) - max(values[self.n:])
            result.append((value > 0) - (value < 0))
        return tuple(result)

    def pattern_at(self, theta):
        r"""
        Return the activation pattern at ``theta``, or ``None`` if some point
        has two winning terms (``theta`` lies on a wall).

        EXAMPLES::

            sage: from tropnet import ClassificationFan
            sage: F = ClassificationFan([[0], [1]], 1, 1)
            sage: F.pattern_at([[1, -2], [0, 0]]), F.pattern_at([[0, 0], [0, 0]])
            ((0, 1), None)
        """
        blocks = self._theta_blocks(theta)
        pattern = []
        for x in self.data.points:
            values = self._term_values(blocks, x)
            best = max(values)
            winners = [k for k, y in enumerate(values) if y == best]
            if len(winners) > 1:
                return None
            pattern.append(winners[0])
        return tuple(pattern)

    # ------------------------------------------------------------------
    # the 0/1-loss landscape

    def landscape(self, labels=None):
        r"""
        Return the 0/1-loss landscape of this fan for a labelling (see
        :class:`tropnet.landscape.Landscape`).

        INPUT:

        - ``labels`` -- a sequence of ``+1``/``-1`` or booleans, one per
          point, in the order of the points; by default the labels of the
          data

        EXAMPLES::

            sage: from tropnet import ClassificationFan
            sage: L = ClassificationFan([[0], [1], [2]], 1, 1).landscape([1, -1, 1])
            sage: L.summary_text()
            '6 cones; 3 make 1 mistake, in 3 components; 3 make 2 mistakes,
             in 3 components'
            sage: L.is_every_local_minimum_global()
            True
        """
        from .landscape import Landscape
        return Landscape(self, labels)

    # ------------------------------------------------------------------
    # certificates

    def verify(self):
        r"""
        Check every interior point, every wall point and every rejection
        certificate (each against its own candidate, see
        :func:`~tropnet.certificates.check_rejection`) again, in exact
        arithmetic, and return ``True``; raise ``ArithmeticError`` otherwise.

        EXAMPLES::

            sage: from tropnet import ClassificationFan
            sage: ClassificationFan([[0, 0], [1, 0], [0, 1]], 1, 2).verify()
            True
        """
        from .certificates import (check_infeasibilities, check_interior_points,
                                   check_wall_points)
        self._compute()
        K = self.n_terms()
        patterns = list(self._cones)
        ok = check_interior_points(self._vectors, K, patterns,
                                   [self._cones[p] for p in patterns])
        for pattern, good in zip(patterns, ok):
            if not good:
                raise ArithmeticError(f"interior point of {pattern} is not interior")
        ok = check_wall_points(self._vectors, K, [w.first for w in self._walls],
                               [w.second for w in self._walls],
                               [w.point for w in self._walls])
        for w, good in zip(self._walls, ok):
            if not good:
                raise ArithmeticError(f"wall point of {w.first}, {w.second} is wrong")
        rejections = self._rejections
        ok = check_infeasibilities(self._vectors, K,
                                   [(r.multipliers, r.equation) for r in rejections],
                                   [(r.kind, r.patterns) for r in rejections])
        for r, good in zip(rejections, ok):
            if not good:
                raise ArithmeticError(f"the {r.kind!r} certificate of {r.patterns} "
                                      "is not valid")
        if self.backend not in _POLYTOPE_ENGINES or self._loaded:
            undecided = self.undecided_candidates(limit=1)
            if undecided:
                raise ArithmeticError("completeness is not certified: " +
                                      self._undecided_text(*undecided[0]))
        return True

    def _undecided_text(self, sigma, i, k):
        return (f"moving point {self._index.index(i)} of the cone {self._full(sigma)} "
                f"to term {k} is decided by no wall and no rejection certificate")

    def undecided_candidates(self, limit=None):
        r"""
        Return the candidate facets of the maximal cones that no certificate
        decides.

        Every facet of the cone of `\sigma` lies on a wall
        `\langle\theta_{\sigma(i)} - \theta_k, v_i\rangle = 0`, and across
        it lies the cone of `\tau`, `\sigma` with point `i` moved to term `k`.
        The candidate `(\sigma, i, k)` is decided when the fan has the wall
        `\{\sigma, \tau\}`, or a rejection certificate proves that `\tau`
        is not realizable or that the two cones share no facet.  Certificates
        are used up to relabelling the `n + m` terms, a symmetry of the fan.
        When every candidate is decided, every facet of every listed cone is
        shared with a listed cone, so the listed cones cover the parameter
        space: the list is complete.

        INPUT:

        - ``limit`` -- integer or ``None`` (default); stop after this many

        OUTPUT: a list of triples ``(sigma, i, k)`` on the distinct points
        (``sigma`` a pattern of the distinct points, ``i`` the index of a
        distinct point, ``k`` a term)

        EXAMPLES:

        The native engine decides every candidate; the normaliz engine
        certifies completeness through the polytope instead and keeps no
        rejection certificates::

            sage: from tropnet import ClassificationFan
            sage: pts = [[0, 0], [1, 0], [0, 1], [1, 1]]
            sage: ClassificationFan(pts, 2, 1).undecided_candidates()
            []
            sage: len(ClassificationFan(pts, 2, 1, backend="normaliz")
            ....:     .undecided_candidates()) > 0
            True

        A fan whose records lack a cone is caught (these records carry no
        rejection certificates, so the native engine is run for them)::

            sage: F = ClassificationFan([[0], [1]], 1, 1)
            sage: cones = [(s, F.interior_point(s)) for s in F.maximal_cones()]
            sage: walls = [(a, b, F.wall_point(a, b)) for a, b in F.walls()]
            sage: G = ClassificationFan.from_records([[0], [1]], 1, 1, cones[1:],
            ....:     [w for w in walls if cones[0][0] not in w[:2]])
            Traceback (most recent call last):
            ...
            ValueError: records: incomplete: the cone ... is missing (1 in all; each
            has a certified interior point)
        """
        self._compute()
        K = self.n_terms()
        walls = {(w.first, w.second) for w in self._walls}
        unrealizable = set()
        not_adjacent = set()
        for r in self._rejections:
            if r.kind == "unrealizable":
                unrealizable.add(_relabelled(r.patterns[0]))
            else:
                not_adjacent.add(_relabelled(*r.patterns))
                not_adjacent.add(_relabelled(*r.patterns[::-1]))
        found = []
        for sigma in self._cones:
            for i, s in enumerate(sigma):
                for k in range(K):
                    if k == s:
                        continue
                    tau = sigma[:i] + (k,) + sigma[i + 1:]
                    if tau in self._cones:
                        if (min(sigma, tau), max(sigma, tau)) in walls or \
                                _relabelled(sigma, tau) in not_adjacent:
                            continue
                    elif _relabelled(tau) in unrealizable:
                        continue
                    found.append((sigma, i, k))
                    if limit is not None and len(found) >= limit:
                        return found
        return found

    def is_certified_complete(self):
        r"""
        Return whether the list of maximal cones is certified complete.

        A fan computed here by the normaliz or polymake engine is complete
        because its cones are the normal cones of all vertices of the exact
        activation polytope; otherwise (the native engine, a fan read from
        records) every candidate facet must be decided by a wall or a
        rejection certificate (see :meth:`undecided_candidates`).

        OUTPUT: boolean

        EXAMPLES::

            sage: from tropnet import ClassificationFan
            sage: ClassificationFan([[0], [1], [3]], 1, 2).is_certified_complete()
            True
        """
        self._compute()
        if self.backend in _POLYTOPE_ENGINES and not self._loaded:
            return True
        return not self.undecided_candidates(limit=1)

    # ------------------------------------------------------------------
    # Sage's fan class, files, equality

    def as_fan(self):
        r"""
        Return the fan modulo its lineality space `L` as a Sage
        :class:`~sage.geometry.fan.RationalPolyhedralFan`.

        Sage's fans consist of strictly convex cones, and every cone here
        contains `L`, so the cones are projected first: let `B` be the
        matrix whose rows are the echelon basis of the orthogonal complement
        `L^\perp` (exact rationals); the map `\theta \mapsto B\theta` has
        kernel exactly `L` and identifies `L^\perp` with `\QQ^r`,
        `r = K(d+1) - \dim L`.  The image of each maximal cone is a strictly
        convex full-dimensional cone in `\QQ^r`; its rays are scaled to
        primitive integer vectors.  The ``j``-th generating cone is the image
        of the cone of the ``j``-th pattern of :meth:`maximal_cones`.

        Each cone is converted separately with Sage polyhedra: use this on
        small fans.

        OUTPUT: a complete fan in `\ZZ^r` with one generating cone per
        maximal cone

        EXAMPLES::

            sage: from tropnet import ClassificationFan
            sage: F = ClassificationFan([[0], [1], [2]], 1, 1)
            sage: Sigma = F.as_fan(); Sigma
            Rational polyhedral fan in 2-d lattice N
            sage: Sigma.is_complete(), Sigma.ngenerating_cones()
            (True, 6)
            sage: Sigma.dim() == F.dim() - F.lineality_space().dimension()
            True
        """
        from sage.arith.misc import gcd
        from sage.geometry.fan import Fan
        from sage.geometry.polyhedron.constructor import Polyhedron
        from sage.rings.integer_ring import ZZ

        self._compute()
        rows = [self._wall_normal(v, 0, l) for v in self._vectors
                for l in range(1, self.n_terms())]
        B = matrix(QQ, rows, ncols=self.dim()).row_space().basis_matrix()
        rays = {}
        cones = []
        for key in sorted(self._cones):
            ieqs = []
            for v, s in zip(self._vectors, key):
                for k in range(self.n_terms()):
                    if k != s:
                        a = vector(QQ, self._wall_normal(v, s, k))
                        ieqs.append([0] + list(B.solve_left(a)))
            image = Polyhedron(ieqs=ieqs, base_ring=QQ)
            indices = []
            for r in image.rays():
                r = vector(QQ, r.vector())
                r = r * r.denominator()
                r = tuple(ZZ(x / gcd(list(r))) for x in r)
                indices.append(rays.setdefault(r, len(rays)))
            cones.append(indices)
        return Fan(cones=cones, rays=list(rays), check=True)

    @classmethod
    def from_records(cls, points, n, m, cones, walls, labels=None, backend=None,
                     rejections=(), source="records"):
        r"""
        Return the fan given by stored records, without recomputing it.

        Every certificate is checked in exact arithmetic: each interior
        point must be interior to its cone, each wall point must lie in the
        relative interior of a common facet, each rejection's multipliers
        must prove infeasibility.  Then completeness is certified: every
        candidate facet of every cone must be decided by a given wall or
        rejection certificate (:meth:`undecided_candidates`).  Records
        without rejection certificates (from the normaliz or polymake
        engine, complete by a polytope that records do not hold) get them
        from a run of the native engine, whose cones must be the given ones.

        INPUT:

        - ``points``, ``n``, ``m``, ``labels`` -- the data, as for the
          constructor and :class:`~tropnet.data.Dataset`
        - ``cones`` -- pairs ``(pattern, interior_point)``, one term per point
        - ``walls`` -- triples ``(first, second, point)``
        - ``backend`` -- the engine that computed the records
        - ``rejections`` -- tuples ``(kind, patterns, multipliers, equation)``
          as in :class:`~tropnet.backends.Rejection`
        - ``source`` -- string (default: ``"records"``); how the records are
          called in error messages (e.g. a file name)

        OUTPUT: a :class:`ClassificationFan` whose cones and walls are the
        given ones; a cone or a wall given twice is refused

        EXAMPLES::

            sage: from tropnet import ClassificationFan
            sage: F = ClassificationFan([[0], [1]], 1, 1)
            sage: cones = [(s, F.interior_point(s)) for s in F.maximal_cones()]
            sage: walls = [(a, b, F.wall_point(a, b)) for a, b in sorted(F.walls())]
            sage: G = ClassificationFan.from_records([[0], [1]], 1, 1, cones, walls)
            sage: G == F, G.n_walls()
            (True, 4)

        TESTS::

            sage: ClassificationFan.from_records([[0], [1]], 1, 1,
            ....:     [((0, 1), (0, 0, 0, 0))], [])
            Traceback (most recent call last):
            ...
            ArithmeticError: records: the stored point of cone (0, 1) is not in ...
            sage: ClassificationFan.from_records([[0], [1]], 1, 1, cones,
            ....:     walls + [(walls[0][1], walls[0][0], walls[0][2])], source="fan.json")
            Traceback (most recent call last):
            ...
            ValueError: fan.json: walls[4]: the wall between (0, 1) and (0, 0) is
            given twice (also as walls[0])
            sage: ClassificationFan.from_records([[0], [1]], 1, 1, cones + cones[:1],
            ....:     walls)
            Traceback (most recent call last):
            ...
            ValueError: records: cones[4]: the cone (0, 0) is given twice (also as
            cones[0])
            sage: ClassificationFan.from_records([[0], [1]], 1, 1, [((0, 0), (1, 2))],
            ....:     [])
            Traceback (most recent call last):
            ...
            ValueError: records: cones[0]: interior point: expected 4 coordinates,
            got 2
            sage: ClassificationFan.from_records([[0], [1]], 1, 1, cones[:1],
            ....:     walls[:1])
            Traceback (most recent call last):
            ...
            ValueError: records: walls[0]: second: (0, 1) is not a realizable
            activation pattern of this fan
        """
        from .certificates import check_rejection
        F = cls(Dataset(points, labels), n, m, backend=backend)
        K = F.n_terms()
        F._cones = {}
        where = {}
        for j, (sigma, point) in enumerate(cones):
            name = f"{source}: cones[{j}]"
            key = F._distinct_pattern(sigma, f"{name}: pattern")
            if key in F._cones:
                raise ValueError(f"{name}: the cone {tuple(sigma)} is given twice "
                                 f"(also as cones[{where[key]}])")
            point = _exact_point(point, F.dim(), f"{name}: interior point")
            if not check_interior_point(F._vectors, K, key, point):
                raise ArithmeticError(f"{source}: the stored point of cone "
                                      f"{tuple(sigma)} is not in its interior")
            F._cones[key] = point
            where[key] = j
        F._walls = []
        where = {}
        for j, (first, second, point) in enumerate(walls):
            name = f"{source}: walls[{j}]"
            a, b = sorted([F._key(first, f"{name}: first"),
                           F._key(second, f"{name}: second")])
            if a == b:
                raise ValueError(f"{name}: a wall joins two different cones, but "
                                 f"both sides are {tuple(first)}")
            if (a, b) in where:
                raise ValueError(f"{name}: the wall between {tuple(first)} and "
                                 f"{tuple(second)} is given twice (also as "
                                 f"walls[{where[a, b]}])")
            point = _exact_point(point, F.dim(), f"{name}: point")
            if not check_wall_point(F._vectors, K, a, b, point):
                raise ArithmeticError(f"{source}: the stored point of the wall between "
                                      f"{tuple(first)} and {tuple(second)} is not on a "
                                      "common facet")
            t = next(i for i, (x, y) in enumerate(zip(a, b)) if x != y)
            F._walls.append(Wall(a, b, point, t, (a[t], b[t])))
            where[a, b] = j
        for kind, patterns, multipliers, equation in rejections:
            # the patterns of a rejection are on the distinct points
            key = tuple(tuple(p) for p in patterns)
            if not check_rejection(F._vectors, K, kind, key, multipliers, equation):
                raise ArithmeticError(f"{source}: the rejection certificate of "
                                      f"{patterns} is not valid")
            F._rejections.append(Rejection(kind, tuple(patterns), dict(multipliers),
                                           equation))
        F._loaded = True
        undecided = F.undecided_candidates(limit=1)
        if undecided and not F._rejections:
            # records without rejection certificates (those of the normaliz
            # and polymake engines, complete by a polytope the file does not
            # hold): the native engine decides every candidate again, with
            # certificates checked exactly, and its cones must be these
            G = cls(F.data, n, m, backend="native")
            G._compute()
            missing = sorted(set(G._cones) - set(F._cones))
            if missing:
                raise ValueError(
                    f"{source}: incomplete: the cone {G._full(missing[0])} is missing "
                    f"({len(missing)} in all; each has a certified interior point)")
            F._rejections = list(G._rejections)
            undecided = F.undecided_candidates(limit=1)
        if undecided:
            raise ValueError(f"{source}: incomplete: " +
                             F._undecided_text(*undecided[0]))
        return F

    def save(self, path):
        r"""
        Write the fan to the JSON file ``path``, with exact rationals (see
        :func:`tropnet.io.save_fan`).

        EXAMPLES::

            sage: import os, tempfile
            sage: from tropnet import ClassificationFan
            sage: F = ClassificationFan([[0, 0], [1, 2]], 1, 2)
            sage: path = os.path.join(tempfile.mkdtemp(), "fan.json")
            sage: F.save(path)
            sage: ClassificationFan.load(path) == F
            True
        """
        from .io import save_fan
        save_fan(self, path)

    @classmethod
    def load(cls, path):
        r"""
        Read a fan written by :meth:`save`, checking every certificate (see
        :func:`tropnet.io.load_fan`).

        EXAMPLES::

            sage: from tropnet import ClassificationFan
            sage: ClassificationFan.load("/nonexistent.json")
            Traceback (most recent call last):
            ...
            DataFileError: /nonexistent.json: no such file
        """
        from .io import load_fan
        return load_fan(path)

    def __eq__(self, other):
        r"""
        Return whether two fans are equal: same points and labels, same
        ``(n, m)``, same maximal cones and same walls.  The engine and the
        certificate points are not compared.

        EXAMPLES::

            sage: from tropnet import ClassificationFan
            sage: F = ClassificationFan([[0], [1]], 1, 1)
            sage: F == ClassificationFan([[0], [1]], 1, 1)
            True
            sage: F == ClassificationFan([[0], [1]], 1, 2)
            False
            sage: F != ClassificationFan([[1], [0]], 1, 1)
            True
        """
        if not isinstance(other, ClassificationFan):
            return NotImplemented
        if (self.data, self.n, self.m) != (other.data, other.n, other.m):
            return False
        self._compute()
        other._compute()
        return (set(self._cones) == set(other._cones) and
                {(w.first, w.second) for w in self._walls} ==
                {(w.first, w.second) for w in other._walls})

    def __hash__(self):
        r"""
        EXAMPLES::

            sage: from tropnet import ClassificationFan
            sage: F = ClassificationFan([[0]], 1, 1)
            sage: hash(F) == hash(ClassificationFan([[0]], 1, 1))
            True
        """
        return hash((self.data, self.n, self.m))

    def __repr__(self):
        r"""
        EXAMPLES::

            sage: from tropnet import ClassificationFan
            sage: ClassificationFan([[0, 0], [1, 1]], 2, 1)
            Classification fan of 2 points in QQ^2 with (n, m) = (2, 1), backend 'native'
        """
        return (f"Classification fan of {self.data.n_points()} points in "
                f"QQ^{self.data.dim()} with (n, m) = ({self.n}, {self.m}), "
                f"backend {self.backend!r}")
