"""One step on E(w) + λ|w|: a plain subgradient step or the proximal (soft-thresholding) step.

Subgradient: w′ = w − η(g + λ·sign w), which jumps across 0 when |w| is small (it oscillates around 0
and never lands on it). Proximal: z = w − ηg, then w′ = sign(z)·max(|z| − ηλ, 0), which stops at
exactly 0 — where L1's exact zeros come from. The penalty is 000's λ‖θ‖₁. No worked example.
"""

import math

import numpy as np

from grader.bank.authoring import Meta, Mistake, Numeric, OneOf, Real, draw_distinct, draw_real

META = Meta(
    title={"en": "L1: subgradient step vs soft-thresholding", "zh": "L1：次梯度更新与软阈值更新"},
    kind="numeric",
    difficulty=3,
    points=3,
    source="000 正则化 (L1-norm, LASSO); 003 L1与L2正则化的区别：梯度角度",
    tags=("regularization", "l1", "sparsity", "soft-thresholding", "proximal"),
    covers="regularization",
    check=Numeric(decimals=4),
)

PARAMS = {
    "w": Real(-10.0, 10.0, decimals=2),
    "g": Real(-10.0, 10.0, decimals=2),
    "lr": Real(0.001, 1.0, decimals=3),
    "lam": Real(0.001, 10.0, decimals=3),
    "method": OneOf(("subgradient", "proximal")),
}


def _sign(v):
    return math.copysign(1.0, v) if v else 0.0


def _subgradient(p, *, penalty_sign=1.0, threshold=None):
    t = p["lr"] * p["lam"] if threshold is None else threshold
    return p["w"] - p["lr"] * p["g"] - penalty_sign * t * _sign(p["w"])


def _soft(v, t):
    return _sign(v) * max(abs(v) - t, 0.0)


def _proximal(p, *, threshold=None):
    t = p["lr"] * p["lam"] if threshold is None else threshold
    return _soft(p["w"] - p["lr"] * p["g"], t)


def answer(p: dict) -> float:
    return _subgradient(p) if p["method"] == "subgradient" else _proximal(p)


def _unless_key(value, p):
    """A mistake's value, or None where it coincides with the key (both 0 after thresholding): there
    the slip does not show, and the mistake does not apply."""
    return None if abs(value - answer(p)) < 1e-3 else value


MISTAKES = [
    Mistake(
        lambda p: _unless_key(_proximal(p), p) if p["method"] == "subgradient" else None,
        {
            "en": "A plain subgradient step does not stop at 0: it subtracts ηλ·sign(w) in full, so a small weight jumps "
                  "across 0 (and keeps oscillating around it). Stopping at 0 is what the proximal (soft-thresholding) step does.",
            "zh": "普通的次梯度更新不会停在 0：它完整地减去 ηλ·sign(w)，所以较小的权重会越过 0（并在 0 附近来回震荡）。"
                  "停在 0 上是近端（软阈值）更新的做法。",
        },
    ),
    Mistake(
        lambda p: _unless_key(_subgradient(p), p) if p["method"] == "proximal" else None,
        {
            "en": "That is the plain subgradient step. The proximal step first takes z = w − ηg, then shrinks z towards 0 by ηλ "
                  "and sets it to 0 if |z| ≤ ηλ.",
            "zh": "这是普通的次梯度更新。近端更新先算 z = w − ηg，再把 z 向 0 收缩 ηλ；若 |z| ≤ ηλ 则直接置为 0。",
        },
    ),
    Mistake(
        lambda p: _subgradient(p, penalty_sign=-1.0) if p["method"] == "subgradient" else None,
        {
            "en": "Wrong sign on the penalty: the gradient of λ|w| is λ·sign(w), and descent subtracts it, pulling w towards 0.",
            "zh": "正则项的符号错了：λ|w| 的梯度是 λ·sign(w)，梯度下降要减去它，把 w 拉向 0。",
        },
    ),
    Mistake(
        lambda p: _subgradient(p, threshold=p["lam"]) if p["method"] == "subgradient"
        else _unless_key(_proximal(p, threshold=p["lam"]), p),
        {
            "en": "The penalty's step is scaled by the learning rate too: the shift (or threshold) is ηλ, not λ.",
            "zh": "正则项的更新量同样要乘以学习率：平移量（或阈值）是 ηλ，而不是 λ。",
        },
    ),
    Mistake(
        lambda p: _unless_key(_soft(p["w"], p["lr"] * p["lam"]) - p["lr"] * p["g"], p) if p["method"] == "proximal" else None,
        {
            "en": "Soft-threshold the point after the data step, z = w − ηg, not w itself before it.",
            "zh": "软阈值要作用在数据梯度这一步之后的点 z = w − ηg 上，而不是作用在 w 上。",
        },
    ),
]


def _draw(rng):
    lr = float(rng.choice([0.1, 0.2, 0.5]))
    lam = float(rng.choice([0.2, 0.5, 1.0, 2.0]))
    w = draw_real(rng, 0.02, 4 * lr * lam, decimals=2) * float(rng.choice([-1, 1]))
    return {"w": w, "g": draw_real(rng, -1.0, 1.0, decimals=2), "lr": lr, "lam": lam,
            "method": str(rng.choice(["subgradient", "proximal"]))}


def _near(p):
    """Whether the data step lands within ηλ of 0: there the subgradient step crosses 0 and the
    proximal step returns exactly 0."""
    return abs(p["w"] - p["lr"] * p["g"]) < p["lr"] * p["lam"]


def generate(rng: np.random.Generator) -> dict:
    # The scenario is chosen first, so that redraws do not favour the one with fewer clashes: 60 %
    # near 0, where the two methods differ. Mistakes are kept apart from the key only: after
    # thresholding two slips can both give 0, and the first listed one then speaks for both.
    near = bool(rng.random() < 0.6)
    return draw_distinct(rng, _draw, answer=answer, mistakes=MISTAKES, apart=1e-3, pairwise=False,
                         keep=lambda p: _near(p) == near)


PROMPT = {
    "en": r"""A weight $w = {{ w }}$ is trained on $L(w) = E(w) + \lambda |w|$ with $\lambda = {{ lam }}$ (the L1 penalty
$\lambda\|\theta\|_1$ of note 000) and learning rate $\eta = {{ lr }}$. At this $w$ the data gradient is $g = \partial E/\partial w = {{ g }}$.
{% if method == "subgradient" %}Take one plain **subgradient step**
$$w' = w - \eta\,\big(g + \lambda\, \operatorname{sign}(w)\big).$$
{% else %}Take one **proximal (soft-thresholding) step**: first the data step $z = w - \eta g$, then
$$w' = \operatorname{sign}(z)\, \max\big(|z| - \eta\lambda,\ 0\big).$$
{% endif %}
What is $w'$? Give it to 4 decimal places.""",
    "zh": r"""权重 $w = {{ w }}$ 在 $L(w) = E(w) + \lambda |w|$ 上训练，$\lambda = {{ lam }}$（即笔记 000 中的 L1 正则项 $\lambda\|\theta\|_1$），
学习率 $\eta = {{ lr }}$。在这个 $w$ 处，数据项的梯度为 $g = \partial E/\partial w = {{ g }}$。
{% if method == "subgradient" %}做一步普通的**次梯度更新**
$$w' = w - \eta\,\big(g + \lambda\, \operatorname{sign}(w)\big).$$
{% else %}做一步**近端（软阈值）更新**：先做数据项这一步 $z = w - \eta g$，再
$$w' = \operatorname{sign}(z)\, \max\big(|z| - \eta\lambda,\ 0\big).$$
{% endif %}
$w'$ 是多少？保留 4 位小数。""",
}

_WORK = r"""{% macro n_(x) %}{{ ("(%s)" if x < 0 else "%s")|format("%.6g"|format(x + 0.0)) }}{% endmacro %}
{% set t = lr * lam %}{% set s = 1 if w > 0 else -1 %}{% set z = w - lr * g %}
{% set sub = w - lr * g - t * s %}{% set zs = 1 if z > 0 else (-1 if z < 0 else 0) %}
{% set prox = zs * ([z|abs - t, 0]|max) %}
"""

EXPLANATION = {
    "en": _WORK + r"""The penalty's step is $\eta\lambda = {{ lr }} \times {{ lam }} = {{ "%.6g"|format(t) }}$.
{% if method == "subgradient" %}$\operatorname{sign}(w) = {{ s }}$, so
$w' = {{ w }} - {{ lr }} \times {{ n_(g) }} - {{ "%.6g"|format(t) }} \times ({{ s }}) = {{ "%.4f"|format(sub) }}$.
{% if sub * w < 0 %}The step carried $w$ across 0: a subgradient step always moves by the full $\eta\lambda$, so near 0 it oscillates from one side to the other instead of settling at 0.
{% else %}$w$ moved towards 0 by $\eta\lambda$ on top of the data step; the subgradient step never sets a weight to exactly 0 — once $|w| < \eta\lambda$ it jumps across.
{% endif %}(The proximal step would give {{ "%.4f"|format(prox) }}.)
{% else %}The data step gives $z = {{ w }} - {{ lr }} \times {{ n_(g) }} = {{ "%.6g"|format(z) }}$.
{% if z|abs <= t %}Since $|z| = {{ "%.6g"|format(z|abs) }} \le \eta\lambda = {{ "%.6g"|format(t) }}$, the weight is set to exactly $0$: this is how L1 produces exact zeros (sparsity).
{% else %}$|z| = {{ "%.6g"|format(z|abs) }} > \eta\lambda$, so $z$ is shrunk towards 0 by ${{ "%.6g"|format(t) }}$: $w' = {{ "%.4f"|format(prox) }}$.
{% endif %}(A plain subgradient step would give {{ "%.4f"|format(sub) }}{{ ", crossing 0" if sub * w < 0 else "" }}.)
{% endif %}""",
    "zh": _WORK + r"""正则项这一步的大小为 $\eta\lambda = {{ lr }} \times {{ lam }} = {{ "%.6g"|format(t) }}$。
{% if method == "subgradient" %}$\operatorname{sign}(w) = {{ s }}$，所以
$w' = {{ w }} - {{ lr }} \times {{ n_(g) }} - {{ "%.6g"|format(t) }} \times ({{ s }}) = {{ "%.4f"|format(sub) }}$。
{% if sub * w < 0 %}这一步把 $w$ 推过了 0：次梯度更新每次都完整地移动 $\eta\lambda$，所以在 0 附近会从一侧跳到另一侧来回震荡，而不会停在 0。
{% else %}在数据项这一步之外，$w$ 又向 0 移动了 $\eta\lambda$；次梯度更新不会把权重恰好置为 0——一旦 $|w| < \eta\lambda$，它就会越过 0。
{% endif %}（近端更新会得到 {{ "%.4f"|format(prox) }}。）
{% else %}数据项这一步得到 $z = {{ w }} - {{ lr }} \times {{ n_(g) }} = {{ "%.6g"|format(z) }}$。
{% if z|abs <= t %}由于 $|z| = {{ "%.6g"|format(z|abs) }} \le \eta\lambda = {{ "%.6g"|format(t) }}$，权重被直接置为 $0$：L1 正是这样产生恰好为 0 的权重（稀疏性）。
{% else %}$|z| = {{ "%.6g"|format(z|abs) }} > \eta\lambda$，所以把 $z$ 向 0 收缩 ${{ "%.6g"|format(t) }}$：$w' = {{ "%.4f"|format(prox) }}$。
{% endif %}（普通的次梯度更新会得到 {{ "%.4f"|format(sub) }}{{ "，越过了 0" if sub * w < 0 else "" }}。）
{% endif %}""",
}
