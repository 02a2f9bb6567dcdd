"""Run the Sage doctests of every module with ``sage -t``: a failing doctest
fails the test suite (and CI)."""
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def sage_executable():
    local = Path(sys.executable).parent / "sage"
    if local.exists():
        return str(local)
    found = shutil.which("sage")
    assert found, "the `sage` script (passagemath-repl or SageMath) is not on PATH"
    return found


def run_doctests(*arguments):
    command = [sage_executable(), "-t", "--force-lib",
               "--environment=sage.all__sagemath_polyhedra", *arguments]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-20000:]
    assert "All tests passed!" in output, output[-20000:]


def test_sage_doctests():
    run_doctests("sage_ext", "backends")


def test_polymake_doctests_including_long_ones():
    """The polymake engine's examples start polymake (about 2 s each), so they
    are tagged ``# long time``; they run here all the same."""
    run_doctests("--long", "backends/polymake.py")


def test_readme_session_examples(tmp_path):
    """The ``sage:`` examples of the README's tour run as Sage doctests, so the
    outputs the README shows are the outputs a user gets."""
    lines = (ROOT / "README.md").read_text().splitlines()
    blocks, block, inside = [], [], False
    for line in lines:
        if line.startswith("```"):
            if inside and any(s.startswith("sage: ") for s in block):
                blocks.append(block)
            block, inside = [], not inside
        elif inside:
            block.append(line)
    assert len(blocks) >= 2, "the README's tour has no sage: examples"
    text = ["The README's tour", "=================", ""]
    for block in blocks:
        text += ["::", ""] + ["    " + s for s in block] + [""]
    target = tmp_path / "readme_tour.rst"
    target.write_text("\n".join(text))
    run_doctests(str(target))
