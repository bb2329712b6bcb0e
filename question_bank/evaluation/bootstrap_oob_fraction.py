"""Bootstrap: expected fraction of samples never drawn in n draws with replacement, (1 - 1/n)^n."""

import math

import numpy as np

from grader.bank.authoring import Int, Meta, Mistake, Numeric, draw_distinct

META = Meta(
    title={"en": "Bootstrap: samples never drawn", "zh": "自助法：从未被抽到的样本比例"},
    kind="numeric",
    difficulty=1,
    points=2,
    source="003 模型评估方法 自助法",
    tags=("evaluation", "bootstrap", "out-of-bag"),
    covers="data_splits",
    check=Numeric(sig_figs=4),
)

PARAMS = {
    "n": Int(2, 1_000_000),
}


def _half_unit(x, figs=4):
    return 0.5 * 10.0 ** (math.floor(math.log10(abs(x))) - figs + 1)


def _draw(rng):
    if rng.random() < 0.5:
        return {"n": int(rng.integers(3, 31))}
    return {"n": int(rng.choice([40, 50, 60, 75, 80, 100, 120, 150, 200, 250]))}


def generate(rng: np.random.Generator) -> dict:
    # Up to a few hundred samples: beyond that (1 - 1/n)^n agrees with 1/e to 4 significant figures
    # and the question would no longer tell the exact value from the limit.
    return draw_distinct(rng, _draw, answer=answer, mistakes=MISTAKES, apart=lambda key: 4 * _half_unit(key),
                         pairwise=False)


def answer(p: dict) -> float:
    n = p["n"]
    return (1 - 1 / n) ** n


MISTAKES = [
    Mistake(
        lambda p: math.exp(-1),
        {
            "en": "1/e ≈ 0.3679 is the limit as n → ∞. For a finite n the fraction is (1 − 1/n)^n, which is a little smaller.",
            "zh": "1/e ≈ 0.3679 是 n → ∞ 时的极限；对有限的 n，比例是 (1 − 1/n)^n，比 1/e 略小。",
        },
    ),
    Mistake(
        lambda p: 1 - (1 - 1 / p["n"]) ** p["n"],
        {
            "en": "That is the fraction drawn at least once (the in-bag part). The question asks for the samples never drawn.",
            "zh": "这是至少被抽到一次的样本比例（袋内样本）。题目问的是从未被抽到的样本比例。",
        },
    ),
    Mistake(
        lambda p: 1 - 1 / p["n"],
        {
            "en": "1 − 1/n is the chance that one given sample is missed by a single draw; it has to be missed by all n independent draws: (1 − 1/n)^n.",
            "zh": "1 − 1/n 只是某个样本在一次抽样中未被抽到的概率；它必须在全部 n 次独立抽样中都未被抽到：(1 − 1/n)^n。",
        },
    ),
]

PROMPT = {
    "en": r"""Bootstrap sampling: from a data set of $n = {{ n }}$ samples we draw $n = {{ n }}$ times
uniformly **with replacement** to build a training set; the samples never drawn form the out-of-bag
(validation) set.

What fraction of the original samples do we expect never to be drawn? Keep full precision in intermediate
steps (do not round $1 - 1/n$ first) and give the result as a decimal number to 4 significant figures.""",
    "zh": r"""自助法（bootstrap）：从含 $n = {{ n }}$ 个样本的数据集中**有放回**地均匀抽样 $n = {{ n }}$ 次，组成训练集；
从未被抽到的样本组成袋外（验证）集。

预计原数据集中有多大比例的样本从未被抽到？中间步骤请保留全部精度（不要先把 $1 - 1/n$ 四舍五入），
最终结果以小数形式给出，保留 4 位有效数字。""",
}

EXPLANATION = {
    "en": r"""In one draw a given sample is missed with probability $1 - \frac{1}{n} = {{ "%.6f"|format(1 - 1 / n) }}$.
The $n$ draws are independent, so it is missed by all of them with probability
$\left(1 - \frac{1}{n}\right)^{n} = {{ "%.6f"|format((1 - 1 / n) ** n) }} \approx {{ "%#.4g"|format((1 - 1 / n) ** n) }}$.
By linearity of expectation this is also the expected fraction of samples never drawn. As $n \to \infty$
it tends to $e^{-1} \approx 0.3679$ from below, so roughly 36.8 % of the data ends up out of bag.""",
    "zh": r"""每次抽样中，某个给定样本未被抽到的概率为 $1 - \frac{1}{n} = {{ "%.6f"|format(1 - 1 / n) }}$。
$n$ 次抽样相互独立，因此它在所有抽样中都未被抽到的概率为
$\left(1 - \frac{1}{n}\right)^{n} = {{ "%.6f"|format((1 - 1 / n) ** n) }} \approx {{ "%#.4g"|format((1 - 1 / n) ** n) }}$。
由期望的线性性，这也就是从未被抽到的样本的期望比例。当 $n \to \infty$ 时它从下方趋于 $e^{-1} \approx 0.3679$，即约 36.8% 的数据成为袋外样本。""",
}
