"""The kind registry: each kind declared once, and a kind added later works end to end."""

import subprocess
import sys
from dataclasses import dataclass

import pytest

from grader.answers import Kind, Settings, Task, WrongAnswer, check_answer, get_kind, kind_names, register, unregister
from grader.answers.checker import Checker
from grader.errors import InvalidAnswer, UsageError
from grader.results import AnswerResult, Verdict, graded


@pytest.mark.parametrize("name", list(kind_names()))
def test_every_registered_kind_has_settings_and_a_checker(name):
    kind = get_kind(name)
    assert kind.name == name
    assert issubclass(kind.settings, Settings)
    assert kind.settings().time_limit_s > 0  # every kind's settings carry the hard limit
    checker = kind.load_checker()
    assert all(callable(getattr(checker, method)) for method in ("prepare", "judge", "format"))
    assert kind.load_checker() is checker  # imported once


def test_the_builtin_kinds():
    assert list(kind_names()) == ["choice", "multi", "numeric", "symbolic"]
    assert [k for k in kind_names() if get_kind(k).uses_options] == ["choice", "multi"]


def test_the_registry_imports_no_checker_until_one_is_used():
    code = ("import sys, grader.answers, grader.answers.kinds; "
            "print(sorted(m for m in ('sympy', 'numpy', 'grader.answers.numeric', 'grader.answers.symbolic', "
            "'grader.answers.choice') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_unknown_kinds_are_usage_errors_listing_the_known_ones():
    with pytest.raises(UsageError, match=r"unknown answer kind 'essay'; expected one of choice, multi"):
        get_kind("essay")


def test_a_kind_cannot_be_registered_twice():
    with pytest.raises(ValueError, match="already registered"):
        register(Kind("numeric", Settings, "grader.answers.numeric:CHECKER"))


def test_a_checker_that_does_not_resolve_is_an_error_naming_the_kind():
    for reference, words in [("no_such_module_here:CHECKER", "cannot be imported"),
                             ("grader.answers.numeric:NOPE", "is not a checker")]:
        register(Kind("broken", Settings, reference))
        try:
            with pytest.raises(UsageError, match=f"answer kind broken: .*{words}"):
                get_kind("broken").load_checker()
        finally:
            unregister("broken")
    with pytest.raises(ValueError, match=r"package\.module:NAME"):
        Kind("broken", Settings, "no colon")
    with pytest.raises(TypeError, match="Choice"):
        Kind("broken", Settings, "x:Y", uses_options=True)


# ---------------------------------------------------------------------------------------------
# A kind added later: one checker (here, in this module) and one registry entry


@dataclass(frozen=True)
class Word(Settings):
    """A one-word answer."""

    case_sensitive: bool = False


class WordChecker:
    def prepare(self, task: Task) -> str:
        spec = task.settings_as(Word)
        if not isinstance(task.key, str) or not task.key.isalpha():
            raise UsageError(f"the key of a word question must be one word, got {task.key!r}")
        return task.key if spec.case_sensitive else task.key.lower()

    def judge(self, text: str, task: Task, prepared: str) -> AnswerResult:
        word = text.strip()
        if not word.isalpha():
            raise InvalidAnswer("answer with one word")
        if not task.settings_as(Word).case_sensitive:
            word = word.lower()
        if word == prepared:
            return graded(1.0, task.max_score, understood_as=word)
        for value, feedback, credit in task.mistakes:
            if word == value.lower():
                return graded(credit, task.max_score, feedback=feedback, understood_as=word)
        return graded(0.0, task.max_score, understood_as=word)

    def format(self, value: object, settings: Settings) -> str:
        return str(value)


CHECKER = WordChecker()
_TYPED: Checker[str] = CHECKER  # WordChecker satisfies the protocol (checked by mypy, if run on tests)


@pytest.fixture
def word_kind():
    kind = register(Kind("word", Word, f"{__name__}:CHECKER"))
    yield kind
    unregister("word")


def test_a_new_kind_works_end_to_end_through_check_answer(word_kind):
    assert "word" in kind_names()
    task = Task(kind="word", key="Gradient", settings=Word(), max_score=2,
                mistakes=(WrongAnswer("derivative", "close: the gradient collects the partial derivatives", 0.5),))
    assert check_answer("gradient", task).verdict is Verdict.CORRECT
    assert check_answer(" GRADIENT ", task).score == 2
    partial = check_answer("Derivative", task)
    assert partial.verdict is Verdict.PARTIAL and "partial derivatives" in partial.feedback
    assert check_answer("loss", task).verdict is Verdict.INCORRECT
    assert check_answer("two words", task).feedback == "answer with one word"
    assert check_answer("x" * 1_000_000 + "!", task).verdict is Verdict.INVALID
    with pytest.raises(UsageError, match="one word"):
        check_answer("gradient", Task(kind="word", key="two words", settings=Word(), max_score=1))


def test_a_new_kind_gets_the_hard_limit_too(word_kind, monkeypatch):
    from grader.answers import TOO_SLOW_MESSAGE
    from grader.answers.timelimit import fork_available

    if not fork_available():
        pytest.skip("the in-process fallback cannot interrupt a call")

    def spin(self, text, task, prepared):
        while True:
            pass

    monkeypatch.setattr(WordChecker, "judge", spin)
    result = check_answer("gradient", Task(kind="word", key="gradient", settings=Word(time_limit_s=0.3), max_score=1))
    assert result.verdict is Verdict.INVALID and result.feedback == TOO_SLOW_MESSAGE


def test_unregistering_forgets_the_kind(word_kind):
    unregister("word")
    with pytest.raises(UsageError, match="unknown answer kind 'word'"):
        get_kind("word")
    register(word_kind)  # for the fixture's clean-up
