"""Bootstrap: expected number of distinct samples after m draws with replacement from n samples,
n·(1 − (1 − 1/n)^m) (m = n is the bootstrap training set; erratum 15: 003 mixes bootstrap sampling
with drawing mini-batches, this question states its own procedure).

The notes' setting, n draws from n samples, e.g. --params '{"n": 10, "m": 10}' (6.513).
"""

import math

import numpy as np

from grader.bank.authoring import Int, Meta, Mistake, Numeric, draw_distinct

META = Meta(
    title={"en": "Bootstrap: how many distinct samples?", "zh": "自助法：有多少个不同的样本？"},
    kind="numeric",
    difficulty=2,
    points=2,
    source="003 模型评估方法 (自助法)",
    tags=("evaluation", "bootstrap", "sampling", "expectation"),
    covers="data_splits",
    check=Numeric(sig_figs=4),
)

PARAMS = {
    "n": Int(2, 100_000),
    "m": Int(1, 1_000_000),
}


def _half_unit(x, figs=4):
    return 0.5 * 10.0 ** (math.floor(math.log10(abs(x))) - figs + 1)


def _draw(rng):
    n = int(rng.choice([int(rng.integers(5, 41)), int(rng.choice([50, 60, 80, 100, 120, 150, 200, 250, 500]))]))
    m = n if rng.random() < 0.6 else int(rng.choice([n // 2, 2 * n, 3 * n]))
    return {"n": n, "m": max(m, 2)}


def generate(rng: np.random.Generator) -> dict:
    return draw_distinct(rng, _draw, answer=answer, mistakes=MISTAKES, apart=lambda key: 4 * _half_unit(key),
                         pairwise=False)


def answer(p: dict) -> float:
    n, m = p["n"], p["m"]
    return n * (1 - (1 - 1 / n) ** m)


MISTAKES = [
    Mistake(
        lambda p: float(min(p["m"], p["n"])),
        {"en": "Draws with replacement repeat samples: some are drawn twice or more, so there are fewer distinct samples "
               "than draws. Count, for each sample, the chance it is drawn at least once.",
         "zh": "有放回抽样会重复抽到同一样本：有些样本被抽到两次或更多，所以不同样本的个数少于抽样次数。"
               "应对每个样本计算它至少被抽到一次的概率。"},
    ),
    Mistake(
        lambda p: p["n"] * (1 - math.exp(-p["m"] / p["n"])),
        {"en": "That uses the limit e^{−m/n} (0.368 for m = n); for a finite n the chance of never being drawn is exactly "
               "(1 − 1/n)^m.",
         "zh": "这用的是极限 e^{−m/n}（m = n 时为 0.368）；对有限的 n，从未被抽到的概率恰为 (1 − 1/n)^m。"},
    ),
    Mistake(
        lambda p: p["n"] * (1 - 1 / p["n"]) ** p["m"],
        {"en": "That is the expected number of samples NEVER drawn (the out-of-bag set); the question asks for the "
               "distinct samples that were drawn.",
         "zh": "这是从未被抽到的样本（袋外样本）的期望个数；题目问的是被抽到的不同样本的个数。"},
    ),
    Mistake(
        lambda p: p["n"] * (1 - (1 - 1 / p["n"]) ** p["n"]) if p["m"] != p["n"] else None,
        {"en": "You used n draws; here there are m draws, so a sample is missed by all of them with probability "
               "(1 − 1/n)^m.",
         "zh": "你用的是 n 次抽样；这里抽了 m 次，所以某个样本全部未被抽到的概率是 (1 − 1/n)^m。"},
    ),
]

PROMPT = {
    "en": r"""From a data set of $n = {{ n }}$ samples we draw $m = {{ m }}$ times uniformly **with replacement**
{%- if m == n %} (a bootstrap training set){% endif %}.

What is the expected number of **distinct** samples among the draws? Keep full precision in intermediate steps and give
the result to 4 significant figures.""",
    "zh": r"""从含 $n = {{ n }}$ 个样本的数据集中**有放回**地均匀抽样 $m = {{ m }}$ 次{% if m == n %}（即一个自助法训练集）{% endif %}。

抽到的**不同**样本个数的期望是多少？中间步骤请保留全部精度，结果保留 4 位有效数字。""",
}

EXPLANATION = {
    "en": r"""A given sample is missed by one draw with probability $1 - \frac1n$ and by all $m$ independent draws with
probability $\left(1 - \frac1n\right)^m = {{ "%.6f"|format((1 - 1 / n) ** m) }}$. Each sample is therefore drawn at
least once with probability $1 - {{ "%.6f"|format((1 - 1 / n) ** m) }}$, and by linearity of expectation the expected
number of distinct samples is
$$n\left(1 - \left(1 - \tfrac1n\right)^m\right) = {{ n }} \times {{ "%.6f"|format(1 - (1 - 1 / n) ** m) }} = {{ "%.6f"|format(n * (1 - (1 - 1 / n) ** m)) }} \approx {{ "%#.4g"|format(n * (1 - (1 - 1 / n) ** m)) }}.$$
{% if m == n %}About 63.2 % of the data lands in the bootstrap training set (1 − (1 − 1/n)ⁿ → 1 − 1/e); the rest,
about 36.8 %, is out of bag and serves as validation data.{% else %}With m = n this would be the bootstrap training set,
about 63.2 % of the data for large n.{% endif %}""",
    "zh": r"""某个样本在一次抽样中未被抽到的概率为 $1 - \frac1n$，在 $m$ 次独立抽样中都未被抽到的概率为
$\left(1 - \frac1n\right)^m = {{ "%.6f"|format((1 - 1 / n) ** m) }}$。因此每个样本至少被抽到一次的概率为 $1 - {{ "%.6f"|format((1 - 1 / n) ** m) }}$，
由期望的线性性，不同样本个数的期望为
$$n\left(1 - \left(1 - \tfrac1n\right)^m\right) = {{ n }} \times {{ "%.6f"|format(1 - (1 - 1 / n) ** m) }} = {{ "%.6f"|format(n * (1 - (1 - 1 / n) ** m)) }} \approx {{ "%#.4g"|format(n * (1 - (1 - 1 / n) ** m)) }}.$$
{% if m == n %}约 63.2% 的数据进入自助法训练集（1 − (1 − 1/n)ⁿ → 1 − 1/e）；其余约 36.8% 是袋外样本，可用作验证数据。{% else %}若 m = n，这就是自助法训练集，n 很大时约占数据的 63.2%。{% endif %}""",
}
