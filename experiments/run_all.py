r"""
Run every experiment of this folder and collect the results in one place.

Each experiment is a script ``experiments/NAME.py`` that tests one claim of
the seed and exposes ``main(argv=None)``, taking ``--out DIR`` (and, if it
has them, ``--quick`` and ``--seed N``) and returning ``0`` when all its
checks pass.  The driver runs them one after the other in this process and
writes, under the output folder (default ``results/``):

- ``NAME/`` -- the experiment's own output (its ``--out``);
- ``NAME/log.txt`` -- everything it printed;
- ``summary.json`` and ``summary.txt`` -- for each experiment its status
  (``ok``, ``failed`` with its exit code, ``error`` with the exception, or
  ``interrupted``), arguments, wall and CPU times;
- ``metadata.json`` -- software versions, git revision, seeds, command line
  and total times (see :func:`tropnet.io.metadata`).

The summary and metadata are rewritten after every experiment, so an
interrupted run keeps what it finished.

This folder is installed with tropnet as the package ``tropnet.experiments``
(see ``pyproject.toml``), so ``tropnet verify`` finds the scripts after a
regular install too; from a clone, run this file directly.

Usage::

    python experiments/run_all.py --out results [--quick] [--only NAME ...]
    python experiments/run_all.py --list
    tropnet verify --out results --quick          # the same, from the CLI

The exit code is 0 when every experiment returned 0, and 1 otherwise.
"""
import argparse
import contextlib
import importlib.util
import io
import re
import resource
import sys
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent

# the claims of the seed, in the order they are run; any other script of this
# folder with a main() runs after them
ORDER = ("fan_counts", "landscape_claims", "invariants_table", "benchmark_native")


def discover(folder=HERE):
    """Return the experiment names of ``folder``, known ones first."""
    names = sorted(p.stem for p in folder.glob("*.py")
                   if p.stem != "run_all" and not p.stem.startswith("_"))
    return [n for n in ORDER if n in names] + [n for n in names if n not in ORDER]


def load(name, folder=HERE):
    """Import the script ``folder/name.py`` as a module."""
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))
    spec = importlib.util.spec_from_file_location(f"tropnet_experiment_{name}",
                                                  folder / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    if not callable(getattr(module, "main", None)):
        raise AttributeError(f"experiments/{name}.py has no main(argv) function")
    return module


def options_of(module):
    """Return the help text of an experiment's command line."""
    text = io.StringIO()
    with contextlib.redirect_stdout(text), contextlib.redirect_stderr(text), \
            contextlib.suppress(SystemExit):
        module.main(["--help"])
    return text.getvalue()


def default_seed(help_text):
    """The default of ``--seed`` as stated in an experiment's help text."""
    # the option's entry: its line and the more deeply indented lines after it
    entry = re.search(r"\n(\s+)--seed\b.*(?:\n\1\s+\S.*)*", help_text)
    found = entry and re.search(r"default:?\s*(-?\d+)", entry.group(0))
    return int(found.group(1)) if found else "the script's default"


class Tee(io.TextIOBase):
    """A text stream writing to several streams."""

    def __init__(self, *streams):
        self.streams = streams

    def write(self, text):
        for s in self.streams:
            s.write(text)
        return len(text)

    def flush(self):
        for s in self.streams:
            s.flush()


def cpu_seconds():
    """CPU time of this process and of its finished children (e.g. polymake)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def run_one(name, out, quick=False, seed=None, folder=HERE):
    """Run one experiment; return its record for the summary."""
    target = out / name
    target.mkdir(parents=True, exist_ok=True)
    record = {"name": name, "out": str(target), "args": None, "status": None,
              "exit_code": None, "error": None, "wall_seconds": None,
              "cpu_seconds": None, "seed": None}
    start, cpu_start = time.perf_counter(), cpu_seconds()
    with open(target / "log.txt", "w", encoding="utf-8") as log:
        tee = Tee(sys.stdout, log)
        try:
            module = load(name, folder)
            help_text = options_of(module)
            args = ["--out", str(target)]
            if quick and "--quick" in help_text:
                args.append("--quick")
            if seed is not None and "--seed" in help_text:
                args += ["--seed", str(seed)]
                record["seed"] = seed
            elif "--seed" in help_text:
                record["seed"] = default_seed(help_text)
            record["args"] = args
            print(f"== {name}: {' '.join(args)}", flush=True)
            with contextlib.redirect_stdout(tee), contextlib.redirect_stderr(tee):
                code = module.main(args)
            code = 0 if code is None else int(code)
            record["exit_code"] = code
            record["status"] = "ok" if code == 0 else "failed"
        except KeyboardInterrupt:
            record["status"] = "interrupted"
            raise
        except SystemExit as exit:
            code = exit.code if isinstance(exit.code, int) else 1
            record["exit_code"] = code
            record["status"] = "ok" if code == 0 else "failed"
        except Exception as error:
            record["status"] = "error"
            record["error"] = f"{type(error).__name__}: {error}"
            log.write(traceback.format_exc())
            print(f"== {name}: error: {record['error']}", file=sys.stderr)
        finally:
            record["wall_seconds"] = round(time.perf_counter() - start, 3)
            record["cpu_seconds"] = round(cpu_seconds() - cpu_start, 3)
    return record


def write_summary(out, records, argv, start, cpu_start, seed):
    """Write ``summary.json``, ``summary.txt`` and ``metadata.json``."""
    from tropnet.io import metadata, write_json

    write_json({"experiments": records}, out / "summary.json")
    lines = [f"{'experiment':<22} {'status':<12} {'exit':>4} {'wall s':>9} "
             f"{'cpu s':>9}  note"]
    for r in records:
        wall = "" if r["wall_seconds"] is None else f"{r['wall_seconds']:.1f}"
        cpu = "" if r["cpu_seconds"] is None else f"{r['cpu_seconds']:.1f}"
        code = "" if r["exit_code"] is None else str(r["exit_code"])
        lines.append(f"{r['name']:<22} {r['status'] or '':<12} {code:>4} {wall:>9} "
                     f"{cpu:>9}  {r['error'] or ''}")
    (out / "summary.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    seeds = {r["name"]: r["seed"] for r in records if r["seed"] is not None}
    if seed is not None:
        seeds["driver"] = seed
    write_json(metadata(command=[sys.executable, __file__] + list(argv), seeds=seeds,
                        wall_time=time.perf_counter() - start,
                        cpu_time=cpu_seconds() - cpu_start,
                        extra={"experiments": [r["name"] for r in records]}),
               out / "metadata.json")
    return "\n".join(lines)


def main(argv=None):
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = argparse.ArgumentParser(
        prog="run_all.py", formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Run every experiment and write the results, a summary and the "
                    "metadata under one folder.",
        epilog="example:\n  python experiments/run_all.py --out results --quick\n"
               "  python experiments/run_all.py --only fan_counts landscape_claims")
    parser.add_argument("--out", default="results",
                        help="output folder (default: results)")
    parser.add_argument("--quick", action="store_true",
                        help="small sizes only, for CI (passed to every experiment "
                             "that has --quick)")
    parser.add_argument("--only", nargs="+", metavar="NAME",
                        help="run only these experiments")
    parser.add_argument("--skip", nargs="+", metavar="NAME", default=[],
                        help="do not run these experiments")
    parser.add_argument("--seed", type=int,
                        help="random seed passed to every experiment that has --seed "
                             "(default: each script's own)")
    parser.add_argument("--list", action="store_true",
                        help="list the experiments and exit")
    args = parser.parse_args(argv)

    names = discover()
    if args.list:
        print("\n".join(names))
        return 0
    unknown = [n for n in (args.only or []) + args.skip if n not in names]
    if unknown:
        parser.error(f"unknown experiment(s) {', '.join(unknown)}; "
                     f"choose from {', '.join(names)}")
    selected = [n for n in (args.only or names) if n not in args.skip]

    import tropnet  # noqa: F401  (initialises Sage once for every experiment)

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    start, cpu_start = time.perf_counter(), cpu_seconds()
    records = []
    try:
        for name in selected:
            records.append({"name": name, "status": "running", "exit_code": None,
                            "error": None, "wall_seconds": None, "cpu_seconds": None,
                            "seed": None, "args": None, "out": str(out / name)})
            write_summary(out, records, argv, start, cpu_start, args.seed)
            records[-1] = run_one(name, out, quick=args.quick, seed=args.seed)
            write_summary(out, records, argv, start, cpu_start, args.seed)
    except KeyboardInterrupt:
        records[-1]["status"] = "interrupted"
        write_summary(out, records, argv, start, cpu_start, args.seed)
        print("interrupted; the results so far are in", out, file=sys.stderr)
        return 130
    table = write_summary(out, records, argv, start, cpu_start, args.seed)
    print(table)
    print(f"results in {out}/ (summary.txt, summary.json, metadata.json)")
    return 0 if all(r["status"] == "ok" for r in records) else 1


if __name__ == "__main__":
    sys.exit(main())
