"""Gradient clipping by the global norm (torch.nn.utils.clip_grad_norm_): every gradient is scaled by
min(1, c / ‖g‖), ‖g‖ the norm of all gradients together; below the limit nothing changes."""

import math

import numpy as np

from grader.bank.authoring import Int, Meta, Mistake, Numeric, Real, Seq, draw_distinct, draw_real

META = Meta(
    title={"en": "Gradient clipping by the global norm", "zh": "按全局范数裁剪梯度"},
    kind="numeric",
    difficulty=2,
    points=3,
    source="004 Q11 (梯度裁剪是如何工作的？); 000 梯度不稳定问题 解决办法 4 (梯度截断)",
    tags=("rnn", "gradient clipping", "exploding gradient"),
    covers="bptt",
    check=Numeric(decimals=3),
)

_GRAD = Real(-10.0, 10.0, decimals=1)

PARAMS = {
    "g_w": Seq(_GRAD, 2, 3),
    "g_b": Seq(_GRAD, 1, 2),
    "max_norm": Real(0.1, 100.0, decimals=1),
    "index": Int(0, 4),
}


def _all(p):
    return p["g_w"] + p["g_b"]


def _norm(values):
    return math.sqrt(sum(v * v for v in values))


def _entry(p):
    return _all(p)[p["index"]]


def _own_tensor(p):
    return p["g_w"] if p["index"] < len(p["g_w"]) else p["g_b"]


def _above(p):
    return _norm(_all(p)) > p["max_norm"]


def answer(p: dict) -> float:
    return _entry(p) * min(1.0, p["max_norm"] / _norm(_all(p)))


def _per_tensor(p):
    own = _norm(_own_tensor(p))
    if not _above(p) or own <= p["max_norm"]:
        return None  # no different from the key or from "unchanged"
    return _entry(p) * p["max_norm"] / own


def _by_value(p):
    if not _above(p) or abs(_entry(p)) <= p["max_norm"]:
        return None
    return math.copysign(p["max_norm"], _entry(p))


MISTAKES = [
    Mistake(
        _per_tensor,
        {
            "en": "clip_grad_norm_ computes one norm over all the gradients together (here W's and b's) and scales "
                  "them all by the same factor; you clipped each tensor by its own norm.",
            "zh": "clip_grad_norm_ 把所有梯度（这里是 W 的和 b 的）合在一起算一个范数，并用同一个系数缩放；你对每个张量分别按自己的范数裁剪了。",
        },
    ),
    Mistake(
        _by_value,
        {
            "en": "That is clipping by value (clip_grad_value_), which cuts each entry at ±c. Clipping by norm "
                  "rescales the whole gradient vector, keeping its direction.",
            "zh": "这是按值裁剪（clip_grad_value_），把每个分量截断在 ±c。按范数裁剪是整体缩放梯度向量，保持其方向不变。",
        },
    ),
    Mistake(
        lambda p: _entry(p) if _above(p) else None,
        {
            "en": "The global norm ‖g‖ is above the limit c here, so every gradient is multiplied by c / ‖g‖ < 1.",
            "zh": "这里全局范数 ‖g‖ 超过了上限 c，所以每个梯度都要乘以 c / ‖g‖ < 1。",
        },
    ),
    Mistake(
        lambda p: None if _above(p) else _entry(p) * p["max_norm"] / _norm(_all(p)),
        {
            "en": "The norm is already below the limit, so nothing changes: clipping only shrinks gradients "
                  "(factor min(1, c/‖g‖)); it never scales small ones up.",
            "zh": "范数已经低于上限，梯度保持不变：裁剪只会缩小梯度（系数 min(1, c/‖g‖)），不会把小梯度放大。",
        },
    ),
]


def _draw(rng):
    g_w = [draw_real(rng, -4.0, 4.0, decimals=1, min_abs=0.2) for _ in range(int(rng.integers(2, 4)))]
    g_b = [draw_real(rng, -4.0, 4.0, decimals=1, min_abs=0.2) for _ in range(int(rng.integers(1, 3)))]
    norm = _norm(g_w + g_b)
    if rng.random() < 0.75:  # most variants are above the limit, where clipping acts
        limits = [c for c in (0.5, 1.0, 2.0, 3.0, 5.0) if c < 0.9 * norm]
    else:
        limits = [c for c in (2.0, 5.0, 10.0, 20.0) if c > 1.1 * norm]
    max_norm = float(rng.choice(limits)) if limits else 1.0
    return {"g_w": g_w, "g_b": g_b, "max_norm": max_norm, "index": int(rng.integers(len(g_w) + len(g_b)))}


def generate(rng: np.random.Generator) -> dict:
    return draw_distinct(rng, _draw, answer=answer, mistakes=MISTAKES, apart=0.002,
                         keep=lambda p: abs(answer(p)) >= 0.01
                         and abs(_norm(_all(p)) - p["max_norm"]) > 0.1 * p["max_norm"])


PROMPT = {
    "en": r"""An RNN has two parameter tensors, $W$ and $b$. After `loss.backward()` their gradients are
$$g_W = ({{ g_w|join(", ") }}),\qquad g_b = ({{ g_b|join(", ") }}).$$
Before the optimizer step, the gradients are clipped as `torch.nn.utils.clip_grad_norm_([W, b], max_norm={{ max_norm }})`
does (ignore its tiny $\varepsilon$): with $\|g\|$ the Euclidean norm of **all** the gradient entries together,
every entry is multiplied by $\min(1,\ c / \|g\|)$, $c = {{ max_norm }}$.

What is the entry {% if index < g_w|length %}$g_{W,{{ index + 1 }}} = {{ g_w[index] }}$ of $g_W${% else %}$g_{b,{{ index - g_w|length + 1 }}} = {{ g_b[index - g_w|length] }}$ of $g_b${% endif %} after clipping?
Give it to 3 decimal places.""",
    "zh": r"""某 RNN 有两个参数张量 $W$ 和 $b$。执行 `loss.backward()` 后它们的梯度为
$$g_W = ({{ g_w|join(", ") }}),\qquad g_b = ({{ g_b|join(", ") }}).$$
在优化器更新之前，按 `torch.nn.utils.clip_grad_norm_([W, b], max_norm={{ max_norm }})` 的方式裁剪梯度（忽略其中很小的 $\varepsilon$）：
令 $\|g\|$ 为**全部**梯度分量合在一起的欧氏范数，每个分量都乘以 $\min(1,\ c / \|g\|)$，$c = {{ max_norm }}$。

裁剪后，{% if index < g_w|length %}$g_W$ 的分量 $g_{W,{{ index + 1 }}} = {{ g_w[index] }}${% else %}$g_b$ 的分量 $g_{b,{{ index - g_w|length + 1 }}} = {{ g_b[index - g_w|length] }}${% endif %} 变为多少？
保留 3 位小数。""",
}

_WORK = r"""{% set ns = namespace(sq=0) %}{% for v in g_w + g_b %}{% set ns.sq = ns.sq + v * v %}{% endfor %}
{% set norm = ns.sq ** 0.5 %}{% set entry = (g_w + g_b)[index] %}{% set factor = [1, max_norm / norm]|min %}
"""

EXPLANATION = {
    "en": _WORK + r"""The global norm is $\|g\| = \sqrt{ {% for v in g_w + g_b %}({{ v }})^2{{ " + " if not loop.last }}{% endfor %} } = \sqrt{ {{ "%.2f"|format(ns.sq) }} } = {{ "%.4f"|format(norm) }}$.
{% if norm > max_norm %}It is above $c = {{ max_norm }}$, so every entry of both tensors is scaled by the same factor
$c / \|g\| = {{ max_norm }} / {{ "%.4f"|format(norm) }} = {{ "%.4f"|format(factor) }}$:
${{ '(%s)'|format(entry) if entry < 0 else entry }} \times {{ "%.4f"|format(factor) }} = {{ "%.3f"|format(entry * factor) }}$.
The direction of the whole gradient is kept; only its length is cut to $c$. This bounds exploding gradients, but it cannot help vanishing ones.{% else %}It is not above $c = {{ max_norm }}$, so the factor is $\min(1, c/\|g\|) = 1$ and nothing changes: the entry stays ${{ "%.3f"|format(entry) }}$.
Clipping only ever shrinks gradients; it does not scale small ones up (and so it cannot help vanishing gradients).{% endif %}""",
    "zh": _WORK + r"""全局范数为 $\|g\| = \sqrt{ {% for v in g_w + g_b %}({{ v }})^2{{ " + " if not loop.last }}{% endfor %} } = \sqrt{ {{ "%.2f"|format(ns.sq) }} } = {{ "%.4f"|format(norm) }}$。
{% if norm > max_norm %}它超过了 $c = {{ max_norm }}$，所以两个张量的每个分量都乘以同一个系数
$c / \|g\| = {{ max_norm }} / {{ "%.4f"|format(norm) }} = {{ "%.4f"|format(factor) }}$：
${{ '(%s)'|format(entry) if entry < 0 else entry }} \times {{ "%.4f"|format(factor) }} = {{ "%.3f"|format(entry * factor) }}$。
整个梯度的方向不变，只是长度被截到 $c$。这能抑制梯度爆炸，但对梯度消失无能为力。{% else %}它没有超过 $c = {{ max_norm }}$，所以系数为 $\min(1, c/\|g\|) = 1$，梯度不变：该分量仍为 ${{ "%.3f"|format(entry) }}$。
裁剪只会缩小梯度，不会放大小梯度（因此也解决不了梯度消失）。{% endif %}""",
}
