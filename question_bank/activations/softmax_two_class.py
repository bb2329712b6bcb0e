"""Two-class softmax: e^{z1}/(e^{z1} + e^{z2}) = σ(z1 − z2) (000: 二分类情况下, Softmax退化为逻辑函数)."""

import numpy as np

from grader.bank.authoring import Meta, Mistake, Symbolic, sigmoid, symbol

META = Meta(
    title={"en": "Softmax with two classes is a sigmoid", "zh": "两类 softmax 即 sigmoid"},
    kind="symbolic",
    difficulty=2,
    points=3,
    source="000 Sigmoid和Softmax (二分类情况下, Softmax退化为逻辑函数)",
    tags=("activations", "softmax", "sigmoid"),
    covers="activations",
    # Only the sigmoid: with exp the answer would restate the softmax. z1, z2 also read as z_1, z_2.
    check=Symbolic(symbols={"z_1": "real", "z_2": "real"}, functions=("sigmoid",),
                   defined={"z1": "z_1", "z2": "z_2"}),
)

PARAMS = {}


def generate(rng: np.random.Generator) -> dict:
    return {}


def _z():
    return symbol("z_1"), symbol("z_2")


def answer(p: dict):
    z1, z2 = _z()
    return sigmoid(z1 - z2)


MISTAKES = [
    Mistake(
        lambda p: sigmoid(_z()[1] - _z()[0]),
        {
            "en": "σ(z₂ − z₁) is the probability of class 2. Dividing by e^{z₁} gives 1/(1 + e^{z₂ − z₁}) = 1/(1 + e^{−(z₁ − z₂)}) = σ(z₁ − z₂).",
            "zh": "σ(z₂ − z₁) 是第 2 类的概率。分子分母同除以 e^{z₁} 得 1/(1 + e^{z₂ − z₁}) = 1/(1 + e^{−(z₁ − z₂)}) = σ(z₁ − z₂)。",
        },
    ),
    Mistake(
        lambda p: sigmoid(_z()[0]),
        {
            "en": "σ(z₁) ignores the other logit. Softmax depends only on differences of logits: p₁ = σ(z₁ − z₂).",
            "zh": "σ(z₁) 忽略了另一个 logit。softmax 只取决于 logit 之间的差：p₁ = σ(z₁ − z₂)。",
        },
    ),
    Mistake(
        lambda p: sigmoid(_z()[0] + _z()[1]),
        {
            "en": "Adding the same constant to both logits leaves softmax unchanged, so p₁ can only depend on z₁ − z₂, not on z₁ + z₂.",
            "zh": "给两个 logit 加上同一个常数不改变 softmax，所以 p₁ 只能依赖 z₁ − z₂，而不是 z₁ + z₂。",
        },
    ),
]

PROMPT = {
    "en": r"""A classifier with two classes outputs the logits $z_1, z_2$ and the softmax probability
$$p_1 = \frac{e^{z_1}}{e^{z_1} + e^{z_2}}.$$
Write $p_1$ with the sigmoid $\sigma(u) = 1/(1 + e^{-u})$: use only `sigmoid(...)` (σ), `z1`, `z2`, numbers
and arithmetic (no `exp`).""",
    "zh": r"""一个二分类器输出 logit $z_1, z_2$，softmax 概率为
$$p_1 = \frac{e^{z_1}}{e^{z_1} + e^{z_2}}.$$
用 sigmoid 函数 $\sigma(u) = 1/(1 + e^{-u})$ 表示 $p_1$：只能使用 `sigmoid(...)`（即 σ）、`z1`、`z2`、数字和四则运算（不能用 `exp`）。""",
}

EXPLANATION = {
    "en": r"""Divide numerator and denominator by $e^{z_1}$:
$$p_1 = \frac{1}{1 + e^{z_2 - z_1}} = \frac{1}{1 + e^{-(z_1 - z_2)}} = \sigma(z_1 - z_2).$$
With two classes softmax reduces to the logistic function of the difference of the logits (and
$p_2 = \sigma(z_2 - z_1) = 1 - p_1$). Only the difference matters: adding a constant to both logits, such as
subtracting their maximum to avoid overflow, changes nothing.""",
    "zh": r"""分子分母同除以 $e^{z_1}$：
$$p_1 = \frac{1}{1 + e^{z_2 - z_1}} = \frac{1}{1 + e^{-(z_1 - z_2)}} = \sigma(z_1 - z_2).$$
二分类时 softmax 退化为两个 logit 之差的逻辑函数（且 $p_2 = \sigma(z_2 - z_1) = 1 - p_1$）。只有差值起作用：给两个 logit 同时加上一个常数
（例如为防止上溢减去最大值）不会改变结果。""",
}
