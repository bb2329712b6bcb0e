"""Two Adam steps on ½·a·(w − c)², with bias correction (erratum 23: 000 names Adam without equations).

m ← β₁m + (1 − β₁)g, v ← β₂v + (1 − β₂)g², m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ),
w ← w − η·m̂/(√v̂ + ε) with ε = 0 — torch.optim.Adam's update. No worked example in the notes.
"""

import numpy as np

from grader.bank.authoring import Meta, Mistake, Numeric, Real, draw_distinct

from ._optim import GRADIENT, LOSS, NUM, QUADRATIC_PARAMS, adam, draw_quadratic, gradients

META = Meta(
    title={"en": "Adam: two steps with bias correction", "zh": "Adam：带偏差修正的两步更新"},
    kind="numeric",
    difficulty=3,
    points=4,
    source="000 梯度下降的变种 (Adam is named in the course; its update is the standard one)",
    tags=("optimizer", "adam", "bias correction", "adaptive learning rate"),
    covers="optimizers",
    check=Numeric(decimals=4),
)

PARAMS = {**QUADRATIC_PARAMS, "beta1": Real(0.0, 0.999, decimals=3), "beta2": Real(0.0, 0.9999, decimals=4)}


def answer(p: dict) -> float:
    return adam(p)


MISTAKES = [
    Mistake(
        lambda p: adam(p, correct_m=False, correct_v=False),
        {
            "en": "You left out the bias correction. m and v start at 0, so early on they are too small; "
                  "divide them by 1 − β₁ᵗ and 1 − β₂ᵗ before the update.",
            "zh": "你漏掉了偏差修正。m 和 v 从 0 开始，初期会偏小；更新前要分别除以 1 − β₁ᵗ 和 1 − β₂ᵗ。",
        },
    ),
    Mistake(
        lambda p: adam(p, correct_v=False),
        {
            "en": "Both moments need the correction: v̂ = v/(1 − β₂ᵗ) as well as m̂ = m/(1 − β₁ᵗ).",
            "zh": "两个矩估计都要修正：除了 m̂ = m/(1 − β₁ᵗ)，还有 v̂ = v/(1 − β₂ᵗ)。",
        },
    ),
    Mistake(
        lambda p: adam(p, frozen_t=True),
        {
            "en": "The correction uses the step number: at the second step divide by 1 − β₁² and 1 − β₂², not 1 − β₁ and 1 − β₂.",
            "zh": "偏差修正用的是步数 t：第二步要除以 1 − β₁² 和 1 − β₂²，而不是 1 − β₁ 和 1 − β₂。",
        },
    ),
    Mistake(
        lambda p: adam(p, steps=1),
        {
            "en": "That is w₁, after one step; the question asks for w₂, after two.",
            "zh": "这是一步之后的 w₁；题目问的是两步之后的 w₂。",
        },
    ),
]

BETAS = ((0.9, 0.999), (0.9, 0.99), (0.8, 0.99), (0.5, 0.9))


def _draw(rng):
    p = draw_quadratic(rng, (0.1, 0.2, 0.5))
    p["beta1"], p["beta2"] = BETAS[int(rng.integers(len(BETAS)))]
    return p


def generate(rng: np.random.Generator) -> dict:
    return draw_distinct(rng, _draw, answer=answer, mistakes=MISTAKES, apart=1e-3,
                         keep=lambda p: abs(gradients(p, adam)[1]) >= 0.05)


PROMPT = {
    "en": NUM + r"""Minimise $""" + LOSS + r"""$, whose gradient is $""" + GRADIENT + r"""$, with Adam
(the form `torch.optim.Adam` uses):
$$m_t = \beta_1 m_{t-1} + (1 - \beta_1)\, g_t, \qquad v_t = \beta_2 v_{t-1} + (1 - \beta_2)\, g_t^2,$$
$$\hat m_t = \frac{m_t}{1 - \beta_1^{\,t}}, \qquad \hat v_t = \frac{v_t}{1 - \beta_2^{\,t}}, \qquad
w_t = w_{t-1} - \eta\, \frac{\hat m_t}{\sqrt{\hat v_t} + \epsilon},$$
where $g_t = g(w_{t-1})$, $m_0 = v_0 = 0$, $w_0 = {{ w0 }}$, $\eta = {{ lr }}$, $\beta_1 = {{ beta1 }}$,
$\beta_2 = {{ beta2 }}$, and take $\epsilon = 0$.

What is $w_2$, after two steps? Give it to 4 decimal places.""",
    "zh": NUM + r"""用 Adam（即 `torch.optim.Adam` 的形式）最小化 $""" + LOSS + r"""$，其梯度为 $""" + GRADIENT + r"""$：
$$m_t = \beta_1 m_{t-1} + (1 - \beta_1)\, g_t, \qquad v_t = \beta_2 v_{t-1} + (1 - \beta_2)\, g_t^2,$$
$$\hat m_t = \frac{m_t}{1 - \beta_1^{\,t}}, \qquad \hat v_t = \frac{v_t}{1 - \beta_2^{\,t}}, \qquad
w_t = w_{t-1} - \eta\, \frac{\hat m_t}{\sqrt{\hat v_t} + \epsilon},$$
其中 $g_t = g(w_{t-1})$，$m_0 = v_0 = 0$，$w_0 = {{ w0 }}$，$\eta = {{ lr }}$，$\beta_1 = {{ beta1 }}$，$\beta_2 = {{ beta2 }}$，取 $\epsilon = 0$。

两步之后的 $w_2$ 是多少？保留 4 位小数。""",
}

_WORK = NUM + r"""{% set g1 = a * (w0 - c) %}{% set m1 = (1 - beta1) * g1 %}{% set v1 = (1 - beta2) * g1 ** 2 %}
{% set mh1 = m1 / (1 - beta1) %}{% set vh1 = v1 / (1 - beta2) %}{% set w1 = w0 - lr * mh1 / vh1 ** 0.5 %}
{% set g2 = a * (w1 - c) %}{% set m2 = beta1 * m1 + (1 - beta1) * g2 %}{% set v2 = beta2 * v1 + (1 - beta2) * g2 ** 2 %}
{% set mh2 = m2 / (1 - beta1 ** 2) %}{% set vh2 = v2 / (1 - beta2 ** 2) %}{% set w2 = w1 - lr * mh2 / vh2 ** 0.5 %}
"""

EXPLANATION = {
    "en": _WORK + r"""Step 1: $g_1 = {{ g(a) }} \times ({{ n(w0) }} - {{ n(c) }}) = {{ r(g1) }}$; $m_1 = {{ r(m1) }}$, $v_1 = {{ r(v1) }}$;
the correction divides by $1 - \beta_1 = {{ g(1 - beta1) }}$ and $1 - \beta_2 = {{ g(1 - beta2) }}$, giving $\hat m_1 = g_1 = {{ r(mh1) }}$ and
$\hat v_1 = g_1^2 = {{ r(vh1) }}$, so the first step has length exactly $\eta$: $w_1 = {{ r(w1) }}$.
Step 2: $g_2 = {{ g(a) }} \times ({{ n(w1) }} - {{ n(c) }}) = {{ r(g2) }}$;
$m_2 = {{ g(beta1) }} \times {{ n(m1) }} + {{ g(1 - beta1) }} \times {{ n(g2) }} = {{ r(m2) }}$,
$v_2 = {{ g(beta2) }} \times {{ r(v1) }} + {{ g(1 - beta2) }} \times {{ n(g2) }}^2 = {{ r(v2) }}$;
$\hat m_2 = {{ n(m2) }} / (1 - {{ g(beta1) }}^2) = {{ r(mh2) }}$, $\hat v_2 = {{ r(v2) }} / (1 - {{ g(beta2) }}^2) = {{ r(vh2) }}$;
$w_2 = {{ n(w1) }} - {{ g(lr) }} \times {{ n(mh2) }} / \sqrt{ {{ r(vh2) }} } = {{ "%.4f"|format(w2) }}$.
Without the correction the first steps would use moments biased towards their starting value 0.""",
    "zh": _WORK + r"""第 1 步：$g_1 = {{ g(a) }} \times ({{ n(w0) }} - {{ n(c) }}) = {{ r(g1) }}$；$m_1 = {{ r(m1) }}$，$v_1 = {{ r(v1) }}$；
偏差修正分别除以 $1 - \beta_1 = {{ g(1 - beta1) }}$ 和 $1 - \beta_2 = {{ g(1 - beta2) }}$，得到 $\hat m_1 = g_1 = {{ r(mh1) }}$，
$\hat v_1 = g_1^2 = {{ r(vh1) }}$，所以第一步的步长恰好是 $\eta$：$w_1 = {{ r(w1) }}$。
第 2 步：$g_2 = {{ g(a) }} \times ({{ n(w1) }} - {{ n(c) }}) = {{ r(g2) }}$；
$m_2 = {{ g(beta1) }} \times {{ n(m1) }} + {{ g(1 - beta1) }} \times {{ n(g2) }} = {{ r(m2) }}$，
$v_2 = {{ g(beta2) }} \times {{ r(v1) }} + {{ g(1 - beta2) }} \times {{ n(g2) }}^2 = {{ r(v2) }}$；
$\hat m_2 = {{ n(m2) }} / (1 - {{ g(beta1) }}^2) = {{ r(mh2) }}$，$\hat v_2 = {{ r(v2) }} / (1 - {{ g(beta2) }}^2) = {{ r(vh2) }}$；
$w_2 = {{ n(w1) }} - {{ g(lr) }} \times {{ n(mh2) }} / \sqrt{ {{ r(vh2) }} } = {{ "%.4f"|format(w2) }}$。
如果不做偏差修正，最初几步用到的矩估计会偏向初始值 0。""",
}
