"""One numeric gradient step with an L2 penalty, in either of the notes' conventions (erratum 31).

000: L′(θ) = L(θ) + λΣθ² (the squared L2 norm, erratum 3), penalty gradient 2λθ.
003: L(w) = E(w) + (λ/2n)Σw², penalty gradient (λ/n)w; its last line drops η (erratum 6, a mistake).
PyTorch's SGD weight_decay is 2λ in the first convention and λ/n in the second. No worked example.
"""

import numpy as np

from grader.bank.authoring import Int, Meta, Mistake, Numeric, OneOf, Real, draw_distinct, draw_real

META = Meta(
    title={"en": "A gradient step with L2 regularisation", "zh": "带 L2 正则化的一步梯度下降"},
    kind="numeric",
    difficulty=2,
    points=2,
    source="000 正则化 (L2-norm, Ridge); 003 L1与L2正则化的区别：梯度角度",
    tags=("regularization", "l2", "weight decay", "gradient descent"),
    covers="regularization",
    check=Numeric(decimals=4),
)

PARAMS = {
    "w": Real(-10.0, 10.0, decimals=2),
    "g": Real(-10.0, 10.0, decimals=2),
    "lr": Real(0.001, 1.0, decimals=3),
    "lam": Real(0.0001, 10.0, decimals=4),
    "n": Int(1, 100_000),
    "convention": OneOf(("000", "003")),
}


def _decay(p):
    """The coefficient c of the penalty's gradient c·w."""
    return 2 * p["lam"] if p["convention"] == "000" else p["lam"] / p["n"]


def answer(p: dict) -> float:
    return p["w"] - p["lr"] * (p["g"] + _decay(p) * p["w"])


MISTAKES = [
    Mistake(
        lambda p: p["w"] - p["lr"] * (p["g"] + p["lam"] * p["w"]) if p["convention"] == "000" else None,
        {
            "en": "The derivative of λθ² is 2λθ: there is no ½ in 000's penalty λΣθ² to cancel the 2.",
            "zh": "λθ² 的导数是 2λθ：000 的正则项 λΣθ² 中没有 ½ 来抵消这个 2。",
        },
    ),
    Mistake(
        lambda p: p["w"] - p["lr"] * (p["g"] + p["lam"] / (2 * p["n"]) * p["w"]) if p["convention"] == "003" else None,
        {
            "en": "The derivative of (λ/2n)·w² is (λ/n)·w: the 2 from the square cancels the ½.",
            "zh": "(λ/2n)·w² 的导数是 (λ/n)·w：平方求导得到的 2 与 ½ 相消。",
        },
    ),
    Mistake(
        lambda p: p["w"] - p["lr"] * (p["g"] + p["lam"] * p["w"]) if p["convention"] == "003" else None,
        {
            "en": "The penalty is divided by n (λ/2n), so its gradient is (λ/n)·w, not λ·w.",
            "zh": "正则项除以了 n（λ/2n），所以它的梯度是 (λ/n)·w，而不是 λ·w。",
        },
    ),
    Mistake(
        lambda p: (1 - p["lr"] * _decay(p)) * p["w"] - p["g"],
        {
            "en": "The learning rate multiplies the whole gradient, the data term included: subtract η·g, not g. "
                  "(The last line of 003's L2 derivation drops this η.)",
            "zh": "学习率乘的是整个梯度，包括数据项：要减去 η·g，而不是 g。（003 中 L2 推导的最后一行漏掉了这个 η。）",
        },
    ),
    Mistake(
        lambda p: p["w"] - p["lr"] * p["g"],
        {
            "en": "You left out the penalty: its gradient adds a weight-decay term proportional to w.",
            "zh": "你漏掉了正则项：它的梯度会加上一个与 w 成正比的权重衰减项。",
        },
    ),
]


def _draw(rng):
    convention = str(rng.choice(["000", "003"]))
    return {"w": draw_real(rng, -3.0, 3.0, decimals=2, min_abs=0.3), "g": draw_real(rng, -2.0, 2.0, decimals=2),
            "lr": float(rng.choice([0.01, 0.05, 0.1, 0.5])),
            "lam": float(rng.choice([0.01, 0.05, 0.1, 0.5] if convention == "000" else [0.5, 1.0, 2.0, 5.0])),
            "n": int(rng.choice([10, 20, 50, 100])), "convention": convention}


def generate(rng: np.random.Generator) -> dict:
    # The weight decay must be visible at 4 decimal places: η·c·|w| ≥ 0.005.
    return draw_distinct(rng, _draw, answer=answer, mistakes=MISTAKES, apart=1e-3,
                         keep=lambda p: p["lr"] * _decay(p) * abs(p["w"]) >= 0.005 and p["lr"] * _decay(p) < 0.5)


PROMPT = {
    "en": r"""{% if convention == "000" %}A model is trained with the L2 penalty in the form of note 000,
$$L'(\theta) = L(\theta) + \lambda \sum_i \theta_i^2, \qquad \lambda = {{ lam }}.$$
(The notes call $\sum_i \theta_i^2$ the L2 norm; it is its square, $\|\theta\|_2^2$.) For one weight $\theta = {{ w }}$ the
gradient of the unpenalised loss is $\partial L/\partial \theta = {{ g }}$.
{% else %}A model is trained on $n = {{ n }}$ samples with the L2 penalty in the form of note 003,
$$L(w) = E(w) + \frac{\lambda}{2n} \sum_i w_i^2, \qquad \lambda = {{ lam }}.$$
For one weight $w = {{ w }}$ the gradient of the error is $\partial E/\partial w = {{ g }}$.
{% endif %}

What is this weight after one gradient-descent step on the penalised loss with learning rate $\eta = {{ lr }}$?
Give it to 4 decimal places.""",
    "zh": r"""{% if convention == "000" %}模型使用笔记 000 形式的 L2 正则项训练：
$$L'(\theta) = L(\theta) + \lambda \sum_i \theta_i^2, \qquad \lambda = {{ lam }}.$$
（笔记把 $\sum_i \theta_i^2$ 称为 L2 范数，其实它是 L2 范数的平方 $\|\theta\|_2^2$。）对某个权重 $\theta = {{ w }}$，
未加正则项的损失的梯度为 $\partial L/\partial \theta = {{ g }}$。
{% else %}模型在 $n = {{ n }}$ 个样本上使用笔记 003 形式的 L2 正则项训练：
$$L(w) = E(w) + \frac{\lambda}{2n} \sum_i w_i^2, \qquad \lambda = {{ lam }}.$$
对某个权重 $w = {{ w }}$，误差的梯度为 $\partial E/\partial w = {{ g }}$。
{% endif %}

以学习率 $\eta = {{ lr }}$ 对加了正则项的损失做一步梯度下降后，这个权重是多少？保留 4 位小数。""",
}

_WORK = r"""{% set c = 2 * lam if convention == "000" else lam / n %}{% set new = w - lr * (g + c * w) %}
{% macro n_(x) %}{{ ("(%s)" if x < 0 else "%s")|format("%.6g"|format(x + 0.0)) }}{% endmacro %}
"""

EXPLANATION = {
    "en": _WORK + r"""{% if convention == "000" %}The penalty's gradient is $\dfrac{\partial}{\partial\theta}\lambda\theta^2 = 2\lambda\theta = 2 \times {{ lam }} \times {{ n_(w) }} = {{ "%.6g"|format(c * w) }}$.
{% else %}The penalty's gradient is $\dfrac{\partial}{\partial w}\dfrac{\lambda}{2n}w^2 = \dfrac{\lambda}{n}w = \dfrac{ {{ lam }} }{ {{ n }} } \times {{ n_(w) }} = {{ "%.6g"|format(c * w) }}$.
{% endif %}So the step is
$${{ w }} - {{ lr }} \times \big({{ g }} + {{ n_(c * w) }}\big) = \big(1 - {{ lr }} \times {{ "%.6g"|format(c) }}\big) \times {{ n_(w) }} - {{ lr }} \times {{ n_(g) }} = {{ "%.4f"|format(new) }}.$$
The weight is first shrunk by the factor $1 - \eta \cdot {{ "%.6g"|format(c) }}$ (weight decay; PyTorch's `weight_decay` would be ${{ "%.6g"|format(c) }}$), then takes the ordinary step; $\eta$ multiplies the data gradient too.""",
    "zh": _WORK + r"""{% if convention == "000" %}正则项的梯度为 $\dfrac{\partial}{\partial\theta}\lambda\theta^2 = 2\lambda\theta = 2 \times {{ lam }} \times {{ n_(w) }} = {{ "%.6g"|format(c * w) }}$。
{% else %}正则项的梯度为 $\dfrac{\partial}{\partial w}\dfrac{\lambda}{2n}w^2 = \dfrac{\lambda}{n}w = \dfrac{ {{ lam }} }{ {{ n }} } \times {{ n_(w) }} = {{ "%.6g"|format(c * w) }}$。
{% endif %}所以这一步为
$${{ w }} - {{ lr }} \times \big({{ g }} + {{ n_(c * w) }}\big) = \big(1 - {{ lr }} \times {{ "%.6g"|format(c) }}\big) \times {{ n_(w) }} - {{ lr }} \times {{ n_(g) }} = {{ "%.4f"|format(new) }}.$$
权重先乘以 $1 - \eta \cdot {{ "%.6g"|format(c) }}$ 缩小（权重衰减；对应 PyTorch 的 `weight_decay` = ${{ "%.6g"|format(c) }}$），再做普通的梯度更新；数据项的梯度同样要乘以 $\eta$。""",
}
