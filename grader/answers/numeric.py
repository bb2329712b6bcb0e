"""Numeric answers: integers, decimals, scientific notation, fractions and small constant expressions.

Plain numbers are read with `fractions.Fraction` (exact, no float surprises); anything else
(`1/e`, `(1-1/1000)^1000`, `e^-1`, `10^1000`) goes through the symbolic checker's safe parser with
no symbols allowed, so no student text ever reaches an evaluator, and is evaluated with the
guarded 30-digit arithmetic of `grader.answers.mpeval`: exact rationals stay `Fraction`s, other
values are mpmath numbers, so `10^1000` and `e^1000` are finite numbers to judge, not overflows,
and an intermediate beyond the size caps (`e^e^e^e^e`, `sin(e^e^e^e)`) makes the answer `invalid`
("too large") at once rather than running into the hard time limit (which still bounds every
judge: `grader.answers.checking.check_answer`). What was understood is shown back compactly:
numbers of more than 20 digits rounded to 10 significant digits, with a note.

A question that wants the exact value (`Numeric(exact=True)`) refuses decimals, never takes a
fraction for an irrational key, and compares everything else to 20 significant digits.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, NamedTuple

from grader.answers.checker import Checker, Task, WrongAnswer, require_settings
from grader.answers.settings import Numeric, Settings
from grader.answers.text import normalise_text as _normalise
from grader.errors import InvalidAnswer, Message, UsageError
from grader.i18n import N_, _
from grader.results import AnswerResult, graded, invalid

__all__ = ["CHECKER", "NumberReading", "clean_answer", "format_number", "matches", "normalise_text", "parse_number",
           "significant_figures", "tolerance"]

MAX_LENGTH = 200
_NUMBER = re.compile(r"[+-]?(?:\d{1,100}\.?\d{0,100}|\.\d{1,100})(?:[eE][+-]?\d{1,3})?")
# Scientific notation with an exponent too long for `_NUMBER`: out of any float's range, and read
# here so that the expression parser never sees `1e-999999` as 1·e − 999999.
_LONG_EXPONENT = re.compile(r"[+-]?(?:\d{1,100}\.?\d{0,100}|\.\d{1,100})[eE][+-]?\d{4,}")
_FRACTION = re.compile(r"([+-]?\d{1,50})\s*/\s*(\d{1,50})")
_TRANSLATE = str.maketrans({"×": "*", "·": "*", "，": ",", "。": "."})
TOO_LARGE_MESSAGE = N_("a number in this answer is too large to evaluate")
NOT_FINITE_MESSAGE = N_("the expression does not evaluate to a finite real number")
# Shared with the symbolic checker, whose `exact` setting means the same. Every message a checker
# writes is an English template marked with N_, translated into the task's language where it is
# written out (`_(MESSAGE, lang=task.lang)`, `InvalidAnswer.text(task.lang)`).
EXACT_DECIMAL_MESSAGE = N_("this question asks for the exact value: write fractions and constants (1/3, e, pi, "
                           "sqrt(2)), not decimals")
EXACT_APPROXIMATION_MESSAGE = N_("close, but not exact: a rounded value or a truncated series is a fraction, and "
                                 "the exact value is not; write it with constants such as e, pi, sqrt or log")
ROUND_LESS_MESSAGE = N_("your answer has {figures} significant figure(s); this question needs about {needed} to be "
                        "judged, so round less")


def normalise_text(text: str) -> str:
    """What every checker reads (`grader.answers.text.normalise`: NFKC, so full-width digits become
    ASCII; superscripts as ^(...); one minus sign), trimmed."""
    return _normalise(text).translate(_TRANSLATE).strip()


def clean_answer(text: str, *, max_length: int, empty: str) -> str:
    """The normalised answer text, or InvalidAnswer for what no checker should read further:
    non-text, NUL bytes, nothing at all (`empty` says what to give: a template marked with N_), or
    too much."""
    if not isinstance(text, str):
        raise InvalidAnswer(N_("the answer must be text"))
    if "\x00" in text:
        raise InvalidAnswer(N_("the answer contains a NUL byte"))
    too_long = N_("the answer is too long ({length} characters; at most {limit})")
    if len(text) > 4 * max_length:  # refuse before normalising: NFKC can expand a character 18-fold
        raise InvalidAnswer(too_long, length=len(text), limit=max_length)
    t = normalise_text(text)
    if not t:
        raise InvalidAnswer(empty)
    if len(t) > max_length:
        raise InvalidAnswer(too_long, length=len(t), limit=max_length)
    return t


def significant_figures(text: str) -> int | None:
    """Significant figures of a plain decimal answer, None when the count is ambiguous
    (integers with trailing zeros, fractions, expressions)."""
    m = re.fullmatch(r"[+-]?(\d*)\.?(\d*)(?:[eE][+-]?\d+)?", text)
    if not m or ("." not in text and not re.search(r"[eE]", text)):
        return None
    digits = (m.group(1) + m.group(2)).lstrip("0")
    return max(len(digits), 1)


class NumberReading(NamedTuple):
    """A numeric answer as understood: its value (a `Fraction` when it is an exact rational,
    otherwise an mpmath number accurate to 24 digits), what to show back, whether it was written
    with a decimal point or an exponent (`0.368`, `1e-3`), the sympy expression of a constant
    expression (None for a plain number or fraction) and a note on how it is shown (rounded)."""

    value: Any
    understood: str
    decimal: bool = False
    expr: Any = None
    note: Message | None = None  # translated by the judge, into the task's language


def parse_number(text: str) -> NumberReading:
    """Read a numeric answer. Raises InvalidAnswer."""
    t = clean_answer(text, max_length=MAX_LENGTH, empty=N_("the answer is empty"))
    if t.endswith("%"):
        raise InvalidAnswer(N_("give a plain number, not a percentage (write 0.368 rather than 36.8%)"))
    if _LONG_EXPONENT.fullmatch(t):
        raise InvalidAnswer(N_("the number's exponent is out of range (write at most 3 digits after e)"))
    if _NUMBER.fullmatch(t):
        return NumberReading(Fraction(t), t, decimal=bool(re.search(r"[.eE]", t)))
    m = _FRACTION.fullmatch(t)
    if m:
        denominator = int(m.group(2))
        if denominator == 0:
            raise InvalidAnswer(N_("division by zero"))
        return NumberReading(Fraction(int(m.group(1)), denominator), f"{m.group(1)}/{m.group(2)}")
    return _constant_expression(t)


def _constant_expression(text: str) -> NumberReading:
    from grader.answers import expr_parser
    from grader.answers.symbolic import show

    reading = expr_parser.read(text, ())
    expr = reading.expr
    if expr.free_symbols:
        raise InvalidAnswer(N_("a number is expected here, not an expression with variables"))
    shown, note = show(expr)
    value = Fraction(int(expr.p), int(expr.q)) if expr.is_Rational else _evaluate(expr)
    return NumberReading(value, shown, decimal=reading.decimal_at is not None, expr=expr, note=note)


def _evaluate(expr: Any) -> Any:
    """A constant expression's value, accurate to 24 digits (raising the precision where rounding
    leaves fewer), or InvalidAnswer: too large at once, undefined, or never accurate."""
    from grader.answers import mpeval

    fn = mpeval.compile_expr(expr)
    defined = False
    for digits in mpeval.LEVELS:
        try:
            value, error = mpeval.evaluate(fn, {}, digits=digits)
        except mpeval.TooLarge:
            raise InvalidAnswer(TOO_LARGE_MESSAGE) from None
        except mpeval.Undefined:
            continue
        defined = True
        if error <= 1e-24:
            return value
    if not defined:
        raise InvalidAnswer(NOT_FINITE_MESSAGE)
    raise InvalidAnswer(N_("this expression loses too many digits to rounding to be evaluated; simplify it"))


def tolerance(key: float, spec: Numeric) -> float:
    if spec.exact_integer:
        return 0.0
    if spec.decimals is not None:
        return 0.5 * 10.0 ** -spec.decimals * (1 + 1e-9)
    if spec.sig_figs is not None and key != 0:
        return 0.5 * 10 ** (math.floor(math.log10(abs(key))) - spec.sig_figs + 1) * (1 + 1e-9)
    return spec.abs_tol + spec.rel_tol * abs(key)


def _needed_figures(key: float, spec: Numeric) -> int | None:
    if spec.min_sig_figs is not None:
        return spec.min_sig_figs
    if spec.exact_integer or spec.decimals is not None or key == 0:
        return None  # with `decimals` the tolerance itself judges whether enough places were given
    tol = tolerance(key, spec)
    if tol <= 0:
        return None
    return max(1, math.ceil(math.log10(abs(key)) - math.log10(2 * tol) + 1e-9))


def matches(value: Any, key: float, spec: Numeric) -> bool:
    """Whether `value` (a Fraction, an mpmath number or a float) is the key within the tolerance.
    Exact values are compared exactly (a Fraction of 10^1000 never passes through a float)."""
    if isinstance(value, Fraction):
        if spec.exact_integer:
            return value.denominator == 1 and value == int(key)
        return abs(value - Fraction(key)) <= Fraction(tolerance(key, spec))
    if spec.exact_integer:  # an irrational-looking expression that is an integer (sqrt(2)^2 stays exact in sympy)
        return bool(abs(value - int(key)) <= 1e-20 * max(1, abs(int(key))))
    return bool(abs(value - key) <= tolerance(key, spec))


@dataclass(frozen=True)
class _Prepared:
    key: float
    mistakes: tuple[WrongAnswer, ...]  # values as floats (exact: as sympy expressions)
    exact_key: Any = None  # the key as a sympy expression, for exact questions


# The key and a listed mistake, as messages about a broken question name them (numeric and symbolic).
KEY, MISTAKE = N_("the key"), N_("a listed mistake")


def _as_number(value: Any, what: str) -> float:
    """`value` (`what`: the key or a listed mistake, in the current language) as a number; UsageError
    otherwise."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        try:  # numpy scalars and the like
            return float(value)
        except (TypeError, ValueError):
            raise UsageError(_("{what} of a numeric question must be a number, got {type}").format(
                what=what, type=type(value).__name__)) from None
    return value


def _as_exact(value: Any, what: str) -> Any:
    """A key or mistake (`what` names it) of an exact question as a sympy constant: ints and
    Fractions exactly, floats as the decimal they print as, sympy expressions as they are."""
    import sympy

    if isinstance(value, bool):
        raise UsageError(_("{what} of a numeric question must be a number, got {type}").format(what=what,
                                                                                              type="bool"))
    if isinstance(value, int):
        return sympy.Integer(value)
    if isinstance(value, Fraction):
        return sympy.Rational(value.numerator, value.denominator)
    if isinstance(value, float):
        return sympy.Rational(repr(value))
    if isinstance(value, sympy.Basic) and not value.free_symbols:
        return value
    raise UsageError(_("{what} of an exact numeric question must be an int, a Fraction or a sympy constant such "
                       "as exp(-1), got {type}").format(what=what, type=type(value).__name__))


def _exactly_equal(answer: Any, expected: Any) -> bool:
    from grader.answers.symbolic import constant_mismatch, equivalent

    if answer.is_Rational and expected.is_Rational:
        return bool(answer == expected)
    if constant_mismatch(answer, expected):
        return False
    return bool(equivalent(expected, answer, domains={}))


class NumericChecker:
    """The `numeric` kind: a number or a constant expression, within the question's tolerance (or,
    with `exact`, the exact value)."""

    def prepare(self, task: Task) -> _Prepared:
        spec = task.settings_as(Numeric)
        # Constant expressions (`1/e`) are read by the symbolic parser: import it (and sympy) here,
        # once, so a forked judge inherits it instead of paying the import inside its time limit.
        import grader.answers.symbolic  # noqa: F401
        if spec.exact:
            key = _as_exact(task.key, _(KEY))
            mistakes = tuple(WrongAnswer(_as_exact(m.value, _(MISTAKE)), m.feedback, m.credit) for m in task.mistakes)
            return _Prepared(float(key), mistakes, key)
        mistakes = tuple(WrongAnswer(_as_number(m.value, _(MISTAKE)), m.feedback, m.credit) for m in task.mistakes)
        return _Prepared(_as_number(task.key, _(KEY)), mistakes)

    def judge(self, text: str, task: Task, prepared: _Prepared) -> AnswerResult:
        """A correct value earns the points; a listed mistake's value its credit and feedback."""
        spec = task.settings_as(Numeric)
        reading = parse_number(text)
        if spec.exact:
            return self._judge_exact(reading, task, prepared)
        value, understood = reading.value, reading.understood
        key, max_score = prepared.key, task.max_score
        lang = task.lang
        warnings: tuple[str, ...] = (reading.note.text(lang),) if reading.note else ()
        if matches(value, key, spec):  # a correct answer is never told to round less
            return graded(1.0, max_score, understood_as=understood, warnings=warnings)
        figures = significant_figures(normalise_text(text))
        needed = _needed_figures(key, spec)
        if figures is not None and needed is not None and figures < needed:
            warnings += (_(ROUND_LESS_MESSAGE, lang=lang).format(figures=figures, needed=needed),)
        for index, (wrong, feedback, credit) in enumerate(prepared.mistakes):
            if matches(value, wrong, spec):
                return graded(credit, max_score, feedback=feedback, understood_as=understood, warnings=warnings,
                              mistake=index)
        return graded(0.0, max_score, understood_as=understood, warnings=warnings)

    def _judge_exact(self, reading: NumberReading, task: Task, prepared: _Prepared) -> AnswerResult:
        import sympy

        from grader.answers.symbolic import constant_mismatch

        max_score, understood, lang = task.max_score, reading.understood, task.lang
        warnings: tuple[str, ...] = (reading.note.text(lang),) if reading.note else ()
        if reading.decimal:
            return invalid(_(EXACT_DECIMAL_MESSAGE, lang=lang), max_score, understood_as=understood)
        answer = reading.expr if reading.expr is not None else sympy.Rational(reading.value.numerator,
                                                                              reading.value.denominator)
        if _exactly_equal(answer, prepared.exact_key):
            return graded(1.0, max_score, understood_as=understood, warnings=warnings)
        for index, (wrong, feedback, credit) in enumerate(prepared.mistakes):
            if _exactly_equal(answer, wrong):
                return graded(credit, max_score, feedback=feedback, understood_as=understood, warnings=warnings,
                              mistake=index)
        if constant_mismatch(answer, prepared.exact_key) and \
                matches(reading.value, prepared.key, Numeric(rel_tol=1e-3)):
            return graded(0.0, max_score, feedback=_(EXACT_APPROXIMATION_MESSAGE, lang=lang),
                          understood_as=understood, warnings=warnings)
        return graded(0.0, max_score, understood_as=understood, warnings=warnings)

    def format(self, value: Any, settings: Settings) -> str:
        return format_number(value, require_settings(settings, Numeric, kind="numeric"))


CHECKER: Checker[_Prepared] = NumericChecker()  # annotated: mypy checks it against the protocol


def format_number(value: Any, spec: Numeric) -> str:
    """The key as a student would type it (an exact question's key as an exact expression)."""
    if spec.exact:
        from grader.answers.symbolic import to_plain

        return to_plain(_as_exact(value, _(KEY)))
    if spec.exact_integer or isinstance(value, int):
        return str(int(round(value)))  # noqa: RUF046 (numpy scalars round to floats)
    if float(value).is_integer() and abs(value) < 1e15:
        return str(int(value))
    if spec.decimals is not None:  # the key rounded as the prompt asks
        return format(float(value), f".{spec.decimals}f")
    digits = max(spec.sig_figs or 0, (_needed_figures(value, spec) or 6) + 2, 6)
    return format(float(value), f".{min(digits, 15)}g")
