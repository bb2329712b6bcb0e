"""tanh z = 2σ(2z) − 1: tanh is a stretched and shifted sigmoid (001 Q10)."""

import numpy as np

from grader.bank.authoring import Meta, Mistake, Symbolic, sigmoid, symbol

META = Meta(
    title={"en": "tanh in terms of the sigmoid", "zh": "用 sigmoid 表示 tanh"},
    kind="symbolic",
    difficulty=2,
    points=3,
    source="001 Q10 (tanh 可以看作是 sigmoid 函数向下平移拉伸后的结果)",
    tags=("activations", "tanh", "sigmoid"),
    covers="activations",
    # Only the sigmoid is admitted: with tanh or exp the answer would restate the definition.
    check=Symbolic(symbols={"z": "real"}, functions=("sigmoid",)),
)

PARAMS = {}


def generate(rng: np.random.Generator) -> dict:
    return {}


def answer(p: dict):
    z = symbol("z")
    return 2 * sigmoid(2 * z) - 1


MISTAKES = [
    Mistake(
        lambda p: 2 * sigmoid(symbol("z")) - 1,
        {
            "en": "2σ(z) − 1 has the right range (−1, 1) but is tanh(z/2). The argument is stretched too: "
                  "tanh z = (1 − e^{−2z})/(1 + e^{−2z}) contains e^{−2z}.",
            "zh": "2σ(z) − 1 的值域 (−1, 1) 对了，但它等于 tanh(z/2)。自变量也要拉伸：tanh z = (1 − e^{−2z})/(1 + e^{−2z}) 中是 e^{−2z}。",
        },
    ),
    Mistake(
        lambda p: sigmoid(2 * symbol("z")),
        {
            "en": "σ(2z) lies in (0, 1), tanh in (−1, 1): the sigmoid must also be scaled by 2 and shifted down by 1.",
            "zh": "σ(2z) 的取值在 (0, 1)，而 tanh 在 (−1, 1)：还要把 sigmoid 乘以 2 再向下平移 1。",
        },
    ),
    Mistake(
        lambda p: 1 - 2 * sigmoid(2 * symbol("z")),
        {
            "en": "Sign error: that is −tanh z. tanh is increasing, like σ, so the coefficient of σ(2z) is +2.",
            "zh": "符号错了：这是 −tanh z。tanh 和 σ 一样是增函数，所以 σ(2z) 的系数是 +2。",
        },
    ),
]

PROMPT = {
    "en": r"""The sigmoid is $\sigma(z) = \dfrac{1}{1 + e^{-z}}$ and the hyperbolic tangent is
$\tanh z = \dfrac{e^{z} - e^{-z}}{e^{z} + e^{-z}}$. The notes describe tanh as a sigmoid "shifted down and stretched".

Write $\tanh z$ using only `sigmoid(...)` (σ), numbers and arithmetic (no `tanh`, no `exp`).""",
    "zh": r"""sigmoid 函数为 $\sigma(z) = \dfrac{1}{1 + e^{-z}}$，双曲正切为 $\tanh z = \dfrac{e^{z} - e^{-z}}{e^{z} + e^{-z}}$。
笔记中说 tanh 可以看作 sigmoid“向下平移拉伸”后的结果。

只用 `sigmoid(...)`（即 σ）、数字和四则运算写出 $\tanh z$（不能用 `tanh` 或 `exp`）。""",
}

EXPLANATION = {
    "en": r"""Divide numerator and denominator by $e^{z}$:
$$\tanh z = \frac{1 - e^{-2z}}{1 + e^{-2z}} = \frac{2 - (1 + e^{-2z})}{1 + e^{-2z}} = \frac{2}{1 + e^{-2z}} - 1 = 2\sigma(2z) - 1.$$
So tanh is the sigmoid with its input scaled by 2 (steeper), its output scaled by 2 and shifted down by 1: the
range (0, 1) becomes (−1, 1), centred at 0. Check: $z = 0$ gives $2 \cdot 0.5 - 1 = 0 = \tanh 0$.""",
    "zh": r"""分子分母同除以 $e^{z}$：
$$\tanh z = \frac{1 - e^{-2z}}{1 + e^{-2z}} = \frac{2 - (1 + e^{-2z})}{1 + e^{-2z}} = \frac{2}{1 + e^{-2z}} - 1 = 2\sigma(2z) - 1.$$
所以 tanh 就是把 sigmoid 的输入放大 2 倍（更陡），输出乘以 2 再向下平移 1：值域从 (0, 1) 变为以 0 为中心的 (−1, 1)。
验证：$z = 0$ 时 $2 \cdot 0.5 - 1 = 0 = \tanh 0$。""",
}
