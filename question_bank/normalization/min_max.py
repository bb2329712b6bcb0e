"""Min-max scaling x′ = (x − min)/(max − min) with the training set's min and max.

Half of the variants scale a new (test) value with the training statistics, which may fall outside
[0, 1]: scaling does not clip, and the statistics are not recomputed on test data. No worked example
in the notes.
"""

import numpy as np

from grader.bank.authoring import Meta, Mistake, Numeric, OneOf, Real, Seq, draw_distinct, rounded

from ._features import draw_values, mean, sample_std, spread

META = Meta(
    title={"en": "Min-max scaling", "zh": "最小最大归一化（min-max）"},
    kind="numeric",
    difficulty=1,
    points=2,
    source="000 特征缩放/标准化 Feature Scaling; 003 特征标准化 min-max标准化",
    tags=("feature scaling", "min-max", "normalisation"),
    covers="feature_scaling",
    check=Numeric(decimals=4),
)

PARAMS = {
    "values": Seq(Real(-10_000.0, 10_000.0, decimals=1), 3, 12),
    "x": Real(-10_000.0, 10_000.0, decimals=1),
    "sample": OneOf(("train", "test")),
}


def answer(p: dict) -> float:
    v = p["values"]
    return (p["x"] - min(v)) / spread(v)


MISTAKES = [
    Mistake(
        lambda p: (p["x"] - mean(p["values"])) / spread(p["values"]),
        {
            "en": "That is mean normalisation, (x − x̄)/(max − min). Min-max scaling subtracts the minimum.",
            "zh": "这是均值归一化 (x − x̄)/(max − min)。min-max 归一化减去的是最小值。",
        },
    ),
    Mistake(
        lambda p: p["x"] / max(p["values"]),
        {
            "en": "Dividing by the maximum alone is not min-max scaling: subtract the minimum, then divide by the range max − min.",
            "zh": "只除以最大值不是 min-max 归一化：先减去最小值，再除以范围 max − min。",
        },
    ),
    Mistake(
        lambda p: (max(p["values"]) - p["x"]) / spread(p["values"]),
        {
            "en": "That measures the distance from the maximum: min-max maps the minimum to 0 and the maximum to 1, so use x − min.",
            "zh": "这算的是到最大值的距离：min-max 把最小值映射为 0、最大值映射为 1，分子应为 x − min。",
        },
    ),
    Mistake(
        lambda p: (p["x"] - mean(p["values"])) / sample_std(p["values"]),
        {
            "en": "That is the z-score (x − x̄)/s. Min-max scaling uses the minimum and the range.",
            "zh": "这是 z-score (x − x̄)/s。min-max 归一化用的是最小值和范围。",
        },
    ),
    Mistake(
        lambda p: min(1.0, max(0.0, answer(p))) if p["sample"] == "test" and not 0 <= answer(p) <= 1 else None,
        {
            "en": "Scale test data with the training minimum and maximum, and do not clip: a test value outside the "
                  "training range maps outside [0, 1]. (Clipping, or recomputing min and max with the test value, gives 0 or 1.)",
            "zh": "测试数据要用训练集的最小值和最大值来缩放，而且不截断：超出训练集范围的测试值会被映射到 [0, 1] 之外。"
                  "（截断，或把测试值加进去重新计算最小值和最大值，都会得到 0 或 1。）",
        },
    ),
]


def _draw(rng):
    values = draw_values(rng)
    if rng.random() < 0.5:
        return {"values": values, "x": values[int(rng.integers(len(values)))], "sample": "train"}
    lo, hi = min(values), max(values)
    width = hi - lo
    return {"values": values, "x": rounded(rng.uniform(lo - 0.4 * width, hi + 0.4 * width), 1), "sample": "test"}


def generate(rng: np.random.Generator) -> dict:
    return draw_distinct(rng, _draw, answer=answer, mistakes=MISTAKES, apart=1e-3,
                         keep=lambda p: p["x"] not in (min(p["values"]), max(p["values"]))
                         and (p["sample"] == "train" or p["x"] not in p["values"]))


PROMPT = {
    "en": r"""A feature takes the values
$${{ values|join(",\\; ") }}$$
on the $n = {{ values|length }}$ training samples. It is rescaled by **min-max scaling**,
$x' = \dfrac{x - \min(x)}{\max(x) - \min(x)}$, with the minimum and maximum of the training set.

{% if sample == "train" %}What is the scaled value of the training value $x = {{ x }}$?{% else %}A new test sample has $x = {{ x }}$. What is its scaled value?{% endif %} Give it to 4 decimal places.""",
    "zh": r"""某个特征在 $n = {{ values|length }}$ 个训练样本上的取值为
$${{ values|join(",\\; ") }}$$
用训练集的最小值和最大值对其做**最小最大归一化**（min-max）：$x' = \dfrac{x - \min(x)}{\max(x) - \min(x)}$。

{% if sample == "train" %}训练集中的取值 $x = {{ x }}$ 缩放后是多少？{% else %}一个新的测试样本取值为 $x = {{ x }}$，缩放后是多少？{% endif %}保留 4 位小数。""",
}

_WORK = r"""{% set lo = values|min %}{% set hi = values|max %}{% set result = (x - lo) / (hi - lo) %}
"""

EXPLANATION = {
    "en": _WORK + r"""The training minimum is ${{ lo }}$ and the maximum ${{ hi }}$, so the range is ${{ "%.6g"|format(hi - lo) }}$ and
$x' = ({{ x }} - {{ lo }}) / {{ "%.6g"|format(hi - lo) }} = {{ "%.4f"|format(result) }}$.
{% if sample == "test" %}The test value is scaled with the training statistics{% if result < 0 or result > 1 %}; it lies outside the training range, so its scaled value lies outside $[0, 1]$ — min-max scaling does not clip{% endif %}.
{% else %}Training values land in $[0, 1]$: the minimum at 0, the maximum at 1.
{% endif %}Putting features on a similar scale lets gradient descent progress at a similar speed in every direction.""",
    "zh": _WORK + r"""训练集的最小值为 ${{ lo }}$，最大值为 ${{ hi }}$，范围为 ${{ "%.6g"|format(hi - lo) }}$，所以
$x' = ({{ x }} - {{ lo }}) / {{ "%.6g"|format(hi - lo) }} = {{ "%.4f"|format(result) }}$。
{% if sample == "test" %}测试值要用训练集的统计量来缩放{% if result < 0 or result > 1 %}；它超出了训练集的范围，所以缩放后落在 $[0, 1]$ 之外——min-max 归一化不会截断{% endif %}。
{% else %}训练集的取值都落在 $[0, 1]$ 内：最小值对应 0，最大值对应 1。
{% endif %}把各个特征缩放到相近的尺度，可以让梯度下降在各个方向上以相近的速度收敛。""",
}
