"""Two steps of the notes' momentum, unrolled: w₂ = w₀ − η(1 + γ)g₁ − ηg₂ (m₀ = 0)."""

import numpy as np

from grader.bank.authoring import Meta, Mistake, Symbolic, symbols

from ._optim import subscripts

META = Meta(
    title={"en": "Momentum unrolled over two steps", "zh": "动量法展开两步"},
    kind="symbolic",
    difficulty=2,
    points=3,
    source="000 SGD with Momentum (SGD-M)",
    tags=("optimizer", "momentum"),
    covers="optimizers",
    check=Symbolic(symbols={"w0": "real", "eta": "positive", "gamma": "probability", "g1": "real", "g2": "real"},
                   defined=subscripts("w0", "g1", "g2")),
)

PARAMS = {}


def generate(rng: np.random.Generator) -> dict:
    return {}


def _form(f):
    def expression(p):
        return f(*symbols("w0 eta gamma g1 g2"))

    return expression


answer = _form(lambda w0, eta, gamma, g1, g2: w0 - eta * (1 + gamma) * g1 - eta * g2)

MISTAKES = [
    Mistake(
        _form(lambda w0, eta, gamma, g1, g2: w0 - eta * g1 - eta * g2),
        {
            "en": "That is plain SGD. The second step also carries γ times the first step, m₂ = γm₁ + ηg₂ with m₁ = ηg₁.",
            "zh": "这是普通的 SGD。第二步还要带上第一步的 γ 倍：m₂ = γm₁ + ηg₂，其中 m₁ = ηg₁。",
        },
    ),
    Mistake(
        _form(lambda w0, eta, gamma, g1, g2: w0 - eta * g1 - gamma * g1 - eta * g2),
        {
            "en": "m₁ = γm₀ + ηg₁ = ηg₁ already contains η, so the carried-over momentum is γηg₁, not γg₁.",
            "zh": "m₁ = γm₀ + ηg₁ = ηg₁ 已经含有 η，所以继承下来的动量是 γηg₁，而不是 γg₁。",
        },
    ),
    Mistake(
        _form(lambda w0, eta, gamma, g1, g2: w0 - gamma * eta * g1 - eta * g2),
        {
            "en": "That is w₀ − m₂: you left out the first step. w₂ = w₁ − m₂ = w₀ − m₁ − m₂.",
            "zh": "这是 w₀ − m₂：你漏掉了第一步。w₂ = w₁ − m₂ = w₀ − m₁ − m₂。",
        },
    ),
    Mistake(
        _form(lambda w0, eta, gamma, g1, g2: w0 - eta * g1 - eta * (1 + gamma) * g2),
        {
            "en": "The momentum carries the older gradient forward: g₁ is used twice (in m₁ and, times γ, in m₂), g₂ only once.",
            "zh": "动量带着较早的梯度往前走：g₁ 用了两次（在 m₁ 中，以及乘以 γ 后在 m₂ 中），g₂ 只用了一次。",
        },
    ),
]

PROMPT = {
    "en": r"""SGD with momentum in the notes' form updates
$$m_t = \gamma\, m_{t-1} + \eta\, g_t, \qquad w_t = w_{t-1} - m_t,$$
starting from $w_0$ with $m_0 = 0$. The first two steps meet the gradients $g_1$ (at $w_0$) and $g_2$ (at $w_1$).

Give $w_2$ as an expression in `w0`, `eta`, `gamma`, `g1`, `g2`.""",
    "zh": r"""笔记中的带动量 SGD 按
$$m_t = \gamma\, m_{t-1} + \eta\, g_t, \qquad w_t = w_{t-1} - m_t$$
更新，从 $w_0$ 出发，$m_0 = 0$。前两步遇到的梯度分别为 $g_1$（在 $w_0$ 处）和 $g_2$（在 $w_1$ 处）。

请把 $w_2$ 写成关于 `w0`、`eta`、`gamma`、`g1`、`g2` 的表达式。""",
}

EXPLANATION = {
    "en": r"""$m_1 = \gamma \cdot 0 + \eta g_1 = \eta g_1$ and $w_1 = w_0 - \eta g_1$.
$m_2 = \gamma m_1 + \eta g_2 = \gamma\eta g_1 + \eta g_2$, so
$$w_2 = w_1 - m_2 = w_0 - \eta(1 + \gamma)\,g_1 - \eta\, g_2.$$
Each gradient keeps acting in later steps with weights $1, \gamma, \gamma^2, \dots$: consistent gradients add
up (acceleration), alternating ones cancel (less oscillation). PyTorch's form $b_t = \gamma b_{t-1} + g_t$,
$w_t = w_{t-1} - \eta b_t$ gives the same $w_2$ for a constant $\eta$.""",
    "zh": r"""$m_1 = \gamma \cdot 0 + \eta g_1 = \eta g_1$，$w_1 = w_0 - \eta g_1$。
$m_2 = \gamma m_1 + \eta g_2 = \gamma\eta g_1 + \eta g_2$，所以
$$w_2 = w_1 - m_2 = w_0 - \eta(1 + \gamma)\,g_1 - \eta\, g_2.$$
每个梯度在之后的各步中以权重 $1, \gamma, \gamma^2, \dots$ 持续起作用：方向一致的梯度相互累加（加速），方向交替的梯度相互抵消（减小震荡）。
PyTorch 的写法 $b_t = \gamma b_{t-1} + g_t$，$w_t = w_{t-1} - \eta b_t$ 在学习率不变时给出相同的 $w_2$。""",
}
