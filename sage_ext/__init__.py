r"""
tropnet: exact parameter-space geometry of neural networks.

tropnet computes, in exact rational arithmetic,

- the *classification fan* of a tropical rational classifier with ``(n, m)``
  terms on a data set: the subdivision of its parameter space into the
  polyhedral cones on which the classification of the data is fixed
  (:class:`ClassificationFan`), and the 0/1-loss landscape on it;
- the polynomial quantities conserved by gradient flows of polynomial models
  (:mod:`tropnet.invariants`).

A first example: three points on a line, a linear classifier::

    sage: from tropnet import ClassificationFan
    sage: F = ClassificationFan([[0], [1], [2]], n=1, m=1)
    sage: F.n_maximal_cones()
    6

The package logs to the logger named ``"tropnet"``, which is silent unless
the user configures it.
"""
import logging

from . import _sage  # noqa: F401

logging.getLogger("tropnet").addHandler(logging.NullHandler())

__version__ = "0.1.0"

from .data import Dataset, as_rational, as_labels  # noqa: E402
from .fan import ClassificationFan  # noqa: E402
from . import datasets  # noqa: E402

__all__ = ["ClassificationFan", "Dataset", "as_rational", "as_labels", "datasets",
           "__version__"]
