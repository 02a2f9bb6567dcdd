r"""
Floating-point centring and ray shooting for the native engine (private).

From a point `c` deep inside a cone, the ray `c + t d` leaves the cone
through the first inequality whose value drops to zero.  Where exactly one
inequality vanishes, the exit point lies in the relative interior of a facet:
a cheap *suggestion* of a wall point, certified (or discarded) exactly by
:mod:`tropnet.backends._native_exact` like any LP solution.  Rays aimed at
the foot of the perpendicular from `c` to each candidate wall, plus random
rays, find most facets of a cone without solving an LP; the analytic centre
(maximiser of `\sum_r \log(n_r\cdot\varphi) - \tfrac M2|\varphi|^2`) is a
good starting point.

Everything here works in the scaled coordinates of the margin LPs with the
first block fixed to zero, as arrays over a batch of patterns.

EXAMPLES::

    sage: import numpy as np
    sage: from tropnet.backends._native_exact import ExactData
    sage: from tropnet.backends._native_rays import unit_rows, analytic_centers
    sage: data = ExactData([(1, 0), (1, 1), (1, 2)], 2)
    sage: A = unit_rows(data, np.array([[0, 1, 1]]))
    sage: c, margin = analytic_centers(A, np.array([[0.0, 0.0, 0.5, 1.0]]))
    sage: bool((A[0] @ c[0] > 0).all()), bool(margin[0] > 0.1)
    (True, True)
"""
import numpy as np


def unit_rows(data, patterns):
    r"""
    Return the normalised inequality rows of a batch of patterns, in scaled
    coordinates.

    INPUT:

    - ``data`` -- an :class:`~tropnet.backends._native_exact.ExactData`
    - ``patterns`` -- an integer array of shape ``(B, N)``

    OUTPUT: a float array of shape ``(B, M, D)``; row ``r`` of pattern ``b``
    is the unit normal of its inequality ``r`` (numbered as in
    :meth:`~tropnet.backends._native_exact.ExactData.row`), pointing into
    the cone

    EXAMPLES::

        sage: import numpy as np
        sage: from tropnet.backends._native_exact import ExactData
        sage: from tropnet.backends._native_rays import unit_rows
        sage: rows = unit_rows(ExactData([(1, 0)], 2), np.array([[1]]))
        sage: (rows.round(3) + 0.0).tolist()
        [[[-0.707, 0.0, 0.707, 0.0]]]
    """
    patterns = np.asarray(patterns, dtype=np.int64)
    B = len(patterns)
    N, K, W = data.n_vectors, data.n_terms, data.width
    unit = data.scaled / data.scaled_norm[:, None]
    rows = np.zeros((B, N, K - 1, K, W))
    lose = data.alternatives[patterns]                                   # (B, N, K-1)
    b, i, j = np.meshgrid(np.arange(B), np.arange(N), np.arange(K - 1), indexing="ij")
    rows[b, i, j, patterns[b, i]] = unit[i]
    rows[b, i, j, lose] = -unit[i]
    return rows.reshape(B, N * (K - 1), K * W)


def analytic_centers(rows, start, iterations=30):
    r"""
    Return the analytic centres of a batch of cones, computed by damped
    Newton steps, and their margins.

    INPUT:

    - ``rows`` -- a float array of shape ``(B, M, D)``, the unit inequality
      rows of each cone (see :func:`unit_rows`)
    - ``start`` -- a float array of shape ``(B, D)``, a point inside each
      cone
    - ``iterations`` -- integer (default: 30); the most Newton steps

    OUTPUT: a pair of float arrays: the centres, shape ``(B, D)``, each
    scaled to maximum norm 1, and their margins, shape ``(B,)``: the
    smallest row value at the scaled centre (positive for a centre inside
    its cone).  Nothing here is exact; the engine certifies what it uses.

    EXAMPLES:

    The cone of the pattern ``(0, 1)`` on two points of a line; the centre
    stays inside::

        sage: import numpy as np
        sage: from tropnet.backends._native_exact import ExactData
        sage: from tropnet.backends._native_rays import analytic_centers, unit_rows
        sage: A = unit_rows(ExactData([(1, 0), (1, 1)], 2), np.array([[0, 1]]))
        sage: c, margin = analytic_centers(A, np.array([[0.0, 0.0, -1.0, 2.0]]))
        sage: c.shape, bool((A[0] @ c[0] > 0).all()), bool(margin[0] > 0)
        ((1, 4), True, True)
        sage: analytic_centers(np.zeros((0, 2, 4)), np.zeros((0, 4)))[0].shape
        (0, 4)
    """
    B, M, D = rows.shape
    if B == 0:
        return np.zeros((0, D)), np.zeros(0)
    x = np.array(start, dtype=float)
    x = x / np.abs(x).max(axis=1, keepdims=True)
    eye = np.eye(D)
    for _ in range(iterations):
        s = np.einsum("bmd,bd->bm", rows, x)
        if (s <= 0).any():
            break
        g = np.einsum("bmd,bm->bd", rows, 1.0 / s) - M * x
        H = -np.einsum("bmd,bm,bme->bde", rows, 1.0 / s ** 2, rows) - M * eye
        try:
            dx = np.linalg.solve(H, -g[:, :, None])[:, :, 0]
        except np.linalg.LinAlgError:
            break
        ds = np.einsum("bmd,bd->bm", rows, dx)
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = np.where(ds < 0, -s / ds, np.inf)
        t = np.minimum(1.0, 0.9 * ratio.min(axis=1))
        x = x + t[:, None] * dx
        if np.abs(t[:, None] * dx).max() < 1e-12:
            break
    s = np.einsum("bmd,bd->bm", rows, x)
    scale = np.abs(x).max(axis=1)
    return x / scale[:, None], s.min(axis=1) / scale


def shoot(rows, center, directions):
    r"""
    Shoot rays from a point inside a cone and return where they leave it.

    INPUT:

    - ``rows`` -- a float array of shape ``(M, D)``, the inequality rows of
      the cone
    - ``center`` -- a float array of shape ``(D,)``, a point inside it
    - ``directions`` -- a float array of shape ``(R, D)``

    OUTPUT: three arrays over the rays that leave the cone: the row hit
    first, the exit point (scaled to maximum norm 1), and its margin (the
    smallest value of the other rows there, for the scaled point)

    EXAMPLES::

        sage: import numpy as np
        sage: from tropnet.backends._native_rays import shoot
        sage: rows = np.array([[1.0, 0.0], [0.0, 1.0]])
        sage: directions = np.array([[-1.0, 0.0], [-1.0, -2.0], [1.0, 1.0]])
        sage: hit, points, margin = shoot(rows, np.array([1.0, 1.0]), directions)
        sage: hit.tolist(), points.tolist(), margin.tolist()
        ([0, 1], [[0.0, 1.0], [1.0, 0.0]], [1.0, 1.0])
    """
    num = rows @ center                                  # (M,)
    den = rows @ directions.T                            # (M, R)
    with np.errstate(divide="ignore", invalid="ignore"):
        t = np.where(den < 0, num[:, None] / -den, np.inf)
    hit = t.argmin(axis=0)
    tstar = t[hit, np.arange(t.shape[1])]
    leaves = np.isfinite(tstar)
    hit, tstar, dirs = hit[leaves], tstar[leaves], directions[leaves]
    points = center[None, :] + tstar[:, None] * dirs
    scale = np.abs(points).max(axis=1) if len(hit) else np.zeros(0)
    keep = scale > 0
    hit, points, scale = hit[keep], points[keep], scale[keep]
    values = points @ rows.T                             # (R', M)
    values[np.arange(len(hit)), hit] = np.inf
    # with a single row there is no other inequality: margin 1 (points have
    # maximum norm 1)
    margin = np.minimum(values.min(axis=1) / scale, 1.0) if len(hit) else np.zeros(0)
    return hit, points / scale[:, None], margin
