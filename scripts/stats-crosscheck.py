#!/usr/bin/env python3
"""Independent reference figures for app/domain/statistics.ts, computed with SciPy and NumPy.

Generates seeded random data sets shaped like LocalTrust answers (rescaled index means with many
ties and zero gaps, 0-10 headline scores, continuous values, tiny samples), computes every figure
with SciPy/NumPy, and prints one JSON document on stdout. scripts/stats-crosscheck.ts runs this
and compares the TypeScript results with it.

    python3 scripts/stats-crosscheck.py [--seed 20240601] [--cases 400]
"""

import argparse
import json
import math
import sys
import warnings

import numpy as np
import scipy
from scipy import stats


def index_scores(rng, n, items):
    """Means of `items` L5 answers rescaled to 0-100: multiples of 25/items, lots of ties."""
    answers = rng.integers(1, 6, size=(n, items))
    return ((answers - 1) * 25).mean(axis=1)


def generate_pairs(rng, kind, n):
    if kind == "index":
        # Correlated LTC and PCT: PCT tends to sit a little below LTC, so gaps are mostly positive.
        ltc = index_scores(rng, n, 5)
        shift = rng.choice([-25, -10, -5, 0, 0, 0, 5, 10, 15, 25], size=n)
        pct = np.clip(ltc - shift, 0, 100)
        return ltc, pct
    if kind == "index-mixed-items":
        # Some councils answered 4 of 5 items: multiples of 6.25 and of 5 mix.
        items = rng.choice([4, 5], size=n)
        ltc = np.array([index_scores(rng, 1, k)[0] for k in items])
        pct = np.array([index_scores(rng, 1, k)[0] for k in rng.choice([4, 5], size=n)])
        return ltc, pct
    if kind == "headline":
        ltc = rng.integers(0, 11, size=n).astype(float)
        pct = np.clip(ltc - rng.integers(-2, 4, size=n), 0, 10).astype(float)
        return ltc, pct
    if kind == "continuous":
        ltc = rng.normal(55, 18, size=n)
        pct = ltc - rng.normal(4, 10, size=n)
        return ltc, pct
    if kind == "mostly-zero":
        ltc = rng.integers(0, 11, size=n).astype(float)
        pct = ltc.copy()
        flip = rng.random(size=n) < 0.2
        pct[flip] = np.clip(pct[flip] + rng.choice([-1, 1], size=int(flip.sum())), 0, 10)
        return ltc, pct
    raise ValueError(kind)


def describe(values):
    values = np.asarray(values, dtype=float)
    n = len(values)
    if n == 0:
        return {"n": 0, "mean": None, "sd": None, "median": None, "ci95": None}
    mean = float(np.mean(values))
    median = float(np.median(values))
    if n == 1:
        return {"n": 1, "mean": mean, "sd": None, "median": median, "ci95": None}
    sd = float(np.std(values, ddof=1))
    # stats.t.interval returns NaN when sd = 0; the app reports the limit [mean, mean] instead.
    half_width = float(stats.t.ppf(0.975, n - 1)) * sd / math.sqrt(n)
    return {"n": n, "mean": mean, "sd": sd, "median": median,
            "ci95": [mean - half_width, mean + half_width]}


def wilcoxon(diffs):
    diffs = np.asarray(diffs, dtype=float)
    non_zero = int(np.count_nonzero(diffs))
    if non_zero == 0:
        return {"nNonZero": 0, "wPlus": None, "z": None, "p": None}
    two_sided = stats.wilcoxon(
        diffs, zero_method="wilcox", correction=True, method="asymptotic"
    )
    # With alternative="greater" SciPy's statistic is W+ itself (two-sided reports min(W+, W-)).
    greater = stats.wilcoxon(
        diffs, zero_method="wilcox", correction=True, method="asymptotic", alternative="greater"
    )
    w_plus = float(greater.statistic)
    expected = non_zero * (non_zero + 1) / 4
    # SciPy reports z = -|z| for two-sided tests; restore the sign of W+ - E.
    z = abs(float(two_sided.zstatistic)) * (1 if w_plus > expected else -1 if w_plus < expected else 0)
    return {"nNonZero": non_zero, "wPlus": w_plus, "z": z, "p": float(two_sided.pvalue)}


def paired_gap(x, y):
    keep = ~(np.isnan(x) | np.isnan(y))
    diffs = x[keep] - y[keep]
    n = len(diffs)
    d = describe(diffs)
    share = (lambda count: count / n) if n else (lambda count: None)
    return {
        "n": n,
        "meanDiff": d["mean"],
        "ci95": d["ci95"],
        "medianDiff": d["median"],
        "shareNegative": share(int(np.sum(diffs < 0))),
        "shareZero": share(int(np.sum(diffs == 0))),
        "sharePositive": share(int(np.sum(diffs > 0))),
        **wilcoxon(diffs),
    }


def cronbach_alpha(rows):
    rows = np.asarray(rows, dtype=float)
    n = rows.shape[0]
    k = rows.shape[1] if rows.ndim == 2 else 0
    if n < 2 or k < 2:
        return {"alpha": None, "n": n}
    total_var = np.var(rows.sum(axis=1), ddof=1)
    if total_var == 0:
        return {"alpha": None, "n": n}
    return {"alpha": float(k / (k - 1) * (1 - np.var(rows, axis=0, ddof=1).sum() / total_var)), "n": n}


def generate_alpha_rows(rng, n, k):
    """Rescaled L5 items driven by one latent trait, so alpha ranges from poor to high."""
    latent = rng.normal(0, 1, size=(n, 1))
    noise = rng.normal(0, rng.uniform(0.3, 2.5), size=(n, k))
    answers = np.clip(np.rint(3 + latent + noise), 1, 5)
    return ((answers - 1) * 25).tolist()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", type=int, default=20240601)
    parser.add_argument("--cases", type=int, default=400)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    kinds = ["index", "index-mixed-items", "headline", "continuous", "mostly-zero"]

    gap_cases = []
    for case in range(args.cases):
        kind = kinds[case % len(kinds)]
        n = int(rng.choice([0, 1, 2, 3, 5, 9, 12, 20, 37, 60, 150]))
        x, y = generate_pairs(rng, kind, n)
        x = np.asarray(x, dtype=float)
        y = np.asarray(y, dtype=float)
        # Councils that did not give both indices: missing on either side.
        missing = rng.random(size=n) < 0.1
        x[missing & (rng.random(size=n) < 0.5)] = np.nan
        y[missing] = np.where(np.isnan(x[missing]), y[missing], np.nan)
        to_list = lambda a: [None if math.isnan(v) else float(v) for v in a]
        gap_cases.append(
            {"kind": kind, "x": to_list(x), "y": to_list(y), "expected": paired_gap(x, y),
             "describeX": describe(x[~np.isnan(x)])}
        )

    alpha_cases = []
    for _ in range(args.cases // 4):
        n = int(rng.choice([0, 1, 2, 3, 8, 25, 80]))
        k = int(rng.choice([1, 2, 4, 5, 6, 7]))
        rows = generate_alpha_rows(rng, n, k) if n else []
        alpha_cases.append({"rows": rows, "expected": cronbach_alpha(rows)})

    json.dump(
        {
            "generator": {
                "seed": args.seed,
                "python": sys.version.split()[0],
                "scipy": scipy.__version__,
                "numpy": np.__version__,
            },
            "gapCases": gap_cases,
            "alphaCases": alpha_cases,
        },
        sys.stdout,
        allow_nan=False,
    )


if __name__ == "__main__":
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        main()
