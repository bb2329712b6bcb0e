"""Checks for exercises/rnn.py: rnn_cell, lstm_cell, gru_cell, rnn_forward, bptt_linear and
clip_grad_norm.

The cells and the unrolled RNN are checked against nn.RNNCell / nn.LSTMCell / nn.GRUCell / nn.RNN
loaded with the case's weights (through torch.func.functional_call, so gradients reach every
weight); bptt_linear against autograd on the loss EXERCISES.md states; clip_grad_norm against
torch.nn.utils.clip_grad_norm_ run on gradients attached to throw-away parameters.
"""

from __future__ import annotations

import functools
import warnings

import torch
from torch.func import functional_call

from grader.codegrade.inputs import F32, F64, describe, rand, randn
from grader.codegrade.model import Case, CaseContext, Check, Diagnosis, Exercise
from grader.i18n import N_, _, ngettext

ORDER = 50  # the course's order: modules are graded and reported by ORDER

# Names that would do a cell's or a layer's work (torch.lstm_cell, torch._VF.gru, nn.LSTM...).
_RECURRENT = ("RNN", "RNNCell", "RNNBase", "RNNCellBase", "LSTM", "LSTMCell", "GRU", "GRUCell", "rnn_tanh",
              "rnn_relu", "rnn_tanh_cell", "rnn_relu_cell", "lstm", "lstm_cell", "gru", "gru_cell",
              "_thnn_fused_lstm_cell", "_thnn_fused_gru_cell", "quantized_lstm_cell", "quantized_gru_cell",
              "functional_call")


def _label(dtype: torch.dtype, **sizes: int) -> str:
    return ", ".join(f"{k}={v}" for k, v in sizes.items()) + f", {str(dtype).removeprefix('torch.')}"


def _weights(ctx: CaseContext, rows: int, d: int, h: int, dtype: torch.dtype) -> tuple[torch.Tensor, ...]:
    """W_ih (rows, d), W_hh (rows, h), b_ih, b_hh (rows,): scaled so that the gates are not saturated."""
    return (randn(ctx, rows, d, dtype=dtype, scale=0.5), randn(ctx, rows, h, dtype=dtype, scale=0.5),
            randn(ctx, rows, dtype=dtype, scale=0.5), randn(ctx, rows, dtype=dtype, scale=0.5))


def _params(W_ih, W_hh, b_ih, b_hh, suffix: str = "") -> dict[str, torch.Tensor]:
    return {f"weight_ih{suffix}": W_ih, f"weight_hh{suffix}": W_hh, f"bias_ih{suffix}": b_ih,
            f"bias_hh{suffix}": b_hh}


def _module(cls, x: torch.Tensor, h: torch.Tensor):
    # On the meta device: no memory, and no draw from the global RNG for an initialisation that
    # functional_call replaces anyway.
    return cls(x.shape[-1], h.shape[-1], device="meta", dtype=x.dtype)


# ---------------------------------------------------------------------------------------------
# rnn_cell

def _rnn_cell_ref(x, h, W_ih, W_hh, b_ih, b_hh):
    return functional_call(_module(torch.nn.RNNCell, x, h), _params(W_ih, W_hh, b_ih, b_hh), (x, h))


def _rnn_cell_w_hh_untransposed(x, h, W_ih, W_hh, b_ih, b_hh):
    return torch.tanh(x @ W_ih.T + b_ih + h @ W_hh + b_hh)


def _rnn_cell_one_bias(x, h, W_ih, W_hh, b_ih, b_hh):
    return torch.tanh(x @ W_ih.T + b_ih + h @ W_hh.T)


def _rnn_cell_sigmoid(x, h, W_ih, W_hh, b_ih, b_hh):
    return torch.sigmoid(x @ W_ih.T + b_ih + h @ W_hh.T + b_hh)


_W_HH_UNTRANSPOSED = Diagnosis(
    _rnn_cell_w_hh_untransposed,
    N_("You multiplied h by W_hh itself: like every PyTorch weight, W_hh is laid out (out, in), so use "
       "h·W_hhᵀ (h @ W_hh.T). No shape error warns you because W_hh is square."))

_RNN_CELL_DIAGNOSES = [
    _W_HH_UNTRANSPOSED,
    Diagnosis(_rnn_cell_one_bias, N_("You added one bias only: PyTorch's cell has two, add both b_ih and b_hh.")),
    Diagnosis(_rnn_cell_sigmoid, N_("You used the sigmoid: the RNN cell's activation is tanh.")),
]


def _cell_cases(ctx: CaseContext, gates: int, settings, *, cell_state: bool = False,
                grad: bool = False) -> list[Case]:
    cases = []
    for n, d, h, dtype in settings:
        x = randn(ctx, n, d, dtype=dtype)
        state = randn(ctx, n, h, dtype=dtype, scale=0.8)
        states = (state, randn(ctx, n, h, dtype=dtype)) if cell_state else (state,)
        args = (x, *states, *_weights(ctx, gates * h, d, h, dtype))
        cases.append(Case(args=args, grad_wrt=tuple(range(len(args))) if grad else (),
                          label=_label(dtype, N=n, D=d, H=h)))
    return cases


# A batch of one, D = H (a W_ih used without its transpose gives wrong values instead of a shape
# error there), H = 1, and both float dtypes.
_CELL_SETTINGS = [(1, 3, 5, F64), (3, 4, 4, F64), (5, 7, 2, F32), (2, 1, 1, F64), (4, 6, 3, F32)]
_CELL_GRAD_SETTINGS = [(3, 4, 5, F64), (2, 3, 3, F64), (1, 2, 4, F64)]

RNN_CELL = Exercise(
    name="rnn.rnn_cell",
    checks=[
        Check("values", 3, lambda ctx: _cell_cases(ctx, 1, _CELL_SETTINGS), reference=_rnn_cell_ref,
              diagnoses=_RNN_CELL_DIAGNOSES),
        Check("gradient", 3, lambda ctx: _cell_cases(ctx, 1, _CELL_GRAD_SETTINGS, grad=True),
              reference=_rnn_cell_ref, diagnoses=_RNN_CELL_DIAGNOSES),
    ],
    forbidden=_RECURRENT,
)


# ---------------------------------------------------------------------------------------------
# lstm_cell

def _lstm_cell_ref(x, h, c, W_ih, W_hh, b_ih, b_hh):
    return functional_call(_module(torch.nn.LSTMCell, x, h), _params(W_ih, W_hh, b_ih, b_hh), (x, (h, c)))


def _lstm_variant(x, h, c, W_ih, W_hh, b_ih, b_hh, *, order: str = "ifgo", output_tanh: bool = True,
                  candidate: str = "tanh"):
    """An LSTM cell with one knob turned: `order` is how the four gate blocks are read."""
    blocks = dict(zip(order, (x @ W_ih.T + b_ih + h @ W_hh.T + b_hh).chunk(4, dim=-1)))
    i, f, o = torch.sigmoid(blocks["i"]), torch.sigmoid(blocks["f"]), torch.sigmoid(blocks["o"])
    g = torch.tanh(blocks["g"]) if candidate == "tanh" else torch.sigmoid(blocks["g"])
    c_next = f * c + i * g
    return (o * torch.tanh(c_next) if output_tanh else o * c_next), c_next


def _lstm_order(order: str, whose: str) -> Diagnosis:
    spelled = ", ".join(order)
    return Diagnosis(functools.partial(_lstm_variant, order=order),
                     N_("You read the four gate blocks (of W_ih, W_hh, b_ih, b_hh) in the order {order}{whose}: "
                        "PyTorch stacks them as i, f, g, o (input, forget, cell candidate, output); split with "
                        "chunk(4, dim=-1) in that order."), {"order": spelled, "whose": whose})


_LSTM_DIAGNOSES = [
    _lstm_order("figo", N_(" (the course notes' order)")),
    _lstm_order("igfo", N_(" (TensorFlow's order)")),
    _lstm_order("ifog", ""),
    Diagnosis(functools.partial(_lstm_variant, output_tanh=False),
              N_("You returned h′ = o · c′: the new cell state goes through tanh first, h′ = o · tanh(c′).")),
    Diagnosis(functools.partial(_lstm_variant, candidate="sigmoid"),
              N_("You squashed the cell candidate g with the sigmoid: g uses tanh; only i, f and o use the sigmoid.")),
]

LSTM_CELL = Exercise(
    name="rnn.lstm_cell",
    checks=[
        Check("values", 4, lambda ctx: _cell_cases(ctx, 4, _CELL_SETTINGS, cell_state=True),
              reference=_lstm_cell_ref, diagnoses=_LSTM_DIAGNOSES),
        Check("gradient", 3, lambda ctx: _cell_cases(ctx, 4, _CELL_GRAD_SETTINGS, cell_state=True, grad=True),
              reference=_lstm_cell_ref, diagnoses=_LSTM_DIAGNOSES),
    ],
    forbidden=_RECURRENT,
)


# ---------------------------------------------------------------------------------------------
# gru_cell

def _gru_cell_ref(x, h, W_ih, W_hh, b_ih, b_hh):
    return functional_call(_module(torch.nn.GRUCell, x, h), _params(W_ih, W_hh, b_ih, b_hh), (x, h))


def _gru_variant(x, h, W_ih, W_hh, b_ih, b_hh, *, order: str = "rzn", swapped_z: bool = False,
                 reset_before: bool = False):
    """A GRU cell with one knob turned."""
    gi = dict(zip(order, (x @ W_ih.T + b_ih).chunk(3, dim=-1)))
    W_h = dict(zip(order, W_hh.chunk(3, dim=0)))
    b_h = dict(zip(order, b_hh.chunk(3, dim=0)))
    r = torch.sigmoid(gi["r"] + h @ W_h["r"].T + b_h["r"])
    z = torch.sigmoid(gi["z"] + h @ W_h["z"].T + b_h["z"])
    if reset_before:
        n = torch.tanh(gi["n"] + (r * h) @ W_h["n"].T + b_h["n"])
    else:
        n = torch.tanh(gi["n"] + r * (h @ W_h["n"].T + b_h["n"]))
    return (1 - z) * h + z * n if swapped_z else (1 - z) * n + z * h


_GRU_DIAGNOSES = [
    Diagnosis(functools.partial(_gru_variant, swapped_z=True),
              N_("You used h′ = (1 − z)·h + z·n, the convention with z's role swapped (the course notes print "
                 "it): PyTorch computes h′ = (1 − z)·n + z·h, so z is the share of the OLD state kept.")),
    Diagnosis(functools.partial(_gru_variant, reset_before=True),
              N_("You applied the reset gate to h before the hidden product: PyTorch applies it after, "
                 "n = tanh(W_in·x + b_in + r ⊙ (W_hn·h + b_hn)).")),
    Diagnosis(functools.partial(_gru_variant, order="zrn"),
              N_("You read the gate blocks as z, r, n: PyTorch stacks them as r, z, n (reset, update, new).")),
]

GRU_CELL = Exercise(
    name="rnn.gru_cell",
    checks=[
        Check("values", 4, lambda ctx: _cell_cases(ctx, 3, _CELL_SETTINGS), reference=_gru_cell_ref,
              diagnoses=_GRU_DIAGNOSES),
        Check("gradient", 3, lambda ctx: _cell_cases(ctx, 3, _CELL_GRAD_SETTINGS, grad=True),
              reference=_gru_cell_ref, diagnoses=_GRU_DIAGNOSES),
    ],
    forbidden=_RECURRENT,
)


# ---------------------------------------------------------------------------------------------
# rnn_forward

def _rnn_forward_ref(xs, h0, W_ih, W_hh, b_ih, b_hh):
    rnn = _module(torch.nn.RNN, xs, h0)
    with warnings.catch_warnings():  # cuDNN's "weights are not part of a single contiguous chunk"
        warnings.simplefilter("ignore")
        outputs, h_n = functional_call(rnn, _params(W_ih, W_hh, b_ih, b_hh, "_l0"), (xs, h0.unsqueeze(0)))
    return outputs, h_n.squeeze(0)


def _rnn_forward_variant(xs, h0, W_ih, W_hh, b_ih, b_hh, *, carry: bool = True, detach: bool = False,
                         shifted: bool = False, w_hh_transposed: bool = True):
    W = W_hh.T if w_hh_transposed else W_hh
    h, states = h0, [h0]
    for t in range(xs.shape[0]):
        prev = (h.detach() if detach else h) if carry else h0
        h = torch.tanh(xs[t] @ W_ih.T + b_ih + prev @ W + b_hh)
        states.append(h)
    return torch.stack(states[:-1] if shifted else states[1:]), h


_FORWARD_SHIFTED = Diagnosis(
    functools.partial(_rnn_forward_variant, shifted=True),
    N_("Your outputs are h0 … h_{T−1}: outputs[t] is the state AFTER reading xs[t], so the outputs are "
       "h1 … h_T (h0 not included, the last state included)."))
_FORWARD_DIAGNOSES = [
    Diagnosis(functools.partial(_rnn_forward_variant, carry=False),
              N_("You started every step from h0: carry the hidden state, step t uses the state step t − 1 "
                 "produced.")),
    _FORWARD_SHIFTED,
    Diagnosis(functools.partial(_rnn_forward_variant, w_hh_transposed=False), _W_HH_UNTRANSPOSED.message),
]
_FORWARD_DETACHED = Diagnosis(
    functools.partial(_rnn_forward_variant, detach=True),
    N_("You detached the hidden state between steps (truncated backpropagation through time): gradients "
       "must flow back through every step, so do not .detach() h inside the loop."))


def _forward_cases(ctx: CaseContext, settings, *, grad: bool = False) -> list[Case]:
    cases = []
    for t, n, d, h, dtype in settings:
        xs = randn(ctx, t, n, d, dtype=dtype)
        h0 = randn(ctx, n, h, dtype=dtype, scale=0.8)
        args = (xs, h0, *_weights(ctx, h, d, h, dtype))
        cases.append(Case(args=args, grad_wrt=tuple(range(len(args))) if grad else (),
                          label=_label(dtype, T=t, N=n, D=d, H=h)))
    return cases


RNN_FORWARD = Exercise(
    name="rnn.rnn_forward",
    checks=[
        Check("sequences", 3, lambda ctx: _forward_cases(ctx, [(4, 2, 3, 3, F64), (2, 3, 4, 5, F64), (9, 1, 2, 6, F64),
                                                               (5, 4, 5, 3, F32), (12, 2, 3, 4, F32)]),
              reference=_rnn_forward_ref, diagnoses=_FORWARD_DIAGNOSES),
        Check("length_one", 1, lambda ctx: _forward_cases(ctx, [(1, 3, 4, 5, F64), (1, 1, 2, 2, F32)]),
              reference=_rnn_forward_ref, diagnoses=[_FORWARD_SHIFTED]),
        Check("gradient", 3, lambda ctx: _forward_cases(ctx, [(5, 2, 3, 4, F64), (3, 1, 2, 2, F64), (1, 2, 3, 2, F64)],
                                                        grad=True),
              reference=_rnn_forward_ref, diagnoses=[_FORWARD_DETACHED, *_FORWARD_DIAGNOSES]),
    ],
    forbidden=_RECURRENT,
)


# ---------------------------------------------------------------------------------------------
# bptt_linear

def _as_tensor(v, like: torch.Tensor) -> torch.Tensor:
    return torch.as_tensor(v, dtype=like.dtype, device=like.device).detach().clone()


def _bptt_ref(xs, ys, w_x, w_s, w_o, s0):
    """Autograd on L = Σₜ ½(w_o·sₜ − yₜ)², sₜ = w_s·sₜ₋₁ + w_x·xₜ."""
    with torch.enable_grad():
        params = [_as_tensor(w, xs).requires_grad_(True) for w in (w_x, w_s, w_o)]
        wx, ws, wo = params
        s = _as_tensor(s0, xs)
        loss = torch.zeros((), dtype=xs.dtype, device=xs.device)
        for t in range(xs.shape[0]):
            s = ws * s + wx * xs[t]
            loss = loss + 0.5 * (wo * s - ys[t]) ** 2
        grads = torch.autograd.grad(loss, params)
    return tuple(float(g) for g in grads)


def _bptt_variant(xs, ys, w_x, w_s, w_o, s0, *, window: int | None = None, last_only: bool = False,
                  factor: float = 1.0, current_state: bool = False):
    """Hand-written BPTT with one mistake: each loss term back-propagated through at most `window`
    steps, only the last loss term, dL/do scaled by `factor`, or sₜ in place of sₜ₋₁ in dw_s."""
    x = [float(v) for v in xs.detach().double().cpu()]
    y = [float(v) for v in ys.detach().double().cpu()]
    wx, ws, wo = float(w_x), float(w_s), float(w_o)
    states = [float(s0)]
    for t in range(len(x)):
        states.append(ws * states[t] + wx * x[t])
    dw_x = dw_s = dw_o = 0.0
    for t in range(len(x), 0, -1):
        if last_only and t != len(x):
            continue
        err = factor * (wo * states[t] - y[t - 1])
        dw_o += err * states[t]
        delta = err * wo
        first = 1 if window is None else max(1, t - window + 1)
        for j in range(t, first - 1, -1):
            dw_x += delta * x[j - 1]
            dw_s += delta * states[j if current_state else j - 1]
            delta *= ws
    return dw_x, dw_s, dw_o


def _bptt_truncated(window: int) -> Diagnosis:
    if window == 1:
        message = N_("You truncated backpropagation through time, following each loss term only through the step "
                     "that produced it: sₜ depends on w_x and w_s through every earlier state too, so carry δ back "
                     "to the first step, δₜ = (oₜ − yₜ)·w_o + w_s·δₜ₊₁, adding δₜ·xₜ to dw_x and δₜ·sₜ₋₁ to dw_s "
                     "at every step.")
    else:
        message = N_("You truncated backpropagation through time, following each loss term through its last "
                     "{window} steps only: sₜ depends on w_x and w_s through every earlier state too, so carry δ "
                     "back to the first step, δₜ = (oₜ − yₜ)·w_o + w_s·δₜ₊₁, adding δₜ·xₜ to dw_x and δₜ·sₜ₋₁ to "
                     "dw_s at every step.")
    return Diagnosis(functools.partial(_bptt_variant, window=window), message, {"window": str(window)})


_BPTT_BASICS = [
    Diagnosis(functools.partial(_bptt_variant, factor=2.0),
              N_("Your gradients are twice too large: L = Σ ½(oₜ − yₜ)², so dL/doₜ = oₜ − yₜ, without a factor 2.")),
    Diagnosis(functools.partial(_bptt_variant, factor=-1.0),
              N_("Your gradients have the wrong sign: the error is oₜ − yₜ (prediction minus target).")),
    Diagnosis(functools.partial(_bptt_variant, current_state=True),
              N_("You used sₜ in dw_s: the direct part of ∂sₜ/∂w_s is the PREVIOUS state sₜ₋₁ "
                 "(sₜ = w_s·sₜ₋₁ + w_x·xₜ).")),
]
_BPTT_DIAGNOSES = [
    *(_bptt_truncated(k) for k in (1, 2, 3, 5)),
    Diagnosis(functools.partial(_bptt_variant, last_only=True),
              N_("You back-propagated the last loss term only: L sums the losses of every step, "
                 "L = Σₜ ½(oₜ − yₜ)².")),
    *_BPTT_BASICS,
]


def _number(ctx: CaseContext, low: float, high: float) -> float:
    return low + (high - low) * float(torch.rand((), generator=ctx.generator, dtype=F64))


def _bptt_cases(ctx: CaseContext, settings) -> list[Case]:
    """settings: (T, |w_s| bound, weights given as 0-d tensors?)."""
    cases = []
    for t, bound, tensors in settings:
        xs = randn(ctx, t, dtype=F64)
        ys = randn(ctx, t, dtype=F64)
        w_x, w_o = _number(ctx, -1.5, 1.5), _number(ctx, -1.5, 1.5)
        w_s, s0 = _number(ctx, -bound, bound), _number(ctx, -1.0, 1.0)
        numbers: tuple = (w_x, w_s, w_o, s0)
        if tensors:
            numbers = tuple(torch.tensor(v, dtype=F64).to(ctx.device) for v in numbers)
        if tensors:
            label = _("T={t}, weights and s0 as 0-d tensors, {tensor}").format(t=t, tensor=describe(xs))
        else:
            label = _("T={t}, weights and s0 as numbers, {tensor}").format(t=t, tensor=describe(xs))
        cases.append(Case(args=(xs, ys, *numbers), label=label))
    return cases


BPTT_LINEAR = Exercise(
    name="rnn.bptt_linear",
    checks=[
        Check("one_step", 1, lambda ctx: _bptt_cases(ctx, [(1, 1.0, False), (1, 1.0, True)]), reference=_bptt_ref,
              diagnoses=_BPTT_BASICS),
        Check("sequences", 3, lambda ctx: _bptt_cases(ctx, [(2, 1.0, False), (3, 1.2, True), (5, 0.9, False),
                                                            (8, 1.1, True), (13, 1.0, False)]),
              reference=_bptt_ref, diagnoses=_BPTT_DIAGNOSES),
        Check("long_sequences", 2, lambda ctx: _bptt_cases(ctx, [(30, 1.0, False), (50, 1.05, True)]),
              reference=_bptt_ref, diagnoses=_BPTT_DIAGNOSES),
    ],
    # The gradients are the exercise: autograd in any form is off limits (a local variable named
    # `grad` is fine, the scan skips local names; `.grad` and `autograd.grad` are not).
    forbidden=("backward", "autograd", "grad", "enable_grad", "requires_grad_", "functorch", "vjp", "jvp",
               "jacrev", "jacfwd", "jacobian", "hessian", "grad_and_value"),
)


# ---------------------------------------------------------------------------------------------
# clip_grad_norm

def _clip_ref(grads, max_norm):
    params = [torch.nn.Parameter(torch.empty_like(g)) for g in grads]
    for p, g in zip(params, grads):
        p.grad = g.detach().clone()
    total_norm = torch.nn.utils.clip_grad_norm_(params, max_norm)
    return [p.grad for p in params], total_norm


def _norm(grads) -> torch.Tensor:
    return torch.sqrt(sum((g * g).sum() for g in grads))


def _clip_per_tensor(grads, max_norm):
    clipped = [g * torch.clamp(max_norm / (_norm([g]) + 1e-6), max=1.0) for g in grads]
    return clipped, _norm(grads)


def _clip_with_total(grads, max_norm, *, total: str = "global", eps: float = 1e-6, cap: bool = True,
                     report_after: bool = False):
    if total == "sum_of_norms":
        norm = sum(_norm([g]) for g in grads)
    elif total == "squared":
        norm = sum((g * g).sum() for g in grads)
    else:
        norm = _norm(grads)
    scale = max_norm / (norm + eps)
    if cap:
        scale = torch.clamp(scale, max=1.0)
    clipped = [g * scale for g in grads]
    return clipped, (_norm(clipped) if report_after else norm)


_CLIP_SUM_OF_NORMS = Diagnosis(
    functools.partial(_clip_with_total, total="sum_of_norms"),
    N_("You added up the tensors' norms: the total norm is the L2 norm of all the entries together, "
       "√(Σᵢ ‖gᵢ‖²)."))
_CLIP_SQUARED = Diagnosis(
    functools.partial(_clip_with_total, total="squared"),
    N_("Your total norm is the sum of squares: take its square root, √(Σ g²)."))
_CLIP_PER_TENSOR = Diagnosis(
    _clip_per_tensor,
    N_("You clipped each tensor by its own norm: clip by ONE global norm over all the tensors and scale every "
       "tensor by the same factor min(1, max_norm / (total_norm + 1e-6))."))


def _grad_list(ctx: CaseContext, shapes, dtype: torch.dtype) -> list[torch.Tensor]:
    return [randn(ctx, *shape, dtype=dtype) for shape in shapes]


def _clip_cases(ctx: CaseContext, settings) -> list[Case]:
    """settings: (shapes, dtype, max_norm as a multiple of the total norm)."""
    cases = []
    for shapes, dtype, ratio in settings:
        grads = _grad_list(ctx, shapes, dtype)
        total = float(_norm([g.double() for g in grads]))
        max_norm = round(total * ratio, 3)
        tensors = ngettext("{n} tensor of shapes {shapes}", "{n} tensors of shapes {shapes}", len(grads)).format(
            n=len(grads), shapes=", ".join(str(tuple(s)) for s in shapes))
        if ratio > 1:
            label = _("{tensors}, {dtype}, total norm below max_norm")
        else:
            label = _("{tensors}, {dtype}, total norm above max_norm")
        cases.append(Case(args=(grads, max_norm),
                          label=label.format(tensors=tensors, dtype=str(dtype).removeprefix("torch."))))
    return cases


def _clip_edge_cases(ctx: CaseContext) -> list[Case]:
    zeros = [torch.zeros(3, 2, dtype=F64, device=ctx.device), torch.zeros(4, dtype=F64, device=ctx.device)]
    small = [g * 1e-3 for g in _grad_list(ctx, [(2, 3), (5,)], F64)]
    at_limit = float(_norm(small))  # max_norm equal to the total norm: the 1e-6 still scales by just under 1
    tiny = [g * 1e-5 for g in _grad_list(ctx, [(4,), (2, 2)], F64)]
    return [
        Case(args=(zeros, 1.0), label=_("all-zero gradients (total norm 0)")),
        Case(args=(small, at_limit), label=_("total norm equal to max_norm (small gradients)")),
        Case(args=(tiny, 1e-5), label=_("tiny gradients, total norm above a tiny max_norm")),
        Case(args=([rand(ctx, 3, 3, dtype=F32) + 1.0], 2), label=_("one tensor, max_norm an int")),
    ]


CLIP_GRAD_NORM = Exercise(
    name="rnn.clip_grad_norm",
    checks=[
        Check("below_limit", 2, lambda ctx: _clip_cases(ctx, [([(3, 4), (5,)], F64, 1.5), ([(2, 3, 2)], F32, 3.0),
                                                              ([(4,), (2, 2), (), (3, 1)], F64, 1.1)]),
              reference=_clip_ref, diagnoses=[
                  Diagnosis(functools.partial(_clip_with_total, cap=False),
                            N_("You scaled gradients below the limit UP to max_norm: the scale is "
                               "min(1, max_norm / (total_norm + 1e-6)), so they stay unchanged.")),
                  _CLIP_SUM_OF_NORMS, _CLIP_SQUARED]),
        Check("above_limit", 3, lambda ctx: _clip_cases(ctx, [([(3, 4), (5,)], F64, 0.5), ([(6, 2)], F32, 0.2),
                                                              ([(4,), (2, 2), (), (3, 1)], F64, 0.3),
                                                              ([(2, 5), (7,), (1, 3)], F32, 0.7)]),
              reference=_clip_ref, diagnoses=[
                  _CLIP_PER_TENSOR, _CLIP_SUM_OF_NORMS, _CLIP_SQUARED,
                  Diagnosis(functools.partial(_clip_with_total, report_after=True),
                            N_("You returned the norm after clipping: return the total norm of the gradients as they "
                               "came in, as clip_grad_norm_ does.")),
              ]),
        Check("edge_cases", 2, _clip_edge_cases, reference=_clip_ref, diagnoses=[
            Diagnosis(functools.partial(_clip_with_total, eps=0.0),
                      N_("You left out the 1e-6: the scale is min(1, max_norm / (total_norm + 1e-6)), which is "
                         "just under 1 when the total norm equals max_norm.")),
        ]),
    ],
    forbidden=("clip_grad_norm_", "clip_grad_norm", "clip_grads_with_norm_", "_clip_grads_with_norm_",
               "get_total_norm", "clip_grad_value_", "clip_grad"),
)

EXERCISES = [RNN_CELL, LSTM_CELL, GRU_CELL, RNN_FORWARD, BPTT_LINEAR, CLIP_GRAD_NORM]
