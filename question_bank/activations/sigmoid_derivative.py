"""dσ/dz = σ(z)(1 − σ(z))."""

import numpy as np

from grader.bank.authoring import Meta, Mistake, Symbolic, exp, sigmoid, symbol

META = Meta(
    title={"en": "Derivative of the sigmoid", "zh": "sigmoid 函数的导数"},
    kind="symbolic",
    difficulty=1,
    points=2,
    source="003 为什么交叉熵损失… (f'(x) = f(x)(1 - f(x))); 000 激活函数",
    tags=("activations", "sigmoid", "derivative", "vanishing gradient"),
    covers="activations",
    check=Symbolic(symbols={"z": "real"}),
)

PARAMS = {}


def generate(rng: np.random.Generator) -> dict:
    return {}


def answer(p: dict):
    z = symbol("z")
    return sigmoid(z) * (1 - sigmoid(z))


MISTAKES = [
    Mistake(
        lambda p: sigmoid(symbol("z")),
        {
            "en": "σ(z) is the function itself, not its derivative (it is e^z that is its own derivative).",
            "zh": "σ(z) 是函数本身而不是它的导数（导数等于自身的是 e^z）。",
        },
    ),
    Mistake(
        lambda p: 1 - sigmoid(symbol("z")) ** 2,
        {
            "en": "1 − σ² has the shape of tanh's derivative (tanh′ = 1 − tanh²). For the sigmoid it is σ(1 − σ).",
            "zh": "1 − σ² 是 tanh 导数的形式（tanh′ = 1 − tanh²）。sigmoid 的导数是 σ(1 − σ)。",
        },
    ),
    Mistake(
        lambda p: -exp(-symbol("z")) / (1 + exp(-symbol("z"))) ** 2,
        {
            "en": "Sign error in the chain rule: the derivative of e^{−z} is −e^{−z}, and together with the −1 from "
                  "differentiating 1/u the result is +e^{−z}/(1 + e^{−z})².",
            "zh": "链式法则中符号出错：e^{−z} 的导数是 −e^{−z}，再乘上对 1/u 求导产生的负号，结果为 +e^{−z}/(1 + e^{−z})²。",
        },
    ),
]

PROMPT = {
    "en": r"""The sigmoid is $\sigma(z) = \dfrac{1}{1 + e^{-z}}$.

Give $\dfrac{d\sigma}{dz}$ as an expression in $z$. You may write it in terms of `sigmoid(z)` (σ) or with `exp`.""",
    "zh": r"""sigmoid 函数为 $\sigma(z) = \dfrac{1}{1 + e^{-z}}$。

求 $\dfrac{d\sigma}{dz}$，写成关于 $z$ 的表达式。可以用 `sigmoid(z)`（即 σ）表示，也可以用 `exp` 写出。""",
}

EXPLANATION = {
    "en": r"""With $u = 1 + e^{-z}$: $\dfrac{d\sigma}{dz} = -\dfrac{1}{u^2}\cdot\dfrac{du}{dz} = \dfrac{e^{-z}}{(1 + e^{-z})^2}
= \dfrac{1}{1 + e^{-z}}\cdot\dfrac{e^{-z}}{1 + e^{-z}} = \sigma(z)\,(1 - \sigma(z))$.
Its maximum is $\sigma'(0) = 0.25$. Backpropagating through a sigmoid layer multiplies the gradient by
$w\,\sigma'(z)$, so when the weights satisfy $|w| \le 1$ the gradient shrinks by at least a factor 4 per
sigmoid layer (vanishing gradients); larger weights can offset that factor.""",
    "zh": r"""令 $u = 1 + e^{-z}$：$\dfrac{d\sigma}{dz} = -\dfrac{1}{u^2}\cdot\dfrac{du}{dz} = \dfrac{e^{-z}}{(1 + e^{-z})^2}
= \dfrac{1}{1 + e^{-z}}\cdot\dfrac{e^{-z}}{1 + e^{-z}} = \sigma(z)\,(1 - \sigma(z))$。
它的最大值为 $\sigma'(0) = 0.25$。反向传播每经过一层 sigmoid，梯度要乘以 $w\,\sigma'(z)$，所以在权重满足 $|w| \le 1$ 时，每经过一层 sigmoid，梯度至少缩小为原来的 1/4（梯度消失）；权重较大时可以抵消这个因子。""",
}
