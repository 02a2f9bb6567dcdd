r"""
Invariants of gradient flows of polynomial models, computed exactly.

A *model* is a polynomial parametrisation ``theta -> phi(theta)``, a matrix of
polynomials over ``QQ``: a linear network ``phi = W_L ... W_1``
(:class:`LinearNetwork`) or any :class:`PolynomialModel`.  A *loss* ``l(phi)``
turns it into ``L(theta) = l(phi(theta))`` and the gradient flow
``theta' = -grad L(theta)``.  Four notions of invariant are kept apart (see
``invariants.md``):

- a *conservation law* is conserved for every loss and every data set
  (``loss="all"``, the default);
- a *first integral* is conserved by the flow of one loss with given data
  (``loss="square"`` with ``data=(X, Y)``, or any polynomial loss);
- an *invariant of one trajectory* vanishes along the trajectory from one
  initial point (:func:`trajectory_invariants`);
- an *invariant of gradient descent* is unchanged by one step of gradient
  descent with a fixed step (:func:`gradient_descent_invariants`).

Every reported number is backed by a certificate named in the docstring of
the function computing it: exact rational arithmetic, a rank modulo a prime
(a rigorous upper bound on a rational kernel), an exact kernel checked
entry by entry, or a Gröbner basis.

Input is read exactly.  A string such as ``"0.1"`` is `1/10`; a float
anywhere -- data, steps, points, coefficients of ``phi``, of a loss or of
invariants; Python, NumPy, or Sage's ``RR``, ``RDF`` and decimal literals
-- is its exact binary value, so ``0.1`` is
`3602879701896397/36028797018963968` (as in :func:`tropnet.data.as_rational`).

A linear network with widths ``(1, 1, 1)`` has two parameters ``a11, b11``
and ``phi = b11*a11``; the balancedness ``a11^2 - b11^2`` is its one
conservation law::

    sage: from tropnet.invariants import LinearNetwork, known_invariants
    sage: N = LinearNetwork((1, 1, 1))
    sage: N
    Linear network with widths (1, 1, 1) (2 parameters)
    sage: N.phi()
    [a11*b11]
    sage: known_invariants(N)
    (a11^2 - b11^2,)

The Lie-algebra method certifies the number of independent conservation
laws: the lower bound is the rank of the Jacobian of the known invariants,
the upper bound comes from iterated Lie brackets of the fields
``grad phi_ij``::

    sage: from tropnet.invariants import conservation_law_count
    sage: c = conservation_law_count(LinearNetwork((1, 2, 1)))
    sage: c.count, c.lower, c.upper, c.certified
    (3, 3, 3, True)

Functionally, the three balancedness entries are all the laws of widths
``(1, 2, 1)``; algebraically they are not: the polynomial laws of degree at
most 2 form a space of dimension 4, one more than the known entries span.
The extra law is the minor ``a11*b12 - a21*b11``::

    sage: from tropnet.invariants import polynomial_invariants
    sage: P = polynomial_invariants(LinearNetwork((1, 2, 1)), 2)
    sage: P.dimensions, P.lower, P.upper
    ((0, 4), (0, 3), (0, 4))
    sage: P.is_complete, P.extra_invariants
    (False, [a21*b11 - a11*b12])

Its square lies in the algebra of the known invariants, as a Gröbner basis
shows (``z0, z1, z2`` stand for the known entries, in order)::

    sage: from tropnet.invariants import subalgebra_membership
    sage: h = P.extra_invariants[0]
    sage: subalgebra_membership(h, known_invariants(P.model)) is None
    True
    sage: subalgebra_membership(h^2, known_invariants(P.model))
    z1^2 - z0*z2

With the square loss and data, the flow has first integrals; with two
samples of dimension 2 the known ones are complete up to degree 4::

    sage: N = LinearNetwork((2, 2, 2))
    sage: data = ([[1, 2, 0], [0, 1, 3]], [[1, 0, 1], [2, 1, 1]])
    sage: P = polynomial_invariants(N, 4, loss="square", data=data)
    sage: P.dimensions, P.is_complete
    ((0, 3, 3, 9), True)

One trajectory of that flow has no other invariant of degree at most 2 than
the ``q - q(theta_0)``: the Taylor series modulo a prime (upper bound) meets
the Hilbert function of their ideal (lower bound)::

    sage: from tropnet.invariants import trajectory_invariants
    sage: T = trajectory_invariants(N, (1, 2, 0, 1, 1, -1, 2, 1), 2, data=data)
    sage: T.lower, T.upper, T.is_complete
    ((0, 3), (0, 3), (True, True))

Gradient descent with step ``1/10`` keeps no polynomial of degree at most 2,
and moves a rational balanced point off the balanced set::

    sage: from tropnet.invariants import gradient_descent_invariants
    sage: from tropnet.invariants import is_balanced_set_preserved
    sage: gradient_descent_invariants(N, 2, "1/10", data=data).dimensions
    (0, 0)
    sage: v = is_balanced_set_preserved(N, "1/10", data=data)
    sage: v.is_preserved, v.certificate
    (False, 'counterexample')

Elimination ideals are computed by Singular, optionally with a time limit::

    sage: from tropnet.invariants import elimination_ideal
    sage: R.<a, b, c, d, x, y, z, w> = QQ[]
    sage: gens = [x - a*c, y - a*c*d, z - a*c^2 - b, w - a*c^2*d - b*d]
    sage: elimination_ideal(gens, [a, b, c, d], timeout=60)
    Ideal (y*z - x*w) of Multivariate Polynomial Ring in x, y, z, w over
    Rational Field
"""
import logging
import math
import multiprocessing
import numbers
import random
import time
import numpy as np

import sage.rings.abc
from sage.matrix.constructor import matrix
from sage.rings.fraction_field import FractionField_generic
from sage.rings.integer import Integer
from sage.rings.integer_ring import ZZ
from sage.rings.polynomial.multi_polynomial_ring_base import MPolynomialRing_base
from sage.rings.polynomial.polynomial_ring import PolynomialRing_generic
from sage.rings.polynomial.polynomial_ring_constructor import PolynomialRing
from sage.rings.polynomial.term_order import TermOrder
from sage.rings.rational_field import QQ
from sage.structure.element import Element

from . import _invariants_linalg as la
from .data import as_rational

logger = logging.getLogger("tropnet.invariants")

__all__ = [
    "ALL_LOSSES", "AllLosses", "ComputationTimeout", "ComputationTooLarge",
    "ConservationLawCount", "DEFAULT_PRIME", "DEFAULT_SEED",
    "GradientDescentInvariants", "LinearNetwork", "MAX_DENSE_MONOMIALS",
    "MAX_FIELD_ENTRIES", "MAX_MONOMIALS", "MAX_PARAMETERS", "MAX_PHI_TERMS",
    "MAX_SYSTEM_ENTRIES", "SINGULAR_MAX_VARIABLES",
    "PolynomialInvariants", "PolynomialLoss", "PolynomialModel", "SquareLoss",
    "TrajectoryInvariants", "ZeroSetVerdict", "algebraic_relations", "as_loss",
    "conservation_law_count", "elimination_ideal", "functional_rank",
    "gradient_descent_invariants", "gradient_descent_map", "invariant_ideal_closure",
    "is_balanced_set_preserved", "is_conservation_law", "is_first_integral",
    "is_zero_set_preserved", "known_invariants", "lie_derivative",
    "polynomial_invariants", "subalgebra_membership", "taylor_series_mod_p",
    "trajectory_invariants",
]

#: The default prime of the modular bounds (below 46341, see
#: :data:`tropnet._invariants_linalg.SPARSE_PRIME_BOUND`).
DEFAULT_PRIME = 32003

#: The default seed of every random choice (points, data, primes are fixed).
DEFAULT_SEED = 0

#: Singular (behind Sage's polynomial rings) keeps the number of variables of
#: a ring in a C ``short``: a ring with 32768 variables or more stops the
#: process ("no more memory", or a segmentation fault).  No limit below
#: can be raised above it.
SINGULAR_MAX_VARIABLES = 32767

#: The largest number of parameters of a :class:`LinearNetwork` (keyword
#: ``max_parameters``).  Singular stores 2 bytes per variable in every
#: monomial, so the parameters alone take ``2 D^2`` bytes (50 MB for 5000).
MAX_PARAMETERS = 5000

#: The largest number of terms of ``phi`` of a :class:`LinearNetwork`,
#: ``d_0 d_L`` times the product of the hidden widths (each term takes
#: ``2 D`` bytes, up to 1 GB at this limit and ``D = 5000``).
MAX_PHI_TERMS = 10**5

#: The largest number of polynomial entries of the vector fields:
#: ``D (E + D)`` for :func:`conservation_law_count` (``E`` entries of
#: ``phi`` give ``E`` gradients of ``D`` components, and up to ``D``
#: brackets are kept), ``E D`` for the conservation laws of
#: :func:`polynomial_invariants`, and the number of terms of a square loss.
MAX_FIELD_ENTRIES = 2 * 10**6

#: The largest number of unknown coefficients (monomials of degree 1 to
#: ``d`` in ``D`` parameters, ``C(D + d, d) - 1``) of
#: :func:`polynomial_invariants` (keyword ``max_monomials``); the degree-8
#: invariants of widths ``(2, 2, 2)`` have 12869.
MAX_MONOMIALS = 20000

#: The largest number of nonzero entries of the sparse linear system of
#: :func:`polynomial_invariants` (keyword ``max_entries``), bounded before it
#: is built by ``T C(D + d - 1, d - 1)`` for fields with ``T`` terms in all
#: (463320 for the degree-8 first integrals of widths ``(2, 2, 2)``).
MAX_SYSTEM_ENTRIES = 10**7

#: The largest number of monomials of :func:`trajectory_invariants` and
#: :func:`gradient_descent_invariants` (keyword ``max_monomials``), which
#: reduce dense matrices with about as many rows as columns.
MAX_DENSE_MONOMIALS = 3000

# Sage's binary floating-point fields (RR, RealField(prec), RDF): their
# elements, like Python floats, are read as their exact binary values.
_FLOAT_FIELDS = (sage.rings.abc.RealField, sage.rings.abc.RealDoubleField)


class ComputationTimeout(TimeoutError):
    r"""
    Raised when a Gröbner basis computation exceeds its time limit.

    EXAMPLES::

        sage: from tropnet.invariants import ComputationTimeout
        sage: issubclass(ComputationTimeout, TimeoutError)
        True
    """


class ComputationTooLarge(ValueError, MemoryError):
    r"""
    Raised, before anything is allocated, when the size of a computation
    exceeds one of the limits of this module (:data:`MAX_PARAMETERS`,
    :data:`MAX_MONOMIALS`, ...) or Singular's :data:`SINGULAR_MAX_VARIABLES`.

    It is a ``ValueError`` (bad input) and a ``MemoryError`` (the memory it
    would need).

    EXAMPLES::

        sage: from tropnet.invariants import ComputationTooLarge
        sage: issubclass(ComputationTooLarge, ValueError)
        True
        sage: issubclass(ComputationTooLarge, MemoryError)
        True
    """


# ---------------------------------------------------------------------------
# Input conversion
# ---------------------------------------------------------------------------


def _as_limit(value, default, name):
    """The limit given by the keyword ``name`` (``None``: ``default``)."""
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, (numbers.Integral, Integer)):
        raise TypeError(f"{name}: expected a positive integer, got {value!r}")
    if value < 1:
        raise ValueError(f"{name}: expected a positive integer, got {value}")
    return int(value)


def _check_size(size, limit, name, what, advice):
    """Refuse a computation of ``size`` above ``limit``."""
    if size > limit:
        raise ComputationTooLarge(
            f"{name}: {what} is {size}, more than the limit of {limit}; {advice}"
        )


def _check_ring_size(n, name):
    """Refuse a polynomial ring that Singular cannot create."""
    _check_size(n, SINGULAR_MAX_VARIABLES, name,
                "the number of variables of the polynomial ring",
                "Singular cannot create a ring with more variables")


def _as_seed(seed):
    if seed is None:
        return None
    if isinstance(seed, bool) or not isinstance(seed, (numbers.Integral, Integer)):
        raise TypeError(f"seed: expected an integer or None, got {seed!r}")
    return int(seed)


def _as_count(x, name, minimum=1, allow_none=False):
    """An integer keyword such as ``max_depth`` or ``n_points``."""
    if x is None and allow_none:
        return None
    if isinstance(x, bool) or not isinstance(x, (numbers.Integral, Integer)):
        raise TypeError(f"{name}: expected an integer, got {x!r}")
    if x < minimum:
        raise ValueError(f"{name}: expected an integer >= {minimum}, got {x}")
    return int(x)


def _as_integer(x, name):
    if isinstance(x, bool) or not isinstance(x, (numbers.Integral, Integer)):
        raise TypeError(f"{name} must be an integer, got {x!r}")
    return int(x)


def _as_degree(degree):
    if isinstance(degree, bool) or not isinstance(degree, (numbers.Integral, Integer)):
        raise TypeError(f"degree: the degree bound must be an integer, got {degree!r}")
    if degree < 1:
        raise ValueError(f"degree: the degree bound must be at least 1, got {degree}")
    return int(degree)


def _is_float(x):
    """Whether ``x`` is a binary floating-point number: a Python or NumPy
    float, or an element of a Sage real floating-point field (``RR``,
    ``RealField(prec)``, ``RDF``, including Sage's decimal literals)."""
    if isinstance(x, float) or type(x).__name__ in ("float64", "float32", "float16"):
        return True
    return isinstance(x, Element) and isinstance(x.parent(), _FLOAT_FIELDS)


def _label(name):
    """The name of an entry in an error message: ``name`` itself, or
    ``name()`` when it is a callable (so that hot paths format nothing)."""
    return name() if callable(name) else name


def _exact_float(x, name):
    """The exact rational value of the binary floating-point number ``x``."""
    if isinstance(x, Element) and isinstance(x.parent(), _FLOAT_FIELDS):
        if x.is_NaN() or x.is_infinity():
            raise ValueError(f"{name} is not finite ({float(x)})")
        if hasattr(x, "exact_rational"):
            return x.exact_rational()
        x = float(x)
    return as_rational(x, name=name)


def _exact_number(x, name):
    """Return ``x`` as an element of ``QQ``; a float (Python, NumPy or Sage)
    becomes its exact binary value, anything else is read by
    :func:`tropnet.data.as_rational`."""
    if _is_float(x):
        return _exact_float(x, name)
    return as_rational(x, name=name)


def _exact_coefficients(f, name):
    """Return ``f`` with its float coefficients replaced by their exact binary
    values: a float becomes a rational, a polynomial (or a fraction of
    polynomials) over a real floating-point field becomes the same polynomial
    over ``QQ``.  Anything else is returned unchanged."""
    if _is_float(f):
        return _exact_float(f, f"{_label(name)} is a float that")
    if not isinstance(f, Element):
        return f
    P = f.parent()
    if isinstance(P, FractionField_generic):
        if isinstance(P.ring().base_ring(), _FLOAT_FIELDS):
            return (_exact_coefficients(f.numerator(), name)
                    / _exact_coefficients(f.denominator(), name))
        return f
    if (isinstance(P, (MPolynomialRing_base, PolynomialRing_generic))
            and isinstance(P.base_ring(), _FLOAT_FIELDS)):
        Q = P.change_ring(QQ)
        what = f"{_label(name)} has a coefficient that"
        return Q({e: _exact_float(c, what) for e, c in f.dict().items()})
    return f


def _exact_in_ring(f, R, name, suffix=""):
    """Return ``f`` as an element of the polynomial ring ``R`` over ``QQ``,
    floats read as their exact binary values; ``name`` (a string or a
    callable returning one) names the offending entry in the errors."""
    if isinstance(f, Element) and f.parent() is R:
        return f
    g = _exact_coefficients(f, name)
    try:
        return R(g)
    except (TypeError, ValueError, ArithmeticError):
        raise TypeError(
            f"{_label(name)} is not a polynomial in the parameters{suffix}"
        ) from None


def _as_rational_matrix(data, name):
    """Return ``data`` (rows of numbers) as a matrix over ``QQ``."""
    if isinstance(data, Element) and hasattr(data, "rows"):
        rows = [list(r) for r in data.rows()]
    else:
        try:
            rows = [list(r) for r in data]
        except TypeError:
            raise TypeError(
                f"data: {name} must be a matrix (a list of rows), got {data!r}"
            ) from None
    if not rows:
        raise ValueError(f"data: {name} has the wrong shape: it has no rows")
    width = len(rows[0])
    for i, r in enumerate(rows):
        if len(r) != width:
            raise ValueError(
                f"data: row {i} of {name} has {len(r)} entries, but row 0 has {width}"
            )
    if not width:
        raise ValueError(
            f"data: {name} has the wrong shape: {len(rows)} rows but no columns, "
            "so no samples (one column per sample; at least one is needed)"
        )
    entries = [
        [_exact_number(v, f"data: {name}[{i}][{j}]") for j, v in enumerate(r)]
        for i, r in enumerate(rows)
    ]
    return matrix(QQ, len(rows), width, entries)


def _as_point(point, n, name):
    try:
        values = list(point)
    except TypeError:
        raise TypeError(f"{name} must be a sequence of {n} numbers") from None
    if len(values) != n:
        raise ValueError(f"{name} has {len(values)} coordinates, but the model has {n}")
    return tuple(_exact_number(v, f"{name}[{i}]") for i, v in enumerate(values))


def _common_ring(polynomials, name):
    polynomials = list(polynomials)
    if not polynomials:
        raise ValueError(f"{name}: the list of polynomials is empty")
    R = None
    for i, f in enumerate(polynomials):
        parent = getattr(f, "parent", None)
        if parent is None or not hasattr(parent(), "gens"):
            raise TypeError(f"{name}: entry {i} ({f!r}) is not a polynomial")
        if R is None:
            R = parent()
    # floats are read as their exact binary values, in the same ring over QQ
    if (isinstance(R, (MPolynomialRing_base, PolynomialRing_generic))
            and isinstance(R.base_ring(), _FLOAT_FIELDS)):
        R = R.change_ring(QQ)
    polynomials = [_exact_coefficients(f, lambda: f"{name}: entry {i} ({f})")
                   for i, f in enumerate(polynomials)]
    try:
        return R, [R(f) for f in polynomials]
    except (TypeError, ValueError):
        raise TypeError(f"{name}: the polynomials do not lie in one ring") from None


def _rng(seed):
    return random.Random(_as_seed(seed))


def _random_integer_point(n, rng, bound=97):
    return tuple(QQ(rng.randint(-bound, bound)) for _ in range(n))


# ---------------------------------------------------------------------------
# Losses
# ---------------------------------------------------------------------------


class AllLosses:
    r"""
    The setting "every loss and every data set": its invariants are the
    conservation laws, the functions whose gradient is orthogonal to every
    ``grad phi_ij``.

    EXAMPLES::

        sage: from tropnet.invariants import ALL_LOSSES
        sage: ALL_LOSSES
        all losses and data
    """

    def __repr__(self):
        return "all losses and data"


#: The conservation-law setting (``loss="all"``).
ALL_LOSSES = AllLosses()


class SquareLoss:
    r"""
    The square loss ``1/2 ||phi X - Y||^2`` with rational data.

    INPUT:

    - ``X`` -- the inputs, a matrix with one column per sample (as many rows
      as the model has inputs, at least one column)
    - ``Y`` -- the targets, one column per sample (as many rows as the model
      has outputs)

    Entries are read exactly (see :func:`tropnet.data.as_rational`): the
    string ``"0.1"`` is `1/10`, while a float (Python, NumPy, or Sage's
    ``RR``, ``RDF`` and decimal literals) is its exact binary value, as
    everywhere in this module.

    EXAMPLES::

        sage: from tropnet.invariants import LinearNetwork, SquareLoss
        sage: loss = SquareLoss([[1, "1/2"]], [[2, 0]])
        sage: loss
        square loss on 2 samples
        sage: LinearNetwork((1, 1, 1)).loss_function(loss)
        5/8*a11^2*b11^2 - 2*a11*b11 + 2
        sage: SquareLoss([["0.1", 0.1]], [[0, 0.5]]).X
        [                              1/10 3602879701896397/36028797018963968]

    TESTS::

        sage: SquareLoss([[1, 2]], [[1]])
        Traceback (most recent call last):
        ...
        ValueError: data: X has 2 samples (columns) but Y has 1
        sage: SquareLoss([[]], [[]])
        Traceback (most recent call last):
        ...
        ValueError: data: X has the wrong shape: 1 rows but no columns, so no
        samples (one column per sample; at least one is needed)
        sage: SquareLoss(matrix(QQ, 2, 0), matrix(QQ, 1, 0))
        Traceback (most recent call last):
        ...
        ValueError: data: X has the wrong shape: 2 rows but no columns, so no
        samples (one column per sample; at least one is needed)
        sage: SquareLoss([[1]], [])
        Traceback (most recent call last):
        ...
        ValueError: data: Y has the wrong shape: it has no rows
        sage: SquareLoss([[1, float("nan")]], [[1, 2]])
        Traceback (most recent call last):
        ...
        ValueError: data: X[0][1] is not finite (nan)
        sage: SquareLoss([[1, "x"]], [[1, 2]])
        Traceback (most recent call last):
        ...
        ValueError: data: X[0][1] is not a number ('x')
    """

    def __init__(self, X, Y):
        self.X = _as_rational_matrix(X, "X")
        self.Y = _as_rational_matrix(Y, "Y")
        if self.X.ncols() != self.Y.ncols():
            raise ValueError(
                f"data: X has {self.X.ncols()} samples (columns) "
                f"but Y has {self.Y.ncols()}"
            )

    def __repr__(self):
        return f"square loss on {self.X.ncols()} samples"

    def polynomial(self, model):
        r"""
        Return ``L(theta) = 1/2 ||phi(theta) X - Y||^2``.

        INPUT:

        - ``model`` -- a :class:`PolynomialModel` with as many inputs as
          ``X`` has rows and as many outputs as ``Y`` has rows

        OUTPUT: a polynomial in the parameters of ``model``

        EXAMPLES::

            sage: from tropnet.invariants import LinearNetwork, SquareLoss
            sage: SquareLoss([[1]], [[0]]).polynomial(LinearNetwork((1, 1)))
            1/2*a11^2

        TESTS::

            sage: SquareLoss([[1], [2]], [[0]]).polynomial(LinearNetwork((1, 1)))
            Traceback (most recent call last):
            ...
            ValueError: data: X has 2 rows, but the model has 1 inputs
        """
        phi = model.phi()
        if self.X.nrows() != phi.ncols():
            raise ValueError(
                f"data: X has {self.X.nrows()} rows, "
                f"but the model has {phi.ncols()} inputs"
            )
        if self.Y.nrows() != phi.nrows():
            raise ValueError(
                f"data: Y has {self.Y.nrows()} rows, "
                f"but the model has {phi.nrows()} outputs"
            )
        # the residual entries of row i have at most t_i terms, their squares
        # at most t_i (t_i + 1) / 2 (the same monomials for every sample)
        sizes = [sum(f.number_of_terms() for f in row) + 1 for row in phi.rows()]
        _check_size(sum(t * (t + 1) // 2 for t in sizes), MAX_FIELD_ENTRIES, "model",
                    "the bound on the number of terms of the square loss",
                    "use a smaller model")
        R = model.ring()
        residual = phi * self.X.change_ring(R) - self.Y.change_ring(R)
        return sum((e**2 for e in residual.list()), R.zero()) / 2


class PolynomialLoss:
    r"""
    A polynomial loss ``l(phi)`` in the entries of ``phi``.

    INPUT:

    - ``loss`` -- a polynomial in :meth:`PolynomialModel.loss_ring` (one
      variable per entry of ``phi``, row by row), or a callable that takes
      the tuple of entries of ``phi`` (polynomials over ``QQ``) and returns a
      polynomial

    A float coefficient (Python, NumPy, or Sage's ``RR``, ``RDF`` and
    decimal literals such as ``0.1`` in a session) is read as its exact
    binary value, like float data: ``0.1`` is
    `3602879701896397/36028797018963968`.  Write ``1/10`` or ``QQ("0.1")``
    for one tenth.  A polynomial loss is made exact before it is evaluated;
    the arithmetic a callable does with floats is Sage's floating-point
    arithmetic, and only its result is read exactly.  A callable is
    evaluated on Sage polynomials, so a non-integer power such as
    ``phi[0]^0.5`` is refused, except where Sage can take the root
    exactly: ``(phi[0]^2)^0.5`` is read as ``phi[0]``.

    EXAMPLES::

        sage: from tropnet.invariants import LinearNetwork, PolynomialLoss
        sage: N = LinearNetwork((1, 1, 1))
        sage: z11, = N.loss_ring().gens()
        sage: N.loss_function(PolynomialLoss((z11 - 1)^2))
        a11^2*b11^2 - 2*a11*b11 + 1
        sage: N.loss_function(PolynomialLoss(lambda phi: phi[0]^4))
        a11^4*b11^4

    Floats are exact binary values::

        sage: N.loss_function(PolynomialLoss(0.1*z11^2))
        3602879701896397/36028797018963968*a11^2*b11^2
        sage: N.loss_function(PolynomialLoss(lambda phi: float(0.5)*phi[0]^2))
        1/2*a11^2*b11^2

    TESTS::

        sage: N.loss_function(PolynomialLoss(1/(1 + z11^2)))
        Traceback (most recent call last):
        ...
        TypeError: loss: the loss is not a polynomial in the parameters
        (got 1/(a11^2*b11^2 + 1))
        sage: N.loss_function(PolynomialLoss(lambda phi: phi[0]^0.5))
        Traceback (most recent call last):
        ...
        TypeError: loss: the loss is not a polynomial: it cannot be evaluated
        on the entries of phi (ValueError: not a 2nd power)
        sage: N.loss_function(PolynomialLoss(lambda phi: phi[0]^(1/3)))
        Traceback (most recent call last):
        ...
        TypeError: loss: the loss is not a polynomial: it cannot be evaluated
        on the entries of phi (ValueError: not a 3rd power)
        sage: N.loss_function(PolynomialLoss(z11^2 + float("inf")))
        Traceback (most recent call last):
        ...
        ValueError: loss: the loss has a coefficient that is not finite (inf)
    """

    def __init__(self, loss):
        if isinstance(loss, str) or not (isinstance(loss, Element) or callable(loss)):
            raise TypeError(
                f"loss: {loss!r} is neither a polynomial nor a callable "
                "returning a polynomial"
            )
        self.loss = loss

    def __repr__(self):
        return f"polynomial loss {self.loss}"

    def polynomial(self, model):
        r"""
        Return ``L(theta) = l(phi(theta))``.

        INPUT:

        - ``model`` -- a :class:`PolynomialModel`

        OUTPUT: a polynomial in the parameters of ``model``

        EXAMPLES::

            sage: from tropnet.invariants import LinearNetwork, PolynomialLoss
            sage: N = LinearNetwork((1, 1))
            sage: PolynomialLoss(lambda phi: phi[0]^2).polynomial(N)
            a11^2
        """
        entries = model.output_entries()
        if isinstance(self.loss, Element):
            loss = _exact_coefficients(self.loss, "loss: the loss")
            parent = loss.parent()
            n = len(parent.gens()) if hasattr(parent, "gens") else 0
            if n != len(entries):
                raise ValueError(
                    f"loss: the loss has {n} variables, but phi has "
                    f"{len(entries)} entries; use model.loss_ring()"
                )

            def evaluate():
                return loss(*entries)
        else:
            def evaluate():
                return self.loss(entries)
        try:
            value = evaluate()
        except (TypeError, ValueError, ArithmeticError, AttributeError,
                NotImplementedError) as error:
            raise TypeError(
                "loss: the loss is not a polynomial: it cannot be evaluated on "
                f"the entries of phi ({type(error).__name__}: {error})"
            ) from None
        return _exact_in_ring(value, model.ring(), "loss: the loss",
                              f" (got {value})")


def as_loss(loss="all", data=None):
    r"""
    Return the loss described by ``loss`` and ``data``.

    INPUT:

    - ``loss`` -- ``"all"`` (every loss and data set: conservation laws),
      ``"square"`` (with ``data``), a :class:`SquareLoss`, a
      :class:`PolynomialLoss`, or a polynomial / callable (made a
      :class:`PolynomialLoss`)
    - ``data`` -- for ``loss="square"``, the pair ``(X, Y)``

    OUTPUT: :data:`ALL_LOSSES`, a :class:`SquareLoss` or a
    :class:`PolynomialLoss`

    EXAMPLES::

        sage: from tropnet.invariants import as_loss
        sage: as_loss()
        all losses and data
        sage: as_loss("square", ([[1, 2]], [[0, 1]]))
        square loss on 2 samples

    TESTS::

        sage: as_loss("square")
        Traceback (most recent call last):
        ...
        ValueError: data: the square loss needs data=(X, Y)
        sage: as_loss("all", ([[1]], [[1]]))
        Traceback (most recent call last):
        ...
        ValueError: data: the setting 'all losses and data' takes no data
        sage: as_loss("cross-entropy")
        Traceback (most recent call last):
        ...
        ValueError: loss: unknown loss 'cross-entropy'; use 'all', 'square', a
        polynomial in model.loss_ring() or a callable
        sage: as_loss(3.5)
        Traceback (most recent call last):
        ...
        TypeError: loss: 3.50000000000000 is not a polynomial loss
    """
    if isinstance(loss, (AllLosses, SquareLoss, PolynomialLoss)):
        if data is not None:
            raise ValueError("data: the loss object already holds its data")
        return loss
    if loss is None or (isinstance(loss, str) and loss == "all"):
        if data is not None:
            raise ValueError("data: the setting 'all losses and data' takes no data")
        return ALL_LOSSES
    if isinstance(loss, str):
        if loss == "square":
            if data is None:
                raise ValueError("data: the square loss needs data=(X, Y)")
            try:
                X, Y = data
            except (TypeError, ValueError):
                raise ValueError("data: the square loss needs data=(X, Y)") from None
            return SquareLoss(X, Y)
        raise ValueError(
            f"loss: unknown loss {loss!r}; use 'all', 'square', "
            "a polynomial in model.loss_ring() or a callable"
        )
    if data is not None:
        raise ValueError("data: a polynomial loss takes no data")
    if isinstance(loss, Element):
        parent = loss.parent()
        if not isinstance(
            parent,
            (MPolynomialRing_base, PolynomialRing_generic, FractionField_generic),
        ):
            raise TypeError(f"loss: {loss} is not a polynomial loss")
        return PolynomialLoss(loss)
    if callable(loss):
        return PolynomialLoss(loss)
    raise TypeError(f"loss: {loss!r} is not a polynomial loss")


# ---------------------------------------------------------------------------
# Models
# ---------------------------------------------------------------------------


def _as_parameter_ring(ring):
    if not hasattr(ring, "gens") or not hasattr(ring, "variable_names"):
        raise TypeError(f"ring: {ring!r} is not a polynomial ring")
    base = ring.base_ring()
    if base is not QQ and base is not ZZ and not isinstance(base, _FLOAT_FIELDS):
        raise TypeError(f"ring: the base ring must be QQ (or ZZ), got {base}")
    names = list(ring.variable_names())
    _check_ring_size(len(names), "ring")
    multivariate = hasattr(ring, "term_order")
    if multivariate and base is QQ and ring.term_order().name() == "degrevlex":
        return ring
    return PolynomialRing(QQ, len(names), names, order="degrevlex")


class PolynomialModel:
    r"""
    A polynomial parametrisation ``theta -> phi(theta)`` over ``QQ``.

    The model computes ``x -> phi(theta) x``: ``phi`` is a matrix of
    polynomials in the parameters, with one column per input coordinate
    (a flat list is one column).

    INPUT:

    - ``ring`` -- a polynomial ring over ``QQ``; its variables are the
      parameters (it is replaced by the same ring over ``QQ`` with the
      degrevlex order if it has another order, is univariate, or is over
      ``ZZ`` or a floating-point field)
    - ``phi`` -- a matrix (or list of rows, or flat list) of polynomials
    - ``invariants`` -- (optional) known conservation laws; each is checked
      exactly (its gradient is orthogonal to every ``grad phi_ij``)

    A float coefficient in ``phi`` or ``invariants`` (Python, NumPy, or
    Sage's ``RR``, ``RDF`` and decimal literals such as ``0.1`` in a
    session) is read as its exact binary value, like float data and float
    coefficients of a loss: ``0.1`` is `3602879701896397/36028797018963968`.
    Write ``1/10`` or ``QQ("0.1")`` for one tenth.

    EXAMPLES:

    A scalar model ``phi = x*y*z`` has the conservation laws
    ``x^2 - y^2`` and ``y^2 - z^2``::

        sage: from tropnet.invariants import PolynomialModel
        sage: R.<x, y, z> = QQ[]
        sage: M = PolynomialModel(R, [x*y*z], invariants=[x^2 - y^2, y^2 - z^2])
        sage: M
        Polynomial model with 3 parameters and phi of shape 1 x 1
        sage: M.output_gradients()
        ((y*z, x*z, x*y),)
        sage: M.gradient_vector_field(lambda phi: phi[0]^2 / 2)
        (-x*y^2*z^2, -x^2*y*z^2, -x^2*y^2*z)

    Floats are exact binary values::

        sage: PolynomialModel(R, [0.1*x*y, 0.5 + z]).phi()
        [3602879701896397/36028797018963968*x*y]
        [                             z + 1/2]

    TESTS::

        sage: PolynomialModel(R, [x*y], invariants=[x^2])
        Traceback (most recent call last):
        ...
        ValueError: invariants: entry 0 (x^2) is not a conservation law: its
        derivative along grad phi[0] is 2*x*y
        sage: PolynomialModel(R, [[x, 1/y]])
        Traceback (most recent call last):
        ...
        TypeError: phi: entry [0][1] (1/y) is not a polynomial in the parameters
        sage: PolynomialModel(R, [])
        Traceback (most recent call last):
        ...
        ValueError: phi: the parametrisation has no entries
        sage: PolynomialModel(R, [x, float("nan")])
        Traceback (most recent call last):
        ...
        ValueError: phi: entry [1][0] (nan) is a float that is not finite (nan)
        sage: PolynomialModel(RR['x, y'], [RR['x, y'](0.1)]).phi()
        [3602879701896397/36028797018963968]
    """

    def __init__(self, ring, phi, invariants=None):
        self._ring = _as_parameter_ring(ring)
        self._phi = self._as_phi(phi)
        self._known = ()
        if invariants is not None:
            self._known = self._as_invariants(invariants)

    def _as_phi(self, phi):
        R = self._ring
        if isinstance(phi, Element) and hasattr(phi, "rows"):
            rows = [list(r) for r in phi.rows()]
        else:
            rows = list(phi)
            if rows and not isinstance(rows[0], (list, tuple)):
                rows = [[f] for f in rows]
        if not rows or not rows[0]:
            raise ValueError("phi: the parametrisation has no entries")
        width = len(rows[0])
        converted = []
        for i, row in enumerate(rows):
            if len(row) != width:
                raise ValueError(
                    f"phi: row {i} has {len(row)} entries, but row 0 has {width}"
                )
            converted.append([_exact_in_ring(f, R, f"phi: entry [{i}][{j}] ({f})")
                              for j, f in enumerate(row)])
        M = matrix(R, len(converted), width, converted)
        M.set_immutable()
        return M

    def _as_invariants(self, invariants):
        R = self._ring
        known = []
        for i, q in enumerate(invariants):
            known.append(_exact_in_ring(q, R, f"invariants: entry {i} ({q})"))
        for i, q in enumerate(known):
            for k, V in enumerate(self.output_gradients()):
                value = lie_derivative(q, V)
                if value:
                    raise ValueError(
                        f"invariants: entry {i} ({q}) is not a conservation law: "
                        f"its derivative along grad phi[{k}] is {value}"
                    )
        return tuple(known)

    def __repr__(self):
        return (
            f"Polynomial model with {self.n_parameters()} parameters and phi of "
            f"shape {self._phi.nrows()} x {self._phi.ncols()}"
        )

    def ring(self):
        r"""
        Return the polynomial ring of the parameters.

        EXAMPLES::

            sage: from tropnet.invariants import LinearNetwork
            sage: LinearNetwork((1, 1, 1)).ring()
            Multivariate Polynomial Ring in a11, b11 over Rational Field
        """
        return self._ring

    def parameters(self):
        r"""
        Return the parameters (the generators of :meth:`ring`).

        EXAMPLES::

            sage: from tropnet.invariants import LinearNetwork
            sage: LinearNetwork((1, 2, 1)).parameters()
            (a11, a21, b11, b12)
        """
        return self._ring.gens()

    def n_parameters(self):
        r"""
        Return the number of parameters.

        EXAMPLES::

            sage: from tropnet.invariants import LinearNetwork
            sage: LinearNetwork((2, 3, 2)).n_parameters()
            12
        """
        return len(self._ring.gens())

    def phi(self):
        r"""
        Return the parametrisation as an immutable matrix of polynomials.

        EXAMPLES::

            sage: from tropnet.invariants import LinearNetwork
            sage: LinearNetwork((2, 1)).phi()
            [a11 a12]
        """
        return self._phi

    def n_inputs(self):
        r"""
        Return the number of columns of ``phi`` (the input dimension).

        EXAMPLES::

            sage: from tropnet.invariants import LinearNetwork
            sage: LinearNetwork((3, 1, 2)).n_inputs()
            3
        """
        return self._phi.ncols()

    def n_outputs(self):
        r"""
        Return the number of rows of ``phi`` (the output dimension).

        EXAMPLES::

            sage: from tropnet.invariants import LinearNetwork
            sage: LinearNetwork((3, 1, 2)).n_outputs()
            2
        """
        return self._phi.nrows()

    def output_entries(self):
        r"""
        Return the entries of ``phi``, row by row.

        EXAMPLES::

            sage: from tropnet.invariants import LinearNetwork
            sage: LinearNetwork((2, 1)).output_entries()
            (a11, a12)
        """
        return tuple(self._phi.list())

    def loss_ring(self):
        r"""
        Return the polynomial ring in which polynomial losses are written:
        one variable ``zij`` per entry ``phi[i-1, j-1]``.

        EXAMPLES::

            sage: from tropnet.invariants import LinearNetwork
            sage: LinearNetwork((2, 1, 2)).loss_ring()
            Multivariate Polynomial Ring in z11, z12, z21, z22 over Rational Field
        """
        m, n = self._phi.nrows(), self._phi.ncols()
        _check_ring_size(m * n, "phi")
        sep = "" if max(m, n) <= 9 else "_"
        names = [f"z{i + 1}{sep}{j + 1}" for i in range(m) for j in range(n)]
        return PolynomialRing(QQ, len(names), names, order="degrevlex")

    def output_gradients(self):
        r"""
        Return the gradients ``grad phi_ij``, row by row: the vector fields
        whose orthogonal complement holds the gradients of the conservation
        laws.

        EXAMPLES::

            sage: from tropnet.invariants import LinearNetwork
            sage: LinearNetwork((1, 1, 1)).output_gradients()
            ((b11, a11),)
        """
        gens = self._ring.gens()
        return tuple(tuple(f.derivative(x) for x in gens) for f in self._phi.list())

    def loss_function(self, loss="square", data=None):
        r"""
        Return the loss ``L(theta)`` as a polynomial in the parameters.

        INPUT:

        - ``loss``, ``data`` -- as in :func:`as_loss` (not ``"all"``)

        OUTPUT: a polynomial in the parameters

        EXAMPLES::

            sage: from tropnet.invariants import LinearNetwork
            sage: N = LinearNetwork((1, 1, 1))
            sage: N.loss_function("square", ([[1]], [[1]]))
            1/2*a11^2*b11^2 - a11*b11 + 1/2

        TESTS::

            sage: N.loss_function("all")
            Traceback (most recent call last):
            ...
            ValueError: loss: 'all losses and data' is not one loss function
        """
        loss = as_loss(loss, data)
        if isinstance(loss, AllLosses):
            raise ValueError("loss: 'all losses and data' is not one loss function")
        return loss.polynomial(self)

    def gradient_vector_field(self, loss="square", data=None):
        r"""
        Return the gradient-flow vector field ``F = -grad L`` over ``QQ``.

        INPUT:

        - ``loss``, ``data`` -- as in :func:`as_loss` (not ``"all"``)

        OUTPUT: a tuple of polynomials, one per parameter

        EXAMPLES::

            sage: from tropnet.invariants import LinearNetwork
            sage: N = LinearNetwork((1, 1, 1))
            sage: N.gradient_vector_field("square", ([[1]], [[1]]))
            (-a11*b11^2 + b11, -a11^2*b11 + a11)
        """
        L = self.loss_function(loss, data)
        return tuple(-L.derivative(x) for x in self._ring.gens())

    def known_invariants(self):
        r"""
        Return the known conservation laws of the model.

        EXAMPLES::

            sage: from tropnet.invariants import LinearNetwork
            sage: LinearNetwork((1, 1, 1, 1)).known_invariants()
            (a11^2 - b11^2, b11^2 - c11^2)
        """
        return self._known


def _validate_widths(widths):
    if isinstance(widths, (str, bytes)):
        raise TypeError(f"widths: expected a sequence of integers, got {widths!r}")
    try:
        values = list(widths)
    except TypeError:
        raise TypeError(
            f"widths: expected a sequence of integers, got {widths!r}"
        ) from None
    if len(values) < 2:
        raise ValueError(
            f"widths: need at least two widths (input and output), got {tuple(values)}"
        )
    result = []
    for i, w in enumerate(values):
        w = _as_integer(w, f"widths: entry {i}")
        if w < 1:
            raise ValueError(
                f"widths: entry {i} is {w}; widths must be positive integers"
            )
        result.append(w)
    return tuple(result)


def _layer_letter(layer, n_layers):
    if n_layers <= 26:
        return "abcdefghijklmnopqrstuvwxyz"[layer - 1]
    return f"w{layer}_"


class LinearNetwork(PolynomialModel):
    r"""
    A linear network ``x -> W_L ... W_1 x`` with widths ``(d_0, ..., d_L)``.

    The weight matrix ``W_l`` has size ``d_l x d_{l-1}``; its entries are the
    parameters named by the letter of the layer (``a`` for ``W_1``, ``b`` for
    ``W_2``, ...) followed by the row and the column, from 1 (with ``_``
    between them when a width exceeds 9).  The known invariants are the
    entries on and above the diagonal of the balancedness matrices
    ``Q_l = W_l W_l^T - W_{l+1}^T W_{l+1}``, ``l = 1, ..., L-1``.

    INPUT:

    - ``widths`` -- a sequence of at least two positive integers
    - ``max_parameters`` -- (optional) the largest number of parameters
      ``D = sum d_l d_{l-1}`` accepted (default :data:`MAX_PARAMETERS`; at
      most :data:`SINGULAR_MAX_VARIABLES`)

    The number of terms of ``phi``, ``d_0 d_L`` times the product of the
    hidden widths, is at most :data:`MAX_PHI_TERMS`.  Larger networks are
    refused before any polynomial is built.

    EXAMPLES::

        sage: from tropnet.invariants import LinearNetwork
        sage: N = LinearNetwork((2, 1, 2))
        sage: N.weight_matrix(1), N.weight_matrix(2)
        (
                   [b11]
        [a11 a12], [b21]
        )
        sage: N.phi()
        [a11*b11 a12*b11]
        [a11*b21 a12*b21]
        sage: N.balancedness_matrices()
        [[a11^2 + a12^2 - b11^2 - b21^2]]

    TESTS::

        sage: LinearNetwork((2, 0, 2))
        Traceback (most recent call last):
        ...
        ValueError: widths: entry 1 is 0; widths must be positive integers
        sage: LinearNetwork((2, -1))
        Traceback (most recent call last):
        ...
        ValueError: widths: entry 1 is -1; widths must be positive integers
        sage: LinearNetwork((3,))
        Traceback (most recent call last):
        ...
        ValueError: widths: need at least two widths (input and output), got (3,)
        sage: LinearNetwork((2, 1.5))
        Traceback (most recent call last):
        ...
        TypeError: widths: entry 1 must be an integer, got 1.50000000000000

    Sizes that would exhaust the memory, or that Singular cannot handle,
    are refused up front::

        sage: LinearNetwork((1000, 1000))
        Traceback (most recent call last):
        ...
        ComputationTooLarge: widths: the number of parameters is 1000000, more
        than the limit of 5000; use smaller widths (or raise max_parameters, at
        most 32767)
        sage: LinearNetwork((200, 200), max_parameters=50000)
        Traceback (most recent call last):
        ...
        ComputationTooLarge: widths: the number of parameters is 40000, more
        than the limit of 32767; Singular cannot create a ring with more
        variables
        sage: LinearNetwork((1, 20, 20, 20, 20, 1))
        Traceback (most recent call last):
        ...
        ComputationTooLarge: widths: the number of terms of phi is 160000, more
        than the limit of 100000; use fewer or narrower hidden layers
        sage: LinearNetwork((2, 2), max_parameters=0)
        Traceback (most recent call last):
        ...
        ValueError: max_parameters: expected a positive integer, got 0
    """

    def __init__(self, widths, max_parameters=None):
        self._widths = _validate_widths(widths)
        limit = _as_limit(max_parameters, MAX_PARAMETERS, "max_parameters")
        D = sum(a * b for a, b in zip(self._widths, self._widths[1:]))
        _check_size(D, min(limit, SINGULAR_MAX_VARIABLES), "widths",
                    "the number of parameters",
                    "Singular cannot create a ring with more variables"
                    if limit >= SINGULAR_MAX_VARIABLES else
                    "use smaller widths (or raise max_parameters, at most "
                    f"{SINGULAR_MAX_VARIABLES})")
        _check_size(self._widths[0] * self._widths[-1] * math.prod(self._widths[1:-1]),
                    MAX_PHI_TERMS, "widths", "the number of terms of phi",
                    "use fewer or narrower hidden layers")
        L = len(self._widths) - 1
        sep = "" if max(self._widths) <= 9 else "_"
        names = []
        shapes = []
        for layer in range(1, L + 1):
            rows, cols = self._widths[layer], self._widths[layer - 1]
            letter = _layer_letter(layer, L)
            names.extend(
                f"{letter}{i + 1}{sep}{j + 1}" for i in range(rows) for j in range(cols)
            )
            shapes.append((rows, cols))
        R = PolynomialRing(QQ, len(names), names, order="degrevlex")
        gens = R.gens()
        weights = []
        start = 0
        for rows, cols in shapes:
            W = matrix(R, rows, cols, gens[start:start + rows * cols])
            W.set_immutable()
            weights.append(W)
            start += rows * cols
        self._weights = tuple(weights)
        phi = weights[0]
        for W in weights[1:]:
            phi = W * phi
        PolynomialModel.__init__(self, R, phi)
        known = []
        for Q in self.balancedness_matrices():
            n = Q.nrows()
            known.extend(Q[i, j] for i in range(n) for j in range(i, n))
        self._known = tuple(known)

    def __repr__(self):
        return (
            f"Linear network with widths {self._widths} "
            f"({self.n_parameters()} parameters)"
        )

    def widths(self):
        r"""
        Return the widths ``(d_0, ..., d_L)``.

        EXAMPLES::

            sage: from tropnet.invariants import LinearNetwork
            sage: LinearNetwork([2, 3, 2]).widths()
            (2, 3, 2)
        """
        return self._widths

    def depth(self):
        r"""
        Return the number ``L`` of weight matrices.

        EXAMPLES::

            sage: from tropnet.invariants import LinearNetwork
            sage: LinearNetwork((1, 1, 1, 1)).depth()
            3
        """
        return len(self._widths) - 1

    def weight_matrix(self, layer):
        r"""
        Return the weight matrix ``W_l`` of the layer ``l``.

        INPUT:

        - ``layer`` -- an integer ``l`` with ``1 <= l <= L``

        OUTPUT: an immutable ``d_l x d_{l-1}`` matrix of parameters

        EXAMPLES::

            sage: from tropnet.invariants import LinearNetwork
            sage: LinearNetwork((1, 2, 1)).weight_matrix(2)
            [b11 b12]

        TESTS::

            sage: LinearNetwork((1, 2, 1)).weight_matrix(3)
            Traceback (most recent call last):
            ...
            ValueError: layer: the layers are numbered 1 to 2, got 3
        """
        n = len(self._weights)
        if not 1 <= layer <= n:
            raise ValueError(f"layer: the layers are numbered 1 to {n}, got {layer}")
        return self._weights[layer - 1]

    def weight_matrices(self):
        r"""
        Return the weight matrices ``(W_1, ..., W_L)``.

        EXAMPLES::

            sage: from tropnet.invariants import LinearNetwork
            sage: LinearNetwork((1, 1, 1)).weight_matrices()
            ([a11], [b11])
        """
        return self._weights

    def balancedness_matrices(self):
        r"""
        Return ``[Q_1, ..., Q_{L-1}]`` with
        ``Q_l = W_l W_l^T - W_{l+1}^T W_{l+1}``.

        EXAMPLES::

            sage: from tropnet.invariants import LinearNetwork
            sage: LinearNetwork((1, 2, 1)).balancedness_matrices()
            [
            [ a11^2 - b11^2 a11*a21 - b11*b12]
            [a11*a21 - b11*b12  a21^2 - b12^2]
            ]
        """
        W = self._weights
        return [
            W[i] * W[i].transpose() - W[i + 1].transpose() * W[i + 1]
            for i in range(len(W) - 1)
        ]

    def balanced_point(self, seed=DEFAULT_SEED):
        r"""
        Return a random rational point of the balanced set ``{Q_l = 0}``.

        The point is ``W_l = O_l S_l O_{l-1}^T`` with rational orthogonal
        matrices ``O_l`` (Cayley transforms of random antisymmetric integer
        matrices) and ``S_l`` the ``d_l x d_{l-1}`` matrix with the same
        positive diagonal ``s_1, ..., s_r`` for every layer
        (``r = min d_l``); then ``W_l W_l^T = O_l diag(s^2) O_l^T =
        W_{l+1}^T W_{l+1}``.

        INPUT:

        - ``seed`` -- seed of the random choices

        OUTPUT: a tuple of rationals, one per parameter

        EXAMPLES::

            sage: from tropnet.invariants import LinearNetwork
            sage: N = LinearNetwork((2, 2, 2))
            sage: theta = N.balanced_point(seed=1)
            sage: [q(*theta) for q in N.known_invariants()]
            [0, 0, 0]
        """
        rng = _rng(seed)
        r = min(self._widths)
        s = [QQ(rng.randint(1, 5)) for _ in range(r)]
        orthogonal = []
        for d in self._widths:
            A = matrix(QQ, d, d)
            for i in range(d):
                for j in range(i + 1, d):
                    v = QQ(rng.randint(-3, 3)) / rng.randint(1, 3)
                    A[i, j], A[j, i] = v, -v
            identity = matrix.identity(QQ, d)
            cayley = (identity - A) * (identity + A).inverse()
            signs = matrix.diagonal(QQ, [rng.choice([-1, 1]) for _ in range(d)])
            orthogonal.append(cayley * signs)
        point = []
        for layer in range(1, len(self._widths)):
            rows, cols = self._widths[layer], self._widths[layer - 1]
            S = matrix(QQ, rows, cols)
            for i in range(r):
                S[i, i] = s[i]
            W = orthogonal[layer] * S * orthogonal[layer - 1].transpose()
            point.extend(W.list())
        return tuple(point)


def known_invariants(model):
    r"""
    Return the known conservation laws of ``model``.

    For a :class:`LinearNetwork` these are the entries on and above the
    diagonal of ``W_l W_l^T - W_{l+1}^T W_{l+1}`` for the hidden layers;
    for a :class:`PolynomialModel`, the invariants given to its constructor.

    INPUT:

    - ``model`` -- a :class:`PolynomialModel`

    OUTPUT: a tuple of polynomials

    EXAMPLES::

        sage: from tropnet.invariants import LinearNetwork, known_invariants
        sage: known_invariants(LinearNetwork((1, 2, 1)))
        (a11^2 - b11^2, a11*a21 - b11*b12, a21^2 - b12^2)
        sage: known_invariants(LinearNetwork((3, 2)))
        ()

    TESTS::

        sage: known_invariants((1, 1, 1))
        Traceback (most recent call last):
        ...
        TypeError: model: expected a PolynomialModel, got (1, 1, 1)
    """
    _check_model(model)
    return model.known_invariants()


def _check_model(model):
    if not isinstance(model, PolynomialModel):
        raise TypeError(f"model: expected a PolynomialModel, got {model!r}")


# ---------------------------------------------------------------------------
# Lie derivatives, Jacobians
# ---------------------------------------------------------------------------


def lie_derivative(g, field):
    r"""
    Return ``<grad g, field>``, the derivative of ``g`` along a vector field.

    INPUT:

    - ``g`` -- a polynomial
    - ``field`` -- a sequence of polynomials, one per variable of the ring
      of ``g``

    OUTPUT: a polynomial

    EXAMPLES::

        sage: from tropnet.invariants import lie_derivative
        sage: R.<x, y> = QQ[]
        sage: lie_derivative(x*y, (x, -y)), lie_derivative(x^2, (x, -y))
        (0, 2*x^2)

    TESTS::

        sage: lie_derivative(x, (x,))
        Traceback (most recent call last):
        ...
        ValueError: field: 1 components for 2 variables
    """
    g = _exact_coefficients(g, lambda: f"g ({g})")
    R = g.parent()
    gens = R.gens()
    if len(field) != len(gens):
        raise ValueError(f"field: {len(field)} components for {len(gens)} variables")
    field = [_exact_in_ring(f, R, lambda: f"field: component {i} ({f})")
             for i, f in enumerate(field)]
    return sum((g.derivative(x) * f for x, f in zip(gens, field)), R.zero())


def is_conservation_law(model, g):
    r"""
    Return whether ``g`` is conserved for every loss and every data set:
    ``<grad g, grad phi_ij> = 0`` for every entry, checked symbolically.

    INPUT:

    - ``model`` -- a :class:`PolynomialModel`
    - ``g`` -- a polynomial in its parameters

    OUTPUT: boolean

    EXAMPLES::

        sage: from tropnet.invariants import LinearNetwork, is_conservation_law
        sage: N = LinearNetwork((1, 2, 1))
        sage: a11, a21, b11, b12 = N.parameters()
        sage: is_conservation_law(N, a11*b12 - a21*b11), is_conservation_law(N, a11)
        (True, False)
    """
    _check_model(model)
    g = _exact_in_ring(g, model.ring(), f"g ({g})")
    return all(not lie_derivative(g, V) for V in model.output_gradients())


def is_first_integral(model, g, loss="square", data=None):
    r"""
    Return whether ``g`` is a first integral of the gradient flow of one
    loss: ``<grad g, grad L> = 0``, checked symbolically.

    INPUT:

    - ``model`` -- a :class:`PolynomialModel`
    - ``g`` -- a polynomial in its parameters
    - ``loss``, ``data`` -- one loss, as in :func:`as_loss`

    OUTPUT: boolean

    EXAMPLES::

        sage: from tropnet.invariants import LinearNetwork, is_first_integral
        sage: N = LinearNetwork((1, 1, 1))
        sage: a11, b11 = N.parameters()
        sage: data = ([[1, 2]], [[0, 1]])
        sage: is_first_integral(N, a11^2 - b11^2, "square", data)
        True
        sage: is_first_integral(N, a11*b11, "square", data)
        False
    """
    _check_model(model)
    F = model.gradient_vector_field(loss, data)
    return not lie_derivative(_exact_in_ring(g, model.ring(), f"g ({g})"), F)


def _jacobian_rank_at(polynomials, gens, point):
    if not polynomials:
        return 0
    rows = [[f.derivative(x)(*point) for x in gens] for f in polynomials]
    return matrix(QQ, rows).rank()


def functional_rank(polynomials, seed=DEFAULT_SEED):
    r"""
    Return the number of functionally independent polynomials among
    ``polynomials``: the rank of their Jacobian matrix over the field of
    rational functions.

    The rank at a random rational point is a lower bound; when it is not
    already the largest possible rank, the rank over the fraction field is
    computed symbolically.  The answer is exact.

    INPUT:

    - ``polynomials`` -- a non-empty list of polynomials in one ring
    - ``seed`` -- seed of the random point

    OUTPUT: an integer

    EXAMPLES::

        sage: from tropnet.invariants import functional_rank
        sage: R.<x, y, z> = QQ[]
        sage: functional_rank([x^2 - y^2, y^2 - z^2, x^2 - z^2])
        2
        sage: functional_rank([x*y, x + y])
        2
    """
    R, polys = _common_ring(polynomials, "polynomials")
    gens = R.gens()
    rng = _rng(seed)
    r = _jacobian_rank_at(polys, gens, _random_integer_point(len(gens), rng))
    if r == min(len(polys), len(gens)):
        return r
    J = matrix(R.fraction_field(), [[f.derivative(x) for x in gens] for f in polys])
    return J.rank()


# ---------------------------------------------------------------------------
# Conservation laws: the Lie-algebra method
# ---------------------------------------------------------------------------


class _IncrementalSpan:
    """Exact row echelon form over ``QQ`` grown one vector at a time."""

    def __init__(self, dim):
        self.dim = dim
        self.rows = {}

    def rank(self):
        return len(self.rows)

    def add(self, vector):
        v = [QQ(a) for a in vector]
        for c, row in self.rows.items():
            if v[c]:
                factor = v[c]
                v = [a - factor * b for a, b in zip(v, row)]
        for c, a in enumerate(v):
            if a:
                v = [b / a for b in v]
                for d, row in self.rows.items():
                    if row[c]:
                        factor = row[c]
                        self.rows[d] = [x - factor * y for x, y in zip(row, v)]
                self.rows[c] = v
                return True
        return False


def _bracket(V, W, gens):
    R = gens[0].parent()
    return tuple(
        sum(
            (V[j] * W[i].derivative(x) - W[j] * V[i].derivative(x)
             for j, x in enumerate(gens)),
            R.zero(),
        )
        for i in range(len(gens))
    )


class ConservationLawCount:
    r"""
    The certified number of independent conservation laws of a model.

    Attributes:

    - ``lower`` -- rank at a random rational point of the Jacobian of the
      known conservation laws (laws checked symbolically): a lower bound
    - ``upper`` -- number of parameters minus the rank at that point of the
      iterated Lie brackets of the fields ``grad phi_ij``: an upper bound
    - ``certified`` -- whether ``lower == upper``
    - ``count`` -- the number of laws when certified, otherwise ``None``
    - ``n_parameters``, ``lie_rank``, ``depth`` (bracket length reached),
      ``n_known``, ``known_functional_rank`` (equal to ``lower``),
      ``is_functionally_complete`` (``True`` when the known laws account for
      all laws, ``None`` when the bounds do not meet),
      ``point``, ``seed``, ``seconds``

    EXAMPLES::

        sage: from tropnet.invariants import LinearNetwork, conservation_law_count
        sage: c = conservation_law_count(LinearNetwork((2, 2, 2)))
        sage: c
        3 conservation laws (certified: 3 <= count <= 3) for Linear network
        with widths (2, 2, 2) (8 parameters)
        sage: c.lie_rank, c.is_functionally_complete
        (5, True)
    """

    def __init__(self, model, lower, upper, lie_rank, depth, n_known, point, seed,
                 seconds):
        self.model = model
        self.lower = lower
        self.upper = upper
        self.certified = lower == upper
        self.count = upper if self.certified else None
        self.n_parameters = model.n_parameters()
        self.lie_rank = lie_rank
        self.depth = depth
        self.n_known = n_known
        self.known_functional_rank = lower
        self.is_functionally_complete = True if self.certified else None
        self.point = point
        self.seed = seed
        self.seconds = seconds

    def __repr__(self):
        if self.certified:
            head = f"{self.count} conservation laws (certified: "
        else:
            head = "conservation laws not certified ("
        return f"{head}{self.lower} <= count <= {self.upper}) for {self.model}"

    def as_dict(self):
        r"""
        Return the result as a dictionary of plain Python values.

        EXAMPLES::

            sage: from tropnet.invariants import LinearNetwork, conservation_law_count
            sage: d = conservation_law_count(LinearNetwork((1, 1, 1))).as_dict()
            sage: d["count"], d["lower"], d["upper"], d["certified"]
            (1, 1, 1, True)
        """
        return {
            "model": str(self.model),
            "count": self.count,
            "lower": self.lower,
            "upper": self.upper,
            "certified": self.certified,
            "n_parameters": self.n_parameters,
            "lie_rank": self.lie_rank,
            "depth": self.depth,
            "n_known": self.n_known,
            "known_functional_rank": self.known_functional_rank,
            "is_functionally_complete": self.is_functionally_complete,
            "point": [str(v) for v in self.point],
            "seed": self.seed,
            "seconds": self.seconds,
        }


def conservation_law_count(model, invariants=None, seed=DEFAULT_SEED, max_depth=None,
                           attempts=3, max_entries=None):
    r"""
    Return the certified number of independent conservation laws of a model
    (the Lie-algebra method).

    Near a generic point the number of independent conservation laws is
    ``D`` minus the dimension of the Lie algebra generated by the fields
    ``grad phi_ij`` (Marcotte, Gribonval, Peyré, NeurIPS 2023).  Iterated
    brackets ``[grad phi_k, B]`` are computed symbolically over ``QQ`` and
    evaluated exactly at a random rational point; a bracket is kept when it
    raises the rank there.  That rank is at most the generic dimension of
    the Lie algebra, so ``D - rank`` bounds the number of laws from above.
    The rank at the same point of the Jacobian of known laws (each checked
    symbolically to be a law) bounds it from below.  Equal bounds certify
    the count.  Keeping a bracket only when it raises the rank loses
    nothing at a generic point: a bracket that is a combination of kept ones
    with rational-function coefficients has brackets in their span too.

    INPUT:

    - ``model`` -- a :class:`PolynomialModel`
    - ``invariants`` -- (optional) conservation laws to use for the lower
      bound instead of :func:`known_invariants`
    - ``seed`` -- seed of the random rational points
    - ``max_depth`` -- (optional) longest bracket to form, an integer
      ``>= 1``
    - ``attempts`` -- number of random points to try while the bounds
      differ (an integer ``>= 1``); every point gives valid bounds, so the
      best ones are kept
    - ``max_entries`` -- (optional) the largest number ``D (E + D)`` of
      polynomial entries of the fields accepted, for ``D`` parameters and
      ``E`` entries of ``phi`` (default :data:`MAX_FIELD_ENTRIES`)

    OUTPUT: a :class:`ConservationLawCount`

    EXAMPLES::

        sage: from tropnet.invariants import LinearNetwork, conservation_law_count
        sage: [conservation_law_count(LinearNetwork(w)).count
        ....:  for w in [(1, 1, 1), (2, 1, 2), (1, 2, 1), (2, 2, 2), (1, 1, 1, 1)]]
        [1, 1, 3, 3, 2]

    Without known laws the count is only bounded::

        sage: from tropnet.invariants import PolynomialModel
        sage: R.<x, y, z> = QQ[]
        sage: conservation_law_count(PolynomialModel(R, [x*y*z]))
        conservation laws not certified (0 <= count <= 2) for Polynomial model
        with 3 parameters and phi of shape 1 x 1
        sage: conservation_law_count(PolynomialModel(R, [x*y*z]),
        ....:                        invariants=[x^2 - y^2, x^2 - z^2]).count
        2

    TESTS::

        sage: conservation_law_count(PolynomialModel(R, [x*y*z]), invariants=[x])
        Traceback (most recent call last):
        ...
        ValueError: invariants: entry 0 (x) is not a conservation law: its
        derivative along grad phi[0] is y*z
        sage: conservation_law_count(LinearNetwork((1, 1, 1)), seed="x")
        Traceback (most recent call last):
        ...
        TypeError: seed: expected an integer or None, got 'x'
        sage: conservation_law_count(LinearNetwork((1, 1, 1)), max_depth=0)
        Traceback (most recent call last):
        ...
        ValueError: max_depth: expected an integer >= 1, got 0
        sage: conservation_law_count(LinearNetwork((1, 1, 1)), attempts="3")
        Traceback (most recent call last):
        ...
        TypeError: attempts: expected an integer, got '3'
        sage: conservation_law_count(LinearNetwork((40, 40)))
        Traceback (most recent call last):
        ...
        ComputationTooLarge: model: the number of polynomial entries D (E + D)
        of the fields (D = 1600 parameters, E = 1600 entries of phi) is
        5120000, more than the limit of 2000000; use a smaller model (or raise
        max_entries)
    """
    _check_model(model)
    seed = _as_seed(seed)
    max_depth = _as_count(max_depth, "max_depth", allow_none=True)
    attempts = _as_count(attempts, "attempts")
    limit = _as_limit(max_entries, MAX_FIELD_ENTRIES, "max_entries")
    D, E = model.n_parameters(), model.n_inputs() * model.n_outputs()
    _check_size(D * (E + D), limit, "model",
                f"the number of polynomial entries D (E + D) of the fields (D = {D} "
                f"parameters, E = {E} entries of phi)",
                "use a smaller model (or raise max_entries)")
    start = time.perf_counter()
    if invariants is None:
        known = model.known_invariants()
    else:
        known = PolynomialModel._as_invariants(model, invariants)
    gens = model.parameters()
    D = len(gens)
    rng = _rng(seed)
    generators = [V for V in model.output_gradients() if any(V)]
    lower, upper = -1, D + 1
    for attempt in range(attempts):
        point = _random_integer_point(D, rng)
        rank_known = _jacobian_rank_at(list(known), gens, point)
        if rank_known > lower:
            lower, best_point = rank_known, point
        rank, depth = _lie_rank_at(generators, gens, point, D - lower, max_depth)
        if D - rank < upper:
            upper, lie_rank, lie_depth = D - rank, rank, depth
        if lower == upper:
            break
        logger.debug("attempt %d: %d <= laws <= %d", attempt, lower, upper)
    seconds = time.perf_counter() - start
    return ConservationLawCount(
        model, lower, upper, lie_rank, lie_depth, len(known), best_point, seed,
        seconds,
    )


def _lie_rank_at(generators, gens, point, target, max_depth):
    """Rank at ``point`` of the iterated brackets ``[V, B]`` (V a generator, B a
    kept bracket), keeping a bracket when it raises the rank; stop at rank
    ``target``, when no bracket is kept, or at ``max_depth``."""

    def value(field):
        return [f(*point) for f in field]

    span = _IncrementalSpan(len(gens))
    frontier = [V for V in generators if span.add(value(V))]
    depth = 1 if generators else 0
    while frontier and span.rank() < target:
        if max_depth is not None and depth >= max_depth:
            break
        depth += 1
        new = []
        for V in generators:
            for W in frontier:
                B = _bracket(V, W, gens)
                if any(B) and span.add(value(B)):
                    new.append(B)
        frontier = new
        logger.debug("Lie brackets of length %d: rank %d", depth, span.rank())
    return span.rank(), depth


# ---------------------------------------------------------------------------
# Polynomial invariants up to a degree
# ---------------------------------------------------------------------------


def _invariant_fields(model, loss):
    """Return the fields defining the invariants and the name of the notion."""
    if isinstance(loss, AllLosses):
        fields = [V for V in model.output_gradients() if any(V)]
        return fields, "conservation law"
    return [model.gradient_vector_field(loss)], "first integral"


def _check_invariants_of(known, fields, name="invariants"):
    for i, q in enumerate(known):
        for k, V in enumerate(fields):
            value = lie_derivative(q, V)
            if value:
                raise ValueError(
                    f"{name}: entry {i} ({q}) is not conserved: its derivative "
                    f"along field {k} is {value}"
                )


def _known_products(known, max_degree):
    """Products of the known invariants of total degree at most ``max_degree``,
    as a list of pairs (degree, polynomial); the empty product is left out."""
    known = [q for q in known if q.degree() >= 1]
    if not known:
        return []
    result = []
    frontier = [(0, 0, known[0].parent().one())]
    while frontier:
        new = []
        for degree, last, product in frontier:
            for i in range(last, len(known)):
                d = degree + known[i].degree()
                if d <= max_degree:
                    f = product * known[i]
                    result.append((d, f))
                    new.append((d, i, f))
        frontier = new
    return result


def _polynomial_vectors(polynomials, column_index):
    """Rows of coefficients of ``polynomials`` on ``column_index``, as a sparse
    integer matrix (constant terms, which are not columns, are dropped)."""
    entries = {}
    for r, f in enumerate(polynomials):
        coefficients = la.polynomial_exponents(f)
        scale = 1
        for c in coefficients.values():
            scale = math.lcm(scale, int(c.denominator()))
        for e, c in coefficients.items():
            j = column_index.get(e)
            if j is not None:
                entries[r, j] = int(c * scale)
    return entries


def _rank_mod_p(entries, nrows, ncols, p):
    if not entries:
        return 0
    pivots, _ = la.rref_mod_p(entries, nrows, ncols, p)
    return len(pivots)


def _vectors_to_polynomials(R, vectors, columns):
    return [R({columns[c]: a for c, a in v.items()}) for v in vectors]


def _normalise(f):
    """Scale a polynomial to a primitive integer polynomial with positive
    leading coefficient."""
    if not f:
        return f
    coefficients = f.coefficients()
    scale = 1
    for c in coefficients:
        scale = math.lcm(scale, int(QQ(c).denominator()))
    g = 0
    for c in coefficients:
        g = math.gcd(g, int(QQ(c) * scale))
    f = f * QQ((scale, g))
    return f if f.lc() > 0 else -f


def _complement(R, kernel_polys, known_polys, columns):
    """Normal forms of ``kernel_polys`` modulo the span of ``known_polys``,
    echelonised: a basis of a complement of the known span in the kernel.

    Columns are taken from the largest monomial down, so that pivots are
    leading monomials (as in a division by a Gröbner basis)."""
    if not kernel_polys:
        return []
    columns = list(reversed(columns))
    index = {e: j for j, e in enumerate(columns)}
    n = len(columns)

    def dense(f):
        row = [QQ(0)] * n
        for e, c in f.dict().items():
            row[index[tuple(e)]] = QQ(c)
        return row

    if known_polys:
        K = matrix(QQ, [dense(q) for q in known_polys]).echelon_form()
        K = K.matrix_from_rows(range(K.rank()))
        pivots = K.pivots()
    else:
        K, pivots = None, ()
    reduced = []
    for f in kernel_polys:
        v = dense(f)
        for i, c in enumerate(pivots):
            if v[c]:
                factor = v[c]
                v = [a - factor * b for a, b in zip(v, K.row(i))]
        reduced.append(v)
    E = matrix(QQ, reduced).echelon_form()
    extras = []
    for i in range(E.rank()):
        f = R({columns[j]: a for j, a in E.row(i).dict().items()})
        extras.append(_normalise(f))
    extras.sort(reverse=True)
    return sorted(extras, key=lambda f: f.degree())


class PolynomialInvariants:
    r"""
    The polynomial invariants of degree at most ``d`` of a model and a loss.

    Dimensions are of spaces of invariants modulo constants; entry ``e - 1``
    of each tuple is about degree at most ``e``.

    Attributes:

    - ``notion`` -- ``"conservation law"`` or ``"first integral"``
    - ``degree`` -- the degree bound ``d``
    - ``lower`` -- dimension of the span of the products of known invariants
      (a rigorous lower bound: rank modulo ``prime`` of their coefficients)
    - ``upper`` -- rigorous upper bound (dimension of the kernel modulo
      ``prime`` of the linear system)
    - ``dimensions`` -- the exact dimensions (``lower`` when the bounds meet,
      otherwise from an exact basis over ``QQ``, checked entry by entry)
    - ``known_dimensions`` -- exact dimensions of the span of the products of
      the known invariants
    - ``is_complete`` -- whether every invariant of degree at most ``d`` lies
      in the algebra generated by the known invariants
    - ``extra_invariants`` -- when not complete, invariants that complete the
      known span to the whole space (normal forms modulo the known span)
    - ``basis`` -- an exact basis over ``QQ`` (when requested or needed)
    - ``method`` -- ``"graded"`` (homogeneous fields, one degree at a time),
      ``"leading forms"`` (bound from the top-degree parts) or ``"filtered"``
      (the whole system)
    - ``prime``, ``seconds``

    EXAMPLES::

        sage: from tropnet.invariants import LinearNetwork, polynomial_invariants
        sage: P = polynomial_invariants(LinearNetwork((1, 1, 1)), 4)
        sage: P
        Polynomial conservation laws of degree <= 4 of Linear network with
        widths (1, 1, 1) (2 parameters): dimensions (0, 1, 1, 2), complete
        (known invariants span (0, 1, 1, 2))
    """

    def __init__(self, model, loss, notion, degree, lower, upper, dimensions,
                 known_dimensions, extra_invariants, basis, method, prime, seconds):
        self.model = model
        self.loss = loss
        self.notion = notion
        self.degree = degree
        self.lower = tuple(lower)
        self.upper = tuple(upper)
        self.dimensions = tuple(dimensions)
        self.known_dimensions = tuple(known_dimensions)
        self.is_complete = self.dimensions == self.known_dimensions
        self.extra_invariants = extra_invariants
        self.basis = basis
        self.method = method
        self.prime = prime
        self.seconds = seconds

    def __repr__(self):
        if self.is_complete:
            verdict = "complete"
        else:
            verdict = f"not complete, {len(self.extra_invariants)} extra"
        return (
            f"Polynomial {self.notion}s of degree <= {self.degree} of {self.model}: "
            f"dimensions {self.dimensions}, {verdict} "
            f"(known invariants span {self.known_dimensions})"
        )

    def as_dict(self):
        r"""
        Return the result as a dictionary of plain Python values.

        EXAMPLES::

            sage: from tropnet.invariants import LinearNetwork, polynomial_invariants
            sage: d = polynomial_invariants(LinearNetwork((1, 2, 1)), 2).as_dict()
            sage: d["dimensions"], d["is_complete"], d["extra_invariants"]
            ([0, 4], False, ['a21*b11 - a11*b12'])
        """
        return {
            "model": str(self.model),
            "loss": str(self.loss),
            "notion": self.notion,
            "degree": self.degree,
            "lower": list(self.lower),
            "upper": list(self.upper),
            "dimensions": list(self.dimensions),
            "known_dimensions": list(self.known_dimensions),
            "is_complete": self.is_complete,
            "extra_invariants": [str(f) for f in self.extra_invariants],
            "method": self.method,
            "prime": self.prime,
            "seconds": self.seconds,
        }


def _as_prime(prime):
    if prime is None:
        return DEFAULT_PRIME
    if isinstance(prime, bool) or not isinstance(prime, (numbers.Integral, Integer)):
        raise TypeError(f"prime: expected an integer, got {prime!r}")
    if not la.is_small_prime(prime):
        raise ValueError(
            f"prime: {prime!r} is not a prime below {la.SPARSE_PRIME_BOUND}"
        )
    return int(prime)


def _count_products(known, max_degree):
    """The number of products of total degree at most ``max_degree`` (and at
    least 1) of the known invariants, counted without forming them."""
    counts = [1] + [0] * max_degree
    for q in known:
        g = q.degree()
        if g < 1:
            continue
        for t in range(g, max_degree + 1):
            counts[t] += counts[t - g]
    return sum(counts) - 1


def polynomial_invariants(model, degree, loss="all", data=None, invariants=None,
                          basis=False, prime=None, max_monomials=None,
                          max_entries=None):
    r"""
    Return the polynomial invariants of degree at most ``degree``.

    An invariant ``g`` (modulo constants) satisfies ``<grad g, F> = 0`` for
    every field ``F`` of the setting: the fields ``grad phi_ij`` for
    conservation laws (``loss="all"``), the flow ``-grad L`` for first
    integrals of one loss.  With unknown coefficients on the monomials this
    is a sparse integer linear system.

    ALGORITHM:

    - Lower bound: the products of known invariants of degree at most ``e``
      are invariants; the rank modulo ``prime`` of their coefficients is at
      most their rank over ``QQ``.
    - Upper bound: the rank modulo ``prime`` of the system is at most its
      rank over ``QQ``, so the modular kernel bounds the rational one.  When
      every field is homogeneous the system splits by degree.  Otherwise the
      top-degree form of an invariant of degree ``e`` is killed by the
      top-degree parts of the fields, which bounds each degree separately
      ("leading forms"); if that bound is not sharp, the whole filtered
      system is reduced modulo ``prime``.
    - Equal bounds prove the dimensions and completeness.  Otherwise (or
      when ``basis=True``) an exact basis over ``QQ`` is computed as a
      kernel (modular lift checked exactly, see
      :func:`tropnet._invariants_linalg.exact_kernel`), and the extra
      invariants are the normal forms of the basis modulo the known span.

    INPUT:

    - ``model`` -- a :class:`PolynomialModel`
    - ``degree`` -- the degree bound, an integer ``>= 1``
    - ``loss``, ``data`` -- as in :func:`as_loss` (default: conservation laws)
    - ``invariants`` -- (optional) known invariants to compare with instead
      of :func:`known_invariants` (each checked symbolically)
    - ``basis`` -- whether to compute an exact basis over ``QQ``
    - ``prime`` -- (optional) the prime of the modular bounds
    - ``max_monomials`` -- (optional) the largest number of unknowns
      ``C(D + d, d) - 1`` (monomials of degree 1 to ``d`` in ``D``
      parameters) accepted, and the largest number of products of known
      invariants (default :data:`MAX_MONOMIALS`)
    - ``max_entries`` -- (optional) the largest bound ``T C(D + d - 1, d - 1)``
      on the nonzero entries of the linear system accepted, for fields with
      ``T`` terms (default :data:`MAX_SYSTEM_ENTRIES`)

    The conservation laws (``loss="all"``) also need ``E D`` to be at most
    :data:`MAX_FIELD_ENTRIES` for ``E`` entries of ``phi``.  Larger
    computations are refused before the system is built.

    OUTPUT: a :class:`PolynomialInvariants`

    EXAMPLES:

    Conservation laws of widths ``(1, 2, 1)`` up to degree 2, with a basis::

        sage: from tropnet.invariants import LinearNetwork, polynomial_invariants
        sage: N = LinearNetwork((1, 2, 1))
        sage: P = polynomial_invariants(N, 2, basis=True)
        sage: P.basis
        [a11^2 - b11^2, a21*b11 - a11*b12, a11*a21 - b11*b12, a21^2 - b12^2]

    Degenerate data (one sample for two inputs) add the linear invariants
    ``W_1 v`` for ``v`` in the kernel of ``X X^T``::

        sage: N = LinearNetwork((2, 2, 2))
        sage: P = polynomial_invariants(N, 1, loss="square",
        ....:                           data=([[1], [1]], [[1], [0]]))
        sage: P.dimensions, P.extra_invariants
        ((2,), [a11 - a12, a21 - a22])

    TESTS::

        sage: polynomial_invariants(N, 0)
        Traceback (most recent call last):
        ...
        ValueError: degree: the degree bound must be at least 1, got 0
        sage: polynomial_invariants(N, 2, loss="square", data=([[1, 2, 3]], [[1]]))
        Traceback (most recent call last):
        ...
        ValueError: data: X has 3 samples (columns) but Y has 1
        sage: polynomial_invariants(N, 2, loss="square", data=([[1]], [[1]]))
        Traceback (most recent call last):
        ...
        ValueError: data: X has 1 rows, but the model has 2 inputs
        sage: polynomial_invariants(N, 2, loss="square", data=([[], []], [[], []]))
        Traceback (most recent call last):
        ...
        ValueError: data: X has the wrong shape: 2 rows but no columns, so no
        samples (one column per sample; at least one is needed)
        sage: polynomial_invariants(LinearNetwork([1, 1, 1]), 2,
        ....:                       loss=lambda p: p[0]^0.5)
        Traceback (most recent call last):
        ...
        TypeError: loss: the loss is not a polynomial: it cannot be evaluated
        on the entries of phi (ValueError: not a 2nd power)
        sage: polynomial_invariants(N, 2, prime=46349)
        Traceback (most recent call last):
        ...
        ValueError: prime: 46349 is not a prime below 46341
        sage: polynomial_invariants(N, 2, prime="x")
        Traceback (most recent call last):
        ...
        TypeError: prime: expected an integer, got 'x'

    Sizes that would exhaust the memory are refused up front::

        sage: polynomial_invariants(LinearNetwork((2, 2, 2)), 9)
        Traceback (most recent call last):
        ...
        ComputationTooLarge: degree: the number of monomials of degree 1 to 9
        in 8 parameters is 24309, more than the limit of 20000; lower the degree
        (or raise max_monomials)
        sage: polynomial_invariants(LinearNetwork((2, 2, 2)), 4, max_entries=1000)
        Traceback (most recent call last):
        ...
        ComputationTooLarge: degree: the bound on the nonzero entries of the
        linear system (16 terms in the fields) is 2640, more than the limit of
        1000; lower the degree (or raise max_entries)
    """
    _check_model(model)
    degree = _as_degree(degree)
    loss = as_loss(loss, data)
    p = _as_prime(prime)
    monomial_limit = _as_limit(max_monomials, MAX_MONOMIALS, "max_monomials")
    entry_limit = _as_limit(max_entries, MAX_SYSTEM_ENTRIES, "max_entries")
    n = model.n_parameters()
    _check_size(math.comb(n + degree, degree) - 1, monomial_limit, "degree",
                f"the number of monomials of degree 1 to {degree} in {n} parameters",
                "lower the degree (or raise max_monomials)")
    if isinstance(loss, AllLosses):
        E = model.n_inputs() * model.n_outputs()
        _check_size(E * n, MAX_FIELD_ENTRIES, "model",
                    f"the number of entries of the gradients of the {E} entries of phi "
                    f"in {n} parameters", "use a smaller model")
    start = time.perf_counter()
    R = model.ring()
    fields, notion = _invariant_fields(model, loss)
    if invariants is None:
        known = list(model.known_invariants())
    else:
        known = [_exact_in_ring(q, R, f"invariants: entry {i} ({q})")
                 for i, q in enumerate(invariants)]
    _check_invariants_of(known, fields)
    int_fields = [la.integer_field(F) for F in fields]
    n_terms = sum(len(c) for F in int_fields for c in F)
    _check_size(n_terms * math.comb(n + degree - 1, degree - 1), entry_limit, "degree",
                f"the bound on the nonzero entries of the linear system ({n_terms} "
                "terms in the fields)", "lower the degree (or raise max_entries)")
    _check_size(_count_products(known, degree), monomial_limit, "invariants",
                f"the number of products of degree at most {degree} of the "
                f"{len(known)} known invariants",
                "give fewer invariants or lower the degree (or raise max_monomials)")
    is_graded = all(len(la.field_degrees(F)) <= 1 for F in int_fields)
    known_graded = all(q.is_homogeneous() for q in known)
    products = _known_products(known, degree)
    blocks = {e: la.monomials_of_degree(n, e) for e in range(1, degree + 1)}
    all_columns = [m for e in range(1, degree + 1) for m in blocks[e]]
    n_up_to = [sum(len(blocks[f]) for f in range(1, e + 1))
               for e in range(1, degree + 1)]

    # lower bound: the products of known invariants
    lower = []
    if known_graded:
        for e in range(1, degree + 1):
            index = {m: j for j, m in enumerate(blocks[e])}
            polys = [f for d, f in products if d == e]
            entries = _polynomial_vectors(polys, index)
            r = _rank_mod_p(entries, len(polys), len(blocks[e]), p)
            lower.append((lower[-1] if lower else 0) + r)
    else:
        index = {m: j for j, m in enumerate(all_columns)}
        for e in range(1, degree + 1):
            polys = [f for d, f in products if d <= e]
            entries = _polynomial_vectors(polys, index)
            lower.append(_rank_mod_p(entries, len(polys), n_up_to[e - 1], p))

    # upper bound degree by degree from the top-degree parts of the fields
    gradings = la.sign_gradings(int_fields, n)
    leading = [la.top_degree_part(F) for F in int_fields]
    upper = []
    for e in range(1, degree + 1):
        t = time.perf_counter()
        pivots = la.block_pivots(leading, blocks[e], gradings, p)
        k = len(blocks[e]) - len(pivots)
        upper.append((upper[-1] if upper else 0) + k)
        logger.debug("degree %d: %d monomials, kernel mod %d of dimension %d "
                     "(%.2f s)", e, len(blocks[e]), p, k, time.perf_counter() - t)
    method = "graded" if is_graded else "leading forms"
    if not is_graded and lower != upper:
        method = "filtered"
        t = time.perf_counter()
        pivots = la.block_pivots(int_fields, all_columns, gradings, p)
        full = [n_up_to[e - 1] - sum(1 for c in pivots if c < n_up_to[e - 1])
                for e in range(1, degree + 1)]
        upper = [min(a, b) for a, b in zip(upper, full)]
        logger.debug("filtered system on %d monomials (%.2f s)", len(all_columns),
                     time.perf_counter() - t)

    if lower == upper and not basis:
        seconds = time.perf_counter() - start
        return PolynomialInvariants(
            model, loss, notion, degree, lower, upper, lower, lower, [], None,
            method, p, seconds,
        )

    # exact basis over QQ, exact dimensions, extra invariants
    kernel_polys = []
    dimensions = []
    if is_graded:
        for e in range(1, degree + 1):
            vectors = la.block_exact_kernel(int_fields, blocks[e], gradings)
            kernel_polys.extend(_vectors_to_polynomials(R, vectors, blocks[e]))
            dimensions.append((dimensions[-1] if dimensions else 0) + len(vectors))
    else:
        vectors = la.block_exact_kernel(int_fields, all_columns, gradings)
        kernel_polys = _vectors_to_polynomials(R, vectors, all_columns)
        for e in range(1, degree + 1):
            dimensions.append(sum(1 for v in vectors if max(v) < n_up_to[e - 1]))
    known_dimensions = []
    for e in range(1, degree + 1):
        polys = [f for d, f in products if d <= e]
        if polys:
            index = {m: j for j, m in enumerate(all_columns[:n_up_to[e - 1]])}
            entries = _polynomial_vectors(polys, index)
            A = matrix(QQ, len(polys), n_up_to[e - 1], entries, sparse=False)
            known_dimensions.append(A.rank())
        else:
            known_dimensions.append(0)
    extras = []
    if dimensions != known_dimensions:
        polys = [f for d, f in products]
        polys = [f - f.constant_coefficient() for f in polys]
        extras = _complement(R, kernel_polys, polys, all_columns)
        if not known_graded and known:
            extras = [f for f in extras if subalgebra_membership(f, known) is None]
            if not extras:
                known_dimensions = list(dimensions)
    seconds = time.perf_counter() - start
    return PolynomialInvariants(
        model, loss, notion, degree, lower, upper, dimensions, known_dimensions,
        extras, [_normalise(f) for f in kernel_polys], method, p, seconds,
    )


# ---------------------------------------------------------------------------
# Gröbner bases: elimination, relations, membership
# ---------------------------------------------------------------------------


def _run_with_timeout(function, timeout, what):
    """Run ``function()`` (returning picklable data) in a forked process and
    return its value, or raise :class:`ComputationTimeout`."""
    if timeout is None:
        return function()
    if isinstance(timeout, bool) or not isinstance(timeout, (numbers.Real, Element)):
        raise TypeError(f"timeout: expected a number of seconds, got {timeout!r}")
    timeout = float(timeout)
    if not timeout > 0:
        raise ValueError(f"timeout: must be positive, got {timeout}")
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)

    def target():
        try:
            sender.send(("ok", function()))
        except BaseException as error:  # reported to the parent process
            sender.send(("error", f"{type(error).__name__}: {error}"))
        finally:
            sender.close()

    process = context.Process(target=target, daemon=True)
    process.start()
    sender.close()
    try:
        if not receiver.poll(timeout):
            raise ComputationTimeout(
                f"{what}: no result within {timeout:g} s; the Gröbner basis "
                "computation was stopped (raise timeout= or simplify the input)"
            )
        try:
            status, value = receiver.recv()
        except EOFError:
            process.join()
            raise RuntimeError(
                f"{what}: the computation stopped without an answer "
                f"(exit code {process.exitcode})"
            ) from None
    finally:
        receiver.close()
        if process.is_alive():
            process.terminate()
            process.join(2)
            if process.is_alive():
                process.kill()
        process.join()
    if status == "error":
        raise RuntimeError(f"{what}: {value}")
    return value


def _resolve_variables(R, variables, name):
    gens = R.gens()
    result = []
    for v in variables:
        if isinstance(v, str):
            matches = [x for x in gens if str(x) == v]
            if not matches:
                raise ValueError(f"{name}: {v!r} is not a variable of {R}")
            result.append(matches[0])
            continue
        try:
            x = R(v)
        except (TypeError, ValueError):
            raise ValueError(f"{name}: {v} is not a variable of {R}") from None
        if x not in gens:
            raise ValueError(f"{name}: {v} is not a variable of {R}")
        result.append(x)
    return result


def elimination_ideal(generators, variables_to_eliminate, timeout=None):
    r"""
    Return the elimination ideal ``<generators> ∩ QQ[remaining variables]``.

    Singular computes it (through Sage's ``elimination_ideal``).

    INPUT:

    - ``generators`` -- polynomials in one ring over ``QQ`` (or an ideal)
    - ``variables_to_eliminate`` -- variables of that ring (or their names)
    - ``timeout`` -- (optional) seconds; the computation then runs in a
      forked process that is stopped at the limit, and
      :class:`ComputationTimeout` is raised

    OUTPUT: an ideal of the polynomial ring (degrevlex) in the remaining
    variables

    EXAMPLES:

    Implicitising ``x = a c``, ``y = a c d``, ``z = a c^2 + b``,
    ``w = a c^2 d + b d``::

        sage: from tropnet.invariants import elimination_ideal
        sage: R.<a, b, c, d, x, y, z, w> = QQ[]
        sage: gens = [x - a*c, y - a*c*d, z - a*c^2 - b, w - a*c^2*d - b*d]
        sage: elimination_ideal(gens, [a, b, c, d])
        Ideal (y*z - x*w) of Multivariate Polynomial Ring in x, y, z, w over
        Rational Field
        sage: elimination_ideal(gens, ["a", "b", "c", "d"], timeout=30)
        Ideal (y*z - x*w) of Multivariate Polynomial Ring in x, y, z, w over
        Rational Field

    TESTS::

        sage: elimination_ideal(gens, [a, x + y])
        Traceback (most recent call last):
        ...
        ValueError: variables_to_eliminate: x + y is not a variable of
        Multivariate Polynomial Ring in a, b, c, d, x, y, z, w over Rational Field
        sage: elimination_ideal(gens, R.gens())
        Traceback (most recent call last):
        ...
        ValueError: variables_to_eliminate: no variable would remain
        sage: elimination_ideal(gens, [a], timeout=-1)
        Traceback (most recent call last):
        ...
        ValueError: timeout: must be positive, got -1.0
    """
    if hasattr(generators, "gens") and hasattr(generators, "ring"):
        generators = generators.gens()
    R, gens = _common_ring(generators, "generators")
    if not hasattr(R, "term_order"):
        R = _as_parameter_ring(R)
        gens = [R(f) for f in gens]
    eliminated = _resolve_variables(R, variables_to_eliminate, "variables_to_eliminate")
    remaining = [x for x in R.gens() if x not in eliminated]
    if not remaining:
        raise ValueError("variables_to_eliminate: no variable would remain")
    S = PolynomialRing(R.base_ring(), len(remaining), [str(x) for x in remaining],
                       order="degrevlex")

    def compute():
        J = R.ideal(gens).elimination_ideal(eliminated)
        return [str(f) for f in J.gens()]

    start = time.perf_counter()
    strings = _run_with_timeout(compute, timeout, "elimination_ideal")
    logger.debug("elimination ideal (%.2f s)", time.perf_counter() - start)
    return S.ideal([S(s) for s in strings])


def _extended_ring(R, k, names):
    _check_ring_size(len(R.gens()) + k, "generators")
    existing = set(R.variable_names())
    base = names
    while any(f"{base}{i}" in existing for i in range(k)):
        base += "_"
    new_names = list(R.variable_names()) + [f"{base}{i}" for i in range(k)]
    order = TermOrder("degrevlex", len(R.gens())) + TermOrder("degrevlex", k)
    S = PolynomialRing(QQ, len(new_names), new_names, order=order)
    Z = PolynomialRing(QQ, k, [f"{base}{i}" for i in range(k)], order="degrevlex")
    return S, Z


def algebraic_relations(polynomials, names="z", timeout=None):
    r"""
    Return the ideal of algebraic relations among ``polynomials``:
    ``<z_i - q_i(theta)> ∩ QQ[z]``, by elimination (Singular).

    INPUT:

    - ``polynomials`` -- polynomials ``q_0, q_1, ...`` in one ring
    - ``names`` -- prefix of the new variables
    - ``timeout`` -- (optional) seconds, as in :func:`elimination_ideal`

    OUTPUT: an ideal of ``QQ[z0, z1, ...]``

    EXAMPLES:

    The balancedness entries of widths ``(1, 2, 1)`` are algebraically
    independent; with the extra law ``h`` they satisfy
    ``h^2 = z1^2 - z0*z2``::

        sage: from tropnet.invariants import LinearNetwork, algebraic_relations
        sage: N = LinearNetwork((1, 2, 1))
        sage: q = list(N.known_invariants())
        sage: algebraic_relations(q)
        Ideal (0) of Multivariate Polynomial Ring in z0, z1, z2 over Rational Field
        sage: a11, a21, b11, b12 = N.parameters()
        sage: algebraic_relations(q + [a11*b12 - a21*b11])
        Ideal (z1^2 - z0*z2 - z3^2) of Multivariate Polynomial Ring in z0, z1,
        z2, z3 over Rational Field
    """
    R, polys = _common_ring(polynomials, "polynomials")
    if not hasattr(R, "term_order"):
        R = _as_parameter_ring(R)
        polys = [R(f) for f in polys]
    S, Z = _extended_ring(R, len(polys), names)
    theta = S.gens()[:len(R.gens())]
    z = S.gens()[len(R.gens()):]
    gens = [zi - q(*theta) for zi, q in zip(z, polys)]
    J = elimination_ideal(gens, list(theta), timeout=timeout)
    return Z.ideal([Z(str(f)) for f in J.gens()])


def subalgebra_membership(f, generators, names="z", timeout=None):
    r"""
    Return a polynomial ``P`` with ``f = P(generators)``, or ``None`` if
    ``f`` is not in the algebra generated by ``generators``.

    ALGORITHM:

    Normal form of ``f`` modulo a Gröbner basis of ``<z_i - q_i(theta)>``
    for a block order eliminating ``theta``: ``f`` lies in ``QQ[q]`` exactly
    when the normal form involves only ``z``.  The returned ``P`` is checked
    by substitution.

    INPUT:

    - ``f`` -- a polynomial
    - ``generators`` -- polynomials ``q_0, q_1, ...`` in the ring of ``f``
    - ``names`` -- prefix of the variables of ``P``
    - ``timeout`` -- (optional) seconds, as in :func:`elimination_ideal`

    OUTPUT: a polynomial in ``QQ[z0, z1, ...]`` or ``None``

    EXAMPLES::

        sage: from tropnet.invariants import subalgebra_membership
        sage: R.<x, y> = QQ[]
        sage: subalgebra_membership(x^4 + 2*x^2*y^2 + y^4 + 1, [x^2 + y^2])
        z0^2 + 1
        sage: subalgebra_membership(x^2, [x^2 + y^2]) is None
        True
    """
    R, polys = _common_ring(list(generators) + [f], "generators")
    f = polys.pop()
    if not hasattr(R, "term_order"):
        R = _as_parameter_ring(R)
        polys = [R(q) for q in polys]
        f = R(f)
    S, Z = _extended_ring(R, len(polys), names)
    theta = S.gens()[:len(R.gens())]
    z = S.gens()[len(R.gens()):]
    J = S.ideal([zi - q(*theta) for zi, q in zip(z, polys)])
    target = f(*theta)

    def compute():
        return str(target.reduce(J.groebner_basis()))

    remainder = S(_run_with_timeout(compute, timeout, "subalgebra_membership"))
    if any(x in theta for x in remainder.variables()):
        return None
    P = Z(str(remainder))
    if P(*polys) != f:
        raise ArithmeticError(f"subalgebra_membership: the certificate {P} fails")
    return P


# ---------------------------------------------------------------------------
# Invariants of one trajectory
# ---------------------------------------------------------------------------


def _field_mod_p(field, p):
    """Reduce a field with rational coefficients modulo ``p``."""
    result = []
    for f in field:
        component = {}
        for e, c in la.polynomial_exponents(f).items():
            if c.denominator() % p == 0:
                raise ZeroDivisionError(p)
            r = int(c.numerator() * pow(int(c.denominator()), -1, p)) % p
            if r:
                component[e] = r
        result.append(component)
    return result


def _rational_mod_p(values, p):
    result = []
    for v in values:
        v = QQ(v)
        if v.denominator() % p == 0:
            raise ZeroDivisionError(p)
        result.append(int(v.numerator() * pow(int(v.denominator()), -1, p)) % p)
    return result


def _monomial_plan(exponents, n):
    """Order monomials so that each one of degree >= 2 is a product of an
    earlier one and a variable.  Return (list of exponents, parent index,
    variable index, degree levels)."""
    needed = set()
    stack = [tuple(e) for e in exponents]
    while stack:
        e = stack.pop()
        if e in needed:
            continue
        needed.add(e)
        if sum(e) >= 2:
            j = max(i for i, a in enumerate(e) if a)
            parent = list(e)
            parent[j] -= 1
            stack.append(tuple(parent))
    ordered = sorted(needed, key=lambda e: (sum(e), e[::-1]))
    index = {e: i for i, e in enumerate(ordered)}
    parents, variables = [], []
    for e in ordered:
        if sum(e) >= 2:
            j = max(i for i, a in enumerate(e) if a)
            parent = list(e)
            parent[j] -= 1
            parents.append(index[tuple(parent)])
            variables.append(j)
        else:
            parents.append(-1)
            variables.append(-1)
    return ordered, index, np.array(parents), np.array(variables)


def taylor_series_mod_p(field, point, n_terms, p):
    r"""
    Return the first ``n_terms`` Taylor coefficients modulo ``p`` of the
    solution of ``theta' = field(theta)``, ``theta(0) = point``.

    The coefficients satisfy ``(k + 1) c_{k+1} = [t^k] field(theta(t))``;
    they are computed one at a time, products of series being convolutions
    modulo ``p``.  This needs ``p > n_terms`` and the denominators of the
    field and the point prime to ``p``.

    INPUT:

    - ``field`` -- polynomials over ``QQ``, one per variable
    - ``point`` -- rationals, one per variable
    - ``n_terms`` -- number of coefficients
    - ``p`` -- a prime below 46341

    OUTPUT: a NumPy array of shape ``(n_variables, n_terms)``

    EXAMPLES:

    ``x' = x`` from ``x(0) = 1`` is ``exp(t) = 1 + t + t^2/2 + ...``::

        sage: from tropnet.invariants import taylor_series_mod_p
        sage: R.<x, y> = QQ[]
        sage: S = taylor_series_mod_p([x, -y^2], [1, 1], 4, 101)
        sage: [int(c) for c in S[0]], [int(c) for c in S[1]]
        ([1, 1, 51, 17], [1, 100, 1, 100])

    (``1/2 = 51`` and ``1/6 = 17`` modulo 101; ``y = 1/(1 + t)``.)

    TESTS::

        sage: taylor_series_mod_p([x, -y^2], [1, 1], "4", 101)
        Traceback (most recent call last):
        ...
        TypeError: n_terms: expected an integer, got '4'
        sage: taylor_series_mod_p([x, -y^2], [1, 1], 4, 100)
        Traceback (most recent call last):
        ...
        ValueError: p: 100 is not a prime below 46341
    """
    n_terms = _as_count(n_terms, "n_terms")
    if isinstance(p, bool) or not isinstance(p, (numbers.Integral, Integer)):
        raise TypeError(f"p: expected an integer, got {p!r}")
    if not la.is_small_prime(p):
        raise ValueError(f"p: {p} is not a prime below {la.SPARSE_PRIME_BOUND}")
    p = int(p)
    if n_terms >= p:
        raise ValueError(
            f"n_terms: {n_terms} Taylor coefficients need a prime above it"
        )
    components = _field_mod_p(field, p)
    n = len(components)
    exponents = {e for c in components for e in c}
    exponents |= {tuple(1 if i == j else 0 for i in range(n)) for j in range(n)}
    ordered, index, parents, variables = _monomial_plan(exponents, n)
    C = np.zeros((n, len(ordered)), dtype=np.int64)
    for i, component in enumerate(components):
        for e, c in component.items():
            C[i, index[e]] = c
    var_rows = np.array([index[tuple(1 if i == j else 0 for i in range(n))]
                         for j in range(n)])
    S = np.zeros((len(ordered), n_terms), dtype=np.int64)
    if (0,) * n in index:
        S[index[(0,) * n], 0] = 1
    degrees = np.array([sum(e) for e in ordered])
    levels = [np.flatnonzero(degrees == d) for d in range(2, int(degrees.max()) + 1)]
    theta = np.zeros((n, n_terms), dtype=np.int64)
    theta[:, 0] = _rational_mod_p(point, p)
    for k in range(n_terms):
        S[var_rows, k] = theta[:, k]
        for level in levels:
            if not len(level):
                continue
            P = parents[level]
            V = var_rows[variables[level]]
            S[level, k] = (S[P, :k + 1] * S[V, k::-1]).sum(axis=1) % p
        if k + 1 < n_terms:
            Fk = (C @ S[:, k]) % p
            theta[:, k + 1] = (Fk * pow(k + 1, -1, p)) % p
    return theta


class TrajectoryInvariants:
    r"""
    Bounds on the ideal of one gradient-flow trajectory, degree by degree.

    Entry ``e - 1`` of each tuple is about the polynomials of degree at most
    ``e`` that vanish on the trajectory (a vector space):

    - ``known_lower`` -- the dimension of ``<q - q(theta_0)>`` in degree at
      most ``e`` for the known first integrals ``q`` (exact: monomials of
      degree ``<= e`` in the leading ideal of a degrevlex Gröbner basis);
    - ``lower`` -- the same for the larger ideal generated with the
      certified ``extra_invariants`` (equal to ``known_lower`` if there are
      none);
    - ``upper`` -- the kernel modulo ``prime`` of the Taylor coefficients of
      the monomials along the trajectory (``n_terms`` terms): a rational
      polynomial vanishing on the trajectory has zero Taylor series, so its
      reduction lies in that kernel;
    - ``is_complete`` -- per degree, whether ``known_lower == upper``: then
      the trajectory's ideal is generated by the ``q - q(theta_0)`` in that
      degree;
    - ``extra_invariants`` -- invariants of the trajectory outside
      ``<q - q(theta_0)>``, certified: the ideal they generate with the
      ``q - q(theta_0)`` is mapped into itself by the Lie derivative along
      the flow and its generators vanish at ``theta_0``, so every element
      has all derivatives zero at ``theta_0`` and vanishes on the
      (analytic) trajectory.

    EXAMPLES::

        sage: from tropnet.invariants import LinearNetwork, trajectory_invariants
        sage: T = trajectory_invariants(LinearNetwork((1, 1, 1)), (2, 1), 3,
        ....:                           data=([[1]], [[3]]))
        sage: T.lower, T.upper, T.is_complete
        ((0, 1, 3), (0, 1, 3), (True, True, True))
    """

    def __init__(self, model, point, degree, known_lower, lower, upper, extras,
                 prime, n_terms, seconds):
        self.model = model
        self.point = point
        self.degree = degree
        self.known_lower = tuple(known_lower)
        self.lower = tuple(lower)
        self.upper = tuple(upper)
        self.is_complete = tuple(a == b for a, b in zip(known_lower, upper))
        self.is_certified = tuple(a == b for a, b in zip(lower, upper))
        self.extra_invariants = extras
        self.prime = prime
        self.n_terms = n_terms
        self.seconds = seconds

    def __repr__(self):
        extra = f", {len(self.extra_invariants)} extra" if self.extra_invariants else ""
        return (
            f"Invariants of the trajectory from {self.point} of {self.model}, degree "
            f"<= {self.degree}: lower {self.lower}, upper {self.upper}{extra}"
        )

    def as_dict(self):
        r"""
        Return the result as a dictionary of plain Python values.

        EXAMPLES::

            sage: from tropnet.invariants import LinearNetwork, trajectory_invariants
            sage: T = trajectory_invariants(LinearNetwork((1, 1, 1)), (2, 1), 2,
            ....:                           data=([[1]], [[3]]))
            sage: T.as_dict()["is_complete"]
            [True, True]
        """
        return {
            "model": str(self.model),
            "point": [str(v) for v in self.point],
            "degree": self.degree,
            "known_lower": list(self.known_lower),
            "lower": list(self.lower),
            "upper": list(self.upper),
            "is_complete": list(self.is_complete),
            "is_certified": list(self.is_certified),
            "extra_invariants": [str(f) for f in self.extra_invariants],
            "prime": self.prime,
            "n_terms": self.n_terms,
            "seconds": self.seconds,
        }


def _count_in_leading_ideal(leading, n, degree):
    """Number of monomials of degree <= e in the monomial ideal generated by
    ``leading`` (exponent tuples), for e = 0..degree."""
    counts = []
    total = 0
    for e in range(degree + 1):
        for m in la.monomials_of_degree(n, e):
            if any(all(a >= b for a, b in zip(m, g)) for g in leading):
                total += 1
        counts.append(total)
    return counts


def _ideal_dimensions(R, generators, degree):
    """Dimensions of ``<generators>`` in degree <= e, e = 1..degree (exact,
    from the leading ideal of a degrevlex Gröbner basis)."""
    generators = [g for g in generators if g]
    if not generators:
        return [0] * degree
    G = R.ideal(generators).groebner_basis()
    leading = [tuple(g.lm().exponents()[0]) for g in G]
    return _count_in_leading_ideal(leading, len(R.gens()), degree)[1:]


def _prime_for(p, denominators, minimum):
    candidates = [p] if p is not None else la.primes_below(la.SPARSE_PRIME_BOUND, 50)
    for q in candidates:
        if q > minimum and all(d % q for d in denominators):
            return q
    raise ValueError(
        f"prime: {p} is too small (need > {minimum}) or divides a denominator"
    )


def _taylor_matrix(F, point, columns, n_terms, p):
    """Taylor coefficients modulo p of the monomials ``columns`` along the
    trajectory: an array of shape (n_terms, len(columns))."""
    n = len(point)
    theta = taylor_series_mod_p(F, point, n_terms, p)
    _, index, parents, variables = _monomial_plan(columns, n)
    ordered = sorted(index, key=index.get)
    S = np.zeros((len(ordered), n_terms), dtype=np.int64)
    degrees = np.array([sum(e) for e in ordered])
    if (0,) * n in index:
        S[index[(0,) * n], 0] = 1
    for j in range(n):
        e = tuple(1 if i == j else 0 for i in range(n))
        if e in index:
            S[index[e]] = theta[j]
    for d in range(2, int(degrees.max()) + 1):
        level = np.flatnonzero(degrees == d)
        P = parents[level]
        V = variables[level]
        for k in range(n_terms):
            S[level, k] = (S[P, :k + 1] * theta[V, k::-1]).sum(axis=1) % p
    return np.stack([S[index[m]] for m in columns], axis=1)


def invariant_ideal_closure(generators, field, point, max_rounds=8):
    r"""
    Return a Gröbner basis of the smallest ideal containing ``generators``
    and mapped into itself by the Lie derivative along ``field``, provided
    all its elements vanish at ``point``; otherwise ``None``.

    Such an ideal consists of invariants of the trajectory of ``field``
    from ``point``: every element ``g`` has ``L^k g`` in the ideal, hence
    zero at ``point``, for every ``k``, so the analytic function
    ``g(theta(t))`` has zero Taylor series.

    INPUT:

    - ``generators`` -- polynomials in one ring
    - ``field`` -- polynomials, one per variable
    - ``point`` -- rationals, one per variable
    - ``max_rounds`` -- how many times to add derivatives before giving up
      (then ``None``)

    OUTPUT: a list of polynomials (a Gröbner basis) or ``None``

    EXAMPLES:

    Rotation ``(x, y)' = (-y, x)`` from ``(1, 0)`` stays on the circle and
    the trajectory of ``(x, y, z)' = (-y, x, 0)`` on the plane ``z = 0``::

        sage: from tropnet.invariants import invariant_ideal_closure
        sage: R.<x, y, z> = QQ[]
        sage: invariant_ideal_closure([x^2 + y^2 - 1, z], (-y, x, 0), (1, 0, 0))
        [x^2 + y^2 - 1, z]
        sage: invariant_ideal_closure([x - 1], (-y, x, 0), (1, 0, 0)) is None
        True
    """
    max_rounds = _as_count(max_rounds, "max_rounds")
    R, generators = _common_ring(generators, "generators")
    field = [_exact_in_ring(f, R, f"field: component {i} ({f})")
             for i, f in enumerate(field)]
    point = [_exact_number(v, f"point[{i}]") for i, v in enumerate(point)]
    generators = [g for g in generators if g]
    for _ in range(max_rounds):
        if any(g(*point) for g in generators):
            return None
        G = list(R.ideal(generators).groebner_basis())
        new = []
        for h in G:
            r = lie_derivative(h, field).reduce(G)
            if r:
                new.append(r)
        if not new:
            return G
        generators = G + new
    return None


def _trajectory_extras(R, base, F, point, columns, upper, modular, denominators,
                       n_terms, degree):
    """Lift the Taylor kernel to rational candidates and certify as many as
    possible; return (extra invariants, lower bound)."""
    lifted, previous = None, None
    used = {p for p, _, _ in modular}
    for q in la.primes_below(la.SPARSE_PRIME_BOUND, 40):
        if len(modular) >= 8:
            break
        if q in used or q <= n_terms or any(d % q == 0 for d in denominators):
            continue
        A = _taylor_matrix(F, point, columns, n_terms, q)
        pivots, rows = la.dense_rref_mod_p(A, q)
        modular.append((q, pivots, la.kernel_mod_p(pivots, rows, len(columns), q)))
        lifted = la.lift_kernels(modular)
        if lifted is not None and lifted == previous:
            break
        previous = lifted
    known = _ideal_dimensions(R, base, degree)
    if lifted is None:
        return [], known
    candidates = [R({columns[c]: a for c, a in v.items()}) for v in lifted]
    best, lower = base, known
    for e in range(1, degree + 1):
        if lower[e - 1] == upper[e - 1]:
            continue
        C = [g for g in candidates if g.degree() <= e]
        closure = invariant_ideal_closure(best + C, F, point)
        if closure is None:
            break
        dims = _ideal_dimensions(R, closure, degree)
        if any(a > b for a, b in zip(dims, upper)):
            raise ArithmeticError(
                "trajectory_invariants: certified ideal above the bound"
            )
        best, lower = closure, dims
        if lower == upper:
            break
    if best is base:
        return [], known
    extras = []
    if base:
        G = R.ideal(base).groebner_basis()
        extras = [g for g in best if g.reduce(G)]
    else:
        extras = list(best)
    return [_normalise(g) for g in extras], lower


def trajectory_invariants(model, initial_point, degree, loss="square", data=None,
                          invariants=None, prime=None, n_terms=None, certify=True,
                          max_monomials=None):
    r"""
    Return bounds on the invariants of one trajectory, ``g(theta(t)) = 0``,
    degree by degree.

    The known first integrals ``q`` give the invariants ``q - q(theta_0)``;
    the Hilbert function of the ideal they generate is the lower bound.  The
    Taylor series of the trajectory modulo a prime gives the upper bound
    (see :class:`TrajectoryInvariants`).  Equal bounds prove that the
    trajectory has no other invariant of that degree.  When they differ
    (and ``certify`` is true) the modular kernel is lifted to rational
    candidates, which are certified with :func:`invariant_ideal_closure`
    and raise the lower bound.  (Eliminating ``t`` from a truncated Taylor
    polynomial would implicitise an approximation, not the trajectory; it
    is not used.)

    INPUT:

    - ``model`` -- a :class:`PolynomialModel`
    - ``initial_point`` -- rationals, one per parameter
    - ``degree`` -- the degree bound, ``>= 1``
    - ``loss``, ``data`` -- one loss, as in :func:`as_loss`
    - ``invariants`` -- (optional) first integrals to use instead of the
      known invariants (each checked symbolically)
    - ``prime`` -- (optional) a prime below 46341, above ``n_terms``
    - ``n_terms`` -- (optional) number of Taylor coefficients (default: the
      number of monomials of degree at most ``degree``, plus 8)
    - ``certify`` -- whether to look for certified extra invariants when the
      bounds differ
    - ``max_monomials`` -- (optional) the largest number ``C(D + d, d)`` of
      monomials of degree at most ``d`` in ``D`` parameters accepted
      (default :data:`MAX_DENSE_MONOMIALS`); the dense Taylor matrix has
      ``n_terms`` rows, at most ``max_monomials + 8``

    OUTPUT: a :class:`TrajectoryInvariants`

    EXAMPLES::

        sage: from tropnet.invariants import LinearNetwork, trajectory_invariants
        sage: N = LinearNetwork((2, 2, 2))
        sage: data = ([[1, 2, 0], [0, 1, 3]], [[1, 0, 1], [2, 1, 1]])
        sage: T = trajectory_invariants(N, (1, 2, 0, 1, 1, -1, 2, 1), 2,
        ....:                           data=data)
        sage: T.lower, T.upper
        ((0, 3), (0, 3))

    For widths ``(1, 2, 1)`` the flow is ``theta' = -r(theta) J theta`` with
    ``J`` swapping ``a`` and ``b``: each trajectory stays in the plane
    spanned by ``theta_0`` and ``J theta_0``, which gives two linear
    invariants beyond the balancedness::

        sage: T = trajectory_invariants(LinearNetwork((1, 2, 1)), (1, 2, 3, -1), 2,
        ....:                           data=([[1, 2]], [[1, 0]]))
        sage: T.known_lower, T.lower, T.upper, T.is_complete
        ((0, 5), (2, 10), (2, 10), (False, False))
        sage: T.extra_invariants
        [7*a11 - 5*b11 - 8*b12, 7*a21 - 3*b11 + 5*b12]
        sage: [[g(*v) for v in [(1, 2, 3, -1), (3, -1, 1, 2)]]
        ....:  for g in T.extra_invariants]
        [[0, 0], [0, 0]]

    TESTS::

        sage: trajectory_invariants(N, (1, 2), 2, data=data)
        Traceback (most recent call last):
        ...
        ValueError: initial_point has 2 coordinates, but the model has 8
        sage: trajectory_invariants(N, (1,) * 8, 2, loss="all")
        Traceback (most recent call last):
        ...
        ValueError: loss: a trajectory needs one loss, not 'all losses and data'
        sage: trajectory_invariants(N, (1,) * 8, 2, data=data, n_terms="9")
        Traceback (most recent call last):
        ...
        TypeError: n_terms: expected an integer, got '9'
        sage: trajectory_invariants(N, (1,) * 8, 6, data=data)
        Traceback (most recent call last):
        ...
        ComputationTooLarge: degree: the number of monomials of degree at most
        6 in 8 parameters is 3003, more than the limit of 3000; lower the
        degree (or raise max_monomials)
    """
    _check_model(model)
    degree = _as_degree(degree)
    loss = as_loss(loss, data)
    if isinstance(loss, AllLosses):
        raise ValueError("loss: a trajectory needs one loss, not 'all losses and data'")
    limit = _as_limit(max_monomials, MAX_DENSE_MONOMIALS, "max_monomials")
    n_terms = _as_count(n_terms, "n_terms", allow_none=True)
    n = model.n_parameters()
    size = math.comb(n + degree, degree)
    _check_size(size, limit, "degree",
                f"the number of monomials of degree at most {degree} in {n} parameters",
                "lower the degree (or raise max_monomials)")
    if n_terms is not None:
        _check_size(n_terms, limit + 8, "n_terms", "the number of Taylor coefficients",
                    "ask for fewer (or raise max_monomials)")
    point = _as_point(initial_point, model.n_parameters(), "initial_point")
    start = time.perf_counter()
    R = model.ring()
    n = model.n_parameters()
    F = model.gradient_vector_field(loss)
    if invariants is None:
        known = list(model.known_invariants())
    else:
        known = [_exact_in_ring(q, R, f"invariants: entry {i} ({q})")
                 for i, q in enumerate(invariants)]
    _check_invariants_of(known, [F])

    # lower bound: the ideal <q - q(theta_0)>
    base = [q - q(*point) for q in known]
    base = [g for g in base if g]
    known_lower = _ideal_dimensions(R, base, degree)

    # upper bound: Taylor coefficients modulo p
    columns = la.monomials_up_to(n, degree, start=0)
    if n_terms is None:
        n_terms = len(columns) + 8
    denominators = [int(QQ(c).denominator()) for f in F for c in f.coefficients()]
    denominators += [int(v.denominator()) for v in point]
    p = _prime_for(None if prime is None else _as_prime(prime), denominators, n_terms)
    A = _taylor_matrix(F, point, columns, n_terms, p)
    pivots, rows = la.dense_rref_mod_p(A, p)
    sizes = [sum(1 for m in columns if sum(m) <= e) for e in range(degree + 1)]
    upper = [sizes[e] - sum(1 for c in pivots if c < sizes[e])
             for e in range(1, degree + 1)]

    lower, extras = known_lower, []
    if certify and known_lower != upper:
        modular = [(p, pivots, la.kernel_mod_p(pivots, rows, len(columns), p))]
        extras, lower = _trajectory_extras(R, base, F, point, columns, upper, modular,
                                           denominators, n_terms, degree)
    seconds = time.perf_counter() - start
    return TrajectoryInvariants(model, point, degree, known_lower, lower, upper, extras,
                                p, n_terms, seconds)


# ---------------------------------------------------------------------------
# Gradient descent with a finite step
# ---------------------------------------------------------------------------


def gradient_descent_map(model, step, loss="square", data=None):
    r"""
    Return the gradient-descent map ``T(theta) = theta - step * grad L``.

    INPUT:

    - ``model`` -- a :class:`PolynomialModel`
    - ``step`` -- a non-zero rational (``"1/10"`` or ``1/10``; a float is
      read as its exact binary value)
    - ``loss``, ``data`` -- one loss, as in :func:`as_loss`

    OUTPUT: a tuple of polynomials, one per parameter

    EXAMPLES::

        sage: from tropnet.invariants import LinearNetwork, gradient_descent_map
        sage: gradient_descent_map(LinearNetwork((1, 1, 1)), "1/10",
        ....:                      data=([[1]], [[1]]))
        (-1/10*a11*b11^2 + a11 + 1/10*b11, -1/10*a11^2*b11 + 1/10*a11 + b11)

    TESTS::

        sage: gradient_descent_map(LinearNetwork((1, 1, 1)), 0, data=([[1]], [[1]]))
        Traceback (most recent call last):
        ...
        ValueError: step: the step must be a non-zero rational, got 0
        sage: gradient_descent_map(LinearNetwork((1, 1)), 0.1, data=([[1]], [[0]]))
        (32425917317067571/36028797018963968*a11,)
    """
    _check_model(model)
    eta = _exact_number(step, "step")
    if not eta:
        raise ValueError("step: the step must be a non-zero rational, got 0")
    loss = as_loss(loss, data)
    if isinstance(loss, AllLosses):
        raise ValueError(
            "loss: gradient descent needs one loss, not 'all losses and data'"
        )
    F = model.gradient_vector_field(loss)
    return tuple(x + eta * f for x, f in zip(model.parameters(), F))


def _monomial_values_mod_p(points, columns, p):
    """Values modulo p of the monomials ``columns`` at the rows of ``points``."""
    n = points.shape[1]
    _, index, parents, variables = _monomial_plan(columns, n)
    ordered = sorted(index, key=index.get)
    values = np.zeros((points.shape[0], len(ordered)), dtype=np.int64)
    for i, e in enumerate(ordered):
        d = sum(e)
        if d == 0:
            values[:, i] = 1
        elif d == 1:
            values[:, i] = points[:, e.index(1)] % p
        else:
            values[:, i] = (values[:, parents[i]] * points[:, variables[i]]) % p
    return values[:, [index[m] for m in columns]]


def _evaluate_mod_p(components, points, p):
    """Evaluate a field reduced modulo p (see :func:`_field_mod_p`) at the rows
    of ``points``."""
    exponents = sorted({e for c in components for e in c})
    if not exponents:
        return np.zeros((points.shape[0], len(components)), dtype=np.int64)
    values = _monomial_values_mod_p(points, exponents, p)
    C = np.zeros((len(exponents), len(components)), dtype=np.int64)
    index = {e: i for i, e in enumerate(exponents)}
    for j, c in enumerate(components):
        for e, v in c.items():
            C[index[e], j] = v
    result = np.zeros((points.shape[0], len(components)), dtype=np.int64)
    for i in range(len(exponents)):
        result = (result + np.outer(values[:, i], C[i])) % p
    return result


class GradientDescentInvariants:
    r"""
    The polynomial invariants ``g(T(theta)) = g(theta)`` of degree at most
    ``d`` of one gradient-descent map ``T``, modulo constants.

    Attributes (entry ``e - 1`` is about degree at most ``e``):

    - ``upper`` -- kernel dimension modulo ``prime`` of the values of
      ``m(T(x)) - m(x)`` at random points modulo ``prime``: a rational
      invariant reduces to a vector of that kernel, so this bounds the
      dimension from above
    - ``dimensions`` -- exact dimensions: candidates from the kernel of
      the same values at random rational points, each combination then
      confirmed by expanding ``g(T) - g`` symbolically
    - ``basis`` -- the confirmed invariants
    - ``certified`` -- whether ``upper == dimensions``

    EXAMPLES::

        sage: from tropnet.invariants import LinearNetwork
        sage: from tropnet.invariants import gradient_descent_invariants
        sage: G = gradient_descent_invariants(LinearNetwork((1, 1, 1)), 2, "1/10",
        ....:                                 data=([[1]], [[1]]))
        sage: G
        Gradient-descent invariants of degree <= 2, step 1/10, of Linear
        network with widths (1, 1, 1) (2 parameters): dimensions (0, 0)
        (upper bounds (0, 0))
    """

    def __init__(self, model, step, degree, upper, dimensions, basis, prime,
                 n_points, seed, seconds):
        self.model = model
        self.step = step
        self.degree = degree
        self.upper = tuple(upper)
        self.dimensions = tuple(dimensions)
        self.basis = basis
        self.certified = self.upper == self.dimensions
        self.prime = prime
        self.n_points = n_points
        self.seed = seed
        self.seconds = seconds

    def __repr__(self):
        return (
            f"Gradient-descent invariants of degree <= {self.degree}, step "
            f"{self.step}, of {self.model}: dimensions {self.dimensions} "
            f"(upper bounds {self.upper})"
        )

    def as_dict(self):
        r"""
        Return the result as a dictionary of plain Python values.

        EXAMPLES::

            sage: from tropnet.invariants import LinearNetwork
            sage: from tropnet.invariants import gradient_descent_invariants
            sage: G = gradient_descent_invariants(LinearNetwork((1, 1)), 1,
            ....:                                 "1/2", data=([[1]], [[1]]))
            sage: G.as_dict()["dimensions"]
            [0]
        """
        return {
            "model": str(self.model),
            "step": str(self.step),
            "degree": self.degree,
            "upper": list(self.upper),
            "dimensions": list(self.dimensions),
            "basis": [str(f) for f in self.basis],
            "certified": self.certified,
            "prime": self.prime,
            "n_points": self.n_points,
            "seed": self.seed,
            "seconds": self.seconds,
        }


def gradient_descent_invariants(model, degree, step, loss="square", data=None,
                                prime=None, seed=DEFAULT_SEED, n_points=None,
                                max_monomials=None):
    r"""
    Return the exact polynomial invariants of degree at most ``degree`` of
    gradient descent with a fixed step.

    Strongest polynomial invariants of polynomial maps are not computable
    in general, so the search is degree by degree: the values of
    ``m(T(x)) - m(x)`` for the monomials ``m`` at random points modulo a
    prime give a rigorous upper bound (no symbolic expansion of ``g o T``);
    candidates over ``QQ`` come from random rational points and are
    confirmed by symbolic expansion (see
    :class:`GradientDescentInvariants`).

    INPUT:

    - ``model`` -- a :class:`PolynomialModel`
    - ``degree`` -- the degree bound, ``>= 1``
    - ``step`` -- a non-zero rational
    - ``loss``, ``data`` -- one loss, as in :func:`as_loss`
    - ``prime`` -- (optional) a prime below 46341
    - ``seed`` -- seed of the random points
    - ``n_points`` -- (optional) number of random points (default: number of
      monomials plus 16), at most ``max_monomials + 16``
    - ``max_monomials`` -- (optional) the largest number ``C(D + d, d) - 1``
      of monomials of degree 1 to ``d`` in ``D`` parameters accepted
      (default :data:`MAX_DENSE_MONOMIALS`)

    OUTPUT: a :class:`GradientDescentInvariants`

    EXAMPLES:

    The gradient-descent map of a constant loss is the identity, so every
    polynomial is invariant::

        sage: from tropnet.invariants import PolynomialModel
        sage: from tropnet.invariants import gradient_descent_invariants
        sage: R.<x, y> = QQ[]
        sage: G = gradient_descent_invariants(PolynomialModel(R, [x + y]), 2, 1,
        ....:                                 loss=lambda phi: 1)
        sage: G.dimensions, G.certified
        ((2, 5), True)

    A loss depending on ``x + y`` only moves along ``(1, 1)``, which keeps
    ``x - y``::

        sage: G = gradient_descent_invariants(PolynomialModel(R, [x + y]), 2,
        ....:                                 "1/3", loss=lambda phi: phi[0]^2)
        sage: G.dimensions, G.basis
        ((1, 2), [x - y, x^2 - 2*x*y + y^2])

    TESTS::

        sage: M = PolynomialModel(R, [x + y])
        sage: gradient_descent_invariants(M, 2, 1, loss=lambda phi: 1, seed="x")
        Traceback (most recent call last):
        ...
        TypeError: seed: expected an integer or None, got 'x'
        sage: gradient_descent_invariants(M, 2, 1, loss=lambda phi: 1, n_points=0)
        Traceback (most recent call last):
        ...
        ValueError: n_points: expected an integer >= 1, got 0
        sage: gradient_descent_invariants(M, 2, 1, loss=lambda phi: 1, n_points=10^6)
        Traceback (most recent call last):
        ...
        ComputationTooLarge: n_points: the number of random points is 1000000,
        more than the limit of 3016; use fewer (or raise max_monomials)
        sage: gradient_descent_invariants(M, 80, 1, loss=lambda phi: 1)
        Traceback (most recent call last):
        ...
        ComputationTooLarge: degree: the number of monomials of degree 1 to 80
        in 2 parameters is 3320, more than the limit of 3000; lower the degree
        (or raise max_monomials)
    """
    _check_model(model)
    degree = _as_degree(degree)
    seed = _as_seed(seed)
    limit = _as_limit(max_monomials, MAX_DENSE_MONOMIALS, "max_monomials")
    n_points = _as_count(n_points, "n_points", allow_none=True)
    n = model.n_parameters()
    _check_size(math.comb(n + degree, degree) - 1, limit, "degree",
                f"the number of monomials of degree 1 to {degree} in {n} parameters",
                "lower the degree (or raise max_monomials)")
    if n_points is not None:
        _check_size(n_points, limit + 16, "n_points", "the number of random points",
                    "use fewer (or raise max_monomials)")
    T = gradient_descent_map(model, step, loss, data)
    eta = _exact_number(step, "step")
    start = time.perf_counter()
    R = model.ring()
    columns = la.monomials_up_to(n, degree)
    sizes = [sum(1 for m in columns if sum(m) <= e) for e in range(1, degree + 1)]
    if n_points is None:
        n_points = len(columns) + 16
    rng = _rng(seed)

    # upper bound modulo p
    denominators = [int(QQ(c).denominator()) for f in T for c in f.coefficients()]
    p = _prime_for(None if prime is None else _as_prime(prime), denominators, 1)
    components = _field_mod_p(T, p)
    points = np.array([[rng.randrange(p) for _ in range(n)] for _ in range(n_points)],
                      dtype=np.int64)
    images = _evaluate_mod_p(components, points, p)
    A = (_monomial_values_mod_p(images, columns, p)
         - _monomial_values_mod_p(points, columns, p)) % p
    pivots = la.rank_profile_mod_p(A, p)
    upper = [sizes[e] - sum(1 for c in pivots if c < sizes[e]) for e in range(degree)]

    # exact candidates and symbolic confirmation
    basis = []
    if upper[-1]:
        rows = []
        for _ in range(n_points):
            x = _random_integer_point(n, rng)
            y = [f(*x) for f in T]
            rows.append([_monomial_value(m, y) - _monomial_value(m, x)
                         for m in columns])
        K = matrix(QQ, rows).right_kernel_matrix()
        candidates = [R({columns[j]: a for j, a in row.dict().items()})
                      for row in K.rows()]
        if candidates:
            defects = [g(*T) - g for g in candidates]
            monomials = sorted({tuple(e) for h in defects for e in h.exponents()})
            index = {e: j for j, e in enumerate(monomials)}
            M = matrix(QQ, len(defects), max(len(monomials), 1))
            for i, h in enumerate(defects):
                for e, c in h.dict().items():
                    M[i, index[tuple(e)]] = c
            combos = M.left_kernel_matrix()
            invariants = [sum((c * g for c, g in zip(row, candidates)), R.zero())
                          for row in combos.rows()]
            basis = _filtered_basis(R, invariants, columns)
    dimensions = [sum(1 for f in basis if f.degree() <= e)
                  for e in range(1, degree + 1)]
    seconds = time.perf_counter() - start
    return GradientDescentInvariants(
        model, eta, degree, upper, dimensions, basis, p, n_points, seed, seconds,
    )


def _monomial_value(exponent, point):
    value = QQ(1)
    for a, x in zip(exponent, point):
        if a:
            value *= x**a
    return value


def _filtered_basis(R, polynomials, columns):
    """Echelonise polynomials with the highest-degree monomials first, so that
    the basis elements of degree at most e span those of the space."""
    if not polynomials:
        return []
    order = list(reversed(columns))
    index = {e: j for j, e in enumerate(order)}
    M = matrix(QQ, len(polynomials), len(order))
    for i, f in enumerate(polynomials):
        for e, c in f.dict().items():
            M[i, index[tuple(e)]] = c
    E = M.echelon_form()
    basis = [R({order[j]: a for j, a in E.row(i).dict().items()})
             for i in range(E.rank())]
    return sorted((_normalise(f) for f in basis), key=lambda f: (f.degree(), f))


class ZeroSetVerdict:
    r"""
    Whether a gradient-descent map sends a zero set ``{q = 0}`` into itself,
    with its certificate.

    Attributes:

    - ``is_preserved`` -- the answer
    - ``certificate`` -- ``"ideal membership"`` (each ``q_i o T`` is an
      explicit combination of the ``q_j``: ``cofactors``),
      ``"radical membership"`` (a power of each ``q_i o T`` lies in the
      ideal), or ``"counterexample"`` (a rational ``point`` with ``q = 0``
      whose ``image`` has ``values = q(image)`` not all zero)
    - ``cofactors``, ``point``, ``image``, ``values``

    EXAMPLES::

        sage: from tropnet.invariants import LinearNetwork, is_balanced_set_preserved
        sage: v = is_balanced_set_preserved(LinearNetwork((1, 1, 1)), "1/10",
        ....:                               data=([[1]], [[2]]))
        sage: v
        the zero set is mapped into itself (ideal membership)
    """

    def __init__(self, is_preserved, certificate, cofactors=None, point=None,
                 image=None, values=None):
        self.is_preserved = is_preserved
        self.certificate = certificate
        self.cofactors = cofactors
        self.point = point
        self.image = image
        self.values = values

    def __repr__(self):
        verb = "is" if self.is_preserved else "is not"
        return f"the zero set {verb} mapped into itself ({self.certificate})"

    def as_dict(self):
        r"""
        Return the verdict as a dictionary of plain Python values.

        EXAMPLES::

            sage: from tropnet.invariants import LinearNetwork
            sage: from tropnet.invariants import is_balanced_set_preserved
            sage: v = is_balanced_set_preserved(LinearNetwork((1, 1, 1)), "1/10",
            ....:                               data=([[1]], [[2]]))
            sage: v.as_dict()["is_preserved"]
            True
        """
        def strings(values):
            return None if values is None else [str(v) for v in values]

        return {
            "is_preserved": self.is_preserved,
            "certificate": self.certificate,
            "point": strings(self.point),
            "image": strings(self.image),
            "values": strings(self.values),
        }


def is_zero_set_preserved(model, polynomials, step, loss="square", data=None,
                          points=()):
    r"""
    Decide exactly whether gradient descent with a fixed step maps the zero
    set ``{q = 0}`` of ``polynomials`` into itself.

    ALGORITHM:

    1. If every ``q_i o T`` lies in the ideal ``<q>`` (normal form modulo a
       Gröbner basis), the set is preserved; the cofactors are returned.
    2. Otherwise each given rational point with ``q = 0`` is tried: if
       ``q(T(point)) != 0`` it is a counterexample.
    3. Otherwise, if every ``q_i o T`` lies in the radical of ``<q>``
       (``1 in <q, 1 - y (q_i o T)>``), the set is preserved (over ``CC``,
       hence over ``RR``).

    If none of these concludes, ``ValueError`` asks for rational points of
    the zero set.

    INPUT:

    - ``model`` -- a :class:`PolynomialModel`
    - ``polynomials`` -- the polynomials ``q`` defining the set
    - ``step`` -- a non-zero rational
    - ``loss``, ``data`` -- one loss, as in :func:`as_loss`
    - ``points`` -- rational points of the zero set to try

    OUTPUT: a :class:`ZeroSetVerdict`

    EXAMPLES::

        sage: from tropnet.invariants import PolynomialModel, is_zero_set_preserved
        sage: R.<x, y> = QQ[]
        sage: M = PolynomialModel(R, [x*y])
        sage: v = is_zero_set_preserved(M, [x], "1/2", loss=lambda phi: phi[0]^2/2)
        sage: v.is_preserved, v.certificate, v.cofactors
        (True, 'ideal membership', [[-1/2*y^2 + 1]])
        sage: v = is_zero_set_preserved(M, [x - 1], "1/2", loss=lambda phi: phi[0],
        ....:                           points=[(1, 2)])
        sage: v.is_preserved, v.image, v.values
        (False, (0, 3/2), (-1,))

    With step 1 the loss ``(x - y)^2 / 2`` gives the swap
    ``T(x, y) = (y, x)``, which maps the two axes ``x y^2 = 0`` to
    themselves; ``y x^2`` is not in ``<x y^2>`` but lies in its radical::

        sage: M = PolynomialModel(R, [x - y])
        sage: v = is_zero_set_preserved(M, [x*y^2], 1, loss=lambda phi: phi[0]^2/2)
        sage: v.is_preserved, v.certificate
        (True, 'radical membership')

    TESTS::

        sage: is_zero_set_preserved(M, [x - 1], "1/2", loss=lambda phi: phi[0],
        ....:                       points=[(0, 0)])
        Traceback (most recent call last):
        ...
        ValueError: points: point 0 is not on the zero set
    """
    _check_model(model)
    T = gradient_descent_map(model, step, loss, data)
    R = model.ring()
    qs = [_exact_in_ring(q, R, f"polynomials: entry {i} ({q})")
          for i, q in enumerate(polynomials)]
    if not qs:
        raise ValueError("polynomials: the list is empty")
    ideal = R.ideal(qs)
    G = ideal.groebner_basis()
    composed = [q(*T) for q in qs]
    if all(not c.reduce(G) for c in composed):
        cofactors = [list(c.lift(ideal)) for c in composed]
        return ZeroSetVerdict(True, "ideal membership", cofactors=cofactors)
    for k, point in enumerate(points):
        point = _as_point(point, model.n_parameters(), f"points[{k}]")
        if any(q(*point) for q in qs):
            raise ValueError(f"points: point {k} is not on the zero set")
        image = tuple(f(*point) for f in T)
        values = tuple(q(*image) for q in qs)
        if any(values):
            return ZeroSetVerdict(False, "counterexample", point=point, image=image,
                                  values=values)
    names = list(R.variable_names()) + ["rabinowitsch_"]
    _check_ring_size(len(names), "model")
    S = PolynomialRing(QQ, len(names), names, order="degrevlex")
    theta, y = S.gens()[:-1], S.gens()[-1]
    base = [q(*theta) for q in qs]
    if all(S.one() in S.ideal(base + [1 - y * c(*theta)]) for c in composed):
        return ZeroSetVerdict(True, "radical membership")
    raise ValueError(
        "points: no certificate found; q o T is not in the radical of <q>, so some "
        "complex point of the zero set leaves it, but none of the given rational "
        "points does: give rational points of the zero set with points="
    )


def is_balanced_set_preserved(network, step, loss="square", data=None, n_points=20,
                              seed=DEFAULT_SEED):
    r"""
    Decide exactly whether one gradient-descent step maps the balanced set
    ``{Q_l = 0}`` of a linear network into itself.

    Uses :func:`is_zero_set_preserved` with the balancedness entries and
    ``n_points`` rational balanced points from
    :meth:`LinearNetwork.balanced_point`.

    INPUT:

    - ``network`` -- a :class:`LinearNetwork` with at least two layers
    - ``step`` -- a non-zero rational
    - ``loss``, ``data`` -- one loss, as in :func:`as_loss`
    - ``n_points``, ``seed`` -- how many balanced points to try, and their seed

    OUTPUT: a :class:`ZeroSetVerdict`

    EXAMPLES:

    For widths ``(1, 1, 1)``, ``a'^2 - b'^2 = (a^2 - b^2)(1 - eta^2 r^2)``
    with ``r = dL/dphi = sum_i (phi x_i - y_i) x_i``; here ``r = 5 a b + 1``::

        sage: from tropnet.invariants import LinearNetwork, is_balanced_set_preserved
        sage: is_balanced_set_preserved(LinearNetwork((1, 1, 1)), "1/10",
        ....:                           data=([[1, 2]], [[1, -1]])).cofactors
        [[-1/4*a11^2*b11^2 - 1/10*a11*b11 + 99/100]]

    For widths ``(2, 2, 2)`` a rational balanced point leaves the set::

        sage: data = ([[1, 2, 0], [0, 1, 3]], [[1, 0, 1], [2, 1, 1]])
        sage: v = is_balanced_set_preserved(LinearNetwork((2, 2, 2)), "1/10",
        ....:                               data=data)
        sage: v.is_preserved, v.certificate
        (False, 'counterexample')

    TESTS::

        sage: is_balanced_set_preserved(LinearNetwork((2, 2)), "1/10",
        ....:                           data=([[1], [1]], [[1], [1]]))
        Traceback (most recent call last):
        ...
        ValueError: network: widths (2, 2) have no hidden layer, so no balanced set
        sage: is_balanced_set_preserved(LinearNetwork((1, 1, 1)), "1/10",
        ....:                           data=([[1]], [[1]]), seed="x")
        Traceback (most recent call last):
        ...
        TypeError: seed: expected an integer or None, got 'x'
        sage: is_balanced_set_preserved(LinearNetwork((1, 1, 1)), "1/10",
        ....:                           data=([[1]], [[1]]), n_points=-1)
        Traceback (most recent call last):
        ...
        ValueError: n_points: expected an integer >= 0, got -1
    """
    if not isinstance(network, LinearNetwork):
        raise TypeError(f"network: expected a LinearNetwork, got {network!r}")
    n_points = _as_count(n_points, "n_points", minimum=0)
    seed = _as_seed(seed)
    if seed is None:
        seed = random.randrange(2**32)
    if network.depth() < 2:
        raise ValueError(
            f"network: widths {network.widths()} have no hidden layer, "
            "so no balanced set"
        )
    points = [network.balanced_point(seed=seed + i) for i in range(n_points)]
    return is_zero_set_preserved(network, network.known_invariants(), step, loss, data,
                                 points=points)
