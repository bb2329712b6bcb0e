"""σ″(z) = σ(1 − σ)(1 − 2σ): differentiate σ′ = σ(1 − σ) once more with the chain rule."""

import numpy as np

from grader.bank.authoring import Meta, Mistake, Symbolic, sigmoid, symbol

META = Meta(
    title={"en": "Second derivative of the sigmoid", "zh": "sigmoid 的二阶导数"},
    kind="symbolic",
    difficulty=3,
    points=3,
    source="003 为什么交叉熵损失… (f'(x) = f(x)(1 - f(x))); 000 梯度消失问题 (Sigmoid 的导数最大也就 0.25)",
    tags=("activations", "sigmoid", "derivative", "chain rule"),
    covers="activations",
    check=Symbolic(symbols={"z": "real"}),
)

PARAMS = {}


def generate(rng: np.random.Generator) -> dict:
    return {}


def _s():
    return sigmoid(symbol("z"))


def answer(p: dict):
    s = _s()
    return s * (1 - s) * (1 - 2 * s)


MISTAKES = [
    Mistake(
        lambda p: _s() * (1 - _s()),
        {
            "en": "That is the first derivative σ′ = σ(1 − σ). Differentiate it once more: d/dz[σ − σ²] = σ′ − 2σσ′.",
            "zh": "这是一阶导数 σ′ = σ(1 − σ)。还要再求一次导：d/dz[σ − σ²] = σ′ − 2σσ′。",
        },
    ),
    Mistake(
        lambda p: 1 - 2 * _s(),
        {
            "en": "d/dσ of σ − σ² is 1 − 2σ, but σ depends on z: the chain rule multiplies by dσ/dz = σ(1 − σ).",
            "zh": "σ − σ² 对 σ 的导数是 1 − 2σ，但 σ 是 z 的函数：链式法则还要乘以 dσ/dz = σ(1 − σ)。",
        },
    ),
    Mistake(
        lambda p: _s() * (1 - _s()) * (2 * _s() - 1),
        {
            "en": "Sign error: σ″ = σ(1 − σ)(1 − 2σ), which is positive for z < 0 (σ < ½), where σ′ is still increasing.",
            "zh": "符号错了：σ″ = σ(1 − σ)(1 − 2σ)，在 z < 0（σ < ½）时为正，那里 σ′ 仍在增大。",
        },
    ),
    Mistake(
        lambda p: (_s() * (1 - _s())) ** 2,
        {
            "en": "(σ′)² is not σ″. Write σ′ = σ − σ² and differentiate each term: σ′ − 2σσ′ = σ′(1 − 2σ).",
            "zh": "(σ′)² 不是 σ″。把 σ′ 写成 σ − σ²，逐项求导：σ′ − 2σσ′ = σ′(1 − 2σ)。",
        },
    ),
]

PROMPT = {
    "en": r"""For the sigmoid $\sigma(z) = \dfrac{1}{1 + e^{-z}}$ we know $\sigma'(z) = \sigma(z)\,(1 - \sigma(z))$.

Give the second derivative $\sigma''(z)$ as an expression in $z$. You may use `sigmoid(z)` (σ).""",
    "zh": r"""对 sigmoid 函数 $\sigma(z) = \dfrac{1}{1 + e^{-z}}$，已知 $\sigma'(z) = \sigma(z)\,(1 - \sigma(z))$。

求二阶导数 $\sigma''(z)$，写成关于 $z$ 的表达式。可以使用 `sigmoid(z)`（即 σ）。""",
}

EXPLANATION = {
    "en": r"""Write $\sigma' = \sigma - \sigma^2$ and differentiate with the chain rule ($\frac{d}{dz}\sigma^2 = 2\sigma\sigma'$):
$$\sigma'' = \sigma' - 2\sigma\sigma' = \sigma'(1 - 2\sigma) = \sigma(z)\,(1 - \sigma(z))\,(1 - 2\sigma(z)).$$
It is 0 at $z = 0$ ($\sigma = \tfrac12$), which confirms that $\sigma'$ has its maximum, 0.25, there; it is positive
for $z < 0$ and negative for $z > 0$.""",
    "zh": r"""把 $\sigma'$ 写成 $\sigma - \sigma^2$，用链式法则求导（$\frac{d}{dz}\sigma^2 = 2\sigma\sigma'$）：
$$\sigma'' = \sigma' - 2\sigma\sigma' = \sigma'(1 - 2\sigma) = \sigma(z)\,(1 - \sigma(z))\,(1 - 2\sigma(z)).$$
它在 $z = 0$（$\sigma = \tfrac12$）处为 0，这说明 $\sigma'$ 在那里取得最大值 0.25；$z < 0$ 时为正，$z > 0$ 时为负。""",
}
