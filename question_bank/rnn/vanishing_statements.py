"""Why RNN gradients vanish or explode (even with one layer), what vanishes (the long-range terms of
a sum, 003) and what the remedies do (clipping: explosion only)."""

import numpy as np

from grader.bank.authoring import Choice, Meta, draw_pool, pool_options, pool_schema

from ._statements import statement

META = Meta(
    title={"en": "Vanishing and exploding gradients in RNNs", "zh": "RNN 中的梯度消失与梯度爆炸"},
    kind="multi",
    difficulty=3,
    points=3,
    source="000 RNN梯度消失与梯度爆炸 / 即使只有一层的RNN模型…为什么?; 003 RNN 注意; 001 Q5-Q6; 004 Q11",
    tags=("rnn", "bptt", "vanishing gradient", "exploding gradient", "gradient clipping"),
    covers="bptt",
    check=Choice(),
)

RIGHT = [
    statement(r"An early step's gradient contains $\prod_j \partial s_j / \partial s_{j-1}$, one factor per step in between.",
              r"早期时刻的梯度包含 $\prod_j \partial s_j / \partial s_{j-1}$，中间每个时刻贡献一个因子。"),
    statement("Even a one-layer RNN can vanish or explode: the same $W$ is applied once per time step.",
              "即使只有一层的 RNN 也会梯度消失或爆炸：同一个 $W$ 在每个时刻都被作用一次。"),
    statement("The total gradient of a shared weight is a sum over steps; it is the long-range terms that vanish.",
              "共享权重的总梯度是各时刻之和；消失的是其中的远距离项。"),
    statement("Gradient clipping bounds exploding gradients but does nothing against vanishing ones.",
              "梯度裁剪能限制梯度爆炸，但对梯度消失毫无作用。"),
]

WRONG = [
    statement("A one-layer RNN cannot have vanishing gradients; that needs many stacked layers.",
              "单层 RNN 不会出现梯度消失，那需要堆叠很多层才会出现。",
              feedback=("Unrolled over $T$ steps, a one-layer RNN is $T$ layers deep in time, with the same $W$ in every factor.",
                        "按 $T$ 步展开后，单层 RNN 在时间上就是 $T$ 层深，而且每个因子里都是同一个 $W$。")),
    statement("Gradient clipping also cures vanishing gradients by scaling small ones up to the threshold.",
              "梯度裁剪也能治疗梯度消失：它会把小梯度放大到阈值。",
              feedback=("Clipping multiplies by $\\min(1, c/\\|g\\|)$: it only ever shrinks gradients, never enlarges them.",
                        "裁剪乘的是 $\\min(1, c/\\|g\\|)$：它只会缩小梯度，从不放大。")),
    statement("With a linear activation an RNN cannot vanish: only the sigmoid's 0.25 bound causes it.",
              "使用线性激活时 RNN 不会梯度消失：只有 sigmoid 导数 ≤ 0.25 才会导致它。",
              feedback=("A linear RNN still multiplies by $w$ per step: $w^k \\to 0$ for $|w| < 1$ and explodes for $|w| > 1$.",
                        "线性 RNN 每一步仍要乘以 $w$：$|w| < 1$ 时 $w^k \\to 0$，$|w| > 1$ 时则爆炸。")),
    statement("Because the weights are shared, every time step gets the same gradient, so nothing is multiplied.",
              "由于权重共享，每个时刻得到的梯度都相同，所以不存在连乘。",
              feedback=("Sharing makes the same factor repeat along the chain: the chain rule multiplies it once per step.",
                        "权重共享使同一个因子沿链条反复出现：链式法则每经过一步就乘一次。")),
    statement("With ReLU activations an RNN can neither vanish nor explode.",
              "使用 ReLU 激活后，RNN 既不会梯度消失也不会梯度爆炸。",
              feedback=("ReLU's derivative is 0 or 1, but the factor $W$ still repeats: large $W$ explodes and dead units pass no gradient.",
                        "ReLU 的导数是 0 或 1，但因子 $W$ 仍会重复出现：$W$ 较大时会爆炸，死亡的单元则完全不传梯度。")),
]

PARAMS = pool_schema(RIGHT, WRONG, n_right=(2, 3), n_wrong=(2, 3))


def generate(rng: np.random.Generator) -> dict:
    n_right = int(rng.integers(2, 4))
    return draw_pool(rng, RIGHT, WRONG, n_right=n_right, n_options=5)


def options(p):
    return pool_options(p, RIGHT, WRONG)


PROMPT = {
    "en": r"""An RNN $s_t = \tanh(W s_{t-1} + U x_t)$ is trained with BPTT on long sequences.
Which of these statements about its gradients are true? Select all that apply.""",
    "zh": r"""用 BPTT 在长序列上训练 RNN $s_t = \tanh(W s_{t-1} + U x_t)$。
下列关于其梯度的说法，哪些是正确的？（多选）""",
}

EXPLANATION = {
    "en": r"""BPTT gives $\dfrac{\partial L_t}{\partial W} = \sum_{k} \dfrac{\partial L_t}{\partial s_t}
\Big(\prod_{j=k+1}^{t} \dfrac{\partial s_j}{\partial s_{j-1}}\Big) \dfrac{\partial s_k}{\partial W}$ (000).
Each factor is $\operatorname{diag}(1 - s_j^2)\,W$, the same $W$ every time: over many steps the product shrinks to 0 or
blows up, whatever the number of layers, and with any activation (a linear RNN has $W^k$; ReLU keeps $W$ and adds dead units).
The total gradient is a sum over $k$, so it does not vanish as a whole: the long-range terms vanish and the short-range
ones dominate, which is why the RNN fails to learn long dependencies (003).
Gradient clipping multiplies by $\min(1, c/\|g\|)$: it tames explosion but cannot revive vanished terms (gated cells do that).""",
    "zh": r"""BPTT 给出 $\dfrac{\partial L_t}{\partial W} = \sum_{k} \dfrac{\partial L_t}{\partial s_t}
\Big(\prod_{j=k+1}^{t} \dfrac{\partial s_j}{\partial s_{j-1}}\Big) \dfrac{\partial s_k}{\partial W}$（000）。
每个因子都是 $\operatorname{diag}(1 - s_j^2)\,W$，每次都是同一个 $W$：经过很多步后连乘会趋于 0 或爆炸，与层数无关，也与激活函数无关
（线性 RNN 得到 $W^k$；ReLU 保留了 $W$，还会出现死亡单元）。
总梯度是对 $k$ 的求和，所以整体不会消失：消失的是远距离项，梯度被近距离项主导，因此 RNN 学不到长距离依赖（003）。
梯度裁剪乘以 $\min(1, c/\|g\|)$：它能抑制爆炸，但无法恢复已经消失的项（这要靠门控单元）。""",
}
