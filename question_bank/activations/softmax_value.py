"""One softmax probability of large logits, computed stably by subtracting the maximum first
(003 softmax函数在框架中计算时的优化; erratum 27: no constant is needed in the denominator then)."""

import math

import numpy as np

from grader.bank.authoring import Int, Meta, Mistake, Numeric, Real, Seq, draw_distinct, rounded

META = Meta(
    title={"en": "Softmax of large logits", "zh": "大 logit 的 softmax"},
    kind="numeric",
    difficulty=2,
    points=3,
    source="003 softmax函数在框架中计算时的优化 (减去 xmax 防止上溢); 000 Sigmoid和Softmax",
    tags=("activations", "softmax", "numerical stability", "overflow"),
    covers="activations",
    check=Numeric(sig_figs=4),
)

PARAMS = {
    "logits": Seq(Real(-10_000.0, 10_000.0, decimals=1), 3, 5),
    "index": Int(0, 4),
}


def _shifted(p):
    m = max(p["logits"])
    return [z - m for z in p["logits"]]


def answer(p: dict) -> float:
    exps = [math.exp(d) for d in _shifted(p)]
    return exps[p["index"]] / sum(exps)


MISTAKES = [
    Mistake(
        lambda p: math.exp(_shifted(p)[p["index"]]),
        {
            "en": "Subtracting the maximum only protects the exponentials from overflow; you still have to divide by the sum "
                  "e^{z₁−m} + … + e^{z_K−m} so that the probabilities add up to 1.",
            "zh": "减去最大值只是防止指数上溢；仍然要除以 e^{z₁−m} + … + e^{z_K−m} 这个和，概率之和才为 1。",
        },
    ),
    Mistake(
        lambda p: 1 / (1 + math.exp(-p["logits"][p["index"]])),
        {
            "en": "That is σ(z_j), the sigmoid of one logit alone. Softmax compares the logits with each other: "
                  "p_j = e^{z_j} / Σ_k e^{z_k}.",
            "zh": "这是单个 logit 的 sigmoid σ(z_j)。softmax 要把各个 logit 相互比较：p_j = e^{z_j} / Σ_k e^{z_k}。",
        },
    ),
    Mistake(
        lambda p: p["logits"][p["index"]] / sum(p["logits"]) if sum(p["logits"]) else None,
        {
            "en": "Dividing a logit by the sum of the logits is not softmax: softmax exponentiates first, p_j = e^{z_j} / Σ_k e^{z_k}.",
            "zh": "用 logit 除以 logit 之和并不是 softmax：softmax 要先取指数，p_j = e^{z_j} / Σ_k e^{z_k}。",
        },
    ),
]


def _draw(rng):
    k = int(rng.integers(3, 6))
    base = float(rng.choice([0.0, 20.0, 100.0, 500.0, 1000.0, 1000.0, 2000.0]))
    logits = [rounded(base + rng.uniform(-3.0, 3.0), 1) for _ in range(k)]
    return {"logits": logits, "index": int(rng.integers(k))}


def generate(rng: np.random.Generator) -> dict:
    # Distinct logits, and every wrong answer at least 1 % away from the key (4 significant figures).
    return draw_distinct(rng, _draw, answer=answer, mistakes=MISTAKES, apart=lambda key: 0.01 * abs(key),
                         keep=lambda p: len(set(p["logits"])) == len(p["logits"]) and answer(p) >= 1e-3)


PROMPT = {
    "en": r"""A classifier outputs the logits
$$z = ({{ logits|join(",\\ ") }}).$$
The softmax turns them into probabilities $p_j = \dfrac{e^{z_j}}{\sum_k e^{z_k}}$. {% if logits|max > 88 %}Note that $e^{ {{ logits|max }} }$ overflows in floating point (float32 past about $e^{88}$, float64 past about
$e^{709}$): compute it the stable way.{% else %}Compute it the way frameworks do, in the form that cannot overflow.{% endif %}


What is $p_{ {{ index + 1 }} }$? Give the answer to 4 significant figures.""",
    "zh": r"""一个分类器输出的 logit 为
$$z = ({{ logits|join(",\\ ") }}).$$
softmax 把它们变成概率 $p_j = \dfrac{e^{z_j}}{\sum_k e^{z_k}}$。{% if logits|max > 88 %}注意 $e^{ {{ logits|max }} }$ 在浮点数中会上溢（float32 约在 $e^{88}$ 以上、float64 约在 $e^{709}$ 以上溢出）：
请用数值稳定的方法计算。{% else %}请像深度学习框架那样，用不会上溢的形式计算。{% endif %}


$p_{ {{ index + 1 }} }$ 是多少？答案保留 4 位有效数字。""",
}

_WORK = r"""{% set e = 2.718281828459045 %}{% set m = logits|max %}
{% set ns = namespace(total=0, terms=[]) %}{% for z in logits %}{% set ns.total = ns.total + e ** (z - m) %}{% set ns.terms = ns.terms + ["e^{" ~ ("%.1f"|format(z - m)) ~ "}"] %}{% endfor %}
{% set p = e ** (logits[index] - m) / ns.total %}
"""

EXPLANATION = {
    "en": _WORK + r"""Softmax does not change when the same constant is subtracted from every logit (it cancels between
numerator and denominator), so subtract the maximum $m = {{ m }}$: the largest exponent becomes $e^0 = 1$ and nothing
can overflow. The shifted logits are $z - m = ({% for z in logits %}{{ "%.1f"|format(z - m) }}{{ ",\\ " if not loop.last }}{% endfor %})$ and
$$\sum_k e^{z_k - m} = {{ ns.terms|join(" + ") }} = {{ "%.6f"|format(ns.total) }},$$
$$p_{ {{ index + 1 }} } = \frac{e^{ {{ "%.1f"|format(logits[index] - m) }} }}{ {{ "%.6f"|format(ns.total) }} } = \frac{ {{ "%.6f"|format(e ** (logits[index] - m)) }} }{ {{ "%.6f"|format(ns.total) }} } = {{ "%.6g"|format(p) }},$$
i.e. {{ "%#.4g"|format(p) }} to 4 significant figures. After the shift the denominator is at least 1, so no small
constant has to be added to it (the notes' remark about underflow is not needed).""",
    "zh": _WORK + r"""给每个 logit 减去同一个常数不会改变 softmax（它在分子分母中相消），所以先减去最大值 $m = {{ m }}$：
最大的指数变成 $e^0 = 1$，不会再上溢。平移后的 logit 为 $z - m = ({% for z in logits %}{{ "%.1f"|format(z - m) }}{{ ",\\ " if not loop.last }}{% endfor %})$，
$$\sum_k e^{z_k - m} = {{ ns.terms|join(" + ") }} = {{ "%.6f"|format(ns.total) }},$$
$$p_{ {{ index + 1 }} } = \frac{e^{ {{ "%.1f"|format(logits[index] - m) }} }}{ {{ "%.6f"|format(ns.total) }} } = \frac{ {{ "%.6f"|format(e ** (logits[index] - m)) }} }{ {{ "%.6f"|format(ns.total) }} } = {{ "%.6g"|format(p) }},$$
保留 4 位有效数字为 {{ "%#.4g"|format(p) }}。平移后分母至少为 1，所以不需要再在分母上加一个小常数（笔记中关于下溢的说法在这里用不到）。""",
}
