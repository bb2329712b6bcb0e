"""Checks for exercises/optim.py: sgd_step, momentum_step, nesterov_step, adagrad_step, rmsprop_step,
adam_step and exponential_decay.

Each update is checked over runs of several steps with gradients that change at every step: the
student's function is called once per case, so a run of k steps is k cases, the inputs of step j
being the parameters and state after j steps as the reference computed them, from a zero state (as
training starts) and from a non-zero one (as it goes on). Every case compares the new parameters
AND the returned state. The references are the course notes' formulas (momentum with η inside m,
eps inside the square roots; tests/specs/test_optim.py checks them against torch.optim where the
two agree), Adam is torch.optim.Adam's own update (its functional form, `torch.optim.adam.adam`,
which torch.optim.Adam.step calls; the class itself would import torch._dynamo, a second of
start-up). nesterov_step receives a gradient function that is a cubic (`GradFn`), not linear, so
the point where the student evaluates it shows.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from typing import Any

import torch
from torch.optim.adam import adam as _torch_adam

from grader.codegrade.inputs import F32, F64, describe, rand, randn
from grader.codegrade.model import Case, CaseContext, Check, Diagnosis, Exercise, GradFn
from grader.i18n import N_, _

ORDER = 60  # the course's order: modules are graded and reported by ORDER

# torch.optim in every form: the optimiser classes, their functional API (torch.optim._functional,
# torch.optim.adam.adam ...) and the schedulers.
_FORBIDDEN = ("optim", "Optimizer", "SGD", "sgd", "Adam", "adam", "AdamW", "adamw", "Adamax", "adamax", "NAdam",
              "nadam", "RAdam", "radam", "Adagrad", "adagrad", "RMSprop", "rmsprop", "Adadelta", "adadelta", "ASGD",
              "asgd", "Rprop", "rprop", "LBFGS", "SparseAdam", "_functional", "lr_scheduler", "LRScheduler",
              "ExponentialLR", "StepLR", "MultiStepLR", "LambdaLR", "MultiplicativeLR")


# ---------------------------------------------------------------------------------------------
# Runs of several steps


def _as_tuple(out: Any) -> tuple[Any, ...]:
    return out if isinstance(out, tuple) else (out,)


def _run(ctx: CaseContext, ref: Callable[..., Any], *, w: torch.Tensor, state: tuple[torch.Tensor, ...],
         steps: int, start: str, settings: str, hyper: tuple[Any, ...] = (), kwargs: dict[str, Any] | None = None,
         scale: float = 1.0, zeros: bool = False, grad_fn: GradFn | None = None,
         t0: int | None = None) -> list[Case]:
    """The cases of one run of `steps` steps: case j holds the parameters and state after j steps of
    the reference, a fresh gradient (`_gradient`, or `grad_fn` itself), the step number t0 + j when
    given (Adam), then `hyper` and `kwargs`. `start` and `settings` go into the labels as they are
    (already in the report's language)."""
    kwargs = kwargs or {}
    cases = []
    for j in range(steps):
        if grad_fn is not None:
            middle: tuple[Any, ...] = (grad_fn,)
        else:
            middle = (_gradient(ctx, w, scale=scale, zeros=zeros),)
        if t0 is not None:
            middle = (*middle, t0 + j)
        args = (w, *state, *middle, *hyper)
        if t0 is not None:
            label = _("step {j} of {steps} from {start}, t={t}, {tensor}, {settings}").format(
                j=j + 1, steps=steps, start=start, t=t0 + j, tensor=describe(w), settings=settings)
        else:
            label = _("step {j} of {steps} from {start}, {tensor}, {settings}").format(
                j=j + 1, steps=steps, start=start, tensor=describe(w), settings=settings)
        cases.append(Case(args=args, kwargs=dict(kwargs), label=label))
        w, *rest = _as_tuple(ref(*args, **kwargs))
        state = tuple(rest)
    return cases


def _gradient(ctx: CaseContext, w: torch.Tensor, *, scale: float, zeros: bool) -> torch.Tensor:
    """A random gradient of magnitude between 0.5 and about 3 times `scale`, so that where eps goes
    only shows where it is meant to (small `scale`); every fourth element exactly 0 when `zeros`."""
    g = torch.randn(w.shape, generator=ctx.generator, dtype=w.dtype)
    g = (g.sign() * (g.abs() + 0.5) * scale).to(ctx.device)
    if zeros:
        g.view(-1)[::4] = 0.0
    return g


def _zeros(w: torch.Tensor, n: int) -> tuple[torch.Tensor, ...]:
    return tuple(torch.zeros_like(w) for _ in range(n))


def _positive(ctx: CaseContext, w: torch.Tensor, scale: float) -> torch.Tensor:
    """A non-zero running average or sum of squares: positive, away from 0."""
    return (0.1 + rand(ctx, *w.shape, dtype=w.dtype)) * scale


# ---------------------------------------------------------------------------------------------
# sgd_step


def _sgd_ref(w, g, lr):
    return w - lr * g


_SGD_DIAGNOSES = [
    Diagnosis(lambda w, g, lr: w + lr * g,
              N_("You added the gradient: gradient descent steps against it, w′ = w − lr·g.")),
    Diagnosis(lambda w, g, lr: w - g,
              N_("You left out the learning rate: the step is the gradient times lr, w′ = w − lr·g.")),
]


def _sgd_values(ctx: CaseContext) -> list[Case]:
    cases = []
    for shape, lr, dtype in [((5,), 0.1, F64), ((3, 4), 0.01, F32), ((2, 3, 2), 0.5, F64), ((), 0.3, F64),
                             ((1,), 2.0, F32)]:
        w, g = randn(ctx, *shape, dtype=dtype), randn(ctx, *shape, dtype=dtype)
        cases.append(Case(args=(w, g, lr), label=_("{tensor}, lr={lr}").format(tensor=describe(w), lr=lr)))
    return cases


def _sgd_runs(ctx: CaseContext) -> list[Case]:
    return (_run(ctx, _sgd_ref, w=randn(ctx, 4, 3, dtype=F64), state=(), steps=4, start=_("given weights"),
                 settings="lr=0.1", hyper=(0.1,))
            + _run(ctx, _sgd_ref, w=randn(ctx, 6, dtype=F32), state=(), steps=3, start=_("given weights"),
                   settings="lr=0.05", hyper=(0.05,)))


SGD_STEP = Exercise(
    name="optim.sgd_step",
    checks=[
        Check("values", 2, _sgd_values, reference=_sgd_ref, diagnoses=_SGD_DIAGNOSES),
        Check("several_steps", 2, _sgd_runs, reference=_sgd_ref, diagnoses=_SGD_DIAGNOSES),
    ],
    forbidden=_FORBIDDEN,
)


# ---------------------------------------------------------------------------------------------
# momentum_step


def _momentum_variant(w, m, g, lr, gamma=0.9, *, form: str = "notes"):
    """The notes' momentum, or one known mistake (`form`)."""
    if form == "torch_buffer":  # torch.optim.SGD: b′ = μ·b + g, w′ = w − η·b′
        m_new = gamma * m + g
        return w - lr * m_new, m_new
    if form == "dampened":  # an average of the gradients: m′ = γ·m + (1 − γ)·g, w′ = w − η·m′
        m_new = gamma * m + (1 - gamma) * g
        return w - lr * m_new, m_new
    if form == "velocity":  # v′ = γ·v − η·g, w′ = w + v′, fed the notes' m
        m_new = gamma * m - lr * g
        return w + m_new, m_new
    m_new = gamma * m + lr * g
    if form == "old_m":
        return w - m, m_new
    return w - m_new, m_new


def _momentum_ref(w, m, g, lr, gamma=0.9):
    return _momentum_variant(w, m, g, lr, gamma)


def _momentum_diag(form: str, message: str) -> Diagnosis:
    return Diagnosis(functools.partial(_momentum_variant, form=form), message)


_PYTORCH_BUFFER = (N_("You kept PyTorch's momentum buffer, m′ = γ·m + g with w′ = w − η·m′: the notes put the "
                      "learning rate inside m, m′ = γ·m + η·g and w′ = w − m′; return that m′."))
_MOMENTUM_DIAGNOSES = [
    _momentum_diag("torch_buffer", _PYTORCH_BUFFER),
    _momentum_diag("dampened", N_("You averaged the gradients, m′ = γ·m + (1 − γ)·g, and scaled the step by η: the "
                                  "notes' momentum adds η·g to γ·m, m′ = γ·m + η·g, and steps w′ = w − m′.")),
    _momentum_diag("velocity", N_("You kept the velocity with the opposite sign, m′ = γ·m − η·g and w′ = w + m′: "
                                  "the notes' m points along the gradient, m′ = γ·m + η·g, and is subtracted, "
                                  "w′ = w − m′; return that m′.")),
    _momentum_diag("old_m", N_("You stepped with the old m: first compute m′ = γ·m + η·g, then w′ = w − m′.")),
]


def _gamma_args(lr: float, gamma: float | None, *, keyword: bool) -> tuple[tuple[float, ...], dict[str, float], str]:
    """(positional hyper-parameters, keyword ones, label) for lr and gamma (None: the default)."""
    if gamma is None:
        return (lr,), {}, _("lr={lr}, default gamma").format(lr=lr)
    if keyword:
        return (lr,), {"gamma": gamma}, f"lr={lr}, gamma={gamma}"
    return (lr, gamma), {}, f"lr={lr}, gamma={gamma}"


def _momentum_runs(ctx: CaseContext, *, nonzero: bool, defaults: bool = False) -> list[Case]:
    cases: list[Case] = []
    runs: list[tuple[tuple[int, ...], torch.dtype, float, float | None, bool]]
    if defaults:
        runs = [((3, 4), F64, 0.1, None, False), ((5,), F32, 0.05, None, False)]
    else:
        runs = [((4, 3), F64, 0.1, 0.9, False), ((6,), F32, 0.05, 0.5, True), ((2, 2, 3), F64, 0.3, 0.8, True)]
    for shape, dtype, lr, gamma, keyword in runs:
        w = randn(ctx, *shape, dtype=dtype)
        m = randn(ctx, *shape, dtype=dtype, scale=0.1) if nonzero else torch.zeros_like(w)
        hyper, kwargs, settings = _gamma_args(lr, gamma, keyword=keyword)
        start = _("a non-zero {name}").format(name="m") if nonzero else "m = 0"
        cases += _run(ctx, _momentum_ref, w=w, state=(m,), steps=4, start=start, settings=settings, hyper=hyper,
                      kwargs=kwargs)
    return cases


MOMENTUM_STEP = Exercise(
    name="optim.momentum_step",
    checks=[
        Check("from_zero_state", 2, lambda ctx: _momentum_runs(ctx, nonzero=False), reference=_momentum_ref,
              diagnoses=_MOMENTUM_DIAGNOSES),
        Check("from_nonzero_state", 3, lambda ctx: _momentum_runs(ctx, nonzero=True), reference=_momentum_ref,
              diagnoses=_MOMENTUM_DIAGNOSES),
        Check("default_gamma", 1, lambda ctx: _momentum_runs(ctx, nonzero=True, defaults=True),
              reference=_momentum_ref, diagnoses=_MOMENTUM_DIAGNOSES),
    ],
    forbidden=_FORBIDDEN,
)


# ---------------------------------------------------------------------------------------------
# nesterov_step


def _nesterov_variant(w, m, grad_fn, lr, gamma=0.9, *, at: str = "lookahead", form: str = "notes"):
    """The notes' NAG with the gradient taken `at` the look-ahead point w − γ·m, or at another point,
    and the notes' update or another `form`."""
    point = {"lookahead": lambda: w - gamma * m, "w": lambda: w, "plus": lambda: w + gamma * m,
             "whole_m": lambda: w - m}[at]()
    g = grad_fn(point)
    if form == "torch_buffer":
        m_new = gamma * m + g
        return w - lr * m_new, m_new
    if form == "torch_nesterov":  # torch.optim.SGD(nesterov=True): b′ = γ·b + g(w), w′ = w − η·(g + γ·b′)
        m_new = gamma * m + g
        return w - lr * (g + gamma * m_new), m_new
    m_new = gamma * m + lr * g
    return w - m_new, m_new


def _nesterov_ref(w, m, grad_fn, lr, gamma=0.9):
    return _nesterov_variant(w, m, grad_fn, lr, gamma)


def _nesterov_diag(message: str, **knobs: str) -> Diagnosis:
    return Diagnosis(functools.partial(_nesterov_variant, **knobs), message)


_NESTEROV_DIAGNOSES = [
    _nesterov_diag(N_("You evaluated the gradient at w (plain momentum): Nesterov takes it at the look-ahead point, "
                      "g = grad_fn(w − γ·m), with m the state passed in (TOPICS.md erratum 19)."), at="w"),
    _nesterov_diag(N_("You looked ahead the wrong way, to w + γ·m: the step goes to w − m′, so the look-ahead point "
                      "is w − γ·m."), at="plus"),
    _nesterov_diag(N_("You looked ahead by the whole of m, to w − m: the look-ahead point is w − γ·m."), at="whole_m"),
    _nesterov_diag(N_("You kept PyTorch's momentum buffer, m′ = γ·m + g with w′ = w − η·m′: the notes put the "
                      "learning rate inside m, m′ = γ·m + η·g and w′ = w − m′; return that m′."), form="torch_buffer"),
    _nesterov_diag(N_("You used torch.optim.SGD's nesterov=True reformulation (the gradient at w, w′ = w − η·(g + "
                      "γ·b′)): the notes take g = grad_fn(w − γ·m), then m′ = γ·m + η·g and w′ = w − m′."),
                   at="w", form="torch_nesterov"),
]

# Gradients of quartic losses, g(w) = c0 + c1·w + c2·w² + c3·w³ elementwise (c3 > 0: bounded runs).
_CUBICS = (GradFn((0.3, 1.0, -0.5, 0.8)), GradFn((-0.2, 0.5, 0.0, 1.0)), GradFn((0.0, 2.0, 0.3, 0.5)))


def _nesterov_runs(ctx: CaseContext, *, nonzero: bool, defaults: bool = False) -> list[Case]:
    cases: list[Case] = []
    runs: list[tuple[tuple[int, ...], torch.dtype, float, float | None, bool, GradFn]]
    if defaults:
        runs = [((3, 4), F64, 0.05, None, False, _CUBICS[2])]
    else:
        runs = [((4, 3), F64, 0.05, 0.9, False, _CUBICS[0]), ((6,), F32, 0.1, 0.5, True, _CUBICS[1]),
                ((2, 2, 3), F64, 0.05, 0.8, True, _CUBICS[2])]
    for shape, dtype, lr, gamma, keyword, grad_fn in runs:
        w = randn(ctx, *shape, dtype=dtype)
        m = randn(ctx, *shape, dtype=dtype, scale=0.2) if nonzero else torch.zeros_like(w)
        hyper, kwargs, settings = _gamma_args(lr, gamma, keyword=keyword)
        start = _("a non-zero {name}").format(name="m") if nonzero else "m = 0"
        cases += _run(ctx, _nesterov_ref, w=w, state=(m,), steps=4, start=start,
                      settings=_("{settings}, a cubic grad_fn").format(settings=settings), hyper=hyper,
                      kwargs=kwargs, grad_fn=grad_fn)
    return cases


NESTEROV_STEP = Exercise(
    name="optim.nesterov_step",
    checks=[
        Check("from_zero_state", 2, lambda ctx: _nesterov_runs(ctx, nonzero=False), reference=_nesterov_ref,
              diagnoses=_NESTEROV_DIAGNOSES),
        Check("from_nonzero_state", 4, lambda ctx: _nesterov_runs(ctx, nonzero=True), reference=_nesterov_ref,
              diagnoses=_NESTEROV_DIAGNOSES),
        Check("default_gamma", 1, lambda ctx: _nesterov_runs(ctx, nonzero=True, defaults=True),
              reference=_nesterov_ref, diagnoses=_NESTEROV_DIAGNOSES),
    ],
    forbidden=_FORBIDDEN,
)


# ---------------------------------------------------------------------------------------------
# adagrad_step and rmsprop_step


def _root(x: torch.Tensor, eps: float, where: str) -> torch.Tensor:
    """√(x + eps) (the notes), √x + eps (torch.optim), √x, or x + eps (no root)."""
    if where == "outside":
        return torch.sqrt(x) + eps
    if where == "none":
        return torch.sqrt(x)
    if where == "no_root":
        return x + eps
    return torch.sqrt(x + eps)


def _adagrad_variant(w, G, g, lr, eps=1e-8, *, eps_where: str = "inside", old: bool = False,
                     replace: bool = False):
    G_new = g * g if replace else G + g * g
    return w - lr * g / _root(G if old else G_new, eps, eps_where), G_new


def _adagrad_ref(w, G, g, lr, eps=1e-8):
    return _adagrad_variant(w, G, g, lr, eps)


def _rmsprop_variant(w, v, g, lr, alpha=0.9, eps=1e-8, *, eps_where: str = "inside", old: bool = False,
                     swapped: bool = False):
    v_new = (1 - alpha) * v + alpha * g * g if swapped else alpha * v + (1 - alpha) * g * g
    return w - lr * g / _root(v if old else v_new, eps, eps_where), v_new


def _rmsprop_ref(w, v, g, lr, alpha=0.9, eps=1e-8):
    return _rmsprop_variant(w, v, g, lr, alpha, eps)


def _diag(fn: Callable[..., Any], message: str, **knobs: Any) -> Diagnosis:
    return Diagnosis(functools.partial(fn, **knobs), message)


def _eps_diagnoses(fn: Callable[..., Any], state: str, library: str) -> list[Diagnosis]:
    """Where eps goes: it only shows where the state is about as small as eps, or eps is large (the
    checks `small_gradients_and_eps`); the other mistakes show everywhere."""
    names = {"state": state, "library": library}
    return [
        Diagnosis(functools.partial(fn, eps_where="outside"),
                  N_("You added eps outside the square root, √{state}′ + eps (as {library} does): the notes put it "
                     "inside, w′ = w − η·g/√({state}′ + eps)."), names),
        Diagnosis(functools.partial(fn, eps_where="none"),
                  N_("You left out eps: where {state}′ is 0 (a parameter whose gradients were all 0) that divides "
                     "0 by 0; divide by √({state}′ + eps)."), names),
    ]


def _no_root(fn: Callable[..., Any], state: str) -> Diagnosis:
    return Diagnosis(functools.partial(fn, eps_where="no_root"),
                     N_("You divided by {state}′ + eps without the square root: w′ = w − η·g/√({state}′ + eps)."),
                     {"state": state})


_ADAGRAD_DIAGNOSES = [
    _no_root(_adagrad_variant, "G"),
    _diag(_adagrad_variant, N_("You divided by the old sum G: first add this step's gradient, G′ = G + g², then "
                               "divide by √(G′ + eps)."), old=True),
    _diag(_adagrad_variant, N_("You replaced the sum by this step's g²: Adagrad accumulates every squared gradient, "
                               "G′ = G + g²."), replace=True),
]
_ADAGRAD_EPS_DIAGNOSES = [*_eps_diagnoses(_adagrad_variant, "G", "torch.optim.Adagrad"), *_ADAGRAD_DIAGNOSES]

_RMSPROP_DIAGNOSES = [
    _no_root(_rmsprop_variant, "v"),
    _diag(_rmsprop_variant, N_("You divided by the old average v: first update it, v′ = α·v + (1 − α)·g², then divide "
                               "by √(v′ + eps)."), old=True),
    _diag(_rmsprop_variant, N_("You weighted the new g² by α: α weighs the old average, v′ = α·v + (1 − α)·g²."),
          swapped=True),
]
_RMSPROP_EPS_DIAGNOSES = [*_eps_diagnoses(_rmsprop_variant, "v", "torch.optim.RMSprop"), *_RMSPROP_DIAGNOSES]


def _squares_runs(ctx: CaseContext, ref: Callable[..., Any], runs, *, nonzero: bool, hyper_names: tuple[str, ...],
                  scale: float = 1.0, zeros: bool = False, name: str = "G") -> list[Case]:
    """Runs of Adagrad or RMSprop: `runs` holds (shape, dtype, lr, hyper-parameters or None for the
    defaults, pass them by keyword)."""
    cases: list[Case] = []
    for shape, dtype, lr, values, keyword in runs:
        w = randn(ctx, *shape, dtype=dtype)
        state = _positive(ctx, w, 2.0 if name == "G" else 0.5) if nonzero else torch.zeros_like(w)
        named = dict(zip(hyper_names, values or ()))
        if not named:
            hyper, kwargs = (lr,), {}
        elif keyword:
            hyper, kwargs = (lr,), named
        else:
            hyper, kwargs = (lr, *named.values()), {}
        settings = ", ".join([f"lr={lr}", *(f"{k}={v:g}" for k, v in named.items())])
        if not named:
            names = hyper_names[-1]
            if len(hyper_names) > 1:
                names = _("{first} and {last}").format(first=", ".join(hyper_names[:-1]), last=names)
            settings = _("{settings}, default {names}").format(settings=settings, names=names)
        if scale != 1.0:
            settings = _("{settings}, gradients ~{scale}").format(settings=settings, scale=f"{scale:g}")
        if zeros:
            settings = _("{settings}, some exactly 0").format(settings=settings)
        start = _("a non-zero {name}").format(name=name) if nonzero else f"{name} = 0"
        cases += _run(ctx, ref, w=w, state=(state,), steps=3, start=start, settings=settings, hyper=hyper,
                      kwargs=kwargs, scale=scale, zeros=zeros)
    return cases


def _adagrad_cases(ctx: CaseContext, which: str) -> list[Case]:
    def runs(specs, **kw):
        return _squares_runs(ctx, _adagrad_ref, specs, hyper_names=("eps",), name="G", **kw)

    if which == "zero":
        return runs([((4, 3), F64, 0.1, None, False), ((6,), F32, 0.5, (1e-6,), True)], nonzero=False)
    if which == "nonzero":
        return runs([((3, 4), F64, 0.2, (1e-8,), False), ((2, 3, 2), F32, 0.05, None, False)], nonzero=True)
    # eps comparable to G′: small gradients with the default eps, and a large eps
    return (runs([((5, 4), F64, 0.01, None, False)], nonzero=False, scale=1e-4, zeros=True)
            + runs([((8,), F64, 0.1, (0.01,), True), ((3, 3), F32, 0.1, (0.5,), False)], nonzero=False, zeros=True))


def _rmsprop_cases(ctx: CaseContext, which: str) -> list[Case]:
    def runs(specs, **kw):
        return _squares_runs(ctx, _rmsprop_ref, specs, hyper_names=("alpha", "eps"), name="v", **kw)

    if which == "zero":
        return runs([((4, 3), F64, 0.01, (0.9, 1e-8), False), ((6,), F32, 0.05, (0.5, 1e-6), True)], nonzero=False)
    if which == "nonzero":
        return runs([((3, 4), F64, 0.01, (0.8, 1e-8), True), ((2, 3, 2), F32, 0.001, (0.99, 1e-8), False)],
                    nonzero=True)
    if which == "defaults":
        return runs([((5, 2), F64, 0.01, None, False)], nonzero=True)
    return (runs([((5, 4), F64, 0.01, (0.9, 1e-8), True)], nonzero=False, scale=1e-4, zeros=True)
            + runs([((8,), F64, 0.1, (0.7, 0.01), True), ((3, 3), F32, 0.1, (0.9, 0.5), False)], nonzero=False,
                   zeros=True))


ADAGRAD_STEP = Exercise(
    name="optim.adagrad_step",
    checks=[
        Check("from_zero_state", 2, lambda ctx: _adagrad_cases(ctx, "zero"), reference=_adagrad_ref,
              diagnoses=_ADAGRAD_DIAGNOSES),
        Check("from_nonzero_state", 2, lambda ctx: _adagrad_cases(ctx, "nonzero"), reference=_adagrad_ref,
              diagnoses=_ADAGRAD_DIAGNOSES),
        Check("small_gradients_and_eps", 2, lambda ctx: _adagrad_cases(ctx, "eps"), reference=_adagrad_ref,
              diagnoses=_ADAGRAD_EPS_DIAGNOSES),
    ],
    forbidden=_FORBIDDEN,
)

RMSPROP_STEP = Exercise(
    name="optim.rmsprop_step",
    checks=[
        Check("from_zero_state", 2, lambda ctx: _rmsprop_cases(ctx, "zero"), reference=_rmsprop_ref,
              diagnoses=_RMSPROP_DIAGNOSES),
        Check("from_nonzero_state", 2, lambda ctx: _rmsprop_cases(ctx, "nonzero"), reference=_rmsprop_ref,
              diagnoses=_RMSPROP_DIAGNOSES),
        Check("small_gradients_and_eps", 1, lambda ctx: _rmsprop_cases(ctx, "eps"), reference=_rmsprop_ref,
              diagnoses=_RMSPROP_EPS_DIAGNOSES),
        Check("default_hyperparameters", 1, lambda ctx: _rmsprop_cases(ctx, "defaults"), reference=_rmsprop_ref,
              diagnoses=_RMSPROP_DIAGNOSES),
    ],
    forbidden=_FORBIDDEN,
)


# ---------------------------------------------------------------------------------------------
# adam_step


def _adam_ref(w, m, v, g, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    """torch.optim.Adam's update (the function its step() calls), on copies: the state it keeps
    is exp_avg = m, exp_avg_sq = v and step = the number of steps already taken, t − 1."""
    param, exp_avg, exp_avg_sq = w.detach().clone(), m.detach().clone(), v.detach().clone()
    step = torch.tensor(float(t - 1))
    _torch_adam([param], [g.detach().clone()], [exp_avg], [exp_avg_sq], [], [step], foreach=False, amsgrad=False,
                beta1=beta1, beta2=beta2, lr=lr, weight_decay=0.0, eps=eps, maximize=False)
    return param, exp_avg, exp_avg_sq


def _adam_variant(w, m, v, g, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8, *, t_shift: int = 0,
                  correct_m: bool = True, correct_v: bool = True, return_hat: bool = False,
                  eps_where: str = "outside", efficient: bool = False):
    """Adam written out, with one knob turned for each known mistake."""
    t = t + t_shift
    m_new = beta1 * m + (1 - beta1) * g
    v_new = beta2 * v + (1 - beta2) * g * g
    c1 = 1 - beta1 ** t if correct_m else 1.0
    c2 = 1 - beta2 ** t if correct_v else 1.0
    m_hat, v_hat = m_new / c1, v_new / c2
    if efficient:  # Kingma & Ba's "efficient" ordering: eps added to √v′ before the correction
        w_new = w - lr * math.sqrt(c2) / c1 * m_new / (torch.sqrt(v_new) + eps)
    elif eps_where == "inside":
        w_new = w - lr * m_hat / torch.sqrt(v_hat + eps)
    else:
        w_new = w - lr * m_hat / (torch.sqrt(v_hat) + eps)
    return (w_new, m_hat, v_hat) if return_hat else (w_new, m_new, v_new)


def _adam_diag(message: str, **knobs: Any) -> Diagnosis:
    return Diagnosis(functools.partial(_adam_variant, **knobs), message)


# Where eps goes only shows where √v̂ is not much larger than eps (small gradients, or a large eps).
_ADAM_DIAGNOSES = [
    _adam_diag(N_("You left out the bias correction: divide the moving averages by 1 − β₁ᵗ and 1 − β₂ᵗ, "
                  "m̂ = m′/(1 − β₁ᵗ) and v̂ = v′/(1 − β₂ᵗ), and step with those (TOPICS.md erratum 23)."),
               correct_m=False, correct_v=False),
    _adam_diag(N_("You added 1 to t, counting steps from 0 (as torch.optim.Adam's state['step'] is incremented "
                  "before use): t already is this step's number, counting from 1; use 1 − β₁ᵗ and 1 − β₂ᵗ as "
                  "given."),
               t_shift=1),
    _adam_diag(N_("You used t − 1 in the bias correction, as if t counted from 0 (at t = 1 that divides by 0): t "
                  "counts from 1, the first step divides by 1 − β₁ and 1 − β₂."), t_shift=-1),
    _adam_diag(N_("You corrected m′ but not v′: divide both, m̂ = m′/(1 − β₁ᵗ) and v̂ = v′/(1 − β₂ᵗ)."), correct_v=False),
    _adam_diag(N_("You corrected v′ but not m′: divide both, m̂ = m′/(1 − β₁ᵗ) and v̂ = v′/(1 − β₂ᵗ)."), correct_m=False),
    _adam_diag(N_("You returned the bias-corrected m̂ and v̂ as the new state: return the moving averages m′ and v′ "
                  "themselves; the correction is only used for the step."), return_hat=True),
]
_ADAM_EPS_DIAGNOSES = [
    _adam_diag(N_("You added eps inside the square root, √(v̂ + eps): torch.optim.Adam adds it to the root, "
                  "w′ = w − η·m̂/(√v̂ + eps)."), eps_where="inside"),
    _adam_diag(N_("You added eps to √v′ before the bias correction (the paper's \"efficient\" form, "
                  "η·√(1 − β₂ᵗ)/(1 − β₁ᵗ)·m′/(√v′ + eps)): torch.optim.Adam adds eps to √v̂, "
                  "w′ = w − η·m̂/(√v̂ + eps)."), efficient=True),
    *_ADAM_DIAGNOSES,
]


def _adam_runs(ctx: CaseContext, runs, *, nonzero: bool, scale: float = 1.0) -> list[Case]:
    """`runs`: (shape, dtype, first t, hyper-parameters as keywords or None, pass them positionally)."""
    order = ("lr", "beta1", "beta2", "eps")
    cases: list[Case] = []
    for shape, dtype, t0, named, positional in runs:
        w = randn(ctx, *shape, dtype=dtype)
        if nonzero:
            m, v = randn(ctx, *shape, dtype=dtype, scale=0.3 * scale), _positive(ctx, w, 0.5 * scale * scale)
            start = _("a non-zero m and v")
        else:
            m, v = _zeros(w, 2)
            start = "m = v = 0"
        named = named or {}
        if positional:
            hyper, kwargs = tuple(named[k] for k in order if k in named), {}
            assert list(named) == list(order[:len(named)]), "positional hyper-parameters come in order"
        else:
            hyper, kwargs = (), dict(named)
        settings = ", ".join(f"{k}={val:g}" for k, val in named.items()) or _("default hyper-parameters")
        if scale != 1.0:
            settings = _("{settings}, gradients ~{scale}").format(settings=settings, scale=f"{scale:g}")
        cases += _run(ctx, _adam_ref, w=w, state=(m, v), steps=4 if not nonzero else 3, start=start,
                      settings=settings, hyper=hyper, kwargs=kwargs, scale=scale, t0=t0)
    return cases


ADAM_STEP = Exercise(
    name="optim.adam_step",
    checks=[
        Check("first_steps_from_zero", 3,
              lambda ctx: _adam_runs(ctx, [((4, 3), F64, 1, None, False), ((6,), F32, 1, {"lr": 0.01}, True)],
                                     nonzero=False),
              reference=_adam_ref, diagnoses=_ADAM_DIAGNOSES),
        Check("from_nonzero_state", 2,
              lambda ctx: _adam_runs(ctx, [((3, 4), F64, 6, {"lr": 0.01}, False), ((2, 2, 3), F32, 40, None, False),
                                           ((5,), F64, 500, {"lr": 0.1}, True)], nonzero=True),
              reference=_adam_ref, diagnoses=_ADAM_DIAGNOSES),
        Check("hyperparameters", 2,
              lambda ctx: _adam_runs(ctx, [((4, 2), F64, 1, {"lr": 0.05, "beta1": 0.5, "beta2": 0.9, "eps": 0.1},
                                            True),
                                           ((3, 3), F64, 3, {"beta2": 0.99, "lr": 0.02, "beta1": 0.8}, False),
                                           ((7,), F32, 2, {"eps": 1e-4, "lr": 0.01}, False)], nonzero=False),
              reference=_adam_ref, diagnoses=_ADAM_EPS_DIAGNOSES),
        Check("small_gradients", 1,
              lambda ctx: _adam_runs(ctx, [((5, 4), F64, 1, {"lr": 0.1}, False),
                                           ((4, 3), F64, 3, {"lr": 0.1, "eps": 1e-5}, False)],
                                     nonzero=False, scale=1e-6)
              + _adam_runs(ctx, [((6,), F32, 10, {"lr": 0.1, "eps": 1e-3}, False)], nonzero=True, scale=1e-3),
              reference=_adam_ref, diagnoses=_ADAM_EPS_DIAGNOSES),
    ],
    forbidden=_FORBIDDEN,
)


# ---------------------------------------------------------------------------------------------
# exponential_decay


def _decay_ref(lr0, decay_rate, step, decay_steps):
    return lr0 * decay_rate ** (step / decay_steps)


_STAIRCASE = Diagnosis(lambda lr0, decay_rate, step, decay_steps: lr0 * decay_rate ** (step // decay_steps),
              N_("You divided with // (the staircase schedule, which is step decay): exponential decay uses the "
                 "true quotient, lr0·decay_rate^(step/decay_steps), so the rate falls a little at every step "
                 "(TOPICS.md erratum 14)."))
# At the boundaries (step a multiple of decay_steps) // and / agree: the staircase cannot show there.
_DECAY_FORMULAS = [
    Diagnosis(lambda lr0, decay_rate, step, decay_steps: lr0 * decay_rate ** step,
              N_("You raised decay_rate to the step itself: it is the factor per decay_steps steps, so the exponent "
                 "is step/decay_steps.")),
    Diagnosis(lambda lr0, decay_rate, step, decay_steps: lr0 * math.exp(-decay_rate * step / decay_steps),
              N_("You used e^(−decay_rate·step/decay_steps): decay_rate is the factor the rate is multiplied by every "
                 "decay_steps steps, lr0·decay_rate^(step/decay_steps).")),
]


def _decay_case(lr0: float, rate: float, step: int, steps: int, *, start: bool = False) -> Case:
    label = f"lr0={lr0:g}, decay_rate={rate:g}, step={step}, decay_steps={steps}"
    return Case(args=(lr0, rate, step, steps), label=_("{case} (the start)").format(case=label) if start else label)


EXPONENTIAL_DECAY = Exercise(
    name="optim.exponential_decay",
    checks=[
        Check("between_boundaries", 2,
              lambda ctx: [_decay_case(0.1, 0.96, 150, 100), _decay_case(0.01, 0.5, 3, 10),
                           _decay_case(1.0, 0.9, 1234, 1000), _decay_case(3e-4, 0.1, 20, 7),
                           _decay_case(0.5, 0.99, 1, 1000)],
              reference=_decay_ref, diagnoses=[_STAIRCASE, *_DECAY_FORMULAS]),
        Check("at_boundaries", 1,
              lambda ctx: [_decay_case(0.1, 0.96, 0, 100, start=True), _decay_case(0.01, 0.5, 30, 10),
                           _decay_case(1.0, 0.9, 2000, 1000)],
              reference=_decay_ref, diagnoses=_DECAY_FORMULAS),
        Check("long_schedules", 1,
              lambda ctx: [_decay_case(0.1, 0.5, 45_000, 10_000), _decay_case(0.05, 0.9, 99, 10)],
              reference=_decay_ref, diagnoses=[_STAIRCASE, *_DECAY_FORMULAS]),
    ],
    forbidden=_FORBIDDEN,
)

EXERCISES = [SGD_STEP, MOMENTUM_STEP, NESTEROV_STEP, ADAGRAD_STEP, RMSPROP_STEP, ADAM_STEP, EXPONENTIAL_DECAY]
