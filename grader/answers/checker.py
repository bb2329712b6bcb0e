"""The checker interface: what one answer kind implements, and the task it is given.

A checker works in two phases, so that nothing a student typed is read in the grading process:

- `prepare(task)` is trusted and runs in the grading process: it reads the key and the listed
  mistakes (written by an instructor) into whatever the checker compares against — the symbolic
  key's values at its reference points, the mistakes' values — and raises `UsageError` for a
  broken key or settings. It may cache: the same variant is checked again and again.
- `judge(text, task, prepared)` is everything that depends on the student's text. It runs under
  the hard time limit and the resource caps, in a forked child (`grader.answers.checking`), and
  returns an `AnswerResult` (or raises `InvalidAnswer` for what it cannot understand).
- `format(value, settings)` writes a key or a listed mistake as a student would type it; it is
  what `grade bank show` prints and what validation feeds back through `judge`.

Pure data and typing only: no sympy, so the bank lists fast.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple, Protocol, TypeVar

from grader.answers.settings import Settings
from grader.errors import UsageError
from grader.i18n import _
from grader.results import AnswerResult

__all__ = ["Checker", "Task", "WrongAnswer", "require_settings"]

S = TypeVar("S", bound=Settings)
P = TypeVar("P")


class WrongAnswer(NamedTuple):
    """A listed mistake of one variant: its value (a number, an expression...), the feedback a
    student who gives it sees, and the fraction of the points it still earns."""

    value: Any
    feedback: str
    credit: float = 0.0


@dataclass(frozen=True)
class Task:
    """Everything a checker needs to judge answers to one variant of a question.

    `key` is what `answer(params)` returned, or the correct letters for kinds with options;
    `option_feedback` maps a wrong letter to its hint and `n_options` counts the options (kinds
    with options only); `seed` seeds whatever the checker draws (the symbolic reference points),
    so a variant is judged the same way on every machine; `lang` is the language of the feedback a
    checker writes itself ("en" or "zh"; the mistakes' and options' feedback come in it already).
    """

    kind: str
    key: Any
    settings: Settings
    max_score: float
    mistakes: tuple[WrongAnswer, ...] = ()
    option_feedback: Mapping[str, str] = field(default_factory=dict)
    n_options: int = 0
    seed: int = 0
    lang: str = "en"

    def settings_as(self, cls: type[S]) -> S:
        """The settings, as the class this task's checker needs; UsageError when they are not."""
        return require_settings(self.settings, cls, kind=self.kind)


def require_settings(settings: Settings, cls: type[S], *, kind: str) -> S:
    """`settings` as an instance of `cls`, the class a `kind` checker needs; UsageError otherwise."""
    if not isinstance(settings, cls):
        raise UsageError(_("a {kind} answer needs {expected}(...) settings, got {actual}").format(
            kind=kind, expected=cls.__name__, actual=type(settings).__name__))
    return settings


class Checker(Protocol[P]):
    """One answer kind's checker; `P` is what `prepare` builds for `judge` (see the module doc)."""

    def prepare(self, task: Task) -> P:
        """Read the trusted parts of `task` (key, mistakes, settings); raise UsageError if broken."""
        ...

    def judge(self, text: str, task: Task, prepared: P) -> AnswerResult:
        """Judge the student's `text`; runs under the hard limit, in a child process."""
        ...

    def format(self, value: Any, settings: Settings) -> str:
        """`value` (a key or a listed mistake) written as a student would type it."""
        ...
