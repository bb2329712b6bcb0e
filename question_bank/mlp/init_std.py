"""Initialisation std from the fan-in: Var(Σ wᵢxᵢ) = M·s²·Var(x), so s = 1/√M for unit variance
(LeCun) and √(2/M) for ReLU (He). Erratum 29: this fixes the variance; it does not make anything
normally distributed."""

import math

import numpy as np

from grader.bank.authoring import Int, Meta, Mistake, Numeric, OneOf, draw_distinct

META = Meta(
    title={"en": "Weight initialisation: the standard deviation", "zh": "权重初始化：标准差"},
    kind="numeric",
    difficulty=2,
    points=3,
    source="001 Q13 (正态分布的标准差设定为 1/sqrt(M))",
    tags=("initialization", "lecun", "he", "variance"),
    covers="nonlinearity_init",
    check=Numeric(sig_figs=4),
)

PARAMS = {
    "fan_in": Int(1, 100_000),
    "scheme": OneOf(("lecun", "he")),
    "input_var": OneOf((0.25, 1, 4)),
}


def _target(p):
    """The variance the scheme asks of the pre-activation z: 1 (LeCun), 2 (He, for ReLU)."""
    return 1 if p["scheme"] == "lecun" else 2


def _std(p, *, target=None, input_var=None):
    target = _target(p) if target is None else target
    input_var = p["input_var"] if input_var is None else input_var
    return math.sqrt(target / (p["fan_in"] * input_var))


def answer(p: dict) -> float:
    return _std(p)


MISTAKES = [
    Mistake(
        lambda p: _std(p) ** 2,
        {
            "en": "That is the variance s². The question asks for the standard deviation s, its square root.",
            "zh": "这是方差 s²。题目问的是标准差 s，即它的平方根。",
        },
    ),
    Mistake(
        lambda p: _std(p, target=2 if p["scheme"] == "lecun" else 1),
        {
            "en": "Mixed up the two schemes: LeCun initialisation keeps Var(z) = 1 (s² = 1/(M·Var x)); He initialisation for "
                  "ReLU doubles it, Var(z) = 2, because ReLU zeroes about half of its inputs.",
            "zh": "两种方案弄混了：LeCun 初始化使 Var(z) = 1（s² = 1/(M·Var x)）；针对 ReLU 的 He 初始化把它加倍为 Var(z) = 2，"
                  "因为 ReLU 会把大约一半的输入置零。",
        },
    ),
    Mistake(
        lambda p: _std(p, input_var=1) if p["input_var"] != 1 else None,
        {
            "en": "The inputs' variance enters too: Var(z) = M·s²·Var(x), so s² = target/(M·Var(x)).",
            "zh": "输入的方差也要考虑：Var(z) = M·s²·Var(x)，所以 s² = 目标方差/(M·Var(x))。",
        },
    ),
    Mistake(
        lambda p: math.sqrt(_target(p) * p["fan_in"] / p["input_var"]),
        {
            "en": "The std must shrink as the fan-in grows: z adds M terms, so Var(z) = M·s²·Var(x) and s ∝ 1/√M, not √M.",
            "zh": "输入个数越多，标准差应越小：z 是 M 项之和，Var(z) = M·s²·Var(x)，所以 s ∝ 1/√M，而不是 √M。",
        },
    ),
]


def _draw(rng):
    return {"fan_in": int(rng.choice([50, 64, 100, 128, 256, 300, 400, 500, 512, 784, 1000, 1024, 2048, 3072, 4096])),
            "scheme": str(rng.choice(["lecun", "he"])),
            "input_var": [1, 1, 1, 0.25, 4][int(rng.integers(5))]}


def generate(rng: np.random.Generator) -> dict:
    return draw_distinct(rng, _draw, answer=answer, mistakes=MISTAKES, apart=lambda key: 0.01 * abs(key))


PROMPT = {
    "en": r"""A neuron computes $z = \sum_{i=1}^{M} w_i x_i$ from $M = {{ fan_in }}$ inputs. The inputs are independent with mean 0 and
variance $\operatorname{Var}(x_i) = {{ input_var }}$; the weights are drawn independently of them and of each other, with mean 0 and
standard deviation $s$.
{% if scheme == "lecun" %}
The neuron uses a tanh activation, and $s$ is chosen so that $\operatorname{Var}(z) = 1$ (LeCun initialisation, the notes' "1/√M" rule).
{% else %}
The neuron uses a ReLU activation, which outputs 0 for about half of the values of $z$; to make up for that, $s$ is chosen so
that $\operatorname{Var}(z) = 2$ (He initialisation).
{% endif %}

What is $s$? Give the answer to 4 significant figures.""",
    "zh": r"""一个神经元由 $M = {{ fan_in }}$ 个输入计算 $z = \sum_{i=1}^{M} w_i x_i$。输入相互独立，均值为 0，方差 $\operatorname{Var}(x_i) = {{ input_var }}$；
权重与输入独立、彼此独立，均值为 0，标准差为 $s$。
{% if scheme == "lecun" %}
该神经元使用 tanh 激活函数，$s$ 的取值使 $\operatorname{Var}(z) = 1$（LeCun 初始化，即笔记中的“1/√M”规则）。
{% else %}
该神经元使用 ReLU 激活函数，大约一半的 $z$ 值会被它输出为 0；为了补偿，$s$ 的取值使 $\operatorname{Var}(z) = 2$（He 初始化）。
{% endif %}

$s$ 是多少？答案保留 4 位有效数字。""",
}

EXPLANATION = {
    "en": r"""{% set t = 1 if scheme == "lecun" else 2 %}{% set s = (t / (fan_in * input_var)) ** 0.5 %}For independent zero-mean factors $\operatorname{Var}(w_i x_i) = \operatorname{Var}(w_i)\operatorname{Var}(x_i)$, and the
variances of the $M$ independent terms add:
$$\operatorname{Var}(z) = M\,s^2 \operatorname{Var}(x) = {{ fan_in }} \cdot s^2 \cdot {{ input_var }} = {{ t }}
\quad\Rightarrow\quad s = \sqrt{\frac{ {{ t }} }{ {{ fan_in }} \cdot {{ input_var }} }} = {{ "%.6g"|format(s) }},$$
i.e. {{ "%#.4g"|format(s) }} to 4 significant figures.
{% if scheme == "lecun" %}With unit-variance inputs this is the notes' $1/\sqrt{M}$: it keeps the variance of the signal from growing or
shrinking from layer to layer. For ReLU layers He initialisation uses $\sqrt{2/M}$ instead.
{% else %}With unit-variance inputs this is $\sqrt{2/M}$: ReLU zeroes about half of $z$'s distribution, halving the signal's second moment,
and the factor 2 makes up for it (LeCun's $1/\sqrt{M}$ is meant for tanh-like activations).
{% endif %}
This fixes only the variance: the notes' claim that the output then "follows a standard normal distribution" is not what the rule
guarantees.""",
    "zh": r"""{% set t = 1 if scheme == "lecun" else 2 %}{% set s = (t / (fan_in * input_var)) ** 0.5 %}对独立且均值为 0 的因子，$\operatorname{Var}(w_i x_i) = \operatorname{Var}(w_i)\operatorname{Var}(x_i)$，而 $M$ 个独立项的方差相加：
$$\operatorname{Var}(z) = M\,s^2 \operatorname{Var}(x) = {{ fan_in }} \cdot s^2 \cdot {{ input_var }} = {{ t }}
\quad\Rightarrow\quad s = \sqrt{\frac{ {{ t }} }{ {{ fan_in }} \cdot {{ input_var }} }} = {{ "%.6g"|format(s) }},$$
保留 4 位有效数字为 {{ "%#.4g"|format(s) }}。
{% if scheme == "lecun" %}输入方差为 1 时就是笔记中的 $1/\sqrt{M}$：它使信号的方差在层与层之间既不增大也不缩小。对 ReLU 层，He 初始化改用 $\sqrt{2/M}$。
{% else %}输入方差为 1 时就是 $\sqrt{2/M}$：ReLU 把 $z$ 的分布大约一半置零，使信号的二阶矩减半，因子 2 正好补偿（LeCun 的 $1/\sqrt{M}$ 针对的是 tanh 一类的激活函数）。
{% endif %}
这只固定了方差：笔记中说这样输出就“满足标准正态分布”，这并不是该规则所能保证的。""",
}
