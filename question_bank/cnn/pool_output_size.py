"""Side after max pooling, PyTorch defaults (no padding, ceil_mode=False): floor((W - K) / S) + 1."""

import numpy as np

from grader.bank.authoring import Int, Meta, Mistake, Numeric, draw_distinct

from ._window import positions

META = Meta(
    title={"en": "Feature-map size after pooling", "zh": "池化后的特征图尺寸"},
    kind="numeric",
    difficulty=1,
    points=1,
    source="003 CNN神经网络 feature map 尺寸计算 (pooling 公式)",
    tags=("cnn", "pooling", "feature map", "stride"),
    covers="cnn_shapes",
    check=Numeric(exact_integer=True),
)

PARAMS = {
    "size": Int(1, 1024),
    "kernel": Int(1, 8),
    "stride": Int(1, 8),
}


def _draw(rng):
    kernel, stride = [(2, 2), (2, 2), (2, 2), (3, 2), (3, 2), (3, 3), (4, 4), (4, 2)][int(rng.integers(8))]
    return {"size": int(rng.integers(kernel + stride, 120)), "kernel": kernel, "stride": stride}


def generate(rng: np.random.Generator) -> dict:
    # Sizes that the stride does not divide evenly, so floor and ceil_mode=True differ; variants
    # where two answers coincide are redrawn.
    return draw_distinct(rng, _draw, answer=answer, mistakes=MISTAKES, keep=lambda p: answer(p) >= 2)


def answer(p: dict) -> int:
    return positions(p["size"], p["kernel"], p["stride"])


MISTAKES = [
    Mistake(
        lambda p: positions(p["size"], p["kernel"], p["stride"], ceil=True),
        {
            "en": "You rounded up, which is nn.MaxPool2d(..., ceil_mode=True). The default "
                  "(ceil_mode=False) drops a window that would go past the border: floor.",
            "zh": "你向上取整了，这对应 nn.MaxPool2d(..., ceil_mode=True)。默认的 ceil_mode=False 会舍弃越出边界的窗口，即向下取整。",
        },
    ),
    Mistake(
        lambda p: positions(p["size"], p["kernel"], 1),
        {
            "en": "W − K + 1 is the size for stride 1. The window jumps S positions at a time, so divide by S: "
                  "⌊(W − K)/S⌋ + 1. (The notes' pooling example writes stride 1 but computes with stride 2.)",
            "zh": "W − K + 1 是步长为 1 时的尺寸。窗口每次移动 S 个位置，所以要除以 S：⌊(W − K)/S⌋ + 1。"
                  "（笔记中池化的例子写的是步长 1，实际按步长 2 计算。）",
        },
    ),
    Mistake(
        lambda p: answer(p) - 1,
        {
            "en": "You forgot the +1 for the window's first position.",
            "zh": "你漏了 +1：窗口最初的位置也要算上。",
        },
    ),
]

PROMPT = {
    "en": r"""A feature map of side $W = {{ size }}$ goes through max pooling with a
${{ kernel }} \times {{ kernel }}$ window and stride $S = {{ stride }}$, with PyTorch's defaults for
everything else: `nn.MaxPool2d({{ kernel }}, stride={{ stride }})`, i.e. no padding and `ceil_mode=False`.

What is the side length of the pooled feature map? Give an integer.""",
    "zh": r"""边长为 $W = {{ size }}$ 的特征图经过最大池化：窗口大小 ${{ kernel }} \times {{ kernel }}$，步长 $S = {{ stride }}$，
其余采用 PyTorch 的默认设置：`nn.MaxPool2d({{ kernel }}, stride={{ stride }})`，即不补零、`ceil_mode=False`。

池化后特征图的边长是多少？请给出一个整数。""",
}

EXPLANATION = {
    "en": r"""Without padding the window can move $\lfloor (W - K)/S \rfloor = \lfloor {{ size - kernel }} / {{ stride }} \rfloor = {{ (size - kernel) // stride }}$ steps;
with its first position the output side is $\left\lfloor \frac{W - K}{S} \right\rfloor + 1 = {{ (size - kernel) // stride + 1 }}$.
{% if (size - kernel) % stride %}
The division leaves a remainder of {{ (size - kernel) % stride }}: with `ceil_mode=False` the incomplete window at the border is dropped (floor); `ceil_mode=True` would keep it and give {{ -(-(size - kernel) // stride) + 1 }}.
{% endif %}
(Note the notes' example: a 2×2 pooling that halves 28 to 14 has stride 2, not 1.)""",
    "zh": r"""不补零时，窗口可以移动 $\lfloor (W - K)/S \rfloor = \lfloor {{ size - kernel }} / {{ stride }} \rfloor = {{ (size - kernel) // stride }}$ 步，
加上最初的位置，输出边长为 $\left\lfloor \frac{W - K}{S} \right\rfloor + 1 = {{ (size - kernel) // stride + 1 }}$。
{% if (size - kernel) % stride %}
这里除法余 {{ (size - kernel) % stride }}：`ceil_mode=False` 时边界上不完整的窗口被舍弃（向下取整）；若 `ceil_mode=True` 则会保留它，得到 {{ -(-(size - kernel) // stride) + 1 }}。
{% endif %}
（注意笔记中的例子：把 28 池化成 14 的 2×2 池化，步长应为 2 而不是 1。）""",
}
