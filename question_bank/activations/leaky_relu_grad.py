"""Backpropagating through a leaky ReLU: slope 1 for positive input, α for negative input, times the
local derivative of wx + b (001 Q10: Leaky ReLU / PReLU)."""

import numpy as np

from grader.bank.authoring import Meta, Mistake, OneOf, Symbolic, symbols

META = Meta(
    title={"en": "Gradient through a leaky ReLU", "zh": "经过 Leaky ReLU 的梯度"},
    kind="symbolic",
    difficulty=2,
    points=2,
    source="001 Q10 (Relu 的改进: x<0 的部分设置为一个很小的斜率; PRelu); 003 relu函数的作用",
    tags=("activations", "leaky relu", "relu", "derivative", "chain rule"),
    covers="activations",
    check=Symbolic(symbols={"w": "real", "x": "real", "b": "real", "alpha": "unit"}),
)

PARAMS = {
    "side": OneOf(("positive", "negative")),
    "wrt": OneOf(("w", "x", "b")),
}


def generate(rng: np.random.Generator) -> dict:
    return {"side": str(rng.choice(["positive", "negative"])), "wrt": str(rng.choice(["w", "x", "b"]))}


def _local(wrt):
    """∂(wx + b)/∂wrt."""
    w, x, _b, _alpha = symbols("w x b alpha")
    return {"w": x, "x": w, "b": 1}[wrt]


def _slope(side, *, swapped=False):
    alpha = symbols("alpha")[0]
    positive = (side == "positive") != swapped
    return 1 if positive else alpha


def answer(p: dict):
    return _slope(p["side"]) * _local(p["wrt"])


MISTAKES = [
    Mistake(
        lambda p: _slope(p["side"], swapped=True) * _local(p["wrt"]),
        {
            "en": "Wrong branch: the leaky ReLU has slope 1 where its input is positive and slope α where it is negative.",
            "zh": "分段用错了：Leaky ReLU 在输入为正时斜率为 1，输入为负时斜率为 α。",
        },
    ),
    Mistake(
        lambda p: 0 if p["side"] == "negative" else None,
        {
            "en": "0 is the plain ReLU's derivative for negative input (a dead unit). The leaky ReLU keeps the small "
                  "slope α there, which is the whole point: the gradient is α times the local derivative.",
            "zh": "0 是普通 ReLU 在输入为负时的导数（死亡单元）。Leaky ReLU 在那里保留了一个小斜率 α，这正是它的用意：梯度是 α 乘以局部导数。",
        },
    ),
    Mistake(
        lambda p: _slope(p["side"]) if p["wrt"] != "b" else None,
        {
            "en": "The chain rule needs the local derivative of the unit's input too: ∂(wx + b)/∂w = x and ∂(wx + b)/∂x = w.",
            "zh": "链式法则还要乘以单元输入的局部导数：∂(wx + b)/∂w = x，∂(wx + b)/∂x = w。",
        },
    ),
    Mistake(
        lambda p: _slope(p["side"]) * _local("x" if p["wrt"] == "w" else "w") if p["wrt"] != "b" else None,
        {
            "en": "Differentiated with respect to the wrong variable: ∂(wx + b)/∂w = x, while ∂(wx + b)/∂x = w.",
            "zh": "对错了变量求导：∂(wx + b)/∂w = x，而 ∂(wx + b)/∂x = w。",
        },
    ),
]

PROMPT = {
    "en": r"""A unit computes $y = f(wx + b)$ with the leaky ReLU
$$f(u) = \begin{cases} u, & u > 0,\\ \alpha u, & u \le 0,\end{cases}\qquad 0 < \alpha < 1$$
(PyTorch's `negative_slope` $\alpha$; the notes write the same unit as $u / a_i$ with $a_i = 1/\alpha > 1$).
Consider inputs where $wx + b {{ ">" if side == "positive" else "<" }} 0$.

There, give $\dfrac{\partial y}{\partial {{ wrt }} }$ as an expression in `w`, `x`, `b`, `alpha` (whichever are needed).""",
    "zh": r"""一个单元计算 $y = f(wx + b)$，其中 Leaky ReLU 为
$$f(u) = \begin{cases} u, & u > 0,\\ \alpha u, & u \le 0,\end{cases}\qquad 0 < \alpha < 1$$
（即 PyTorch 的 `negative_slope` $\alpha$；笔记中把同一个函数写成 $u / a_i$，其中 $a_i = 1/\alpha > 1$）。
考虑满足 $wx + b {{ ">" if side == "positive" else "<" }} 0$ 的输入。

在这些输入处，求 $\dfrac{\partial y}{\partial {{ wrt }} }$，写成关于 `w`、`x`、`b`、`alpha` 的表达式（用到哪些写哪些）。""",
}

EXPLANATION = {
    "en": r"""{% set local = {"w": "x", "x": "w", "b": "1"}[wrt] %}{% set result = local if side == "positive" else ("\\alpha" if wrt == "b" else "\\alpha " ~ local) %}
By the chain rule $\dfrac{\partial y}{\partial {{ wrt }} } = f'(wx + b)\cdot\dfrac{\partial (wx + b)}{\partial {{ wrt }} }$.
For $wx + b {{ ">" if side == "positive" else "<" }} 0$ the leaky ReLU is the line {{ "$f(u) = u$, slope 1" if side == "positive" else "$f(u) = \\alpha u$, slope $\\alpha$" }},
and $\dfrac{\partial (wx + b)}{\partial {{ wrt }} } = {{ local }}$, so
$$\frac{\partial y}{\partial {{ wrt }} } = {{ result }}.$$
{% if side == "negative" %}A plain ReLU would give 0 here and, if that happened for every input, the unit's weights would stop
updating (a "dead" unit; they keep their values, they do not become 0). The leaky ReLU's small slope $\alpha$ keeps
a gradient flowing; PReLU learns $\alpha$.{% else %}For positive input the leaky ReLU passes the gradient unchanged, like the ReLU: no factor
below 1 from the activation, unlike the sigmoid's $\sigma' \le 0.25$.{% endif %}""",
    "zh": r"""{% set local = {"w": "x", "x": "w", "b": "1"}[wrt] %}{% set result = local if side == "positive" else ("\\alpha" if wrt == "b" else "\\alpha " ~ local) %}
由链式法则 $\dfrac{\partial y}{\partial {{ wrt }} } = f'(wx + b)\cdot\dfrac{\partial (wx + b)}{\partial {{ wrt }} }$。
当 $wx + b {{ ">" if side == "positive" else "<" }} 0$ 时，Leaky ReLU 是直线 {{ "$f(u) = u$，斜率为 1" if side == "positive" else "$f(u) = \\alpha u$，斜率为 $\\alpha$" }}，
而 $\dfrac{\partial (wx + b)}{\partial {{ wrt }} } = {{ local }}$，所以
$$\frac{\partial y}{\partial {{ wrt }} } = {{ result }}.$$
{% if side == "negative" %}普通 ReLU 在这里的导数为 0；如果对所有输入都如此，该单元的权重将不再更新（“死亡”单元；权重保持原值，并不会变成 0）。
Leaky ReLU 的小斜率 $\alpha$ 让梯度继续流动；PReLU 则把 $\alpha$ 作为可学习参数。{% else %}输入为正时，Leaky ReLU 和 ReLU 一样把梯度原样传过去：激活函数不会带来小于 1 的因子，这与 sigmoid 的 $\sigma' \le 0.25$ 不同。{% endif %}""",
}
