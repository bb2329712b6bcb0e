"""GRU vs LSTM: two gates (update, reset) vs three; no separate cell state; three weight blocks vs
four; neither wins everywhere (004 Q32)."""

import numpy as np

from grader.bank.authoring import Choice, Meta, draw_pool, pool_options, pool_schema

from ._statements import statement

META = Meta(
    title={"en": "GRU compared with LSTM", "zh": "GRU 与 LSTM 的比较"},
    kind="multi",
    difficulty=2,
    points=3,
    source="003 GRU神经网络原理概述; 004 Q19 (GRU是如何简化LSTM的?), Q31-32",
    tags=("rnn", "gru", "lstm", "gates"),
    covers="gru_bidirectional",
    check=Choice(),
)

RIGHT = [
    statement("A GRU has two gates, an update gate and a reset gate.",
              "GRU 有两个门：更新门和重置门。"),
    statement("The GRU's update gate takes over the jobs of the LSTM's forget and input gates.",
              "GRU 的更新门同时承担了 LSTM 遗忘门和输入门的作用。"),
    statement("A GRU keeps no separate cell state: its hidden state $h_t$ is its only memory.",
              "GRU 没有单独的细胞状态：隐藏状态 $h_t$ 就是它唯一的记忆。"),
    statement("With equal sizes, a GRU layer has about 3/4 of an LSTM layer's parameters.",
              "在同样的维度下，GRU 层的参数约为 LSTM 层的 3/4。"),
]

WRONG = [
    statement("A GRU has three gates: an update, a reset and an output gate.",
              "GRU 有三个门：更新门、重置门和输出门。",
              feedback=("The GRU has no output gate: $h_t$ is exposed as it is. Only two gates, update and reset.",
                        "GRU 没有输出门：$h_t$ 直接输出。它只有更新门和重置门两个门。")),
    statement("A GRU reliably outperforms an LSTM, so it should always be preferred.",
              "GRU 的效果稳定地优于 LSTM，所以总应优先选用 GRU。",
              feedback=("Comparisons are inconclusive (004 Q32): which cell works better depends on the data and the task.",
                        "比较结果并无定论（004 Q32）：哪种单元更好取决于数据集和具体任务。")),
    statement("A GRU has more parameters than an LSTM because of its extra reset gate.",
              "由于多了重置门，GRU 的参数比 LSTM 多。",
              feedback=("The GRU has three weight blocks (r, z, candidate), the LSTM four (i, f, g, o): the GRU has fewer.",
                        "GRU 有三组权重（r、z、候选状态），LSTM 有四组（i、f、g、o）：GRU 的参数更少。")),
    statement("Like the LSTM, a GRU carries both a cell state $C_t$ and a hidden state $h_t$.",
              "与 LSTM 一样，GRU 同时有细胞状态 $C_t$ 和隐藏状态 $h_t$。",
              feedback=("The GRU merges the cell state and the hidden state into the single $h_t$.",
                        "GRU 把细胞状态和隐藏状态合并成了一个 $h_t$。")),
    statement("A GRU's reset gate decides how much of the final $h_t$ is passed to the output layer.",
              "GRU 的重置门决定最终的 $h_t$ 有多少传给输出层。",
              feedback=("The reset gate acts inside the candidate: it decides how much of $h_{t-1}$ the candidate may use.",
                        "重置门作用在候选状态内部：它决定候选状态能使用多少 $h_{t-1}$。")),
]

PARAMS = pool_schema(RIGHT, WRONG, n_right=(2, 3), n_wrong=(2, 3))


def generate(rng: np.random.Generator) -> dict:
    n_right = int(rng.integers(2, 4))
    return draw_pool(rng, RIGHT, WRONG, n_right=n_right, n_options=5)


def options(p):
    return pool_options(p, RIGHT, WRONG)


PROMPT = {
    "en": "Which of these statements about the GRU (gated recurrent unit) compared with the LSTM are true? Select all that apply.",
    "zh": "下列关于 GRU（门控循环单元）与 LSTM 比较的说法，哪些是正确的？（多选）",
}

EXPLANATION = {
    "en": r"""The GRU simplifies the LSTM: its update gate $z_t$ does the work of the forget and input gates (keep the old state
or take the candidate, with weights adding to 1), its reset gate $r_t$ decides how much of $h_{t-1}$ the candidate may use,
and the cell state and the hidden state are merged into one $h_t$ (no output gate). So a layer has three weight blocks
($r$, $z$, candidate) instead of four: $3(hx + h^2 + 2h)$ vs $4(hx + h^2 + 2h)$ parameters in PyTorch. Which of the two works
better is not settled: it depends on the data and the task (004 Q32).""",
    "zh": r"""GRU 是对 LSTM 的简化：更新门 $z_t$ 承担了遗忘门和输入门的作用（以和为 1 的系数在保留旧状态与采用候选状态之间取舍），
重置门 $r_t$ 决定候选状态能使用多少 $h_{t-1}$，细胞状态与隐藏状态合并为一个 $h_t$（没有输出门）。因此一层只有三组权重
（$r$、$z$、候选状态）而不是四组：在 PyTorch 中参数为 $3(hx + h^2 + 2h)$ 对 $4(hx + h^2 + 2h)$。两者哪个更好并无定论，
取决于数据和任务（004 Q32）。""",
}
