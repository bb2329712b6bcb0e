"""Inverted dropout (003, PyTorch's nn.Dropout): a kept activation is divided by the keep ratio during
training, and nothing is rescaled at test time (erratum 13: classic dropout, 000, instead multiplies
the weights by 1 − p at test time). The rate is given either as the drop probability p or as 003's
keep ratio ("保留的比率"). No worked example in the notes.
"""

import numpy as np

from grader.bank.authoring import Meta, Mistake, Numeric, OneOf, Real, draw_distinct, draw_real

META = Meta(
    title={"en": "Inverted dropout: a kept activation during training", "zh": "Inverted dropout：训练时被保留的激活值"},
    kind="numeric",
    difficulty=1,
    points=2,
    source="003 dropout层作用 (保留的神经元值要除以这个比率); 000 Dropout",
    tags=("regularization", "dropout", "inverted dropout"),
    covers="dropout",
    check=Numeric(decimals=4),
)

PARAMS = {
    "a": Real(-100.0, 100.0, decimals=2),
    "rate": Real(0.05, 0.95, decimals=2),
    "given": OneOf(("drop", "keep")),
}


def _keep(p):
    return 1 - p["rate"] if p["given"] == "drop" else p["rate"]


def answer(p: dict) -> float:
    return p["a"] / _keep(p)


MISTAKES = [
    Mistake(
        lambda p: p["a"] * _keep(p),
        {
            "en": "Multiplying by the keep probability is classic dropout's test-time scaling of the weights. Inverted "
                  "dropout divides the kept activations by the keep ratio during training instead.",
            "zh": "乘以保留概率是经典 dropout 在测试时对权重的缩放。Inverted dropout 则是在训练时把保留下来的激活值除以保留比率。",
        },
    ),
    Mistake(
        lambda p: p["a"] / (1 - _keep(p)),
        {
            "en": "Divide by the probability of keeping the unit (1 − p), not by the drop probability p.",
            "zh": "要除以神经元被保留的概率 1 − p，而不是被丢弃的概率 p。",
        },
    ),
    Mistake(
        lambda p: p["a"],
        {
            "en": "Inverted dropout rescales during training: kept activations are divided by the keep ratio so that the "
                  "expected output stays a. Leaving the value unchanged is what happens at test time.",
            "zh": "Inverted dropout 在训练时做缩放：保留的激活值要除以保留比率，使输出的期望仍为 a。保持不变是测试时的情况。",
        },
    ),
]

RATES = (0.1, 0.2, 0.25, 0.3, 0.4, 0.6, 0.7, 0.75, 0.8)  # 0.5 left out: there p and 1 − p coincide


def _draw(rng):
    return {"a": draw_real(rng, 0.1, 5.0, decimals=2) * float(rng.choice([1, 1, 1, -1])),
            "rate": float(rng.choice(RATES)), "given": str(rng.choice(["drop", "keep"]))}


def generate(rng: np.random.Generator) -> dict:
    return draw_distinct(rng, _draw, answer=answer, mistakes=MISTAKES, apart=1e-3)


PROMPT = {
    "en": r"""A layer uses **inverted dropout** (as in note 003 and PyTorch's `nn.Dropout`): during training each unit is
{% if given == "drop" %}dropped with probability $p = {{ rate }}${% else %}kept with probability (keep ratio) $q = {{ rate }}$ and dropped otherwise{% endif %},
the kept activations are rescaled so that their expected value does not change, and at test time nothing is
dropped or rescaled.

In one training step a unit with activation $a = {{ a }}$ is kept. What value does it pass to the next layer?
Give it to 4 decimal places.""",
    "zh": r"""某一层使用 **inverted dropout**（与笔记 003 和 PyTorch 的 `nn.Dropout` 相同）：训练时每个神经元
{% if given == "drop" %}以概率 $p = {{ rate }}$ 被丢弃{% else %}以概率（保留比率）$q = {{ rate }}$ 被保留，否则被丢弃{% endif %}，
保留下来的激活值会被缩放，使其期望值不变；测试时不丢弃也不缩放。

某次训练中，一个激活值为 $a = {{ a }}$ 的神经元被保留。它传给下一层的值是多少？保留 4 位小数。""",
}

EXPLANATION = {
    "en": r"""{% set q = 1 - rate if given == "drop" else rate %}The keep probability is {% if given == "drop" %}$1 - p = {{ "%g"|format(q) }}${% else %}$q = {{ rate }}${% endif %}.
A kept activation is divided by it: $a / {{ "%g"|format(q) }} = {{ a }} / {{ "%g"|format(q) }} = {{ "%.4f"|format(a / q) }}$.
On average the unit then contributes ${{ "%g"|format(q) }} \times {{ "%.6g"|format(a / q) }} + {{ "%g"|format(1 - q) }} \times 0 = {{ a }}$, the same as at test time,
so the trained weights are used unchanged at test time. Classic dropout (note 000) does the opposite bookkeeping:
no rescaling during training, and the weights are multiplied by the keep probability at test time.""",
    "zh": r"""{% set q = 1 - rate if given == "drop" else rate %}保留概率为 {% if given == "drop" %}$1 - p = {{ "%g"|format(q) }}${% else %}$q = {{ rate }}${% endif %}。
被保留的激活值要除以它：$a / {{ "%g"|format(q) }} = {{ a }} / {{ "%g"|format(q) }} = {{ "%.4f"|format(a / q) }}$。
这样该神经元输出的期望为 ${{ "%g"|format(q) }} \times {{ "%.6g"|format(a / q) }} + {{ "%g"|format(1 - q) }} \times 0 = {{ a }}$，与测试时相同，
所以测试时直接使用训练好的权重。经典 dropout（笔记 000）的处理方式相反：训练时不缩放，测试时把权重乘以保留概率。""",
}
