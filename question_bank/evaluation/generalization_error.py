"""Expected generalisation error at a point: Err(x) = Bias² + var + noise (000; erratum 8: 003's
"bias + variance + noise" drops the square), from the predictions of models trained on different
training sets and the noise variance of the labels.

Worked example: predictions 2.0, 2.4, 2.6, 3.0, true value 3.0, noise 0.05 give
0.25 + 0.13 + 0.05 = 0.43: --params '{"preds": [2.0, 2.4, 2.6, 3.0], "truth": 3.0, "noise": 0.05}'
"""

import numpy as np

from grader.bank.authoring import Meta, Mistake, Numeric, Real, Seq, draw_distinct, rounded

from ._bias_variance import bias2, draw_predictions, mean, sample_variance, variance

META = Meta(
    title={"en": "Generalisation error = bias² + variance + noise", "zh": "泛化误差 = 偏差² + 方差 + 噪声"},
    kind="numeric",
    difficulty=3,
    points=3,
    source="000 误差来源分析 (泛化误差=偏差的平方+方差+噪声); 003 Error来源分析",
    tags=("evaluation", "bias", "variance", "noise", "generalisation"),
    covers="bias_variance",
    check=Numeric(decimals=4),
)

PARAMS = {
    "preds": Seq(Real(-100, 100, decimals=1), min_len=3, max_len=8),
    "truth": Real(-100, 100, decimals=1),
    "noise": Real(0, 10, decimals=2),
}


def _draw(rng):
    preds, truth = draw_predictions(rng)
    return {"preds": preds, "truth": truth, "noise": rounded(rng.uniform(0.02, 0.5), 2)}


def generate(rng: np.random.Generator) -> dict:
    return draw_distinct(rng, _draw, answer=answer, mistakes=MISTAKES, apart=0.002,
                         keep=lambda p: variance(p["preds"]) >= 0.02 and bias2(p["preds"], p["truth"]) >= 0.05)


def answer(p: dict) -> float:
    return bias2(p["preds"], p["truth"]) + variance(p["preds"]) + p["noise"]


MISTAKES = [
    Mistake(
        lambda p: abs(mean(p["preds"]) - p["truth"]) + variance(p["preds"]) + p["noise"],
        {"en": "You added the bias |f̄ − y| itself. The decomposition of the squared error has the SQUARED bias: "
               "Err = bias² + variance + noise (003's \"bias + variance + noise\" drops the square; 000 has it right).",
         "zh": "你加的是偏差 |f̄ − y| 本身。平方误差的分解中是偏差的平方：Err = 偏差² + 方差 + 噪声"
               "（003 写成“bias + variance + noise”漏了平方；000 是对的）。"},
    ),
    Mistake(
        lambda p: bias2(p["preds"], p["truth"]) + variance(p["preds"]),
        {"en": "You left out the noise. The labels y_D in the data differ from the true value, and that error is in "
               "every prediction's expected squared error: Err = bias² + variance + noise.",
         "zh": "你漏了噪声。数据集中的标记 y_D 与真实值不同，这部分误差包含在每个预测的期望平方误差中：Err = 偏差² + 方差 + 噪声。"},
    ),
    Mistake(
        lambda p: bias2(p["preds"], p["truth"]) + sample_variance(p["preds"]) + p["noise"],
        {"en": "You divided the variance by m − 1. The expectation E_D over the m training sets is their mean: divide by m.",
         "zh": "你把方差除以了 m − 1。对 m 个训练集求期望 E_D 就是取平均：应除以 m。"},
    ),
    Mistake(
        lambda p: bias2(p["preds"], p["truth"]) + variance(p["preds"]) + p["noise"] ** 0.5,
        {"en": "The noise term is already a variance, ε = E_D[(y_D − y)²]; add it as given, not its square root.",
         "zh": "噪声项本身已经是方差 ε = E_D[(y_D − y)²]；直接加上它，不要开平方。"},
    ),
]

PROMPT = {
    "en": r"""The same learning algorithm is trained on {{ preds|length }} different training sets $D_1, \dots, D_{ {{- preds|length -}} }$ of
equal size. At a test point $x$ the trained models predict
$$f(x; D_j) = {{ preds|join(",\\ ") }}.$$
The true value at $x$ is $y = {{ truth }}$ (the notes write it $\hat y$), but the labels in a data set are noisy:
$y_D = y + e$ with $E[e] = 0$, independent of the training set, and noise $\varepsilon = E_D\left[(y_D - y)^2\right] = {{ "%.2f"|format(noise) }}$.
Take $E_D$ over training sets as the plain mean over these {{ preds|length }} models.

What is the expected squared error $\mathrm{Err}(x) = E_D\left[(y_D - f(x; D))^2\right]$? Give it to 4 decimal places.""",
    "zh": r"""同一个学习算法在 {{ preds|length }} 个样本数相同的不同训练集 $D_1, \dots, D_{ {{- preds|length -}} }$ 上分别训练。
在测试样本 $x$ 上，训练出的模型的预测为
$$f(x; D_j) = {{ preds|join(",\\ ") }}。$$
$x$ 的真实值为 $y = {{ truth }}$（笔记中记作 $\hat y$），但数据集中的标记带有噪声：$y_D = y + e$，$E[e] = 0$，与训练集无关，
噪声 $\varepsilon = E_D\left[(y_D - y)^2\right] = {{ "%.2f"|format(noise) }}$。对训练集的期望 $E_D$ 取这 {{ preds|length }} 个模型的简单平均。

期望平方误差 $\mathrm{Err}(x) = E_D\left[(y_D - f(x; D))^2\right]$ 是多少？结果保留 4 位小数。""",
}

_STATS = r"""{% set m = preds|length %}{% set f_bar = preds|sum / m %}
{% set ns = namespace(s=0.0) %}{% for f in preds %}{% set ns.s = ns.s + (f - f_bar) ** 2 %}{% endfor %}
{% set var = ns.s / m %}{% set b2 = (f_bar - truth) ** 2 %}
"""

EXPLANATION = {
    "en": _STATS + r"""Decompose the expected squared error (the cross terms vanish because $E[e] = 0$ and $E_D[f - \bar f] = 0$):
$\mathrm{Err}(x) = \mathrm{Bias}^2(x) + \mathrm{var}(x) + \varepsilon$.

- $\bar f(x) = \frac{1}{ {{- m -}} }\left({{ preds|join(" + ") }}\right) = {{ "%.4f"|format(f_bar) }}$
- $\mathrm{Bias}^2 = ({{ "%.4f"|format(f_bar) }} - {{ truth }})^2 = {{ "%.6f"|format(b2) }}$
- $\mathrm{var} = \frac{1}{ {{- m -}} }\sum_j (f(x; D_j) - \bar f)^2 = {{ "%.6f"|format(var) }}$
- $\varepsilon = {{ "%.2f"|format(noise) }}$

$\mathrm{Err}(x) = {{ "%.6f"|format(b2) }} + {{ "%.6f"|format(var) }} + {{ "%.2f"|format(noise) }} = {{ "%.6f"|format(b2 + var + noise) }} \approx {{ "%.4f"|format(b2 + var + noise) }}$.
It is the squared bias that enters: 003's "Error = bias + variance + noise" drops the square (000 has it right).""",
    "zh": _STATS + r"""对期望平方误差做分解（由于 $E[e] = 0$、$E_D[f - \bar f] = 0$，交叉项为零）：
$\mathrm{Err}(x) = \mathrm{Bias}^2(x) + \mathrm{var}(x) + \varepsilon$。

- $\bar f(x) = \frac{1}{ {{- m -}} }\left({{ preds|join(" + ") }}\right) = {{ "%.4f"|format(f_bar) }}$
- $\mathrm{Bias}^2 = ({{ "%.4f"|format(f_bar) }} - {{ truth }})^2 = {{ "%.6f"|format(b2) }}$
- $\mathrm{var} = \frac{1}{ {{- m -}} }\sum_j (f(x; D_j) - \bar f)^2 = {{ "%.6f"|format(var) }}$
- $\varepsilon = {{ "%.2f"|format(noise) }}$

$\mathrm{Err}(x) = {{ "%.6f"|format(b2) }} + {{ "%.6f"|format(var) }} + {{ "%.2f"|format(noise) }} = {{ "%.6f"|format(b2 + var + noise) }} \approx {{ "%.4f"|format(b2 + var + noise) }}$。
进入分解的是偏差的平方：003 写的“Error = bias + variance + noise”漏了平方（000 是对的）。""",
}
