"""Two Adagrad steps on ½·a·(w − c)²: w ← w − η/√(Σ g²)·g, the sum including the current gradient.

ε is taken as 0 (000 puts it inside the square root, PyTorch outside; with ε = 0 both agree). No
worked example in the notes.
"""

import numpy as np

from grader.bank.authoring import Meta, Mistake, Numeric, draw_distinct

from ._optim import GRADIENT, LOSS, NUM, QUADRATIC_PARAMS, adagrad, draw_quadratic, gradients

META = Meta(
    title={"en": "Adagrad: two steps", "zh": "Adagrad：两步更新"},
    kind="numeric",
    difficulty=2,
    points=3,
    source="000 Adagrad",
    tags=("optimizer", "adagrad", "adaptive learning rate"),
    covers="optimizers",
    check=Numeric(decimals=4),
)

PARAMS = dict(QUADRATIC_PARAMS)


def answer(p: dict) -> float:
    return adagrad(p)


MISTAKES = [
    Mistake(
        lambda p: adagrad(p, sqrt=False),
        {
            "en": "The learning rate is divided by the square root of the accumulated squares, √(Σg²), not by Σg² itself.",
            "zh": "学习率要除以梯度平方累加和的平方根 √(Σg²)，而不是除以 Σg² 本身。",
        },
    ),
    Mistake(
        lambda p: adagrad(p, history=False),
        {
            "en": "Adagrad accumulates every past squared gradient: the second step divides by √(g₀² + g₁²), not √(g₁²).",
            "zh": "Adagrad 要累加此前所有梯度的平方：第二步除以 √(g₀² + g₁²)，而不是 √(g₁²)。",
        },
    ),
    Mistake(
        lambda p: adagrad(p, scale=False),
        {
            "en": "That is plain gradient descent. Adagrad scales each step by η/√(Σg²).",
            "zh": "这是普通的梯度下降。Adagrad 每一步的学习率是 η/√(Σg²)。",
        },
    ),
    Mistake(
        lambda p: adagrad(p, steps=1),
        {
            "en": "That is w₁, after one step; the question asks for w₂, after two.",
            "zh": "这是一步之后的 w₁；题目问的是两步之后的 w₂。",
        },
    ),
]


def generate(rng: np.random.Generator) -> dict:
    return draw_distinct(rng, lambda r: draw_quadratic(r, (0.1, 0.2, 0.3, 0.5)), answer=answer, mistakes=MISTAKES,
                         apart=1e-3, keep=lambda p: abs(gradients(p, adagrad)[1]) >= 0.05)


PROMPT = {
    "en": NUM + r"""Minimise $""" + LOSS + r"""$, whose gradient is $""" + GRADIENT + r"""$, with Adagrad as
in the notes:
$$w^{t+1} = w^t - \frac{\eta}{\sqrt{\sum_{i=0}^{t} (g^i)^2 + \epsilon}}\; g^t, \qquad g^i = g(w^i),$$
starting from $w^0 = {{ w0 }}$ with $\eta = {{ lr }}$. Take $\epsilon = 0$ (it only guards against dividing by 0,
and no gradient here is 0).

What is $w^2$, after two steps? Give it to 4 decimal places.""",
    "zh": NUM + r"""用笔记中的 Adagrad 最小化 $""" + LOSS + r"""$，其梯度为 $""" + GRADIENT + r"""$：
$$w^{t+1} = w^t - \frac{\eta}{\sqrt{\sum_{i=0}^{t} (g^i)^2 + \epsilon}}\; g^t, \qquad g^i = g(w^i),$$
初始值 $w^0 = {{ w0 }}$，$\eta = {{ lr }}$。取 $\epsilon = 0$（它只是防止除以 0，而这里没有梯度为 0）。

两步之后的 $w^2$ 是多少？保留 4 位小数。""",
}

_WORK = NUM + r"""{% set g0 = a * (w0 - c) %}{% set s0 = g0 ** 2 %}{% set w1 = w0 - lr / s0 ** 0.5 * g0 %}
{% set g1 = a * (w1 - c) %}{% set s1 = s0 + g1 ** 2 %}{% set w2 = w1 - lr / s1 ** 0.5 * g1 %}
"""

EXPLANATION = {
    "en": _WORK + r"""Step 1: $g^0 = {{ g(a) }} \times ({{ n(w0) }} - {{ n(c) }}) = {{ r(g0) }}$, so $\sqrt{(g^0)^2} = {{ r(s0 ** 0.5) }}$ and
$w^1 = {{ n(w0) }} - \frac{ {{ g(lr) }} }{ {{ r(s0 ** 0.5) }} } \times {{ n(g0) }} = {{ r(w1) }}$ (the first step always has length $\eta$).
Step 2: $g^1 = {{ g(a) }} \times ({{ n(w1) }} - {{ n(c) }}) = {{ r(g1) }}$; the accumulated sum is
$(g^0)^2 + (g^1)^2 = {{ r(s1) }}$, so the effective learning rate is $\eta/\sqrt{ {{ r(s1) }} } = {{ r(lr / s1 ** 0.5) }}$ and
$w^2 = {{ n(w1) }} - {{ r(lr / s1 ** 0.5) }} \times {{ n(g1) }} = {{ "%.4f"|format(w2) }}$.
The sum of squares only grows, so the effective learning rate $\eta/\sqrt{\sum (g^i)^2}$ keeps shrinking; it is
this rate, not the gradient, that tends to 0 late in training.""",
    "zh": _WORK + r"""第 1 步：$g^0 = {{ g(a) }} \times ({{ n(w0) }} - {{ n(c) }}) = {{ r(g0) }}$，$\sqrt{(g^0)^2} = {{ r(s0 ** 0.5) }}$，
$w^1 = {{ n(w0) }} - \frac{ {{ g(lr) }} }{ {{ r(s0 ** 0.5) }} } \times {{ n(g0) }} = {{ r(w1) }}$（第一步的步长总是 $\eta$）。
第 2 步：$g^1 = {{ g(a) }} \times ({{ n(w1) }} - {{ n(c) }}) = {{ r(g1) }}$；累加和为 $(g^0)^2 + (g^1)^2 = {{ r(s1) }}$，
有效学习率为 $\eta/\sqrt{ {{ r(s1) }} } = {{ r(lr / s1 ** 0.5) }}$，
$w^2 = {{ n(w1) }} - {{ r(lr / s1 ** 0.5) }} \times {{ n(g1) }} = {{ "%.4f"|format(w2) }}$。
平方和只增不减，所以有效学习率 $\eta/\sqrt{\sum (g^i)^2}$ 越来越小；训练后期趋于 0 的是这个学习率，而不是梯度本身。""",
}
