"""Checks for exercises/losses.py: mse_loss, binary_cross_entropy, cross_entropy and the
hand-written logistic_regression_grads.

References are PyTorch's losses; the logistic-regression gradients are taken by autograd on the
loss EXERCISES.md states.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F

from grader.codegrade.inputs import F32, F64, describe, rand, randn
from grader.codegrade.model import Case, CaseContext, Check, Diagnosis, Exercise
from grader.i18n import N_, _, ngettext

ORDER = 20  # the course's order: modules are graded and reported by ORDER


def _labels(ctx: CaseContext, *shape: int, dtype: torch.dtype | None = None) -> torch.Tensor:
    """0/1 targets as floats."""
    return (torch.rand(shape, generator=ctx.generator) < 0.5).to(dtype or ctx.dtype).to(ctx.device)


def _probs(ctx: CaseContext, *shape: int, dtype: torch.dtype | None = None) -> torch.Tensor:
    """Probabilities strictly inside (0, 1), mostly between 0.05 and 0.95."""
    z = torch.randn(shape, generator=ctx.generator, dtype=dtype or ctx.dtype) * 1.5
    return (1 / (1 + torch.exp(-z))).to(ctx.device)


# ---------------------------------------------------------------------------------------------
# mse_loss

def _mse_ref(pred, target):
    return F.mse_loss(pred, target)


def _mse_sum(pred, target):
    return ((pred - target) ** 2).sum()


def _mse_half(pred, target):
    return ((pred - target) ** 2).mean() / 2


def _mse_abs(pred, target):
    return (pred - target).abs().mean()


def _mse_root(pred, target):
    return ((pred - target) ** 2).mean().sqrt()


def _mse_cases(ctx: CaseContext, *, grad: bool = False) -> list[Case]:
    shapes = [(1,), (5,), (3, 4), (2, 3, 5)]
    dtypes = [F64] if grad else [F32, F64]
    cases = []
    for shape in shapes:
        for dtype in dtypes:
            pred, target = randn(ctx, *shape, dtype=dtype), randn(ctx, *shape, dtype=dtype)
            cases.append(Case(args=(pred, target), grad_wrt=(0, 1) if grad else (), label=describe(pred)))
    return cases


_MSE_DIAGNOSES = [
    Diagnosis(_mse_sum, N_("You summed the squared errors: return their mean (divide by the number of elements).")),
    Diagnosis(_mse_half, N_("You halved the mean, as the notes' ½·(ŷ − y)² does: mse_loss follows PyTorch, without "
                            "the ½, so return the mean of the squared errors itself.")),
    Diagnosis(_mse_abs, N_("You averaged absolute errors (the L1 loss): square the errors.")),
    Diagnosis(_mse_root, N_("You took the square root (the RMSE): return the mean of the squared errors itself.")),
]

MSE_LOSS = Exercise(
    name="losses.mse_loss",
    checks=[
        Check("values", 3, _mse_cases, reference=_mse_ref, diagnoses=_MSE_DIAGNOSES),
        Check("gradient", 3, lambda ctx: _mse_cases(ctx, grad=True), reference=_mse_ref, diagnoses=_MSE_DIAGNOSES),
    ],
    forbidden=("mse_loss", "MSELoss"),
)


# ---------------------------------------------------------------------------------------------
# binary_cross_entropy

def _bce_ref(prob, target):
    return F.binary_cross_entropy(prob, target)


def _bce_sum(prob, target):
    return -(target * torch.log(prob) + (1 - target) * torch.log(1 - prob)).sum()


def _bce_no_minus(prob, target):
    return (target * torch.log(prob) + (1 - target) * torch.log(1 - prob)).mean()


def _bce_positive_only(prob, target):
    return -(target * torch.log(prob)).mean()


def _bce_unclamped(prob, target):
    return -(target * torch.log(prob) + (1 - target) * torch.log(1 - prob)).mean()


def _bce_cases(ctx: CaseContext, *, grad: bool = False) -> list[Case]:
    cases = []
    for shape in [(1,), (6,), (4, 3), (2, 3, 4)]:
        for dtype in ([F64] if grad else [F32, F64]):
            prob = _probs(ctx, *shape, dtype=dtype)
            target = _labels(ctx, *shape, dtype=dtype)
            cases.append(Case(args=(prob, target), grad_wrt=(0,) if grad else (),
                              label=_("0/1 targets, {tensor}").format(tensor=describe(prob))))
    if not grad:
        prob, target = _probs(ctx, 8, dtype=F64), rand(ctx, 8, dtype=F64)
        cases.append(Case(args=(prob, target),
                          label=_("soft targets in [0, 1], {tensor}").format(tensor=describe(prob))))
    return cases


def _bce_edge_cases(ctx: CaseContext) -> list[Case]:
    cases = []
    for dtype in (F32, F64):
        prob = torch.cat([torch.tensor([0.0, 1.0, 0.0, 1.0], dtype=dtype), _probs(ctx, 4, dtype=dtype).cpu()])
        target = torch.cat([torch.tensor([0.0, 1.0, 0.0, 1.0], dtype=dtype), _labels(ctx, 4, dtype=dtype).cpu()])
        cases.append(Case(args=(prob.to(ctx.device), target.to(ctx.device)),
                          label=_("some probabilities exactly 0 or 1 on the right class, {tensor}").format(
                              tensor=describe(prob))))
    return cases


_BCE_SUM = Diagnosis(_bce_sum, N_("You summed over the elements: return the mean over all of them."))
_BCE_DIAGNOSES = [
    _BCE_SUM,
    Diagnosis(_bce_no_minus, N_("You left out the minus sign: the loss is −[y·ln p + (1 − y)·ln(1 − p)], which is "
                                "never negative.")),
    Diagnosis(_bce_positive_only, N_("You left out the (1 − y)·ln(1 − p) term of the negative class: add it.")),
]

BINARY_CROSS_ENTROPY = Exercise(
    name="losses.binary_cross_entropy",
    checks=[
        Check("values", 3, _bce_cases, reference=_bce_ref, diagnoses=_BCE_DIAGNOSES),
        Check("saturated_probabilities", 2, _bce_edge_cases, reference=_bce_ref, diagnoses=[
            Diagnosis(_bce_unclamped,
                      N_("You took the logarithms unclamped, and 0·ln 0 gives NaN: clamp each logarithm at −100 "
                         "(as PyTorch does) before multiplying.")),
        ]),
        Check("gradient", 2, lambda ctx: _bce_cases(ctx, grad=True), reference=_bce_ref, diagnoses=_BCE_DIAGNOSES),
    ],
    forbidden=("binary_cross_entropy", "BCELoss", "binary_cross_entropy_with_logits", "BCEWithLogitsLoss",
               "cross_entropy", "CrossEntropyLoss", "nll_loss", "NLLLoss"),
)


# ---------------------------------------------------------------------------------------------
# cross_entropy

def _ce_ref(logits, target):
    return F.cross_entropy(logits, target)


def _ce_no_max(logits, target):
    log_probs = logits - torch.log(torch.exp(logits).sum(dim=1, keepdim=True))
    return -log_probs.gather(1, target.long().unsqueeze(1)).mean()


def _ce_sum(logits, target):
    return F.cross_entropy(logits, target, reduction="sum")


def _ce_no_log(logits, target):
    return -F.softmax(logits, dim=1).gather(1, target.long().unsqueeze(1)).mean()


def _ce_cases(ctx: CaseContext, *, grad: bool = False) -> list[Case]:
    cases = []
    for n, c in [(1, 3), (5, 4), (7, 10), (2, 2)]:
        for dtype in ([F64] if grad else [F32, F64]):
            logits = randn(ctx, n, c, dtype=dtype, scale=2.0)
            target = torch.randint(c, (n,), generator=ctx.generator).to(ctx.device)
            cases.append(Case(args=(logits, target), grad_wrt=(0,) if grad else (),
                              label=_("{samples}, {classes}, {dtype}").format(
                                  samples=ngettext("{n} sample", "{n} samples", n).format(n=n),
                                  classes=ngettext("{n} class", "{n} classes", c).format(n=c),
                                  dtype=str(dtype).removeprefix("torch."))))
    return cases


def _ce_large_cases(ctx: CaseContext) -> list[Case]:
    cases = []
    for dtype in (F32, F64):
        fixed = torch.tensor([[1000.0, 1001.0, 1002.0, 999.0], [-1000.0, 0.0, 1000.0, 5.0]], dtype=dtype)
        noise = torch.randn((4, 4), generator=ctx.generator, dtype=dtype) * 500
        logits = torch.cat([fixed, noise]).to(ctx.device)
        target = torch.cat([torch.tensor([0, 1]), torch.randint(4, (4,), generator=ctx.generator)]).to(ctx.device)
        tensor = describe(logits)
        cases.append(Case(args=(logits, target), label=_("large-magnitude logits, {tensor}").format(tensor=tensor)))
        cases.append(Case(args=(logits.clone(), target.clone()), grad_wrt=(0,),
                          label=_("gradient at large-magnitude logits, {tensor}").format(tensor=tensor)))
    return cases


_CE_DIAGNOSES = [
    Diagnosis(_ce_sum, N_("You summed over the batch: return the mean over the N samples.")),
    Diagnosis(_ce_no_log, N_("You used the probability of the target class itself: take its logarithm, "
                             "−log softmax(logits)[target].")),
]

CROSS_ENTROPY = Exercise(
    name="losses.cross_entropy",
    checks=[
        Check("values", 3, _ce_cases, reference=_ce_ref, diagnoses=_CE_DIAGNOSES),
        Check("large_logits", 3, _ce_large_cases, reference=_ce_ref, diagnoses=[
            Diagnosis(_ce_no_max, N_("You exponentiated the raw logits, which overflows on large ones: subtract each "
                                     "row's maximum logit first.")),
            *_CE_DIAGNOSES,
        ]),
        Check("gradient", 2, lambda ctx: _ce_cases(ctx, grad=True), reference=_ce_ref, diagnoses=_CE_DIAGNOSES),
    ],
    forbidden=("cross_entropy", "CrossEntropyLoss", "nll_loss", "NLLLoss", "log_softmax", "LogSoftmax",
               "_log_softmax", "logsumexp"),
)


# ---------------------------------------------------------------------------------------------
# logistic_regression_grads

def _lr_ref(X, y, w, b, loss):
    with torch.enable_grad():
        w = w.detach().clone().requires_grad_(True)
        b = b.detach().clone().requires_grad_(True)
        z = X @ w + b
        if loss == "mse":
            L = ((torch.sigmoid(z) - y) ** 2).sum() / (2 * X.shape[0])
        else:
            L = F.binary_cross_entropy_with_logits(z, y)  # the mean of −y ln σ − (1 − y) ln(1 − σ), stably
        dw, db = torch.autograd.grad(L, (w, b))
    return dw, db


def _lr_mse_no_sigma_prime(X, y, w, b, loss):
    s = torch.sigmoid(X @ w + b)
    delta = (s - y) / X.shape[0]  # the cross-entropy gradient, used for both losses
    return X.T @ delta, delta.sum()


def _lr_no_mean(X, y, w, b, loss):
    s = torch.sigmoid(X @ w + b)
    delta = (s - y) * s * (1 - s) if loss == "mse" else (s - y)
    return X.T @ delta, delta.sum()


def _lr_sign_flipped(X, y, w, b, loss):
    dw, db = _lr_ref(X, y, w, b, loss)
    return -dw, -db


def _lr_cases(ctx: CaseContext, loss: str) -> list[Case]:
    cases = []
    for m, d, dtype in [(1, 3, F64), (5, 1, F64), (16, 4, F64), (9, 2, F32)]:
        X = randn(ctx, m, d, dtype=dtype)
        y = _labels(ctx, m, dtype=dtype)
        w = randn(ctx, d, dtype=dtype)
        b = randn(ctx, dtype=dtype)
        cases.append(Case(args=(X, y, w, b, loss), label=f"m={m}, d={d}, {str(dtype).removeprefix('torch.')}"))
    return cases


_LR_SIGN = Diagnosis(_lr_sign_flipped, N_("Your gradients have the wrong sign (they point uphill): the error term is "
                                          "σ − y, not y − σ."))
_LR_MEAN = Diagnosis(_lr_no_mean, N_("You left out the 1/m: the loss averages over the m samples, so divide the "
                                     "gradients by m."))

LOGISTIC_REGRESSION_GRADS = Exercise(
    name="losses.logistic_regression_grads",
    checks=[
        Check("mse_gradients", 4, lambda ctx: _lr_cases(ctx, "mse"), reference=_lr_ref, diagnoses=[
            Diagnosis(_lr_mse_no_sigma_prime,
                      N_("You used the cross-entropy gradient (σ − y)/m for the squared-error loss too: there the "
                         "chain rule brings in σ′(z) = σ(1 − σ), dL/dz = (σ − y)·σ(1 − σ)/m.")),
            _LR_MEAN, _LR_SIGN,
        ]),
        Check("ce_gradients", 4, lambda ctx: _lr_cases(ctx, "ce"), reference=_lr_ref, diagnoses=[_LR_MEAN, _LR_SIGN]),
    ],
    # Computing σ with torch.sigmoid is fine: the exercise is the gradient, so only autograd is off limits.
    # A local variable named `grad` is fine (the scan skips local names); `.grad` and `autograd.grad` are not.
    forbidden=("backward", "autograd", "grad", "enable_grad", "requires_grad_", "functorch", "vjp", "jvp",
               "jacrev", "jacfwd", "jacobian", "hessian", "grad_and_value"),
)

EXERCISES = [MSE_LOSS, BINARY_CROSS_ENTROPY, CROSS_ENTROPY, LOGISTIC_REGRESSION_GRADS]
