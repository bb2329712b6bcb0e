"""The parameter schema of a question: `PARAMS = {name: Int(...) | Real(...) | OneOf(...) | Seq(...)}`.

The schema normalises generated parameters (rounding reals to what is displayed) and validates
`--params`; every failure is a UsageError naming the parameter.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from grader.errors import UsageError


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
class _Bounded(Param):
    """A number with optional bounds; `_noun` names what it is in messages."""

    _noun: ClassVar[str] = "number"
    lo: float | None = None
    hi: float | None = None

    def _within(self, v: Any, path: str) -> Any:
        if (self.lo is not None and v < self.lo) or (self.hi is not None and v > self.hi):
            raise _fail(path, f"{v} is outside {self.describe()}")
        return v

    def describe(self) -> str:
        lo = self.lo if self.lo is not None else "-inf"
        hi = self.hi if self.hi is not None else "inf"
        return f"{self._noun} in [{lo}, {hi}]"


@dataclass(frozen=True)
class Int(_Bounded):
    """An integer parameter between `lo` and `hi` (inclusive, either may be None)."""

    _noun: ClassVar[str] = "integer"

    def normalise(self, value: Any, path: str) -> int:
        if isinstance(value, bool) or (not hasattr(value, "__index__") and not (
            isinstance(value, float) and value.is_integer()
        )):
            raise _fail(path, f"expected an integer, got {value!r}")
        return self._within(int(value), path)


@dataclass(frozen=True)
class Real(_Bounded):
    """A real parameter shown with `decimals` decimals (None: shown as given). Generated values are
    rounded to `decimals` before the key is computed, so the key matches what the student sees."""

    decimals: int | None = None

    def normalise(self, value: Any, path: str) -> float:
        if isinstance(value, bool) or (not isinstance(value, (int, float)) and not hasattr(value, "__float__")):
            raise _fail(path, f"expected a number, got {value!r}")
        v = float(value)
        if not math.isfinite(v):
            raise _fail(path, f"expected a finite number, got {value!r}")
        if self.decimals is not None:
            v = round(v, self.decimals)
        return self._within(v, path)


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


