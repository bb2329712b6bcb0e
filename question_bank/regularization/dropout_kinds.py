"""Choice: classic dropout (000: nothing rescaled in training, weights × (1 − p) at test time) vs inverted
dropout (003, nn.Dropout: kept activations ÷ (1 − p) in training, nothing at test time) — erratum 13.
A variant is a drawn (kind, phase) case and a drawn drop probability."""

import numpy as np

from grader.bank.authoring import Choice, Int, Meta, Option, Real

META = Meta(
    title={"en": "Classic vs inverted dropout", "zh": "经典 dropout 与 inverted dropout"},
    kind="choice",
    difficulty=2,
    points=2,
    source="000 Dropout (测试时权值乘以 1-p%); 003 dropout层作用 (保留的值除以比率)",
    tags=("dropout", "inverted dropout", "regularization"),
    covers="dropout",
    check=Choice(),
)

# (kind, phase) and the right scaling of a kept unit's contribution to the next layer.
CASES = (("classic", "train", "same"), ("classic", "test", "times"), ("inverted", "train", "divide"),
         ("inverted", "test", "same"))
RATES = (0.1, 0.2, 0.25, 0.3, 0.4, 0.6, 0.7, 0.75, 0.8)  # 0.5 left out: there p = 1 − p

PARAMS = {"case": Int(0, len(CASES) - 1), "p": Real(0.05, 0.95, decimals=2)}


def generate(rng: np.random.Generator) -> dict:
    return {"case": int(rng.integers(len(CASES))), "p": float(rng.choice(RATES))}


def _why_not(choice, kind, phase):
    """Why scaling `choice` is wrong for this (kind, phase), in both languages."""
    if choice == "same":
        if kind == "classic":
            return ("At test time every unit is present; unscaled, the next layer would receive 1/(1 − p) times its average "
                    "input during training. Classic dropout multiplies the weights by 1 − p.",
                    "测试时所有神经元都参与；若不缩放，下一层收到的输入是训练时平均值的 1/(1 − p) 倍。经典 dropout 要把权重乘以 1 − p。")
        return ("Inverted dropout rescales during training: kept activations are divided by 1 − p so that their expected "
                "value stays the same.",
                "Inverted dropout 在训练时做缩放：保留的激活值要除以 1 − p，使其期望值不变。")
    if choice == "times":
        if kind == "classic":
            return ("Classic dropout does not rescale during training; the scaling by 1 − p happens at test time.",
                    "经典 dropout 训练时不做缩放；乘以 1 − p 是在测试时进行的。")
        return ("Multiplying by 1 − p is classic dropout's test-time step; inverted dropout divides by 1 − p during training "
                "instead and does nothing at test time.",
                "乘以 1 − p 是经典 dropout 在测试时的做法；inverted dropout 则是在训练时除以 1 − p，测试时什么也不做。")
    if choice == "divide":
        if kind == "classic":
            return ("Dividing by the keep probability is inverted dropout's training step; classic dropout scales down by "
                    "1 − p at test time instead.",
                    "除以保留概率是 inverted dropout 在训练时的做法；经典 dropout 则是在测试时乘以 1 − p 缩小。")
        return ("The division by 1 − p already happened during training; at test time inverted dropout leaves values alone.",
                "除以 1 − p 在训练时已经做过了；测试时 inverted dropout 不再改动任何值。")
    return ("p is the drop probability; a unit is kept with probability 1 − p, so any rescaling uses 1 − p, not p.",
            "p 是丢弃概率；神经元被保留的概率是 1 − p，所以任何缩放用的都是 1 − p，而不是 p。")


def options(p):
    kind, phase, right = CASES[p["case"]]
    q = f"{1 - p['p']:g}"
    texts = {
        "same": ("It is passed on unchanged (no rescaling)", "原样传递（不做缩放）"),
        "times": (f"It is multiplied by 1 − p = {q}", f"乘以 1 − p = {q}"),
        "divide": (f"It is divided by 1 − p = {q}", f"除以 1 − p = {q}"),
        "drop": (f"It is multiplied by p = {p['p']:g}", f"乘以 p = {p['p']:g}"),
    }
    out = []
    for choice, (en, zh) in texts.items():
        if choice == right:
            out.append(Option({"en": en, "zh": zh}, correct=True))
        else:
            why = _why_not(choice, kind, phase)
            out.append(Option({"en": en, "zh": zh}, feedback={"en": why[0], "zh": why[1]}))
    return out


PROMPT = {
    "en": r"""{% set kind = ["classic", "classic", "inverted", "inverted"][case] %}{% set phase = ["training", "test time", "training", "test time"][case] %}
A network uses {% if kind == "classic" %}**classic dropout** (note 000){% else %}**inverted dropout** (note 003, PyTorch's `nn.Dropout`){% endif %}
with drop probability $p = {{ p }}$. At **{{ phase }}**, how is the contribution of a unit that is kept (present) to the next
layer scaled, compared with the same network without dropout?""",
    "zh": r"""{% set kind = ["classic", "classic", "inverted", "inverted"][case] %}{% set phase = ["训练时", "测试时", "训练时", "测试时"][case] %}
某网络使用{% if kind == "classic" %}**经典 dropout**（笔记 000）{% else %}**inverted dropout**（笔记 003，即 PyTorch 的 `nn.Dropout`）{% endif %}，
丢弃概率 $p = {{ p }}$。**{{ phase }}**，一个被保留（参与计算）的神经元对下一层的贡献，与不用 dropout 的同一网络相比，是如何缩放的？""",
}

EXPLANATION = {
    "en": r"""Both kinds keep the next layer's expected input the same in training and at test time; they differ in
where the factor $1 - p = {{ "%g"|format(1 - p) }}$ goes. **Classic dropout** (000) passes kept activations on unchanged during
training; at test time all units are present, so the weights are multiplied by $1 - p$ (000's example: $p = 0.3$,
weight $10 \to 7$). **Inverted dropout** (003, PyTorch) divides the kept activations by $1 - p$ during training, so at
test time nothing is rescaled. Multiplying by $p$ is never right: $p$ is the probability of dropping.""",
    "zh": r"""两种做法都保证下一层输入的期望在训练和测试时相同，区别只在于因子 $1 - p = {{ "%g"|format(1 - p) }}$ 放在哪里。
**经典 dropout**（000）训练时保留的激活值原样传递；测试时所有神经元都参与，所以把权重乘以 $1 - p$（000 的例子：$p = 0.3$，权重 $10 \to 7$）。
**Inverted dropout**（003，PyTorch）训练时把保留的激活值除以 $1 - p$，所以测试时不做任何缩放。乘以 $p$ 永远不对：$p$ 是丢弃的概率。""",
}
