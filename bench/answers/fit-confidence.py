"""Fits the fused ranker's confidence (src/answer/fuse.rs) by logistic regression.

Input: the per-question rows of `helpfirst eval --details FILE.csv` (the fused ranker). The label is
"the top answer is right"; questions without an entry count as wrong, so confidence also learns to
abstain on them. Prints the weights and a calibration table (predicted vs observed, by bucket).

    python3 bench/answers/fit-confidence.py details.csv [check.csv]
"""

import csv
import sys

import numpy as np

FEATURES = ["score", "margin", "semantic", "unseen"]


def load(path):
    rows = list(csv.DictReader(open(path)))
    x = np.array([[float(r[f]) for f in FEATURES] for r in rows])
    y = np.array([1.0 if r["expected_id"] and r["top1"] == r["expected_id"] else 0.0 for r in rows])
    return x, y


def fit(x, y, steps=20000, rate=0.5, l2=1e-3):
    xb = np.hstack([np.ones((len(x), 1)), x])
    w = np.zeros(xb.shape[1])
    for _ in range(steps):
        p = 1 / (1 + np.exp(-xb @ w))
        grad = xb.T @ (p - y) / len(y) + l2 * np.r_[0, w[1:]]
        w -= rate * grad
    return w


def calibration(w, x, y):
    p = 1 / (1 + np.exp(-(w[0] + x @ w[1:])))
    for lo in np.arange(0, 1, 0.1):
        sel = (p >= lo) & (p < lo + 0.1)
        if sel.sum():
            print(f"  {lo:.1f}-{lo + 0.1:.1f}: {sel.sum():5d} answers, predicted {p[sel].mean():.2f}, right {y[sel].mean():.2f}")


x, y = load(sys.argv[1])
w = fit(x, y)
print("bias", round(w[0], 2), {f: round(v, 2) for f, v in zip(FEATURES, w[1:])})
calibration(w, x, y)
if len(sys.argv) > 2:
    print("check:")
    calibration(w, *load(sys.argv[2]))
