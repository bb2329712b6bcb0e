"""Pooling has no parameters: it shrinks the activations, not the parameter count (erratum 28;
002 §5 says pooling "减少参数")."""

import numpy as np

from grader.bank.authoring import Choice, Int, Meta, OneOf, Option, draw_pool, pool_options, pool_schema

from ._window import positions

META = Meta(
    title={"en": "Parameters of a pooling layer", "zh": "池化层的参数"},
    kind="choice",
    difficulty=1,
    points=2,
    source="002 §5 (2) 池化层 (压缩图片, 减少参数); 003 CNN神经网络原理概述 (池化层的作用)",
    tags=("cnn", "pooling", "parameter count"),
    covers="cnn_concepts",
    check=Choice(),
)

RIGHT = [
    Option({"en": "None: it has no learnable parameters; it shrinks the feature map to {{ channels }}×{{ out }}×{{ out }} values",
            "zh": "没有：它没有可学习参数；它把特征图缩小为 {{ channels }}×{{ out }}×{{ out }} 个值"}, correct=True),
    Option({"en": "0 parameters: it reduces the activations ({{ channels }}×{{ size }}×{{ size }} → {{ channels }}×{{ out }}×{{ out }}), not weights",
            "zh": "0 个参数：它减少的是激活值（{{ channels }}×{{ size }}×{{ size }} → {{ channels }}×{{ out }}×{{ out }}），而不是权重"}, correct=True),
]

WRONG = [
    Option({"en": "{{ kernel * kernel * channels }} parameters: one weight per window cell and channel, learned by backpropagation",
            "zh": "{{ kernel * kernel * channels }} 个参数：每个通道的窗口中每个位置一个权重，通过反向传播学习"},
           feedback={"en": "Max pooling takes the largest value and average pooling the mean: fixed rules with nothing to learn.",
                     "zh": "最大池化取最大值，平均池化取平均值：都是固定的规则，没有可学习的东西。"}),
    Option({"en": "{{ kernel * kernel }} parameters: one {{ kernel }}×{{ kernel }} kernel shared by every channel and position",
            "zh": "{{ kernel * kernel }} 个参数：一个 {{ kernel }}×{{ kernel }} 的核，被所有通道和位置共享"},
           feedback={"en": "Pooling is not a convolution: its window has no weights, it just takes the max (or the mean).",
                     "zh": "池化不是卷积：它的窗口没有权重，只是取最大值（或平均值）。"}),
    Option({"en": "{{ channels }} parameters: one learnable scale per channel, applied after taking the maximum",
            "zh": "{{ channels }} 个参数：每个通道一个可学习的缩放系数，在取最大值之后使用"},
           feedback={"en": "Per-channel learnable scales belong to batch normalisation (γ); pooling has none.",
                     "zh": "按通道的可学习缩放系数属于批标准化（γ）；池化没有。"}),
    Option({"en": "It halves the number of parameters of the convolution layer that comes before it",
            "zh": "它使前面那个卷积层的参数个数减半"},
           feedback={"en": "A conv layer's parameters, C_out·(C_in·K² + 1), do not depend on the feature map's size. Pooling "
                           "reduces the activations; only a fully connected layer after it gets fewer inputs and so fewer weights.",
                     "zh": "卷积层的参数 C_out·(C_in·K² + 1) 与特征图大小无关。池化减少的是激活值；只有它后面的全连接层因输入变少而权重变少。"}),
]

PARAMS = {**pool_schema(RIGHT, WRONG), "channels": Int(1, 1024), "size": Int(2, 512), "kernel": OneOf((2, 3)),
          "out": Int(1, 512)}


def generate(rng: np.random.Generator) -> dict:
    kernel = int(rng.choice([2, 2, 3]))
    size = int(rng.choice([8, 14, 16, 24, 28, 32, 56, 112]))
    return {**draw_pool(rng, RIGHT, WRONG), "channels": int(rng.choice([6, 16, 32, 64, 128, 256])), "size": size,
            "kernel": kernel, "out": positions(size, kernel, 2)}


def options(p):
    return pool_options(p, RIGHT, WRONG)


PROMPT = {
    "en": r"""A max-pooling layer `nn.MaxPool2d({{ kernel }}, stride=2)` receives a feature map of {{ channels }} channels of size
${{ size }} \times {{ size }}$. How many learnable parameters does the pooling layer have, and what does it reduce?""",
    "zh": r"""一个最大池化层 `nn.MaxPool2d({{ kernel }}, stride=2)` 接收 {{ channels }} 个通道、大小为 ${{ size }} \times {{ size }}$ 的特征图。
该池化层有多少个可学习参数？它减少的是什么？""",
}

EXPLANATION = {
    "en": r"""Max pooling replaces each ${{ kernel }} \times {{ kernel }}$ window, channel by channel, by its largest value: a fixed rule, so
the layer has **no** parameters (`sum(p.numel() for p in nn.MaxPool2d({{ kernel }}, 2).parameters())` is 0). Its output is
${{ channels }} \times {{ out }} \times {{ out }}$ ($\lfloor ({{ size }} - {{ kernel }})/2 \rfloor + 1 = {{ out }}$): pooling shrinks the activations, which
saves computation and memory, and a fully connected layer placed after it has fewer inputs and so fewer weights. The
notes' "减少参数" should be read that way: the conv layers' own parameter counts do not change.""",
    "zh": r"""最大池化逐通道地把每个 ${{ kernel }} \times {{ kernel }}$ 窗口替换为其中的最大值：这是固定的规则，所以该层**没有**参数
（`sum(p.numel() for p in nn.MaxPool2d({{ kernel }}, 2).parameters())` 为 0）。其输出为 ${{ channels }} \times {{ out }} \times {{ out }}$
（$\lfloor ({{ size }} - {{ kernel }})/2 \rfloor + 1 = {{ out }}$）：池化缩小的是激活值，从而节省计算和内存；放在它后面的全连接层输入变少，权重也随之变少。
笔记中的“减少参数”应这样理解：卷积层本身的参数个数并不改变。""",
}
