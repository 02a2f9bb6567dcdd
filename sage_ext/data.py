r"""
Exact data: points and labels.

Every coordinate that enters tropnet becomes an element of ``QQ`` at once.
Accepted entries are Python integers, :class:`fractions.Fraction`,
:class:`decimal.Decimal`, Sage integers and rationals, decimal or fraction
strings such as ``"0.1"`` (exactly `1/10`) or ``"2/3"``, Python or NumPy
floats, and elements of Sage's real fields (``RR``, ``RDF``,
``RealField(prec)``, and the decimal literals such as ``0.1`` typed in a Sage
session).  A float or a real number is converted to the exact rational value
of its binary representation, so ``0.1`` becomes
`3602879701896397/36028797018963968`; pass the string ``"0.1"`` (or
``QQ("0.1")``, or ``1/10``) to mean one tenth.  Infinities and NaN are
refused, whatever their type.

EXAMPLES::

    sage: from tropnet import Dataset
    sage: D = Dataset([["0.1", 2], [1/3, "2/3"]], labels=[1, -1])
    sage: D.points
    ((1/10, 2), (1/3, 2/3))
    sage: D.labels
    (1, -1)
    sage: D.dim(), D.n_points()
    (2, 2)

Floats and Sage real numbers are read exactly, as their binary values::

    sage: from tropnet import as_rational
    sage: as_rational(0.5), as_rational(float(0.1))
    (1/2, 3602879701896397/36028797018963968)
    sage: as_rational(RR(0.1)) == as_rational(float(0.1)) == as_rational(0.1)
    True

Bad input is refused with a message naming the argument and the entry::

    sage: Dataset([[0, 1], [2]])
    Traceback (most recent call last):
    ...
    ValueError: points: point 1 has 1 coordinates, but point 0 has 2
    sage: Dataset([[0, float('nan')]])
    Traceback (most recent call last):
    ...
    ValueError: points: entry [0][1] is not finite (nan)
    sage: Dataset([[0], [1]], labels=[1, 0])
    Traceback (most recent call last):
    ...
    ValueError: labels: entry 1 is 0; labels must be +1/-1 or booleans
"""
import math
import numbers
from decimal import Decimal
from fractions import Fraction

from sage.rings.rational_field import QQ
from sage.structure.element import Element


def _real_field_value(x, name):
    # an element of RR, RDF or RealField(prec): its exact binary value, like a
    # float (QQ(x) would return the simplest rational close to x instead)
    import sage.rings.abc
    parent = x.parent()
    if not isinstance(parent, (sage.rings.abc.RealField,
                               sage.rings.abc.RealDoubleField)):
        return None
    if x.is_NaN() or x.is_infinity():
        raise ValueError(f"{name} is not finite ({float(x)})")
    if isinstance(parent, sage.rings.abc.RealDoubleField):
        value = Fraction(float(x))
        return QQ((value.numerator, value.denominator))
    return QQ(x.exact_rational())


def as_rational(x, name="value"):
    r"""
    Return ``x`` as an exact element of ``QQ``.

    INPUT:

    - ``x`` -- an integer, rational, ``Fraction``, ``Decimal``, a decimal or
      fraction string, a float (Python or NumPy), or an element of a Sage
      real field (``RR``, ``RDF``, ``RealField(prec)``, or a decimal literal
      such as ``0.1`` typed in a Sage session)
    - ``name`` -- string (default: ``"value"``); how the entry is called in
      error messages

    OUTPUT: an element of ``QQ``.  Strings and ``Decimal`` are read as the
    decimal they spell (``"0.1"`` is `1/10`); floats and Sage real numbers
    as the exact value of their binary representation (``0.1`` is
    `3602879701896397/36028797018963968`), whatever their precision.

    EXAMPLES::

        sage: from tropnet import as_rational
        sage: as_rational("0.1"), as_rational("-3/4"), as_rational(7)
        (1/10, -3/4, 7)
        sage: from fractions import Fraction
        sage: as_rational(Fraction("2/6"))
        1/3

    Real numbers of Sage are exact binary values, like floats::

        sage: as_rational(RR(0.1)) == as_rational(float(0.1))
        True
        sage: as_rational(RDF(0.1)) == as_rational(float(0.1))
        True
        sage: x = as_rational(RealField(100)(1/3)); x   # the nearest M/2^101
        845100400152152934331135470251/2535301200456458802993406410752
        sage: x == (2^101 + 1) / 3 / 2^101
        True

    TESTS::

        sage: as_rational("abc", name="points[0][0]")
        Traceback (most recent call last):
        ...
        ValueError: points[0][0] is not a number ('abc')
        sage: as_rational(float("inf"))
        Traceback (most recent call last):
        ...
        ValueError: value is not finite (inf)
        sage: as_rational(RR('inf'))
        Traceback (most recent call last):
        ...
        ValueError: value is not finite (inf)
        sage: as_rational(RDF('nan'), name="x")
        Traceback (most recent call last):
        ...
        ValueError: x is not finite (nan)
        sage: as_rational(RealField(200)('-inf'))
        Traceback (most recent call last):
        ...
        ValueError: value is not finite (-inf)
        sage: as_rational(True)
        Traceback (most recent call last):
        ...
        TypeError: value is a boolean (True), not a number
        sage: as_rational(1 + 2*I)
        Traceback (most recent call last):
        ...
        TypeError: value is not a rational number (2*I + 1)
    """
    if isinstance(x, bool):
        raise TypeError(f"{name} is a boolean ({x!r}), not a number")
    if isinstance(x, str):
        text = x.strip()
        try:
            value = Fraction(text)
        except (ValueError, ZeroDivisionError):
            if text.lower().lstrip("+-") in ("nan", "inf", "infinity"):
                raise ValueError(f"{name} is not finite ({x!r})") from None
            raise ValueError(f"{name} is not a number ({x!r})") from None
        return QQ((value.numerator, value.denominator))
    if isinstance(x, Fraction):
        return QQ((x.numerator, x.denominator))
    if isinstance(x, Decimal):
        if not x.is_finite():
            raise ValueError(f"{name} is not finite ({x})")
        value = Fraction(x)
        return QQ((value.numerator, value.denominator))
    if isinstance(x, float) or type(x).__name__ in ("float64", "float32", "float16"):
        f = float(x)
        if not math.isfinite(f):
            raise ValueError(f"{name} is not finite ({f})")
        value = Fraction(f)
        return QQ((value.numerator, value.denominator))
    if isinstance(x, numbers.Integral):
        return QQ(int(x))
    if isinstance(x, Element):
        value = _real_field_value(x, name)
        if value is not None:
            return value
        try:
            return QQ(x)
        except (TypeError, ValueError):
            raise TypeError(f"{name} is not a rational number ({x})") from None
    raise TypeError(f"{name} is not a number ({x!r} of type {type(x).__name__})")


def as_labels(labels, n_points, name="labels"):
    r"""
    Return ``labels`` as a tuple of ``+1`` / ``-1``.

    INPUT:

    - ``labels`` -- a sequence of ``+1``/``-1`` or booleans (``True`` is
      ``+1``), one per point
    - ``n_points`` -- the number of points
    - ``name`` -- string; how the argument is called in error messages

    EXAMPLES::

        sage: from tropnet import as_labels
        sage: as_labels([True, False, 1, -1], 4)
        (1, -1, 1, -1)
        sage: as_labels([1, -1], 3)
        Traceback (most recent call last):
        ...
        ValueError: labels: 2 labels given for 3 points
        sage: as_labels("+-", 2)
        Traceback (most recent call last):
        ...
        TypeError: labels: expected a sequence of +1/-1 or booleans, got a string
    """
    if isinstance(labels, str):
        raise TypeError(f"{name}: expected a sequence of +1/-1 or booleans, got a string")
    try:
        entries = list(labels)
    except TypeError:
        raise TypeError(f"{name}: expected a sequence of +1/-1 or booleans, "
                        f"got {type(labels).__name__}") from None
    if len(entries) != n_points:
        raise ValueError(f"{name}: {len(entries)} labels given for {n_points} points")
    result = []
    for i, y in enumerate(entries):
        if isinstance(y, bool) or type(y).__name__ == "bool_":
            result.append(1 if y else -1)
            continue
        try:
            ok = y in (1, -1)
        except TypeError:
            ok = False
        if not ok or isinstance(y, str):
            raise ValueError(f"{name}: entry {i} is {y!r}; labels must be +1/-1 or booleans")
        result.append(int(y))
    return tuple(result)


class Dataset:
    r"""
    Data points in `\QQ^d`, with optional labels ``+1``/``-1``.

    INPUT:

    - ``points`` -- a nonempty sequence of points, each a sequence of ``d >= 1``
      numbers (see :func:`as_rational` for what a number may be); a
      :class:`Dataset` is accepted too
    - ``labels`` -- optional sequence of ``+1``/``-1`` or booleans

    Repeated points, collinear points and points that do not affinely span
    `\RR^d` are valid data.

    EXAMPLES::

        sage: from tropnet import Dataset
        sage: D = Dataset([[0, 0], [1, 0], [1, 0]])
        sage: D.n_points(), D.n_distinct_points(), D.affine_dimension()
        (3, 2, 1)
        sage: D.homogenized()[1]
        (1, 1, 0)

    TESTS::

        sage: Dataset([])
        Traceback (most recent call last):
        ...
        ValueError: points: no points given (empty data)
        sage: Dataset([[]])
        Traceback (most recent call last):
        ...
        ValueError: points: point 0 has no coordinates
        sage: Dataset([[1, 'x']])
        Traceback (most recent call last):
        ...
        ValueError: points: entry [0][1] is not a number ('x')
        sage: Dataset(int(5))
        Traceback (most recent call last):
        ...
        TypeError: points: expected a sequence of points, got int
        sage: Dataset([[0], [1]], labels=[1])
        Traceback (most recent call last):
        ...
        ValueError: labels: 1 labels given for 2 points
    """

    def __init__(self, points, labels=None):
        if isinstance(points, Dataset):
            if labels is None:
                labels = points.labels
            points = points.points
        self.points = _as_points(points)
        self.labels = None if labels is None else as_labels(labels, len(self.points))

    def n_points(self):
        r"""
        Return the number of points (repetitions counted).

        EXAMPLES::

            sage: from tropnet import Dataset
            sage: Dataset([[0], [0], [1]]).n_points()
            3
        """
        return len(self.points)

    def dim(self):
        r"""
        Return the ambient dimension `d` of the points.

        EXAMPLES::

            sage: from tropnet import Dataset
            sage: Dataset([[0, 1, 2]]).dim()
            3
        """
        return len(self.points[0])

    def homogenized(self):
        r"""
        Return the vectors `v_i = (1, p_i)` as tuples over ``QQ``.

        EXAMPLES::

            sage: from tropnet import Dataset
            sage: Dataset([[2], [1/2]]).homogenized()
            ((1, 2), (1, 1/2))
        """
        one = QQ.one()
        return tuple((one,) + p for p in self.points)

    def distinct(self):
        r"""
        Return the distinct points and, for every point, the index of its
        class among them (first occurrence order).

        OUTPUT: a pair ``(distinct_points, index)``

        EXAMPLES::

            sage: from tropnet import Dataset
            sage: Dataset([[1], [0], [1]]).distinct()
            (((1,), (0,)), (0, 1, 0))
        """
        seen = {}
        index = []
        for p in self.points:
            index.append(seen.setdefault(p, len(seen)))
        return tuple(seen), tuple(index)

    def n_distinct_points(self):
        r"""
        Return the number of distinct points.

        EXAMPLES::

            sage: from tropnet import Dataset
            sage: Dataset([[1], [0], [1]]).n_distinct_points()
            2
        """
        return len(set(self.points))

    def affine_dimension(self):
        r"""
        Return the dimension of the affine hull of the points.

        EXAMPLES::

            sage: from tropnet import Dataset
            sage: Dataset([[0, 0], [1, 1], [2, 2]]).affine_dimension()
            1
            sage: Dataset([[5, 5]]).affine_dimension()
            0
        """
        from sage.matrix.constructor import matrix
        return matrix(QQ, self.homogenized()).rank() - 1

    def __repr__(self):
        r"""
        EXAMPLES::

            sage: from tropnet import Dataset
            sage: Dataset([[0], [1]], labels=[1, -1])
            Dataset of 2 labelled points in QQ^1
        """
        kind = "labelled points" if self.labels is not None else "points"
        return f"Dataset of {self.n_points()} {kind} in QQ^{self.dim()}"

    def __eq__(self, other):
        return (isinstance(other, Dataset) and self.points == other.points
                and self.labels == other.labels)

    def __hash__(self):
        return hash((self.points, self.labels))


def _as_points(points, name="points"):
    if isinstance(points, (str, bytes)) or not hasattr(points, "__iter__"):
        raise TypeError(f"{name}: expected a sequence of points, got {type(points).__name__}")
    rows = list(points)
    if not rows:
        raise ValueError(f"{name}: no points given (empty data)")
    result = []
    for i, row in enumerate(rows):
        if isinstance(row, (str, bytes)) or not hasattr(row, "__iter__"):
            raise TypeError(f"{name}: point {i} is not a sequence of coordinates "
                            f"({row!r})")
        coords = tuple(as_rational(x, name=f"{name}: entry [{i}][{j}]")
                       for j, x in enumerate(row))
        if not coords:
            raise ValueError(f"{name}: point {i} has no coordinates")
        if result and len(coords) != len(result[0]):
            raise ValueError(f"{name}: point {i} has {len(coords)} coordinates, "
                             f"but point 0 has {len(result[0])}")
        result.append(coords)
    return tuple(result)
