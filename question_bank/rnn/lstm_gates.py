"""What each part of an LSTM cell does, and how many gates it has: three (input, forget, output) plus
a tanh candidate (erratum 30: 004 Q16's "four gates" are a course's learn/forget/remember/use metaphor)."""

import numpy as np

from grader.bank.authoring import Choice, Meta, Option

from ._statements import case_schema, draw_case

META = Meta(
    title={"en": "The parts of an LSTM cell", "zh": "LSTM 单元的组成部分"},
    kind="choice",
    difficulty=1,
    points=2,
    source="003 LSTM神经网络原理概述 (遗忘门、输入门、输出门); 002 §7 LSTM; 001 Q7; 004 Q16",
    tags=("rnn", "lstm", "gates"),
    covers="lstm",
    check=Choice(),
)

# The four computed parts of the cell: name, what it really does (the feedback when picked wrongly).
PARTS = {
    "forget": ({"en": "the forget gate $f_t$", "zh": "遗忘门 $f_t$"},
               {"en": "The forget gate multiplies the old cell state: $f_t C_{t-1}$ is what is kept of the long-term memory.",
                "zh": "遗忘门乘在旧的细胞状态上：$f_t C_{t-1}$ 是长期记忆中被保留的部分。"}),
    "input": ({"en": "the input gate $i_t$", "zh": "输入门 $i_t$"},
              {"en": "The input gate multiplies the candidate: $i_t \\tilde C_t$ is the new information written into the cell.",
               "zh": "输入门乘在候选值上：$i_t \\tilde C_t$ 是写入细胞状态的新信息。"}),
    "output": ({"en": "the output gate $o_t$", "zh": "输出门 $o_t$"},
               {"en": "The output gate multiplies $\\tanh(C_t)$: $h_t = o_t \\tanh(C_t)$ is what the cell exposes.",
                "zh": "输出门乘在 $\\tanh(C_t)$ 上：$h_t = o_t \\tanh(C_t)$ 是单元对外的输出。"}),
    "candidate": ({"en": "the candidate $\\tilde C_t$", "zh": "候选值 $\\tilde C_t$"},
                  {"en": "The candidate $\\tilde C_t = \\tanh(W_C[h_{t-1}, x_t] + b_C)$ proposes new content in $(-1, 1)$; it is not a gate.",
                   "zh": "候选值 $\\tilde C_t = \\tanh(W_C[h_{t-1}, x_t] + b_C)$ 提出取值在 $(-1, 1)$ 的新内容，它不是门。"}),
}


def _parts(correct):
    return [Option(name, correct=(key == correct), feedback=None if key == correct else does)
            for key, (name, does) in PARTS.items()]


def _count():
    return [
        Option({"en": "Three gates (input, forget, output) plus a tanh candidate $\\tilde C_t$", "zh": "三个门（输入门、遗忘门、输出门）加一个 tanh 候选值 $\\tilde C_t$"},
               correct=True),
        Option({"en": "Four gates: a learn, a forget, a remember and a use gate", "zh": "四个门：学习门、遗忘门、记忆门和使用门"},
               feedback={"en": "That is a course's metaphor (004 Q16). The \"remember\" step is the cell update "
                               "$C_t = f_t C_{t-1} + i_t \\tilde C_t$, which has no weights of its own; the standard LSTM has three gates.",
                         "zh": "这是某门课程的比喻说法（004 Q16）。“记忆门”其实是细胞状态更新 $C_t = f_t C_{t-1} + i_t \\tilde C_t$，"
                               "它没有自己的权重；标准 LSTM 只有三个门。"}),
        Option({"en": "Two gates: an update gate and a reset gate", "zh": "两个门：更新门和重置门"},
               feedback={"en": "Those are the GRU's two gates; the LSTM has input, forget and output gates.",
                         "zh": "这是 GRU 的两个门；LSTM 的门是输入门、遗忘门和输出门。"}),
        Option({"en": "Four gates: input, forget, output and a sigmoid cell gate", "zh": "四个门：输入门、遗忘门、输出门和一个 sigmoid 细胞门"},
               feedback={"en": "The fourth block, $\\tilde C_t$, uses tanh and proposes content; it is the candidate, not a gate. "
                               "(There are four weight blocks, but three gates.)",
                         "zh": "第四组计算 $\\tilde C_t$ 用的是 tanh，负责提出新内容；它是候选值而不是门。（权重有四组，但门只有三个。）"}),
    ]


CASES = [
    ({"en": "decides how much of the old cell state $C_{t-1}$ is kept in $C_t$",
      "zh": "决定旧的细胞状态 $C_{t-1}$ 有多少被保留到 $C_t$ 中"}, "forget"),
    ({"en": "decides how much of the newly proposed content is written into the cell state $C_t$",
      "zh": "决定新提出的内容有多少被写入细胞状态 $C_t$"}, "input"),
    ({"en": "decides how much of $\\tanh(C_t)$ is passed on as the hidden state $h_t$",
      "zh": "决定 $\\tanh(C_t)$ 有多少作为隐藏状态 $h_t$ 输出"}, "output"),
    ({"en": "proposes the new content that may be written into the cell, with values in $(-1, 1)$",
      "zh": "提出可能写入细胞状态的新内容、且取值在 $(-1, 1)$ 之间"}, "candidate"),
    (None, "count"),
]

PARAMS = case_schema(CASES)


def generate(rng: np.random.Generator) -> dict:
    return draw_case(rng, CASES)


def options(p):
    _role, part = CASES[p["case"]]
    return _count() if part == "count" else _parts(part)


_ASK = {"en": "Which part of the cell %s?", "zh": "单元中的哪一部分%s？"}
_COUNT = {"en": "How many gates does this cell have, and which?", "zh": "这个单元有几个门？分别是哪些？"}


def _stem(lang):
    """The question line of each case, as a jinja if/elif chain over the case index."""
    branches = [f"{{% {'if' if i == 0 else 'elif'} case == {i} %}}" + (_ASK[lang] % role[lang] if role else _COUNT[lang])
                for i, (role, _part) in enumerate(CASES)]
    return "".join(branches) + "{% endif %}"

PROMPT = {
    "en": r"""A standard LSTM cell computes
$f_t = \sigma(W_f[h_{t-1}, x_t] + b_f)$, $i_t = \sigma(W_i[h_{t-1}, x_t] + b_i)$, $\tilde C_t = \tanh(W_C[h_{t-1}, x_t] + b_C)$,
$C_t = f_t C_{t-1} + i_t \tilde C_t$, $o_t = \sigma(W_o[h_{t-1}, x_t] + b_o)$, $h_t = o_t \tanh(C_t)$.

""" + _stem("en"),
    "zh": r"""标准 LSTM 单元的计算为
$f_t = \sigma(W_f[h_{t-1}, x_t] + b_f)$，$i_t = \sigma(W_i[h_{t-1}, x_t] + b_i)$，$\tilde C_t = \tanh(W_C[h_{t-1}, x_t] + b_C)$，
$C_t = f_t C_{t-1} + i_t \tilde C_t$，$o_t = \sigma(W_o[h_{t-1}, x_t] + b_o)$，$h_t = o_t \tanh(C_t)$。

""" + _stem("zh"),
}

EXPLANATION = {
    "en": r"""The cell has three gates, each a sigmoid in $(0, 1)$ that scales something: the forget gate $f_t$ scales the old
cell state $C_{t-1}$, the input gate $i_t$ scales the candidate $\tilde C_t$, the output gate $o_t$ scales $\tanh(C_t)$
to give $h_t$. The candidate $\tilde C_t$ is the fourth weight block, a tanh in $(-1, 1)$ that proposes content: it is
not a gate. (004 Q16's four "learn, forget, remember, use" gates are a course's metaphor for the same cell.)""",
    "zh": r"""单元有三个门，每个门都是 $(0, 1)$ 之间的 sigmoid，用来缩放某个量：遗忘门 $f_t$ 缩放旧的细胞状态 $C_{t-1}$，
输入门 $i_t$ 缩放候选值 $\tilde C_t$，输出门 $o_t$ 缩放 $\tanh(C_t)$ 得到 $h_t$。候选值 $\tilde C_t$ 是第四组权重，
是取值在 $(-1, 1)$ 的 tanh，负责提出新内容，它不是门。（004 Q16 所说的“学习门、遗忘门、记忆门、使用门”四个门是某门课程对同一个单元的比喻。）""",
}
