r"""
Small real data sets shipped with tropnet.

``iris_sample(k)`` returns sepal length and sepal width of the first ``k``
*Iris setosa* flowers (label `+1`) and the first ``k`` *Iris versicolor*
flowers (label `-1`) of the Iris data (R. A. Fisher, "The use of multiple
measurements in taxonomic problems", Annals of Eugenics 7, 1936; UCI
Machine Learning Repository), as exact rationals.  The rows were copied
from the copy of the data bundled with scikit-learn 1.9.1
(``sklearn/datasets/data/iris.csv``): rows 0 to 19 (setosa) and 50 to 69
(versicolor) in the numbering of ``sklearn.datasets.load_iris()``, stored in
``tropnet/data/iris_sepal_setosa_versicolor.csv``.  tropnet does not depend
on scikit-learn.

The measurements have one decimal, so the data have collinear triples, and
from ``k = 17`` on repeated points::

    sage: from tropnet.datasets import iris_sample
    sage: D = iris_sample(3); D
    Dataset of 6 labelled points in QQ^2
    sage: D.points[:3], D.labels
    (((51/10, 7/2), (49/10, 3), (47/10, 16/5)), (1, 1, 1, -1, -1, -1))
    sage: iris_sample(20).n_distinct_points()
    38

The landscape of a linear classifier on three flowers of each species:
the setosa sepals are at most 5.1 long and the versicolor sepals at least
6.4, so the species are linearly separable, and for a linear classifier the
cone of a labelling is unique::

    sage: from tropnet import ClassificationFan
    sage: L = ClassificationFan(iris_sample(3), 1, 1).landscape()
    sage: L.min_loss(), L.level_set(0) == [(0, 0, 0, 1, 1, 1)]
    (0, True)
"""
import csv
import io
from importlib import resources

from .data import Dataset

IRIS_FILE = "iris_sepal_setosa_versicolor.csv"
IRIS_ROWS_PER_SPECIES = 20


def _iris_rows():
    text = resources.files(__package__).joinpath("data", IRIS_FILE).read_text()
    reader = csv.DictReader(io.StringIO(text))
    if reader.fieldnames != ["sepal_length", "sepal_width", "label"]:
        raise ValueError(f"{IRIS_FILE}: unexpected header {reader.fieldnames}")
    return [((row["sepal_length"], row["sepal_width"]), int(row["label"]))
            for row in reader]


def iris_sample(k=6):
    r"""
    Return the first ``k`` setosa and the first ``k`` versicolor flowers of
    the Iris data (sepal length, sepal width), labelled `+1` and `-1`.

    INPUT:

    - ``k`` -- integer from 1 to 20 (default: 6); flowers per species

    OUTPUT: a :class:`~tropnet.data.Dataset` of ``2k`` labelled points in
    `\QQ^2`, setosa first, each in the order of the original data

    EXAMPLES::

        sage: from tropnet.datasets import iris_sample
        sage: D = iris_sample(); D.n_points(), D.affine_dimension()
        (12, 2)
        sage: D.points[6:9]
        ((7, 16/5), (32/5, 16/5), (69/10, 31/10))

    TESTS::

        sage: iris_sample(21)
        Traceback (most recent call last):
        ...
        ValueError: k: flowers per species must be an integer from 1 to 20, got 21
    """
    if isinstance(k, bool) or not hasattr(k, "__index__") or \
            not 1 <= int(k) <= IRIS_ROWS_PER_SPECIES:
        raise ValueError("k: flowers per species must be an integer from 1 to "
                         f"{IRIS_ROWS_PER_SPECIES}, got {k!r}")
    k = int(k)
    rows = _iris_rows()
    setosa = [r for r in rows if r[1] == 1][:k]
    versicolor = [r for r in rows if r[1] == -1][:k]
    chosen = setosa + versicolor
    return Dataset([p for p, _ in chosen], labels=[y for _, y in chosen])
