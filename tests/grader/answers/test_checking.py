"""check_answer: every registered kind judged under the hard limit and the resource caps.

No test here reads a clock: that a limit or a cap fired is seen in the verdict (`invalid` with the
too-slow text, which nothing else produces); how long checks take is measured in
benchmarks/bench_bank.py.
"""

import dataclasses

import numpy as np  # imported here, in the parent: a judge must not pay for it under the caps
import pytest

from grader.answers import (
    TOO_SLOW_MESSAGE,
    Choice,
    Numeric,
    Symbolic,
    Task,
    WrongAnswer,
    check_answer,
    get_kind,
    kind_names,
)
from grader.answers.checking import COULD_NOT_CHECK_MESSAGE
from grader.answers.symbols import symbol
from grader.answers.timelimit import fork_available
from grader.errors import UsageError
from grader.results import AnswerResult, Verdict

needs_fork = pytest.mark.skipif(not fork_available(), reason="no fork on this platform: the limit is soft")

x = symbol("x")

# One task per registered kind: the hostile answers below are tried on each.
SAMPLES = {
    "choice": Task(kind="choice", key=["B"], settings=Choice(), max_score=1, n_options=4),
    "multi": Task(kind="multi", key=["A", "C"], settings=Choice(), max_score=1, n_options=4),
    "numeric": Task(kind="numeric", key=16, settings=Numeric(), max_score=1),
    "symbolic": Task(kind="symbolic", key=x**2, settings=Symbolic(symbols={"x": "real"}), max_score=1),
}
CORRECT = {"choice": "b", "multi": "A, C", "numeric": "16", "symbolic": "x^2"}

# Answers no kind may choke on: each is invalid, for every kind.
HOSTILE_FOR_EVERY_KIND = {
    "a million characters": "1" * 1_000_000,
    "a million letters": "A" * 1_000_000,
    "deep parentheses": "(" * 100_000 + "1" + ")" * 100_000,
    "NUL byte": "1\x00",
    "only a NUL byte": "\x00",
    "empty": "",
    "blank": " \t\n ",
    "expands 18-fold under NFKC": "\ufdfa" * 300_000,
    "power tower": "9^9^9^9",
    "exponent tower": "10^10^10",
    "factorial": "100!",
}


def _with_limit(task: Task, limit_s: float) -> Task:
    return dataclasses.replace(task, settings=dataclasses.replace(task.settings, time_limit_s=limit_s))


def test_every_registered_kind_has_a_sample_task_here():
    # A new kind must bring its hostile-input coverage: add its task to SAMPLES.
    assert set(SAMPLES) == set(kind_names())


@pytest.mark.parametrize("kind", sorted(SAMPLES))
def test_a_correct_answer_passes_for_every_kind(kind):
    result = check_answer(CORRECT[kind], SAMPLES[kind])
    assert result.verdict is Verdict.CORRECT, result


@pytest.mark.parametrize("what", sorted(HOSTILE_FOR_EVERY_KIND))
@pytest.mark.parametrize("kind", sorted(SAMPLES))
def test_hostile_answers_are_invalid_for_every_kind(kind, what):
    result = check_answer(HOSTILE_FOR_EVERY_KIND[what], SAMPLES[kind])
    assert result.verdict is Verdict.INVALID, (kind, what, result)
    assert result.score == 0 and result.feedback


# Answers that once hung a checker or ran it into the limit (issue 7): each now gets a verdict of its
# own, for every kind; the too-slow text, which only the limit or a cap produces, must not appear.
ONCE_RAN_AWAY = {
    "full-width digit": "１",
    "full-width digits and letters": "σ(ｚ)(１-σ(ｚ))",
    "tower": "e^e^e^e^e",
    "sine of a tower": "sin(e^e^e^e)",
    "tangent of a tower": "tan(e^e^e^e)",
    "nested one-token fractions": "\\frac" * 300,
    "nested braced fractions": "\\frac{" * 200,
    "nested roots": "\\sqrt" * 300,
    "superscript run": "x" + "⁹" * 1000,
    "vulgar fractions": "½" * 1000,
    "hats": "x\u0302" * 500,
    "15,052-digit integer": "(2^1000)^50",
    "3,001-digit fraction": "(1-1/1000)^1000",
    "expands 18-fold under NFKC, under the raw limit": "\ufdfa" * 1000,
}


@pytest.mark.parametrize("what", sorted(ONCE_RAN_AWAY))
@pytest.mark.parametrize("kind", sorted(SAMPLES))
def test_answers_that_once_ran_away_get_a_verdict_for_every_kind(kind, what):
    result = check_answer(ONCE_RAN_AWAY[what], SAMPLES[kind])
    assert result.feedback != TOO_SLOW_MESSAGE and result.feedback != COULD_NOT_CHECK_MESSAGE, (kind, what, result)
    assert result.verdict is not Verdict.CORRECT


@pytest.mark.parametrize("kind", sorted(SAMPLES))
def test_non_text_is_invalid_for_every_kind(kind):
    for value in (None, 16, b"16", ["A"]):
        result = check_answer(value, SAMPLES[kind])  # type: ignore[arg-type]
        assert result.verdict is Verdict.INVALID and result.feedback == "the answer must be text"


# ---------------------------------------------------------------------------------------------
# Numeric: constant expressions are evaluated with guarded arithmetic, so a tower fails at once
# (issue 7, item 6: these ran for over ten minutes); the limit stays the backstop.


@pytest.mark.parametrize("text", ["e^e^e^e^e", "exp(exp(exp(exp(exp(1)))))", "e^e^e^e^e^e", "sin(e^e^e^e)",
                                  "tan(e^e^e^e)", "cos(e^e^e^e)/2", "e^-e^e^e^e", "sinh(e^e^e^e)", "10^(e^e^e^e)",
                                  "tanh(e^e^e^e)", "log(1 + e^e^e^e)", "sqrt(e^e^e^e)", "atan(e^e^e^e)"])
def test_numeric_towers_are_too_large_at_once_not_slow(text):
    # The verdict says an intermediate went past the size caps: a message the time limit never gives.
    result = check_answer(text, _with_limit(SAMPLES["numeric"], 0.5))
    assert result.verdict is Verdict.INVALID
    assert result.feedback == "a number in this answer is too large to evaluate", result.feedback


@needs_fork
def test_a_numeric_judge_that_hangs_is_still_stopped_by_the_limit(monkeypatch):
    from grader.answers import numeric

    def hang(*args, **kwargs):
        while True:
            pass

    monkeypatch.setattr(numeric, "parse_number", hang)  # the forked child inherits the patch
    result = check_answer("16", _with_limit(SAMPLES["numeric"], 0.4))
    assert result.verdict is Verdict.INVALID and result.feedback == TOO_SLOW_MESSAGE


@pytest.mark.parametrize("text, words", [
    ("9^9^9^9", "too large"),
    ("10^10^10", "too large"),
    ("2^2^2^2^2^2", "too large"),
    ("(10^1000)^1000", "too large"),
    ("exp(exp(exp(exp(9))))", "too large"),
    ("log(0)", "undefined"),
    ("log(-1)", "finite real number"),
    ("sqrt(-2)", "finite real number"),
    ("asin(2)", "finite real number"),
    ("1e999999", "exponent is out of range"),
    ("1e-999999", "exponent is out of range"),  # never read as 1·e − 999999
    ("(" * 90 + "1" + ")" * 90, "nested too deeply"),
    ("1" * 1_000_000, "too long"),
    ("1\x00", "NUL"),
])
def test_numeric_hostile_answers_are_invalid_with_a_reason(text, words):
    result = check_answer(text, SAMPLES["numeric"])
    assert result.verdict is Verdict.INVALID
    assert words in result.feedback, result.feedback


def test_numeric_scientific_notation_still_reads():
    assert check_answer("1.6e1", SAMPLES["numeric"]).verdict is Verdict.CORRECT
    assert check_answer("1e-999", SAMPLES["numeric"]).verdict is Verdict.INCORRECT  # 0, a number
    assert check_answer("1e999", SAMPLES["numeric"]).verdict is Verdict.INCORRECT  # finite: judged, not refused


# ---------------------------------------------------------------------------------------------
# Choice: huge inputs


@pytest.mark.parametrize("kind", ["choice", "multi"])
@pytest.mark.parametrize("text, words", [
    ("A, " * 100_000, "too long"),
    ("A" * 10_000_000, "too long"),
    ("和" * 1_000_000, "too long"),
    ("\u00a0" * 1_000_000, "too long"),
    ("A; DROP TABLE", "no option R"),
])
def test_choice_huge_inputs_are_invalid(kind, text, words):
    result = check_answer(text, SAMPLES[kind])
    assert result.verdict is Verdict.INVALID
    assert words in result.feedback, result.feedback


# ---------------------------------------------------------------------------------------------
# Symbolic: towers


@pytest.mark.parametrize("text", ["9^9^9^9", "10^10^10", "2^2^2^2^2^2", "(10^1000)^1000", "x^(9^999)", "10^-10^10"])
def test_symbolic_constant_towers_are_invalid(text):
    result = check_answer(text, SAMPLES["symbolic"])
    assert result.verdict is Verdict.INVALID and "too large" in result.feedback


@pytest.mark.parametrize("text", ["e^e^e^e^e", "x^x^x^x^x^x", "exp(exp(exp(exp(9))))", "e^(e^(e^x))"])
def test_symbolic_towers_with_no_value_at_the_points_are_wrong_not_slow(text):
    # Evaluated with guarded 30-digit arithmetic: undefined nearly everywhere, hence not equivalent.
    result = check_answer(text, SAMPLES["symbolic"])
    assert result.verdict in (Verdict.INCORRECT, Verdict.INVALID), result
    assert result.score == 0


# ---------------------------------------------------------------------------------------------
# The limit and the caps hold around every checker, whatever its judge does


def _spin(self, text, task, prepared):
    while True:
        pass


def _recurse(self, text, task, prepared):
    return _recurse(self, text, task, prepared)


def _allocate(self, text, task, prepared):
    # 4 GiB of address space, never touched: only the address-space cap makes this fail.
    return np.empty(4 << 30, dtype=np.uint8)


def _crash(self, text, task, prepared):
    raise RuntimeError("a bug in a checker")


def _exit(self, text, task, prepared):
    import os

    os._exit(9)


@needs_fork
@pytest.mark.parametrize("behaviour", [_spin, _recurse, _allocate], ids=["loop", "recursion", "memory"])
@pytest.mark.parametrize("kind", sorted(SAMPLES))
def test_a_judge_that_runs_away_is_stopped_for_every_kind(monkeypatch, kind, behaviour):
    checker = get_kind(kind).load_checker()
    monkeypatch.setattr(type(checker), "judge", behaviour)  # the forked child inherits the patch
    result = check_answer(CORRECT[kind], _with_limit(SAMPLES[kind], 0.5))
    assert result.verdict is Verdict.INVALID
    assert result.feedback == TOO_SLOW_MESSAGE


@needs_fork
@pytest.mark.parametrize("behaviour", [_crash, _exit], ids=["raises", "dies"])
@pytest.mark.parametrize("kind", sorted(SAMPLES))
def test_a_judge_that_fails_is_invalid_not_an_error_for_every_kind(monkeypatch, kind, behaviour):
    checker = get_kind(kind).load_checker()
    monkeypatch.setattr(type(checker), "judge", behaviour)
    result = check_answer(CORRECT[kind], SAMPLES[kind])
    assert result.verdict is Verdict.INVALID
    assert result.feedback == COULD_NOT_CHECK_MESSAGE


def test_the_in_process_fallback_judges_the_same(monkeypatch):
    monkeypatch.setenv("GRADER_NO_FORK", "1")
    for kind, task in SAMPLES.items():
        assert check_answer(CORRECT[kind], task).verdict is Verdict.CORRECT
        assert check_answer("\x00", task).verdict is Verdict.INVALID


# ---------------------------------------------------------------------------------------------
# The task: mistakes, unknown kinds, broken keys


def test_listed_mistakes_earn_their_credit_and_feedback():
    task = dataclasses.replace(SAMPLES["numeric"], mistakes=(WrongAnswer(17, "rounded up", 0.5),))
    result = check_answer("17", task)
    assert result.verdict is Verdict.PARTIAL and result.feedback == "rounded up"


def test_an_unknown_kind_is_a_usage_error_naming_it():
    with pytest.raises(UsageError, match="essay"):
        check_answer("1", dataclasses.replace(SAMPLES["numeric"], kind="essay"))


@pytest.mark.parametrize("task, words", [
    (Task(kind="numeric", key="sixteen", settings=Numeric(), max_score=1), "must be a number"),
    (Task(kind="numeric", key=16, settings=Choice(), max_score=1), "needs Numeric"),
    (Task(kind="choice", key=["A", "B"], settings=Choice(), max_score=1, n_options=4), "2 correct options"),
    (Task(kind="multi", key=[], settings=Choice(), max_score=1, n_options=4), "0 correct options"),
    (Task(kind="choice", key=["E"], settings=Choice(), max_score=1, n_options=4), "option letters"),
    (Task(kind="symbolic", key=symbol("q"), settings=Symbolic(symbols={"x": "real"}), max_score=1), "q"),
])
def test_a_broken_key_or_settings_is_the_questions_fault(task, words):
    with pytest.raises(UsageError, match=words):
        check_answer("1", task)


def test_settings_refuse_a_time_limit_that_is_not_positive():
    for bad in (0, -1, float("inf"), float("nan"), "2"):
        with pytest.raises(UsageError, match="time_limit_s"):
            Numeric(time_limit_s=bad)
    assert all(cls().time_limit_s == 2.0 for cls in (Numeric, Choice, Symbolic))


def test_results_cross_as_json_and_back_unchanged():
    result = AnswerResult(Verdict.PARTIAL, 1.0, 2, "half", "x", ("w",))
    assert AnswerResult.from_dict(result.to_dict()) == result
    with pytest.raises(TypeError):
        AnswerResult.from_dict({**result.to_dict(), "score": "1"})


@pytest.mark.parametrize("kind", sorted(SAMPLES))
def test_a_questions_own_texts_judged_together_match_one_by_one(kind):
    from grader.answers.checking import check_answers

    task = SAMPLES[kind]
    texts = [CORRECT[kind], "D", "", "zzz"]
    together = check_answers(texts, task)
    assert together == [check_answer(text, task) for text in texts]
    assert check_answers([], task) == []
