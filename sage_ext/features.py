r"""
Optional software used by tropnet, declared once as Sage features.

tropnet needs the Sage library and nothing else to compute a classification
fan with the reference engine.  Everything beyond that is *optional* and is
described here by a :class:`sage.features.Feature`: code that needs it asks
the feature (``is_present()``, ``require()``) instead of trying an import.
A missing feature raises :class:`sage.features.FeatureNotPresentError`,
whose message says how to install it.

The features::

    sage: from tropnet.features import optional_features
    sage: sorted(f.name for f in optional_features())
    ['highspy', 'matplotlib', 'polymake', 'pynormaliz', 'singular', 'tqdm']

Asking for one::

    sage: from tropnet.features import PyNormaliz, Tqdm
    sage: bool(PyNormaliz().is_present()), bool(Tqdm().is_present())
    (True, True)

A feature that is absent says what to do::

    sage: from tropnet.features import Polymake
    sage: Polymake(executable="polymake-not-installed").require()
    Traceback (most recent call last):
    ...
    FeatureNotPresentError: polymake is not available.
    Executable 'polymake-not-installed' not found on PATH.
    Install polymake, e.g. on Debian or Ubuntu with
    `apt-get update && apt-get install -y polymake`; see https://polymake.org

Sage's :meth:`~sage.features.Feature.hide` pretends that a feature is
missing, which shows what a user without it would see::

    sage: from tropnet.features import HiGHS
    sage: HiGHS().hide()
    sage: HiGHS().require()
    Traceback (most recent call last):
    ...
    FeatureNotPresentError: highspy is not available.
    Feature `highspy` is hidden.
    pip install highspy
    sage: HiGHS().unhide()

Progress bars go through :func:`progress_bar`, which asks the feature
``tqdm`` only when a bar is wanted::

    sage: from tropnet.features import progress_bar
    sage: sum(progress_bar(range(4)))
    6
"""
import re
import subprocess

from sage.features import Executable, FeatureTestResult, PythonModule
from sage.features.normaliz import PyNormaliz
from sage.features.singular import Singular

__all__ = ["Polymake", "PyNormaliz", "Singular", "HiGHS", "Tqdm", "Matplotlib",
           "optional_features", "progress_bar", "software_versions"]

POLYMAKE_INSTALL_HINT = ("Install polymake, e.g. on Debian or Ubuntu with\n"
                         "`apt-get update && apt-get install -y polymake`; "
                         "see https://polymake.org")


class Polymake(Executable):
    r"""
    The ``polymake`` executable, run as a subprocess by the ``"polymake"``
    engine (:mod:`tropnet.backends.polymake`).

    INPUT:

    - ``executable`` -- string (default: ``"polymake"``); the name or path
      of the program

    OUTPUT: a :class:`sage.features.Executable`; it is present when the
    program is found and answers ``polymake --version``

    EXAMPLES::

        sage: from tropnet.features import Polymake
        sage: Polymake()
        Feature('polymake': the polymake program for polyhedral geometry)
        sage: Polymake().resolution()
        'Install polymake, e.g. on Debian or Ubuntu with\n`apt-get update && ...'

    TESTS::

        sage: Polymake(executable="polymake-not-installed").is_present()
        FeatureTestResult('polymake', False)
    """

    def __init__(self, executable="polymake"):
        Executable.__init__(self, "polymake", executable=executable,
                            url="https://polymake.org",
                            description="the polymake program for polyhedral geometry")

    def is_functional(self):
        r"""
        Return whether ``polymake --version`` runs and names a version.

        This is called by :meth:`is_present` once the program is found on
        the ``PATH``.

        INPUT: none

        OUTPUT: a :class:`sage.features.FeatureTestResult`, with the reason
        of a failure

        EXAMPLES::

            sage: from tropnet.features import Polymake
            sage: Polymake().is_functional()    # needs polymake
            FeatureTestResult('polymake', True)
        """
        try:
            result = subprocess.run([self.absolute_filename(), "--version"],
                                    capture_output=True, text=True, timeout=120)
        except (OSError, subprocess.TimeoutExpired) as error:
            return FeatureTestResult(self, False,
                                     reason=f"`polymake --version` failed: {error}")
        # polymake writes its version to standard error
        answer = (result.stdout + result.stderr).lower()
        if result.returncode != 0 or "polymake version" not in answer:
            return FeatureTestResult(self, False,
                                     reason="`polymake --version` did not answer "
                                            f"(exit code {result.returncode})")
        return FeatureTestResult(self, True)

    def resolution(self):
        r"""
        Return how to install polymake.

        INPUT: none

        OUTPUT: a string, shown by :meth:`require` when polymake is absent

        EXAMPLES::

            sage: from tropnet.features import Polymake
            sage: print(Polymake().resolution())
            Install polymake, e.g. on Debian or Ubuntu with
            `apt-get update && apt-get install -y polymake`; see https://polymake.org
        """
        return POLYMAKE_INSTALL_HINT

    def version(self):
        r"""
        Return the version of polymake that answers.

        INPUT: none

        OUTPUT: a string such as ``'4.11'``, or ``None`` if polymake is
        absent or names no version

        EXAMPLES::

            sage: from tropnet.features import Polymake
            sage: Polymake().version()          # needs polymake
            '4...'
            sage: Polymake(executable="polymake-not-installed").version() is None
            True
        """
        if not self.is_present():
            return None
        result = subprocess.run([self.absolute_filename(), "--version"],
                                capture_output=True, text=True, timeout=120)
        found = re.search(r"polymake version (\S+)", result.stdout + result.stderr)
        return found.group(1) if found else None


class HiGHS(PythonModule):
    r"""
    The Python module ``highspy`` (the HiGHS linear-programming solver), which
    finds floating-point candidates that tropnet then certifies exactly.

    The native engine (:mod:`tropnet.backends.native`) needs it.

    INPUT: none

    OUTPUT: a :class:`sage.features.PythonModule`

    EXAMPLES::

        sage: from tropnet.features import HiGHS
        sage: HiGHS()
        Feature('highspy': the HiGHS linear-programming solver)
        sage: HiGHS().is_present()
        FeatureTestResult('highspy', True)
    """

    def __init__(self):
        PythonModule.__init__(self, "highspy", url="https://highs.dev",
                              description="the HiGHS linear-programming solver")

    def resolution(self):
        r"""
        Return how to install ``highspy``.

        INPUT: none

        OUTPUT: a string, shown by :meth:`require` when ``highspy`` is absent

        EXAMPLES::

            sage: from tropnet.features import HiGHS
            sage: HiGHS().resolution()
            'pip install highspy'
        """
        return "pip install highspy"


class Tqdm(PythonModule):
    r"""
    The Python module ``tqdm``, for progress bars (``progress=True``).

    It is asked for only when a bar is wanted (see :func:`progress_bar`):
    without it everything runs, silently.

    INPUT: none

    OUTPUT: a :class:`sage.features.PythonModule`

    EXAMPLES::

        sage: from tropnet.features import Tqdm
        sage: Tqdm()
        Feature('tqdm': progress bars)
        sage: Tqdm().is_present()
        FeatureTestResult('tqdm', True)
    """

    def __init__(self):
        PythonModule.__init__(self, "tqdm", description="progress bars")

    def resolution(self):
        r"""
        Return how to install ``tqdm``.

        INPUT: none

        OUTPUT: a string, shown by :meth:`require` when ``tqdm`` is absent

        EXAMPLES::

            sage: from tropnet.features import Tqdm
            sage: Tqdm().resolution()
            'pip install tqdm'
        """
        return "pip install tqdm"


class Matplotlib(PythonModule):
    r"""
    The Python module ``matplotlib``, for plots (:mod:`tropnet.plot`).

    INPUT: none

    OUTPUT: a :class:`sage.features.PythonModule`

    EXAMPLES::

        sage: from tropnet.features import Matplotlib
        sage: Matplotlib()
        Feature('matplotlib': plots)
        sage: Matplotlib().is_present()
        FeatureTestResult('matplotlib', True)
    """

    def __init__(self):
        PythonModule.__init__(self, "matplotlib", description="plots")

    def resolution(self):
        r"""
        Return how to install ``matplotlib``.

        INPUT: none

        OUTPUT: a string, shown by :meth:`require` when ``matplotlib`` is absent

        EXAMPLES::

            sage: from tropnet.features import Matplotlib
            sage: Matplotlib().resolution()
            'pip install matplotlib'
        """
        return "pip install matplotlib"


def optional_features():
    r"""
    Return the optional features tropnet knows about.

    INPUT: none

    OUTPUT: a list of :class:`sage.features.Feature`, one for each optional
    program or Python module

    EXAMPLES::

        sage: from tropnet.features import optional_features
        sage: [f.name for f in optional_features()]
        ['pynormaliz', 'polymake', 'singular', 'highspy', 'tqdm', 'matplotlib']
    """
    return [PyNormaliz(), Polymake(), Singular(), HiGHS(), Tqdm(), Matplotlib()]


class _SilentBar:
    r"""
    What :func:`progress_bar` returns when no bar is wanted: it iterates
    over its iterable and ignores every update.
    """

    def __init__(self, iterable=None):
        self._iterable = iterable

    def __iter__(self):
        return iter(self._iterable)

    def update(self, n=1):
        pass

    def set_postfix(self, *args, **kwargs):
        pass

    def close(self):
        pass


def progress_bar(iterable=None, *, progress=False, **options):
    r"""
    Return a tqdm progress bar if ``progress`` is true, and otherwise an
    object with the same methods that shows nothing.

    Only a wanted bar needs ``tqdm``; it is probed with the feature
    :class:`Tqdm`.

    INPUT:

    - ``iterable`` -- an iterable or ``None`` (default); what the bar
      iterates over (without it, advance the bar with ``update(n)``)
    - ``progress`` -- boolean (default: ``False``); whether to show a bar
    - ``options`` -- passed to ``tqdm.auto.tqdm`` (``desc``, ``unit``,
      ``total``, ...)

    OUTPUT: an iterable object with the methods ``update``, ``set_postfix``
    and ``close``

    EXAMPLES::

        sage: from tropnet.features import progress_bar
        sage: bar = progress_bar(progress=False, desc="cones")
        sage: bar.update(3); bar.set_postfix(walls=2); bar.close()
        sage: [x for x in progress_bar("abc")]
        ['a', 'b', 'c']
        sage: from tqdm import tqdm
        sage: isinstance(progress_bar([1], progress=True, disable=True), tqdm)
        True

    TESTS:

    Without ``tqdm`` a bar is refused with the way to install it; no bar
    needs nothing::

        sage: from tropnet.features import Tqdm
        sage: Tqdm().hide()
        sage: progress_bar(range(3), progress=True)
        Traceback (most recent call last):
        ...
        FeatureNotPresentError: tqdm is not available.
        Feature `tqdm` is hidden.
        pip install tqdm
        sage: list(progress_bar(range(3)))
        [0, 1, 2]
        sage: Tqdm().unhide()
    """
    if not progress:
        return _SilentBar(iterable)
    Tqdm().require()
    from tqdm.auto import tqdm
    return tqdm(iterable, **options)


def _distribution_version(name):
    from importlib.metadata import PackageNotFoundError, version
    try:
        return version(name)
    except PackageNotFoundError:
        return None


def _libnormaliz_version():
    # PyNormaliz does not report the version of the Normaliz library it is
    # linked to; read it off the file name of the loaded shared library
    if not PyNormaliz().is_present():
        return None
    import PyNormaliz_cpp  # noqa: F401  (loads libnormaliz)
    try:
        with open("/proc/self/maps") as maps:
            for line in maps:
                found = re.search(r"libnormaliz[^/\s]*\.so\.(\d+(?:\.\d+)*)", line)
                if found:
                    return found.group(1)
    except OSError:
        return None
    return None


def _singular_version():
    if not Singular().is_present():
        return None
    try:
        result = subprocess.run([Singular().absolute_filename(), "--version"],
                                capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    found = re.search(r"version (\S+)", result.stdout + result.stderr)
    return found.group(1) if found else None


def software_versions():
    r"""
    Return the versions of tropnet and of the software it runs on.

    INPUT: none

    OUTPUT: a dictionary from names to version strings, with ``None`` for
    software that is absent or whose version cannot be read.  The keys are
    ``tropnet``, ``python``, ``sagemath`` (the Sage library, from
    passagemath or a full SageMath), ``passagemath-polyhedra``,
    ``PyNormaliz``, ``Normaliz`` (read off the name of the loaded shared
    library ``libnormaliz``), ``Singular``, ``polymake``, ``highspy``.

    EXAMPLES::

        sage: from tropnet.features import software_versions
        sage: V = software_versions()
        sage: sorted(V)
        ['Normaliz', 'PyNormaliz', 'Singular', 'highspy', 'passagemath-polyhedra',
         'polymake', 'python', 'sagemath', 'tropnet']
        sage: V["tropnet"]
        '0.1.0'
    """
    import platform

    from sage.version import version as sage_version

    from . import __version__
    return {
        "tropnet": __version__,
        "python": platform.python_version(),
        "sagemath": sage_version,
        "passagemath-polyhedra": _distribution_version("passagemath-polyhedra"),
        "PyNormaliz": _distribution_version("PyNormaliz"),
        "Normaliz": _libnormaliz_version(),
        "Singular": _singular_version(),
        "polymake": Polymake().version(),
        "highspy": _distribution_version("highspy"),
    }
