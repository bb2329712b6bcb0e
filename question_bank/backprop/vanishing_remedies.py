"""Multi-select: remedies for vanishing gradients (000 解决办法, 003 梯度消失), drawn from pools."""

from grader.bank.authoring import Choice, Meta, Option, statement_pool

META = Meta(
    title={"en": "Remedies for vanishing gradients", "zh": "梯度消失的解决办法"},
    kind="multi",
    difficulty=1,
    points=2,
    source="000 梯度不稳定问题 (解决办法 1-6); 003 梯度消失; 001 Q7, Q11",
    tags=("vanishing gradient", "relu", "batch normalization", "residual", "lstm", "initialization"),
    covers="vanishing_gradients",
    check=Choice(),
)

RIGHT = [
    Option({"en": "Use ReLU-type activations in the hidden layers: their derivative is 1 for positive inputs",
            "zh": "隐藏层改用 ReLU 类激活函数：输入为正时其导数为 1"}, correct=True),
    Option({"en": "Add batch normalisation, which keeps pre-activations out of the sigmoid's flat, saturated ends",
            "zh": "加入批标准化（BN），使激活前的值远离 sigmoid 平坦的饱和区"}, correct=True),
    Option({"en": "Add residual (shortcut) connections, so the gradient has a path that skips layers",
            "zh": "加入残差（捷径）连接，让梯度有一条跳过若干层的通路"}, correct=True),
    Option({"en": "In recurrent networks, use LSTM cells: their additive cell update lets the gradient through",
            "zh": "在循环网络中改用 LSTM 单元：其细胞状态的加法式更新让梯度得以通过"}, correct=True),
    Option({"en": "Initialise weights with a variance scaled to the fan-in (Xavier / He), not arbitrarily",
            "zh": "按输入个数缩放权重初始化的方差（Xavier / He 初始化），而不是随意初始化"}, correct=True),
]

WRONG = [
    Option({"en": "Use the sigmoid in every hidden layer, because its output always stays in (0, 1)",
            "zh": "每个隐藏层都用 sigmoid，因为它的输出总在 (0, 1) 之内"},
           feedback={"en": "The sigmoid is the cause: σ′ ≤ 0.25, and backpropagation multiplies one such factor per layer.",
                     "zh": "sigmoid 正是原因：σ′ ≤ 0.25，而反向传播每经过一层就乘上一个这样的因子。"}),
    Option({"en": "Raise the learning rate so that the tiny gradients still produce large steps",
            "zh": "调大学习率，让很小的梯度也能产生较大的更新步长"},
           feedback={"en": "A larger learning rate scales every layer's step alike: the last layers overshoot or diverge while "
                           "the first layers' gradients stay many orders of magnitude smaller. The product of small factors remains.",
                     "zh": "调大学习率会同样放大每一层的步长：靠后的层会越过最优点甚至发散，而靠前层的梯度仍小好几个数量级，"
                           "小因子的连乘依然存在。"}),
    Option({"en": "Clip the gradient norm to a maximum value before every update step",
            "zh": "每次更新前把梯度的范数裁剪到一个最大值以内"},
           feedback={"en": "Gradient clipping only shrinks gradients that are too large: it is a remedy for exploding gradients "
                           "and never enlarges a vanishing one.",
                     "zh": "梯度裁剪只会缩小过大的梯度：它是针对梯度爆炸的办法，不会放大正在消失的梯度。"}),
    Option({"en": "Initialise all weights to zero so that no layer starts out saturated",
            "zh": "把所有权重初始化为 0，使任何一层在开始时都不饱和"},
           feedback={"en": "With zero weights the backpropagated factor w·σ′ is 0 and the units of a layer stay identical "
                           "(symmetry): the hidden layers cannot learn at all at the start.",
                     "zh": "权重全为 0 时，反向传播的因子 w·σ′ 为 0，同一层的单元也始终相同（对称性）：隐藏层一开始根本学不动。"}),
    Option({"en": "Add more sigmoid layers, so the gradient can reach the input along more paths",
            "zh": "再加几层 sigmoid，让梯度沿更多路径到达输入"},
           feedback={"en": "More sigmoid layers lengthen the product of factors ≤ 0.25: the gradient vanishes faster. "
                           "Reducing the depth is the remedy (000: 减少网络层数).",
                     "zh": "更多的 sigmoid 层让 ≤ 0.25 的因子连乘更长，梯度消失得更快。减少网络层数才是办法（000）。"}),
    Option({"en": "Train the sigmoid output with squared error instead of cross-entropy",
            "zh": "sigmoid 输出改用平方误差而不是交叉熵来训练"},
           feedback={"en": "Squared error keeps the output's σ′ = σ(1 − σ) in the gradient, one more small factor; "
                           "cross-entropy cancels it (003).",
                     "zh": "平方误差的梯度里保留了输出层的 σ′ = σ(1 − σ)，又多了一个小因子；交叉熵会把它约掉（003）。"}),
]

PARAMS, generate, options = statement_pool(RIGHT, WRONG, n_right=(2, 3), n_options=5)


PROMPT = {
    "en": "A deep network trains very slowly: the gradients reaching its first layers are many orders of magnitude "
          "smaller than those of its last layers (vanishing gradients). Which of these changes are remedies? "
          "Pick all that apply.",
    "zh": "一个深层网络训练得非常慢：到达前几层的梯度比最后几层的梯度小好几个数量级（梯度消失）。"
          "下列哪些做法可以缓解？（多选）",
}

EXPLANATION = {
    "en": r"""The gradient reaching an early layer is a product of one factor $w\,f'(z)$ per layer above it; with
the sigmoid, $f' \le 0.25$, so the product shrinks exponentially with depth. Remedies make those factors
close to 1 or give the gradient a way around them: ReLU ($f' = 1$ for $z > 0$), batch normalisation (inputs
stay where $f'$ is not tiny), residual shortcuts (an identity path, derivative 1), LSTM cells in recurrent
networks (the additive update $c_t = f_t c_{t-1} + i_t \tilde c_t$), weight initialisation scaled to the
fan-in (factors of size about 1), and fewer layers.
Not remedies: more sigmoid layers or squared error on a sigmoid output (more small factors), a larger
learning rate (scales all layers alike, the ratio stays), gradient clipping (only caps large gradients:
for exploding ones), zero initialisation (factor 0 and symmetric units).""",
    "zh": r"""到达靠前层的梯度是上面每一层各一个因子 $w\,f'(z)$ 的乘积；用 sigmoid 时 $f' \le 0.25$，所以乘积随深度指数缩小。
解决办法要么让这些因子接近 1，要么给梯度一条绕开它们的路：ReLU（$z > 0$ 时 $f' = 1$）、批标准化（输入落在 $f'$ 不太小的区域）、
残差捷径（恒等通路，导数为 1）、循环网络中的 LSTM 单元（加法式更新 $c_t = f_t c_{t-1} + i_t \tilde c_t$）、按输入个数缩放的权重初始化
（因子大小约为 1），以及减少网络层数。
不是办法的：更多 sigmoid 层、sigmoid 输出配平方误差（更多小因子），调大学习率（所有层同样放大，比例不变），
梯度裁剪（只限制过大的梯度，针对梯度爆炸），全零初始化（因子为 0，且单元对称）。""",
}
