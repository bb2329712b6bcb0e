"""Choice and multi-select answers: letters in any case and with any separator.

Accepted: `b`, `B`, `(b)`, `A, C`, `a c`, `A;C`, `AC`, `["A","C"]`, `A和C`. The multi-select rule
(documented in the README): each correct option picked earns 1/k of the points (k = number of
correct options), each wrong option picked costs 1/k, the total is floored at 0; full marks only
for the exact set. The feedback on a multi-select answer that is not exactly right names each
wrong pick by letter (with that option's own feedback, when it has one) and says how many correct
options are missing, in the task's language (`Task.lang`).
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from grader.answers.checker import Checker, Task
from grader.answers.numeric import clean_answer
from grader.answers.settings import Choice, Settings
from grader.errors import InvalidAnswer, UsageError
from grader.i18n import N_, _, ngettext
from grader.results import AnswerResult, graded, invalid

__all__ = ["MULTI", "SINGLE", "ChoiceChecker", "multi_feedback", "parse_letters"]

LETTERS = string.ascii_uppercase
MAX_LENGTH = 200
# Separators and wrappers students type around letters; anything else is not understood.
_NOISE = re.compile(r"""[\s,;/&+|'"\[\]\(\)\{\}、，；和与及]|and""", re.IGNORECASE)


def parse_letters(text: str, n_options: int) -> list[str]:
    """The distinct letters an answer names, in alphabetical order. Raises InvalidAnswer."""
    t = clean_answer(text, max_length=MAX_LENGTH, empty=N_("the answer is empty: give the letter(s) of your choice"))
    letters = _NOISE.sub("", t).upper()
    for ch in letters:
        if ch not in LETTERS:
            raise InvalidAnswer(N_("'{char}' is not an option letter; answer with letters such as A or A, C"), char=ch)
        if LETTERS.index(ch) >= n_options:
            raise InvalidAnswer(N_("there is no option {letter} (options are A–{last})"), letter=ch,
                                last=LETTERS[n_options - 1])
    if not letters:
        raise InvalidAnswer(N_("no option letter found; answer with letters such as A or A, C"))
    return sorted(set(letters))


_STOPS = ".!?。！？"
_WIDE_STOPS = "。！？"  # followed by no space


def _sentence(text: str, lang: str) -> str:
    """`text` ending with a full stop of `lang` (unless it ends with a stop already)."""
    text = text.strip()
    # TRANSLATORS: a sentence with its full stop added.
    return text if text.endswith(tuple(_STOPS)) else _("{sentence}.", lang=lang).format(sentence=text)


def _join(sentences: Sequence[str]) -> str:
    """Sentences as running text: a space after an ASCII stop, none after a full-width one."""
    out = ""
    for sentence in sentences:
        out += ("" if not out or out.endswith(tuple(_WIDE_STOPS)) else " ") + sentence
    return out


def multi_feedback(wrong: Sequence[str], missing: int, *, option_feedback: Mapping[str, str], lang: str = "en") -> str:
    """What a multi-select answer got wrong, in `lang` ("en" or "zh"; others read as "en"): each
    wrong pick by letter, with that option's own feedback when it has one, then how many correct
    options are missing (never which: that would give the answer away)."""
    notes = []
    for letter in wrong:
        hint = option_feedback.get(letter, "").strip()
        if hint:
            note = _("{letter} is wrong: {feedback}", lang=lang).format(letter=letter, feedback=hint)
        else:
            note = _("{letter} is wrong", lang=lang).format(letter=letter)
        notes.append(_sentence(note, lang))
    if missing > 0:
        notes.append(ngettext("{n} correct option is missing.", "{n} correct options are missing.", missing,
                              lang=lang).format(n=missing))
    return _join(notes)


def _grade(picked: Sequence[str], *, correct: Sequence[str], multi: bool, max_score: float,
           option_feedback: Mapping[str, str], lang: str = "en") -> AnswerResult:
    understood = ", ".join(picked)
    if not multi and len(picked) > 1:
        return invalid(_("pick exactly one option (you gave {letters})", lang=lang).format(letters=understood),
                       max_score, understood_as=understood)
    wrong = [letter for letter in picked if letter not in correct]
    hits = len(picked) - len(wrong)
    if not multi:
        notes = [option_feedback[letter] for letter in wrong if option_feedback.get(letter)]
        return graded(0.0 if wrong else 1.0, max_score, feedback=_join(notes), understood_as=understood)
    fraction = 1.0 if set(picked) == set(correct) else max(0.0, (hits - len(wrong)) / len(correct))
    feedback = "" if fraction == 1.0 else multi_feedback(wrong, len(correct) - hits,
                                                        option_feedback=option_feedback, lang=lang)
    return graded(fraction, max_score, feedback=feedback, understood_as=understood)


@dataclass(frozen=True)
class ChoiceChecker:
    """The `choice` (one letter) and `multi` (every correct letter, partial credit) kinds. The key is
    the list of correct letters; `Task.option_feedback` maps a wrong letter to its hint."""

    multi: bool

    def prepare(self, task: Task) -> tuple[str, ...]:
        task.settings_as(Choice)
        correct = tuple(task.key)
        if not 0 < task.n_options <= len(LETTERS):
            raise UsageError(_("a {kind} question needs between 1 and {most} options, got {count}").format(
                kind=task.kind, most=len(LETTERS), count=task.n_options))
        if not all(isinstance(letter, str) and letter in LETTERS[:task.n_options] for letter in correct):
            raise UsageError(_("the key of a {kind} question must be option letters, got {key}").format(
                kind=task.kind, key=repr(correct)))
        if not correct or (not self.multi and len(correct) != 1):
            raise UsageError(ngettext("{n} correct option for a {kind} question",
                                      "{n} correct options for a {kind} question", len(correct)).format(
                n=len(correct), kind=task.kind))
        return correct

    def judge(self, text: str, task: Task, prepared: tuple[str, ...]) -> AnswerResult:
        """Check the letters named in `text` against the correct ones."""
        picked = parse_letters(text, task.n_options)
        return _grade(picked, correct=prepared, multi=self.multi, max_score=task.max_score,
                      option_feedback=task.option_feedback, lang=task.lang)

    def format(self, value: Any, settings: Settings) -> str:
        return ", ".join(value)


# Annotated: mypy checks them against the protocol.
SINGLE: Checker[tuple[str, ...]] = ChoiceChecker(multi=False)
MULTI: Checker[tuple[str, ...]] = ChoiceChecker(multi=True)
