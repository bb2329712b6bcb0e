"""`check_answer`: the one way an answer is checked, whatever its kind.

The kind's checker (`grader.answers.kinds`) prepares the key in this process (trusted, cached),
then judges the student's text in a forked child under the question's hard time limit
(`Settings.time_limit_s`) with resource caps set inside the child (`grader.answers.timelimit`).
The verdict comes back as JSON (`AnswerResult.to_dict`), never as a pickle. An answer that runs
out of time, memory or stack is `invalid` ("took too long to check"), never a wrong attempt.
"""

from __future__ import annotations

import signal
import time
from collections.abc import Sequence
from typing import Any

from grader.answers.checker import Checker, Task
from grader.answers.kinds import get_kind
from grader.answers.settings import Settings
from grader.answers.timelimit import (
    DEFAULT_CAPS,
    RESOURCE_FAILURES,
    Caps,
    ChildFailed,
    TimeLimitExceeded,
    fork_available,
    run_with_time_limit,
)
from grader.errors import InvalidAnswer
from grader.i18n import N_, _
from grader.results import AnswerResult, Verdict, invalid

__all__ = ["ANSWER_CAPS", "COULD_NOT_CHECK_MESSAGE", "TOO_SLOW_MESSAGE", "answer_text", "check_answer",
           "check_answers", "check_batches", "verdict_label"]

# English templates; a result carries them in the task's language (`_(MESSAGE, lang=task.lang)`).
TOO_SLOW_MESSAGE = N_("took too long to check; try a simpler form")
COULD_NOT_CHECK_MESSAGE = N_("this answer could not be checked; try writing it differently")
NOT_TEXT_MESSAGE = N_("the answer must be text")

_VERDICT_LABELS = {Verdict.CORRECT: N_("correct"), Verdict.PARTIAL: N_("partially correct"),
                   Verdict.INCORRECT: N_("incorrect"), Verdict.INVALID: N_("invalid")}


def verdict_label(verdict: Verdict, *, lang: str | None = None) -> str:
    """The word a person reads for `verdict`, in `lang` (default: the current language). Programs
    read `verdict.value`, which is the same in every language."""
    return _(_VERDICT_LABELS[Verdict(verdict)], lang=lang)

# The caps every judge runs under: 1 GiB of address space above the grading process's size (a
# formula never needs more), CPU time derived from the question's time limit.
ANSWER_CAPS: Caps = DEFAULT_CAPS


def _reserve_s(limit_s: float) -> float:
    """Time kept back from the child's limit to kill and reap a child that runs over (~10-15 ms
    measured with sympy loaded) and to build the result, so the call as a whole stays inside the
    question's limit."""
    return min(0.25, 0.05 + 0.05 * limit_s)


def check_answer(text: str, task: Task) -> AnswerResult:
    """Judge a student's `text` against `task` (a variant's key, settings, mistakes...).

    Returns within `task.settings.time_limit_s` whatever the text: unreadable answers are
    `invalid` with a message saying what and where, and so are answers that exhaust the time
    limit or the resource caps. Raises UsageError for an unknown kind or a broken key (the
    question's fault, not the student's).
    """
    if not isinstance(text, str):  # refused here: not worth a fork
        return invalid(_(NOT_TEXT_MESSAGE, lang=task.lang), task.max_score)
    return check_answers([text], task)[0]


def check_answers(texts: Sequence[str], task: Task) -> list[AnswerResult]:
    """Judge several texts against one task in one child, under `len(texts)` times the limit.

    For the question's own texts (its key and listed mistakes, in `grade bank validate`), where
    one fork per text would be most of the cost; a student's answer goes through `check_answer`,
    alone under the limit. If the child runs out of time or resources, every text gets `invalid`.
    """
    checker = get_kind(task.kind).load_checker()
    prepared = checker.prepare(task)  # trusted, and slow the first time (sympy's import): not timed
    start = time.monotonic()
    if not texts:
        return []
    if not all(isinstance(t, str) for t in texts):
        raise TypeError("answer texts must be strings")
    limit_s = task.settings.time_limit_s * len(texts)
    remaining = limit_s - (time.monotonic() - start) - _reserve_s(limit_s)

    def failed(message: str) -> list[AnswerResult]:
        return [invalid(_(message, lang=task.lang), task.max_score) for _text in texts]

    try:
        data = run_with_time_limit(_judge_all, checker, list(texts), task, prepared,
                                   timeout_s=max(remaining, 0.01), caps=ANSWER_CAPS)
    except TimeLimitExceeded:
        return failed(TOO_SLOW_MESSAGE)
    except ChildFailed as exc:
        return failed(TOO_SLOW_MESSAGE if exc.reason in RESOURCE_FAILURES else COULD_NOT_CHECK_MESSAGE)
    try:
        if not isinstance(data, list) or len(data) != len(texts):
            raise ValueError("one result per text expected")
        return [AnswerResult.from_dict(d) for d in data]
    except (KeyError, TypeError, ValueError):
        return failed(COULD_NOT_CHECK_MESSAGE)


def check_batches(batches: Sequence[tuple[Task, Sequence[str]]]) -> list[list[AnswerResult] | Exception]:
    """Judge the texts of many tasks (every variant of a question, in `grade bank validate`) in one
    child, instead of one child per task, where the forks would be most of the cost.

    Nothing is judged more leniently than by `check_answers`: each key is prepared here, in this
    process, and a task whose key or mistakes cannot be prepared gets the exception in place of
    results (a `UsageError` for a broken key; anything else is a bug in the question's code);
    in the child each text is held to its own task's time limit (an interval timer stops a judge
    that runs over, and that text is `invalid`, too slow), and the child as a whole runs under the
    sum of the limits with the usual caps. Should the child fail as a whole (a judge stuck where
    the timer cannot reach, a crash), every batch is checked again on its own with
    `check_answers`, so that what failed is told apart from what did not.
    """
    prepared: list[tuple[Checker[Any], Task, Any, list[str]] | Exception] = []
    for task, texts in batches:
        if not all(isinstance(t, str) for t in texts):
            raise TypeError("answer texts must be strings")
        try:
            checker = get_kind(task.kind).load_checker()
            prepared.append((checker, task, checker.prepare(task), list(texts)))
        except Exception as exc:  # the question's fault: reported for its batch, the others go on
            prepared.append(exc)
    work = [item for item in prepared if not isinstance(item, Exception)]
    limit_s = sum(task.settings.time_limit_s * len(texts) for _checker, task, _prepared, texts in work)
    data: Any = None
    if work and limit_s > 0:
        try:
            data = run_with_time_limit(_judge_batches, work, timers=fork_available(),
                                       timeout_s=limit_s, caps=ANSWER_CAPS)
        except (TimeLimitExceeded, ChildFailed):
            data = None
    results: list[list[AnswerResult] | Exception] = []
    index = 0
    for item in prepared:
        if isinstance(item, Exception):
            results.append(item)
            continue
        _checker, task, _prepared, texts = item
        try:
            if data is None or not isinstance(data[index], list) or len(data[index]) != len(texts):
                raise ValueError("one result per text expected")
            results.append([AnswerResult.from_dict(d) for d in data[index]])
        except (IndexError, KeyError, TypeError, ValueError):
            results.append(check_answers(texts, task))  # judged again alone: what failed is this batch's
        index += 1
    return results


class _TextTooSlow(BaseException):
    """Raised by the interval timer in the child; a BaseException, so that no judge's own
    `except Exception` can swallow it."""


def _on_alarm(signum: int, frame: Any) -> None:
    raise _TextTooSlow


def _judge_batches(work: list[tuple[Checker[Any], Task, Any, list[str]]], *,
                   timers: bool) -> list[list[dict[str, Any]]]:
    """Runs in the child: every text of every task, each under its own task's time limit (an
    interval timer where we are in a forked child; measured afterwards otherwise)."""
    if timers:
        signal.signal(signal.SIGALRM, _on_alarm)
    out: list[list[dict[str, Any]]] = []
    for checker, task, prepared, texts in work:
        limit_s = task.settings.time_limit_s
        done: list[dict[str, Any]] = []
        for text in texts:
            start = time.monotonic()
            try:
                if timers:
                    signal.setitimer(signal.ITIMER_REAL, limit_s)
                result = _judge(checker, text, task, prepared)
            except _TextTooSlow:
                result = invalid(_(TOO_SLOW_MESSAGE, lang=task.lang), task.max_score).to_dict()
            finally:
                if timers:
                    signal.setitimer(signal.ITIMER_REAL, 0)
            if time.monotonic() - start > limit_s:
                result = invalid(_(TOO_SLOW_MESSAGE, lang=task.lang), task.max_score).to_dict()
            done.append(result)
        out.append(done)
    return out


def _judge_all(checker: Checker[Any], texts: list[str], task: Task, prepared: Any) -> list[dict[str, Any]]:
    return [_judge(checker, text, task, prepared) for text in texts]


def _judge(checker: Checker[Any], text: str, task: Task, prepared: Any) -> dict[str, Any]:
    """Runs in the child: everything that reads the student's text."""
    try:
        result = checker.judge(text, task, prepared)
    except InvalidAnswer as exc:
        result = invalid(exc.text(task.lang), task.max_score)
    return result.to_dict()


def answer_text(value: Any, *, kind: str, settings: Settings) -> str:
    """A key or a listed mistake of a `kind` question, written as a student would type it."""
    return get_kind(kind).load_checker().format(value, settings)
