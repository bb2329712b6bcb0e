"""Classic dropout: a weight trained with drop probability p is multiplied by 1 - p at test time."""

import numpy as np

from grader.bank.authoring import Meta, Mistake, Numeric, Real, draw_real

META = Meta(
    title={"en": "Dropout: the weight used at test time", "zh": "Dropout：测试时使用的权重"},
    kind="numeric",
    difficulty=1,
    points=1,
    source="000 Dropout (训练时 p% 的概率 dropout，测试时权值乘以 1-p%)",
    tags=("regularization", "dropout"),
    covers="dropout",
    # The key w·(1 − p) has at most 4 decimals (w has ≤ 2, p has 2): judged to 4 decimal places, so the
    # exact value as a student writes it (4.08) and the key as shown (4.0800) both pass without a warning.
    check=Numeric(decimals=4),
)

PARAMS = {
    "weight": Real(-100.0, 100.0, decimals=2),
    "p": Real(0.05, 0.95, decimals=2),
}

# 0.5 is left out: there p = 1 - p and multiplying by p would look right for the wrong reason.
DROP_PROBABILITIES = (0.1, 0.2, 0.25, 0.3, 0.4, 0.6, 0.7, 0.75, 0.8)


def generate(rng: np.random.Generator) -> dict:
    p = float(rng.choice(DROP_PROBABILITIES))
    decimals = int(rng.choice([1, 2]))
    weight = draw_real(rng, 0.5, 20.0, decimals=decimals)
    if rng.random() < 0.25:
        weight = -weight
    return {"weight": weight + 0.0, "p": p}


def answer(p: dict) -> float:
    return round(p["weight"] * (1 - p["p"]), 10)


MISTAKES = [
    Mistake(
        lambda p: p["weight"] * p["p"],
        {
            "en": "p is the probability of dropping a unit; it is kept with probability 1 − p, so the "
                  "expected contribution during training is (1 − p) times the weight.",
            "zh": "p 是神经元被丢弃的概率，被保留的概率是 1 − p，所以训练时该权重的期望贡献是权重的 (1 − p) 倍。",
        },
    ),
    Mistake(
        lambda p: p["weight"] / (1 - p["p"]),
        {
            "en": "Dividing by the keep probability 1 − p belongs to inverted dropout, and there it is done "
                  "to the kept activations during training. Classic dropout instead scales the weights down at test time.",
            "zh": "除以保留概率 1 − p 是 inverted dropout 的做法，而且是在训练时对保留下来的激活值做的；"
                  "经典 dropout 则是在测试时把权重缩小。",
        },
    ),
    Mistake(
        lambda p: p["weight"],
        {
            "en": "Leaving the weight unchanged is right only for inverted dropout, which already rescaled "
                  "during training. With classic dropout every unit is present at test time, so the weight must be multiplied by 1 − p.",
            "zh": "测试时权重保持不变只适用于 inverted dropout（训练时已经做过缩放）。经典 dropout 在测试时所有神经元都参与，"
                  "因此权重必须乘以 1 − p。",
        },
    ),
]

PROMPT = {
    "en": r"""A network is trained with **classic** dropout: during training each unit is dropped with
probability $p = {{ p }}$ and the kept activations are **not** rescaled. At test time no unit is dropped.

A weight leaving a dropped-out unit ended training with the value $w = {{ weight }}$. Which value should
this weight have in the network used at test time? Give the exact value (it has at most 4 decimal places).""",
    "zh": r"""某网络使用**经典** dropout 训练：训练时每个神经元以概率 $p = {{ p }}$ 被丢弃，保留下来的激活值**不**做缩放；测试时不丢弃任何神经元。

从一个施加了 dropout 的神经元出发的某个权重，训练结束时的值为 $w = {{ weight }}$。测试时网络中该权重应取什么值？
请给出精确值（最多 4 位小数）。""",
}

EXPLANATION = {
    "en": r"""During training the unit is present only with probability $1 - p = {{ "%g"|format(1 - p) }}$, so on
average the next layer received $(1 - p)\,w$ through this weight. At test time the unit is always present;
to keep the same expected input the weight is scaled by the keep probability:
$w_{test} = (1 - p)\,w = {{ "%g"|format(1 - p) }} \times {{ weight }} = {{ "%g"|format(weight * (1 - p)) }}$.
(The notes' example: $p = 0.3$, $w = 10$ gives $7$.) Inverted dropout does the opposite bookkeeping: it
divides the kept activations by $1 - p$ during training and leaves the weights alone at test time.""",
    "zh": r"""训练时该神经元只以 $1 - p = {{ "%g"|format(1 - p) }}$ 的概率存在，因此下一层通过这个权重平均只收到 $(1 - p)\,w$。
测试时该神经元总是存在，为了保持相同的期望输入，要把权重乘以保留概率：
$w_{test} = (1 - p)\,w = {{ "%g"|format(1 - p) }} \times {{ weight }} = {{ "%g"|format(weight * (1 - p)) }}$。
（笔记中的例子：$p = 0.3$，$w = 10$，得到 $7$。）Inverted dropout 的处理方式相反：训练时把保留下来的激活值除以 $1 - p$，测试时权重保持不变。""",
}
