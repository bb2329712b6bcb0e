"""The forward pass of the notes' 2-2-2 sigmoid network and its total error E = Σ ½(target − o)².

The notes' worked example (002 §3, charlotte77) gives E_total = 0.298371109; it reproduces with
`grade bank show backprop.total_error --params '{"x": [0.05, 0.1], "W1": [[0.15, 0.2], [0.25, 0.3]],
"b1": 0.35, "W2": [[0.4, 0.45], [0.5, 0.55]], "b2": 0.6, "target": [0.01, 0.99]}'` (0.298371).
"""

import numpy as np

from grader.bank.authoring import Meta, Mistake, Numeric, draw_distinct

from ._network import NETWORK_PARAMS, draw_network, forward

META = Meta(
    title={"en": "Backpropagation: the forward pass and the total error", "zh": "反向传播：前向传播与总误差"},
    kind="numeric",
    difficulty=2,
    points=3,
    source="002 §3 误差逆传播 (BP) 算法 ((2) 计算输出值, (3) 计算总误差 e_all); 001 Q12",
    tags=("backpropagation", "forward pass", "sigmoid", "squared error"),
    covers="backprop",
    check=Numeric(decimals=6, rel_tol=0.0),
)

PARAMS = dict(NETWORK_PARAMS)


def _error(p, *, outputs=(0, 1), half=True, **switches):
    _h, o = forward(p, **switches)
    return sum((0.5 if half else 1.0) * (p["target"][j] - o[j]) ** 2 for j in outputs)


def answer(p: dict) -> float:
    return _error(p)


MISTAKES = [
    Mistake(
        lambda p: _error(p, half=False),
        {
            "en": "You left out the ½: each output contributes ½(target − o)², as the question's E says.",
            "zh": "你漏掉了 ½：按题目中 E 的定义，每个输出贡献 ½(target − o)²。",
        },
    ),
    Mistake(
        lambda p: _error(p, outputs=(0,)),
        {
            "en": "That is E(o1) alone. The total error sums over both outputs: E_total = E(o1) + E(o2).",
            "zh": "这只是 E(o1)。总误差要对两个输出求和：E_total = E(o1) + E(o2)。",
        },
    ),
    Mistake(
        lambda p: _error(p, output_sigmoid=False),
        {
            "en": "You compared the target with net(o), the output neuron's input. The output is out(o) = σ(net(o)): "
                  "apply the sigmoid in the output layer too.",
            "zh": "你用 net(o)（输出神经元的输入）与 target 比较了。输出是 out(o) = σ(net(o))：输出层也要经过 sigmoid。",
        },
    ),
    Mistake(
        lambda p: _error(p, hidden_sigmoid=False),
        {
            "en": "The hidden layer's sigmoid is missing: the output layer receives out(h) = σ(net(h)), not net(h).",
            "zh": "漏掉了隐藏层的 sigmoid：输出层接收的是 out(h) = σ(net(h))，而不是 net(h)。",
        },
    ),
]


def generate(rng: np.random.Generator) -> dict:
    return draw_distinct(rng, draw_network, answer=answer, mistakes=MISTAKES, apart=1e-5)


PROMPT = {
    "en": r"""A 2-2-2 network with sigmoid units $\sigma(z) = 1/(1 + e^{-z})$ in both layers computes
$$h = \sigma(W_1 x + b_1),\qquad o = \sigma(W_2 h + b_2)$$
elementwise, with
$x = \begin{bmatrix} {{ x[0] }} \\ {{ x[1] }} \end{bmatrix}$,
$W_1 = \begin{bmatrix} {{ W1[0][0] }} & {{ W1[0][1] }} \\ {{ W1[1][0] }} & {{ W1[1][1] }} \end{bmatrix}$,
$W_2 = \begin{bmatrix} {{ W2[0][0] }} & {{ W2[0][1] }} \\ {{ W2[1][0] }} & {{ W2[1][1] }} \end{bmatrix}$,
scalar biases $b_1 = {{ b1 }}$ (shared by both hidden units) and $b_2 = {{ b2 }}$ (shared by both outputs).
So $h_1 = \sigma(w_1 x_1 + w_2 x_2 + b_1)$ with $W_1 = \begin{bmatrix} w_1 & w_2 \\ w_3 & w_4 \end{bmatrix}$, and so on.

The targets are $\text{target} = \begin{bmatrix} {{ target[0] }} \\ {{ target[1] }} \end{bmatrix}$ and the error is
$$E_{total} = \sum_{j=1}^{2} \tfrac12 (\text{target}_j - o_j)^2 .$$
Compute $E_{total}$ for this sample. Keep full precision in intermediate steps and give the answer to
6 decimal places.""",
    "zh": r"""一个 2-2-2 网络的两层都使用 sigmoid 单元 $\sigma(z) = 1/(1 + e^{-z})$，按元素计算
$$h = \sigma(W_1 x + b_1),\qquad o = \sigma(W_2 h + b_2),$$
其中
$x = \begin{bmatrix} {{ x[0] }} \\ {{ x[1] }} \end{bmatrix}$，
$W_1 = \begin{bmatrix} {{ W1[0][0] }} & {{ W1[0][1] }} \\ {{ W1[1][0] }} & {{ W1[1][1] }} \end{bmatrix}$，
$W_2 = \begin{bmatrix} {{ W2[0][0] }} & {{ W2[0][1] }} \\ {{ W2[1][0] }} & {{ W2[1][1] }} \end{bmatrix}$，
偏置为标量：$b_1 = {{ b1 }}$（两个隐藏单元共用），$b_2 = {{ b2 }}$（两个输出单元共用）。
即 $W_1 = \begin{bmatrix} w_1 & w_2 \\ w_3 & w_4 \end{bmatrix}$ 时 $h_1 = \sigma(w_1 x_1 + w_2 x_2 + b_1)$，依此类推。

目标值为 $\text{target} = \begin{bmatrix} {{ target[0] }} \\ {{ target[1] }} \end{bmatrix}$，误差为
$$E_{total} = \sum_{j=1}^{2} \tfrac12 (\text{target}_j - o_j)^2 .$$
求该样本的 $E_{total}$。中间步骤请保留全部精度，答案保留 6 位小数。""",
}

_WORK = r"""{% set e = 2.718281828459045 %}
{% set net_h = [W1[0][0] * x[0] + W1[0][1] * x[1] + b1, W1[1][0] * x[0] + W1[1][1] * x[1] + b1] %}
{% set h = [1 / (1 + e ** (-net_h[0])), 1 / (1 + e ** (-net_h[1]))] %}
{% set net_o = [W2[0][0] * h[0] + W2[0][1] * h[1] + b2, W2[1][0] * h[0] + W2[1][1] * h[1] + b2] %}
{% set o = [1 / (1 + e ** (-net_o[0])), 1 / (1 + e ** (-net_o[1]))] %}
{% set err = [0.5 * (target[0] - o[0]) ** 2, 0.5 * (target[1] - o[1]) ** 2] %}
"""

EXPLANATION = {
    "en": _WORK + r"""Input → hidden: $net(h) = W_1 x + b_1 = ({{ "%.6f"|format(net_h[0]) }}, {{ "%.6f"|format(net_h[1]) }})$,
$out(h) = \sigma(net(h)) = ({{ "%.8f"|format(h[0]) }}, {{ "%.8f"|format(h[1]) }})$.

Hidden → output: $net(o) = W_2\, out(h) + b_2 = ({{ "%.6f"|format(net_o[0]) }}, {{ "%.6f"|format(net_o[1]) }})$,
$out(o) = \sigma(net(o)) = ({{ "%.8f"|format(o[0]) }}, {{ "%.8f"|format(o[1]) }})$.

Errors: $E(o_1) = \tfrac12({{ target[0] }} - {{ "%.8f"|format(o[0]) }})^2 = {{ "%.9f"|format(err[0]) }}$,
$E(o_2) = \tfrac12({{ target[1] }} - {{ "%.8f"|format(o[1]) }})^2 = {{ "%.9f"|format(err[1]) }}$, so
$E_{total} = {{ "%.9f"|format(err[0] + err[1]) }}$, i.e. {{ "%.6f"|format(err[0] + err[1]) }} to 6 decimal places.
Both layers apply the sigmoid; the error compares the target with $out(o)$, not with $net(o)$.
(The notes' example gives $E_{total} = 0.298371109$.)""",
    "zh": _WORK + r"""输入层 → 隐含层：$net(h) = W_1 x + b_1 = ({{ "%.6f"|format(net_h[0]) }}, {{ "%.6f"|format(net_h[1]) }})$，
$out(h) = \sigma(net(h)) = ({{ "%.8f"|format(h[0]) }}, {{ "%.8f"|format(h[1]) }})$。

隐含层 → 输出层：$net(o) = W_2\, out(h) + b_2 = ({{ "%.6f"|format(net_o[0]) }}, {{ "%.6f"|format(net_o[1]) }})$，
$out(o) = \sigma(net(o)) = ({{ "%.8f"|format(o[0]) }}, {{ "%.8f"|format(o[1]) }})$。

误差：$E(o_1) = \tfrac12({{ target[0] }} - {{ "%.8f"|format(o[0]) }})^2 = {{ "%.9f"|format(err[0]) }}$，
$E(o_2) = \tfrac12({{ target[1] }} - {{ "%.8f"|format(o[1]) }})^2 = {{ "%.9f"|format(err[1]) }}$，所以
$E_{total} = {{ "%.9f"|format(err[0] + err[1]) }}$，保留 6 位小数为 {{ "%.6f"|format(err[0] + err[1]) }}。
两层都要经过 sigmoid；误差是 target 与 $out(o)$ 之差，而不是与 $net(o)$ 之差。
（笔记中的例子得到 $E_{total} = 0.298371109$。）""",
}
