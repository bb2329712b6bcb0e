"""Shared by evaluation.bias_variance_point and evaluation.generalization_error: predictions of m
models (the same algorithm trained on m different training sets) at one test point x, and the
notes' quantities over them (000 误差来源分析): the expected prediction f̄(x) = E_D[f(x; D)],
bias² = (f̄(x) − y)², variance = E_D[(f(x; D) − f̄(x))²], the expectation over the m training sets
being their plain mean (divide by m)."""

import numpy as np

from grader.bank.authoring import rounded


def mean(xs):
    return sum(xs) / len(xs)


def bias2(preds, truth):
    return (mean(preds) - truth) ** 2


def variance(preds):
    f_bar = mean(preds)
    return sum((f - f_bar) ** 2 for f in preds) / len(preds)


def sample_variance(preds):
    f_bar = mean(preds)
    return sum((f - f_bar) ** 2 for f in preds) / (len(preds) - 1)


def mean_squared_error(preds, truth):
    """E_D[(f(x; D) − y)²]: the models' mean squared distance from the true value."""
    return sum((f - truth) ** 2 for f in preds) / len(preds)


def draw_predictions(rng):
    """m ∈ {4, 5} predictions with one decimal around a centre that misses the true value by a clear
    bias, and the true value (one decimal). m = 4 or 5 keeps f̄ a short decimal."""
    m = int(rng.choice([4, 5]))
    truth = rounded(rng.uniform(2.0, 9.0), 1)
    centre = truth + float(rng.choice([-1, 1])) * float(rng.uniform(0.3, 1.5))
    spread = float(rng.uniform(0.2, 1.0))
    # Predictions are kept at 0.1 or above: no negative numbers to bracket in the sums the
    # explanations print.
    preds = [max(0.1, rounded(centre + spread * float(np.clip(rng.standard_normal(), -2.0, 2.0)), 1)) for _ in range(m)]
    return preds, truth
