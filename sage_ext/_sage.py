r"""
Start-up of the Sage library for tropnet.

In a modular (pip-only) passagemath installation the integer and rational
rings must be initialised before any other Sage module is imported; inside a
full SageMath session this has long happened.  Importing the defining module of
``Integer`` first does it in both settings, without importing ``sage.all``.

In the same setting, creating a dense matrix over a polynomial ring or a
finite field looks up ``sage.rings.polynomial.laurent_polynomial_ring`` as an
attribute of its package without importing it, so it is imported here.
"""
import sage.rings.integer  # noqa: F401  (initialises ZZ and QQ, see above)
import sage.rings.polynomial.laurent_polynomial_ring  # noqa: F401,E402
