"""Two steps of Nesterov momentum (NAG) in the notes' form, on ½·a·(w − c)².

g_t is taken at the look-ahead point w_{t−1} − γ·m_{t−1}, the point before the step (erratum 19:
000 writes w^t − γm_{t−1}). PyTorch's `SGD(nesterov=True)` tracks the look-ahead point itself; the
tests convert between the two. No worked example in the notes.
"""

import numpy as np

from grader.bank.authoring import Meta, Mistake, Numeric, Real, draw_distinct

from ._optim import GRADIENT, LOSS, NUM, QUADRATIC_PARAMS, draw_quadratic, gradients, momentum

META = Meta(
    title={"en": "Nesterov momentum (NAG): two steps", "zh": "Nesterov 动量（NAG）：两步更新"},
    kind="numeric",
    difficulty=3,
    points=3,
    source="000 SGD with Nesterov (NAG)",
    tags=("optimizer", "nesterov", "momentum"),
    covers="optimizers",
    check=Numeric(decimals=4),
)

PARAMS = {**QUADRATIC_PARAMS, "gamma": Real(0.0, 0.99, decimals=2)}


def answer(p: dict) -> float:
    return momentum(p, lookahead=True)


MISTAKES = [
    Mistake(
        lambda p: momentum(p),
        {
            "en": "You took g₂ at w₁: that is plain momentum (SGD-M). NAG first looks ahead along the momentum "
                  "and takes the gradient at w₁ − γm₁.",
            "zh": "你在 w₁ 处求了 g₂，这是普通动量法（SGD-M）。NAG 先沿动量方向“往前看”，在 w₁ − γm₁ 处求梯度。",
        },
    ),
    Mistake(
        lambda p: momentum(p, lookahead=True, full_lookahead=True),
        {
            "en": "The look-ahead point is w₁ − γm₁: the momentum that the next step will carry over is γm₁, not m₁.",
            "zh": "前瞻点是 w₁ − γm₁：下一步会继承的动量是 γm₁，而不是 m₁。",
        },
    ),
    Mistake(
        lambda p: momentum(p, gamma=0.0),
        {
            "en": "That is plain gradient descent: NAG's m₂ = γm₁ + ηg₂ still carries γ times the first step.",
            "zh": "这是普通的梯度下降：NAG 的 m₂ = γm₁ + ηg₂ 仍然带有第一步的 γ 倍。",
        },
    ),
    Mistake(
        lambda p: momentum(p, lookahead=True, steps=1),
        {
            "en": "That is w₁, after one step; the question asks for w₂, after two.",
            "zh": "这是一步之后的 w₁；题目问的是两步之后的 w₂。",
        },
    ),
]


def _draw(rng):
    p = draw_quadratic(rng, (0.05, 0.1, 0.2, 0.3))
    p["gamma"] = float(rng.choice([0.5, 0.8, 0.9]))
    return p


def generate(rng: np.random.Generator) -> dict:
    return draw_distinct(rng, _draw, answer=answer, mistakes=MISTAKES, apart=1e-3,
                         keep=lambda p: p["a"] * p["lr"] <= 0.6
                         and abs(gradients(p, momentum, lookahead=True)[1]) >= 0.05)


PROMPT = {
    "en": NUM + r"""Minimise $""" + LOSS + r"""$, whose gradient is $""" + GRADIENT + r"""$, with
Nesterov's accelerated gradient (NAG) in the notes' form
$$g_t = g\big(w_{t-1} - \gamma\, m_{t-1}\big), \qquad m_t = \gamma\, m_{t-1} + \eta\, g_t, \qquad w_t = w_{t-1} - m_t,$$
with $m_0 = 0$, $w_0 = {{ w0 }}$, $\eta = {{ lr }}$ and $\gamma = {{ gamma }}$. The gradient is taken at the
look-ahead point $w_{t-1} - \gamma m_{t-1}$, computed from the values **before** step $t$ (the notes print it as
$w^t - \gamma m_{t-1}$, but $w^t$ is only known after the step).

What is $w_2$, after two steps? Give it to 4 decimal places.""",
    "zh": NUM + r"""用笔记中的 Nesterov 加速梯度（NAG）最小化 $""" + LOSS + r"""$，其梯度为 $""" + GRADIENT + r"""$：
$$g_t = g\big(w_{t-1} - \gamma\, m_{t-1}\big), \qquad m_t = \gamma\, m_{t-1} + \eta\, g_t, \qquad w_t = w_{t-1} - m_t,$$
其中 $m_0 = 0$，$w_0 = {{ w0 }}$，$\eta = {{ lr }}$，$\gamma = {{ gamma }}$。梯度在前瞻点 $w_{t-1} - \gamma m_{t-1}$ 处计算，
用的是第 $t$ 步**之前**的值（笔记写成 $w^t - \gamma m_{t-1}$，但 $w^t$ 要在这一步之后才知道）。

两步之后的 $w_2$ 是多少？保留 4 位小数。""",
}

_WORK = NUM + r"""{% set g1 = a * (w0 - c) %}{% set m1 = lr * g1 %}{% set w1 = w0 - m1 %}
{% set ahead = w1 - gamma * m1 %}{% set g2 = a * (ahead - c) %}{% set m2 = gamma * m1 + lr * g2 %}{% set w2 = w1 - m2 %}
"""

EXPLANATION = {
    "en": _WORK + r"""Step 1: with $m_0 = 0$ the look-ahead point is $w_0$ itself: $g_1 = {{ g(a) }} \times ({{ n(w0) }} - {{ n(c) }}) = {{ r(g1) }}$,
$m_1 = {{ g(lr) }} \times {{ n(g1) }} = {{ r(m1) }}$, $w_1 = {{ n(w0) }} - {{ n(m1) }} = {{ r(w1) }}$.
Step 2: look ahead to $w_1 - \gamma m_1 = {{ n(w1) }} - {{ g(gamma) }} \times {{ n(m1) }} = {{ r(ahead) }}$ and take the gradient there:
$g_2 = {{ g(a) }} \times ({{ n(ahead) }} - {{ n(c) }}) = {{ r(g2) }}$; $m_2 = {{ g(gamma) }} \times {{ n(m1) }} + {{ g(lr) }} \times {{ n(g2) }} = {{ r(m2) }}$,
$w_2 = {{ n(w1) }} - {{ n(m2) }} = {{ "%.4f"|format(w2) }}$.
Looking ahead lets NAG see the gradient where the momentum is about to carry it: if the slope there has
turned, the step is shortened before it overshoots. (Plain momentum would give {{ "%.4f"|format(w1 - (gamma * m1 + lr * a * (w1 - c))) }}.)""",
    "zh": _WORK + r"""第 1 步：$m_0 = 0$，前瞻点就是 $w_0$：$g_1 = {{ g(a) }} \times ({{ n(w0) }} - {{ n(c) }}) = {{ r(g1) }}$，
$m_1 = {{ g(lr) }} \times {{ n(g1) }} = {{ r(m1) }}$，$w_1 = {{ n(w0) }} - {{ n(m1) }} = {{ r(w1) }}$。
第 2 步：先前瞻到 $w_1 - \gamma m_1 = {{ n(w1) }} - {{ g(gamma) }} \times {{ n(m1) }} = {{ r(ahead) }}$，在那里求梯度：
$g_2 = {{ g(a) }} \times ({{ n(ahead) }} - {{ n(c) }}) = {{ r(g2) }}$；$m_2 = {{ g(gamma) }} \times {{ n(m1) }} + {{ g(lr) }} \times {{ n(g2) }} = {{ r(m2) }}$，
$w_2 = {{ n(w1) }} - {{ n(m2) }} = {{ "%.4f"|format(w2) }}$。
前瞻让 NAG 看到动量即将把参数带到之处的梯度：如果那里的坡度已经反向，就会在冲过头之前缩短步长。（普通动量法会得到 {{ "%.4f"|format(w1 - (gamma * m1 + lr * a * (w1 - c))) }}。）""",
}
