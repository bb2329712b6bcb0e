"""What the GRU's update gate does at its limits, in a stated convention (erratum 12/25: PyTorch's
h_t = (1 − z)·n + z·h_{t−1} vs the h_t = (1 − z)·h_{t−1} + z·h̃_t printed in 003, whose prose
describes PyTorch's)."""

import numpy as np

from grader.bank.authoring import Choice, Meta, OneOf, Option

META = Meta(
    title={"en": "The GRU's update gate", "zh": "GRU 的更新门"},
    kind="choice",
    difficulty=2,
    points=2,
    source="003 GRU神经网络原理概述 (更新门的值越大说明前一时刻的记忆带入越多); 004 Q19",
    tags=("rnn", "gru", "update gate", "conventions"),
    covers="gru_bidirectional",
    check=Choice(),
)

PARAMS = {"convention": OneOf(("pytorch", "notes")), "limit": OneOf((0, 1))}

# The weight on h_{t−1} and on the candidate, in each convention.
_OLD = "{{ 'z_t' if convention == 'pytorch' else '1 - z_t' }}"
_NEW = "{{ '1 - z_t' if convention == 'pytorch' else 'z_t' }}"


def _keeps_old(p):
    return (p["convention"] == "pytorch") == (p["limit"] == 1)


def options(p):
    keep = _keeps_old(p)
    return [
        Option({"en": "$h_t \\approx h_{t-1}$: the old state is carried over almost unchanged",
                "zh": "$h_t \\approx h_{t-1}$：旧状态几乎原样保留下来"},
               correct=keep,
               feedback=None if keep else {
                   "en": f"The weight on $h_{{t-1}}$ is ${_OLD}$, which goes to 0 here: the old state is dropped and the candidate taken.",
                   "zh": f"$h_{{t-1}}$ 的系数是 ${_OLD}$，这里它趋于 0：旧状态被丢弃，取候选状态。"}),
        Option({"en": "$h_t \\approx$ the candidate: the old state is replaced by new content",
                "zh": "$h_t \\approx$ 候选状态：旧状态被新内容取代"},
               correct=not keep,
               feedback=None if not keep else {
                   "en": f"The weight on the candidate is ${_NEW}$, which goes to 0 here: the candidate is ignored and $h_{{t-1}}$ carried over.",
                   "zh": f"候选状态的系数是 ${_NEW}$，这里它趋于 0：候选状态被忽略，$h_{{t-1}}$ 被保留下来。"}),
        Option({"en": "$h_t \\approx 0$: the whole hidden state is reset to zero",
                "zh": "$h_t \\approx 0$：整个隐藏状态被清零"},
               feedback={"en": "The update gate mixes the old state and the candidate with weights that add up to 1; it never scales both to 0.",
                         "zh": "更新门以和为 1 的两个系数混合旧状态与候选状态，不会把两者都缩放为 0。"}),
        Option({"en": "$h_t \\approx r_t \\odot h_{t-1}$: only the reset part of the old state is kept",
                "zh": "$h_t \\approx r_t \\odot h_{t-1}$：只保留旧状态中经重置门筛选的部分"},
               feedback={"en": "The reset gate $r_t$ acts inside the candidate (how much of $h_{t-1}$ it may use), not in the final mix.",
                         "zh": "重置门 $r_t$ 作用在候选状态内部（决定候选状态能用多少 $h_{t-1}$），而不是在最后的混合中。"}),
    ]


def generate(rng: np.random.Generator) -> dict:
    return {"convention": str(rng.choice(["pytorch", "notes"])), "limit": int(rng.integers(0, 2))}


PROMPT = {
    "en": r"""A GRU updates its hidden state by
{% if convention == "pytorch" %}$$h_t = (1 - z_t) \odot n_t + z_t \odot h_{t-1}$$
(PyTorch's convention; $n_t$ is the candidate state, computed with the reset gate $r_t$){% else %}$$h_t = (1 - z_t) \odot h_{t-1} + z_t \odot \tilde h_t$$
(the convention printed in note 003; $\tilde h_t$ is the candidate state, computed with the reset gate $r_t$){% endif %}.

Suppose the update gate saturates at $z_t \approx {{ limit }}$. What is $h_t$ then?""",
    "zh": r"""GRU 按下式更新隐藏状态：
{% if convention == "pytorch" %}$$h_t = (1 - z_t) \odot n_t + z_t \odot h_{t-1}$$
（PyTorch 的约定；$n_t$ 为候选状态，用重置门 $r_t$ 计算）{% else %}$$h_t = (1 - z_t) \odot h_{t-1} + z_t \odot \tilde h_t$$
（笔记 003 印出的约定；$\tilde h_t$ 为候选状态，用重置门 $r_t$ 计算）{% endif %}。

假设更新门饱和在 $z_t \approx {{ limit }}$。此时 $h_t$ 是什么？""",
}

EXPLANATION = {
    "en": r"""In this convention the weight on $h_{t-1}$ is ${{ 'z_t' if convention == 'pytorch' else '1 - z_t' }}$ and the weight on the candidate is
${{ '1 - z_t' if convention == 'pytorch' else 'z_t' }}$; they add up to 1. With $z_t \approx {{ limit }}$ the weight on $h_{t-1}$ is
$\approx {{ limit if convention == 'pytorch' else 1 - limit }}$, so {% if (convention == 'pytorch') == (limit == 1) %}$h_t \approx h_{t-1}$: the memory is carried forward (and so is the gradient).{% else %}$h_t \approx$ the candidate: the old memory is overwritten.{% endif %}

The two conventions swap the roles of $z_t$ and $1 - z_t$. 003 prints $h_t = (1 - z_t) h_{t-1} + z_t \tilde h_t$ but its prose
("the larger the update gate, the more of the past is carried") describes PyTorch's $h_t = (1 - z_t) n_t + z_t h_{t-1}$.""",
    "zh": r"""在这种约定下，$h_{t-1}$ 的系数是 ${{ 'z_t' if convention == 'pytorch' else '1 - z_t' }}$，候选状态的系数是
${{ '1 - z_t' if convention == 'pytorch' else 'z_t' }}$，两者之和为 1。$z_t \approx {{ limit }}$ 时 $h_{t-1}$ 的系数
$\approx {{ limit if convention == 'pytorch' else 1 - limit }}$，所以{% if (convention == 'pytorch') == (limit == 1) %} $h_t \approx h_{t-1}$：记忆（以及梯度）被传递下去。{% else %} $h_t \approx$ 候选状态：旧的记忆被覆盖。{% endif %}

两种约定中 $z_t$ 与 $1 - z_t$ 的角色互换。003 印出的是 $h_t = (1 - z_t) h_{t-1} + z_t \tilde h_t$，
但它的文字说明（“更新门的值越大说明前一时刻的记忆带入越多”）描述的却是 PyTorch 的 $h_t = (1 - z_t) n_t + z_t h_{t-1}$。""",
}
