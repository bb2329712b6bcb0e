"""Symbolic answers: read a student's formula safely and decide whether it equals the key.

- `parse_answer` reads plain syntax (`e^(-z)/(1+e^(-z))^2`, `σ(z)(1−σ(z))`, `w - η(g + λ sgn(w)/n)`)
  and everyday LaTeX with a closed grammar (see `grader.answers.expr_parser`); nothing the student
  typed is ever passed to `eval`, `sympify` or `parse_expr`.
- `equivalent` decides by evaluating both sides at random points of each symbol's declared domain
  with 30-digit arithmetic. Symbolic simplification only ever *confirms* (when too few points
  could be drawn); it never overrules the numbers, because sympy alone rejects identities this
  course relies on (tanh z = 2σ(2z) − 1, log σ(z) = −log(1 + e^−z)).
- `CHECKER` is the `symbolic` kind's checker (`grader.answers.checker`): `prepare` computes the
  key's evaluation points and the listed mistakes' values there, once, in the grading process
  (cached); `judge` parses and evaluates the student's answer, with targeted feedback for known
  mistakes, in the forked child `grader.answers.checking.check_answer` runs it in.
"""

from __future__ import annotations

import functools
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import mpmath
import numpy as np
import sympy
from sympy.printing.str import StrPrinter

from grader.answers import expr_parser as _expr_parser
from grader.answers import mpeval as _numeric
from grader.answers.checker import Checker, Task
from grader.answers.settings import DOMAINS, Settings, Symbolic
from grader.errors import InvalidAnswer, UsageError
from grader.results import AnswerResult, graded, invalid

__all__ = ["CHECKER", "SymbolicChecker", "equivalent", "parse_answer", "to_latex", "to_plain"]

REL_TOL = 1e-9
ABS_TOL = 1e-12
MAX_UNDEFINED_FRACTION = 0.1  # an answer undefined at more of the key's points is not equivalent
NOT_EQUIVALENT_MESSAGE = "not equivalent to the expected answer"

# Uniform ranges per domain, as documented on grader.answers.settings.Symbolic.
_RANGES: dict[str, tuple[float, float]] = {
    "real": (-3.0, 3.0),
    "positive": (0.1, 5.0),
    "probability": (0.01, 0.99),
    "nonzero": (0.1, 3.0),  # and a random sign
    "unit": (0.05, 0.95),
}
assert set(_RANGES) == set(DOMAINS)


# ---------------------------------------------------------------------------------------------
# Reading and showing expressions


def parse_answer(text: str, *, symbols: Collection[str]) -> sympy.Expr:
    """Read a student's answer over the question's declared `symbols` (names, aliases such as
    λ/lambda for `lam` accepted). Raises InvalidAnswer, with a character position where one can
    be named, for anything it cannot or will not read."""
    return _expr_parser.parse(text, symbols)


def _latex_symbol_names(expr: sympy.Basic) -> dict[sympy.Symbol, str]:
    """`lam` shows as \\lambda, `eps` as \\epsilon: the first Greek spelling in its alias group."""
    names: dict[sympy.Symbol, str] = {}
    for sym in expr.free_symbols:
        if not isinstance(sym, sympy.Symbol) or sym.name in _expr_parser.GREEK_NAMES:
            continue
        for alias in _expr_parser._ALIASES.get(sym.name, ()):
            if alias in _expr_parser.GREEK_NAMES:
                names[sym] = "\\" + alias
                break
    return names


def to_latex(expr: Any) -> str:
    """LaTeX for showing an expression back (what the checker understood, or the key)."""
    # strict=True converts numbers only and refuses strings: text never reaches sympify's eval.
    expr = sympy.sympify(expr, strict=True) if not isinstance(expr, sympy.Basic) else expr
    return sympy.latex(expr, symbol_names=_latex_symbol_names(expr))


class _PlainPrinter(StrPrinter):
    """sympy's str() syntax, which `parse_answer` reads back, except that floats are written
    positionally (`0.00001`, never `1.0e-5`, which the student grammar would read as 1.0·e − 5)."""

    def _print_Float(self, expr: sympy.Float) -> str:
        digits = max(1, min(30, mpmath.libmp.prec_to_dps(expr._prec)))
        text = _numeric.CTX.nstr(_numeric.CTX.make_mpf(expr._mpf_), digits,
                                 min_fixed=-float("inf"), max_fixed=float("inf"))
        return text


def to_plain(expr: Any) -> str:
    """The expression as plain text a student could type; `parse_answer` reads it back to an
    equivalent expression (used to show the key in the syntax students use)."""
    # strict=True converts numbers only and refuses strings: text never reaches sympify's eval.
    expr = sympy.sympify(expr, strict=True) if not isinstance(expr, sympy.Basic) else expr
    return _PlainPrinter().doprint(expr)


# ---------------------------------------------------------------------------------------------
# Numeric equivalence


@dataclass(frozen=True)
class _Reference:
    """Points where the reference expression is defined, and its values there."""

    points: tuple[dict[str, Any], ...]
    values: tuple[Any, ...]


def _min_valid(points: int) -> int:
    return max(3, points // 2)


def _check_domains(domains: Mapping[str, str]) -> None:
    for name, domain in domains.items():
        if domain not in _RANGES:
            raise UsageError(f"symbol {name}: unknown domain {domain!r}; expected one of {', '.join(DOMAINS)}")


def _check_symbols(expr: sympy.Expr, domains: Mapping[str, str], what: str) -> None:
    unknown = sorted(s.name for s in expr.free_symbols if getattr(s, "name", None) not in domains)
    if unknown:
        raise UsageError(f"the {what} uses symbol(s) {', '.join(unknown)} that the question does not declare "
                         f"(declared: {', '.join(sorted(domains)) or 'none'})")


def _draw(rng: np.random.Generator, domains: tuple[tuple[str, str], ...]) -> dict[str, Any]:
    point: dict[str, Any] = {}
    for name, domain in domains:
        lo, hi = _RANGES[domain]
        value = float(rng.uniform(lo, hi))
        if domain == "nonzero" and rng.random() < 0.5:
            value = -value
        point[name] = _numeric.CTX.mpf(value)
    return point


@functools.lru_cache(maxsize=256)
def _reference(expr: sympy.Expr, domains: tuple[tuple[str, str], ...], points: int, seed: int) -> _Reference:
    """Draw points (numpy Generator from `seed`) until `points` of them give `expr` a finite real
    value, or the attempts run out. Cached: the key of a variant is the same for every answer."""
    fn = _numeric.compiled(expr)
    rng = np.random.default_rng(seed)
    kept: list[dict[str, Any]] = []
    values: list[Any] = []
    for _ in range(points * 8):
        point = _draw(rng, domains)
        try:
            value = _numeric.evaluate(fn, point)
        except _numeric.Undefined:
            continue
        kept.append(point)
        values.append(value)
        if len(kept) >= points:
            break
    return _Reference(tuple(kept), tuple(values))


def _values_at(expr: sympy.Expr, ref: _Reference) -> tuple[Any, ...]:
    """expr at each reference point; None where it is undefined."""
    fn = _numeric.compile_expr(expr)
    out = []
    for point in ref.points:
        try:
            out.append(_numeric.evaluate(fn, point))
        except _numeric.Undefined:
            out.append(None)
    return tuple(out)


@functools.lru_cache(maxsize=512)
def _cached_values_at(expr: sympy.Expr, key: sympy.Expr, domains: tuple[tuple[str, str], ...],
                      points: int, seed: int) -> tuple[Any, ...]:
    return _values_at(expr, _reference(key, domains, points, seed))


def _agree(reference: Sequence[Any], candidate: Sequence[Any], points: int) -> bool | None:
    """Compare values point by point. None: the reference is defined at too few points.

    Points where the reference is undefined were never drawn (or are None here, for a mistake
    evaluated at the key's points) and are skipped. A candidate undefined at more than a tenth of
    the reference's points is not equivalent (e.g. sqrt(x)^2 for x over negative values); below
    that, such points are skipped as numerical accidents.
    """
    pairs = [(r, c) for r, c in zip(reference, candidate) if r is not None]
    if len(pairs) < _min_valid(points):
        return None
    undefined = sum(1 for _, c in pairs if c is None)
    if undefined > MAX_UNDEFINED_FRACTION * len(pairs):
        return False
    return all(_numeric.close(r, c, rel_tol=REL_TOL, abs_tol=ABS_TOL) for r, c in pairs if c is not None)


def _as_expr(value: Any, domains: Mapping[str, str], what: str) -> sympy.Expr:
    """A key or mistake as a sympy expression: strings go through the safe parser (never sympify
    on text), numbers are wrapped, expressions are used as they are."""
    if isinstance(value, str):
        try:
            expr = parse_answer(value, symbols=domains)
        except InvalidAnswer as exc:
            raise UsageError(f"the {what} {value!r} cannot be read: {exc}") from exc
    elif isinstance(value, sympy.Basic):
        expr = value
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        expr = sympy.Integer(value) if isinstance(value, int) else sympy.Float(value)
    else:
        raise UsageError(f"the {what} must be a sympy expression, a number or a string, got {type(value).__name__}")
    _check_symbols(expr, domains, what)
    return expr


def _confirm_symbolically(a: sympy.Expr, b: sympy.Expr) -> bool:
    """sympy's simplification, used only to confirm when numbers cannot decide."""
    try:
        return bool(sympy.simplify(a - b) == 0)
    except Exception:
        return False


def equivalent(a: Any, b: Any, *, domains: Mapping[str, str], points: int = 24, seed: int = 0) -> bool | None:
    """Whether `a` and `b` agree numerically over the declared `domains` (symbol name -> domain).

    `a` is the reference (the key): points are drawn from a numpy Generator seeded with `seed`
    until `points` of them give `a` a finite real value; `b` must match at those points to a
    relative 1e-9 (plus 1e-12 absolute) in 30-digit arithmetic. Returns None when `a` is defined
    at too few drawn points to decide (the question's fault, not the student's) and sympy cannot
    confirm the identity either. Raises UsageError for undeclared symbols or unknown domains.
    """
    _check_domains(domains)
    a_expr, b_expr = _as_expr(a, domains, "first expression"), _as_expr(b, domains, "second expression")
    items = tuple(sorted(domains.items()))
    ref = _reference(a_expr, items, points, seed)
    verdict = _agree(ref.values, _values_at(b_expr, ref), points)
    if verdict is None and _confirm_symbolically(a_expr, b_expr):
        return True
    return verdict


# ---------------------------------------------------------------------------------------------
# Checking an answer


_UNEVALUATED_TYPES = (sympy.Derivative, sympy.Integral, sympy.Limit, sympy.Subs)


@dataclass(frozen=True)
class _Prepared:
    """The key and the listed mistakes, evaluated at the key's reference points."""

    key: sympy.Expr
    symbols: tuple[str, ...]
    ref: _Reference
    mistakes: tuple[tuple[tuple[Any, ...], str, float], ...]  # (values at ref, feedback, credit)


class SymbolicChecker:
    """The `symbolic` kind: a formula over the question's declared symbols.

    Unreadable answers, undeclared symbols and restated derivatives (`diff(...)`) are `invalid`
    (never a wrong attempt), with a message saying what and where; `understood_as` shows the parsed
    answer in LaTeX. A non-equivalent answer that matches a listed mistake earns that mistake's
    credit and feedback.
    """

    def prepare(self, task: Task) -> _Prepared:
        """The key's reference points and the mistakes' values there (cached per variant); raises
        UsageError for a broken key, mistake or settings."""
        spec = task.settings_as(Symbolic)
        domains = dict(spec.symbols)
        _check_domains(domains)
        items = tuple(sorted(domains.items()))
        key = _as_expr(task.key, domains, "key")
        ref = _reference(key, items, spec.points, task.seed)
        mistakes = tuple((_cached_values_at(_as_expr(value, domains, "mistake"), key, items, spec.points, task.seed),
                          str(feedback), float(credit))
                         for value, feedback, credit in task.mistakes)
        return _Prepared(key, tuple(domains), ref, mistakes)

    def judge(self, text: str, task: Task, prepared: _Prepared) -> AnswerResult:
        """Everything that depends on the student's text. Notes on ambiguous readings (`e^-wx`)
        become warnings, and only on answers that are not correct."""
        spec = task.settings_as(Symbolic)
        points = spec.points
        max_score = float(task.max_score)  # symbolic results have always carried float points
        try:
            answer, note_list = _expr_parser.parse_with_notes(text, prepared.symbols)
        except InvalidAnswer as exc:
            return invalid(str(exc), max_score)
        notes = tuple(note_list)
        try:
            shown = to_latex(answer)
        except Exception:
            shown = to_plain(answer)
        if spec.forbid_unevaluated and answer.has(*_UNEVALUATED_TYPES):
            return invalid(_expr_parser.UNEVALUATED_MESSAGE, max_score, understood_as=shown)
        values = _values_at(answer, prepared.ref)
        verdict = _agree(prepared.ref.values, values, points)
        if verdict is None:
            if _confirm_symbolically(prepared.key, answer):
                return graded(1.0, max_score, understood_as=shown)
            return invalid("this answer could not be checked: the expected answer is defined at too few "
                           "test points; please report this question", max_score, understood_as=shown)
        if verdict:
            return graded(1.0, max_score, understood_as=shown)
        for mistake_values, feedback, credit in prepared.mistakes:
            if _agree(mistake_values, values, points):
                return graded(credit, max_score, feedback=feedback, understood_as=shown, warnings=notes)
        return graded(0.0, max_score, feedback=NOT_EQUIVALENT_MESSAGE, understood_as=shown, warnings=notes)

    def format(self, value: Any, settings: Settings) -> str:
        return to_plain(value)


CHECKER: Checker[_Prepared] = SymbolicChecker()  # annotated: mypy checks it against the protocol
