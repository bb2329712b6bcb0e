"""Why activation functions: stacked linear layers collapse into one linear layer (001 Q9, 003 激活函数的作用)."""

import numpy as np

from grader.bank.authoring import Choice, Int, Meta, Option, Seq, draw_pool, pool_options, pool_schema

META = Meta(
    title={"en": "Why non-linear activations?", "zh": "为什么需要非线性激活函数？"},
    kind="choice",
    difficulty=1,
    points=2,
    source="001 Q9 (为什么在神经网络中需要引入激活函数); 003 激活函数的作用, relu函数的作用",
    tags=("activations", "non-linearity", "linear layers"),
    covers="nonlinearity_init",
    check=Choice(),
)

RIGHT = [
    Option({"en": "Exactly the functions one linear layer Wx + b can compute, whatever the depth and the widths",
            "zh": "恰好是单个线性层 Wx + b 能计算的函数，与层数和宽度无关"}, correct=True),
    Option({"en": "Only affine functions of x: the layers collapse into one with W = W_{{ layers }}⋯W_1",
            "zh": "只有 x 的仿射函数：各层可以合并成一层，W = W_{{ layers }}⋯W_1"}, correct=True),
]

WRONG = [
    Option({"en": "Any continuous function of x, provided the hidden layers are wide enough",
            "zh": "只要隐藏层足够宽，就能表示 x 的任意连续函数"},
           feedback={"en": "The universal approximation theorem needs at least one non-linear hidden layer. Without activations "
                           "the whole network is one affine map.",
                     "zh": "万能逼近定理要求至少有一个非线性隐藏层。没有激活函数时，整个网络就是一个仿射映射。"}),
    Option({"en": "Piecewise-linear functions of x with up to {{ layers }} linear pieces",
            "zh": "由至多 {{ layers }} 段线性函数拼成的分段线性函数"},
           feedback={"en": "Pieces come from kinks such as ReLU's max(0, ·); with no activation there is no kink, only one linear piece.",
                     "zh": "分段来自 ReLU 的 max(0, ·) 这类折点；没有激活函数就没有折点，只有一段线性函数。"}),
    Option({"en": "Polynomials in x of degree up to {{ layers }}, one degree per layer",
            "zh": "x 的至多 {{ layers }} 次多项式，每层增加一次"},
           feedback={"en": "The layers multiply weight matrices together, never the input with itself: every output stays of degree 1 in x.",
                     "zh": "各层相乘的是权重矩阵，而不是输入自身：每个输出关于 x 始终是一次的。"}),
    Option({"en": "The XOR of two binary inputs, which one layer cannot compute but {{ layers }} layers can",
            "zh": "两个二值输入的异或（XOR）：一层算不出来，但 {{ layers }} 层可以"},
           feedback={"en": "XOR is not linearly separable, and a stack of linear layers is still linear, so it cannot compute XOR either.",
                     "zh": "XOR 不是线性可分的，而线性层的堆叠仍是线性的，所以同样算不出 XOR。"}),
    Option({"en": "More functions than one layer can, since it has many more parameters to fit",
            "zh": "比单层更多的函数，因为它有多得多的参数可供拟合"},
           feedback={"en": "More parameters do not add expressiveness here: every choice of them gives the same kind of map, "
                           "Wx + b (the notes: 隐藏层有没有效果都一样).",
                     "zh": "这里参数再多也不会增加表达能力：无论参数取什么值，得到的都是同一类映射 Wx + b（笔记：隐藏层有没有效果都一样）。"}),
]

PARAMS = {**pool_schema(RIGHT, WRONG), "layers": Int(2, 10), "widths": Seq(Int(1, 4096), 3, 11)}


def generate(rng: np.random.Generator) -> dict:
    layers = int(rng.integers(2, 7))
    widths = [int(rng.choice([2, 4, 10, 32, 64, 100, 256])) for _ in range(layers + 1)]
    return {**draw_pool(rng, RIGHT, WRONG), "layers": layers, "widths": widths}


def options(p):
    return pool_options(p, RIGHT, WRONG)


PROMPT = {
    "en": r"""A network has {{ layers }} fully connected layers of sizes ${{ widths|join(" \\to ") }}$ and **no activation function**
between them:
$$y = W_{ {{ layers }} }\big(\cdots W_2 (W_1 x + b_1) + b_2 \cdots\big) + b_{ {{ layers }} }.$$
Which functions of the input $x$ can it represent (for some choice of its weights and biases)?""",
    "zh": r"""一个网络有 {{ layers }} 个全连接层，各层大小为 ${{ widths|join(" \\to ") }}$，层与层之间**没有激活函数**：
$$y = W_{ {{ layers }} }\big(\cdots W_2 (W_1 x + b_1) + b_2 \cdots\big) + b_{ {{ layers }} }.$$
（适当选择权重和偏置时）它能表示输入 $x$ 的哪些函数？""",
}

EXPLANATION = {
    "en": r"""Composing affine maps gives an affine map: $W_2(W_1 x + b_1) + b_2 = (W_2 W_1)x + (W_2 b_1 + b_2)$, and by induction
$$y = \underbrace{W_{ {{ layers }} } \cdots W_1}_{W}\, x + b .$$
So the {{ layers }}-layer network can compute exactly what a single linear layer from ${{ widths[0] }}$ to ${{ widths[-1] }}$ inputs/outputs can
(at most: a narrow hidden layer can even restrict the rank of $W$). Depth adds nothing without a non-linearity; this is
why hidden layers use activation functions (sigmoid, tanh, ReLU…). With at least one non-linear hidden layer, a
wide enough network can approximate any continuous function; ReLU networks compute piecewise-linear functions.""",
    "zh": r"""仿射映射的复合仍是仿射映射：$W_2(W_1 x + b_1) + b_2 = (W_2 W_1)x + (W_2 b_1 + b_2)$，依次归纳得到
$$y = \underbrace{W_{ {{ layers }} } \cdots W_1}_{W}\, x + b .$$
所以这个 {{ layers }} 层网络能计算的恰好是（至多是）一个从 ${{ widths[0] }}$ 维到 ${{ widths[-1] }}$ 维的单个线性层能计算的函数
（较窄的隐藏层甚至会限制 $W$ 的秩）。没有非线性，加深网络毫无用处；这就是隐藏层要用激活函数（sigmoid、tanh、ReLU……）的原因。
只要有至少一个非线性隐藏层，足够宽的网络就能逼近任意连续函数；ReLU 网络计算的是分段线性函数。""",
}
