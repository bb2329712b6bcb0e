"""∂E/∂w1 (or ∂E/∂b1) in a chain of two sigmoid units: the chain rule through both layers."""

import math

import numpy as np

from grader.bank.authoring import Meta, Mistake, Numeric, OneOf, Real, draw_distinct, draw_real

META = Meta(
    title={"en": "Chain rule through two sigmoid units", "zh": "经过两个 sigmoid 单元的链式法则"},
    kind="numeric",
    difficulty=2,
    points=3,
    source="002 §3 误差逆传播 (BP) 算法 (链式法则, 从输出往输入); 001 Q12",
    tags=("backpropagation", "chain rule", "sigmoid"),
    covers="backprop",
    check=Numeric(sig_figs=4),
)

_W = Real(-2.0, 2.0, decimals=1)

PARAMS = {
    "x": _W,
    "w1": _W,
    "b1": _W,
    "w2": _W,
    "b2": _W,
    "target": Real(0.0, 1.0, decimals=2),
    "wrt": OneOf(("w1", "b1")),
}


def _sigmoid(z):
    return 1.0 / (1.0 + math.exp(-z))


def _parts(p):
    """h, o and the factors of the chain: (o − t), σ′(net_o), w2, σ′(net_h), ∂net_h/∂(w1 or b1)."""
    h = _sigmoid(p["w1"] * p["x"] + p["b1"])
    o = _sigmoid(p["w2"] * h + p["b2"])
    local = p["x"] if p["wrt"] == "w1" else 1.0
    return {"error": o - p["target"], "out_slope": o * (1 - o), "w2": p["w2"], "hidden_slope": h * (1 - h),
            "local": local}


def _product(p, *, drop=(), extra=1.0):
    parts = _parts(p)
    return math.prod(v for k, v in parts.items() if k not in drop) * extra


def answer(p: dict) -> float:
    return _product(p)


MISTAKES = [
    Mistake(
        lambda p: _product(p, drop=("hidden_slope",)),
        {
            "en": "The hidden unit's sigmoid is missing from the chain: ∂h/∂net_h = h(1 − h) must be included.",
            "zh": "链式法则中漏掉了隐藏单元的 sigmoid 导数：还要乘以 ∂h/∂net_h = h(1 − h)。",
        },
    ),
    Mistake(
        lambda p: _product(p, drop=("out_slope",)),
        {
            "en": "The output unit's sigmoid is missing from the chain: (o − target) must be multiplied by o(1 − o).",
            "zh": "链式法则中漏掉了输出单元的 sigmoid 导数：(o − target) 还要乘以 o(1 − o)。",
        },
    ),
    Mistake(
        lambda p: _product(p, drop=("w2",)),
        {
            "en": "The error reaches h through the weight w2: ∂net_o/∂h = w2 is a factor of the chain.",
            "zh": "误差是经过权重 w2 传到 h 的：∂net_o/∂h = w2 也是链上的一个因子。",
        },
    ),
    Mistake(
        lambda p: _product(p, drop=("local",)) if p["wrt"] == "w1" else None,
        {
            "en": "You stopped at ∂E/∂net_h. For the weight, multiply by ∂net_h/∂w1 = x.",
            "zh": "你只算到了 ∂E/∂net_h。对权重求导还要乘以 ∂net_h/∂w1 = x。",
        },
    ),
    Mistake(
        lambda p: _product(p, extra=p["x"]) if p["wrt"] == "b1" else None,
        {
            "en": "∂net_h/∂b1 = 1: the bias is not multiplied by the input, so no factor x appears.",
            "zh": "∂net_h/∂b1 = 1：偏置不与输入相乘，所以不应出现因子 x。",
        },
    ),
    Mistake(
        lambda p: -_product(p),
        {
            "en": "Wrong sign: ∂/∂o of ½(target − o)² is o − target, not target − o.",
            "zh": "符号错了：½(target − o)² 对 o 的导数是 o − target，而不是 target − o。",
        },
    ),
]


def _draw(rng):
    def weight():
        return draw_real(rng, -2.0, 2.0, decimals=1, min_abs=0.2)

    return {"x": weight(), "w1": weight(), "b1": weight(), "w2": weight(), "b2": weight(),
            "target": float(rng.choice([0.0, 1.0, draw_real(rng, 0.05, 0.95, decimals=2)])),
            "wrt": str(rng.choice(["w1", "b1"]))}


def generate(rng: np.random.Generator) -> dict:
    # Gradients large enough to read, and every wrong answer 1 % or more away from the key and
    # from each other (4 significant figures are asked for).
    return draw_distinct(rng, _draw, answer=answer, mistakes=MISTAKES, apart=lambda key: 0.01 * abs(key),
                         keep=lambda p: abs(answer(p)) >= 1e-3)


PROMPT = {
    "en": r"""A chain of two sigmoid units, $\sigma(z) = 1/(1 + e^{-z})$, computes
$$h = \sigma(w_1 x + b_1),\qquad o = \sigma(w_2 h + b_2),\qquad E = \tfrac12(\text{target} - o)^2,$$
with $x = {{ x }}$, $w_1 = {{ w1 }}$, $b_1 = {{ b1 }}$, $w_2 = {{ w2 }}$, $b_2 = {{ b2 }}$ and $\text{target} = {{ target }}$.

Compute $\dfrac{\partial E}{\partial {{ wrt[0] }}_1}$ by backpropagation. Give the answer to 4 significant figures.""",
    "zh": r"""两个 sigmoid 单元（$\sigma(z) = 1/(1 + e^{-z})$）串联，计算
$$h = \sigma(w_1 x + b_1),\qquad o = \sigma(w_2 h + b_2),\qquad E = \tfrac12(\text{target} - o)^2,$$
其中 $x = {{ x }}$，$w_1 = {{ w1 }}$，$b_1 = {{ b1 }}$，$w_2 = {{ w2 }}$，$b_2 = {{ b2 }}$，$\text{target} = {{ target }}$。

用反向传播求 $\dfrac{\partial E}{\partial {{ wrt[0] }}_1}$，答案保留 4 位有效数字。""",
}

_WORK = r"""{% macro num(v, f="%.6f") %}{% if v < 0 %}({{ f|format(v) }}){% else %}{{ f|format(v) }}{% endif %}{% endmacro %}
{% set e = 2.718281828459045 %}
{% set net_h = w1 * x + b1 %}
{% set h = 1 / (1 + e ** (-net_h)) %}
{% set net_o = w2 * h + b2 %}
{% set o = 1 / (1 + e ** (-net_o)) %}
{% set d_o = (o - target) * o * (1 - o) %}
{% set d_h = d_o * w2 * h * (1 - h) %}
{% set grad = d_h * (x if wrt == "w1" else 1) %}
"""

EXPLANATION = {
    "en": _WORK + r"""Forward: $net_h = {{ w1 }} \cdot {{ num(x, "%g") }} + {{ num(b1, "%g") }} = {{ "%.4f"|format(net_h) }}$, $h = {{ "%.6f"|format(h) }}$;
$net_o = {{ w2 }} \cdot {{ "%.6f"|format(h) }} + {{ num(b2, "%g") }} = {{ "%.6f"|format(net_o) }}$, $o = {{ "%.6f"|format(o) }}$.

Backward, one factor per link of the chain:
$\delta_o = \dfrac{\partial E}{\partial net_o} = (o - \text{target})\,o(1 - o) = {{ num(o - target) }} \times {{ "%.6f"|format(o * (1 - o)) }} = {{ "%.6g"|format(d_o) }}$,
$\delta_h = \dfrac{\partial E}{\partial net_h} = \delta_o\, w_2\, h(1 - h) = {{ num(d_o, "%.6g") }} \times {{ num(w2, "%g") }} \times {{ "%.6f"|format(h * (1 - h)) }} = {{ "%.6g"|format(d_h) }}$,
{% if wrt == "w1" %}
$\dfrac{\partial E}{\partial w_1} = \delta_h\, x = {{ num(d_h, "%.6g") }} \times {{ num(x, "%g") }} = {{ "%.6g"|format(grad) }}$,
{% else %}
$\dfrac{\partial E}{\partial b_1} = \delta_h \cdot 1 = {{ "%.6g"|format(grad) }}$ (the bias is not multiplied by $x$),
{% endif %}
that is {{ "%#.4g"|format(grad) }} to 4 significant figures. Each sigmoid the error passes contributes its
derivative $\sigma(1 - \sigma) \le 0.25$, and the weight $w_2$ it passes through is a factor too.""",
    "zh": _WORK + r"""前向：$net_h = {{ w1 }} \cdot {{ num(x, "%g") }} + {{ num(b1, "%g") }} = {{ "%.4f"|format(net_h) }}$，$h = {{ "%.6f"|format(h) }}$；
$net_o = {{ w2 }} \cdot {{ "%.6f"|format(h) }} + {{ num(b2, "%g") }} = {{ "%.6f"|format(net_o) }}$，$o = {{ "%.6f"|format(o) }}$。

反向，链上每一环一个因子：
$\delta_o = \dfrac{\partial E}{\partial net_o} = (o - \text{target})\,o(1 - o) = {{ num(o - target) }} \times {{ "%.6f"|format(o * (1 - o)) }} = {{ "%.6g"|format(d_o) }}$，
$\delta_h = \dfrac{\partial E}{\partial net_h} = \delta_o\, w_2\, h(1 - h) = {{ num(d_o, "%.6g") }} \times {{ num(w2, "%g") }} \times {{ "%.6f"|format(h * (1 - h)) }} = {{ "%.6g"|format(d_h) }}$，
{% if wrt == "w1" %}
$\dfrac{\partial E}{\partial w_1} = \delta_h\, x = {{ num(d_h, "%.6g") }} \times {{ num(x, "%g") }} = {{ "%.6g"|format(grad) }}$，
{% else %}
$\dfrac{\partial E}{\partial b_1} = \delta_h \cdot 1 = {{ "%.6g"|format(grad) }}$（偏置不与 $x$ 相乘），
{% endif %}
保留 4 位有效数字为 {{ "%#.4g"|format(grad) }}。误差每经过一个 sigmoid 就乘上它的导数 $\sigma(1 - \sigma) \le 0.25$，
经过的权重 $w_2$ 也是一个因子。""",
}
