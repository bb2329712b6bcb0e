"""How a code exercise is described to the grader.

Each module `grader/specs/<module>.py` (one per student file `exercises/<module>.py`) defines
`EXERCISES: list[Exercise]`. An exercise is scored from named checks; a check builds its input cases
from a seeded generator the student does not choose, runs the student's function on them in the
sandboxed child and the reference in the grading process, and compares.

This module holds data only and never imports torch itself; spec modules do.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from grader.codegrade.protocol import poly_coeffs, poly_grad_fn
from grader.i18n import _
from grader.seeds import derive_seed


def seed_for(*parts: object) -> int:
    """The seed of a check's inputs (exercise and check names, case index...): 63 bits, as
    `torch.Generator.manual_seed` takes."""
    return derive_seed(*parts, bits=63)


@dataclass(frozen=True)
class Gen:
    """Stands for a `torch.Generator` argument: the child builds one seeded with `seed` on the case's
    device, and so does the parent for the reference, so both draw the same random numbers."""

    seed: int


@dataclass(frozen=True)
class GradFn:
    """Stands for a gradient-function argument, g(w) = Σₖ coeffs[k]·wᵏ elementwise (a cubic is not
    linear): the child hands the student a plain function built by `protocol.poly_grad_fn`, and the
    parent the same for the reference, so both compute the same gradients. At most
    `protocol.MAX_POLY_COEFFS` finite coefficients. Calling it evaluates g (handy in process)."""

    coeffs: tuple[float, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "coeffs", tuple(poly_coeffs(self.coeffs)))

    def __call__(self, w: Any) -> Any:
        return poly_grad_fn(self.coeffs)(w)


@dataclass(frozen=True)
class Case:
    """One call of the student's function.

    `args` / `kwargs` hold tensors, numbers, strings, None, `Gen`, `GradFn`, and lists/tuples of those.
    `grad_wrt` names the positional indices of tensor arguments to differentiate with respect to:
    when given, the output is back-propagated with a random upstream gradient and the arguments'
    `.grad` compared with the reference's. `mutates` names positional indices of tensors the function
    is meant to update in place (batch-norm running statistics); their values after the call are
    compared with the reference's, and any other tensor argument that changes is reported as
    "input mutated in place". `label` describes the case in feedback without revealing values.
    """

    args: tuple = ()
    kwargs: dict = field(default_factory=dict)
    grad_wrt: tuple[int, ...] = ()
    mutates: tuple[int, ...] = ()
    label: str = ""


@dataclass(frozen=True)
class Diagnosis:
    """A known wrong implementation: when the student's output matches `impl`'s on the failing case
    (and not the reference), `message` names the mistake.

    `message` is translated when shown (`text()`): the bundled specs mark it `N_("...")`, and a
    message with `{placeholders}` takes their values from `args` (each translated too, so an arg may
    be an `N_`-marked phrase). An instructor's message without a translation is shown as written.
    """

    impl: Callable[..., Any]
    message: str
    args: Mapping[str, str] = field(default_factory=dict)

    def text(self) -> str:
        """The message in the current language."""
        if not self.args:
            return _(self.message)
        return _(self.message).format(**{k: _(v) for k, v in self.args.items()})


@dataclass(frozen=True)
class CaseContext:
    """Handed to `Check.cases`: the seeded generator, the device and the default float dtype."""

    generator: Any  # torch.Generator (on the CPU; move tensors with .to(device))
    device: Any  # torch.device
    dtype: Any  # torch.dtype


@dataclass(frozen=True)
class Check:
    """A named, scored group of cases.

    Exactly one of `reference` and `judge` is given:
    - `reference(*args, **kwargs)` is the PyTorch reference, called in the grading process on copies
      of the case's arguments; outputs (and gradients, mutated arguments) are compared with
      `rtol`/`atol` (per dtype when None: float64 1e-6/1e-8, float32 1e-4/1e-5, exact for integers);
    - `judge(case, output) -> str | None` decides statistical checks itself (returning a failure
      message or None), e.g. the fraction of zeros dropout produces.
    `diagnoses` are tried, in order, when a case fails, to name a known mistake.
    """

    name: str
    points: float
    cases: Callable[[CaseContext], Sequence[Case]]
    reference: Callable[..., Any] | None = None
    judge: Callable[[Case, Any], str | None] | None = None
    diagnoses: Sequence[Diagnosis] = ()
    rtol: float | None = None
    atol: float | None = None


@dataclass(frozen=True)
class Exercise:
    """One student function, reported as `<module>.<function>`.

    `forbidden` lists identifiers the function may not use (attribute or name, e.g. "sigmoid",
    "conv2d", "backward"): found in its source or seen at run time, they score the exercise 0.
    """

    name: str
    checks: Sequence[Check]
    forbidden: Sequence[str] = ()

    @property
    def module(self) -> str:
        return self.name.split(".", 1)[0]

    @property
    def function(self) -> str:
        return self.name.split(".", 1)[1]

    @property
    def max_score(self) -> float:
        return sum(c.points for c in self.checks)
