"""High-precision numeric evaluation of sympy expressions, for equivalence by random points.

Expressions are compiled once into nested Python closures over a private mpmath context (30
significant digits), not `lambdify`ed: no generated source is exec'd, the global `mpmath.mp`
precision is never touched, and every failure mode of a point (division by zero, log of a
negative, overflow, complex values) surfaces as one exception, `Undefined`, so the caller can
redraw. Functions outside the table fall back to sympy's own `evalf` on that node.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import Any

import sympy
from mpmath.ctx_mp import MPContext

DIGITS = 30
CTX = MPContext()
CTX.dps = DIGITS
_MAX_EXP_ARG = 10_000  # exp(10^4) ~ 10^4343: real answers never get near; towers stop here
_MAX_POWER_EXP = 100_000

Value = Any  # an mpf from CTX
Env = Mapping[str, Value]
Compiled = Callable[[Env], Value]


class Undefined(Exception):
    """The expression has no finite real value at this point."""


def _real(value: Any) -> Value:
    """Accept finite reals; a complex with a negligible imaginary part counts as real."""
    if isinstance(value, CTX.mpc):
        if abs(value.imag) > CTX.mpf(10) ** (-DIGITS + 5) * max(1, abs(value.real)):
            raise Undefined
        value = value.real
    elif not isinstance(value, CTX.mpf):
        value = CTX.mpf(value)
    if not CTX.isfinite(value):
        raise Undefined
    return value


def _exp(x: Value) -> Value:
    if x > _MAX_EXP_ARG:
        raise Undefined
    return CTX.exp(x)


def _log(x: Value) -> Value:
    if x <= 0:
        raise Undefined
    return CTX.log(x)


def _pow(base: Value, exponent: Value) -> Value:
    if base == 0 and exponent <= 0:
        raise Undefined
    if abs(exponent) > _MAX_POWER_EXP and abs(base) != 1:
        raise Undefined
    if base < 0 and not CTX.isint(exponent):
        raise Undefined  # principal roots of negatives are complex
    return CTX.power(base, exponent)


def _guarded(limit: float, fn: Callable[[Value], Value]) -> Callable[[Value], Value]:
    def call(x: Value) -> Value:
        if abs(x) > limit:
            raise Undefined
        return fn(x)
    return call


def _asin(x: Value) -> Value:
    if abs(x) > 1:
        raise Undefined
    return CTX.asin(x)


def _acos(x: Value) -> Value:
    if abs(x) > 1:
        raise Undefined
    return CTX.acos(x)


def _heaviside(x: Value) -> Value:
    return CTX.mpf(1) if x > 0 else CTX.mpf(0) if x < 0 else CTX.mpf(0.5)


_UNARY: dict[type, Callable[[Value], Value]] = {
    sympy.exp: _exp,
    sympy.log: _log,
    sympy.Abs: abs,
    sympy.sign: CTX.sign,
    sympy.sin: CTX.sin,
    sympy.cos: CTX.cos,
    sympy.tan: CTX.tan,
    sympy.sinh: _guarded(_MAX_EXP_ARG, CTX.sinh),
    sympy.cosh: _guarded(_MAX_EXP_ARG, CTX.cosh),
    sympy.tanh: CTX.tanh,
    sympy.asin: _asin,
    sympy.acos: _acos,
    sympy.atan: CTX.atan,
}


def _constant(value: Value) -> Compiled:
    return lambda env: value


def compile_expr(expr: sympy.Expr) -> Compiled:
    """A function env -> value for `expr`, env mapping symbol *names* to CTX.mpf values."""
    if expr.is_Symbol:
        name = expr.name
        return lambda env: env[name]
    if expr.is_Rational:
        return _constant(CTX.mpf(int(expr.p)) / int(expr.q))
    if expr.is_Float:
        return _constant(CTX.make_mpf(expr._mpf_))
    if expr is sympy.E:
        return _constant(+CTX.e)
    if expr is sympy.pi:
        return _constant(+CTX.pi)
    if expr.is_Number or expr.is_NumberSymbol:
        return _constant(CTX.mpf(str(sympy.N(expr, DIGITS + 5))))
    if expr.is_Add:
        parts = [compile_expr(a) for a in expr.args]
        return lambda env: CTX.fsum(p(env) for p in parts)
    if expr.is_Mul:
        parts = [compile_expr(a) for a in expr.args]

        def mul(env: Env) -> Value:
            result = parts[0](env)
            for p in parts[1:]:
                result = result * p(env)
            return result
        return mul
    if expr.is_Pow:
        base, exponent = compile_expr(expr.base), compile_expr(expr.exp)
        return lambda env: _pow(_real(base(env)), _real(exponent(env)))
    if isinstance(expr, (sympy.Max, sympy.Min)):
        parts = [compile_expr(a) for a in expr.args]
        pick = max if isinstance(expr, sympy.Max) else min
        return lambda env: pick(p(env) for p in parts)
    if isinstance(expr, sympy.Heaviside):
        arg = compile_expr(expr.args[0])
        return lambda env: _heaviside(arg(env))
    if expr.func in _UNARY and len(expr.args) == 1:
        fn, arg = _UNARY[expr.func], compile_expr(expr.args[0])
        return lambda env: fn(_real(arg(env)))
    return _fallback(expr)


def _fallback(expr: sympy.Expr) -> Compiled:
    """Any other node (a key may use sympy functions the student grammar lacks): let sympy evaluate
    it at the point. Slower, but only ever met in trusted keys and mistakes."""
    symbols = sorted(expr.free_symbols, key=lambda s: s.name)

    def evaluate(env: Env) -> Value:
        subs = {s: sympy.Float(CTX.nstr(env[s.name], DIGITS + 5), DIGITS + 5) for s in symbols}
        value = expr.evalf(DIGITS, subs=subs)
        if not value.is_number:
            raise Undefined
        real, imag = value.as_real_imag()
        if imag != 0 and abs(imag) > 10 ** (-DIGITS + 5) * max(1, abs(real)):
            raise Undefined
        try:
            return CTX.mpf(str(real))
        except (TypeError, ValueError) as exc:
            raise Undefined from exc
    return evaluate


@functools.lru_cache(maxsize=512)
def compiled(expr: sympy.Expr) -> Compiled:
    """`compile_expr`, cached: keys and mistakes recur on every answer to the same variant."""
    return compile_expr(expr)


def evaluate(fn: Compiled, env: Env) -> Value:
    """fn(env) as a finite real, or raise Undefined (for any arithmetic failure at this point)."""
    try:
        return _real(fn(env))
    except Undefined:
        raise
    except (ZeroDivisionError, OverflowError, ValueError, TypeError, ArithmeticError) as exc:
        raise Undefined from exc


def close(a: Value, b: Value, *, rel_tol: float, abs_tol: float) -> bool:
    return abs(a - b) <= abs_tol + rel_tol * max(abs(a), abs(b))
