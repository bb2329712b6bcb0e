"""Symbolic answers: read a student's formula safely and decide whether it equals the key.

- `parse_answer` reads plain syntax (`e^(-z)/(1+e^(-z))^2`, `σ(z)(1−σ(z))`, `w - η(g + λ sgn(w)/n)`)
  and everyday LaTeX with a closed grammar (see `grader.answers.expr_parser`); nothing the student
  typed is ever passed to `eval`, `sympify` or `parse_expr`.
- `equivalent` decides by evaluating both sides at random points of each symbol's declared domain
  with 30-digit arithmetic. Symbolic simplification only ever *confirms* (when too few points
  could be drawn); it never overrules the numbers, because sympy alone rejects identities this
  course relies on (tanh z = 2σ(2z) − 1, log σ(z) = −log(1 + e^−z)).
- `check_symbolic` grades one answer, with targeted feedback for known mistakes, under a hard
  time limit: the student-dependent work runs in a forked child (`grader.answers.timelimit`) while the
  key's evaluation points are computed once in the parent and cached.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import mpmath
import numpy as np
import sympy
from sympy.printing.str import StrPrinter

from grader.answers import expr_parser as _expr_parser
from grader.answers import mpeval as _numeric
from grader.answers.timelimit import ChildFailed, TimeLimitExceeded, run_with_time_limit
from grader.bank.authoring import DOMAINS, Symbolic
from grader.errors import InvalidAnswer, UsageError
from grader.results import AnswerResult, Verdict, graded, invalid

__all__ = ["check_symbolic", "equivalent", "parse_answer", "to_latex", "to_plain"]

REL_TOL = 1e-9
ABS_TOL = 1e-12
MAX_UNDEFINED_FRACTION = 0.1  # an answer undefined at more of the key's points is not equivalent
TOO_SLOW_MESSAGE = "took too long to check; try a simpler form"
NOT_EQUIVALENT_MESSAGE = "not equivalent to the expected answer"

# Uniform ranges per domain, as documented on grader.bank.authoring.Symbolic.
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


def _check_in_child(text: str, *, key: sympy.Expr, symbols: tuple[str, ...], forbid_unevaluated: bool,
                    key_values: tuple[Any, ...], ref: _Reference,
                    mistakes: Sequence[tuple[tuple[Any, ...], str, float]], points: int,
                    max_score: float) -> dict:
    """Everything that depends on the student's text; runs under the time limit. Returns
    AnswerResult.to_dict() so the result crosses the process boundary as JSON. Notes on ambiguous
    readings (`e^-wx`) become warnings, and only on answers that are not correct."""
    try:
        answer, note_list = _expr_parser.parse_with_notes(text, symbols)
        notes = tuple(note_list)
    except InvalidAnswer as exc:
        return invalid(str(exc), max_score).to_dict()
    try:
        shown = to_latex(answer)
    except Exception:
        shown = to_plain(answer)
    if forbid_unevaluated and answer.has(*_UNEVALUATED_TYPES):
        return invalid(_expr_parser.UNEVALUATED_MESSAGE, max_score, understood_as=shown).to_dict()
    values = _values_at(answer, ref)
    verdict = _agree(key_values, values, points)
    if verdict is None:
        if _confirm_symbolically(key, answer):
            return graded(1.0, max_score, understood_as=shown).to_dict()
        return invalid("this answer could not be checked: the expected answer is defined at too few "
                       "test points; please report this question", max_score, understood_as=shown).to_dict()
    if verdict:
        return graded(1.0, max_score, understood_as=shown).to_dict()
    for mistake_values, feedback, credit in mistakes:
        if _agree(mistake_values, values, points):
            return graded(credit, max_score, feedback=feedback, understood_as=shown, warnings=notes).to_dict()
    return graded(0.0, max_score, feedback=NOT_EQUIVALENT_MESSAGE, understood_as=shown, warnings=notes).to_dict()


def _result_from_dict(d: Mapping[str, Any]) -> AnswerResult:
    return AnswerResult(
        verdict=Verdict(d["verdict"]),
        score=float(d["score"]),
        max_score=float(d["max_score"]),
        feedback=str(d.get("feedback", "")),
        understood_as=d.get("understood_as"),
        warnings=tuple(d.get("warnings", ())),
    )


def check_symbolic(text: str, *, key: Any, spec: Symbolic, max_score: float,
                   mistakes: Sequence[tuple[Any, str, float]] = (), seed: int = 0) -> AnswerResult:
    """Grade one symbolic answer against `key` under the question's `spec`.

    Unreadable answers, undeclared symbols and restated derivatives (`diff(...)`) are `invalid`
    (never a wrong attempt), with a message saying what and where; `understood_as` shows the
    parsed answer in LaTeX. A non-equivalent answer that matches one of `mistakes` (wrong
    expression, feedback, credit fraction) earns that credit and feedback. The whole call returns
    within `spec.time_limit_s`: the answer is parsed and evaluated in a forked child that is killed
    on expiry ("took too long to check"). Raises UsageError for a broken key or spec.
    """
    start = time.monotonic()
    domains = dict(spec.symbols)
    _check_domains(domains)
    items = tuple(sorted(domains.items()))
    key_expr = _as_expr(key, domains, "key")
    ref = _reference(key_expr, items, spec.points, seed)
    mistake_table = []
    for m_expr, feedback, credit in mistakes:
        expr = _as_expr(m_expr, domains, "mistake")
        mistake_table.append((_cached_values_at(expr, key_expr, items, spec.points, seed), str(feedback), float(credit)))
    if not isinstance(text, str):
        return invalid("the answer must be text", max_score)
    if len(text) > _expr_parser.MAX_LENGTH:  # refuse before paying for a fork
        return invalid(f"the answer is too long ({len(text)} characters; the limit is "
                       f"{_expr_parser.MAX_LENGTH})", max_score)
    # Keep back time to kill and reap a child that runs over (~10-15 ms measured with sympy loaded)
    # and to build the result, so the call as a whole stays inside spec.time_limit_s.
    reserve = min(0.25, 0.05 + 0.05 * spec.time_limit_s)
    remaining = spec.time_limit_s - (time.monotonic() - start) - reserve
    try:
        result = run_with_time_limit(
            _check_in_child, text, timeout_s=max(remaining, 0.01), key=key_expr, symbols=tuple(domains),
            forbid_unevaluated=spec.forbid_unevaluated, key_values=ref.values, ref=ref,
            mistakes=mistake_table, points=spec.points, max_score=max_score,
        )
    except TimeLimitExceeded:
        return invalid(TOO_SLOW_MESSAGE, max_score)
    except ChildFailed as exc:
        if exc.type_name in ("MemoryError", "RecursionError"):
            return invalid(TOO_SLOW_MESSAGE, max_score)
        return invalid("this answer could not be checked; try writing it differently", max_score)
    return _result_from_dict(result)
