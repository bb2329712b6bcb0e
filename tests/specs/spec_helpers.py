"""What the module-specific spec tests share: the grader's own cases, calling an implementation on
fresh copies of a case's arguments, and the "each mistake is named as itself" property."""

from __future__ import annotations

from typing import Any

import torch

from grader.codegrade.compare import compare
from grader.codegrade.model import Case, CaseContext, Check, Exercise, Gen, GradFn, seed_for


def cases(exercise: Exercise, check: Check) -> list[Case]:
    """The cases the grader builds: drawn from the seed of the exercise and check names."""
    generator = torch.Generator().manual_seed(seed_for(exercise.name, check.name))
    return list(check.cases(CaseContext(generator=generator, device=torch.device("cpu"), dtype=torch.float32)))


def fresh(value: Any) -> Any:
    """A case argument as a function receives it: tensors copied, a `Gen` as a seeded generator."""
    if isinstance(value, Gen):
        return torch.Generator().manual_seed(value.seed)
    if isinstance(value, torch.Tensor):
        return value.detach().clone()
    if isinstance(value, GradFn):
        return value
    if isinstance(value, (tuple, list)):
        return type(value)(fresh(v) for v in value)
    if isinstance(value, dict):
        return {k: fresh(v) for k, v in value.items()}
    return value


def call(fn: Any, case: Case) -> Any:
    return fn(*fresh(tuple(case.args)), **fresh(dict(case.kwargs)))


def run(fn: Any, case: Case) -> Any:
    """`call`, with the exception returned: a diagnosis that does not apply to a case may raise."""
    try:
        return call(fn, case)
    except Exception as exc:
        return exc


def assert_each_mistake_is_named_as_itself(exercise: Exercise, check: Check) -> None:
    """Acting as a student who made exactly that mistake: on the first case where it shows, the
    first diagnosis that matches (the one the grader prints) is that mistake's own."""
    all_cases = cases(exercise, check)
    for i, diagnosis in enumerate(check.diagnoses):
        for case in all_cases:
            out = run(diagnosis.impl, case)
            if isinstance(out, Exception) or compare(run(check.reference, case), out) is None:
                continue
            named = next(j for j, d in enumerate(check.diagnoses)
                         if not isinstance(o := run(d.impl, case), Exception) and compare(o, out) is None)
            assert named == i, (diagnosis.message, case.label, check.diagnoses[named].message)
            break
