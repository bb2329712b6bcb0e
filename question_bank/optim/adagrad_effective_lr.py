"""Adagrad's effective learning rate at the third update: η/√(g₀² + g₁² + g₂² + ε), ε inside the root
as in the notes (PyTorch puts it outside: half credit). It is this rate that tends to 0 (erratum 20)."""

import numpy as np

from grader.bank.authoring import Meta, Mistake, Symbolic, symbols

from ._optim import subscripts

META = Meta(
    title={"en": "Adagrad's effective learning rate", "zh": "Adagrad 的有效学习率"},
    kind="symbolic",
    difficulty=1,
    points=2,
    source="000 Adagrad",
    tags=("optimizer", "adagrad", "adaptive learning rate"),
    covers="optimizers",
    check=Symbolic(symbols={"eta": "positive", "eps": "positive", "g0": "real", "g1": "real", "g2": "real"},
                   defined=subscripts("g0", "g1", "g2")),
)

PARAMS = {}


def generate(rng: np.random.Generator) -> dict:
    return {}


def _form(f):
    def expression(p):
        import sympy

        return f(sympy.sqrt, *symbols("eta eps g0 g1 g2"))

    return expression


answer = _form(lambda sqrt, eta, eps, g0, g1, g2: eta / sqrt(g0 ** 2 + g1 ** 2 + g2 ** 2 + eps))

MISTAKES = [
    Mistake(
        _form(lambda sqrt, eta, eps, g0, g1, g2: eta / sqrt(g0 ** 2 + g1 ** 2 + eps)),
        {
            "en": "The notes' sum runs from i = 0 to t: the current gradient g₂ is included in the denominator.",
            "zh": "笔记中的求和从 i = 0 到 t：当前梯度 g₂ 也包含在分母中。",
        },
    ),
    Mistake(
        _form(lambda sqrt, eta, eps, g0, g1, g2: eta / (g0 ** 2 + g1 ** 2 + g2 ** 2 + eps)),
        {
            "en": "Take the square root of the accumulated sum: η/√(Σg² + ε).",
            "zh": "要对累加和开平方根：η/√(Σg² + ε)。",
        },
    ),
    Mistake(
        _form(lambda sqrt, eta, eps, g0, g1, g2: eta / (sqrt(g0 ** 2 + g1 ** 2 + g2 ** 2) + eps)),
        {
            "en": "That puts ε outside the square root, as PyTorch's Adagrad does; the notes' formula, which the question "
                  "follows, puts it inside.",
            "zh": "这是把 ε 放在根号外（PyTorch 的 Adagrad 就是这样）；本题按笔记的公式，ε 在根号内。",
        },
        credit=0.5,
    ),
    Mistake(
        _form(lambda sqrt, eta, eps, g0, g1, g2: eta / sqrt(g2 ** 2 + eps)),
        {
            "en": "Adagrad accumulates all past squared gradients, not only the current one.",
            "zh": "Adagrad 累加的是此前所有梯度的平方，而不仅仅是当前梯度。",
        },
    ),
    Mistake(
        _form(lambda sqrt, eta, eps, g0, g1, g2: eta / sqrt(g0 ** 2 + g1 ** 2 + g2 ** 2)),
        {
            "en": "Keep the ε of the notes' formula inside the square root.",
            "zh": "保留笔记公式中根号内的 ε。",
        },
    ),
]

PROMPT = {
    "en": r"""Adagrad as in the notes updates
$$w^{t+1} = w^t - \frac{\eta}{\sqrt{\sum_{i=0}^{t}(g^i)^2 + \epsilon}}\; g^t .$$
The first three updates ($t = 0, 1, 2$) meet the gradients $g_0$, $g_1$, $g_2$.

Give the effective learning rate of the third update (the factor that multiplies $g_2$) as an expression in
`eta`, `eps`, `g0`, `g1`, `g2`.""",
    "zh": r"""笔记中的 Adagrad 按
$$w^{t+1} = w^t - \frac{\eta}{\sqrt{\sum_{i=0}^{t}(g^i)^2 + \epsilon}}\; g^t$$
更新。前三次更新（$t = 0, 1, 2$）依次遇到梯度 $g_0$、$g_1$、$g_2$。

请写出第三次更新的有效学习率（乘在 $g_2$ 前面的因子），表示为关于 `eta`、`eps`、`g0`、`g1`、`g2` 的表达式。""",
}

EXPLANATION = {
    "en": r"""At $t = 2$ the sum runs over $i = 0, 1, 2$, the current gradient included:
$$\eta_{\text{eff}} = \frac{\eta}{\sqrt{g_0^2 + g_1^2 + g_2^2 + \epsilon}}.$$
The sum of squares never decreases, so the effective learning rate can only shrink: late in training it tends
to 0 and learning stalls. The notes say the *gradient* tends to 0; it is this effective rate that does, whatever
the size of the gradients. (PyTorch's Adagrad writes $\eta/(\sqrt{\sum g^2} + \epsilon)$, ε outside the root.)""",
    "zh": r"""$t = 2$ 时求和遍历 $i = 0, 1, 2$，包括当前梯度：
$$\eta_{\text{eff}} = \frac{\eta}{\sqrt{g_0^2 + g_1^2 + g_2^2 + \epsilon}}.$$
平方和只增不减，所以有效学习率只会变小：训练后期它趋于 0，学习停滞。笔记说的是“梯度”趋于 0；其实趋于 0 的是这个有效学习率，与梯度大小无关。
（PyTorch 的 Adagrad 写作 $\eta/(\sqrt{\sum g^2} + \epsilon)$，ε 在根号外。）""",
}
