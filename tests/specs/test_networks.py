"""The networks exercises: their references and solutions proved by independent routes.

tests/specs/test_specs_content.py covers what every spec shares (solutions full marks, stubs 0,
fixtures diagnosed). Here: the notes' worked example reproduced to the published digits, the
backprop reference against the question bank's scalar chain rule, the perceptron against
hand-traced runs, the random separable data actually separable, the judge's verdicts, each known
mistake named as itself on the first case where it shows, and library shortcuts (scikit-learn's
Perceptron, autograd) scored as forbidden.
"""

from __future__ import annotations

import itertools

import pytest
import torch
from spec_helpers import assert_each_mistake_is_named_as_itself

from grader.bank import load_bank
from grader.codegrade.compare import compare
from grader.codegrade.model import CaseContext
from grader.codegrade.specs import networks as spec
from solutions import networks as solution

F64 = torch.float64

NOTES = {"x": [0.05, 0.10], "W1": [[0.15, 0.20], [0.25, 0.30]], "b1": 0.35, "W2": [[0.40, 0.45], [0.50, 0.55]],
         "b2": 0.60, "target": [0.01, 0.99], "lr": 0.5}
# The worked example the notes point to (seed 002 §3, charlotte77): every weight after one step.
PUBLISHED = {"w1": 0.149780716, "w2": 0.19956143, "w3": 0.24975114, "w4": 0.29950229,
             "w5": 0.35891648, "w6": 0.408666186, "w7": 0.511301270, "w8": 0.561370121}


def _ctx(seed: int = 7) -> CaseContext:
    return CaseContext(generator=torch.Generator().manual_seed(seed), device=torch.device("cpu"), dtype=torch.float32)


def _notes_args(dtype=F64):
    t = lambda v: torch.tensor(v, dtype=dtype)  # noqa: E731
    return (t(NOTES["x"]), t(NOTES["target"]), t(NOTES["W1"]), NOTES["b1"], t(NOTES["W2"]), NOTES["b2"], NOTES["lr"])


def _weights(W1, W2) -> dict[str, float]:
    return dict(zip(PUBLISHED, W1.flatten().tolist() + W2.flatten().tolist()))


# ---------------------------------------------------------------------------------------------
# two_layer_backprop


@pytest.mark.parametrize("implementation", [solution.two_layer_backprop, spec._backprop_ref],
                         ids=["solution", "reference"])
def test_the_notes_worked_example_is_reproduced(implementation):
    new = _weights(*implementation(*_notes_args()))
    for name, value in PUBLISHED.items():
        assert new[name] == pytest.approx(value, abs=1e-8), name
    assert round(new["w5"], 8) == 0.35891648
    assert round(new["w1"], 8) == 0.14978072


def test_the_spec_case_is_the_notes_example():
    case = spec._notes_example(_ctx(), F64)
    for mine, theirs in zip(case.args, _notes_args()):
        assert compare(theirs, mine) is None


def test_backprop_reference_matches_the_question_banks_chain_rule():
    """The question bank's key is written weight by weight with scalar arithmetic (and is itself
    proved against torch.optim.SGD in tests/question_bank): both routes agree on random 2-2-2
    networks with scalar biases."""
    question = load_bank().get("backprop.two_layer_update").module
    gen = torch.Generator().manual_seed(3)
    for _ in range(20):
        r = lambda *shape: (torch.rand(shape, generator=gen, dtype=F64) * 2 - 1)  # noqa: E731
        p = {"x": r(2).tolist(), "W1": r(2, 2).tolist(), "b1": float(r()), "W2": r(2, 2).tolist(),
             "b2": float(r()), "target": torch.rand(2, generator=gen, dtype=F64).tolist(),
             "lr": float(torch.rand((), generator=gen, dtype=F64)) + 0.1}
        t = lambda v: torch.tensor(v, dtype=F64)  # noqa: E731
        W1, W2 = spec._backprop_ref(t(p["x"]), t(p["target"]), t(p["W1"]), p["b1"], t(p["W2"]), p["b2"], p["lr"])
        for name, value in _weights(W1, W2).items():
            assert value == pytest.approx(question.answer({**p, "weight": name}), abs=1e-12), name


def test_backprop_solution_matches_the_reference_on_random_sizes():
    gen = torch.Generator().manual_seed(5)
    for d, h, k in itertools.product([1, 3, 7], [1, 4], [1, 2, 5]):
        ctx = CaseContext(generator=gen, device=torch.device("cpu"), dtype=F64)
        for vector in (False, True):
            case = spec._network(ctx, d, h, k, F64, 0.7, vector_biases=vector)
            assert compare(spec._backprop_ref(*case.args), solution.two_layer_backprop(*case.args)) is None


def test_backprop_solution_leaves_its_inputs_alone():
    args = _notes_args()
    copies = [a.clone() if isinstance(a, torch.Tensor) else a for a in args]
    solution.two_layer_backprop(*args)
    for before, after in zip(copies, args):
        assert compare(before, after) is None


# ---------------------------------------------------------------------------------------------
# perceptron_train


def _t(rows):
    return torch.tensor(rows, dtype=F64)


def test_perceptron_and_gate_by_hand():
    """Traced by hand from w = 0, b = 0, lr = 1: mistakes at (1,1) in epoch 1; (0,0), (0,1), (1,1)
    in epoch 2; (0,1), (1,0), (1,1) in epoch 3; (1,0), (1,1) in epoch 4; (0,1) in epoch 5; none in
    epoch 6, which ends training."""
    X, y = _t(spec._AND[0]), _t(spec._AND[1])
    for implementation in (solution.perceptron_train, spec._perceptron_ref):
        w, b = implementation(X, y)
        assert w.tolist() == [2.0, 1.0] and float(b) == -2.0
        assert w.dtype == F64 and w.shape == (2,) and b.shape == ()
        # Epoch 5 already ends at the final weights (epoch 6 only confirms them); epoch 4 does not.
        w, b = implementation(X, y, 1.0, 5)
        assert w.tolist() == [2.0, 1.0] and float(b) == -2.0
        w, b = implementation(X, y, 1.0, 4)
        assert w.tolist() == [2.0, 2.0] and float(b) == -1.0


def test_perceptron_separates_the_separable_gates_but_not_xor():
    for rows, labels in (spec._AND, spec._OR, spec._NAND, spec._SMALL_3D, spec._LINE):
        X, y = _t(rows), _t(labels)
        w, b = solution.perceptron_train(X, y, 0.5, 1000)
        assert ((X @ w + b > 0).to(F64) == y).all()
    X, y = _t(spec._XOR[0]), _t(spec._XOR[1])
    w, b = solution.perceptron_train(X, y, 1.0, 1000)
    assert not ((X @ w + b > 0).to(F64) == y).all()


def test_perceptron_labels_all_zero_never_update():
    w, b = solution.perceptron_train(_t(spec._AND[0]), _t([0, 0, 0, 0]))
    assert w.tolist() == [0.0, 0.0] and float(b) == 0.0


def test_random_perceptron_cases_are_separable_by_construction():
    """Every random case is labelled by a hyperplane with a margin (so separable whatever the seed),
    and the reference's weights pass the judge."""
    for seed in range(5):
        for case in spec._perceptron_random_cases(_ctx(seed)):
            X, y = case.args
            assert 0 < int(y.sum()) < len(y)
            assert spec._perceptron_judge(case, spec._perceptron_ref(*case.args, **case.kwargs)) is None
            assert spec._perceptron_judge(case, solution.perceptron_train(*case.args, **case.kwargs)) is None


def test_perceptron_judge_rejects_what_does_not_separate():
    case = spec._perceptron_random_cases(_ctx())[0]
    X = case.args[0]
    d = X.shape[1]
    zeros = (torch.zeros(d, dtype=X.dtype), torch.zeros((), dtype=X.dtype))
    assert "misclassify" in spec._perceptron_judge(case, zeros)
    assert "shape" in spec._perceptron_judge(case, (torch.zeros(d + 1, dtype=X.dtype), zeros[1]))
    assert "dtype" in spec._perceptron_judge(case, (zeros[0].float(), zeros[1]))
    assert "b:" in spec._perceptron_judge(case, (zeros[0], torch.zeros(1, dtype=X.dtype)))
    assert "pair" in spec._perceptron_judge(case, zeros[0])
    nan = (torch.full((d,), float("nan"), dtype=X.dtype), zeros[1])
    assert "NaN" in spec._perceptron_judge(case, nan)


# ---------------------------------------------------------------------------------------------
# every known mistake is named as itself


@pytest.mark.parametrize("exercise, check", [(ex, c) for ex in spec.EXERCISES for c in ex.checks if c.reference is not None],
                         ids=lambda v: v.name)
def test_each_mistake_is_named_as_itself(exercise, check):
    assert_each_mistake_is_named_as_itself(exercise, check)


# ---------------------------------------------------------------------------------------------
# library shortcuts are forbidden (one sandboxed grading)

CHEAT = """
import torch


def perceptron_train(X, y, lr=1.0, epochs=100):
    from sklearn.linear_model import Perceptron

    clf = Perceptron(eta0=lr, max_iter=epochs, shuffle=False).fit(X.numpy(), y.numpy())
    return torch.tensor(clf.coef_[0], dtype=X.dtype), torch.tensor(clf.intercept_[0], dtype=X.dtype)


def two_layer_backprop(x, target, W1, b1, W2, b2, lr):
    W1 = W1.clone().requires_grad_(True)
    W2 = W2.clone().requires_grad_(True)
    o = torch.sigmoid(W2 @ torch.sigmoid(W1 @ x + b1) + b2)
    (0.5 * (target - o) ** 2).sum().backward()
    return (W1 - lr * W1.grad).detach(), (W2 - lr * W2.grad).detach()
"""


def test_library_shortcuts_are_forbidden(tmp_path):
    from grader.codegrade import grade_submission

    (tmp_path / "networks.py").write_text(CHEAT.lstrip())
    report = grade_submission(tmp_path, only="networks", device="cpu")
    assert {e.name for e in report.exercises} == {ex.name for ex in spec.EXERCISES}
    for outcome in report.exercises:
        assert outcome.status == "forbidden" and outcome.score == 0, (outcome.name, outcome.status, outcome.message)
