"""Symbolic keys and what was understood are shown in the notes' σ form, which students can type
back: the shown key reads back to an equivalent expression and passes its own checker."""

import pytest

from grader.answers import Symbolic
from grader.answers.settings import ELEMENTARY
from grader.answers.symbolic import equivalent, fold_sigmoid, parse_answer, to_latex, to_plain
from grader.answers.symbols import sigmoid, symbol
from grader.bank import load_bank, make_variant
from grader.bank.terminal import to_terminal
from grader.results import Verdict

w, x, b, y, z = (symbol(n) for n in "wxbyz")
DOMAINS = {"w": "real", "x": "real", "b": "real", "y": "probability", "z": "real"}


@pytest.mark.parametrize("expr, plain, latex", [
    ((sigmoid(w * x + b) - y) * x, "x*(sigmoid(w*x + b) - y)", r"x \left(\sigma\left(w x + b\right) - y\right)"),
    (sigmoid(z) * (1 - sigmoid(z)), "(1 - sigmoid(z))*sigmoid(z)",
     r"\left(1 - \sigma\left(z\right)\right) \sigma\left(z\right)"),
    (sigmoid(w * x + b) - y, "sigmoid(w*x + b) - y", r"\sigma\left(w x + b\right) - y"),
    (sigmoid(z) ** 2, "sigmoid(z)**2", r"\sigma\left(z\right)^{2}"),
    (2 * sigmoid(2 * z) - 1, "2*sigmoid(2*z) - 1", r"2 \sigma\left(2 z\right) - 1"),
    (w * x + b, "w*x + b", "w x + b"),
])
def test_sigmoid_is_shown_folded_and_sums_as_people_write_them(expr, plain, latex):
    assert to_plain(expr, sigmoid=True) == plain
    assert to_latex(expr, sigmoid=True) == latex
    assert equivalent(expr, parse_answer(plain, symbols=DOMAINS), domains=DOMAINS)
    assert fold_sigmoid(expr).equals(expr) is not False


def test_without_sigmoid_admitted_the_key_is_written_with_exp():
    key = (sigmoid(w * x + b) - y) * x
    assert "sigmoid" not in to_plain(key) and "exp" in to_plain(key)
    from grader.answers.symbolic import CHECKER

    no_sigma = Symbolic(symbols=DOMAINS, functions=tuple(f for f in ELEMENTARY if f != "sigmoid"))
    assert "sigmoid" not in CHECKER.format(key, no_sigma)
    assert CHECKER.format(key, Symbolic(symbols=DOMAINS)) == "x*(sigmoid(w*x + b) - y)"


def test_understood_as_is_in_sigma_form():
    from grader.bank import load_bank as _load

    variant = make_variant(_load().get("logistic.ce_gradient_w"), seed=0)
    result = variant.check(r"x(\sigma(wx+b)-y)")
    assert result.verdict is Verdict.CORRECT
    assert result.understood_as == r"x \left(\sigma\left(w x + b\right) - y\right)"
    assert to_terminal(f"${result.understood_as}$") == "x (σ(w x + b) − y)"


@pytest.fixture(scope="module")
def symbolic_questions():
    return load_bank().select(kind="symbolic")


def test_every_shown_key_reads_back_and_passes_its_own_checker(symbolic_questions):
    for question in symbolic_questions:
        for seed in range(3):
            variant = make_variant(question, seed=seed)
            shown = variant.answer_text()
            if "sigmoid" in question.meta.check.functions:  # 1/(1 + e^(−u)) folded wherever it occurs
                assert "/(exp(" not in shown and "/(1 + exp(" not in shown, (question.id, shown)
            result = variant.check(shown)
            assert result.verdict is Verdict.CORRECT, (question.id, seed, shown, result.feedback)
