"""The LSTM's additive cell path: ∂C_t/∂C_{t−1} = f_t along C_{t−1} → C_t, so over T steps the
gradient is multiplied by f_1·f_2·…·f_T — gates the network controls, not a fixed w·tanh′."""

import math

import numpy as np

from grader.bank.authoring import Int, Meta, Mistake, Symbolic, symbols

META = Meta(
    title={"en": "Gradient along the LSTM cell path", "zh": "沿 LSTM 细胞状态路径的梯度"},
    kind="symbolic",
    difficulty=2,
    points=3,
    source="003 LSTM 注意 (C_{t−1}→C_t 路径上只有逐元素相乘和相加); 000 为什么LSTM可以解决梯度消失的问题; 001 Q7",
    tags=("rnn", "lstm", "cell state", "vanishing gradient", "chain rule"),
    covers="lstm",
    check=Symbolic(symbols={f"{g}_{t}": "probability" for g in ("f", "i") for t in range(1, 5)}),
)

PARAMS = {"steps": Int(2, 4), "start": Int(0, 2)}


def _form(combine):
    """`combine(fs, is_)` over the symbols f_t and i_t of the steps start+1..T of the variant."""

    def expression(p):
        steps = range(p["start"] + 1, p["steps"] + 1)
        fs = symbols(" ".join(f"f_{t}" for t in steps))
        is_ = symbols(" ".join(f"i_{t}" for t in steps))
        return combine(fs, is_)

    return expression


answer = _form(lambda fs, is_: math.prod(fs))

MISTAKES = [
    Mistake(
        _form(lambda fs, is_: fs[-1]),
        {
            "en": "f_T is one step, ∂C_T/∂C_{T−1}. From C_k to C_T the chain rule multiplies one factor f_t per step.",
            "zh": "f_T 只是一步的 ∂C_T/∂C_{T−1}。从 C_k 到 C_T，链式法则要把每一步的因子 f_t 连乘起来。",
        },
    ),
    Mistake(
        _form(lambda fs, is_: sum(fs)),
        {
            "en": "The update is additive in C_{t−1}, but the derivative through T steps is still a product of the "
                  "per-step factors f_t, not their sum.",
            "zh": "细胞状态的更新对 C_{t−1} 是加法形式，但经过 T 步的导数仍是每一步因子 f_t 的乘积，而不是和。",
        },
    ),
    Mistake(
        _form(lambda fs, is_: math.prod(f + i for f, i in zip(fs, is_))),
        {
            "en": "Only the first term f_t·C_{t−1} contains C_{t−1}; along the cell path i_t·C̃_t is a constant, so "
                  "each step contributes f_t, not f_t + i_t.",
            "zh": "只有第一项 f_t·C_{t−1} 含有 C_{t−1}；沿细胞状态路径 i_t·C̃_t 视为常数，所以每一步贡献 f_t，而不是 f_t + i_t。",
        },
    ),
    Mistake(
        _form(lambda fs, is_: math.prod(1 - f for f in fs)),
        {
            "en": "f_t is the fraction of the old cell state that is kept (f_t ≈ 1 keeps everything), not the fraction "
                  "forgotten, so the factor is f_t, not 1 − f_t.",
            "zh": "f_t 是旧细胞状态被保留的比例（f_t ≈ 1 表示全部保留），而不是被遗忘的比例，所以因子是 f_t，而不是 1 − f_t。",
        },
    ),
]


# (T, k): the path C_k -> ... -> C_T, at least two steps long; drawn evenly.
_PATHS = [(steps, start) for steps in range(2, 5) for start in range(0, steps - 1)]


def generate(rng: np.random.Generator) -> dict:
    steps, start = _PATHS[int(rng.integers(len(_PATHS)))]
    return {"steps": steps, "start": start}


PROMPT = {
    "en": r"""A one-unit LSTM updates its cell state by
$$C_t = f_t\, C_{t-1} + i_t\, \tilde C_t,$$
with forget gate $f_t$, input gate $i_t$ and candidate $\tilde C_t$ (all in $(0, 1)$ or $(-1, 1)$).
Consider only the **cell path** ${% for t in range(start, steps + 1) %}C_{ {{ t }} }{{ ' \\to ' if not loop.last }}{% endfor %}$: treat every $f_t$, $i_t$ and $\tilde C_t$
as constants (ignore their dependence on $h_{t-1}$).

Give $\dfrac{\partial C_{ {{ steps }} }}{\partial C_{ {{ start }} }}$ along this path, in terms of
{% for t in range(start + 1, steps + 1) %}`f_{{ t }}`{{ ", " if not loop.last }}{% endfor %} (and, if you need them, {% for t in range(start + 1, steps + 1) %}`i_{{ t }}`{{ ", " if not loop.last }}{% endfor %}). Write products with `*`.""",
    "zh": r"""一个单单元 LSTM 按下式更新细胞状态：
$$C_t = f_t\, C_{t-1} + i_t\, \tilde C_t,$$
其中 $f_t$ 为遗忘门，$i_t$ 为输入门，$\tilde C_t$ 为候选值（分别在 $(0, 1)$ 或 $(-1, 1)$ 内）。
只考虑**细胞状态路径** ${% for t in range(start, steps + 1) %}C_{ {{ t }} }{{ ' \\to ' if not loop.last }}{% endfor %}$：把所有 $f_t$、$i_t$ 和 $\tilde C_t$ 视为常数（忽略它们对 $h_{t-1}$ 的依赖）。

求沿这条路径的 $\dfrac{\partial C_{ {{ steps }} }}{\partial C_{ {{ start }} }}$，用
{% for t in range(start + 1, steps + 1) %}`f_{{ t }}`{{ "、" if not loop.last }}{% endfor %}（如有需要，也可用 {% for t in range(start + 1, steps + 1) %}`i_{{ t }}`{{ "、" if not loop.last }}{% endfor %}）表示。乘法请写 `*`。""",
}

EXPLANATION = {
    "en": r"""Along the cell path, $\dfrac{\partial C_t}{\partial C_{t-1}} = f_t$: only the term $f_t C_{t-1}$ contains $C_{t-1}$,
and the update is a sum, not a squashing function. Chaining the {{ steps - start }} steps,
$$\frac{\partial C_{ {{ steps }} }}{\partial C_{ {{ start }} }} = \prod_{t={{ start + 1 }}}^{ {{ steps }} } f_t = {% for t in range(start + 1, steps + 1) %}f_{ {{ t }} }{{ " \\cdot " if not loop.last }}{% endfor %}.$$
Compare a plain RNN, whose factors $w(1 - s_t^2)$ are fixed by one shared weight and shrink wherever tanh saturates:
here each factor is a gate the network sets itself. With the forget gates open ($f_t \approx 1$) the gradient
passes through many steps almost unchanged; $f_t \approx 0$ means the cell chose to forget (a feature, not a bug).
Other paths (through $h_{t-1}$ into the gates) can still vanish or explode; the cell path keeps the long-range sum from vanishing.""",
    "zh": r"""沿细胞状态路径，$\dfrac{\partial C_t}{\partial C_{t-1}} = f_t$：只有 $f_t C_{t-1}$ 这一项含有 $C_{t-1}$，而且更新是加法，没有经过压缩函数。
把这 {{ steps - start }} 步连起来：
$$\frac{\partial C_{ {{ steps }} }}{\partial C_{ {{ start }} }} = \prod_{t={{ start + 1 }}}^{ {{ steps }} } f_t = {% for t in range(start + 1, steps + 1) %}f_{ {{ t }} }{{ " \\cdot " if not loop.last }}{% endfor %}.$$
对比普通 RNN：它的因子 $w(1 - s_t^2)$ 由同一个共享权重决定，tanh 饱和时就会变小；而这里每个因子都是网络自己控制的门。
遗忘门打开（$f_t \approx 1$）时，梯度可以几乎不变地穿过很多步；$f_t \approx 0$ 表示细胞选择了遗忘（这是特性而不是缺陷）。
其他路径（经过 $h_{t-1}$ 进入各个门）仍可能消失或爆炸；细胞状态这条路径保证了远距离梯度之和不会消失。""",
}
