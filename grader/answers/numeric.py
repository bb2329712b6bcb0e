"""Numeric answers: integers, decimals, scientific notation, fractions and small constant expressions.

Plain numbers are read with `fractions.Fraction` (exact, no float surprises); anything else
(`1/e`, `(1-1/1000)^1000`, `e^-1`) goes through the symbolic checker's safe parser with no symbols
allowed, so no student text ever reaches an evaluator. Evaluating such an expression can still
take unbounded time (`e^e^e^e^e`): like every judge, this one runs under the hard time limit
(`grader.answers.checking.check_answer`).
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from grader.answers.checker import Checker, Task, WrongAnswer, require_settings
from grader.answers.settings import Numeric, Settings
from grader.errors import InvalidAnswer, UsageError
from grader.results import AnswerResult, graded

__all__ = ["CHECKER", "clean_answer", "format_number", "matches", "normalise_text", "parse_number",
           "significant_figures", "tolerance"]

MAX_LENGTH = 200
_NUMBER = re.compile(r"[+-]?(?:\d{1,100}\.?\d{0,100}|\.\d{1,100})(?:[eE][+-]?\d{1,3})?")
# Scientific notation with an exponent too long for `_NUMBER`: out of any float's range, and read
# here so that the expression parser never sees `1e-999999` as 1·e − 999999.
_LONG_EXPONENT = re.compile(r"[+-]?(?:\d{1,100}\.?\d{0,100}|\.\d{1,100})[eE][+-]?\d{4,}")
_FRACTION = re.compile(r"([+-]?\d{1,50})\s*/\s*(\d{1,50})")
_TRANSLATE = str.maketrans({"−": "-", "–": "-", "×": "*", "·": "*", "，": ",", "。": "."})


def normalise_text(text: str) -> str:
    """NFKC (full-width digits become ASCII), unify minus signs, trim."""
    return unicodedata.normalize("NFKC", text).translate(_TRANSLATE).strip()


def clean_answer(text: str, *, max_length: int, empty: str) -> str:
    """The normalised answer text, or InvalidAnswer for what no checker should read further:
    non-text, NUL bytes, nothing at all (`empty` says what to give), or too much."""
    if not isinstance(text, str):
        raise InvalidAnswer("the answer must be text")
    if "\x00" in text:
        raise InvalidAnswer("the answer contains a NUL byte")
    if len(text) > 4 * max_length:  # refuse before normalising: NFKC can expand a character 18-fold
        raise InvalidAnswer(f"the answer is too long ({len(text)} characters; at most {max_length})")
    t = normalise_text(text)
    if not t:
        raise InvalidAnswer(empty)
    if len(t) > max_length:
        raise InvalidAnswer(f"the answer is too long ({len(t)} characters; at most {max_length})")
    return t


def significant_figures(text: str) -> int | None:
    """Significant figures of a plain decimal answer, None when the count is ambiguous
    (integers with trailing zeros, fractions, expressions)."""
    m = re.fullmatch(r"[+-]?(\d*)\.?(\d*)(?:[eE][+-]?\d+)?", text)
    if not m or ("." not in text and not re.search(r"[eE]", text)):
        return None
    digits = (m.group(1) + m.group(2)).lstrip("0")
    return max(len(digits), 1)


def parse_number(text: str) -> tuple[float, str]:
    """Read a numeric answer; returns (value, what was understood). Raises InvalidAnswer."""
    t = clean_answer(text, max_length=MAX_LENGTH, empty="the answer is empty")
    if t.endswith("%"):
        raise InvalidAnswer("give a plain number, not a percentage (write 0.368 rather than 36.8%)")
    if _LONG_EXPONENT.fullmatch(t):
        raise InvalidAnswer("the number's exponent is out of range (write at most 3 digits after e)")
    if _NUMBER.fullmatch(t):
        try:
            return float(Fraction(t)), t
        except OverflowError:
            raise InvalidAnswer("the number is too large") from None
    m = _FRACTION.fullmatch(t)
    if m:
        denominator = int(m.group(2))
        if denominator == 0:
            raise InvalidAnswer("division by zero")
        value = Fraction(int(m.group(1)), denominator)
        return float(value), f"{m.group(1)}/{m.group(2)}"
    return _constant_expression(t)


def _constant_expression(text: str) -> tuple[float, str]:
    from grader.answers.symbolic import parse_answer, to_latex

    expr = parse_answer(text, symbols=())
    if expr.free_symbols:
        raise InvalidAnswer("a number is expected here, not an expression with variables")
    try:
        value = complex(expr.evalf(30))
    except (ArithmeticError, ValueError, TypeError):  # e.g. mpmath overflowing on exp(exp(exp(exp(9))))
        raise InvalidAnswer("the expression does not evaluate to a finite real number") from None
    if value.imag != 0 or not math.isfinite(value.real):
        raise InvalidAnswer("the expression does not evaluate to a finite real number")
    return value.real, to_latex(expr)


def tolerance(key: float, spec: Numeric) -> float:
    if spec.exact_integer:
        return 0.0
    if spec.sig_figs is not None and key != 0:
        return 0.5 * 10 ** (math.floor(math.log10(abs(key))) - spec.sig_figs + 1) * (1 + 1e-9)
    return spec.abs_tol + spec.rel_tol * abs(key)


def _needed_figures(key: float, spec: Numeric) -> int | None:
    if spec.min_sig_figs is not None:
        return spec.min_sig_figs
    if spec.exact_integer or key == 0:
        return None
    tol = tolerance(key, spec)
    if tol <= 0:
        return None
    return max(1, math.ceil(math.log10(abs(key)) - math.log10(2 * tol) + 1e-9))


def matches(value: float, key: float, spec: Numeric) -> bool:
    if spec.exact_integer:
        return float(value).is_integer() and int(value) == int(key)
    return abs(value - key) <= tolerance(key, spec)


@dataclass(frozen=True)
class _Prepared:
    key: float
    mistakes: tuple[WrongAnswer, ...]  # values as floats


def _as_number(value: Any, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        try:  # numpy scalars and the like
            return float(value)
        except (TypeError, ValueError):
            raise UsageError(f"the {what} of a numeric question must be a number, got {type(value).__name__}") from None
    return value


class NumericChecker:
    """The `numeric` kind: a number or a constant expression, within the question's tolerance."""

    def prepare(self, task: Task) -> _Prepared:
        task.settings_as(Numeric)
        # Constant expressions (`1/e`) are read by the symbolic parser: import it (and sympy) here,
        # once, so a forked judge inherits it instead of paying the import inside its time limit.
        import grader.answers.symbolic  # noqa: F401
        mistakes = tuple(WrongAnswer(_as_number(m.value, "mistake"), m.feedback, m.credit) for m in task.mistakes)
        return _Prepared(_as_number(task.key, "key"), mistakes)

    def judge(self, text: str, task: Task, prepared: _Prepared) -> AnswerResult:
        """A correct value earns the points; a listed mistake's value its credit and feedback."""
        spec = task.settings_as(Numeric)
        value, understood = parse_number(text)
        key, max_score = prepared.key, task.max_score
        warnings: tuple[str, ...] = ()
        figures = significant_figures(normalise_text(text))
        needed = _needed_figures(key, spec)
        if figures is not None and needed is not None and figures < needed:
            warnings = (f"your answer has {figures} significant figure(s); this question needs about {needed} "
                        "to be judged, so round less",)
        if matches(value, key, spec):
            return graded(1.0, max_score, understood_as=understood, warnings=warnings)
        for wrong, feedback, credit in prepared.mistakes:
            if matches(value, wrong, spec):
                return graded(credit, max_score, feedback=feedback, understood_as=understood, warnings=warnings)
        return graded(0.0, max_score, understood_as=understood, warnings=warnings)

    def format(self, value: Any, settings: Settings) -> str:
        return format_number(value, require_settings(settings, Numeric, kind="numeric"))


CHECKER: Checker[_Prepared] = NumericChecker()  # annotated: mypy checks it against the protocol


def format_number(value: float | int, spec: Numeric) -> str:
    """The key as a student would type it."""
    if spec.exact_integer or isinstance(value, int):
        return str(int(round(value)))  # noqa: RUF046 (numpy scalars round to floats)
    if float(value).is_integer() and abs(value) < 1e15:
        return str(int(value))
    digits = max(spec.sig_figs or 0, (_needed_figures(value, spec) or 6) + 2, 6)
    return format(float(value), f".{min(digits, 15)}g")
