"""Shared by the feature-scaling questions: a small training feature drawn around a realistic scale,
and the statistics the scalings use."""

import statistics

from grader.bank.authoring import rounded

# (mean, spread) of a few realistic features: exam scores, heights in cm, ages, temperatures, ratings.
FEATURES = ((72.0, 12.0), (170.0, 8.0), (35.0, 10.0), (18.0, 6.0), (5.0, 2.0))


def draw_values(rng, *, low: int = 5, high: int = 8) -> list[float]:
    """`low` to `high` distinct values of one feature, one decimal each."""
    mu, sd = FEATURES[int(rng.integers(len(FEATURES)))]
    n = int(rng.integers(low, high + 1))
    while True:
        values = [rounded(rng.normal(mu, sd), 1) for _ in range(n)]
        if len(set(values)) == n:
            return values


def mean(values) -> float:
    return sum(values) / len(values)


def spread(values) -> float:
    """max − min, the range that min-max scaling and mean normalisation divide by."""
    return max(values) - min(values)


def sample_std(values) -> float:
    return statistics.stdev(values)
