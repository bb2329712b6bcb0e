"""z-score standardisation with the sample standard deviation (n - 1), as in note 003."""

import math

import numpy as np

from grader.bank.authoring import Int, Meta, Mistake, Numeric, Real, Seq, draw_distinct, rounded

META = Meta(
    title={"en": "z-score standardisation", "zh": "z-score 标准化"},
    kind="numeric",
    difficulty=1,
    points=2,
    source="003 特征标准化 z-score标准化; 000 特征缩放/标准化",
    tags=("feature scaling", "standardisation", "z-score"),
    covers="feature_scaling",
    check=Numeric(rel_tol=1e-3, min_sig_figs=4),
)

PARAMS = {
    "values": Seq(Real(-10_000.0, 10_000.0, decimals=1), 3, 12),
    "index": Int(0, 11),
}


def _mean(v):
    return sum(v) / len(v)


def _std(v, ddof):
    m = _mean(v)
    return math.sqrt(sum((x - m) ** 2 for x in v) / (len(v) - ddof))


def _value(p):
    return p["values"][p["index"]]


def answer(p: dict) -> float:
    v = p["values"]
    return (_value(p) - _mean(v)) / _std(v, 1)


MISTAKES = [
    Mistake(
        lambda p: (_value(p) - _mean(p["values"])) / _std(p["values"], 0),
        {
            "en": "You used the population standard deviation (dividing by n). The z-score here uses the sample "
                  "standard deviation s, which divides the sum of squares by n − 1.",
            "zh": "你用了总体标准差（除以 n）。这里的 z-score 使用样本标准差 s，平方和要除以 n − 1。",
        },
    ),
    Mistake(
        lambda p: (_value(p) - min(p["values"])) / (max(p["values"]) - min(p["values"])),
        {
            "en": "That is min-max scaling, (x − min)/(max − min), which maps the data to [0, 1]. The z-score is (x − x̄)/s.",
            "zh": "这是 min-max 标准化 (x − min)/(max − min)，它把数据映射到 [0, 1]。z-score 是 (x − x̄)/s。",
        },
    ),
    Mistake(
        lambda p: (_value(p) - _mean(p["values"])) / (max(p["values"]) - min(p["values"])),
        {
            "en": "That is mean normalisation, (x − x̄)/(max − min). The z-score divides by the standard deviation s.",
            "zh": "这是均值归一化 (x − x̄)/(max − min)。z-score 要除以标准差 s。",
        },
    ),
    Mistake(
        lambda p: (_value(p) - _mean(p["values"])) / _std(p["values"], 1) ** 2,
        {
            "en": "You divided by the variance s². Divide by the standard deviation s, its square root.",
            "zh": "你除以了方差 s²。应除以它的平方根，即标准差 s。",
        },
    ),
]

# (mean, spread) of a few realistic features: exam scores, heights in cm, ages, temperatures.
FEATURES = ((72.0, 12.0), (170.0, 8.0), (35.0, 10.0), (18.0, 6.0), (5.0, 2.0))


def _draw(rng):
    mu, sd = FEATURES[int(rng.integers(len(FEATURES)))]
    n = int(rng.integers(5, 9))
    values = [rounded(rng.normal(mu, sd), 1) for _ in range(n)]
    return {"values": values, "index": int(rng.integers(n))}


def generate(rng: np.random.Generator) -> dict:
    # Distinct values, a z-score away from 0, and every listed mistake more than 1 % off the key.
    return draw_distinct(rng, _draw, answer=answer, mistakes=MISTAKES, apart=lambda key: 0.01 * abs(key),
                         keep=lambda p: len(set(p["values"])) == len(p["values"]) and abs(answer(p)) >= 0.1,
                         pairwise=False)


PROMPT = {
    "en": r"""A feature takes the values
$${{ values|join(",\\; ") }}$$
on $n = {{ values|length }}$ training samples. Standardise it with the z-score $z = (x - \bar x)/s$, where
$\bar x$ is the mean and $s = \sqrt{\frac{1}{n-1}\sum_i (x_i - \bar x)^2}$ is the **sample** standard deviation
(divide by $n - 1$).

What is the z-score of the value $x = {{ values[index] }}$? Give at least 4 significant figures.""",
    "zh": r"""某个特征在 $n = {{ values|length }}$ 个训练样本上的取值为
$${{ values|join(",\\; ") }}$$
用 z-score 对其标准化：$z = (x - \bar x)/s$，其中 $\bar x$ 为均值，$s = \sqrt{\frac{1}{n-1}\sum_i (x_i - \bar x)^2}$ 为**样本**标准差（除以 $n - 1$）。

取值 $x = {{ values[index] }}$ 的 z-score 是多少？至少保留 4 位有效数字。""",
}

_WORK = r"""{% set n = values|length %}
{% set mean = values|sum / n %}
{% set ns = namespace(ss=0) %}{% for v in values %}{% set ns.ss = ns.ss + (v - mean) ** 2 %}{% endfor %}
{% set s = (ns.ss / (n - 1)) ** 0.5 %}
"""

EXPLANATION = {
    "en": _WORK + r"""Mean: $\bar x = {{ "%.6g"|format(values|sum) }} / {{ n }} = {{ "%.6g"|format(mean) }}$.
Sum of squared deviations: $\sum_i (x_i - \bar x)^2 = {{ "%.6g"|format(ns.ss) }}$, so
$s = \sqrt{ {{ "%.6g"|format(ns.ss) }} / {{ n - 1 }} } = {{ "%.6g"|format(s) }}$.
Then $z = ({{ values[index] }} - {{ "%.6g"|format(mean) }}) / {{ "%.6g"|format(s) }} = {{ "%.4g"|format((values[index] - mean) / s) }}$.
(With the population standard deviation, dividing by $n$, you would get {{ "%.4g"|format((values[index] - mean) / (ns.ss / n) ** 0.5) }}; the notes use $n - 1$.)""",
    "zh": _WORK + r"""均值：$\bar x = {{ "%.6g"|format(values|sum) }} / {{ n }} = {{ "%.6g"|format(mean) }}$。
离差平方和：$\sum_i (x_i - \bar x)^2 = {{ "%.6g"|format(ns.ss) }}$，所以
$s = \sqrt{ {{ "%.6g"|format(ns.ss) }} / {{ n - 1 }} } = {{ "%.6g"|format(s) }}$。
于是 $z = ({{ values[index] }} - {{ "%.6g"|format(mean) }}) / {{ "%.6g"|format(s) }} = {{ "%.4g"|format((values[index] - mean) / s) }}$。
（若用总体标准差，即除以 $n$，会得到 {{ "%.4g"|format((values[index] - mean) / (ns.ss / n) ** 0.5) }}；笔记中用的是 $n - 1$。）""",
}
