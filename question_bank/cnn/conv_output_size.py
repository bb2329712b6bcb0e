"""Feature-map side after a convolution: floor((W + 2P - K) / S) + 1 (erratum 4: not the ceiling)."""

import numpy as np

from grader.bank.authoring import Int, Meta, Mistake, Numeric, draw_distinct

from ._window import positions

META = Meta(
    title={"en": "Feature-map size after a convolution", "zh": "卷积后的特征图尺寸"},
    kind="numeric",
    difficulty=1,
    points=2,
    source="003 CNN神经网络 feature map 尺寸计算",
    tags=("cnn", "convolution", "feature map", "padding", "stride"),
    covers="cnn_shapes",
    check=Numeric(exact_integer=True),
)

PARAMS = {
    "size": Int(1, 1024),
    "kernel": Int(1, 15),
    "stride": Int(1, 8),
    "padding": Int(0, 10),
}


def _padded(p):
    return p["size"] + 2 * p["padding"]


def _draw(rng):
    kernel = int(rng.choice([3, 3, 5, 5, 7, 11]))
    stride = int(rng.choice([2, 2, 3, 4]))
    padding = int(rng.integers(1, kernel // 2 + 2))
    size = int(rng.choice([int(rng.integers(7, 65)), int(rng.choice([28, 32, 56, 64, 112, 224, 227]))]))
    return {"size": size, "kernel": kernel, "stride": stride, "padding": padding}


def generate(rng: np.random.Generator) -> dict:
    # Stride >= 2 with padding >= 1 and a non-exact division: the variants where the floor, the
    # padding and the +1 each matter, so every listed mistake gives a different number.
    return draw_distinct(rng, _draw, answer=answer, mistakes=MISTAKES,
                         keep=lambda p: _padded(p) >= p["kernel"] and answer(p) >= 2)


def answer(p: dict) -> int:
    return positions(_padded(p), p["kernel"], p["stride"])


MISTAKES = [
    Mistake(
        lambda p: positions(_padded(p), p["kernel"], p["stride"], ceil=True),
        {
            "en": "You rounded up. A window that would stick out past the padded border is not "
                  "computed, so the division is floored (PyTorch's nn.Conv2d). The notes' "
                  "\"take the ceiling\" is wrong for convolution; ceiling is only pooling's ceil_mode=True.",
            "zh": "你向上取整了。超出（补零后）边界的窗口不会被计算，所以除法结果应向下取整（PyTorch 的 nn.Conv2d 即如此）。"
                  "笔记中“取上值整数”的说法对卷积并不成立；向上取整只是池化层 ceil_mode=True 时的行为。",
        },
    ),
    Mistake(
        lambda p: positions(p["size"] + p["padding"], p["kernel"], p["stride"]),
        {
            "en": "Padding P is added on both sides of the input, so the padded side is W + 2P, not W + P.",
            "zh": "补零 P 是在输入的两侧都加的，补零后的边长是 W + 2P，而不是 W + P。",
        },
    ),
    Mistake(
        lambda p: answer(p) - 1,
        {
            "en": "You forgot the +1: (W + 2P − K)/S counts the steps between window positions; the "
                  "first position must be counted too.",
            "zh": "你漏了 +1：(W + 2P − K)/S 数的是窗口移动的步数，还要加上最初的那个位置。",
        },
    ),
    Mistake(
        lambda p: positions(p["size"], p["kernel"], p["stride"]),
        {
            "en": "You left out the padding: the kernel slides over the zero-padded input of side W + 2P.",
            "zh": "你忽略了补零：卷积核是在补零后边长为 W + 2P 的输入上滑动的。",
        },
    ),
]

PROMPT = {
    "en": r"""A square input of side $W = {{ size }}$ goes through a convolution with a square
$K \times K = {{ kernel }} \times {{ kernel }}$ kernel, stride $S = {{ stride }}$ and zero padding
$P = {{ padding }}$ on every side. As in PyTorch's `nn.Conv2d`, the kernel is only placed where it
fits entirely inside the padded input (a window that would stick out past the border is dropped).

What is the side length of the output feature map? Give an integer.""",
    "zh": r"""边长为 $W = {{ size }}$ 的正方形输入经过一个卷积层：卷积核大小 $K \times K = {{ kernel }} \times {{ kernel }}$，
步长 $S = {{ stride }}$，四周各补零 $P = {{ padding }}$ 行/列。与 PyTorch 的 `nn.Conv2d` 一样，卷积核只放在完全落在补零后输入内部的位置上
（会越出边界的窗口直接舍弃）。

输出特征图的边长是多少？请给出一个整数。""",
}

EXPLANATION = {
    "en": r"""The padded input has side $W + 2P = {{ size }} + 2 \cdot {{ padding }} = {{ size + 2 * padding }}$.
The kernel can move $\lfloor (W + 2P - K) / S \rfloor = \lfloor {{ size + 2 * padding - kernel }} / {{ stride }} \rfloor = {{ (size + 2 * padding - kernel) // stride }}$
steps, and together with its first position that gives
$\left\lfloor \frac{W + 2P - K}{S} \right\rfloor + 1 = {{ (size + 2 * padding - kernel) // stride + 1 }}$.
The last {{ (size + 2 * padding - kernel) % stride }} padded row(s)/column(s) are not reached by a full window, so they are skipped: the division is floored, not rounded up.""",
    "zh": r"""补零后的输入边长为 $W + 2P = {{ size }} + 2 \cdot {{ padding }} = {{ size + 2 * padding }}$。
卷积核可以移动 $\lfloor (W + 2P - K) / S \rfloor = \lfloor {{ size + 2 * padding - kernel }} / {{ stride }} \rfloor = {{ (size + 2 * padding - kernel) // stride }}$ 步，
加上最初的位置，输出边长为 $\left\lfloor \frac{W + 2P - K}{S} \right\rfloor + 1 = {{ (size + 2 * padding - kernel) // stride + 1 }}$。
最后 {{ (size + 2 * padding - kernel) % stride }} 行/列放不下一个完整窗口，会被跳过：除法向下取整，而不是像笔记所写的向上取整。""",
}
