"""The vocabulary a question module is written in.

A question is one module under a bank folder; its path is its id (`cnn/conv_output_size.py` is
`cnn.conv_output_size`). It defines:

- `META = Meta(...)`: title, kind, difficulty, points, source note, tags and the checker settings;
- `PARAMS = {name: Int(...) | Real(...) | OneOf(...) | Seq(...)}`: the parameter schema, used to
  normalise generated parameters (rounding reals to what is displayed) and to validate `--params`;
- `generate(rng) -> dict`: draws parameters from the `numpy.random.Generator` it is given (the only
  randomness a question may use);
- `answer(params)`: the key: a number (numeric), a sympy expression (symbolic); choice questions
  define `options(params) -> list[Option]` instead;
- `PROMPT = {"en": ..., "zh": ...}` and `EXPLANATION = {...}`: jinja2 templates over the parameters;
- optionally `MISTAKES = [Mistake(...)]`: known wrong answers with targeted feedback.

Nothing here imports sympy or torch: listing the bank must stay fast.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from grader.errors import UsageError

Text = Mapping[str, str]  # {"en": ..., "zh": ...}
LANGUAGES = ("en", "zh")
KINDS = ("choice", "multi", "numeric", "symbolic")


# ---------------------------------------------------------------------------------------------
# Checker settings, one per kind


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


@dataclass(frozen=True)
class Meta:
    title: Text
    kind: str
    difficulty: int
    points: float
    source: str
    check: Numeric | Choice | Symbolic
    tags: Sequence[str] = ()
    version: int = 1


@dataclass(frozen=True)
class Mistake:
    """A known wrong answer of a numeric or symbolic question: `answer(params)` gives its value or
    expression.
    `feedback` says what went wrong, `credit` is the fraction of the points it still earns. `answer`
    may return None for a variant the mistake does not apply to."""

    answer: Callable[[dict], Any]
    feedback: Text
    credit: float = 0.0


@dataclass(frozen=True)
class Option:
    """One option of a choice / multi question; the engine shuffles options and assigns letters."""

    text: Text
    correct: bool = False
    feedback: Text | None = None  # shown when a student picks this option wrongly


# ---------------------------------------------------------------------------------------------
# Parameter schema


class Param:
    """Base of the schema types: `normalise` converts a raw value (numpy scalars, JSON) to the
    canonical Python value or raises UsageError naming the path."""

    def normalise(self, value: Any, path: str) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

    def describe(self) -> str:  # pragma: no cover - abstract
        raise NotImplementedError


def _fail(path: str, message: str) -> UsageError:
    return UsageError(f"parameter {path}: {message}")


@dataclass(frozen=True)
class Int(Param):
    lo: int | None = None
    hi: int | None = None

    def normalise(self, value: Any, path: str) -> int:
        if isinstance(value, bool) or not hasattr(value, "__index__") and not (
            isinstance(value, float) and value.is_integer()
        ):
            raise _fail(path, f"expected an integer, got {value!r}")
        v = int(value)
        if self.lo is not None and v < self.lo or self.hi is not None and v > self.hi:
            raise _fail(path, f"{v} is outside {self.describe()}")
        return v

    def describe(self) -> str:
        return f"integer in [{self.lo if self.lo is not None else '-inf'}, {self.hi if self.hi is not None else 'inf'}]"


@dataclass(frozen=True)
class Real(Param):
    """A real parameter shown with `decimals` decimals (None: shown as given). Generated values are
    rounded to `decimals` before the key is computed, so the key matches what the student sees."""

    lo: float | None = None
    hi: float | None = None
    decimals: int | None = None

    def normalise(self, value: Any, path: str) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)) and not hasattr(value, "__float__"):
            raise _fail(path, f"expected a number, got {value!r}")
        v = float(value)
        if not math.isfinite(v):
            raise _fail(path, f"expected a finite number, got {value!r}")
        if self.decimals is not None:
            v = round(v, self.decimals)
        if self.lo is not None and v < self.lo or self.hi is not None and v > self.hi:
            raise _fail(path, f"{v} is outside {self.describe()}")
        return v

    def describe(self) -> str:
        return f"number in [{self.lo if self.lo is not None else '-inf'}, {self.hi if self.hi is not None else 'inf'}]"


@dataclass(frozen=True)
class OneOf(Param):
    values: tuple

    def normalise(self, value: Any, path: str) -> Any:
        if hasattr(value, "item"):
            value = value.item()
        if value not in self.values:
            raise _fail(path, f"{value!r} is not one of {list(self.values)}")
        return value

    def describe(self) -> str:
        return f"one of {list(self.values)}"


@dataclass(frozen=True)
class Seq(Param):
    item: Param
    min_len: int = 1
    max_len: int = 64

    def normalise(self, value: Any, path: str) -> list:
        if hasattr(value, "tolist"):
            value = value.tolist()
        if isinstance(value, (str, bytes)) or not isinstance(value, (list, tuple)):
            raise _fail(path, f"expected a list, got {value!r}")
        if not self.min_len <= len(value) <= self.max_len:
            raise _fail(path, f"expected {self.min_len} to {self.max_len} items, got {len(value)}")
        return [self.item.normalise(v, f"{path}[{i}]") for i, v in enumerate(value)]

    def describe(self) -> str:
        return f"list of {self.min_len}-{self.max_len} × {self.item.describe()}"


def normalise_params(schema: Mapping[str, Param], params: Mapping[str, Any]) -> dict:
    """Check `params` against `schema` (every name present, no unknown names) and return the
    canonical values. Raises UsageError with the offending name."""
    if not isinstance(params, Mapping):
        raise UsageError(f"parameters must be a JSON object, got {type(params).__name__}")
    unknown = sorted(set(params) - set(schema))
    if unknown:
        raise UsageError(f"unknown parameter(s) {', '.join(unknown)}; expected {', '.join(schema)}")
    missing = [name for name in schema if name not in params]
    if missing:
        raise UsageError(f"missing parameter(s) {', '.join(missing)}")
    return {name: spec.normalise(params[name], name) for name, spec in schema.items()}


def symbol(name: str):
    """The sympy symbol a question and the answer parser agree on for `name` (real-valued)."""
    import sympy

    return sympy.Symbol(name, real=True)


def sigmoid(z):
    """σ(z) as a sympy expression, for keys and mistakes of symbolic questions."""
    import sympy

    return 1 / (1 + sympy.exp(-z))
