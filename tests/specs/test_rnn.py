"""Tests of the rnn exercise spec that the generic content tests (test_specs_content.py) do not reach.

The generic tests prove that the solutions agree with the spec's references and that every
diagnosis can fire; these prove the references themselves: the cells and the unrolled RNN equal
PyTorch's modules loaded the ordinary way (weights copied into parameters), the BPTT reference
matches a closed form and finite differences, the clipping cases are below, at and above the limit
as labelled. They also check that no diagnosis shadows another, that the stubs state the graded
conventions, and that calling the library is scored as forbidden.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import torch
from spec_helpers import fresh as _copy

from grader.codegrade.compare import compare
from grader.codegrade.model import Case, CaseContext, Check, Exercise
from grader.codegrade.specs import rnn as spec

ROOT = Path(__file__).resolve().parents[2]


def _ctx() -> CaseContext:
    return CaseContext(generator=torch.Generator().manual_seed(11), device=torch.device("cpu"), dtype=torch.float32)


def _exercise(name: str) -> Exercise:
    return next(ex for ex in spec.EXERCISES if ex.name == f"rnn.{name}")


def _checks(name: str) -> list[Check]:
    return list(_exercise(name).checks)


def _reference(check: Check) -> Callable[..., Any]:
    assert check.reference is not None, check.name
    return check.reference


def _flat(out) -> list[torch.Tensor]:
    return [out] if isinstance(out, torch.Tensor) else [t for o in out for t in _flat(o)]


def _with_grads(fn, case: Case, *, leaves=None):
    """(outputs, gradients of Σ out·u with respect to the case's grad_wrt arguments and `leaves`)."""
    args = list(_copy(case.args))
    for i in case.grad_wrt:
        args[i].requires_grad_(True)
    out = fn(*args, **_copy(case.kwargs))
    targets = [args[i] for i in case.grad_wrt] + list(leaves or [])
    if not targets:
        return out, []
    gen = torch.Generator().manual_seed(5)
    terms = [(o * torch.randn(o.shape, generator=gen, dtype=o.dtype)).sum() for o in _flat(out)]
    return out, list(torch.autograd.grad(torch.stack(terms).sum(), targets, allow_unused=True))


def _close(a, b, what) -> None:
    problem = compare(_copy(a), _copy(b), rtol=1e-10, atol=1e-12) if _flat(a)[0].dtype == torch.float64 \
        else compare(_copy(a), _copy(b))
    assert problem is None, (what, problem)


# ---------------------------------------------------------------------------------------------
# The references are PyTorch's modules


CELLS = {"rnn_cell": torch.nn.RNNCell, "lstm_cell": torch.nn.LSTMCell, "gru_cell": torch.nn.GRUCell}


@pytest.mark.parametrize("name", sorted(CELLS))
def test_cell_reference_equals_the_module_with_copied_weights(name):
    """Outputs and every gradient (inputs, states, the four weights) of the spec's functional
    reference equal those of an ordinary nn.*Cell whose parameters hold the case's weights."""
    for check in _checks(name):
        for case in check.cases(_ctx()):
            x, *states = case.args[:-4]
            weights = case.args[-4:]
            module = CELLS[name](x.shape[1], states[0].shape[1], dtype=x.dtype)
            with torch.no_grad():
                for param, w in zip((module.weight_ih, module.weight_hh, module.bias_ih, module.bias_hh), weights):
                    param.copy_(w)

            def call_module(x, *state, module=module):
                return module(x, state[0] if len(state) == 1 else state)

            leaves = [module.weight_ih, module.weight_hh, module.bias_ih, module.bias_hh] if case.grad_wrt else []
            ref_out, ref_grads = _with_grads(_reference(check), case)
            mod_case = Case(args=case.args[:-4], grad_wrt=tuple(i for i in case.grad_wrt if i < 1 + len(states)))
            mod_out, mod_grads = _with_grads(call_module, mod_case, leaves=leaves)
            _close(ref_out, mod_out, (name, check.name, case.label))
            if case.grad_wrt:
                assert case.grad_wrt == tuple(range(len(case.args))), "every input and weight is differentiated"
                _close(tuple(ref_grads), tuple(mod_grads), (name, check.name, case.label, "gradients"))


def test_lstm_gate_blocks_are_in_pytorch_order():
    """Independent of functional_call: with only the forget block's bias large, c′ ≈ c (f ≈ 1, i ≈ 0)."""
    ref = _reference(_exercise("lstm_cell").checks[0])
    n, d, h = 2, 3, 4
    x, hs, c = torch.randn(n, d, dtype=torch.float64), torch.zeros(n, h, dtype=torch.float64), \
        torch.randn(n, h, dtype=torch.float64)
    W_ih, W_hh = torch.zeros(4 * h, d, dtype=torch.float64), torch.zeros(4 * h, h, dtype=torch.float64)
    b = torch.zeros(4 * h, dtype=torch.float64)
    b[:h], b[h:2 * h] = -50.0, 50.0  # i closed, f open: the blocks are i, f, g, o
    _h_next, c_next = ref(x, hs, c, W_ih, W_hh, b, torch.zeros_like(b))
    assert torch.allclose(c_next, c)


def test_rnn_forward_reference_equals_nn_rnn_and_a_loop_of_cells():
    lengths = set()
    for check in _checks("rnn_forward"):
        for case in check.cases(_ctx()):
            xs, h0, *weights = case.args
            lengths.add(xs.shape[0])
            rnn = torch.nn.RNN(xs.shape[2], h0.shape[1], dtype=xs.dtype)
            cell = torch.nn.RNNCell(xs.shape[2], h0.shape[1], dtype=xs.dtype)
            with torch.no_grad():
                for module, names in ((rnn, ("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0")),
                                      (cell, ("weight_ih", "weight_hh", "bias_ih", "bias_hh"))):
                    for param_name, w in zip(names, weights):
                        getattr(module, param_name).copy_(w)
                outputs, h_n = rnn(xs, h0.unsqueeze(0))
                h, steps = h0, []
                for t in range(xs.shape[0]):
                    h = cell(xs[t], h)
                    steps.append(h)
            expected = _reference(check)(*_copy(case.args))
            _close(expected, (outputs, h_n.squeeze(0)), (check.name, case.label))
            _close(expected, (torch.stack(steps), h), (check.name, case.label, "cells"))
            assert torch.equal(expected[0][-1], expected[1]), "h_T is the last output"
    assert 1 in lengths and len(lengths) >= 4, sorted(lengths)


def test_cell_gradient_checks_differentiate_every_argument():
    for name in ("rnn_cell", "lstm_cell", "gru_cell", "rnn_forward"):
        grads = [c for c in _checks(name) if c.name == "gradient"]
        assert grads, name
        for case in grads[0].cases(_ctx()):
            assert case.grad_wrt == tuple(range(len(case.args))), (name, case.label)


# ---------------------------------------------------------------------------------------------
# bptt_linear


def _bptt_loss(xs, ys, w_x, w_s, w_o, s0):
    s, loss = s0, 0.0
    for t in range(len(xs)):
        s = w_s * s + w_x * float(xs[t])
        loss += 0.5 * (w_o * s - float(ys[t])) ** 2
    return loss


def test_bptt_reference_matches_the_closed_form_for_one_step():
    x, y, w_x, w_s, w_o, s0 = 0.7, -0.4, 1.3, 0.8, -0.6, 0.5
    s1 = w_s * s0 + w_x * x
    err = w_o * s1 - y
    got = spec._bptt_ref(torch.tensor([x], dtype=torch.float64), torch.tensor([y], dtype=torch.float64),
                         w_x, w_s, w_o, s0)
    assert got == pytest.approx((err * w_o * x, err * w_o * s0, err * s1), rel=1e-12)


def test_bptt_reference_matches_finite_differences_on_every_case():
    kinds = set()
    for check in _checks("bptt_linear"):
        for case in check.cases(_ctx()):
            xs, ys, *numbers = case.args
            kinds.add(type(numbers[0]).__name__)
            values = [float(v) for v in numbers]
            got = _reference(check)(*_copy(case.args))
            assert all(type(g) is float for g in got)
            for k in range(3):
                h = 1e-6 * max(1.0, abs(values[k]))
                up, down = list(values), list(values)
                up[k] += h
                down[k] -= h
                numeric = (_bptt_loss(xs, ys, *up) - _bptt_loss(xs, ys, *down)) / (2 * h)
                assert got[k] == pytest.approx(numeric, rel=1e-5, abs=1e-6), (check.name, case.label, k)
    assert kinds == {"float", "Tensor"}, "weights are given as numbers and as 0-d tensors"


def test_truncation_diagnoses_are_full_bptt_for_short_enough_sequences():
    """A window at least T long is full BPTT: the truncation diagnoses only differ from the
    reference where a loss term really reaches further back."""
    for case in _checks("bptt_linear")[1].cases(_ctx()):
        t = case.args[0].shape[0]
        full = spec._bptt_variant(*case.args, window=t)
        assert full == pytest.approx(spec._bptt_ref(*_copy(case.args)), rel=1e-10)


# ---------------------------------------------------------------------------------------------
# clip_grad_norm


def _total(grads) -> float:
    return float(torch.sqrt(sum((g.double() ** 2).sum() for g in grads)))


def test_clip_cases_are_below_at_and_above_the_limit_as_labelled():
    checks = {c.name: c for c in _checks("clip_grad_norm")}
    for case in checks["below_limit"].cases(_ctx()):
        assert _total(case.args[0]) < case.args[1], case.label
    for case in checks["above_limit"].cases(_ctx()):
        assert _total(case.args[0]) > case.args[1], case.label
        assert len({g.dtype for g in case.args[0]}) == 1
    edge = {c.label: c for c in checks["edge_cases"].cases(_ctx())}
    at_limit = edge["total norm equal to max_norm (small gradients)"]
    assert _total(at_limit.args[0]) == pytest.approx(at_limit.args[1], rel=1e-12)
    assert _total(edge["all-zero gradients (total norm 0)"].args[0]) == 0.0
    assert any(len(c.args[0]) > 1 for c in checks["above_limit"].cases(_ctx())), "global vs per-tensor needs lists"


def test_clip_reference_leaves_its_inputs_alone_and_follows_the_formula():
    for check in _checks("clip_grad_norm"):
        for case in check.cases(_ctx()):
            grads, max_norm = case.args
            before = [g.clone() for g in grads]
            clipped, total = _reference(check)(grads, max_norm)
            assert all(torch.equal(a, b) for a, b in zip(grads, before)), "the reference must not clip the case"
            assert type(clipped) is list and total.dim() == 0 and total.dtype == grads[0].dtype
            scale = min(1.0, max_norm / (_total(grads) + 1e-6))
            expected = [g * scale for g in grads]
            assert compare(expected, clipped) is None, (check.name, case.label)
            assert float(total) == pytest.approx(_total(grads), rel=1e-5)


# ---------------------------------------------------------------------------------------------
# Diagnoses, stubs, forbidden calls


def _outcome(fn, case: Case):
    out, grads = _with_grads(fn, case)
    return _copy(out), [_copy(g) for g in grads]


@pytest.mark.parametrize("exercise", spec.EXERCISES, ids=lambda ex: ex.name)
def test_no_diagnosis_shadows_a_later_one(exercise):
    """Diagnoses are tried in order and the first match wins: two that agree on every case of a
    check would leave the second unreachable."""
    for check in exercise.checks:
        cases = check.cases(_ctx())
        results = [[_outcome(d.impl, c) for c in cases] for d in check.diagnoses]
        for (i, a), (j, b) in itertools.combinations(enumerate(results), 2):
            assert any(compare(x, y) is not None for x, y in zip(a, b)), (
                check.name, check.diagnoses[i].message, check.diagnoses[j].message)


def test_stubs_state_the_graded_conventions():
    source = (ROOT / "exercises" / "rnn.py").read_text()
    for phrase in ("i, f, g, o", "r, z, n", "h′ = (1 − z) ⊙ n + z ⊙ h", "errata 12 and 25", "TWO bias vectors",
                   "min(1, max_norm / (total_norm + 1e-6))", "do NOT modify the inputs in place", "T may be 1"):
        assert phrase in source, phrase


CHEAT = """
import torch
import torch.nn.functional as F


def rnn_cell(x, h, W_ih, W_hh, b_ih, b_hh):
    return torch.rnn_tanh_cell(x, h, W_ih, W_hh, b_ih, b_hh)


def lstm_cell(x, h, c, W_ih, W_hh, b_ih, b_hh):
    return getattr(torch, "lstm" + "_cell")(x, (h, c), W_ih, W_hh, b_ih, b_hh)


def gru_cell(x, h, W_ih, W_hh, b_ih, b_hh):
    cell = torch.nn.GRUCell(x.shape[1], h.shape[1], dtype=x.dtype)
    return torch.func.functional_call(cell, {"weight_ih": W_ih, "weight_hh": W_hh, "bias_ih": b_ih,
                                             "bias_hh": b_hh}, (x, h))


def rnn_forward(xs, h0, W_ih, W_hh, b_ih, b_hh):
    out, h = torch.rnn_tanh(xs, h0[None], [W_ih, W_hh, b_ih, b_hh], True, 1, 0.0, False, False, False)
    return out, h[0]


def bptt_linear(xs, ys, w_x, w_s, w_o, s0):
    w = torch.tensor([w_x, w_s, w_o], dtype=xs.dtype, requires_grad=True)
    s, loss = s0, 0
    for t in range(len(xs)):
        s = w[1] * s + w[0] * xs[t]
        loss = loss + 0.5 * (w[2] * s - ys[t]) ** 2
    loss.backward()
    return tuple(w.grad)


def clip_grad_norm(grads, max_norm):
    params = [torch.nn.Parameter(torch.zeros_like(g)) for g in grads]
    for p, g in zip(params, grads):
        p.grad = g.clone()
    total = torch.nn.utils.clip_grad_norm_(params, max_norm)
    return [p.grad for p in params], total
"""


def test_library_calls_are_forbidden(tmp_path):
    """Each exercise done by PyTorch instead: every one is scored 0 as forbidden (lstm_cell hides its
    name from the source scan and is caught by the run-time record)."""
    from grader.codegrade import grade_submission

    (tmp_path / "rnn.py").write_text(CHEAT.lstrip())
    report = grade_submission(tmp_path, only="rnn", device="cpu")
    assert {e.name for e in report.exercises} == {ex.name for ex in spec.EXERCISES}
    for outcome in report.exercises:
        assert outcome.status == "forbidden" and outcome.score == 0, (outcome.name, outcome.status, outcome.message)
