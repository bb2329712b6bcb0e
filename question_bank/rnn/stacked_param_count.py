"""Parameters of a deep and/or bidirectional nn.RNN / nn.GRU / nn.LSTM: every layer above the first
reads the layer below's output, of size directions·h, and a bidirectional layer has two independent
sets of weights (PyTorch convention, two bias vectors per block)."""

import numpy as np

from grader.bank.authoring import Int, Meta, Mistake, Numeric, OneOf, draw_distinct

from ._cells import BLOCKS, HIDDEN_SIZES, INPUT_SIZES, stack_count

META = Meta(
    title={"en": "Parameters of a deep bidirectional RNN", "zh": "深层双向 RNN 的参数个数"},
    kind="numeric",
    difficulty=3,
    points=4,
    source="002 §6 RNN的改进1：双向RNN、改进2：深层双向RNN; 002 §7 双向LSTM; 004 Q31",
    tags=("rnn", "bidirectional", "deep rnn", "parameter count", "lstm", "gru"),
    covers="gru_bidirectional",
    check=Numeric(exact_integer=True),
)

PARAMS = {
    "cell": OneOf(tuple(BLOCKS)),
    "input_size": Int(1, 4096),
    "hidden_size": Int(1, 4096),
    "layers": Int(1, 4),
    "directions": Int(1, 2),
}


def _count(p, **switches):
    return stack_count(p["cell"], p["input_size"], p["hidden_size"], layers=p["layers"],
                       bidirectional=p["directions"] == 2, **switches)


def answer(p: dict) -> int:
    return _count(p)


MISTAKES = [
    Mistake(
        lambda p: _count(p, upper_input=p["input_size"]) if p["layers"] > 1 else None,
        {
            "en": "Only the first layer reads x_t. Every layer above reads the output of the layer below, of size "
                  "h (times 2 if bidirectional), so its input weights are h × (directions·h), not h × x.",
            "zh": "只有第一层读取 x_t。上面每一层读取的是下一层的输出，其维度为 h（双向时乘以 2），所以输入权重是 h × (方向数·h)，而不是 h × x。",
        },
    ),
    Mistake(
        lambda p: _count(p, upper_input=p["hidden_size"]) if p["layers"] > 1 and p["directions"] == 2 else None,
        {
            "en": "A bidirectional layer outputs the concatenation of both directions' states, 2h values per step, "
                  "so each layer above reads 2h inputs, not h.",
            "zh": "双向层的输出是两个方向状态的拼接，每个时刻 2h 个值，所以上面每一层的输入是 2h 维，而不是 h 维。",
        },
    ),
    Mistake(
        lambda p: _count(p, doubled=False) if p["directions"] == 2 else None,
        {
            "en": "A bidirectional layer has two independent RNNs, forward and backward, each with its own weights: "
                  "count every layer twice.",
            "zh": "双向层包含前向和反向两个相互独立的 RNN，各有自己的权重：每一层都要算两遍。",
        },
    ),
    Mistake(
        lambda p: _count(p, biases=1),
        {
            "en": "That counts one bias vector per block; the question follows PyTorch, which keeps two (b_ih and b_hh).",
            "zh": "你每组只算了一个偏置向量；题目采用 PyTorch 的约定，每组有两个（b_ih 和 b_hh）。",
        },
    ),
]


def _draw(rng):
    return {
        "cell": str(rng.choice(list(BLOCKS))),
        "input_size": int(rng.choice(INPUT_SIZES)),
        "hidden_size": int(rng.choice(HIDDEN_SIZES[:8])),
        "layers": int(rng.choice([1, 2, 2, 3])),
        "directions": int(rng.choice([1, 2, 2])),
    }


def generate(rng: np.random.Generator) -> dict:
    return draw_distinct(rng, _draw, answer=answer, mistakes=MISTAKES,
                         keep=lambda p: p["layers"] > 1 or p["directions"] == 2)


PROMPT = {
    "en": r"""A PyTorch layer
`nn.{{ cell }}(input_size={{ input_size }}, hidden_size={{ hidden_size }}, num_layers={{ layers }}, bidirectional={{ "True" if directions == 2 else "False" }})`
stacks {{ layers }} recurrent layer{{ "s" if layers > 1 }}{% if directions == 2 %}, each running one RNN forward and one backward over the sequence{% endif %}.
{% if layers > 1 %}Each layer above the first reads the per-step output of the layer below.{% endif %}

As in PyTorch, each {% if cell == "RNN" %}(tanh) layer{% else %}gate or candidate block{% endif %} has an input weight, a recurrent weight and **two** bias vectors ($b_{ih}$ and $b_{hh}$).

How many learnable parameters does it have? Give an integer.""",
    "zh": r"""PyTorch 层
`nn.{{ cell }}(input_size={{ input_size }}, hidden_size={{ hidden_size }}, num_layers={{ layers }}, bidirectional={{ "True" if directions == 2 else "False" }})`
堆叠了 {{ layers }} 个循环层{% if directions == 2 %}，每层都在序列上运行一个前向 RNN 和一个反向 RNN{% endif %}。
{% if layers > 1 %}第一层以上的每一层读取下一层在每个时刻的输出。{% endif %}

与 PyTorch 一样，每个{% if cell == "RNN" %}（tanh）循环层{% else %}门或候选值计算块{% endif %}都有一个输入权重、一个循环权重和**两个**偏置向量（$b_{ih}$ 和 $b_{hh}$）。

它共有多少个可学习参数？请给出一个整数。""",
}

_WORK = r"""{% set G = {"RNN": 1, "GRU": 3, "LSTM": 4}[cell] %}{% set h = hidden_size %}
{% set ns = namespace(total=0) %}
"""

EXPLANATION = {
    "en": _WORK + r"""An `nn.{{ cell }}` layer has {{ G }} block{{ "s" if G > 1 }}; one direction of a layer reading inputs of size $n$ has
${{ G }}\,(h n + h^2 + 2h)$ parameters, with $h = {{ h }}$.
{% for l in range(layers) %}{% set n = input_size if l == 0 else directions * h %}{% set one = G * (h * n + h * h + 2 * h) %}{% set ns.total = ns.total + directions * one %}
- layer {{ l + 1 }}: input size $n = {{ n }}${% if l > 0 %} (the {{ "2h, both directions' outputs concatenated" if directions == 2 else "h of the layer below" }}){% endif %}: ${{ G }}\,({{ h }} \cdot {{ n }} + {{ h }}^2 + 2 \cdot {{ h }}) = {{ one }}${% if directions == 2 %}, times 2 directions = {{ 2 * one }}{% endif %};
{% endfor %}

Total: {{ ns.total }}.{% if directions == 2 %} A bidirectional layer holds two independent sets of weights, one per direction, and the layers above it read both directions' outputs.{% endif %}""",
    "zh": _WORK + r"""一个 `nn.{{ cell }}` 层有 {{ G }} 组计算；某层的一个方向若输入维度为 $n$，则有 ${{ G }}\,(h n + h^2 + 2h)$ 个参数，其中 $h = {{ h }}$。
{% for l in range(layers) %}{% set n = input_size if l == 0 else directions * h %}{% set one = G * (h * n + h * h + 2 * h) %}{% set ns.total = ns.total + directions * one %}
- 第 {{ l + 1 }} 层：输入维度 $n = {{ n }}${% if l > 0 %}（{{ "2h，两个方向输出的拼接" if directions == 2 else "下一层输出的 h" }}）{% endif %}：${{ G }}\,({{ h }} \cdot {{ n }} + {{ h }}^2 + 2 \cdot {{ h }}) = {{ one }}${% if directions == 2 %}，乘以 2 个方向 = {{ 2 * one }}{% endif %}；
{% endfor %}

合计：{{ ns.total }}。{% if directions == 2 %}双向层有两套相互独立的权重（每个方向一套），其上各层读取的是两个方向输出的拼接。{% endif %}""",
}
