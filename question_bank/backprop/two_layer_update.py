"""One gradient-descent step on one weight of the notes' 2-2-2 sigmoid network.

The notes' worked example (002 §3, charlotte77, η = 0.5) reproduces with
`grade bank show backprop.two_layer_update --params '{"x": [0.05, 0.1], "W1": [[0.15, 0.2], [0.25, 0.3]],
"b1": 0.35, "W2": [[0.4, 0.45], [0.5, 0.55]], "b2": 0.6, "target": [0.01, 0.99], "lr": 0.5, "weight": "w5"}'`
(w5 → 0.358916) and, with "weight": "w1", w1 → 0.149781 (0.14978072).
"""

import numpy as np

from grader.bank.authoring import Meta, Mistake, Numeric, Real, draw_distinct

from ._network import NETWORK_PARAMS, POSITION, WEIGHT, draw_network, forward

META = Meta(
    title={"en": "Backpropagation: one weight update", "zh": "反向传播：一次权重更新"},
    kind="numeric",
    difficulty=3,
    points=6,
    source="002 §3 误差逆传播 (BP) 算法 (2-2-2 网络示例, w5 更新); 001 Q12",
    tags=("backpropagation", "chain rule", "sigmoid", "gradient descent"),
    covers="backprop",
    # The prompt asks for 6 decimal places. (rel_tol is not used with `decimals`; 0 keeps older
    # tolerance-only tests that ignore `decimals` from widening it.)
    check=Numeric(decimals=6, rel_tol=0.0),
)

PARAMS = {
    **NETWORK_PARAMS,
    "lr": Real(0.01, 2.0, decimals=2),
    "weight": WEIGHT,
}


def _updated_W2(p):
    """W2 after this step's update (a mistake: backpropagating through it)."""
    h, o = forward(p)
    d_o = [(o[j] - p["target"][j]) * o[j] * (1 - o[j]) for j in range(2)]
    return [[p["W2"][j][i] - p["lr"] * d_o[j] * h[i] for i in range(2)] for j in range(2)]


def _gradient(p, *, output_derivative=True, outputs=(0, 1), W2=None):
    """∂E/∂weight by the chain rule. The keyword arguments give the mistakes: `output_derivative=False`
    drops σ'(net_o); `outputs` lists the outputs whose error reaches a hidden unit; `W2` the output
    weights the error is sent back through."""
    t = p["target"]
    W2 = p["W2"] if W2 is None else W2
    h, o = forward(p)
    delta_o = [(o[j] - t[j]) * (o[j] * (1 - o[j]) if output_derivative else 1.0) for j in range(2)]
    layer, row, col = POSITION[p["weight"]]
    if layer == 2:
        return delta_o[row] * h[col]
    delta_h = sum(delta_o[j] * W2[j][row] for j in outputs) * h[row] * (1 - h[row])
    return delta_h * p["x"][col]


def _value(p):
    layer, row, col = POSITION[p["weight"]]
    return (p["W1"] if layer == 1 else p["W2"])[row][col]


def _hidden_only(mistake):
    """A mistake that only a hidden-layer weight (w1..w4) can make."""
    return lambda p: mistake(p) if POSITION[p["weight"]][0] == 1 else None


def answer(p: dict) -> float:
    return _value(p) - p["lr"] * _gradient(p)


_ONE_OUTPUT = {
    "en": "Only one output's error was sent back. The hidden unit feeds both outputs, so out(h) receives "
          "error from E(o1) and E(o2): δ_h = (δ_o1·w + δ_o2·w′)·h(1 − h), one term per output.",
    "zh": "只传回了一个输出的误差。该隐藏单元同时连到两个输出，out(h) 会接受 E(o1) 和 E(o2) 两个地方传来的误差："
          "δ_h = (δ_o1·w + δ_o2·w′)·h(1 − h)，每个输出各一项。",
}

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
    Mistake(_hidden_only(lambda p: _value(p) - p["lr"] * _gradient(p, outputs=(0,))), _ONE_OUTPUT),
    Mistake(_hidden_only(lambda p: _value(p) - p["lr"] * _gradient(p, outputs=(1,))), _ONE_OUTPUT),
    Mistake(
        _hidden_only(lambda p: _value(p) - p["lr"] * _gradient(p, W2=_updated_W2(p))),
        {
            "en": "You sent the error back through the already-updated w5–w8. All eight gradients are computed "
                  "first, with the old weights, and only then are the weights changed.",
            "zh": "你用已经更新过的 w5–w8 把误差传回了隐藏层。应先用旧的权重算出全部八个梯度，然后再统一更新权重。",
        },
    ),
]


def _draw(rng, weight):
    return {
        **draw_network(rng),
        "lr": float(rng.choice([0.1, 0.2, 0.25, 0.5, 0.5, 0.8, 1.0])),
        "weight": weight,
    }


def generate(rng: np.random.Generator) -> dict:
    # The weight is drawn first, so hidden-layer weights (which have more mistakes to stay clear of)
    # are asked as often as output-layer ones. Then: an update that shows in the 4th decimal, and
    # every wrong answer at least 10 units of the 6th decimal away from the key and from each other.
    weight = str(rng.choice(list(POSITION)))
    return draw_distinct(rng, lambda r: _draw(r, weight), answer=answer, mistakes=MISTAKES, apart=1e-5,
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
in intermediate steps and give the answer to 6 decimal places.""",
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
中间步骤请保留全部精度，答案保留 6 位小数。""",
}

# The explanation recomputes the forward and backward pass in jinja (it only sees the parameters).
_WORK = r"""{% macro num(v, f="%.9f") %}{% if v < 0 %}({{ f|format(v) }}){% else %}{{ f|format(v) }}{% endif %}{% endmacro %}
{% set e = 2.718281828459045 %}
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
$\frac{\partial E}{\partial {{ weight[0] }}_{ {{ weight[1:] }} }} = \delta_{o_{ {{ row + 1 }} }}\, h_{ {{ col + 1 }} } = {{ num(d_o[row]) }} \times {{ "%.8f"|format(h[col]) }} = {{ "%.9f"|format(grad) }}$.
{% else %}
${{ weight[0] }}_{ {{ weight[1:] }} }$ connects $x_{ {{ col + 1 }} }$ to $h_{ {{ row + 1 }} }$, and $h_{ {{ row + 1 }} }$ feeds **both** outputs, so both errors flow back:
$\delta_{h_{ {{ row + 1 }} }} = (\delta_{o_1} w_{ {{ 5 + row }} } + \delta_{o_2} w_{ {{ 7 + row }} })\, h_{ {{ row + 1 }} }(1 - h_{ {{ row + 1 }} })
= ({{ num(d_o[0]) }} \times {{ num(W2[0][row], "%g") }} + {{ num(d_o[1]) }} \times {{ num(W2[1][row], "%g") }}) \times {{ "%.8f"|format(h[row]) }} \times {{ "%.8f"|format(1 - h[row]) }} = {{ "%.9f"|format(d_h) }}$
(with the old values of $w_{ {{ 5 + row }} }, w_{ {{ 7 + row }} }$), and
$\frac{\partial E}{\partial {{ weight[0] }}_{ {{ weight[1:] }} }} = \delta_{h_{ {{ row + 1 }} }}\, x_{ {{ col + 1 }} } = {{ num(d_h) }} \times {{ num(x[col], "%g") }} = {{ "%.9f"|format(grad) }}$.
{% endif %}

Update: ${{ weight[0] }}_{ {{ weight[1:] }} }^{+} = {{ old }} - {{ lr }} \times {{ num(grad) }} = {{ "%.8f"|format(old - lr * grad) }}$, i.e. {{ "%.6f"|format(old - lr * grad) }} to 6 decimal places.
(With the notes' numbers, $w_5$ goes from 0.40 to 0.35891648 and $w_1$ from 0.15 to 0.14978072.)""",
    "zh": _WORK + r"""前向传播：$net_{h} = ({{ "%.6f"|format(net_h[0]) }}, {{ "%.6f"|format(net_h[1]) }})$，
$h = ({{ "%.8f"|format(h[0]) }}, {{ "%.8f"|format(h[1]) }})$；
$net_{o} = ({{ "%.6f"|format(net_o[0]) }}, {{ "%.6f"|format(net_o[1]) }})$，
$o = ({{ "%.8f"|format(o[0]) }}, {{ "%.8f"|format(o[1]) }})$。

输出层误差项 $\delta_{o_j} = \frac{\partial E}{\partial net_{o_j}} = (o_j - \text{target}_j)\,o_j(1 - o_j)$：
$\delta_{o_1} = {{ "%.9f"|format(d_o[0]) }}$，$\delta_{o_2} = {{ "%.9f"|format(d_o[1]) }}$。

{% if layer == 2 %}
${{ weight[0] }}_{ {{ weight[1:] }} }$ 连接 $h_{ {{ col + 1 }} }$ 与 $o_{ {{ row + 1 }} }$，所以
$\frac{\partial E}{\partial {{ weight[0] }}_{ {{ weight[1:] }} }} = \delta_{o_{ {{ row + 1 }} }}\, h_{ {{ col + 1 }} } = {{ num(d_o[row]) }} \times {{ "%.8f"|format(h[col]) }} = {{ "%.9f"|format(grad) }}$。
{% else %}
${{ weight[0] }}_{ {{ weight[1:] }} }$ 连接 $x_{ {{ col + 1 }} }$ 与 $h_{ {{ row + 1 }} }$，而 $h_{ {{ row + 1 }} }$ 同时连到**两个**输出，两处的误差都要传回来：
$\delta_{h_{ {{ row + 1 }} }} = (\delta_{o_1} w_{ {{ 5 + row }} } + \delta_{o_2} w_{ {{ 7 + row }} })\, h_{ {{ row + 1 }} }(1 - h_{ {{ row + 1 }} })
= ({{ num(d_o[0]) }} \times {{ num(W2[0][row], "%g") }} + {{ num(d_o[1]) }} \times {{ num(W2[1][row], "%g") }}) \times {{ "%.8f"|format(h[row]) }} \times {{ "%.8f"|format(1 - h[row]) }} = {{ "%.9f"|format(d_h) }}$
（使用 $w_{ {{ 5 + row }} }, w_{ {{ 7 + row }} }$ 更新前的值），于是
$\frac{\partial E}{\partial {{ weight[0] }}_{ {{ weight[1:] }} }} = \delta_{h_{ {{ row + 1 }} }}\, x_{ {{ col + 1 }} } = {{ num(d_h) }} \times {{ num(x[col], "%g") }} = {{ "%.9f"|format(grad) }}$。
{% endif %}

更新：${{ weight[0] }}_{ {{ weight[1:] }} }^{+} = {{ old }} - {{ lr }} \times {{ num(grad) }} = {{ "%.8f"|format(old - lr * grad) }}$，保留 6 位小数为 {{ "%.6f"|format(old - lr * grad) }}。
（用笔记中的数据，$w_5$ 从 0.40 更新为 0.35891648，$w_1$ 从 0.15 更新为 0.14978072。）""",
}
