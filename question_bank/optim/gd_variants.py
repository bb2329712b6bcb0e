"""Multi-select: batch gradient descent vs SGD vs mini-batch (000 梯度下降的变种; 004 Q12), drawn from
pools of true and false statements."""

from grader.bank.authoring import Choice, Meta, Option, statement_pool

META = Meta(
    title={"en": "Batch, stochastic and mini-batch gradient descent", "zh": "批量、随机与小批量梯度下降"},
    kind="multi",
    difficulty=2,
    points=2,
    source="000 梯度下降的变种 (Gradient Descent, SGD, Mini-batch); 004 Q12 小批量法",
    tags=("gradient descent", "sgd", "mini-batch", "batch size"),
    covers="gradient_descent",
    check=Choice(),
)

RIGHT = [
    Option({"en": "With m training samples, SGD makes m parameter updates per epoch; batch gradient descent makes one",
            "zh": "训练集有 m 个样本时，SGD 每个 epoch 更新 m 次参数，批量梯度下降只更新 1 次"}, correct=True),
    Option({"en": "SGD's updates jitter strongly, because each one follows the gradient of a single sample",
            "zh": "SGD 的更新抖动明显，因为每次只沿单个样本的梯度方向走"}, correct=True),
    Option({"en": "A mini-batch averages the per-sample gradients: less noisy than SGD, cheaper per update than the full batch",
            "zh": "小批量对各样本的梯度取平均：比 SGD 噪声小，每次更新又比全批量便宜"}, correct=True),
    Option({"en": "Mini-batch gradient descent with a batch of all m samples is exactly batch gradient descent",
            "zh": "批大小取全部 m 个样本时，小批量梯度下降就是批量梯度下降"}, correct=True),
    Option({"en": "Batch gradient descent must go through every training sample for each update, which is slow for large m",
            "zh": "批量梯度下降每更新一次都要遍历所有训练样本，m 很大时训练很慢"}, correct=True),
]

WRONG = [
    Option({"en": "Batch gradient descent updates the parameters more often per epoch than SGD does",
            "zh": "每个 epoch 中，批量梯度下降比 SGD 更新参数的次数更多"},
           feedback={"en": "The other way round: batch gradient descent updates once per epoch, SGD once per sample.",
                     "zh": "正好相反：批量梯度下降每个 epoch 只更新一次，SGD 每个样本更新一次。"}),
    Option({"en": "SGD follows a smoother path to the minimum than batch gradient descent does",
            "zh": "SGD 走向极小值的路径比批量梯度下降更平滑"},
           feedback={"en": "SGD's single-sample gradients are noisy, so its path jitters; the full-batch gradient gives the smoothest path.",
                     "zh": "SGD 用单个样本的梯度，噪声大，路径抖动；全批量梯度的路径最平滑。"}),
    Option({"en": "A mini-batch has to contain at least half of the training set to be useful",
            "zh": "小批量至少要包含一半训练样本才有用"},
           feedback={"en": "The batch size can be anything from 1 to m; typical sizes are 32–256, a tiny fraction of large data sets.",
                     "zh": "批大小可以是 1 到 m 之间的任意值；常用 32–256，对大数据集而言只是很小的一部分。"}),
    Option({"en": "Each SGD step follows the exact gradient of the whole training loss",
            "zh": "SGD 的每一步都沿着整个训练损失的精确梯度方向"},
           feedback={"en": "SGD uses one sample's gradient, only a noisy estimate of the full gradient.",
                     "zh": "SGD 用的是单个样本的梯度，只是对全体梯度的一个带噪声的估计。"}),
    Option({"en": "The larger the batch, the more parameter updates an epoch contains",
            "zh": "批越大，一个 epoch 中的参数更新次数越多"},
           feedback={"en": "An epoch has ⌈m / batch size⌉ updates: larger batches mean fewer updates.",
                     "zh": "一个 epoch 有 ⌈m / 批大小⌉ 次更新：批越大，更新次数越少。"}),
]

PARAMS, generate, options = statement_pool(RIGHT, WRONG, n_right=(2, 3), n_options=5)


PROMPT = {
    "en": "A training set has m samples. Which of these statements about batch gradient descent, stochastic gradient "
          "descent (SGD, one sample per update) and mini-batch gradient descent are true? Pick all that apply.",
    "zh": "训练集有 m 个样本。关于批量梯度下降、随机梯度下降（SGD，每次更新用一个样本）和小批量梯度下降，下列哪些说法正确？（多选）",
}

EXPLANATION = {
    "en": r"""Batch gradient descent computes the gradient over all $m$ samples: one smooth but expensive update per epoch,
slow when $m$ is large. SGD updates after every sample: $m$ cheap updates per epoch, each following a noisy
one-sample gradient, so the path jitters. Mini-batch gradient descent sits in between: it averages the gradient
over a batch of any size from 1 to $m$ (1 is SGD, $m$ is batch gradient descent), which reduces the noise while
keeping updates cheap; an epoch has $\lceil m/\text{batch size}\rceil$ updates, fewer for larger batches.""",
    "zh": r"""批量梯度下降在全部 $m$ 个样本上计算梯度：每个 epoch 只有一次平滑但昂贵的更新，$m$ 很大时很慢。
SGD 每个样本更新一次：每个 epoch 有 $m$ 次便宜的更新，但每次都沿着带噪声的单样本梯度走，路径抖动明显。
小批量梯度下降介于两者之间：在大小为 1 到 $m$ 的批上对梯度取平均（取 1 即 SGD，取 $m$ 即批量梯度下降），既降低了噪声又保持更新便宜；
一个 epoch 有 $\lceil m/\text{批大小}\rceil$ 次更新，批越大次数越少。""",
}
