"""Parameters of a conv layer with bias: C_out · (C_in · K² + 1)."""

import numpy as np

from grader.bank.authoring import Int, Meta, Mistake, Numeric

META = Meta(
    title={"en": "Parameters of a convolution layer", "zh": "卷积层的参数个数"},
    kind="numeric",
    difficulty=1,
    points=2,
    source="002 §5 卷积神经网络 (权值共享); 003 CNN神经网络原理概述",
    tags=("cnn", "convolution", "parameter count", "weight sharing"),
    covers="cnn_shapes",
    check=Numeric(exact_integer=True),
)

PARAMS = {
    "in_channels": Int(1, 4096),
    "out_channels": Int(1, 4096),
    "kernel": Int(1, 15),
}


def _no_bias(p):
    return p["out_channels"] * p["in_channels"] * p["kernel"] ** 2


def _bias_per_pair(p):
    return p["out_channels"] * p["in_channels"] * (p["kernel"] ** 2 + 1)


def _no_in_channels(p):
    return p["out_channels"] * (p["kernel"] ** 2 + 1)


def generate(rng: np.random.Generator) -> dict:
    # in_channels >= 3: with a single input channel some wrong counts coincide with the key.
    in_channels = int(rng.choice([3, 3, 6, 16, 32, 64, 96, 128, 192, 256]))
    out_channels = int(rng.choice([6, 8, 16, 32, 64, 96, 128, 256, 512]))
    kernel = int(rng.choice([1, 3, 3, 3, 5, 5, 7]))
    return {"in_channels": in_channels, "out_channels": out_channels, "kernel": kernel}


def answer(p: dict) -> int:
    return p["out_channels"] * (p["in_channels"] * p["kernel"] ** 2 + 1)


MISTAKES = [
    Mistake(
        _no_bias,
        {
            "en": "You forgot the biases: each output channel (each filter) has one bias, C_out in all.",
            "zh": "你漏掉了偏置：每个输出通道（每个卷积核）有一个偏置，共 C_out 个。",
        },
    ),
    Mistake(
        _bias_per_pair,
        {
            "en": "A filter spans all input channels and has a single bias, not one bias per input channel.",
            "zh": "一个卷积核同时作用于所有输入通道，只带一个偏置，而不是每个输入通道各一个。",
        },
    ),
    Mistake(
        _no_in_channels,
        {
            "en": "Each filter is K × K × C_in: it has a K × K slice for every input channel.",
            "zh": "每个卷积核的形状是 K × K × C_in：每个输入通道都有一片 K × K 的权重。",
        },
    ),
]

PROMPT = {
    "en": r"""A convolution layer maps a feature map with $C_{in} = {{ in_channels }}$ channels to one with
$C_{out} = {{ out_channels }}$ channels using square ${{ kernel }} \times {{ kernel }}$ kernels, with a bias
(PyTorch: `nn.Conv2d({{ in_channels }}, {{ out_channels }}, kernel_size={{ kernel }})`).

How many learnable parameters (weights and biases) does the layer have? Give an integer.""",
    "zh": r"""一个卷积层把 $C_{in} = {{ in_channels }}$ 个通道的特征图变换为 $C_{out} = {{ out_channels }}$ 个通道，
卷积核为 ${{ kernel }} \times {{ kernel }}$ 的正方形，带偏置（即 PyTorch 中的 `nn.Conv2d({{ in_channels }}, {{ out_channels }}, kernel_size={{ kernel }})`）。

该层共有多少个可学习参数（权重加偏置）？请给出一个整数。""",
}

EXPLANATION = {
    "en": r"""Each of the $C_{out} = {{ out_channels }}$ filters has $C_{in} \cdot K^2 = {{ in_channels }} \cdot {{ kernel * kernel }} = {{ in_channels * kernel * kernel }}$
weights and one bias. The weights are shared over all positions, so the input's height and width do not matter:
$C_{out}\,(C_{in} K^2 + 1) = {{ out_channels }} \cdot {{ in_channels * kernel * kernel + 1 }} = {{ out_channels * (in_channels * kernel * kernel + 1) }}$.""",
    "zh": r"""共有 $C_{out} = {{ out_channels }}$ 个卷积核，每个卷积核有 $C_{in} \cdot K^2 = {{ in_channels }} \cdot {{ kernel * kernel }} = {{ in_channels * kernel * kernel }}$ 个权重和 1 个偏置。
由于权值共享，参数个数与输入的高和宽无关：
$C_{out}\,(C_{in} K^2 + 1) = {{ out_channels }} \cdot {{ in_channels * kernel * kernel + 1 }} = {{ out_channels * (in_channels * kernel * kernel + 1) }}$。""",
}
