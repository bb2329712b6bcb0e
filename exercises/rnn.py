"""Exercises: recurrent cells (RNN, LSTM, GRU), an unrolled RNN, backpropagation through time by hand
and gradient clipping.

Fill in each function, then run `grade submit` to see your score. 完成每个函数后运行 `grade submit` 查看得分。

Rules for every function here:
- take and return `torch.Tensor`s on the input's device and dtype;
- follow PyTorch's conventions, which the grader compares against (nn.RNNCell, nn.LSTMCell,
  nn.GRUCell, nn.RNN, torch.nn.utils.clip_grad_norm_): x is a batch (N, D), a hidden state (N, H);
  a weight has shape (out, in), so a batch of rows is multiplied by its transpose (x @ W_ih.T);
  there are TWO bias vectors, b_ih and b_hh, both added;
- use basic tensor operations only (matmul, chunk, stack, torch.sigmoid and torch.tanh are fine);
  each docstring lists what is forbidden. A forbidden name anywhere in the function (or in a
  helper it calls) scores the exercise 0. 只能使用基本张量运算。
- be differentiable by autograd (the grader checks gradients for every input and weight), and do
  not modify the inputs in place.
Where the course notes and PyTorch differ (gate order, the GRU update, the number of biases), the
docstrings say which convention is graded; the course errata (TOPICS.md, errata 9, 12, 17, 24, 25)
explain the differences.
"""

import torch


def rnn_cell(x, h, W_ih, W_hh, b_ih, b_hh):
    """One step of a vanilla (Elman) RNN, as nn.RNNCell with tanh:
    h′ = tanh(x · W_ihᵀ + b_ih + h · W_hhᵀ + b_hh)

    x: (N, D); h: (N, H); W_ih: (H, D); W_hh: (H, H); b_ih, b_hh: (H,). Returns h′, (N, H).
    The notes write sₜ = f(U·xₜ + W·sₜ₋₁) with one bias; PyTorch keeps two bias vectors.
    W_hh is square: forgetting its transpose raises no error but gives wrong values. 注意权重要转置。

    Forbidden: RNNCell / RNN (nn and torch.rnn_tanh_cell, rnn_tanh...), LSTM/GRU layers and cells,
    torch.func.functional_call.
    """
    raise NotImplementedError


def lstm_cell(x, h, c, W_ih, W_hh, b_ih, b_hh):
    """One step of an LSTM, as nn.LSTMCell. Returns (h′, c′).

    x: (N, D); h, c: (N, H); W_ih: (4H, D); W_hh: (4H, H); b_ih, b_hh: (4H,).
    The 4H rows are four blocks of H stacked in PyTorch's order i, f, g, o:
        [i, f, g, o] = split(x · W_ihᵀ + b_ih + h · W_hhᵀ + b_hh) into 4 blocks of H columns
        i = σ(i), f = σ(f), g = tanh(g), o = σ(o)       (input, forget, cell candidate, output)
        c′ = f ⊙ c + i ⊙ g
        h′ = o ⊙ tanh(c′)
    The course notes present the forget gate first (f, i, g, o) and one bias per gate; the grader
    uses PyTorch's order i, f, g, o and both biases (errata 9, 17 and 30: [hₜ₋₁, xₜ] is a
    concatenation, i.e. W·[h, x] = W_h·h + W_x·x; three gates plus a candidate).
    门的顺序按 PyTorch：i, f, g, o。

    Forbidden: LSTMCell / LSTM (nn and torch.lstm_cell, torch.lstm...), the other recurrent layers
    and cells, torch.func.functional_call.
    """
    raise NotImplementedError


def gru_cell(x, h, W_ih, W_hh, b_ih, b_hh):
    """One step of a GRU, as nn.GRUCell. Returns h′, (N, H).

    x: (N, D); h: (N, H); W_ih: (3H, D); W_hh: (3H, H); b_ih, b_hh: (3H,), three blocks of H
    rows stacked in PyTorch's order r, z, n (reset, update, new):
        [i_r, i_z, i_n] = split(x · W_ihᵀ + b_ih),  [h_r, h_z, h_n] = split(h · W_hhᵀ + b_hh)
        r = σ(i_r + h_r),  z = σ(i_z + h_z)
        n = tanh(i_n + r ⊙ h_n)          (the reset gate multiplies W_hn·h + b_hn, AFTER the product)
        h′ = (1 − z) ⊙ n + z ⊙ h         (z is the share of the OLD state that is kept)
    The course notes (003) print hₜ = (1 − zₜ)·hₜ₋₁ + zₜ·h̃ₜ, the same cell with z's role swapped,
    and drop the biases; the grader follows PyTorch (errata 12 and 25).
    注意：PyTorch 中 h′ = (1 − z)·n + z·h，与笔记中 z 的含义相反。

    Forbidden: GRUCell / GRU (nn and torch.gru_cell, torch.gru...), the other recurrent layers and
    cells, torch.func.functional_call.
    """
    raise NotImplementedError


def rnn_forward(xs, h0, W_ih, W_hh, b_ih, b_hh):
    """Run the tanh RNN cell over a whole sequence, as a one-layer nn.RNN. Returns (outputs, h_T).

    xs: (T, N, D), time first; h0: (N, H); weights as in rnn_cell.
        hₜ = tanh(xs[t−1] · W_ihᵀ + b_ih + hₜ₋₁ · W_hhᵀ + b_hh)   for t = 1 … T
    outputs: (T, N, H), outputs[t] = the state after reading xs[t] (h₁ … h_T, h0 not included);
    h_T: (N, H), the last state (equal to outputs[-1]). T may be 1.
    The same weights are used at every step (parameter sharing over time). Keep the whole graph:
    the grader back-propagates through every step, so do not detach the state. 不要截断梯度。

    Forbidden: RNN / RNNCell (nn and torch.rnn_tanh...), the other recurrent layers and cells,
    torch.func.functional_call.
    """
    raise NotImplementedError


def bptt_linear(xs, ys, w_x, w_s, w_o, s0):
    """Gradients of a scalar linear RNN, by explicit backpropagation through time. Returns
    (dL/dw_x, dL/dw_s, dL/dw_o) as three numbers (Python floats or 0-d tensors).

    xs, ys: 1-D tensors of length T; w_x, w_s, w_o, s0: numbers or 0-d tensors.
        sₜ = w_s · sₜ₋₁ + w_x · xₜ,   oₜ = w_o · sₜ,   L = Σₜ ½ (oₜ − yₜ)²      (t = 1 … T)
    Every sₜ depends on w_x and w_s through ALL earlier states, so each loss term's gradient flows
    back to the first step (no truncation). Walking backwards, with δₜ = dL/dsₜ:
        δₜ = (oₜ − yₜ) · w_o + w_s · δₜ₊₁        (δ_{T+1} = 0)
        dL/dw_x = Σₜ δₜ · xₜ,   dL/dw_s = Σₜ δₜ · sₜ₋₁,   dL/dw_o = Σₜ (oₜ − yₜ) · sₜ
    (This is the sum over k of Π_{j=k+1}^{t} ∂sⱼ/∂sⱼ₋₁ in the notes; erratum 24.)
    沿时间反向传播，不能使用自动求导。

    Forbidden: autograd in any form (.backward(), .grad, torch.autograd, torch.func / functorch,
    requires_grad_, enable_grad, jacobian, vjp...).
    """
    raise NotImplementedError


def clip_grad_norm(grads, max_norm):
    """Clip a list of gradient tensors by their GLOBAL L2 norm, as torch.nn.utils.clip_grad_norm_.
    Returns (clipped, total_norm).

    grads: a list of tensors (any shapes, one dtype); max_norm: a positive number.
        total_norm = √(Σ over all tensors of Σ g²)           (one norm for all the tensors together)
        scale = min(1, max_norm / (total_norm + 1e-6))
        clipped = [g · scale for g in grads]                (every tensor scaled by the same factor)
    clipped: a list of tensors; do NOT modify the inputs in place (clip_grad_norm_ scales .grad in
    place, this function returns the result instead). Gradients below the limit come back unchanged.
    total_norm: a 0-d tensor, the norm BEFORE clipping.
    按全局范数裁剪，不要逐个张量裁剪。

    Forbidden: clip_grad_norm_ / clip_grad_norm, clip_grads_with_norm_, get_total_norm,
    clip_grad_value_.
    """
    raise NotImplementedError
