"""Two RMSprop steps on ½·a·(w − c)² in the notes' form σᵗ = √(α(σᵗ⁻¹)² + (1 − α)(gᵗ)²), w ← w − η·g/σ.

The prompt fixes the start (σ⁻¹ = 0, PyTorch's square_avg = 0; some texts start from σ⁰ = |g⁰|,
a listed mistake) and ε = 0. No worked example in the notes.
"""

import numpy as np

from grader.bank.authoring import Meta, Mistake, Numeric, Real, draw_distinct

from ._optim import GRADIENT, LOSS, NUM, QUADRATIC_PARAMS, draw_quadratic, gradients, rmsprop

META = Meta(
    title={"en": "RMSprop: two steps", "zh": "RMSprop：两步更新"},
    kind="numeric",
    difficulty=2,
    points=3,
    source="000 RMSprop",
    tags=("optimizer", "rmsprop", "adaptive learning rate"),
    covers="optimizers",
    check=Numeric(decimals=4),
)

PARAMS = {**QUADRATIC_PARAMS, "alpha": Real(0.0, 0.999, decimals=3)}


def answer(p: dict) -> float:
    return rmsprop(p)


MISTAKES = [
    Mistake(
        lambda p: rmsprop(p, swapped=True),
        {
            "en": "α weights the history: (σᵗ)² = α(σᵗ⁻¹)² + (1 − α)(gᵗ)². You put α on the new gradient.",
            "zh": "α 是历史信息的权重：(σᵗ)² = α(σᵗ⁻¹)² + (1 − α)(gᵗ)²。你把 α 放在了新梯度上。",
        },
    ),
    Mistake(
        lambda p: rmsprop(p, accumulate=True),
        {
            "en": "That is Adagrad's plain sum of squares. RMSprop decays the history by α and weights the new "
                  "square by 1 − α.",
            "zh": "这是 Adagrad 的平方累加和。RMSprop 用 α 衰减历史，并给新梯度的平方乘以 1 − α。",
        },
    ),
    Mistake(
        lambda p: rmsprop(p, sqrt=False),
        {
            "en": "Divide by σ, the square root of the running average of g², not by the average σ² itself.",
            "zh": "要除以 σ，即 g² 滑动平均的平方根，而不是除以平均值 σ² 本身。",
        },
    ),
    Mistake(
        lambda p: rmsprop(p, start_full=True),
        {
            "en": "Here the average starts from (σ⁻¹)² = 0, as PyTorch's RMSprop does, so σ⁰ = √(1 − α)·|g⁰|. "
                  "You started from σ⁰ = |g⁰|, another textbook convention.",
            "zh": "本题的滑动平均从 (σ⁻¹)² = 0 开始（与 PyTorch 的 RMSprop 相同），所以 σ⁰ = √(1 − α)·|g⁰|。"
                  "你用的是另一种教材约定 σ⁰ = |g⁰|。",
        },
    ),
]


def _draw(rng):
    p = draw_quadratic(rng, (0.05, 0.1, 0.2))
    p["alpha"] = float(rng.choice([0.5, 0.8, 0.9]))
    return p


def generate(rng: np.random.Generator) -> dict:
    return draw_distinct(rng, _draw, answer=answer, mistakes=MISTAKES, apart=1e-3,
                         keep=lambda p: abs(gradients(p, rmsprop)[1]) >= 0.05)


PROMPT = {
    "en": NUM + r"""Minimise $""" + LOSS + r"""$, whose gradient is $""" + GRADIENT + r"""$, with RMSprop as
in the notes:
$$\sigma^t = \sqrt{\alpha\,(\sigma^{t-1})^2 + (1 - \alpha)\,(g^t)^2}, \qquad w^{t+1} = w^t - \frac{\eta}{\sigma^t}\, g^t, \qquad g^t = g(w^t),$$
with $w^0 = {{ w0 }}$, $\eta = {{ lr }}$, $\alpha = {{ alpha }}$ and the average starting from $(\sigma^{-1})^2 = 0$
(as PyTorch's `RMSprop` starts its running average at 0). Take $\epsilon = 0$.

What is $w^2$, after two steps? Give it to 4 decimal places.""",
    "zh": NUM + r"""用笔记中的 RMSprop 最小化 $""" + LOSS + r"""$，其梯度为 $""" + GRADIENT + r"""$：
$$\sigma^t = \sqrt{\alpha\,(\sigma^{t-1})^2 + (1 - \alpha)\,(g^t)^2}, \qquad w^{t+1} = w^t - \frac{\eta}{\sigma^t}\, g^t, \qquad g^t = g(w^t),$$
其中 $w^0 = {{ w0 }}$，$\eta = {{ lr }}$，衰减系数 $\alpha = {{ alpha }}$，滑动平均从 $(\sigma^{-1})^2 = 0$ 开始
（与 PyTorch 的 `RMSprop` 一样从 0 开始）。取 $\epsilon = 0$。

两步之后的 $w^2$ 是多少？保留 4 位小数。""",
}

_WORK = NUM + r"""{% set g0 = a * (w0 - c) %}{% set v0 = (1 - alpha) * g0 ** 2 %}{% set w1 = w0 - lr * g0 / v0 ** 0.5 %}
{% set g1 = a * (w1 - c) %}{% set v1 = alpha * v0 + (1 - alpha) * g1 ** 2 %}{% set w2 = w1 - lr * g1 / v1 ** 0.5 %}
"""

EXPLANATION = {
    "en": _WORK + r"""Step 1: $g^0 = {{ g(a) }} \times ({{ n(w0) }} - {{ n(c) }}) = {{ r(g0) }}$;
$(\sigma^0)^2 = {{ g(alpha) }} \times 0 + {{ g(1 - alpha) }} \times {{ n(g0) }}^2 = {{ r(v0) }}$, $\sigma^0 = {{ r(v0 ** 0.5) }}$,
$w^1 = {{ n(w0) }} - {{ g(lr) }} \times {{ n(g0) }} / {{ r(v0 ** 0.5) }} = {{ r(w1) }}$.
Step 2: $g^1 = {{ g(a) }} \times ({{ n(w1) }} - {{ n(c) }}) = {{ r(g1) }}$;
$(\sigma^1)^2 = {{ g(alpha) }} \times {{ r(v0) }} + {{ g(1 - alpha) }} \times {{ n(g1) }}^2 = {{ r(v1) }}$, $\sigma^1 = {{ r(v1 ** 0.5) }}$,
$w^2 = {{ n(w1) }} - {{ g(lr) }} \times {{ n(g1) }} / {{ r(v1 ** 0.5) }} = {{ "%.4f"|format(w2) }}$.
Unlike Adagrad's ever-growing sum, the decay $\alpha$ lets old gradients fade, so the effective learning rate
$\eta/\sigma^t$ can grow again when the gradients become small.""",
    "zh": _WORK + r"""第 1 步：$g^0 = {{ g(a) }} \times ({{ n(w0) }} - {{ n(c) }}) = {{ r(g0) }}$；
$(\sigma^0)^2 = {{ g(alpha) }} \times 0 + {{ g(1 - alpha) }} \times {{ n(g0) }}^2 = {{ r(v0) }}$，$\sigma^0 = {{ r(v0 ** 0.5) }}$，
$w^1 = {{ n(w0) }} - {{ g(lr) }} \times {{ n(g0) }} / {{ r(v0 ** 0.5) }} = {{ r(w1) }}$。
第 2 步：$g^1 = {{ g(a) }} \times ({{ n(w1) }} - {{ n(c) }}) = {{ r(g1) }}$；
$(\sigma^1)^2 = {{ g(alpha) }} \times {{ r(v0) }} + {{ g(1 - alpha) }} \times {{ n(g1) }}^2 = {{ r(v1) }}$，$\sigma^1 = {{ r(v1 ** 0.5) }}$，
$w^2 = {{ n(w1) }} - {{ g(lr) }} \times {{ n(g1) }} / {{ r(v1 ** 0.5) }} = {{ "%.4f"|format(w2) }}$。
与 Adagrad 只增不减的累加和不同，衰减系数 $\alpha$ 让旧梯度的影响逐渐消失，所以梯度变小时有效学习率 $\eta/\sigma^t$ 还能重新变大。""",
}
