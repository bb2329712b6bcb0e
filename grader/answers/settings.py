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
from grader.i18n import _

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
            raise UsageError(_("time_limit_s must be a positive number of seconds, got {value}").format(
                value=repr(limit)))


@dataclass(frozen=True)
class Numeric(Settings):
    """How a numeric answer is compared with the key.

    Correct when |answer - key| <= abs_tol + rel_tol * |key|. With `sig_figs`, the tolerance is half
    a unit in that significant figure instead; with `decimals` (a prompt that asks for that many
    decimal places), half a unit in that decimal place, so every correctly rounded answer passes
    whatever the key's magnitude. `exact_integer` demands the exact integer.
    `min_sig_figs` warns (never penalises) when an answer judged wrong has fewer digits than that (a
    correct answer is never told to round less).

    `exact` asks for the exact value (the key is then an int, a `fractions.Fraction` or a sympy
    expression such as `exp(-1)`, and so are the listed mistakes): an answer with a decimal point
    is `invalid` with a message saying so, a fraction (or a truncated series, which adds up to one)
    never equals an irrational key, and everything else must agree with the key to 20 significant
    digits; the tolerances above are not used.
    """

    rel_tol: float = 1e-3
    abs_tol: float = 0.0
    sig_figs: int | None = None
    decimals: int | None = None
    exact_integer: bool = False
    min_sig_figs: int | None = None
    exact: bool = False


@dataclass(frozen=True)
class Choice(Settings):
    """Choice / multi-select checking. `shuffle` permutes the options per variant."""

    shuffle: bool = True


# Domains a symbolic question declares for each symbol: the set on which the key and the answer
# must agree. The checker draws most points from a typical range of each domain and the rest well
# outside it, still inside the domain (see grader.answers.symbolic).
DOMAINS = ("real", "positive", "probability", "nonzero", "unit")

# The functions a student may type, by canonical name (`ln`, `\ln`, `log` are all `log`;
# `|x|` is `abs`; `σ` is `sigmoid`). Piecewise functions are not analytic: an answer built with them
# can differ from the key only where nobody looked, so a question admits them only by declaring them.
PIECEWISE = ("abs", "sign", "max", "min", "relu", "heaviside")
ELEMENTARY = ("exp", "log", "sqrt", "sigmoid", "softplus", "sin", "cos", "tan", "sec", "csc", "cot",
              "sinh", "cosh", "tanh", "sech", "csch", "coth", "asin", "acos", "atan")
FUNCTIONS = ELEMENTARY + PIECEWISE


@dataclass(frozen=True)
class Symbolic(Settings):
    """Symbolic checking by numeric evaluation at random points, in 30-digit arithmetic.

    `symbols` maps each symbol the student may use to its domain (one of `DOMAINS`):
    real: all reals, typically (-3, 3); positive: x > 0, typically (0.1, 5); probability and unit:
    0 < x < 1, typically (0.01, 0.99) and (0.05, 0.95); nonzero: x != 0, typically ±(0.1, 3).
    `points` points are drawn from the typical ranges, `far_points` more well outside them but
    inside the domain, wherever the key is defined: each symbol in turn large (magnitudes 3 to
    30) and small (1e-4 to 0.1) on each side it has, or within 1e-6 to 0.01 of 0 and of 1. Answer
    and key must agree to 20 significant digits at every point.

    `functions` lists the functions a student may use (canonical names, see `FUNCTIONS`); the
    default, `ELEMENTARY`, leaves out the piecewise ones (`PIECEWISE`: abs, sign, max, min, relu,
    heaviside), which a question that needs them adds: `functions=(*ELEMENTARY, "sign", "abs")`.
    The key and every listed mistake must use only admitted functions.

    `defined` names abbreviations the prompt introduces, as formulas over the symbols:
    `{"y_hat": "sigmoid(w x + b)"}` lets a student write ŷ, `\\hat{y}`, `yhat` or `y_hat` for σ(wx + b).

    `exact` refuses decimals (`0.3679` where the key is e^{-1}: `invalid`, with a message saying the
    exact value is wanted) and, for a constant key that is irrational, any answer that is a fraction
    (a rounded value or a truncated series, which sympy adds up to one fraction).

    `forbid_unevaluated` rejects answers that merely restate the task (`diff(...)`, `Derivative`,
    `limit(...)`).
    """

    symbols: Mapping[str, str] = field(default_factory=dict)
    forbid_unevaluated: bool = True
    points: int = 24  # evaluation points in the typical ranges
    far_points: int = 24  # evaluation points outside them
    functions: tuple[str, ...] = ELEMENTARY
    defined: Mapping[str, str] = field(default_factory=dict)
    exact: bool = False

    def __post_init__(self) -> None:
        super().__post_init__()
        if isinstance(self.functions, str) or not all(isinstance(f, str) for f in self.functions):
            raise UsageError(_("functions must be a tuple of function names, got {value}").format(
                value=repr(self.functions)))
        object.__setattr__(self, "functions", tuple(self.functions))  # a list would make the settings unhashable
        unknown = [f for f in self.functions if f not in FUNCTIONS]
        if unknown:
            raise UsageError(_("functions: unknown function(s) {names}; expected names from {known}").format(
                names=", ".join(map(repr, unknown)), known=", ".join(FUNCTIONS)))
        for name, formula in self.defined.items():
            if not (isinstance(name, str) and name.isidentifier() and name.isascii() and not name.startswith("_")):
                raise UsageError(_("defined: {name} is not a name (letters, digits and _)").format(name=repr(name)))
            if name in self.symbols:
                raise UsageError(_("defined: {name} is also declared in symbols").format(name=repr(name)))
            if not isinstance(formula, str):
                raise UsageError(_("defined: the formula for {name} must be text, got {type}").format(
                    name=repr(name), type=type(formula).__name__))
        if isinstance(self.points, bool) or not isinstance(self.points, int) or self.points < 1:
            raise UsageError(_("{field} must be a positive integer, got {value}").format(
                field="points", value=repr(self.points)))
        if isinstance(self.far_points, bool) or not isinstance(self.far_points, int) or self.far_points < 0:
            raise UsageError(_("{field} must be a non-negative integer, got {value}").format(
                field="far_points", value=repr(self.far_points)))
