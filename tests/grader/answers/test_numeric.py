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
    assert float(parse_number(text).value) == pytest.approx(math.exp(-1), rel=1e-3)


def test_key_within_relative_tolerance_is_correct_and_outside_is_not():
    assert check_numeric("0.3679", key=math.exp(-1), spec=SPEC, max_score=2).verdict is Verdict.CORRECT
    wrong = check_numeric("0.37", key=math.exp(-1), spec=SPEC, max_score=2)
    assert wrong.verdict is Verdict.INCORRECT and wrong.score == 0


def test_too_few_digits_warns_without_changing_the_score():
    result = check_numeric("0.4", key=math.exp(-1), spec=SPEC, max_score=2)
    assert result.verdict is Verdict.INCORRECT
    assert result.warnings and "significant figure" in result.warnings[0]
    assert not check_numeric("0.36788", key=math.exp(-1), spec=SPEC, max_score=2).warnings


@pytest.mark.parametrize("text, key, spec", [
    ("4.08", 4.08, Numeric(rel_tol=1e-4)), ("0.0001", 0.0001, Numeric(sig_figs=4)),
    ("0.0475", 0.0475, Numeric(sig_figs=5)), ("0.0128", 0.0128 + 1e-18, Numeric(sig_figs=4)),
    ("-0.846", -0.8460000001, Numeric(rel_tol=1e-3, min_sig_figs=4)),
])
def test_a_correct_answer_is_never_told_to_round_less(text, key, spec):
    # 0.0128 for a 4-figure key 0.01280: correct, its trailing zero merely left out.
    result = check_numeric(text, key=key, spec=spec, max_score=1)
    assert result.verdict is Verdict.CORRECT and not result.warnings


def test_decimals_accept_every_correctly_rounded_answer_whatever_the_magnitude():
    spec = Numeric(decimals=6)
    for key in (0.35891648, 0.0019234567, -0.00004449, 12345.1234564):
        typed = format(key, ".6f")
        result = check_numeric(typed, key=key, spec=spec, max_score=1)
        assert result.verdict is Verdict.CORRECT and not result.warnings, (key, result)
        assert format_number(key, spec) == typed
        off = check_numeric(format(key + 2e-6, ".6f"), key=key, spec=spec, max_score=1)
        assert off.verdict is Verdict.INCORRECT, key


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
    "9**9**9**9", "1" * 10_000, "36.8%",
])
def test_unreadable_answers_are_invalid_never_errors(text):
    result = check_numeric(text, key=16, spec=SPEC, max_score=1)
    assert result.verdict is Verdict.INVALID and result.score == 0 and result.feedback


def test_format_number_round_trips_through_the_checker():
    for key in [16, 0.35891648, math.exp(-1), 1e-7, -2.5, 123456.789]:
        spec = Numeric(rel_tol=1e-6)
        assert check_numeric(format_number(key, spec), key=key, spec=spec, max_score=1).verdict is Verdict.CORRECT


# ---------------------------------------------------------------------------------------------
# Issue 7: towers fail fast (item 6), big numbers are judged and shown compactly (item 10),
# exact values (item 8), what students copy (item 9)


@pytest.mark.parametrize("text", ["10^1000", "e^1000", "(2^1000)^50", "-(10^1000)^4", "1e999", "10^-1000", "e^-1000"])
def test_large_and_tiny_numbers_are_judged_not_refused(text):
    result = check_numeric(text, key=16, spec=SPEC, max_score=1)
    assert result.verdict is Verdict.INCORRECT, result
    assert len(result.understood_as) < 60  # never thousands of digits


def test_a_number_past_the_4300_digit_limit_can_be_right():
    spec = Numeric(exact_integer=True)
    assert check_numeric("(2^1000)^50 - (2^1000)^50 + 16", key=16, spec=spec, max_score=1).verdict is Verdict.CORRECT
    assert check_numeric("16 + 1/(2^1000)^50", key=16, spec=spec, max_score=1).verdict is Verdict.INCORRECT
    big = check_numeric("(2^1000)^50", key=2.0 ** 1000, spec=Numeric(rel_tol=1e-6), max_score=1)
    assert big.verdict is Verdict.INCORRECT and "10^{15051}" in big.understood_as


def test_long_exact_values_are_echoed_rounded_with_a_note():
    result = check_numeric("(1-1/1000)^1000", key=math.exp(-1), spec=SPEC, max_score=1)
    assert result.understood_as == "0.3676954248"
    assert any("rounded to 10 significant digits" in w and "3,001" in w for w in result.warnings)


@pytest.mark.parametrize("text", ["e^e^e^e^e", "sin(e^e^e^e)", "tan(e^e^e^e)"])
def test_towers_are_too_large_at_once(text):
    result = check_numeric(text, key=16, spec=SPEC, max_score=1)
    assert result.verdict is Verdict.INVALID and "too large" in result.feedback


@pytest.mark.parametrize("text, value", [
    ("10⁻³", 0.001), ("2.5×10⁻³", 0.0025), ("１６。", 16), ("16.", 16), ("٣", 3), ("½", 0.5), ("2½", 2.5),
    ("−0.5", -0.5), ("‐0.5", -0.5), ("﹣0.5", -0.5), ("1\u00a0/\u20092", 0.5),
])
def test_what_students_copy_is_read(text, value):
    assert float(parse_number(text).value) == pytest.approx(value)


EXACT = Numeric(exact=True)


def test_exact_numeric_takes_only_the_exact_value():
    import sympy

    key = sympy.exp(-1)
    assert check_numeric("1/e", key=key, spec=EXACT, max_score=2).verdict is Verdict.CORRECT
    assert check_numeric(r"\frac1e", key=key, spec=EXACT, max_score=2).verdict is Verdict.CORRECT
    decimal = check_numeric("0.367879441", key=key, spec=EXACT, max_score=2)
    assert decimal.verdict is Verdict.INVALID and "exact value" in decimal.feedback
    series = " + ".join(f"{(-1) ** k}/{math.factorial(k)}" for k in range(14))
    approximation = check_numeric(series, key=key, spec=EXACT, max_score=2)
    assert approximation.verdict is Verdict.INCORRECT and "not exact" in approximation.feedback
    assert check_numeric("(1-1/1000)^1000", key=key, spec=EXACT, max_score=2).verdict is Verdict.INCORRECT
    mistake = check_numeric("1 - 1/e", key=key, spec=EXACT, max_score=2,
                            mistakes=[(1 - key, "that is the in-bag fraction", 0.0)])
    assert mistake.feedback == "that is the in-bag fraction"


def test_exact_numeric_rationals():
    from fractions import Fraction

    assert check_numeric("2/8", key=Fraction(1, 4), spec=EXACT, max_score=1).verdict is Verdict.CORRECT
    assert check_numeric("0.25", key=Fraction(1, 4), spec=EXACT, max_score=1).verdict is Verdict.INVALID
    assert check_numeric("1/4 + 10^-30", key=Fraction(1, 4), spec=EXACT, max_score=1).verdict is Verdict.INCORRECT
    assert format_number(Fraction(1, 4), EXACT) == "1/4"


def test_exact_numeric_needs_an_exact_key():
    from grader.errors import UsageError

    with pytest.raises(UsageError, match="exact"):
        check_numeric("1", key="one", spec=EXACT, max_score=1)
