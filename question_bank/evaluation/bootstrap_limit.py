"""lim_{n→∞} (1 − 1/n)^n = e^{−1}: the out-of-bag fraction of bootstrap sampling."""

import numpy as np

from grader.bank.authoring import Meta, Mistake, Symbolic

META = Meta(
    title={"en": "Bootstrap: the limit of the out-of-bag fraction", "zh": "自助法：袋外样本比例的极限"},
    kind="symbolic",
    difficulty=2,
    points=2,
    source="003 模型评估方法 自助法 (lim (1-1/n)^n = 1/e ≈ 0.368)",
    tags=("evaluation", "bootstrap", "limit"),
    covers="data_splits",
    check=Symbolic(symbols={}, exact=True),  # the prompt asks for the exact value, not a decimal
)

PARAMS = {}


def generate(rng: np.random.Generator) -> dict:
    return {}


def answer(p: dict):
    import sympy

    return sympy.exp(-1)


def _const(name):
    import sympy

    return {
        "one": sympy.Integer(1),
        "zero": sympy.Integer(0),
        "in_bag": 1 - sympy.exp(-1),
        "e": sympy.E,
    }[name]


MISTAKES = [
    Mistake(
        lambda p: _const("one"),
        {
            "en": "1 − 1/n → 1, but the exponent grows at the same time: \"1^∞\" is an indeterminate form, not 1. "
                  "Take logarithms: n·ln(1 − 1/n) → −1.",
            "zh": "虽然 1 − 1/n → 1，但指数同时趋于无穷：“1^∞”是未定式，不等于 1。取对数：n·ln(1 − 1/n) → −1。",
        },
    ),
    Mistake(
        lambda p: _const("zero"),
        {
            "en": "\"Below 1, so a high power goes to 0\" holds for a fixed base q < 1 (qⁿ → 0), but here the base "
                  "1 − 1/n creeps up to 1 while the exponent grows, and which effect wins depends on how fast: "
                  "(1 − 1/√n)ⁿ → 0, (1 − 1/n²)ⁿ → 1, and (1 − 1/n)ⁿ lands in between. Take logarithms: "
                  "n·ln(1 − 1/n) → −1, so the limit is e^{−1}, not 0.",
            "zh": "“底数小于 1，高次幂就趋于 0”只对固定的底数 q < 1 成立（qⁿ → 0）；这里底数 1 − 1/n 在指数增大的同时逼近 1，"
                  "结果取决于两者的快慢：(1 − 1/√n)ⁿ → 0，(1 − 1/n²)ⁿ → 1，而 (1 − 1/n)ⁿ 介于两者之间。"
                  "取对数：n·ln(1 − 1/n) → −1，所以极限是 e^{−1}，而不是 0。",
        },
    ),
    Mistake(
        lambda p: _const("in_bag"),
        {
            "en": "1 − 1/e ≈ 0.632 is the limit of the fraction drawn at least once; (1 − 1/n)^n is the fraction never drawn.",
            "zh": "1 − 1/e ≈ 0.632 是至少被抽到一次的样本比例的极限；(1 − 1/n)^n 是从未被抽到的比例。",
        },
    ),
    Mistake(
        lambda p: _const("e"),
        {
            "en": "(1 + 1/n)^n → e; with a minus sign the limit is e^{−1}.",
            "zh": "(1 + 1/n)^n → e；这里是减号，极限为 e^{−1}。",
        },
    ),
]

PROMPT = {
    "en": r"""In bootstrap sampling we draw $n$ times with replacement from $n$ samples; a given sample is never
drawn with probability $\left(1 - \frac{1}{n}\right)^{n}$.

Compute $\displaystyle\lim_{n \to \infty} \left(1 - \frac{1}{n}\right)^{n}$. Give the exact value as an expression
(write Euler's number as `e` or `exp(1)`), not a decimal.""",
    "zh": r"""自助法中，从 $n$ 个样本中有放回地抽样 $n$ 次，某个样本从未被抽到的概率为 $\left(1 - \frac{1}{n}\right)^{n}$。

求 $\displaystyle\lim_{n \to \infty} \left(1 - \frac{1}{n}\right)^{n}$。请给出精确值的表达式（自然常数写作 `e` 或 `exp(1)`），不要写成小数。""",
}

EXPLANATION = {
    "en": r"""Take logarithms: $n \ln\left(1 - \frac1n\right) = \dfrac{\ln(1 - 1/n)}{1/n} \to -1$ (since $\ln(1 - u)/u \to -1$ as $u \to 0$).
Hence $\displaystyle\lim_{n\to\infty}\left(1 - \frac1n\right)^n = e^{-1} \approx 0.368$:
about 36.8 % of the samples are never drawn and can serve as the out-of-bag validation set.""",
    "zh": r"""取对数：$n \ln\left(1 - \frac1n\right) = \dfrac{\ln(1 - 1/n)}{1/n} \to -1$（因为 $u \to 0$ 时 $\ln(1 - u)/u \to -1$）。
所以 $\displaystyle\lim_{n\to\infty}\left(1 - \frac1n\right)^n = e^{-1} \approx 0.368$：
约 36.8% 的样本从未被抽到，可以作为袋外验证集。""",
}
