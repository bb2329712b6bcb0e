"""Bias² or variance at one point from the predictions of models trained on different training sets
(000 误差来源分析: f̄ = E_D[f(x; D)], Bias² = (f̄ − y)², var = E_D[(f − f̄)²]).

Worked example for the explanation: predictions 2.0, 2.4, 2.6, 3.0 with true value 3.0 give f̄ = 2.5,
bias² = 0.25, variance = 0.13:
--params '{"preds": [2.0, 2.4, 2.6, 3.0], "truth": 3.0, "ask": "bias2"}'
"""

import numpy as np

from grader.bank.authoring import Meta, Mistake, Numeric, OneOf, Real, Seq, draw_distinct

from ._bias_variance import bias2, draw_predictions, mean, mean_squared_error, sample_variance, variance

META = Meta(
    title={"en": "Bias² and variance at a point", "zh": "某一点上的偏差平方与方差"},
    kind="numeric",
    difficulty=2,
    points=2,
    source="000 误差来源分析 (偏差bias, 方差variance)",
    tags=("evaluation", "bias", "variance", "generalisation"),
    covers="bias_variance",
    check=Numeric(decimals=4),
)

PARAMS = {
    "preds": Seq(Real(-100, 100, decimals=1), min_len=3, max_len=8),
    "truth": Real(-100, 100, decimals=1),
    "ask": OneOf(("bias2", "variance")),
}


def _draw(rng):
    preds, truth = draw_predictions(rng)
    return {"preds": preds, "truth": truth, "ask": str(rng.choice(["bias2", "variance"]))}


def generate(rng: np.random.Generator) -> dict:
    return draw_distinct(rng, _draw, answer=answer, mistakes=MISTAKES, apart=0.002,
                         keep=lambda p: variance(p["preds"]) >= 0.02 and bias2(p["preds"], p["truth"]) >= 0.05)


def answer(p: dict) -> float:
    if p["ask"] == "bias2":
        return bias2(p["preds"], p["truth"])
    return variance(p["preds"])


MISTAKES = [
    Mistake(
        lambda p: abs(mean(p["preds"]) - p["truth"]) if p["ask"] == "bias2" else None,
        {"en": "That is |f̄ − y|, the bias itself. The question asks for the squared bias (f̄ − y)², the term that "
               "enters the error decomposition.",
         "zh": "这是 |f̄ − y|，即偏差本身。题目问的是偏差的平方 (f̄ − y)²，也就是误差分解中出现的那一项。"},
    ),
    Mistake(
        lambda p: mean_squared_error(p["preds"], p["truth"]),
        {"en": "That is the mean of (f − y)², the models' squared error around the true value: it is bias² + variance. "
               "Bias² compares the MEAN prediction f̄ with y; the variance measures the spread of f around f̄.",
         "zh": "这是 (f − y)² 的平均值，即各模型相对真实值的平方误差，它等于 偏差² + 方差。偏差² 比较的是平均预测 f̄ 与 y；"
               "方差衡量的是 f 围绕 f̄ 的离散程度。"},
    ),
    Mistake(
        lambda p: sample_variance(p["preds"]) if p["ask"] == "variance" else None,
        {"en": "You divided by m − 1. The variance here is an expectation over the training sets, E_D[(f − f̄)²]: "
               "the mean over the m models, dividing by m.",
         "zh": "你除以了 m − 1。这里的方差是对训练集求期望 E_D[(f − f̄)²]：对 m 个模型取平均，应除以 m。"},
    ),
    Mistake(
        lambda p: variance(p["preds"]) if p["ask"] == "bias2" else bias2(p["preds"], p["truth"]),
        {"en": "You computed the other quantity: bias² = (f̄ − y)² measures how far the mean prediction is from the "
               "truth; the variance E_D[(f − f̄)²] measures how much the predictions scatter around their mean.",
         "zh": "你算成了另一个量：偏差² = (f̄ − y)² 衡量平均预测离真实值多远；方差 E_D[(f − f̄)²] 衡量各预测围绕其均值的离散程度。"},
    ),
    Mistake(
        lambda p: variance(p["preds"]) ** 0.5 if p["ask"] == "variance" else None,
        {"en": "That is the standard deviation; the variance is its square, E_D[(f − f̄)²].",
         "zh": "这是标准差；方差是它的平方 E_D[(f − f̄)²]。"},
    ),
]

PROMPT = {
    "en": r"""The same learning algorithm is trained on {{ preds|length }} different training sets $D_1, \dots, D_{ {{- preds|length -}} }$ of
equal size. At a test point $x$ the trained models predict
$$f(x; D_j) = {{ preds|join(",\\ ") }}$$
and the true value at $x$ is $y = {{ truth }}$ (the notes write the true label as $\hat y$). Take the expectation
$E_D$ over training sets as the plain mean over these {{ preds|length }} models (divide by {{ preds|length }}).

{% if ask == "bias2" %}Compute the squared bias $\mathrm{Bias}^2(x) = \left(\bar f(x) - y\right)^2$, where $\bar f(x) = E_D[f(x; D)]$.{% else %}Compute the variance $\mathrm{var}(x) = E_D\left[\left(f(x; D) - \bar f(x)\right)^2\right]$, where $\bar f(x) = E_D[f(x; D)]$.{% endif %}


Give the result to 4 decimal places.""",
    "zh": r"""同一个学习算法在 {{ preds|length }} 个样本数相同的不同训练集 $D_1, \dots, D_{ {{- preds|length -}} }$ 上分别训练。
在测试样本 $x$ 上，训练出的模型的预测为
$$f(x; D_j) = {{ preds|join(",\\ ") }}$$
$x$ 的真实值为 $y = {{ truth }}$（笔记中把真实标记记作 $\hat y$）。对训练集的期望 $E_D$ 取这 {{ preds|length }} 个模型的简单平均（除以 {{ preds|length }}）。

{% if ask == "bias2" %}求偏差的平方 $\mathrm{Bias}^2(x) = \left(\bar f(x) - y\right)^2$，其中 $\bar f(x) = E_D[f(x; D)]$。{% else %}求方差 $\mathrm{var}(x) = E_D\left[\left(f(x; D) - \bar f(x)\right)^2\right]$，其中 $\bar f(x) = E_D[f(x; D)]$。{% endif %}


结果保留 4 位小数。""",
}

_STATS = r"""{% set m = preds|length %}{% set f_bar = preds|sum / m %}
{% set ns = namespace(s=0.0) %}{% for f in preds %}{% set ns.s = ns.s + (f - f_bar) ** 2 %}{% endfor %}
{% set var = ns.s / m %}{% set b2 = (f_bar - truth) ** 2 %}
"""

EXPLANATION = {
    "en": _STATS + r"""The expected prediction is $\bar f(x) = \frac{1}{ {{- m -}} }\left({{ preds|join(" + ") }}\right) = {{ "%.4f"|format(f_bar) }}$.
{% if ask == "bias2" %}
$\mathrm{Bias}^2(x) = \left(\bar f(x) - y\right)^2 = \left({{ "%.4f"|format(f_bar) }} - {{ truth }}\right)^2 = {{ "%.6f"|format(b2) }} \approx {{ "%.4f"|format(b2) }}$.
The bias compares the *mean* prediction with the truth; how much the single models scatter around that mean is the
variance (here {{ "%.4f"|format(var) }}), a separate term.
{% else %}
$\mathrm{var}(x) = \frac{1}{ {{- m -}} }\sum_j \left(f(x; D_j) - \bar f(x)\right)^2 = \frac{1}{ {{- m -}} }\left({% for f in preds %}({{ "%.4f"|format(f - f_bar) }})^2{{ " + " if not loop.last }}{% endfor %}\right) = {{ "%.6f"|format(var) }} \approx {{ "%.4f"|format(var) }}$.
The expectation is over training sets, so divide by {{ m }}, not {{ m - 1 }}; the variance measures the scatter of the
predictions around their own mean, whatever the truth (the squared bias here is {{ "%.4f"|format(b2) }}).
{% endif %}
Together: the models' mean squared error around $y$ is $\mathrm{Bias}^2 + \mathrm{var} = {{ "%.4f"|format(b2 + var) }}$.""",
    "zh": _STATS + r"""期望预测为 $\bar f(x) = \frac{1}{ {{- m -}} }\left({{ preds|join(" + ") }}\right) = {{ "%.4f"|format(f_bar) }}$。
{% if ask == "bias2" %}
$\mathrm{Bias}^2(x) = \left(\bar f(x) - y\right)^2 = \left({{ "%.4f"|format(f_bar) }} - {{ truth }}\right)^2 = {{ "%.6f"|format(b2) }} \approx {{ "%.4f"|format(b2) }}$。
偏差比较的是*平均*预测与真实值；各个模型围绕平均值的离散程度是方差（这里为 {{ "%.4f"|format(var) }}），是另一项。
{% else %}
$\mathrm{var}(x) = \frac{1}{ {{- m -}} }\sum_j \left(f(x; D_j) - \bar f(x)\right)^2 = \frac{1}{ {{- m -}} }\left({% for f in preds %}({{ "%.4f"|format(f - f_bar) }})^2{{ " + " if not loop.last }}{% endfor %}\right) = {{ "%.6f"|format(var) }} \approx {{ "%.4f"|format(var) }}$。
期望是对训练集求的，所以除以 {{ m }} 而不是 {{ m - 1 }}；方差衡量的是预测围绕它们自己均值的离散程度，与真实值无关（这里偏差的平方为 {{ "%.4f"|format(b2) }}）。
{% endif %}
两者合起来：各模型相对 $y$ 的平均平方误差为 $\mathrm{Bias}^2 + \mathrm{var} = {{ "%.4f"|format(b2 + var) }}$。""",
}
