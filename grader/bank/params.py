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
from grader.i18n import N_, _


class Param:
    """Base of the schema types: `normalise` converts a raw value (numpy scalars, JSON) to the
    canonical Python value or raises UsageError naming the path."""

    def normalise(self, value: Any, path: str) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

    def describe(self) -> str:  # pragma: no cover - abstract
        raise NotImplementedError


def _fail(path: str, message: str) -> UsageError:
    return UsageError(_("parameter {name}: {message}").format(name=path, message=message))


@dataclass(frozen=True)
class _Bounded(Param):
    """A number with optional bounds; `_noun` names what it is in messages."""

    _noun: ClassVar[str] = N_("number")
    lo: float | None = None
    hi: float | None = None

    def _within(self, v: Any, path: str) -> Any:
        if (self.lo is not None and v < self.lo) or (self.hi is not None and v > self.hi):
            raise _fail(path, _("{value} is outside {range}").format(value=v, range=self.describe()))
        return v

    def describe(self) -> str:
        lo = self.lo if self.lo is not None else "-inf"
        hi = self.hi if self.hi is not None else "inf"
        return _("{noun} in [{lo}, {hi}]").format(noun=_(self._noun), lo=lo, hi=hi)


@dataclass(frozen=True)
class Int(_Bounded):
    """An integer parameter between `lo` and `hi` (inclusive, either may be None)."""

    _noun: ClassVar[str] = N_("integer")

    def normalise(self, value: Any, path: str) -> int:
        if isinstance(value, bool) or (not hasattr(value, "__index__") and not (
            isinstance(value, float) and value.is_integer()
        )):
            raise _fail(path, _("expected an integer, got {value}").format(value=repr(value)))
        return self._within(int(value), path)


@dataclass(frozen=True)
class Real(_Bounded):
    """A real parameter shown with `decimals` decimals (None: shown as given). Generated values are
    rounded to `decimals` before the key is computed, so the key matches what the student sees."""

    decimals: int | None = None

    def normalise(self, value: Any, path: str) -> float:
        if isinstance(value, bool) or (not isinstance(value, (int, float)) and not hasattr(value, "__float__")):
            raise _fail(path, _("expected a number, got {value}").format(value=repr(value)))
        v = float(value)
        if not math.isfinite(v):
            raise _fail(path, _("expected a finite number, got {value}").format(value=repr(value)))
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
            raise _fail(path, _("{value} is not one of {values}").format(value=repr(value), values=list(self.values)))
        return value

    def describe(self) -> str:
        return _("one of {values}").format(values=list(self.values))


@dataclass(frozen=True)
class Seq(Param):
    item: Param
    min_len: int = 1
    max_len: int = 64

    def normalise(self, value: Any, path: str) -> list:
        if hasattr(value, "tolist"):
            value = value.tolist()
        if isinstance(value, (str, bytes)) or not isinstance(value, (list, tuple)):
            raise _fail(path, _("expected a list, got {value}").format(value=repr(value)))
        if not self.min_len <= len(value) <= self.max_len:
            raise _fail(path, _("expected {low} to {high} items, got {got}").format(low=self.min_len, high=self.max_len,
                                                                                     got=len(value)))
        return [self.item.normalise(v, f"{path}[{i}]") for i, v in enumerate(value)]

    def describe(self) -> str:
        return _("list of {low}-{high} × {item}").format(low=self.min_len, high=self.max_len, item=self.item.describe())


def normalise_params(schema: Mapping[str, Param], params: Mapping[str, Any]) -> dict:
    """Check `params` against `schema` (every name present, no unknown names) and return the
    canonical values. Raises UsageError with the offending name."""
    if not isinstance(params, Mapping):
        raise UsageError(_("parameters must be a JSON object, got {type}").format(type=type(params).__name__))
    unknown = sorted(set(params) - set(schema))
    if unknown:
        raise UsageError(_("unknown parameter(s) {names}; expected {expected}").format(
            names=", ".join(unknown), expected=", ".join(schema)))
    missing = [name for name in schema if name not in params]
    if missing:
        raise UsageError(_("missing parameter(s) {names}").format(names=", ".join(missing)))
    return {name: spec.normalise(params[name], name) for name, spec in schema.items()}


