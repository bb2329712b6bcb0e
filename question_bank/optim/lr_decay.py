"""Learning-rate decay: step decay lr₀·γ^⌊t/T⌋ vs exponential decay lr₀·γ^(t/T) (erratum 14).

004 Q27 calls "multiply the learning rate by 0.1 after each batch" exponential decay; that is step
decay (PyTorch's StepLR), here with T = 1 batch: --params '{"lr0": 0.1, "gamma": 0.1, "T": 1, "t": 3,
"kind": "step"}' gives 0.0001. Exponential decay is the smooth lr₀·γ^(t/T).
"""

import math

import numpy as np

from grader.bank.authoring import Int, Meta, Mistake, Numeric, OneOf, Real, draw_distinct

META = Meta(
    title={"en": "Learning-rate decay: step vs exponential", "zh": "学习率衰减：阶梯衰减与指数衰减"},
    kind="numeric",
    difficulty=1,
    points=2,
    source="004 Q26-27 学习率的指数衰减; 003 训练后期反复震荡现象",
    tags=("learning rate", "decay", "schedule"),
    covers="gradient_descent",
    # min_sig_figs=1: a short exact key (0.0475, 0.0001) typed as it is must not draw a "round less"
    # warning; the engine's exact-match test compares with the binary float and misses it.
    check=Numeric(sig_figs=4, min_sig_figs=1),
)

PARAMS = {
    "lr0": Real(1e-5, 1.0, decimals=5),
    "gamma": Real(0.01, 0.99, decimals=2),
    "T": Int(1, 1000),
    "t": Int(0, 100_000),
    "kind": OneOf(("step", "exponential")),
}


def _step(p):
    return p["lr0"] * p["gamma"] ** (p["t"] // p["T"])


def _exponential(p):
    return p["lr0"] * p["gamma"] ** (p["t"] / p["T"])


def answer(p: dict) -> float:
    return _step(p) if p["kind"] == "step" else _exponential(p)


MISTAKES = [
    Mistake(
        lambda p: _exponential(p) if p["kind"] == "step" else None,
        {
            "en": "Step decay changes the rate only every T epochs: the exponent is ⌊t/T⌋, a whole number. "
                  "γ^(t/T) is the smooth exponential decay.",
            "zh": "阶梯衰减每 T 个 epoch 才改变一次学习率：指数是整数 ⌊t/T⌋。γ^(t/T) 是平滑的指数衰减。",
        },
    ),
    Mistake(
        lambda p: _step(p) if p["kind"] == "exponential" else None,
        {
            "en": "Exponential decay is smooth: the exponent is t/T itself, not rounded down to ⌊t/T⌋ "
                  "(rounding down gives step decay).",
            "zh": "指数衰减是平滑的：指数就是 t/T，不向下取整（向下取整得到的是阶梯衰减）。",
        },
    ),
    Mistake(
        lambda p: p["lr0"] * p["gamma"] ** p["t"],
        {
            "en": "The rate is multiplied by γ once per T epochs, not once per epoch: the exponent is "
                  "t/T (or ⌊t/T⌋), not t.",
            "zh": "学习率每 T 个 epoch 才乘一次 γ，而不是每个 epoch 乘一次：指数是 t/T（或 ⌊t/T⌋），不是 t。",
        },
    ),
    Mistake(
        lambda p: p["lr0"] * p["gamma"] ** math.ceil(p["t"] / p["T"]) if p["kind"] == "step" else None,
        {
            "en": "The drop happens at the end of each full period of T epochs: count completed periods, ⌊t/T⌋, not ⌈t/T⌉.",
            "zh": "每满 T 个 epoch 才衰减一次：要数已完成的周期数 ⌊t/T⌋，而不是 ⌈t/T⌉。",
        },
    ),
]


def _draw(rng):
    T = int(rng.choice([2, 5, 10, 20, 30]))
    t = int(rng.integers(T + 1, 4 * T))
    return {"lr0": float(rng.choice([0.1, 0.05, 0.01, 0.001])), "gamma": float(rng.choice([0.1, 0.5, 0.8, 0.9, 0.95])),
            "T": T, "t": t, "kind": str(rng.choice(["step", "exponential"]))}


def generate(rng: np.random.Generator) -> dict:
    # t not a multiple of T, so the two schedules differ; every mistake more than 1 % off the key.
    return draw_distinct(rng, _draw, answer=answer, mistakes=MISTAKES, apart=lambda key: 0.01 * abs(key),
                         keep=lambda p: p["t"] % p["T"] != 0)


PROMPT = {
    "en": r"""Training starts with learning rate $\eta_0 = {{ lr0 }}$ and uses
{% if kind == "step" %}**step decay**: the rate is multiplied by $\gamma = {{ gamma }}$ at the end of every $T = {{ T }}$ epochs and
held constant in between (PyTorch's `StepLR(step_size={{ T }}, gamma={{ gamma }})`), i.e.
$\eta_t = \eta_0\, \gamma^{\lfloor t/T \rfloor}$. (Note 004 calls "multiply by 0.1 after each batch" exponential decay; it is this step decay.)
{% else %}**exponential decay** $\eta_t = \eta_0\, \gamma^{\,t/T}$ with $\gamma = {{ gamma }}$ and $T = {{ T }}$: the rate shrinks smoothly,
by the factor $\gamma$ over every $T$ epochs (not in jumps).
{% endif %}

What is the learning rate $\eta_t$ used after $t = {{ t }}$ completed epochs? Give it to 4 significant figures.""",
    "zh": r"""训练的初始学习率为 $\eta_0 = {{ lr0 }}$，并采用
{% if kind == "step" %}**阶梯衰减**（step decay）：每满 $T = {{ T }}$ 个 epoch 把学习率乘以 $\gamma = {{ gamma }}$，其间保持不变
（PyTorch 的 `StepLR(step_size={{ T }}, gamma={{ gamma }})`），即 $\eta_t = \eta_0\, \gamma^{\lfloor t/T \rfloor}$。（笔记 004 把“每批次处理完后学习率乘以 0.1”称为指数衰减，其实它就是这种阶梯衰减。）
{% else %}**指数衰减** $\eta_t = \eta_0\, \gamma^{\,t/T}$，其中 $\gamma = {{ gamma }}$，$T = {{ T }}$：学习率平滑地减小，每经过 $T$ 个 epoch 缩小为原来的 $\gamma$ 倍（而不是跳变）。
{% endif %}

完成 $t = {{ t }}$ 个 epoch 之后使用的学习率 $\eta_t$ 是多少？保留 4 位有效数字。""",
}

EXPLANATION = {
    "en": r"""{% if kind == "step" %}{% set k = t // T %}After $t = {{ t }}$ epochs, $\lfloor {{ t }}/{{ T }} \rfloor = {{ k }}$ full periods have ended, so
$\eta_t = {{ lr0 }} \times {{ gamma }}^{ {{ k }} } = {{ "%.4g"|format(lr0 * gamma ** k) }}$.
The rate stays there until epoch {{ (k + 1) * T }}. (The smooth exponential schedule would give {{ "%.4g"|format(lr0 * gamma ** (t / T)) }}.)
{% else %}$t/T = {{ t }}/{{ T }} = {{ "%.6g"|format(t / T) }}$, so $\eta_t = {{ lr0 }} \times {{ gamma }}^{ {{ "%.6g"|format(t / T) }} } = {{ "%.4g"|format(lr0 * gamma ** (t / T)) }}$.
The exponent is not rounded: rounding it down would be step decay, {{ "%.4g"|format(lr0 * gamma ** (t // T)) }}.
{% endif %}Decay lets large early steps make fast progress while smaller late steps stop the loss from oscillating around a minimum.""",
    "zh": r"""{% if kind == "step" %}{% set k = t // T %}经过 $t = {{ t }}$ 个 epoch，已完成 $\lfloor {{ t }}/{{ T }} \rfloor = {{ k }}$ 个完整周期，所以
$\eta_t = {{ lr0 }} \times {{ gamma }}^{ {{ k }} } = {{ "%.4g"|format(lr0 * gamma ** k) }}$。
学习率会保持这个值直到第 {{ (k + 1) * T }} 个 epoch。（平滑的指数衰减会得到 {{ "%.4g"|format(lr0 * gamma ** (t / T)) }}。）
{% else %}$t/T = {{ t }}/{{ T }} = {{ "%.6g"|format(t / T) }}$，所以 $\eta_t = {{ lr0 }} \times {{ gamma }}^{ {{ "%.6g"|format(t / T) }} } = {{ "%.4g"|format(lr0 * gamma ** (t / T)) }}$。
指数不取整：向下取整得到的是阶梯衰减 {{ "%.4g"|format(lr0 * gamma ** (t // T)) }}。
{% endif %}学习率衰减让前期的大步长快速下降，后期的小步长避免损失在极小值附近来回震荡。""",
}
