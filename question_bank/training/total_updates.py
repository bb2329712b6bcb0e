"""Total number of parameter updates over a training run: epochs × ceil(N / batch), the last,
smaller batch of every epoch included (DataLoader drop_last=False).

The notes' example, one epoch of 2048 samples in batches of 128 (16 iterations), reproduces with
--params '{"n_samples": 2048, "batch_size": 128, "epochs": 1}'.
"""

import numpy as np

from grader.bank.authoring import Int, Meta, Mistake, Numeric, draw_distinct

META = Meta(
    title={"en": "Parameter updates in a training run", "zh": "整个训练过程中的参数更新次数"},
    kind="numeric",
    difficulty=1,
    points=1,
    source="000 几个基本概念 (Epoch / Batch / Iteration)",
    tags=("training", "epoch", "batch", "iteration"),
    covers="training_loop",
    check=Numeric(exact_integer=True),
)

PARAMS = {
    "n_samples": Int(1, 10_000_000),
    "batch_size": Int(1, 65_536),
    "epochs": Int(1, 1000),
}


def _per_epoch(p):
    return -(-p["n_samples"] // p["batch_size"])


def _draw(rng):
    batch_size = int(rng.choice([16, 32, 50, 64, 100, 128, 200, 256]))
    n_samples = int(rng.integers(20 * batch_size, 400 * batch_size))
    if rng.random() < 0.2:  # now and then the batches divide the data exactly
        n_samples -= n_samples % batch_size
    return {"n_samples": n_samples, "batch_size": batch_size, "epochs": int(rng.integers(2, 51))}


def generate(rng: np.random.Generator) -> dict:
    return draw_distinct(rng, _draw, answer=answer, mistakes=MISTAKES)


def answer(p: dict) -> int:
    return p["epochs"] * _per_epoch(p)


def _if_remainder(value):
    """A mistake that only differs from the key when the batches do not divide the data."""
    return lambda p: value(p) if p["n_samples"] % p["batch_size"] else None


MISTAKES = [
    Mistake(
        _if_remainder(lambda p: p["epochs"] * (p["n_samples"] // p["batch_size"])),
        {"en": "You rounded down. The last, smaller batch of each epoch is still a forward/backward pass and an update: "
               "each epoch has ⌈N/B⌉ iterations.",
         "zh": "你向下取整了。每个 epoch 最后那个不满的 batch 仍要做一次前向/反向传播和一次更新：每个 epoch 有 ⌈N/B⌉ 次迭代。"},
    ),
    Mistake(
        _if_remainder(lambda p: -(-p["epochs"] * p["n_samples"] // p["batch_size"])),
        {"en": "That is ⌈E·N/B⌉, as if the batches ran on across epoch boundaries. Each epoch starts afresh and ends "
               "with its own partial batch, so it is E·⌈N/B⌉.",
         "zh": "这是 ⌈E·N/B⌉，相当于 batch 跨越了 epoch 的边界。每个 epoch 都重新开始并以自己那个不满的 batch 结束，所以应为 E·⌈N/B⌉。"},
    ),
    Mistake(
        lambda p: _per_epoch(p),
        {"en": "That is one epoch only; the run has E epochs, each with ⌈N/B⌉ updates.",
         "zh": "这只是一个 epoch 的更新次数；整个训练有 E 个 epoch，每个 epoch 都有 ⌈N/B⌉ 次更新。"},
    ),
    Mistake(
        lambda p: p["epochs"] * p["n_samples"],
        {"en": "That counts one update per sample (plain SGD). With mini-batches one update uses a whole batch.",
         "zh": "这是每个样本更新一次（纯 SGD）的次数。使用 mini-batch 时，一次更新用掉一整个 batch。"},
    ),
]

PROMPT = {
    "en": r"""A network is trained for $E = {{ epochs }}$ epochs on $N = {{ n_samples }}$ samples with mini-batches of
$B = {{ batch_size }}$. Every epoch goes once through the (reshuffled) data, and its last batch is kept even when it
holds fewer than $B$ samples (PyTorch's `DataLoader` with `drop_last=False`). The optimizer takes one step per batch.

How many parameter updates does the whole run make? Give an integer.""",
    "zh": r"""一个网络在 $N = {{ n_samples }}$ 个样本上训练 $E = {{ epochs }}$ 个 epoch，mini-batch 大小为 $B = {{ batch_size }}$。
每个 epoch 把（重新打乱的）数据完整过一遍，最后一个 batch 即使不足 $B$ 个样本也保留（PyTorch `DataLoader` 的 `drop_last=False`）。
优化器每个 batch 更新一次参数。

整个训练过程一共进行多少次参数更新？请给出一个整数。""",
}

EXPLANATION = {
    "en": r"""One update per batch, and each epoch is cut into batches on its own:
{% if n_samples % batch_size %}
${{ n_samples }} = {{ n_samples // batch_size }} \times {{ batch_size }} + {{ n_samples % batch_size }}$, so an epoch has
{{ n_samples // batch_size }} full batches plus one batch of {{ n_samples % batch_size }}:
{% else %}
${{ n_samples }} = {{ n_samples // batch_size }} \times {{ batch_size }}$, so the batches divide the data exactly:
{% endif %}
$\lceil N/B \rceil = {{ -(-n_samples // batch_size) }}$ iterations per epoch. Over $E = {{ epochs }}$ epochs:
$E \cdot \lceil N/B \rceil = {{ epochs }} \times {{ -(-n_samples // batch_size) }} = {{ epochs * -(-n_samples // batch_size) }}$ updates.
(The notes' example: 2048 samples with batch size 128 give 16 iterations per epoch.)""",
    "zh": r"""每个 batch 更新一次，且每个 epoch 单独切分 batch：
{% if n_samples % batch_size %}
${{ n_samples }} = {{ n_samples // batch_size }} \times {{ batch_size }} + {{ n_samples % batch_size }}$，所以每个 epoch 有
{{ n_samples // batch_size }} 个完整 batch，外加一个含 {{ n_samples % batch_size }} 个样本的 batch：
{% else %}
${{ n_samples }} = {{ n_samples // batch_size }} \times {{ batch_size }}$，恰好整除：
{% endif %}
每个 epoch $\lceil N/B \rceil = {{ -(-n_samples // batch_size) }}$ 次迭代。$E = {{ epochs }}$ 个 epoch 共
$E \cdot \lceil N/B \rceil = {{ epochs }} \times {{ -(-n_samples // batch_size) }} = {{ epochs * -(-n_samples // batch_size) }}$ 次更新。
（笔记中的例子：2048 个样本、batch size 128，每个 epoch 16 次迭代。）""",
}
