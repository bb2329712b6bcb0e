"""High-precision numeric evaluation of sympy expressions that knows how accurate it is.

Expressions are compiled once into nested Python closures over a private mpmath context, not
`lambdify`ed: no generated source is exec'd and the global `mpmath.mp` precision is never touched.
A compiled expression is evaluated at a working precision (`evaluate(fn, env, digits=30)`) and
returns its value *and* an estimate of that value's relative error: the rounding of each operation
carried through the next ones by their condition numbers (first order). So `1 - σ(900)`, which
rounds to exactly 0 at 30 or 150 digits, says that it is no value at all, and a caller that needs
20 correct digits raises the precision along `LEVELS` until the estimate promises them (see
`grader.answers.symbolic`).

Every failure of a point (division by zero, log of a negative, complex values) is one exception,
`Undefined`, so the caller can redraw. Size is bounded where it is created: an intermediate beyond
2^±`MAX_MAG_BITS` (about 10^±39000), an exponential whose result would be, or a trigonometric
function of a number beyond 2^`MAX_TRIG_MAG_BITS` raises `TooLarge` (an `Undefined`) at once,
before mpmath spends time or memory on it: `e^e^e^e` (a number of 1.6 million digits) fails in
microseconds, while `10^1000` and `e^1000` are ordinary finite numbers. Functions outside the
table (only ever in trusted keys) fall back to sympy's own `evalf` on that node.
"""

from __future__ import annotations

import functools
import math
import os
import threading
from collections.abc import Callable, Mapping
from typing import Any

import sympy
from mpmath.ctx_mp import MPContext

__all__ = ["CTX", "DIGITS", "LEVELS", "TooLarge", "Undefined", "close", "compile_expr", "compiled", "evaluate"]

DIGITS = 30  # the working precision of a first evaluation
LEVELS = (30, 60, 150, 300)  # precisions to try, in order, until a value is accurate enough (errors are
# floats: 300 digits keep the rounding error of one operation, 1e-301, above the smallest float)
CTX = MPContext()
CTX.dps = DIGITS
MAX_MAG_BITS = 1 << 17  # |x| < 2^131072 ~ 10^39456: holds every constant the parser lets through
MAX_TRIG_MAG_BITS = 1 << 12  # sin(x) for |x| < 2^4096: argument reduction stays cheap
_MAX_EXP_ARG = MAX_MAG_BITS * math.log(2)

Value = Any  # an mpf from CTX
Env = Mapping[str, Value]
Approx = tuple[Value, float]  # a value and an estimate of its relative error
Compiled = Callable[[Env], Approx]
_INF = math.inf
# evaluate() sets the working precision of the one private context: one evaluation at a time. A
# forked child starts with a fresh lock (another thread may have held the parent's at the fork).
_LOCK = threading.Lock()


def _fresh_lock() -> None:
    global _LOCK
    _LOCK = threading.Lock()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_fresh_lock)


class Undefined(Exception):
    """The expression has no finite real value at this point."""


class TooLarge(Undefined):
    """An intermediate value is too large (or too close to 0) to evaluate; raising the precision
    would not help."""


def _u() -> float:
    """The relative rounding error of one operation at the current precision (floored where a
    float would underflow, far below any precision of LEVELS)."""
    return 2.0 ** max(1 - CTX.prec, -1020)


def _checked(value: Value) -> Value:
    if CTX.isnan(value) or CTX.isinf(value):
        raise Undefined
    if value and abs(CTX.mag(value)) > MAX_MAG_BITS:
        raise TooLarge
    return value


def _times(error: float, factor: Value) -> float:
    """error * |factor| as a float, where an exact input (error 0) stays exact."""
    if error == 0:
        return 0.0
    size = float(abs(factor))
    return error * size if size else 0.0


def _ratio(absolute: Value, value: Value) -> float:
    """|absolute / value| as a float; infinite when a value of 0 carries any error."""
    if absolute == 0:
        return 0.0
    if value == 0:
        return _INF
    return float(abs(absolute / value))


def _real(value: Any) -> Value:
    """Accept finite reals; a complex with a negligible imaginary part counts as real."""
    if isinstance(value, CTX.mpc):
        if abs(value.imag) > CTX.mpf(2) ** (20 - CTX.prec) * max(1, abs(value.real)):
            raise Undefined
        value = value.real
    elif not isinstance(value, CTX.mpf):
        value = CTX.mpf(value)
    return _checked(value)


# ---------------------------------------------------------------------------------------------
# One function per node type: value and relative error from the arguments' values and errors.


def _exp(x: Approx) -> Approx:
    v, e = x
    if abs(v) > _MAX_EXP_ARG:
        raise TooLarge
    return _checked(CTX.exp(v)), _times(e, v) + _u()


def _log(x: Approx) -> Approx:
    v, e = x
    if v <= 0:
        raise Undefined
    result = CTX.log(v)
    if e == 0:
        return result, _u()
    if result == 0:
        return result, _INF
    return result, _times(e, 1 / result) + _u()  # ln is ill-conditioned near 1: error / |ln x|


def _pow(base: Approx, exponent: Approx) -> Approx:
    b, eb = base
    y, ey = exponent
    if b == 0:
        if y <= 0:
            raise Undefined
        return CTX.zero, 0.0 if eb == 0 else _INF
    if b < 0 and not CTX.isint(y):
        raise Undefined  # principal roots of negatives are complex
    log_b = CTX.log(abs(b))
    if b not in (1, -1) and abs(y * log_b) > _MAX_EXP_ARG:
        raise TooLarge
    result = _checked(CTX.power(b, y))
    return result, _times(eb, y) + _times(ey, y * log_b) + _u()


def _unary(fn: Callable[[Value], Value], condition: Callable[[Value, Value], Value],
           guard: Callable[[Value], None] | None = None) -> Callable[[Approx], Approx]:
    """A smooth function: its value, and the input's relative error times the condition number
    |x f'(x) / f(x)| (`condition(x, f(x))`), plus one rounding."""

    def call(x: Approx) -> Approx:
        v, e = x
        if guard is not None:
            guard(v)
        result = _checked(fn(v))
        if e == 0:
            return result, _u()
        if result == 0:
            return result, _INF
        return result, _times(e, condition(v, result)) + _u()
    return call


def _trig_guard(v: Value) -> None:
    if v and CTX.mag(v) > MAX_TRIG_MAG_BITS:
        raise TooLarge


def _hyperbolic_guard(v: Value) -> None:
    if abs(v) > _MAX_EXP_ARG:
        raise TooLarge


def _domain(lo: int, hi: int) -> Callable[[Value], None]:
    def guard(v: Value) -> None:
        if not lo <= v <= hi:
            raise Undefined
    return guard


def _abs(x: Approx) -> Approx:
    return abs(x[0]), x[1]


def _step(fn: Callable[[Value], Value]) -> Callable[[Approx], Approx]:
    """sign and Heaviside: exact, unless the argument's error could flip its sign."""

    def call(x: Approx) -> Approx:
        v, e = x
        if e >= 1 or (v == 0 and e > 0):
            return fn(v), _INF
        return fn(v), 0.0
    return call


def _heaviside(v: Value) -> Value:
    return CTX.mpf(1) if v > 0 else CTX.mpf(0) if v < 0 else CTX.mpf(0.5)


_SMOOTH: dict[type, Callable[[Approx], Approx]] = {
    sympy.sin: _unary(CTX.sin, lambda x, f: x * CTX.cos(x) / f, _trig_guard),
    sympy.cos: _unary(CTX.cos, lambda x, f: x * CTX.sin(x) / f, _trig_guard),
    sympy.tan: _unary(CTX.tan, lambda x, f: x / (CTX.sin(x) * CTX.cos(x)), _trig_guard),
    sympy.sec: _unary(CTX.sec, lambda x, f: x * CTX.tan(x), _trig_guard),
    sympy.csc: _unary(CTX.csc, lambda x, f: x * CTX.cot(x), _trig_guard),
    sympy.cot: _unary(CTX.cot, lambda x, f: x / (CTX.sin(x) * CTX.cos(x)), _trig_guard),
    sympy.sinh: _unary(CTX.sinh, lambda x, f: x * CTX.cosh(x) / f, _hyperbolic_guard),
    sympy.cosh: _unary(CTX.cosh, lambda x, f: x * CTX.tanh(x), _hyperbolic_guard),
    sympy.tanh: _unary(CTX.tanh, lambda x, f: x * CTX.sech(x) ** 2 / f),
    sympy.sech: _unary(CTX.sech, lambda x, f: x * CTX.tanh(x), _hyperbolic_guard),
    sympy.csch: _unary(CTX.csch, lambda x, f: x * CTX.coth(x), _hyperbolic_guard),
    sympy.coth: _unary(CTX.coth, lambda x, f: x * CTX.csch(x) ** 2 / f, _hyperbolic_guard),
    sympy.asin: _unary(CTX.asin, lambda x, f: x / (CTX.sqrt(1 - x * x) * f) if abs(x) < 1 else CTX.inf,
                       _domain(-1, 1)),
    sympy.acos: _unary(CTX.acos, lambda x, f: x / (CTX.sqrt(1 - x * x) * f) if abs(x) < 1 else CTX.inf,
                       _domain(-1, 1)),
    sympy.atan: _unary(CTX.atan, lambda x, f: x / ((1 + x * x) * f)),
}
_UNARY: dict[type, Callable[[Approx], Approx]] = {
    sympy.exp: _exp,
    sympy.log: _log,
    sympy.Abs: _abs,
    sympy.sign: _step(CTX.sign),
    sympy.Heaviside: _step(_heaviside),
    **_SMOOTH,
}


# ---------------------------------------------------------------------------------------------
# Compiling


def _constant(make: Callable[[], Value], exact: bool = False) -> Compiled:
    """A constant, computed at the working precision of each call (so 60 digits are 60 digits)."""
    def value(env: Env) -> Approx:
        return _checked(make()), 0.0 if exact else _u()
    return value


def compile_expr(expr: sympy.Expr) -> Compiled:
    """A function env -> (value, relative error) for `expr`, env mapping symbol *names* to
    CTX.mpf values (taken as exact)."""
    if expr.is_Symbol:
        name = expr.name
        return lambda env: (env[name], 0.0)
    if expr.is_Integer:
        p = int(expr)
        return _constant(lambda: CTX.mpf(p), exact=p.bit_length() <= 53)
    if expr.is_Rational:
        p, q = int(expr.p), int(expr.q)
        return _constant(lambda: CTX.mpf(p) / q)
    if expr.is_Float:
        mpf_value, bits = expr._mpf_, expr._prec
        return lambda env: (CTX.make_mpf(mpf_value), 2.0 ** (1 - bits))
    if expr is sympy.E:
        return _constant(lambda: +CTX.e)
    if expr is sympy.pi:
        return _constant(lambda: +CTX.pi)
    if expr.is_Number or expr.is_NumberSymbol:
        return _constant(lambda: CTX.mpf(str(sympy.N(expr, CTX.dps + 5))))
    if expr.is_Add:
        return _add([compile_expr(a) for a in expr.args])
    if expr.is_Mul:
        return _mul([compile_expr(a) for a in expr.args])
    if expr.is_Pow:
        base, exponent = compile_expr(expr.base), compile_expr(expr.exp)
        return lambda env: _pow(base(env), exponent(env))
    if isinstance(expr, (sympy.Max, sympy.Min)):
        return _pick([compile_expr(a) for a in expr.args], largest=isinstance(expr, sympy.Max))
    if expr.func in _UNARY and len(expr.args) == 1:
        fn, arg = _UNARY[expr.func], compile_expr(expr.args[0])
        return lambda env: fn(arg(env))
    return _fallback(expr)


def _add(parts: list[Compiled]) -> Compiled:
    def add(env: Env) -> Approx:
        terms = [p(env) for p in parts]
        total = _checked(CTX.fsum(v for v, _ in terms))
        if any(e == _INF or (v == 0 and e > 0) for v, e in terms):
            return total, _INF
        spread = CTX.fsum(abs(v) * e for v, e in terms if e)  # the terms' absolute errors
        return total, _ratio(spread, total) + _u()
    return add


def _mul(parts: list[Compiled]) -> Compiled:
    def mul(env: Env) -> Approx:
        value, error = CTX.one, 0.0
        for p in parts:
            v, e = p(env)
            if v == 0 and e == 0:
                return CTX.zero, 0.0  # an exact zero makes the product exact, whatever the rest
            value = _checked(value * v)
            error += e
        return value, error + _u() * (len(parts) - 1)
    return mul


def _pick(parts: list[Compiled], *, largest: bool) -> Compiled:
    def pick(env: Env) -> Approx:
        values = [p(env) for p in parts]
        chosen = max(values, key=lambda ve: ve[0]) if largest else min(values, key=lambda ve: ve[0])
        if any(e == _INF or (v == 0 and e > 0) for v, e in values):
            return chosen[0], _INF
        spread = max(abs(v) * e for v, e in values)  # max/min move by at most the largest error
        return chosen[0], _ratio(spread, chosen[0])
    return pick


def _fallback(expr: sympy.Expr) -> Compiled:
    """Any other node (a key may use sympy functions the student grammar lacks): let sympy evaluate
    it at the point. Slower, but only ever met in trusted keys and mistakes."""
    symbols = sorted(expr.free_symbols, key=lambda s: s.name)

    def evaluate(env: Env) -> Approx:
        digits = CTX.dps
        subs = {s: sympy.Float(CTX.nstr(env[s.name], digits + 5), digits + 5) for s in symbols}
        value = expr.evalf(digits, subs=subs)
        if not value.is_number:
            raise Undefined
        real, imag = value.as_real_imag()
        if imag != 0 and abs(imag) > 10 ** (-digits + 5) * max(1, abs(real)):
            raise Undefined
        try:
            return _checked(CTX.mpf(str(real))), 1000 * _u()
        except (TypeError, ValueError) as exc:
            raise Undefined from exc
    return evaluate


@functools.lru_cache(maxsize=512)
def compiled(expr: sympy.Expr) -> Compiled:
    """`compile_expr`, cached: keys and mistakes recur on every answer to the same variant."""
    return compile_expr(expr)


def evaluate(fn: Compiled, env: Env, *, digits: int = DIGITS) -> Approx:
    """fn(env) at `digits` significant digits: (a finite real, its estimated relative error), or
    Undefined (TooLarge for what no precision would help) for any arithmetic failure at this point."""
    try:
        with _LOCK, CTX.workdps(digits):
            value, error = fn(env)
            return _real(value), error
    except Undefined:
        raise
    except (ZeroDivisionError, OverflowError, ValueError, TypeError, ArithmeticError) as exc:
        raise Undefined from exc


def close(a: Value, b: Value, *, rel_tol: float, abs_tol: float = 0.0) -> bool:
    return bool(abs(a - b) <= abs_tol + rel_tol * max(abs(a), abs(b)))
