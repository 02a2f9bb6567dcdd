"""Optional software is asked for through the features of ``tropnet.features``.

Each test hides a feature with Sage's ``Feature.hide()``, which makes
``is_present()`` answer ``False`` as if the package were missing, and also
makes the module itself impossible to import (``sys.modules[name] = None``),
so that code importing it without asking the feature fails too.  It checks
that what needs the feature refuses with the feature's message (which says how
to install it) while what does not need it still runs.
"""
import os
import sys
from contextlib import contextmanager

import pytest

from sage.features import FeatureNotPresentError

from tropnet import ClassificationFan
from tropnet.backends import Cone, Wall, native, normaliz
from tropnet.features import (HiGHS, Matplotlib, Tqdm, optional_features,
                              progress_bar)

VECTORS = [(1, 0), (1, 1), (1, 2)]


@contextmanager
def hidden(feature):
    """Pretend that the Python module of ``feature`` is not installed."""
    name = feature.name
    blocked = {key: module for key, module in sys.modules.items()
               if key == name or key.startswith(name + ".")}
    feature.hide()
    try:
        for key in blocked:
            sys.modules[key] = None
        sys.modules[name] = None
        yield
    finally:
        feature.unhide()
        sys.modules.pop(name, None)
        sys.modules.update(blocked)


def summary(records):
    records = list(records)
    cones = sorted(r.pattern for r in records if isinstance(r, Cone))
    walls = sorted((r.first, r.second) for r in records if isinstance(r, Wall))
    return cones, walls


def test_every_optional_feature_is_present_here():
    """CI installs everything; a missing feature here is a broken setup."""
    for feature in optional_features():
        presence = feature.is_present()
        assert presence, f"{feature.name}: {presence.reason}"


def test_without_highs_the_native_engine_refuses():
    with hidden(HiGHS()):
        assert not native.is_available()
        with pytest.raises(FeatureNotPresentError, match="pip install highspy"):
            next(native.enumerate_fan(VECTORS, 2))
        F = ClassificationFan([[0], [1], [2]], 1, 1, backend="native")
        with pytest.raises(FeatureNotPresentError, match="highspy is not available"):
            F.n_maximal_cones()
        # the reference engine does not need HiGHS
        assert ClassificationFan([[0], [1], [2]], 1, 1,
                                 backend="normaliz").n_maximal_cones() == 6
    assert native.is_available()


@pytest.mark.parametrize("engine", [native, normaliz], ids=["native", "normaliz"])
def test_without_tqdm_only_a_progress_bar_is_refused(engine):
    expected = summary(engine.enumerate_fan(VECTORS, 2))
    with hidden(Tqdm()):
        with pytest.raises(FeatureNotPresentError, match="pip install tqdm"):
            list(engine.enumerate_fan(VECTORS, 2, progress=True))
        assert summary(engine.enumerate_fan(VECTORS, 2)) == expected
    assert summary(engine.enumerate_fan(VECTORS, 2, progress=True)) == expected


def test_native_progress_bar_with_a_checkpoint(tmp_path):
    path = tmp_path / "fan.jsonl"
    first = summary(native.enumerate_fan(VECTORS, 2, progress=True, checkpoint=path))
    again = summary(native.enumerate_fan(VECTORS, 2, progress=True, checkpoint=path))
    assert first == again
    assert len(first[0]) == 6


def test_without_matplotlib_nothing_is_drawn(tmp_path):
    from tropnet.plot import plot_decision_boundary, plot_level_sets
    F = ClassificationFan([[0, 0], [2, 0], [0, 2]], 1, 1)
    L = F.landscape([1, -1, 1])
    out = str(tmp_path / "picture.png")
    with hidden(Matplotlib()):
        with pytest.raises(FeatureNotPresentError, match="pip install matplotlib"):
            plot_decision_boundary(L, (0, 0, 0), out)
        with pytest.raises(FeatureNotPresentError, match="pip install matplotlib"):
            plot_level_sets(L, out)
    assert not os.path.exists(out)
    assert plot_level_sets(L, out) == out and os.path.getsize(out) > 0


def test_silent_progress_bar_has_the_methods_the_engines_use():
    bar = progress_bar(range(3), desc="cones", unit=" cones")
    assert list(bar) == [0, 1, 2]
    bar.update(5)
    bar.set_postfix(walls=1, queue=0)
    bar.close()
    with hidden(Tqdm()):
        assert list(progress_bar("ab")) == ["a", "b"]
        with pytest.raises(FeatureNotPresentError, match="tqdm is not available"):
            progress_bar("ab", progress=True)
