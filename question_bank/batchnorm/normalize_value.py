"""Batch normalisation of one value in training mode: γ·(x − μ_B)/√(σ²_B + ε) + β with the biased
batch variance (003 批标准化计算过程: τ = (a − μ)/σ, a_norm = γ·τ + β)."""

import math

import numpy as np

from grader.bank.authoring import Int, Meta, Mistake, Numeric, Real, Seq, draw_distinct, draw_real

from ._stats import draw_batch, mean, variance

META = Meta(
    title={"en": "Batch normalisation of one activation", "zh": "对一个激活值做批标准化"},
    kind="numeric",
    difficulty=2,
    points=3,
    source="003 批标准化计算过程 (τ = (a_i − μ)/σ_i, a_norm = γ_i·τ + β_i); 001 Q11",
    tags=("batch normalization", "standardization", "gamma", "beta"),
    covers="batch_norm",
    check=Numeric(decimals=3, rel_tol=0.0),
)

PARAMS = {
    "values": Seq(Real(-100.0, 100.0, decimals=1), 2, 8),
    "index": Int(0, 7),
    "gamma": Real(-10.0, 10.0, decimals=1),
    "beta": Real(-10.0, 10.0, decimals=1),
}


def _standardised(p, *, unbiased=False, root=True):
    xs = p["values"]
    var = variance(xs, unbiased=unbiased)
    return (xs[p["index"]] - mean(xs)) / (math.sqrt(var) if root else var)


def answer(p: dict) -> float:
    return p["gamma"] * _standardised(p) + p["beta"]


MISTAKES = [
    Mistake(
        lambda p: p["gamma"] * _standardised(p, unbiased=True) + p["beta"],
        {
            "en": "In training mode batch normalisation divides by the batch's own (biased) standard deviation, "
                  "σ²_B = (1/n)·Σ(x − μ)², not by the sample standard deviation with n − 1.",
            "zh": "训练模式下，批标准化除以的是该批数据自身的（有偏）标准差 σ²_B = (1/n)·Σ(x − μ)²，而不是分母为 n − 1 的样本标准差。",
        },
    ),
    Mistake(
        lambda p: _standardised(p),
        {
            "en": "That is the standardised value τ. Batch normalisation then applies the learned scale and shift: γ·τ + β.",
            "zh": "这是标准化后的值 τ。批标准化接着还要用学到的缩放和平移：γ·τ + β。",
        },
    ),
    Mistake(
        lambda p: p["beta"] * _standardised(p) + p["gamma"],
        {
            "en": "γ scales and β shifts: the output is γ·τ + β, not β·τ + γ.",
            "zh": "γ 负责缩放，β 负责平移：输出是 γ·τ + β，而不是 β·τ + γ。",
        },
    ),
    Mistake(
        lambda p: p["gamma"] * _standardised(p, root=False) + p["beta"],
        {
            "en": "Divide by the standard deviation √σ²_B, not by the variance σ²_B.",
            "zh": "要除以标准差 √σ²_B，而不是方差 σ²_B。",
        },
    ),
]


def _draw(rng):
    xs = draw_batch(rng)
    return {"values": xs, "index": int(rng.integers(len(xs))),
            "gamma": draw_real(rng, 0.5, 3.0, decimals=1), "beta": draw_real(rng, -2.0, 2.0, decimals=1, min_abs=0.1)}


def generate(rng: np.random.Generator) -> dict:
    return draw_distinct(rng, _draw, answer=answer, mistakes=MISTAKES, apart=0.005,
                         keep=lambda p: p["gamma"] != 1.0 and abs(_standardised(p)) > 0.05
                         and abs(answer(p) * 1e3 % 1 - 0.5) > 0.01)  # no key halfway between two roundings


PROMPT = {
    "en": r"""A batch-normalisation layer in training mode receives, for one neuron, the mini-batch values
$$x = ({{ values|join(",\\ ") }}).$$
Its learned parameters for this neuron are $\gamma = {{ gamma }}$ and $\beta = {{ beta }}$; take $\varepsilon = 0$. As in PyTorch, it
normalises with the batch mean and the batch variance $\sigma_B^2 = \frac1n \sum_i (x_i - \mu_B)^2$.

What does it output for the {{ ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth"][index] }} value, $x_{ {{ index + 1 }} } = {{ values[index] }}$? Give the answer to 3 decimal places.""",
    "zh": r"""一个处于训练模式的批标准化层，对某个神经元收到 mini-batch 中的值
$$x = ({{ values|join(",\\ ") }}).$$
它对该神经元学到的参数为 $\gamma = {{ gamma }}$，$\beta = {{ beta }}$；取 $\varepsilon = 0$。与 PyTorch 一样，它用批均值和批方差
$\sigma_B^2 = \frac1n \sum_i (x_i - \mu_B)^2$ 做标准化。

对第 {{ index + 1 }} 个值 $x_{ {{ index + 1 }} } = {{ values[index] }}$，它的输出是多少？答案保留 3 位小数。""",
}

_WORK = r"""{% macro total(xs) %}{% for v in xs %}{% if not loop.first %} + {% endif %}{% if v < 0 and not loop.first %}({{ v }}){% else %}{{ v }}{% endif %}{% endfor %}{% endmacro %}
{% macro num(v, f="%.4f") %}{% if v < 0 %}({{ f|format(v) }}){% else %}{{ f|format(v) }}{% endif %}{% endmacro %}
{% set n = values|length %}{% set mu = (values|sum) / n %}
{% set ns = namespace(ss=0) %}{% for v in values %}{% set ns.ss = ns.ss + (v - mu) ** 2 %}{% endfor %}
{% set var = ns.ss / n %}{% set sd = var ** 0.5 %}{% set tau = (values[index] - mu) / sd %}{% set out = gamma * tau + beta %}
"""

EXPLANATION = {
    "en": _WORK + r"""Batch mean: $\mu_B = \frac{1}{ {{ n }} }({{ total(values) }}) = {{ "%.4f"|format(mu) }}$.
Batch variance (divide by $n = {{ n }}$): $\sigma_B^2 = {{ "%.4f"|format(ns.ss) }} / {{ n }} = {{ "%.4f"|format(var) }}$, so $\sigma_B = {{ "%.4f"|format(sd) }}$.
Standardise: $\tau = \dfrac{ {{ values[index] }} - {{ num(mu) }} }{ {{ "%.4f"|format(sd) }} } = {{ "%.4f"|format(tau) }}$.
Scale and shift: $\gamma\tau + \beta = {{ gamma }} \times {{ num(tau) }} + {{ num(beta, "%g") }} = {{ "%.5f"|format(out) }}$, i.e. {{ "%.3f"|format(out) }} to 3 decimal places.
Standardising gives the batch mean 0 and variance 1 (it does not make the values normally distributed); $\gamma$ and
$\beta$ then let the network choose the scale and offset it needs. At test time the running averages replace
$\mu_B$ and $\sigma_B^2$.""",
    "zh": _WORK + r"""批均值：$\mu_B = \frac{1}{ {{ n }} }({{ total(values) }}) = {{ "%.4f"|format(mu) }}$。
批方差（除以 $n = {{ n }}$）：$\sigma_B^2 = {{ "%.4f"|format(ns.ss) }} / {{ n }} = {{ "%.4f"|format(var) }}$，所以 $\sigma_B = {{ "%.4f"|format(sd) }}$。
标准化：$\tau = \dfrac{ {{ values[index] }} - {{ num(mu) }} }{ {{ "%.4f"|format(sd) }} } = {{ "%.4f"|format(tau) }}$。
缩放与平移：$\gamma\tau + \beta = {{ gamma }} \times {{ num(tau) }} + {{ num(beta, "%g") }} = {{ "%.5f"|format(out) }}$，保留 3 位小数为 {{ "%.3f"|format(out) }}。
标准化使这一批值的均值为 0、方差为 1（并不会让它们服从正态分布）；$\gamma$ 和 $\beta$ 再让网络自己选择需要的尺度和偏移。
测试时用滑动平均得到的统计量代替 $\mu_B$ 和 $\sigma_B^2$。""",
}
