r"""
From ReLU networks to tropical rational functions.

A network with one hidden layer of ReLU units,

.. MATH::

    F(x) = \sum_{j=1}^{h} c_j \max(0, \langle a_j, x\rangle + b_j)
           + \langle a_0, x\rangle + b_0,

is a tropical rational function `f_\theta = g - h` (Zhang, Naitzat and Lim,
2018).  A unit with `c_j > 0` contributes `\max(0, c_j(\langle a_j,
x\rangle + b_j))` to `g`, a unit with `c_j < 0` contributes `\max(0,
|c_j|(\langle a_j, x\rangle + b_j))` to `h`, and a unit with `c_j = 0`
contributes nothing.  A sum of maxima is the maximum of the sums, one sum
for each choice of one argument per maximum: `g` has `n = 2^p` terms and
`h` has `m = 2^q` terms, where `p` and `q` are the numbers of units with
positive and negative `c_j`.  The affine part `\langle a_0, x\rangle + b_0`
is added to every numerator term.

Term order: the positive units are numbered `0, \dots, p-1` in the order in
which they appear in the network; numerator term `s` (for `0 \le s < 2^p`)
is the sum of the units whose bit is set in `s` (bit `t` for unit `t`), plus
the affine part.  The denominator terms `n + s` are formed in the same way
from the negative units.  So term 0 is the affine part alone and term `n` is
the zero function.

EXAMPLES:

The network `x \mapsto 2\max(0, x - 1) - \max(0, -x) + 3` in one
variable is `\max(3, 2x + 1) - \max(0, -x)`::

    sage: from tropnet.relu import OneHiddenLayerReLU
    sage: N = OneHiddenLayerReLU([[1], [-1]], [-1, 0], [2, -1], b0=3)
    sage: n, m, theta = N.tropical_rational_function()
    sage: n, m, theta
    (2, 2, (3, 0, 1, 2, 0, 0, 0, -1))
    sage: N([5/2]), N.evaluate_tropical([5/2])
    (6, 6)
    sage: all(N([x]) == N.evaluate_tropical([x]) for x in srange(-3, 3, 1/4))
    True

The parameter `\theta` is a point of the parameter space of the
classification fan of any data; its activation pattern there is the
pattern of the network on the data::

    sage: from tropnet import ClassificationFan
    sage: F = N.classification_fan([[-2], [0], [3]])
    sage: F.pattern_at(theta), F.classify(theta)
    ((0, 0, 1), (1, 1, 1))
"""
import itertools

from sage.rings.rational_field import QQ

from .data import as_rational


def evaluate_tropical(n, m, theta, x):
    r"""
    Return `f_\theta(x) = \max_{k<n}\langle\theta_k,(1,x)\rangle -
    \max_{k\ge n}\langle\theta_k,(1,x)\rangle` exactly, without a fan.

    INPUT:

    - ``n``, ``m`` -- the numbers of numerator and denominator terms
    - ``theta`` -- `(n + m)(d + 1)` rationals, or `n + m` blocks of `d + 1`
    - ``x`` -- a point of `\QQ^d`

    OUTPUT: an element of ``QQ``

    EXAMPLES::

        sage: from tropnet.relu import evaluate_tropical
        sage: evaluate_tropical(2, 1, [[0, 1], [0, -1], [1, 0]], ["-1/2"])
        -1/2
        sage: evaluate_tropical(1, 1, [1, 2, 3], [0])
        Traceback (most recent call last):
        ...
        ValueError: theta: expected K(d+1) coordinates with K = 2 and d >= 1, got 3
        sage: evaluate_tropical(1, 1, [1, 2, 3, 4], [0, 0])
        Traceback (most recent call last):
        ...
        ValueError: x: expected 1 coordinates, got 2
        sage: evaluate_tropical(1, 1, [1, 2, 3, 4], 5)
        Traceback (most recent call last):
        ...
        TypeError: x: expected a sequence of 1 coordinates, got 5
    """
    from .landscape import _theta_blocks
    n, m, blocks = _theta_blocks(theta, n, m)
    x = _as_point(x, len(blocks[0]) - 1)
    values = [block[0] + sum(a * b for a, b in zip(block[1:], x)) for block in blocks]
    return max(values[:n]) - max(values[n:])


def _as_point(x, d, name="x"):
    try:
        if isinstance(x, (str, bytes)):
            raise TypeError
        x = list(x)
    except TypeError:
        raise TypeError(f"{name}: expected a sequence of {d} coordinates, "
                        f"got {x!r}") from None
    x = [as_rational(c, name=f"{name}: entry {j}") for j, c in enumerate(x)]
    if len(x) != d:
        raise ValueError(f"{name}: expected {d} coordinates, got {len(x)}")
    return x


class OneHiddenLayerReLU:
    r"""
    A ReLU network with one hidden layer and one output, with rational
    weights: `x \mapsto \sum_j c_j \max(0, \langle a_j, x\rangle + b_j) +
    \langle a_0, x\rangle + b_0`.

    INPUT:

    - ``weights`` -- the rows `a_j` (a sequence of `h` points of `\QQ^d`)
    - ``biases`` -- the `h` numbers `b_j`
    - ``output`` -- the `h` output weights `c_j`
    - ``a0`` -- optional; the linear part `a_0 \in \QQ^d` (default: zero);
      required to fix `d` when there are no hidden units
    - ``b0`` -- the constant `b_0` (default: 0)

    Every number is read exactly (see :func:`~tropnet.data.as_rational`).

    OUTPUT: a network; call it on a point of `\QQ^d` for its exact value

    EXAMPLES::

        sage: from tropnet.relu import OneHiddenLayerReLU
        sage: N = OneHiddenLayerReLU([[1, 0], [0, 1]], [0, 0], [1, -1]); N
        ReLU network with one hidden layer of 2 units on QQ^2
        sage: N([3, "1/2"])
        5/2

    TESTS::

        sage: OneHiddenLayerReLU([[1, 0]], [0, 1], [1])
        Traceback (most recent call last):
        ...
        ValueError: biases: expected 1 numbers (one per hidden unit), got 2
        sage: OneHiddenLayerReLU([[1, 0], [1]], [0, 1], [1, 1])
        Traceback (most recent call last):
        ...
        ValueError: weights: row 1 has 1 entries, but row 0 has 2
        sage: OneHiddenLayerReLU([], [], [])
        Traceback (most recent call last):
        ...
        ValueError: a0: give the linear part when there are no hidden units (it fixes d)
        sage: OneHiddenLayerReLU([[1]], [0], ["x"])
        Traceback (most recent call last):
        ...
        ValueError: output: entry 0 is not a number ('x')
    """

    def __init__(self, weights, biases, output, a0=None, b0=0):
        rows = list(weights)
        if rows:
            d = len(list(rows[0]))
        elif a0 is not None:
            d = len(list(a0))
        else:
            raise ValueError("a0: give the linear part when there are no hidden units "
                             "(it fixes d)")
        if d < 1:
            raise ValueError("weights: the input dimension d must be at least 1")
        self.weights = []
        for j, row in enumerate(rows):
            row = list(row)
            if len(row) != d:
                raise ValueError(f"weights: row {j} has {len(row)} entries, but row 0 "
                                 f"has {d}")
            self.weights.append(tuple(as_rational(x, name=f"weights: entry [{j}][{t}]")
                                      for t, x in enumerate(row)))
        h = len(self.weights)
        self.biases = self._numbers(biases, h, "biases")
        self.output = self._numbers(output, h, "output")
        self.a0 = (tuple(QQ.zero() for _ in range(d)) if a0 is None
                   else tuple(_as_point(a0, d, "a0")))
        self.b0 = as_rational(b0, name="b0")
        self.d = d

    @staticmethod
    def _numbers(values, h, name):
        values = list(values)
        if len(values) != h:
            raise ValueError(f"{name}: expected {h} numbers (one per hidden unit), "
                             f"got {len(values)}")
        return tuple(as_rational(x, name=f"{name}: entry {j}")
                     for j, x in enumerate(values))

    def __call__(self, x):
        r"""
        Return the value of the network at ``x``, exactly.

        INPUT:

        - ``x`` -- a point of `\QQ^d` (a sequence of ``d`` numbers, read
          exactly)

        OUTPUT: an element of ``QQ``

        EXAMPLES::

            sage: from tropnet.relu import OneHiddenLayerReLU
            sage: N = OneHiddenLayerReLU([[2]], [-1], ["1/2"], a0=[1], b0=-1)
            sage: N([1]), N([0])
            (1/2, -1)

        TESTS::

            sage: N([1, 2])
            Traceback (most recent call last):
            ...
            ValueError: x: expected 1 coordinates, got 2
        """
        x = _as_point(x, self.d)
        total = self.b0 + sum(a * b for a, b in zip(self.a0, x))
        for a, b, c in zip(self.weights, self.biases, self.output):
            total += c * max(QQ.zero(), b + sum(s * t for s, t in zip(a, x)))
        return total

    def positive_units(self):
        r"""
        Return the hidden units with positive output weight (they make the
        numerator).

        INPUT: none

        OUTPUT: a list of indices of hidden units, in increasing order

        EXAMPLES::

            sage: from tropnet.relu import OneHiddenLayerReLU
            sage: N = OneHiddenLayerReLU([[1], [1], [1]], [0, 1, 2], [-1, 0, 3])
            sage: N.positive_units(), N.negative_units()
            ([2], [0])
        """
        return [j for j, c in enumerate(self.output) if c > 0]

    def negative_units(self):
        r"""
        Return the hidden units with negative output weight (they make the
        denominator).

        INPUT: none

        OUTPUT: a list of indices of hidden units, in increasing order

        EXAMPLES::

            sage: from tropnet.relu import OneHiddenLayerReLU
            sage: OneHiddenLayerReLU([[1], [1]], [0, 1], [-1, -2]).negative_units()
            [0, 1]
        """
        return [j for j, c in enumerate(self.output) if c < 0]

    def _terms(self, units, start):
        result = []
        for bits in itertools.product((0, 1), repeat=len(units)):
            block = list(start)
            for on, j in zip(reversed(bits), units):
                if on:
                    c = abs(self.output[j])
                    block[0] += c * self.biases[j]
                    for t in range(self.d):
                        block[t + 1] += c * self.weights[j][t]
            result.append(block)
        return result

    def tropical_rational_function(self):
        r"""
        Return the network as a tropical rational function ``(n, m, theta)``.

        INPUT: none

        OUTPUT: a triple; ``n = 2^p`` and ``m = 2^q`` for the numbers `p`,
        `q` of units with positive and negative output weight, and ``theta``
        the flat tuple of the `n + m` blocks `(c_k, w_k)`, in the order
        described in the module documentation

        EXAMPLES:

        One positive unit `\max(0, x)` and the affine part `x + 1`::

            sage: from tropnet.relu import OneHiddenLayerReLU
            sage: N = OneHiddenLayerReLU([[1]], [0], [1], a0=[1], b0=1)
            sage: N.tropical_rational_function()
            (2, 1, (1, 1, 1, 2, 0, 0))

        Units with output weight zero are dropped::

            sage: N = OneHiddenLayerReLU([[1], [5]], [0, 7], [1, 0])
            sage: N.tropical_rational_function()
            (2, 1, (0, 0, 0, 1, 0, 0))
        """
        zero = QQ.zero()
        top = self._terms(self.positive_units(), [self.b0] + list(self.a0))
        bottom = self._terms(self.negative_units(), [zero] * (self.d + 1))
        theta = tuple(x for block in top + bottom for x in block)
        return len(top), len(bottom), theta

    def evaluate_tropical(self, x):
        r"""
        Return the value at ``x`` of the tropical rational function of the
        network, computed from ``theta`` alone.

        It equals the value of the network (:meth:`__call__`) at every
        point; the two computations check each other.

        INPUT:

        - ``x`` -- a point of `\QQ^d`

        OUTPUT: an element of ``QQ``

        EXAMPLES::

            sage: from tropnet.relu import OneHiddenLayerReLU
            sage: N = OneHiddenLayerReLU([[1, -1], [2, 1]], [0, -3], [-1, "1/3"])
            sage: N.evaluate_tropical([1, 5]) == N([1, 5])
            True
        """
        n, m, theta = self.tropical_rational_function()
        return evaluate_tropical(n, m, theta, x)

    def classification_fan(self, points, **options):
        r"""
        Return the classification fan of ``points`` for the architecture
        ``(n, m)`` of this network.

        INPUT:

        - ``points`` -- a sequence of points of `\QQ^d` or a
          :class:`~tropnet.data.Dataset`
        - ``options`` -- passed on to
          :class:`~tropnet.fan.ClassificationFan` (``backend=``, ...)

        OUTPUT: a :class:`~tropnet.fan.ClassificationFan` with
        ``n = 2^p`` numerator and ``m = 2^q`` denominator terms, in which
        the parameter of the network (:meth:`tropical_rational_function`)
        is a point

        EXAMPLES::

            sage: from tropnet.relu import OneHiddenLayerReLU
            sage: N = OneHiddenLayerReLU([[1]], [0], [1])
            sage: F = N.classification_fan([[0], [1]]); F.n_maximal_cones()
            9
            sage: F.n, F.m
            (2, 1)
        """
        from .fan import ClassificationFan
        n, m, _ = self.tropical_rational_function()
        return ClassificationFan(points, n, m, **options)

    def __repr__(self):
        r"""
        EXAMPLES::

            sage: from tropnet.relu import OneHiddenLayerReLU
            sage: OneHiddenLayerReLU([], [], [], a0=[1, 2, 3])
            ReLU network with one hidden layer of 0 units on QQ^3
        """
        return (f"ReLU network with one hidden layer of {len(self.weights)} units "
                f"on QQ^{self.d}")
