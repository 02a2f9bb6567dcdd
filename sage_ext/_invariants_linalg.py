r"""
Exact and modular linear algebra behind :mod:`tropnet.invariants`.

This internal module turns "a polynomial ``g`` with unknown coefficients is
killed by a polynomial derivation" into sparse integer linear systems, and
solves them in the two ways the invariant algorithms need:

- modulo a prime ``p < 46341`` with Sage's sparse matrices over ``GF(p)``: the
  rank modulo ``p`` of an integer matrix never exceeds its rank over ``QQ``, so
  ``ncols - rank_p`` is a rigorous upper bound on the dimension of the rational
  kernel;
- exactly over ``QQ``: the reduced echelon kernel basis is computed modulo a
  few primes, lifted by the Chinese remainder theorem and rational
  reconstruction, and every lifted vector is then checked exactly against the
  integer matrix.  Because the number of lifted vectors equals the modular
  upper bound, verified vectors form a basis of the rational kernel.  If the
  lift does not verify, Sage's exact rational kernel is used instead.

Monomials are exponent tuples.  Inside one degree they are listed in
decreasing degree-reverse-lexicographic order, the order of the polynomial
rings that tropnet builds, so that echelon pivots are leading monomials.

EXAMPLES::

    sage: from tropnet._invariants_linalg import monomials_of_degree
    sage: monomials_of_degree(2, 2)
    [(2, 0), (1, 1), (0, 2)]
    sage: from tropnet._invariants_linalg import exact_kernel
    sage: entries = {(0, 0): 1, (0, 1): 1, (1, 2): 2, (1, 3): -2}
    sage: exact_kernel(entries, 2, 4)
    [{0: -1, 1: 1}, {2: 1, 3: 1}]
"""
import itertools
import logging
import math
import operator
from collections import defaultdict

import numpy as np

from sage.matrix.constructor import matrix
from sage.rings.finite_rings.finite_field_constructor import GF
from sage.rings.integer import Integer
from sage.rings.rational_field import QQ

logger = logging.getLogger("tropnet.invariants")

#: Sage's sparse matrices modulo ``p`` multiply residues in C ``int``s, which
#: is exact only for ``p < 46341`` (``46340**2 < 2**31``).
SPARSE_PRIME_BOUND = 46341


def is_small_prime(p):
    r"""
    Return whether ``p`` is a prime below :data:`SPARSE_PRIME_BOUND`.

    INPUT:

    - ``p`` -- an integer

    OUTPUT: boolean

    EXAMPLES::

        sage: from tropnet._invariants_linalg import is_small_prime
        sage: is_small_prime(32003), is_small_prime(32001), is_small_prime(46349)
        (True, False, False)
    """
    p = int(p)
    if p < 2 or p >= SPARSE_PRIME_BOUND:
        return False
    return all(p % q for q in range(2, math.isqrt(p) + 1))


def primes_below(bound, count):
    r"""
    Return the ``count`` largest primes below ``bound``, largest first.

    INPUT:

    - ``bound`` -- an integer at most :data:`SPARSE_PRIME_BOUND`
    - ``count`` -- a positive integer

    OUTPUT: list of Python integers

    EXAMPLES::

        sage: from tropnet._invariants_linalg import primes_below
        sage: primes_below(46341, 3)
        [46337, 46327, 46309]
    """
    found = []
    n = int(bound) - 1
    while len(found) < count and n > 1:
        if is_small_prime(n):
            found.append(n)
        n -= 1
    if len(found) < count:
        raise ValueError(f"there are fewer than {count} primes below {bound}")
    return found


def monomials_of_degree(n, e):
    r"""
    Return the exponent tuples of the monomials of degree ``e`` in ``n``
    variables, in decreasing degree-reverse-lexicographic order.

    INPUT:

    - ``n`` -- number of variables
    - ``e`` -- degree (a non-negative integer)

    OUTPUT: list of tuples of length ``n``

    EXAMPLES::

        sage: from tropnet._invariants_linalg import monomials_of_degree
        sage: monomials_of_degree(3, 1)
        [(1, 0, 0), (0, 1, 0), (0, 0, 1)]
        sage: len(monomials_of_degree(8, 8))
        6435
    """
    result = []
    for combination in itertools.combinations_with_replacement(range(n), e):
        exponent = [0] * n
        for i in combination:
            exponent[i] += 1
        result.append(tuple(exponent))
    result.sort(key=lambda exponent: exponent[::-1])
    return result


def monomials_up_to(n, d, start=1):
    r"""
    Return the monomials of degree ``start`` to ``d`` in ``n`` variables, by
    increasing degree and, inside a degree, decreasing degrevlex order.

    INPUT:

    - ``n`` -- number of variables
    - ``d`` -- the largest degree
    - ``start`` -- the smallest degree (default: 1)

    OUTPUT: list of exponent tuples

    EXAMPLES::

        sage: from tropnet._invariants_linalg import monomials_up_to
        sage: monomials_up_to(2, 2)
        [(1, 0), (0, 1), (2, 0), (1, 1), (0, 2)]
    """
    result = []
    for e in range(start, d + 1):
        result.extend(monomials_of_degree(n, e))
    return result


def polynomial_exponents(f):
    r"""
    Return ``f`` as a dictionary ``{exponent tuple: rational coefficient}``.

    INPUT:

    - ``f`` -- a multivariate polynomial over ``QQ``

    OUTPUT: a dictionary

    EXAMPLES::

        sage: from tropnet._invariants_linalg import polynomial_exponents
        sage: R.<x, y> = QQ[]
        sage: sorted(polynomial_exponents(3/2*x^2*y - y).items())
        [((0, 1), -1), ((2, 1), 3/2)]
    """
    return {tuple(e): QQ(c) for e, c in f.dict().items()}


def integer_field(field):
    r"""
    Return a polynomial vector field with its denominators cleared.

    INPUT:

    - ``field`` -- a sequence of polynomials over ``QQ``, one per variable

    OUTPUT: a list of dictionaries ``{exponent: int}``, one per variable:
    the field multiplied by the least common multiple of its denominators
    (a non-zero constant multiple has the same first integrals)

    EXAMPLES::

        sage: from tropnet._invariants_linalg import integer_field
        sage: R.<x, y> = QQ[]
        sage: integer_field([x/2, y/3])
        [{(1, 0): 3}, {(0, 1): 2}]
    """
    components = [polynomial_exponents(f) for f in field]
    scale = 1
    for component in components:
        for c in component.values():
            scale = math.lcm(scale, int(c.denominator()))
    return [
        {e: int(c * scale) for e, c in component.items()} for component in components
    ]


def field_degrees(components):
    r"""
    Return the set of total degrees of the terms of a vector field.

    INPUT:

    - ``components`` -- a list of dictionaries ``{exponent: coefficient}``

    OUTPUT: a set of integers

    EXAMPLES::

        sage: from tropnet._invariants_linalg import field_degrees
        sage: field_degrees([{(3, 0): 1, (1, 0): 2}, {}])
        {1, 3}
    """
    return {sum(e) for component in components for e in component}


def top_degree_part(components):
    r"""
    Return the homogeneous part of highest degree of a vector field.

    INPUT:

    - ``components`` -- a list of dictionaries ``{exponent: coefficient}``

    OUTPUT: a list of dictionaries (the terms of the highest total degree)

    EXAMPLES::

        sage: from tropnet._invariants_linalg import top_degree_part
        sage: top_degree_part([{(3, 0): 1, (1, 0): 2}, {(0, 1): 5}])
        [{(3, 0): 1}, {}]
    """
    degrees = field_degrees(components)
    if not degrees:
        return [dict(component) for component in components]
    top = max(degrees)
    return [
        {e: c for e, c in component.items() if sum(e) == top}
        for component in components
    ]


def derivation_entries(fields, columns):
    r"""
    Return the sparse integer matrix of ``g -> (<grad g, F_k>)_k`` on the
    span of ``columns``.

    INPUT:

    - ``fields`` -- a list of integer vector fields (lists of dictionaries
      ``{exponent: int}``, one per variable)
    - ``columns`` -- a list of exponent tuples (the unknown coefficients)

    OUTPUT: a pair ``(entries, n_rows)``: ``entries`` maps ``(row, column)``
    to a non-zero integer; a row is a pair (field, monomial of the image)

    EXAMPLES:

    The Lie derivative of ``x*y`` along ``(x, -y)`` vanishes, that of
    ``x^2`` does not::

        sage: from tropnet._invariants_linalg import derivation_entries
        sage: field = [{(1, 0): 1}, {(0, 1): -1}]
        sage: derivation_entries([field], [(1, 1), (2, 0)])
        ({(1, 1): 2}, 2)
    """
    n = len(columns[0]) if columns else 0
    row_index = {}
    entries = defaultdict(int)
    add = operator.add
    for j, m in enumerate(columns):
        for k, field in enumerate(fields):
            for i in range(n):
                mi = m[i]
                if not mi or not field[i]:
                    continue
                base = list(m)
                base[i] -= 1
                for fe, c in field[i].items():
                    out = (k, tuple(map(add, base, fe)))
                    r = row_index.get(out)
                    if r is None:
                        r = row_index[out] = len(row_index)
                    entries[r, j] += mi * c
    return {key: v for key, v in entries.items() if v}, len(row_index)


def rref_mod_p(entries, nrows, ncols, p):
    r"""
    Return the pivots and the non-pivot entries of the reduced echelon form
    modulo ``p`` of a sparse integer matrix.

    INPUT:

    - ``entries`` -- dictionary ``{(row, column): integer}``
    - ``nrows``, ``ncols`` -- the shape
    - ``p`` -- a prime below :data:`SPARSE_PRIME_BOUND`

    OUTPUT: a pair ``(pivots, rows)``: ``pivots`` is the tuple of pivot
    columns (the lexicographically first column basis modulo ``p``) and
    ``rows[i]`` maps each non-pivot column to the entry of the ``i``-th
    pivot row

    EXAMPLES::

        sage: from tropnet._invariants_linalg import rref_mod_p
        sage: rref_mod_p({(0, 0): 2, (0, 1): 4, (1, 2): 3}, 2, 3, 7)
        ((0, 2), {0: {1: 2}})
    """
    reduced = {}
    for key, v in entries.items():
        r = v % p
        if r:
            reduced[key] = r
    M = matrix(GF(p), nrows, ncols, reduced, sparse=True)
    E = M.echelon_form()
    pivots = tuple(int(c) for c in E.pivots())
    pivot_set = set(pivots)
    rows = {}
    for (i, j), v in E.dict().items():
        if j not in pivot_set:
            rows.setdefault(int(i), {})[int(j)] = int(v)
    return pivots, rows


def kernel_mod_p(pivots, rows, ncols, p):
    r"""
    Return the reduced echelon kernel basis modulo ``p`` from
    :func:`rref_mod_p`.

    INPUT:

    - ``pivots``, ``rows`` -- the output of :func:`rref_mod_p`
    - ``ncols`` -- the number of columns
    - ``p`` -- the prime

    OUTPUT: a dictionary ``{free column: {column: residue}}``

    The vector of the free column ``f`` has entry ``1`` at ``f`` and is
    supported on ``f`` and on pivot columns left of ``f``.

    EXAMPLES::

        sage: from tropnet._invariants_linalg import kernel_mod_p, rref_mod_p
        sage: piv, rows = rref_mod_p({(0, 0): 2, (0, 1): 4, (1, 2): 3}, 2, 3, 7)
        sage: kernel_mod_p(piv, rows, 3, 7)
        {1: {0: 5, 1: 1}}
    """
    pivot_set = set(pivots)
    kernel = {f: {f: 1} for f in range(ncols) if f not in pivot_set}
    for i, row in rows.items():
        column = pivots[i]
        for f, v in row.items():
            kernel[f][column] = (-v) % p
    return kernel


def rational_reconstruction(a, m):
    r"""
    Return the rational ``n/d`` congruent to ``a`` modulo ``m`` with
    ``|n|, d <= sqrt(m/2)``, or ``None`` if there is none.

    INPUT:

    - ``a``, ``m`` -- integers, ``m > 1``

    OUTPUT: an element of ``QQ`` or ``None``

    EXAMPLES::

        sage: from tropnet._invariants_linalg import rational_reconstruction
        sage: m = 46337 * 46327
        sage: a = (-3 * pow(7, -1, m)) % m
        sage: rational_reconstruction(a, m)
        -3/7
        sage: rational_reconstruction(123456789, 46337 * 46327) is None
        True
    """
    bound = math.isqrt(m // 2)
    r0, r1 = m, a % m
    s0, s1 = 0, 1
    while r1 > bound:
        q = r0 // r1
        r0, r1 = r1, r0 - q * r1
        s0, s1 = s1, s0 - q * s1
    if s1 == 0 or abs(s1) > bound or math.gcd(r1, abs(s1)) != 1:
        return None
    if s1 < 0:
        r1, s1 = -r1, -s1
    return QQ((r1, s1))


def column_lists(entries):
    r"""
    Return the columns of a sparse matrix as lists of ``(row, value)``.

    INPUT:

    - ``entries`` -- dictionary ``{(row, column): value}``

    OUTPUT: a dictionary ``{column: list of (row, value)}``

    EXAMPLES::

        sage: from tropnet._invariants_linalg import column_lists
        sage: dict(column_lists({(0, 1): 2, (3, 1): -1}))
        {1: [(0, 2), (3, -1)]}
    """
    columns = defaultdict(list)
    for (r, c), v in entries.items():
        columns[c].append((r, v))
    return columns


def is_in_kernel(columns, vector):
    r"""
    Return whether an integer vector ``{column: int}`` lies in the kernel of
    the integer matrix given by ``columns`` (see :func:`column_lists`).

    The test is exact (Python integers).

    INPUT:

    - ``columns`` -- the output of :func:`column_lists`
    - ``vector`` -- a dictionary ``{column: integer}``

    OUTPUT: boolean

    EXAMPLES::

        sage: from tropnet._invariants_linalg import column_lists, is_in_kernel
        sage: cols = column_lists({(0, 0): 1, (0, 1): 1})
        sage: is_in_kernel(cols, {0: 1, 1: -1}), is_in_kernel(cols, {0: 1})
        (True, False)
    """
    sums = defaultdict(int)
    for c, a in vector.items():
        for r, v in columns.get(c, ()):
            sums[r] += a * v
    return not any(sums.values())


def primitive_integer_vector(vector):
    r"""
    Return a rational vector scaled to a primitive integer vector.

    INPUT:

    - ``vector`` -- a dictionary ``{column: rational}``

    OUTPUT: a dictionary ``{column: Integer}`` without zero entries

    EXAMPLES::

        sage: from tropnet._invariants_linalg import primitive_integer_vector
        sage: primitive_integer_vector({0: 1/2, 3: -3/4})
        {0: 2, 3: -3}
    """
    scale = 1
    for a in vector.values():
        scale = math.lcm(scale, int(QQ(a).denominator()))
    ints = {c: int(QQ(a) * scale) for c, a in vector.items() if a}
    g = 0
    for a in ints.values():
        g = math.gcd(g, a)
    g = g or 1
    return {c: Integer(a // g) for c, a in sorted(ints.items())}


def _sage_exact_kernel(entries, nrows, ncols):
    """
    Exact kernel over ``QQ`` by Sage, adapted to column prefixes.

    The columns are reversed before the echelon kernel is taken, so that every
    basis vector has a distinct last column and the vectors whose last column
    is below ``c`` span the kernel vectors supported on the first ``c``
    columns.
    """
    reversed_entries = {(r, ncols - 1 - c): v for (r, c), v in entries.items()}
    M = matrix(QQ, nrows, ncols, reversed_entries, sparse=True)
    K = M.right_kernel_matrix(basis="echelon")
    result = []
    for row in K.rows():
        vector = {ncols - 1 - c: a for c, a in row.dict().items()}
        result.append(primitive_integer_vector(vector))
    result.sort(key=lambda v: max(v))
    return result


def lift_kernels(modular_kernels):
    r"""
    Combine kernels modulo several primes into rational candidates.

    INPUT:

    - ``modular_kernels`` -- a list of triples ``(p, pivots, kernel)`` with
      ``kernel`` as returned by :func:`kernel_mod_p`

    OUTPUT: a list of rational vectors ``{column: QQ}`` (one per free column
    of the best pivots), or ``None`` if rational reconstruction fails.

    Primes whose rank is smaller, or whose pivots come later, than another's
    are unlucky and left out; the others are combined by the Chinese
    remainder theorem.  The result still has to be checked exactly.

    EXAMPLES::

        sage: from tropnet._invariants_linalg import lift_kernels
        sage: lift_kernels([(7, (0,), {1: {0: 3, 1: 1}}),
        ....:               (11, (0,), {1: {0: 2, 1: 1}})])
        [{0: -5/3, 1: 1}]
    """
    best = max((len(piv), tuple(-c for c in piv)) for _, piv, _ in modular_kernels)
    modulus = 1
    residues = None
    for p, pivots, kernel in modular_kernels:
        if (len(pivots), tuple(-c for c in pivots)) != best:
            continue
        if residues is None:
            residues = {f: dict(v) for f, v in kernel.items()}
            modulus = p
            continue
        inverse = pow(modulus, -1, p)
        for f, vector in kernel.items():
            old = residues[f]
            combined = {}
            for c in set(old) | set(vector):
                a, b = old.get(c, 0), vector.get(c, 0)
                combined[c] = a + modulus * (((b - a) * inverse) % p)
            residues[f] = combined
        modulus *= p
    lifted = []
    for f in sorted(residues):
        vector = {}
        for c, a in residues[f].items():
            q = rational_reconstruction(a, modulus)
            if q is None:
                return None
            if q:
                vector[c] = q
        lifted.append(vector)
    return lifted


def exact_kernel(entries, nrows, ncols, primes=None, max_primes=12):
    r"""
    Return a basis of the kernel over ``QQ`` of a sparse integer matrix.

    INPUT:

    - ``entries`` -- dictionary ``{(row, column): integer}``
    - ``nrows``, ``ncols`` -- the shape
    - ``primes`` -- (optional) primes below :data:`SPARSE_PRIME_BOUND` to use
    - ``max_primes`` -- how many primes to try before falling back to
      Sage's exact rational kernel

    OUTPUT: a list of primitive integer vectors ``{column: Integer}``, sorted
    by their last column; the last columns are distinct, so the vectors whose
    last column is below ``c`` form a basis of the kernel vectors supported
    on the first ``c`` columns.

    ALGORITHM:

    The reduced echelon kernel basis modulo several primes is combined by the
    Chinese remainder theorem and rational reconstruction
    (:func:`lift_kernels`).  The lifted vectors are checked exactly against
    the integer matrix; as many vectors as the modular bound
    ``ncols - rank_p`` that all lie in the rational kernel and are
    independent (each has a distinct free column) form a basis of it.

    EXAMPLES::

        sage: from tropnet._invariants_linalg import exact_kernel
        sage: exact_kernel({(0, 0): 3, (0, 1): 5}, 1, 2)
        [{0: -5, 1: 3}]
        sage: exact_kernel({}, 0, 2)
        [{0: 1}, {1: 1}]

    Entries that need many primes are reconstructed too::

        sage: big = 10**30 + 1
        sage: exact_kernel({(0, 0): big, (0, 1): -7}, 1, 2)
        [{0: 7, 1: 1000000000000000000000000000001}]
    """
    if primes is None:
        primes = primes_below(SPARSE_PRIME_BOUND, max_primes)
    columns = column_lists(entries)
    modular = []
    for p in primes[:max_primes]:
        pivots, rows = rref_mod_p(entries, nrows, ncols, p)
        modular.append((p, pivots, kernel_mod_p(pivots, rows, ncols, p)))
        lifted = lift_kernels(modular)
        if lifted is None:
            continue
        vectors = [primitive_integer_vector(v) for v in lifted]
        if all(is_in_kernel(columns, v) for v in vectors):
            logger.debug("exact kernel: %d vectors lifted with %d primes",
                         len(vectors), len(modular))
            return vectors
    logger.debug("exact kernel: modular lift failed, using Sage's rational kernel")
    return _sage_exact_kernel(entries, nrows, ncols)


def dense_rref_mod_p(A, p):
    r"""
    Return the pivots and the reduced echelon form modulo ``p`` of a dense
    integer matrix.

    INPUT:

    - ``A`` -- a two-dimensional NumPy integer array
    - ``p`` -- a prime below :data:`SPARSE_PRIME_BOUND`

    OUTPUT: a pair ``(pivots, rows)`` in the format of :func:`rref_mod_p`

    EXAMPLES::

        sage: import numpy as np
        sage: from tropnet._invariants_linalg import dense_rref_mod_p
        sage: dense_rref_mod_p(np.array([[2, 4, 1], [1, 2, 1]]), 7)
        ((0, 2), {0: {1: 2}})
    """
    A = np.array(A, dtype=np.int64) % p
    nrows, ncols = A.shape
    pivots = []
    r = 0
    for c in range(ncols):
        if r == nrows:
            break
        nonzero = np.flatnonzero(A[r:, c])
        if not len(nonzero):
            continue
        i = r + int(nonzero[0])
        if i != r:
            A[[r, i], c:] = A[[i, r], c:]
        A[r, c:] = (A[r, c:] * pow(int(A[r, c]), -1, p)) % p
        hit = np.flatnonzero(A[:, c])
        hit = hit[hit != r]
        if len(hit):
            A[hit, c:] = (A[hit, c:] - np.outer(A[hit, c], A[r, c:])) % p
        pivots.append(c)
        r += 1
    pivot_set = set(pivots)
    rows = {}
    for i in range(r):
        row = {int(j): int(A[i, j]) for j in np.flatnonzero(A[i]) if j not in pivot_set}
        if row:
            rows[i] = row
    return tuple(pivots), rows


def rank_profile_mod_p(A, p):
    r"""
    Return the pivot columns of a dense integer matrix modulo ``p``.

    INPUT:

    - ``A`` -- a two-dimensional NumPy integer array
    - ``p`` -- a prime below :data:`SPARSE_PRIME_BOUND`

    OUTPUT: the list of pivot columns of its row echelon form modulo ``p``
    (so the rank modulo ``p`` of the first ``c`` columns is the number of
    pivots below ``c``)

    EXAMPLES::

        sage: import numpy as np
        sage: from tropnet._invariants_linalg import rank_profile_mod_p
        sage: rank_profile_mod_p(np.array([[1, 2, 3], [2, 4, 7]]), 7)
        [0, 2]
    """
    A = np.array(A, dtype=np.int64) % p
    nrows, ncols = A.shape
    pivots = []
    r = 0
    for c in range(ncols):
        if r == nrows:
            break
        nonzero = np.flatnonzero(A[r:, c])
        if not len(nonzero):
            continue
        i = r + int(nonzero[0])
        if i != r:
            A[[r, i], c:] = A[[i, r], c:]
        inverse = pow(int(A[r, c]), -1, p)
        A[r, c:] = (A[r, c:] * inverse) % p
        below = A[r + 1:, c]
        hit = np.flatnonzero(below)
        if len(hit):
            rows = r + 1 + hit
            A[rows, c:] = (A[rows, c:] - np.outer(A[rows, c], A[r, c:])) % p
        pivots.append(c)
        r += 1
    return pivots


def sign_gradings(fields, n):
    r"""
    Return a basis of the sign symmetries ``theta_j -> -theta_j`` (``j`` in a
    set ``s``) under which every field is equivariant, as bit masks.

    A field is equivariant under the sign change of the set ``s`` when each
    term ``c x^f`` of its component ``i`` has ``|s ∩ odd(f)| + [i in s]``
    even.  These conditions are linear over ``GF(2)``.  The derivation
    ``g -> <grad g, F>`` then maps a monomial ``m`` to monomials of the same
    parity ``|s ∩ odd(m)|``, so the linear systems split into blocks, one
    per parity vector (:func:`split_by_character`).

    INPUT:

    - ``fields`` -- integer vector fields (lists of dictionaries)
    - ``n`` -- the number of variables

    OUTPUT: a list of integers (bit ``j`` set when ``theta_j`` changes sign)

    EXAMPLES:

    The field ``(y, x)`` (gradient of ``x*y``) is equivariant under the sign
    change of both variables only::

        sage: from tropnet._invariants_linalg import sign_gradings
        sage: sign_gradings([[{(0, 1): 1}, {(1, 0): 1}]], 2)
        [3]
    """
    pivots = {}
    for field in fields:
        for i, component in enumerate(field):
            for f in component:
                row = 1 << i
                for j, a in enumerate(f):
                    if a & 1:
                        row ^= 1 << j
                for bit, pivot_row in pivots.items():
                    if row >> bit & 1:
                        row ^= pivot_row
                if not row:
                    continue
                bit = row.bit_length() - 1
                for other, pivot_row in pivots.items():
                    if pivot_row >> bit & 1:
                        pivots[other] = pivot_row ^ row
                pivots[bit] = row
    basis = []
    for free in range(n):
        if free in pivots:
            continue
        s = 1 << free
        for bit, pivot_row in pivots.items():
            if pivot_row >> free & 1:
                s |= 1 << bit
        basis.append(s)
    return basis


def split_by_character(columns, gradings):
    r"""
    Group column indices by the parity vector of their monomials under the
    sign symmetries ``gradings`` (see :func:`sign_gradings`).

    INPUT:

    - ``columns`` -- a list of exponent tuples
    - ``gradings`` -- bit masks, as returned by :func:`sign_gradings`

    OUTPUT: a dictionary ``{parity vector: list of column indices}``, the
    indices increasing

    EXAMPLES::

        sage: from tropnet._invariants_linalg import split_by_character
        sage: split_by_character([(2, 0), (1, 1), (0, 2)], [3])
        {(0,): [0, 1, 2]}
        sage: split_by_character([(1, 0), (0, 1), (1, 1)], [1])
        {(0,): [1], (1,): [0, 2]}
    """
    blocks = {}
    for j, m in enumerate(columns):
        odd = 0
        for i, a in enumerate(m):
            if a & 1:
                odd |= 1 << i
        key = tuple(bin(odd & s).count("1") & 1 for s in gradings)
        blocks.setdefault(key, []).append(j)
    return dict(sorted(blocks.items()))


def block_pivots(fields, columns, gradings, p):
    r"""
    Return the pivot columns modulo ``p`` of the derivation system of
    ``fields`` on ``columns``, computed block by block.

    The number of pivots among the first ``c`` columns is the rank modulo
    ``p`` of those columns.

    INPUT:

    - ``fields`` -- integer vector fields (lists of dictionaries)
    - ``columns`` -- exponent tuples of the unknown coefficients
    - ``gradings`` -- sign symmetries of the fields (:func:`sign_gradings`)
    - ``p`` -- a prime below :data:`SPARSE_PRIME_BOUND`

    OUTPUT: the sorted list of pivot columns

    EXAMPLES::

        sage: from tropnet._invariants_linalg import block_pivots
        sage: field = [{(0, 1): 1}, {(1, 0): 1}]
        sage: block_pivots([field], [(2, 0), (1, 1), (0, 2)], [3], 101)
        [0, 1]
    """
    pivots = []
    for indices in split_by_character(columns, gradings).values():
        entries, nrows = derivation_entries(fields, [columns[j] for j in indices])
        block, _ = rref_mod_p(entries, nrows, len(indices), p)
        pivots.extend(indices[c] for c in block)
    return sorted(pivots)


def block_exact_kernel(fields, columns, gradings):
    r"""
    Return an exact basis over ``QQ`` of the kernel of the derivation system
    of ``fields`` on ``columns``, block by block (see :func:`exact_kernel`).

    INPUT:

    - ``fields``, ``columns``, ``gradings`` -- as in :func:`block_pivots`

    OUTPUT: primitive integer vectors ``{column: Integer}`` sorted by their
    last column, adapted to column prefixes as in :func:`exact_kernel`

    EXAMPLES:

    ``x^2 - y^2`` is the quadratic first integral of ``(y, x)``::

        sage: from tropnet._invariants_linalg import block_exact_kernel
        sage: field = [{(0, 1): 1}, {(1, 0): 1}]
        sage: block_exact_kernel([field], [(2, 0), (1, 1), (0, 2)], [3])
        [{0: -1, 2: 1}]
    """
    vectors = []
    for indices in split_by_character(columns, gradings).values():
        entries, nrows = derivation_entries(fields, [columns[j] for j in indices])
        for v in exact_kernel(entries, nrows, len(indices)):
            vectors.append({indices[c]: a for c, a in v.items()})
    vectors.sort(key=max)
    return vectors
