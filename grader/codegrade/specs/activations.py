"""Checks for exercises/activations.py: sigmoid, tanh, relu, leaky_relu, softmax, log_softmax.

References are PyTorch's own operators. Every function is checked on random inputs of several
shapes and both float dtypes, on large-magnitude inputs (where the textbook formulas overflow)
and through autograd against the reference's gradient; sigmoid and tanh also at exactly 0, where a
formula built on |x| loses its gradient. Case labels say what the inputs hold (large magnitudes, 0),
so that a failure points at the inputs that caused it.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F

from grader.codegrade.inputs import F32, F64, describe, randn
from grader.codegrade.model import Case, CaseContext, Check, Diagnosis, Exercise
from grader.i18n import N_, _

ORDER = 10  # the course's order: modules are graded and reported by ORDER


def _large(ctx: CaseContext, dtype: torch.dtype, rows: int = 3, *, zero: bool = True) -> torch.Tensor:
    """Rows mixing ±1000, ±100, ±30 (and 0 unless `zero` is False) with random values of scale 500."""
    fixed = [-1000.0, -100.0, -30.0, 0.0 if zero else -500.0, 30.0, 100.0, 1000.0]
    noise = torch.randn((rows, 7), generator=ctx.generator, dtype=dtype) * 500
    return torch.cat([torch.tensor(fixed, dtype=dtype).unsqueeze(0), noise]).to(ctx.device)


# What the large inputs hold, as feedback names them: a failing case says where to look.
LARGE = N_("large-magnitude inputs (±30, ±100, ±1000, random of scale 500)")
LARGE_AND_ZERO = N_("large-magnitude inputs (±30, ±100, ±1000, random of scale 500) and 0")


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


def _large_cases(ctx: CaseContext, *, zero: bool = True, **kwargs) -> list[Case]:
    """Values and gradients at large inputs. sigmoid and tanh leave 0 out (zero=False): the gradient
    at exactly 0 is a check of its own, so that each failure says where it happens."""
    what = LARGE_AND_ZERO if zero else LARGE
    cases = []
    for dtype in (F32, F64):
        x = _large(ctx, dtype, zero=zero)
        inputs, tensor = _(what), describe(x)
        cases.append(Case(args=(x,), kwargs=dict(kwargs),
                          label=_("{inputs}, {tensor}").format(inputs=inputs, tensor=tensor)))
        cases.append(Case(args=(x.clone(),), kwargs=dict(kwargs), grad_wrt=(0,),
                          label=_("gradient at {inputs}, {tensor}").format(inputs=inputs, tensor=tensor)))
    return cases


def _zero_cases(ctx: CaseContext) -> list[Case]:
    """Gradients where some inputs are exactly 0 (and the rest small): |x| has no derivative there."""
    x = torch.tensor([-3.0, -1.0, -0.25, 0.0, 0.25, 1.0, 3.0], dtype=F64).to(ctx.device)
    y = torch.randn((3, 4), generator=ctx.generator, dtype=F32)
    y.view(-1)[::3] = 0.0
    y = y.to(ctx.device)
    return [Case(args=(x,), grad_wrt=(0,),
                 label=_("gradient at inputs including exactly 0, {tensor}").format(tensor=describe(x))),
            Case(args=(y,), grad_wrt=(0,),
                 label=_("gradient at random inputs, a third of them exactly 0, {tensor}").format(tensor=describe(y)))]


def _where_unclamped_diagnosis(impl) -> Diagnosis:
    return Diagnosis(impl, N_("You chose between two formulas with torch.where but fed both the raw x: the values are "
                              "right, but the branch torch.where discards still overflows to inf, and its gradient "
                              "(0·inf = NaN) leaks through. Feed each branch x clamped to its side (x.clamp(min=0) "
                              "for the x ≥ 0 formula, x.clamp(max=0) for the other)."))


def _zero_gradient_diagnosis(impl, derivative: str) -> Diagnosis:
    return Diagnosis(impl, N_("You built it on |x| (e.g. e^(−|x|)), so its gradient at x = 0 is 0 instead of "
                              "{derivative}: |x| has no derivative at 0 and autograd uses 0 there. Choose the "
                              "formula with torch.where on the sign of x (x >= 0) and feed each branch x itself, "
                              "clamped to its side (x.clamp(min=0), x.clamp(max=0)), instead of abs."),
                     {"derivative": derivative})


# ---------------------------------------------------------------------------------------------
# sigmoid

def _sigmoid_exp_ratio(x):
    return torch.exp(x) / (1 + torch.exp(x))


def _sigmoid_naive(x):
    return 1 / (1 + torch.exp(-x))


def _sigmoid_where_unclamped(x):
    return torch.where(x >= 0, 1 / (1 + torch.exp(-x)), torch.exp(x) / (1 + torch.exp(x)))


def _sigmoid_abs(x):
    e = torch.exp(-x.abs())
    return torch.where(x >= 0, 1 / (1 + e), e / (1 + e))


_SIGMOID_OVERFLOW = Diagnosis(
    _sigmoid_exp_ratio,
    N_("You computed eˣ/(1 + eˣ) for every x, which overflows for large positive x (inf/inf = NaN): choose, by "
       "the sign of x, the form that only exponentiates a non-positive number (1/(1 + e⁻ˣ) for x ≥ 0)."))
_SIGMOID_NAIVE_GRAD = Diagnosis(
    _sigmoid_naive,
    N_("You computed 1/(1 + e⁻ˣ) for every x: e⁻ˣ overflows for large negative x, and although the value "
       "survives (1/inf = 0) its gradient becomes NaN. For x < 0 use eˣ/(1 + eˣ), so that only non-positive "
       "numbers are exponentiated."))

SIGMOID = Exercise(
    name="activations.sigmoid",
    checks=[
        Check("values", 2, lambda ctx: _shape_cases(ctx, SHAPES, dtypes=(F32, F64)), reference=torch.sigmoid),
        Check("large_inputs", 3, lambda ctx: _large_cases(ctx, zero=False), reference=torch.sigmoid,
              diagnoses=[_SIGMOID_OVERFLOW, _SIGMOID_NAIVE_GRAD, _where_unclamped_diagnosis(_sigmoid_where_unclamped)]),
        Check("gradient", 2, lambda ctx: _shape_cases(ctx, [(3, 4), (5,)], dtypes=(F64,), grad=True),
              reference=torch.sigmoid),
        Check("gradient_at_zero", 1, _zero_cases, reference=torch.sigmoid,
              diagnoses=[_zero_gradient_diagnosis(_sigmoid_abs, "σ′(0) = 1/4")]),
    ],
    forbidden=("sigmoid", "sigmoid_", "Sigmoid", "expit", "logsigmoid", "LogSigmoid"),
)


# ---------------------------------------------------------------------------------------------
# tanh

def _tanh_naive(x):
    return (torch.exp(x) - torch.exp(-x)) / (torch.exp(x) + torch.exp(-x))


def _tanh_where_unclamped(x):
    return torch.where(x >= 0, (1 - torch.exp(-2 * x)) / (1 + torch.exp(-2 * x)),
                       (torch.exp(2 * x) - 1) / (torch.exp(2 * x) + 1))


def _tanh_abs(x):
    a = x.abs()
    t = -torch.expm1(-2 * a) / (1 + torch.exp(-2 * a))
    return torch.where(x >= 0, t, -t)


TANH = Exercise(
    name="activations.tanh",
    checks=[
        Check("values", 2, lambda ctx: _shape_cases(ctx, SHAPES, dtypes=(F32, F64)), reference=torch.tanh),
        Check("large_inputs", 2, lambda ctx: _large_cases(ctx, zero=False), reference=torch.tanh,
              diagnoses=[Diagnosis(_tanh_naive,
                                   N_("You computed (eˣ − e⁻ˣ)/(eˣ + e⁻ˣ), which overflows for large |x| (inf/inf = "
                                      "NaN): for x ≥ 0 use (1 − e^(−2x))/(1 + e^(−2x)), for x < 0 its mirror image "
                                      "(tanh is odd), so that no exponent is positive; pick with torch.where on the "
                                      "sign of x and feed each branch x clamped to its side.")),
                         _where_unclamped_diagnosis(_tanh_where_unclamped)]),
        Check("gradient", 2, lambda ctx: _shape_cases(ctx, [(3, 4), (5,)], dtypes=(F64,), grad=True),
              reference=torch.tanh),
        Check("gradient_at_zero", 1, _zero_cases, reference=torch.tanh,
              diagnoses=[_zero_gradient_diagnosis(_tanh_abs, "tanh′(0) = 1")]),
    ],
    forbidden=("tanh", "tanh_", "Tanh", "tanhshrink", "Tanhshrink"),
)


# ---------------------------------------------------------------------------------------------
# relu

def _relu_step(x):
    return (x > 0).to(x.dtype)


_RELU_STEP = Diagnosis(_relu_step, N_("You returned ReLU's derivative (a 0/1 step): return max(0, x) itself, e.g. "
                                      "torch.where(x > 0, x, 0)."))


def _relu_cases(ctx: CaseContext) -> list[Case]:
    cases = _shape_cases(ctx, SHAPES, dtypes=(F32, F64))
    x = torch.tensor([-2.0, -0.0, 0.0, 0.5, 3.0], dtype=ctx.dtype).to(ctx.device)
    cases.append(Case(args=(x,), label=_("inputs including zeros, {tensor}").format(tensor=describe(x))))
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
        cases.append(Case(args=args, kwargs=kwargs,
                          label=_("{tensor}, a non-default negative_slope").format(tensor=describe(x))))
    return cases


def _leaky_ref(x, negative_slope=0.01):
    return F.leaky_relu(x, negative_slope)


_LEAKY_DIAGNOSES = [
    Diagnosis(_leaky_as_relu, N_("You set negative inputs to 0 (plain ReLU): multiply them by negative_slope.")),
    Diagnosis(_leaky_default_slope, N_("You ignored negative_slope and always used 0.01: use the argument you are "
                                       "given.")),
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


_WHOLE = (N_("You normalised over the whole tensor: take the maximum and the sum along `dim` only "
             "(keepdim=True)."))
_DIM = N_("You ignored `dim` and always used the last dimension: normalise along the dimension you are given.")
_NO_MAX = (N_("You exponentiated the raw logits, which overflows on large ones (inf/inf = NaN): subtract the "
              "maximum along `dim` first (softmax does not change when a constant is subtracted)."))


def _dim_cases(ctx: CaseContext) -> list[Case]:
    cases = []
    for shape, dim in [((4, 6), 0), ((2, 3, 5), 1), ((3, 4, 2), -2), ((5, 3), 1)]:
        x = randn(ctx, *shape, scale=2.0)
        cases.append(Case(args=(x,), kwargs={"dim": dim},
                          label=_("{tensor}, dim={dim}").format(tensor=describe(x), dim=dim)))
    return cases


def _softmax_large_cases(ctx: CaseContext) -> list[Case]:
    cases = _large_cases(ctx)
    x = torch.tensor([[1000.0, 1001.0, 1002.0], [-1002.0, -1001.0, -1000.0]], dtype=F32).to(ctx.device)
    cases.insert(0, Case(args=(x,), label=_("logits near ±1000, {tensor}").format(tensor=describe(x))))
    y = _large(ctx, F64).T.contiguous()
    cases.append(Case(args=(y,), kwargs={"dim": 0},
                      label=_("{inputs}, {tensor}, dim=0").format(inputs=_(LARGE_AND_ZERO), tensor=describe(y))))
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
                            N_("You exponentiated the raw logits, and log Σ eˣ overflows on large ones: with "
                               "m = the maximum along `dim`, compute (x − m) − log Σ e^(x − m).")),
                  Diagnosis(_log_of_softmax,
                            N_("You took log(softmax(x)), which gives −inf where a probability underflows to 0: "
                               "compute (x − m) − log Σ e^(x − m) directly, m the maximum along `dim`.")),
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
