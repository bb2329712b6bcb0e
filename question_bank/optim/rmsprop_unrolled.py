"""RMSprop's second update, unrolled from a zero average: −η·g₂/√(α(1 − α)g₁² + (1 − α)g₂²)."""

import numpy as np

from grader.bank.authoring import Meta, Mistake, Symbolic, symbols

from ._optim import subscripts

META = Meta(
    title={"en": "RMSprop's second step, unrolled", "zh": "RMSprop 的第二步（展开）"},
    kind="symbolic",
    difficulty=3,
    points=3,
    source="000 RMSprop",
    tags=("optimizer", "rmsprop", "adaptive learning rate"),
    covers="optimizers",
    check=Symbolic(symbols={"eta": "positive", "alpha": "probability", "g1": "nonzero", "g2": "nonzero"},
                   defined=subscripts("g1", "g2")),
)

PARAMS = {}


def generate(rng: np.random.Generator) -> dict:
    return {}


def _form(average):
    """−η·g₂/√v₂ for the running average v₂ = average(alpha, g1, g2)."""

    def expression(p):
        import sympy

        eta, alpha, g1, g2 = symbols("eta alpha g1 g2")
        return -eta * g2 / sympy.sqrt(average(alpha, g1, g2))

    return expression


answer = _form(lambda a, g1, g2: a * (1 - a) * g1 ** 2 + (1 - a) * g2 ** 2)


def _no_sqrt(p):
    eta, alpha, g1, g2 = symbols("eta alpha g1 g2")
    return -eta * g2 / (alpha * (1 - alpha) * g1 ** 2 + (1 - alpha) * g2 ** 2)


MISTAKES = [
    Mistake(
        _form(lambda a, g1, g2: g1 ** 2 + g2 ** 2),
        {
            "en": "That is Adagrad's plain sum of squares. RMSprop keeps a decaying average: each new g² enters with "
                  "weight 1 − α and the history is multiplied by α.",
            "zh": "这是 Adagrad 的平方累加和。RMSprop 用的是衰减平均：新的 g² 以权重 1 − α 加入，历史乘以 α。",
        },
    ),
    Mistake(
        _form(lambda a, g1, g2: (1 - a) * a * g1 ** 2 + a * g2 ** 2),
        {
            "en": "α weights the history and 1 − α the new square: (σᵗ)² = α(σᵗ⁻¹)² + (1 − α)(gᵗ)². You swapped them.",
            "zh": "α 是历史的权重，1 − α 是新梯度平方的权重：(σᵗ)² = α(σᵗ⁻¹)² + (1 − α)(gᵗ)²。你把它们弄反了。",
        },
    ),
    Mistake(
        _form(lambda a, g1, g2: (1 - a) * g1 ** 2 + (1 - a) * g2 ** 2),
        {
            "en": "The older square is decayed once more at the second step: α·(1 − α)g₁², not (1 − α)g₁².",
            "zh": "第二步时较早的梯度平方还要再衰减一次：应为 α·(1 − α)g₁²，而不是 (1 − α)g₁²。",
        },
    ),
    Mistake(
        _form(lambda a, g1, g2: a * g1 ** 2 + (1 - a) * g2 ** 2),
        {
            "en": "Here the average starts from 0 (as in PyTorch), so after the first step it is (1 − α)g₁², not g₁²; "
                  "starting from σ⁰ = |g⁰| is another textbook convention.",
            "zh": "本题的滑动平均从 0 开始（与 PyTorch 相同），所以第一步之后它是 (1 − α)g₁²，而不是 g₁²；从 σ⁰ = |g⁰| 开始是另一种教材约定。",
        },
    ),
    Mistake(
        _no_sqrt,
        {
            "en": "Divide by σ, the square root of the running average, not by the average itself.",
            "zh": "要除以 σ，即滑动平均的平方根，而不是除以平均值本身。",
        },
    ),
]

PROMPT = {
    "en": r"""RMSprop as in the notes,
$$(\sigma^t)^2 = \alpha\,(\sigma^{t-1})^2 + (1 - \alpha)\,(g^t)^2, \qquad w^{t+1} = w^t - \frac{\eta}{\sigma^t}\, g^t,$$
starts from $(\sigma^0)^2 = 0$ (as PyTorch's running average does) and takes $\epsilon = 0$. Its first two updates meet
the gradients $g_1$ and then $g_2$.

Give the second update, the change $\Delta w = -\dfrac{\eta}{\sigma}\, g_2$ made by the second step, as an expression in
`eta`, `alpha`, `g1`, `g2`.""",
    "zh": r"""笔记中的 RMSprop
$$(\sigma^t)^2 = \alpha\,(\sigma^{t-1})^2 + (1 - \alpha)\,(g^t)^2, \qquad w^{t+1} = w^t - \frac{\eta}{\sigma^t}\, g^t,$$
从 $(\sigma^0)^2 = 0$ 开始（与 PyTorch 的滑动平均一样），取 $\epsilon = 0$。前两次更新依次遇到梯度 $g_1$ 和 $g_2$。

请写出第二次更新的变化量 $\Delta w = -\dfrac{\eta}{\sigma}\, g_2$，表示为关于 `eta`、`alpha`、`g1`、`g2` 的表达式。""",
}

EXPLANATION = {
    "en": r"""After the first gradient: $(\sigma_1)^2 = \alpha \cdot 0 + (1 - \alpha) g_1^2 = (1 - \alpha) g_1^2$.
After the second: $(\sigma_2)^2 = \alpha (1 - \alpha) g_1^2 + (1 - \alpha) g_2^2$. So
$$\Delta w = -\frac{\eta\, g_2}{\sqrt{\alpha(1 - \alpha) g_1^2 + (1 - \alpha) g_2^2}}.$$
The older gradient's weight shrinks by $\alpha$ at every step (weights $(1 - \alpha)\alpha^k$), so unlike Adagrad's
ever-growing sum the denominator tracks recent gradients and the step size does not decay to 0.""",
    "zh": r"""第一个梯度之后：$(\sigma_1)^2 = \alpha \cdot 0 + (1 - \alpha) g_1^2 = (1 - \alpha) g_1^2$。
第二个梯度之后：$(\sigma_2)^2 = \alpha (1 - \alpha) g_1^2 + (1 - \alpha) g_2^2$。所以
$$\Delta w = -\frac{\eta\, g_2}{\sqrt{\alpha(1 - \alpha) g_1^2 + (1 - \alpha) g_2^2}}.$$
较早梯度的权重每一步都乘以 $\alpha$（权重为 $(1 - \alpha)\alpha^k$），因此与 Adagrad 只增不减的累加和不同，分母反映的是最近的梯度，步长不会衰减到 0。""",
}
