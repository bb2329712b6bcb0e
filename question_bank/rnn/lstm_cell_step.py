"""One step of a scalar LSTM cell (the notes' equations, no biases): the new cell state C_t or the new
hidden state h_t. Matches torch.nn.LSTMCell(1, 1) with those weights and zero biases."""

import numpy as np

from grader.bank.authoring import Meta, Mistake, Numeric, OneOf, Real, draw_distinct, draw_real

from ._cells import JINJA_MATH, lstm_step, sigmoid

META = Meta(
    title={"en": "One LSTM step by hand", "zh": "手算一步 LSTM"},
    kind="numeric",
    difficulty=3,
    points=4,
    source="003 LSTM网络计算过程 (f_t, i_t, C̃_t, C_t, o_t, h_t); 002 §7 LSTM; 004 Q16",
    tags=("rnn", "lstm", "gates", "forward pass"),
    covers="lstm",
    check=Numeric(sig_figs=4),
)

_VALUE = Real(-3.0, 3.0, decimals=1)
GATES = ("f", "i", "g", "o")

PARAMS = {
    "x": _VALUE, "h0": _VALUE, "c0": _VALUE,
    **{f"{kind}_{gate}": _VALUE for gate in GATES for kind in ("w", "u")},
    "ask": OneOf(("c", "h")),
}


def _value(p, **switches):
    _i, _f, _g, _o, c, h = lstm_step(p, **switches)
    return c if p["ask"] == "c" else h


def answer(p: dict) -> float:
    return _value(p)


def _only(ask, **switches):
    return lambda p: _value(p, **switches) if p["ask"] == ask else None


MISTAKES = [
    Mistake(
        _only("c", input_gate=False),
        {
            "en": "The candidate is let in through the input gate: C_t = f_t·C_{t−1} + i_t·C̃_t. You added C̃_t without i_t.",
            "zh": "候选值要经过输入门才能写入：C_t = f_t·C_{t−1} + i_t·C̃_t。你加上 C̃_t 时漏掉了 i_t。",
        },
    ),
    Mistake(
        _only("c", forget_gate=False),
        {
            "en": "The old cell state is multiplied by the forget gate: C_t = f_t·C_{t−1} + i_t·C̃_t. You kept all of C_{t−1}.",
            "zh": "旧的细胞状态要乘以遗忘门：C_t = f_t·C_{t−1} + i_t·C̃_t。你把 C_{t−1} 全部保留了。",
        },
    ),
    Mistake(
        _only("c", candidate=sigmoid),
        {
            "en": "The candidate C̃_t uses tanh (values in (−1, 1)), not the sigmoid of the gates.",
            "zh": "候选值 C̃_t 用的是 tanh（取值在 (−1, 1)），而不是各个门所用的 sigmoid。",
        },
    ),
    Mistake(
        _only("h", cell_tanh=False),
        {
            "en": "The output is h_t = o_t·tanh(C_t): the cell state is squashed by tanh before the output gate scales it.",
            "zh": "输出为 h_t = o_t·tanh(C_t)：细胞状态先经过 tanh 压缩，再由输出门缩放。",
        },
    ),
    Mistake(
        _only("h", output_gate=False),
        {
            "en": "The output gate o_t decides how much of tanh(C_t) is exposed: h_t = o_t·tanh(C_t).",
            "zh": "输出门 o_t 决定 tanh(C_t) 输出多少：h_t = o_t·tanh(C_t)。",
        },
    ),
    Mistake(
        _only("h", old_cell=True),
        {
            "en": "h_t is read from the updated cell state C_t, not from C_{t−1}: first update the cell, then the output.",
            "zh": "h_t 由更新后的细胞状态 C_t 得到，而不是 C_{t−1}：先更新细胞状态，再计算输出。",
        },
    ),
]


def _draw(rng):
    p = {"x": draw_real(rng, -1.5, 1.5, decimals=1, min_abs=0.2),
         "h0": draw_real(rng, -0.9, 0.9, decimals=1, min_abs=0.1),
         "c0": draw_real(rng, -2.0, 2.0, decimals=1, min_abs=0.2)}
    for gate in GATES:
        p[f"w_{gate}"] = draw_real(rng, -1.5, 1.5, decimals=1)
        p[f"u_{gate}"] = draw_real(rng, -1.5, 1.5, decimals=1)
    p["ask"] = str(rng.choice(["c", "h"]))
    return p


def generate(rng: np.random.Generator) -> dict:
    return draw_distinct(rng, _draw, answer=answer, mistakes=MISTAKES, apart=lambda key: 0.01 * abs(key),
                         keep=lambda p: abs(answer(p)) >= 0.05)


PROMPT = {
    "en": r"""An LSTM cell with one scalar unit (input size 1, hidden size 1, all biases 0) computes
$$f_t = \sigma(u_f h_{t-1} + w_f x_t),\quad i_t = \sigma(u_i h_{t-1} + w_i x_t),\quad \tilde C_t = \tanh(u_C h_{t-1} + w_C x_t),$$
$$C_t = f_t\, C_{t-1} + i_t\, \tilde C_t,\quad o_t = \sigma(u_o h_{t-1} + w_o x_t),\quad h_t = o_t \tanh(C_t),$$
that is, $W_f [h_{t-1}, x_t]$ with $W_f = (u_f, w_f)$ acting on the concatenation $[h_{t-1}, x_t]$, and so on.
The weights are

| | forget $f$ | input $i$ | candidate $\tilde C$ | output $o$ |
|---|---|---|---|---|
| $u$ (on $h_{t-1}$) | {{ u_f }} | {{ u_i }} | {{ u_g }} | {{ u_o }} |
| $w$ (on $x_t$) | {{ w_f }} | {{ w_i }} | {{ w_g }} | {{ w_o }} |

with $x_t = {{ x }}$, $h_{t-1} = {{ h0 }}$, $C_{t-1} = {{ c0 }}$.

Compute {% if ask == "c" %}the new cell state $C_t${% else %}the new hidden state $h_t${% endif %} to 4 significant figures.""",
    "zh": r"""一个只有一个标量单元的 LSTM 单元（输入维度 1，隐藏维度 1，偏置全为 0）计算
$$f_t = \sigma(u_f h_{t-1} + w_f x_t),\quad i_t = \sigma(u_i h_{t-1} + w_i x_t),\quad \tilde C_t = \tanh(u_C h_{t-1} + w_C x_t),$$
$$C_t = f_t\, C_{t-1} + i_t\, \tilde C_t,\quad o_t = \sigma(u_o h_{t-1} + w_o x_t),\quad h_t = o_t \tanh(C_t),$$
即 $W_f [h_{t-1}, x_t]$ 中 $W_f = (u_f, w_f)$ 作用于拼接向量 $[h_{t-1}, x_t]$，其余同理。权重为

| | 遗忘门 $f$ | 输入门 $i$ | 候选值 $\tilde C$ | 输出门 $o$ |
|---|---|---|---|---|
| $u$（乘 $h_{t-1}$） | {{ u_f }} | {{ u_i }} | {{ u_g }} | {{ u_o }} |
| $w$（乘 $x_t$） | {{ w_f }} | {{ w_i }} | {{ w_g }} | {{ w_o }} |

且 $x_t = {{ x }}$，$h_{t-1} = {{ h0 }}$，$C_{t-1} = {{ c0 }}$。

求{% if ask == "c" %}新的细胞状态 $C_t${% else %}新的隐藏状态 $h_t${% endif %}，保留 4 位有效数字。""",
}

_WORK = JINJA_MATH + r"""{% set f = sigmoid(u_f * h0 + w_f * x)|float %}{% set i = sigmoid(u_i * h0 + w_i * x)|float %}
{% set g = tanh(u_g * h0 + w_g * x)|float %}{% set o = sigmoid(u_o * h0 + w_o * x)|float %}
{% set c = f * c0 + i * g %}{% set tc = tanh(c)|float %}{% set h = o * tc %}
"""

EXPLANATION = {
    "en": _WORK + r"""Gates and candidate (each from its own weights on $h_{t-1} = {{ h0 }}$ and $x_t = {{ x }}$):
$f_t = \sigma({{ "%.4g"|format(u_f * h0 + w_f * x) }}) = {{ "%.5f"|format(f) }}$,
$i_t = \sigma({{ "%.4g"|format(u_i * h0 + w_i * x) }}) = {{ "%.5f"|format(i) }}$,
$\tilde C_t = \tanh({{ "%.4g"|format(u_g * h0 + w_g * x) }}) = {{ "%.5f"|format(g) }}$,
$o_t = \sigma({{ "%.4g"|format(u_o * h0 + w_o * x) }}) = {{ "%.5f"|format(o) }}$.

Cell update (additive): $C_t = f_t C_{t-1} + i_t \tilde C_t = {{ "%.5f"|format(f) }} \cdot ({{ c0 }}) + {{ "%.5f"|format(i) }} \cdot ({{ "%.5f"|format(g) }}) = {{ "%.5f"|format(c) }}$.
{% if ask == "h" %}
Output: $h_t = o_t \tanh(C_t) = {{ "%.5f"|format(o) }} \cdot \tanh({{ "%.5f"|format(c) }}) = {{ "%.5f"|format(o) }} \cdot ({{ "%.5f"|format(tc) }}) = {{ "%#.4g"|format(h) }}$.
{% else %}
So $C_t \approx {{ "%#.4g"|format(c) }}$. (The output would follow as $h_t = o_t \tanh(C_t) = {{ "%.4g"|format(h) }}$.)
{% endif %}
Three gates (forget, input, output) and one candidate: four weight blocks, which is what an LSTM's parameter count multiplies by.""",
    "zh": _WORK + r"""各门与候选值（各自用自己的权重作用于 $h_{t-1} = {{ h0 }}$ 和 $x_t = {{ x }}$）：
$f_t = \sigma({{ "%.4g"|format(u_f * h0 + w_f * x) }}) = {{ "%.5f"|format(f) }}$，
$i_t = \sigma({{ "%.4g"|format(u_i * h0 + w_i * x) }}) = {{ "%.5f"|format(i) }}$，
$\tilde C_t = \tanh({{ "%.4g"|format(u_g * h0 + w_g * x) }}) = {{ "%.5f"|format(g) }}$，
$o_t = \sigma({{ "%.4g"|format(u_o * h0 + w_o * x) }}) = {{ "%.5f"|format(o) }}$。

细胞状态（加法式更新）：$C_t = f_t C_{t-1} + i_t \tilde C_t = {{ "%.5f"|format(f) }} \cdot ({{ c0 }}) + {{ "%.5f"|format(i) }} \cdot ({{ "%.5f"|format(g) }}) = {{ "%.5f"|format(c) }}$。
{% if ask == "h" %}
输出：$h_t = o_t \tanh(C_t) = {{ "%.5f"|format(o) }} \cdot \tanh({{ "%.5f"|format(c) }}) = {{ "%.5f"|format(o) }} \cdot ({{ "%.5f"|format(tc) }}) = {{ "%#.4g"|format(h) }}$。
{% else %}
所以 $C_t \approx {{ "%#.4g"|format(c) }}$。（接着输出为 $h_t = o_t \tanh(C_t) = {{ "%.4g"|format(h) }}$。）
{% endif %}
三个门（遗忘门、输入门、输出门）加一个候选值：共四组权重，这也是 LSTM 参数量中乘以 4 的来源。""",
}
