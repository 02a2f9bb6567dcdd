r"""
The 0/1-loss landscape on a classification fan.

Labels `y_i \in \{+1, -1\}` on the data turn the classification fan into a
discrete landscape: the *loss* of a maximal cone is its number of mistakes,
the points of label `+1` won by a denominator term plus the points of label
`-1` won by a numerator term.  Two cones are neighbours when they share a
facet (a wall of the fan).  The *level set* `L_k` is the set of cones of loss
`k`, the *sublevel set* `L_{\le k}` the set of cones of loss at most `k`;
their components are those of the subgraph of the adjacency graph that they
induce.  A *local minimum* is a component of a level set none of whose cones
has a neighbour of smaller loss; it is *global* when its loss is the
smallest loss of any cone.

Four points on a line with the labelling `+, -, -, +` and a linear
classifier: the fan is a cycle of 8 cones ::

    sage: from tropnet import ClassificationFan
    sage: F = ClassificationFan([[0], [1], [2], [3]], n=1, m=1)
    sage: L = F.landscape([1, -1, -1, 1]); L
    0/1-loss landscape of 8 cones, losses 1..3
    sage: L.summary_text()
    '8 cones; 2 make 1 mistake, in 2 components; 4 make 2 mistakes, in 4 components;
     2 make 3 mistakes, in 2 components'

Classifying every point as positive, the cone ``(0, 0, 0, 0)``, makes two
mistakes, and each of its two neighbours makes three: it is a local minimum
that is not global, although the classifier is linear ::

    sage: L.loss((0, 0, 0, 0)), L.min_loss()
    (2, 1)
    sage: [M for M in L.local_minima() if not M.is_global]
    [LocalMinimum(loss=2, cones=((0, 0, 0, 0),), is_global=False,
                  neighbours=(((0, 0, 0, 1), 3), ((1, 0, 0, 0), 3)))]
    sage: L.is_every_local_minimum_global()
    False

No chain of adjacent cones with strictly decreasing loss leaves it; the
certificate is the set of cones reachable by strict descent, with their
losses::

    sage: D = L.descent_path((0, 0, 0, 0)); D.exists, D.reachable
    (False, {(0, 0, 0, 0): 2})

:meth:`Landscape.certify_no_descent` checks this certificate in exact
arithmetic: the loss 1 of the cone ``(0, 1, 1, 1)`` is smaller, and the two
moves of one point that would lower the loss, to ``(0, 1, 0, 0)`` and
``(0, 0, 1, 0)``, cross no facet (no line realizes these signs) ::

    sage: L.certify_no_descent(D)
    {'cones': 1, 'faces_not_facets': 2, 'lower_cone': (0, 1, 1, 1),
     'not_descending': 2, 'walls': 0}
    sage: L.descent_path((0, 0, 0, 1)).path
    ((0, 0, 0, 1), (0, 0, 1, 1), (0, 1, 1, 1))

Every answer rests on the fan's certificates: each cone has an exact interior
point and each wall an exact point in the relative interior of the shared
facet, both checked in exact arithmetic when the fan is computed (with
``verify=True``, the default).  :meth:`Landscape.certify_local_minimum`
checks a local minimum once more, independently of the fan's engine: it
rebuilds the cones from the data with exact Sage polyhedra and proves that
no facet of the component leads to a cone of smaller loss.

Permuting the numerator terms among themselves and the denominator terms
among themselves maps cones to cones and keeps the loss; the summary modulo
this symmetry counts orbits of cones and of components::

    sage: G = ClassificationFan([[0], [1]], n=2, m=1).landscape([1, -1])
    sage: G.summary()[0]
    {'n_components': 1, 'n_components_sublevel': 1, 'n_cones': 2, 'n_cones_sublevel': 2}
    sage: G.summary_modulo_symmetry()[0]
    {'n_components': 1, 'n_components_sublevel': 1, 'n_cones': 1, 'n_cones_sublevel': 1}

The decision boundary of a parameter `\theta` is computed exactly, piece by
piece (see :func:`decision_boundary`).
"""
import itertools
import logging
import time
import weakref
from typing import NamedTuple

import numpy as np

from sage.rings.rational_field import QQ

from .data import as_labels, as_rational

logger = logging.getLogger("tropnet.landscape")

#: the largest number of points for which all labellings are enumerated
MAX_POINTS_ALL_LABELLINGS = 20


class LocalMinimum(NamedTuple):
    r"""
    A local minimum of the 0/1-loss: a component of the level set of
    ``loss``, its cones (sorted), whether ``loss`` is the smallest loss of
    any cone, and the cones adjacent to the component with their losses
    (all larger than ``loss``), sorted by loss and pattern.
    """
    loss: int
    cones: tuple
    is_global: bool
    neighbours: tuple


class DescentPath(NamedTuple):
    r"""
    The answer of :meth:`Landscape.descent_path`.

    If ``exists``, ``path`` is a chain of adjacent cones from ``start`` to a
    global minimum whose losses (``losses``) decrease strictly, and
    ``reachable`` is empty.  Otherwise ``path`` and ``losses`` are empty and
    ``reachable`` maps every cone reachable from ``start`` by strict descent
    to its loss: no global minimum is among them, and every neighbour of
    smaller loss of one of them is one of them, which proves that no
    strictly descending chain reaches a global minimum
    (:meth:`Landscape.certify_no_descent` checks this in exact arithmetic).
    """
    start: tuple
    exists: bool
    path: tuple
    losses: tuple
    reachable: dict


class LocalMinimaCheck(NamedTuple):
    r"""
    The answer of :func:`check_local_minima_are_global` for one labelling.

    ``holds`` is ``True`` when every local minimum is global and from every
    cone a chain of adjacent cones with strictly decreasing loss reaches a
    global minimum.  Otherwise ``non_global_minimum`` is a
    :class:`LocalMinimum` that is not global (or ``None`` if there is none),
    and ``stuck`` is a :class:`DescentPath` from a cone that cannot descend
    strictly to a global minimum (or ``None``).  ``certificate`` holds the
    result of :meth:`Landscape.certify_local_minimum` for the witness when
    it was requested.
    """
    labels: tuple
    holds: bool
    non_global_minimum: object
    stuck: object
    certificate: object = None


# ----------------------------------------------------------------------
# the adjacency structure of a fan, computed once per fan

class _FanGraph:
    r"""
    The maximal cones of a fan as indices ``0..C-1`` (in sorted pattern
    order), the walls as two index arrays, neighbour lists in compressed
    form, and the numerator indicator of every cone at every point.
    """

    def __init__(self, fan):
        start = time.perf_counter()
        self.n = fan.n
        self.n_terms = fan.n_terms()
        self.patterns = list(fan.maximal_cones())
        self.index = {p: i for i, p in enumerate(self.patterns)}
        n_points = fan.data.n_points()
        table = np.array(self.patterns, dtype=np.int64).reshape(len(self.patterns),
                                                                n_points)
        self.numerator = table < fan.n
        pairs = [(self.index[a], self.index[b]) for a, b in fan.walls()]
        edges = np.array(pairs, dtype=np.int64).reshape(len(pairs), 2)
        self.u = edges[:, 0].copy()
        self.v = edges[:, 1].copy()
        source = np.concatenate([self.u, self.v])
        target = np.concatenate([self.v, self.u])
        order = np.argsort(source, kind="stable")
        self.neighbour_array = target[order]
        self.indptr = np.searchsorted(source[order], np.arange(len(self.patterns) + 1))
        self.facet_cache = {}
        logger.debug("adjacency structure of %d cones and %d walls: %.3f s",
                     len(self.patterns), len(pairs), time.perf_counter() - start)

    def neighbours(self, c):
        return self.neighbour_array[self.indptr[c]:self.indptr[c + 1]]


# keyed by the identity of the fan (fans compare by content, which is slow),
# and emptied when the fan is garbage collected
_GRAPHS = {}


def _fan_graph(fan):
    key = id(fan)
    graph = _GRAPHS.get(key)
    if graph is None:
        graph = _FanGraph(fan)
        _GRAPHS[key] = graph
        weakref.finalize(fan, _GRAPHS.pop, key, None)
    return graph


def _components(node_mask, u, v, edge_mask):
    r"""
    Return the components of the graph on the nodes where ``node_mask`` holds
    and the edges where ``edge_mask`` holds, each a sorted list of nodes,
    sorted by their first node (networkx does the search).
    """
    import networkx as nx
    G = nx.Graph()
    G.add_nodes_from(np.flatnonzero(node_mask).tolist())
    G.add_edges_from(zip(u[edge_mask].tolist(), v[edge_mask].tolist()))
    return sorted((sorted(c) for c in nx.connected_components(G)), key=lambda c: c[0])


def canonical_pattern(sigma, n):
    r"""
    Return the representative of the orbit of the pattern ``sigma`` under
    permutations of the numerator terms ``0..n-1`` among themselves and of
    the denominator terms among themselves: the numerator terms are renamed
    ``0, 1, ...`` and the denominator terms ``n, n+1, ...`` in the order in
    which they first occur in ``sigma``.

    INPUT:

    - ``sigma`` -- a pattern (a sequence of terms)
    - ``n`` -- the number of numerator terms

    OUTPUT: a tuple; two patterns lie in the same orbit exactly when their
    representatives are equal

    EXAMPLES::

        sage: from tropnet.landscape import canonical_pattern
        sage: canonical_pattern((1, 3, 1, 0, 2), 2)
        (0, 2, 0, 1, 3)
        sage: canonical_pattern((0, 2, 0, 1, 3), 2)
        (0, 2, 0, 1, 3)
    """
    numerator, denominator, result = {}, {}, []
    for s in sigma:
        s = int(s)
        if s < n:
            result.append(numerator.setdefault(s, len(numerator)))
        else:
            result.append(n + denominator.setdefault(s, len(denominator)))
    return tuple(result)


def term_permutations(n, m):
    r"""
    Iterate over the permutations of the terms ``0..n+m-1`` that permute the
    numerator terms among themselves and the denominator terms among
    themselves, as tuples ``pi`` (term ``k`` goes to ``pi[k]``).

    EXAMPLES::

        sage: from tropnet.landscape import term_permutations
        sage: list(term_permutations(2, 1))
        [(0, 1, 2), (1, 0, 2)]
        sage: len(list(term_permutations(2, 3)))
        12
    """
    for top in itertools.permutations(range(n)):
        for bottom in itertools.permutations(range(n, n + m)):
            yield top + bottom


def _plural(count, word, plural=None):
    return f"{count} {word if count == 1 else (plural or word + 's')}"


class Landscape:
    r"""
    The 0/1-loss landscape of a classification fan with a labelling.

    INPUT:

    - ``fan`` -- a :class:`~tropnet.fan.ClassificationFan`
    - ``labels`` -- a sequence of ``+1``/``-1`` or booleans, one per point,
      in the order of the points; by default the labels of the fan's data

    The loss of a cone is the number of points with label ``+1`` won by a
    denominator term (terms ``n..K-1``) plus the number of points with label
    ``-1`` won by a numerator term.

    EXAMPLES:

    Three points on a line with labels `+, -, +`: the six cones form a
    cycle ``+++, ++-, +--, ---, --+, -++`` (the signs of the points; term 0
    is `+`) whose losses alternate between 1 and 2, so every level set
    falls apart into single cones, and every local minimum is global::

        sage: from tropnet import ClassificationFan
        sage: from tropnet.landscape import Landscape
        sage: L = Landscape(ClassificationFan([[0], [1], [2]], 1, 1), [1, -1, 1])
        sage: L.losses()
        {(0, 0, 0): 1, (0, 0, 1): 2, (0, 1, 1): 1, (1, 0, 0): 2, (1, 1, 0): 1,
         (1, 1, 1): 2}
        sage: L.level_set_components(1)
        [[(0, 0, 0)], [(0, 1, 1)], [(1, 1, 0)]]
        sage: L.sublevel_set_components(2)
        [[(0, 0, 0), (0, 0, 1), (0, 1, 1), (1, 0, 0), (1, 1, 0), (1, 1, 1)]]
        sage: L.is_every_local_minimum_global()
        True

    The labels of a :class:`~tropnet.data.Dataset` are used by default::

        sage: from tropnet import Dataset
        sage: D = Dataset([[0], [1]], labels=[True, False])
        sage: Landscape(ClassificationFan(D, 1, 1)).labels()
        (1, -1)

    TESTS::

        sage: Landscape(ClassificationFan([[0], [1]], 1, 1))
        Traceback (most recent call last):
        ...
        ValueError: labels: no labels given, and the fan's data carry none
        sage: Landscape(ClassificationFan([[0], [1]], 1, 1), [1, 2])
        Traceback (most recent call last):
        ...
        ValueError: labels: entry 1 is 2; labels must be +1/-1 or booleans
        sage: Landscape([[0], [1]], [1, -1])
        Traceback (most recent call last):
        ...
        TypeError: fan: expected a ClassificationFan, got list
    """

    def __init__(self, fan, labels=None):
        from .fan import ClassificationFan
        if not isinstance(fan, ClassificationFan):
            raise TypeError("fan: expected a ClassificationFan, got "
                            f"{type(fan).__name__}")
        if labels is None:
            labels = fan.data.labels
            if labels is None:
                raise ValueError("labels: no labels given, and the fan's data "
                                 "carry none")
        self._fan = fan
        self._labels = as_labels(labels, fan.data.n_points())
        self._graph = _fan_graph(fan)
        positive = np.array([y == 1 for y in self._labels], dtype=bool)
        self._loss = (self._graph.numerator != positive).sum(axis=1).astype(np.int64)
        self._level_sets = None
        self._component_of = None
        self._sublevel = {}
        self._good = None

    # ------------------------------------------------------------------
    # basic data

    def fan(self):
        r"""
        Return the classification fan.

        EXAMPLES::

            sage: from tropnet import ClassificationFan
            sage: F = ClassificationFan([[0], [1]], 1, 1)
            sage: F.landscape([1, 1]).fan() is F
            True
        """
        return self._fan

    def labels(self):
        r"""
        Return the labels, as a tuple of ``+1``/``-1``.

        EXAMPLES::

            sage: from tropnet import ClassificationFan
            sage: ClassificationFan([[0], [1]], 1, 1).landscape([False, True]).labels()
            (-1, 1)
        """
        return self._labels

    def n_cones(self):
        r"""
        Return the number of maximal cones of the fan.

        EXAMPLES::

            sage: from tropnet import ClassificationFan
            sage: ClassificationFan([[0], [1]], 1, 2).landscape([1, 1]).n_cones()
            9
        """
        return len(self._graph.patterns)

    def _cone_index(self, sigma, name="sigma"):
        key = tuple(sigma)
        try:
            key = tuple(int(s) for s in key)
        except (TypeError, ValueError):
            raise ValueError(f"{name}: {key} is not a pattern of terms") from None
        c = self._graph.index.get(key)
        if c is None:
            raise ValueError(f"{name}: {key} is not a realizable activation pattern of "
                             "this fan")
        return c

    def loss(self, sigma):
        r"""
        Return the number of mistakes of the cone of ``sigma``.

        INPUT:

        - ``sigma`` -- a realizable activation pattern

        OUTPUT: an integer

        EXAMPLES::

            sage: from tropnet import ClassificationFan
            sage: L = ClassificationFan([[0], [1]], 1, 1).landscape([1, -1])
            sage: L.loss((0, 1)), L.loss((1, 0))
            (0, 2)

        TESTS::

            sage: L.loss((0, 2))
            Traceback (most recent call last):
            ...
            ValueError: sigma: (0, 2) is not a realizable activation pattern of this fan
        """
        return int(self._loss[self._cone_index(sigma)])

    def losses(self):
        r"""
        Return a dictionary from every realizable pattern to its loss.

        EXAMPLES::

            sage: from tropnet import ClassificationFan
            sage: ClassificationFan([[0]], 1, 2).landscape([-1]).losses()
            {(0,): 1, (1,): 0, (2,): 0}
        """
        return {p: int(x) for p, x in zip(self._graph.patterns, self._loss)}

    def min_loss(self):
        r"""
        Return the smallest loss of any cone (the loss of a global minimum).

        EXAMPLES::

            sage: from tropnet import ClassificationFan
            sage: F = ClassificationFan([[0], [0], [1]], 1, 1)
            sage: F.landscape([1, -1, 1]).min_loss()
            1
        """
        return int(self._loss.min())

    def max_loss(self):
        r"""
        Return the largest loss of any cone.

        EXAMPLES::

            sage: from tropnet import ClassificationFan
            sage: ClassificationFan([[0], [1]], 1, 1).landscape([1, -1]).max_loss()
            2
        """
        return int(self._loss.max())

    def loss_values(self):
        r"""
        Return the sorted list of the losses that occur.

        Adjacent cones differ at one distinct point, so neighbouring losses
        differ by at most the multiplicity of that point; with repeated
        points some values in between may be missing.

        EXAMPLES::

            sage: from tropnet import ClassificationFan
            sage: F = ClassificationFan([[0], [0], [1]], 1, 1)
            sage: F.landscape([1, 1, 1]).loss_values()
            [0, 1, 2, 3]
        """
        return sorted(int(k) for k in np.unique(self._loss))

    def _as_loss(self, k, name="k"):
        if isinstance(k, bool) or not hasattr(k, "__index__"):
            raise ValueError(f"{name}: a loss is an integer, got {k!r}")
        return int(k.__index__())

    # ------------------------------------------------------------------
    # level and sublevel sets

    def level_set(self, k):
        r"""
        Return the level set `L_k`: the sorted list of the patterns of loss
        ``k``.

        EXAMPLES::

            sage: from tropnet import ClassificationFan
            sage: L = ClassificationFan([[0], [1]], 1, 1).landscape([1, -1])
            sage: L.level_set(1), L.level_set(5)
            ([(0, 0), (1, 1)], [])
        """
        k = self._as_loss(k)
        return [self._graph.patterns[c] for c in np.flatnonzero(self._loss == k)]

    def sublevel_set(self, k):
        r"""
        Return the sublevel set `L_{\le k}`: the sorted list of the patterns
        of loss at most ``k``.

        EXAMPLES::

            sage: from tropnet import ClassificationFan
            sage: L = ClassificationFan([[0], [1]], 1, 1).landscape([1, -1])
            sage: L.sublevel_set(1)
            [(0, 0), (0, 1), (1, 1)]
        """
        k = self._as_loss(k)
        return [self._graph.patterns[c] for c in np.flatnonzero(self._loss <= k)]

    def _level_components(self):
        r"""
        Compute the components of all level sets at once: the components of
        the adjacency graph restricted to the walls between cones of equal
        loss.
        """
        if self._level_sets is None:
            g = self._graph
            start = time.perf_counter()
            same = self._loss[g.u] == self._loss[g.v]
            everything = np.ones(len(g.patterns), dtype=bool)
            comps = _components(everything, g.u, g.v, same)
            comps.sort(key=lambda c: (int(self._loss[c[0]]), c[0]))
            component_of = np.empty(len(g.patterns), dtype=np.int64)
            for j, comp in enumerate(comps):
                component_of[comp] = j
            self._level_sets = comps
            self._component_of = component_of
            logger.debug("components of all level sets: %d, %.3f s", len(comps),
                         time.perf_counter() - start)
        return self._level_sets

    def _level_set_component_indices(self, k):
        if self._level_sets is not None:
            return [c for c in self._level_sets if self._loss[c[0]] == k]
        g = self._graph
        mask = self._loss == k
        return _components(mask, g.u, g.v, mask[g.u] & mask[g.v])

    def _sublevel_set_component_indices(self, k):
        if k not in self._sublevel:
            g = self._graph
            mask = self._loss <= k
            self._sublevel[k] = _components(mask, g.u, g.v,
                                            mask[g.u] & mask[g.v])
        return self._sublevel[k]

    def level_set_components(self, k):
        r"""
        Return the connected components of the level set `L_k` through
        walls: each a sorted list of patterns, sorted by their first pattern.

        Two cones of `L_k` are in the same component when a chain of cones of
        `L_k`, each sharing a facet with the next, joins them.

        EXAMPLES:

        For a linear classifier on distinct points, crossing a wall changes
        the sign of one point, hence the loss by one: the level sets fall
        apart into single cones.  With two numerator terms, a point can move
        between them at no cost::

            sage: from tropnet import ClassificationFan
            sage: L = ClassificationFan([[0], [1], [2]], 1, 1).landscape([1, 1, 1])
            sage: L.level_set_components(1)
            [[(0, 0, 1)], [(1, 0, 0)]]
            sage: L = ClassificationFan([[0], [1]], 2, 1).landscape([1, 1])
            sage: L.level_set_components(0)
            [[(0, 0), (0, 1), (1, 0), (1, 1)]]
        """
        k = self._as_loss(k)
        return [[self._graph.patterns[c] for c in comp]
                for comp in self._level_set_component_indices(k)]

    def sublevel_set_components(self, k):
        r"""
        Return the connected components of the sublevel set `L_{\le k}`
        through walls, like :meth:`level_set_components`.

        EXAMPLES::

            sage: from tropnet import ClassificationFan
            sage: F = ClassificationFan([[0], [1], [2], [3]], 1, 1)
            sage: L = F.landscape([1, -1, -1, 1])
            sage: L.sublevel_set_components(1)
            [[(0, 1, 1, 1)], [(1, 1, 1, 0)]]
            sage: len(L.sublevel_set_components(2))
            2
        """
        k = self._as_loss(k)
        return [[self._graph.patterns[c] for c in comp]
                for comp in self._sublevel_set_component_indices(k)]

    def n_level_set_components(self, k):
        r"""
        Return the number of connected components of the level set `L_k`.

        EXAMPLES::

            sage: from tropnet import ClassificationFan
            sage: L = ClassificationFan([[0], [1], [2]], 1, 1).landscape([1, 1, 1])
            sage: L.n_level_set_components(0), L.n_level_set_components(3)
            (1, 1)
        """
        return len(self._level_set_component_indices(self._as_loss(k)))

    def n_sublevel_set_components(self, k):
        r"""
        Return the number of connected components of the sublevel set
        `L_{\le k}`.

        EXAMPLES::

            sage: from tropnet import ClassificationFan
            sage: L = ClassificationFan([[0], [1], [2]], 1, 1).landscape([1, -1, 1])
            sage: [L.n_sublevel_set_components(k) for k in (0, 1, 2)]
            [0, 3, 1]
        """
        return len(self._sublevel_set_component_indices(self._as_loss(k)))

    def summary(self):
        r"""
        Return the sizes and numbers of components of the level and sublevel
        sets.

        OUTPUT: a dictionary from each loss ``k`` that occurs (in increasing
        order) to a dictionary with the keys

        - ``"n_cones"`` -- the number of cones of loss ``k`` (the size of `L_k`)
        - ``"n_components"`` -- the number of connected components of `L_k`
        - ``"n_cones_sublevel"`` -- the number of cones of loss at most ``k``
        - ``"n_components_sublevel"`` -- the number of connected components
          of `L_{\le k}`

        EXAMPLES:

        The square's corners with the XOR labelling and a linear classifier:
        the 14 realizable labellings are all but the XOR labelling and its
        opposite, and the loss of a cone is the Hamming distance of its
        labelling to the XOR labelling::

            sage: from tropnet import ClassificationFan
            sage: F = ClassificationFan([[0, 0], [1, 0], [0, 1], [1, 1]], 1, 1)
            sage: S = F.landscape([1, -1, -1, 1]).summary()
            sage: sorted(S), [S[k]["n_cones"] for k in S]
            ([1, 2, 3], [4, 6, 4])
            sage: S[3]["n_cones_sublevel"], S[3]["n_components_sublevel"]
            (14, 1)
        """
        result = {}
        self._level_components()
        for k in self.loss_values():
            level = [c for c in self._level_sets if self._loss[c[0]] == k]
            sub = self._sublevel_set_component_indices(k)
            result[k] = {"n_cones": int((self._loss == k).sum()),
                         "n_components": len(level),
                         "n_cones_sublevel": int((self._loss <= k).sum()),
                         "n_components_sublevel": len(sub)}
        return result

    def summary_text(self, max_loss=None):
        r"""
        Return the summary in words: "N cones; a make 0 mistakes, in b
        components; ...".

        INPUT:

        - ``max_loss`` -- integer (optional); report the level sets up to
          this loss only

        EXAMPLES::

            sage: from tropnet import ClassificationFan
            sage: F = ClassificationFan([[0, 0], [1, 0], [0, 1], [1, 1]], 1, 1)
            sage: F.landscape([1, -1, -1, 1]).summary_text(max_loss=2)
            '14 cones; 4 make 1 mistake, in 4 components; 6 make 2 mistakes,
             in 6 components'
        """
        parts = [_plural(self.n_cones(), "cone")]
        for k, row in self.summary().items():
            if max_loss is not None and k > max_loss:
                break
            verb = "makes" if row["n_cones"] == 1 else "make"
            parts.append(f"{row['n_cones']} {verb} {_plural(k, 'mistake')}, in "
                         f"{_plural(row['n_components'], 'component')}")
        return "; ".join(parts)

    # ------------------------------------------------------------------
    # local minima and descent

    def _has_smaller_neighbour(self):
        g = self._graph
        lu, lv = self._loss[g.u], self._loss[g.v]
        smaller = np.zeros(len(g.patterns), dtype=bool)
        smaller[g.v[lu < lv]] = True
        smaller[g.u[lv < lu]] = True
        return smaller

    def _boundary(self, comp):
        inside = set(comp)
        outside = set()
        for c in comp:
            outside.update(int(x) for x in self._graph.neighbours(c)
                           if int(x) not in inside)
        return tuple(sorted(((self._graph.patterns[c], int(self._loss[c]))
                             for c in outside), key=lambda t: (t[1], t[0])))

    def local_minima(self):
        r"""
        Return the local minima of the 0/1-loss.

        OUTPUT: a list of :class:`LocalMinimum`, sorted by loss and first
        cone; each is a component of a level set none of whose cones has a
        neighbour of smaller loss, with its neighbours and their losses

        EXAMPLES::

            sage: from tropnet import ClassificationFan
            sage: L = ClassificationFan([[0], [1], [2]], 1, 1).landscape([1, -1, 1])
            sage: [(M.loss, M.cones, M.is_global) for M in L.local_minima()]
            [(1, ((0, 0, 0),), True), (1, ((0, 1, 1),), True),
             (1, ((1, 1, 0),), True)]
            sage: L.local_minima()[0].neighbours
            (((0, 0, 1), 2), ((1, 0, 0), 2))
        """
        comps = self._level_components()
        smaller = self._has_smaller_neighbour()
        blocked = np.bincount(self._component_of, weights=smaller.astype(np.int64),
                              minlength=len(comps)) > 0
        lowest = self.min_loss()
        result = []
        for j in np.flatnonzero(~blocked):
            comp = comps[j]
            k = int(self._loss[comp[0]])
            result.append(LocalMinimum(k, tuple(self._graph.patterns[c] for c in comp),
                                       k == lowest, self._boundary(comp)))
        return result

    def is_every_local_minimum_global(self):
        r"""
        Return whether every local minimum of the 0/1-loss is global.

        EXAMPLES::

            sage: from tropnet import ClassificationFan
            sage: F = ClassificationFan([[0], [1], [2], [3]], 1, 1)
            sage: F.landscape([1, 1, -1, -1]).is_every_local_minimum_global()
            True
            sage: F.landscape([1, -1, -1, 1]).is_every_local_minimum_global()
            False
        """
        return all(M.is_global for M in self.local_minima())

    def _descending(self):
        r"""
        Return the boolean array of the cones from which a chain of adjacent
        cones with strictly decreasing loss reaches a global minimum,
        computed level by level from the bottom.
        """
        if self._good is None:
            g = self._graph
            good = self._loss == self._loss.min()
            lu, lv = self._loss[g.u], self._loss[g.v]
            for k in self.loss_values()[1:]:
                down_v = (lv == k) & (lu < k) & good[g.u]
                down_u = (lu == k) & (lv < k) & good[g.v]
                good[g.v[down_v]] = True
                good[g.u[down_u]] = True
            self._good = good
        return self._good

    def cones_without_descent(self):
        r"""
        Return the sorted list of the cones from which no chain of adjacent
        cones with strictly decreasing loss reaches a global minimum.

        EXAMPLES::

            sage: from tropnet import ClassificationFan
            sage: F = ClassificationFan([[0], [1], [2], [3]], 1, 1)
            sage: L = F.landscape([1, -1, -1, 1])
            sage: L.cones_without_descent()
            [(0, 0, 0, 0)]
        """
        return [self._graph.patterns[c] for c in np.flatnonzero(~self._descending())]

    def is_global_minimum_reachable_from_every_cone(self):
        r"""
        Return whether from every cone a chain of adjacent cones with
        strictly decreasing loss reaches a global minimum.

        This implies that every local minimum is global; the converse fails
        when a cone has to cross cones of its own loss to go down.

        EXAMPLES::

            sage: from tropnet import ClassificationFan
            sage: F = ClassificationFan([[0], [1], [2]], 1, 1)
            sage: F.landscape([1, -1, 1]).is_global_minimum_reachable_from_every_cone()
            True
        """
        return bool(self._descending().all())

    def descent_path(self, sigma):
        r"""
        Return a chain of adjacent cones from ``sigma`` to a global minimum
        with strictly decreasing loss, or a certificate that none exists.

        INPUT:

        - ``sigma`` -- a realizable activation pattern

        OUTPUT: a :class:`DescentPath`; when a chain exists it is one with
        the fewest steps, and every step crosses a wall of the fan (whose
        exact point on the shared facet the fan has checked); otherwise its
        ``reachable`` field is the set of cones reachable from ``sigma`` by
        strict descent, with their losses, a certificate that
        :meth:`certify_no_descent` checks

        EXAMPLES::

            sage: from tropnet import ClassificationFan
            sage: L = ClassificationFan([[0], [1], [2]], 1, 1).landscape([-1, -1, 1])
            sage: D = L.descent_path((0, 0, 1)); D.path, D.losses
            (((0, 0, 1), (0, 1, 1), (1, 1, 1), (1, 1, 0)), (3, 2, 1, 0))
            sage: L.descent_path((1, 1, 0))
            DescentPath(start=(1, 1, 0), exists=True, path=((1, 1, 0),), losses=(0,),
                        reachable={})
        """
        start = self._cone_index(sigma)
        g, loss = self._graph, self._loss
        lowest = loss.min()
        parent = {start: None}
        frontier = [start]
        found = start if loss[start] == lowest else None
        while frontier and found is None:
            nxt = []
            for c in frontier:
                for x in g.neighbours(c):
                    x = int(x)
                    if loss[x] < loss[c] and x not in parent:
                        parent[x] = c
                        if loss[x] == lowest:
                            found = x
                            break
                        nxt.append(x)
                if found is not None:
                    break
            frontier = nxt
        key = g.patterns[start]
        if found is None:
            reachable = {g.patterns[c]: int(loss[c]) for c in sorted(parent)}
            return DescentPath(key, False, (), (), reachable)
        path = []
        c = found
        while c is not None:
            path.append(c)
            c = parent[c]
        path.reverse()
        return DescentPath(key, True, tuple(g.patterns[c] for c in path),
                           tuple(int(loss[c]) for c in path), {})

    # ------------------------------------------------------------------
    # independent certificate of a local minimum

    def certify_local_minimum(self, minimum):
        r"""
        Check a local minimum in exact arithmetic, independently of the
        engine that computed the fan, and return what was checked.

        The checks:

        - every cone of the component has its interior point checked again
          (:func:`~tropnet.certificates.check_interior_point`) and its loss
          recomputed from the labels;
        - the component is connected: a spanning tree of it is made of walls
          whose facet points are checked again
          (:func:`~tropnet.certificates.check_wall_point`);
        - every listed neighbour is checked the same way, with its loss;
        - no facet leads elsewhere: a neighbour of a cone differs from it at
          exactly one distinct point (an edge of the activation polytope is
          a sum of parallel edges of the simplices), so for every cone of the
          component, every distinct point `i` and every other term `l`, the
          pattern with `i` moved to `l` is either a listed neighbour, in the
          component, or its loss is larger, or the face of the closed cone on
          the hyperplane `\langle\theta_{\sigma(i)} - \theta_l, v_i\rangle = 0`
          has dimension less than `K(d+1) - 1` -- computed from the data with
          an exact Sage polyhedron, so it is no facet;
        - for a minimum that is not global, a cone of smaller loss exists: its
          interior point is checked.

        INPUT:

        - ``minimum`` -- a :class:`LocalMinimum` of this landscape

        OUTPUT: a dictionary with the counts of each check; an
        ``ArithmeticError`` is raised if a check fails

        EXAMPLES::

            sage: from tropnet import ClassificationFan
            sage: F = ClassificationFan([[0], [1], [2], [3]], 1, 1)
            sage: L = F.landscape([1, -1, -1, 1])
            sage: M = [M for M in L.local_minima() if not M.is_global][0]
            sage: L.certify_local_minimum(M)
            {'cones': 1, 'faces_not_facets': 2, 'lower_cone': (0, 1, 1, 1), 'walls': 2}
        """
        from .certificates import check_interior_point, check_wall_point
        fan = self._fan
        distinct, index, vectors, reduced, loss_of = self._exact_data()
        K = fan.n_terms()

        comp = set(minimum.cones)
        if not comp:
            raise ValueError("minimum: a local minimum has at least one cone")
        for sigma in comp:
            if not check_interior_point(vectors, K, reduced(sigma),
                                        fan.interior_point(sigma)):
                raise ArithmeticError(f"the interior point of {sigma} is not interior")
            if loss_of(sigma) != minimum.loss:
                raise ArithmeticError(f"the cone {sigma} has loss {loss_of(sigma)}, "
                                      f"not {minimum.loss}")

        walls = 0
        seen = {min(comp)}
        stack = [min(comp)]
        while stack:
            sigma = stack.pop()
            c = self._graph.index[sigma]
            for x in self._graph.neighbours(c):
                tau = self._graph.patterns[int(x)]
                if tau in comp and tau not in seen:
                    if not check_wall_point(vectors, K, reduced(sigma), reduced(tau),
                                            fan.wall_point(sigma, tau)):
                        raise ArithmeticError(f"the wall {sigma}, {tau} is not "
                                              "certified")
                    walls += 1
                    seen.add(tau)
                    stack.append(tau)
        if seen != comp:
            raise ArithmeticError("the cones of the local minimum are not connected "
                                  "through walls")

        neighbours = {tau for tau, _ in minimum.neighbours}
        touching = {}
        for sigma in sorted(comp):
            for x in self._graph.neighbours(self._graph.index[sigma]):
                touching.setdefault(self._graph.patterns[int(x)], sigma)
        for tau, value in minimum.neighbours:
            if loss_of(tau) != value or value <= minimum.loss:
                raise ArithmeticError(f"the neighbour {tau} has loss {loss_of(tau)}, "
                                      f"listed as {value}")
            sigma = touching.get(tau)
            if sigma is None or not check_wall_point(vectors, K, reduced(sigma),
                                                     reduced(tau),
                                                     fan.wall_point(sigma, tau)):
                raise ArithmeticError(f"the neighbour {tau} is not certified")
            walls += 1

        faces = 0
        for sigma in sorted(comp):
            rs = reduced(sigma)
            for i in range(len(distinct)):
                for l in range(K):
                    if l == rs[i]:
                        continue
                    tau = tuple(l if index[j] == i else s for j, s in enumerate(sigma))
                    if tau in comp or tau in neighbours or loss_of(tau) > minimum.loss:
                        continue
                    if self._is_facet(vectors, rs, i, l):
                        raise ArithmeticError(f"the cone {sigma} has a facet towards "
                                              f"{tau}, of loss {loss_of(tau)}")
                    faces += 1

        result = {"cones": len(comp), "walls": walls, "faces_not_facets": faces}
        if not minimum.is_global:
            lower = self._graph.patterns[int(np.argmin(self._loss))]
            if loss_of(lower) >= minimum.loss or not check_interior_point(
                    vectors, K, reduced(lower), fan.interior_point(lower)):
                raise ArithmeticError("no certified cone of smaller loss")
            result["lower_cone"] = lower
        return result

    def certify_no_descent(self, path):
        r"""
        Check in exact arithmetic, independently of the engine that computed
        the fan, that no chain of adjacent cones with strictly decreasing
        loss leads from ``path.start`` to a global minimum, and return what
        was checked.

        The certificate is the set ``path.reachable`` of cones, with their
        losses.  The checks:

        - the start is in the set, and every cone of the set has its interior
          point checked again (:func:`~tropnet.certificates.check_interior_point`)
          and its loss recomputed from the labels and compared with the
          listed loss;
        - no cone of the set is a global minimum: a cone of the fan of the
          smallest loss, whose interior point is checked again, has a loss
          smaller than every loss of the set;
        - the set is closed under strict descent: a neighbour of a cone
          differs from it at exactly one distinct point (an edge of the
          activation polytope is a sum of parallel edges of the simplices),
          so for every cone of the set, every distinct point `i` and every
          other term `l`, the pattern with `i` moved to `l` either has a
          loss at least that of the cone, or is in the set and shares a wall
          of the fan with the cone, whose facet point is checked again
          (:func:`~tropnet.certificates.check_wall_point`), or the face of
          the closed cone on the hyperplane
          `\langle\theta_{\sigma(i)} - \theta_l, v_i\rangle = 0` has
          dimension less than `K(d+1) - 1` -- computed from the data with
          an exact Sage polyhedron, so it is no facet.

        Every chain of strict descent from the start therefore stays in the
        set, and never reaches a global minimum.

        INPUT:

        - ``path`` -- a :class:`DescentPath` of this landscape with
          ``exists`` false, as returned by :meth:`descent_path`

        OUTPUT: a dictionary with the number of cones of the set
        (``"cones"``), of walls checked (``"walls"``), of moves to a pattern
        of loss at least the cone's (``"not_descending"``), of faces shown
        not to be facets (``"faces_not_facets"``), and the cone of smallest
        loss (``"lower_cone"``); an ``ArithmeticError`` is raised if a check
        fails

        EXAMPLES:

        Five points `0, \dots, 4` on a line with labels `+, +, -, +, +` and a
        linear classifier.  The 10 cones form the cycle ``+++++, ++++-,
        +++--, ++---, +----, -----, ----+, ---++, --+++, -++++`` (term 0 is
        `+`) with losses ``1, 2, 3, 2, 3, 4, 3, 2, 3, 2``.  From ``-----``
        (loss 4) strict descent reaches ``+----`` and ``----+`` (loss 3),
        then ``++---`` and ``---++`` (loss 2), whose neighbours have loss 3.
        The global minimum is ``+++++``, of loss 1.  Of the 25 moves of one
        point out of the five cones, 4 cross the walls of the two descending
        chains, 11 do not descend and the other 10 lead to sign vectors
        such as ``-+---`` that no line realizes on increasing points::

            sage: from tropnet import ClassificationFan
            sage: F = ClassificationFan([[0], [1], [2], [3], [4]], 1, 1)
            sage: L = F.landscape([1, 1, -1, 1, 1])
            sage: D = L.descent_path((1, 1, 1, 1, 1)); D.exists, D.reachable
            (False, {(0, 0, 1, 1, 1): 2, (0, 1, 1, 1, 1): 3, (1, 1, 1, 0, 0): 2,
                     (1, 1, 1, 1, 0): 3, (1, 1, 1, 1, 1): 4})
            sage: L.certify_no_descent(D)
            {'cones': 5, 'faces_not_facets': 10, 'lower_cone': (0, 0, 0, 0, 0),
             'not_descending': 11, 'walls': 4}

        TESTS:

        Forged certificates are refused: a cone removed from the set, a
        wrong loss, a global minimum in the set, a start outside the set, a
        pattern that is no cone, a start that can descend::

            sage: R = dict(D.reachable); del R[(0, 0, 1, 1, 1)]
            sage: L.certify_no_descent(D._replace(reachable=R))
            Traceback (most recent call last):
            ...
            ArithmeticError: the cone (0, 1, 1, 1, 1) has a facet towards
            (0, 0, 1, 1, 1), of smaller loss 2, which is not in the reachable set
            sage: L.certify_no_descent(D._replace(reachable={(1, 1, 1, 1, 1): 3}))
            Traceback (most recent call last):
            ...
            ArithmeticError: the cone (1, 1, 1, 1, 1) has loss 4, listed as 3
            sage: R = dict(D.reachable); R[(0, 0, 0, 0, 0)] = 1
            sage: L.certify_no_descent(D._replace(reachable=R))
            Traceback (most recent call last):
            ...
            ArithmeticError: the reachable cone (0, 0, 0, 0, 0) has loss 1, not
            above the smallest loss 1 of any cone
            sage: L.certify_no_descent(D._replace(start=(0, 0, 0, 0, 1)))
            Traceback (most recent call last):
            ...
            ArithmeticError: the start (0, 0, 0, 0, 1) is not in the reachable set
            sage: L.certify_no_descent(D._replace(reachable={(0, 1, 0, 1, 1): 3}))
            Traceback (most recent call last):
            ...
            ArithmeticError: the reachable pattern (0, 1, 0, 1, 1) is not a cone of
            the fan
            sage: L.certify_no_descent(L.descent_path((0, 0, 0, 0, 1)))
            Traceback (most recent call last):
            ...
            ValueError: path: a chain of strict descent to a global minimum
            exists; there is no absence of descent to certify
            sage: L.certify_no_descent({(1, 1, 1, 1, 1): 4})
            Traceback (most recent call last):
            ...
            TypeError: path: expected a DescentPath, got dict
        """
        from .certificates import check_interior_point, check_wall_point
        if not isinstance(path, DescentPath):
            raise TypeError(f"path: expected a DescentPath, got {type(path).__name__}")
        if path.exists:
            raise ValueError("path: a chain of strict descent to a global minimum "
                             "exists; there is no absence of descent to certify")
        fan = self._fan
        g = self._graph
        distinct, index, vectors, reduced, loss_of = self._exact_data()
        K = fan.n_terms()

        def as_pattern(sigma):
            try:
                return tuple(int(s) for s in sigma)
            except (TypeError, ValueError):
                raise ValueError(f"path: {sigma!r} is not a pattern of terms") from None

        reachable = {}
        for sigma, value in dict(path.reachable).items():
            sigma = as_pattern(sigma)
            if sigma not in g.index:
                raise ArithmeticError(f"the reachable pattern {sigma} is not a cone of "
                                      "the fan")
            if not check_interior_point(vectors, K, reduced(sigma),
                                        fan.interior_point(sigma)):
                raise ArithmeticError(f"the interior point of {sigma} is not interior")
            if loss_of(sigma) != value:
                raise ArithmeticError(f"the cone {sigma} has loss {loss_of(sigma)}, "
                                      f"listed as {value}")
            reachable[sigma] = value
        start = as_pattern(path.start)
        if start not in reachable:
            raise ArithmeticError(f"the start {start} is not in the reachable set")

        lower = g.patterns[int(np.argmin(self._loss))]
        if not check_interior_point(vectors, K, reduced(lower),
                                    fan.interior_point(lower)):
            raise ArithmeticError(f"the interior point of {lower} is not interior")
        lowest = loss_of(lower)
        for sigma in sorted(reachable):
            if reachable[sigma] <= lowest:
                raise ArithmeticError(f"the reachable cone {sigma} has loss "
                                      f"{reachable[sigma]}, not above the smallest "
                                      f"loss {lowest} of any cone")

        walls = faces = higher = 0
        for sigma in sorted(reachable):
            rs = reduced(sigma)
            neighbours = {g.patterns[int(x)] for x in g.neighbours(g.index[sigma])}
            for i in range(len(distinct)):
                for l in range(K):
                    if l == rs[i]:
                        continue
                    tau = tuple(l if index[j] == i else s for j, s in enumerate(sigma))
                    value = loss_of(tau)
                    if value >= reachable[sigma]:
                        higher += 1
                    elif tau in reachable and tau in neighbours:
                        if not check_wall_point(vectors, K, rs, reduced(tau),
                                                fan.wall_point(sigma, tau)):
                            raise ArithmeticError(f"the wall {sigma}, {tau} is not "
                                                  "certified")
                        walls += 1
                    elif self._is_facet(vectors, rs, i, l):
                        where = "not in the reachable set" if tau not in reachable \
                            else "and the fan lists no wall between them"
                        raise ArithmeticError(f"the cone {sigma} has a facet towards "
                                              f"{tau}, of smaller loss {value}, "
                                              f"which is {where}")
                    else:
                        faces += 1
        return {"cones": len(reachable), "walls": walls, "not_descending": higher,
                "faces_not_facets": faces, "lower_cone": lower}

    def _exact_data(self):
        r"""
        Return what the certificates are checked with: the distinct points,
        the index of each point among them, the vectors `v_i = (1, p_i)` of
        the distinct points, the map from a pattern to its pattern on the
        distinct points, and the loss recomputed from the labels.
        """
        fan = self._fan
        distinct, index = fan.data.distinct()
        first = [index.index(c) for c in range(len(distinct))]
        vectors = [(QQ.one(),) + p for p in distinct]

        def reduced(sigma):
            return tuple(sigma[i] for i in first)

        def loss_of(sigma):
            return sum(1 for s, y in zip(sigma, self._labels)
                       if (s < fan.n) != (y == 1))

        return distinct, index, vectors, reduced, loss_of

    def _is_facet(self, vectors, pattern, i, l):
        r"""
        Return whether the closed cone of the distinct ``pattern`` has a facet
        on the hyperplane where point ``i`` ties between its term and ``l``.
        """
        cache = self._graph.facet_cache
        key = (pattern, i, l)
        if key not in cache:
            from sage.geometry.polyhedron.constructor import Polyhedron
            K = self._fan.n_terms()
            width = len(vectors[0])

            def normal(v, k, t):
                row = [QQ.zero()] * (K * width)
                for j in range(width):
                    row[k * width + j] += v[j]
                    row[t * width + j] -= v[j]
                return row

            ieqs = [[0] + normal(v, s, t) for v, s in zip(vectors, pattern)
                    for t in range(K) if t != s]
            eqns = [[0] + normal(vectors[i], pattern[i], l)]
            face = Polyhedron(ieqs=ieqs, eqns=eqns, base_ring=QQ)
            cache[key] = face.dim() == K * width - 1
        return cache[key]

    # ------------------------------------------------------------------
    # symmetry

    def orbit(self, sigma):
        r"""
        Return the orbit of the cone of ``sigma`` under the permutations of
        the numerator terms among themselves and of the denominator terms
        among themselves, as a sorted list of patterns.

        EXAMPLES::

            sage: from tropnet import ClassificationFan
            sage: L = ClassificationFan([[0], [1]], 2, 1).landscape([1, 1])
            sage: L.orbit((0, 1))
            [(0, 1), (1, 0)]
        """
        sigma = self._graph.patterns[self._cone_index(sigma)]
        return sorted({tuple(pi[s] for s in sigma)
                       for pi in term_permutations(self._fan.n, self._fan.m)})

    def orbits(self):
        r"""
        Return the orbits of the cones under the term permutations, each a
        sorted list of patterns, sorted by their first pattern.

        EXAMPLES::

            sage: from tropnet import ClassificationFan
            sage: L = ClassificationFan([[0], [1]], 2, 1).landscape([1, 1])
            sage: L.orbits()
            [[(0, 0), (1, 1)], [(0, 1), (1, 0)], [(0, 2), (1, 2)], [(2, 0), (2, 1)],
             [(2, 2)]]
        """
        groups = {}
        for p in self._graph.patterns:
            groups.setdefault(canonical_pattern(p, self._fan.n), []).append(p)
        return sorted(groups.values(), key=lambda o: o[0])

    def is_symmetric(self):
        r"""
        Check that the term permutations map cones to cones and walls to walls
        and keep the loss; return ``True``, or raise ``ArithmeticError``
        naming the first failure.

        EXAMPLES::

            sage: from tropnet import ClassificationFan
            sage: F = ClassificationFan([[0], [1], [3]], 2, 1)
            sage: F.landscape([1, -1, 1]).is_symmetric()
            True
        """
        g = self._graph
        walls = set(zip(g.u.tolist(), g.v.tolist()))
        for pi in term_permutations(self._fan.n, self._fan.m):
            image = []
            for c, p in enumerate(g.patterns):
                q = tuple(pi[s] for s in p)
                d = g.index.get(q)
                if d is None:
                    raise ArithmeticError(f"the permutation {pi} maps the cone {p} to "
                                          f"{q}, which is not a cone")
                if self._loss[d] != self._loss[c]:
                    raise ArithmeticError(f"the permutation {pi} changes the loss "
                                          f"of {p}")
                image.append(d)
            for a, b in walls:
                x, y = image[a], image[b]
                if (x, y) not in walls and (y, x) not in walls:
                    raise ArithmeticError(f"the permutation {pi} maps the wall "
                                          f"{g.patterns[a]}, {g.patterns[b]} to a pair "
                                          "that is no wall")
        return True

    def summary_modulo_symmetry(self):
        r"""
        Return the summary modulo the term permutations: like
        :meth:`summary`, with orbits of cones instead of cones and orbits of
        components instead of components.

        A permutation maps a component of a level or sublevel set onto a
        component of the same set, so the components fall into orbits; two
        components are in the same orbit exactly when they contain cones of
        the same orbit.

        EXAMPLES:

        With `n = 2` numerator terms, the two cones where both points are
        positive and won by different numerator terms form one orbit::

            sage: from tropnet import ClassificationFan
            sage: L = ClassificationFan([[0], [1]], 2, 1).landscape([1, 1])
            sage: L.summary()[0], L.summary_modulo_symmetry()[0]
            ({'n_components': 1, 'n_components_sublevel': 1, 'n_cones': 4,
              'n_cones_sublevel': 4},
             {'n_components': 1, 'n_components_sublevel': 1, 'n_cones': 2,
              'n_cones_sublevel': 2})
        """
        n = self._fan.n
        key = [canonical_pattern(p, n) for p in self._graph.patterns]
        comps = self._level_components()
        result = {}

        def orbits_of_cones(mask):
            return len({key[c] for c in np.flatnonzero(mask)})

        def orbits_of_components(comps):
            return len({min(key[c] for c in comp) for comp in comps})

        for k in self.loss_values():
            level = [c for c in comps if self._loss[c[0]] == k]
            sub = self._sublevel_set_component_indices(k)
            result[k] = {"n_cones": orbits_of_cones(self._loss == k),
                         "n_components": orbits_of_components(level),
                         "n_cones_sublevel": orbits_of_cones(self._loss <= k),
                         "n_components_sublevel": orbits_of_components(sub)}
        return result

    # ------------------------------------------------------------------
    # decision boundaries

    def decision_boundary(self, sigma):
        r"""
        Return the decision boundary of the interior point of the cone of
        ``sigma``, piece by piece (see :func:`decision_boundary`).

        EXAMPLES::

            sage: from tropnet import ClassificationFan
            sage: L = ClassificationFan([[0], [2]], 1, 1).landscape([1, -1])
            sage: B = L.decision_boundary((0, 1)); list(B)
            [(0, 1)]
            sage: B[(0, 1)].dim(), B[(0, 1)].vertices()[0][0] in (0, 2)
            (0, False)
        """
        fan = self._fan
        theta = fan.interior_point(self._graph.patterns[self._cone_index(sigma)])
        return decision_boundary(theta, fan.n, fan.m)

    def __repr__(self):
        r"""
        EXAMPLES::

            sage: from tropnet import ClassificationFan
            sage: ClassificationFan([[0], [1]], 1, 1).landscape([1, 1])
            0/1-loss landscape of 4 cones, losses 0..2
        """
        return (f"0/1-loss landscape of {self.n_cones()} cones, losses "
                f"{self.min_loss()}..{self.max_loss()}")


# ----------------------------------------------------------------------
# claim (2): every local minimum is global

def _all_labellings(n_points):
    if n_points > MAX_POINTS_ALL_LABELLINGS:
        raise ValueError(f"labels: 2^{n_points} labellings are too many (at most "
                         f"{MAX_POINTS_ALL_LABELLINGS} points)")
    return itertools.product((1, -1), repeat=n_points)


def check_local_minima_are_global(points, labels=None, n=1, m=1, backend=None,
                                  certify=False, progress=False):
    r"""
    Check, for one labelling or for every labelling of ``points``, whether
    every local minimum of the 0/1-loss is global and whether from every cone
    a chain of adjacent cones with strictly decreasing loss reaches a global
    minimum; return a witness where not.

    INPUT:

    - ``points`` -- points, a :class:`~tropnet.data.Dataset`, or a
      :class:`~tropnet.fan.ClassificationFan` (then ``n``, ``m`` and
      ``backend`` are those of the fan)
    - ``labels`` -- one labelling (a sequence of ``+1``/``-1`` or booleans);
      by default every labelling, in the order of
      ``itertools.product((1, -1), repeat=N)`` (at most 20 points)
    - ``n``, ``m`` -- integers (default: 1, a linear classifier)
    - ``backend`` -- the engine of the fan
    - ``certify`` -- boolean (default: ``False``); also check every witness
      of a local minimum that is not global with
      :meth:`Landscape.certify_local_minimum`
    - ``progress`` -- boolean (default: ``False``); show a progress bar

    OUTPUT: a list of :class:`LocalMinimaCheck`, one per labelling.  The
    witnesses consist of cones and walls of the fan, whose interior points
    and facet points the fan has checked in exact arithmetic; the fan is
    computed once for all labellings.

    EXAMPLES:

    Three points on a line: for every labelling the claim holds::

        sage: from tropnet.landscape import check_local_minima_are_global
        sage: checks = check_local_minima_are_global([[0], [1], [2]])
        sage: len(checks), all(c.holds for c in checks)
        (8, True)

    Four points on a line with the labelling `+, -, -, +`: it fails, with
    a certified witness::

        sage: c, = check_local_minima_are_global([[0], [1], [2], [3]], [1, -1, -1, 1],
        ....:                                    certify=True)
        sage: c.holds, c.non_global_minimum.cones, c.stuck.reachable
        (False, ((0, 0, 0, 0),), {(0, 0, 0, 0): 2})
        sage: c.certificate["faces_not_facets"]
        2

    TESTS::

        sage: check_local_minima_are_global([[0]] * 21)
        Traceback (most recent call last):
        ...
        ValueError: labels: 2^21 labellings are too many (at most 20 points)
    """
    from tqdm.auto import tqdm

    from .fan import ClassificationFan
    fan = points if isinstance(points, ClassificationFan) else \
        ClassificationFan(points, n, m, backend=backend)
    N = fan.data.n_points()
    labellings = [as_labels(labels, N)] if labels is not None else _all_labellings(N)
    total = 1 if labels is not None else 2 ** N
    result = []
    for y in tqdm(labellings, total=total, desc="labellings", disable=not progress):
        L = Landscape(fan, y)
        bad = next((M for M in L.local_minima() if not M.is_global), None)
        without = L.cones_without_descent()
        stuck = L.descent_path(without[0]) if without else None
        certificate = L.certify_local_minimum(bad) if certify and bad is not None \
            else None
        result.append(LocalMinimaCheck(tuple(y), bad is None and stuck is None, bad,
                                       stuck, certificate))
    return result


# ----------------------------------------------------------------------
# decision boundaries

def _is_block(x):
    return not isinstance(x, (str, bytes)) and hasattr(x, "__len__")


def _theta_blocks(theta, n, m, name="theta"):
    from .fan import _positive_integer
    n = _positive_integer(n, "n", "numerator")
    m = _positive_integer(m, "m", "denominator")
    K = n + m
    try:
        entries = list(theta)
    except TypeError:
        raise TypeError(f"{name}: expected a sequence of numbers or of blocks, "
                        f"got {type(theta).__name__}") from None
    if entries and _is_block(entries[0]):
        if len(entries) != K:
            raise ValueError(f"{name}: expected {K} blocks, got {len(entries)}")
        widths = {len(list(b)) for b in entries}
        if len(widths) != 1:
            raise ValueError(f"{name}: the blocks have different lengths "
                             f"{sorted(widths)}")
        entries = [x for block in entries for x in block]
    if not entries or len(entries) % K or len(entries) // K < 2:
        raise ValueError(f"{name}: expected K(d+1) coordinates with K = {K} and "
                         f"d >= 1, got {len(entries)}")
    width = len(entries) // K
    entries = [as_rational(x, name=f"{name}: entry {j}") for j, x in enumerate(entries)]
    return n, m, [entries[k * width:(k + 1) * width] for k in range(K)]


def decision_boundary(theta, n, m):
    r"""
    Return the decision boundary `\{x : f_\theta(x) = 0\}` of the tropical
    rational classifier with parameter ``theta``, piece by piece.

    The piece `(i, j)`, for a numerator term `i < n` and a denominator term
    `j \ge n` (terms numbered from 0), is the polyhedron of the `x \in
    \QQ^d` where term `i` is maximal among the numerator terms, term `j` is
    maximal among the denominator terms, and the two are equal.  The
    boundary is the union of the pieces.

    INPUT:

    - ``theta`` -- `K(d+1)` rationals, or `K` blocks `(c_k, w_k)` of `d + 1`
    - ``n``, ``m`` -- the numbers of numerator and denominator terms

    OUTPUT: a dictionary from the pairs `(i, j)` whose piece is nonempty to
    the piece, an exact Sage polyhedron in `\QQ^d`; pieces may have any
    dimension (a piece of dimension `d` means that `f_\theta` vanishes on an
    open set)

    EXAMPLES:

    A linear classifier: the boundary is one line::

        sage: from tropnet.landscape import decision_boundary
        sage: B = decision_boundary([[1, 1, 0], [0, 0, 1]], 1, 1); B
        {(0, 1): A 1-dimensional polyhedron in QQ^2 defined as the convex hull of
                 1 vertex and 1 line}
        sage: B[(0, 1)].equations_list()
        [[1, 1, -1]]

    With `n = 2`: `f(x) = \max(x, -x) - 1`, the boundary is `\{-1, 1\}`::

        sage: B = decision_boundary([[0, 1], [0, -1], [1, 0]], 2, 1)
        sage: {ij: P.vertices_list() for ij, P in B.items()}
        {(0, 2): [[1]], (1, 2): [[-1]]}

    Equal terms: `f_\theta` vanishes everywhere, one piece is all of
    `\QQ^d`::

        sage: decision_boundary([[1, 2], [1, 2]], 1, 1)[(0, 1)].is_universe()
        True

    TESTS::

        sage: decision_boundary([1, 2, 3], 1, 1)
        Traceback (most recent call last):
        ...
        ValueError: theta: expected K(d+1) coordinates with K = 2 and d >= 1, got 3
    """
    from sage.geometry.polyhedron.constructor import Polyhedron
    n, m, blocks = _theta_blocks(theta, n, m)
    K = n + m
    result = {}
    for i in range(n):
        for j in range(n, K):
            ieqs = [[a - b for a, b in zip(blocks[i], blocks[t])]
                    for t in range(n) if t != i]
            ieqs += [[a - b for a, b in zip(blocks[j], blocks[t])]
                     for t in range(n, K) if t != j]
            eqns = [[a - b for a, b in zip(blocks[i], blocks[j])]]
            if all(x == 0 for x in eqns[0]):
                eqns = []
            # the trivial inequality 1 >= 0 makes an empty system mean everything
            ieqs.append([QQ.one()] + [QQ.zero()] * (len(blocks[0]) - 1))
            piece = Polyhedron(ieqs=ieqs, eqns=eqns or None, base_ring=QQ,
                               ambient_dim=len(blocks[0]) - 1)
            if not piece.is_empty():
                result[(i, j)] = piece
    return result


def decision_regions(theta, n, m):
    r"""
    Return the regions where `f_\theta \ge 0` and where `f_\theta \le 0`,
    piece by piece.

    The piece `(i, j)` of the sign ``+1`` is the polyhedron where term `i` is
    maximal in the numerator, term `j` is maximal in the denominator and
    term `i` is at least term `j`; the sign ``-1`` has the reverse
    inequality.  Each region is the union of its pieces.

    INPUT:

    - ``theta``, ``n``, ``m`` -- as for :func:`decision_boundary`

    OUTPUT: a dictionary ``{1: {(i, j): P, ...}, -1: {...}}`` of nonempty
    exact polyhedra in `\QQ^d`

    EXAMPLES::

        sage: from tropnet.landscape import decision_regions
        sage: R = decision_regions([[0, 1], [0, -1], [1, 0]], 2, 1)
        sage: sorted((s, ij, sorted(P.vertices_list()))
        ....:        for s in R for ij, P in R[s].items())
        [(-1, (0, 2), [[0], [1]]), (-1, (1, 2), [[-1], [0]]),
         (1, (0, 2), [[1]]), (1, (1, 2), [[-1]])]
    """
    from sage.geometry.polyhedron.constructor import Polyhedron
    n, m, blocks = _theta_blocks(theta, n, m)
    K = n + m
    result = {1: {}, -1: {}}
    for sign in (1, -1):
        for i in range(n):
            for j in range(n, K):
                ieqs = [[a - b for a, b in zip(blocks[i], blocks[t])]
                        for t in range(n) if t != i]
                ieqs += [[a - b for a, b in zip(blocks[j], blocks[t])]
                         for t in range(n, K) if t != j]
                ieqs.append([sign * (a - b) for a, b in zip(blocks[i], blocks[j])])
                piece = Polyhedron(ieqs=ieqs, base_ring=QQ,
                                   ambient_dim=len(blocks[0]) - 1)
                if not piece.is_empty():
                    result[sign][(i, j)] = piece
    return result
