"""Weight sharing and sparse interaction in numbers: a fully connected layer with the same input and
output sizes as a convolution layer has (W²·C_in + 1)·(O²·C_out) parameters, the convolution
C_out·(C_in·K² + 1) (002 §5: why fully connected layers do not suit images)."""

import numpy as np

from grader.bank.authoring import Int, Meta, Mistake, Numeric, draw_distinct

META = Meta(
    title={"en": "Convolution vs fully connected: parameter counts", "zh": "卷积层与全连接层的参数量对比"},
    kind="numeric",
    difficulty=2,
    points=3,
    source="002 §5 卷积神经网络 (全连接层的方式对于图像数据来说不友好; 共享卷积核); 001 Q2",
    tags=("cnn", "fully connected", "parameter count", "weight sharing", "sparse interaction"),
    covers="cnn_concepts",
    check=Numeric(exact_integer=True),
)

PARAMS = {
    "size": Int(2, 256),
    "in_channels": Int(1, 64),
    "kernel": Int(1, 11),
    "out_channels": Int(1, 256),
}


def _out_side(p):
    return p["size"] - p["kernel"] + 1


def _n_in(p):
    return p["size"] ** 2 * p["in_channels"]


def _n_out(p):
    return _out_side(p) ** 2 * p["out_channels"]


def answer(p: dict) -> int:
    return (_n_in(p) + 1) * _n_out(p)


MISTAKES = [
    Mistake(
        lambda p: p["out_channels"] * (p["in_channels"] * p["kernel"] ** 2 + 1),
        {
            "en": "That is the convolution layer's count. The question asks for the fully connected layer, in which every "
                  "output is connected to every input with its own weight.",
            "zh": "这是卷积层的参数个数。题目问的是全连接层：每个输出都与每个输入相连，且各有自己的权重。",
        },
    ),
    Mistake(
        lambda p: _n_in(p) * _n_out(p),
        {
            "en": "You forgot the biases: each of the fully connected layer's outputs has one.",
            "zh": "你漏掉了偏置：全连接层的每个输出各有一个偏置。",
        },
    ),
    Mistake(
        lambda p: (_n_in(p) + 1) * p["out_channels"],
        {
            "en": "The fully connected layer must produce every value of the feature map, O·O·C_out outputs, not just C_out.",
            "zh": "全连接层要输出特征图中的每一个值，共 O·O·C_out 个输出，而不只是 C_out 个。",
        },
    ),
    Mistake(
        lambda p: (_n_in(p) + 1) * p["size"] ** 2 * p["out_channels"],
        {
            "en": "Without padding the feature map shrinks to O = W − K + 1 per side, so there are O·O·C_out outputs, not W·W·C_out.",
            "zh": "不补零时特征图的边长缩小为 O = W − K + 1，所以输出有 O·O·C_out 个，而不是 W·W·C_out 个。",
        },
    ),
]


def _draw(rng):
    return {"size": int(rng.choice([8, 12, 16, 28, 32])), "in_channels": int(rng.choice([1, 1, 3, 3, 8])),
            "kernel": int(rng.choice([3, 3, 5, 5, 7])), "out_channels": int(rng.choice([4, 6, 8, 16, 32]))}


def generate(rng: np.random.Generator) -> dict:
    return draw_distinct(rng, _draw, answer=answer, mistakes=MISTAKES, keep=lambda p: _out_side(p) >= 2)


PROMPT = {
    "en": r"""A ${{ size }} \times {{ size }} \times {{ in_channels }}$ input goes through a convolution layer with ${{ out_channels }}$ filters of size
${{ kernel }} \times {{ kernel }}$, stride 1, no padding, with bias. Its output feature map has some size $O \times O \times {{ out_channels }}$.

Suppose instead a **fully connected** layer (with bias) took the same ${{ size * size * in_channels }}$ input values and produced the same
number of output values. How many learnable parameters would that fully connected layer have? Give an integer.""",
    "zh": r"""一个 ${{ size }} \times {{ size }} \times {{ in_channels }}$ 的输入经过一个卷积层：${{ out_channels }}$ 个 ${{ kernel }} \times {{ kernel }}$ 的卷积核，
步长 1，不补零，带偏置。其输出特征图的大小为 $O \times O \times {{ out_channels }}$。

假如改用一个**全连接**层（带偏置），以同样的 ${{ size * size * in_channels }}$ 个输入值产生同样多个输出值，这个全连接层有多少个可学习参数？
请给出一个整数。""",
}

_WORK = r"""{% set o = size - kernel + 1 %}{% set n_in = size * size * in_channels %}{% set n_out = o * o * out_channels %}
{% set fc = (n_in + 1) * n_out %}{% set conv = out_channels * (in_channels * kernel * kernel + 1) %}
"""

EXPLANATION = {
    "en": _WORK + r"""The feature map has side $O = {{ size }} - {{ kernel }} + 1 = {{ o }}$, so there are ${{ o }} \cdot {{ o }} \cdot {{ out_channels }} = {{ n_out }}$ outputs.
A fully connected layer gives each output its own weight for each of the ${{ n_in }}$ inputs, plus a bias:
$$({{ n_in }} + 1) \cdot {{ n_out }} = {{ fc }}.$$
The convolution produces the same outputs with ${{ out_channels }} \cdot ({{ in_channels }} \cdot {{ kernel }}^2 + 1) = {{ conv }}$ parameters,
about {{ "{:,}".format((fc / conv)|round|int) }} times fewer: each output looks only at a ${{ kernel }} \times {{ kernel }}$ window (sparse interaction), and the
same filter is reused at every position (weight sharing).""",
    "zh": _WORK + r"""特征图边长 $O = {{ size }} - {{ kernel }} + 1 = {{ o }}$，所以输出有 ${{ o }} \cdot {{ o }} \cdot {{ out_channels }} = {{ n_out }}$ 个。
全连接层让每个输出对 ${{ n_in }}$ 个输入各有一个权重，再加一个偏置：
$$({{ n_in }} + 1) \cdot {{ n_out }} = {{ fc }}.$$
卷积层用 ${{ out_channels }} \cdot ({{ in_channels }} \cdot {{ kernel }}^2 + 1) = {{ conv }}$ 个参数就产生了同样多的输出，约少 {{ "{:,}".format((fc / conv)|round|int) }} 倍：
每个输出只看一个 ${{ kernel }} \times {{ kernel }}$ 的窗口（稀疏交互），而且同一个卷积核在所有位置上重复使用（权值共享）。""",
}
