"""Parameters of nn.GRU(x, h): three blocks (reset, update, candidate), each h·x + h·h + 2h
(PyTorch keeps two bias vectors, b_ih and b_hh; erratum 12/17)."""

import numpy as np

from grader.bank.authoring import Int, Meta, Mistake, Numeric, draw_distinct

from ._cells import HIDDEN_SIZES, INPUT_SIZES, layer_count

META = Meta(
    title={"en": "Parameters of a GRU layer", "zh": "GRU 层的参数个数"},
    kind="numeric",
    difficulty=2,
    points=3,
    source="003 GRU神经网络原理概述 (更新门与重置门); 004 Q19",
    tags=("rnn", "gru", "parameter count"),
    covers="gru_bidirectional",
    check=Numeric(exact_integer=True),
)

PARAMS = {"input_size": Int(1, 4096), "hidden_size": Int(1, 4096)}


def _count(p, **switches):
    return layer_count("GRU", p["input_size"], p["hidden_size"], **switches)


def answer(p: dict) -> int:
    return _count(p)


MISTAKES = [
    Mistake(
        lambda p: _count(p, blocks=4),
        {
            "en": "Four blocks is the LSTM (i, f, g, o). The GRU has three: reset gate r, update gate z and the candidate n.",
            "zh": "四组是 LSTM（i、f、g、o）。GRU 只有三组：重置门 r、更新门 z 和候选状态 n。",
        },
    ),
    Mistake(
        lambda p: _count(p, blocks=2),
        {
            "en": "The GRU has two gates, but the candidate state n (h̃) has weights too: three blocks in all.",
            "zh": "GRU 有两个门，但候选状态 n（h̃）也有自己的权重：一共三组。",
        },
    ),
    Mistake(
        lambda p: _count(p, biases=1),
        {
            "en": "That counts one bias per block. PyTorch's nn.GRU keeps two, b_ih and b_hh (they differ for the "
                  "candidate, where r multiplies W_hn h + b_hn).",
            "zh": "你每组只算了一个偏置。PyTorch 的 nn.GRU 每组有两个偏置 b_ih 和 b_hh（对候选状态两者并不等价，因为 r 乘的是 W_hn h + b_hn）。",
        },
    ),
    Mistake(
        lambda p: _count(p, recurrent=False),
        {
            "en": "Every block also reads the previous hidden state: each has an h × h recurrent weight besides the h × x input weight.",
            "zh": "每组计算还要读取上一时刻的隐藏状态：除了 h × x 的输入权重，每组还有一个 h × h 的循环权重。",
        },
    ),
]


def _draw(rng):
    return {"input_size": int(rng.choice(INPUT_SIZES)), "hidden_size": int(rng.choice(HIDDEN_SIZES))}


def generate(rng: np.random.Generator) -> dict:
    return draw_distinct(rng, _draw, answer=answer, mistakes=MISTAKES)


PROMPT = {
    "en": r"""A PyTorch layer `nn.GRU(input_size={{ input_size }}, hidden_size={{ hidden_size }})` (one layer, one direction) computes
$$r_t = \sigma(W_{ir} x_t + b_{ir} + W_{hr} h_{t-1} + b_{hr}),\qquad z_t = \sigma(W_{iz} x_t + b_{iz} + W_{hz} h_{t-1} + b_{hz}),$$
$$n_t = \tanh\big(W_{in} x_t + b_{in} + r_t \odot (W_{hn} h_{t-1} + b_{hn})\big),\qquad h_t = (1 - z_t) \odot n_t + z_t \odot h_{t-1}.$$
As written, every block has **two** bias vectors (PyTorch's convention).

How many learnable parameters does the layer have? Give an integer.""",
    "zh": r"""PyTorch 层 `nn.GRU(input_size={{ input_size }}, hidden_size={{ hidden_size }})`（单层、单向）的计算为
$$r_t = \sigma(W_{ir} x_t + b_{ir} + W_{hr} h_{t-1} + b_{hr}),\qquad z_t = \sigma(W_{iz} x_t + b_{iz} + W_{hz} h_{t-1} + b_{hz}),$$
$$n_t = \tanh\big(W_{in} x_t + b_{in} + r_t \odot (W_{hn} h_{t-1} + b_{hn})\big),\qquad h_t = (1 - z_t) \odot n_t + z_t \odot h_{t-1}.$$
如式所示，每组计算都有**两个**偏置向量（PyTorch 的约定）。

该层共有多少个可学习参数？请给出一个整数。""",
}

EXPLANATION = {
    "en": r"""Three blocks ($r$, $z$, $n$), each with $W_i$: $h \times x$ ({{ hidden_size * input_size }}), $W_h$: $h \times h$ ({{ hidden_size * hidden_size }})
and two biases of length $h$ ({{ 2 * hidden_size }}): {{ hidden_size * input_size + hidden_size * hidden_size + 2 * hidden_size }} per block.
Total $3\,(hx + h^2 + 2h) = {{ 3 * (hidden_size * input_size + hidden_size * hidden_size + 2 * hidden_size) }}$,
which is what `sum(p.numel() for p in gru.parameters())` reports. An LSTM of the same sizes has four blocks
({{ 4 * (hidden_size * input_size + hidden_size * hidden_size + 2 * hidden_size) }}): the GRU has a quarter fewer parameters.""",
    "zh": r"""三组计算（$r$、$z$、$n$），每组有 $W_i$：$h \times x$（{{ hidden_size * input_size }} 个）、$W_h$：$h \times h$（{{ hidden_size * hidden_size }} 个）
以及两个长度为 $h$ 的偏置（{{ 2 * hidden_size }} 个）：每组 {{ hidden_size * input_size + hidden_size * hidden_size + 2 * hidden_size }} 个。
合计 $3\,(hx + h^2 + 2h) = {{ 3 * (hidden_size * input_size + hidden_size * hidden_size + 2 * hidden_size) }}$，
与 `sum(p.numel() for p in gru.parameters())` 的结果一致。同样大小的 LSTM 有四组（{{ 4 * (hidden_size * input_size + hidden_size * hidden_size + 2 * hidden_size) }} 个）：GRU 的参数少四分之一。""",
}
