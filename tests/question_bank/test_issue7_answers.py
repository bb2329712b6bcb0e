"""The bundled questions against the answer-checking holes of issue 7 (items 6-10), through the
same path a student's answer takes (`Variant.check`): wrong answers that passed, right answers
that were refused, and answers that ran away. Verdicts only, never elapsed time."""

from __future__ import annotations

import math
from functools import cache

import pytest

from grader.answers import TOO_SLOW_MESSAGE
from grader.bank import load_bank, make_variant
from grader.results import Verdict


@cache
def _variant(qid: str, seed: int = 0):
    return make_variant(load_bank().get(qid), seed=seed)


def check(qid: str, text: str, seed: int = 0):
    return _variant(qid, seed).check(text)


def _series(terms: int) -> str:
    """The first `terms` terms of e^-1 = Σ (-1)^k / k!."""
    return " + ".join(f"{(-1) ** k}/{math.factorial(k)}" for k in range(terms))


# Item 6: numeric answers that never finished


@pytest.mark.parametrize("text", ["e^e^e^e^e", "sin(e^e^e^e)", "tan(e^e^e^e)"])
def test_numeric_towers_are_invalid(text):
    result = check("cnn.conv_output_size", text)
    assert result.verdict is Verdict.INVALID and "too large" in result.feedback


# Item 8: wrong answers that were marked correct


@pytest.mark.parametrize("text", [
    "σ(z)(1-σ(z)) + relu(|z|-3)",
    "σ(z)(1-σ(z)) + Heaviside(z-3)",
    "σ(z)(1-σ(z))(1 + 10^-10 z)",
    "σ(z)(1-σ(z)) + 10^-13",
])
def test_sigmoid_derivative_false_positives_are_rejected(text):
    result = check("activations.sigmoid_derivative", text)
    assert result.verdict in (Verdict.INCORRECT, Verdict.INVALID), result
    assert result.score == 0


def test_sigmoid_derivative_refuses_piecewise_functions_by_name():
    result = check("activations.sigmoid_derivative", "σ(z)(1-σ(z)) + relu(|z|-3)")
    assert result.verdict is Verdict.INVALID and "relu" in result.feedback


@pytest.mark.parametrize("text", [
    "w - eta g - eta lam (|w + 0.1| - |w - 0.1|)/0.2/n",
    "w - eta g - eta lam (|w + 0.01| - |w - 0.01|)/0.02/n",
    "w - eta g - eta lam tanh(1000 w)/n",
])
def test_l1_update_with_sign_wrong_only_near_zero_is_rejected(text):
    result = check("regularization.l1_update", text)
    assert result.verdict is Verdict.INCORRECT, result


def test_bootstrap_limit_wants_the_exact_value():
    decimal = check("evaluation.bootstrap_limit", "0.367879441")
    assert decimal.verdict is Verdict.INVALID and "exact value" in decimal.feedback
    for terms in (14, 31):
        series = check("evaluation.bootstrap_limit", _series(terms))
        assert series.verdict is Verdict.INCORRECT and "not exact" in series.feedback, (terms, series)
    assert check("evaluation.bootstrap_limit", "(1-1/1000)^1000").verdict is Verdict.INCORRECT


# Item 9: right answers that were refused


@pytest.mark.parametrize("text", [r"\frac1e", r"\mathrm e^{-1}", "e⁻¹", "𝑒^{-1}", "1/e。", "１/ｅ", "exp(‐1)"])
def test_bootstrap_limit_accepts_what_students_copy(text):
    assert check("evaluation.bootstrap_limit", text).verdict is Verdict.CORRECT


@pytest.mark.parametrize("text", [
    r"\frac14 (1-\tanh^2\frac z2)", "𝜎(z)(1−𝜎(z))", "σ(ｚ)(１-σ(ｚ))", "σ(z)\u00a0(1\u2009-\u2009σ(z))",
    "σ(z)(1\u2010σ(z))", "σ(z)(1\ufe63σ(z))", "σ(z)(1-σ(z))。", "sech(z/2)^2/4",
])
def test_sigmoid_derivative_accepts_what_students_copy(text):
    assert check("activations.sigmoid_derivative", text).verdict is Verdict.CORRECT


@pytest.mark.parametrize("qid, text", [
    ("logistic.ce_gradient_w", r"(\hat{y} - y)x"),
    ("logistic.ce_gradient_w", "(ŷ − y)·x"),
    ("logistic.mse_gradient_w", r"(\hat y - y)\hat y(1 - \hat y)x"),
    ("logistic.mse_gradient_w", "(yhat - y) yhat (1 - yhat) x"),
])
def test_logistic_questions_read_hat_y_as_their_prompts_define_it(qid, text):
    assert check(qid, text).verdict is Verdict.CORRECT


@pytest.mark.parametrize("qid, text", [
    ("activations.sigmoid_derivative", "tanh(z)"),                   # tanh z = 2σ(2z) − 1, not σ′
    ("logistic.ce_gradient_w", r"(\hat y - y)\hat y(1 - \hat y)x"),  # the other question's key
])
def test_hat_y_and_identities_do_not_make_wrong_answers_right(qid, text):
    assert check(qid, text).verdict is not Verdict.CORRECT


# Item 10: numbers past Python's 4300-digit limit are judged and shown compactly


def test_huge_numbers_are_judged_and_shown_compactly():
    result = check("cnn.conv_output_size", "(2^1000)^50")
    assert result.verdict is Verdict.INCORRECT and len(result.understood_as) < 40
    for text in ("10^1000", "e^1000"):
        assert check("cnn.conv_output_size", text).verdict is Verdict.INCORRECT
    echoed = check("evaluation.bootstrap_oob_fraction", "(1-1/1000)^1000")
    assert echoed.understood_as == "0.3676954248" and echoed.feedback != TOO_SLOW_MESSAGE
