"""One gradient-descent step on one weight of the notes' 2-2-2 sigmoid network."""

import math

import numpy as np

from grader.bank.authoring import Meta, Mistake, Numeric, OneOf, Real, Seq, draw_distinct, draw_real

META = Meta(
    title={"en": "Backpropagation: one weight update", "zh": "反向传播：一次权重更新"},
    kind="numeric",
    difficulty=3,
    points=6,
    source="002 §3 误差逆传播 (BP) 算法 (2-2-2 网络示例, w5 更新); 001 Q12",
    tags=("backpropagation", "chain rule", "sigmoid", "gradient descent"),
    covers="backprop",
    check=Numeric(rel_tol=1e-6, abs_tol=1e-6, min_sig_figs=6),
)

_UNIT = Real(-1.0, 1.0, decimals=2)

PARAMS = {
    "x": Seq(_UNIT, 2, 2),
    "W1": Seq(Seq(_UNIT, 2, 2), 2, 2),
    "b1": _UNIT,
    "W2": Seq(Seq(_UNIT, 2, 2), 2, 2),
    "b2": _UNIT,
    "target": Seq(Real(0.0, 1.0, decimals=2), 2, 2),
    "lr": Real(0.01, 2.0, decimals=2),
    "weight": OneOf(("w1", "w2", "w3", "w4", "w5", "w6", "w7", "w8")),
}

# weight name -> (layer, row, column): W1 = [[w1, w2], [w3, w4]], W2 = [[w5, w6], [w7, w8]].
POSITION = {f"w{k + 1}": (1 + k // 4, (k % 4) // 2, k % 2) for k in range(8)}


def _sigmoid(z):
    return 1.0 / (1.0 + math.exp(-z))


def _gradient(p, *, output_derivative=True):
    """∂E/∂weight by the chain rule; `output_derivative=False` drops σ'(net_o) (a mistake)."""
    x, W1, W2, t = p["x"], p["W1"], p["W2"], p["target"]
    h = [_sigmoid(W1[i][0] * x[0] + W1[i][1] * x[1] + p["b1"]) for i in range(2)]
    o = [_sigmoid(W2[j][0] * h[0] + W2[j][1] * h[1] + p["b2"]) for j in range(2)]
    delta_o = [(o[j] - t[j]) * (o[j] * (1 - o[j]) if output_derivative else 1.0) for j in range(2)]
    layer, row, col = POSITION[p["weight"]]
    if layer == 2:
        return delta_o[row] * h[col]
    delta_h = (delta_o[0] * W2[0][row] + delta_o[1] * W2[1][row]) * h[row] * (1 - h[row])
    return delta_h * x[col]


def _value(p):
    layer, row, col = POSITION[p["weight"]]
    return (p["W1"] if layer == 1 else p["W2"])[row][col]


def answer(p: dict) -> float:
    return _value(p) - p["lr"] * _gradient(p)


MISTAKES = [
    Mistake(
        lambda p: _value(p) + p["lr"] * _gradient(p),
        {
            "en": "Wrong sign: gradient descent moves against the gradient, w⁺ = w − η·∂E/∂w. "
                  "(Check the sign of ∂E/∂o = o − target.)",
            "zh": "符号错了：梯度下降沿梯度的反方向移动，w⁺ = w − η·∂E/∂w。（检查一下 ∂E/∂o = o − target 的符号。）",
        },
    ),
    Mistake(
        lambda p: _value(p) - _gradient(p),
        {
            "en": "You forgot the learning rate: the step is η·∂E/∂w, not ∂E/∂w.",
            "zh": "你漏掉了学习率：更新量是 η·∂E/∂w，而不是 ∂E/∂w。",
        },
    ),
    Mistake(
        lambda p: _value(p) - p["lr"] * _gradient(p, output_derivative=False),
        {
            "en": "The output neuron's sigmoid is missing from the chain: ∂o/∂net_o = o(1 − o) must multiply (o − target).",
            "zh": "链式法则中漏掉了输出神经元的 sigmoid 导数：(o − target) 还要乘以 ∂o/∂net_o = o(1 − o)。",
        },
    ),
    Mistake(
        lambda p: _gradient(p),
        {
            "en": "That is the gradient ∂E/∂w. The question asks for the weight after the update, w − η·∂E/∂w.",
            "zh": "这是梯度 ∂E/∂w。题目问的是更新后的权重 w − η·∂E/∂w。",
        },
    ),
]


def _draw(rng):
    def unit():
        return draw_real(rng, -1.0, 1.0, decimals=2, min_abs=0.05)

    return {
        "x": [unit(), unit()],
        "W1": [[unit(), unit()], [unit(), unit()]],
        "b1": unit(),
        "W2": [[unit(), unit()], [unit(), unit()]],
        "b2": unit(),
        "target": [draw_real(rng, 0.01, 0.99, decimals=2), draw_real(rng, 0.01, 0.99, decimals=2)],
        "lr": float(rng.choice([0.1, 0.2, 0.25, 0.5, 0.5, 0.8, 1.0])),
        "weight": str(rng.choice(list(POSITION))),
    }


def generate(rng: np.random.Generator) -> dict:
    # Keep variants whose update shows in the 4th decimal and whose wrong answers all stay
    # well clear of the key and of each other.
    return draw_distinct(rng, _draw, answer=answer, mistakes=MISTAKES, apart=1e-4,
                         keep=lambda p: abs(p["lr"] * _gradient(p)) >= 1e-4)


PROMPT = {
    "en": r"""A 2-2-2 network with sigmoid units $\sigma(z) = 1/(1 + e^{-z})$ in both layers computes
$$h = \sigma(W_1 x + b_1),\qquad o = \sigma(W_2 h + b_2),\qquad E = \sum_{j=1}^{2} \tfrac12 (\text{target}_j - o_j)^2,$$
elementwise, with
$x = \begin{bmatrix} {{ x[0] }} \\ {{ x[1] }} \end{bmatrix}$,
$W_1 = \begin{bmatrix} w_1 & w_2 \\ w_3 & w_4 \end{bmatrix} = \begin{bmatrix} {{ W1[0][0] }} & {{ W1[0][1] }} \\ {{ W1[1][0] }} & {{ W1[1][1] }} \end{bmatrix}$,
$W_2 = \begin{bmatrix} w_5 & w_6 \\ w_7 & w_8 \end{bmatrix} = \begin{bmatrix} {{ W2[0][0] }} & {{ W2[0][1] }} \\ {{ W2[1][0] }} & {{ W2[1][1] }} \end{bmatrix}$,
scalar biases $b_1 = {{ b1 }}$ (shared by both hidden units) and $b_2 = {{ b2 }}$ (shared by both outputs),
and $\text{target} = \begin{bmatrix} {{ target[0] }} \\ {{ target[1] }} \end{bmatrix}$.
So $h_1 = \sigma(w_1 x_1 + w_2 x_2 + b_1)$, $o_1 = \sigma(w_5 h_1 + w_6 h_2 + b_2)$, and so on.

One step of gradient descent with learning rate $\eta = {{ lr }}$ is taken on all eight weights; the
biases stay fixed. What is the new value of ${{ weight[0] }}_{ {{ weight[1:] }} }$? Keep full precision
in intermediate steps and give the answer to at least 6 decimal places.""",
    "zh": r"""一个 2-2-2 网络的两层都使用 sigmoid 单元 $\sigma(z) = 1/(1 + e^{-z})$，按元素计算
$$h = \sigma(W_1 x + b_1),\qquad o = \sigma(W_2 h + b_2),\qquad E = \sum_{j=1}^{2} \tfrac12 (\text{target}_j - o_j)^2,$$
其中
$x = \begin{bmatrix} {{ x[0] }} \\ {{ x[1] }} \end{bmatrix}$，
$W_1 = \begin{bmatrix} w_1 & w_2 \\ w_3 & w_4 \end{bmatrix} = \begin{bmatrix} {{ W1[0][0] }} & {{ W1[0][1] }} \\ {{ W1[1][0] }} & {{ W1[1][1] }} \end{bmatrix}$，
$W_2 = \begin{bmatrix} w_5 & w_6 \\ w_7 & w_8 \end{bmatrix} = \begin{bmatrix} {{ W2[0][0] }} & {{ W2[0][1] }} \\ {{ W2[1][0] }} & {{ W2[1][1] }} \end{bmatrix}$，
偏置为标量：$b_1 = {{ b1 }}$（两个隐藏单元共用），$b_2 = {{ b2 }}$（两个输出单元共用），
$\text{target} = \begin{bmatrix} {{ target[0] }} \\ {{ target[1] }} \end{bmatrix}$。
即 $h_1 = \sigma(w_1 x_1 + w_2 x_2 + b_1)$，$o_1 = \sigma(w_5 h_1 + w_6 h_2 + b_2)$，依此类推。

以学习率 $\eta = {{ lr }}$ 对全部八个权重做一步梯度下降，偏置保持不变。更新后 ${{ weight[0] }}_{ {{ weight[1:] }} }$ 的值是多少？
中间步骤请保留全部精度，答案至少保留 6 位小数。""",
}

# The explanation recomputes the forward and backward pass in jinja (it only sees the parameters).
_WORK = r"""{% set e = 2.718281828459045 %}
{% set net_h = [W1[0][0] * x[0] + W1[0][1] * x[1] + b1, W1[1][0] * x[0] + W1[1][1] * x[1] + b1] %}
{% set h = [1 / (1 + e ** (-net_h[0])), 1 / (1 + e ** (-net_h[1]))] %}
{% set net_o = [W2[0][0] * h[0] + W2[0][1] * h[1] + b2, W2[1][0] * h[0] + W2[1][1] * h[1] + b2] %}
{% set o = [1 / (1 + e ** (-net_o[0])), 1 / (1 + e ** (-net_o[1]))] %}
{% set d_o = [(o[0] - target[0]) * o[0] * (1 - o[0]), (o[1] - target[1]) * o[1] * (1 - o[1])] %}
{% set k = weight[1:]|int - 1 %}
{% set layer = 1 if k < 4 else 2 %}
{% set row = (k % 4) // 2 %}
{% set col = k % 2 %}
{% set old = (W1 if layer == 1 else W2)[row][col] %}
{% if layer == 2 %}
{% set grad = d_o[row] * h[col] %}
{% else %}
{% set d_h = (d_o[0] * W2[0][row] + d_o[1] * W2[1][row]) * h[row] * (1 - h[row]) %}
{% set grad = d_h * x[col] %}
{% endif %}
"""

EXPLANATION = {
    "en": _WORK + r"""Forward pass: $net_{h} = ({{ "%.6f"|format(net_h[0]) }}, {{ "%.6f"|format(net_h[1]) }})$,
$h = ({{ "%.8f"|format(h[0]) }}, {{ "%.8f"|format(h[1]) }})$;
$net_{o} = ({{ "%.6f"|format(net_o[0]) }}, {{ "%.6f"|format(net_o[1]) }})$,
$o = ({{ "%.8f"|format(o[0]) }}, {{ "%.8f"|format(o[1]) }})$.

Output deltas $\delta_{o_j} = \frac{\partial E}{\partial net_{o_j}} = (o_j - \text{target}_j)\,o_j(1 - o_j)$:
$\delta_{o_1} = {{ "%.9f"|format(d_o[0]) }}$, $\delta_{o_2} = {{ "%.9f"|format(d_o[1]) }}$.

{% if layer == 2 %}
${{ weight[0] }}_{ {{ weight[1:] }} }$ connects $h_{ {{ col + 1 }} }$ to $o_{ {{ row + 1 }} }$, so
$\frac{\partial E}{\partial {{ weight[0] }}_{ {{ weight[1:] }} }} = \delta_{o_{ {{ row + 1 }} }}\, h_{ {{ col + 1 }} } = {{ "%.9f"|format(grad) }}$.
{% else %}
${{ weight[0] }}_{ {{ weight[1:] }} }$ connects $x_{ {{ col + 1 }} }$ to $h_{ {{ row + 1 }} }$, and $h_{ {{ row + 1 }} }$ feeds **both** outputs, so both errors flow back:
$\delta_{h_{ {{ row + 1 }} }} = (\delta_{o_1} w_{ {{ 5 + row }} } + \delta_{o_2} w_{ {{ 7 + row }} })\, h_{ {{ row + 1 }} }(1 - h_{ {{ row + 1 }} }) = {{ "%.9f"|format(d_h) }}$
(with the old values of $w_{ {{ 5 + row }} }, w_{ {{ 7 + row }} }$), and
$\frac{\partial E}{\partial {{ weight[0] }}_{ {{ weight[1:] }} }} = \delta_{h_{ {{ row + 1 }} }}\, x_{ {{ col + 1 }} } = {{ "%.9f"|format(grad) }}$.
{% endif %}

Update: ${{ weight[0] }}_{ {{ weight[1:] }} }^{+} = {{ old }} - {{ lr }} \times {{ "%.9f"|format(grad) }} = {{ "%.8f"|format(old - lr * grad) }}$.
(With the notes' numbers, $w_5$ goes from 0.40 to 0.35891648.)""",
    "zh": _WORK + r"""前向传播：$net_{h} = ({{ "%.6f"|format(net_h[0]) }}, {{ "%.6f"|format(net_h[1]) }})$，
$h = ({{ "%.8f"|format(h[0]) }}, {{ "%.8f"|format(h[1]) }})$；
$net_{o} = ({{ "%.6f"|format(net_o[0]) }}, {{ "%.6f"|format(net_o[1]) }})$，
$o = ({{ "%.8f"|format(o[0]) }}, {{ "%.8f"|format(o[1]) }})$。

输出层误差项 $\delta_{o_j} = \frac{\partial E}{\partial net_{o_j}} = (o_j - \text{target}_j)\,o_j(1 - o_j)$：
$\delta_{o_1} = {{ "%.9f"|format(d_o[0]) }}$，$\delta_{o_2} = {{ "%.9f"|format(d_o[1]) }}$。

{% if layer == 2 %}
${{ weight[0] }}_{ {{ weight[1:] }} }$ 连接 $h_{ {{ col + 1 }} }$ 与 $o_{ {{ row + 1 }} }$，所以
$\frac{\partial E}{\partial {{ weight[0] }}_{ {{ weight[1:] }} }} = \delta_{o_{ {{ row + 1 }} }}\, h_{ {{ col + 1 }} } = {{ "%.9f"|format(grad) }}$。
{% else %}
${{ weight[0] }}_{ {{ weight[1:] }} }$ 连接 $x_{ {{ col + 1 }} }$ 与 $h_{ {{ row + 1 }} }$，而 $h_{ {{ row + 1 }} }$ 同时连到**两个**输出，两处的误差都要传回来：
$\delta_{h_{ {{ row + 1 }} }} = (\delta_{o_1} w_{ {{ 5 + row }} } + \delta_{o_2} w_{ {{ 7 + row }} })\, h_{ {{ row + 1 }} }(1 - h_{ {{ row + 1 }} }) = {{ "%.9f"|format(d_h) }}$
（使用 $w_{ {{ 5 + row }} }, w_{ {{ 7 + row }} }$ 更新前的值），于是
$\frac{\partial E}{\partial {{ weight[0] }}_{ {{ weight[1:] }} }} = \delta_{h_{ {{ row + 1 }} }}\, x_{ {{ col + 1 }} } = {{ "%.9f"|format(grad) }}$。
{% endif %}

更新：${{ weight[0] }}_{ {{ weight[1:] }} }^{+} = {{ old }} - {{ lr }} \times {{ "%.9f"|format(grad) }} = {{ "%.8f"|format(old - lr * grad) }}$。
（用笔记中的数据，$w_5$ 从 0.40 更新为 0.35891648。）""",
}
