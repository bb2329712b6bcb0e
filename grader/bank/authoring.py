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

The settings of a symbolic question name the functions a student may use: `ELEMENTARY` (the
default) plus, where the answer needs them, some of `PIECEWISE` (`functions=(*ELEMENTARY, "sign",
"abs")`).

Helpers for writing those: `draw_distinct` (redraw until every listed mistake stands apart from the
key), `draw_real` / `rounded` (numbers as the student sees them), `symbols` / `symbol`, `sigmoid`,
`exp` and `sign` (sympy, imported on first use), and for choice questions drawn from pools of true
and false statements `statement_pool` (or its parts `pool_schema`, `draw_pool`, `pool_options`).

Code that several questions share goes into a *helper module* of the bank: a file whose name starts
with `_` (a leading `_` on a file or folder means "not a question"), imported relatively from the
question, e.g. `from ._logistic import gradient` next to it or `from .._shared import x` one folder
up. This works in the bundled bank and in every instructor bank (`--bank DIR`): the loader imports
each bank folder as a package of its own (see `grader.bank.packages`), so a helper is found only by
the questions of its own bank. A helper is plain Python, imported when the first question that
needs it loads; one that fails to import is reported with its file and line.

Nothing here imports sympy or torch: listing the bank must stay fast.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from grader.answers.kinds import kind_names
from grader.answers.settings import DOMAINS, ELEMENTARY, PIECEWISE, Choice, Numeric, Settings, Symbolic
from grader.answers.symbols import sigmoid, symbol
from grader.bank.params import Int, OneOf, Param, Real, Seq, normalise_params
from grader.errors import UsageError
from grader.i18n import _

if TYPE_CHECKING:
    import numpy as np

__all__ = [
    "DOMAINS",
    "ELEMENTARY",
    "KINDS",
    "LANGUAGES",
    "PIECEWISE",
    "Choice",
    "Int",
    "Meta",
    "Mistake",
    "Numeric",
    "OneOf",
    "Option",
    "Param",
    "Real",
    "Seq",
    "Settings",
    "Symbolic",
    "Text",
    "draw_distinct",
    "draw_pool",
    "draw_real",
    "exp",
    "normalise_params",
    "pool_options",
    "pool_schema",
    "rounded",
    "sigmoid",
    "sign",
    "symbol",
    "symbols",
]

ATTEMPTS = 10_000  # draws before a generator gives up: far more than any question of the bank needs

Text = Mapping[str, str]  # {"en": ..., "zh": ...}
LANGUAGES = ("en", "zh")
KINDS = kind_names()  # the registered answer kinds (grader.answers.kinds), a live view


@dataclass(frozen=True)
class Meta:
    title: Text
    kind: str
    difficulty: int
    points: float
    source: str
    check: Settings  # the settings class of `kind`, e.g. Numeric(...)
    tags: Sequence[str] = ()
    version: int = 1
    covers: str = ""  # the row of the course's topic map (question_bank/syllabus.yaml) it belongs to


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


# ---------------------------------------------------------------------------------------------
# Drawing parameters


def rounded(value: float, decimals: int) -> float:
    """`value` as a plain float rounded to `decimals`, the way the prompt shows it (-0.0 becomes 0.0,
    so a prompt never reads "-0.0")."""
    return round(float(value), decimals) + 0.0


def draw_real(rng: np.random.Generator, lo: float, hi: float, *, decimals: int, min_abs: float = 0.0,
              attempts: int = ATTEMPTS) -> float:
    """A number drawn uniformly from [lo, hi) and `rounded` to `decimals`, redrawn while its magnitude
    is below `min_abs` (a weight or an input that must not vanish). Each try uses one draw of `rng`."""
    for _attempt in range(attempts):
        value = rounded(rng.uniform(lo, hi), decimals)
        if abs(value) >= min_abs:
            return value
    raise UsageError(_("draw_real: no value of [{lo}, {hi}) rounded to {decimals} decimals reached |value| >= "
                       "{min_abs} in {attempts} draws").format(lo=lo, hi=hi, decimals=decimals, min_abs=min_abs,
                                                              attempts=attempts))


def draw_distinct(rng: np.random.Generator, draw: Callable[[np.random.Generator], dict], *,
                  answer: Callable[[dict], Any], mistakes: Sequence[Mistake],
                  apart: float | Callable[[Any], float] = 0.0, keep: Callable[[dict], bool] | None = None,
                  pairwise: bool = True, attempts: int = ATTEMPTS) -> dict:
    """Parameters from `draw(rng)`, redrawn until the key stands apart from every listed mistake's
    answer and, with `pairwise`, the mistakes from each other: then no wrong answer can pass as the
    key and each gets its own feedback. `generate` usually ends with it:

        return draw_distinct(rng, _draw, answer=answer, mistakes=MISTAKES)

    Two answers stand apart when they differ by more than `apart`: a number (0, the default, asks
    only that they differ, right for integer answers) or a function of the key (`lambda key:
    0.02 * abs(key)` for a relative margin). `keep(params)` rejects a draw before any answer is
    compared (degenerate variants, keys out of range). A mistake that returns None does not apply
    to the variant and is left out. The only randomness is `draw`'s use of `rng`, so a variant is a
    function of the seed. After `attempts` draws without success it raises UsageError, saying why
    the draws were rejected.
    """
    kept_out = 0
    close = ""
    for _attempt in range(attempts):
        params = draw(rng)
        if keep is not None and not keep(params):
            kept_out += 1
            continue
        key = answer(params)
        margin = apart(key) if callable(apart) else apart
        values = [(_("the key"), key)] + [(_("mistake #{number}").format(number=i + 1), value)
                                          for i, m in enumerate(mistakes) if (value := m.answer(params)) is not None]
        pairs = [(a, b) for i, a in enumerate(values) for b in values[i + 1:]] if pairwise else \
            [(values[0], b) for b in values[1:]]
        clash = next(((a, b) for a, b in pairs if not abs(a[1] - b[1]) > margin), None)
        if clash is None:
            return params
        (name_a, value_a), (name_b, value_b) = clash
        close = _("; last: {a} = {value_a} and {b} = {value_b} are not more than {margin} apart").format(
            a=name_a, value_a=repr(value_a), b=name_b, value_b=repr(value_b), margin=repr(margin))
    raise UsageError(_("draw_distinct: no acceptable variant in {attempts} draws ({rejected} rejected by keep, "
                       "{close_count} with answers too close{last})").format(
        attempts=attempts, rejected=kept_out, close_count=attempts - kept_out, last=close))


# ---------------------------------------------------------------------------------------------
# Symbols and functions for symbolic keys (sympy is imported on first use)


def symbols(names: str) -> tuple[Any, ...]:
    """Several of the checker's symbols at once: `w, eta, g = symbols("w eta g")`."""
    return tuple(symbol(name) for name in names.split())


def exp(u: Any) -> Any:
    """e^u as a sympy expression."""
    import sympy

    return sympy.exp(u)


def sign(u: Any) -> Any:
    """sign(u) as a sympy expression (the derivative of |u| away from 0)."""
    import sympy

    return sympy.sign(u)


# ---------------------------------------------------------------------------------------------
# Choice questions drawn from pools of statements


def pool_schema(right: Sequence[Option], wrong: Sequence[Option], *, n_right: tuple[int, int] = (1, 1),
                n_wrong: tuple[int, int] = (3, 3)) -> dict[str, Param]:
    """The PARAMS entries of a question that shows a few of its true statements (`right`) and of its
    tempting false ones (`wrong`, each with feedback) per variant, so that seeds differ in what they
    ask, not only in the order the options are shuffled into. `n_right` and `n_wrong` are the
    (min, max) counts a variant may show; the parameters are the indices shown, sorted:
    `{"right": [0, 2], "wrong": [1, 3, 4]}`."""
    return {"right": Seq(Int(0, len(right) - 1), *n_right), "wrong": Seq(Int(0, len(wrong) - 1), *n_wrong)}


def draw_pool(rng: np.random.Generator, right: Sequence[Option], wrong: Sequence[Option], *, n_right: int = 1,
              n_options: int = 4) -> dict:
    """Indices of `n_right` true and `n_options - n_right` false statements, drawn with `rng`."""
    picked_right = rng.choice(len(right), size=n_right, replace=False)
    picked_wrong = rng.choice(len(wrong), size=n_options - n_right, replace=False)
    return {"right": sorted(int(i) for i in picked_right), "wrong": sorted(int(i) for i in picked_wrong)}


def pool_options(p: Mapping[str, Sequence[int]], right: Sequence[Option], wrong: Sequence[Option]) -> list[Option]:
    """A variant's options: its true statements, then its false ones (the engine shuffles them)."""
    for name in ("right", "wrong"):
        if len(set(p[name])) != len(p[name]):
            raise UsageError(_("parameter {name}: an option is listed twice: {values}").format(
                name=name, values=list(p[name])))
    return [right[i] for i in p["right"]] + [wrong[i] for i in p["wrong"]]


def statement_pool(right: Sequence[Option], wrong: Sequence[Option], *, n_right: tuple[int, int] = (1, 1),
                   n_options: int = 4) -> tuple[dict[str, Param], Callable[[np.random.Generator], dict],
                                                Callable[[Mapping[str, Sequence[int]]], list[Option]]]:
    """`PARAMS`, `generate` and `options` of a question that shows, per variant, between n_right[0]
    and n_right[1] of its true statements and enough false ones to make `n_options`:

        PARAMS, generate, options = statement_pool(RIGHT, WRONG, n_right=(2, 3), n_options=5)
    """
    lo, hi = n_right
    schema = pool_schema(right, wrong, n_right=(lo, hi), n_wrong=(n_options - hi, n_options - lo))

    def generate(rng: np.random.Generator) -> dict:
        shown = lo if lo == hi else int(rng.integers(lo, hi + 1))
        return draw_pool(rng, right, wrong, n_right=shown, n_options=n_options)

    def options(p: Mapping[str, Sequence[int]]) -> list[Option]:
        return pool_options(p, right, wrong)

    return schema, generate, options
