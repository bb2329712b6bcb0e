"""Symbolic answers: read a student's formula safely and decide whether it equals the key.

- `parse_answer` reads plain syntax (`e^(-z)/(1+e^(-z))^2`, `σ(z)(1−σ(z))`, `w - η(g + λ sgn(w)/n)`)
  and everyday LaTeX with a closed grammar (see `grader.answers.expr_parser`); nothing the student
  typed is ever passed to `eval`, `sympify` or `parse_expr`.
- `equivalent` decides by evaluating both sides at random points with 30-digit arithmetic: most
  points from each symbol's typical range, the rest well outside it (larger and smaller
  magnitudes, closer to the ends of (0, 1)) but inside the declared domain, wherever the key is
  defined. Both must agree to 20 significant digits at every point. Each value carries an
  estimate of its own rounding error (`grader.answers.mpeval`); where cancellation leaves too few
  digits to decide (1 − σ(z) for large z), that point is evaluated again at 60, 150 and 300
  digits, so neither a rounding artefact nor a tolerance hides or invents a difference. Symbolic
  simplification only ever *confirms* (when too few points could be drawn); it never overrules
  the numbers, because sympy alone rejects identities this course relies on (tanh z = 2σ(2z) − 1,
  log σ(z) = −log(1 + e^−z)).
- Tolerance alone cannot catch an answer that differs only where nobody looked; a question
  therefore also declares which functions it admits (`Symbolic.functions`: piecewise functions —
  abs, sign, max, min, relu, Heaviside — only where the answer needs them) and whether it wants an
  exact value (`Symbolic.exact`: no decimals, no fraction for an irrational constant).
- `CHECKER` is the `symbolic` kind's checker (`grader.answers.checker`): `prepare` computes the
  key's evaluation points and the listed mistakes' values there, once, in the grading process
  (cached); `judge` parses and evaluates the student's answer, with targeted feedback for known
  mistakes, in the forked child `grader.answers.checking.check_answer` runs it in.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

import mpmath
import numpy as np
import sympy
from sympy.printing.latex import LatexPrinter
from sympy.printing.str import StrPrinter

from grader.answers import expr_parser as _expr_parser
from grader.answers import mpeval as _numeric
from grader.answers.checker import Checker, Task, require_settings
from grader.answers.numeric import EXACT_APPROXIMATION_MESSAGE, EXACT_DECIMAL_MESSAGE, KEY, MISTAKE
from grader.answers.settings import DOMAINS, PIECEWISE, Settings, Symbolic
from grader.errors import InvalidAnswer, Message, UsageError
from grader.i18n import N_, _
from grader.results import AnswerResult, graded, invalid

__all__ = ["CHECKER", "SymbolicChecker", "constant_mismatch", "equivalent", "fold_sigmoid", "parse_answer", "show",
           "to_latex", "to_plain"]

REL_TOL = 1e-20  # answer and key agree to 20 significant digits at every point...
ACCURATE = 1e-24  # ...and a difference counts only where both values are known to 24 digits
MAX_UNDEFINED_FRACTION = 0.1  # an answer undefined at more of the key's points is not equivalent
NOT_EQUIVALENT_MESSAGE = N_("not equivalent to the expected answer")
UNCHECKABLE_MESSAGE = N_("this answer could not be checked: the expected answer is defined at too few test points; "
                         "please report this question")
SHOWN_DIGITS = 10  # numbers longer than 20 digits are shown back rounded to this many

# Typical range per domain, as documented on grader.answers.settings.Symbolic.
_RANGES: dict[str, tuple[float, float]] = {
    "real": (-3.0, 3.0),
    "positive": (0.1, 5.0),
    "probability": (0.01, 0.99),
    "nonzero": (0.1, 3.0),  # and a random sign
    "unit": (0.05, 0.95),
}
assert set(_RANGES) == set(DOMAINS)
_LARGE = (3.0, 30.0)  # magnitudes of far points: up to ten times the typical range...
_SMALL = (1e-4, 0.1)  # ...and down towards 0 (where |w| and sign(w) have their kink)
_EDGE = (1e-6, 0.01)  # distance from 0 or 1 of far points in (0, 1)
_PIECEWISE_TYPES: dict[type, str] = {sympy.Abs: "abs", sympy.sign: "sign", sympy.Heaviside: "heaviside",
                                     sympy.Max: "max", sympy.Min: "min"}


# ---------------------------------------------------------------------------------------------
# Reading and showing expressions


def parse_answer(text: str, *, symbols: Collection[str], defined: Mapping[str, sympy.Expr] | None = None) -> sympy.Expr:
    """Read a student's answer over the question's declared `symbols` (names, aliases such as
    λ/lambda for `lam` accepted) and `defined` abbreviations. Raises InvalidAnswer, with a character
    position where one can be named, for anything it cannot or will not read."""
    return _expr_parser.read(text, symbols, defined=defined).expr


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


class _Sigmoid(sympy.Function):
    """σ(u), for showing expressions only. Keys and answers are built with σ written out as
    1/(1 + e^(−u)) (what `mpeval` evaluates); `fold_sigmoid` writes them back in the notes' form,
    which prints as `sigmoid(u)` (plain text the parser reads back) and `\\sigma(u)` (LaTeX)."""

    nargs = 1

    def _sympystr(self, printer: Any) -> str:
        return f"sigmoid({printer._print(self.args[0])})"

    def _latex(self, printer: Any, exp: Any = None) -> str:
        tex = rf"\sigma\left({printer._print(self.args[0])}\right)"
        return tex if exp is None else rf"{tex}^{{{exp}}}"


def _logistic_argument(base: sympy.Expr) -> sympy.Expr | None:
    """u when `base` is 1 + e^(−u), else None."""
    if not base.is_Add or len(base.args) != 2 or sympy.S.One not in base.args:
        return None
    other = base.args[0] if base.args[1] == sympy.S.One else base.args[1]
    return -other.args[0] if isinstance(other, sympy.exp) else None


def fold_sigmoid(expr: sympy.Expr) -> sympy.Expr:
    """`expr` with every (1 + e^(−u))^(−k) written as σ(u)^k, for display: x/(1 + e^(−b − wx)) reads
    x·σ(wx + b), as in the notes. Equal to `expr`; only for printing (`to_plain`, `to_latex`)."""

    def logistic_power(e: sympy.Basic) -> bool:
        return bool(e.is_Pow and e.exp.is_Integer and e.exp < 0 and _logistic_argument(e.base) is not None)

    def folded(e: sympy.Pow) -> sympy.Expr:
        u = _logistic_argument(e.base)
        return _Sigmoid(fold_sigmoid(u)) ** int(-e.exp)

    return expr.replace(logistic_power, folded) if expr.has(sympy.exp) else expr


def _term_order(term: sympy.Basic) -> tuple[bool, bool]:
    """Positive terms before negative ones, and a lone symbol or number after products: σ(wx + b) − y,
    w·x + b, 1 − σ(z), as people write them (sympy's canonical order gives −y + σ(b + wx))."""
    return bool(term.could_extract_minus_sign()), bool(term.is_Symbol or term.is_Number)


class _OrderedTerms:
    """Mixin for sympy printers: sums in the order of `_term_order` (stable otherwise)."""

    def _as_ordered_terms(self, expr: Any, order: Any = None) -> list:
        terms = super()._as_ordered_terms(expr, order=order)  # type: ignore[misc]
        return sorted(terms, key=_term_order) if getattr(expr, "is_Add", False) else terms


class _LatexShow(_OrderedTerms, LatexPrinter):
    pass


def to_latex(expr: Any, *, sigmoid: bool = False) -> str:
    """LaTeX for showing an expression back (what the checker understood, or the key); with
    `sigmoid`, 1/(1 + e^(−u)) is shown as σ(u) (`fold_sigmoid`)."""
    # strict=True converts numbers only and refuses strings: text never reaches sympify's eval.
    expr = sympy.sympify(expr, strict=True) if not isinstance(expr, sympy.Basic) else expr
    names = _latex_symbol_names(expr)
    if sigmoid:
        expr = fold_sigmoid(expr)
    return _LatexShow({"symbol_names": names}).doprint(expr)


def _rounded(number: sympy.Rational, digits: int = SHOWN_DIGITS) -> sympy.Float:
    """`number` as a Float of `digits` significant digits, built from its integers (sympy's own
    conversion goes through str(), which refuses integers of more than 4300 digits)."""
    prec = mpmath.libmp.dps_to_prec(digits)
    return sympy.Float._new(mpmath.libmp.from_rational(int(number.p), int(number.q), prec,
                                                       mpmath.libmp.round_nearest), prec)


def _digits(number: sympy.Rational) -> int:
    return int(max(abs(int(number.p)).bit_length(), int(number.q).bit_length()) * math.log10(2)) + 1


def show(expr: sympy.Expr, *, sigmoid: bool = False) -> tuple[str, Message | None]:
    """What was understood, in LaTeX, compact: numbers of more than 20 digits (the exact value of
    (1 − 1/1000)^1000 is a fraction of some 3000-digit integers, 10^1000 has 1001 digits) are shown
    rounded to 10 significant digits, with a note saying so (None when nothing was rounded). With
    `sigmoid`, in the notes' σ form (`to_latex`)."""
    big = [r for r in expr.atoms(sympy.Rational) if _digits(r) > 20]
    if not big:
        return to_latex(expr, sigmoid=sigmoid), None
    longest = max(big, key=_digits)
    shown = to_latex(expr.xreplace({r: _rounded(r) for r in big}), sigmoid=sigmoid)
    if longest.is_Integer:
        note = N_("shown rounded to {shown} significant digits: the exact number has {digits} digits")
    else:
        note = N_("shown rounded to {shown} significant digits: the exact number is a fraction of integers of up "
                  "to {digits} digits")
    return shown, Message(note, shown=SHOWN_DIGITS, digits=f"{_digits(longest):,}")


class _PlainPrinter(_OrderedTerms, StrPrinter):
    """sympy's str() syntax, which `parse_answer` reads back, except that floats are written
    positionally (`0.00001`, never `1.0e-5`, which the student grammar would read as 1.0·e − 5) and
    sums are ordered as people write them (`_term_order`)."""

    def _print_Float(self, expr: sympy.Float) -> str:
        digits = max(1, min(30, mpmath.libmp.prec_to_dps(expr._prec)))
        text = _numeric.CTX.nstr(_numeric.CTX.make_mpf(expr._mpf_), digits,
                                 min_fixed=-float("inf"), max_fixed=float("inf"))
        return text


def to_plain(expr: Any, *, sigmoid: bool = False) -> str:
    """The expression as plain text a student could type; `parse_answer` reads it back to an
    equivalent expression (used to show the key in the syntax students use). With `sigmoid`,
    1/(1 + e^(−u)) is written `sigmoid(u)` (`fold_sigmoid`): only for questions that admit it."""
    # strict=True converts numbers only and refuses strings: text never reaches sympify's eval.
    expr = sympy.sympify(expr, strict=True) if not isinstance(expr, sympy.Basic) else expr
    return _PlainPrinter().doprint(fold_sigmoid(expr) if sigmoid else expr)


# ---------------------------------------------------------------------------------------------
# Numeric equivalence


class _Values:
    """One expression's values at a list of points, at each precision of `mpeval.LEVELS`, computed
    on first use and kept (None where it is undefined at that precision)."""

    def __init__(self, fn: _numeric.Compiled, points: tuple[Mapping[str, Any], ...]) -> None:
        self.fn = fn
        self.points = points
        self._cache: dict[tuple[int, int], _numeric.Approx | None] = {}
        self._too_large: set[int] = set()

    def at(self, index: int, digits: int) -> _numeric.Approx | None:
        key = (index, digits)
        if key not in self._cache:
            value: _numeric.Approx | None = None
            if index not in self._too_large:
                try:
                    value = _numeric.evaluate(self.fn, self.points[index], digits=digits)
                except _numeric.TooLarge:
                    self._too_large.add(index)  # no precision helps: skip the other levels
                except _numeric.Undefined:
                    pass
            self._cache[key] = value
        return self._cache[key]

    def too_large(self, index: int) -> bool:
        """Whether an intermediate at this point went past mpeval's size caps (at any precision)."""
        return index in self._too_large

    def accurate(self, index: int) -> _numeric.Approx | None:
        """The value at the lowest precision that is known to `ACCURATE`, or None."""
        for digits in _numeric.LEVELS:
            value = self.at(index, digits)
            if value is not None and value[1] <= ACCURATE:
                return value
            if index in self._too_large:
                return None
        return None


class _Match(Enum):
    SAME = "same"
    DIFFERENT = "different"
    UNKNOWN = "unknown"  # undefined, or too few digits even at the highest precision


def _compare(reference: _Values, candidate: _Values, index: int) -> _Match:
    """Compare two expressions at one point, raising the precision while neither agreement to
    REL_TOL nor a difference between two values known to ACCURATE is established."""
    for digits in _numeric.LEVELS:
        ref, cand = reference.at(index, digits), candidate.at(index, digits)
        if ref is None or cand is None:
            if candidate.too_large(index) or reference.too_large(index):
                return _Match.UNKNOWN
            continue
        if _numeric.close(ref[0], cand[0], rel_tol=REL_TOL):
            return _Match.SAME
        if ref[1] <= ACCURATE and cand[1] <= ACCURATE:
            return _Match.DIFFERENT
    return _Match.UNKNOWN


@dataclass(frozen=True)
class _Reference:
    """Points where the reference expression (the key) is defined and accurately known, and its
    values there. The first `typical` points come from the typical ranges, the rest from far
    outside them; `required` of the typical ones are needed to decide anything."""

    points: tuple[dict[str, Any], ...]
    key: _Values
    typical: int
    required: int


def _min_valid(points: int) -> int:
    return max(3, points // 2)


def _check_domains(domains: Mapping[str, str]) -> None:
    for name, domain in domains.items():
        if domain not in _RANGES:
            raise UsageError(_("symbol {name}: unknown domain {domain}; expected one of {domains}").format(
                name=name, domain=repr(domain), domains=", ".join(DOMAINS)))


def _check_symbols(expr: sympy.Expr, domains: Mapping[str, str], what: str) -> None:
    """`what` names the expression in messages (the key, a listed mistake...), in the current language."""
    unknown = sorted(s.name for s in expr.free_symbols if getattr(s, "name", None) not in domains)
    if unknown:
        raise UsageError(_("{what} uses symbol(s) {names} that the question does not declare (declared: "
                           "{declared})").format(what=what, names=", ".join(unknown),
                                                 declared=", ".join(sorted(domains)) or _("none")))


def _log_uniform(rng: np.random.Generator, lo: float, hi: float) -> float:
    return float(math.exp(rng.uniform(math.log(lo), math.log(hi))))


def _draw_typical(rng: np.random.Generator, domain: str) -> float:
    lo, hi = _RANGES[domain]
    value = float(rng.uniform(lo, hi))
    return -value if domain == "nonzero" and rng.random() < 0.5 else value


# Where far points go, per domain: each is (scale, sign), scale "large" (3 to 30 times the unit),
# "small" (1e-4 to 0.1) or "edge" (within 1e-6 to 0.01 of 0 when the sign is +, of 1 when it is -).
_FAR_KINDS: dict[str, tuple[tuple[str, int], ...]] = {
    "real": (("large", 1), ("large", -1), ("large", 1), ("large", -1), ("small", 1), ("small", -1)),
    "nonzero": (("large", 1), ("large", -1), ("small", 1), ("small", -1)),
    "positive": (("large", 1), ("small", 1)),
    "probability": (("edge", 1), ("edge", -1)),
    "unit": (("edge", 1), ("edge", -1)),
}
assert set(_FAR_KINDS) == set(DOMAINS)


def _draw_far(rng: np.random.Generator, domain: str, kind: tuple[str, int]) -> float:
    """A value of the domain outside its typical range: larger or smaller in magnitude, or close
    to 0 or 1 for a probability."""
    scale, sign = kind
    if scale == "edge":
        distance = _log_uniform(rng, *_EDGE)
        return distance if sign > 0 else 1.0 - distance
    return sign * _log_uniform(rng, *(_LARGE if scale == "large" else _SMALL))


def _draw(rng: np.random.Generator, domains: tuple[tuple[str, str], ...], *,
          stratum: int | None = None) -> dict[str, Any]:
    """One point: typical, or (with a `stratum`) far. Far point number k takes symbol k mod m (of m)
    far, cycling through that domain's kinds of far values (`_FAR_KINDS`) so that every symbol is
    seen large and small, on both sides, near 0 and near 1; each other symbol is far with
    probability 1/2."""
    point: dict[str, Any] = {}
    for index, (name, domain) in enumerate(domains):
        kinds = _FAR_KINDS[domain]
        if stratum is not None and index == stratum % len(domains):
            value = _draw_far(rng, domain, kinds[(stratum // len(domains)) % len(kinds)])
        elif stratum is not None and rng.random() < 0.5:
            value = _draw_far(rng, domain, kinds[int(rng.integers(len(kinds)))])
        else:
            value = _draw_typical(rng, domain)
        point[name] = _numeric.CTX.mpf(value)
    return point


def _accurate_points(fn: _numeric.Compiled, rng: np.random.Generator, domains: tuple[tuple[str, str], ...],
                     count: int, *, far: bool) -> list[dict[str, Any]]:
    kept: list[dict[str, Any]] = []
    for _attempt in range(count * 8):
        if len(kept) >= count:
            break
        point = _draw(rng, domains, stratum=len(kept) if far and domains else None)
        if _Values(fn, (point,)).accurate(0) is not None:
            kept.append(point)
    return kept


@functools.lru_cache(maxsize=256)
def _reference(expr: sympy.Expr, domains: tuple[tuple[str, str], ...], points: int, far_points: int,
               seed: int) -> _Reference:
    """Draw points (numpy Generator from `seed`) until `points` typical and `far_points` far ones
    give `expr` a finite real value known to ACCURATE, or the attempts run out. A constant needs
    one point. Cached: the key of a variant is the same for every answer."""
    fn = _numeric.compiled(expr)
    rng = np.random.default_rng(seed)
    if not domains:
        typical = _accurate_points(fn, rng, domains, 1, far=False)
        far: list[dict[str, Any]] = []
        required = 1
    else:
        typical = _accurate_points(fn, rng, domains, points, far=False)
        far = _accurate_points(fn, rng, domains, far_points, far=True)
        required = _min_valid(points)
    kept = tuple(typical + far)
    values = _Values(fn, kept)
    for index in range(len(kept)):
        values.accurate(index)  # computed here, once, in the grading process; children inherit them
    return _Reference(kept, values, len(typical), required)


def _values_at(expr: sympy.Expr, ref: _Reference) -> _Values:
    """`expr` at the reference points, its 30-digit values computed now."""
    values = _Values(_numeric.compiled(expr), ref.points)
    for index in range(len(ref.points)):
        values.at(index, _numeric.DIGITS)
    return values


@functools.lru_cache(maxsize=512)
def _cached_values_at(expr: sympy.Expr, key: sympy.Expr, domains: tuple[tuple[str, str], ...], points: int,
                      far_points: int, seed: int) -> _Values:
    return _values_at(expr, _reference(key, domains, points, far_points, seed))


def _agree(reference: _Values, candidate: _Values, *, typical: int, required: int) -> bool | None:
    """Whether `candidate` equals `reference` at every point where the reference is defined.
    None: the reference is defined at too few typical points to decide.

    Points where the reference is undefined are skipped (only a listed mistake, used as a
    reference, can be). A candidate undefined (or unresolvable) at more than a tenth of the points
    is not equivalent (e.g. sqrt(x)^2 for x over negative values); below that, such points are
    skipped as numerical accidents.
    """
    usable = [i for i in range(len(reference.points)) if reference.at(i, _numeric.DIGITS) is not None
              or reference.accurate(i) is not None]
    if sum(1 for i in usable if i < typical) < required:
        return None
    unknown = 0
    for index in usable:
        match = _compare(reference, candidate, index)
        if match is _Match.DIFFERENT:
            return False
        if match is _Match.UNKNOWN:
            unknown += 1
            if unknown > MAX_UNDEFINED_FRACTION * len(usable):
                return False
    return True


def _rationalised(expr: sympy.Expr) -> sympy.Expr:
    """Floats in a key or mistake (an instructor's 0.1, a parameter drawn as a Python float) taken
    as the decimals they print as, so that x/10 equals 0.1*x to 20 digits."""
    floats = expr.atoms(sympy.Float)
    return expr.xreplace({f: sympy.Rational(str(f)) for f in floats}) if floats else expr


def _as_expr(value: Any, domains: Mapping[str, str], what: str,
             defined: Mapping[str, sympy.Expr] | None = None) -> sympy.Expr:
    """A key or mistake as a sympy expression: strings go through the safe parser (never sympify
    on text), numbers are wrapped, expressions are used as they are. `what` names it in messages."""
    if isinstance(value, str):
        try:
            expr = parse_answer(value, symbols=domains, defined=defined)
        except InvalidAnswer as exc:
            raise UsageError(_("{what} {value} cannot be read: {reason}").format(what=what, value=repr(value),
                                                                                 reason=exc)) from exc
    elif isinstance(value, sympy.Basic):
        expr = value
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        expr = sympy.Integer(value) if isinstance(value, int) else sympy.Float(value)
    else:
        raise UsageError(_("{what} must be a sympy expression, a number or a string, got {type}").format(
            what=what, type=type(value).__name__))
    _check_symbols(expr, domains, what)
    return _rationalised(expr)


def _confirm_symbolically(a: sympy.Expr, b: sympy.Expr) -> bool:
    """sympy's simplification, used only to confirm when numbers cannot decide."""
    try:
        return bool(sympy.simplify(a - b) == 0)
    except Exception:
        return False


def equivalent(a: Any, b: Any, *, domains: Mapping[str, str], points: int = 24, far_points: int = 24,
               seed: int = 0) -> bool | None:
    """Whether `a` and `b` agree numerically over the declared `domains` (symbol name -> domain).

    `a` is the reference (the key): points are drawn from a numpy Generator seeded with `seed`
    until `points` of the typical ranges and `far_points` from outside them give `a` a finite real
    value; `b` must match at those points to 20 significant digits, in 30-digit arithmetic raised
    where rounding leaves too few digits. Returns None when `a` is defined at too few drawn points
    to decide (the question's fault, not the student's) and sympy cannot confirm the identity
    either. Raises UsageError for undeclared symbols or unknown domains.
    """
    _check_domains(domains)
    a_expr = _as_expr(a, domains, _("the first expression"))
    b_expr = _as_expr(b, domains, _("the second expression"))
    ref = _reference(a_expr, tuple(sorted(domains.items())), points, far_points, seed)
    verdict = _agree(ref.key, _Values(_numeric.compile_expr(b_expr), ref.points), typical=ref.typical,
                     required=ref.required)
    if verdict is None and _confirm_symbolically(a_expr, b_expr):
        return True
    return verdict


def _irrational_constant(expr: sympy.Expr) -> bool:
    return not expr.free_symbols and expr.is_rational is False


def constant_mismatch(answer: sympy.Expr, key: sympy.Expr) -> bool:
    """For a question that wants the exact value of a constant: True when `answer` is a fraction
    (a rounded value, a truncated series) standing for an irrational `key`, which no fraction equals."""
    return bool(answer.is_Rational and _irrational_constant(key))


def _near(answer: sympy.Expr, key: sympy.Expr, rel_tol: float = 1e-3) -> bool:
    """Whether two constants are close (an approximation of the key, not merely a wrong value)."""
    try:
        a = _numeric.evaluate(_numeric.compile_expr(answer), {})[0]
        b = _numeric.evaluate(_numeric.compiled(key), {})[0]
    except _numeric.Undefined:
        return False
    return _numeric.close(a, b, rel_tol=rel_tol)


# ---------------------------------------------------------------------------------------------
# Admitted functions


def _piecewise_in(expr: sympy.Expr) -> list[str]:
    """The piecewise functions `expr` contains once built (sympy writes sqrt(u^2) as |u|)."""
    return [name for cls, name in _PIECEWISE_TYPES.items() if expr.has(cls)]


def _admits(name: str, functions: Collection[str]) -> bool:
    return name in functions or (name == "max" and "relu" in functions)  # relu(x) is max(0, x)


def _check_functions(expr: sympy.Expr, functions: Collection[str], what: str) -> None:
    """A key or listed mistake must use only functions a student may type."""
    missing = [name for name in _piecewise_in(expr) if not _admits(name, functions)]
    if missing:
        raise UsageError(_("{what} uses {names}, which the question does not admit: add it to "
                           "Symbolic(functions=...), e.g. functions=(*ELEMENTARY, {quoted})").format(
            what=what, names=", ".join(missing), quoted=", ".join(map(repr, missing))))


def _function_problem(reading: _expr_parser.Reading, functions: Collection[str]) -> InvalidAnswer | None:
    """Why a student's answer uses a function the question does not admit, or None."""
    for name, position in reading.functions.items():
        if name not in functions:
            if name in PIECEWISE:
                return InvalidAnswer(N_("this question does not accept piecewise functions such as {name}; its "
                                        "answer is written without them"), position=position, name=name)
            return InvalidAnswer(N_("this question does not accept the function {name}; its answer is written "
                                    "without it"), position=position, name=name)
    for name in _piecewise_in(reading.expr):
        if not _admits(name, functions):
            return InvalidAnswer(N_("this answer amounts to {name}(...) (e.g. sqrt(u^2) is |u|), a piecewise "
                                    "function this question does not accept"), name=name)
    return None


# ---------------------------------------------------------------------------------------------
# Checking an answer


_UNEVALUATED_TYPES = (sympy.Derivative, sympy.Integral, sympy.Limit, sympy.Subs)


@dataclass(frozen=True)
class _Prepared:
    """The key, the question's abbreviations and the listed mistakes, evaluated at the key's
    reference points."""

    key: sympy.Expr
    symbols: tuple[str, ...]
    ref: _Reference
    mistakes: tuple[tuple[_Values, str, float], ...]  # (values at the ref points, feedback, credit)
    defined: Mapping[str, sympy.Expr] = field(default_factory=dict)


@functools.lru_cache(maxsize=64)
def _definitions(defined: tuple[tuple[str, str], ...], domains: tuple[tuple[str, str], ...]) -> dict[str, sympy.Expr]:
    """The question's abbreviations (`y_hat`: "sigmoid(w x + b)") read over its symbols."""
    symbols = dict(domains)
    out: dict[str, sympy.Expr] = {}
    for name, formula in defined:
        if _expr_parser.FUNCTIONS.get(name) or name in _expr_parser.CONSTANTS:
            raise UsageError(_("defined: {name} is the name of a function or constant").format(name=repr(name)))
        out[name] = _as_expr(formula, symbols, _("the definition of {name}").format(name=name))
    return out


class SymbolicChecker:
    """The `symbolic` kind: a formula over the question's declared symbols.

    Unreadable answers, undeclared symbols, functions the question does not admit, restated
    derivatives (`diff(...)`) and, where the exact value is asked for, decimals are `invalid`
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
        defined = _definitions(tuple(sorted(spec.defined.items())), items)
        key = _as_expr(task.key, domains, _(KEY), defined)
        _check_functions(key, spec.functions, _(KEY))
        ref = _reference(key, items, spec.points, spec.far_points, task.seed)
        mistakes = []
        for value, feedback, credit in task.mistakes:
            mistake = _as_expr(value, domains, _(MISTAKE), defined)
            _check_functions(mistake, spec.functions,
                             _("the listed mistake {mistake}").format(mistake=repr(to_plain(mistake))))
            mistakes.append((_cached_values_at(mistake, key, items, spec.points, spec.far_points, task.seed),
                             str(feedback), float(credit)))
        return _Prepared(key, tuple(domains), ref, tuple(mistakes), defined)

    def judge(self, text: str, task: Task, prepared: _Prepared) -> AnswerResult:
        """Everything that depends on the student's text. Notes on ambiguous readings (`e^-wx`)
        become warnings, and only on answers that are not correct."""
        spec = task.settings_as(Symbolic)
        max_score = float(task.max_score)  # symbolic results have always carried float points
        lang = task.lang
        try:
            reading = _expr_parser.read(text, prepared.symbols, defined=prepared.defined)
        except InvalidAnswer as exc:
            return invalid(exc.text(lang), max_score)
        answer = reading.expr
        shown, rounding_note = show(answer, sigmoid="sigmoid" in spec.functions)
        rounding = rounding_note.text(lang) if rounding_note else None
        notes = tuple(note.text(lang) for note in reading.notes) + ((rounding,) if rounding else ())
        problem = _function_problem(reading, spec.functions)
        if problem is not None:
            return invalid(problem.text(lang), max_score, understood_as=shown)
        if spec.forbid_unevaluated and answer.has(*_UNEVALUATED_TYPES):
            return invalid(_(_expr_parser.UNEVALUATED_MESSAGE, lang=lang), max_score, understood_as=shown)
        if spec.exact and reading.decimal_at is not None:
            return invalid(InvalidAnswer(EXACT_DECIMAL_MESSAGE, position=reading.decimal_at).text(lang), max_score,
                           understood_as=shown)
        ref = prepared.ref
        values = _Values(_numeric.compile_expr(answer), ref.points)
        verdict = _agree(ref.key, values, typical=ref.typical, required=ref.required)
        if verdict is None:
            if _confirm_symbolically(prepared.key, answer):
                verdict = True
            else:
                return invalid(_(UNCHECKABLE_MESSAGE, lang=lang), max_score, understood_as=shown)
        approximation = spec.exact and constant_mismatch(answer, prepared.key)
        if verdict and not approximation:
            return graded(1.0, max_score, understood_as=shown, warnings=tuple(w for w in notes if w == rounding))
        if not verdict:
            for index, (mistake_values, feedback, credit) in enumerate(prepared.mistakes):
                if _agree(mistake_values, values, typical=ref.typical, required=ref.required):
                    return graded(credit, max_score, feedback=feedback, understood_as=shown, warnings=notes,
                                  mistake=index)
        if approximation and (verdict or _near(answer, prepared.key)):
            return graded(0.0, max_score, feedback=_(EXACT_APPROXIMATION_MESSAGE, lang=lang), understood_as=shown,
                          warnings=notes)
        return graded(0.0, max_score, feedback=_(NOT_EQUIVALENT_MESSAGE, lang=lang), understood_as=shown,
                      warnings=notes)

    def format(self, value: Any, settings: Settings) -> str:
        """The key (or a mistake) as a student would type it, in the notes' σ form where the
        question admits `sigmoid`: `x*(sigmoid(w*x + b) - y)`."""
        spec = require_settings(settings, Symbolic, kind="symbolic")
        return to_plain(value, sigmoid="sigmoid" in spec.functions)


CHECKER: Checker[_Prepared] = SymbolicChecker()  # annotated: mypy checks it against the protocol
