r"""
Counts of classification fans, checked against independent formulas.

Claims of the seed (Part I) tested here:

- *Linear classifiers*: the cells of parameter space are the chambers of the
  arrangement of the hyperplanes `(1, p)^\perp`; for points in general position
  their number is Cover's count `2\sum_{j\le d}\binom{N-1}{j}` and the number of
  walls is `N` times Cover's count one dimension lower.
- *Tropical rational classifiers*: the subdivision is the normal fan of the
  Minkowski sum of one `(n+m-1)`-simplex per data point: the number of maximal
  cones equals the number of vertices of that polytope, and equals
  `\sum_r P_r K!/(K-r)!` over realizable unordered partitions.
- For collinear points, the count `\sum_r \binom{N-1}{r-1} K!/(K-r)!`.

It also times the reference (normaliz) route at the sizes quoted in the notes.

Usage::

    python experiments/fan_counts.py --out results/fan_counts [--quick]
"""
import argparse
import csv
import itertools
import json
import random
import sys
import time
from math import comb, factorial
from pathlib import Path


def cover(N, d):
    return 2 * sum(comb(N - 1, j) for j in range(d + 1))


def general_position(N, d, rng, size=30):
    from sage.matrix.constructor import matrix
    from sage.rings.rational_field import QQ
    while True:
        pts = [tuple(rng.randint(-size, size) for _ in range(d)) for _ in range(N)]
        if all(matrix(QQ, [(1,) + pts[i] for i in c]).rank() == d + 1
               for c in itertools.combinations(range(N), min(N, d + 1))):
            return pts


def partition_count(fan):
    K = fan.n_terms()
    blocks = {}
    for sigma in fan.maximal_cones():
        part = frozenset(frozenset(i for i, s in enumerate(sigma) if s == k)
                         for k in set(sigma))
        blocks.setdefault(len(part), set()).add(part)
    return sum(len(p) * factorial(K) // factorial(K - r) for r, p in blocks.items())


def run(args):
    import tropnet
    from tropnet import ClassificationFan

    rng = random.Random(args.seed)
    rows = []

    def record(claim, config, n, m, fan, expected, formula):
        start = time.perf_counter()
        cones, walls = fan.n_maximal_cones(), fan.n_walls()
        seconds = time.perf_counter() - start
        row = {"claim": claim, "configuration": config, "n": n, "m": m,
               "points": fan.data.n_points(), "d": fan.data.dim(),
               "backend": fan.backend, "cones": cones, "walls": walls,
               "expected": expected, "formula": formula,
               "holds": expected is None or expected == cones,
               "seconds": round(seconds, 3)}
        rows.append(row)
        print(f"{claim:<28} {config:<34} (n,m)=({n},{m}) cones={cones:<6} "
              f"walls={walls:<6} expected={expected!s:<6} "
              f"{'ok' if row['holds'] else 'FAILS'}  {seconds:.2f}s", flush=True)
        return row

    sizes = [(4, 1), (6, 2), (5, 3)] if args.quick else [(6, 1), (9, 2), (7, 3)]
    for N, d in sizes:
        pts = general_position(N, d, rng)
        fan = ClassificationFan(pts, 1, 1, backend=args.backend)
        row = record("Cover's count (n=m=1)", f"{N} random points, d={d}", 1, 1, fan,
                     cover(N, d), "2 sum_{j<=d} C(N-1, j)")
        row["walls_expected"] = N * cover(N - 1, d - 1)
        row["walls_hold"] = row["walls"] == row["walls_expected"]

    for N, K in ([(4, 3)] if args.quick else [(5, 3), (6, 4)]):
        pts = [(i, 2 * i + 1) for i in range(N)]
        fan = ClassificationFan(pts, 1, K - 1, backend=args.backend)
        record("collinear count", f"{N} collinear points in R^2", 1, K - 1, fan,
               sum(comb(N - 1, r - 1) * factorial(K) // factorial(K - r)
                   for r in range(1, min(N, K) + 1)),
               "sum_r C(N-1, r-1) K!/(K-r)!")

    timing = [(4, 2)] if args.quick else [(5, 2), (6, 2)]
    for N, _ in timing:
        pts = general_position(N, 2, rng)
        fan = ClassificationFan(pts, 2, 2, backend=args.backend)
        row = record("normal fan = vertices", f"{N} random points, d=2", 2, 2, fan,
                     None, "sum_r P_r K!/(K-r)!")
        row["partition_formula"] = partition_count(fan)
        row["holds"] = row["partition_formula"] == row["cones"]
        if N <= 4:
            P = fan.activation_polytope()
            row["polytope_vertices"] = P.n_vertices()
            row["holds"] = row["holds"] and P.n_vertices() == row["cones"]

    from tropnet.datasets import iris_sample
    iris = iris_sample(5)
    fan = ClassificationFan(iris, 1, 1, backend=args.backend)
    record("real data (Iris, 10 rows)", "sepal length/width", 1, 1, fan, None,
           "(collinear triples: no formula)")

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "fan_counts.json").write_text(json.dumps(
        {"seed": args.seed, "tropnet": tropnet.__version__, "rows": rows}, indent=2))
    with open(out / "fan_counts.csv", "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=sorted({k for r in rows for k in r}))
        writer.writeheader()
        writer.writerows(rows)
    failures = [r for r in rows if not r["holds"] or not r.get("walls_hold", True)]
    print(f"{len(rows)} checks, {len(failures)} failures; results in {out}")
    return 1 if failures else 0


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default="results/fan_counts", help="output folder")
    parser.add_argument("--seed", type=int, default=2024, help="random seed (default: 2024)")
    parser.add_argument("--backend", default="normaliz", help="fan engine")
    parser.add_argument("--quick", action="store_true", help="small sizes only")
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
