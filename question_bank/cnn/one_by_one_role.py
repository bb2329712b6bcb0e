"""What a 1×1 convolution does: mixes channels at each position, keeps H × W, sets the channel count
to the number of filters (001 Q3, 003; erratum 26)."""

import numpy as np

from grader.bank.authoring import Choice, Int, Meta, Option, draw_pool, pool_options, pool_schema

META = Meta(
    title={"en": "What a 1×1 convolution does", "zh": "1×1 卷积的作用"},
    kind="choice",
    difficulty=1,
    points=2,
    source="003 1x1卷积的作用; 001 Q3 (如何理解1x1卷积核的意义)",
    tags=("cnn", "1x1 convolution", "channels"),
    covers="cnn_concepts",
    check=Choice(),
)

RIGHT = [
    Option({"en": "{{ size }}×{{ size }}×{{ c_out }}: each filter is 1×1×{{ c_in }} and mixes the channels at each position",
            "zh": "{{ size }}×{{ size }}×{{ c_out }}：每个卷积核是 1×1×{{ c_in }}，在每个位置上混合各通道"}, correct=True),
    Option({"en": "{{ size }}×{{ size }}×{{ c_out }}, from {{ c_out * (c_in + 1) }} parameters: a per-position linear map of channels",
            "zh": "{{ size }}×{{ size }}×{{ c_out }}，共 {{ c_out * (c_in + 1) }} 个参数：在每个位置上对通道做线性变换"}, correct=True),
]

WRONG = [
    Option({"en": "{{ size }}×{{ size }}×{{ c_in }}: a 1×1 kernel cannot change the number of channels",
            "zh": "{{ size }}×{{ size }}×{{ c_in }}：1×1 卷积核不能改变通道数"},
           feedback={"en": "The output has one channel per filter, so {{ c_out }}: 1×1 convolutions are used precisely to change "
                           "(here {{ 'reduce' if c_out < c_in else 'raise' }}) the channel count.",
                     "zh": "输出的通道数等于卷积核个数，即 {{ c_out }}：1×1 卷积正是用来改变（这里是{{ '减少' if c_out < c_in else '增加' }}）通道数的。"}),
    Option({"en": "1×1×{{ c_out }}: each 1×1 filter reduces its whole feature map to a single value",
            "zh": "1×1×{{ c_out }}：每个 1×1 卷积核把整张特征图压缩成一个值"},
           feedback={"en": "That would be global pooling. A 1×1 kernel slides over all {{ size }}×{{ size }} positions, so height "
                           "and width are unchanged.",
                     "zh": "那是全局池化。1×1 卷积核会滑过全部 {{ size }}×{{ size }} 个位置，所以高和宽不变。"}),
    Option({"en": "{{ size }}×{{ size }}×{{ c_in * c_out }}: each filter is applied to every input channel separately",
            "zh": "{{ size }}×{{ size }}×{{ c_in * c_out }}：每个卷积核分别作用于每个输入通道"},
           feedback={"en": "A filter spans all {{ c_in }} input channels and sums over them, giving one output channel per filter.",
                     "zh": "一个卷积核覆盖全部 {{ c_in }} 个输入通道并对它们求和，每个卷积核只输出一个通道。"}),
    Option({"en": "{{ size }}×{{ size }}×{{ c_out }}, from {{ c_out }} parameters: each filter is a single 1×1 weight",
            "zh": "{{ size }}×{{ size }}×{{ c_out }}，共 {{ c_out }} 个参数：每个卷积核只是一个 1×1 的权重"},
           feedback={"en": "The shape is right, but each filter has 1×1×{{ c_in }} weights plus a bias: {{ c_out * (c_in + 1) }} parameters in all.",
                     "zh": "形状对了，但每个卷积核有 1×1×{{ c_in }} 个权重外加一个偏置：共 {{ c_out * (c_in + 1) }} 个参数。"}),
]

PARAMS = {**pool_schema(RIGHT, WRONG), "size": Int(1, 512), "c_in": Int(1, 4096), "c_out": Int(1, 4096)}


def generate(rng: np.random.Generator) -> dict:
    c_in = int(rng.choice([32, 64, 128, 192, 256, 512]))
    c_out = int(rng.choice([16, 32, 64, 96, 128, 256, 1024]))
    while c_out == c_in:
        c_out = int(rng.choice([16, 32, 64, 96, 128, 256, 1024]))
    return {**draw_pool(rng, RIGHT, WRONG), "size": int(rng.choice([6, 7, 14, 28, 56])), "c_in": c_in, "c_out": c_out}


def options(p):
    return pool_options(p, RIGHT, WRONG)


PROMPT = {
    "en": r"""A feature map of size ${{ size }} \times {{ size }} \times {{ c_in }}$ (height × width × channels) goes through a convolution with
{{ c_out }} filters of size $1 \times 1$ (stride 1, with bias). What comes out, and how?""",
    "zh": r"""一个大小为 ${{ size }} \times {{ size }} \times {{ c_in }}$（高 × 宽 × 通道）的特征图经过一个卷积层，有 {{ c_out }} 个 $1 \times 1$ 的卷积核
（步长 1，带偏置）。输出是什么？是怎样得到的？""",
}

EXPLANATION = {
    "en": r"""Each $1 \times 1$ filter has shape $1 \times 1 \times {{ c_in }}$: at every one of the ${{ size }} \times {{ size }}$ positions it forms a weighted
sum of the {{ c_in }} channel values there and adds its bias, a linear combination across channels ("跨通道的交互和信息整合").
Height and width are unchanged, and each of the {{ c_out }} filters yields one channel, so the output is
${{ size }} \times {{ size }} \times {{ c_out }}$, from ${{ c_out }} \cdot ({{ c_in }} + 1) = {{ c_out * (c_in + 1) }}$ parameters.
{{ "With fewer filters than input channels this reduces the channel count (dimension reduction, as in the notes' 6×6×128 → 6×6×32)." if c_out < c_in else "With more filters than input channels it raises the channel count (001 Q3's example: 3 → 5 channels)." }}
A non-linear activation is usually applied after it.""",
    "zh": r"""每个 $1 \times 1$ 卷积核的形状是 $1 \times 1 \times {{ c_in }}$：在 ${{ size }} \times {{ size }}$ 个位置中的每一个，它对该处 {{ c_in }} 个通道的值加权求和再加偏置，
即跨通道的线性组合（跨通道的交互和信息整合）。高和宽不变，{{ c_out }} 个卷积核各输出一个通道，所以输出为 ${{ size }} \times {{ size }} \times {{ c_out }}$，
参数为 ${{ c_out }} \cdot ({{ c_in }} + 1) = {{ c_out * (c_in + 1) }}$ 个。
{{ "卷积核个数少于输入通道数时，通道数减少（降维，如笔记中 6×6×128 → 6×6×32 的例子）。" if c_out < c_in else "卷积核个数多于输入通道数时，通道数增加（如 001 Q3 中 3 → 5 个通道的例子）。" }}
之后通常还会接一个非线性激活函数。""",
}
