"""BPTT by hand on a scalar linear RNN: the gradient of the summed loss w.r.t. one shared weight."""

import numpy as np

from grader.bank.authoring import Meta, Mistake, Numeric, OneOf, Real, Seq, draw_distinct, draw_real

META = Meta(
    title={"en": "Backpropagation through time", "zh": "随时间反向传播（BPTT）"},
    kind="numeric",
    difficulty=3,
    points=5,
    source="003 RNN神经网络原理概述 (BPTT: ∂E/∂W = Σ_t ∂E_t/∂W); 004 Q7-11",
    tags=("rnn", "bptt", "chain rule", "parameter sharing"),
    covers="bptt",
    check=Numeric(rel_tol=1e-3, min_sig_figs=4),
)

_VALUE = Real(-2.0, 2.0, decimals=1)

PARAMS = {
    "xs": Seq(_VALUE, 2, 4),
    "ys": Seq(_VALUE, 2, 4),
    "w_x": _VALUE,
    "w_s": _VALUE,
    "w_o": _VALUE,
    "s0": _VALUE,
    "wrt": OneOf(("w_x", "w_s", "w_o")),
}


def _gradient(p, *, steps=None, truncated=False):
    """dL/d(wrt) for L = Σ_t ½(o_t − y_t)² (or only over the time steps in `steps`, 1-based).
    `truncated` drops the recurrent term w_s·δ_{t+1} from δ_t (the truncated-BPTT mistake)."""
    xs, ys = p["xs"], p["ys"]
    T = len(xs)
    steps = range(1, T + 1) if steps is None else steps
    s = [p["s0"]]
    for t in range(T):
        s.append(p["w_s"] * s[-1] + p["w_x"] * xs[t])
    err = [0.0] + [(p["w_o"] * s[t] - ys[t - 1]) if t in steps else 0.0 for t in range(1, T + 1)]
    if p["wrt"] == "w_o":
        return sum(err[t] * s[t] for t in range(1, T + 1))
    # delta[t] = dL/ds_t, collecting the loss at t and everything s_t influences later.
    delta = [0.0] * (T + 2)
    for t in range(T, 0, -1):
        delta[t] = err[t] * p["w_o"] + (0.0 if truncated else p["w_s"] * delta[t + 1])
    if p["wrt"] == "w_x":
        return sum(delta[t] * xs[t - 1] for t in range(1, T + 1))
    return sum(delta[t] * s[t - 1] for t in range(1, T + 1))


def answer(p: dict) -> float:
    return _gradient(p)


MISTAKES = [
    Mistake(
        lambda p: _gradient(p, steps=[len(p["xs"])]),
        {
            "en": "You differentiated only the last step's loss. L sums the losses of all time steps, and the "
                  "shared weight is used at every step: ∂L/∂w = Σ_t ∂L_t/∂w.",
            "zh": "你只对最后一个时刻的损失求了导。L 是所有时刻损失之和，而共享的权重在每个时刻都被使用：∂L/∂w = Σ_t ∂L_t/∂w。",
        },
    ),
    Mistake(
        lambda p: -_gradient(p),
        {
            "en": "Wrong sign: ∂/∂o_t of ½(o_t − y_t)² is (o_t − y_t), not (y_t − o_t).",
            "zh": "符号错了：½(o_t − y_t)² 对 o_t 的导数是 (o_t − y_t)，而不是 (y_t − o_t)。",
        },
    ),
    Mistake(
        lambda p: None if p["wrt"] == "w_o" else _gradient(p, truncated=True),
        {
            "en": "You stopped the backward pass at each step: δ_t = (o_t − y_t)·w_o misses w_s·δ_{t+1}. Through "
                  "s_{t+1} = w_s·s_t + …, the state s_t also changes every later loss, so δ_t = (o_t − y_t)·w_o + w_s·δ_{t+1}.",
            "zh": "你在每个时刻都截断了反向传播：δ_t = (o_t − y_t)·w_o 漏掉了 w_s·δ_{t+1}。通过 s_{t+1} = w_s·s_t + …，"
                  "状态 s_t 还会影响之后所有时刻的损失，所以 δ_t = (o_t − y_t)·w_o + w_s·δ_{t+1}。",
        },
    ),
    Mistake(
        lambda p: 2 * _gradient(p),
        {
            "en": "A factor 2 too large: the ½ in the loss cancels the 2 from differentiating the square.",
            "zh": "大了 2 倍：损失中的 ½ 正好与平方求导得到的 2 相消。",
        },
    ),
]


WRT_WEIGHTS = (0.45, 0.45, 0.10)  # w_x, w_s, w_o


def _draw(rng):
    T = int(rng.integers(2, 5))
    return {
        "xs": [draw_real(rng, -1.0, 1.0, decimals=1) for _ in range(T)],
        "ys": [draw_real(rng, -1.0, 1.0, decimals=1) for _ in range(T)],
        "w_x": draw_real(rng, -1.5, 1.5, decimals=1, min_abs=0.1),
        "w_s": draw_real(rng, -1.2, 1.2, decimals=1, min_abs=0.1),
        "w_o": draw_real(rng, -1.5, 1.5, decimals=1, min_abs=0.1),
        "s0": draw_real(rng, -1.0, 1.0, decimals=1),
        # w_o has no recurrence (its gradient is a plain sum); most variants ask for a recurrent weight.
        "wrt": str(rng.choice(["w_x", "w_s", "w_o"], p=WRT_WEIGHTS)),
    }


def generate(rng: np.random.Generator) -> dict:
    # A gradient of a readable size, and every listed mistake more than 2 % away from the key and
    # from each other.
    return draw_distinct(rng, _draw, answer=answer, mistakes=MISTAKES, apart=lambda key: 0.02 * abs(key),
                         keep=lambda p: 0.05 <= abs(answer(p)) <= 50)


PROMPT = {
    "en": r"""A scalar linear RNN (no activation functions) computes, for $t = 1, \dots, T$ with $T = {{ xs|length }}$,
$$s_t = w_s\, s_{t-1} + w_x\, x_t,\qquad o_t = w_o\, s_t,\qquad L = \sum_{t=1}^{T} \tfrac12 (o_t - y_t)^2,$$
with $s_0 = {{ s0 }}$, $w_x = {{ w_x }}$, $w_s = {{ w_s }}$, $w_o = {{ w_o }}$,
inputs $(x_1, \dots, x_{ {{ xs|length }} }) = ({{ xs|join(", ") }})$ and targets $(y_1, \dots, y_{ {{ ys|length }} }) = ({{ ys|join(", ") }})$.
The same three weights are used at every time step.

Compute $\dfrac{\partial L}{\partial {{ wrt[0] }}_{ {{ wrt[2:] }} }}$ at these values. Give at least 4 significant figures.""",
    "zh": r"""一个标量线性 RNN（没有激活函数）对 $t = 1, \dots, T$（$T = {{ xs|length }}$）计算
$$s_t = w_s\, s_{t-1} + w_x\, x_t,\qquad o_t = w_o\, s_t,\qquad L = \sum_{t=1}^{T} \tfrac12 (o_t - y_t)^2,$$
其中 $s_0 = {{ s0 }}$，$w_x = {{ w_x }}$，$w_s = {{ w_s }}$，$w_o = {{ w_o }}$，
输入 $(x_1, \dots, x_{ {{ xs|length }} }) = ({{ xs|join(", ") }})$，目标 $(y_1, \dots, y_{ {{ ys|length }} }) = ({{ ys|join(", ") }})$。
三个权重在所有时刻共享。

求在这些取值下的 $\dfrac{\partial L}{\partial {{ wrt[0] }}_{ {{ wrt[2:] }} }}$，至少保留 4 位有效数字。""",
}

# Forward and backward pass recomputed in jinja: s[t] for t = 0..T, err[t] and delta[t] for t = 1..T.
_WORK = r"""{% set T = xs|length %}
{% set ns = namespace(s=[s0], d=[], g=0) %}
{% for t in range(T) %}{% set ns.s = ns.s + [w_s * ns.s[-1] + w_x * xs[t]] %}{% endfor %}
{% set s = ns.s %}
{% set ns2 = namespace(err=[0]) %}
{% for t in range(1, T + 1) %}{% set ns2.err = ns2.err + [w_o * s[t] - ys[t - 1]] %}{% endfor %}
{% set err = ns2.err %}
{% for t in range(T, 0, -1) %}{% set ns.d = [err[t] * w_o + w_s * (ns.d[0] if ns.d else 0)] + ns.d %}{% endfor %}
{% set delta = [0] + ns.d %}
{% for t in range(1, T + 1) %}
{% if wrt == "w_o" %}{% set ns.g = ns.g + err[t] * s[t] %}{% elif wrt == "w_x" %}{% set ns.g = ns.g + delta[t] * xs[t - 1] %}{% else %}{% set ns.g = ns.g + delta[t] * s[t - 1] %}{% endif %}
{% endfor %}
"""

EXPLANATION = {
    "en": _WORK + r"""Forward pass: {% for t in range(1, T + 1) %}$s_{ {{ t }} } = {{ "%.6g"|format(s[t]) }}$, $o_{ {{ t }} } - y_{ {{ t }} } = {{ "%.6g"|format(err[t]) }}${{ "; " if not loop.last else "." }}{% endfor %}

{% if wrt == "w_o" %}
$w_o$ touches the loss only through each $o_t$ and does not influence the states, so
$\frac{\partial L}{\partial w_o} = \sum_t (o_t - y_t)\, s_t = {{ "%.6g"|format(ns.g) }}$.
{% else %}
Backward pass: $\delta_t = \frac{\partial L}{\partial s_t}$ collects the loss at time $t$ and, through $s_{t+1} = w_s s_t + \dots$, everything later:
$\delta_T = (o_T - y_T)\,w_o$ and $\delta_t = (o_t - y_t)\,w_o + w_s\,\delta_{t+1}$, giving
{% for t in range(1, T + 1) %}$\delta_{ {{ t }} } = {{ "%.6g"|format(delta[t]) }}${{ ", " if not loop.last else "." }}{% endfor %}

Since ${{ wrt[0] }}_{ {{ wrt[2:] }} }$ is used at every step and $\partial s_t / \partial {{ wrt[0] }}_{ {{ wrt[2:] }} } = {{ "x_t" if wrt == "w_x" else "s_{t-1}" }}$ (holding the earlier states fixed; their dependence is already in $\delta$),
$\frac{\partial L}{\partial {{ wrt[0] }}_{ {{ wrt[2:] }} }} = \sum_t \delta_t\, {{ "x_t" if wrt == "w_x" else "s_{t-1}" }} = {{ "%.6g"|format(ns.g) }}$.
{% endif %}""",
    "zh": _WORK + r"""前向传播：{% for t in range(1, T + 1) %}$s_{ {{ t }} } = {{ "%.6g"|format(s[t]) }}$，$o_{ {{ t }} } - y_{ {{ t }} } = {{ "%.6g"|format(err[t]) }}${{ "；" if not loop.last else "。" }}{% endfor %}

{% if wrt == "w_o" %}
$w_o$ 只通过各时刻的 $o_t$ 影响损失，并不影响状态，所以
$\frac{\partial L}{\partial w_o} = \sum_t (o_t - y_t)\, s_t = {{ "%.6g"|format(ns.g) }}$。
{% else %}
反向传播：$\delta_t = \frac{\partial L}{\partial s_t}$ 既包含 $t$ 时刻的损失，也通过 $s_{t+1} = w_s s_t + \dots$ 包含之后所有时刻的损失：
$\delta_T = (o_T - y_T)\,w_o$，$\delta_t = (o_t - y_t)\,w_o + w_s\,\delta_{t+1}$，得到
{% for t in range(1, T + 1) %}$\delta_{ {{ t }} } = {{ "%.6g"|format(delta[t]) }}${{ "，" if not loop.last else "。" }}{% endfor %}

${{ wrt[0] }}_{ {{ wrt[2:] }} }$ 在每个时刻都被使用，且 $\partial s_t / \partial {{ wrt[0] }}_{ {{ wrt[2:] }} } = {{ "x_t" if wrt == "w_x" else "s_{t-1}" }}$（把之前的状态视为常数，它们对权重的依赖已包含在 $\delta$ 中），所以
$\frac{\partial L}{\partial {{ wrt[0] }}_{ {{ wrt[2:] }} }} = \sum_t \delta_t\, {{ "x_t" if wrt == "w_x" else "s_{t-1}" }} = {{ "%.6g"|format(ns.g) }}$。
{% endif %}""",
}
