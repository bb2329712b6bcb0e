"""The 2-2-2 sigmoid network of the notes' worked example (002 §3, charlotte77), shared by the
backprop questions: h = σ(W1 x + b1), o = σ(W2 h + b2), E = Σ ½(target − o)², with scalar biases
b1 and b2 shared by both units of a layer.

W1 = [[w1, w2], [w3, w4]], W2 = [[w5, w6], [w7, w8]].
"""

import math

from grader.bank.authoring import OneOf, Real, Seq, draw_real

UNIT = Real(-1.0, 1.0, decimals=2)

# The schema of one network and its training sample (the questions add what they ask for).
NETWORK_PARAMS = {
    "x": Seq(UNIT, 2, 2),
    "W1": Seq(Seq(UNIT, 2, 2), 2, 2),
    "b1": UNIT,
    "W2": Seq(Seq(UNIT, 2, 2), 2, 2),
    "b2": UNIT,
    "target": Seq(Real(0.0, 1.0, decimals=2), 2, 2),
}

WEIGHTS = ("w1", "w2", "w3", "w4", "w5", "w6", "w7", "w8")
WEIGHT = OneOf(WEIGHTS)
# weight name -> (layer, row, column)
POSITION = {f"w{k + 1}": (1 + k // 4, (k % 4) // 2, k % 2) for k in range(8)}

# The notes' example (charlotte77): w5 becomes 0.35891648 and w1 0.14978072 after one step, η = 0.5.
NOTES = {
    "x": [0.05, 0.10], "W1": [[0.15, 0.20], [0.25, 0.30]], "b1": 0.35,
    "W2": [[0.40, 0.45], [0.50, 0.55]], "b2": 0.60, "target": [0.01, 0.99],
}


def sigmoid(z):
    return 1.0 / (1.0 + math.exp(-z))


def forward(p, *, hidden_sigmoid=True, output_sigmoid=True):
    """(h, o) of the network; switching a sigmoid off gives the net input instead (a mistake)."""
    x, W1, W2 = p["x"], p["W1"], p["W2"]
    net_h = [W1[i][0] * x[0] + W1[i][1] * x[1] + p["b1"] for i in range(2)]
    h = [sigmoid(n) if hidden_sigmoid else n for n in net_h]
    net_o = [W2[j][0] * h[0] + W2[j][1] * h[1] + p["b2"] for j in range(2)]
    o = [sigmoid(n) if output_sigmoid else n for n in net_o]
    return h, o


def draw_network(rng):
    """Weights, inputs and biases in [-1, 1) with |value| ≥ 0.05, targets in [0.01, 0.99)."""

    def unit():
        return draw_real(rng, -1.0, 1.0, decimals=2, min_abs=0.05)

    return {
        "x": [unit(), unit()],
        "W1": [[unit(), unit()], [unit(), unit()]],
        "b1": unit(),
        "W2": [[unit(), unit()], [unit(), unit()]],
        "b2": unit(),
        "target": [draw_real(rng, 0.01, 0.99, decimals=2), draw_real(rng, 0.01, 0.99, decimals=2)],
    }
