"""Choice: momentum (SGD-M) and Nesterov (NAG) in the notes' form m ← γm + ηg, w ← w − m (erratum 19:
NAG's gradient is taken at w_{t−1} − γm_{t−1}, before the step). A variant is one case and three of
its wrong answers."""

import numpy as np

from grader.bank.authoring import Choice, Meta

from ._cases import answer, case_options, case_schema, draw_case, stems

META = Meta(
    title={"en": "Momentum and Nesterov momentum", "zh": "动量法与 Nesterov 动量"},
    kind="choice",
    difficulty=2,
    points=2,
    source="000 SGD with Momentum (SGD-M); SGD with Nesterov (NAG)",
    tags=("optimizer", "momentum", "nesterov"),
    covers="optimizers",
    check=Choice(),
)

CASES = [
    {
        "stem": {"en": "In Nesterov's method (NAG), m_t = γm_{t−1} + ηg_t and w_t = w_{t−1} − m_t. Where is the gradient g_t evaluated?",
                 "zh": "在 Nesterov 方法（NAG）中，m_t = γm_{t−1} + ηg_t，w_t = w_{t−1} − m_t。梯度 g_t 在哪里计算？"},
        "right": answer("At the look-ahead point w_{t−1} − γm_{t−1}, computed before the step",
                        "在前瞻点 w_{t−1} − γm_{t−1} 处，在这一步之前算出"),
        "wrong": [
            answer("At the current point w_{t−1}, as in plain momentum", "在当前点 w_{t−1} 处，与普通动量法相同",
                   ("That is SGD-M. NAG first moves along the momentum it is about to carry over, γm_{t−1}, and looks at the gradient there.",
                    "那是 SGD-M。NAG 先沿着即将继承的动量 γm_{t−1} 移动，再看那里的梯度。")),
            answer("At the new point w_t − γm_{t−1}, after the step", "在这一步之后的新点 w_t − γm_{t−1} 处",
                   ("w_t is only known once g_t has been used. The notes' formula prints w^t, but the look-ahead starts from the point before the step.",
                    "只有用过 g_t 之后才知道 w_t。笔记的公式印的是 w^t，但前瞻是从这一步之前的点出发的。")),
            answer("At the point w_{t−1} − m_{t−1}, a full momentum step ahead", "在点 w_{t−1} − m_{t−1} 处，向前一整步动量",
                   ("The step will carry only γm_{t−1} of the old momentum, so that is how far NAG looks ahead.",
                    "这一步只会继承旧动量的 γm_{t−1}，所以 NAG 向前看的距离就是这么多。")),
            answer("At the origin w = 0, to stay unbiased", "在原点 w = 0 处，以保持无偏",
                   ("The gradient is always taken near the current iterate; NAG only shifts it along the momentum.",
                    "梯度总是在当前迭代点附近计算；NAG 只是沿动量方向平移了计算点。")),
        ],
    },
    {
        "stem": {"en": "With momentum m_t = γm_{t−1} + ηg_t (γ = 0.9), the gradient keeps the same sign and size g for many steps. What happens to the step m_t?",
                 "zh": "动量法 m_t = γm_{t−1} + ηg_t（γ = 0.9）中，梯度在许多步内保持相同的符号和大小 g。更新量 m_t 会怎样？"},
        "right": answer("It grows towards ηg/(1 − γ) = 10ηg: the descent speeds up", "它逐渐增大并趋近 ηg/(1 − γ) = 10ηg：下降加速"),
        "wrong": [
            answer("It shrinks towards 0, as Adagrad's effective rate does", "它像 Adagrad 的有效学习率那样缩小到 0",
                   ("Each step adds ηg to γ times the previous step, so with a steady gradient m grows; shrinking is Adagrad's behaviour.",
                    "每一步都在上一步的 γ 倍上再加 ηg，梯度稳定时 m 会增大；缩小是 Adagrad 的行为。")),
            answer("It stays ηg, exactly as in plain SGD", "它保持为 ηg，与普通 SGD 完全一样",
                   ("Only the first step is ηg; after that the carried-over γm_{t−1} adds to it.",
                    "只有第一步是 ηg；之后还要加上继承下来的 γm_{t−1}。")),
            answer("It changes sign every step, oscillating around 0", "它每一步都改变符号，在 0 附近震荡",
                   ("With gradients of one sign every term of m has that sign; alternating gradients are what make momentum cancel.",
                    "梯度同号时 m 的每一项都同号；只有方向交替的梯度才会让动量相互抵消。")),
            answer("It grows without bound, so momentum always diverges", "它无限增大，所以动量法总会发散",
                   ("For γ < 1 the geometric series converges: m_t approaches ηg/(1 − γ).",
                    "γ < 1 时这个等比级数收敛：m_t 趋近 ηg/(1 − γ)。")),
        ],
    },
    {
        "stem": {"en": "In a narrow ravine the gradient across the ravine flips sign at every step. What does the momentum term do in that direction?",
                 "zh": "在狭窄的沟壑中，横跨沟壑方向的梯度每一步都改变符号。动量项在这个方向上起什么作用？"},
        "right": answer("Consecutive contributions of opposite sign cancel, so the zig-zag is damped",
                        "相邻两步符号相反的贡献相互抵消，来回摆动被抑制"),
        "wrong": [
            answer("It amplifies the zig-zag, because m keeps every past gradient", "它放大了来回摆动，因为 m 保留了所有过去的梯度",
                   ("The past gradients enter with alternating signs and weights γᵏ, so they largely cancel instead of adding up.",
                    "过去的梯度以交替的符号和权重 γᵏ 进入，会在很大程度上相互抵消，而不是累加。")),
            answer("Nothing: momentum only acts along the ravine", "没有作用：动量只在沿沟壑的方向上起作用",
                   ("Momentum acts in every coordinate: it damps the oscillating one and accelerates the steady one.",
                    "动量在每个坐标上都起作用：抑制震荡的方向，加速稳定的方向。")),
            answer("It makes the step in that direction exactly 0 after one step", "一步之后它使该方向的更新量恰好为 0",
                   ("The cancellation is partial (weights γᵏ), not exact; the oscillation decays rather than stopping at once.",
                    "抵消是部分的（权重为 γᵏ），不是完全的；震荡逐渐减弱，而不是立刻停止。")),
            answer("It doubles the learning rate in that direction", "它把该方向的学习率加倍",
                   ("Momentum does not change η; with alternating gradients it reduces the effective step.",
                    "动量不改变 η；在梯度方向交替时，它减小了实际的步长。")),
        ],
    },
]

PARAMS = case_schema(CASES)


def generate(rng: np.random.Generator) -> dict:
    return draw_case(rng, CASES)


def options(p):
    return case_options(p, CASES)


PROMPT = {"en": stems(CASES, "en") + "{{ STEMS[case] }}", "zh": stems(CASES, "zh") + "{{ STEMS[case] }}"}

EXPLANATION = {
    "en": r"""Unrolled, the notes' momentum is $m_t = \eta\,(g_t + \gamma g_{t-1} + \gamma^2 g_{t-2} + \dots)$: a decaying sum
of past gradients. Where they keep their sign the sum grows towards $\eta g/(1 - \gamma)$ (ten times the plain step
for $\gamma = 0.9$), and where they alternate they cancel, which damps zig-zags across a ravine. Nesterov's method
uses the same recursion but takes $g_t$ at the look-ahead point $w_{t-1} - \gamma m_{t-1}$, where the momentum is
about to carry the weights; this point is computed before the step (the notes print $w^t$, which is only known
after it).""",
    "zh": r"""展开后，笔记中的动量为 $m_t = \eta\,(g_t + \gamma g_{t-1} + \gamma^2 g_{t-2} + \dots)$：过去梯度的衰减和。
梯度同号时这个和增大并趋近 $\eta g/(1 - \gamma)$（$\gamma = 0.9$ 时是普通步长的 10 倍）；梯度方向交替时它们相互抵消，从而抑制在沟壑中的来回摆动。
Nesterov 方法用同样的递推，但在前瞻点 $w_{t-1} - \gamma m_{t-1}$ 处计算 $g_t$，也就是动量即将把权重带到的地方；
这个点在这一步之前就能算出（笔记印的是 $w^t$，而它要在这一步之后才知道）。""",
}
