import pytest

from grader.answers import Choice, Task, check_answer
from grader.answers.choice import parse_letters
from grader.results import Verdict


def check_choice(text, *, correct, n_options, multi, max_score, option_feedback=None):
    """A choice or multi task, checked the one way every caller checks answers."""
    task = Task(kind="multi" if multi else "choice", key=correct, settings=Choice(), max_score=max_score,
                option_feedback=option_feedback or {}, n_options=n_options)
    return check_answer(text, task)


@pytest.mark.parametrize("text, letters", [
    ("b", ["B"]), ("B", ["B"]), ("(b)", ["B"]), ("A, C", ["A", "C"]), ("a c", ["A", "C"]),
    ("A;C", ["A", "C"]), ("AC", ["A", "C"]), ('["A","C"]', ["A", "C"]), ("C和A", ["A", "C"]),
    ("c, a, c", ["A", "C"]), ("Ａ", ["A"]),
])
def test_letters_in_any_case_and_separator(text, letters):
    assert parse_letters(text, 4) == letters


def test_single_choice():
    assert check_choice("b", correct=["B"], n_options=4, multi=False, max_score=2).verdict is Verdict.CORRECT
    wrong = check_choice("a", correct=["B"], n_options=4, multi=False, max_score=2,
                         option_feedback={"A": "A confuses bias with variance"})
    assert wrong.verdict is Verdict.INCORRECT and "bias" in wrong.feedback
    assert check_choice("a, b", correct=["B"], n_options=4, multi=False, max_score=2).verdict is Verdict.INVALID


def test_multi_select_partial_credit_rule():
    # +1/k for each correct pick, -1/k for each wrong one, floored at 0; exact set for full marks.
    kw = dict(correct=["A", "C"], n_options=4, multi=True, max_score=4)
    assert check_choice("A, C", **kw).score == 4
    assert check_choice("A", **kw).score == 2 and check_choice("A", **kw).verdict is Verdict.PARTIAL
    assert check_choice("A, B", **kw).score == 0
    assert check_choice("A, C, D", **kw).score == 2
    assert check_choice("B, D", **kw).score == 0


@pytest.mark.parametrize("text", ["", "E", "Z", "1", "\x00", "😀", "x" * 5000, "A; DROP TABLE"])
def test_unreadable_choice_answers_are_invalid(text):
    result = check_choice(text, correct=["B"], n_options=4, multi=False, max_score=1)
    assert result.verdict is Verdict.INVALID and result.feedback
