"""Choice: read a training-loss curve and name the learning-rate problem (000 调整学习率; 004 Q25-27;
003 训练后期反复震荡). A variant is a drawn case (diverging, oscillating late, crawling) with a drawn
loss sequence."""

import numpy as np

from grader.bank.authoring import Choice, Int, Meta, Option, Real, Seq, draw_real, rounded

META = Meta(
    title={"en": "Diagnose the learning rate from the loss curve", "zh": "从损失曲线判断学习率问题"},
    kind="choice",
    difficulty=1,
    points=2,
    source="000 调整学习率; 004 Q25-27 学习率; 003 训练后期反复震荡现象",
    tags=("learning rate", "gradient descent", "diagnosis"),
    covers="gradient_descent",
    check=Choice(),
)

CASES = ("diverging", "oscillating", "crawling")

PARAMS = {
    "case": Int(0, len(CASES) - 1),
    "lr": Real(0.0001, 10.0, decimals=4),
    "losses": Seq(Real(0.0, 1e6, decimals=3), 5, 5),
}


def _option(en, zh, feedback=None):
    if feedback is None:
        return Option({"en": en, "zh": zh}, correct=True)
    return Option({"en": en, "zh": zh}, feedback={"en": feedback[0], "zh": feedback[1]})


TOO_LARGE = ("The learning rate is too large: each step overshoots the minimum, so lower it",
             "学习率过大：每一步都越过了极小值，应当降低学习率")
TOO_SMALL = ("The learning rate is too small: the steps are tiny, so raise it",
             "学习率过小：每一步都太小，应当增大学习率")
DECAY = ("A fixed rate is too large near the minimum: decay it over time (or use an adaptive rate such as Adagrad)",
         "固定的学习率在极小值附近过大：应随时间衰减学习率（或使用 Adagrad 等自适应学习率）")
OVERFIT = ("The model is overfitting: add L2 regularisation or dropout",
           "模型过拟合了：应加入 L2 正则化或 dropout")


def options(p):
    case = CASES[p["case"]]
    if case == "diverging":
        return [
            _option(*TOO_LARGE),
            _option(*TOO_SMALL, feedback=("A rate that is too small makes the loss fall slowly; it never makes the training loss grow.",
                                          "学习率过小只会让损失下降得慢，不会让训练损失上升。")),
            _option(*DECAY, feedback=("Decay helps a run that already converges and then bounces; here the loss grows from the start, "
                                      "so the rate itself is too large.",
                                      "学习率衰减适用于已经收敛、后期来回震荡的情况；这里损失从一开始就在增大，是学习率本身过大。")),
            _option(*OVERFIT, feedback=("Overfitting shows as a rising validation loss while the training loss still falls; "
                                        "here the training loss itself grows.",
                                        "过拟合表现为训练损失仍在下降而验证损失上升；这里是训练损失本身在增大。")),
        ]
    if case == "oscillating":
        return [
            _option(*DECAY),
            _option(*TOO_SMALL, feedback=("A larger rate makes the bouncing around the minimum worse, not better.",
                                          "更大的学习率只会让在极小值附近的来回震荡更严重。")),
            _option("Nothing needs to change: with more epochs a fixed rate settles by itself",
                    "不需要改动：多训练几轮，固定学习率自己就会稳定下来",
                    feedback=("With a fixed rate the steps near the minimum stay as large as they are now, so the loss keeps bouncing.",
                              "学习率固定时，极小值附近的步长始终这么大，损失会一直来回震荡。")),
            _option(*OVERFIT, feedback=("This is the training loss oscillating, an optimisation problem; overfitting is a gap "
                                        "between training and validation loss.",
                                        "这是训练损失在震荡，属于优化问题；过拟合指的是训练损失与验证损失之间的差距。")),
        ]
    return [
        _option(*TOO_SMALL),
        _option(*TOO_LARGE, feedback=("A rate that is too large makes the loss jump or grow; a steady crawl means the steps are too small.",
                                      "学习率过大会让损失跳动或增大；稳定而缓慢的下降说明步长太小。")),
        _option(*DECAY, feedback=("Decaying the rate makes the steps even smaller, and the loss would crawl even more slowly.",
                                  "衰减学习率会让步长更小，损失下降得更慢。")),
        _option(*OVERFIT, feedback=("Regularisation fights overfitting; it does not speed up a training loss that falls too slowly.",
                                    "正则化针对过拟合，不会让下降过慢的训练损失变快。")),
    ]


def generate(rng: np.random.Generator) -> dict:
    case = int(rng.integers(len(CASES)))
    name = CASES[case]
    start = draw_real(rng, 0.8, 3.0, decimals=2)
    if name == "diverging":
        lr = float(rng.choice([0.5, 1.0, 2.0, 5.0]))
        factor = float(rng.uniform(1.4, 2.5))
        losses = [rounded(start * factor ** k, 3) for k in range(5)]
    elif name == "oscillating":
        lr = float(rng.choice([0.05, 0.1, 0.2]))
        level, swing = draw_real(rng, 0.15, 0.6, decimals=2), float(rng.uniform(0.04, 0.1))
        first = float(rng.choice([-1, 1]))
        losses = [rounded(level + first * (-1) ** k * swing * float(rng.uniform(0.8, 1.2)), 3) for k in range(5)]
    else:
        lr = float(rng.choice([0.0001, 0.0005, 0.001]))
        drop = float(rng.uniform(0.0005, 0.002))
        losses = [rounded(start * (1 - drop) ** (50 * k), 3) for k in range(1, 6)]
    return {"case": case, "lr": lr, "losses": losses}


PROMPT = {
    "en": r"""{% set when = ["after epochs 1–5", "after epochs 46–50 (the loss fell quickly during the first 40 epochs)", "after epochs 50, 100, …, 250"][case] %}
A model is trained by gradient descent with a fixed learning rate $\eta = {{ lr }}$. The training loss, {{ when }}, is
$${{ losses|join(",\\; ") }}$$
What is the most likely problem, and the remedy?""",
    "zh": r"""{% set when = ["第 1–5 个 epoch 之后", "第 46–50 个 epoch 之后（前 40 个 epoch 损失下降很快）", "第 50、100、…、250 个 epoch 之后"][case] %}
用固定学习率 $\eta = {{ lr }}$ 的梯度下降训练一个模型。{{ when }}的训练损失为
$${{ losses|join(",\\; ") }}$$
最可能的问题是什么，应如何处理？""",
}

EXPLANATION = {
    "en": r"""{% if case == 0 %}The training loss grows from epoch to epoch: each step jumps past the minimum to a point higher up the
other side, and since the gradient there is larger, the next jump is larger still (004 Q25). Lower the learning
rate (000: "loss 不降反增的时候，要降低学习率").
{% elif case == 1 %}After a fast start the loss bounces up and down around a level instead of settling: near the minimum a
fixed rate is too large, so the steps jump from one side of the valley to the other (003: 训练后期反复震荡).
Decay the learning rate (step or exponential decay) or use an adaptive method such as Adagrad.
{% else %}The loss falls steadily but very slowly, at most a fifth of a percent per epoch: the steps are too small (000:
"loss 下降的很慢时，可以适当增大学习率"). Raise the learning rate.
{% endif %}Overfitting is read off the validation loss, not off the training loss alone.""",
    "zh": r"""{% if case == 0 %}训练损失逐轮增大：每一步都跳过了极小值，落到另一侧更高的位置，而那里的梯度更大，下一步跳得更远（004 Q25）。
应降低学习率（000：“loss 不降反增的时候，要降低学习率”）。
{% elif case == 1 %}快速下降之后，损失在某个水平附近上下跳动而不再稳定：在极小值附近固定的学习率过大，每一步都从谷的一侧跳到另一侧（003：训练后期反复震荡）。
应衰减学习率（阶梯衰减或指数衰减），或使用 Adagrad 等自适应方法。
{% else %}损失稳定但非常缓慢地下降，每个 epoch 最多只降千分之二：步长太小（000：“loss 下降的很慢时，可以适当增大学习率”）。应增大学习率。
{% endif %}过拟合要看验证集损失，不能只看训练损失。""",
}
