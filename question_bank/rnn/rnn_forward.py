"""Forward pass of a scalar tanh RNN, s_t = tanh(U x_t + W s_{t−1}), over 2–3 steps with shared weights."""

import math

import numpy as np

from grader.bank.authoring import Meta, Mistake, Numeric, Real, Seq, draw_distinct, draw_real

from ._cells import JINJA_MATH, rnn_states

META = Meta(
    title={"en": "RNN forward pass", "zh": "RNN 的前向计算"},
    kind="numeric",
    difficulty=2,
    points=3,
    source="003 RNN神经网络的计算过程 (s_t = f(U x_t + W s_{t−1})); 002 §6 RNN",
    tags=("rnn", "forward pass", "parameter sharing", "tanh"),
    covers="rnn_basics",
    check=Numeric(sig_figs=4),
)

_VALUE = Real(-2.0, 2.0, decimals=1)

PARAMS = {"u": _VALUE, "w": _VALUE, "s0": _VALUE, "xs": Seq(_VALUE, 2, 3)}


def answer(p: dict) -> float:
    return rnn_states(p)[-1]


MISTAKES = [
    Mistake(
        lambda p: rnn_states(p, activation=lambda z: z)[-1],
        {
            "en": "You left out the activation: every step applies tanh to U x_t + W s_{t−1}, not only the last one.",
            "zh": "你漏掉了激活函数：每个时刻都要对 U x_t + W s_{t−1} 取 tanh，而不只是最后一步。",
        },
    ),
    Mistake(
        lambda p: math.tanh(p["u"] * p["xs"][-1]),
        {
            "en": "You ignored the memory: s_T also depends on s_{T−1} through W, and s_{T−1} on the earlier inputs.",
            "zh": "你忽略了记忆：s_T 还通过 W 依赖 s_{T−1}，而 s_{T−1} 又依赖之前的输入。",
        },
    ),
    Mistake(
        lambda p: rnn_states({**p, "u": p["w"], "w": p["u"]})[-1],
        {
            "en": "U and W are swapped: U multiplies the input x_t, W multiplies the previous state s_{t−1}.",
            "zh": "U 和 W 用反了：U 乘以输入 x_t，W 乘以上一时刻的状态 s_{t−1}。",
        },
    ),
]


def _draw(rng):
    steps = int(rng.integers(2, 4))
    return {
        "u": draw_real(rng, -1.5, 1.5, decimals=1, min_abs=0.2),
        "w": draw_real(rng, -1.5, 1.5, decimals=1, min_abs=0.2),
        "s0": draw_real(rng, -1.0, 1.0, decimals=1),
        "xs": [draw_real(rng, -1.5, 1.5, decimals=1, min_abs=0.1) for _ in range(steps)],
    }


def generate(rng: np.random.Generator) -> dict:
    return draw_distinct(rng, _draw, answer=answer, mistakes=MISTAKES, apart=lambda key: 0.01 * abs(key),
                         keep=lambda p: abs(answer(p)) >= 0.05 and p["u"] != p["w"])


PROMPT = {
    "en": r"""A recurrent network with one scalar hidden unit computes, at every time step $t = 1, \dots, {{ xs|length }}$,
$$s_t = \tanh(U x_t + W s_{t-1})$$
with the **same** weights $U = {{ u }}$ and $W = {{ w }}$ at every step (no biases). The initial state is $s_0 = {{ s0 }}$
and the inputs are $(x_1, \dots, x_{ {{ xs|length }} }) = ({{ xs|join(", ") }})$.

Compute $s_{ {{ xs|length }} }$ to 4 significant figures.""",
    "zh": r"""一个只有一个标量隐藏单元的循环神经网络在每个时刻 $t = 1, \dots, {{ xs|length }}$ 计算
$$s_t = \tanh(U x_t + W s_{t-1}),$$
各时刻使用**同一组**权重 $U = {{ u }}$、$W = {{ w }}$（没有偏置）。初始状态 $s_0 = {{ s0 }}$，
输入为 $(x_1, \dots, x_{ {{ xs|length }} }) = ({{ xs|join(", ") }})$。

求 $s_{ {{ xs|length }} }$，保留 4 位有效数字。""",
}

_WORK = JINJA_MATH + r"""{% set ns = namespace(s=[s0]) %}{% for x in xs %}{% set ns.s = ns.s + [tanh(u * x + w * ns.s[-1])|float] %}{% endfor %}"""

EXPLANATION = {
    "en": _WORK + r"""Carry the state forward one step at a time, applying tanh at every step:
{% for t in range(1, xs|length + 1) %}
$s_{ {{ t }} } = \tanh({{ u }} \cdot ({{ xs[t - 1] }}) + {{ w }} \cdot ({{ "%.6g"|format(ns.s[t - 1]) }})) = \tanh({{ "%.6g"|format(u * xs[t - 1] + w * ns.s[t - 1]) }}) = {{ "%.6g"|format(ns.s[t]) }}${{ "," if not loop.last else "." }}
{% endfor %}
So $s_{ {{ xs|length }} } \approx {{ "%#.4g"|format(ns.s[-1]) }}$. The same $U$ and $W$ are used at every step: that is the
parameter sharing over time, and $s_{ {{ xs|length }} }$ depends on all earlier inputs through $s_{ {{ xs|length - 1 }} }$ (the network's memory).""",
    "zh": _WORK + r"""逐个时刻向前计算，每一步都取 tanh：
{% for t in range(1, xs|length + 1) %}
$s_{ {{ t }} } = \tanh({{ u }} \cdot ({{ xs[t - 1] }}) + {{ w }} \cdot ({{ "%.6g"|format(ns.s[t - 1]) }})) = \tanh({{ "%.6g"|format(u * xs[t - 1] + w * ns.s[t - 1]) }}) = {{ "%.6g"|format(ns.s[t]) }}${{ "，" if not loop.last else "。" }}
{% endfor %}
所以 $s_{ {{ xs|length }} } \approx {{ "%#.4g"|format(ns.s[-1]) }}$。每个时刻使用的都是同一组 $U$ 和 $W$，这就是时间上的参数共享；
$s_{ {{ xs|length }} }$ 通过 $s_{ {{ xs|length - 1 }} }$ 依赖于之前所有的输入（网络的记忆）。""",
}
