"""Feedback and conventions of the first four exercise modules: activations, losses, regularization, cnn.

tests/specs/test_specs_content.py proves that the grader gives the solutions full marks and names
each fixture's mistake. Here, in process and without a sandbox: that every diagnosis is phrased as
what the student did and then the fix, that no diagnosis hides a later one, that case labels say
what the inputs hold (a failure at x = 0 must not be reported as one at large inputs), that a
sigmoid or tanh built on |x| fails exactly the gradient-at-zero check, and that the stubs state
every convention where the course notes and PyTorch differ.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
import torch
from spec_helpers import fresh as _copy

from grader.codegrade.compare import compare
from grader.codegrade.model import Case, CaseContext, Check, Exercise
from grader.codegrade.specs import activations, cnn, losses, regularization

ROOT = Path(__file__).resolve().parents[2]
SPECS = (activations, losses, regularization, cnn)
EXERCISES = [ex for spec in SPECS for ex in spec.EXERCISES]


def _ctx(seed: int = 7) -> CaseContext:
    return CaseContext(generator=torch.Generator().manual_seed(seed), device=torch.device("cpu"), dtype=torch.float32)


def _exercise(name: str) -> Exercise:
    return next(ex for ex in EXERCISES if ex.name == name)


def _check(exercise: str, check: str) -> Check:
    return next(c for c in _exercise(exercise).checks if c.name == check)


def _outcome(fn, case: Case) -> tuple:
    """(output, gradients, arguments updated in place), the three things the grader compares."""
    args, kwargs = list(_copy(tuple(case.args))), _copy(dict(case.kwargs))
    for i in case.grad_wrt:
        args[i].requires_grad_(True)
    with torch.set_grad_enabled(bool(case.grad_wrt)):
        out = fn(*args, **kwargs)
    grads: tuple = ()
    if case.grad_wrt:
        outs = [o for o in (out if isinstance(out, tuple) else (out,)) if o.requires_grad]
        gen = torch.Generator().manual_seed(3)
        torch.autograd.backward(outs, [torch.randn(o.shape, generator=gen, dtype=o.dtype) for o in outs])
        grads = tuple(args[i].grad for i in case.grad_wrt)
    if isinstance(out, torch.Tensor):
        out = out.detach()
    return out, grads, tuple(args[i] for i in case.mutates)


def _differs(check: Check, fn, case: Case) -> bool:
    assert check.reference is not None
    return compare(_outcome(check.reference, case), _outcome(fn, case), rtol=check.rtol, atol=check.atol) is not None


# ---------------------------------------------------------------------------------------------
# Diagnoses


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda ex: ex.name)
def test_diagnoses_say_what_the_student_did_then_the_fix(exercise):
    """The grader prints "Likely mistake: <message>": the message must read as the student's mistake
    ("You summed…", "Your gradients…"), then, after a colon, what to do instead."""
    for check in exercise.checks:
        for diagnosis in check.diagnoses:
            message = diagnosis.message
            assert message.startswith(("You ", "Your ")), (check.name, message)
            assert ":" in message and message.endswith("."), (check.name, message)


@pytest.mark.filterwarnings("ignore:var\\(\\)")  # a one-sample batch-norm mistake, on purpose
@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda ex: ex.name)
def test_no_diagnosis_shadows_a_later_one(exercise):
    """Diagnoses are tried in order and the first match wins: two that agree on every case of a check
    would leave the second unreachable."""
    for check in exercise.checks:
        cases = check.cases(_ctx())
        results = [[_outcome(d.impl, c) for c in cases] for d in check.diagnoses]
        for (i, a), (j, b) in itertools.combinations(enumerate(results), 2):
            assert any(compare(x, y) is not None for x, y in zip(a, b)), (
                check.name, check.diagnoses[i].message, check.diagnoses[j].message)


# ---------------------------------------------------------------------------------------------
# Labels say what the inputs hold


def _activation_inputs():
    for ex in activations.EXERCISES:
        for check in ex.checks:
            for case in check.cases(_ctx()):
                yield ex.name, check.name, case, case.args[0]


def test_labels_name_zero_and_large_magnitudes_where_the_inputs_hold_them():
    for name, check, case, x in _activation_inputs():
        largest = float(x.abs().max())
        if "large-magnitude" in case.label or "near ±1000" in case.label:
            assert largest >= 1000, (name, check, case.label)
        else:
            assert largest < 100, (name, check, case.label)
        if bool((x == 0).any()):
            assert any(p in case.label for p in ("exactly 0", "and 0", "including zeros")), (name, check, case.label)


def test_sigmoid_and_tanh_keep_zero_out_of_the_large_inputs_and_test_it_on_its_own():
    for name in ("activations.sigmoid", "activations.tanh"):
        for case in _check(name, "large_inputs").cases(_ctx()):
            assert not bool((case.args[0] == 0).any()), (name, case.label)
        zero_cases = _check(name, "gradient_at_zero").cases(_ctx())
        assert zero_cases and all(c.grad_wrt and bool((c.args[0] == 0).any()) for c in zero_cases)
        assert all("exactly 0" in c.label for c in zero_cases)


def _sigmoid_abs(x):
    e = torch.exp(-x.abs())
    return torch.where(x >= 0, 1 / (1 + e), e / (1 + e))


def _tanh_sign_abs(x):
    e = torch.exp(-2 * x.abs())
    return torch.sign(x) * (1 - e) / (1 + e)


@pytest.mark.parametrize(("name", "impl"), [("activations.sigmoid", _sigmoid_abs), ("activations.tanh", _tanh_sign_abs)])
def test_a_formula_built_on_abs_fails_the_gradient_at_zero_only_and_is_named(name, impl):
    for check in _exercise(name).checks:
        cases = check.cases(_ctx())
        failing = [c for c in cases if _differs(check, impl, c)]
        if check.name != "gradient_at_zero":
            assert not failing, (check.name, [c.label for c in failing])
            continue
        assert failing
        for case in failing:
            named = [d.message for d in check.diagnoses
                     if compare(_outcome(d.impl, case), _outcome(impl, case), rtol=check.rtol, atol=check.atol) is None]
            assert named and "gradient at x = 0 is 0" in named[0] and "torch.where" in named[0], named


# ---------------------------------------------------------------------------------------------
# The stubs state the conventions where the notes and PyTorch differ


CONVENTIONS = {
    "activations": [
        "ReLU′(0) = 0",             # PyTorch's; the notes (001 Q10) say 1 for x ≥ 0
        "x ≥ 0",
        "do not build it on |x|",    # sigmoid and tanh lose their gradient at 0
        "σ′(0) = 1/4",
        "tanh′(0) = 1",
        "erratum 27",
    ],
    "losses": [
        "no ½",                      # mse_loss is PyTorch's …
        "1/(2m)·Σ(σ − y)², WITH the ½",  # … the notes' logistic-regression loss is not
        "half of F.mse_loss",
        "erratum 31",
    ],
    "regularization": [
        "(λ/2n)·Σw²",                # the graded L2 penalty (003) …
        "λ·Σθ²",                     # … seed 000's …
        "weight_decay=wd",           # … and torch's weight_decay
        "wd = λ/n",
        "erratum 6",
        "Classic dropout (000)",
        "inverted",
        "erratum 13",
        "momentum weighs the NEW batch",
        "Keras",
        "erratum 32",
    ],
    "cnn": [
        "NCHW",
        "height × width × channels",
        "(N, 128, 6, 6)",
        "ceiling",
        "ceil_mode=True",
        "erratum 4",
        "erratum 5",
    ],
}


@pytest.mark.parametrize("module", sorted(CONVENTIONS))
def test_stubs_state_the_graded_conventions(module):
    source = (ROOT / "exercises" / f"{module}.py").read_text()
    for phrase in CONVENTIONS[module]:
        assert phrase in source, f"exercises/{module}.py does not state {phrase!r}"
