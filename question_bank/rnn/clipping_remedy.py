"""Exploding vs vanishing gradients in an RNN and their remedies: gradient clipping bounds explosion
but cannot revive vanished long-range terms; gated cells (LSTM/GRU) address vanishing."""

import numpy as np

from grader.bank.authoring import Choice, Meta, Option

from ._statements import case_schema, draw_case

META = Meta(
    title={"en": "Exploding or vanishing: which remedy?", "zh": "梯度爆炸还是梯度消失：用哪种方法？"},
    kind="choice",
    difficulty=1,
    points=2,
    source="004 Q11 (梯度裁剪); 001 Q5-Q7; 000 梯度不稳定问题 解决办法; 003 LSTM 注意",
    tags=("rnn", "gradient clipping", "vanishing gradient", "exploding gradient", "lstm"),
    covers="bptt",
    check=Choice(),
)

# (symptom, exploding?)
CASES = [
    ({"en": "After a while the loss suddenly jumps to NaN; just before, the gradient norm reached about $10^6$.",
      "zh": "训练一段时间后损失突然变成 NaN；在此之前梯度范数达到了约 $10^6$。"}, True),
    ({"en": "Training goes smoothly, but every few hundred updates the loss spikes far above its earlier values.",
      "zh": "训练总体平稳，但每隔几百次更新损失就会突然飙升，远高于之前的值。"}, True),
    ({"en": "The model cannot use a word 40 steps back; the gradient reaching those early steps is about $10^{-8}$.",
      "zh": "模型无法利用 40 步之前的词；传回到这些早期时刻的梯度约为 $10^{-8}$。"}, False),
    ({"en": "The loss goes down steadily, but the predictions ignore everything more than about 10 steps back.",
      "zh": "损失稳步下降，但预测完全忽略了大约 10 步以前的所有信息。"}, False),
]

PARAMS = case_schema(CASES)


def options(p):
    exploding = CASES[p["case"]][1]
    return [
        Option({"en": "Clip the gradient norm before each update (`clip_grad_norm_`)",
                "zh": "每次更新前按范数裁剪梯度（`clip_grad_norm_`）"},
               correct=exploding,
               feedback=None if exploding else {
                   "en": "Clipping only shrinks gradients above a threshold; it cannot enlarge the vanished long-range terms.",
                   "zh": "裁剪只会缩小超过阈值的梯度，无法放大已经消失的远距离梯度项。"}),
        Option({"en": "Replace the plain tanh RNN cells with LSTM or GRU cells",
                "zh": "把普通的 tanh RNN 单元换成 LSTM 或 GRU 单元"},
               correct=not exploding,
               feedback=None if not exploding else {
                   "en": "Gated cells mainly fix vanishing gradients; gradients can still explode in an LSTM (003). "
                         "The direct fix for explosion is clipping.",
                   "zh": "门控单元主要解决梯度消失；LSTM 中梯度仍可能爆炸（003）。解决梯度爆炸的直接方法是梯度裁剪。"}),
        Option({"en": "Raise the learning rate so that every update moves further",
                "zh": "提高学习率，让每次更新走得更远"},
               feedback={"en": "A larger step makes exploding updates worse and does not change which terms of the gradient vanish.",
                         "zh": "更大的步长会让爆炸式的更新更糟，也不会改变梯度中哪些项消失。"}),
        Option({"en": "Unroll BPTT over more time steps for every sequence",
                "zh": "让每个序列的 BPTT 展开更多的时间步"},
               feedback={"en": "More steps mean longer products of $\\partial s_j / \\partial s_{j-1}$: both vanishing and exploding get worse.",
                         "zh": "步数越多，$\\partial s_j / \\partial s_{j-1}$ 的连乘越长：梯度消失和爆炸都会更严重。"}),
    ]


def generate(rng: np.random.Generator) -> dict:
    return draw_case(rng, CASES)


def _stem(lang):
    branches = [f"{{% {'if' if i == 0 else 'elif'} case == {i} %}}{symptom[lang]}" for i, (symptom, _) in enumerate(CASES)]
    return "".join(branches) + "{% endif %}"


PROMPT = {
    "en": "While training a plain (tanh) RNN on long sequences you observe:\n\n" + _stem("en")
          + "\n\nWhich remedy addresses this problem directly?",
    "zh": "在长序列上训练一个普通（tanh）RNN 时，你观察到：\n\n" + _stem("zh") + "\n\n哪种方法能直接解决这个问题？",
}

EXPLANATION = {
    "en": r"""{% if case < 2 %}This is an **exploding** gradient{% else %}This is a **vanishing** gradient{% endif %}. BPTT multiplies one factor
$\partial s_j / \partial s_{j-1}$ per step: factors above 1 in size make the product explode, factors below 1 make the
long-range terms vanish, even in a one-layer RNN.
Gradient clipping rescales the gradient when its norm exceeds a threshold: it stops exploding updates, but it only ever
shrinks gradients, so it does nothing for vanishing ones. Gated cells (LSTM, GRU) give the gradient an additive path
($\partial C_t/\partial C_{t-1} = f_t$) and so keep long-range terms alive; they do not rule out explosion.""",
    "zh": r"""{% if case < 2 %}这是**梯度爆炸**{% else %}这是**梯度消失**{% endif %}。BPTT 每经过一个时刻就乘上一个因子
$\partial s_j / \partial s_{j-1}$：因子绝对值大于 1 时连乘会爆炸，小于 1 时远距离项会消失——即使只有一层 RNN 也是如此。
梯度裁剪在梯度范数超过阈值时对其整体缩放：它能阻止爆炸式的更新，但只会缩小梯度，对梯度消失无能为力。
门控单元（LSTM、GRU）为梯度提供了加法式的通路（$\partial C_t/\partial C_{t-1} = f_t$），从而保住远距离项；但它们并不能排除梯度爆炸。""",
}
