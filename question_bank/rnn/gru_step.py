"""One step of a scalar GRU in PyTorch's convention, h_t = (1 − z)·n + z·h_{t−1} (erratum 12/25: 003
prints z on the candidate instead; the prompt states the convention). Matches nn.GRUCell(1, 1)
with those weights and zero biases."""

import numpy as np

from grader.bank.authoring import Meta, Mistake, Numeric, Real, draw_distinct, draw_real

from ._cells import JINJA_MATH, gru_step

META = Meta(
    title={"en": "One GRU step by hand (PyTorch convention)", "zh": "手算一步 GRU（PyTorch 约定）"},
    kind="numeric",
    difficulty=3,
    points=4,
    source="003 GRU神经网络原理概述 (r_t, z_t, h̃_t, h_t); 004 Q19",
    tags=("rnn", "gru", "gates", "forward pass"),
    covers="gru_bidirectional",
    check=Numeric(sig_figs=4),
)

_VALUE = Real(-3.0, 3.0, decimals=1)

PARAMS = {"x": _VALUE, "h0": _VALUE, **{f"{kind}_{gate}": _VALUE for gate in ("r", "z", "n") for kind in ("w", "u")}}


def answer(p: dict) -> float:
    return gru_step(p)[-1]


MISTAKES = [
    Mistake(
        lambda p: gru_step(p, notes=True)[-1],
        {
            "en": "That is the other convention, h_t = (1 − z_t)·h_{t−1} + z_t·n_t (the equation printed in 003). "
                  "The question uses PyTorch's: h_t = (1 − z_t)·n_t + z_t·h_{t−1}, so z_t weights the old state.",
            "zh": "这是另一种约定 h_t = (1 − z_t)·h_{t−1} + z_t·n_t（003 印出的公式）。题目采用 PyTorch 的约定："
                  "h_t = (1 − z_t)·n_t + z_t·h_{t−1}，z_t 加权的是旧状态。",
        },
    ),
    Mistake(
        lambda p: gru_step(p, reset=False)[-1],
        {
            "en": "The reset gate scales the recurrent part of the candidate: n_t = tanh(w_n x_t + r_t·u_n h_{t−1}). You left r_t out.",
            "zh": "重置门缩放候选状态中的循环部分：n_t = tanh(w_n x_t + r_t·u_n h_{t−1})。你漏掉了 r_t。",
        },
    ),
    Mistake(
        lambda p: gru_step(p)[2],
        {
            "en": "n_t is only the candidate; the new state mixes it with the old one: h_t = (1 − z_t)·n_t + z_t·h_{t−1}.",
            "zh": "n_t 只是候选状态；新状态要把它与旧状态混合：h_t = (1 − z_t)·n_t + z_t·h_{t−1}。",
        },
    ),
]


def _draw(rng):
    p = {"x": draw_real(rng, -1.5, 1.5, decimals=1, min_abs=0.2), "h0": draw_real(rng, -0.9, 0.9, decimals=1, min_abs=0.2)}
    for gate in ("r", "z", "n"):
        p[f"w_{gate}"] = draw_real(rng, -1.5, 1.5, decimals=1)
        p[f"u_{gate}"] = draw_real(rng, -1.5, 1.5, decimals=1, min_abs=0.3 if gate == "n" else 0.0)
    return p


def generate(rng: np.random.Generator) -> dict:
    return draw_distinct(rng, _draw, answer=answer, mistakes=MISTAKES, apart=lambda key: 0.01 * abs(key),
                         keep=lambda p: abs(answer(p)) >= 0.05)


PROMPT = {
    "en": r"""A GRU cell with one scalar unit (input size 1, hidden size 1, all biases 0) computes, in **PyTorch's convention**
(`nn.GRUCell`),
$$r_t = \sigma(w_r x_t + u_r h_{t-1}),\qquad z_t = \sigma(w_z x_t + u_z h_{t-1}),$$
$$n_t = \tanh\big(w_n x_t + r_t\,(u_n h_{t-1})\big),\qquad h_t = (1 - z_t)\, n_t + z_t\, h_{t-1},$$
with reset gate $r_t$, update gate $z_t$ and candidate $n_t$ (written $\tilde h_t$ in the notes). The weights are
$w_r = {{ w_r }}$, $u_r = {{ u_r }}$, $w_z = {{ w_z }}$, $u_z = {{ u_z }}$, $w_n = {{ w_n }}$, $u_n = {{ u_n }}$,
and $x_t = {{ x }}$, $h_{t-1} = {{ h0 }}$.

Compute $h_t$ to 4 significant figures.""",
    "zh": r"""一个只有一个标量单元的 GRU 单元（输入维度 1，隐藏维度 1，偏置全为 0）按 **PyTorch 的约定**（`nn.GRUCell`）计算
$$r_t = \sigma(w_r x_t + u_r h_{t-1}),\qquad z_t = \sigma(w_z x_t + u_z h_{t-1}),$$
$$n_t = \tanh\big(w_n x_t + r_t\,(u_n h_{t-1})\big),\qquad h_t = (1 - z_t)\, n_t + z_t\, h_{t-1},$$
其中 $r_t$ 为重置门，$z_t$ 为更新门，$n_t$ 为候选状态（笔记中记作 $\tilde h_t$）。权重为
$w_r = {{ w_r }}$，$u_r = {{ u_r }}$，$w_z = {{ w_z }}$，$u_z = {{ u_z }}$，$w_n = {{ w_n }}$，$u_n = {{ u_n }}$，
且 $x_t = {{ x }}$，$h_{t-1} = {{ h0 }}$。

求 $h_t$，保留 4 位有效数字。""",
}

_WORK = JINJA_MATH + r"""{% set r = sigmoid(w_r * x + u_r * h0)|float %}{% set z = sigmoid(w_z * x + u_z * h0)|float %}
{% set n = tanh(w_n * x + r * u_n * h0)|float %}{% set h = (1 - z) * n + z * h0 %}
"""

EXPLANATION = {
    "en": _WORK + r"""$r_t = \sigma({{ "%.4g"|format(w_r * x + u_r * h0) }}) = {{ "%.5f"|format(r) }}$,
$z_t = \sigma({{ "%.4g"|format(w_z * x + u_z * h0) }}) = {{ "%.5f"|format(z) }}$,
$n_t = \tanh\big({{ w_n }} \cdot ({{ x }}) + {{ "%.5f"|format(r) }} \cdot ({{ u_n }}) \cdot ({{ h0 }})\big) = \tanh({{ "%.5f"|format(w_n * x + r * u_n * h0) }}) = {{ "%.5f"|format(n) }}$,
$h_t = (1 - {{ "%.5f"|format(z) }}) \cdot ({{ "%.5f"|format(n) }}) + {{ "%.5f"|format(z) }} \cdot ({{ h0 }}) = {{ "%#.4g"|format(h) }}$.

In this convention $z_t \to 1$ keeps the old state ($h_t \approx h_{t-1}$) and $z_t \to 0$ takes the candidate. 003 prints
$h_t = (1 - z_t) h_{t-1} + z_t \tilde h_t$, where $z$ plays the opposite role; both appear in textbooks, so always check which one is meant.""",
    "zh": _WORK + r"""$r_t = \sigma({{ "%.4g"|format(w_r * x + u_r * h0) }}) = {{ "%.5f"|format(r) }}$，
$z_t = \sigma({{ "%.4g"|format(w_z * x + u_z * h0) }}) = {{ "%.5f"|format(z) }}$，
$n_t = \tanh\big({{ w_n }} \cdot ({{ x }}) + {{ "%.5f"|format(r) }} \cdot ({{ u_n }}) \cdot ({{ h0 }})\big) = \tanh({{ "%.5f"|format(w_n * x + r * u_n * h0) }}) = {{ "%.5f"|format(n) }}$，
$h_t = (1 - {{ "%.5f"|format(z) }}) \cdot ({{ "%.5f"|format(n) }}) + {{ "%.5f"|format(z) }} \cdot ({{ h0 }}) = {{ "%#.4g"|format(h) }}$。

在这种约定下，$z_t \to 1$ 时保留旧状态（$h_t \approx h_{t-1}$），$z_t \to 0$ 时采用候选状态。003 印出的是
$h_t = (1 - z_t) h_{t-1} + z_t \tilde h_t$，其中 $z$ 的作用正好相反；两种写法在教材中都有，务必看清用的是哪一种。""",
}
