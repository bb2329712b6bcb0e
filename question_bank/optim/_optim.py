"""Shared by the optimizer questions: a 1-D quadratic loss and the update rules in the notes' form.

Every numeric optimizer question minimises L(w) = ½·a·(w − c)², whose gradient a·(w − c) changes
from step to step, for two steps from w0. The rules are written as 000 writes them (momentum
m ← γm + ηg, w ← w − m; NAG's gradient at the look-ahead point w − γm; Adagrad's accumulated g²;
RMSprop's decaying average) and Adam with bias correction (erratum 23); ε is taken as 0, so the
placement of ε (inside the square root in the notes, outside in PyTorch) does not matter.

Each rule takes the parameters and keyword switches that produce the classic wrong answers, so a
question's key and its MISTAKES are the same function with different switches.
"""

import math

import numpy as np

from grader.bank.authoring import Real, draw_real

QUADRATIC_PARAMS = {
    "a": Real(0.1, 10.0, decimals=1),
    "c": Real(-10.0, 10.0, decimals=1),
    "w0": Real(-10.0, 10.0, decimals=1),
    "lr": Real(0.001, 1.0, decimals=3),
}

CURVATURES = (0.5, 1.0, 1.5, 2.0, 3.0)


def draw_quadratic(rng: np.random.Generator, learning_rates) -> dict:
    """a, c, w0 (at least 1 away from c, so the first gradient is not tiny) and a learning rate."""
    a = float(rng.choice(CURVATURES))
    c = draw_real(rng, -2.0, 2.0, decimals=1)
    w0 = c + float(rng.choice([-1, 1])) * draw_real(rng, 1.0, 3.0, decimals=1)
    return {"a": a, "c": c, "w0": round(w0, 1) + 0.0, "lr": float(rng.choice(learning_rates))}


def grad(p: dict, w: float) -> float:
    """dL/dw of ½·a·(w − c)² at w."""
    return p["a"] * (w - p["c"])


def gradients(p: dict, rule, **switches) -> list[float]:
    """The gradients the rule meets at each step (for `keep` tests: none may be 0)."""
    seen: list[float] = []
    rule(p, seen=seen, **switches)
    return seen


def momentum(p: dict, *, steps: int = 2, lookahead: bool = False, full_lookahead: bool = False,
             recompute: bool = True, gamma: float | None = None, seen: list | None = None) -> float:
    """The notes' SGD-M (m ← γm + ηg, w ← w − m) or, with `lookahead`, NAG (g at w − γm).
    Wrong variants: `full_lookahead` looks ahead by m instead of γm; `recompute=False` reuses the
    first gradient; `gamma=0` is plain SGD."""
    gamma = p["gamma"] if gamma is None else gamma
    w, m, g = p["w0"], 0.0, None
    for _ in range(steps):
        if recompute or g is None:
            ahead = w - (m if full_lookahead else gamma * m) if lookahead else w
            g = grad(p, ahead)
        if seen is not None:
            seen.append(g)
        m = gamma * m + p["lr"] * g
        w = w - m
    return w


def adagrad(p: dict, *, steps: int = 2, sqrt: bool = True, history: bool = True, scale: bool = True,
            seen: list | None = None) -> float:
    """w ← w − η/√(Σ g²)·g (ε = 0). Wrong variants: no square root; only the current g²
    (`history=False`); plain SGD (`scale=False`)."""
    w, total = p["w0"], 0.0
    for _ in range(steps):
        g = grad(p, w)
        if seen is not None:
            seen.append(g)
        total = total + g * g if history else g * g
        denominator = (math.sqrt(total) if sqrt else total) if scale else 1.0
        w = w - p["lr"] / denominator * g
    return w


def rmsprop(p: dict, *, steps: int = 2, swapped: bool = False, accumulate: bool = False, sqrt: bool = True,
            start_full: bool = False, seen: list | None = None) -> float:
    """v ← αv + (1 − α)g², w ← w − η·g/√v from v = 0 (ε = 0). Wrong variants: α on the new
    gradient (`swapped`), Adagrad's plain sum (`accumulate`), no square root, the other textbook
    start v = g² at the first step (`start_full`)."""
    alpha = p["alpha"]
    w, v = p["w0"], 0.0
    for t in range(steps):
        g = grad(p, w)
        if seen is not None:
            seen.append(g)
        if start_full and t == 0:
            v = g * g
        elif accumulate:
            v = v + g * g
        elif swapped:
            v = (1 - alpha) * v + alpha * g * g
        else:
            v = alpha * v + (1 - alpha) * g * g
        w = w - p["lr"] * g / (math.sqrt(v) if sqrt else v)
    return w


def adam(p: dict, *, steps: int = 2, correct_m: bool = True, correct_v: bool = True, frozen_t: bool = False,
         sqrt: bool = True, seen: list | None = None) -> float:
    """Adam with bias correction (ε = 0). Wrong variants: no correction of m and/or v; the
    correction computed with t = 1 at every step (`frozen_t`); v̂ without its square root."""
    b1, b2 = p["beta1"], p["beta2"]
    w, m, v = p["w0"], 0.0, 0.0
    for t in range(1, steps + 1):
        g = grad(p, w)
        if seen is not None:
            seen.append(g)
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        k = 1 if frozen_t else t
        m_hat = m / (1 - b1 ** k) if correct_m else m
        v_hat = v / (1 - b2 ** k) if correct_v else v
        w = w - p["lr"] * m_hat / (math.sqrt(v_hat) if sqrt else v_hat)
    return w


# Jinja macros for prompts and worked explanations: n(x) a number to 6 significant figures with a
# negative one in parentheses (inside a formula), r(x) the same without them (a result), g(x) a
# parameter as "%g" prints it, minus(c) "w - 0.4" or "w + 0.4" (never "w - (-0.4)").
NUM = (
    '{% macro n(x) %}{% set v = x + 0.0 %}{{ ("(%s)" if v < 0 else "%s")|format("%.6g"|format(v)) }}{% endmacro %}'
    '{% macro r(x) %}{{ "%.6g"|format(x + 0.0) }}{% endmacro %}'
    '{% macro g(x) %}{{ "%g"|format(x + 0.0) }}{% endmacro %}'
    '{% macro minus(c, name="w") %}{{ name }}{% if c > 0 %} - {{ "%g"|format(c) }}{% elif c < 0 %}'
    ' + {{ "%g"|format(-c) }}{% endif %}{% endmacro %}'
)

# The loss and its gradient as the prompts write them (with NUM's macros).
LOSS = r"L(w) = \tfrac12 \cdot {{ g(a) }}\,({{ minus(c) }})^2"
GRADIENT = r"g(w) = {{ g(a) }}\,({{ minus(c) }})"


def subscripts(*names: str) -> dict:
    """`defined` abbreviations so that g_1, g_{1} and g1 all mean the symbol g1 (the answer parser reads
    g_{1} as the name g_1)."""
    return {f"{name[:-1]}_{name[-1]}": name for name in names}
