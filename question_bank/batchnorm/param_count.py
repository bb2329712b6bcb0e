"""Conv + BatchNorm2d: BN adds 2·C learnable parameters (γ, β); its running mean and variance are
buffers, not parameters (003 γi, βi)."""

import numpy as np

from grader.bank.authoring import Int, Meta, Mistake, Numeric, OneOf, draw_distinct

META = Meta(
    title={"en": "Parameters of a conv + batch-norm block", "zh": "卷积 + 批标准化模块的参数个数"},
    kind="numeric",
    difficulty=2,
    points=2,
    source="003 批标准化 (引入两个新的参数 γi, βi; 按卷积核统计); 001 Q11",
    tags=("batch normalization", "cnn", "parameter count"),
    covers="batch_norm",
    check=Numeric(exact_integer=True),
)

PARAMS = {
    "in_channels": Int(1, 4096),
    "out_channels": Int(1, 4096),
    "kernel": Int(1, 11),
    "conv_bias": OneOf((True, False)),
    "size": Int(1, 1024),
}


def _conv(p):
    return p["out_channels"] * (p["in_channels"] * p["kernel"] ** 2 + (1 if p["conv_bias"] else 0))


def answer(p: dict) -> int:
    return _conv(p) + 2 * p["out_channels"]


MISTAKES = [
    Mistake(
        lambda p: _conv(p),
        {
            "en": "Batch normalisation has learnable parameters too: a scale γ and a shift β per channel.",
            "zh": "批标准化也有可学习参数：每个通道一个缩放 γ 和一个平移 β。",
        },
    ),
    Mistake(
        lambda p: _conv(p) + 4 * p["out_channels"],
        {
            "en": "The running mean and running variance are buffers: they are updated by averaging batch statistics, not by "
                  "gradient descent, and PyTorch does not list them in parameters(). Only γ and β are learned.",
            "zh": "running mean 和 running variance 是缓冲量（buffer）：它们通过对批统计量求滑动平均来更新，而不是通过梯度下降，"
                  "PyTorch 也不把它们列在 parameters() 中。可学习的只有 γ 和 β。",
        },
    ),
    Mistake(
        lambda p: _conv(p) + 2 * p["out_channels"] * p["size"] ** 2,
        {
            "en": "After a convolution, γ and β are per channel, shared by every position of the feature map, not one per activation.",
            "zh": "在卷积层之后，γ 和 β 是按通道设置的，由特征图的所有位置共享，而不是每个激活值各一个。",
        },
    ),
    Mistake(
        lambda p: _conv(p) + 2 * p["in_channels"] if p["in_channels"] != p["out_channels"] else None,
        {
            "en": "The batch norm follows the convolution, so it normalises the convolution's C_out output channels: "
                  "2·C_out parameters, not 2·C_in.",
            "zh": "批标准化接在卷积之后，归一化的是卷积输出的 C_out 个通道：有 2·C_out 个参数，而不是 2·C_in 个。",
        },
    ),
]


def _draw(rng):
    return {"in_channels": int(rng.choice([3, 16, 32, 64, 128])), "out_channels": int(rng.choice([16, 32, 64, 128, 256])),
            "kernel": int(rng.choice([1, 3, 3, 5])), "conv_bias": bool(rng.integers(2)),
            "size": int(rng.choice([8, 14, 16, 28, 32, 56]))}


def generate(rng: np.random.Generator) -> dict:
    return draw_distinct(rng, _draw, answer=answer, mistakes=MISTAKES)


PROMPT = {
    "en": r"""A block of a CNN is
`nn.Conv2d({{ in_channels }}, {{ out_channels }}, kernel_size={{ kernel }}, bias={{ conv_bias }})` followed by `nn.BatchNorm2d({{ out_channels }})`
(default `affine=True`), applied to ${{ size }} \times {{ size }}$ feature maps.

How many learnable parameters does the block have in total (those trained by gradient descent)? Give an integer.""",
    "zh": r"""CNN 中的一个模块由 `nn.Conv2d({{ in_channels }}, {{ out_channels }}, kernel_size={{ kernel }}, bias={{ conv_bias }})` 和其后的
`nn.BatchNorm2d({{ out_channels }})`（默认 `affine=True`）组成，作用在 ${{ size }} \times {{ size }}$ 的特征图上。

该模块共有多少个可学习参数（即通过梯度下降训练的参数）？请给出一个整数。""",
}

EXPLANATION = {
    "en": r"""{% set conv = out_channels * (in_channels * kernel * kernel + (1 if conv_bias else 0)) %}Convolution: ${{ out_channels }} \cdot ({{ in_channels }} \cdot {{ kernel }}^2{{ " + 1" if conv_bias else "" }}) = {{ conv }}$ parameters{{ "" if conv_bias else " (no bias: β of the batch norm plays its role)" }}.
Batch normalisation: one $\gamma$ and one $\beta$ per channel, $2 \cdot {{ out_channels }} = {{ 2 * out_channels }}$, shared by all ${{ size }} \times {{ size }}$ positions.
Total: ${{ conv }} + {{ 2 * out_channels }} = {{ conv + 2 * out_channels }}$.
The layer also keeps a running mean and a running variance per channel (and a batch counter), but these are
buffers updated from batch statistics, not learned parameters.""",
    "zh": r"""{% set conv = out_channels * (in_channels * kernel * kernel + (1 if conv_bias else 0)) %}卷积层：${{ out_channels }} \cdot ({{ in_channels }} \cdot {{ kernel }}^2{{ " + 1" if conv_bias else "" }}) = {{ conv }}$ 个参数{{ "" if conv_bias else "（没有偏置：批标准化的 β 起到了它的作用）" }}。
批标准化：每个通道一个 $\gamma$ 和一个 $\beta$，共 $2 \cdot {{ out_channels }} = {{ 2 * out_channels }}$ 个，由全部 ${{ size }} \times {{ size }}$ 个位置共享。
合计：${{ conv }} + {{ 2 * out_channels }} = {{ conv + 2 * out_channels }}$。
该层还为每个通道保存 running mean 和 running variance（以及一个批次计数），但它们是根据批统计量更新的缓冲量，不是学习得到的参数。""",
}
