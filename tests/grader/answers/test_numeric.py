import math

import pytest

from grader.answers import Numeric, Task, WrongAnswer, check_answer
from grader.answers.numeric import format_number, parse_number
from grader.results import Verdict

SPEC = Numeric(rel_tol=1e-3)


def check_numeric(text, *, key, spec, max_score, mistakes=()):
    """A numeric task, checked the one way every caller checks answers."""
    task = Task(kind="numeric", key=key, settings=spec, max_score=max_score,
                mistakes=tuple(WrongAnswer(*m) for m in mistakes))
    return check_answer(text, task)


@pytest.mark.parametrize("text, value", [
    ("16", 16), ("+16", 16), ("-3", -3), ("0.368", 0.368), (".5", 0.5), ("3.", 3.0),
    ("1e-3", 0.001), ("2.5E2", 250), ("7/10", 0.7), ("-7 / 10", -0.7), ("１６", 16), ("−0.5", -0.5),
])
def test_plain_numbers(text, value):
    assert parse_number(text)[0] == pytest.approx(value)


@pytest.mark.parametrize("text", ["1/e", "e^-1", "exp(-1)", "(1-1/1000)^1000", "(1 - 1/1000)**1000"])
def test_constant_expressions_near_one_over_e(text):
    assert parse_number(text)[0] == pytest.approx(math.exp(-1), rel=1e-3)


def test_key_within_relative_tolerance_is_correct_and_outside_is_not():
    assert check_numeric("0.3679", key=math.exp(-1), spec=SPEC, max_score=2).verdict is Verdict.CORRECT
    wrong = check_numeric("0.37", key=math.exp(-1), spec=SPEC, max_score=2)
    assert wrong.verdict is Verdict.INCORRECT and wrong.score == 0


def test_too_few_digits_warns_without_changing_the_score():
    result = check_numeric("0.4", key=math.exp(-1), spec=SPEC, max_score=2)
    assert result.verdict is Verdict.INCORRECT
    assert result.warnings and "significant figure" in result.warnings[0]
    assert not check_numeric("0.36788", key=math.exp(-1), spec=SPEC, max_score=2).warnings


def test_exact_integer():
    spec = Numeric(exact_integer=True)
    assert check_numeric("16", key=16, spec=spec, max_score=1).verdict is Verdict.CORRECT
    assert check_numeric("16.0", key=16, spec=spec, max_score=1).verdict is Verdict.CORRECT
    assert check_numeric("16.0001", key=16, spec=spec, max_score=1).verdict is Verdict.INCORRECT


def test_significant_figures_tolerance():
    spec = Numeric(sig_figs=4)
    assert check_numeric("0.3589", key=0.35891648, spec=spec, max_score=1).verdict is Verdict.CORRECT
    assert check_numeric("0.3592", key=0.35891648, spec=spec, max_score=1).verdict is Verdict.INCORRECT


def test_targeted_feedback_and_partial_credit():
    result = check_numeric("17", key=16, spec=Numeric(exact_integer=True), max_score=2,
                           mistakes=[(17, "you rounded up twice", 0.5)])
    assert result.verdict is Verdict.PARTIAL and result.score == 1 and result.feedback == "you rounded up twice"


@pytest.mark.parametrize("text", [
    "", "   ", "abc", "16 apples", "1/0", "\x00", "😀", "x + 1", "__import__('os').system('true')",
    "9**9**9**9", "1e999", "1" * 10_000, "36.8%",
])
def test_unreadable_answers_are_invalid_never_errors(text):
    result = check_numeric(text, key=16, spec=SPEC, max_score=1)
    assert result.verdict is Verdict.INVALID and result.score == 0 and result.feedback


def test_format_number_round_trips_through_the_checker():
    for key in [16, 0.35891648, math.exp(-1), 1e-7, -2.5, 123456.789]:
        spec = Numeric(rel_tol=1e-6)
        assert check_numeric(format_number(key, spec), key=key, spec=spec, max_score=1).verdict is Verdict.CORRECT
