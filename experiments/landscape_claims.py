r"""
The seed's three claims about the 0/1-loss landscape, checked exactly.

The claims (see ``shared/docs/math.md``, "The 0/1-loss landscape"):

1. For 9 points in general position in the plane and ``n = m = 2`` the
   parameter space ``R^12`` is subdivided into 41680 maximal cones; for one
   labelling, 16 cones make no mistake, in 8 components, and 304 cones make
   one mistake, in 28 components.  The points and the labelling are not
   published.
2. For linear classifiers (``n = m = 1``) every local minimum of the
   0/1-loss is global; more precisely, from every cone a chain of adjacent
   cones with strictly decreasing loss reaches a global minimum.
3. For larger ``(n, m)`` local minima need not be global.

What the script does:

1. Draws random configurations of ``--points`` integer points in general
   position in the plane (no two equal, no three collinear, checked
   exactly), computes the fan for ``(--n, --m)`` and, over all labellings,
   the sizes and numbers of components of the level sets of loss 0 and 1.
   It reports, for every configuration, the number of cones against 41680,
   how many labellings match the published level sets (also reading "28
   components" as those of the sublevel set of loss at most 1), and the
   labelling closest to (16, 8, 304, 28); overall, the closest instance it
   found.  The paper's instance is unknown: a configuration
   that reproduces the numbers is *an* instance with these numbers, never
   the paper's.  ``--search-budget`` is the number of configurations.
2. Checks claim 2 over all labellings of fixed configurations (points on a
   line, the square, a square with two interior points, random points in
   general position, the first configuration of part 1, the Iris sample)
   and reports how many labellings hold and a certified witness otherwise.
   The verdict names the configurations where the claim fails: it does
   fail for ``n = m = 1``, on points on a line (four points with labels
   ``+, -, +, -``) and on points in general position in the plane alike.
3. Looks for a local minimum that is not global for each architecture of
   ``--architectures`` on four points on a line, on random points in
   general position, on a fixed configuration of seven points in general
   position in the plane, and over all labellings of the first
   configuration of part 1 (with its architecture), and certifies the
   witness.  A witness is evidence for claim 3 only when claim 2 holds for
   ``n = m = 1`` on the same points with the same labels (checked): a
   local minimum that is not global where the linear classifier already
   has one (for instance on four points on a line) says nothing about
   larger ``(n, m)``.  Such witnesses are printed, marked as no evidence,
   and the verdict rests on the others only.

It also runs the landscape on the Iris sample shipped with tropnet (repeated
points and collinear triples; everything stays exact).

Every cone and wall comes from the fan, whose exact interior points and
facet points are checked in exact arithmetic when it is computed; every
reported witness is checked once more by
:meth:`tropnet.landscape.Landscape.certify_local_minimum`, and every
reported failure of strict descent by
:meth:`tropnet.landscape.Landscape.certify_no_descent`.  Results go to
``--out`` (default ``results/landscape``): ``results.json`` (exact values as
strings), ``search.jsonl`` (one line per searched configuration, written as
it finishes, so an interrupted search keeps what it found) and PNG plots.

The exit code is 0 when every computation finished and every certificate was
verified, whatever the verdicts on the claims; they are printed and stored.

Usage::

    python experiments/landscape_claims.py --backend native
    python experiments/landscape_claims.py --quick --backend normaliz
"""
import argparse
import itertools
import json
import random
import re
import sys
import time
from pathlib import Path

import tropnet
from tropnet import ClassificationFan
from tropnet.datasets import iris_sample
from tropnet.landscape import Landscape, check_local_minima_are_global

PUBLISHED = {"n_cones": 41680, "level0_cones": 16, "level0_components": 8,
             "level1_cones": 304, "level1_components": 28}

QUICK = {"points": 4, "search_budget": 2, "claim2_points": 6, "claim3_points": 4,
         "claim3_max_terms": 3, "claim2_iris_k": 3, "iris_k_linear": 8, "iris_k": 2}

#: claim 3: seven integer points in general position in the plane, found by a
#: search over random configurations in [0, 8)^2 (not the paper's points) for
#: one where, for some labelling, the linear classifier has every local minimum
#: global while ``(n, m) = (1, 2)`` has one that is not (no configuration of six
#: points searched had one); the script checks all of this again
SEVEN_POINTS = [[7, 7], [1, 0], [2, 4], [4, 5], [4, 0], [7, 5], [5, 2]]


def exact(x):
    r"""Return ``x`` with every rational written as a string, recursively."""
    if isinstance(x, dict):
        return {str(k) if not isinstance(k, (str, int)) else k: exact(v)
                for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [exact(v) for v in x]
    if isinstance(x, (bool, str)) or x is None:
        return x
    if isinstance(x, int):
        return x
    if hasattr(x, "numerator") and hasattr(x, "denominator"):
        return str(x)
    return str(x)


def general_position(points):
    r"""Return whether no two points are equal and no three are collinear."""
    if len(set(map(tuple, points))) != len(points):
        return False
    for p, q, r in itertools.combinations(points, 3):
        if (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0]) == 0:
            return False
    return True


def position(points):
    r"""Return how the points lie, in words (for the records and verdicts)."""
    points = [tuple(p) for p in points]
    if len(set(points)) != len(points):
        return "repeated points"
    if len(points[0]) == 1:
        return "d = 1"
    if len(points[0]) == 2:
        if general_position(points):
            return "general position in the plane"
        p, q = points[0], points[1]
        if all((q[0] - p[0]) * (r[1] - p[1]) == (q[1] - p[1]) * (r[0] - p[0])
               for r in points[2:]):
            return "collinear in the plane"
        return "collinear triples in the plane"
    return f"d = {len(points[0])}"


def signs(labels):
    r"""Return a labelling as a word of ``+`` and ``-``."""
    return "".join("+" if y == 1 else "-" for y in labels)


def stuck_record(L, stuck):
    r"""Return a failure of strict descent with its checked certificate."""
    cert = L.certify_no_descent(stuck)
    return {"labels": list(L.labels()), "start": list(stuck.start),
            "reachable": [{"cone": list(p), "loss": k}
                          for p, k in stuck.reachable.items()],
            "certificate": {k: list(v) if isinstance(v, tuple) else v
                            for k, v in cert.items()}}


def random_configuration(rng, n_points, bound):
    r"""Return integer points in ``[0, bound)^2`` in general position."""
    while True:
        points = [[rng.randrange(bound), rng.randrange(bound)] for _ in range(n_points)]
        if general_position(points):
            return points


def distance(found):
    r"""Return the sum of the relative differences to the published numbers."""
    return sum(abs(found[k] - v) / v for k, v in PUBLISHED.items())


def level_counts(fan, labels):
    L = Landscape(fan, labels)
    comps0 = L.level_set_components(0)
    comps1 = L.level_set_components(1)
    return {"level0_cones": sum(len(c) for c in comps0),
            "level0_components": len(comps0),
            "level1_cones": sum(len(c) for c in comps1),
            "level1_components": len(comps1),
            "sublevel1_components": L.n_sublevel_set_components(1)}


def minimum_record(L, M, certify=True):
    fan = L.fan()
    record = {"loss": M.loss, "is_global": M.is_global, "min_loss": L.min_loss(),
              "cones": [list(p) for p in M.cones],
              "interior_points": [list(fan.interior_point(p)) for p in M.cones[:5]],
              "neighbours": [{"cone": list(p), "loss": k} for p, k in M.neighbours]}
    if certify:
        cert = L.certify_local_minimum(M)
        record["certificate"] = {k: list(v) if isinstance(v, tuple) else v
                                 for k, v in cert.items()}
    return record


def plural(count, word):
    return f"{count} {word}" + ("" if count == 1 else "s")


def say(text=""):
    print(text, flush=True)


# ----------------------------------------------------------------------

def claim_one(args, out, rng, plots):
    say("== Claim 1: 9 points in general position, n = m = 2: 41680 cones; "
        "16 cones of loss 0 in 8 components, 304 of loss 1 in 28 components")
    say(f"   searched here: {args.points} points, (n, m) = ({args.n}, {args.m}), "
        f"backend {args.backend!r}, {args.search_budget} random configuration(s) "
        f"with coordinates in [0, {args.coordinate_bound}), all labellings of each, "
        f"seed {args.seed}")
    started = time.strftime("%Y-%m-%dT%H:%M:%S")
    best = None
    first = None
    configurations = []
    matches = {"level0": 0, "level1": 0, "both_levels": 0, "cone_count": 0,
               "both_reading_sublevel": 0}
    interrupted = False
    with open(out / "search.jsonl", "a", encoding="utf-8") as log:
        try:
            for trial in range(args.search_budget):
                points = random_configuration(rng, args.points, args.coordinate_bound)
                start = time.perf_counter()
                fan = ClassificationFan(points, args.n, args.m, backend=args.backend)
                n_cones = fan.n_maximal_cones()
                seconds = time.perf_counter() - start
                closest = None
                level0 = level1 = both = sublevel = 0
                for labels in itertools.product((1, -1), repeat=args.points):
                    found = dict(level_counts(fan, labels), n_cones=n_cones)
                    ok0 = (found["level0_cones"], found["level0_components"]) == \
                        (PUBLISHED["level0_cones"], PUBLISHED["level0_components"])
                    ok1 = (found["level1_cones"], found["level1_components"]) == \
                        (PUBLISHED["level1_cones"], PUBLISHED["level1_components"])
                    level0 += ok0
                    level1 += ok1
                    both += ok0 and ok1
                    # the other reading: 28 components of the sublevel set L_{<=1}
                    sublevel += ok0 and found["level1_cones"] == 304 and \
                        found["sublevel1_components"] == 28
                    score = distance(found)
                    if closest is None or score < closest[0]:
                        closest = (score, labels, found)
                matches["level0"] += level0
                matches["level1"] += level1
                matches["both_levels"] += both
                matches["cone_count"] += n_cones == PUBLISHED["n_cones"]
                matches["both_reading_sublevel"] += sublevel
                record = {"run_started": started, "seed": args.seed, "trial": trial,
                          "points": points, "n": args.n, "m": args.m,
                          "n_cones": n_cones, "n_walls": fan.n_walls(),
                          "fan_seconds": round(seconds, 3),
                          "labellings_matching_level0": level0,
                          "labellings_matching_level1": level1,
                          "labellings_matching_both_levels": both,
                          "labellings_matching_sublevel_reading": sublevel,
                          "closest_labels": list(closest[1]), "closest": closest[2],
                          "distance": closest[0],
                          "reproduces_cone_count": n_cones == PUBLISHED["n_cones"],
                          "reproduces_all": closest[0] == 0}
                log.write(json.dumps(record) + "\n")
                log.flush()
                configurations.append(record)
                say(f"   configuration {trial}: {points}")
                say(f"     {n_cones} cones, {fan.n_walls()} walls ({seconds:.1f} s); "
                    f"labellings with (16 cones, 8 components) at loss 0: {level0}, "
                    f"with (304, 28) at loss 1: {level1}, both: {both} "
                    f"(reading 28 as the components of L<=1: {sublevel})")
                say(f"     closest labelling {closest[1]}: "
                    f"{closest[2]['level0_cones']} cones of loss 0 in "
                    f"{plural(closest[2]['level0_components'], 'component')}, "
                    f"{closest[2]['level1_cones']} of loss 1 in "
                    f"{plural(closest[2]['level1_components'], 'component')}")
                if first is None:
                    first = (points, fan, closest[1])
                if best is None or closest[0] < best["distance"]:
                    best = dict(record, fan=fan)
        except KeyboardInterrupt:
            interrupted = True
            say(f"   search interrupted after {len(configurations)} configuration(s); "
                f"they are kept in {out / 'search.jsonl'}")
    if best is None:
        result = {"configurations": [], "interrupted": True,
                  "verdict": "not checked (interrupted before any configuration)"}
        return result, None, True

    fan = best.pop("fan")
    labels = tuple(best["closest_labels"])
    L = fan.landscape(labels)
    summary = L.summary()
    quotient = L.summary_modulo_symmetry()
    say(f"   closest instance found: configuration {best['trial']}, labels {labels}")
    say(f"     {L.summary_text(max_loss=3)}")
    say(f"     modulo permuting numerator and denominator terms: " + "; ".join(
        f"loss {k}: {plural(q['n_cones'], 'orbit')} of cones in "
        f"{plural(q['n_components'], 'orbit')} of components"
        for k, q in list(quotient.items())[:3]))
    cones_ok = best["n_cones"] == PUBLISHED["n_cones"]
    all_ok = best["distance"] == 0
    if all_ok:
        verdict = ("reproduced: this configuration and labelling have exactly the "
                   "published numbers (an instance with these numbers, not the "
                   "paper's instance, whose points are unpublished)")
    else:
        counts = [c["n_cones"] for c in configurations]
        nearest = min(counts, key=lambda c: abs(c - PUBLISHED["n_cones"]))
        verdict = ("not reproduced in this search" + (
            " (the cone count matched, the level sets did not)" if cones_ok else
            f" (cone counts {min(counts)} to {max(counts)}, nearest {nearest} vs "
            f"41680; the closest labelling's configuration has {best['n_cones']})"))
    if args.points != 9 or (args.n, args.m) != (2, 2):
        verdict += "; NOTE: searched at a smaller size than the claim's"
    say(f"   verdict: {verdict}")
    minima = L.local_minima()
    bad = [M for M in minima if not M.is_global]
    say(f"     local minima of this landscape: {len(minima)}, of which not global: "
        f"{len(bad)}")
    say(f"   over all {len(configurations)} configuration(s): cone count 41680 in "
        f"{matches['cone_count']}; labellings matching loss 0: {matches['level0']}, "
        f"loss 1: {matches['level1']}, both: {matches['both_levels']}; both with "
        f"28 read as the components of L<=1: {matches['both_reading_sublevel']}")
    result = {"configurations": configurations, "closest": best, "matches": matches,
              "interrupted": interrupted,
              "closest_summary": summary, "closest_summary_modulo_symmetry": quotient,
              "closest_summary_text": L.summary_text(),
              "n_local_minima": len(minima), "n_non_global_local_minima": len(bad),
              "non_global_witness": minimum_record(L, bad[0]) if bad else None,
              "verdict": verdict}
    if plots:
        zero = L.level_set(L.min_loss())[0]
        result["plots"] = [
            str(plot_boundary(L, zero, out / "claim1_boundary.png",
                              "claim 1, closest instance: a cone of loss "
                              f"{L.min_loss()}")),
            str(plot_levels(L, out / "claim1_levels.png"))]
    return result, first, interrupted


def plot_boundary(L, sigma, path, title):
    from tropnet.plot import plot_decision_boundary
    return plot_decision_boundary(L, sigma, str(path), title=title)


def plot_levels(L, path, max_cones=800):
    from tropnet.plot import plot_level_sets
    return plot_level_sets(L, str(path), max_cones=max_cones, seed=0)


def check_configuration(name, points, args, out, plots, n=1, m=1, labels=None,
                        fan=None, linear=None):
    r"""
    Check claim 2's property (every local minimum global, strict descent
    everywhere) for ``(n, m)`` over all labellings of ``points`` and return
    the record.  With ``linear`` (a dictionary from each labelling to its
    :class:`~tropnet.landscape.LocalMinimaCheck` for ``n = m = 1`` on the
    same points), a witness of a local minimum that is not global is
    evidence for claim 3 when the linear check holds for its labelling; such
    a witness is preferred, and every witness is marked.
    """
    start = time.perf_counter()
    if fan is None:
        fan = ClassificationFan(points, n, m, backend=args.backend)
    checks = check_local_minima_are_global(fan, labels)
    holds = sum(1 for c in checks if c.holds)
    non_global = [c for c in checks if c.non_global_minimum is not None]
    stuck_only = [c for c in checks if c.non_global_minimum is None and not c.holds]
    evidence = [c for c in non_global if linear is not None and linear[c.labels].holds]
    record = {"name": name, "points": points, "position": position(points),
              "n": n, "m": m,
              "n_cones": fan.n_maximal_cones(), "n_labellings": len(checks),
              "n_holds": holds, "n_with_non_global_local_minimum": len(non_global),
              "n_failing_only_strict_descent": len(stuck_only),
              "failing_labellings": [list(c.labels) for c in checks if not c.holds],
              "seconds": round(time.perf_counter() - start, 3), "witness": None}
    say(f"   {name} ({record['position']}; (n, m) = ({n}, {m}); "
        f"{fan.n_maximal_cones()} cones): {holds} of {len(checks)} labellings hold; "
        f"{len(non_global)} have a local minimum that is not global; "
        f"{len(stuck_only)} fail only the strict-descent form")
    if linear is not None:
        record["n_witnesses_where_linear_holds"] = len(evidence)
        record["n_labellings_where_linear_holds"] = sum(1 for c in linear.values()
                                                        if c.holds)
    if non_global:
        c = (evidence or non_global)[0]
        L = fan.landscape(c.labels)
        M = c.non_global_minimum
        record["witness"] = dict(labels=list(c.labels), **minimum_record(L, M))
        say(f"     witness: labels {signs(c.labels)}: {len(M.cones)} cone(s) of loss "
            f"{M.loss} (minimum {L.min_loss()}), e.g. {M.cones[0]}; neighbours' "
            f"losses {sorted(set(k for _, k in M.neighbours))}; certified: "
            f"{record['witness']['certificate']}")
        if linear is not None:
            record["witness_is_evidence"] = bool(evidence)
            record["witness"]["linear"] = linear_record(linear[c.labels])
            say(f"     {evidence_text(linear[c.labels])}")
        if plots and len(points[0]) == 2:
            slug = re.sub(r"[^0-9A-Za-z]+", "_", name).strip("_")
            slug = f"{slug}_n{n}_m{m}"
            title = f"{name}, (n, m) = ({n}, {m})"
            record["plots"] = [
                str(plot_boundary(L, M.cones[0], out / f"{slug}_witness.png",
                                  f"{title}: local minimum of loss {M.loss}, "
                                  f"not global")),
                str(plot_boundary(L, L.level_set(L.min_loss())[0],
                                  out / f"{slug}_global.png",
                                  f"{title}: a global minimum, loss {L.min_loss()}"))]
    elif stuck_only:
        c = stuck_only[0]
        record["stuck"] = stuck_record(fan.landscape(c.labels), c.stuck)
        say(f"     strict descent fails for labels {signs(c.labels)} from "
            f"{c.stuck.start}: it reaches {len(c.stuck.reachable)} cone(s), lowest "
            f"loss {min(c.stuck.reachable.values())}; certified: "
            f"{record['stuck']['certificate']}")
    return record


def linear_record(check):
    r"""Return what the linear classifier does for one labelling."""
    M, D = check.non_global_minimum, check.stuck
    return {"holds": check.holds,
            "non_global_minimum": None if M is None else
            {"loss": M.loss, "cones": [list(p) for p in M.cones]},
            "stuck_from": None if D is None else list(D.start)}


def evidence_text(check):
    r"""Say whether a witness for larger ``(n, m)`` is evidence for claim 3."""
    if check.holds:
        return ("evidence for claim 3: with n = m = 1 the same points and labels "
                "have every local minimum global and strict descent from every "
                "cone (checked)")
    M = check.non_global_minimum
    if M is not None:
        return (f"NOT evidence for claim 3: with n = m = 1 the same points and "
                f"labels already have a local minimum that is not global (loss "
                f"{M.loss}, cone {M.cones[0]})")
    return (f"NOT evidence for claim 3: with n = m = 1 the same points and labels "
            f"already fail strict descent (from {check.stuck.start})")


def linear_checks(points, args):
    r"""Return claim 2's check for ``n = m = 1`` on ``points``, per labelling."""
    fan = ClassificationFan(points, 1, 1, backend=args.backend)
    return {c.labels: c for c in check_local_minima_are_global(fan)}


def claim_two(args, out, rng, plots, first):
    say("== Claim 2: for linear classifiers every local minimum is global "
        "(and strict descent reaches a global minimum from every cone)")
    configs = [("three points on a line", [[0], [1], [2]]),
               ("four points on a line", [[0], [1], [2], [3]]),
               ("square", [[0, 0], [1, 0], [0, 1], [1, 1]]),
               ("square with two interior points",
                [[0, 0], [4, 0], [0, 4], [4, 4], [1, 2], [2, 1]]),
               (f"{args.claim2_points} random points",
                random_configuration(rng, args.claim2_points, args.coordinate_bound))]
    if first is not None:
        configs.append(("the first configuration of claim 1", first[0]))
    records = [check_configuration(name, pts, args, out, plots)
               for name, pts in configs]
    iris = iris_sample(args.claim2_iris_k)
    records.append(check_configuration(
        f"Iris sample ({iris.n_points()} flowers)", [list(p) for p in iris.points],
        args, out, plots))
    total = sum(r["n_labellings"] for r in records)
    holding = sum(r["n_holds"] for r in records)
    failing = [r for r in records if r["n_holds"] < r["n_labellings"]]
    fine = [r for r in records if r["n_holds"] == r["n_labellings"]]

    def example(r):
        bad = r["failing_labellings"]
        shown = ", ".join(signs(y) for y in bad[:4]) + (", ..." if len(bad) > 4 else "")
        return (f"{r['name']} ({r['position']}): {len(bad)} of {r['n_labellings']} "
                f"labellings ({r['n_with_non_global_local_minimum']} with a local "
                f"minimum that is not global), {shown}")

    if not failing:
        verdict = (f"holds on every labelling checked ({total} labellings of "
                   f"{len(records)} configurations); this is no proof for other "
                   "points")
    else:
        verdict = (f"FAILS for n = m = 1 on {len(failing)} of {len(records)} "
                   f"configurations ({total - holding} of {total} labellings, "
                   "certified witnesses above): " + "; ".join(map(example, failing))
                   + ". So it is false as stated; local minima that are not global "
                   "occur on configurations of the kinds: " + "; ".join(
                       sorted({r["position"] for r in failing
                               if r["n_with_non_global_local_minimum"]})))
        if fine:
            verdict += ("; it holds for every labelling of: " +
                        ", ".join(f"{r['name']} ({r['position']})" for r in fine))
    say(f"   verdict: {verdict}")
    return {"configurations": records, "verdict": verdict}


def claim_three(args, out, rng, plots, first):
    say("== Claim 3: for larger (n, m) local minima need not be global")
    say("   a witness counts as evidence only if claim 2 holds for n = m = 1 on the "
        "same points with the same labels")
    points = random_configuration(rng, args.claim3_points, args.coordinate_bound)
    if not general_position(SEVEN_POINTS):
        raise AssertionError("the seven points of claim 3 are not in general position")
    configs = [("four points on a line", [[0], [1], [2], [3]], None),
               (f"{args.claim3_points} random points", points, None),
               ("seven fixed points", SEVEN_POINTS, args.claim3_max_terms)]
    label = "{name}, (n, m) = ({n}, {m})"
    records = []
    for name, pts, max_terms in configs:
        linear = linear_checks(pts, args)
        for arch in args.architectures:
            n, m = (int(x) for x in arch.split(","))
            if max_terms is not None and n + m > max_terms:
                say(f"   {name}, (n, m) = ({n}, {m}): skipped (at most {max_terms} "
                    "terms for this configuration, --claim3-max-terms)")
                continue
            records.append(check_configuration(name, pts, args, out, plots, n=n,
                                               m=m, linear=linear))
    if first is not None and not args.skip_claim3_large:
        points_1, fan, _ = first
        records.append(check_configuration(
            "the first configuration of claim 1",
            points_1, args, out, plots, n=args.n, m=args.m, fan=fan,
            linear=linear_checks(points_1, args)))
    found = [r for r in records if r["witness"] is not None]
    evidence = [r for r in found if r.get("witness_is_evidence")]
    ignored = [r for r in found if not r.get("witness_is_evidence")]
    if evidence:
        r = evidence[0]
        holding = r["n_labellings_where_linear_holds"]
        verdict = (f"confirmed: a certified local minimum that is not global for "
                   f"(n, m) in {sorted({(x['n'], x['m']) for x in evidence})}, on "
                   f"points and labels where every local minimum of the linear "
                   f"classifier is global (checked), e.g. {label.format(**r)}: "
                   f"{r['points']} ({r['position']}), labels "
                   f"{signs(r['witness']['labels'])} (claim 2 holds for n = m = 1 on "
                   f"{holding} of {r['n_labellings']} labellings of these points)")
    else:
        verdict = "not confirmed: no witness found at this size"
        if ignored:
            verdict = ("not confirmed: witnesses were found only where the linear "
                       "classifier already has a local minimum that is not global "
                       "or fails strict descent, which is no evidence for claim 3")
    if ignored:
        verdict += ("; not counted (claim 2 already fails for n = m = 1 there): " +
                    ", ".join(f"{label.format(**r)} ({r['position']})"
                              for r in ignored))
    say(f"   verdict: {verdict}")
    return {"random_points": points, "seven_points": SEVEN_POINTS, "checks": records,
            "n_evidence": len(evidence), "confirmed": bool(evidence),
            "verdict": verdict}


def iris_part(args, out, plots):
    say("== The Iris sample (sepal length and width, setosa +1, versicolor -1)")
    results = []
    for k, (n, m) in ((args.iris_k_linear, (1, 1)), (args.iris_k, (args.n, args.m))):
        data = iris_sample(k)
        start = time.perf_counter()
        fan = ClassificationFan(data, n, m, backend=args.backend)
        L = fan.landscape()
        minima = L.local_minima()
        bad = [M for M in minima if not M.is_global]
        record = {"k": k, "n": n, "m": m, "n_points": data.n_points(),
                  "n_distinct_points": data.n_distinct_points(),
                  "points": [list(p) for p in data.points], "labels": list(data.labels),
                  "n_cones": fan.n_maximal_cones(), "n_walls": fan.n_walls(),
                  "summary": L.summary(), "summary_text": L.summary_text(),
                  "summary_modulo_symmetry": L.summary_modulo_symmetry(),
                  "n_local_minima": len(minima), "n_non_global_local_minima": len(bad),
                  "non_global_witness": minimum_record(L, bad[0]) if bad else None,
                  "descends_everywhere":
                      L.is_global_minimum_reachable_from_every_cone(),
                  "seconds": round(time.perf_counter() - start, 3)}
        if not record["descends_everywhere"]:
            stuck = L.descent_path(L.cones_without_descent()[0])
            record["stuck"] = stuck_record(L, stuck)
        say(f"   {data.n_points()} flowers ({data.n_distinct_points()} distinct), "
            f"(n, m) = ({n}, {m}): {L.summary_text(max_loss=L.min_loss() + 2)}")
        say(f"     {len(minima)} local minima, {len(bad)} not global; strict descent "
            f"everywhere: {record['descends_everywhere']}")
        if "stuck" in record:
            say(f"     strict descent fails from {record['stuck']['start']}; "
                f"certified: {record['stuck']['certificate']}")
        if plots:
            slug = f"iris_{data.n_points()}_n{n}_m{m}"
            record["plots"] = [
                str(plot_boundary(L, L.level_set(L.min_loss())[0],
                                  out / f"{slug}_boundary.png",
                                  f"Iris, {data.n_points()} flowers, "
                                  f"(n, m) = ({n}, {m}): a global minimum")),
                str(plot_levels(L, out / f"{slug}_levels.png"))]
        results.append(record)
    return results


def parse(argv):
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="example: python experiments/landscape_claims.py --backend native "
               "--search-budget 20 --out results/landscape")
    parser.add_argument("--backend", default="native",
                        help="engine of the fans (default: native); normaliz is "
                             "practical up to about 5 points for n = m = 2")
    parser.add_argument("--out", default="results/landscape",
                        help="output folder (default: results/landscape)")
    parser.add_argument("--seed", type=int, default=0,
                        help="seed of the random configurations (default: 0)")
    parser.add_argument("--points", type=int, default=9,
                        help="claim 1: number of points (default: 9)")
    parser.add_argument("--n", type=int, default=2, help="claim 1: n (default: 2)")
    parser.add_argument("--m", type=int, default=2, help="claim 1: m (default: 2)")
    parser.add_argument("--search-budget", type=int, default=20,
                        help="claim 1: number of random configurations searched, "
                             "each with all labellings (default: 20)")
    parser.add_argument("--coordinate-bound", type=int, default=100,
                        help="coordinates are integers in [0, BOUND) (default: 100)")
    parser.add_argument("--claim2-points", type=int, default=8,
                        help="claim 2: size of the random configuration (default: 8)")
    parser.add_argument("--claim3-points", type=int, default=5,
                        help="claim 3: size of the random configuration (default: 5)")
    parser.add_argument("--architectures", nargs="+", default=["1,2", "2,1", "2,2"],
                        help="claim 3: architectures n,m (default: 1,2 2,1 2,2)")
    parser.add_argument("--claim3-max-terms", type=int, default=None,
                        help="claim 3: check the seven fixed points only for "
                             "architectures with at most this many terms n + m "
                             "(default: all; --quick: 3)")
    parser.add_argument("--claim2-iris-k", type=int, default=6,
                        help="claim 2: Iris flowers per species, all labellings "
                             "(default: 6)")
    parser.add_argument("--skip-claim3-large", action="store_true",
                        help="claim 3: do not check all labellings of the first "
                             "configuration of claim 1 (about 0.5 s per labelling "
                             "at 9 points, n = m = 2)")
    parser.add_argument("--iris-k-linear", type=int, default=20,
                        help="Iris flowers per species for n = m = 1 (default: 20; "
                             "repeated points from 17 on)")
    parser.add_argument("--iris-k", type=int, default=5,
                        help="Iris flowers per species for the claim-1 architecture "
                             "(default: 5)")
    parser.add_argument("--no-plots", action="store_true", help="write no PNG files")
    parser.add_argument("--quick", action="store_true",
                        help="small sizes for a quick run with any engine: "
                             + ", ".join(f"{k}={v}" for k, v in QUICK.items()))
    args = parser.parse_args(argv)
    if args.quick:
        for key, value in QUICK.items():
            setattr(args, key, value)
    return args


def main(argv=None):
    args = parse(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(args.seed)
    plots = not args.no_plots
    start = time.perf_counter()
    say(f"tropnet {tropnet.__version__}, backend {args.backend!r}, seed {args.seed}, "
        f"output {out}")
    results = {"tropnet_version": tropnet.__version__, "backend": args.backend,
               "arguments": vars(args), "published": PUBLISHED}

    def save():
        results["seconds"] = round(time.perf_counter() - start, 3)
        with open(out / "results.json", "w", encoding="utf-8") as f:
            json.dump(exact(results), f, indent=1)

    results["claim1"], first, interrupted = claim_one(args, out, rng, plots)
    save()
    if interrupted:
        say(f"   interrupted: claim 1 results in {out / 'results.json'}")
        return 130
    results["claim2"] = claim_two(args, out, rng, plots, first)
    save()
    results["claim3"] = claim_three(args, out, rng, plots, first)
    save()
    results["iris"] = iris_part(args, out, plots)
    save()
    say("== Summary")
    say(f"   claim 1: {results['claim1']['verdict']}")
    say(f"   claim 2: {results['claim2']['verdict']}")
    say(f"   claim 3: {results['claim3']['verdict']}")
    say(f"   results in {out / 'results.json'} ({results['seconds']} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
