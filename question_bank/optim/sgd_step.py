"""One (mini-batch) gradient-descent step for a linear model h(x) = wx + b on the notes' squared error.

The loss is 000's L = 1/(2m)·Σ(h(xᵢ) − yᵢ)² over a batch of m samples (m = 1: SGD). Erratum 31: the
½ is stated, since PyTorch's MSELoss has none (its gradient is twice as large; a listed mistake).
No worked example in the notes.
"""

import numpy as np

from grader.bank.authoring import Meta, Mistake, Numeric, OneOf, Real, Seq, draw_distinct, draw_real

META = Meta(
    title={"en": "One gradient-descent step on a mini-batch", "zh": "小批量上的一步梯度下降"},
    kind="numeric",
    difficulty=1,
    points=2,
    source="000 梯度下降的变种 (Gradient Descent, SGD, Mini-batch)",
    tags=("gradient descent", "sgd", "mini-batch", "linear regression"),
    covers="gradient_descent",
    check=Numeric(decimals=4),
)

PARAMS = {
    "xs": Seq(Real(-10.0, 10.0, decimals=1), 1, 4),
    "ys": Seq(Real(-10.0, 10.0, decimals=1), 1, 4),
    "w": Real(-10.0, 10.0, decimals=1),
    "b": Real(-10.0, 10.0, decimals=1),
    "lr": Real(0.001, 1.0, decimals=3),
    "wrt": OneOf(("w", "b")),
}


def _residuals(p):
    return [p["w"] * x + p["b"] - y for x, y in zip(p["xs"], p["ys"])]


def _gradient(p, *, mean=True, factor=1.0, with_x=None):
    """∂L/∂(wrt): the mean (or, wrongly, the sum) of residual × ∂h/∂(wrt), times `factor`."""
    with_x = p["wrt"] == "w" if with_x is None else with_x
    terms = [r * (x if with_x else 1.0) for r, x in zip(_residuals(p), p["xs"])]
    return factor * sum(terms) / (len(terms) if mean else 1)


def _step(p, **kwargs):
    return p[p["wrt"]] - p["lr"] * _gradient(p, **kwargs)


def answer(p: dict) -> float:
    return _step(p)


MISTAKES = [
    Mistake(
        lambda p: _step(p, mean=False) if len(p["xs"]) > 2 else None,  # m = 2: the same value as the next-but-one
        {
            "en": "The loss averages over the batch (the 1/(2m) in front), so the gradient is the mean of the "
                  "per-sample gradients, not their sum.",
            "zh": "损失对整个小批量取平均（前面的 1/(2m)），所以梯度是各样本梯度的平均值，而不是它们的和。",
        },
    ),
    Mistake(
        lambda p: p[p["wrt"]] + p["lr"] * _gradient(p),
        {
            "en": "Gradient descent moves against the gradient: subtract η·∂L/∂θ, don't add it.",
            "zh": "梯度下降沿梯度的反方向走：要减去 η·∂L/∂θ，而不是加上。",
        },
    ),
    Mistake(
        lambda p: _step(p, factor=2.0),
        {
            "en": "Your step is twice too large. The loss has the ½ (1/(2m)), which cancels the 2 from the square; without "
                  "it (PyTorch's MSELoss) the gradient would be twice as large. (With m = 2, summing the two per-sample "
                  "gradients instead of averaging them also doubles it.)",
            "zh": "你的步长大了一倍。损失中有 ½（即 1/(2m)），它与平方求导得到的 2 相消；没有 ½ 时（如 PyTorch 的 MSELoss）梯度才会是两倍。"
                  "（m = 2 时，把两个样本的梯度相加而不是取平均，也会使它加倍。）",
        },
    ),
    Mistake(
        lambda p: _step(p, with_x=p["wrt"] == "b"),
        {
            "en": "Check ∂h/∂θ: ∂(wx + b)/∂w = x, but ∂(wx + b)/∂b = 1. Each residual is multiplied by x only for w.",
            "zh": "注意 ∂h/∂θ：∂(wx + b)/∂w = x，而 ∂(wx + b)/∂b = 1。只有对 w 求导时每个残差才乘以 x。",
        },
    ),
]


def _draw(rng):
    m = int(rng.choice([1, 2, 2, 3, 4]))
    xs = [draw_real(rng, -3.0, 3.0, decimals=1, min_abs=0.2) for _ in range(m)]
    ys = [draw_real(rng, -5.0, 5.0, decimals=1) for _ in range(m)]
    return {"xs": xs, "ys": ys, "w": draw_real(rng, -2.0, 2.0, decimals=1), "b": draw_real(rng, -2.0, 2.0, decimals=1),
            "lr": float(rng.choice([0.01, 0.05, 0.1, 0.2])), "wrt": str(rng.choice(["w", "b"]))}


def generate(rng: np.random.Generator) -> dict:
    return draw_distinct(rng, _draw, answer=answer, mistakes=MISTAKES, apart=1e-3,
                         keep=lambda p: abs(_gradient(p)) >= 0.05)


PROMPT = {
    "en": r"""A linear model $h(x) = wx + b$ with $w = {{ w }}$, $b = {{ b }}$ is trained by gradient descent with learning
rate $\eta = {{ lr }}$ on the squared error of the notes, averaged over a batch of $m = {{ xs|length }}$
sample{{ "s" if xs|length > 1 else "" }}{{ " (m = 1: stochastic gradient descent)" if xs|length == 1 else "" }}:
$$L(w, b) = \frac{1}{2m}\sum_{i=1}^{m} \big(h(x_i) - y_i\big)^2.$$
The batch is {% for x in xs %}$(x_{ {{ loop.index }} }, y_{ {{ loop.index }} }) = ({{ x }}, {{ ys[loop.index0] }})${{ ", " if not loop.last else "" }}{% endfor %}.

What is ${{ wrt }}$ after one update $\,{{ wrt }} \leftarrow {{ wrt }} - \eta\, \partial L/\partial {{ wrt }}$? Give it to 4 decimal places.""",
    "zh": r"""线性模型 $h(x) = wx + b$，当前 $w = {{ w }}$，$b = {{ b }}$，以学习率 $\eta = {{ lr }}$ 做梯度下降，
损失为笔记中的平方误差，对 $m = {{ xs|length }}$ 个样本{{ "（m = 1 即随机梯度下降）" if xs|length == 1 else "的小批量" }}取平均：
$$L(w, b) = \frac{1}{2m}\sum_{i=1}^{m} \big(h(x_i) - y_i\big)^2.$$
样本为 {% for x in xs %}$(x_{ {{ loop.index }} }, y_{ {{ loop.index }} }) = ({{ x }}, {{ ys[loop.index0] }})${{ "，" if not loop.last else "" }}{% endfor %}。

做一次更新 $\,{{ wrt }} \leftarrow {{ wrt }} - \eta\, \partial L/\partial {{ wrt }}$ 后，${{ wrt }}$ 是多少？保留 4 位小数。""",
}

_WORK = r"""{% set m = xs|length %}
{% set ns = namespace(g=0, terms=[]) %}
{% for x in xs %}{% set res = w * x + b - ys[loop.index0] %}{% set t = res * x if wrt == "w" else res %}
{% set ns.g = ns.g + t %}{% set ns.terms = ns.terms + ["%.6g"|format(t + 0.0)] %}{% endfor %}
{% set grad = ns.g / m %}{% set new = (w if wrt == "w" else b) - lr * grad %}
"""

EXPLANATION = {
    "en": _WORK + r"""The residuals are $h(x_i) - y_i = wx_i + b - y_i$, and
$\dfrac{\partial L}{\partial {{ wrt }}} = \dfrac{1}{m}\sum_i \big(h(x_i) - y_i\big){% if wrt == "w" %}\,x_i{% endif %}$ (the ½ cancels the 2 of the square{% if wrt == "b" %}, and $\partial h/\partial b = 1${% endif %}).
The terms are ${{ ns.terms|join(",\\; ") }}$; their mean is ${{ "%.6g"|format(grad) }}$.
So ${{ wrt }} \leftarrow {{ w if wrt == "w" else b }} - {{ lr }} \times {{ ("(%.6g)" if grad < 0 else "%.6g")|format(grad) }} = {{ "%.4f"|format(new) }}$.
{{ "With m = 1 each update uses one sample: fast but noisy (stochastic gradient descent)." if m == 1 else "A mini-batch averages the per-sample gradients: less noisy than SGD, cheaper per update than the full batch." }}""",
    "zh": _WORK + r"""残差为 $h(x_i) - y_i = wx_i + b - y_i$，
$\dfrac{\partial L}{\partial {{ wrt }}} = \dfrac{1}{m}\sum_i \big(h(x_i) - y_i\big){% if wrt == "w" %}\,x_i{% endif %}$（½ 与平方求导得到的 2 相消{% if wrt == "b" %}，且 $\partial h/\partial b = 1${% endif %}）。
各项为 ${{ ns.terms|join(",\\; ") }}$，平均值为 ${{ "%.6g"|format(grad) }}$。
所以 ${{ wrt }} \leftarrow {{ w if wrt == "w" else b }} - {{ lr }} \times {{ ("(%.6g)" if grad < 0 else "%.6g")|format(grad) }} = {{ "%.4f"|format(new) }}$。
{{ "m = 1 时每次更新只用一个样本：更新快，但抖动明显（随机梯度下降）。" if m == 1 else "小批量对各样本的梯度取平均：比 SGD 抖动小，每次更新又比全批量梯度下降便宜。" }}""",
}
