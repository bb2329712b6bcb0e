"""The BPTT product ∂s_k/∂s_0 = Π_{j=1}^{k} ∂s_j/∂s_{j−1} = Π w·(1 − s_j²) for a scalar tanh RNN
(000's formula; erratum 24: the product runs over consecutive steps j = 1..k)."""

import math

import numpy as np

from grader.bank.authoring import Meta, Mistake, Numeric, Real, Seq, draw_distinct, draw_real

from ._cells import JINJA_MATH, rnn_states

META = Meta(
    title={"en": "The BPTT product over k steps", "zh": "BPTT 中跨 k 个时刻的连乘"},
    kind="numeric",
    difficulty=3,
    points=4,
    source="000 RNN梯度消失与梯度爆炸 (Π_{j=k+1}^{t} ∂S_j/∂S_{j−1}); 003 RNN的训练过程; 001 Q5",
    tags=("rnn", "bptt", "vanishing gradient", "exploding gradient", "tanh"),
    covers="bptt",
    check=Numeric(sig_figs=3),
)

_VALUE = Real(-3.0, 3.0, decimals=1)

PARAMS = {"u": _VALUE, "w": _VALUE, "s0": _VALUE, "xs": Seq(_VALUE, 3, 5)}


def _factors(p, *, at_previous=False, weight=True):
    """∂s_j/∂s_{j−1} = w·(1 − s_j²) for j = 1..k (or evaluated at s_{j−1}, or without w: mistakes)."""
    s = rnn_states(p)
    return [(p["w"] if weight else 1.0) * (1 - (s[j - 1] if at_previous else s[j]) ** 2)
            for j in range(1, len(s))]


def answer(p: dict) -> float:
    return math.prod(_factors(p))


MISTAKES = [
    Mistake(
        lambda p: p["w"] ** len(p["xs"]),
        {
            "en": "w^k is the product of a linear RNN. With s_j = tanh(·), every factor also carries tanh′ = 1 − s_j².",
            "zh": "w^k 是线性 RNN 的连乘结果。s_j = tanh(·) 时，每个因子还要乘以 tanh′ = 1 − s_j²。",
        },
    ),
    Mistake(
        lambda p: math.prod(_factors(p, weight=False)),
        {
            "en": "The chain rule through w·s_{j−1} inside the tanh gives a factor w at every step; it is missing.",
            "zh": "对 tanh 内部的 w·s_{j−1} 求导，每一步都会多出一个因子 w，你漏掉了它。",
        },
    ),
    Mistake(
        lambda p: math.prod(_factors(p, at_previous=True)),
        {
            "en": "tanh′ is evaluated at the step's own output: ∂s_j/∂s_{j−1} = w·(1 − s_j²), with s_j, not s_{j−1}.",
            "zh": "tanh′ 应在本步的输出处取值：∂s_j/∂s_{j−1} = w·(1 − s_j²)，用的是 s_j 而不是 s_{j−1}。",
        },
    ),
    Mistake(
        lambda p: sum(_factors(p)),
        {
            "en": "s_k depends on s_0 only through the chain s_0 → s_1 → … → s_k, so the factors multiply; they do not add.",
            "zh": "s_k 只能通过链条 s_0 → s_1 → … → s_k 依赖 s_0，所以各因子相乘，而不是相加。",
        },
    ),
]


def _draw(rng):
    steps = int(rng.integers(3, 6))
    return {
        "u": draw_real(rng, -1.5, 1.5, decimals=1, min_abs=0.2),
        "w": draw_real(rng, -2.5, 2.5, decimals=1, min_abs=0.4),
        "s0": draw_real(rng, -0.9, 0.9, decimals=1),
        "xs": [draw_real(rng, -1.0, 1.0, decimals=1) for _ in range(steps)],
    }


def generate(rng: np.random.Generator) -> dict:
    return draw_distinct(rng, _draw, answer=answer, mistakes=MISTAKES, apart=lambda key: 0.02 * abs(key),
                         keep=lambda p: 1e-4 <= abs(answer(p)) <= 1e4)


PROMPT = {
    "en": r"""A scalar RNN computes $s_t = \tanh(w\, s_{t-1} + u\, x_t)$ with $w = {{ w }}$, $u = {{ u }}$ and $s_0 = {{ s0 }}$,
for the inputs $(x_1, \dots, x_{ {{ xs|length }} }) = ({{ xs|join(", ") }})$.

In BPTT, the gradient that reaches $s_0$ from a loss at step $k = {{ xs|length }}$ is multiplied by
$$\frac{\partial s_{ {{ xs|length }} }}{\partial s_0} = \prod_{j=1}^{ {{ xs|length }} } \frac{\partial s_j}{\partial s_{j-1}}.$$
Compute this value to 3 significant figures (scientific notation such as `1.23e-4` is fine).""",
    "zh": r"""一个标量 RNN 计算 $s_t = \tanh(w\, s_{t-1} + u\, x_t)$，其中 $w = {{ w }}$，$u = {{ u }}$，$s_0 = {{ s0 }}$，
输入为 $(x_1, \dots, x_{ {{ xs|length }} }) = ({{ xs|join(", ") }})$。

在 BPTT 中，第 $k = {{ xs|length }}$ 个时刻的损失传回 $s_0$ 的梯度要乘以
$$\frac{\partial s_{ {{ xs|length }} }}{\partial s_0} = \prod_{j=1}^{ {{ xs|length }} } \frac{\partial s_j}{\partial s_{j-1}}.$$
求这个值，保留 3 位有效数字（可以用 `1.23e-4` 这样的科学计数法）。""",
}

_WORK = JINJA_MATH + r"""{% set ns = namespace(s=[s0], f=[], prod=1) %}
{% for x in xs %}{% set ns.s = ns.s + [tanh(w * ns.s[-1] + u * x)|float] %}{% endfor %}
{% for j in range(1, xs|length + 1) %}{% set ns.f = ns.f + [w * (1 - ns.s[j] ** 2)] %}{% set ns.prod = ns.prod * ns.f[-1] %}{% endfor %}
"""

EXPLANATION = {
    "en": _WORK + r"""Each factor is $\dfrac{\partial s_j}{\partial s_{j-1}} = \tanh'(w s_{j-1} + u x_j)\cdot w = w\,(1 - s_j^2)$.
Forward pass: {% for j in range(1, xs|length + 1) %}$s_{ {{ j }} } = {{ "%.5g"|format(ns.s[j]) }}${{ ", " if not loop.last else "." }}{% endfor %}

Factors: {% for j in range(1, xs|length + 1) %}${{ w }}\,(1 - ({{ "%.5g"|format(ns.s[j]) }})^2) = {{ "%.5g"|format(ns.f[j - 1]) }}${{ ", " if not loop.last else "." }}{% endfor %}

Their product is $\partial s_{ {{ xs|length }} } / \partial s_0 \approx {{ "%#.3g"|format(ns.prod) }}$.
{% if ns.prod|abs < 1 %}Here the product is below 1 in size: the gradient is damped on its way back, and while the factors stay below 1 in size it shrinks geometrically with every further step (vanishing gradient).{% else %}Here the product is above 1 in size: the gradient is amplified on its way back, and while the factors stay above 1 in size it grows geometrically with every further step (exploding gradient).{% endif %}


This happens even in a one-layer RNN, because the same $w$ appears in every factor.""",
    "zh": _WORK + r"""每个因子为 $\dfrac{\partial s_j}{\partial s_{j-1}} = \tanh'(w s_{j-1} + u x_j)\cdot w = w\,(1 - s_j^2)$。
前向计算：{% for j in range(1, xs|length + 1) %}$s_{ {{ j }} } = {{ "%.5g"|format(ns.s[j]) }}${{ "，" if not loop.last else "。" }}{% endfor %}

各因子：{% for j in range(1, xs|length + 1) %}${{ w }}\,(1 - ({{ "%.5g"|format(ns.s[j]) }})^2) = {{ "%.5g"|format(ns.f[j - 1]) }}${{ "，" if not loop.last else "。" }}{% endfor %}

连乘得 $\partial s_{ {{ xs|length }} } / \partial s_0 \approx {{ "%#.3g"|format(ns.prod) }}$。
{% if ns.prod|abs < 1 %}这里乘积的绝对值小于 1：梯度在往回传的过程中被削弱；只要各因子的绝对值小于 1，每多传一步它就按几何级数变小（梯度消失）。{% else %}这里乘积的绝对值大于 1：梯度在往回传的过程中被放大；只要各因子的绝对值大于 1，每多传一步它就按几何级数变大（梯度爆炸）。{% endif %}


即使只有一层 RNN 也会如此，因为每个因子里都是同一个 $w$。""",
}
