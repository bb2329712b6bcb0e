"""Reference solutions: recurrent cells, an unrolled RNN, backpropagation through time by hand and
gradient clipping.

Basic tensor operations only: no nn.RNN / nn.RNNCell / nn.LSTMCell / nn.GRUCell (nor torch.lstm_cell
and friends), no autograd in `bptt_linear`, no torch.nn.utils.clip_grad_norm_ in `clip_grad_norm`.
torch.sigmoid and torch.tanh are allowed: the exercises here are the cells, not the activations.
"""

import torch


def rnn_cell(x, h, W_ih, W_hh, b_ih, b_hh):
    # Weights are (out, in) as in PyTorch: a batch of rows is multiplied by the transpose.
    return torch.tanh(x @ W_ih.T + b_ih + h @ W_hh.T + b_hh)


def lstm_cell(x, h, c, W_ih, W_hh, b_ih, b_hh):
    # The four gate blocks are stacked in PyTorch's order: input, forget, cell candidate, output.
    gates = x @ W_ih.T + b_ih + h @ W_hh.T + b_hh
    i, f, g, o = gates.chunk(4, dim=-1)
    i, f, g, o = torch.sigmoid(i), torch.sigmoid(f), torch.tanh(g), torch.sigmoid(o)
    c_next = f * c + i * g
    h_next = o * torch.tanh(c_next)
    return h_next, c_next


def gru_cell(x, h, W_ih, W_hh, b_ih, b_hh):
    # PyTorch keeps the input and hidden products apart: the reset gate multiplies W_hn·h + b_hn.
    gi = x @ W_ih.T + b_ih
    gh = h @ W_hh.T + b_hh
    i_r, i_z, i_n = gi.chunk(3, dim=-1)
    h_r, h_z, h_n = gh.chunk(3, dim=-1)
    r = torch.sigmoid(i_r + h_r)
    z = torch.sigmoid(i_z + h_z)
    n = torch.tanh(i_n + r * h_n)
    return (1 - z) * n + z * h


def rnn_forward(xs, h0, W_ih, W_hh, b_ih, b_hh):
    h = h0
    outputs = []
    for t in range(xs.shape[0]):
        h = torch.tanh(xs[t] @ W_ih.T + b_ih + h @ W_hh.T + b_hh)
        outputs.append(h)
    return torch.stack(outputs), h


def bptt_linear(xs, ys, w_x, w_s, w_o, s0):
    # Forward pass, keeping every state: states[t] is s_t, states[0] = s0.
    states = [s0]
    for t in range(xs.shape[0]):
        states.append(w_s * states[t] + w_x * xs[t])
    dw_x, dw_s, dw_o = 0.0, 0.0, 0.0
    carried = 0.0  # dL/ds_t that arrives from the later steps, through s_{t+1} = w_s·s_t + ...
    for t in range(xs.shape[0], 0, -1):
        s = states[t]
        err = w_o * s - ys[t - 1]  # dL_t/do_t
        dw_o = dw_o + err * s
        delta = err * w_o + carried  # the whole dL/ds_t
        dw_x = dw_x + delta * xs[t - 1]
        dw_s = dw_s + delta * states[t - 1]
        carried = delta * w_s
    return dw_x, dw_s, dw_o


def clip_grad_norm(grads, max_norm):
    total_norm = torch.sqrt(sum((g * g).sum() for g in grads))
    scale = torch.clamp(max_norm / (total_norm + 1e-6), max=1.0)
    return [g * scale for g in grads], total_norm
