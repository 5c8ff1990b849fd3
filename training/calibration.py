"""Calibration of a classifier's raw scores into probabilities that mean what they say."""

from __future__ import annotations

import numpy as np


def platt(logits: np.ndarray, y: np.ndarray, steps: int = 2000) -> tuple[float, float]:
    """a, b of sigmoid(a * logit + b) by Newton's method on the log-loss (Platt, 1999).

    Targets are Platt's smoothed labels ((n+ + 1) / (n+ + 2) and 1 / (n- + 2)), which keeps
    a separable held-out set from pushing the scores to 0 and 1.
    """
    pos, neg = float(y.sum()), float(len(y) - y.sum())
    t = np.where(y > 0, (pos + 1) / (pos + 2), 1 / (neg + 2))
    x = np.column_stack([logits, np.ones_like(logits)]).astype(np.float64)

    def loss(w: np.ndarray) -> float:
        z = x @ w
        return float(np.sum(np.logaddexp(0.0, z) - t * z))

    w = np.array([1.0, 0.0])
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(x @ w)))
        grad = x.T @ (p - t)
        hess = x.T @ (x * (p * (1 - p))[:, None]) + 1e-9 * np.eye(2)
        step, current = np.linalg.solve(hess, grad), loss(w)
        while loss(w - step) > current and np.abs(step).max() > 1e-12:
            step /= 2  # damped Newton: never a step that makes the fit worse
        w -= step
        if np.abs(step).max() < 1e-10:
            break
    return float(w[0]), float(w[1])
