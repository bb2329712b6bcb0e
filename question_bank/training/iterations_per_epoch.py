"""Iterations per epoch: ceil(N / batch size), the last, smaller batch included."""

import numpy as np

from grader.bank.authoring import Int, Meta, Mistake, Numeric, draw_distinct

META = Meta(
    title={"en": "Iterations per epoch", "zh": "每个 epoch 的迭代次数"},
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
}

BATCH_SIZES = (16, 32, 50, 64, 100, 128, 200, 256, 512)


def generate(rng: np.random.Generator) -> dict:
    batch_size = int(rng.choice(BATCH_SIZES))
    # Redrawn until the floor mistake differs from the key: always leave a remainder, which is
    # where ceil and floor part ways.
    return draw_distinct(rng, lambda r: {"n_samples": int(r.integers(5 * batch_size, 400 * batch_size)),
                                         "batch_size": batch_size},
                         answer=answer, mistakes=MISTAKES)


def answer(p: dict) -> int:
    return -(-p["n_samples"] // p["batch_size"])


MISTAKES = [
    Mistake(
        lambda p: p["n_samples"] // p["batch_size"],
        {
            "en": "You rounded down. The last batch is smaller than the others, but it is still one "
                  "forward/backward pass and one update, so it counts as an iteration: round up.",
            "zh": "你向下取整了。最后一个 batch 虽然不满，但仍要做一次前向/反向传播和一次参数更新，"
                  "也算一次迭代，所以应向上取整。",
        },
    ),
    Mistake(
        lambda p: -(-p["n_samples"] // p["batch_size"]) + 1,
        {
            "en": "One too many: the last, partial batch is the ceiling itself; do not add it again.",
            "zh": "多算了一次：向上取整已经把最后那个不满的 batch 算进去了，不要再加 1。",
        },
    ),
]

PROMPT = {
    "en": r"""A training set has $N = {{ n_samples }}$ samples and we train with mini-batches of
$B = {{ batch_size }}$ samples. The samples are not repeated within an epoch, and the last batch
is kept even when it is smaller than $B$ (PyTorch's `DataLoader` with `drop_last=False`).

How many iterations (parameter updates) make up one epoch? Give an integer.""",
    "zh": r"""训练集共有 $N = {{ n_samples }}$ 个样本，使用 mini-batch 训练，每个 batch 含 $B = {{ batch_size }}$ 个样本。
一个 epoch 内每个样本只用一次；最后一个 batch 即使不足 $B$ 个样本也保留（相当于 PyTorch `DataLoader` 的 `drop_last=False`）。

完成一个 epoch 需要多少次迭代（即多少次参数更新）？请给出一个整数。""",
}

EXPLANATION = {
    "en": r"""One iteration uses one batch.
{% if n_samples % batch_size %}
${{ n_samples }} = {{ n_samples // batch_size }} \times {{ batch_size }} + {{ n_samples % batch_size }}$:
{{ n_samples // batch_size }} full batches and one last batch of {{ n_samples % batch_size }} samples, which is
still an update, so
{% else %}
${{ n_samples }} = {{ n_samples // batch_size }} \times {{ batch_size }}$: the batches divide the data exactly, so
{% endif %}
$\lceil N / B \rceil = \lceil {{ n_samples }} / {{ batch_size }} \rceil = {{ -(-n_samples // batch_size) }}$ iterations.
(The notes' example: 2048 samples with batch size 128 gives exactly 16.)""",
    "zh": r"""一次迭代使用一个 batch。
{% if n_samples % batch_size %}
${{ n_samples }} = {{ n_samples // batch_size }} \times {{ batch_size }} + {{ n_samples % batch_size }}$：
共有 {{ n_samples // batch_size }} 个完整的 batch，外加最后一个只有 {{ n_samples % batch_size }} 个样本的 batch，它同样要做一次更新，所以
{% else %}
${{ n_samples }} = {{ n_samples // batch_size }} \times {{ batch_size }}$：恰好整除，所以
{% endif %}
$\lceil N / B \rceil = \lceil {{ n_samples }} / {{ batch_size }} \rceil = {{ -(-n_samples // batch_size) }}$ 次迭代。
（笔记中的例子：2048 个样本、batch size 为 128，恰好 16 次。）""",
}
