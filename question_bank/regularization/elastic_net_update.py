"""One gradient step with 000's elastic-net penalty λ[ρΣ|θ| + (1 − ρ)Σθ²] (the second term read as
the squared L2 norm, erratum 3): θ − η(g + λρ·sign θ + 2λ(1 − ρ)θ)."""

import numpy as np

from grader.bank.authoring import ELEMENTARY, Meta, Mistake, Symbolic, sign

from ._penalty import elastic_net_000, step_000

META = Meta(
    title={"en": "Weight update with the elastic net", "zh": "弹性网络（Elastic Net）下的权重更新"},
    kind="symbolic",
    difficulty=3,
    points=3,
    source="000 正则化 (Elastic Net (L1+L2))",
    tags=("regularization", "elastic net", "l1", "l2"),
    covers="regularization",
    check=Symbolic(symbols={"theta": "nonzero", "eta": "positive", "lam": "positive", "rho": "probability",
                            "g": "real"},
                   functions=(*ELEMENTARY, "sign", "abs")),  # d|θ|/dθ = sign(θ)
)

PARAMS = {}


def generate(rng: np.random.Generator) -> dict:
    return {}


answer = step_000(elastic_net_000)

MISTAKES = [
    Mistake(
        step_000(lambda theta, eta, lam, rho, g: theta - eta * (g + lam * rho * sign(theta) + lam * (1 - rho) * theta)),
        {
            "en": "The derivative of θ² is 2θ: the L2 part contributes 2λ(1 − ρ)θ (there is no ½ in the notes' penalty).",
            "zh": "θ² 的导数是 2θ：L2 部分贡献 2λ(1 − ρ)θ（笔记中的正则项没有 ½）。",
        },
    ),
    Mistake(
        step_000(lambda theta, eta, lam, rho, g: theta - eta * (g + lam * (1 - rho) * sign(theta) + 2 * lam * rho * theta)),
        {
            "en": "ρ weights the L1 part and 1 − ρ the L2 part; you swapped them.",
            "zh": "ρ 是 L1 部分的权重，1 − ρ 是 L2 部分的权重；你把它们弄反了。",
        },
    ),
    Mistake(
        step_000(lambda theta, eta, lam, rho, g: theta - eta * g - lam * rho * sign(theta) - 2 * lam * (1 - rho) * theta),
        {
            "en": "The learning rate multiplies the penalty's gradient too: θ − η·(g + …), not θ − ηg − (…).",
            "zh": "学习率也要乘以正则项的梯度：θ − η·(g + …)，而不是 θ − ηg − (…)。",
        },
    ),
    Mistake(
        step_000(lambda theta, eta, lam, rho, g: theta - eta * (g + lam * rho * theta + 2 * lam * (1 - rho) * theta)),
        {
            "en": "The derivative of |θ| is sign(θ), not θ: the L1 part pulls with the constant force λρ whatever the size of θ.",
            "zh": "|θ| 的导数是 sign(θ) 而不是 θ：无论 θ 多大，L1 部分都以恒定的力度 λρ 把它拉向 0。",
        },
    ),
]

PROMPT = {
    "en": r"""Note 000 defines the elastic net as
$$L'(\theta) = L(\theta) + \lambda\Big[\rho \sum_i |\theta_i| + (1 - \rho) \sum_i \theta_i^2\Big], \qquad 0 < \rho < 1,$$
where the second sum is what the notes call the L2 norm (it is the squared norm $\|\theta\|_2^2$; no ½ in front).
Write $g = \partial L/\partial \theta$ for the gradient of the unpenalised loss with respect to one weight $\theta \ne 0$.

Give the value of $\theta$ after one step of gradient descent on $L'$ with learning rate $\eta$, as an expression in
`theta`, `eta`, `lam`, `rho`, `g` (write $\operatorname{sign}(\theta)$ as `sign(theta)`).""",
    "zh": r"""笔记 000 把弹性网络定义为
$$L'(\theta) = L(\theta) + \lambda\Big[\rho \sum_i |\theta_i| + (1 - \rho) \sum_i \theta_i^2\Big], \qquad 0 < \rho < 1,$$
其中第二个求和就是笔记所说的 L2 范数（其实是范数的平方 $\|\theta\|_2^2$；前面没有 ½）。
记 $g = \partial L/\partial \theta$ 为未加正则项的损失对某个权重 $\theta \ne 0$ 的梯度。

以学习率 $\eta$ 对 $L'$ 做一步梯度下降后，$\theta$ 的值是多少？请写成关于 `theta`、`eta`、`lam`、`rho`、`g` 的表达式（$\operatorname{sign}(\theta)$ 写作 `sign(theta)`）。""",
}

EXPLANATION = {
    "en": r"""For $\theta \ne 0$: $\dfrac{d|\theta|}{d\theta} = \operatorname{sign}(\theta)$ and $\dfrac{d\theta^2}{d\theta} = 2\theta$, so
$\dfrac{\partial L'}{\partial \theta} = g + \lambda\rho\,\operatorname{sign}(\theta) + 2\lambda(1 - \rho)\,\theta$ and
$$\theta' = \theta - \eta\Big(g + \lambda\rho\,\operatorname{sign}(\theta) + 2\lambda(1 - \rho)\,\theta\Big).$$
The L1 part pulls every weight towards 0 by the same amount $\eta\lambda\rho$ (sparsity), the L2 part shrinks it
in proportion to its size; $\rho = 1$ gives the LASSO step, $\rho = 0$ the ridge step.""",
    "zh": r"""当 $\theta \ne 0$ 时 $\dfrac{d|\theta|}{d\theta} = \operatorname{sign}(\theta)$，$\dfrac{d\theta^2}{d\theta} = 2\theta$，所以
$\dfrac{\partial L'}{\partial \theta} = g + \lambda\rho\,\operatorname{sign}(\theta) + 2\lambda(1 - \rho)\,\theta$，
$$\theta' = \theta - \eta\Big(g + \lambda\rho\,\operatorname{sign}(\theta) + 2\lambda(1 - \rho)\,\theta\Big).$$
L1 部分每步把权重向 0 拉动相同的量 $\eta\lambda\rho$（产生稀疏性），L2 部分按权重大小成比例地缩小它；$\rho = 1$ 时就是 LASSO 的更新，$\rho = 0$ 时就是岭回归的更新。""",
}
