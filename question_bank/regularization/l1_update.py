"""One gradient step with an L1 penalty (λ/n)·Σ|w|: w − η·g − η·(λ/n)·sign(w)."""

import numpy as np

from grader.bank.authoring import ELEMENTARY, Meta, Mistake, Symbolic, sign

from ._penalty import l1_step, step

META = Meta(
    title={"en": "Weight update with L1 regularisation", "zh": "L1 正则化下的权重更新"},
    kind="symbolic",
    difficulty=2,
    points=3,
    source="003 L1与L2正则化的区别：梯度角度 (L1正则化的损失函数)",
    tags=("regularization", "l1", "sparsity", "gradient descent"),
    covers="regularization",
    check=Symbolic(symbols={"w": "nonzero", "eta": "positive", "lam": "positive", "n": "positive", "g": "real"},
                   functions=(*ELEMENTARY, "sign", "abs")),  # sign(w) = w/|w|
)

PARAMS = {}


def generate(rng: np.random.Generator) -> dict:
    return {}


answer = step(l1_step)

MISTAKES = [
    Mistake(
        step(lambda w, eta, lam, n, g: w - eta * g - lam / n * sign(w)),
        {
            "en": "The learning rate multiplies the whole gradient, penalty included: the penalty step is η·(λ/n)·sign(w).",
            "zh": "学习率乘的是整个梯度，包括正则项：正则项带来的更新量是 η·(λ/n)·sign(w)。",
        },
    ),
    Mistake(
        step(lambda w, eta, lam, n, g: w - eta * g - eta * lam / n * w),
        {
            "en": "That is the L2 (weight-decay) step. The derivative of |w| is sign(w), not w: L1 subtracts a constant "
                  "amount η·λ/n however small w is, which is what pushes small weights towards 0 (L2's pull fades as w shrinks).",
            "zh": "这是 L2（权重衰减）的更新。|w| 的导数是 sign(w) 而不是 w：无论 w 多小，L1 每步都减去一个常数 η·λ/n，"
                  "这正是它能把小权重推向 0 的原因（L2 的拉力随 w 变小而减弱）。",
        },
    ),
    Mistake(
        step(lambda w, eta, lam, n, g: w - eta * g + eta * lam / n * sign(w)),
        {
            "en": "Wrong sign on the penalty: gradient descent subtracts η·(λ/n)·sign(w), pulling w towards 0.",
            "zh": "正则项的符号错了：梯度下降要减去 η·(λ/n)·sign(w)，把 w 拉向 0。",
        },
    ),
    Mistake(
        step(lambda w, eta, lam, n, g: w - eta * g - eta * lam * sign(w)),
        {
            "en": "The penalty is (λ/n)·Σ|w|, so its derivative carries the 1/n: η·(λ/n)·sign(w).",
            "zh": "正则项是 (λ/n)·Σ|w|，求导后仍带有 1/n：η·(λ/n)·sign(w)。",
        },
    ),
]

PROMPT = {
    "en": r"""A model with training error $E(w)$ is trained on $n$ samples with an L1 penalty:
$$L(w) = E(w) + \frac{\lambda}{n}\sum_i |w_i|.$$
Write $g = \dfrac{\partial E}{\partial w}$ for the gradient of the error with respect to one weight $w \ne 0$.

Give the value of $w$ after one step of gradient descent on $L$ with learning rate $\eta$, as an expression in
`w`, `eta`, `lam`, `n`, `g` (write $\operatorname{sign}(w)$ as `sign(w)`).""",
    "zh": r"""在 $n$ 个样本上训练一个模型，训练误差为 $E(w)$，并加上 L1 正则项：
$$L(w) = E(w) + \frac{\lambda}{n}\sum_i |w_i|.$$
记 $g = \dfrac{\partial E}{\partial w}$ 为误差对某个权重 $w \ne 0$ 的梯度。

以学习率 $\eta$ 对 $L$ 做一步梯度下降后，$w$ 的值是多少？请写成关于 `w`、`eta`、`lam`、`n`、`g` 的表达式（符号函数 $\operatorname{sign}(w)$ 写作 `sign(w)`）。""",
}

EXPLANATION = {
    "en": r"""For $w \ne 0$, $\dfrac{d|w|}{dw} = \operatorname{sign}(w)$, so $\dfrac{\partial L}{\partial w} = g + \dfrac{\lambda}{n}\operatorname{sign}(w)$ and
$$w' = w - \eta\frac{\partial L}{\partial w} = w - \eta g - \frac{\eta\lambda}{n}\operatorname{sign}(w).$$
The penalty moves every weight towards 0 by the same amount $\eta\lambda/n$ regardless of its size, so weights
the data does not need are driven to 0: L1 favours sparse weights. A plain (sub)gradient step like this one
does not land exactly on 0, though: once $|w|$ is smaller than the step it jumps across 0 and oscillates
around it. Exact zeros come from the proximal (soft-thresholding) step, which sets $w$ to 0 whenever the
penalty's step would carry it across 0.""",
    "zh": r"""当 $w \ne 0$ 时 $\dfrac{d|w|}{dw} = \operatorname{sign}(w)$，所以 $\dfrac{\partial L}{\partial w} = g + \dfrac{\lambda}{n}\operatorname{sign}(w)$，
$$w' = w - \eta\frac{\partial L}{\partial w} = w - \eta g - \frac{\eta\lambda}{n}\operatorname{sign}(w).$$
无论权重大小，正则项每步都把它向 0 推动同样的量 $\eta\lambda/n$，所以数据不需要的权重会被推向 0：L1 正则化倾向于产生稀疏的权重。
不过像这样的普通（次）梯度步并不会恰好落在 0 上：当 $|w|$ 小于步长时，它会越过 0，在 0 附近来回震荡。
恰好为 0 的权重来自近端（软阈值，soft-thresholding）更新：只要正则项这一步会把 $w$ 推过 0，就直接把 $w$ 置为 0。""",
}
