"""Choice: ‖θ‖₂ = √Σθᵢ² vs Σθᵢ² (erratum 3: 000 writes the ridge penalty's Σθᵢ² as the L2 norm; it is the
squared norm). A variant is a drawn integer vector with an integer norm, in a drawn order and signs."""

import numpy as np

from grader.bank.authoring import Choice, Int, Meta, Option, Seq

META = Meta(
    title={"en": "The L2 norm and the ridge penalty", "zh": "L2 范数与岭回归正则项"},
    kind="choice",
    difficulty=2,
    points=1,
    source="000 正则化 (L2-norm: 各个元素的平方和)",
    tags=("regularization", "l2", "norm"),
    covers="regularization",
    check=Choice(),
)

# Integer vectors with an integer Euclidean norm.
VECTORS = ((3, 4), (6, 8), (5, 12), (8, 15), (1, 2, 2), (2, 3, 6), (1, 4, 8), (4, 4, 7), (2, 6, 9), (6, 6, 7), (2, 5, 14))

PARAMS = {"theta": Seq(Int(-20, 20), 2, 3)}


def generate(rng: np.random.Generator) -> dict:
    vector = [int(v) for v in rng.permutation(VECTORS[int(rng.integers(len(VECTORS)))])]
    return {"theta": [v * int(rng.choice([-1, 1])) for v in vector]}


def _numbers(p):
    squares = sum(v * v for v in p["theta"])
    return {"sq": squares, "norm": round(squares ** 0.5, 6), "l1": sum(abs(v) for v in p["theta"])}


def _g(x):
    return f"{x:g}"


def options(p):
    n = _numbers(p)
    sq, norm, l1 = _g(n["sq"]), _g(n["norm"]), _g(n["l1"])
    return [
        Option({"en": f"‖θ‖₂ = {norm}, and the ridge penalty is λ‖θ‖₂² = {sq}λ",
                "zh": f"‖θ‖₂ = {norm}，岭回归正则项为 λ‖θ‖₂² = {sq}λ"}, correct=True),
        Option({"en": f"‖θ‖₂ = {sq}, and the ridge penalty is λ‖θ‖₂ = {sq}λ",
                "zh": f"‖θ‖₂ = {sq}，岭回归正则项为 λ‖θ‖₂ = {sq}λ"},
               feedback={"en": f"{sq} = Σθᵢ² is the squared norm ‖θ‖₂²; the norm itself is its square root, {norm}. The notes' "
                               "\"L2-norm\" formula shows the square.",
                         "zh": f"{sq} = Σθᵢ² 是范数的平方 ‖θ‖₂²；范数本身是它的平方根 {norm}。笔记中的“L2-norm”公式写的是平方。"}),
        Option({"en": f"‖θ‖₂ = {l1}, and the ridge penalty is λ‖θ‖₂² = {_g(n['l1'] ** 2)}λ",
                "zh": f"‖θ‖₂ = {l1}，岭回归正则项为 λ‖θ‖₂² = {_g(n['l1'] ** 2)}λ"},
               feedback={"en": f"{l1} = Σ|θᵢ| is the L1 norm ‖θ‖₁, LASSO's penalty; the L2 norm is √(Σθᵢ²) = {norm}.",
                         "zh": f"{l1} = Σ|θᵢ| 是 L1 范数 ‖θ‖₁，即 LASSO 的正则项；L2 范数是 √(Σθᵢ²) = {norm}。"}),
        Option({"en": f"‖θ‖₂ = {norm}, and the ridge penalty is λ‖θ‖₂ = {norm}λ",
                "zh": f"‖θ‖₂ = {norm}，岭回归正则项为 λ‖θ‖₂ = {norm}λ"},
               feedback={"en": f"The norm is right, but the ridge penalty λΣθᵢ² is λ times the squared norm, {sq}λ "
                               "(its gradient 2λθ is linear in θ).",
                         "zh": f"范数是对的，但岭回归正则项 λΣθᵢ² 是 λ 乘以范数的平方，即 {sq}λ（其梯度 2λθ 关于 θ 是线性的）。"}),
    ]


PROMPT = {
    "en": r"""Note 000 writes the ridge (L2) penalty as $L'(\theta) = L(\theta) + \lambda \sum_i \theta_i^2$ and calls
$\sum_i \theta_i^2$ "the L2 norm". Take $\theta = ({{ theta|join(", ") }})$. Which statement is right?""",
    "zh": r"""笔记 000 把岭回归（L2）正则项写成 $L'(\theta) = L(\theta) + \lambda \sum_i \theta_i^2$，并把 $\sum_i \theta_i^2$ 称为“L2 范数”。
取 $\theta = ({{ theta|join(", ") }})$。下列哪个说法正确？""",
}

EXPLANATION = {
    "en": r"""{% set ns = namespace(sq=0) %}{% for v in theta %}{% set ns.sq = ns.sq + v * v %}{% endfor %}
$\sum_i \theta_i^2 = {% for v in theta %}{{ "(%d)"|format(v) if v < 0 else v }}^2{{ " + " if not loop.last else "" }}{% endfor %} = {{ ns.sq }}$, and the L2 norm is its square
root, $\|\theta\|_2 = \sqrt{ {{ ns.sq }} } = {{ "%g"|format(ns.sq ** 0.5) }}$. So the ridge penalty $\lambda\sum_i\theta_i^2$ is $\lambda\|\theta\|_2^2 = {{ ns.sq }}\lambda$,
the **squared** norm: what the notes print as the "L2-norm" is its square. (The sum of absolute values,
{{ theta|map("abs")|sum }}, is the L1 norm used by LASSO.)""",
    "zh": r"""{% set ns = namespace(sq=0) %}{% for v in theta %}{% set ns.sq = ns.sq + v * v %}{% endfor %}
$\sum_i \theta_i^2 = {% for v in theta %}{{ "(%d)"|format(v) if v < 0 else v }}^2{{ " + " if not loop.last else "" }}{% endfor %} = {{ ns.sq }}$，L2 范数是它的平方根：
$\|\theta\|_2 = \sqrt{ {{ ns.sq }} } = {{ "%g"|format(ns.sq ** 0.5) }}$。所以岭回归正则项 $\lambda\sum_i\theta_i^2$ 等于 $\lambda\|\theta\|_2^2 = {{ ns.sq }}\lambda$，
即范数的**平方**：笔记中印作“L2-norm”的其实是它的平方。（绝对值之和 {{ theta|map("abs")|sum }} 是 LASSO 所用的 L1 范数。）""",
}
