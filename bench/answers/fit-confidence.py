"""Fits the fused ranker's confidence (src/answer/fuse.rs) by logistic regression.

Input: the per-question rows of `helpfirst eval --details FILE.csv` (the fused ranker). The label is
"the top answer is right"; questions without an entry count as wrong, so confidence also learns to
abstain on them. Prints the weights, the threshold that still answers 95% of the questions with an
entry and how much it abstains on those without, and a calibration table (predicted vs observed, by
bucket). A second file is only checked with the first one's weights: fit on the dev set, check on
another (the shipped weights were fitted on ../shared/data/banking77/dev-questions.csv and checked
on bench/answers/sets/clinc150/questions.csv).

    python3 -m venv /tmp/fit && /tmp/fit/bin/pip install numpy==2.*
    helpfirst eval --content FAQ.csv --questions DEV.csv --cache target/embeddings --details dev.csv
    /tmp/fit/bin/python bench/answers/fit-confidence.py dev.csv [check.csv]
"""

import csv
import sys

import numpy as np

FEATURES = ["score", "standout", "topic"]


def load(path):
    rows = list(csv.DictReader(open(path)))
    x = np.array([[float(r[f]) for f in FEATURES] for r in rows])
    y = np.array([1.0 if r["expected_id"] and r["top1"] == r["expected_id"] else 0.0 for r in rows])
    answerable = np.array([bool(r["expected_id"]) for r in rows])
    return x, y, answerable


def fit(x, y, l2=1e-3):
    """Newton's method on standardised features (a light L2 keeps it finite), in raw units."""
    mean, sd = x.mean(0), x.std(0)
    sd[sd == 0] = 1
    xb = np.hstack([np.ones((len(x), 1)), (x - mean) / sd])
    w = np.zeros(xb.shape[1])
    for _ in range(100):
        p = 1 / (1 + np.exp(-xb @ w))
        grad = xb.T @ (p - y) / len(y) + l2 * np.r_[0, w[1:]]
        hessian = (xb * (p * (1 - p))[:, None]).T @ xb / len(y) + l2 * np.eye(len(w))
        w -= np.linalg.solve(hessian, grad)
    weights = w[1:] / sd
    return np.r_[w[0] - (weights * mean).sum(), weights]


def confidence(w, x):
    return 1 / (1 + np.exp(-(w[0] + x @ w[1:])))


def report(w, x, y, answerable, threshold=None):
    p = confidence(w, x)
    if threshold is None:
        # The strictest threshold that still answers 95% of the questions with an entry.
        threshold = np.sort(p[answerable])[int(np.floor(answerable.sum() * 0.05))]
    print(
        f"  threshold {threshold:.3f}: answers {(p[answerable] >= threshold).mean():.1%} of those "
        f"with an entry, abstains on {(p[~answerable] < threshold).mean():.1%} of those without"
    )
    print(
        f"  mean confidence on those with an entry {p[answerable].mean():.3f}, "
        f"top-1 right {y[answerable].mean():.3f}"
    )
    error = 0.0
    for lo in np.arange(0, 1, 0.1):
        sel = (p >= lo) & (p < lo + 0.1)
        if sel.sum():
            error += sel.sum() * abs(p[sel].mean() - y[sel].mean())
            print(f"  {lo:.1f}-{lo + 0.1:.1f}: {sel.sum():5d} answers, predicted {p[sel].mean():.2f}, right {y[sel].mean():.2f}")
    print(f"  expected calibration error {error / len(p):.3f}")
    return threshold


x, y, answerable = load(sys.argv[1])
w = fit(x, y)
print("bias", round(w[0], 2), {f: round(v, 2) for f, v in zip(FEATURES, w[1:])})
print(sys.argv[1])
threshold = report(w, x, y, answerable)
if len(sys.argv) > 2:
    print(sys.argv[2], "(checked with the weights and threshold above)")
    report(w, *load(sys.argv[2]), threshold)
