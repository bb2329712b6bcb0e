"""Early stopping with patience (course L7-6, 004 Q29): simulate the rule on a drawn validation-loss
curve and give either the epoch at which training stops or the epoch whose weights are kept.

The rule (Keras' EarlyStopping(patience=p, min_delta=0), and the usual hand-written loop): after
each epoch, a validation loss strictly below the best so far resets the counter, anything else
adds one; training stops after the epoch at which the counter reaches p. With
restore_best_weights the kept model is the one from the best epoch. Epochs are numbered from 1.
"""

import numpy as np

from grader.bank.authoring import Int, Meta, Mistake, Numeric, OneOf, Real, Seq, draw_distinct

META = Meta(
    title={"en": "Early stopping with patience", "zh": "带耐心值的早停"},
    kind="numeric",
    difficulty=2,
    points=2,
    source="004 Q29 (Epoch的设置经验, early stop); 000 深度学习中出现过拟合时的解决办法 (早停)",
    tags=("training", "early stopping", "patience", "validation"),
    covers="hyperparameter_practice",
    check=Numeric(exact_integer=True),
)

PARAMS = {
    "losses": Seq(Real(0, 10, decimals=3), min_len=8, max_len=40),
    "patience": Int(1, 20),
    "ask": OneOf(("stop", "best")),
}


def simulate(losses, patience):
    """(best epoch, stopping epoch) of the rule; the stopping epoch is None if the run ends first."""
    best, best_epoch, waited = float("inf"), 0, 0
    for epoch, loss in enumerate(losses, start=1):
        if loss < best:
            best, best_epoch, waited = loss, epoch, 0
        else:
            waited += 1
            if waited == patience:
                return best_epoch, epoch
    return best_epoch, None


def _draw(rng):
    patience = int(rng.integers(2, 6))
    loss = float(rng.uniform(0.8, 1.5))
    losses = []
    # Falling phase, with one short bump (fewer than `patience` epochs without improvement).
    falling = int(rng.integers(5, 10))
    bump_at = int(rng.integers(2, falling - 1))
    bump_len = int(rng.integers(1, patience))
    for i in range(falling):
        loss *= float(rng.uniform(0.80, 0.95))
        losses.append(loss)
        if i == bump_at:
            low = loss
            for _ in range(bump_len):
                losses.append(low * float(rng.uniform(1.005, 1.08)))
    # Over-fitting phase: no improvement for `patience` epochs and beyond; now and then a late dip
    # below the best, which the stopped run never sees.
    best = min(losses)
    tail = patience + int(rng.integers(1, 5))
    level = best
    for _ in range(tail):
        level *= float(rng.uniform(1.0, 1.06))
        losses.append(max(level, best * 1.003))
    if rng.random() < 0.5:
        losses.append(best * float(rng.uniform(0.90, 0.99)))
    return {"losses": [round(x, 3) for x in losses], "patience": patience,
            "ask": str(rng.choice(["stop", "best"]))}


def _keep(p):
    stop = simulate(p["losses"], p["patience"])[1]
    return stop is not None and stop < len(p["losses"])


def generate(rng: np.random.Generator) -> dict:
    return draw_distinct(rng, _draw, answer=answer, mistakes=MISTAKES, keep=_keep)


def answer(p: dict) -> int:
    best, stop = simulate(p["losses"], p["patience"])
    return stop if p["ask"] == "stop" else best


def _first_rise(p):
    """The epoch of the first loss that is not an improvement: stopping at the first sign of trouble."""
    return simulate(p["losses"], 1)[1]


def _first_rise_mistake(p):
    rise = _first_rise(p)
    if p["ask"] == "stop":
        return rise
    return simulate(p["losses"], 1)[0]  # the best epoch seen before that first rise


def _global_min(p):
    losses = p["losses"]
    return losses.index(min(losses)) + 1


MISTAKES = [
    Mistake(
        _first_rise_mistake,
        {"en": "You stopped at the first epoch that did not improve. Patience exists to ride out such bumps: the course "
               "says not to stop the first time the validation error rises; stop only after p epochs in a row without "
               "a new best.",
         "zh": "你在第一个没有改进的 epoch 就停止了。耐心值正是为了容忍这种小波动：课程说不应在第一次看到验证误差升高时就停止，"
               "只有连续 p 个 epoch 都没有刷新最好值才停止。"},
    ),
    Mistake(
        lambda p: simulate(p["losses"], p["patience"])[0 if p["ask"] == "stop" else 1],
        {"en": "You gave the other epoch: the run stops p epochs after the best one, and with restore_best_weights "
               "the kept weights are those of the best epoch. Read which one the question asks for.",
         "zh": "你给出的是另一个 epoch：训练在最好的 epoch 之后再过 p 个 epoch 才停止，而 restore_best_weights 保留的是最好那个 epoch 的权重。请看清题目问的是哪一个。"},
    ),
    Mistake(
        lambda p: simulate(p["losses"], p["patience"])[1] - 1 if p["ask"] == "stop" else None,
        {"en": "Off by one: the counter reaches p at the p-th epoch without improvement, so training stops at "
               "best epoch + p, after that epoch's validation.",
         "zh": "差了一个：计数器在第 p 个没有改进的 epoch 达到 p，所以在“最好 epoch + p”那个 epoch 验证完之后停止。"},
    ),
    Mistake(
        lambda p: _global_min(p) if p["ask"] == "best" else None,
        {"en": "That is the lowest loss of the whole log, but it comes after the run would have stopped: early stopping "
               "never sees it. Simulate the rule epoch by epoch.",
         "zh": "这是整条记录中的最低损失，但它出现在训练本应停止之后：早停根本看不到它。请逐个 epoch 模拟规则。"},
    ),
]

PROMPT = {
    "en": r"""A network was trained for {{ losses|length }} epochs and its validation loss was logged after every epoch:

| epoch | validation loss |
|---|---|
{% for x in losses %}
| {{ loop.index }} | {{ "%.3f"|format(x) }} |
{% endfor %}

Had we used early stopping with patience $p = {{ patience }}$: after each epoch, a validation loss strictly below the best
so far is an improvement and resets a counter to 0; otherwise the counter grows by 1; training stops right after the
epoch at which the counter reaches $p$, and the weights of the best epoch are restored (`restore_best_weights`).

{% if ask == "stop" %}After which epoch would training stop? {% else %}The weights of which epoch would be kept? {% endif %}Give the epoch number (epochs are numbered from 1).""",
    "zh": r"""一个网络训练了 {{ losses|length }} 个 epoch，每个 epoch 结束后记录的验证损失如下：

| epoch | 验证损失 |
|---|---|
{% for x in losses %}
| {{ loop.index }} | {{ "%.3f"|format(x) }} |
{% endfor %}

假如使用耐心值 $p = {{ patience }}$ 的早停：每个 epoch 之后，验证损失严格低于此前最好值算作一次改进，计数器清零；否则计数器加 1；
计数器达到 $p$ 的那个 epoch 结束后立即停止训练，并恢复最好那个 epoch 的权重（`restore_best_weights`）。

{% if ask == "stop" %}训练会在第几个 epoch 之后停止？{% else %}最终保留的是第几个 epoch 的权重？{% endif %}请给出 epoch 的编号（从 1 开始）。""",
}

EXPLANATION = {
    "en": r"""{% set ns = namespace(best=1000.0, at=0, wait=0, stop=0, steps=[]) %}
{% for x in losses %}{% if ns.stop == 0 %}{% if x < ns.best %}{% set ns.best = x %}{% set ns.at = loop.index %}{% set ns.wait = 0 %}{% set ns.steps = ns.steps + [loop.index ~ ": " ~ "%.3f"|format(x) ~ " new best"] %}{% else %}{% set ns.wait = ns.wait + 1 %}{% set ns.steps = ns.steps + [loop.index ~ ": " ~ "%.3f"|format(x) ~ " counter " ~ ns.wait] %}{% if ns.wait == patience %}{% set ns.stop = loop.index %}{% endif %}{% endif %}{% endif %}{% endfor %}
Go through the epochs, keeping the best loss and a counter: {{ ns.steps|join("; ") }}.
The counter reaches $p = {{ patience }}$ at epoch {{ ns.stop }}, so training stops after epoch {{ ns.stop }}; the best
epoch is {{ ns.at }} (loss {{ "%.3f"|format(ns.best) }}), whose weights are restored. The answer is
**{{ ns.stop if ask == "stop" else ns.at }}**. Earlier rises that lasted fewer than {{ patience }} epochs did not stop
the run: that is what patience is for (the course: do not stop the first time the validation error goes up); and
whatever was logged after epoch {{ ns.stop }}, even a lower loss, is never seen by a run that has stopped.""",
    "zh": r"""{% set ns = namespace(best=1000.0, at=0, wait=0, stop=0, steps=[]) %}
{% for x in losses %}{% if ns.stop == 0 %}{% if x < ns.best %}{% set ns.best = x %}{% set ns.at = loop.index %}{% set ns.wait = 0 %}{% set ns.steps = ns.steps + [loop.index ~ "：" ~ "%.3f"|format(x) ~ " 新的最好值"] %}{% else %}{% set ns.wait = ns.wait + 1 %}{% set ns.steps = ns.steps + [loop.index ~ "：" ~ "%.3f"|format(x) ~ " 计数 " ~ ns.wait] %}{% if ns.wait == patience %}{% set ns.stop = loop.index %}{% endif %}{% endif %}{% endif %}{% endfor %}
逐个 epoch 记录最好损失和计数器：{{ ns.steps|join("；") }}。
计数器在第 {{ ns.stop }} 个 epoch 达到 $p = {{ patience }}$，所以训练在第 {{ ns.stop }} 个 epoch 之后停止；最好的是第 {{ ns.at }} 个 epoch
（损失 {{ "%.3f"|format(ns.best) }}），恢复的是它的权重。答案是 **{{ ns.stop if ask == "stop" else ns.at }}**。
之前持续不到 {{ patience }} 个 epoch 的上升不会让训练停止：这正是耐心值的作用（课程：不应在第一次看到验证误差升高时就停止）；
第 {{ ns.stop }} 个 epoch 之后记录的任何值（哪怕损失更低），已经停止的训练都看不到。""",
}
