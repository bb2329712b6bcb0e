"""∂/∂w of the binary cross-entropy of σ(wx + b): (σ − y)·x — σ′ cancels."""

import numpy as np

from grader.bank.authoring import Meta, Mistake, Symbolic

from ._logistic import cross_entropy, gradient, squared_error

META = Meta(
    title={"en": "Logistic unit: gradient of the cross-entropy", "zh": "逻辑回归单元：交叉熵的梯度"},
    kind="symbolic",
    difficulty=2,
    points=3,
    source="003 为什么交叉熵损失可以提高具有 sigmoid 和 softmax 输出的模型的性能; 001 Q1",
    tags=("logistic regression", "cross-entropy", "gradient", "sigmoid"),
    covers="logistic_loss",
    check=Symbolic(symbols={"w": "real", "x": "real", "b": "real", "y": "probability"},
                   defined={"y_hat": "sigmoid(w*x + b)"}),  # the prompt writes \hat y = σ(wx + b)
)

PARAMS = {}


def generate(rng: np.random.Generator) -> dict:
    return {}


answer = gradient(cross_entropy)

MISTAKES = [
    Mistake(
        gradient(squared_error),
        {
            "en": "The σ′ = σ(1 − σ) factor cancels: ∂E/∂σ = (σ − y)/(σ(1 − σ)), and multiplying by σ′ leaves σ − y. "
                  "What you wrote is the squared-error gradient.",
            "zh": "σ′ = σ(1 − σ) 这个因子会被约掉：∂E/∂σ = (σ − y)/(σ(1 − σ))，乘以 σ′ 后只剩 σ − y。你写的是平方误差的梯度。",
        },
    ),
    Mistake(
        gradient(lambda s, x, y: s - y),
        {
            "en": "σ − y is the derivative with respect to z = wx + b (or to b). For w, multiply by ∂z/∂w = x.",
            "zh": "σ − y 是对 z = wx + b（或对 b）的导数。对 w 求导还要乘以 ∂z/∂w = x。",
        },
    ),
    Mistake(
        gradient(lambda s, x, y: (y - s) * x),
        {
            "en": "Wrong sign: the loss has a leading minus, so the gradient is (σ − y)·x; (y − σ)·x is the descent direction.",
            "zh": "符号错了：损失前面有负号，梯度是 (σ − y)·x；(y − σ)·x 是下降的方向。",
        },
    ),
]

PROMPT = {
    "en": r"""A single logistic unit predicts $\hat y = \sigma(wx + b)$ with $\sigma(z) = 1/(1 + e^{-z})$, and is
trained with the cross-entropy loss
$$E = -\big[\,y \ln \sigma(wx + b) + (1 - y)\ln\big(1 - \sigma(wx + b)\big)\big]$$
for one sample $(x, y)$ with label $y \in \{0, 1\}$ (give a formula that also holds for a soft target $y \in [0, 1]$).

Give $\dfrac{\partial E}{\partial w}$ as an expression in $w, x, b, y$, simplified as far as you can. You may use `sigmoid(...)` (σ).""",
    "zh": r"""单个逻辑回归单元的预测为 $\hat y = \sigma(wx + b)$，其中 $\sigma(z) = 1/(1 + e^{-z})$；对一个样本 $(x, y)$（标签 $y \in \{0, 1\}$；所给公式对软标签 $y \in [0, 1]$ 也应成立）使用交叉熵损失
$$E = -\big[\,y \ln \sigma(wx + b) + (1 - y)\ln\big(1 - \sigma(wx + b)\big)\big]$$
训练。

求 $\dfrac{\partial E}{\partial w}$，写成关于 $w, x, b, y$ 的表达式，并尽量化简。可以使用 `sigmoid(...)`（即 σ）。""",
}

EXPLANATION = {
    "en": r"""Let $z = wx + b$ and $\sigma = \sigma(z)$. Then
$\dfrac{\partial E}{\partial \sigma} = -\dfrac{y}{\sigma} + \dfrac{1 - y}{1 - \sigma} = \dfrac{\sigma - y}{\sigma(1 - \sigma)}$,
and with $\dfrac{d\sigma}{dz} = \sigma(1 - \sigma)$ and $\dfrac{\partial z}{\partial w} = x$:
$\dfrac{\partial E}{\partial w} = (\sigma(wx + b) - y)\,x$.
The sigmoid's derivative cancels, so the gradient stays proportional to the error $\sigma - y$ even when the
unit saturates; this is why cross-entropy trains sigmoid outputs faster than the squared error.""",
    "zh": r"""令 $z = wx + b$，$\sigma = \sigma(z)$。则
$\dfrac{\partial E}{\partial \sigma} = -\dfrac{y}{\sigma} + \dfrac{1 - y}{1 - \sigma} = \dfrac{\sigma - y}{\sigma(1 - \sigma)}$，
再乘以 $\dfrac{d\sigma}{dz} = \sigma(1 - \sigma)$ 和 $\dfrac{\partial z}{\partial w} = x$，得到
$\dfrac{\partial E}{\partial w} = (\sigma(wx + b) - y)\,x$。
sigmoid 的导数被约掉了，所以即使单元饱和，梯度仍与误差 $\sigma - y$ 成正比；这正是交叉熵比平方误差更适合 sigmoid 输出的原因。""",
}
