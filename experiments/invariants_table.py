"""
Completeness table of the known invariants of linear networks.

For each architecture (widths) the table has one row per notion of invariant
(see shared/docs/invariants.md):

- conservation laws, number: the certified count of the Lie-algebra method
  (lower bound: Jacobian rank of the balancedness entries; upper bound:
  iterated Lie brackets) and whether the known laws are functionally complete;
- conservation laws, polynomial: the dimension of the laws of degree <= d
  (lower: span of products of known laws; upper: rank modulo a prime) and
  whether the known laws generate them (algebraic completeness);
- first integrals of the square loss with random integer data;
- invariants of one trajectory of that flow from a random integer point
  (lower: Hilbert function of <q - q(theta_0)>, raised by certified extra
  invariants; upper: Taylor series modulo a prime);
- exact invariants of gradient descent with step 1/10;
- whether that gradient-descent step maps the balanced set into itself.

Every random choice (data, initial points, evaluation points) comes from the
seed given by --seed, recorded in the output.  The table is written as JSON
and CSV into --out after every row, so an interrupted run keeps the rows it
finished.

Usage:
    python experiments/invariants_table.py [--out DIR] [--seed N] [--quick]
        [--widths 1,1,1 2,2,2 ...] [--degree-laws D] [--degree-flow D]
        [--degree-trajectory D] [--degree-descent D]
"""
import argparse
import csv
import json
import os
import platform
import random
import sys
import time

import tropnet  # noqa: F401  (initialises Sage)
from tropnet.invariants import (
    DEFAULT_PRIME,
    LinearNetwork,
    conservation_law_count,
    gradient_descent_invariants,
    is_balanced_set_preserved,
    polynomial_invariants,
    trajectory_invariants,
)

DEFAULT_WIDTHS = [(1, 1, 1), (1, 2, 1), (2, 1, 2), (2, 2, 2), (1, 1, 1, 1), (1, 2, 2),
                  (2, 3, 2)]
STEP = "1/10"
COLUMNS = ["widths", "notion", "degree", "lower", "upper", "dimension", "verdict",
           "seconds"]


def parse_widths(text):
    try:
        widths = tuple(int(w) for w in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"widths must be comma-separated integers, got {text!r}"
        ) from None
    return widths


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default=os.path.join("results", "invariants"),
                        help="output folder for invariants_table.json/.csv")
    parser.add_argument("--seed", type=int, default=0,
                        help="seed of every random choice (default 0)")
    parser.add_argument("--widths", type=parse_widths, nargs="+",
                        default=DEFAULT_WIDTHS, help="architectures, e.g. 1,1,1 2,2,2")
    parser.add_argument("--degree-laws", type=int, default=None,
                        help="degree bound of the polynomial conservation laws "
                             "(default: 4, 3 with --quick)")
    parser.add_argument("--degree-flow", type=int, default=None,
                        help="degree bound of the first integrals (default: 4, "
                             "3 with --quick)")
    parser.add_argument("--degree-trajectory", type=int, default=None,
                        help="degree bound of the trajectory invariants (default: "
                             "3, 2 with --quick)")
    parser.add_argument("--degree-descent", type=int, default=None,
                        help="degree bound of the gradient-descent invariants "
                             "(default: 3, 2 with --quick)")
    parser.add_argument("--quick", action="store_true",
                        help="smaller degree bounds (for CI)")
    args = parser.parse_args(argv)
    defaults = (3, 3, 2, 2) if args.quick else (4, 4, 3, 3)
    names = ("degree_laws", "degree_flow", "degree_trajectory", "degree_descent")
    for name, value in zip(names, defaults):
        if getattr(args, name) is None:
            setattr(args, name, value)
    return args


def random_data(widths, rng):
    n_samples = widths[0] + 1
    X = [[rng.randint(-5, 5) for _ in range(n_samples)] for _ in range(widths[0])]
    Y = [[rng.randint(-5, 5) for _ in range(n_samples)] for _ in range(widths[-1])]
    return X, Y


def extras_text(extras, limit=2):
    shown = ", ".join(str(f) for f in extras[:limit])
    more = f", ... ({len(extras)} in all)" if len(extras) > limit else ""
    return shown + more


def rows_for(widths, args, rng):
    """Yield the rows of one architecture (dictionaries), one at a time."""
    N = LinearNetwork(widths)
    data = random_data(widths, rng)
    nonzero = [v for v in range(-9, 10) if v]
    point = tuple(rng.choice(nonzero) for _ in range(N.n_parameters()))
    base = {"widths": "x".join(map(str, widths)), "n_parameters": N.n_parameters()}

    t = time.perf_counter()
    c = conservation_law_count(N, seed=args.seed)
    if c.certified:
        verdict = f"certified {c.count} laws; known laws functionally complete"
    else:
        verdict = "not certified"
    yield dict(base, notion="conservation laws (number)", degree="-", lower=c.lower,
               upper=c.upper, dimension=c.count, verdict=verdict,
               seconds=time.perf_counter() - t,
               details={"lie_rank": c.lie_rank, "depth": c.depth, "n_known": c.n_known,
                        "point": [str(v) for v in c.point]})

    for notion, loss, d in [("conservation laws (polynomial)", "all", args.degree_laws),
                            ("first integrals (square loss, random data)", "square",
                             args.degree_flow)]:
        t = time.perf_counter()
        P = polynomial_invariants(N, d, loss=loss, data=None if loss == "all" else data)
        if P.is_complete:
            verdict = "complete: the known invariants generate all"
        else:
            verdict = (f"incomplete: {len(P.extra_invariants)} extra "
                       f"({extras_text(P.extra_invariants)})")
        yield dict(base, notion=notion, degree=d, lower=P.lower[-1], upper=P.upper[-1],
                   dimension=P.dimensions[-1], verdict=verdict,
                   seconds=time.perf_counter() - t,
                   details={"lower": list(P.lower), "upper": list(P.upper),
                            "dimensions": list(P.dimensions),
                            "known_dimensions": list(P.known_dimensions),
                            "method": P.method, "prime": P.prime,
                            "extra_invariants": [str(f) for f in P.extra_invariants],
                            "data": data if loss == "square" else None})

    t = time.perf_counter()
    d = args.degree_trajectory
    T = trajectory_invariants(N, point, d, data=data)
    if all(T.is_complete):
        verdict = "complete: the ideal is <q - q(theta_0)> in every degree"
    elif T.extra_invariants:
        first = T.is_complete.index(False) + 1
        verdict = (f"incomplete from degree {first}: {len(T.extra_invariants)} "
                   f"certified extra ({extras_text(T.extra_invariants)})")
        if not all(T.is_certified):
            verdict += "; bounds still differ"
    else:
        first = T.is_complete.index(False) + 1
        verdict = f"open: bounds differ from degree {first} on"
    yield dict(base, notion="trajectory invariants (square loss)", degree=d,
               lower=T.lower[-1], upper=T.upper[-1],
               dimension=T.lower[-1] if all(T.is_certified) else None, verdict=verdict,
               seconds=time.perf_counter() - t,
               details={"known_lower": list(T.known_lower), "lower": list(T.lower),
                        "upper": list(T.upper),
                        "extra_invariants": [str(f) for f in T.extra_invariants],
                        "initial_point": list(point), "prime": T.prime,
                        "n_terms": T.n_terms, "data": data})

    t = time.perf_counter()
    d = args.degree_descent
    G = gradient_descent_invariants(N, d, STEP, data=data, seed=args.seed)
    if G.dimensions[-1] == 0:
        verdict = "no polynomial invariant"
        if not G.certified:
            verdict += " found (uncertified)"
    else:
        verdict = f"{G.dimensions[-1]} invariants ({extras_text(G.basis)})"
    yield dict(base, notion=f"gradient descent invariants (step {STEP})", degree=d,
               lower=G.dimensions[-1], upper=G.upper[-1], dimension=G.dimensions[-1],
               verdict=verdict, seconds=time.perf_counter() - t,
               details={"upper": list(G.upper), "dimensions": list(G.dimensions),
                        "prime": G.prime, "n_points": G.n_points, "data": data})

    if N.depth() >= 2:
        t = time.perf_counter()
        v = is_balanced_set_preserved(N, STEP, data=data, seed=args.seed)
        verb = "mapped into itself" if v.is_preserved else "not mapped into itself"
        yield dict(base, notion=f"balanced set under gradient descent (step {STEP})",
                   degree="-", lower=None, upper=None, dimension=None,
                   verdict=f"{verb} ({v.certificate})", seconds=time.perf_counter() - t,
                   details=dict(v.as_dict(), data=data))


def write_outputs(out, metadata, rows):
    os.makedirs(out, exist_ok=True)
    json_path = os.path.join(out, "invariants_table.json")
    csv_path = os.path.join(out, "invariants_table.csv")
    tmp = json_path + ".tmp"
    with open(tmp, "w") as f:
        json.dump({"metadata": metadata, "rows": rows}, f, indent=1)
    os.replace(tmp, json_path)
    tmp = csv_path + ".tmp"
    with open(tmp, "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS, extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow(dict(row, seconds=f"{row['seconds']:.3f}"))
    os.replace(tmp, csv_path)
    return json_path, csv_path


def format_row(row):
    def cell(value):
        return "-" if value is None else str(value)

    return (f"{row['widths']:<8} {row['notion']:<48} {cell(row['degree']):>3} "
            f"{cell(row['lower']):>5} {cell(row['upper']):>5} "
            f"{row['seconds']:>7.2f}  {row['verdict']}")


def main(argv=None):
    args = parse_args(argv)
    metadata = {
        "seed": args.seed,
        "prime": DEFAULT_PRIME,
        "step": STEP,
        "widths": [list(w) for w in args.widths],
        "degrees": {"laws": args.degree_laws, "flow": args.degree_flow,
                    "trajectory": args.degree_trajectory,
                    "descent": args.degree_descent},
        "data": "random integers in [-5, 5], d_0 + 1 samples, from the seed",
        "python": platform.python_version(),
        "tropnet": tropnet.__version__,
        "started": time.strftime("%Y-%m-%dT%H:%M:%S"),
    }
    header = (f"{'widths':<8} {'notion':<48} {'deg':>3} {'lower':>5} {'upper':>5} "
              f"{'seconds':>7}  verdict")
    print(f"seed {args.seed}, prime {DEFAULT_PRIME}, step {STEP}")
    print(header)
    print("-" * len(header))
    rng = random.Random(args.seed)
    rows = []
    paths = None
    for widths in args.widths:
        for row in rows_for(widths, args, rng):
            rows.append(row)
            print(format_row(row), flush=True)
            paths = write_outputs(args.out, metadata, rows)
    metadata["finished"] = time.strftime("%Y-%m-%dT%H:%M:%S")
    paths = write_outputs(args.out, metadata, rows)
    print(f"wrote {paths[0]} and {paths[1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
