"""d/dz tanh z = 1 − tanh² z (001 Q10: tanh's derivative lies in (0, 1])."""

import numpy as np

from grader.bank.authoring import Meta, Mistake, Symbolic, symbol

META = Meta(
    title={"en": "Derivative of tanh", "zh": "tanh 的导数"},
    kind="symbolic",
    difficulty=1,
    points=2,
    source="001 Q10 (tanh 函数, 导数范围在 (0,1) 之间); 000 激活函数",
    tags=("activations", "tanh", "derivative"),
    covers="activations",
    check=Symbolic(symbols={"z": "real"}),
)

PARAMS = {}


def generate(rng: np.random.Generator) -> dict:
    return {}


def _t():
    import sympy

    return sympy.tanh(symbol("z"))


def answer(p: dict):
    return 1 - _t() ** 2


MISTAKES = [
    Mistake(
        lambda p: _t() * (1 - _t()),
        {
            "en": "tanh(1 − tanh) copies the sigmoid's σ(1 − σ). For tanh the derivative is 1 − tanh²: "
                  "differentiate (e^z − e^{−z})/(e^z + e^{−z}) with the quotient rule.",
            "zh": "tanh(1 − tanh) 是照搬了 sigmoid 的 σ(1 − σ)。tanh 的导数是 1 − tanh²：对 (e^z − e^{−z})/(e^z + e^{−z}) 用商的求导法则即可。",
        },
    ),
    Mistake(
        lambda p: 1 - _t(),
        {
            "en": "The tanh must be squared: d/dz tanh z = 1 − tanh² z (= sech² z).",
            "zh": "tanh 要平方：d/dz tanh z = 1 − tanh² z（= sech² z）。",
        },
    ),
    Mistake(
        lambda p: 1 + _t() ** 2,
        {
            "en": "Sign error: the derivative is 1 − tanh² z, which is at most 1 (at z = 0) and tends to 0 as |z| grows.",
            "zh": "符号错了：导数是 1 − tanh² z，最大为 1（在 z = 0 处），|z| 增大时趋于 0。",
        },
    ),
]

PROMPT = {
    "en": r"""The hyperbolic tangent is $\tanh z = \dfrac{e^{z} - e^{-z}}{e^{z} + e^{-z}}$.

Give $\dfrac{d}{dz}\tanh z$ as an expression in $z$. You may use `tanh(z)`.""",
    "zh": r"""双曲正切函数为 $\tanh z = \dfrac{e^{z} - e^{-z}}{e^{z} + e^{-z}}$。

求 $\dfrac{d}{dz}\tanh z$，写成关于 $z$ 的表达式。可以使用 `tanh(z)`。""",
}

EXPLANATION = {
    "en": r"""By the quotient rule, with $u = e^{z} - e^{-z}$ and $v = e^{z} + e^{-z}$ (so $u' = v$ and $v' = u$):
$$\frac{d}{dz}\tanh z = \frac{u'v - uv'}{v^2} = \frac{v^2 - u^2}{v^2} = 1 - \tanh^2 z.$$
It equals 1 at $z = 0$ and lies in $(0, 1]$: four times the sigmoid's maximum slope of 0.25, which is why tanh
eases vanishing gradients somewhat, but it still tends to 0 for large $|z|$ (saturation).""",
    "zh": r"""用商的求导法则，令 $u = e^{z} - e^{-z}$，$v = e^{z} + e^{-z}$（于是 $u' = v$，$v' = u$）：
$$\frac{d}{dz}\tanh z = \frac{u'v - uv'}{v^2} = \frac{v^2 - u^2}{v^2} = 1 - \tanh^2 z.$$
它在 $z = 0$ 处等于 1，取值在 $(0, 1]$ 之间：是 sigmoid 最大斜率 0.25 的四倍，所以 tanh 能在一定程度上缓解梯度消失，
但 $|z|$ 很大时导数仍趋于 0（饱和）。""",
}
