"""Mini-batch size in practice (course L7-5, 004 Q28; 004 Q12): one right statement drawn from a
pool, three wrong ones from another."""

from grader.bank.authoring import Choice, Int, Meta, Seq

from ._pool import pick, statement_options, statements_explained

META = Meta(
    title={"en": "Choosing the mini-batch size", "zh": "如何设置 minibatch 大小"},
    kind="choice",
    difficulty=1,
    points=1,
    source="004 Q28 (MiniBatch大小的设置经验); 004 Q12",
    tags=("foundations", "batch size", "hyper-parameters", "practice"),
    covers="hyperparameter_practice",
    check=Choice(),
)

RIGHT = [
    {"en": "A typical mini-batch size lies between 32 and 256; 32 is a common starting point.",
     "zh": "minibatch 大小一般在 32 到 256 之间，32 是常用的起点。",
     "why": {"en": "the course's rule of thumb.", "zh": "这是课程给出的经验值。"}},
    {"en": "Larger mini-batches speed up the matrix computations but take more memory.",
     "zh": "较大的 minibatch 能加快矩阵运算，但占用更多内存。",
     "why": {"en": "more samples per matrix product use the hardware better, at a memory cost.",
             "zh": "一次矩阵乘法处理更多样本，硬件利用率更高，代价是内存。"}},
    {"en": "When training runs out of memory, a first fix is to reduce the mini-batch size.",
     "zh": "训练时内存不足，首先可以减小 minibatch 大小。",
     "why": {"en": "the activations kept for backpropagation grow with the batch size.",
             "zh": "为反向传播保存的激活值随 batch 大小增长。"}},
    {"en": "Smaller mini-batches give noisier gradients, and the noise can help escape poor local minima.",
     "zh": "较小的 minibatch 使梯度噪声更大，而噪声有助于跳出不好的局部极小值。",
     "why": {"en": "the course notes that this noise keeps training from stopping in a local minimum.",
             "zh": "课程指出这种噪声有助于防止训练停在局部最小处。"}},
]

WRONG = [
    {"en": "The batch should always be as large as memory allows, since larger batches always give higher accuracy.",
     "zh": "batch 应当总是取内存允许的最大值，因为 batch 越大准确率总是越高。",
     "why": {"en": "the course warns that too large a batch is slow per update, costly and can lower accuracy.",
             "zh": "课程提醒：batch 过大每次更新太慢、计算成本过高，还可能降低准确度。"}},
    {"en": "A batch of a single sample gives the most stable, least noisy gradient estimate.",
     "zh": "只含一个样本的 batch 给出的梯度估计最稳定、噪声最小。",
     "why": {"en": "one sample is the noisiest estimate (plain SGD); averaging over a batch reduces the noise.",
             "zh": "单个样本的梯度噪声最大（纯 SGD）；对一个 batch 求平均才能降低噪声。"}},
    {"en": "The mini-batch size has no influence on how much memory training needs.",
     "zh": "minibatch 大小对训练所需的内存没有影响。",
     "why": {"en": "activations are stored for every sample of the batch, so memory grows with it.",
             "zh": "batch 中每个样本的激活值都要保存，内存随 batch 大小增长。"}},
    {"en": "Smaller mini-batches always finish an epoch faster, since each update is cheaper.",
     "zh": "minibatch 越小，完成一个 epoch 总是越快，因为每次更新更便宜。",
     "why": {"en": "an epoch then needs more updates and uses the hardware less efficiently, so it is usually slower.",
             "zh": "这样一个 epoch 需要更多次更新，硬件利用率也更低，通常反而更慢。"}},
    {"en": "The gradient noise of small mini-batches only ever hurts training and never helps.",
     "zh": "小 minibatch 带来的梯度噪声只会损害训练，从不会有帮助。",
     "why": {"en": "the course points out the noise can keep training from stopping in a local minimum.",
             "zh": "课程指出这种噪声有助于防止训练停在局部最小处。"}},
    {"en": "For typical networks the usual mini-batch size is 4,096 to 65,536 samples.",
     "zh": "对一般的网络，常用的 minibatch 大小是 4,096 到 65,536 个样本。",
     "why": {"en": "the course's range is 32 to 256.", "zh": "课程给出的范围是 32 到 256。"}},
]

PARAMS = {
    "right": Seq(Int(0, len(RIGHT) - 1), min_len=1, max_len=1),
    "wrong": Seq(Int(0, len(WRONG) - 1), min_len=3, max_len=3),
}


def generate(rng):
    return {"right": pick(rng, len(RIGHT), 1), "wrong": sorted(pick(rng, len(WRONG), 3))}


def options(p):
    return statement_options(RIGHT, WRONG, p)


PROMPT = {
    "en": "Which statement about choosing the mini-batch size is correct?",
    "zh": "关于如何设置 minibatch 的大小，下列哪一种说法是正确的？",
}

EXPLANATION = {
    "en": """The course: 32 is a common mini-batch size and 32–256 the usual range. Larger batches make the matrix
computations faster but need more memory (reduce the batch on out-of-memory errors); too large a batch makes each
update slow and costly and can lower accuracy. Smaller batches add gradient noise, which helps training avoid
stopping in a local minimum; too small a batch is dominated by noise.

""" + statements_explained(RIGHT, WRONG, "en"),
    "zh": """课程：常用的 minibatch 大小是 32，一般选择 32–256。较大的 minibatch 能加快矩阵运算，但需要更多内存（内存不足时减小 minibatch）；
过大则每次更新慢、计算成本高，还可能降低准确度。较小的 minibatch 带来梯度噪声，有助于防止训练停在局部最小处；太小则噪声主导。

""" + statements_explained(RIGHT, WRONG, "zh"),
}
