"""One pass of the perceptron learning rule over a few samples: on a mistake (y·(w·x + b) ≤ 0),
w ← w + η·y·x and b ← b + η·y."""

import numpy as np

from grader.bank.authoring import Int, Meta, Mistake, Numeric, OneOf, Seq, draw_distinct

META = Meta(
    title={"en": "Perceptron learning rule: one pass", "zh": "感知机学习规则：一轮遍历"},
    kind="numeric",
    difficulty=3,
    points=3,
    source="002 §1 感知机 (判别式的线性分类模型, 与、或、非)",
    tags=("perceptron", "learning rule", "linear classifier"),
    covers="perceptron",
    check=Numeric(decimals=2, rel_tol=0.0),
)

PARAMS = {
    "w": Seq(Int(-5, 5), 2, 2),
    "b": Int(-5, 5),
    "lr": OneOf((0.1, 0.2, 0.5, 1)),
    "samples": Seq(Seq(Int(-5, 5), 3, 3), 3, 4),  # [x1, x2, y] with y = ±1, in the order they are visited
    "ask": OneOf(("w1", "w2", "b")),
}


def _train(p, *, rule="sequential", sign=1, lr=None):
    """(w1, w2, b) after one pass. `rule`: "sequential" (the perceptron), "every" (update on every sample),
    "batch" (mistakes judged with the initial weights, updates summed); `sign=-1` flips the update."""
    lr = p["lr"] if lr is None else lr
    w1, w2 = p["w"]
    b = p["b"]
    start = (w1, w2, b)
    for x1, x2, y in p["samples"]:
        v1, v2, vb = start if rule == "batch" else (w1, w2, b)
        wrong = y * (v1 * x1 + v2 * x2 + vb) <= 0
        if wrong or rule == "every":
            w1, w2, b = w1 + sign * lr * y * x1, w2 + sign * lr * y * x2, b + sign * lr * y
    return {"w1": w1, "w2": w2, "b": b}


def _steps(p):
    """The score y·(w·x + b) each sample sees during the pass, and whether it triggers an update."""
    w1, w2 = p["w"]
    b = p["b"]
    out = []
    for x1, x2, y in p["samples"]:
        score = y * (w1 * x1 + w2 * x2 + b)
        out.append((score, score <= 0))
        if score <= 0:
            w1, w2, b = w1 + p["lr"] * y * x1, w2 + p["lr"] * y * x2, b + p["lr"] * y
    return out


def answer(p: dict) -> float:
    return round(_train(p)[p["ask"]], 10) + 0.0


MISTAKES = [
    Mistake(
        lambda p: _train(p, rule="every")[p["ask"]],
        {
            "en": "You updated on every sample. The perceptron only changes w and b when a sample is misclassified, "
                  "i.e. when y·(w·x + b) ≤ 0; correctly classified samples leave them unchanged.",
            "zh": "你对每个样本都做了更新。感知机只在样本被分错，即 y·(w·x + b) ≤ 0 时才修改 w 和 b；分对的样本不改变它们。",
        },
    ),
    Mistake(
        lambda p: _train(p, sign=-1)[p["ask"]],
        {
            "en": "Wrong sign: a misclassified sample pulls the boundary towards classifying it correctly, w ← w + η·y·x "
                  "(and b ← b + η·y), which raises y·(w·x + b).",
            "zh": "符号错了：被分错的样本应把分界面往能分对它的方向拉，w ← w + η·y·x（b ← b + η·y），这样 y·(w·x + b) 会增大。",
        },
    ),
    Mistake(
        lambda p: _train(p, rule="batch")[p["ask"]],
        {
            "en": "The samples are visited one at a time and each check uses the weights as updated so far; you judged every "
                  "sample with the initial weights.",
            "zh": "样本是逐个处理的，每次判断都要用到目前为止已更新的权重；你却用初始权重判断了所有样本。",
        },
    ),
    Mistake(
        lambda p: _train(p, lr=1)[p["ask"]] if p["lr"] != 1 else None,
        {
            "en": "The learning rate is missing: each update adds η·y·x, not y·x.",
            "zh": "漏掉了学习率：每次更新加的是 η·y·x，而不是 y·x。",
        },
    ),
]


def _draw(rng):
    n = int(rng.integers(3, 5))
    samples = [[int(rng.integers(-3, 4)), int(rng.integers(-3, 4)), int(rng.choice([-1, 1]))] for _ in range(n)]
    return {"w": [int(rng.integers(-2, 3)), int(rng.integers(-2, 3))], "b": int(rng.integers(-2, 3)),
            "lr": [0.1, 0.2, 0.5, 1, 1][int(rng.integers(5))], "samples": samples,
            "ask": str(rng.choice(["w1", "w2", "b"]))}


def _interesting(p):
    """At least two updates and one sample left alone, no sample exactly on the boundary, no zero input."""
    steps = _steps(p)
    updates = sum(update for _score, update in steps)
    return (2 <= updates < len(steps) and all(score != 0 for score, _update in steps)
            and all((x1, x2) != (0, 0) for x1, x2, _y in p["samples"]))


def generate(rng: np.random.Generator) -> dict:
    return draw_distinct(rng, _draw, answer=answer, mistakes=MISTAKES, apart=0.01, keep=_interesting)


PROMPT = {
    "en": r"""A perceptron classifies $x = (x_1, x_2)$ as $\operatorname{sign}(w \cdot x + b)$ with labels $y \in \{-1, +1\}$. It starts
from $w = ({{ w[0] }}, {{ w[1] }})$, $b = {{ b }}$ and visits the samples below once, in this order, with learning rate
$\eta = {{ lr }}$. A sample counts as misclassified when $y\,(w \cdot x + b) \le 0$; then
$w \leftarrow w + \eta\, y\, x$ and $b \leftarrow b + \eta\, y$; otherwise nothing changes.

| sample | $x_1$ | $x_2$ | $y$ |
|---|---|---|---|
{% for s in samples %}| {{ loop.index }} | {{ s[0] }} | {{ s[1] }} | {{ "%+d"|format(s[2]) }} |
{% endfor %}

What is {{ {"w1": "$w_1$", "w2": "$w_2$", "b": "$b$"}[ask] }} after this pass? Give the value to 2 decimal places.""",
    "zh": r"""一个感知机把 $x = (x_1, x_2)$ 分类为 $\operatorname{sign}(w \cdot x + b)$，标签 $y \in \{-1, +1\}$。它从
$w = ({{ w[0] }}, {{ w[1] }})$、$b = {{ b }}$ 出发，以学习率 $\eta = {{ lr }}$ 按下表顺序把每个样本处理一遍。
当 $y\,(w \cdot x + b) \le 0$ 时样本算作分错，此时 $w \leftarrow w + \eta\, y\, x$，$b \leftarrow b + \eta\, y$；否则不做任何改变。

| 样本 | $x_1$ | $x_2$ | $y$ |
|---|---|---|---|
{% for s in samples %}| {{ loop.index }} | {{ s[0] }} | {{ s[1] }} | {{ "%+d"|format(s[2]) }} |
{% endfor %}

处理完这一轮后 {{ {"w1": "$w_1$", "w2": "$w_2$", "b": "$b$"}[ask] }} 是多少？答案保留 2 位小数。""",
}

_WORK = r"""{% macro num(v) %}{% set t = "%g"|format((v * 1000000)|round / 1000000 + 0.0) %}{% if t.startswith("-") %}({{ t }}){% else %}{{ t }}{% endif %}{% endmacro %}
{% macro r(v) %}{{ "%g"|format((v * 1000000)|round / 1000000 + 0.0) }}{% endmacro %}
{% set ns = namespace(w1=w[0], w2=w[1], b=b) %}
"""

EXPLANATION = {
    "en": _WORK + r"""Go through the samples in order, always with the current $w, b$:
{% for s in samples %}
{% set score = s[2] * (ns.w1 * s[0] + ns.w2 * s[1] + ns.b) %}
- sample {{ loop.index }}: $y(w \cdot x + b) = {{ num(s[2]) }} \times ({{ num(ns.w1) }} \cdot {{ num(s[0]) }} + {{ num(ns.w2) }} \cdot {{ num(s[1]) }} + {{ num(ns.b) }}) = {{ r(score) }}${% if score <= 0 %} $\le 0$: misclassified, so
  $w \leftarrow ({{ r(ns.w1) }} + {{ lr }} \cdot {{ num(s[2]) }} \cdot {{ num(s[0]) }},\ {{ r(ns.w2) }} + {{ lr }} \cdot {{ num(s[2]) }} \cdot {{ num(s[1]) }})
  = ({{ r(ns.w1 + lr * s[2] * s[0]) }}, {{ r(ns.w2 + lr * s[2] * s[1]) }})$, $b \leftarrow {{ r(ns.b) }} + {{ lr }} \cdot {{ num(s[2]) }} = {{ r(ns.b + lr * s[2]) }}$.
{% set ns.w1 = ns.w1 + lr * s[2] * s[0] %}{% set ns.w2 = ns.w2 + lr * s[2] * s[1] %}{% set ns.b = ns.b + lr * s[2] %}
{% else %} $> 0$: correct, no change.
{% endif %}
{% endfor %}

After the pass $w = ({{ r(ns.w1) }}, {{ r(ns.w2) }})$ and $b = {{ r(ns.b) }}$, so ${{ {"w1": "w_1", "w2": "w_2", "b": "b"}[ask] }} = {{ "%.2f"|format({"w1": ns.w1, "w2": ns.w2, "b": ns.b}[ask] + 0.0000001) }}$.
Only misclassified samples move the boundary, and each check uses the weights as updated by the samples before it.""",
    "zh": _WORK + r"""按顺序处理样本，每次都用当前的 $w, b$：
{% for s in samples %}
{% set score = s[2] * (ns.w1 * s[0] + ns.w2 * s[1] + ns.b) %}
- 样本 {{ loop.index }}：$y(w \cdot x + b) = {{ num(s[2]) }} \times ({{ num(ns.w1) }} \cdot {{ num(s[0]) }} + {{ num(ns.w2) }} \cdot {{ num(s[1]) }} + {{ num(ns.b) }}) = {{ r(score) }}${% if score <= 0 %} $\le 0$：分错，于是
  $w \leftarrow ({{ r(ns.w1) }} + {{ lr }} \cdot {{ num(s[2]) }} \cdot {{ num(s[0]) }},\ {{ r(ns.w2) }} + {{ lr }} \cdot {{ num(s[2]) }} \cdot {{ num(s[1]) }})
  = ({{ r(ns.w1 + lr * s[2] * s[0]) }}, {{ r(ns.w2 + lr * s[2] * s[1]) }})$，$b \leftarrow {{ r(ns.b) }} + {{ lr }} \cdot {{ num(s[2]) }} = {{ r(ns.b + lr * s[2]) }}$。
{% set ns.w1 = ns.w1 + lr * s[2] * s[0] %}{% set ns.w2 = ns.w2 + lr * s[2] * s[1] %}{% set ns.b = ns.b + lr * s[2] %}
{% else %} $> 0$：分对，不变。
{% endif %}
{% endfor %}

一轮之后 $w = ({{ r(ns.w1) }}, {{ r(ns.w2) }})$，$b = {{ r(ns.b) }}$，所以 ${{ {"w1": "w_1", "w2": "w_2", "b": "b"}[ask] }} = {{ "%.2f"|format({"w1": ns.w1, "w2": ns.w2, "b": ns.b}[ask] + 0.0000001) }}$。
只有分错的样本才会移动分界面，而且每次判断都使用前面样本更新后的权重。""",
}
