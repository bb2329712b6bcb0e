"""Checks for exercises/activations.py: sigmoid, tanh, relu, leaky_relu, softmax, log_softmax.

References are PyTorch's own operators. Every function is checked on random inputs of several
shapes and both float dtypes, on large-magnitude inputs (where the textbook formulas overflow)
and through autograd against the reference's gradient.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F

from grader.codegrade.inputs import F32, F64, describe, randn
from grader.codegrade.model import Case, CaseContext, Check, Diagnosis, Exercise

ORDER = 10  # the course's order: modules are graded and reported by ORDER


def _large(ctx: CaseContext, dtype: torch.dtype, rows: int = 3) -> torch.Tensor:
    """Rows mixing ±1000, ±100, ±30, 0 and random values of magnitude ~500."""
    fixed = torch.tensor([-1000.0, -100.0, -30.0, 0.0, 30.0, 100.0, 1000.0], dtype=dtype)
    noise = torch.randn((rows, 7), generator=ctx.generator, dtype=dtype) * 500
    return torch.cat([fixed.unsqueeze(0), noise]).to(ctx.device)


def _shape_cases(ctx: CaseContext, shapes, *, dtypes=(None,), scale: float = 3.0, grad: bool = False,
                 kwargs: dict | None = None) -> list[Case]:
    cases = []
    for shape in shapes:
        for dtype in dtypes:
            x = randn(ctx, *shape, dtype=dtype, scale=scale)
            cases.append(Case(args=(x,), kwargs=dict(kwargs or {}), grad_wrt=(0,) if grad else (),
                              label=describe(x) + (f", {kwargs}" if kwargs else "")))
    return cases


SHAPES = [(1,), (4, 7), (2, 3, 5)]


def _large_cases(ctx: CaseContext, **kwargs) -> list[Case]:
    cases = []
    for dtype in (F32, F64):
        x = _large(ctx, dtype)
        cases.append(Case(args=(x,), kwargs=dict(kwargs), label=f"large-magnitude inputs, {describe(x)}"))
        cases.append(Case(args=(x.clone(),), kwargs=dict(kwargs), grad_wrt=(0,),
                          label=f"gradient at large-magnitude inputs, {describe(x)}"))
    return cases


# ---------------------------------------------------------------------------------------------
# sigmoid

def _sigmoid_exp_ratio(x):
    return torch.exp(x) / (1 + torch.exp(x))


def _sigmoid_naive(x):
    return 1 / (1 + torch.exp(-x))


_SIGMOID_OVERFLOW = Diagnosis(
    _sigmoid_exp_ratio,
    "eˣ/(1 + eˣ) overflows for large positive x (inf/inf = NaN); pick the form that only "
    "exponentiates a non-positive number, depending on the sign of x.")
_SIGMOID_NAIVE_GRAD = Diagnosis(
    _sigmoid_naive,
    "1/(1 + e⁻ˣ) overflows for large negative x: the value survives but its gradient becomes NaN. "
    "Use a form that never exponentiates a large positive number.")

SIGMOID = Exercise(
    name="activations.sigmoid",
    checks=[
        Check("values", 3, lambda ctx: _shape_cases(ctx, SHAPES, dtypes=(F32, F64)), reference=torch.sigmoid),
        Check("large_inputs", 3, _large_cases, reference=torch.sigmoid,
              diagnoses=[_SIGMOID_OVERFLOW, _SIGMOID_NAIVE_GRAD]),
        Check("gradient", 2, lambda ctx: _shape_cases(ctx, [(3, 4), (5,)], dtypes=(F64,), grad=True),
              reference=torch.sigmoid),
    ],
    forbidden=("sigmoid", "sigmoid_", "Sigmoid", "expit", "logsigmoid", "LogSigmoid"),
)


# ---------------------------------------------------------------------------------------------
# tanh

def _tanh_naive(x):
    return (torch.exp(x) - torch.exp(-x)) / (torch.exp(x) + torch.exp(-x))


TANH = Exercise(
    name="activations.tanh",
    checks=[
        Check("values", 3, lambda ctx: _shape_cases(ctx, SHAPES, dtypes=(F32, F64)), reference=torch.tanh),
        Check("large_inputs", 2, _large_cases, reference=torch.tanh,
              diagnoses=[Diagnosis(_tanh_naive,
                                   "(eˣ − e⁻ˣ)/(eˣ + e⁻ˣ) overflows for large |x| (inf/inf = NaN); rewrite it "
                                   "so that only e^(−2|x|) is computed.")]),
        Check("gradient", 2, lambda ctx: _shape_cases(ctx, [(3, 4), (5,)], dtypes=(F64,), grad=True),
              reference=torch.tanh),
    ],
    forbidden=("tanh", "tanh_", "Tanh", "tanhshrink", "Tanhshrink"),
)


# ---------------------------------------------------------------------------------------------
# relu

def _relu_step(x):
    return (x > 0).to(x.dtype)


_RELU_STEP = Diagnosis(_relu_step, "This returns ReLU's derivative (a 0/1 step), not max(0, x).")


def _relu_cases(ctx: CaseContext) -> list[Case]:
    cases = _shape_cases(ctx, SHAPES, dtypes=(F32, F64))
    x = torch.tensor([-2.0, -0.0, 0.0, 0.5, 3.0], dtype=ctx.dtype).to(ctx.device)
    cases.append(Case(args=(x,), label=f"inputs including zeros, {describe(x)}"))
    return cases


RELU = Exercise(
    name="activations.relu",
    checks=[
        Check("values", 3, _relu_cases, reference=F.relu,
              diagnoses=[_RELU_STEP]),
        Check("gradient", 2, lambda ctx: _shape_cases(ctx, [(3, 4), (2, 3, 5)], dtypes=(F64,), grad=True),
              reference=F.relu, diagnoses=[_RELU_STEP]),
    ],
    forbidden=("relu", "relu_", "ReLU", "relu6", "ReLU6", "threshold", "threshold_", "Threshold",
               "leaky_relu", "leaky_relu_", "LeakyReLU", "prelu", "PReLU", "rrelu", "rrelu_", "RReLU",
               "elu", "elu_", "ELU", "celu", "celu_", "CELU"),
)


# ---------------------------------------------------------------------------------------------
# leaky_relu

def _leaky_default_slope(x, negative_slope=0.01):
    return torch.where(x > 0, x, 0.01 * x)


def _leaky_as_relu(x, negative_slope=0.01):
    return torch.where(x > 0, x, torch.zeros_like(x))


def _leaky_slope_cases(ctx: CaseContext) -> list[Case]:
    cases = []
    for shape, slope, as_kwarg in [((4, 7), 0.2, True), ((2, 3, 5), 0.5, False), ((1,), 0.1, True)]:
        x = randn(ctx, *shape, scale=3.0)
        if shape == (1,):
            x = -x.abs()  # a lone negative input: only the slope decides the answer
        args, kwargs = ((x,), {"negative_slope": slope}) if as_kwarg else ((x, slope), {})
        cases.append(Case(args=args, kwargs=kwargs, label=f"{describe(x)}, a non-default negative_slope"))
    return cases


def _leaky_ref(x, negative_slope=0.01):
    return F.leaky_relu(x, negative_slope)


_LEAKY_DIAGNOSES = [
    Diagnosis(_leaky_as_relu, "Negative inputs must be scaled by negative_slope, not set to 0."),
    Diagnosis(_leaky_default_slope, "negative_slope is ignored: use the argument, not the constant 0.01."),
]

LEAKY_RELU = Exercise(
    name="activations.leaky_relu",
    checks=[
        Check("values_default_slope", 2, lambda ctx: _shape_cases(ctx, SHAPES, dtypes=(F32, F64)),
              reference=_leaky_ref, diagnoses=_LEAKY_DIAGNOSES[:1]),
        Check("values_given_slope", 2, _leaky_slope_cases, reference=_leaky_ref, diagnoses=_LEAKY_DIAGNOSES),
        Check("gradient", 2,
              lambda ctx: (_shape_cases(ctx, [(3, 4)], dtypes=(F64,), grad=True)
                           + _shape_cases(ctx, [(2, 5)], dtypes=(F64,), grad=True, kwargs={"negative_slope": 0.3})),
              reference=_leaky_ref, diagnoses=_LEAKY_DIAGNOSES),
    ],
    forbidden=("leaky_relu", "leaky_relu_", "LeakyReLU", "rrelu", "rrelu_", "RReLU", "prelu", "PReLU"),
)


# ---------------------------------------------------------------------------------------------
# softmax and log_softmax

def _softmax_ref(x, dim=-1):
    return F.softmax(x, dim=dim)


def _log_softmax_ref(x, dim=-1):
    return F.log_softmax(x, dim=dim)


def _softmax_no_max(x, dim=-1):
    e = torch.exp(x)
    return e / e.sum(dim=dim, keepdim=True)


def _softmax_whole_tensor(x, dim=-1):
    e = torch.exp(x - x.max())
    return e / e.sum()


def _softmax_last_dim(x, dim=-1):
    return F.softmax(x, dim=-1)


def _log_softmax_no_max(x, dim=-1):
    return x - torch.log(torch.exp(x).sum(dim=dim, keepdim=True))


def _log_of_softmax(x, dim=-1):
    return torch.log(F.softmax(x, dim=dim))


def _log_softmax_last_dim(x, dim=-1):
    return F.log_softmax(x, dim=-1)


_WHOLE = "Normalise along `dim` only, not over the whole tensor."
_DIM = "`dim` is ignored: normalise along the dimension you are given."
_NO_MAX = ("Without subtracting the maximum along `dim` first, exp overflows on large logits "
           "(inf/inf = NaN).")


def _dim_cases(ctx: CaseContext) -> list[Case]:
    cases = []
    for shape, dim in [((4, 6), 0), ((2, 3, 5), 1), ((3, 4, 2), -2), ((5, 3), 1)]:
        x = randn(ctx, *shape, scale=2.0)
        cases.append(Case(args=(x,), kwargs={"dim": dim}, label=f"{describe(x)}, dim={dim}"))
    return cases


def _softmax_large_cases(ctx: CaseContext) -> list[Case]:
    cases = _large_cases(ctx)
    x = torch.tensor([[1000.0, 1001.0, 1002.0], [-1002.0, -1001.0, -1000.0]], dtype=F32).to(ctx.device)
    cases.insert(0, Case(args=(x,), label=f"logits near ±1000, {describe(x)}"))
    y = _large(ctx, F64).T.contiguous()
    cases.append(Case(args=(y,), kwargs={"dim": 0}, label=f"large-magnitude inputs, {describe(y)}, dim=0"))
    return cases


SOFTMAX = Exercise(
    name="activations.softmax",
    checks=[
        Check("values", 3, lambda ctx: _shape_cases(ctx, [(1, 5), (4, 7), (2, 3, 4), (6,)], dtypes=(F32, F64)),
              reference=_softmax_ref, diagnoses=[Diagnosis(_softmax_whole_tensor, _WHOLE)]),
        Check("dim", 2, _dim_cases, reference=_softmax_ref,
              diagnoses=[Diagnosis(_softmax_last_dim, _DIM), Diagnosis(_softmax_whole_tensor, _WHOLE)]),
        Check("large_logits", 3, _softmax_large_cases, reference=_softmax_ref,
              diagnoses=[Diagnosis(_softmax_no_max, _NO_MAX)]),
        Check("gradient", 2,
              lambda ctx: (_shape_cases(ctx, [(3, 5)], dtypes=(F64,), grad=True)
                           + _shape_cases(ctx, [(2, 4, 3)], dtypes=(F64,), grad=True, kwargs={"dim": 1})),
              reference=_softmax_ref,
              diagnoses=[Diagnosis(_softmax_last_dim, _DIM), Diagnosis(_softmax_whole_tensor, _WHOLE)]),
    ],
    forbidden=("softmax", "softmax_", "Softmax", "Softmax2d", "_softmax", "softmin", "Softmin",
               "log_softmax", "LogSoftmax", "_log_softmax", "logsumexp", "gumbel_softmax"),
)

LOG_SOFTMAX = Exercise(
    name="activations.log_softmax",
    checks=[
        Check("values", 2, lambda ctx: _shape_cases(ctx, [(1, 5), (4, 7), (2, 3, 4)], dtypes=(F32, F64)),
              reference=_log_softmax_ref),
        Check("dim", 2, _dim_cases, reference=_log_softmax_ref,
              diagnoses=[Diagnosis(_log_softmax_last_dim, _DIM)]),
        Check("large_logits", 3, _softmax_large_cases, reference=_log_softmax_ref,
              diagnoses=[
                  Diagnosis(_log_softmax_no_max,
                            "Subtract the maximum along `dim` before exponentiating: log Σ eˣ overflows "
                            "on large logits."),
                  Diagnosis(_log_of_softmax,
                            "log(softmax(x)) gives −inf where a probability underflows to 0; compute "
                            "x − max − log Σ e^(x − max) directly."),
              ]),
        Check("gradient", 2,
              lambda ctx: (_shape_cases(ctx, [(3, 5)], dtypes=(F64,), grad=True)
                           + _shape_cases(ctx, [(2, 4, 3)], dtypes=(F64,), grad=True, kwargs={"dim": 1})),
              reference=_log_softmax_ref, diagnoses=[Diagnosis(_log_softmax_last_dim, _DIM)]),
    ],
    # softmax itself stays allowed: log(softmax(x)) is caught by the large-logit check instead.
    forbidden=("log_softmax", "LogSoftmax", "_log_softmax", "logsumexp"),
)

EXERCISES = [SIGMOID, TANH, RELU, LEAKY_RELU, SOFTMAX, LOG_SOFTMAX]
