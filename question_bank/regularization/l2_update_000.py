"""One gradient step with 000's ridge penalty λΣθ²: (1 − 2ηλ)θ − ηg (erratum 31: no ½, so the 2 stays;
erratum 3: Σθ² is the squared L2 norm)."""

import numpy as np

from grader.bank.authoring import ELEMENTARY, Meta, Mistake, Symbolic, sign

from ._penalty import ridge_000, step_000

META = Meta(
    title={"en": "Weight update with the ridge penalty λΣθ²", "zh": "岭回归正则项 λΣθ² 下的权重更新"},
    kind="symbolic",
    difficulty=1,
    points=2,
    source="000 正则化 (L2-norm, Ridge model)",
    tags=("regularization", "l2", "ridge", "weight decay"),
    covers="regularization",
    check=Symbolic(symbols={"theta": "nonzero", "eta": "positive", "lam": "positive", "g": "real"},
                   functions=(*ELEMENTARY, "sign", "abs")),  # a listed mistake is the L1 step, with sign(θ)
)

PARAMS = {}


def generate(rng: np.random.Generator) -> dict:
    return {}


answer = step_000(ridge_000)

MISTAKES = [
    Mistake(
        step_000(lambda theta, eta, lam, rho, g: (1 - eta * lam) * theta - eta * g),
        {
            "en": "The derivative of λθ² is 2λθ. Only a penalty written with a ½, (λ/2)Σθ², would give λθ; note 000's has none.",
            "zh": "λθ² 的导数是 2λθ。只有写成带 ½ 的 (λ/2)Σθ² 时导数才是 λθ；笔记 000 的正则项没有 ½。",
        },
    ),
    Mistake(
        step_000(lambda theta, eta, lam, rho, g: (1 - 2 * eta * lam) * theta - g),
        {
            "en": "The learning rate multiplies the whole gradient: the data term is η·g, not g.",
            "zh": "学习率乘的是整个梯度：数据项应为 η·g，而不是 g。",
        },
    ),
    Mistake(
        step_000(lambda theta, eta, lam, rho, g: theta - eta * g - eta * lam * sign(theta)),
        {
            "en": "That is the L1 (LASSO) step with sign(θ). The ridge penalty's derivative is proportional to θ itself: 2λθ.",
            "zh": "这是带 sign(θ) 的 L1（LASSO）更新。岭回归正则项的导数与 θ 本身成正比：2λθ。",
        },
    ),
    Mistake(
        step_000(lambda theta, eta, lam, rho, g: (1 + 2 * eta * lam) * theta - eta * g),
        {
            "en": "Wrong sign on the penalty: descent subtracts η·2λθ, so θ shrinks by the factor (1 − 2ηλ).",
            "zh": "正则项的符号错了：梯度下降要减去 η·2λθ，所以 θ 乘以 (1 − 2ηλ) 而缩小。",
        },
    ),
]

PROMPT = {
    "en": r"""Note 000 adds the ridge (L2) penalty as
$$L'(\theta) = L(\theta) + \lambda \sum_i \theta_i^2 .$$
(The notes call $\sum_i \theta_i^2$ "the L2 norm"; it is the **squared** norm $\|\theta\|_2^2$, since $\|\theta\|_2 = \sqrt{\sum_i \theta_i^2}$.
Note there is no ½ in front.) Write $g = \partial L/\partial \theta$ for the gradient of the unpenalised loss with respect
to one weight $\theta$.

Give the value of $\theta$ after one step of gradient descent on $L'$ with learning rate $\eta$, as an expression in
`theta`, `eta`, `lam`, `g`.""",
    "zh": r"""笔记 000 把岭回归（L2）正则项写成
$$L'(\theta) = L(\theta) + \lambda \sum_i \theta_i^2 .$$
（笔记把 $\sum_i \theta_i^2$ 称为“L2 范数”，其实它是范数的**平方** $\|\theta\|_2^2$，因为 $\|\theta\|_2 = \sqrt{\sum_i \theta_i^2}$。注意前面没有 ½。）
记 $g = \partial L/\partial \theta$ 为未加正则项的损失对某个权重 $\theta$ 的梯度。

以学习率 $\eta$ 对 $L'$ 做一步梯度下降后，$\theta$ 的值是多少？请写成关于 `theta`、`eta`、`lam`、`g` 的表达式。""",
}

EXPLANATION = {
    "en": r"""$\dfrac{\partial L'}{\partial \theta} = g + 2\lambda\theta$ (the square gives a 2 and there is no ½ to cancel it), so
$$\theta' = \theta - \eta\,(g + 2\lambda\theta) = (1 - 2\eta\lambda)\,\theta - \eta g.$$
Every step shrinks $\theta$ by the factor $1 - 2\eta\lambda$ before the ordinary step: weight decay, with
PyTorch's `weight_decay` equal to $2\lambda$ in this convention. With 003's $(\lambda/2n)\sum w^2$ the factor would be
$1 - \eta\lambda/n$ instead, so always check where the ½ and the $n$ are.""",
    "zh": r"""$\dfrac{\partial L'}{\partial \theta} = g + 2\lambda\theta$（平方求导得到 2，没有 ½ 来抵消），所以
$$\theta' = \theta - \eta\,(g + 2\lambda\theta) = (1 - 2\eta\lambda)\,\theta - \eta g.$$
每一步先把 $\theta$ 乘以 $1 - 2\eta\lambda$ 缩小，再做普通的梯度更新：这就是权重衰减，在这种写法下对应 PyTorch 的 `weight_decay` = $2\lambda$。
若用笔记 003 的 $(\lambda/2n)\sum w^2$，因子则是 $1 - \eta\lambda/n$——所以一定要看清 ½ 和 $n$ 在哪里。""",
}
