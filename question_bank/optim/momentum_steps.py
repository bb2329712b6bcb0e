"""Two steps of SGD with momentum in the notes' form m ← γm + ηg, w ← w − m, on ½·a·(w − c)².

PyTorch's SGD keeps buf ← μ·buf + g and w ← w − lr·buf: the same iterates for a constant learning
rate (m = lr·buf), which the prompt says. No worked example in the notes.
"""

import numpy as np

from grader.bank.authoring import Meta, Mistake, Numeric, Real, draw_distinct

from ._optim import GRADIENT, LOSS, NUM, QUADRATIC_PARAMS, draw_quadratic, gradients, momentum

META = Meta(
    title={"en": "SGD with momentum: two steps", "zh": "带动量的 SGD：两步更新"},
    kind="numeric",
    difficulty=2,
    points=3,
    source="000 SGD with Momentum (SGD-M)",
    tags=("optimizer", "momentum", "gradient descent"),
    covers="optimizers",
    check=Numeric(decimals=4),
)

PARAMS = {**QUADRATIC_PARAMS, "gamma": Real(0.0, 0.99, decimals=2)}


def answer(p: dict) -> float:
    return momentum(p)


MISTAKES = [
    Mistake(
        lambda p: momentum(p, gamma=0.0),
        {
            "en": "That is plain gradient descent: the second step must also carry γ times the first step's "
                  "momentum, m₂ = γm₁ + ηg₂.",
            "zh": "这是普通的梯度下降：第二步还要带上第一步动量的 γ 倍，即 m₂ = γm₁ + ηg₂。",
        },
    ),
    Mistake(
        lambda p: momentum(p, recompute=False),
        {
            "en": "The gradient has to be recomputed at w₁: g₂ = a(w₁ − c), not the first step's gradient again.",
            "zh": "第二步的梯度要在 w₁ 处重新计算：g₂ = a(w₁ − c)，不能沿用第一步的梯度。",
        },
    ),
    Mistake(
        lambda p: momentum(p, steps=1),
        {
            "en": "That is w₁, after one step; the question asks for w₂, after two.",
            "zh": "这是一步之后的 w₁；题目问的是两步之后的 w₂。",
        },
    ),
    Mistake(
        lambda p: momentum(p, lookahead=True),
        {
            "en": "You took the gradient at the look-ahead point w₁ − γm₁: that is Nesterov's method (NAG). "
                  "Plain momentum takes it at w₁.",
            "zh": "你在前瞻点 w₁ − γm₁ 处求了梯度，那是 Nesterov 方法（NAG）。普通动量法在 w₁ 处求梯度。",
        },
    ),
]


def _draw(rng):
    p = draw_quadratic(rng, (0.05, 0.1, 0.2, 0.3))
    p["gamma"] = float(rng.choice([0.5, 0.8, 0.9]))
    return p


def generate(rng: np.random.Generator) -> dict:
    return draw_distinct(rng, _draw, answer=answer, mistakes=MISTAKES, apart=1e-3,
                         keep=lambda p: p["a"] * p["lr"] <= 0.6 and abs(gradients(p, momentum)[1]) >= 0.05)


PROMPT = {
    "en": NUM + r"""Minimise $""" + LOSS + r"""$, whose gradient is $""" + GRADIENT + r"""$, with
SGD with momentum in the notes' form
$$m_t = \gamma\, m_{t-1} + \eta\, g_t, \qquad w_t = w_{t-1} - m_t,$$
where $g_t$ is the gradient at $w_{t-1}$, $m_0 = 0$, $w_0 = {{ w0 }}$, $\eta = {{ lr }}$ and $\gamma = {{ gamma }}$.
(PyTorch's `SGD(momentum=γ)` keeps $b_t = \gamma b_{t-1} + g_t$ and subtracts $\eta\, b_t$: with a constant
learning rate $m_t = \eta\, b_t$, so both give the same $w_t$.)

What is $w_2$, after two steps? Give it to 4 decimal places.""",
    "zh": NUM + r"""用笔记中的带动量 SGD（SGD-M）最小化 $""" + LOSS + r"""$，其梯度为 $""" + GRADIENT + r"""$：
$$m_t = \gamma\, m_{t-1} + \eta\, g_t, \qquad w_t = w_{t-1} - m_t,$$
其中 $g_t$ 是在 $w_{t-1}$ 处的梯度，$m_0 = 0$，$w_0 = {{ w0 }}$，学习率 $\eta = {{ lr }}$，动量系数 $\gamma = {{ gamma }}$。
（PyTorch 的 `SGD(momentum=γ)` 维护 $b_t = \gamma b_{t-1} + g_t$ 并减去 $\eta\, b_t$；学习率不变时 $m_t = \eta\, b_t$，两者得到相同的 $w_t$。）

两步之后的 $w_2$ 是多少？保留 4 位小数。""",
}

_WORK = NUM + r"""{% set g1 = a * (w0 - c) %}{% set m1 = lr * g1 %}{% set w1 = w0 - m1 %}
{% set g2 = a * (w1 - c) %}{% set m2 = gamma * m1 + lr * g2 %}{% set w2 = w1 - m2 %}
"""

EXPLANATION = {
    "en": _WORK + r"""Step 1: $g_1 = {{ g(a) }} \times ({{ n(w0) }} - {{ n(c) }}) = {{ r(g1) }}$, $m_1 = {{ g(gamma) }} \times 0 + {{ g(lr) }} \times {{ n(g1) }} = {{ r(m1) }}$,
$w_1 = {{ n(w0) }} - {{ n(m1) }} = {{ r(w1) }}$.
Step 2: the gradient is recomputed at $w_1$: $g_2 = {{ g(a) }} \times ({{ n(w1) }} - {{ n(c) }}) = {{ r(g2) }}$;
$m_2 = {{ g(gamma) }} \times {{ n(m1) }} + {{ g(lr) }} \times {{ n(g2) }} = {{ r(m2) }}$, and
$w_2 = {{ n(w1) }} - {{ n(m2) }} = {{ "%.4f"|format(w2) }}$.
The momentum carries $\gamma$ of the previous step into the new one: steps grow while the gradients keep
their sign and shrink when it flips, which damps oscillation.""",
    "zh": _WORK + r"""第 1 步：$g_1 = {{ g(a) }} \times ({{ n(w0) }} - {{ n(c) }}) = {{ r(g1) }}$，$m_1 = {{ g(gamma) }} \times 0 + {{ g(lr) }} \times {{ n(g1) }} = {{ r(m1) }}$，
$w_1 = {{ n(w0) }} - {{ n(m1) }} = {{ r(w1) }}$。
第 2 步：在 $w_1$ 处重新计算梯度：$g_2 = {{ g(a) }} \times ({{ n(w1) }} - {{ n(c) }}) = {{ r(g2) }}$；
$m_2 = {{ g(gamma) }} \times {{ n(m1) }} + {{ g(lr) }} \times {{ n(g2) }} = {{ r(m2) }}$，
$w_2 = {{ n(w1) }} - {{ n(m2) }} = {{ "%.4f"|format(w2) }}$。
动量把上一步更新量的 $\gamma$ 倍带入新的一步：梯度方向不变时步子越来越大，方向改变时步子变小，从而抑制震荡。""",
}
