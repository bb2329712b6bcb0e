"""The vocabulary a question module is written in.

A question is one module under a bank folder; its path is its id (`cnn/conv_output_size.py` is
`cnn.conv_output_size`). It defines:

- `META = Meta(...)`: title, kind, difficulty, points, source note, tags and the checker settings;
- `PARAMS = {name: Int(...) | Real(...) | OneOf(...) | Seq(...)}`: the parameter schema, used to
  normalise generated parameters (rounding reals to what is displayed) and to validate `--params`;
- `generate(rng) -> dict`: draws parameters from the `numpy.random.Generator` it is given (the only
  randomness a question may use);
- `answer(params)`: the key: a number (numeric), a sympy expression (symbolic); choice questions
  define `options(params) -> list[Option]` instead;
- `PROMPT = {"en": ..., "zh": ...}` and `EXPLANATION = {...}`: jinja2 templates over the parameters;
- optionally `MISTAKES = [Mistake(...)]`: known wrong answers with targeted feedback.

Nothing here imports sympy or torch: listing the bank must stay fast.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from grader.answers.settings import DOMAINS, Choice, Numeric, Symbolic
from grader.answers.symbols import sigmoid, symbol
from grader.bank.params import Int, OneOf, Param, Real, Seq, normalise_params

__all__ = [
    "DOMAINS", "KINDS", "LANGUAGES", "Choice", "Int", "Meta", "Mistake", "Numeric", "OneOf", "Option", "Param",
    "Real", "Seq", "Symbolic", "Text", "normalise_params", "sigmoid", "symbol",
]

Text = Mapping[str, str]  # {"en": ..., "zh": ...}
LANGUAGES = ("en", "zh")
KINDS = ("choice", "multi", "numeric", "symbolic")


@dataclass(frozen=True)
class Meta:
    title: Text
    kind: str
    difficulty: int
    points: float
    source: str
    check: Numeric | Choice | Symbolic
    tags: Sequence[str] = ()
    version: int = 1


@dataclass(frozen=True)
class Mistake:
    """A known wrong answer of a numeric or symbolic question: `answer(params)` gives its value or
    expression.
    `feedback` says what went wrong, `credit` is the fraction of the points it still earns. `answer`
    may return None for a variant the mistake does not apply to."""

    answer: Callable[[dict], Any]
    feedback: Text
    credit: float = 0.0


@dataclass(frozen=True)
class Option:
    """One option of a choice / multi question; the engine shuffles options and assigns letters."""

    text: Text
    correct: bool = False
    feedback: Text | None = None  # shown when a student picks this option wrongly
