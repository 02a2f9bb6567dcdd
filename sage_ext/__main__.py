r"""
``python -m tropnet``: the ``tropnet`` command line (see :mod:`tropnet.cli`).

Example, in a shell::

    $ python -m tropnet fan points.csv --n 2 --m 1
"""
import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
