r"""
Pictures of classifiers and of the 0/1-loss landscape, for data in the plane.

The geometry is computed exactly (the decision boundary and the regions of
each sign are exact Sage polyhedra, cut to a box around the data); only the
drawing converts coordinates to floating point.  Figures are drawn with
matplotlib's Agg canvas, without touching matplotlib's global state, and the
layout of graphs uses a fixed seed, so the same input gives the same file.

Drawing needs matplotlib (and the graph of :func:`plot_level_sets` also
networkx); it is asked for through the feature
:class:`~tropnet.features.Matplotlib`.

Draw the data of a landscape and the decision boundary of the interior point
of one of its cones, and the landscape itself::

    sage: import os, tempfile
    sage: from tropnet import ClassificationFan
    sage: from tropnet.plot import plot_decision_boundary, plot_level_sets
    sage: F = ClassificationFan([[0, 0], [2, 0], [0, 2], [2, 2]], 1, 1)
    sage: L = F.landscape([1, -1, -1, 1])
    sage: folder = tempfile.mkdtemp()
    sage: path = plot_decision_boundary(L, (0, 0, 1, 1), os.path.join(folder, "b.png"))
    sage: os.path.getsize(path) > 0
    True
    sage: path = plot_level_sets(L, os.path.join(folder, "levels.png"))
    sage: os.path.basename(path)
    'levels.png'

Without matplotlib nothing is drawn, and the message says how to install
it::

    sage: from tropnet.features import Matplotlib
    sage: Matplotlib().hide()
    sage: plot_level_sets(L, os.path.join(folder, "levels.png"))
    Traceback (most recent call last):
    ...
    FeatureNotPresentError: matplotlib is not available.
    Feature `matplotlib` is hidden.
    pip install matplotlib
    sage: Matplotlib().unhide()
"""
import logging

from sage.geometry.polyhedron.constructor import Polyhedron
from sage.rings.rational_field import QQ

logger = logging.getLogger("tropnet.plot")

_PNG_METADATA = {"Software": None}


def _require_matplotlib():
    from .features import Matplotlib
    Matplotlib().require()


def _figure(size=(5, 5)):
    _require_matplotlib()
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    fig = Figure(figsize=size, dpi=100)
    FigureCanvasAgg(fig)
    return fig


def bounding_box(points, margin=None):
    r"""
    Return a box around ``points`` in the plane as an exact polyhedron: the
    bounding box of the points, enlarged on each side by ``margin`` (by
    default a fifth of the larger side, or 1 for a single point).

    INPUT:

    - ``points`` -- a nonempty sequence of points of `\QQ^2`
    - ``margin`` -- a nonnegative rational (optional)

    OUTPUT: a 2-dimensional Sage polyhedron

    EXAMPLES::

        sage: from tropnet.plot import bounding_box
        sage: bounding_box([[0, 0], [5, 1]]).vertices_list()
        [[-1, -1], [-1, 2], [6, -1], [6, 2]]
        sage: bounding_box([[0, 0, 0]])
        Traceback (most recent call last):
        ...
        ValueError: points: plots are drawn for points in the plane (d = 2), got d = 3
    """
    from .data import Dataset, as_rational
    data = Dataset(points)
    if data.dim() != 2:
        raise ValueError("points: plots are drawn for points in the plane (d = 2), got "
                         f"d = {data.dim()}")
    xs = [p[0] for p in data.points]
    ys = [p[1] for p in data.points]
    if margin is None:
        side = max(max(xs) - min(xs), max(ys) - min(ys))
        margin = side / 5 if side else QQ.one()
    margin = as_rational(margin, name="margin")
    if margin < 0:
        raise ValueError(f"margin: must be nonnegative, got {margin}")
    x0, x1 = min(xs) - margin, max(xs) + margin
    y0, y1 = min(ys) - margin, max(ys) + margin
    return Polyhedron(vertices=[(x0, y0), (x0, y1), (x1, y0), (x1, y1)], base_ring=QQ)


def _polygon(P):
    r"""
    Return the vertices of a bounded polygon (or segment, or point) in cyclic
    order, as floats.
    """
    vertices = [tuple(float(c) for c in v) for v in P.vertices_list()]
    if len(vertices) <= 2:
        return vertices
    import math
    cx = sum(v[0] for v in vertices) / len(vertices)
    cy = sum(v[1] for v in vertices) / len(vertices)
    return sorted(vertices, key=lambda v: math.atan2(v[1] - cy, v[0] - cx))


def plot_decision_boundary(source, sigma=None, filename="boundary.png", theta=None,
                           labels=None, margin=None, title=None):
    r"""
    Draw the data with their labels, the regions where the classifier is
    positive and negative, and its decision boundary; save it as a PNG file.

    INPUT:

    - ``source`` -- a :class:`~tropnet.landscape.Landscape` or a
      :class:`~tropnet.fan.ClassificationFan` of points in the plane
    - ``sigma`` -- a realizable pattern; the classifier is the exact interior
      point of its cone (give ``sigma`` or ``theta``)
    - ``filename`` -- the path of the PNG file to write
    - ``theta`` -- a parameter, instead of ``sigma``
    - ``labels`` -- labels of the points (by default those of the landscape or
      of the data); the points of label `+1` are drawn as circles, those of
      label `-1` as crosses, and the mistakes are ringed in black
    - ``margin`` -- see :func:`bounding_box`
    - ``title`` -- string (optional)

    OUTPUT: ``filename``

    EXAMPLES::

        sage: import os, tempfile
        sage: from tropnet import ClassificationFan
        sage: from tropnet.plot import plot_decision_boundary
        sage: F = ClassificationFan([[0, 0], [1, 0], [0, 1]], 2, 1)
        sage: out = os.path.join(tempfile.mkdtemp(), "f.png")
        sage: plot_decision_boundary(F, theta=[0, 1, 0, 0, 0, 1, "1/2", 0, 0],
        ....:                        filename=out) == out
        True

    TESTS::

        sage: plot_decision_boundary(F, filename=out)
        Traceback (most recent call last):
        ...
        ValueError: sigma: give a pattern or theta
        sage: plot_decision_boundary(ClassificationFan([[0], [1]], 1, 1), (0, 1))
        Traceback (most recent call last):
        ...
        ValueError: points: plots are drawn for points in the plane (d = 2), got d = 1
        sage: from tropnet.features import Matplotlib
        sage: Matplotlib().hide()
        sage: plot_decision_boundary(F, (0, 0, 0), filename=out)
        Traceback (most recent call last):
        ...
        FeatureNotPresentError: matplotlib is not available.
        Feature `matplotlib` is hidden.
        pip install matplotlib
        sage: Matplotlib().unhide()
    """
    from .data import as_labels
    from .landscape import Landscape, decision_boundary, decision_regions
    _require_matplotlib()
    if isinstance(source, Landscape):
        fan = source.fan()
        if labels is None:
            labels = source.labels()
    else:
        fan = source
    points = fan.points()
    box = bounding_box(points, margin)
    if theta is None:
        if sigma is None:
            raise ValueError("sigma: give a pattern or theta")
        theta = fan.interior_point(sigma)
    if labels is None:
        labels = fan.data.labels
    labels = None if labels is None else as_labels(labels, len(points))

    fig = _figure()
    ax = fig.add_subplot(1, 1, 1)
    colours = {1: "#cfe3f7", -1: "#f8d5cc"}
    for sign, pieces in decision_regions(theta, fan.n, fan.m).items():
        for piece in pieces.values():
            clipped = piece.intersection(box)
            if clipped.dim() == 2:
                ax.fill(*zip(*_polygon(clipped)), facecolor=colours[sign],
                        edgecolor=colours[sign], linewidth=0.8)
    for piece in decision_boundary(theta, fan.n, fan.m).values():
        clipped = piece.intersection(box)
        if clipped.is_empty():
            continue
        corners = _polygon(clipped)
        if clipped.dim() == 2:
            ax.fill(*zip(*corners), color="#999999", linewidth=0)
        elif clipped.dim() == 1:
            ax.plot(*zip(*corners), color="black", linewidth=2)
        else:
            ax.plot(*zip(*corners), "ko", markersize=2.5)

    signs = fan.classify(theta)
    xs = [float(p[0]) for p in points]
    ys = [float(p[1]) for p in points]
    if labels is None:
        ax.scatter(xs, ys, c="black", marker="o", zorder=3)
    else:
        for value, marker, colour in ((1, "o", "#1f5fbf"), (-1, "x", "#c0392b")):
            chosen = [i for i, y in enumerate(labels) if y == value]
            ax.scatter([xs[i] for i in chosen], [ys[i] for i in chosen], c=colour,
                       marker=marker, s=60, zorder=3,
                       label="label +1" if value == 1 else "label -1")
        wrong = [i for i, (y, s) in enumerate(zip(labels, signs)) if y != s]
        if wrong:
            ax.scatter([xs[i] for i in wrong], [ys[i] for i in wrong], s=220,
                       facecolors="none", edgecolors="black", zorder=4, label="mistake")
        ax.legend(loc="best", fontsize=7)
    low, high = box.bounding_box()
    x0, y0 = (float(c) for c in low)
    x1, y1 = (float(c) for c in high)
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal")
    if title is None:
        title = f"(n, m) = ({fan.n}, {fan.m})" + ("" if sigma is None else
                                                    f", cone {tuple(sigma)}")
    ax.set_title(title, fontsize=8)
    fig.savefig(filename, format="png", metadata=_PNG_METADATA)
    logger.debug("wrote %s", filename)
    return filename


def plot_level_sets(landscape, filename="levels.png", max_loss=None, max_cones=400,
                    seed=0, title=None):
    r"""
    Draw the adjacency graph of the cones of low loss, coloured by loss, and
    save it as a PNG file.

    The graph has the cones of loss at most ``max_loss`` as vertices and the
    walls between them as edges, so its components are the components of
    the sublevel set; walls between cones of equal loss are drawn dark, so
    that the components of each level set show.  The layout is networkx's
    spring layout with the given seed.

    INPUT:

    - ``landscape`` -- a :class:`~tropnet.landscape.Landscape`
    - ``filename`` -- the path of the PNG file to write
    - ``max_loss`` -- integer (optional); by default the second smallest
      loss, or the smallest if the sublevel set of the second has more than
      ``max_cones`` cones
    - ``max_cones`` -- integer (default: 400)
    - ``seed`` -- integer (default: 0); the seed of the layout
    - ``title`` -- string (optional)

    OUTPUT: ``filename``

    EXAMPLES::

        sage: import os, tempfile
        sage: from tropnet import ClassificationFan
        sage: from tropnet.plot import plot_level_sets
        sage: L = ClassificationFan([[0], [1], [2]], 1, 1).landscape([1, -1, 1])
        sage: out = os.path.join(tempfile.mkdtemp(), "g.png")
        sage: plot_level_sets(L, out, max_loss=1) == out
        True

    TESTS::

        sage: plot_level_sets(L, out, max_cones=2)
        Traceback (most recent call last):
        ...
        ValueError: max_cones: the lowest level set has 3 cones, more than 2
    """
    _require_matplotlib()
    import networkx as nx
    losses = landscape.losses()
    values = landscape.loss_values()
    if max_loss is None:
        chosen = [k for k in values[:2]
                  if sum(1 for x in losses.values() if x <= k) <= max_cones]
        if not chosen:
            raise ValueError("max_cones: the lowest level set has "
                             f"{len(landscape.level_set(values[0]))} cones, more "
                             f"than {max_cones}")
        max_loss = chosen[-1]
    keep = sorted(p for p, x in losses.items() if x <= max_loss)
    G = nx.Graph()
    G.add_nodes_from(keep)
    kept = set(keep)
    G.add_edges_from((a, b) for a, b in landscape.fan().walls()
                     if a in kept and b in kept)
    position = nx.spring_layout(G, seed=int(seed))

    fig = _figure((6, 6))
    ax = fig.add_subplot(1, 1, 1)
    for a, b in G.edges():
        same = losses[a] == losses[b]
        ax.plot([position[a][0], position[b][0]], [position[a][1], position[b][1]],
                color="#333333" if same else "#bbbbbb", linewidth=1.2 if same else 0.5,
                zorder=1)
    levels = sorted({losses[p] for p in keep})
    from matplotlib import colormaps
    cmap = colormaps["viridis"].resampled(max(len(levels), 2))
    for t, k in enumerate(levels):
        nodes = [p for p in keep if losses[p] == k]
        ax.scatter([position[p][0] for p in nodes], [position[p][1] for p in nodes],
                   color=cmap(t), s=30, zorder=2, edgecolors="black", linewidths=0.3,
                   label=f"loss {k}: {len(nodes)} cone"
                   + ("" if len(nodes) == 1 else "s"))
    ax.legend(loc="upper right", fontsize=7)
    ax.set_axis_off()
    if title is None:
        count = nx.number_connected_components(G)
        title = (f"cones of loss <= {max_loss} and the walls between them "
                 f"({count} component{'' if count == 1 else 's'})")
    ax.set_title(title, fontsize=8)
    fig.savefig(filename, format="png", metadata=_PNG_METADATA)
    logger.debug("wrote %s", filename)
    return filename
