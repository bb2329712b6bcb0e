"""grader.answers.mpeval: guarded 30-digit evaluation that knows how many of its digits are right."""

import pytest
import sympy

from grader.answers import mpeval
from grader.answers.symbols import sigmoid, symbol

z = symbol("z")
E = sympy.E


def _at(expr, digits=30, **point):
    env = {name: mpeval.CTX.mpf(value) for name, value in point.items()}
    return mpeval.evaluate(mpeval.compile_expr(expr), env, digits=digits)


@pytest.mark.parametrize("expr", [
    E ** E ** E ** E, sympy.sin(E ** E ** E ** E), sympy.tan(E ** E ** E ** E), sympy.exp(-E ** E ** E ** E),
    sympy.Integer(10) ** (E ** E ** E ** E), sympy.sinh(E ** E ** E ** E), sympy.sin(sympy.Integer(10) ** 5000),
])
def test_intermediates_beyond_the_caps_are_too_large_at_once(expr):
    with pytest.raises(mpeval.TooLarge):
        _at(expr)


@pytest.mark.parametrize("expr, digits_before_point", [
    (sympy.Integer(10) ** 1000, 1001), (sympy.exp(1000), 435), ((sympy.Integer(2) ** 1000) ** 50, 15052),
])
def test_large_numbers_are_finite(expr, digits_before_point):
    value, error = _at(expr)
    assert mpeval.CTX.isfinite(value) and error < 1e-25
    assert int(mpeval.CTX.floor(mpeval.CTX.log10(value))) + 1 == digits_before_point


@pytest.mark.parametrize("expr", [sympy.log(z - 10), sympy.sqrt(z - 10), sympy.asin(z + 5), 1 / (z - z + 0)])
def test_undefined_points_raise_undefined(expr):
    with pytest.raises(mpeval.Undefined):
        _at(expr, z=1.5)


def test_cancellation_is_reported_and_more_digits_resolve_it():
    s = sigmoid(z)
    cancelling, stable = s * (1 - s), sympy.exp(-z) / (1 + sympy.exp(-z)) ** 2
    _, error = _at(cancelling, 30, z=600)  # 1 − σ(600) rounds to exactly 0 at 30 digits
    assert error == float("inf")
    value, error = _at(cancelling, 300, z=600)  # e^-600 ~ 10^-261: 300 digits leave 39
    exact, exact_error = _at(stable, 30, z=600)
    assert error < 1e-24 and exact_error < 1e-24
    assert abs(value - exact) <= 1e-24 * abs(exact)


def test_exact_inputs_carry_no_error_and_roundings_are_counted():
    assert _at(sympy.Integer(3) * z, z=2.0)[1] <= 1e-30
    assert _at(sympy.Abs(z), z=-2.0) == (2, 0.0)
    assert _at(sympy.log(1 + sympy.exp(-z)), 30, z=60)[1] > 1e-24  # log near 1 amplifies rounding
