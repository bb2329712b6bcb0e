"""∂/∂b of the binary cross-entropy of σ(wx + b): σ − y — the error itself (000's ∂L/∂b, one sample)."""

import numpy as np

from grader.bank.authoring import Meta, Mistake, Symbolic

from ._logistic import LABEL, cross_entropy, cross_entropy_b, gradient, squared_error_b

META = Meta(
    title={"en": "Logistic unit: cross-entropy gradient for the bias", "zh": "逻辑回归单元：交叉熵对偏置的梯度"},
    kind="symbolic",
    difficulty=1,
    points=2,
    source="000 在Logistic Regression中，为何使用Cross Entropy作为损失函数而不使用MSE (∂L/∂b)",
    tags=("logistic regression", "cross-entropy", "gradient", "bias"),
    covers="logistic_loss",
    check=Symbolic(symbols={"w": "real", "x": "real", "b": "real", "y": "probability"},
                   defined={"y_hat": "sigmoid(w*x + b)"}),  # the prompt writes \hat y = σ(wx + b)
)

PARAMS = {}


def generate(rng: np.random.Generator) -> dict:
    return {}


answer = gradient(cross_entropy_b)

MISTAKES = [
    Mistake(
        gradient(cross_entropy),
        {
            "en": "(σ − y)·x is the gradient for w, where ∂z/∂w = x. For the bias ∂z/∂b = 1, so no x appears.",
            "zh": "(σ − y)·x 是对 w 的梯度（∂z/∂w = x）。对偏置 b 有 ∂z/∂b = 1，所以不出现 x。",
        },
    ),
    Mistake(
        gradient(squared_error_b),
        {
            "en": "The σ′ = σ(1 − σ) factor cancels against ∂E/∂σ = (σ − y)/(σ(1 − σ)). What you wrote is the "
                  "squared-error gradient.",
            "zh": "σ′ = σ(1 − σ) 与 ∂E/∂σ = (σ − y)/(σ(1 − σ)) 的分母相消。你写的是平方误差的梯度。",
        },
    ),
    Mistake(
        gradient(lambda s, x, y: y - s),
        {
            "en": "Wrong sign: the gradient is σ − y (positive when the prediction is too high); y − σ is the descent direction.",
            "zh": "符号错了：梯度是 σ − y（预测偏大时为正）；y − σ 是下降的方向。",
        },
    ),
]

PROMPT = {
    "en": r"""A single logistic unit predicts $\hat y = \sigma(wx + b)$ with $\sigma(z) = 1/(1 + e^{-z})$, and is
trained with the cross-entropy loss
$$E = -\big[\,y \ln \sigma(wx + b) + (1 - y)\ln\big(1 - \sigma(wx + b)\big)\big]$$
for one sample $(x, y)$ """ + LABEL["en"] + r""".

Give $\dfrac{\partial E}{\partial b}$ as an expression in $w, x, b, y$, simplified as far as you can. You may use `sigmoid(...)` (σ) or `y_hat` (ŷ).""",
    "zh": r"""单个逻辑回归单元的预测为 $\hat y = \sigma(wx + b)$，其中 $\sigma(z) = 1/(1 + e^{-z})$；对一个样本 $(x, y)$""" + LABEL["zh"] + r"""使用交叉熵损失
$$E = -\big[\,y \ln \sigma(wx + b) + (1 - y)\ln\big(1 - \sigma(wx + b)\big)\big]$$
训练。

求 $\dfrac{\partial E}{\partial b}$，写成关于 $w, x, b, y$ 的表达式，并尽量化简。可以使用 `sigmoid(...)`（即 σ）或 `y_hat`（即 ŷ）。""",
}

EXPLANATION = {
    "en": r"""With $z = wx + b$ and $\sigma = \sigma(z)$:
$\dfrac{\partial E}{\partial \sigma} = \dfrac{\sigma - y}{\sigma(1 - \sigma)}$, $\dfrac{d\sigma}{dz} = \sigma(1 - \sigma)$ and $\dfrac{\partial z}{\partial b} = 1$, so
$\dfrac{\partial E}{\partial b} = \sigma(wx + b) - y = \hat y - y$.
The bias gradient is the prediction error itself; the weight's is the same error times $x$. Averaged over
$m$ samples this is 000's $\frac1m\sum_i (\sigma_{w,b}(x^{(i)}) - y^{(i)})$.""",
    "zh": r"""令 $z = wx + b$，$\sigma = \sigma(z)$：
$\dfrac{\partial E}{\partial \sigma} = \dfrac{\sigma - y}{\sigma(1 - \sigma)}$，$\dfrac{d\sigma}{dz} = \sigma(1 - \sigma)$，$\dfrac{\partial z}{\partial b} = 1$，所以
$\dfrac{\partial E}{\partial b} = \sigma(wx + b) - y = \hat y - y$。
偏置的梯度就是预测误差本身；权重的梯度是同一个误差再乘以 $x$。对 $m$ 个样本取平均，就是笔记 000 中的 $\frac1m\sum_i (\sigma_{w,b}(x^{(i)}) - y^{(i)})$。""",
}
