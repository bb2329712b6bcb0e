"""How many values one batch-norm mean is computed over: N for a fully connected layer (per
feature), N·H·W for a CNN (per channel) (003 批标准化计算过程)."""

import numpy as np

from grader.bank.authoring import Int, Meta, Mistake, Numeric, OneOf, draw_distinct

META = Meta(
    title={"en": "Batch normalisation: values per statistic", "zh": "批标准化：每个统计量用到的值的个数"},
    kind="numeric",
    difficulty=1,
    points=2,
    source="003 批标准化计算过程 (全连接: n 个激活值; CNN: RXLXN 个值); 001 Q11",
    tags=("batch normalization", "cnn", "statistics"),
    covers="batch_norm",
    check=Numeric(exact_integer=True),
)

PARAMS = {
    "layer": OneOf(("conv", "fc")),
    "batch": Int(1, 4096),
    "channels": Int(1, 4096),
    "height": Int(1, 1024),
    "width": Int(1, 1024),
}


def answer(p: dict) -> int:
    if p["layer"] == "fc":
        return p["batch"]
    return p["batch"] * p["height"] * p["width"]


MISTAKES = [
    Mistake(
        lambda p: p["batch"] if p["layer"] == "conv" else None,
        {
            "en": "For a convolution layer the statistics are per channel, not per activation: a channel's mean pools all "
                  "N·H·W values of that channel in the batch (the same filter produced all of them).",
            "zh": "卷积层的统计量是按通道而不是按单个激活值计算的：一个通道的均值汇总了该通道在这个批次中的全部 N·H·W 个值（它们都由同一个卷积核产生）。",
        },
    ),
    Mistake(
        lambda p: p["height"] * p["width"] if p["layer"] == "conv" else None,
        {
            "en": "That is one image's feature map (per-sample statistics are instance normalisation). Batch normalisation "
                  "pools over the whole batch: N·H·W values.",
            "zh": "这只是一张图的一个特征图（按样本统计是 instance normalization）。批标准化要汇总整个批次：N·H·W 个值。",
        },
    ),
    Mistake(
        lambda p: p["batch"] * p["channels"] * (p["height"] * p["width"] if p["layer"] == "conv" else 1),
        {
            "en": "Each channel (feature) gets its own mean and variance; the values of different channels are not pooled together.",
            "zh": "每个通道（特征）各有自己的均值和方差；不同通道的值不会混在一起统计。",
        },
    ),
    Mistake(
        lambda p: p["channels"] * (p["height"] * p["width"] if p["layer"] == "conv" else 1),
        {
            "en": "Statistics over one sample's features (C·H·W) are layer normalisation. Batch normalisation computes, for "
                  "each channel, over the samples of the batch.",
            "zh": "对一个样本的全部特征（C·H·W）做统计是 layer normalization。批标准化是对每个通道，在批次中的各个样本上统计。",
        },
    ),
]


def _draw(rng):
    layer = str(rng.choice(["conv", "conv", "fc"]))
    side = int(rng.choice([4, 7, 8, 14, 16, 28, 32]))
    return {"layer": layer, "batch": int(rng.choice([8, 16, 20, 32, 50, 64, 128])),
            "channels": int(rng.choice([6, 16, 32, 64, 100, 128, 256])),
            "height": side if layer == "conv" else 1, "width": side if layer == "conv" else 1}


def generate(rng: np.random.Generator) -> dict:
    return draw_distinct(rng, _draw, answer=answer, mistakes=MISTAKES)


PROMPT = {
    "en": r"""{% if layer == "conv" %}Batch normalisation (`nn.BatchNorm2d({{ channels }})`) follows a convolution layer. A mini-batch gives that layer an
output of shape $N \times C \times H \times W = {{ batch }} \times {{ channels }} \times {{ height }} \times {{ width }}$.

Over how many values is **one** of the batch means $\mu$ computed?{% else %}Batch normalisation (`nn.BatchNorm1d({{ channels }})`) follows a fully connected layer with {{ channels }} neurons. A mini-batch
of {{ batch }} samples gives that layer an output of shape $N \times C = {{ batch }} \times {{ channels }}$.

Over how many values is **one** of the batch means $\mu$ computed?{% endif %} Give an integer.""",
    "zh": r"""{% if layer == "conv" %}批标准化（`nn.BatchNorm2d({{ channels }})`）接在一个卷积层之后。一个 mini-batch 使该层的输出形状为
$N \times C \times H \times W = {{ batch }} \times {{ channels }} \times {{ height }} \times {{ width }}$。

批标准化中的**一个**均值 $\mu$ 是由多少个值算出来的？{% else %}批标准化（`nn.BatchNorm1d({{ channels }})`）接在一个有 {{ channels }} 个神经元的全连接层之后。一个含 {{ batch }} 个样本的
mini-batch 使该层的输出形状为 $N \times C = {{ batch }} \times {{ channels }}$。

批标准化中的**一个**均值 $\mu$ 是由多少个值算出来的？{% endif %}请给出一个整数。""",
}

EXPLANATION = {
    "en": r"""{% if layer == "conv" %}In a CNN every value of a channel comes from the same filter, so batch normalisation keeps one mean and one variance per
channel ({{ channels }} of each) and computes each over all values of that channel in the batch: the notes' R×L×N values,
$N \cdot H \cdot W = {{ batch }} \cdot {{ height }} \cdot {{ width }} = {{ batch * height * width }}$.
{% else %}For a fully connected layer each neuron $k$ has its own mean and variance, computed from the $n$ activations the
mini-batch's samples produce at that neuron: $N = {{ batch }}$ values ({{ channels }} means in all).
{% endif %}
Pooling over one sample instead would be layer normalisation (all its features) or instance normalisation (one
feature map); pooling over all channels together would mix features with different scales.""",
    "zh": r"""{% if layer == "conv" %}在 CNN 中，一个通道里的每个值都由同一个卷积核产生，所以批标准化为每个通道保留一个均值和一个方差（各 {{ channels }} 个），
每个都在该通道于整个批次中的全部值上计算：即笔记中的 R×L×N 个值，$N \cdot H \cdot W = {{ batch }} \cdot {{ height }} \cdot {{ width }} = {{ batch * height * width }}$。
{% else %}对全连接层，每个神经元 $k$ 有自己的均值和方差，由 mini-batch 中各样本在该神经元上产生的 $n$ 个激活值计算：$N = {{ batch }}$ 个值（共 {{ channels }} 个均值）。
{% endif %}
若改为在单个样本上统计，就成了 layer normalization（该样本的全部特征）或 instance normalization（一张特征图）；若把所有通道放在一起统计，
会把尺度不同的特征混在一起。""",
}
