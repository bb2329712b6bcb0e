"""∂/∂w of ½(σ(wx + b) − y)²: (σ − y)·σ(1 − σ)·x — the σ′ factor that makes MSE learn slowly."""

import numpy as np

from grader.bank.authoring import Meta, Mistake, Symbolic

from ._logistic import cross_entropy, gradient, squared_error

META = Meta(
    title={"en": "Logistic unit: gradient of the squared error", "zh": "逻辑回归单元：平方误差的梯度"},
    kind="symbolic",
    difficulty=2,
    points=3,
    source="003 为什么交叉熵损失可以提高… 而使用均方误差损失则会存在很多问题; 001 Q1",
    tags=("logistic regression", "mse", "gradient", "sigmoid"),
    covers="logistic_loss",
    check=Symbolic(symbols={"w": "real", "x": "real", "b": "real", "y": "probability"},
                   defined={"y_hat": "sigmoid(w*x + b)"}),  # the prompt writes \hat y = σ(wx + b)
)

PARAMS = {}


def generate(rng: np.random.Generator) -> dict:
    return {}


answer = gradient(squared_error)

MISTAKES = [
    Mistake(
        gradient(cross_entropy),
        {
            "en": "(σ − y)·x is the cross-entropy gradient. With the squared error the chain rule also passes "
                  "through the sigmoid, which contributes σ′ = σ(1 − σ).",
            "zh": "(σ − y)·x 是交叉熵损失的梯度。用平方误差时，链式法则还要经过 sigmoid，多出一个因子 σ′ = σ(1 − σ)。",
        },
    ),
    Mistake(
        gradient(lambda s, x, y: (s - y) * s * (1 - s)),
        {
            "en": "That is the derivative with respect to z = wx + b (or to b). For w, multiply by ∂z/∂w = x.",
            "zh": "这是对 z = wx + b（或对 b）的导数。对 w 求导还要乘以 ∂z/∂w = x。",
        },
    ),
    Mistake(
        gradient(lambda s, x, y: (y - s) * s * (1 - s) * x),
        {
            "en": "Wrong sign: the derivative of ½(σ − y)² with respect to σ is (σ − y).",
            "zh": "符号错了：½(σ − y)² 对 σ 的导数是 (σ − y)。",
        },
    ),
]

PROMPT = {
    "en": r"""A single logistic unit predicts $\hat y = \sigma(wx + b)$ with $\sigma(z) = 1/(1 + e^{-z})$, and is
trained with the squared error $E = \tfrac12 (\sigma(wx + b) - y)^2$ for one sample $(x, y)$ with label $y \in \{0, 1\}$ (give a formula that also holds for a soft target $y \in [0, 1]$).

Give $\dfrac{\partial E}{\partial w}$ as an expression in $w, x, b, y$. You may use `sigmoid(...)` (σ).""",
    "zh": r"""单个逻辑回归单元的预测为 $\hat y = \sigma(wx + b)$，其中 $\sigma(z) = 1/(1 + e^{-z})$；对一个样本 $(x, y)$（标签 $y \in \{0, 1\}$；所给公式对软标签 $y \in [0, 1]$ 也应成立）使用平方误差
$E = \tfrac12 (\sigma(wx + b) - y)^2$ 训练。

求 $\dfrac{\partial E}{\partial w}$，写成关于 $w, x, b, y$ 的表达式。可以使用 `sigmoid(...)`（即 σ）。""",
}

EXPLANATION = {
    "en": r"""Let $z = wx + b$ and $\hat y = \sigma(z)$. By the chain rule
$\dfrac{\partial E}{\partial w} = \dfrac{\partial E}{\partial \hat y}\,\dfrac{d\hat y}{dz}\,\dfrac{\partial z}{\partial w}
= (\sigma(wx + b) - y)\cdot\sigma(wx + b)\,(1 - \sigma(wx + b))\cdot x$.
The factor $\sigma(1 - \sigma) \le 0.25$ is nearly 0 when the unit saturates, even when the prediction is badly
wrong, so learning with the squared error is slow; the cross-entropy loss cancels this factor.""",
    "zh": r"""令 $z = wx + b$，$\hat y = \sigma(z)$。由链式法则
$\dfrac{\partial E}{\partial w} = \dfrac{\partial E}{\partial \hat y}\,\dfrac{d\hat y}{dz}\,\dfrac{\partial z}{\partial w}
= (\sigma(wx + b) - y)\cdot\sigma(wx + b)\,(1 - \sigma(wx + b))\cdot x$。
因子 $\sigma(1 - \sigma) \le 0.25$ 在单元饱和时接近 0——即使预测错得很离谱也是如此——所以用平方误差学习很慢；交叉熵损失恰好消去了这个因子。""",
}
