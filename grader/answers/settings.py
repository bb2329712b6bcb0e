"""Checker settings, one dataclass per answer kind, as a question's `META.check` declares them.

Pure data: no sympy, no numpy, so the bank lists fast.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Numeric:
    """How a numeric answer is compared with the key.

    Correct when |answer - key| <= abs_tol + rel_tol * |key|. With `sig_figs`, the tolerance is half
    a unit in that significant figure instead. `exact_integer` demands the exact integer.
    `min_sig_figs` warns (never penalises) when a correct-looking answer has fewer digits than that.
    """

    rel_tol: float = 1e-3
    abs_tol: float = 0.0
    sig_figs: int | None = None
    exact_integer: bool = False
    min_sig_figs: int | None = None


@dataclass(frozen=True)
class Choice:
    """Choice / multi-select checking. `shuffle` permutes the options per variant."""

    shuffle: bool = True


# Domains a symbolic question declares for each symbol; the checker draws evaluation points there.
DOMAINS = ("real", "positive", "probability", "nonzero", "unit")


@dataclass(frozen=True)
class Symbolic:
    """Symbolic checking by random numeric evaluation.

    `symbols` maps each symbol the student may use to its domain (one of `DOMAINS`):
    real ~ (-3, 3), positive ~ (0.1, 5), probability ~ (0.01, 0.99), nonzero ~ ±(0.1, 3) on both
    sides of 0 (for kinks such as |w| and sign(w)), unit ~ (0.05, 0.95).
    `forbid_unevaluated` rejects answers that merely restate the task (`diff(...)`, `Derivative`,
    `limit(...)`).
    """

    symbols: Mapping[str, str] = field(default_factory=dict)
    forbid_unevaluated: bool = True
    points: int = 24  # evaluation points
    time_limit_s: float = 2.0
