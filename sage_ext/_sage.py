r"""
Start-up of the Sage library for tropnet.

In a modular (pip-only) passagemath installation the integer and rational
rings must be initialised before any other Sage module is imported; inside a
full SageMath session this has long happened.  Importing the defining module of
``Integer`` first does it in both settings, without importing ``sage.all``.
"""
import sage.rings.integer  # noqa: F401  (initialises ZZ and QQ, see above)
