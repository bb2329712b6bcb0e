"""One factor of the BPTT product: ∂s_t/∂s_{t−1} = w·(1 − s_t²) for s_t = tanh(w s_{t−1} + u x_t)."""

import numpy as np

from grader.bank.authoring import Meta, Mistake, Symbolic, symbols

META = Meta(
    title={"en": "One factor of the BPTT product", "zh": "BPTT 连乘中的一个因子"},
    kind="symbolic",
    difficulty=2,
    points=3,
    source="000 RNN梯度消失与梯度爆炸 (∂S_j/∂S_{j−1}); 003 RNN的训练过程; 001 Q5",
    tags=("rnn", "bptt", "tanh", "chain rule", "vanishing gradient"),
    covers="bptt",
    # s is s_{t−1}; the prompt lets students write s_t for the new state.
    check=Symbolic(symbols={"w": "real", "u": "real", "x": "real", "s": "real"},
                   defined={"s_t": "tanh(w*s + u*x)"}),
)

PARAMS = {}


def generate(rng: np.random.Generator) -> dict:
    return {}


def _form(factor):
    """A key or mistake `p -> factor(w, u, s_prev, s_t)`."""

    def expression(p):
        import sympy

        w, u, x, s = symbols("w u x s")
        return factor(w, u, s, sympy.tanh(w * s + u * x))

    return expression


answer = _form(lambda w, u, s, st: w * (1 - st ** 2))

MISTAKES = [
    Mistake(
        _form(lambda w, u, s, st: 1 - st ** 2),
        {
            "en": "That is tanh′ alone. The chain rule also multiplies by the derivative of the inner w·s_{t−1} + u·x_t "
                  "with respect to s_{t−1}, which is w.",
            "zh": "这只是 tanh′。链式法则还要乘以内层 w·s_{t−1} + u·x_t 对 s_{t−1} 的导数，也就是 w。",
        },
    ),
    Mistake(
        _form(lambda w, u, s, st: w),
        {
            "en": "w would be right for a linear RNN; here the tanh adds the factor tanh′ = 1 − s_t².",
            "zh": "对线性 RNN 来说答案是 w；这里有 tanh，还要乘以 tanh′ = 1 − s_t²。",
        },
    ),
    Mistake(
        _form(lambda w, u, s, st: w * (1 - s ** 2)),
        {
            "en": "tanh′(a) = 1 − tanh²(a) is taken at this step's pre-activation a = w s_{t−1} + u x_t, so it is "
                  "1 − s_t², not 1 − s_{t−1}².",
            "zh": "tanh′(a) = 1 − tanh²(a) 要在本步的净输入 a = w s_{t−1} + u x_t 处取值，所以是 1 − s_t²，而不是 1 − s_{t−1}²。",
        },
    ),
    Mistake(
        _form(lambda w, u, s, st: u * (1 - st ** 2)),
        {
            "en": "u·(1 − s_t²) is ∂s_t/∂x_t. With respect to s_{t−1} the inner derivative is w.",
            "zh": "u·(1 − s_t²) 是 ∂s_t/∂x_t。对 s_{t−1} 求导时，内层导数是 w。",
        },
    ),
    Mistake(
        _form(lambda w, u, s, st: w * st * (1 - st)),
        {
            "en": "s(1 − s) is the sigmoid's derivative. For tanh it is 1 − tanh².",
            "zh": "s(1 − s) 是 sigmoid 的导数；tanh 的导数是 1 − tanh²。",
        },
    ),
]

PROMPT = {
    "en": r"""A scalar RNN updates its state by
$$s_t = \tanh(w\, s_{t-1} + u\, x_t).$$
In BPTT the gradient flows back through the factors $\dfrac{\partial s_t}{\partial s_{t-1}}$.

Give $\dfrac{\partial s_t}{\partial s_{t-1}}$. Write `s` for $s_{t-1}$; you may write `s_t` for $\tanh(w s + u x)$
and use `w`, `u`, `x`, `tanh(...)`.""",
    "zh": r"""一个标量 RNN 按下式更新状态：
$$s_t = \tanh(w\, s_{t-1} + u\, x_t).$$
在 BPTT 中，梯度要经过各个因子 $\dfrac{\partial s_t}{\partial s_{t-1}}$ 往回传。

求 $\dfrac{\partial s_t}{\partial s_{t-1}}$。用 `s` 表示 $s_{t-1}$；可以用 `s_t` 表示 $\tanh(w s + u x)$，
也可以使用 `w`、`u`、`x` 和 `tanh(...)`。""",
}

EXPLANATION = {
    "en": r"""Let $a_t = w s_{t-1} + u x_t$, so $s_t = \tanh(a_t)$. By the chain rule
$$\frac{\partial s_t}{\partial s_{t-1}} = \tanh'(a_t)\,\frac{\partial a_t}{\partial s_{t-1}} = (1 - \tanh^2 a_t)\, w = w\,(1 - s_t^2).$$
Since $0 < 1 - s_t^2 \le 1$, each factor is at most $|w|$ in size and much smaller where the unit saturates.
BPTT multiplies one such factor per time step, $\prod_j w(1 - s_j^2)$: with factors below 1 in size the product
vanishes over many steps, above 1 it explodes, even in a one-layer RNN.""",
    "zh": r"""令 $a_t = w s_{t-1} + u x_t$，则 $s_t = \tanh(a_t)$。由链式法则
$$\frac{\partial s_t}{\partial s_{t-1}} = \tanh'(a_t)\,\frac{\partial a_t}{\partial s_{t-1}} = (1 - \tanh^2 a_t)\, w = w\,(1 - s_t^2).$$
由于 $0 < 1 - s_t^2 \le 1$，每个因子的绝对值不超过 $|w|$，单元饱和时更是小得多。
BPTT 每经过一个时刻就乘上一个这样的因子，$\prod_j w(1 - s_j^2)$：因子绝对值小于 1 时连乘多步后趋于 0（梯度消失），大于 1 时则爆炸——即使只有一层 RNN 也是如此。""",
}
