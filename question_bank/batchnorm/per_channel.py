"""BatchNorm2d after a convolution: one μ and σ² per channel, over the N·H·W values of that channel
(003 批标准化计算过程, CNN case)."""

import numpy as np

from grader.bank.authoring import Choice, Int, Meta, Option, draw_pool, pool_options, pool_schema

META = Meta(
    title={"en": "Batch normalisation in a CNN", "zh": "CNN 中的批标准化"},
    kind="choice",
    difficulty=2,
    points=2,
    source="003 批标准化计算过程 (CNN: 单个卷积核, RXLXN 个值); 001 Q11",
    tags=("batch normalization", "cnn", "statistics"),
    covers="batch_norm",
    check=Choice(),
)

RIGHT = [
    Option({"en": "{{ c }} means and {{ c }} variances, one per channel, each over that channel's {{ n * h * w }} values in the batch",
            "zh": "{{ c }} 个均值和 {{ c }} 个方差，每个通道一组，各自在该通道于这一批中的 {{ n * h * w }} 个值上计算"}, correct=True),
    Option({"en": "One mean and variance per channel ({{ c }} of each), pooling all N·H·W = {{ n * h * w }} values of that channel",
            "zh": "每个通道一组均值和方差（各 {{ c }} 个），汇总该通道全部 N·H·W = {{ n * h * w }} 个值"}, correct=True),
]

WRONG = [
    Option({"en": "{{ c * h * w }} means and variances, one per activation position, each over the batch's {{ n }} samples",
            "zh": "{{ c * h * w }} 组均值和方差，每个激活位置一组，各自在这一批的 {{ n }} 个样本上计算"},
           feedback={"en": "That is batch normalisation for a fully connected layer. In a CNN all positions of a channel come from "
                           "the same filter, so they share one mean and variance, computed over N·H·W values.",
                     "zh": "这是全连接层的批标准化。在 CNN 中，同一通道的所有位置都来自同一个卷积核，所以它们共用一组均值和方差，在 N·H·W 个值上计算。"}),
    Option({"en": "{{ n }} means and variances, one per sample, each over that sample's {{ c * h * w }} values",
            "zh": "{{ n }} 组均值和方差，每个样本一组，各自在该样本的 {{ c * h * w }} 个值上计算"},
           feedback={"en": "Statistics per sample over all its features are layer normalisation, which does not depend on the batch.",
                     "zh": "对每个样本在其全部特征上统计是 layer normalization，它与批次无关。"}),
    Option({"en": "{{ n * c }} means and variances, one per sample and channel, each over {{ h * w }} values",
            "zh": "{{ n * c }} 组均值和方差，每个样本的每个通道一组，各自在 {{ h * w }} 个值上计算"},
           feedback={"en": "Statistics per sample and channel over one feature map are instance normalisation; batch normalisation "
                           "pools the channel over the whole batch.",
                     "zh": "对每个样本的每个通道在一张特征图上统计是 instance normalization；批标准化要在整个批次上汇总一个通道。"}),
    Option({"en": "A single mean and variance over all {{ n * c * h * w }} values of the batch, shared by every channel",
            "zh": "在这一批全部 {{ n * c * h * w }} 个值上计算一个均值和一个方差，所有通道共用"},
           feedback={"en": "Different channels detect different features with different scales; each gets its own statistics (and its own γ, β).",
                     "zh": "不同通道检测不同的特征，尺度也不同；每个通道都有自己的统计量（以及自己的 γ、β）。"}),
]

PARAMS = {**pool_schema(RIGHT, WRONG), "n": Int(1, 4096), "c": Int(1, 4096), "h": Int(1, 1024), "w": Int(1, 1024)}


def generate(rng: np.random.Generator) -> dict:
    side = int(rng.choice([7, 8, 14, 16, 28, 32]))
    return {**draw_pool(rng, RIGHT, WRONG), "n": int(rng.choice([16, 32, 64, 128])),
            "c": int(rng.choice([16, 32, 64, 96, 128, 256])), "h": side, "w": side}


def options(p):
    return pool_options(p, RIGHT, WRONG)


PROMPT = {
    "en": r"""`nn.BatchNorm2d({{ c }})` follows a convolution layer. During training a mini-batch gives it an input of shape
$N \times C \times H \times W = {{ n }} \times {{ c }} \times {{ h }} \times {{ w }}$. Which batch statistics does it compute to normalise this input?""",
    "zh": r"""`nn.BatchNorm2d({{ c }})` 接在一个卷积层之后。训练时一个 mini-batch 给它的输入形状为
$N \times C \times H \times W = {{ n }} \times {{ c }} \times {{ h }} \times {{ w }}$。为了标准化这个输入，它计算哪些批统计量？""",
}

EXPLANATION = {
    "en": r"""In a CNN every value of a channel is produced by the same filter, so batch normalisation treats the channel as one
feature: it computes one mean and one (biased) variance per channel, {{ c }} of each, each over all values of that channel in the
mini-batch, $N \cdot H \cdot W = {{ n }} \cdot {{ h }} \cdot {{ w }} = {{ n * h * w }}$ of them (the notes' R×L×N), and learns one $\gamma$ and $\beta$ per
channel. For a fully connected layer it would be one mean per neuron over the $N$ samples. Per-sample statistics
are layer normalisation (over $C \cdot H \cdot W$) or instance normalisation (over $H \cdot W$).""",
    "zh": r"""在 CNN 中，一个通道里的每个值都由同一个卷积核产生，所以批标准化把一个通道当作一个特征：为每个通道计算一个均值和一个（有偏）方差，
各 {{ c }} 个，每个都在该通道于 mini-batch 中的全部值上计算，共 $N \cdot H \cdot W = {{ n }} \cdot {{ h }} \cdot {{ w }} = {{ n * h * w }}$ 个（即笔记中的 R×L×N），
并为每个通道学习一个 $\gamma$ 和 $\beta$。对全连接层则是每个神经元在 $N$ 个样本上求一个均值。按样本统计则是 layer normalization（在 $C \cdot H \cdot W$ 上）
或 instance normalization（在 $H \cdot W$ 上）。""",
}
