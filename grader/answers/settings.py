"""Checker settings, one dataclass per answer kind, as a question's `META.check` declares them.

Every settings class derives from `Settings`, which holds what every kind shares: the hard time
limit a check runs under (`grader.answers.checking.check_answer`). Which kind uses which class is
declared once, in `grader.answers.kinds`.

Pure data: no sympy, no numpy, so the bank lists fast.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

from grader.errors import UsageError

DEFAULT_TIME_LIMIT_S = 2.0


@dataclass(frozen=True)
class Settings:
    """What the settings of every kind share.

    `time_limit_s` is the hard limit on checking one answer, the whole call included: past it the
    answer is `invalid` ("took too long to check"), never a wrong attempt. Keyword-only, so each
    kind's own fields keep their positions.
    """

    time_limit_s: float = field(default=DEFAULT_TIME_LIMIT_S, kw_only=True)

    def __post_init__(self) -> None:
        limit = self.time_limit_s
        if isinstance(limit, bool) or not isinstance(limit, (int, float)) or not math.isfinite(limit) or limit <= 0:
            raise UsageError(f"time_limit_s must be a positive number of seconds, got {limit!r}")


@dataclass(frozen=True)
class Numeric(Settings):
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
class Choice(Settings):
    """Choice / multi-select checking. `shuffle` permutes the options per variant."""

    shuffle: bool = True


# Domains a symbolic question declares for each symbol; the checker draws evaluation points there.
DOMAINS = ("real", "positive", "probability", "nonzero", "unit")


@dataclass(frozen=True)
class Symbolic(Settings):
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
