"""Parameters of a fully connected network: Σ (n_in · n_out + n_out) over consecutive layers."""

import numpy as np

from grader.bank.authoring import Int, Meta, Mistake, Numeric, Seq, draw_distinct

META = Meta(
    title={"en": "Parameters of a multilayer perceptron", "zh": "多层感知机的参数个数"},
    kind="numeric",
    difficulty=1,
    points=2,
    source="002 §5 卷积神经网络 (784-15-10 全连接网络的参数个数)",
    tags=("mlp", "fully connected", "parameter count"),
    covers="cnn_shapes",
    check=Numeric(exact_integer=True),
)

PARAMS = {
    "layer_sizes": Seq(Int(1, 100_000), 2, 8),
}


def _weights_only(p):
    s = p["layer_sizes"]
    return sum(a * b for a, b in zip(s, s[1:]))


def _input_bias(p):
    return answer(p) + p["layer_sizes"][0]


def _garbled_notes(p):
    # The notes' "7841510+15+10": the product of all layer sizes plus the non-input biases.
    s = p["layer_sizes"]
    return int(np.prod(s, dtype=object)) + sum(s[1:])


def _draw(rng):
    n_hidden = int(rng.integers(1, 4))
    sizes = [int(rng.choice([784, 784, 3072, 100, 64, 20, 13]))]
    sizes += [int(rng.choice([10, 15, 16, 30, 32, 64, 100, 128, 256, 512])) for _ in range(n_hidden)]
    sizes += [int(rng.choice([1, 2, 3, 10, 10, 100]))]
    return {"layer_sizes": sizes}


def generate(rng: np.random.Generator) -> dict:
    return draw_distinct(rng, _draw, answer=answer, mistakes=MISTAKES)


def answer(p: dict) -> int:
    s = p["layer_sizes"]
    return sum(a * b + b for a, b in zip(s, s[1:]))


MISTAKES = [
    Mistake(
        _weights_only,
        {
            "en": "You counted only the weights. Every neuron outside the input layer also has a bias.",
            "zh": "你只算了权重。除输入层外，每个神经元还各有一个偏置。",
        },
    ),
    Mistake(
        _input_bias,
        {
            "en": "The input layer only holds the data: it has no biases. Biases belong to the hidden and output neurons.",
            "zh": "输入层只是数据本身，没有偏置；偏置只属于隐藏层和输出层的神经元。",
        },
    ),
    Mistake(
        _garbled_notes,
        {
            "en": "Multiplying all layer sizes together is not a parameter count. The notes do exactly that: "
                  "784·15·10 = 117600, plus the 15 + 10 biases, gives their 117625. "
                  "Weights connect consecutive layers only: n_in · n_out for each pair, plus n_out biases.",
            "zh": "把各层神经元数全部相乘并不是参数个数。笔记正是这样算的：784·15·10 = 117600，再加上 15 + 10 个偏置，"
                  "得到 117625。"
                  "权重只存在于相邻两层之间：每对相邻层有 n_in · n_out 个权重，再加 n_out 个偏置。",
        },
    ),
]

PROMPT = {
    "en": r"""A fully connected network (multilayer perceptron) has layers of sizes
${{ layer_sizes|join(" \\to ") }}$ (input layer first, output layer last). Every layer except the input
is a linear layer with a bias (`nn.Linear(n_in, n_out)`); the activation functions have no parameters.

How many learnable parameters (weights and biases) does the network have? Give an integer.""",
    "zh": r"""一个全连接网络（多层感知机）各层的神经元个数依次为 ${{ layer_sizes|join(" \\to ") }}$（第一个为输入层，最后一个为输出层）。
除输入层外，每一层都是带偏置的线性层（`nn.Linear(n_in, n_out)`）；激活函数没有参数。

该网络共有多少个可学习参数（权重加偏置）？请给出一个整数。""",
}

EXPLANATION = {
    "en": r"""Weights connect consecutive layers and every non-input neuron has one bias:
{% for i in range(layer_sizes|length - 1) %}
- ${{ layer_sizes[i] }} \to {{ layer_sizes[i + 1] }}$: ${{ layer_sizes[i] }} \cdot {{ layer_sizes[i + 1] }} + {{ layer_sizes[i + 1] }} = {{ layer_sizes[i] * layer_sizes[i + 1] + layer_sizes[i + 1] }}$
{% endfor %}

{% set ns = namespace(total=0) %}{% for i in range(layer_sizes|length - 1) %}{% set ns.total = ns.total + layer_sizes[i] * layer_sizes[i + 1] + layer_sizes[i + 1] %}{% endfor %}
Total: {{ ns.total }}. For the notes' 784-15-10 network: $784 \cdot 15 + 15 + 15 \cdot 10 + 10 = 11935$.
The notes' 117625 multiplies the three layer sizes instead ($784 \cdot 15 \cdot 10 = 117600$) and adds the $15 + 10$ biases.""",
    "zh": r"""权重只连接相邻两层，除输入层外每个神经元有一个偏置：
{% for i in range(layer_sizes|length - 1) %}
- ${{ layer_sizes[i] }} \to {{ layer_sizes[i + 1] }}$：${{ layer_sizes[i] }} \cdot {{ layer_sizes[i + 1] }} + {{ layer_sizes[i + 1] }} = {{ layer_sizes[i] * layer_sizes[i + 1] + layer_sizes[i + 1] }}$
{% endfor %}

{% set ns = namespace(total=0) %}{% for i in range(layer_sizes|length - 1) %}{% set ns.total = ns.total + layer_sizes[i] * layer_sizes[i + 1] + layer_sizes[i + 1] %}{% endfor %}
合计：{{ ns.total }}。笔记中的 784-15-10 网络：$784 \cdot 15 + 15 + 15 \cdot 10 + 10 = 11935$。
笔记中的 117625 是把三层的大小直接相乘（$784 \cdot 15 \cdot 10 = 117600$），再加上 $15 + 10$ 个偏置得到的。""",
}
