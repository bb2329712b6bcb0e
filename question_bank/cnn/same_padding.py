"""Padding for a target output size at stride 1: W + 2P − K + 1 = O, so P = (O − W + K − 1)/2;
"same" padding (O = W) is P = (K − 1)/2 (002 §5: 3×3 with padding 1, 5×5 with padding 2)."""

import numpy as np

from grader.bank.authoring import Int, Meta, Mistake, Numeric, draw_distinct

META = Meta(
    title={"en": "Choosing the padding", "zh": "选择补零的大小"},
    kind="numeric",
    difficulty=1,
    points=2,
    source="002 §5 Zero Padding (3*3 的卷积核和 1 的 zero padding, 5*5 的卷积核与 2 的 zero padding); 003 feature map 尺寸计算",
    tags=("cnn", "convolution", "padding", "same padding"),
    covers="cnn_concepts",
    check=Numeric(exact_integer=True),
)

PARAMS = {
    "size": Int(1, 1024),
    "kernel": Int(1, 15),
    "target": Int(1, 1100),
}


def answer(p: dict) -> int:
    return (p["target"] - p["size"] + p["kernel"] - 1) // 2


MISTAKES = [
    Mistake(
        lambda p: 2 * answer(p),
        {
            "en": "That is the total padding across the side. P is added on each side (top and bottom, left and right), "
                  "so the padded side is W + 2P: divide by 2.",
            "zh": "这是一条边上补零的总数。P 是每一侧（上和下、左和右）各补的数量，补零后边长为 W + 2P：要除以 2。",
        },
    ),
    Mistake(
        lambda p: (p["kernel"] - 1) // 2 if p["target"] != p["size"] else None,
        {
            "en": "(K − 1)/2 keeps the size unchanged (\"same\" padding). Here the output must have side O ≠ W: solve "
                  "W + 2P − K + 1 = O for P.",
            "zh": "(K − 1)/2 是让尺寸保持不变的补零（same padding）。这里要求输出边长 O ≠ W：应由 W + 2P − K + 1 = O 解出 P。",
        },
    ),
    Mistake(
        lambda p: (p["kernel"] - 1) // 2 + p["target"] - p["size"] if p["target"] != p["size"] else None,
        {
            "en": "Each unit of padding adds 2 to the padded side (one on each side), so a change of O − W in the output "
                  "needs (O − W)/2 more padding, not O − W.",
            "zh": "每补一圈零，补零后的边长增加 2（两侧各 1），所以输出要改变 O − W，只需多补 (O − W)/2，而不是 O − W。",
        },
    ),
]


def _draw(rng):
    kernel = int(rng.choice([3, 3, 5, 5, 7, 9, 11]))
    size = int(rng.choice([7, 14, 16, 28, 32, 56, 64, 112, 224]))
    change = [0, 0, 0, 2, -2, 4][int(rng.integers(6))]
    return {"size": size, "kernel": kernel, "target": size + change}


def generate(rng: np.random.Generator) -> dict:
    return draw_distinct(rng, _draw, answer=answer, mistakes=MISTAKES,
                         keep=lambda p: p["target"] - p["size"] + p["kernel"] - 1 >= 2)


PROMPT = {
    "en": r"""A square input of side $W = {{ size }}$ goes through a convolution with a ${{ kernel }} \times {{ kernel }}$ kernel and stride 1.
{% if target == size %}The output feature map must keep the input's size, ${{ size }} \times {{ size }}$ ("same" padding).{% else %}The output feature map must have side ${{ target }}$.{% endif %}


How many rows/columns of zeros $P$ must be added on **each** side of the input? Give an integer.""",
    "zh": r"""边长为 $W = {{ size }}$ 的正方形输入经过一个卷积层，卷积核为 ${{ kernel }} \times {{ kernel }}$，步长为 1。
{% if target == size %}要求输出特征图保持输入的尺寸 ${{ size }} \times {{ size }}$（same padding）。{% else %}要求输出特征图的边长为 ${{ target }}$。{% endif %}


输入的**每一侧**需要补多少行/列零 $P$？请给出一个整数。""",
}

EXPLANATION = {
    "en": r"""With stride 1 the output side is $W + 2P - K + 1$. Setting it to ${{ target }}$:
$${{ size }} + 2P - {{ kernel }} + 1 = {{ target }} \quad\Rightarrow\quad P = \frac{ {{ target }} - {{ size }} + {{ kernel }} - 1}{2} = {{ (target - size + kernel - 1) // 2 }}.$$
{% if target == size %}For "same" padding this is $P = (K - 1)/2$: the notes' 3×3 kernel with padding 1 and 5×5 kernel with padding 2.
{% else %}For the same size it would be $(K - 1)/2 = {{ (kernel - 1) // 2 }}$; each extra unit of padding adds 2 to the output side.
{% endif %}""",
    "zh": r"""步长为 1 时输出边长为 $W + 2P - K + 1$。令其等于 ${{ target }}$：
$${{ size }} + 2P - {{ kernel }} + 1 = {{ target }} \quad\Rightarrow\quad P = \frac{ {{ target }} - {{ size }} + {{ kernel }} - 1}{2} = {{ (target - size + kernel - 1) // 2 }}.$$
{% if target == size %}same padding 就是 $P = (K - 1)/2$：即笔记中 3×3 卷积核配 1 的 zero padding、5×5 卷积核配 2 的 zero padding。
{% else %}若要保持尺寸不变应为 $(K - 1)/2 = {{ (kernel - 1) // 2 }}$；每多补一圈零，输出边长增加 2。
{% endif %}""",
}
