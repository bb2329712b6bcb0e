"""One gradient step with an L2 penalty (λ/2n)·Σw²: (1 − ηλ/n)·w − η·g (erratum 6: the notes drop η)."""

import numpy as np

from grader.bank.authoring import ELEMENTARY, Meta, Mistake, Symbolic

from ._penalty import l1_step, l2_step, step

META = Meta(
    title={"en": "Weight update with L2 regularisation", "zh": "L2 正则化下的权重更新"},
    kind="symbolic",
    difficulty=2,
    points=3,
    source="003 L1与L2正则化的区别：梯度角度 (L2正则化的损失函数)",
    tags=("regularization", "l2", "weight decay", "gradient descent"),
    covers="regularization",
    check=Symbolic(symbols={"w": "nonzero", "eta": "positive", "lam": "positive", "n": "positive", "g": "real"},
                   functions=(*ELEMENTARY, "sign", "abs")),  # a listed mistake is the L1 step, with sign(w)
)

PARAMS = {}


def generate(rng: np.random.Generator) -> dict:
    return {}


answer = step(l2_step)

MISTAKES = [
    Mistake(
        step(lambda w, eta, lam, n, g: (1 - eta * lam / n) * w - g),
        {
            "en": "The learning rate multiplies the whole gradient, so the error term is η·g, not g. "
                  "(The last line of the L2 derivation in the notes drops this η; the line before it is right.)",
            "zh": "学习率乘的是整个梯度，所以误差项应为 η·g 而不是 g。（笔记中 L2 推导的最后一行漏掉了这个 η，前一行是对的。）",
        },
    ),
    Mistake(
        step(lambda w, eta, lam, n, g: (1 - eta * lam / (2 * n)) * w - eta * g),
        {
            "en": "The derivative of (λ/2n)·w² is (λ/n)·w: the 2 from the square cancels the ½.",
            "zh": "(λ/2n)·w² 的导数是 (λ/n)·w：平方求导得到的 2 与 ½ 相消。",
        },
    ),
    Mistake(
        step(lambda w, eta, lam, n, g: (1 - eta * lam) * w - eta * g),
        {
            "en": "The penalty is divided by n (λ/2n), so the decay factor is 1 − ηλ/n, not 1 − ηλ.",
            "zh": "正则项除以了 n（λ/2n），所以衰减因子是 1 − ηλ/n，而不是 1 − ηλ。",
        },
    ),
    Mistake(
        step(l1_step),
        {
            "en": "That is the L1 step. The derivative of w² is 2w, so L2 shrinks w in proportion to its size: the factor (1 − ηλ/n).",
            "zh": "这是 L1 的更新。w² 的导数是 2w，所以 L2 按权重大小成比例地缩小 w：乘以 (1 − ηλ/n)。",
        },
    ),
]

PROMPT = {
    "en": r"""A model with training error $E(w)$ is trained on $n$ samples with an L2 penalty:
$$L(w) = E(w) + \frac{\lambda}{2n}\sum_i w_i^2.$$
Write $g = \dfrac{\partial E}{\partial w}$ for the gradient of the error with respect to one weight $w$.

Give the value of $w$ after one step of gradient descent on $L$ with learning rate $\eta$, as an expression in
`w`, `eta`, `lam`, `n`, `g`.""",
    "zh": r"""在 $n$ 个样本上训练一个模型，训练误差为 $E(w)$，并加上 L2 正则项：
$$L(w) = E(w) + \frac{\lambda}{2n}\sum_i w_i^2.$$
记 $g = \dfrac{\partial E}{\partial w}$ 为误差对某个权重 $w$ 的梯度。

以学习率 $\eta$ 对 $L$ 做一步梯度下降后，$w$ 的值是多少？请写成关于 `w`、`eta`、`lam`、`n`、`g` 的表达式。""",
}

EXPLANATION = {
    "en": r"""$\dfrac{\partial L}{\partial w} = g + \dfrac{\lambda}{n} w$ (the 2 from $w^2$ cancels the ½), so
$$w' = w - \eta\left(g + \frac{\lambda}{n}w\right) = \left(1 - \frac{\eta\lambda}{n}\right)w - \eta g.$$
Each step first multiplies $w$ by $1 - \eta\lambda/n < 1$ (weight decay), then takes the ordinary step.
Note that $\eta$ stays on $g$: the notes' last line, $(1 - \eta\lambda/n)\,w - \partial E/\partial w$, drops it.
Because the shrinkage is proportional to $w$, weights become small but rarely exactly 0.""",
    "zh": r"""$\dfrac{\partial L}{\partial w} = g + \dfrac{\lambda}{n} w$（$w^2$ 求导得到的 2 与 ½ 相消），所以
$$w' = w - \eta\left(g + \frac{\lambda}{n}w\right) = \left(1 - \frac{\eta\lambda}{n}\right)w - \eta g.$$
每一步先把 $w$ 乘以 $1 - \eta\lambda/n < 1$（权重衰减），再做普通的梯度更新。
注意 $g$ 前面仍有 $\eta$：笔记最后一行写成 $(1 - \eta\lambda/n)\,w - \partial E/\partial w$，漏掉了它。
由于缩小量与 $w$ 成正比，权重会变得很小，但很少恰好为 0。""",
}
