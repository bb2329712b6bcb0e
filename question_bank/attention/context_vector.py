"""The attention context vector c = Σ_j α_j h_j with α = softmax(s·h_j): dot-product scores (the
weighted sum is the same whatever the score function; Bahdanau's is additive). Matches
F.scaled_dot_product_attention with scale=1."""

import math

import numpy as np

from grader.bank.authoring import Int, Meta, Mistake, Numeric, Real, Seq, draw_distinct, draw_real

META = Meta(
    title={"en": "The attention context vector", "zh": "注意力的上下文向量"},
    kind="numeric",
    difficulty=3,
    points=4,
    source="001 Q14 (该向量是输入序列不同位置隐藏层输出的加权求和)",
    tags=("attention", "softmax", "seq2seq", "weighted sum"),
    covers="attention",
    check=Numeric(decimals=3),
)

_VALUE = Real(-3.0, 3.0, decimals=1)

PARAMS = {"query": Seq(_VALUE, 2, 2), "states": Seq(Seq(_VALUE, 2, 2), 3, 4), "component": Int(0, 1)}


def _scores(p):
    q = p["query"]
    return [q[0] * h[0] + q[1] * h[1] for h in p["states"]]


def _weights(scores):
    top = max(scores)
    exps = [math.exp(e - top) for e in scores]
    return [v / sum(exps) for v in exps]


def _mix(p, weights):
    return sum(a * h[p["component"]] for a, h in zip(weights, p["states"]))


def answer(p: dict) -> float:
    return _mix(p, _weights(_scores(p)))


def _hard(p):
    scores = _scores(p)
    return p["states"][scores.index(max(scores))][p["component"]]


MISTAKES = [
    Mistake(
        lambda p: _mix(p, [1 / len(p["states"])] * len(p["states"])),
        {
            "en": "That is the plain average of the encoder states. Attention weights them by α_j = softmax(s·h_j), "
                  "so states that match the decoder state count more.",
            "zh": "这是编码器各状态的简单平均。注意力用 α_j = softmax(s·h_j) 加权，与解码器状态更匹配的状态权重更大。",
        },
    ),
    Mistake(
        lambda p: _mix(p, _scores(p)),
        {
            "en": "The raw scores s·h_j are not the weights: pass them through a softmax first, so the weights are "
                  "positive and add up to 1.",
            "zh": "原始分数 s·h_j 并不是权重：要先经过 softmax，使权重为正且和为 1。",
        },
    ),
    Mistake(
        _hard,
        {
            "en": "Taking only the best-matching state is hard attention. Soft attention mixes all the states, each "
                  "weighted by its softmax weight.",
            "zh": "只取最匹配的那个状态是硬注意力。软注意力把所有状态按各自的 softmax 权重混合起来。",
        },
    ),
]


def _draw(rng):
    n = int(rng.integers(3, 5))
    return {
        "query": [draw_real(rng, -1.5, 1.5, decimals=1, min_abs=0.3) for _ in range(2)],
        "states": [[draw_real(rng, -1.5, 1.5, decimals=1) for _ in range(2)] for _ in range(n)],
        "component": int(rng.integers(2)),
    }


def generate(rng: np.random.Generator) -> dict:
    return draw_distinct(rng, _draw, answer=answer, mistakes=MISTAKES, apart=0.01,
                         keep=lambda p: abs(answer(p)) >= 0.02 and len(set(_scores(p))) == len(p["states"]))


PROMPT = {
    "en": r"""A seq2seq model with attention has encoder hidden states
{% for h in states %}$h_{ {{ loop.index }} } = ({{ h|join(", ") }})${{ ", " if not loop.last }}{% endfor %}

and, at decoder step $t$, the decoder state $s = ({{ query|join(", ") }})$. It scores each encoder state by a dot product,
$e_j = s \cdot h_j$, turns the scores into weights $\alpha_j = \operatorname{softmax}(e)_j$, and forms the context vector
$$c = \sum_j \alpha_j\, h_j .$$
Compute the {{ "first" if component == 0 else "second" }} component of $c$ to 3 decimal places.""",
    "zh": r"""某带注意力的 seq2seq 模型的编码器隐藏状态为
{% for h in states %}$h_{ {{ loop.index }} } = ({{ h|join(", ") }})${{ "，" if not loop.last }}{% endfor %}，
在解码第 $t$ 步时解码器状态为 $s = ({{ query|join(", ") }})$。它用点积给每个编码器状态打分 $e_j = s \cdot h_j$，
再把分数变成权重 $\alpha_j = \operatorname{softmax}(e)_j$，并得到上下文向量
$$c = \sum_j \alpha_j\, h_j .$$
求 $c$ 的第{{ "一" if component == 0 else "二" }}个分量，保留 3 位小数。""",
}

_WORK = r"""{% set ns = namespace(e=[], x=[], total=0, c=0) %}
{% for h in states %}{% set ns.e = ns.e + [query[0] * h[0] + query[1] * h[1]] %}{% endfor %}
{% for e in ns.e %}{% set ns.x = ns.x + [2.718281828459045 ** e] %}{% set ns.total = ns.total + ns.x[-1] %}{% endfor %}
{% for h in states %}{% set ns.c = ns.c + ns.x[loop.index0] / ns.total * h[component] %}{% endfor %}
"""

EXPLANATION = {
    "en": _WORK + r"""Scores $e_j = s \cdot h_j$: {% for e in ns.e %}$e_{ {{ loop.index }} } = {{ "%.2f"|format(e) }}${{ ", " if not loop.last else "." }}{% endfor %}

Softmax weights: {% for v in ns.x %}$\alpha_{ {{ loop.index }} } = {{ "%.4f"|format(v / ns.total) }}${{ ", " if not loop.last else "." }}{% endfor %}

Weighted sum of the {{ "first" if component == 0 else "second" }} components:
$c = {% for h in states %}{{ "%.4f"|format(ns.x[loop.index0] / ns.total) }} \cdot ({{ h[component] }}){{ " + " if not loop.last }}{% endfor %} = {{ "%.3f"|format(ns.c) }}$.

The context vector is a weighted sum of the encoder states, a different one at every decoder step, instead of one fixed
vector for the whole input: that is the core of attention (001 Q14). Bahdanau scores with a small network instead of a
dot product; the softmax and the weighted sum are the same.""",
    "zh": _WORK + r"""分数 $e_j = s \cdot h_j$：{% for e in ns.e %}$e_{ {{ loop.index }} } = {{ "%.2f"|format(e) }}${{ "，" if not loop.last else "。" }}{% endfor %}

softmax 权重：{% for v in ns.x %}$\alpha_{ {{ loop.index }} } = {{ "%.4f"|format(v / ns.total) }}${{ "，" if not loop.last else "。" }}{% endfor %}

对第{{ "一" if component == 0 else "二" }}个分量加权求和：
$c = {% for h in states %}{{ "%.4f"|format(ns.x[loop.index0] / ns.total) }} \cdot ({{ h[component] }}){{ " + " if not loop.last }}{% endfor %} = {{ "%.3f"|format(ns.c) }}$。

上下文向量是编码器各状态的加权和，而且解码的每一步都不同，而不是整个输入只用一个固定向量：这正是注意力机制的核心（001 Q14）。
Bahdanau 用一个小网络而不是点积来打分；softmax 和加权求和是一样的。""",
}
