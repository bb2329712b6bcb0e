"""1×1 convolution: output H × W × C_out and C_out·(C_in + 1) parameters (003 1x1卷积的作用; erratum 26:
the channel count drops when there are fewer 1×1 filters than input channels).

The notes' example (6×6×128 input, 32 filters → 6×6×32) reproduces with
`grade bank show cnn.one_by_one_conv --params '{"size": 6, "in_channels": 128, "out_channels": 32, "ask": "params"}'`
(4128 parameters) and `"ask": "outputs"` (1152 output values).
"""

import numpy as np

from grader.bank.authoring import Int, Meta, Mistake, Numeric, OneOf, draw_distinct

META = Meta(
    title={"en": "1×1 convolution: shape and parameters", "zh": "1×1 卷积：形状与参数"},
    kind="numeric",
    difficulty=2,
    points=2,
    source="003 1x1卷积的作用 (6x6x128 → 1x1x32 → 6x6x32); 001 Q3",
    tags=("cnn", "convolution", "1x1 convolution", "parameter count", "channels"),
    covers="cnn_concepts",
    check=Numeric(exact_integer=True),
)

PARAMS = {
    "size": Int(1, 512),
    "in_channels": Int(1, 4096),
    "out_channels": Int(1, 4096),
    "ask": OneOf(("params", "outputs")),
}


def answer(p: dict) -> int:
    if p["ask"] == "params":
        return p["out_channels"] * (p["in_channels"] + 1)
    return p["size"] ** 2 * p["out_channels"]


def _for(ask, value):
    return lambda p: value(p) if p["ask"] == ask else None


MISTAKES = [
    Mistake(
        _for("params", lambda p: p["out_channels"] * p["in_channels"]),
        {
            "en": "You forgot the biases: each of the C_out filters has one bias.",
            "zh": "你漏掉了偏置：C_out 个卷积核各有一个偏置。",
        },
    ),
    Mistake(
        _for("params", lambda p: 2 * p["out_channels"]),
        {
            "en": "A 1×1 filter is not a single number: it spans all input channels, 1×1×C_in weights (plus one bias).",
            "zh": "1×1 卷积核不是一个数：它覆盖全部输入通道，有 1×1×C_in 个权重（外加一个偏置）。",
        },
    ),
    Mistake(
        _for("params", lambda p: p["size"] ** 2 * p["in_channels"] * p["out_channels"]),
        {
            "en": "The same filter is applied at every position (weight sharing), so the height and width do not enter the count.",
            "zh": "同一个卷积核在所有位置上共享（权值共享），所以参数个数与高和宽无关。",
        },
    ),
    Mistake(
        _for("outputs", lambda p: p["size"] ** 2 * p["in_channels"]),
        {
            "en": "The output has one channel per filter, C_out, not C_in: with fewer 1×1 filters than input channels the "
                  "channel count drops (that is how a 1×1 convolution reduces dimensions).",
            "zh": "输出的通道数等于卷积核个数 C_out，而不是 C_in：1×1 卷积核个数少于输入通道数时，通道数就会减少（1×1 卷积正是这样降维的）。",
        },
    ),
    Mistake(
        _for("outputs", lambda p: p["out_channels"]),
        {
            "en": "A 1×1 convolution keeps the height and width: each filter produces a full H×W map, not one value.",
            "zh": "1×1 卷积不改变高和宽：每个卷积核输出一整张 H×W 的特征图，而不是一个数。",
        },
    ),
    Mistake(
        _for("outputs", lambda p: p["size"] ** 2),
        {
            "en": "That is one feature map; there are C_out of them, one per filter.",
            "zh": "这只是一张特征图；每个卷积核各输出一张，共 C_out 张。",
        },
    ),
]


def _draw(rng):
    in_channels = int(rng.choice([16, 32, 64, 96, 128, 192, 256, 480, 512, 1024]))
    out_channels = int(rng.choice([8, 16, 32, 64, 128, 256]))
    return {"size": int(rng.choice([6, 7, 8, 13, 14, 28, 56])), "in_channels": in_channels,
            "out_channels": out_channels, "ask": str(rng.choice(["params", "outputs"]))}


def generate(rng: np.random.Generator) -> dict:
    return draw_distinct(rng, _draw, answer=answer, mistakes=MISTAKES,
                         keep=lambda p: p["in_channels"] != p["out_channels"])


PROMPT = {
    "en": r"""A feature map of size ${{ size }} \times {{ size }} \times {{ in_channels }}$ (height × width × channels) goes through a convolution
layer with ${{ out_channels }}$ filters of size $1 \times 1$, stride 1, no padding, with bias
(PyTorch: `nn.Conv2d({{ in_channels }}, {{ out_channels }}, kernel_size=1)`).

{% if ask == "params" %}How many learnable parameters (weights and biases) does the layer have?{% else %}How many values does the output feature map of one sample contain (height × width × channels)?{% endif %} Give an integer.""",
    "zh": r"""一个大小为 ${{ size }} \times {{ size }} \times {{ in_channels }}$（高 × 宽 × 通道）的特征图经过一个卷积层：${{ out_channels }}$ 个
$1 \times 1$ 的卷积核，步长 1，不补零，带偏置（PyTorch：`nn.Conv2d({{ in_channels }}, {{ out_channels }}, kernel_size=1)`）。

{% if ask == "params" %}该层有多少个可学习参数（权重加偏置）？{% else %}一个样本的输出特征图共有多少个数值（高 × 宽 × 通道）？{% endif %}请给出一个整数。""",
}

EXPLANATION = {
    "en": r"""Each $1 \times 1$ filter has shape $1 \times 1 \times {{ in_channels }}$: at every position it takes a weighted sum of the
{{ in_channels }} channel values there (a linear combination across channels) and adds its bias. It does not look at
neighbouring positions, so height and width are unchanged, and there is one output channel per filter:
the output is ${{ size }} \times {{ size }} \times {{ out_channels }}$.
{% if ask == "params" %}
Parameters: ${{ out_channels }} \cdot ({{ in_channels }} + 1) = {{ out_channels * (in_channels + 1) }}$, independent of the ${{ size }} \times {{ size }}$ size (weight sharing).
{% else %}
Output values: ${{ size }} \cdot {{ size }} \cdot {{ out_channels }} = {{ size * size * out_channels }}$.
{% endif %}
{{ "With fewer filters than input channels the channel count drops" if out_channels < in_channels else "With more filters than input channels the channel count grows" }}
({{ in_channels }} → {{ out_channels }}): this is how 1×1 convolutions reduce (or raise) dimensions cheaply, as in the notes'
$6 \times 6 \times 128 \to 6 \times 6 \times 32$ example.""",
    "zh": r"""每个 $1 \times 1$ 卷积核的形状是 $1 \times 1 \times {{ in_channels }}$：在每个位置上，它对该处 {{ in_channels }} 个通道的值加权求和
（跨通道的线性组合），再加上偏置。它不看相邻位置，所以高和宽不变；每个卷积核输出一个通道，输出为 ${{ size }} \times {{ size }} \times {{ out_channels }}$。
{% if ask == "params" %}
参数个数：${{ out_channels }} \cdot ({{ in_channels }} + 1) = {{ out_channels * (in_channels + 1) }}$，与 ${{ size }} \times {{ size }}$ 的尺寸无关（权值共享）。
{% else %}
输出数值个数：${{ size }} \cdot {{ size }} \cdot {{ out_channels }} = {{ size * size * out_channels }}$。
{% endif %}
{{ "卷积核个数少于输入通道数，通道数就减少" if out_channels < in_channels else "卷积核个数多于输入通道数，通道数就增加" }}（{{ in_channels }} → {{ out_channels }}）：
1×1 卷积正是以很小的代价降维（或升维）的，如笔记中 $6 \times 6 \times 128 \to 6 \times 6 \times 32$ 的例子。""",
}
