"""Shapes of a bidirectional PyTorch RNN's outputs: per-step features 2h (both directions'
states concatenated — erratum 28: two 1000×1 states give 2000×1, not 1000×2), h_n with
num_layers·2 rows.

002's example (two 1000-dimensional states concatenated) reproduces with
`grade bank show rnn.bidir_output_size --params '{"cell": "RNN", "input_size": 10, "hidden_size": 1000,
"layers": 2, "steps": 5, "batch": 1, "ask": "features"}'` (answer 2000)."""

import numpy as np

from grader.bank.authoring import Int, Meta, Mistake, Numeric, OneOf, draw_distinct

from ._cells import BLOCKS, HIDDEN_SIZES, INPUT_SIZES

META = Meta(
    title={"en": "Output shapes of a bidirectional RNN", "zh": "双向 RNN 的输出形状"},
    kind="numeric",
    difficulty=1,
    points=2,
    source="002 §6 RNN的改进1：双向RNN (这里做的是一个拼接); 002 §7 双向LSTM",
    tags=("rnn", "bidirectional", "shapes", "concatenation"),
    covers="gru_bidirectional",
    check=Numeric(exact_integer=True),
)

PARAMS = {
    "cell": OneOf(tuple(BLOCKS)),
    "input_size": Int(1, 4096),
    "hidden_size": Int(1, 4096),
    "layers": Int(1, 4),
    "steps": Int(1, 1000),
    "batch": Int(1, 1024),
    "ask": OneOf(("features", "states", "numel")),
}


def answer(p: dict) -> int:
    h, layers = p["hidden_size"], p["layers"]
    if p["ask"] == "features":
        return 2 * h
    if p["ask"] == "states":
        return 2 * layers
    return p["steps"] * p["batch"] * 2 * h


def _only(ask, value):
    return lambda p: value(p) if p["ask"] == ask else None


_ONE_DIRECTION = {
    "en": "Both directions' hidden states are concatenated at every step, so each step's output has 2h features, not h.",
    "zh": "每个时刻都把两个方向的隐藏状态拼接起来，所以每个时刻的输出有 2h 个特征，而不是 h 个。",
}

MISTAKES = [
    Mistake(_only("features", lambda p: p["hidden_size"]), _ONE_DIRECTION),
    Mistake(
        _only("features", lambda p: 2 * p["hidden_size"] * p["layers"]),
        {
            "en": "`output` holds only the last layer's states (both directions), not those of every layer: 2h features.",
            "zh": "`output` 只包含最后一层（两个方向）的状态，而不是每一层的：共 2h 个特征。",
        },
    ),
    Mistake(
        _only("states", lambda p: p["layers"]),
        {
            "en": "h_n holds the last state of every layer *and* direction: num_layers · 2 of them.",
            "zh": "h_n 包含每一层、每个方向的最后状态：共 num_layers · 2 个。",
        },
    ),
    Mistake(
        _only("states", lambda p: 2),
        {
            "en": "h_n keeps the final state of every layer, not only of the top one: num_layers · 2 rows.",
            "zh": "h_n 保存每一层的最终状态，而不只是最上面一层的：共 num_layers · 2 行。",
        },
    ),
    Mistake(_only("numel", lambda p: p["steps"] * p["batch"] * p["hidden_size"]), _ONE_DIRECTION),
]


def _draw(rng):
    return {
        "cell": str(rng.choice(list(BLOCKS))),
        "input_size": int(rng.choice(INPUT_SIZES)),
        "hidden_size": int(rng.choice(HIDDEN_SIZES)),
        "layers": int(rng.choice([1, 2, 2, 3])),
        "steps": int(rng.choice([5, 10, 20, 35, 50])),
        "batch": int(rng.choice([1, 4, 8, 16, 32])),
        "ask": str(rng.choice(["features", "states", "numel"])),
    }


def generate(rng: np.random.Generator) -> dict:
    return draw_distinct(rng, _draw, answer=answer, mistakes=MISTAKES,
                         keep=lambda p: p["ask"] != "states" or p["layers"] > 1)


PROMPT = {
    "en": r"""A bidirectional `rnn = nn.{{ cell }}(input_size={{ input_size }}, hidden_size={{ hidden_size }}, num_layers={{ layers }}, bidirectional=True)`
reads an input `x` of shape `({{ steps }}, {{ batch }}, {{ input_size }})` (sequence length, batch, features; `batch_first=False`):
{% if cell == "LSTM" %}`output, (h_n, c_n) = rnn(x)`{% else %}`output, h_n = rnn(x)`{% endif %}.

{% if ask == "features" %}How many features does `output` have at each time step (its last dimension)?{% elif ask == "states" %}What is the first dimension of `h_n` (how many final hidden states does it hold)?{% else %}How many numbers does `output` hold in total?{% endif %} Give an integer.""",
    "zh": r"""一个双向的 `rnn = nn.{{ cell }}(input_size={{ input_size }}, hidden_size={{ hidden_size }}, num_layers={{ layers }}, bidirectional=True)`
读取形状为 `({{ steps }}, {{ batch }}, {{ input_size }})`（序列长度、批大小、特征数；`batch_first=False`）的输入 `x`：
{% if cell == "LSTM" %}`output, (h_n, c_n) = rnn(x)`{% else %}`output, h_n = rnn(x)`{% endif %}。

{% if ask == "features" %}`output` 在每个时刻有多少个特征（最后一维的大小）？{% elif ask == "states" %}`h_n` 的第一维是多少（它保存了多少个最终隐藏状态）？{% else %}`output` 总共包含多少个数？{% endif %}请给出一个整数。""",
}

EXPLANATION = {
    "en": r"""At every step a bidirectional layer concatenates the forward state and the backward state, each of size
$h = {{ hidden_size }}$: one vector of $2h = {{ 2 * hidden_size }}$ (two $1000 \times 1$ states would give $2000 \times 1$).
`output` has shape `({{ steps }}, {{ batch }}, {{ 2 * hidden_size }})`, the top layer's concatenated states for every step, so it holds
${{ steps }} \cdot {{ batch }} \cdot {{ 2 * hidden_size }} = {{ steps * batch * 2 * hidden_size }}$ numbers; `h_n` has shape
`({{ 2 * layers }}, {{ batch }}, {{ hidden_size }})`: the final state of each of the {{ layers }} layer{{ "s" if layers > 1 }} in each of the 2 directions.
{% if ask == "features" %}Answer: {{ 2 * hidden_size }}.{% elif ask == "states" %}Answer: {{ 2 * layers }}.{% else %}Answer: {{ steps * batch * 2 * hidden_size }}.{% endif %}""",
    "zh": r"""在每个时刻，双向层把前向状态和反向状态（维度都是 $h = {{ hidden_size }}$）拼接成一个长度为 $2h = {{ 2 * hidden_size }}$ 的向量
（两个 $1000 \times 1$ 的状态拼接得到 $2000 \times 1$）。
`output` 的形状为 `({{ steps }}, {{ batch }}, {{ 2 * hidden_size }})`，是最上层每个时刻拼接后的状态，共
${{ steps }} \cdot {{ batch }} \cdot {{ 2 * hidden_size }} = {{ steps * batch * 2 * hidden_size }}$ 个数；`h_n` 的形状为
`({{ 2 * layers }}, {{ batch }}, {{ hidden_size }})`：{{ layers }} 层中每一层、2 个方向中每个方向的最终状态。
{% if ask == "features" %}答案：{{ 2 * hidden_size }}。{% elif ask == "states" %}答案：{{ 2 * layers }}。{% else %}答案：{{ steps * batch * 2 * hidden_size }}。{% endif %}""",
}
