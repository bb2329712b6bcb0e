"""Constant (e.g. zero) initialisation: the hidden units stay identical, the symmetry is never broken (001 Q13)."""

import numpy as np

from grader.bank.authoring import Choice, Int, Meta, OneOf, Option, draw_pool, pool_options, pool_schema

META = Meta(
    title={"en": "Initialising every weight to the same value", "zh": "把所有权重初始化为同一个值"},
    kind="choice",
    difficulty=2,
    points=2,
    source="001 Q13 (在设定神经网络的初始值时, 是否可以将其均设为0?)",
    tags=("initialization", "symmetry", "zero initialization"),
    covers="nonlinearity_init",
    check=Choice(),
)

RIGHT = [
    Option({"en": "All {{ hidden }} hidden units compute the same output and get the same updates, so they stay identical forever",
            "zh": "{{ hidden }} 个隐藏单元的输出相同、更新也相同，所以它们永远保持一样"}, correct=True),
    Option({"en": "Gradient descent never breaks the symmetry: the hidden layer behaves like a single unit copied {{ hidden }} times",
            "zh": "梯度下降永远打破不了这种对称性：隐藏层的表现就像把一个单元复制了 {{ hidden }} 次"}, correct=True),
]

WRONG = [
    Option({"en": "The symmetry is broken after a few steps, because different training samples reach the hidden units",
            "zh": "几步之后对称性就会被打破，因为到达隐藏单元的训练样本各不相同"},
           feedback={"en": "Every hidden unit sees the same input vector for each sample, with the same weights, so every sample "
                           "changes all of them in the same way.",
                     "zh": "对每个样本，所有隐藏单元看到的都是同一个输入向量、用的是相同的权重，所以每个样本对它们的改变都完全一样。"}),
    Option({"en": "No weight ever changes, because every gradient in the network is exactly zero from the start",
            "zh": "没有任何权重会改变，因为从一开始网络中的每个梯度都恰好为零"},
           feedback={"en": "The output layer's gradients δ_o·h are not zero (h = σ(·) > 0), so weights do change; they just change "
                           "identically for every hidden unit.",
                     "zh": "输出层的梯度 δ_o·h 并不为零（h = σ(·) > 0），所以权重会变化；只是每个隐藏单元的变化都完全相同。"}),
    Option({"en": "It trains as well as a random initialisation does, only more slowly at the start",
            "zh": "它的训练效果与随机初始化一样好，只是开始时慢一些"},
           feedback={"en": "It never reaches what a random start can: {{ hidden }} identical units have the capacity of one unit.",
                     "zh": "它永远达不到随机初始化的效果：{{ hidden }} 个相同的单元只有一个单元的表达能力。"}),
    Option({"en": "It is harmless as long as the learning rate is small enough to keep the updates stable",
            "zh": "只要学习率足够小、更新足够稳定，这样初始化就没有害处"},
           feedback={"en": "The learning rate scales every unit's update by the same factor; it cannot make identical units differ.",
                     "zh": "学习率对每个单元的更新乘上的是同一个系数，无法让相同的单元变得不同。"}),
    Option({"en": "The gradients explode, because the same value is added up over all {{ hidden }} units",
            "zh": "梯度会爆炸，因为同一个值在全部 {{ hidden }} 个单元上累加"},
           feedback={"en": "Nothing grows without bound here; the problem is that the units stay copies of each other.",
                     "zh": "这里没有什么会无限增大；问题在于这些单元始终是彼此的复制品。"}),
]

PARAMS = {**pool_schema(RIGHT, WRONG), "hidden": Int(2, 1024), "inputs": Int(1, 1024), "value": OneOf((0, 0.01, 0.1, 0.5))}


def generate(rng: np.random.Generator) -> dict:
    return {**draw_pool(rng, RIGHT, WRONG), "hidden": int(rng.choice([4, 8, 16, 32, 50, 64, 100, 128])),
            "inputs": int(rng.choice([2, 3, 10, 20, 784])), "value": [0, 0, 0.01, 0.1, 0.5][int(rng.integers(5))]}


def options(p):
    return pool_options(p, RIGHT, WRONG)


PROMPT = {
    "en": r"""A network with {{ inputs }} inputs, one hidden layer of {{ hidden }} sigmoid units and one output is trained by gradient descent
on a data set of many different samples. Before training, **every** weight and bias is set to the same value {{ value }}.
What happens to the hidden units during training?""",
    "zh": r"""一个网络有 {{ inputs }} 个输入、一个含 {{ hidden }} 个 sigmoid 单元的隐藏层和一个输出，用梯度下降在包含许多不同样本的数据集上训练。
训练开始前，**所有**权重和偏置都被设为同一个值 {{ value }}。训练过程中隐藏单元会怎样？""",
}

EXPLANATION = {
    "en": r"""With equal weights and biases, every hidden unit computes the same $h = \sigma(\cdot)$ for each sample, and their outgoing
weights are equal too. Backpropagation then gives each of them the same error $\delta_h = \delta_o\, w\, h(1 - h)$ and hence
the same update, for every sample and every step: the units are interchangeable, and nothing in the gradient can tell
them apart. The layer of {{ hidden }} units therefore has the capacity of a single unit (the notes: 学习的过程陷入一种无用的对称性中).
Weights do change (the output layer's gradient $\delta_o h$ is not 0), and the learning rate or the data cannot break
the tie. Random initialisation (e.g. with std $1/\sqrt{M}$) gives each unit its own starting point.""",
    "zh": r"""权重和偏置都相等时，对每个样本每个隐藏单元算出的 $h = \sigma(\cdot)$ 都相同，它们连向输出的权重也相等。
于是反向传播给它们的误差 $\delta_h = \delta_o\, w\, h(1 - h)$ 相同，更新也相同，每个样本、每一步都是如此：这些单元可以互换，
梯度中没有任何东西能把它们区分开。因此 {{ hidden }} 个单元的隐藏层只有一个单元的表达能力（笔记：学习的过程陷入一种无用的对称性中）。
权重确实会变化（输出层的梯度 $\delta_o h$ 不为 0），但学习率或数据都无法打破这种对称。随机初始化（例如标准差为 $1/\sqrt{M}$）
让每个单元有各自不同的起点。""",
}
