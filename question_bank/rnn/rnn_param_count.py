"""Parameters of a vanilla RNN with an output layer, PyTorch convention (two bias vectors):
h·x + h·h + 2h + q·h + q, independent of the sequence length (parameter sharing over time;
erratum 28: not "M·N")."""

import numpy as np

from grader.bank.authoring import Int, Meta, Mistake, Numeric, draw_distinct

from ._cells import HIDDEN_SIZES, INPUT_SIZES, layer_count

META = Meta(
    title={"en": "Parameters of a vanilla RNN", "zh": "普通 RNN 的参数个数"},
    kind="numeric",
    difficulty=1,
    points=2,
    source="003 RNN神经网络原理概述 (U、W、V 在各时刻共享); 002 §6 RNN; 001 Q4",
    tags=("rnn", "parameter count", "parameter sharing"),
    covers="rnn_basics",
    check=Numeric(exact_integer=True),
)

PARAMS = {
    "input_size": Int(1, 4096),
    "hidden_size": Int(1, 4096),
    "output_size": Int(1, 4096),
    "steps": Int(2, 1000),
}


def _recurrent(p, **switches):
    return layer_count("RNN", p["input_size"], p["hidden_size"], **switches)


def _output(p):
    return p["output_size"] * p["hidden_size"] + p["output_size"]


def answer(p: dict) -> int:
    return _recurrent(p) + _output(p)


MISTAKES = [
    Mistake(
        lambda p: answer(p) * p["steps"],
        {
            "en": "The parameters do not depend on the sequence length: U, W and V (and the biases) are shared "
                  "by all time steps, so unrolling over T steps re-uses the same weights T times.",
            "zh": "参数个数与序列长度无关：U、W、V（以及偏置）在所有时刻共享，按 T 个时刻展开只是把同一组权重重复使用 T 次。",
        },
    ),
    Mistake(
        lambda p: _recurrent(p, biases=1) + _output(p),
        {
            "en": "That counts one bias vector in the recurrent layer. The question uses PyTorch's convention: "
                  "nn.RNN keeps two, b_ih and b_hh, each of length h.",
            "zh": "你在循环层里只算了一个偏置向量。题目采用 PyTorch 的约定：nn.RNN 有两个偏置 b_ih 和 b_hh，长度都是 h。",
        },
    ),
    Mistake(
        lambda p: _recurrent(p, recurrent=False) + _output(p),
        {
            "en": "The recurrent weight W (h × h), which carries s_{t−1} into s_t, is missing from your count.",
            "zh": "你漏掉了循环权重 W（h × h），它把 s_{t−1} 带入 s_t。",
        },
    ),
    Mistake(
        _recurrent,
        {
            "en": "That is the recurrent layer alone; the output layer o_t = softmax(V s_t + c) adds q·h + q parameters.",
            "zh": "这只是循环层的参数；输出层 o_t = softmax(V s_t + c) 还有 q·h + q 个参数。",
        },
    ),
]


def _draw(rng):
    return {
        "input_size": int(rng.choice(INPUT_SIZES)),
        "hidden_size": int(rng.choice(HIDDEN_SIZES)),
        "output_size": int(rng.choice([2, 5, 10, 26, 50, 100, 1000])),
        "steps": int(rng.choice([10, 20, 35, 50, 100])),
    }


def generate(rng: np.random.Generator) -> dict:
    return draw_distinct(rng, _draw, answer=answer, mistakes=MISTAKES)


PROMPT = {
    "en": r"""A one-layer RNN reads sequences of length $T = {{ steps }}$ with inputs $x_t$ of size $x = {{ input_size }}$.
It has a hidden state $s_t$ of size $h = {{ hidden_size }}$ and an output layer of size $q = {{ output_size }}$:
$$s_t = \tanh(U x_t + b_{ih} + W s_{t-1} + b_{hh}),\qquad o_t = \operatorname{softmax}(V s_t + c).$$
The recurrent layer follows PyTorch's `nn.RNN` convention: **two** bias vectors $b_{ih}$ and $b_{hh}$ of length $h$;
the output layer has one bias $c$ of length $q$.

How many learnable parameters does the network have in total? Give an integer.""",
    "zh": r"""一个单层 RNN 处理长度为 $T = {{ steps }}$ 的序列，每个输入 $x_t$ 的维度为 $x = {{ input_size }}$。
它的隐藏状态（记忆）$s_t$ 维度为 $h = {{ hidden_size }}$，输出层维度为 $q = {{ output_size }}$：
$$s_t = \tanh(U x_t + b_{ih} + W s_{t-1} + b_{hh}),\qquad o_t = \operatorname{softmax}(V s_t + c).$$
循环层采用 PyTorch `nn.RNN` 的约定：有**两个**长度为 $h$ 的偏置向量 $b_{ih}$ 和 $b_{hh}$；输出层有一个长度为 $q$ 的偏置 $c$。

整个网络共有多少个可学习参数？请给出一个整数。""",
}

EXPLANATION = {
    "en": r"""$U$ is $h \times x$ ({{ hidden_size * input_size }}), $W$ is $h \times h$ ({{ hidden_size * hidden_size }}),
the two biases add $2h = {{ 2 * hidden_size }}$: the recurrent layer has {{ hidden_size * input_size + hidden_size * hidden_size + 2 * hidden_size }}.
$V$ is $q \times h$ ({{ output_size * hidden_size }}) and $c$ has {{ output_size }}: the output layer has {{ output_size * hidden_size + output_size }}.
In total $hx + h^2 + 2h + qh + q = {{ hidden_size * input_size + hidden_size * hidden_size + 2 * hidden_size + output_size * hidden_size + output_size }}$.
The length $T = {{ steps }}$ plays no part: the same $U, W, V$ are used at every time step (parameter sharing over time),
which is also why the RNN can process sequences of any length.""",
    "zh": r"""$U$ 为 $h \times x$（{{ hidden_size * input_size }} 个），$W$ 为 $h \times h$（{{ hidden_size * hidden_size }} 个），
两个偏置共 $2h = {{ 2 * hidden_size }}$ 个：循环层共 {{ hidden_size * input_size + hidden_size * hidden_size + 2 * hidden_size }} 个参数。
$V$ 为 $q \times h$（{{ output_size * hidden_size }} 个），$c$ 有 {{ output_size }} 个：输出层共 {{ output_size * hidden_size + output_size }} 个。
合计 $hx + h^2 + 2h + qh + q = {{ hidden_size * input_size + hidden_size * hidden_size + 2 * hidden_size + output_size * hidden_size + output_size }}$。
序列长度 $T = {{ steps }}$ 与参数个数无关：每个时刻使用的是同一组 $U, W, V$（时间维度上的参数共享），这也是 RNN 能处理任意长度序列的原因。""",
}
