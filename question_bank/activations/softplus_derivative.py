"""d/dx ln(1 + eˣ) = σ(x): softplus, the smooth ReLU, has the sigmoid as its derivative."""

import numpy as np

from grader.bank.authoring import Meta, Mistake, Symbolic, exp, sigmoid, symbol

META = Meta(
    title={"en": "Derivative of softplus", "zh": "softplus 的导数"},
    kind="symbolic",
    difficulty=1,
    points=2,
    source="001 Q10 (ReLU 及其变种); 003 relu函数的作用",
    tags=("activations", "softplus", "relu", "sigmoid", "derivative"),
    covers="activations",
    check=Symbolic(symbols={"x": "real"}),
)

PARAMS = {}


def generate(rng: np.random.Generator) -> dict:
    return {}


def answer(p: dict):
    return sigmoid(symbol("x"))


MISTAKES = [
    Mistake(
        lambda p: 1 / (1 + exp(symbol("x"))),
        {
            "en": "Sign error: d/dx ln(1 + eˣ) = eˣ/(1 + eˣ) = 1/(1 + e^{−x}) = σ(x); 1/(1 + eˣ) is σ(−x).",
            "zh": "符号错了：d/dx ln(1 + eˣ) = eˣ/(1 + eˣ) = 1/(1 + e^{−x}) = σ(x)；1/(1 + eˣ) 是 σ(−x)。",
        },
    ),
    Mistake(
        lambda p: exp(symbol("x")),
        {
            "en": "The chain rule also needs the derivative of ln u, 1/u: d/dx ln(1 + eˣ) = eˣ/(1 + eˣ).",
            "zh": "链式法则还需要 ln u 的导数 1/u：d/dx ln(1 + eˣ) = eˣ/(1 + eˣ)。",
        },
    ),
    Mistake(
        lambda p: sigmoid(symbol("x")) * (1 - sigmoid(symbol("x"))),
        {
            "en": "That is σ(x)(1 − σ(x)), the derivative of the sigmoid, i.e. the second derivative of softplus. "
                  "Softplus' first derivative is σ(x) itself.",
            "zh": "这是 σ(x)(1 − σ(x))，即 sigmoid 的导数，也就是 softplus 的二阶导数。softplus 的一阶导数就是 σ(x) 本身。",
        },
    ),
]

PROMPT = {
    "en": r"""The softplus activation $f(x) = \ln(1 + e^{x})$ is a smooth version of the ReLU $\max(0, x)$.

Give $f'(x)$ as an expression in $x$. You may use `sigmoid(...)` (σ), `exp` and `log`.""",
    "zh": r"""softplus 激活函数 $f(x) = \ln(1 + e^{x})$ 是 ReLU $\max(0, x)$ 的光滑版本。

求 $f'(x)$，写成关于 $x$ 的表达式。可以使用 `sigmoid(...)`（即 σ）、`exp` 和 `log`。""",
}

EXPLANATION = {
    "en": r"""By the chain rule, $f'(x) = \dfrac{1}{1 + e^{x}} \cdot e^{x} = \dfrac{e^{x}}{1 + e^{x}} = \dfrac{1}{1 + e^{-x}} = \sigma(x)$.
The derivative rises smoothly from 0 (for $x \to -\infty$) to 1 (for $x \to +\infty$), like the ReLU's step
from 0 to 1, but without a kink at 0 and never exactly 0, so a softplus unit cannot "die".""",
    "zh": r"""由链式法则，$f'(x) = \dfrac{1}{1 + e^{x}} \cdot e^{x} = \dfrac{e^{x}}{1 + e^{x}} = \dfrac{1}{1 + e^{-x}} = \sigma(x)$。
导数从 0（$x \to -\infty$）平滑地升到 1（$x \to +\infty$），与 ReLU 导数从 0 到 1 的跳变相似，但在 0 处没有折点，且永远不会恰好为 0，
所以 softplus 单元不会“死亡”。""",
}
