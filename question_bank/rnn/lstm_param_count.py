"""LSTM parameters with one bias vector per gate (the notes' equations): 4·(h·(h + x) + h)."""

import numpy as np

from grader.bank.authoring import Int, Meta, Mistake, Numeric, draw_distinct

META = Meta(
    title={"en": "Parameters of an LSTM layer", "zh": "LSTM 层的参数个数"},
    kind="numeric",
    difficulty=2,
    points=3,
    source="003 LSTM神经网络原理概述 (W_f 的维度 d_c×(d_h+d_x)); 002 §7 LSTM",
    tags=("rnn", "lstm", "parameter count"),
    covers="lstm",
    check=Numeric(exact_integer=True),
)

PARAMS = {
    "input_size": Int(1, 4096),
    "hidden_size": Int(1, 4096),
}


def _count(p, *, blocks=4, biases=1, recurrent=True):
    """`blocks` weight blocks, each h × (h + x) (h × x without the recurrent part) plus `biases`
    bias vectors of length h."""
    x, h = p["input_size"], p["hidden_size"]
    return blocks * (h * ((h if recurrent else 0) + x) + biases * h)


def _draw(rng):
    return {
        "input_size": int(rng.choice([1, 8, 10, 26, 32, 50, 64, 100, 128, 300])),
        "hidden_size": int(rng.choice([8, 16, 20, 32, 50, 64, 100, 128, 256, 512])),
    }


def generate(rng: np.random.Generator) -> dict:
    return draw_distinct(rng, _draw, answer=answer, mistakes=MISTAKES)


def answer(p: dict) -> int:
    return _count(p)


MISTAKES = [
    Mistake(
        lambda p: _count(p, biases=2),
        {
            "en": "That is PyTorch's count: nn.LSTM keeps two bias vectors per gate (b_ih and b_hh), 4·(h(h + x) + 2h). "
                  "The equations given here have one bias vector per gate.",
            "zh": "这是 PyTorch 的计数：nn.LSTM 每个门有两组偏置（b_ih 和 b_hh），共 4·(h(h + x) + 2h)。题目给出的公式中每个门只有一组偏置。",
        },
    ),
    Mistake(
        lambda p: _count(p, biases=0),
        {
            "en": "You forgot the biases: each of the four blocks has a bias vector of length h.",
            "zh": "你漏掉了偏置：四组计算各有一个长度为 h 的偏置向量。",
        },
    ),
    Mistake(
        lambda p: _count(p, blocks=3),
        {
            "en": "There are three gates, but four weight blocks: the candidate cell state C̃_t has its own W_C and b_C.",
            "zh": "门只有三个，但权重有四组：候选记忆 C̃_t 也有自己的 W_C 和 b_C。",
        },
    ),
    Mistake(
        lambda p: _count(p, recurrent=False),
        {
            "en": "Each gate acts on the concatenation [h_{t−1}, x_t] of length h + x, so every W is h × (h + x): "
                  "the recurrent part h × h is missing from your count.",
            "zh": "每个门作用在拼接向量 [h_{t−1}, x_t] 上，其长度为 h + x，所以每个 W 的形状是 h × (h + x)；你漏掉了循环部分 h × h。",
        },
    ),
]

PROMPT = {
    "en": r"""One LSTM layer has input size $x = {{ input_size }}$ and hidden size $h = {{ hidden_size }}$
(the cell state $C_t$ also has size $h$). It computes
$$f_t = \sigma(W_f [h_{t-1}, x_t] + b_f),\quad i_t = \sigma(W_i [h_{t-1}, x_t] + b_i),\quad \tilde C_t = \tanh(W_C [h_{t-1}, x_t] + b_C),$$
$$C_t = f_t \odot C_{t-1} + i_t \odot \tilde C_t,\quad o_t = \sigma(W_o [h_{t-1}, x_t] + b_o),\quad h_t = o_t \odot \tanh(C_t),$$
where $[h_{t-1}, x_t]$ is the **concatenation** of the two vectors and each of the four blocks has exactly
**one** bias vector ($b_f, b_i, b_C, b_o$).

How many learnable parameters does the layer have? Give an integer.""",
    "zh": r"""一个 LSTM 层的输入维度为 $x = {{ input_size }}$，隐藏层维度为 $h = {{ hidden_size }}$（细胞状态 $C_t$ 的维度也是 $h$）。它的计算为
$$f_t = \sigma(W_f [h_{t-1}, x_t] + b_f),\quad i_t = \sigma(W_i [h_{t-1}, x_t] + b_i),\quad \tilde C_t = \tanh(W_C [h_{t-1}, x_t] + b_C),$$
$$C_t = f_t \odot C_{t-1} + i_t \odot \tilde C_t,\quad o_t = \sigma(W_o [h_{t-1}, x_t] + b_o),\quad h_t = o_t \odot \tanh(C_t),$$
其中 $[h_{t-1}, x_t]$ 表示两个向量的**拼接**，四组计算各有且只有**一个**偏置向量（$b_f, b_i, b_C, b_o$）。

该层共有多少个可学习参数？请给出一个整数。""",
}

EXPLANATION = {
    "en": r"""$[h_{t-1}, x_t]$ has length $h + x = {{ hidden_size + input_size }}$, so each of $W_f, W_i, W_C, W_o$ is
$h \times (h + x) = {{ hidden_size }} \times {{ hidden_size + input_size }}$ ({{ hidden_size * (hidden_size + input_size) }} weights), plus a bias of length {{ hidden_size }}.
Four such blocks: $4\,(h(h + x) + h) = 4 \cdot {{ hidden_size * (hidden_size + input_size) + hidden_size }} = {{ 4 * (hidden_size * (hidden_size + input_size) + hidden_size) }}$.
(PyTorch's `nn.LSTM` keeps two bias vectors per block, $b_{ih}$ and $b_{hh}$, and would report
{{ 4 * (hidden_size * (hidden_size + input_size) + 2 * hidden_size) }}; the extra biases add nothing a single bias could not express.)""",
    "zh": r"""$[h_{t-1}, x_t]$ 的长度为 $h + x = {{ hidden_size + input_size }}$，所以 $W_f, W_i, W_C, W_o$ 每个都是
$h \times (h + x) = {{ hidden_size }} \times {{ hidden_size + input_size }}$（{{ hidden_size * (hidden_size + input_size) }} 个权重），再加一个长度为 {{ hidden_size }} 的偏置。
共四组：$4\,(h(h + x) + h) = 4 \cdot {{ hidden_size * (hidden_size + input_size) + hidden_size }} = {{ 4 * (hidden_size * (hidden_size + input_size) + hidden_size) }}$。
（PyTorch 的 `nn.LSTM` 每组保留两个偏置向量 $b_{ih}$ 和 $b_{hh}$，会得到 {{ 4 * (hidden_size * (hidden_size + input_size) + 2 * hidden_size) }}；多出的偏置并不能表达单个偏置表达不了的东西。）""",
}
