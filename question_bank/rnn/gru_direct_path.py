"""The GRU's direct path h_{t−1} → h_t: ∂h_t/∂h_{t−1} = z_t in PyTorch's convention
(h_t = (1 − z_t)·n_t + z_t·h_{t−1}) and 1 − z_t in 003's (h_t = (1 − z_t)·h_{t−1} + z_t·h̃_t);
over T steps the product of those factors (erratum 12/25: the prompt states its convention)."""

import math

import numpy as np

from grader.bank.authoring import Int, Meta, Mistake, OneOf, Symbolic, symbols

META = Meta(
    title={"en": "Gradient along the GRU's direct path", "zh": "沿 GRU 直连路径的梯度"},
    kind="symbolic",
    difficulty=2,
    points=3,
    source="003 GRU神经网络原理概述 (h_t = (1 − z_t)·h_{t−1} + z_t·h̃_t; 更新门的值越大说明前一时刻的记忆带入越多)",
    tags=("rnn", "gru", "update gate", "vanishing gradient", "chain rule"),
    covers="gru_bidirectional",
    check=Symbolic(symbols={f"z_{t}": "probability" for t in range(1, 4)}),
)

PARAMS = {"convention": OneOf(("pytorch", "notes")), "steps": Int(1, 3)}


def _keep(convention):
    """The factor by which step t keeps h_{t−1}, in a convention."""
    return (lambda z: z) if convention == "pytorch" else (lambda z: 1 - z)


def _form(combine, *, swapped=False):
    def expression(p):
        zs = symbols(" ".join(f"z_{t}" for t in range(1, p["steps"] + 1)))
        other = "notes" if p["convention"] == "pytorch" else "pytorch"
        keep = _keep(other if swapped else p["convention"])
        return combine([keep(z) for z in zs])

    return expression


answer = _form(math.prod)

MISTAKES = [
    Mistake(
        _form(math.prod, swapped=True),
        {
            "en": "That is the other convention's factor. Read it off the equation given: the factor is the weight "
                  "in front of h_{t−1} in the update of h_t.",
            "zh": "这是另一种约定下的因子。请按题目给出的公式来读：因子就是 h_t 更新式中 h_{t−1} 前面的系数。",
        },
    ),
    Mistake(
        lambda p: _form(lambda factors: factors[-1])(p) if p["steps"] > 1 else None,
        {
            "en": "That is the last step only. From h_0 to h_T the chain rule multiplies one factor per step.",
            "zh": "这只是最后一步。从 h_0 到 h_T，链式法则要把每一步的因子连乘起来。",
        },
    ),
    Mistake(
        lambda p: _form(sum)(p) if p["steps"] > 1 else None,
        {
            "en": "Along one path the per-step factors multiply; they do not add.",
            "zh": "沿同一条路径，各步的因子相乘，而不是相加。",
        },
    ),
]


def generate(rng: np.random.Generator) -> dict:
    return {"convention": str(rng.choice(["pytorch", "notes"])), "steps": int(rng.integers(1, 4))}


PROMPT = {
    "en": r"""A one-unit GRU updates its hidden state by
{% if convention == "pytorch" %}$$h_t = (1 - z_t)\, n_t + z_t\, h_{t-1}$$
(PyTorch's convention; $n_t$ is the candidate state){% else %}$$h_t = (1 - z_t)\, h_{t-1} + z_t\, \tilde h_t$$
(the convention printed in note 003; $\tilde h_t$ is the candidate state){% endif %}, with update gate $z_t \in (0, 1)$.
Consider only the **direct path** {% for t in range(0, steps + 1) %}$h_{ {{ t }} }${{ " → " if not loop.last }}{% endfor %}: treat every gate and candidate as a constant.

Give $\dfrac{\partial h_{ {{ steps }} }}{\partial h_0}$ along this path, in terms of {% for t in range(1, steps + 1) %}`z_{{ t }}`{{ ", " if not loop.last }}{% endfor %}. Write products with `*`.""",
    "zh": r"""一个单单元 GRU 按下式更新隐藏状态：
{% if convention == "pytorch" %}$$h_t = (1 - z_t)\, n_t + z_t\, h_{t-1}$$
（PyTorch 的约定；$n_t$ 为候选状态）{% else %}$$h_t = (1 - z_t)\, h_{t-1} + z_t\, \tilde h_t$$
（笔记 003 印出的约定；$\tilde h_t$ 为候选状态）{% endif %}，其中更新门 $z_t \in (0, 1)$。
只考虑**直连路径** {% for t in range(0, steps + 1) %}$h_{ {{ t }} }${{ " → " if not loop.last }}{% endfor %}：把所有门和候选状态视为常数。

求沿这条路径的 $\dfrac{\partial h_{ {{ steps }} }}{\partial h_0}$，用 {% for t in range(1, steps + 1) %}`z_{{ t }}`{{ "、" if not loop.last }}{% endfor %} 表示。乘法请写 `*`。""",
}

EXPLANATION = {
    "en": r"""Only the term with $h_{t-1}$ matters on the direct path, so each step contributes the weight in front of $h_{t-1}$:
{% if convention == "pytorch" %}$\partial h_t / \partial h_{t-1} = z_t$.{% else %}$\partial h_t / \partial h_{t-1} = 1 - z_t$.{% endif %}

Over {{ steps }} step{{ "s" if steps > 1 }}: $\dfrac{\partial h_{ {{ steps }} }}{\partial h_0} = {% for t in range(1, steps + 1) %}{% if convention == "pytorch" %}z_{ {{ t }} }{% else %}(1 - z_{ {{ t }} }){% endif %}{{ " \\cdot " if not loop.last }}{% endfor %}$.

Like the LSTM's forget gate, this factor is a gate the network controls: when the gate keeps the old state
({% if convention == "pytorch" %}$z_t \approx 1${% else %}$z_t \approx 0${% endif %}) the gradient passes almost unchanged, which is how the GRU eases vanishing gradients.
In the other convention the roles of $z_t$ and $1 - z_t$ swap, so always read the factor off the equation in use.""",
    "zh": r"""在直连路径上只有含 $h_{t-1}$ 的那一项起作用，所以每一步贡献 $h_{t-1}$ 前面的系数：
{% if convention == "pytorch" %}$\partial h_t / \partial h_{t-1} = z_t$。{% else %}$\partial h_t / \partial h_{t-1} = 1 - z_t$。{% endif %}

经过 {{ steps }} 步：$\dfrac{\partial h_{ {{ steps }} }}{\partial h_0} = {% for t in range(1, steps + 1) %}{% if convention == "pytorch" %}z_{ {{ t }} }{% else %}(1 - z_{ {{ t }} }){% endif %}{{ " \\cdot " if not loop.last }}{% endfor %}$。

与 LSTM 的遗忘门一样，这个因子是网络自己控制的门：当门选择保留旧状态
（{% if convention == "pytorch" %}$z_t \approx 1${% else %}$z_t \approx 0${% endif %}）时，梯度几乎不变地传过去，这就是 GRU 缓解梯度消失的方式。
在另一种约定下 $z_t$ 与 $1 - z_t$ 的角色互换，所以一定要按所用的公式来读出这个因子。""",
}
