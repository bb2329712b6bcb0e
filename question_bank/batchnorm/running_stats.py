"""PyTorch's running statistics: running ← (1 − momentum)·running + momentum·batch statistic, with the
unbiased batch variance for running_var (erratum 32: PyTorch's momentum weights the new batch; Keras's
0.99 weights the old value)."""

import numpy as np

from grader.bank.authoring import Meta, Mistake, Numeric, OneOf, Real, Seq, draw_distinct, draw_real

from ._stats import draw_batch, mean, variance

META = Meta(
    title={"en": "Batch normalisation: running statistics", "zh": "批标准化：滑动平均的统计量"},
    kind="numeric",
    difficulty=3,
    points=3,
    source="003 批标准化 (测试时的统计量); 001 Q11 — running statistics are PyTorch's convention, not in the notes",
    tags=("batch normalization", "running mean", "momentum", "pytorch"),
    covers="batch_norm",
    check=Numeric(decimals=4, rel_tol=0.0),
)

PARAMS = {
    "values": Seq(Real(-100.0, 100.0, decimals=1), 2, 8),
    "running": Real(-100.0, 100.0, decimals=2),
    "momentum": OneOf((0.05, 0.1, 0.2, 0.3)),
    "stat": OneOf(("mean", "var")),
}


def _batch(p, *, unbiased=True):
    return mean(p["values"]) if p["stat"] == "mean" else variance(p["values"], unbiased=unbiased)


def answer(p: dict) -> float:
    m = p["momentum"]
    return (1 - m) * p["running"] + m * _batch(p)


MISTAKES = [
    Mistake(
        lambda p: p["momentum"] * p["running"] + (1 - p["momentum"]) * _batch(p),
        {
            "en": "PyTorch's momentum is the weight of the new batch: running = (1 − momentum)·running + momentum·batch. "
                  "(Keras's momentum = 0.99 is the weight of the old value; the two conventions are opposite.)",
            "zh": "PyTorch 的 momentum 是新批次的权重：running = (1 − momentum)·running + momentum·batch。"
                  "（Keras 的 momentum = 0.99 是旧值的权重，两种约定正好相反。）",
        },
    ),
    Mistake(
        lambda p: _batch(p),
        {
            "en": "The running statistic is an exponential moving average: it keeps (1 − momentum) of its old value instead of "
                  "being replaced by the batch statistic.",
            "zh": "滑动统计量是指数滑动平均：它保留旧值的 (1 − momentum)，而不是直接被批统计量替换。",
        },
    ),
    Mistake(
        lambda p: (1 - p["momentum"]) * p["running"] + p["momentum"] * _batch(p, unbiased=False) if p["stat"] == "var" else None,
        {
            "en": "PyTorch normalises the batch with the biased variance (÷ n) but updates running_var with the unbiased one "
                  "(÷ (n − 1)), since running_var estimates the population's variance.",
            "zh": "PyTorch 用有偏方差（÷ n）标准化这一批数据，但用无偏方差（÷ (n − 1)）更新 running_var，因为 running_var 估计的是总体方差。",
        },
    ),
]


def _draw(rng):
    stat = str(rng.choice(["mean", "var"]))
    running = draw_real(rng, -1.0, 2.0, decimals=2) if stat == "mean" else draw_real(rng, 0.5, 4.0, decimals=2)
    return {"values": draw_batch(rng), "running": running, "momentum": [0.1, 0.1, 0.05, 0.2, 0.3][int(rng.integers(5))],
            "stat": stat}


def generate(rng: np.random.Generator) -> dict:
    # No key halfway between two 4-decimal roundings (the data are short decimals, so ties would occur).
    return draw_distinct(rng, _draw, answer=answer, mistakes=MISTAKES, apart=0.001,
                         keep=lambda p: abs(answer(p) * 1e4 % 1 - 0.5) > 0.01)


PROMPT = {
    "en": r"""A PyTorch `nn.BatchNorm1d` layer with `momentum={{ momentum }}` is in training mode. For one feature its running
{{ "mean" if stat == "mean" else "variance" }} is currently `running_{{ stat }} = {{ running }}`. A forward pass on a mini-batch in which this feature takes the values
$$x = ({{ values|join(",\\ ") }})$$
updates the running statistic the way PyTorch does.

What is `running_{{ stat }}` for this feature after the update? Give the answer to 4 decimal places.""",
    "zh": r"""一个 PyTorch 的 `nn.BatchNorm1d` 层（`momentum={{ momentum }}`）处于训练模式。某个特征当前的滑动{{ "均值" if stat == "mean" else "方差" }}为
`running_{{ stat }} = {{ running }}`。在一个 mini-batch 上做一次前向传播，该特征在这一批中的取值为
$$x = ({{ values|join(",\\ ") }})$$
并按 PyTorch 的方式更新滑动统计量。

更新后该特征的 `running_{{ stat }}` 是多少？答案保留 4 位小数。""",
}

_WORK = r"""{% macro total(xs) %}{% for v in xs %}{% if not loop.first %} + {% endif %}{% if v < 0 and not loop.first %}({{ v }}){% else %}{{ v }}{% endif %}{% endfor %}{% endmacro %}
{% set n = values|length %}{% set mu = (values|sum) / n %}
{% set ns = namespace(ss=0) %}{% for v in values %}{% set ns.ss = ns.ss + (v - mu) ** 2 %}{% endfor %}
{% set batch = mu if stat == "mean" else ns.ss / (n - 1) %}{% set new = (1 - momentum) * running + momentum * batch %}
"""

EXPLANATION = {
    "en": _WORK + r"""{% if stat == "mean" %}The batch mean is $\mu_B = \frac{1}{ {{ n }} }({{ total(values) }}) = {{ "%.5f"|format(mu) }}$.
{% else %}The batch mean is $\mu_B = {{ "%.5f"|format(mu) }}$ and, for the running variance, PyTorch uses the **unbiased** batch variance
$s^2 = \frac{1}{n - 1}\sum_i (x_i - \mu_B)^2 = {{ "%.5f"|format(ns.ss) }} / {{ n - 1 }} = {{ "%.5f"|format(batch) }}$
(the batch itself is normalised with the biased one, $\div {{ n }}$).
{% endif %}
PyTorch's momentum weights the **new** batch:
$$\text{running} \leftarrow (1 - {{ momentum }}) \times {{ running }} + {{ momentum }} \times {{ ("(%.5f)" if batch < 0 else "%.5f")|format(batch) }} = {{ "%.6f"|format(new) }},$$
i.e. {{ "%.4f"|format(new) }} to 4 decimal places. In Keras the convention is the other way round (`momentum=0.99` keeps 99 % of the old
value). The running statistics are used instead of the batch statistics in evaluation mode.""",
    "zh": _WORK + r"""{% if stat == "mean" %}批均值为 $\mu_B = \frac{1}{ {{ n }} }({{ total(values) }}) = {{ "%.5f"|format(mu) }}$。
{% else %}批均值为 $\mu_B = {{ "%.5f"|format(mu) }}$；更新滑动方差时，PyTorch 使用**无偏**的批方差
$s^2 = \frac{1}{n - 1}\sum_i (x_i - \mu_B)^2 = {{ "%.5f"|format(ns.ss) }} / {{ n - 1 }} = {{ "%.5f"|format(batch) }}$
（而这一批数据本身用有偏方差，即 $\div {{ n }}$，做标准化）。
{% endif %}
PyTorch 的 momentum 是**新**批次的权重：
$$\text{running} \leftarrow (1 - {{ momentum }}) \times {{ running }} + {{ momentum }} \times {{ ("(%.5f)" if batch < 0 else "%.5f")|format(batch) }} = {{ "%.6f"|format(new) }},$$
保留 4 位小数为 {{ "%.4f"|format(new) }}。Keras 的约定正好相反（`momentum=0.99` 保留旧值的 99%）。评估模式下使用滑动统计量而不是批统计量。""",
}
