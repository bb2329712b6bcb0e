"""[h_{t−1}, x_t] is a concatenation of length h + x, so W_f is h × (h + x) (erratum 9: 003's prose
calls it a matrix product of the two; 003's own W_f shape d_c × (d_h + d_x) is right)."""

import numpy as np

from grader.bank.authoring import Choice, Int, Meta, OneOf, Option

META = Meta(
    title={"en": "The concatenation [h_{t−1}, x_t] in an LSTM gate", "zh": "LSTM 门中的拼接 [h_{t−1}, x_t]"},
    kind="choice",
    difficulty=2,
    points=2,
    source="003 LSTM网络计算过程 (中括号表示两个向量相连合并; W(f) 的维度为 dc(dh+dx))",
    tags=("rnn", "lstm", "concatenation", "shapes"),
    covers="lstm",
    check=Choice(),
)

PARAMS = {"hidden": Int(1, 4096), "inputs": Int(1, 4096), "ask": OneOf(("shape", "count"))}

_PRODUCT = {"en": "$[h_{t-1}, x_t]$ is the concatenation of the two vectors (length $h + x$), not a product of them: "
                  "003's \"矩阵乘法\" wording is wrong, its own shape $d_c \\times (d_h + d_x)$ is right.",
            "zh": "$[h_{t-1}, x_t]$ 是两个向量的拼接（长度 $h + x$），而不是它们的乘积：003 中“做矩阵乘法”的说法是错的，"
                  "它给出的形状 $d_c \\times (d_h + d_x)$ 才是对的。"}
_SQUARE = {"en": "$W_f$ maps the concatenation (length $h + x$) to a gate of length $h$, so it has $h$ rows, not $h + x$.",
           "zh": "$W_f$ 把拼接向量（长度 $h + x$）映射成长度为 $h$ 的门向量，所以它有 $h$ 行，而不是 $h + x$ 行。"}
_INPUT_ONLY = {"en": "The gate also reads the previous hidden state $h_{t-1}$: $W_f$ acts on $[h_{t-1}, x_t]$, so it has "
                     "$h + x$ columns, not $x$.",
               "zh": "门还要读取上一时刻的隐藏状态 $h_{t-1}$：$W_f$ 作用于 $[h_{t-1}, x_t]$，所以有 $h + x$ 列，而不是 $x$ 列。"}


def _text(en, zh=None):
    return {"en": en, "zh": zh or en}


def options(p):
    h, x = p["hidden"], p["inputs"]
    if p["ask"] == "shape":
        return [
            Option(_text(f"${h} \\times {h + x}$"), correct=True),
            Option(_text(f"${h} \\times {h * x}$"), feedback=_PRODUCT),
            Option(_text(f"${h + x} \\times {h + x}$"), feedback=_SQUARE),
            Option(_text(f"${h} \\times {x}$"), feedback=_INPUT_ONLY),
        ]
    return [
        Option(_text(f"${h * (h + x)}$"), correct=True),
        Option(_text(f"${h * h * x}$"), feedback=_PRODUCT),
        Option(_text(f"${(h + x) ** 2}$"), feedback=_SQUARE),
        Option(_text(f"${h * x}$"), feedback=_INPUT_ONLY),
    ]


def generate(rng: np.random.Generator) -> dict:
    while True:
        h = int(rng.choice([16, 20, 32, 50, 64, 100, 128, 256]))
        x = int(rng.choice([3, 8, 10, 26, 50, 100, 300]))
        if h != x:
            return {"hidden": h, "inputs": x, "ask": str(rng.choice(["shape", "count"]))}


PROMPT = {
    "en": r"""An LSTM layer has hidden size $h = {{ hidden }}$ and input size $x = {{ inputs }}$. Its forget gate is
$$f_t = \sigma\big(W_f\,[h_{t-1}, x_t] + b_f\big),$$
where $[h_{t-1}, x_t]$ combines the previous hidden state $h_{t-1} \in \mathbb{R}^{ {{ hidden }} }$ and the input $x_t \in \mathbb{R}^{ {{ inputs }} }$.

{% if ask == "shape" %}What is the shape (rows × columns) of $W_f$?{% else %}How many weights does $W_f$ have (not counting $b_f$)?{% endif %}""",
    "zh": r"""某 LSTM 层的隐藏维度为 $h = {{ hidden }}$，输入维度为 $x = {{ inputs }}$。其遗忘门为
$$f_t = \sigma\big(W_f\,[h_{t-1}, x_t] + b_f\big),$$
其中 $[h_{t-1}, x_t]$ 组合了上一时刻的隐藏状态 $h_{t-1} \in \mathbb{R}^{ {{ hidden }} }$ 和输入 $x_t \in \mathbb{R}^{ {{ inputs }} }$。

{% if ask == "shape" %}$W_f$ 的形状（行 × 列）是什么？{% else %}$W_f$ 有多少个权重（不算 $b_f$）？{% endif %}""",
}

EXPLANATION = {
    "en": r"""$[h_{t-1}, x_t]$ is the **concatenation** of the two vectors: one vector of length $h + x = {{ hidden + inputs }}$.
The gate $f_t$ has one entry per hidden unit, length $h = {{ hidden }}$, so $W_f$ is $h \times (h + x) = {{ hidden }} \times {{ hidden + inputs }}$,
{{ hidden * (hidden + inputs) }} weights. Equivalently $W_f [h_{t-1}, x_t] = W_{fh} h_{t-1} + W_{fx} x_t$ with an $h \times h$ and an
$h \times x$ block, which is how PyTorch stores it (`weight_hh` and `weight_ih`). Nothing multiplies $h_{t-1}$ by $x_t$.""",
    "zh": r"""$[h_{t-1}, x_t]$ 是两个向量的**拼接**：一个长度为 $h + x = {{ hidden + inputs }}$ 的向量。
门 $f_t$ 每个隐藏单元一个分量，长度为 $h = {{ hidden }}$，所以 $W_f$ 是 $h \times (h + x) = {{ hidden }} \times {{ hidden + inputs }}$，
共 {{ hidden * (hidden + inputs) }} 个权重。等价地，$W_f [h_{t-1}, x_t] = W_{fh} h_{t-1} + W_{fx} x_t$，由一个 $h \times h$ 块和一个
$h \times x$ 块组成，PyTorch 正是这样存储的（`weight_hh` 和 `weight_ih`）。这里没有任何 $h_{t-1}$ 与 $x_t$ 相乘的运算。""",
}
