"""Batch statistics as PyTorch's batch norm uses them in training mode: the biased variance (÷ n)
to normalise, the unbiased one (÷ (n − 1)) for the running variance."""

from grader.bank.authoring import rounded


def mean(xs):
    return sum(xs) / len(xs)


def variance(xs, *, unbiased=False):
    m = mean(xs)
    return sum((x - m) ** 2 for x in xs) / (len(xs) - (1 if unbiased else 0))


def draw_batch(rng, *, size=None):
    """A mini-batch of one feature: 4 to 6 values with one decimal, not all equal."""
    n = int(rng.integers(4, 7)) if size is None else size
    while True:
        xs = [rounded(rng.uniform(-3.0, 5.0), 1) for _ in range(n)]
        if len(set(xs)) > 1:
            return xs
