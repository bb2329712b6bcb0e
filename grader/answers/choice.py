"""Choice and multi-select answers: letters in any case and with any separator.

Accepted: `b`, `B`, `(b)`, `A, C`, `a c`, `A;C`, `AC`, `["A","C"]`, `A和C`. The multi-select rule
(documented in the README): each correct option picked earns 1/k of the points (k = number of
correct options), each wrong option picked costs 1/k, the total is floored at 0; full marks only
for the exact set.
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping, Sequence

from grader.answers.numeric import clean_answer
from grader.errors import InvalidAnswer
from grader.results import AnswerResult, graded, invalid

LETTERS = string.ascii_uppercase
MAX_LENGTH = 200
# Separators and wrappers students type around letters; anything else is not understood.
_NOISE = re.compile(r"""[\s,;/&+|'"\[\]\(\)\{\}、，；和与及]|and""", re.IGNORECASE)


def parse_letters(text: str, n_options: int) -> list[str]:
    """The distinct letters an answer names, in alphabetical order. Raises InvalidAnswer."""
    t = clean_answer(text, max_length=MAX_LENGTH, empty="the answer is empty: give the letter(s) of your choice")
    letters = _NOISE.sub("", t).upper()
    for i, ch in enumerate(letters):
        if ch not in LETTERS:
            raise InvalidAnswer(f"'{ch}' is not an option letter; answer with letters such as A or A, C")
        if LETTERS.index(ch) >= n_options:
            raise InvalidAnswer(f"there is no option {ch} (options are A–{LETTERS[n_options - 1]})")
    if not letters:
        raise InvalidAnswer("no option letter found; answer with letters such as A or A, C")
    return sorted(set(letters))


def check_choice(text: str, *, correct: Sequence[str], n_options: int, multi: bool, max_score: float,
                 option_feedback: Mapping[str, str] | None = None) -> AnswerResult:
    """Check letters against the correct ones; `option_feedback` maps a wrong letter to a hint."""
    try:
        picked = parse_letters(text, n_options)
    except InvalidAnswer as exc:
        return invalid(str(exc), max_score)
    understood = ", ".join(picked)
    if not multi and len(picked) > 1:
        return invalid(f"pick exactly one option (you gave {understood})", max_score, understood_as=understood)
    wrong = [letter for letter in picked if letter not in correct]
    hits = len(picked) - len(wrong)
    fraction = 1.0 if set(picked) == set(correct) else max(0.0, (hits - len(wrong)) / len(correct)) if multi else 0.0
    notes = [option_feedback[letter] for letter in wrong if option_feedback and option_feedback.get(letter)]
    if multi and hits < len(correct) and fraction < 1:
        notes.append(f"{len(correct) - hits} correct option(s) missing")
    return graded(fraction, max_score, feedback=" ".join(notes), understood_as=understood)
