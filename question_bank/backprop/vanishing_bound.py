"""Vanishing gradients: through n sigmoid layers with |w| ≤ c the gradient shrinks by at most (c/4)ⁿ
(the notes: "每传递一层, 梯度衰减为原来的0.25" holds for |w| ≤ 1)."""

from fractions import Fraction

import numpy as np

from grader.bank.authoring import Int, Meta, Mistake, Numeric, OneOf, draw_distinct

from ._vanishing import BOUND_VALUES, BOUNDS, SCI, per_layer, shown

META = Meta(
    title={"en": "Vanishing gradients: the sigmoid bound over n layers", "zh": "梯度消失：n 层 sigmoid 的上界"},
    kind="numeric",
    difficulty=1,
    points=2,
    source="002 §4 深度学习 (每传递一层, 梯度衰减为原来的0.25); 000 梯度消失问题; 001 Q10",
    tags=("vanishing gradient", "sigmoid", "chain rule"),
    covers="vanishing_gradients",
    check=Numeric(sig_figs=3),
)

PARAMS = {
    "layers": Int(1, 30),
    "bound": OneOf(BOUND_VALUES),
}


def _bound(p, *, slope=Fraction(1, 4), layers=None):
    c = Fraction(p["bound"]).limit_denominator(10)  # 0.8 is 4/5, exactly
    return float(per_layer(c, slope) ** (p["layers"] if layers is None else layers))


def answer(p: dict) -> float:
    return _bound(p)


MISTAKES = [
    Mistake(
        # (for c = 0.5 this gives 0.25ⁿ, the "weights ignored" answer below: that feedback is kept)
        lambda p: _bound(p, slope=Fraction(1, 2)) if p["bound"] != 0.5 else None,
        {
            "en": "0.5 is σ(0), the sigmoid's value at 0. Its derivative there, σ′(0) = σ(0)(1 − σ(0)) = 0.25, is the "
                  "largest slope, and that is what each layer multiplies the gradient by.",
            "zh": "0.5 是 σ(0)，即 sigmoid 在 0 处的函数值。它在 0 处的导数 σ′(0) = σ(0)(1 − σ(0)) = 0.25 才是最大斜率，"
                  "每一层乘到梯度上的是导数。",
        },
    ),
    Mistake(
        lambda p: _bound(p, layers=p["layers"] - 1),
        {
            "en": "Every one of the n layers contributes a factor w·σ′, so the exponent is n, not n − 1.",
            "zh": "n 层中的每一层都贡献一个因子 w·σ′，所以指数是 n，而不是 n − 1。",
        },
    ),
    Mistake(
        lambda p: float(0.25 ** p["layers"]) if p["bound"] != 1 else None,
        {
            "en": "The weights are part of each factor: ∂h_k/∂h_{k−1} = w_k·σ′(z_k), and |w_k| may reach the bound c, "
                  "so each layer scales the gradient by at most c/4, not 1/4.",
            "zh": "权重也是每个因子的一部分：∂h_k/∂h_{k−1} = w_k·σ′(z_k)，而 |w_k| 最大可达 c，"
                  "所以每层最多把梯度乘以 c/4，而不是 1/4。",
        },
    ),
    Mistake(
        lambda p: float(p["layers"] * per_layer(Fraction(p["bound"]).limit_denominator(10))),
        {
            "en": "The chain rule multiplies the per-layer factors; it does not add them: (c/4)ⁿ, not n·c/4.",
            "zh": "链式法则是把每层的因子相乘，而不是相加：应为 (c/4)ⁿ，而不是 n·c/4。",
        },
    ),
]


def _draw(rng):
    bound = BOUNDS[int(rng.integers(len(BOUNDS)))]
    return {"layers": int(rng.integers(2, 21)), "bound": shown(bound)}


def generate(rng: np.random.Generator) -> dict:
    return draw_distinct(rng, _draw, answer=answer, mistakes=MISTAKES, apart=lambda key: 0.01 * abs(key))


PROMPT = {
    "en": r"""A deep network is reduced to a chain of ${{ layers }}$ scalar sigmoid layers,
$$h_k = \sigma(w_k h_{k-1} + b_k),\qquad k = 1, \dots, {{ layers }},\qquad \sigma(z) = \frac{1}{1 + e^{-z}},$$
whose weights all satisfy $|w_k| \le {{ bound }}$ (the biases are arbitrary).
Backpropagation multiplies the gradient by $\dfrac{\partial h_k}{\partial h_{k-1}}$ at every layer.

What is the largest value $\left|\dfrac{\partial h_{ {{ layers }} }}{\partial h_0}\right|$ can reach, i.e. the upper
bound on how much of the gradient reaches the first layer? Give the answer to 3 significant figures.""",
    "zh": r"""把一个深层网络简化为 ${{ layers }}$ 层标量 sigmoid 组成的链：
$$h_k = \sigma(w_k h_{k-1} + b_k),\qquad k = 1, \dots, {{ layers }},\qquad \sigma(z) = \frac{1}{1 + e^{-z}},$$
所有权重满足 $|w_k| \le {{ bound }}$（偏置任意）。反向传播时，每经过一层，梯度都要乘以 $\dfrac{\partial h_k}{\partial h_{k-1}}$。

$\left|\dfrac{\partial h_{ {{ layers }} }}{\partial h_0}\right|$ 最大能达到多少（即传到第一层的梯度比例的上界）？答案保留 3 位有效数字。""",
}

EXPLANATION = {
    "en": SCI + r"""{% set r = bound * 0.25 %}By the chain rule
$\dfrac{\partial h_{ {{ layers }} }}{\partial h_0} = \prod_{k=1}^{ {{ layers }} } w_k\,\sigma'(w_k h_{k-1} + b_k)$, and
$\sigma'(z) = \sigma(z)(1 - \sigma(z)) \le \sigma'(0) = 0.25$. With $|w_k| \le {{ bound }}$ each factor is at most
${{ bound }} \times 0.25 = {{ r }}$ in size, and the bound is reached when every $|w_k| = {{ bound }}$ and every
pre-activation is 0 (the biases allow that). So
$$\left|\frac{\partial h_{ {{ layers }} }}{\partial h_0}\right| \le {{ r }}^{ {{ layers }} } = {{ sci(r ** layers, 6) }},$$
i.e. ${{ sci(r ** layers) }}$ to 3 significant figures.
{% if bound <= 1 %}With $|w| \le 1$ the gradient shrinks at least {{ "%g"|format(1 / r) }}-fold per layer: it vanishes exponentially with depth, which is why the layers near the input barely learn.
{% else %}Larger weights offset the factor 0.25: the notes' "each layer divides the gradient by 4" assumes $|w| \le 1$. {% if r > 1 %}Here the bound even grows with depth, the situation in which gradients can explode.{% endif %}
{% endif %}""",
    "zh": SCI + r"""{% set r = bound * 0.25 %}由链式法则，
$\dfrac{\partial h_{ {{ layers }} }}{\partial h_0} = \prod_{k=1}^{ {{ layers }} } w_k\,\sigma'(w_k h_{k-1} + b_k)$，而
$\sigma'(z) = \sigma(z)(1 - \sigma(z)) \le \sigma'(0) = 0.25$。由于 $|w_k| \le {{ bound }}$，每个因子的绝对值至多为
${{ bound }} \times 0.25 = {{ r }}$；当每个 $|w_k| = {{ bound }}$ 且每层的输入（激活前）都为 0 时（偏置可以做到）取到上界。所以
$$\left|\frac{\partial h_{ {{ layers }} }}{\partial h_0}\right| \le {{ r }}^{ {{ layers }} } = {{ sci(r ** layers, 6) }}$$
保留 3 位有效数字为 ${{ sci(r ** layers) }}$。
{% if bound <= 1 %}在 $|w| \le 1$ 时，每经过一层梯度至少缩小为原来的 1/{{ "%g"|format(1 / r) }}：梯度随深度指数衰减，靠近输入的层几乎学不动，这就是梯度消失。
{% else %}较大的权重会抵消 0.25 这个因子：笔记中“每传递一层，梯度衰减为原来的 0.25”默认了 $|w| \le 1$。{% if r > 1 %}这里上界甚至随深度增长，这正是梯度可能爆炸的情形。{% endif %}
{% endif %}""",
}
