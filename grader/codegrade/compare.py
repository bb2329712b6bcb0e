"""Compare a student's outputs with the reference's and say, in words, what differs.

Pure functions over values that already live in the grading process: plain tensors rebuilt from
safetensors files, Python numbers, None, strings, and tuples/lists of those, plus `Foreign` for
anything else the child described (a Tensor subclass, a numpy array...). Nothing here runs student
code, so nothing here can be monkeypatched by it.

Messages locate problems (shape, dtype, device, index of the largest error, its size) but never
print hidden inputs or expected values: "largest absolute error 0.31 at index (2, 5)" helps fix the
bug without handing out the answer.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import torch

from grader.i18n import _, ngettext
from grader.reports.clean import plain_line

# Default tolerances: (rtol, atol) per dtype; integers and bools compare exactly.
DEFAULT_TOLERANCES: dict[torch.dtype, tuple[float, float]] = {
    torch.float64: (1e-6, 1e-8),
    torch.float32: (1e-4, 1e-5),
    torch.float16: (1e-2, 1e-3),
    torch.bfloat16: (1.6e-2, 1e-3),
}


@dataclass(frozen=True)
class Foreign:
    """Something the student returned that is not a plain value: `type_name` as the child saw it
    (e.g. "numpy.ndarray", "mymodule.FakeTensor (a torch.Tensor subclass)")."""

    type_name: str


def tolerance(dtype: torch.dtype, *, rtol: float | None = None, atol: float | None = None) -> tuple[float, float]:
    """(rtol, atol) for comparing values of `dtype`: the check's override when given, else the default."""
    d_rtol, d_atol = DEFAULT_TOLERANCES.get(dtype, (0.0, 0.0))
    return (d_rtol if rtol is None else rtol), (d_atol if atol is None else atol)


def type_name(value: Any) -> str:
    if isinstance(value, Foreign):
        return value.type_name
    if value is None:
        return "None"
    if type(value) is torch.Tensor:
        return "torch.Tensor"
    t = type(value)
    return t.__name__ if t.__module__ == "builtins" else f"{t.__module__}.{t.__qualname__}"


def _sequence(value: tuple | list) -> str:
    n = len(value)
    if isinstance(value, tuple):
        return ngettext("a tuple of {n} item", "a tuple of {n} items", n).format(n=n)
    return ngettext("a list of {n} item", "a list of {n} items", n).format(n=n)


def _describe_expected(value: Any) -> str:
    if type(value) is torch.Tensor:
        return _("a {type}").format(type="torch.Tensor")
    if isinstance(value, (tuple, list)):
        return _sequence(value)
    if value is None:
        return "None"
    if isinstance(value, bool):
        return _("a bool")
    if isinstance(value, (int, float)):
        return _("a number")
    return _("a {type}").format(type=type_name(value))


def _describe_actual(value: Any) -> str:
    if isinstance(value, (tuple, list)) and not isinstance(value, Foreign):
        return _sequence(value)
    if value is None:
        return "None"
    return _("a {type}").format(type=type_name(value)) if not isinstance(value, Foreign) else value.type_name


def _index(flat_index: int, shape: tuple[int, ...]) -> str:
    if not shape:
        return "()"
    idx = []
    for size in reversed(shape):
        idx.append(flat_index % size)
        flat_index //= size
    return "(" + ", ".join(str(i) for i in reversed(idx)) + ("," if len(shape) == 1 else "") + ")"


def _fmt(x: float) -> str:
    return f"{x:.3g}"


def _count(n: int, total: int) -> str:
    return ngettext("{n} of {total} element", "{n} of {total} elements", total).format(n=n, total=total)


def _at(where: str | None, problem: str) -> str:
    """`problem` located at `where` ("output" when None): "output: shape (3,) expected, got (4,)"."""
    return _("{where}: {problem}").format(where=_("output") if where is None else where, problem=problem)


def layout_problem(expected: torch.Tensor, actual: Any) -> str | None:
    """What makes `actual` not even comparable with `expected`: not a plain tensor, or another
    shape, dtype or device; None when it is comparable."""
    if type(actual) is not torch.Tensor:
        return _("expected {expected}, got {actual}").format(expected=_("a {type}").format(type="torch.Tensor"),
                                                             actual=_describe_actual(actual))
    if tuple(actual.shape) != tuple(expected.shape):
        return _("shape {expected} expected, got {actual}").format(expected=tuple(expected.shape),
                                                                   actual=tuple(actual.shape))
    if actual.dtype != expected.dtype:
        return _("dtype {expected} expected, got {actual}").format(expected=expected.dtype, actual=actual.dtype)
    if actual.device.type != expected.device.type:
        return _("device {expected} expected (the input's), got {actual}").format(expected=expected.device.type,
                                                                                  actual=actual.device)
    return None


def compare_tensors(expected: torch.Tensor, actual: torch.Tensor, *, rtol: float | None = None,
                    atol: float | None = None, where: str | None = None) -> str | None:
    """None when `actual` matches `expected` (same shape, dtype, device, values within tolerance,
    NaN/Inf exactly where expected); otherwise one sentence saying what differs, located at `where`
    ("output" when None)."""
    problem = layout_problem(expected, actual)
    if problem is not None:
        return _at(where, problem)
    e = expected.detach().to("cpu")
    a = actual.detach().to("cpu")
    total = e.numel()
    if total == 0:
        return None
    if not (e.is_floating_point() or e.is_complex()):
        diff = (a != e).reshape(-1)
        n = int(diff.sum())
        if n == 0:
            return None
        first = int(diff.nonzero()[0])
        return _at(where, _("{count} differ (exact match required); first at index {index}").format(
            count=_count(n, total), index=_index(first, tuple(e.shape))))

    r, t = tolerance(e.dtype, rtol=rtol, atol=atol)
    e64, a64 = e.double().reshape(-1), a.double().reshape(-1)
    shape = tuple(e.shape)
    a_nan, e_nan = a64.isnan(), e64.isnan()
    bad_nan = a_nan & ~e_nan
    if bool(bad_nan.any()):
        first = int(bad_nan.nonzero()[0])
        return _at(where, _("NaN where none expected ({count}, first at index {index}); look for overflow "
                            "(inf/inf, inf − inf) or log/sqrt of bad values").format(
            count=_count(int(bad_nan.sum()), total), index=_index(first, shape)))
    missing_nan = e_nan & ~a_nan
    if bool(missing_nan.any()):
        first = int(missing_nan.nonzero()[0])
        return _at(where, _("a NaN was expected at index {index} ({count})").format(
            index=_index(first, shape), count=_count(int(missing_nan.sum()), total)))
    a_inf, e_inf = a64.isinf(), e64.isinf()
    bad_inf = (a_inf & ~e_inf) | (a_inf & e_inf & (a64 != e64))
    if bool(bad_inf.any()):
        first = int(bad_inf.nonzero()[0])
        return _at(where, _("±Inf where none expected ({count}, first at index {index}); look for overflow of "
                            "exp or division by zero").format(count=_count(int(bad_inf.sum()), total),
                                                              index=_index(first, shape)))
    missing_inf = e_inf & ~a_inf
    if bool(missing_inf.any()):
        first = int(missing_inf.nonzero()[0])
        return _at(where, _("an infinite value was expected at index {index}").format(index=_index(first, shape)))

    finite = ~(e_nan | e_inf)
    err = torch.where(finite, (a64 - e64).abs(), torch.zeros_like(e64))
    allowed = t + r * e64.abs()
    outside = finite & (err > allowed)
    n = int(outside.sum())
    if n == 0:
        return None
    worst = int(err.argmax())
    abs_err = float(err[worst])
    scale = abs(float(e64[worst]))
    if scale > 0:
        text = _("{count} outside tolerance (rtol {rtol}, atol {atol}); largest absolute error {error} at "
                 "index {index}, relative error {relative}")
    else:
        text = _("{count} outside tolerance (rtol {rtol}, atol {atol}); largest absolute error {error} at "
                 "index {index}")
    return _at(where, text.format(count=_count(n, total), rtol=f"{r:g}", atol=f"{t:g}", error=_fmt(abs_err),
                                  index=_index(worst, shape), relative=_fmt(abs_err / scale) if scale > 0 else ""))


def _number(value: Any) -> float | None:
    """A Python number, or a one-element plain tensor, as a float; None if it is neither."""
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, (int, float)):
        return float(value)
    if type(value) is torch.Tensor and value.numel() == 1 and value.dim() == 0:
        return float(value.detach().to("cpu").double())
    return None


def compare_numbers(expected: float, actual: Any, *, rtol: float | None = None, atol: float | None = None,
                    where: str | None = None) -> str | None:
    """Python numbers are compared as float64 scalars; a 0-d tensor is accepted for a number."""
    got = _number(actual)
    if got is None or isinstance(actual, Foreign):
        return _at(where, _expected_got(_("a number"), actual))
    exp = float(expected)
    r, t = tolerance(torch.float64, rtol=rtol, atol=atol)
    if math.isnan(exp) and math.isnan(got):
        return None
    if math.isnan(got):
        return _at(where, _("NaN where a number was expected"))
    if math.isinf(exp) or math.isinf(got):
        if exp == got:
            return None
        return _at(where, _("an infinite value where a finite one was expected") if math.isinf(got)
                   else _("a finite value where an infinite one was expected"))
    err = abs(got - exp)
    if err <= t + r * abs(exp):
        return None
    if exp != 0:
        text = _("value differs by {error} (rtol {rtol}, atol {atol}), relative error {relative}")
    else:
        text = _("value differs by {error} (rtol {rtol}, atol {atol})")
    return _at(where, text.format(error=_fmt(err), rtol=f"{r:g}", atol=f"{t:g}",
                                  relative=_fmt(err / abs(exp)) if exp != 0 else ""))


def _expected_got(expected: str, actual: Any) -> str:
    return _("expected {expected}, got {actual}").format(expected=expected, actual=_describe_actual(actual))


def compare(expected: Any, actual: Any, *, rtol: float | None = None, atol: float | None = None,
            where: str | None = None) -> str | None:
    """Compare any output structure; None when it matches, else the first difference in words, located
    at `where` ("output" when None, "output[1]" inside a tuple)."""
    if isinstance(actual, Foreign):
        return _at(where, _("expected {expected}, got {actual}").format(expected=_describe_expected(expected),
                                                                        actual=actual.type_name))
    if type(expected) is torch.Tensor:
        return compare_tensors(expected, actual, rtol=rtol, atol=atol, where=where)
    here = _("output") if where is None else where
    if isinstance(expected, (tuple, list)):
        if not isinstance(actual, (tuple, list)) or len(actual) != len(expected):
            return _at(here, _expected_got(_describe_expected(expected), actual))
        for i, (e, a) in enumerate(zip(expected, actual)):
            problem = compare(e, a, rtol=rtol, atol=atol, where=f"{here}[{i}]")
            if problem:
                return problem
        return None
    if expected is None:
        return None if actual is None else _at(here, _expected_got("None", actual))
    if isinstance(expected, bool):
        got = _number(actual)
        if got is None:
            return _at(here, _expected_got(_("a bool"), actual))
        return None if got == float(expected) else _at(here, _("the truth value is wrong"))
    if isinstance(expected, (int, float)):
        return compare_numbers(expected, actual, rtol=rtol, atol=atol, where=where)
    if isinstance(expected, str):
        if not isinstance(actual, str):
            return _at(here, _expected_got(_("a string"), actual))
        return None if actual == expected else _at(here, _("the string differs"))
    if isinstance(expected, dict):
        if not isinstance(actual, dict) or set(actual) != set(expected):
            return _at(here, _expected_got(_("a dict with keys {keys}").format(keys=sorted(map(str, expected))),
                                           actual))
        for k in expected:
            problem = compare(expected[k], actual[k], rtol=rtol, atol=atol, where=f"{here}[{k!r}]")
            if problem:
                return problem
        return None
    return None if expected == actual else _at(here, _("value differs"))


def matches(expected: Any, actual: Any, *, rtol: float | None = None, atol: float | None = None) -> bool:
    return compare(expected, actual, rtol=rtol, atol=atol) is None


def unchanged(before: torch.Tensor, after: Any) -> bool:
    """True when a tensor argument came back bit-for-bit as it went in (NaN equal to NaN)."""
    if type(after) is not torch.Tensor or after.shape != before.shape or after.dtype != before.dtype:
        return False
    a, b = after.detach().to("cpu"), before.detach().to("cpu")
    if a.is_floating_point():
        return bool(((a == b) | (a.isnan() & b.isnan())).all())
    return bool(torch.equal(a, b))


def exception_message(exc_type: str, message: str, line: int | None) -> str:
    """How a student's exception is shown: "ZeroDivisionError: division by zero (line 12)"."""
    text = plain_line(f"{exc_type}: {message}" if message else exc_type, 300)
    return _("{text} (line {line})").format(text=text, line=line) if line else text
