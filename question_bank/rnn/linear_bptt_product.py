"""The BPTT product of a linear scalar RNN s_t = w s_{t−1} + u x_t over k steps:
∂s_t/∂s_{t−k} = w^k and ∂s_t/∂x_{t−k} = u·w^k (erratum 24: k factors ∂s_j/∂s_{j−1}, j = t−k+1..t)."""

import numpy as np

from grader.bank.authoring import Int, Meta, Mistake, OneOf, Symbolic, symbols

META = Meta(
    title={"en": "BPTT through k steps of a linear RNN", "zh": "线性 RNN 中跨 k 步的 BPTT"},
    kind="symbolic",
    difficulty=1,
    points=2,
    source="000 RNN梯度消失与梯度爆炸 (Π_{j=k+1}^{t} ∂S_j/∂S_{j−1}); 003 RNN的训练过程",
    tags=("rnn", "bptt", "chain rule", "vanishing gradient", "exploding gradient"),
    covers="bptt",
    check=Symbolic(symbols={"w": "real", "u": "real"}),
)

PARAMS = {"k": Int(2, 12), "target": OneOf(("s", "x"))}


def _form(power, *, times=None, with_u=True):
    """u^[x]·w^(k + power), or with `times` the sum k·(...) instead of the power."""

    def expression(p):
        w, u = symbols("w u")
        factor = u if (p["target"] == "x" and with_u) else 1
        if times:
            return factor * p["k"] * w
        return factor * w ** (p["k"] + power)

    return expression


answer = _form(0)

MISTAKES = [
    Mistake(
        _form(-1),
        {
            "en": "One factor short: from step t−k to step t the state passes through k updates, each contributing "
                  "∂s_j/∂s_{j−1} = w (j = t−k+1, …, t).",
            "zh": "少了一个因子：从 t−k 时刻到 t 时刻，状态经过了 k 次更新，每次贡献一个 ∂s_j/∂s_{j−1} = w（j = t−k+1, …, t）。",
        },
    ),
    Mistake(
        _form(1),
        {
            "en": "One factor too many: there are k updates between step t−k and step t, so k factors w.",
            "zh": "多了一个因子：t−k 到 t 之间只有 k 次更新，所以只有 k 个因子 w。",
        },
    ),
    Mistake(
        _form(0, times=True),
        {
            "en": "The chain rule multiplies the factors along the chain; it does not add them: w·w·…·w = w^k, not k·w. "
                  "(The sum in BPTT is over the losses and paths, the product along one path.)",
            "zh": "链式法则沿链条把各因子相乘，而不是相加：w·w·…·w = w^k，而不是 k·w。（BPTT 中的求和是对各时刻的损失和路径求和，连乘是沿一条路径的。）",
        },
    ),
    Mistake(
        lambda p: _form(0, with_u=False)(p) if p["target"] == "x" else None,
        {
            "en": "x_{t−k} enters the state through u·x_{t−k} at step t−k, so there is a factor u before the k factors w.",
            "zh": "x_{t−k} 是通过 t−k 时刻的 u·x_{t−k} 进入状态的，所以在 k 个因子 w 之前还有一个因子 u。",
        },
    ),
]


def generate(rng: np.random.Generator) -> dict:
    return {"k": int(rng.integers(2, 11)), "target": str(rng.choice(["s", "x"]))}


PROMPT = {
    "en": r"""A linear scalar RNN (no activation function) updates its state by
$$s_t = w\, s_{t-1} + u\, x_t .$$
Give {% if target == "s" %}$\dfrac{\partial s_t}{\partial s_{t-{{ k }}}}${% else %}$\dfrac{\partial s_t}{\partial x_{t-{{ k }}}}${% endif %},
the factor by which a change of {% if target == "s" %}the state $s_{t-{{ k }}}${% else %}the input $x_{t-{{ k }}}${% endif %} reaches $s_t$, ${{ k }}$ steps later,
as an expression in `w` and `u`.""",
    "zh": r"""一个线性标量 RNN（没有激活函数）按下式更新状态：
$$s_t = w\, s_{t-1} + u\, x_t .$$
求 {% if target == "s" %}$\dfrac{\partial s_t}{\partial s_{t-{{ k }}}}${% else %}$\dfrac{\partial s_t}{\partial x_{t-{{ k }}}}${% endif %}，
即{% if target == "s" %}状态 $s_{t-{{ k }}}${% else %}输入 $x_{t-{{ k }}}${% endif %}的变化在 ${{ k }}$ 步之后传到 $s_t$ 时被乘上的系数，
写成关于 `w` 和 `u` 的表达式。""",
}

EXPLANATION = {
    "en": r"""Each update contributes $\partial s_j / \partial s_{j-1} = w$. {% if target == "s" %}From $s_{t-{{ k }}}$ to $s_t$ there are ${{ k }}$ updates ($j = t-{{ k - 1 }}, \dots, t$), so
$$\frac{\partial s_t}{\partial s_{t-{{ k }}}} = \prod_{j=t-{{ k - 1 }}}^{t} \frac{\partial s_j}{\partial s_{j-1}} = w^{ {{ k }} }.$${% else %}The input enters at step $t-{{ k }}$ with $\partial s_{t-{{ k }}} / \partial x_{t-{{ k }}} = u$, then passes ${{ k }}$ updates, so
$$\frac{\partial s_t}{\partial x_{t-{{ k }}}} = \Big(\prod_{j=t-{{ k - 1 }}}^{t} \frac{\partial s_j}{\partial s_{j-1}}\Big)\, \frac{\partial s_{t-{{ k }}}}{\partial x_{t-{{ k }}}} = u\, w^{ {{ k }} }.$${% endif %}


This power is the whole story of vanishing and exploding gradients in a one-layer RNN: for $|w| < 1$ it goes to 0 as the
distance grows, for $|w| > 1$ it blows up. The product runs over consecutive steps $\partial s_j/\partial s_{j-1}$
(000's formula; 003 misprints it as a product of $\partial s_t/\partial s_k$).""",
    "zh": r"""每次更新贡献一个 $\partial s_j / \partial s_{j-1} = w$。{% if target == "s" %}从 $s_{t-{{ k }}}$ 到 $s_t$ 共有 ${{ k }}$ 次更新（$j = t-{{ k - 1 }}, \dots, t$），所以
$$\frac{\partial s_t}{\partial s_{t-{{ k }}}} = \prod_{j=t-{{ k - 1 }}}^{t} \frac{\partial s_j}{\partial s_{j-1}} = w^{ {{ k }} }.$${% else %}输入在 $t-{{ k }}$ 时刻进入，$\partial s_{t-{{ k }}} / \partial x_{t-{{ k }}} = u$，之后经过 ${{ k }}$ 次更新，所以
$$\frac{\partial s_t}{\partial x_{t-{{ k }}}} = \Big(\prod_{j=t-{{ k - 1 }}}^{t} \frac{\partial s_j}{\partial s_{j-1}}\Big)\, \frac{\partial s_{t-{{ k }}}}{\partial x_{t-{{ k }}}} = u\, w^{ {{ k }} }.$${% endif %}


单层 RNN 的梯度消失与爆炸就体现在这个幂上：$|w| < 1$ 时随距离增大趋于 0，$|w| > 1$ 时则爆炸。
连乘的是相邻时刻的 $\partial s_j/\partial s_{j-1}$（000 的公式；003 误印成了 $\partial s_t/\partial s_k$ 的连乘）。""",
}
