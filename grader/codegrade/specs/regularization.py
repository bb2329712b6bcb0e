"""Checks for exercises/regularization.py: l1_update, l2_update, dropout, batch_norm.

The weight-decay updates are checked against the formulas of EXERCISES.md written with tensor
arithmetic; dropout against its mask formula (for a given generator) and statistically (without
one), batch_norm against F.batch_norm, running statistics included.
"""

from __future__ import annotations

import functools
import math

import torch
import torch.nn.functional as F

from grader.codegrade.compare import layout_problem
from grader.codegrade.inputs import F32, F64, describe, randn
from grader.codegrade.model import Case, CaseContext, Check, Diagnosis, Exercise, Gen
from grader.i18n import N_, _

ORDER = 30  # the course's order: modules are graded and reported by ORDER


def _nonzero(ctx: CaseContext, *shape: int, dtype: torch.dtype | None = None) -> torch.Tensor:
    """Random values of magnitude at least 0.5, so that a zero in the output can only mean "dropped"."""
    t = torch.randn(shape, generator=ctx.generator, dtype=dtype or ctx.dtype)
    return (t.sign() * (t.abs() + 0.5)).to(ctx.device)


# ---------------------------------------------------------------------------------------------
# l1_update and l2_update

def _l1_ref(w, grad, lr, lam, n):
    return w - lr * lam * torch.sign(w) / n - lr * grad


def _l2_ref(w, grad, lr, lam, n):
    return (1 - lr * lam / n) * w - lr * grad


def _update_cases(ctx: CaseContext, *, zeros: bool, grad: bool = False) -> list[Case]:
    cases = []
    settings = [((5,), 0.1, 0.5, 10, F64), ((3, 4), 0.05, 0.01, 100, F64), ((2, 3, 2), 0.5, 2.0, 3, F32),
                ((1,), 0.2, 1.0, 1, F32)]
    if grad:
        settings = [((4, 3), 0.1, 0.5, 10, F64), ((6,), 0.3, 2.0, 5, F64)]
    for shape, lr, lam, n, dtype in settings:
        w = randn(ctx, *shape, dtype=dtype)
        if zeros and w.numel() > 2:
            w = w.clone()
            w.view(-1)[::3] = 0.0  # sign(0) = 0: no penalty pull on an exact zero
        g = randn(ctx, *shape, dtype=dtype)
        cases.append(Case(args=(w, g, lr, lam, n), grad_wrt=(0, 1) if grad else (),
                          label=_("{tensor}, lr={lr}, lam={lam}, n={n}").format(tensor=describe(w), lr=lr, lam=lam,
                                                                                n=n)))
    return cases


_L1_DIAGNOSES = [
    Diagnosis(lambda w, grad, lr, lam, n: w - lr * lam * torch.sign(w) - lr * grad,
              N_("You left out the 1/n of the penalty step: w′ = w − η·λ·sign(w)/n − η·grad.")),
    Diagnosis(lambda w, grad, lr, lam, n: w + lr * lam * torch.sign(w) / n - lr * grad,
              N_("You added the penalty step, pushing weights away from 0: L1 decay pulls them towards 0, so "
                 "subtract η·λ·sign(w)/n.")),
    Diagnosis(lambda w, grad, lr, lam, n: w - lam * torch.sign(w) / n - lr * grad,
              N_("You left the learning rate out of the penalty step: it is η·λ·sign(w)/n.")),
    Diagnosis(lambda w, grad, lr, lam, n: (1 - lr * lam / n) * w - lr * grad,
              N_("You wrote the L2 (weight-decay) update: the L1 step uses sign(w), not w.")),
]

_L2_DIAGNOSES = [
    Diagnosis(lambda w, grad, lr, lam, n: (1 - lam / n) * w - lr * grad,
              N_("You left the learning rate out of the decay factor (as the last line of the notes, 003, does: "
                 "erratum 6): it is 1 − η·λ/n.")),
    Diagnosis(lambda w, grad, lr, lam, n: (1 - lr * lam) * w - lr * grad,
              N_("You left out the 1/n: the decay factor is 1 − η·λ/n, λ divided by the number of samples n.")),
    Diagnosis(lambda w, grad, lr, lam, n: (1 - 2 * lr * lam / n) * w - lr * grad,
              N_("Your decay factor has a factor 2 (the gradient of a penalty (λ/n)·Σw²): the penalty here is "
                 "(λ/2n)·Σw², whose gradient is λ·w/n, so the factor is 1 − η·λ/n.")),
    Diagnosis(lambda w, grad, lr, lam, n: (1 + lr * lam / n) * w - lr * grad,
              N_("You grew the weights (1 + η·λ/n): weight decay shrinks them, the factor is 1 − η·λ/n.")),
]

L1_UPDATE = Exercise(
    name="regularization.l1_update",
    checks=[
        Check("values", 4, lambda ctx: _update_cases(ctx, zeros=True), reference=_l1_ref, diagnoses=_L1_DIAGNOSES),
        Check("gradient", 1, lambda ctx: _update_cases(ctx, zeros=False, grad=True), reference=_l1_ref,
              diagnoses=_L1_DIAGNOSES),
    ],
    forbidden=("optim", "SGD", "sgd"),
)

L2_UPDATE = Exercise(
    name="regularization.l2_update",
    checks=[
        Check("values", 4, lambda ctx: _update_cases(ctx, zeros=False), reference=_l2_ref, diagnoses=_L2_DIAGNOSES),
        Check("gradient", 1, lambda ctx: _update_cases(ctx, zeros=False, grad=True), reference=_l2_ref,
              diagnoses=_L2_DIAGNOSES),
    ],
    forbidden=("optim", "SGD", "sgd"),
)


# ---------------------------------------------------------------------------------------------
# dropout

def _mask(x, p, generator, dtype=None):
    return torch.rand(x.shape, generator=generator, device=x.device, dtype=dtype or x.dtype) >= p


def _dropout_ref(x, p, training=True, generator=None):
    """The EXERCISES.md mask with the case's generator; F.dropout where no generator is involved."""
    if not training or p == 0 or p >= 1 or generator is None:
        return F.dropout(x, p, training=training)
    return x * _mask(x, p, generator) / (1 - p)


def _dropout_no_rescale(x, p, training=True, generator=None):
    if not training:
        return x.clone()
    return x * _mask(x, p, generator)


def _dropout_keeps_below_p(x, p, training=True, generator=None):
    if not training:
        return x.clone()
    keep = torch.rand(x.shape, generator=generator, device=x.device, dtype=x.dtype) < p
    return x * keep / (1 - p)


def _dropout_times_keep_prob(x, p, training=True, generator=None):
    if not training:
        return x.clone()
    return x * _mask(x, p, generator) * (1 - p)


def _dropout_divides_by_p(x, p, training=True, generator=None):
    if not training:
        return x.clone()
    return x * _mask(x, p, generator) / p


def _dropout_float32_rand(x, p, training=True, generator=None):
    if not training:
        return x.clone()
    return x * _mask(x, p, generator, dtype=torch.float32) / (1 - p)


def _dropout_always(x, p, training=True, generator=None):
    return x * _mask(x, p, generator) / (1 - p)


_NO_RESCALE = Diagnosis(_dropout_no_rescale,
                        N_("You left the kept values unscaled (classic dropout, which scales at test time instead): "
                           "inverted dropout divides them by 1 − p during training, so that the expected output "
                           "equals the input."))
_MASK_DIAGNOSES = [
    _NO_RESCALE,
    Diagnosis(_dropout_keeps_below_p,
              N_("You kept the elements where rand < p, an inverted mask: p is the probability of DROPPING, so "
                 "keep an element where rand ≥ p.")),
    Diagnosis(_dropout_times_keep_prob, N_("You multiplied the kept values by 1 − p (classic dropout's test-time "
                                           "scaling): inverted dropout divides them by 1 − p.")),
    Diagnosis(_dropout_divides_by_p,
              N_("You divided the kept values by p: divide them by the keep probability 1 − p.")),
    Diagnosis(_dropout_float32_rand,
              N_("You drew the random numbers in the default dtype: draw them with dtype=x.dtype (and "
                 "device=x.device) as specified, since float32 numbers give a different mask for float64 inputs.")),
]


def _mask_cases(ctx: CaseContext) -> list[Case]:
    cases = []
    for i, (shape, p, dtype) in enumerate([((4, 5), 0.3, F32), ((2, 3, 4, 5), 0.8, F64), ((1, 7), 0.5, F64),
                                           ((6, 3), 0.25, F64)]):
        x = _nonzero(ctx, *shape, dtype=dtype)
        seed = int(torch.randint(2**31 - 1, (1,), generator=ctx.generator))
        label = _("{tensor}, p={p}, a seeded generator").format(tensor=describe(x), p=p)
        if i % 2:
            case = Case(args=(x, p, True, Gen(seed)), label=label)
        else:
            case = Case(args=(x, p), kwargs={"generator": Gen(seed)}, label=label)
        cases.append(case)
    return cases


# Six standard deviations of a binomial fraction: a correct implementation fails one case in about
# 5·10⁸; the 1/n term keeps tiny p(1 − p) sound.
_SIGMAS = 6.0


def _dropout_judge(case: Case, output) -> str | None:
    x, p = case.args[0], case.args[1]
    problem = layout_problem(x, output)
    if problem is not None:
        return problem
    out = output.detach().to("cpu", torch.float64)
    xd = x.detach().to("cpu", torch.float64)
    if not bool(torch.isfinite(out).all()):
        return _("NaN or Inf in the output")
    dropped = out == 0
    kept = ~dropped
    tol = 1e-12 if x.dtype == torch.float64 else 1e-6
    scaled = xd / (1 - p)
    if not bool(((out[kept] - scaled[kept]).abs() <= tol * scaled[kept].abs() + tol).all()):
        if bool(((out[kept] - xd[kept]).abs() <= tol * xd[kept].abs() + tol).all()):
            return _("your kept values come back unscaled (classic dropout): inverted dropout divides them "
                     "by 1 − p")
        return _("your kept values are not the input divided by 1 − p")
    n = x.numel()
    frac = float(dropped.sum()) / n
    bound = _SIGMAS * math.sqrt(p * (1 - p) / n) + 1 / n
    if abs(frac - p) > bound:
        if abs(frac - (1 - p)) <= bound:
            return _("you zeroed about 1 − p of the elements: p is the probability of dropping, so keep an "
                     "element where rand ≥ p")
        return _("{fraction} of the elements were zeroed, far from the drop probability p").format(
            fraction=f"{frac:.1%}")
    return None


def _stat_cases(ctx: CaseContext) -> list[Case]:
    cases = []
    for shape, p, dtype in [((100, 200), 0.2, F32), ((50, 4, 10, 10), 0.5, F64), ((20000,), 0.9, F32)]:
        x = _nonzero(ctx, *shape, dtype=dtype)
        cases.append(Case(args=(x, p), label=_("{tensor}, p={p}, no generator").format(tensor=describe(x), p=p)))
    return cases


def _eval_cases(ctx: CaseContext) -> list[Case]:
    x = _nonzero(ctx, 4, 6, dtype=F64)
    y = _nonzero(ctx, 2, 3, 5, dtype=F32)
    return [
        Case(args=(x, 0.5), kwargs={"training": False, "generator": Gen(11)},
             label=_("eval mode, {tensor}").format(tensor=describe(x))),
        Case(args=(y, 0.3, False, Gen(12)), label=_("eval mode, {tensor}").format(tensor=describe(y))),
    ]


def _edge_cases(ctx: CaseContext) -> list[Case]:
    x = _nonzero(ctx, 5, 4, dtype=F64)
    y = _nonzero(ctx, 3, 7, dtype=F32)
    return [
        Case(args=(x, 0.0), kwargs={"generator": Gen(21)}, label=_("p={p}, {tensor}").format(p=0, tensor=describe(x))),
        Case(args=(x.clone(), 1.0), kwargs={"generator": Gen(22)},
             label=_("p={p}, {tensor}").format(p=1, tensor=describe(x))),
        Case(args=(y, 1.0), label=_("p={p}, {tensor}, no generator").format(p=1, tensor=describe(y))),
    ]


def _dropout_grad_cases(ctx: CaseContext) -> list[Case]:
    x = _nonzero(ctx, 6, 5, dtype=F64)
    return [Case(args=(x, 0.4), kwargs={"generator": Gen(31)}, grad_wrt=(0,),
                 label=_("{tensor}, p={p}").format(tensor=describe(x), p=0.4))]


def _dropout_divide_by_zero(x, p, training=True, generator=None):
    if not training:
        return x.clone()
    return x * _mask(x, p, generator) / (1 - p) if p < 1 else x * 0.0 / (1 - p)


DROPOUT = Exercise(
    name="regularization.dropout",
    checks=[
        Check("mask_for_generator", 3, _mask_cases, reference=_dropout_ref, diagnoses=_MASK_DIAGNOSES),
        Check("statistics", 2, _stat_cases, judge=_dropout_judge),
        Check("eval_identity", 1, _eval_cases, reference=_dropout_ref, diagnoses=[
            Diagnosis(_dropout_always, N_("You dropped values in evaluation mode too: with training=False return the "
                                          "input unchanged.")),
        ]),
        Check("p_zero_and_one", 1, _edge_cases, reference=_dropout_ref, diagnoses=[
            Diagnosis(_dropout_divide_by_zero,
                      N_("You divided by 1 − p = 0 at p = 1: p = 1 drops everything, so return zeros.")),
        ]),
        Check("gradient", 1, _dropout_grad_cases, reference=_dropout_ref, diagnoses=[_NO_RESCALE]),
    ],
    forbidden=("dropout", "dropout_", "Dropout", "dropout1d", "dropout2d", "dropout3d", "Dropout1d", "Dropout2d",
               "Dropout3d", "alpha_dropout", "alpha_dropout_", "AlphaDropout", "feature_alpha_dropout",
               "FeatureAlphaDropout", "feature_dropout", "native_dropout"),
)


# ---------------------------------------------------------------------------------------------
# batch_norm

def _bn_ref(x, gamma, beta, running_mean, running_var, training, momentum=0.1, eps=1e-5):
    return F.batch_norm(x, running_mean, running_var, weight=gamma, bias=beta, training=training,
                        momentum=momentum, eps=eps)


def _bn_variant(x, gamma, beta, running_mean, running_var, training, momentum=0.1, eps=1e-5, *,
                norm_var="biased", update="unbiased", eval_batch=False, reduce_over_n_only=False,
                eps_where="inside"):
    """A batch norm with one knob turned: each diagnosis below is one realistic mistake."""
    view = [1, -1] + [1] * (x.dim() - 2)
    dims = [0] if reduce_over_n_only else [d for d in range(x.dim()) if d != 1]
    keep = reduce_over_n_only
    if training or eval_batch:
        mean = x.mean(dim=dims, keepdim=keep)
        var_b = x.var(dim=dims, unbiased=False, keepdim=keep)
        var_u = x.var(dim=dims, unbiased=True, keepdim=keep)
        if training and update != "none" and not reduce_over_n_only:
            batch_var = var_u if update in ("unbiased", "swapped") else var_b
            with torch.no_grad():
                if update == "swapped":
                    running_mean.mul_(momentum).add_((1 - momentum) * mean)
                    running_var.mul_(momentum).add_((1 - momentum) * batch_var)
                else:
                    running_mean.mul_(1 - momentum).add_(momentum * mean)
                    running_var.mul_(1 - momentum).add_(momentum * batch_var)
        var = var_u if norm_var == "unbiased" else var_b
    else:
        mean, var = running_mean, running_var
    if not keep:
        mean, var = mean.view(view), var.view(view)
    if eps_where == "outside":
        x_hat = (x - mean) / (torch.sqrt(var) + eps)
    elif eps_where == "none":
        x_hat = (x - mean) / torch.sqrt(var)
    else:
        x_hat = (x - mean) / torch.sqrt(var + eps)
    return gamma.view(view) * x_hat + beta.view(view)


def _bn_diag(message: str, **knobs) -> Diagnosis:
    return Diagnosis(functools.partial(_bn_variant, **knobs), message)


_BN_UNBIASED = _bn_diag(N_("You normalised with the unbiased batch variance (n − 1): normalise with the biased one "
                           "(divide by the number of values n); only running_var uses the unbiased one."),
                        norm_var="unbiased")
_BN_EPS = _bn_diag(N_("You added eps outside the square root: it goes inside, (x − μ)/√(σ² + eps)."),
                   eps_where="outside")
_BN_NO_EPS = _bn_diag(N_("You left out eps, and a constant channel has variance 0: add eps inside the square root."),
                      eps_where="none")
_BN_EVAL_BATCH = _bn_diag(N_("You normalised with the batch statistics in evaluation mode: there use running_mean "
                             "and running_var."), eval_batch=True, update="none")
_BN_OVER_N = _bn_diag(N_("You took the statistics of (N, C, H, W) inputs over N only: take them over N, H and W, one "
                         "mean and one variance per channel."), reduce_over_n_only=True)


def _bn_params(ctx: CaseContext, c: int, dtype: torch.dtype):
    gamma = (1 + 0.5 * torch.randn((c,), generator=ctx.generator, dtype=dtype)).to(ctx.device)
    beta = randn(ctx, c, dtype=dtype)
    rm = randn(ctx, c, dtype=dtype)
    rv = (0.5 + torch.rand((c,), generator=ctx.generator, dtype=dtype)).to(ctx.device)
    return gamma, beta, rm, rv


def _bn_input(ctx: CaseContext, shape, dtype):
    # Shifted and scaled per channel so that the statistics matter.
    c = shape[1]
    view = [1, c] + [1] * (len(shape) - 2)
    shift = torch.randn((c,), generator=ctx.generator, dtype=dtype).view(view) * 2
    scale = (0.5 + 2 * torch.rand((c,), generator=ctx.generator, dtype=dtype)).view(view)
    return (torch.randn(shape, generator=ctx.generator, dtype=dtype) * scale + shift).to(ctx.device)


def _bn_train_cases(ctx: CaseContext, shapes, *, grad: bool = False) -> list[Case]:
    """Training-mode cases with momentum 0, so the running statistics stay put whatever the update
    rule: these cases judge the normalisation alone."""
    cases = []
    for i, (shape, dtype) in enumerate(shapes):
        x = _bn_input(ctx, shape, dtype)
        gamma, beta, rm, rv = _bn_params(ctx, shape[1], dtype)
        eps = 1e-3 if i == 1 else 1e-5
        kwargs = {"momentum": 0.0} if eps == 1e-5 else {"momentum": 0.0, "eps": eps}
        args: tuple[object, ...] = (x, gamma, beta, rm, rv, True)
        if i % 2 and not grad:
            args, kwargs = args[:5], {**kwargs, "training": True}
        cases.append(Case(args=args, kwargs=kwargs, mutates=(3, 4), grad_wrt=(0, 1, 2) if grad else (),
                          label=_("training, {tensor}").format(tensor=describe(x))
                                + (f", eps={eps}" if eps != 1e-5 else "")))
    return cases


def _bn_constant_cases(ctx: CaseContext) -> list[Case]:
    cases = []
    for shape, dtype in [((6, 3), F64), ((2, 3, 4, 4), F32)]:
        x = _bn_input(ctx, shape, dtype).clone()
        x[:, 1] = 2.5  # one channel with a single repeated value
        gamma, beta, rm, rv = _bn_params(ctx, shape[1], dtype)
        cases.append(Case(args=(x, gamma, beta, rm, rv, True), kwargs={"momentum": 0.0}, mutates=(3, 4),
                          label=_("training, a constant channel, {tensor}").format(tensor=describe(x))))
    return cases


def _bn_running_cases(ctx: CaseContext) -> list[Case]:
    cases = []
    for shape, dtype, momentum in [((8, 3), F64, None), ((2, 4, 3, 5), F64, 0.3), ((5, 2), F32, 0.1),
                                   ((3, 2, 2, 3), F32, None)]:
        x = _bn_input(ctx, shape, dtype)
        gamma, beta, rm, rv = _bn_params(ctx, shape[1], dtype)
        kwargs = {} if momentum is None else {"momentum": momentum}
        cases.append(Case(args=(x, gamma, beta, rm, rv, True), kwargs=kwargs, mutates=(3, 4),
                          label=_("training, running statistics, {tensor}").format(tensor=describe(x))
                                + (f", momentum={momentum}" if momentum is not None else "")))
    return cases


def _bn_eval_cases(ctx: CaseContext, *, grad: bool = False) -> list[Case]:
    cases = []
    for shape, dtype in ([((5, 3), F64), ((2, 3, 4, 5), F32), ((1, 4), F64)] if not grad else [((4, 3, 2, 2), F64)]):
        x = _bn_input(ctx, shape, dtype)
        gamma, beta, rm, rv = _bn_params(ctx, shape[1], dtype)
        cases.append(Case(args=(x, gamma, beta, rm, rv, False), grad_wrt=(0, 1, 2) if grad else (),
                          label=_("evaluation mode, {tensor}").format(tensor=describe(x))))
    return cases


BATCH_NORM = Exercise(
    name="regularization.batch_norm",
    checks=[
        Check("train_2d", 2, lambda ctx: _bn_train_cases(ctx, [((4, 3), F64), ((16, 5), F64), ((2, 1), F32)]),
              reference=_bn_ref, diagnoses=[_BN_UNBIASED, _BN_EPS]),
        Check("train_4d", 2,
              lambda ctx: _bn_train_cases(ctx, [((2, 3, 4, 5), F64), ((1, 2, 3, 3), F64), ((3, 4, 5, 2), F32)]),
              reference=_bn_ref, diagnoses=[_BN_OVER_N, _BN_UNBIASED, _BN_EPS]),
        Check("constant_channel", 1, _bn_constant_cases, reference=_bn_ref, diagnoses=[_BN_NO_EPS]),
        Check("running_statistics", 2, _bn_running_cases, reference=_bn_ref, diagnoses=[
            _bn_diag(N_("You left running_mean and running_var unchanged: in training mode update them in place "
                        "(e.g. running_mean.mul_(1 − momentum).add_(momentum·mean))."), update="none"),
            _bn_diag(N_("You updated running_var with the biased batch variance: use the unbiased one (n − 1 in the "
                        "denominator), as PyTorch does."), update="biased"),
            _bn_diag(N_("You weighted the old statistics by momentum (Keras's convention): in PyTorch momentum "
                        "weighs the new batch, running = (1 − momentum)·running + momentum·batch."),
                     update="swapped"),
        ]),
        Check("eval_mode", 1, _bn_eval_cases, reference=_bn_ref, diagnoses=[_BN_EVAL_BATCH]),
        Check("gradient", 2,
              lambda ctx: (_bn_train_cases(ctx, [((6, 3), F64), ((2, 2, 3, 3), F64)], grad=True)
                           + _bn_eval_cases(ctx, grad=True)),
              reference=_bn_ref, diagnoses=[_BN_UNBIASED, _BN_EVAL_BATCH]),
    ],
    forbidden=("batch_norm", "BatchNorm1d", "BatchNorm2d", "BatchNorm3d", "LazyBatchNorm1d", "LazyBatchNorm2d",
               "SyncBatchNorm", "native_batch_norm", "_native_batch_norm_legit", "cudnn_batch_norm",
               "batch_norm_stats", "batch_norm_elemt", "instance_norm", "InstanceNorm1d", "InstanceNorm2d",
               "layer_norm", "LayerNorm", "native_layer_norm", "group_norm", "GroupNorm", "native_group_norm"),
)

EXERCISES = [L1_UPDATE, L2_UPDATE, DROPOUT, BATCH_NORM]
