"""Mean normalisation x′ = (x − x̄)/(max − min) (erratum 2: 000 prints the min-max formula under
this heading while its text describes this one). No worked example in the notes."""

import numpy as np

from grader.bank.authoring import Int, Meta, Mistake, Numeric, Real, Seq, draw_distinct

from ._features import draw_values, mean, sample_std, spread

META = Meta(
    title={"en": "Mean normalisation", "zh": "均值归一化"},
    kind="numeric",
    difficulty=1,
    points=2,
    source="000 特征缩放/标准化 Mean Normalization – 均值归一化",
    tags=("feature scaling", "mean normalisation"),
    covers="feature_scaling",
    check=Numeric(decimals=4),
)

PARAMS = {
    "values": Seq(Real(-10_000.0, 10_000.0, decimals=1), 3, 12),
    "index": Int(0, 11),
}


def _x(p):
    return p["values"][p["index"]]


def answer(p: dict) -> float:
    v = p["values"]
    return (_x(p) - mean(v)) / spread(v)


MISTAKES = [
    Mistake(
        lambda p: (_x(p) - min(p["values"])) / spread(p["values"]),
        {
            "en": "That is min-max scaling, (x − min)/(max − min) — the formula the notes print under this heading "
                  "by mistake. Mean normalisation subtracts the mean, as the notes' text says.",
            "zh": "这是 min-max 归一化 (x − min)/(max − min)——笔记在这个标题下误印了这个公式。均值归一化减去的是均值，正如笔记的文字所说。",
        },
    ),
    Mistake(
        lambda p: (_x(p) - mean(p["values"])) / sample_std(p["values"]),
        {
            "en": "That is the z-score, which divides by the standard deviation. Mean normalisation divides by the range max − min.",
            "zh": "这是 z-score，它除以标准差。均值归一化除以的是范围 max − min。",
        },
    ),
    Mistake(
        lambda p: (_x(p) - mean(p["values"])) / max(p["values"]),
        {
            "en": "Divide by the range max − min, not by the maximum.",
            "zh": "要除以范围 max − min，而不是最大值。",
        },
    ),
]


def _draw(rng):
    values = draw_values(rng)
    return {"values": values, "index": int(rng.integers(len(values)))}


def generate(rng: np.random.Generator) -> dict:
    return draw_distinct(rng, _draw, answer=answer, mistakes=MISTAKES, apart=1e-3,
                         keep=lambda p: abs(answer(p)) >= 0.01)


PROMPT = {
    "en": r"""A feature takes the values
$${{ values|join(",\\; ") }}$$
on $n = {{ values|length }}$ training samples. It is rescaled by **mean normalisation**: subtract the sample mean,
then divide by the range,
$$x' = \frac{x - \bar x}{\max(x) - \min(x)}.$$
(Note 000 prints $(x - \min)/(\max - \min)$ under this heading; that is min-max scaling.)

What is the normalised value of $x = {{ values[index] }}$? Give it to 4 decimal places.""",
    "zh": r"""某个特征在 $n = {{ values|length }}$ 个训练样本上的取值为
$${{ values|join(",\\; ") }}$$
用**均值归一化**对其缩放：减去样本均值，再除以范围，
$$x' = \frac{x - \bar x}{\max(x) - \min(x)}.$$
（笔记 000 在这个标题下印的是 $(x - \min)/(\max - \min)$，那是 min-max 归一化。）

取值 $x = {{ values[index] }}$ 归一化后是多少？保留 4 位小数。""",
}

_WORK = r"""{% set n = values|length %}{% set mean = values|sum / n %}{% set lo = values|min %}{% set hi = values|max %}
{% set result = (values[index] - mean) / (hi - lo) %}
"""

EXPLANATION = {
    "en": _WORK + r"""Mean: $\bar x = {{ "%.6g"|format(values|sum) }} / {{ n }} = {{ "%.6g"|format(mean) }}$; range: ${{ hi }} - {{ lo }} = {{ "%.6g"|format(hi - lo) }}$.
So $x' = ({{ values[index] }} - {{ "%.6g"|format(mean) }}) / {{ "%.6g"|format(hi - lo) }} = {{ "%.4f"|format(result) }}$.
Mean normalisation centres the feature at 0 (values fall in $(-1, 1)$); min-max scaling, $({{ values[index] }} - {{ lo }})/{{ "%.6g"|format(hi - lo) }} = {{ "%.4f"|format((values[index] - lo) / (hi - lo)) }}$, maps to $[0, 1]$ instead.""",
    "zh": _WORK + r"""均值：$\bar x = {{ "%.6g"|format(values|sum) }} / {{ n }} = {{ "%.6g"|format(mean) }}$；范围：${{ hi }} - {{ lo }} = {{ "%.6g"|format(hi - lo) }}$。
所以 $x' = ({{ values[index] }} - {{ "%.6g"|format(mean) }}) / {{ "%.6g"|format(hi - lo) }} = {{ "%.4f"|format(result) }}$。
均值归一化把特征的中心移到 0（取值落在 $(-1, 1)$ 内）；而 min-max 归一化 $({{ values[index] }} - {{ lo }})/{{ "%.6g"|format(hi - lo) }} = {{ "%.4f"|format((values[index] - lo) / (hi - lo)) }}$ 映射到 $[0, 1]$。""",
}
