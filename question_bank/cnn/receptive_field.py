"""Receptive field of stacked convolutions: r = 1 + Σ_l (K_l − 1)·Π_{i<l} S_i (two 3×3 layers see 5×5,
three see 7×7)."""

import numpy as np

from grader.bank.authoring import Int, Meta, Mistake, Numeric, Seq, draw_distinct

META = Meta(
    title={"en": "Receptive field of stacked convolutions", "zh": "堆叠卷积的感受野"},
    kind="numeric",
    difficulty=3,
    points=3,
    source="003 CNN神经网络原理概述 (感受域); 000 CNN 特点 (稀疏连接, pattern 只和局部区域有关)",
    tags=("cnn", "convolution", "receptive field", "stride"),
    covers="cnn_concepts",
    check=Numeric(exact_integer=True),
)

PARAMS = {
    "layers": Seq(Seq(Int(1, 11), 2, 2), 2, 5),  # [kernel, stride] per layer, input side first
}


def _field(layers, *, strides=True):
    size, jump = 1, 1
    for kernel, stride in layers:
        size += (kernel - 1) * jump
        jump *= stride if strides else 1
    return size


def answer(p: dict) -> int:
    return _field(p["layers"])


MISTAKES = [
    Mistake(
        lambda p: _field(p["layers"], strides=False),
        {
            "en": "You ignored the strides. After a stride-S layer, neighbouring positions of the next layer are S input "
                  "pixels apart, so each later kernel widens the field by (K − 1)·(product of the earlier strides).",
            "zh": "你忽略了步长。经过步长为 S 的层之后，下一层相邻位置对应的输入相隔 S 个像素，"
                  "所以之后每层卷积核使感受野增加 (K − 1)·(前面各层步长之积)。",
        },
    ),
    Mistake(
        lambda p: sum(k for k, _s in p["layers"]),
        {
            "en": "Consecutive windows overlap: a K×K kernel on top of a field of side r gives r + K − 1 (at stride 1), not r + K.",
            "zh": "相邻窗口是重叠的：在边长为 r 的感受野上再叠一个 K×K 卷积核（步长 1），得到 r + K − 1，而不是 r + K。",
        },
    ),
    Mistake(
        lambda p: int(np.prod([k for k, _s in p["layers"]])),
        {
            "en": "Kernel sizes do not multiply: each layer adds (K − 1) times the spacing of its inputs to the field.",
            "zh": "卷积核大小不是相乘的：每层使感受野增加 (K − 1) 乘以其输入位置的间距。",
        },
    ),
    Mistake(
        lambda p: p["layers"][-1][0],
        {
            "en": "That is only the last kernel, measured on its own input feature map. Trace it back to the input image "
                  "through every layer below.",
            "zh": "这只是最后一层卷积核在它自己的输入特征图上的大小。要经过下面的每一层一直追溯到输入图像。",
        },
    ),
]


def _draw(rng):
    n = int(rng.integers(2, 5))
    layers = [[int(rng.choice([3, 3, 3, 5, 7])), int(rng.choice([1, 1, 2]))] for _ in range(n)]
    layers[-1][1] = 1  # the last stride does not change the field; keep it 1 so no one wonders
    return {"layers": layers}


def _plain_3x3_stack(p):
    """Stride-1 stacks are kept only when made of 3×3 kernels (the 3×3 + 3×3 = 5×5 classic)."""
    return all(k == 3 for k, _s in p["layers"]) and len(p["layers"]) <= 3


def generate(rng: np.random.Generator) -> dict:
    # Mostly a stride-2 layer below the top, so that the strides matter.
    return draw_distinct(rng, _draw, answer=answer, mistakes=MISTAKES,
                         keep=lambda p: any(s > 1 for _k, s in p["layers"][:-1]) or _plain_3x3_stack(p))


PROMPT = {
    "en": r"""A CNN applies these convolution layers in order, starting from the input image (no pooling in between;
padding does not matter here):
{% for k, s in layers %}
{{ loop.index }}. kernel ${{ k }} \times {{ k }}$, stride {{ s }}
{% endfor %}

One value of the last layer's output depends on a square region of the input image. What is the side length of that
region (the receptive field)? Give an integer.""",
    "zh": r"""一个 CNN 从输入图像开始依次经过下列卷积层（中间没有池化；补零与本题无关）：
{% for k, s in layers %}
{{ loop.index }}. 卷积核 ${{ k }} \times {{ k }}$，步长 {{ s }}
{% endfor %}

最后一层输出中的一个值依赖于输入图像上的一个正方形区域。这个区域（感受野，笔记中称为感受域）的边长是多少？请给出一个整数。""",
}

_WORK = r"""{% set ns = namespace(r=1, j=1) %}"""

EXPLANATION = {
    "en": _WORK + r"""Go up from the input, keeping the field side $r$ and the spacing $j$ (in input pixels) between neighbouring
positions of the current layer; each layer adds $(K - 1)\,j$ to $r$ and multiplies $j$ by its stride. Start with $r = 1$, $j = 1$:
{% for k, s in layers %}
- layer {{ loop.index }} (${{ k }} \times {{ k }}$, stride {{ s }}): $r = {{ ns.r }} + ({{ k }} - 1) \cdot {{ ns.j }} = {{ ns.r + (k - 1) * ns.j }}${% set ns.r = ns.r + (k - 1) * ns.j %}{% set ns.j = ns.j * s %}, $j = {{ ns.j }}$
{% endfor %}

The receptive field is ${{ ns.r }} \times {{ ns.r }}$. Stacking small kernels grows it steadily (two 3×3 layers see 5×5, three see
7×7) and strides make later layers grow it faster. Each output still depends only on a local region: sparse
interaction.""",
    "zh": _WORK + r"""从输入往上逐层计算，记录感受野边长 $r$ 以及当前层相邻位置在输入上的间距 $j$（以像素计）；每层使 $r$ 增加 $(K - 1)\,j$，
并把 $j$ 乘以该层步长。从 $r = 1$，$j = 1$ 开始：
{% for k, s in layers %}
- 第 {{ loop.index }} 层（${{ k }} \times {{ k }}$，步长 {{ s }}）：$r = {{ ns.r }} + ({{ k }} - 1) \cdot {{ ns.j }} = {{ ns.r + (k - 1) * ns.j }}${% set ns.r = ns.r + (k - 1) * ns.j %}{% set ns.j = ns.j * s %}，$j = {{ ns.j }}$
{% endfor %}

感受野为 ${{ ns.r }} \times {{ ns.r }}$。堆叠小卷积核会让感受野稳步增大（两层 3×3 看到 5×5，三层看到 7×7），步长则让后面的层增大得更快。
每个输出仍只依赖一个局部区域：这就是稀疏交互。""",
}
