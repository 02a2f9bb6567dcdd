"""
Timings of tropnet.invariants on the reference results of invariants.md.

Prints the time of each reference count, first run and best run (targets:
well under one second each), and of the degree-8 completeness check for
widths (2, 2, 2) with the square loss and random integer data (target: under
30 s on a 2-core machine).  Every random choice comes from --seed.  Speed is
measured here, not asserted in the tests.

Usage:
    python experiments/benchmark_invariants.py [--seed N] [--repeat K]
        [--degree D] [--out DIR] [--quick]
"""
import argparse
import json
import os
import random
import sys
import time

import tropnet  # noqa: F401  (initialises Sage)
from tropnet.invariants import (
    LinearNetwork,
    conservation_law_count,
    elimination_ideal,
    gradient_descent_invariants,
    is_balanced_set_preserved,
    polynomial_invariants,
)
from sage.rings.polynomial.polynomial_ring_constructor import PolynomialRing
from sage.rings.rational_field import QQ


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=0,
                        help="seed of the random data (default: 0)")
    parser.add_argument("--repeat", type=int, default=3,
                        help="runs per reference timing (best is reported)")
    parser.add_argument("--degree", type=int, default=None,
                        help="degree bound of the (2, 2, 2) completeness check "
                             "(default: 8, 6 with --quick)")
    parser.add_argument("--out", default=None,
                        help="folder for benchmark_invariants.json (optional)")
    parser.add_argument("--quick", action="store_true",
                        help="one run per timing and degree 6 (for CI)")
    args = parser.parse_args(argv)
    if args.quick:
        args.repeat = 1
    if args.degree is None:
        args.degree = 6 if args.quick else 8
    return args


def random_data(widths, n_samples, rng):
    X = [[rng.randint(-5, 5) for _ in range(n_samples)] for _ in range(widths[0])]
    Y = [[rng.randint(-5, 5) for _ in range(n_samples)] for _ in range(widths[-1])]
    return X, Y


def timings(function, repeat):
    """Return (first run, best run, value): the first run includes one-time
    costs (Singular start-up, Sage's caches)."""
    times, value = [], None
    for _ in range(max(repeat, 1)):
        start = time.perf_counter()
        value = function()
        times.append(time.perf_counter() - start)
    return times[0], min(times), value


def reference_cases(rng):
    """Yield (name, function, check) for the reference results."""
    R = PolynomialRing(QQ, "a,b,c,d,x,y,z,w")
    a, b, c, d, x, y, z, w = R.gens()
    gens = [x - a * c, y - a * c * d, z - a * c**2 - b, w - a * c**2 * d - b * d]
    yield ("elimination x w - y z", lambda: elimination_ideal(gens, [a, b, c, d]),
           lambda J: str(J.gens()) == "[y*z - x*w]")
    for widths, count in [((1, 1, 1), 1), ((2, 1, 2), 1), ((1, 2, 1), 3),
                          ((2, 2, 2), 3), ((1, 1, 1, 1), 2)]:
        N = LinearNetwork(widths)
        yield (f"conservation laws {widths}: {count}",
               lambda N=N: conservation_law_count(N),
               lambda r, count=count: r.certified and r.count == count)
    N = LinearNetwork((1, 2, 1))
    yield ("(1,2,1) laws of degree <= 2: 4 vs 3",
           lambda: polynomial_invariants(N, 2),
           lambda P: P.dimensions == (0, 4) and P.known_dimensions == (0, 3))
    N = LinearNetwork((2, 2, 2))
    data = random_data((2, 2, 2), 3, rng)
    yield ("(2,2,2) square loss degree <= 4: 3, 9",
           lambda: polynomial_invariants(N, 4, loss="square", data=data),
           lambda P: P.dimensions == (0, 3, 3, 9) and P.is_complete)
    degenerate = ([[1], [2]], [[3], [-1]])
    yield ("(2,2,2) degenerate data: W_1 v",
           lambda: polynomial_invariants(N, 1, loss="square", data=degenerate),
           lambda P: P.dimensions == (2,))
    yield ("(2,2,2) gradient descent 1/10 degree <= 3: none",
           lambda: gradient_descent_invariants(N, 3, "1/10", data=data),
           lambda G: G.dimensions == G.upper == (0, 0, 0))
    N111 = LinearNetwork((1, 1, 1))
    data111 = random_data((1, 1, 1), 2, rng)
    yield ("(1,1,1) balanced set preserved",
           lambda: is_balanced_set_preserved(N111, "1/10", data=data111),
           lambda v: v.is_preserved)
    yield ("(2,2,2) balanced set not preserved",
           lambda: is_balanced_set_preserved(N, "1/10", data=data),
           lambda v: not v.is_preserved)


def main(argv=None):
    args = parse_args(argv)
    rng = random.Random(args.seed)
    results = {"seed": args.seed, "repeat": args.repeat, "reference": [],
               "degree": None}
    print(f"seed {args.seed}, best of {args.repeat} runs")
    print(f"{'reference result':<50} {'first s':>8} {'best s':>8}  check")
    for name, function, check in reference_cases(rng):
        first, best, value = timings(function, args.repeat)
        ok = bool(check(value))
        results["reference"].append({"name": name, "first_seconds": first,
                                     "best_seconds": best, "ok": ok})
        print(f"{name:<50} {first:>8.3f} {best:>8.3f}  {'ok' if ok else 'FAILED'}",
              flush=True)

    N = LinearNetwork((2, 2, 2))
    data = random_data((2, 2, 2), 3, rng)
    start = time.perf_counter()
    P = polynomial_invariants(N, args.degree, loss="square", data=data)
    seconds = time.perf_counter() - start
    results["degree"] = {
        "widths": [2, 2, 2], "degree": args.degree, "data": data,
        "seconds": seconds, "dimensions": list(P.dimensions),
        "lower": list(P.lower), "upper": list(P.upper),
        "is_complete": P.is_complete, "method": P.method, "prime": P.prime,
    }
    target = " (target < 30 s)" if args.degree == 8 else ""
    print(f"\n(2,2,2), square loss, random data, degree <= {args.degree}: "
          f"{seconds:.2f} s{target}")
    print(f"  dimensions {P.dimensions}")
    print(f"  lower {P.lower}, upper {P.upper}, complete: {P.is_complete} "
          f"({P.method}, prime {P.prime})")
    if args.out:
        os.makedirs(args.out, exist_ok=True)
        path = os.path.join(args.out, "benchmark_invariants.json")
        with open(path, "w") as f:
            json.dump(results, f, indent=1)
        print(f"wrote {path}")
    return 0 if all(r["ok"] for r in results["reference"]) else 1


if __name__ == "__main__":
    sys.exit(main())
