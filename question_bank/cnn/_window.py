"""Shared by the feature-map size questions: how many positions a sliding window takes."""


def positions(span, kernel, stride, *, ceil=False):
    """Positions of a `kernel`-wide window sliding over `span` cells by `stride`: ⌊(span − kernel) /
    stride⌋ + 1, as convolution and default pooling compute it; `ceil` rounds up instead (pooling's
    ceil_mode=True)."""
    steps = -(-(span - kernel) // stride) if ceil else (span - kernel) // stride
    return steps + 1
