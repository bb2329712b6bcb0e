"""Checks for exercises/attention.py: scaled_dot_product_attention(q, k, v, mask=None) → (output, weights).

The reference is the direct formula softmax(q·kᵀ/√d, masked with −∞ where the mask is False)·v
with torch.softmax (the tests confirm that it agrees with F.scaled_dot_product_attention). Cases
cover no, one and two leading batch dimensions, boolean masks with rows that may attend to a single
key, scores large enough to overflow a softmax without the max subtracted (built from integers,
so every implementation computes them exactly), gradients for q, k and v, and a judge that the
returned weights are distributions over the keys.
"""

from __future__ import annotations

import functools
import math

import torch

from grader.codegrade.compare import layout_problem
from grader.codegrade.inputs import F32, F64, describe, randn
from grader.codegrade.model import Case, CaseContext, Check, Diagnosis, Exercise
from grader.i18n import N_, _

ORDER = 70  # the course's order: modules are graded and reported by ORDER


def _sdpa_ref(q, k, v, mask=None):
    scores = q @ k.transpose(-2, -1) / math.sqrt(q.shape[-1])
    if mask is not None:
        scores = scores.masked_fill(~mask, float("-inf"))
    weights = torch.softmax(scores, dim=-1)
    return weights @ v, weights


def _sdpa_variant(q, k, v, mask=None, *, scale: str = "sqrt", mask_mode: str = "right", axis: int = -1,
                  stable: bool = True):
    """Attention with one knob turned: each diagnosis below is one realistic mistake."""
    d = q.shape[-1]
    scores = q @ k.transpose(-2, -1)
    scores = scores / math.sqrt(d) if scale == "sqrt" else scores / d if scale == "d" else scores
    if mask is not None:
        if mask_mode == "right":
            scores = scores.masked_fill(~mask, float("-inf"))
        elif mask_mode == "inverted":
            scores = scores.masked_fill(mask, float("-inf"))
        elif mask_mode == "zero_fill":
            scores = scores.masked_fill(~mask, 0.0)
    if stable:
        weights = torch.softmax(scores, dim=axis)
    else:
        e = torch.exp(scores)
        weights = e / e.sum(dim=axis, keepdim=True)
    if mask is not None and mask_mode == "after_softmax":
        weights = weights * mask
    return weights @ v, weights


def _diag(message: str, **knobs) -> Diagnosis:
    return Diagnosis(functools.partial(_sdpa_variant, **knobs), message)


_NO_SCALE = _diag(N_("You did not scale the scores: divide q·kᵀ by √d (d = q.shape[-1]) before the softmax."),
                  scale="none")
_SCALE_D = _diag(N_("You divided the scores by d: the scale is 1/√d, the square root of the key dimension."),
                 scale="d")
_WRONG_AXIS = _diag(N_("You took the softmax over the wrong axis (the queries, axis −2): each query's weights are "
                       "a distribution over the KEYS, the last axis."), axis=-2)
_SCORE_DIAGNOSES = [_NO_SCALE, _SCALE_D, _WRONG_AXIS]
_MASK_DIAGNOSES = [
    _diag(N_("You inverted the mask: True means the query MAY attend to that key; set the scores where the "
             "mask is False to −∞."), mask_mode="inverted"),
    _diag(N_("You ignored the mask: set the scores where the mask is False to −∞ before the softmax."),
          mask_mode="ignored"),
    _diag(N_("You set the masked scores to 0, which still gets weight e⁰ after the softmax: set them to −∞."),
          mask_mode="zero_fill"),
    _diag(N_("You zeroed the masked weights after the softmax, so the rest no longer sum to one: mask the "
             "scores (−∞) before the softmax instead."), mask_mode="after_softmax"),
]
_NAIVE = _diag(N_("Your softmax overflows on large scores (exp of a large number is inf, inf/inf is NaN): "
                  "subtract each row's maximum score before exponentiating."), stable=False)


# ---------------------------------------------------------------------------------------------
# Inputs

def _mask(ctx: CaseContext, shape: tuple[int, ...], *, causal: bool = False) -> torch.Tensor:
    """A boolean mask (…, L, S) in which every query may attend to at least one key and is blocked
    from at least one (so an inverted mask never blocks a whole row); the first query of every batch
    entry may attend to exactly one key. `causal`: the lower-triangular mask (L = S)."""
    *batch, length, keys = shape
    if causal:
        m = torch.ones(length, keys, dtype=torch.bool).tril().expand(*batch, length, keys).clone()
        return m.to(ctx.device)
    m = torch.rand(shape, generator=ctx.generator) < 0.6
    picks = torch.randint(keys, (m.numel() // keys, 2), generator=ctx.generator)
    rows = m.view(-1, keys)
    for r in range(rows.shape[0]):
        if not bool(rows[r].any()):
            rows[r, int(picks[r, 0])] = True
        elif bool(rows[r].all()):
            rows[r, int(picks[r, 1])] = False
    firsts = m.view(-1, length, keys)[:, 0]
    for b in range(firsts.shape[0]):
        firsts[b] = False
        firsts[b, int(picks[b, 0])] = True
    return m.to(ctx.device)


def _integers(ctx: CaseContext, *shape: int, dtype: torch.dtype, step: int) -> torch.Tensor:
    """Multiples of `step` between −4·step and 4·step: their dot products are exact in float32."""
    return (torch.randint(-4, 5, shape, generator=ctx.generator) * step).to(dtype).to(ctx.device)


def _case(ctx: CaseContext, batch: tuple[int, ...], length: int, keys: int, d: int, dv: int, dtype: torch.dtype, *,
          mask: str = "none", how: str = "positional", grad: bool = False, step: int = 0) -> Case:
    """how: "omitted", "positional" or "keyword" (the mask argument); mask: "none", "random" or "causal";
    step > 0 draws q and k from `_integers` (large, exactly representable scores)."""
    if step:
        q = _integers(ctx, *batch, length, d, dtype=dtype, step=step)
        k = _integers(ctx, *batch, keys, d, dtype=dtype, step=step)
    else:
        q, k = randn(ctx, *batch, length, d, dtype=dtype), randn(ctx, *batch, keys, d, dtype=dtype)
    v = randn(ctx, *batch, keys, dv, dtype=dtype)
    m = None if mask == "none" else _mask(ctx, (*batch, length, keys), causal=mask == "causal")
    args: tuple = (q, k, v)
    kwargs: dict = {}
    if how == "positional":
        args = (q, k, v, m)
    elif how == "keyword":
        kwargs = {"mask": m}
    label = _("q {tensor}, k {k_shape}, v {v_shape}").format(tensor=describe(q), k_shape=tuple(k.shape),
                                                             v_shape=tuple(v.shape))
    if mask == "random":
        label = _("{case}, a random mask").format(case=label)
    elif mask == "causal":
        label = _("{case}, a causal mask").format(case=label)
    elif how != "omitted":
        label = _("{case}, no mask").format(case=label)
    if step:
        label = _("{case}, large scores").format(case=label)
    return Case(args=args, kwargs=kwargs, grad_wrt=(0, 1, 2) if grad else (), label=label)


def _value_cases(ctx: CaseContext) -> list[Case]:
    return [
        _case(ctx, (), 4, 6, 8, 5, F64, how="omitted"),
        _case(ctx, (3,), 5, 7, 4, 2, F32),
        _case(ctx, (2, 3), 4, 4, 4, 6, F64, how="keyword"),
        _case(ctx, (), 1, 1, 4, 3, F32, how="omitted"),
        _case(ctx, (2,), 6, 3, 16, 4, F32, how="omitted"),
    ]


def _masked_cases(ctx: CaseContext) -> list[Case]:
    return [
        _case(ctx, (), 5, 6, 4, 3, F64, mask="random"),
        _case(ctx, (4,), 6, 6, 8, 5, F32, mask="random", how="keyword"),
        _case(ctx, (2, 3), 4, 7, 4, 4, F64, mask="random"),
        _case(ctx, (), 3, 2, 4, 2, F32, mask="random", how="keyword"),
        _case(ctx, (3,), 5, 5, 4, 3, F64, mask="causal"),
    ]


def _large_cases(ctx: CaseContext) -> list[Case]:
    return [
        _case(ctx, (), 5, 6, 4, 3, F32, how="omitted", step=8),
        _case(ctx, (2,), 4, 5, 16, 2, F64, mask="random", step=16),
        _case(ctx, (2, 2), 3, 3, 4, 2, F32, how="keyword", step=8),
    ]


def _grad_cases(ctx: CaseContext) -> list[Case]:
    return [
        _case(ctx, (), 3, 4, 4, 2, F64, how="omitted", grad=True),
        _case(ctx, (2,), 5, 5, 8, 3, F64, mask="random", how="keyword", grad=True),
        _case(ctx, (2, 2), 3, 4, 4, 4, F64, mask="random", grad=True),
    ]


def _weight_cases(ctx: CaseContext) -> list[Case]:
    return [
        _case(ctx, (), 3, 5, 4, 2, F64, how="omitted"),
        _case(ctx, (2,), 6, 4, 8, 3, F32, how="omitted"),
        _case(ctx, (3,), 4, 6, 4, 2, F64, mask="random"),
        _case(ctx, (2, 2), 5, 3, 4, 3, F32, mask="random", how="keyword"),
    ]


# ---------------------------------------------------------------------------------------------
# The judge: the returned weights are distributions over the keys


def _weights_judge(case: Case, output) -> str | None:
    if not isinstance(output, (tuple, list)) or len(output) != 2:
        return _("expected a pair (output, weights)")
    out, weights = output
    q, k, v = case.args[:3]
    mask = case.args[3] if len(case.args) > 3 else case.kwargs.get("mask")
    shape_out, shape_w = (*q.shape[:-1], v.shape[-1]), (*q.shape[:-1], k.shape[-2])
    for where, actual, shape in ((_("output"), out, shape_out), (_("weights"), weights, shape_w)):
        problem = layout_problem(torch.empty(shape, dtype=q.dtype, device=q.device), actual)
        if problem is not None:
            return _("{where}: {problem}").format(where=where, problem=problem)
    w = weights.detach().to("cpu", torch.float64)
    if not bool(torch.isfinite(w).all()):
        return _("weights: NaN or Inf; look for exp overflowing (subtract the row maximum first) or a softmax "
                 "over an axis whose entries are all masked")
    tol = 1e-10 if q.dtype == torch.float64 else 1e-5
    if bool((w < -tol).any()):
        return _("weights: negative values; softmax weights are never negative")
    if mask is not None and bool((w[~mask.to("cpu")].abs() > tol).any()):
        return _("weights: a masked position (mask False) has a nonzero weight; it must get exactly 0")
    if bool(((w.sum(dim=-1) - 1).abs() > tol).any()):
        if bool(((w.sum(dim=-2) - 1).abs() <= tol).all()):
            return _("weights: they sum to one over the queries (axis −2), not over the keys: take the softmax "
                     "over the last axis")
        return _("weights: the weights of a query do not sum to one over the keys")
    return None


SCALED_DOT_PRODUCT_ATTENTION = Exercise(
    name="attention.scaled_dot_product_attention",
    checks=[
        Check("values", 2, _value_cases, reference=_sdpa_ref, diagnoses=_SCORE_DIAGNOSES),
        Check("masked", 3, _masked_cases, reference=_sdpa_ref, diagnoses=[*_MASK_DIAGNOSES, *_SCORE_DIAGNOSES]),
        Check("weights_are_distributions", 1, _weight_cases, judge=_weights_judge),
        # Near one-hot weights: a wrong scale changes little here, so only the overflow and the mask are named.
        Check("large_scores", 2, _large_cases, reference=_sdpa_ref, diagnoses=[_NAIVE, _MASK_DIAGNOSES[0]]),
        Check("gradient", 2, _grad_cases, reference=_sdpa_ref, diagnoses=[*_SCORE_DIAGNOSES, *_MASK_DIAGNOSES]),
    ],
    forbidden=("scaled_dot_product_attention", "_scaled_dot_product_attention_math",
               "_scaled_dot_product_flash_attention", "_scaled_dot_product_efficient_attention",
               "_scaled_dot_product_cudnn_attention", "_scaled_dot_product_flash_attention_for_cpu",
               "_fused_sdp_choice", "flex_attention", "multi_head_attention_forward", "MultiheadAttention",
               "softmax", "Softmax", "_softmax", "softmin", "Softmin", "log_softmax", "LogSoftmax", "_log_softmax"),
)

EXERCISES = [SCALED_DOT_PRODUCT_ATTENTION]
