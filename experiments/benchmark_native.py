r"""
Benchmark of the native engine against the reference (normaliz) route.

For points in general position in the plane (integer coordinates below
10^6, no three collinear) and ``n = m = 2``, the script prints, side by side,
the native engine and the normaliz route for 4 to 7 points, then the native
engine alone for larger configurations (9 to 12 points by default): maximal
cones, walls, rejected candidates, seconds, peak memory and cones per second.
The configurations are nested: the first ``N`` points of one fixed list.

Every native run goes through :func:`tropnet.stream.enumerate_fan`: every
cone, wall and rejection certificate is checked in exact arithmetic by
:mod:`tropnet.certificates` before it is counted, and nothing is stored.  The
normaliz route is :class:`tropnet.ClassificationFan` with
``backend="normaliz"`` (its interior and wall points are checked too).  Both
report a digest of the sorted cone patterns and walls, and the script checks
that they agree.

Each measurement runs in a fresh Python process, so that peak memory (the
maximum resident set size, including the Sage library) belongs to that run
alone.  Figures depend on the load of the machine: the script prints the load
average before it starts.

Usage::

    python experiments/benchmark_native.py [--compare 4 5 6 7] \
        [--native-only 9 10 11 12] [--skip-normaliz-above 6] [--out DIR]
    python experiments/benchmark_native.py --quick     # 4 and 5 points, then 9

The exit code is 0 when every run finished and the two engines gave the same
fan wherever both ran.
"""
import argparse
import hashlib
import json
import os
import subprocess
import sys
import time

N_MAX = 12


def configuration(N, seed=2024):
    r"""
    Return the first ``N`` of a fixed list of integer points in
    `[0, 10^6)^2`, no three of them collinear (checked exactly).

    EXAMPLES::

        sage: import sys; sys.path.insert(0, "experiments")
        sage: from benchmark_native import configuration
        sage: len(configuration(9)), configuration(4) == configuration(9)[:4]
        (9, True)
    """
    import random
    rng = random.Random(seed)
    points = []
    while len(points) < max(N, N_MAX):
        p = (rng.randrange(10 ** 6), rng.randrange(10 ** 6))
        collinear = any((b[0] - a[0]) * (p[1] - a[1]) == (b[1] - a[1]) * (p[0] - a[0])
                        for i, a in enumerate(points) for b in points[:i])
        if p not in points and not collinear:
            points.append(p)
    return [list(p) for p in points[:N]]


def _digest(cones, walls):
    h = hashlib.sha256()
    for c in sorted(cones):
        h.update(repr(c).encode())
    h.update(b"|")
    for w in sorted(walls):
        h.update(repr(w).encode())
    return h.hexdigest()[:16]


def measure(engine, N, seed=2024, rejections=True):
    r"""
    Compute the fan of ``configuration(N)`` with ``n = m = 2`` in this
    process and return a dict of figures; with ``rejections=False`` the
    native engine still computes and checks every rejection certificate but
    does not hand them out (nor does the stream check them again).
    """
    import resource

    import tropnet  # noqa: F401
    from tropnet.backends import Cone, Rejection, Wall

    points = configuration(N, seed)
    start = time.perf_counter()
    if engine == "native":
        from tropnet.stream import enumerate_fan
        cones, walls, n_rejections = [], [], 0
        keep = N <= 8
        n_cones = n_walls = 0
        for r in enumerate_fan(points, 2, 2, max_cones=None, rejections=rejections):
            if isinstance(r, Cone):
                n_cones += 1
                if keep:
                    cones.append(r.pattern)
            elif isinstance(r, Wall):
                n_walls += 1
                if keep:
                    walls.append((r.first, r.second))
            elif isinstance(r, Rejection):
                n_rejections += 1
    else:
        from tropnet import ClassificationFan
        F = ClassificationFan(points, 2, 2, backend=engine)
        cones = list(F.maximal_cones())
        walls = [tuple(sorted(w)) for w in F.walls()]
        n_cones, n_walls, n_rejections = len(cones), len(walls), 0
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"engine": engine, "points": N, "cones": n_cones, "walls": n_walls,
            "rejections": n_rejections, "seconds": seconds, "peak_mb": peak,
            "digest": _digest(cones, walls) if cones else None}


def _run_child(engine, N, seed, timeout, rejections=True):
    cmd = [sys.executable, os.path.abspath(__file__), "--single", engine, str(N),
           "--seed", str(seed)] + ([] if rejections else ["--no-rejections"])
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"engine": engine, "points": N, "error": f"timeout after {timeout} s"}
    if out.returncode != 0:
        last = out.stderr.strip().splitlines()[-1] if out.stderr.strip() else "failed"
        return {"engine": engine, "points": N, "error": last}
    return json.loads(out.stdout.strip().splitlines()[-1])


def _row(result, reference=None):
    if "error" in result:
        return f"{result['points']:>3} {result['engine']:>9}  {result['error']}"
    rate = result["cones"] / result["seconds"] if result["seconds"] > 0 else 0.0
    text = (f"{result['points']:>3} {result['engine']:>9} {result['cones']:>9} "
            f"{result['walls']:>10} {result['rejections']:>10} "
            f"{result['seconds']:>9.2f} {result['peak_mb']:>8.0f} {rate:>10.0f}")
    if reference is not None and "error" not in reference:
        speedup = reference["seconds"] / result["seconds"]
        same = result["digest"] == reference["digest"]
        text += f"  {speedup:>8.1f}x  {'same fan' if same else 'DIFFERENT FAN'}"
    elif reference is not None and reference["error"].startswith("timeout after"):
        # the reference did not finish: its time limit bounds the speed-up
        limit = float(reference["error"].split()[2])
        text += f"  >{limit / result['seconds']:>7.0f}x  (normaliz timed out)"
    return text


def main(argv=None):
    r"""
    Run the benchmark and print the table; return 0 when every run finished
    and the engines agree wherever both ran, 1 otherwise.

    INPUT:

    - ``argv`` -- list of strings (default: ``sys.argv[1:]``); see ``--help``
    """
    parser = argparse.ArgumentParser(
        description="Native engine vs normaliz route: points in the plane, n = m = 2.",
        epilog="example: python experiments/benchmark_native.py --compare 4 5 6 7 "
               "--native-only 9 10 11 12 --skip-normaliz-above 6")
    parser.add_argument("--compare", type=int, nargs="*", default=[4, 5, 6, 7],
                        help="sizes run with both engines (default: 4 5 6 7)")
    parser.add_argument("--native-only", type=int, nargs="*", default=[9, 10, 11, 12],
                        help="sizes run with the native engine alone "
                             "(default: 9 10 11 12)")
    parser.add_argument("--skip-normaliz-above", type=int, default=N_MAX,
                        help="do not run normaliz above this many points (it takes "
                             "about 700 s at 7 points); default: never skip")
    parser.add_argument("--timeout", type=float, default=3600.0,
                        help="seconds allowed per run (default: 3600)")
    parser.add_argument("--seed", type=int, default=2024,
                        help="seed of the point configuration (default: 2024)")
    parser.add_argument("--quick", action="store_true",
                        help="compare at 4 and 5 points only, and run the native "
                             "engine alone at 9 points only")
    parser.add_argument("--no-rejections", action="store_true",
                        help="native engine: do not hand out (nor check again) the "
                             "rejection certificates; cones and walls only")
    parser.add_argument("--out", help="folder for benchmark.json and benchmark.txt")
    parser.add_argument("--json", help="also write the results to this JSON file")
    parser.add_argument("--single", nargs=2, metavar=("ENGINE", "N"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.single:
        engine, N = args.single[0], int(args.single[1])
        print(json.dumps(measure(engine, N, args.seed, not args.no_rejections)))
        return 0
    if args.quick:
        args.compare = [N for N in args.compare if N <= 5]
        args.native_only = [N for N in args.native_only if N <= 9]

    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    print(f"points in general position in the plane, n = m = 2, seed {args.seed}; "
          f"{os.cpu_count()} cores, load average {load}")
    print("every native record is checked exactly by tropnet.certificates; "
          "peak = max resident set size of the run's process (incl. Sage)")
    header = (f"{'N':>3} {'engine':>9} {'cones':>9} {'walls':>10} {'rejected':>10} "
              f"{'seconds':>9} {'peak MB':>8} {'cones/s':>10}  {'speedup':>8}")
    print(header)
    lines = [header]
    results = []
    agree = True
    for N in args.compare:
        native = _run_child("native", N, args.seed, args.timeout,
                            not args.no_rejections)
        results.append(native)
        if N > args.skip_normaliz_above:
            print(_row(native) + "  (normaliz skipped: --skip-normaliz-above "
                  f"{args.skip_normaliz_above})", flush=True)
            continue
        reference = _run_child("normaliz", N, args.seed, args.timeout)
        results.append(reference)
        lines += [_row(reference), _row(native, reference)]
        print(lines[-2], flush=True)
        print(lines[-1], flush=True)
        if "error" not in native and "error" not in reference:
            agree = agree and native["digest"] == reference["digest"]
    for N in args.native_only:
        native = _run_child("native", N, args.seed, args.timeout,
                            not args.no_rejections)
        results.append(native)
        lines.append(_row(native))
        print(lines[-1], flush=True)
    targets = [args.json] if args.json else []
    if args.out:
        os.makedirs(args.out, exist_ok=True)
        targets.append(os.path.join(args.out, "benchmark.json"))
        with open(os.path.join(args.out, "benchmark.txt"), "w") as f:
            f.write("\n".join(lines) + "\n")
    for target in targets:
        with open(target, "w") as f:
            json.dump(results, f, indent=1)
    errors = [r for r in results if "error" in r]
    if not agree:
        print("the engines disagree on some fan", flush=True)
    return 0 if agree and not errors else 1


if __name__ == "__main__":
    sys.exit(main())
