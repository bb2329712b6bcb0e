"""Checks for exercises/networks.py: perceptron_train and two_layer_backprop.

The perceptron is compared exactly with the learning rule of EXERCISES.md on small fixed data sets
(logic gates and hand-sized examples whose arithmetic is exact in any order), and judged on random
linearly separable data by whether the weights it returns separate that data. The backpropagation
step is compared with one gradient step taken by autograd: on the notes' worked example (seed 002
§3, w5 → 0.35891648, w1 → 0.14978072) and on random networks of other sizes.
"""

from __future__ import annotations

import torch

from grader.codegrade.compare import layout_problem
from grader.codegrade.inputs import F32, F64, randn
from grader.codegrade.model import Case, CaseContext, Check, Diagnosis, Exercise
from grader.i18n import N_, _

ORDER = 80  # the course's order: modules are graded and reported by ORDER


def _dtype_name(dtype: torch.dtype) -> str:
    return str(dtype).removeprefix("torch.")


# ---------------------------------------------------------------------------------------------
# perceptron_train

def _perceptron(X, y, lr=1.0, epochs=100, *, predict_ge=False, update_bias=True, sign=1.0, pm_one=False,
                label_step=False, batch=False):
    """The perceptron learning rule of EXERCISES.md, with one knob turned for each known mistake."""
    w = torch.zeros(X.shape[1], dtype=X.dtype, device=X.device)
    b = torch.zeros((), dtype=X.dtype, device=X.device)
    for _epoch in range(epochs):
        mistakes = 0
        w0, b0 = w, b  # batch: every prediction of the epoch uses the weights it started with
        for i in range(X.shape[0]):
            s = float(X[i] @ (w0 if batch else w) + (b0 if batch else b))
            label = float(y[i])
            if pm_one:  # the ±1-label rule: a point on the boundary is a mistake whatever its label
                mistake, step = (2 * label - 1) * s <= 0, 2 * label - 1
            else:
                prediction = 1.0 if (s >= 0 if predict_ge else s > 0) else 0.0
                mistake, step = prediction != label, (label if label_step else label - prediction)
            if mistake:
                mistakes += 1
                w = w + sign * lr * step * X[i]
                if update_bias:
                    b = b + sign * lr * step
        if mistakes == 0:
            break
    return w, b


def _perceptron_ref(X, y, lr=1.0, epochs=100):
    return _perceptron(X, y, lr, epochs)


def _perc_diag(message: str, **knobs) -> Diagnosis:
    return Diagnosis(lambda X, y, lr=1.0, epochs=100: _perceptron(X, y, lr, epochs, **knobs), message)


_PERCEPTRON_DIAGNOSES = [
    _perc_diag(N_("A point with w·x + b exactly 0 was predicted 1 (≥ 0): the prediction is 1 only when w·x + b > 0, "
                  "so from the all-zero start every point is first predicted 0."), predict_ge=True),
    _perc_diag(N_("The weights were updated on a correct prediction (a label-0 point on the boundary, w·x + b = 0, "
                  "as the ±1-label rule y·(w·x + b) ≤ 0 does): update only when ŷ ≠ y, by lr·(y − ŷ)."), pm_one=True),
    _perc_diag(N_("The bias was never updated: b += lr·(y − ŷ) at every mistake, like w."), update_bias=False),
    _perc_diag(N_("The update has the wrong sign: w += lr·(y − ŷ)·x moves the boundary towards the misclassified "
                  "point's side."), sign=-1.0),
    _perc_diag(N_("The update used the label y instead of the error y − ŷ, so a false positive (y = 0, ŷ = 1) "
                  "changed nothing: update by lr·(y − ŷ)·x."), label_step=True),
    _perc_diag(N_("All predictions of an epoch were made with the weights the epoch started with (a batch update): "
                  "visit the samples in order and update right after each mistake, so the next sample sees the "
                  "new weights."), batch=True),
]


def _fixed(ctx: CaseContext, rows, labels, dtype) -> tuple[torch.Tensor, torch.Tensor]:
    X = torch.tensor(rows, dtype=dtype).to(ctx.device)
    return X, torch.tensor(labels, dtype=dtype).to(ctx.device)


_AND = ([[0, 0], [0, 1], [1, 0], [1, 1]], [0, 0, 0, 1])
_OR = ([[0, 0], [0, 1], [1, 0], [1, 1]], [0, 1, 1, 1])
_NAND = ([[0, 0], [0, 1], [1, 0], [1, 1]], [1, 1, 1, 0])
# In this order the known mistakes all end XOR's epochs at different weights.
_XOR = ([[0, 1], [1, 0], [1, 1], [0, 0]], [1, 1, 0, 0])
# Three features in halves, in an order where a batch update and the per-sample rule part ways.
_SMALL_3D = ([[1.0, 0.5, -1.0], [-0.5, 1.0, 0.5], [2.0, -1.0, 0.0], [0.0, -0.5, 1.5], [-1.5, 0.0, -0.5],
              [1.0, 1.5, 0.5]], [1, 0, 1, 0, 0, 1])
_LINE = ([[-2.0], [3.0], [-1.0], [1.0], [0.5]], [0, 1, 0, 1, 1])


def _perceptron_fixed_cases(ctx: CaseContext) -> list[Case]:
    X, y = _fixed(ctx, *_AND, F64)
    cases = [Case(args=(X, y), label=_("the AND gate, float64, default lr and epochs"))]
    X, y = _fixed(ctx, *_OR, F32)
    cases.append(Case(args=(X, y, 0.5), label=_("the OR gate, float32, lr=0.5")))
    X, y = _fixed(ctx, *_NAND, F64)
    cases.append(Case(args=(X, y), kwargs={"lr": 1.0, "epochs": 50}, label=_("the NAND gate, float64")))
    X, y = _fixed(ctx, *_SMALL_3D, F64)
    cases.append(Case(args=(X, y), kwargs={"lr": 0.25}, label=_("6 points in 3-D, float64, lr=0.25")))
    X, y = _fixed(ctx, *_LINE, F32)
    cases.append(Case(args=(X, y, 2.0, 20), label=_("5 points on a line (one feature), float32, lr=2")))
    X, y = _fixed(ctx, _AND[0], [0, 0, 0, 0], F64)
    cases.append(Case(args=(X, y), label=_("every label 0, float64")))
    return cases


def _perceptron_limit_cases(ctx: CaseContext) -> list[Case]:
    X, y = _fixed(ctx, *_XOR, F64)
    cases = [Case(args=(X, y, 1.0, 7), label=_("the XOR gate (not linearly separable), float64, epochs=7"))]
    X, y = _fixed(ctx, *_AND, F32)
    cases.append(Case(args=(X, y), kwargs={"epochs": 5}, label=_("the AND gate, float32, epochs=5")))
    X, y = _fixed(ctx, *_SMALL_3D, F64)
    cases.append(Case(args=(X, y), kwargs={"lr": 0.5, "epochs": 1}, label=_("6 points in 3-D, float64, epochs=1")))
    return cases


def _separable(ctx: CaseContext, m: int, d: int, dtype: torch.dtype, lr: float, epochs: int) -> Case:
    """About m points in d dimensions, labelled by a random hyperplane, every point at least a margin
    away from it; drawn again until
    the perceptron rule converges within `epochs` (it always does on such data, given time)."""
    while True:
        w_true = torch.randn(d, generator=ctx.generator, dtype=F64)
        w_true = w_true / w_true.norm()
        centre = torch.randn(d, generator=ctx.generator, dtype=F64) * 2
        X = torch.randn(m, d, generator=ctx.generator, dtype=F64) * 1.5 + centre
        # The hyperplane passes near the data's centre, away from the origin: both classes are
        # large, and the bias matters.
        s = (X - centre) @ w_true + 0.3 * float(torch.randn((), generator=ctx.generator, dtype=F64))
        keep = s.abs() > 0.1
        X, s = X[keep], s[keep]
        y = (s > 0).to(F64)
        if 0 < float(y.sum()) < len(y) and len(y) >= m // 2:
            X, y = X.to(dtype).to(ctx.device), y.to(dtype).to(ctx.device)
            w, b = _perceptron(X, y, lr, epochs)
            if bool(((X @ w + b > 0).to(dtype) == y).all()):
                return Case(args=(X, y), kwargs={"lr": lr, "epochs": epochs},
                            label=_("{n} linearly separable points in {d}-D, {dtype}, lr={lr}").format(
                                n=len(y), d=d, dtype=_dtype_name(dtype), lr=lr))


def _perceptron_random_cases(ctx: CaseContext) -> list[Case]:
    return [_separable(ctx, 20, 2, F64, 1.0, 1000), _separable(ctx, 40, 5, F64, 0.1, 1000),
            _separable(ctx, 30, 3, F32, 0.5, 1000), _separable(ctx, 60, 8, F64, 1.0, 2000)]


def _perceptron_judge(case: Case, output) -> str | None:
    X, y = case.args[0], case.args[1]
    if not isinstance(output, (tuple, list)) or len(output) != 2:
        return _("expected a pair (w, b)")
    w, b = output
    problem = layout_problem(X[0], w)
    if problem is not None:
        return _("{where}: {problem}").format(where="w", problem=problem)
    problem = layout_problem(X[0, 0], b)
    if problem is not None:
        return _("{where}: {problem}").format(where="b", problem=problem)
    X, y = X.detach().cpu(), y.detach().cpu()
    w, b = w.detach().cpu(), b.detach().cpu()
    if not bool(torch.isfinite(w).all() and torch.isfinite(b)):
        return _("w or b is NaN or infinite")
    predictions = (X @ w + b > 0).to(y.dtype)
    wrong = int((predictions != y).sum())
    if wrong:
        return _("the returned (w, b) misclassify {wrong} of {n} training points, although the data is linearly "
                 "separable and training stops only after an epoch without a mistake").format(wrong=wrong, n=len(y))
    return None


PERCEPTRON_TRAIN = Exercise(
    name="networks.perceptron_train",
    checks=[
        Check("fixed_data", 4, _perceptron_fixed_cases, reference=_perceptron_ref, diagnoses=_PERCEPTRON_DIAGNOSES),
        Check("epoch_limit", 2, _perceptron_limit_cases, reference=_perceptron_ref,
              diagnoses=_PERCEPTRON_DIAGNOSES),
        Check("separates_random_data", 2, _perceptron_random_cases, judge=_perceptron_judge),
    ],
    forbidden=("optim", "SGD", "backward", "autograd", "Perceptron", "sklearn"),
)


# ---------------------------------------------------------------------------------------------
# two_layer_backprop

def _backprop_ref(x, target, W1, b1, W2, b2, lr):
    """One gradient-descent step on W1 and W2, the gradients taken by autograd."""
    with torch.enable_grad():
        W1 = W1.detach().clone().requires_grad_(True)
        W2 = W2.detach().clone().requires_grad_(True)
        h = torch.sigmoid(W1 @ x + b1)
        o = torch.sigmoid(W2 @ h + b2)
        E = (0.5 * (target - o) ** 2).sum()
        dW1, dW2 = torch.autograd.grad(E, (W1, W2))
    return (W1 - lr * dW1).detach(), (W2 - lr * dW2).detach()


def _backprop(x, target, W1, b1, W2, b2, lr, *, output_prime=True, hidden_prime=True, new_w2=False,
              sign=1.0, use_lr=True, w2_not_transposed=False, outer_transposed=False, mean_error=False):
    """The hand-written step with one knob turned for each known mistake."""
    h = torch.sigmoid(W1 @ x + b1)
    o = torch.sigmoid(W2 @ h + b2)
    delta_o = o - target
    if mean_error:
        delta_o = delta_o / target.numel()
    if output_prime:
        delta_o = delta_o * o * (1 - o)
    step = lr if use_lr else 1.0
    dW2 = torch.outer(h, delta_o) if outer_transposed else torch.outer(delta_o, h)
    W2_new = W2 - sign * step * dW2
    W2_back = W2_new if new_w2 else W2
    delta_h = (W2_back @ delta_o) if w2_not_transposed else (W2_back.T @ delta_o)
    if hidden_prime:
        delta_h = delta_h * h * (1 - h)
    dW1 = torch.outer(x, delta_h) if outer_transposed else torch.outer(delta_h, x)
    return W1 - sign * step * dW1, W2_new


def _bp_diag(message: str, **knobs) -> Diagnosis:
    return Diagnosis(lambda x, target, W1, b1, W2, b2, lr: _backprop(x, target, W1, b1, W2, b2, lr, **knobs),
                     message)


_BACKPROP_DIAGNOSES = [
    _bp_diag(N_("The output layer's σ′ is missing: δ_o = (o − target)·o(1 − o), since ∂o/∂net_o = o(1 − o)."),
             output_prime=False),
    _bp_diag(N_("The hidden layer's σ′ is missing: δ_h = (W2ᵀ·δ_o)·h(1 − h)."), hidden_prime=False),
    _bp_diag(N_("W1's gradient was computed with the already-updated W2: back-propagate δ_o through the OLD W2 "
                "(compute both gradients first, then update)."), new_w2=True),
    _bp_diag(N_("The step has the wrong sign: gradient descent is W − lr·∂E/∂W, with ∂E/∂o = o − target."),
             sign=-1.0),
    _bp_diag(N_("The learning rate is missing: the step is lr·∂E/∂W."), use_lr=False),
    _bp_diag(N_("E sums ½(target − o)² over the outputs (E_total = E_o1 + E_o2), it is not their mean."),
             mean_error=True),
]
# Mistakes that only run on square weight matrices (elsewhere they fail with a shape error, which
# says enough): diagnosed on the notes' 2-2-2 example.
_SQUARE_DIAGNOSES = [
    _bp_diag(N_("The hidden error was sent back through W2 instead of its transpose: δ_h = (W2ᵀ·δ_o)·h(1 − h), "
                "so each hidden unit collects the errors of every output it feeds."), w2_not_transposed=True),
    _bp_diag(N_("A weight gradient came out transposed: ∂E/∂W = outer(δ, input), of W's shape (out, in)."),
             outer_transposed=True),
]


def _notes_example(ctx: CaseContext, dtype: torch.dtype, *, vector_biases: bool = False) -> Case:
    """Seed 002 §3's 2-2-2 network (the numbers of question_bank/backprop/two_layer_update.py)."""
    def t(values):
        return torch.tensor(values, dtype=dtype).to(ctx.device)

    b1: object = t([0.35, 0.35]) if vector_biases else 0.35
    b2: object = t([0.60, 0.60]) if vector_biases else 0.60
    label = _("the notes' worked example (2-2-2, lr=0.5), {dtype}").format(dtype=_dtype_name(dtype))
    if vector_biases:
        label = _("{case}, biases as vectors").format(case=label)
    return Case(args=(t([0.05, 0.10]), t([0.01, 0.99]), t([[0.15, 0.20], [0.25, 0.30]]), b1,
                      t([[0.40, 0.45], [0.50, 0.55]]), b2, 0.5), label=label)


def _network(ctx: CaseContext, d: int, hidden: int, k: int, dtype: torch.dtype, lr: float, *,
             vector_biases: bool) -> Case:
    x = randn(ctx, d, dtype=dtype)
    target = torch.rand(k, generator=ctx.generator, dtype=dtype).to(ctx.device)
    W1 = randn(ctx, hidden, d, dtype=dtype)
    W2 = randn(ctx, k, hidden, dtype=dtype)
    if vector_biases:
        b1: object = randn(ctx, hidden, dtype=dtype, scale=0.5)
        b2: object = randn(ctx, k, dtype=dtype, scale=0.5)
    else:
        b1 = round(float(torch.randn((), generator=ctx.generator)) * 0.5, 3)
        b2 = round(float(torch.randn((), generator=ctx.generator)) * 0.5, 3)
    label = _("a {d}-{hidden}-{k} network, {dtype}, lr={lr}").format(d=d, hidden=hidden, k=k,
                                                                      dtype=_dtype_name(dtype), lr=lr)
    if vector_biases:
        label = _("{case}, biases as vectors").format(case=label)
    else:
        label = _("{case}, biases as numbers").format(case=label)
    return Case(args=(x, target, W1, b1, W2, b2, lr), label=label)


def _backprop_random_cases(ctx: CaseContext) -> list[Case]:
    sizes = [(3, 4, 2, F64, 0.5), (5, 3, 1, F64, 1.0), (1, 2, 3, F64, 0.1), (4, 6, 4, F32, 0.8), (3, 3, 3, F64, 2.0)]
    return [_network(ctx, d, h, k, dtype, lr, vector_biases=False) for d, h, k, dtype, lr in sizes]


def _backprop_vector_cases(ctx: CaseContext) -> list[Case]:
    return [_notes_example(ctx, F64, vector_biases=True), _network(ctx, 4, 3, 2, F64, 0.5, vector_biases=True),
            _network(ctx, 2, 5, 3, F32, 1.0, vector_biases=True)]


TWO_LAYER_BACKPROP = Exercise(
    name="networks.two_layer_backprop",
    checks=[
        Check("notes_example", 3, lambda ctx: [_notes_example(ctx, F64), _notes_example(ctx, F32)],
              reference=_backprop_ref, diagnoses=[*_BACKPROP_DIAGNOSES, *_SQUARE_DIAGNOSES]),
        Check("random_networks", 3, _backprop_random_cases, reference=_backprop_ref, diagnoses=_BACKPROP_DIAGNOSES),
        Check("vector_biases", 1, _backprop_vector_cases, reference=_backprop_ref, diagnoses=_BACKPROP_DIAGNOSES),
    ],
    # σ itself (torch.sigmoid) is fine: the exercise is the chain rule, so autograd is off limits.
    # A local variable named `grad` is fine (the scan skips local names); `.grad` and `autograd.grad` are not.
    forbidden=("backward", "autograd", "grad", "enable_grad", "requires_grad_", "functorch", "vjp", "jvp",
               "jacrev", "jacfwd", "jacobian", "hessian", "grad_and_value", "optim", "SGD"),
)

EXERCISES = [PERCEPTRON_TRAIN, TWO_LAYER_BACKPROP]
