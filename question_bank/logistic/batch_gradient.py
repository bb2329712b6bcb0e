"""The gradient of logistic regression's loss over a small batch, for cross-entropy or squared error.

000's formulas: CE: ∂L/∂w = (1/m)Σ(σᵢ − yᵢ)xᵢ; MSE with L = 1/(2m)Σ(σᵢ − yᵢ)² (erratum 31: the ½ is
stated; PyTorch's MSELoss has none): ∂L/∂w = (1/m)Σ(σᵢ − yᵢ)σᵢ(1 − σᵢ)xᵢ; for b without the xᵢ.
Labels are 0 or 1. No worked example in the notes.
"""

import math

import numpy as np

from grader.bank.authoring import Int, Meta, Mistake, Numeric, OneOf, Real, Seq, draw_distinct, draw_real

META = Meta(
    title={"en": "Logistic regression: the gradient over a batch", "zh": "逻辑回归：一个批次上的梯度"},
    kind="numeric",
    difficulty=3,
    points=3,
    source="000 在Logistic Regression中，为何使用Cross Entropy作为损失函数而不使用MSE",
    tags=("logistic regression", "cross-entropy", "mse", "gradient"),
    covers="logistic_loss",
    check=Numeric(decimals=4),
)

PARAMS = {
    "xs": Seq(Real(-10.0, 10.0, decimals=1), 1, 4),
    "ys": Seq(Int(0, 1), 1, 4),
    "w": Real(-10.0, 10.0, decimals=1),
    "b": Real(-10.0, 10.0, decimals=1),
    "loss": OneOf(("ce", "mse")),
    "wrt": OneOf(("w", "b")),
}


def _sigmoid(z):
    return 1 / (1 + math.exp(-z))


def _gradient(p, *, loss=None, mean=True, with_x=None, factor=1.0):
    loss = p["loss"] if loss is None else loss
    with_x = p["wrt"] == "w" if with_x is None else with_x
    total = 0.0
    for x, y in zip(p["xs"], p["ys"]):
        s = _sigmoid(p["w"] * x + p["b"])
        term = (s - y) * (s * (1 - s) if loss == "mse" else 1.0)
        total += term * (x if with_x else 1.0)
    return factor * total / (len(p["xs"]) if mean else 1)


def answer(p: dict) -> float:
    return _gradient(p)


MISTAKES = [
    Mistake(
        lambda p: _gradient(p, loss="ce" if p["loss"] == "mse" else "mse"),
        {
            "en": "You used the other loss's gradient. Cross-entropy gives (σ − y)·∂z/∂θ; the squared error keeps the "
                  "extra factor σ(1 − σ) from the sigmoid.",
            "zh": "你用了另一种损失的梯度。交叉熵的梯度是 (σ − y)·∂z/∂θ；平方误差还多一个来自 sigmoid 的因子 σ(1 − σ)。",
        },
    ),
    Mistake(
        # m = 2 with the squared error: summing doubles the gradient, the same value as the ½ mistake below
        lambda p: _gradient(p, mean=False) if len(p["xs"]) > 2 or (len(p["xs"]) == 2 and p["loss"] == "ce") else None,
        {
            "en": "The loss is averaged over the m samples (the 1/m in front): take the mean of the per-sample gradients, not their sum.",
            "zh": "损失对 m 个样本取了平均（前面的 1/m）：要对各样本的梯度取平均，而不是求和。",
        },
    ),
    Mistake(
        lambda p: _gradient(p, with_x=p["wrt"] == "b"),
        {
            "en": "Check ∂z/∂θ for z = wx + b: it is x for w and 1 for b.",
            "zh": "注意 z = wx + b 的 ∂z/∂θ：对 w 是 x，对 b 是 1。",
        },
    ),
    Mistake(
        lambda p: -_gradient(p),
        {
            "en": "Wrong sign: each term is (σ − y)…, positive when the prediction is above the label.",
            "zh": "符号错了：每一项都是 (σ − y)…，预测值高于标签时为正。",
        },
    ),
    Mistake(
        lambda p: _gradient(p, factor=2.0) if p["loss"] == "mse" else None,
        {
            "en": "Your value is twice the gradient. The loss is 1/(2m)·Σ(σ − y)²: its ½ cancels the 2 from the square "
                  "(PyTorch's MSELoss has no ½ and would give twice this). With m = 2, summing the per-sample terms instead "
                  "of averaging them also doubles it.",
            "zh": "你的结果是梯度的两倍。损失是 1/(2m)·Σ(σ − y)²：其中的 ½ 与平方求导得到的 2 相消（PyTorch 的 MSELoss 没有 ½，会得到两倍的值）。"
                  "m = 2 时，把各样本的项相加而不是取平均，也会使它加倍。",
        },
    ),
]


def _draw(rng):
    m = int(rng.choice([2, 2, 3]))
    return {"xs": [draw_real(rng, -2.0, 2.0, decimals=1, min_abs=0.3) for _ in range(m)],
            "ys": [int(rng.integers(0, 2)) for _ in range(m)],
            "w": draw_real(rng, -1.5, 1.5, decimals=1), "b": draw_real(rng, -1.0, 1.0, decimals=1),
            "loss": str(rng.choice(["ce", "mse"])), "wrt": str(rng.choice(["w", "b"]))}


def generate(rng: np.random.Generator) -> dict:
    return draw_distinct(rng, _draw, answer=answer, mistakes=MISTAKES, apart=2e-3,
                         keep=lambda p: abs(answer(p)) >= 0.01)


PROMPT = {
    "en": r"""Logistic regression predicts $\sigma(z) = 1/(1 + e^{-z})$ with $z = wx + b$; here $w = {{ w }}$ and $b = {{ b }}$.
The batch has $m = {{ xs|length }}$ samples with labels in $\{0, 1\}$:
{% for x in xs %}$(x_{ {{ loop.index }} }, y_{ {{ loop.index }} }) = ({{ x }}, {{ ys[loop.index0] }})${{ ", " if not loop.last else "" }}{% endfor %}.
The loss is
{% if loss == "ce" %}the mean cross-entropy
$$L(w, b) = \frac1m \sum_{i=1}^m -\big[y_i \ln \sigma(z_i) + (1 - y_i) \ln(1 - \sigma(z_i))\big].$$
{% else %}the squared error in the notes' form (with the ½)
$$L(w, b) = \frac{1}{2m} \sum_{i=1}^m \big(\sigma(z_i) - y_i\big)^2.$$
{% endif %}

What is $\partial L / \partial {{ wrt }}$ at these values? Give it to 4 decimal places.""",
    "zh": r"""逻辑回归的预测为 $\sigma(z) = 1/(1 + e^{-z})$，$z = wx + b$；当前 $w = {{ w }}$，$b = {{ b }}$。
批次中有 $m = {{ xs|length }}$ 个样本，标签取值于 $\{0, 1\}$：
{% for x in xs %}$(x_{ {{ loop.index }} }, y_{ {{ loop.index }} }) = ({{ x }}, {{ ys[loop.index0] }})${{ "，" if not loop.last else "" }}{% endfor %}。
损失为
{% if loss == "ce" %}平均交叉熵
$$L(w, b) = \frac1m \sum_{i=1}^m -\big[y_i \ln \sigma(z_i) + (1 - y_i) \ln(1 - \sigma(z_i))\big].$$
{% else %}笔记中带 ½ 的平方误差
$$L(w, b) = \frac{1}{2m} \sum_{i=1}^m \big(\sigma(z_i) - y_i\big)^2.$$
{% endif %}

在这些取值下 $\partial L / \partial {{ wrt }}$ 是多少？保留 4 位小数。""",
}

_WORK = r"""{% set m = xs|length %}{% set ns = namespace(total=0, rows=[]) %}
{% for x in xs %}{% set y = ys[loop.index0] %}{% set s = 1 / (1 + 2.718281828459045 ** (-(w * x + b))) %}
{% set term = (s - y) * (s * (1 - s) if loss == "mse" else 1) * (x if wrt == "w" else 1) %}{% set ns.total = ns.total + term %}
{% set ns.rows = ns.rows + ["\\sigma(z_%d) = %.6g,\\ \\text{term} = %.6g"|format(loop.index, s, term)] %}{% endfor %}
"""

EXPLANATION = {
    "en": _WORK + r"""{% if loss == "ce" %}For the cross-entropy the sigmoid's derivative cancels:
$\dfrac{\partial L}{\partial {{ wrt }}} = \dfrac1m\sum_i (\sigma(z_i) - y_i){% if wrt == "w" %}\,x_i{% endif %}$.
{% else %}For the squared error the chain rule keeps $\sigma' = \sigma(1 - \sigma)$ (and the ½ cancels the 2):
$\dfrac{\partial L}{\partial {{ wrt }}} = \dfrac1m\sum_i (\sigma(z_i) - y_i)\,\sigma(z_i)(1 - \sigma(z_i)){% if wrt == "w" %}\,x_i{% endif %}$.
{% endif %}Per sample: ${{ ns.rows|join(";\\; ") }}$.
The mean of the terms is ${{ "%.6g"|format(ns.total) }} / {{ m }} = {{ "%.4f"|format(ns.total / m) }}$.
{% if loss == "mse" %}Every term is damped by $\sigma(1 - \sigma) \le 0.25$, which is why the squared error learns slowly with a sigmoid output.{% else %}Each term is proportional to the error $\sigma - y$: large errors give large gradients.{% endif %}""",
    "zh": _WORK + r"""{% if loss == "ce" %}用交叉熵时 sigmoid 的导数被约掉：
$\dfrac{\partial L}{\partial {{ wrt }}} = \dfrac1m\sum_i (\sigma(z_i) - y_i){% if wrt == "w" %}\,x_i{% endif %}$。
{% else %}用平方误差时链式法则保留 $\sigma' = \sigma(1 - \sigma)$（½ 与平方求导得到的 2 相消）：
$\dfrac{\partial L}{\partial {{ wrt }}} = \dfrac1m\sum_i (\sigma(z_i) - y_i)\,\sigma(z_i)(1 - \sigma(z_i)){% if wrt == "w" %}\,x_i{% endif %}$。
{% endif %}各样本：${{ ns.rows|join(";\\; ") }}$。
各项的平均值为 ${{ "%.6g"|format(ns.total) }} / {{ m }} = {{ "%.4f"|format(ns.total / m) }}$。
{% if loss == "mse" %}每一项都被 $\sigma(1 - \sigma) \le 0.25$ 削弱，这就是 sigmoid 输出配平方误差学习缓慢的原因。{% else %}每一项都与误差 $\sigma - y$ 成正比：误差大，梯度就大。{% endif %}""",
}
