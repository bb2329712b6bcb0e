"""Attention weights from alignment scores: α_j = exp(e_j) / Σ_k exp(e_k) (001 Q14: attention is a
weighted sum whose weights come from a softmax over the source positions)."""

import math

import numpy as np

from grader.bank.authoring import Int, Meta, Mistake, Numeric, Real, Seq, draw_distinct, draw_real

META = Meta(
    title={"en": "Attention weights from scores", "zh": "由打分得到注意力权重"},
    kind="numeric",
    difficulty=1,
    points=2,
    source="001 Q14 (什么是Attention机制: 对于不同的特征加权求和; Bahdanau 2015)",
    tags=("attention", "softmax", "seq2seq"),
    covers="attention",
    check=Numeric(decimals=3),
)

PARAMS = {"scores": Seq(Real(-5.0, 5.0, decimals=1), 3, 6), "index": Int(0, 5)}


def _weights(scores):
    top = max(scores)
    exps = [math.exp(e - top) for e in scores]
    total = sum(exps)
    return [v / total for v in exps]


def answer(p: dict) -> float:
    return _weights(p["scores"])[p["index"]]


def _linear(p):
    total = sum(p["scores"])
    if total <= 0.5 or min(p["scores"]) < 0:
        return None  # not a plausible set of weights to hand in
    return p["scores"][p["index"]] / total


MISTAKES = [
    Mistake(
        _linear,
        {
            "en": "The scores are not divided by their sum: they go through a softmax, exp(e_j) / Σ_k exp(e_k), which "
                  "also copes with negative scores.",
            "zh": "不是直接把打分除以它们的和：要经过 softmax，exp(e_j) / Σ_k exp(e_k)，这样负的打分也能处理。",
        },
    ),
    Mistake(
        lambda p: 1 / len(p["scores"]),
        {
            "en": "Equal weights 1/n would ignore the scores; attention weights each position by the softmax of its score.",
            "zh": "平均权重 1/n 忽略了打分；注意力按各位置打分的 softmax 来加权。",
        },
    ),
    Mistake(
        lambda p: math.exp(p["scores"][p["index"]]),
        {
            "en": "exp(e_j) must be normalised: divide by Σ_k exp(e_k) so that the weights add up to 1.",
            "zh": "exp(e_j) 还要归一化：除以 Σ_k exp(e_k)，使各权重之和为 1。",
        },
    ),
    Mistake(
        lambda p: 1.0 if p["scores"][p["index"]] == max(p["scores"]) else 0.0,
        {
            "en": "Soft attention does not pick only the best-scoring position (that would be hard attention): every "
                  "position gets a weight exp(e_j) / Σ_k exp(e_k).",
            "zh": "软注意力并不是只选打分最高的位置（那是硬注意力）：每个位置都得到权重 exp(e_j) / Σ_k exp(e_k)。",
        },
    ),
]


def _draw(rng):
    n = int(rng.integers(3, 6))
    return {"scores": [draw_real(rng, -2.0, 3.0, decimals=1) for _ in range(n)], "index": int(rng.integers(n))}


def generate(rng: np.random.Generator) -> dict:
    return draw_distinct(rng, _draw, answer=answer, mistakes=MISTAKES, apart=0.002,
                         keep=lambda p: answer(p) >= 0.01 and len(set(p["scores"])) == len(p["scores"]))


PROMPT = {
    "en": r"""In a seq2seq model with attention, the decoder at step $t$ scores each of the {{ scores|length }} encoder hidden states
$h_1, \dots, h_{ {{ scores|length }} }$. The alignment scores are
$$(e_{t1}, \dots, e_{t{{ scores|length }}}) = ({{ scores|join(", ") }}).$$
The attention weights are the softmax of the scores, $\alpha_{tj} = \dfrac{\exp(e_{tj})}{\sum_k \exp(e_{tk})}$.

Compute $\alpha_{t{{ index + 1 }}}$, the weight of $h_{ {{ index + 1 }} }$, to 3 decimal places.""",
    "zh": r"""在带注意力机制的 seq2seq 模型中，解码器在第 $t$ 步对编码器的 {{ scores|length }} 个隐藏状态
$h_1, \dots, h_{ {{ scores|length }} }$ 分别打分，得到对齐分数
$$(e_{t1}, \dots, e_{t{{ scores|length }}}) = ({{ scores|join(", ") }}).$$
注意力权重是这些分数的 softmax：$\alpha_{tj} = \dfrac{\exp(e_{tj})}{\sum_k \exp(e_{tk})}$。

求 $h_{ {{ index + 1 }} }$ 的权重 $\alpha_{t{{ index + 1 }}}$，保留 3 位小数。""",
}

_WORK = r"""{% set ns = namespace(total=0, exps=[]) %}{% for e in scores %}{% set ns.exps = ns.exps + [2.718281828459045 ** e] %}{% set ns.total = ns.total + ns.exps[-1] %}{% endfor %}
"""

EXPLANATION = {
    "en": _WORK + r"""Exponentiate every score: {% for v in ns.exps %}$e^{ {{ scores[loop.index0] }} } = {{ "%.4f"|format(v) }}${{ ", " if not loop.last else "." }}{% endfor %}

Their sum is {{ "%.4f"|format(ns.total) }}, so
$$\alpha_{t{{ index + 1 }}} = \frac{ {{ "%.4f"|format(ns.exps[index]) }} }{ {{ "%.4f"|format(ns.total) }} } = {{ "%.3f"|format(ns.exps[index] / ns.total) }}.$$
All weights are positive and add up to 1 (the full set is {% for v in ns.exps %}{{ "%.3f"|format(v / ns.total) }}{{ ", " if not loop.last }}{% endfor %}).
The context vector is then the weighted sum $c_t = \sum_j \alpha_{tj} h_j$: attention is a weighted sum of the encoder states.""",
    "zh": _WORK + r"""先对每个分数取指数：{% for v in ns.exps %}$e^{ {{ scores[loop.index0] }} } = {{ "%.4f"|format(v) }}${{ "，" if not loop.last else "。" }}{% endfor %}

它们的和为 {{ "%.4f"|format(ns.total) }}，所以
$$\alpha_{t{{ index + 1 }}} = \frac{ {{ "%.4f"|format(ns.exps[index]) }} }{ {{ "%.4f"|format(ns.total) }} } = {{ "%.3f"|format(ns.exps[index] / ns.total) }}.$$
所有权重都是正数且和为 1（全部权重为 {% for v in ns.exps %}{{ "%.3f"|format(v / ns.total) }}{{ "、" if not loop.last }}{% endfor %}）。
随后上下文向量就是加权和 $c_t = \sum_j \alpha_{tj} h_j$：注意力就是对编码器各状态的加权求和。""",
}
