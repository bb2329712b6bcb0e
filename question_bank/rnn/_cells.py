"""Shared by the recurrent-network questions: parameter counts of PyTorch's recurrent layers and
one step of the scalar RNN, LSTM and GRU cells.

Counts follow PyTorch (`nn.RNN`, `nn.GRU`, `nn.LSTM`): every block of a layer has an input weight
h × in, a recurrent weight h × h and *two* bias vectors b_ih and b_hh (erratum 17: the notes'
equations have one). The keyword switches give the classic wrong counts, so a question's key and
its MISTAKES are the same function with different switches.

The scalar cells (input size 1, hidden size 1) are written in PyTorch's conventions: LSTMCell's
i, f, g, o and GRUCell's r, z, n with h' = (1 − z)·n + z·h (erratum 12 / 25: 003 prints the other
convention, h = (1 − z)·h_{t−1} + z·h̃, which `gru_step(..., notes=True)` computes).
"""

import math

# Jinja macros for worked explanations (the template language has no math functions): use them as
# `tanh(z)|float`. e is written out; exponentiation by `**` matches math.exp to ~1e-15.
JINJA_MATH = (
    "{% macro exp(z) %}{{ 2.718281828459045 ** z }}{% endmacro %}"
    "{% macro tanh(z) %}{{ 1 - 2 / (2.718281828459045 ** (2 * z) + 1) }}{% endmacro %}"
    "{% macro sigmoid(z) %}{{ 1 / (1 + 2.718281828459045 ** (-z)) }}{% endmacro %}"
)

# Weight blocks per layer: the plain RNN has one, the GRU three (r, z, n), the LSTM four (i, f, g, o).
BLOCKS = {"RNN": 1, "GRU": 3, "LSTM": 4}

# The sizes the count questions draw from.
INPUT_SIZES = (1, 8, 10, 26, 32, 50, 64, 100, 128, 300)
HIDDEN_SIZES = (8, 16, 20, 32, 50, 64, 100, 128, 256, 512)


def layer_count(cell, input_size, hidden_size, *, biases=2, recurrent=True, blocks=None):
    """Parameters of one direction of one layer: blocks · (h·in + h·h + biases·h)."""
    n = BLOCKS[cell] if blocks is None else blocks
    h = hidden_size
    return n * (h * input_size + (h * h if recurrent else 0) + biases * h)


def stack_count(cell, input_size, hidden_size, *, layers=1, bidirectional=False, biases=2,
                upper_input=None, doubled=True):
    """Parameters of `nn.<cell>(input_size, hidden_size, num_layers=layers, bidirectional=...)`.

    Layer 1 reads the input; every upper layer reads the layer below's output, whose size is
    directions · h. `upper_input` overrides that size (a mistake: x, or h for a bidirectional stack);
    `doubled=False` counts one direction only (a mistake)."""
    directions = 2 if bidirectional else 1
    per_layer_directions = directions if doubled else 1
    total = 0
    for layer in range(layers):
        if layer == 0:
            size = input_size
        else:
            size = directions * hidden_size if upper_input is None else upper_input
        total += per_layer_directions * layer_count(cell, size, hidden_size, biases=biases)
    return total


def sigmoid(z):
    return 1.0 / (1.0 + math.exp(-z))


def rnn_states(p, *, activation=math.tanh, recurrent=True):
    """s_0, s_1, ..., s_T of s_t = f(u·x_t + w·s_{t−1}) for p = {u, w, s0, xs}."""
    states = [p["s0"]]
    for x in p["xs"]:
        previous = states[-1] if recurrent else 0.0
        states.append(activation(p["u"] * x + p["w"] * previous))
    return states


def lstm_step(p, *, candidate=math.tanh, input_gate=True, forget_gate=True, cell_tanh=True, output_gate=True,
              old_cell=False):
    """(i, f, g, o, c, h) of one scalar LSTM step, p = {x, h0, c0, w_i, u_i, ..., w_o, u_o} (no
    biases): gate = σ(w·x + u·h_{t−1}), candidate g = tanh(w_g·x + u_g·h_{t−1}),
    c = f·c_{t−1} + i·g, h = o·tanh(c). The switches drop or replace one piece (mistakes); `old_cell`
    reads h from c_{t−1} instead of c_t."""
    x, h0, c0 = p["x"], p["h0"], p["c0"]

    def pre(name):
        return p[f"w_{name}"] * x + p[f"u_{name}"] * h0

    i, f, o = sigmoid(pre("i")), sigmoid(pre("f")), sigmoid(pre("o"))
    g = candidate(pre("g"))
    c = (f if forget_gate else 1.0) * c0 + (i if input_gate else 1.0) * g
    cell = c0 if old_cell else c
    h = (o if output_gate else 1.0) * (math.tanh(cell) if cell_tanh else cell)
    return i, f, g, o, c, h


def gru_step(p, *, notes=False, reset=True):
    """(r, z, n, h) of one scalar GRU step, p = {x, h0, w_r, u_r, w_z, u_z, w_n, u_n} (no biases):
    r = σ(w_r·x + u_r·h_{t−1}), z = σ(w_z·x + u_z·h_{t−1}), n = tanh(w_n·x + r·u_n·h_{t−1}),
    h = (1 − z)·n + z·h_{t−1} (PyTorch); `notes=True` gives 003's h = (1 − z)·h_{t−1} + z·n,
    `reset=False` leaves the reset gate out of n."""
    x, h0 = p["x"], p["h0"]
    r = sigmoid(p["w_r"] * x + p["u_r"] * h0)
    z = sigmoid(p["w_z"] * x + p["u_z"] * h0)
    n = math.tanh(p["w_n"] * x + (r if reset else 1.0) * p["u_n"] * h0)
    h = (1 - z) * h0 + z * n if notes else (1 - z) * n + z * h0
    return r, z, n, h
