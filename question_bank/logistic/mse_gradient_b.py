"""∂/∂b of ½(σ(wx + b) − y)²: (σ − y)·σ(1 − σ) — 000's ∂L/∂b for the squared error, one sample."""

import numpy as np

from grader.bank.authoring import Meta, Mistake, Symbolic

from ._logistic import LABEL, cross_entropy_b, gradient, squared_error, squared_error_b

META = Meta(
    title={"en": "Logistic unit: squared-error gradient for the bias", "zh": "逻辑回归单元：平方误差对偏置的梯度"},
    kind="symbolic",
    difficulty=2,
    points=2,
    source="000 在Logistic Regression中，为何使用Cross Entropy作为损失函数而不使用MSE (MSE 的 ∂L/∂b)",
    tags=("logistic regression", "mse", "gradient", "bias"),
    covers="logistic_loss",
    check=Symbolic(symbols={"w": "real", "x": "real", "b": "real", "y": "probability"},
                   defined={"y_hat": "sigmoid(w*x + b)"}),  # the prompt writes \hat y = σ(wx + b)
)

PARAMS = {}


def generate(rng: np.random.Generator) -> dict:
    return {}


answer = gradient(squared_error_b)

MISTAKES = [
    Mistake(
        gradient(cross_entropy_b),
        {
            "en": "σ − y is the cross-entropy gradient. With the squared error the chain rule also passes through "
                  "the sigmoid, which contributes σ′ = σ(1 − σ).",
            "zh": "σ − y 是交叉熵损失的梯度。用平方误差时，链式法则还要经过 sigmoid，多出一个因子 σ′ = σ(1 − σ)。",
        },
    ),
    Mistake(
        gradient(squared_error),
        {
            "en": "That is the gradient for w (it has ∂z/∂w = x). For the bias ∂z/∂b = 1, so no x appears.",
            "zh": "这是对 w 的梯度（含 ∂z/∂w = x）。对偏置 b 有 ∂z/∂b = 1，所以不出现 x。",
        },
    ),
    Mistake(
        gradient(lambda s, x, y: (y - s) * s * (1 - s)),
        {
            "en": "Wrong sign: the derivative of ½(σ − y)² with respect to σ is σ − y.",
            "zh": "符号错了：½(σ − y)² 对 σ 的导数是 σ − y。",
        },
    ),
]

PROMPT = {
    "en": r"""A single logistic unit predicts $\hat y = \sigma(wx + b)$ with $\sigma(z) = 1/(1 + e^{-z})$, and is
trained with the squared error $E = \tfrac12 (\sigma(wx + b) - y)^2$ (the notes' $\frac{1}{2m}\sum$ for $m = 1$)
for one sample $(x, y)$ """ + LABEL["en"] + r""".

Give $\dfrac{\partial E}{\partial b}$ as an expression in $w, x, b, y$. You may use `sigmoid(...)` (σ) or `y_hat` (ŷ).""",
    "zh": r"""单个逻辑回归单元的预测为 $\hat y = \sigma(wx + b)$，其中 $\sigma(z) = 1/(1 + e^{-z})$；对一个样本 $(x, y)$""" + LABEL["zh"] + r"""使用平方误差
$E = \tfrac12 (\sigma(wx + b) - y)^2$（即笔记中 $\frac{1}{2m}\sum$ 在 $m = 1$ 时的形式）训练。

求 $\dfrac{\partial E}{\partial b}$，写成关于 $w, x, b, y$ 的表达式。可以使用 `sigmoid(...)`（即 σ）或 `y_hat`（即 ŷ）。""",
}

EXPLANATION = {
    "en": r"""By the chain rule with $z = wx + b$ and $\partial z/\partial b = 1$:
$\dfrac{\partial E}{\partial b} = (\sigma(wx + b) - y)\cdot\sigma(wx + b)\,\big(1 - \sigma(wx + b)\big)$.
When the unit saturates ($\sigma$ near 0 or 1) the factor $\sigma(1 - \sigma)$ is nearly 0, even if the
prediction is completely wrong, so the bias barely moves; with cross-entropy the gradient would be $\sigma - y$.""",
    "zh": r"""由链式法则，$z = wx + b$，$\partial z/\partial b = 1$：
$\dfrac{\partial E}{\partial b} = (\sigma(wx + b) - y)\cdot\sigma(wx + b)\,\big(1 - \sigma(wx + b)\big)$。
单元饱和时（$\sigma$ 接近 0 或 1），即使预测完全错误，因子 $\sigma(1 - \sigma)$ 也接近 0，偏置几乎不更新；用交叉熵时梯度则是 $\sigma - y$。""",
}
