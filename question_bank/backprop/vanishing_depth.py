"""Vanishing gradients: how many sigmoid layers (|w| ≤ c) until the gradient bound (c/4)ⁿ drops
below 10⁻ᵏ."""

from fractions import Fraction

import numpy as np

from grader.bank.authoring import Int, Meta, Mistake, Numeric, OneOf, draw_distinct

from ._vanishing import BOUND_VALUES, BOUNDS, SCI, per_layer, shown

META = Meta(
    title={"en": "Vanishing gradients: how deep until the gradient is negligible", "zh": "梯度消失：多深时梯度可以忽略"},
    kind="numeric",
    difficulty=2,
    points=2,
    source="002 §4 深度学习 (梯度衰减为原来的0.25, 低层基本接收不到有效的训练信号); 000 梯度消失问题",
    tags=("vanishing gradient", "sigmoid", "depth"),
    covers="vanishing_gradients",
    check=Numeric(exact_integer=True),
)

PARAMS = {
    "bound": OneOf(BOUND_VALUES),
    "exponent": Int(1, 12),
}


def _layers(ratio, exponent):
    """The smallest n with ratio**n < 10**-exponent (exact: ratio is a Fraction below 1)."""
    eps = Fraction(1, 10 ** exponent)
    n = 1
    while ratio ** n >= eps:
        n += 1
    return n


def _c(p):
    return Fraction(p["bound"]).limit_denominator(10)  # 0.8 is 4/5, exactly


def answer(p: dict) -> int:
    return _layers(per_layer(_c(p)), p["exponent"])


MISTAKES = [
    Mistake(
        lambda p: _layers(Fraction(1, 4), p["exponent"]) if p["bound"] != 1 else None,
        {
            "en": "You used 0.25 per layer, which ignores the weights: each factor is w_k·σ′(z_k), so with |w_k| ≤ c "
                  "a layer can pass up to c/4 of the gradient.",
            "zh": "你按每层 0.25 计算，忽略了权重：每个因子是 w_k·σ′(z_k)，在 |w_k| ≤ c 时每层最多可以传过 c/4 的梯度。",
        },
    ),
    Mistake(
        # c/2 must stay below 1; for c = 0.5 it is the "weights ignored" answer above
        lambda p: _layers(per_layer(_c(p), Fraction(1, 2)), p["exponent"]) if p["bound"] not in (0.5, 2, 3) else None,
        {
            "en": "0.5 is σ(0), the sigmoid's value; the largest slope is σ′(0) = 0.25, and the slope is what multiplies the gradient.",
            "zh": "0.5 是 σ(0)，即 sigmoid 的函数值；最大斜率是 σ′(0) = 0.25，乘到梯度上的是斜率。",
        },
    ),
    Mistake(
        lambda p: answer(p) - 1,
        {
            "en": "At that depth the bound is still at least 10⁻ᵏ. The question asks for the first depth at which it is below.",
            "zh": "在这个深度上界仍然不小于 10⁻ᵏ。题目问的是上界第一次小于 10⁻ᵏ 的深度。",
        },
    ),
]


def _draw(rng):
    bound = BOUNDS[int(rng.integers(len(BOUNDS)))]
    return {"bound": shown(bound), "exponent": int(rng.choice([2, 3, 4, 5, 6, 8]))}


def generate(rng: np.random.Generator) -> dict:
    return draw_distinct(rng, _draw, answer=answer, mistakes=MISTAKES)


PROMPT = {
    "en": r"""A deep network is reduced to a chain of scalar sigmoid layers
$h_k = \sigma(w_k h_{k-1} + b_k)$, $k = 1, \dots, n$, with $\sigma(z) = 1/(1 + e^{-z})$ and weights $|w_k| \le {{ bound }}$.
Backpropagation multiplies the gradient by $\partial h_k / \partial h_{k-1}$ at every layer, so
$\left|\partial h_n / \partial h_0\right|$ has an upper bound that depends on $n$.

What is the smallest number of layers $n$ for which this upper bound is below $10^{-{{ exponent }} }$?
Give an integer.""",
    "zh": r"""把一个深层网络简化为由标量 sigmoid 层组成的链 $h_k = \sigma(w_k h_{k-1} + b_k)$，$k = 1, \dots, n$，
其中 $\sigma(z) = 1/(1 + e^{-z})$，权重满足 $|w_k| \le {{ bound }}$。反向传播时每经过一层，梯度都要乘以 $\partial h_k / \partial h_{k-1}$，
因此 $\left|\partial h_n / \partial h_0\right|$ 有一个依赖于 $n$ 的上界。

至少需要多少层 $n$，才能使这个上界小于 $10^{-{{ exponent }} }$？请给出一个整数。""",
}

_WORK = SCI + r"""{% set r = bound * 0.25 %}
{% set ns = namespace(n=1) %}{% for i in range(200) %}{% if r ** ns.n >= 10 ** (-exponent) %}{% set ns.n = ns.n + 1 %}{% endif %}{% endfor %}
"""

EXPLANATION = {
    "en": _WORK + r"""Each factor is $w_k\,\sigma'(z_k)$ with $\sigma' \le \sigma'(0) = 0.25$, so with $|w_k| \le {{ bound }}$ a layer
passes at most ${{ bound }} \times 0.25 = {{ r }}$ of the gradient and $|\partial h_n / \partial h_0| \le {{ r }}^n$.
We need ${{ r }}^n < 10^{-{{ exponent }} }$, i.e. $n > \dfrac{ {{ exponent }} \ln 10}{\ln(1/{{ r }})}$:
${{ r }}^{ {{ ns.n - 1 }} } = {{ sci(r ** (ns.n - 1)) }}$ is not yet below $10^{-{{ exponent }} }$, and
${{ r }}^{ {{ ns.n }} } = {{ sci(r ** ns.n) }}$ is. So $n = {{ ns.n }}$.
Sigmoid networks with small weights lose the gradient exponentially fast with depth; the layers near the input
then barely learn (the notes: 低层基本接收不到有效的训练信号).""",
    "zh": _WORK + r"""每个因子是 $w_k\,\sigma'(z_k)$，而 $\sigma' \le \sigma'(0) = 0.25$，所以在 $|w_k| \le {{ bound }}$ 时每层至多传过
${{ bound }} \times 0.25 = {{ r }}$ 的梯度，$|\partial h_n / \partial h_0| \le {{ r }}^n$。
要求 ${{ r }}^n < 10^{-{{ exponent }} }$，即 $n > \dfrac{ {{ exponent }} \ln 10}{\ln(1/{{ r }})}$：
${{ r }}^{ {{ ns.n - 1 }} } = {{ sci(r ** (ns.n - 1)) }}$ 还不小于 $10^{-{{ exponent }} }$，而
${{ r }}^{ {{ ns.n }} } = {{ sci(r ** ns.n) }}$ 已经小于它。所以 $n = {{ ns.n }}$。
权重较小时，sigmoid 网络的梯度随深度指数衰减，靠近输入的层几乎学不动（笔记：低层基本接收不到有效的训练信号）。""",
}
