"""Conv → max pool → flatten: the length of the vector the first fully connected layer receives,
C_out · ⌊(W + 2P − K + 1)/2⌋² (002 §5 Flatten 层; 003's 32 → 28 → 14 example with 6 filters).

The notes' example reproduces with
`grade bank show cnn.flatten_size --params '{"size": 32, "in_channels": 1, "kernel": 5, "padding": 0, "out_channels": 6}'` (1176).
"""

import numpy as np

from grader.bank.authoring import Int, Meta, Mistake, Numeric, draw_distinct

from ._window import positions

META = Meta(
    title={"en": "Flattened size after conv and pooling", "zh": "卷积和池化后展平的长度"},
    kind="numeric",
    difficulty=2,
    points=3,
    source="003 CNN神经网络 feature map 尺寸计算 (32X32, 6 个 5X5 卷积核 → 28 → 14); 002 §5 (3) Flatten层 & Fully Connected Layer",
    tags=("cnn", "feature map", "pooling", "flatten", "shapes"),
    covers="cnn_shapes",
    check=Numeric(exact_integer=True),
)

PARAMS = {
    "size": Int(2, 512),
    "in_channels": Int(1, 512),
    "kernel": Int(1, 11),
    "padding": Int(0, 5),
    "out_channels": Int(1, 512),
}


def _conv_side(p):
    return positions(p["size"] + 2 * p["padding"], p["kernel"], 1)


def _pool_side(p, *, ceil=False):
    return positions(_conv_side(p), 2, 2, ceil=ceil)


def answer(p: dict) -> int:
    return p["out_channels"] * _pool_side(p) ** 2


MISTAKES = [
    Mistake(
        lambda p: _pool_side(p) ** 2,
        {
            "en": "That is one channel. Flattening concatenates all C_out feature maps: multiply by the number of filters.",
            "zh": "这只是一个通道。展平会把全部 C_out 张特征图连在一起：还要乘以卷积核个数。",
        },
    ),
    Mistake(
        lambda p: p["out_channels"] * _conv_side(p) ** 2,
        {
            "en": "You flattened the convolution's output; the 2×2 max pooling with stride 2 comes first and halves each side.",
            "zh": "你展平的是卷积层的输出；之前还有 2×2、步长 2 的最大池化，它把每条边减半。",
        },
    ),
    Mistake(
        lambda p: p["in_channels"] * _pool_side(p) ** 2 if p["in_channels"] != p["out_channels"] else None,
        {
            "en": "The number of channels after a convolution is the number of filters (C_out), not the input's channel count.",
            "zh": "卷积之后的通道数等于卷积核个数（C_out），而不是输入的通道数。",
        },
    ),
    Mistake(
        lambda p: p["out_channels"] * _pool_side(p, ceil=True) ** 2 if _conv_side(p) % 2 else None,
        {
            "en": "nn.MaxPool2d(2, 2) floors: an odd side loses its last row/column (ceil_mode=False), so ⌊side/2⌋, not ⌈side/2⌉.",
            "zh": "nn.MaxPool2d(2, 2) 向下取整：边长为奇数时最后一行/列被舍弃（ceil_mode=False），所以是 ⌊边长/2⌋，而不是 ⌈边长/2⌉。",
        },
    ),
]


def _draw(rng):
    kernel = int(rng.choice([3, 3, 5, 5, 7]))
    return {"size": int(rng.choice([28, 32, 32, 48, 64, 96, 27, 31, 33])), "in_channels": int(rng.choice([1, 3, 3, 16])),
            "kernel": kernel, "padding": int(rng.integers(0, kernel // 2 + 1)),
            "out_channels": int(rng.choice([6, 8, 16, 20, 32, 64]))}


def generate(rng: np.random.Generator) -> dict:
    # Odd sizes give odd convolution outputs, where the pooling's floor matters.
    return draw_distinct(rng, _draw, answer=answer, mistakes=MISTAKES)


PROMPT = {
    "en": r"""A ${{ size }} \times {{ size }} \times {{ in_channels }}$ image (height × width × channels) goes through
1. a convolution with ${{ out_channels }}$ filters of size ${{ kernel }} \times {{ kernel }}$, stride 1, zero padding {{ padding }} on every side;
2. max pooling $2 \times 2$ with stride 2 (PyTorch's default `ceil_mode=False`);
3. a Flatten layer, which turns the feature maps into one vector for the fully connected layer.

How long is that vector? Give an integer.""",
    "zh": r"""一张 ${{ size }} \times {{ size }} \times {{ in_channels }}$（高 × 宽 × 通道）的图像依次经过
1. 卷积层：${{ out_channels }}$ 个 ${{ kernel }} \times {{ kernel }}$ 的卷积核，步长 1，四周各补零 {{ padding }}；
2. $2 \times 2$、步长为 2 的最大池化（PyTorch 默认 `ceil_mode=False`）；
3. Flatten 层，把特征图拉平成一个向量送入全连接层。

这个向量有多长？请给出一个整数。""",
}

_WORK = r"""{% set conv = size + 2 * padding - kernel + 1 %}{% set pool = conv // 2 %}"""

EXPLANATION = {
    "en": _WORK + r"""Convolution: $({{ size }} + 2 \cdot {{ padding }} - {{ kernel }})/1 + 1 = {{ conv }}$, so ${{ conv }} \times {{ conv }} \times {{ out_channels }}$ (one channel per filter).
Pooling: $\lfloor ({{ conv }} - 2)/2 \rfloor + 1 = {{ pool }}$, so ${{ pool }} \times {{ pool }} \times {{ out_channels }}${{ " (the odd last row and column are dropped)" if conv % 2 else "" }}; pooling keeps the channels.
Flatten: ${{ pool }} \cdot {{ pool }} \cdot {{ out_channels }} = {{ pool * pool * out_channels }}$ values.
(The notes' example: $32 \to 28 \to 14$ with 6 filters gives $14 \cdot 14 \cdot 6 = 1176$.)""",
    "zh": _WORK + r"""卷积：$({{ size }} + 2 \cdot {{ padding }} - {{ kernel }})/1 + 1 = {{ conv }}$，得到 ${{ conv }} \times {{ conv }} \times {{ out_channels }}$（每个卷积核一个通道）。
池化：$\lfloor ({{ conv }} - 2)/2 \rfloor + 1 = {{ pool }}$，得到 ${{ pool }} \times {{ pool }} \times {{ out_channels }}${{ "（奇数边长的最后一行和一列被舍弃）" if conv % 2 else "" }}；池化不改变通道数。
展平：${{ pool }} \cdot {{ pool }} \cdot {{ out_channels }} = {{ pool * pool * out_channels }}$ 个值。
（笔记中的例子：$32 \to 28 \to 14$，6 个卷积核，得到 $14 \cdot 14 \cdot 6 = 1176$。）""",
}
