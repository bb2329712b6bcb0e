"""ReLU facts: dead units stop updating (their weights are not set to 0: erratum 27), ReLU does not
rule out exploding gradients (erratum 21); 001 Q10, 003 relu函数的作用."""

from grader.bank.authoring import Choice, Meta, Option, statement_pool

META = Meta(
    title={"en": "ReLU: dead units and exploding gradients", "zh": "ReLU：死亡单元与梯度爆炸"},
    kind="choice",
    difficulty=2,
    points=2,
    source="001 Q10 (relu 的 dead 状态, 梯度爆炸); 003 relu函数的作用 (缺点); 000 解决办法 2",
    tags=("activations", "relu", "dead relu", "exploding gradient"),
    covers="activations",
    check=Choice(),
)

RIGHT = [
    Option({"en": "A unit whose input is negative for every sample gets zero gradient: its weights stop updating and keep their values",
            "zh": "若某单元对所有样本的输入都为负，它的梯度为 0：其权重不再更新，保持原来的值"}, correct=True),
    Option({"en": "For positive input its derivative is 1, so the activation itself does not shrink the backpropagated gradient",
            "zh": "输入为正时其导数为 1，所以激活函数本身不会缩小反向传播的梯度"}, correct=True),
    Option({"en": "Gradients can still explode in a deep ReLU network with large weights; clipping or weight control helps",
            "zh": "权重较大时，深层 ReLU 网络的梯度仍可能爆炸；梯度裁剪或控制权重大小可以缓解"}, correct=True),
    Option({"en": "A learning rate that is too large can push many units into the dead, always-negative-input state",
            "zh": "学习率过大可能让很多单元进入输入总为负的“死亡”状态"}, correct=True),
]

WRONG = [
    Option({"en": "A dead unit's weights are driven to exactly 0 by the following updates, so the unit is pruned",
            "zh": "死亡单元的权重会在之后的更新中被推到恰好为 0，于是该单元被剪掉"},
           feedback={"en": "Its gradient is 0, so gradient descent no longer changes its weights: they keep whatever values they "
                           "had (the notes' \"参数一直为0\" should read: the gradient stays 0).",
                     "zh": "它的梯度为 0，梯度下降不再改变它的权重：权重保持原有的值（笔记中的“参数一直为0”应理解为梯度一直为 0）。"}),
    Option({"en": "ReLU prevents exploding gradients as well as vanishing ones, whatever the size of the weights",
            "zh": "无论权重多大，ReLU 都能同时避免梯度爆炸和梯度消失"},
           feedback={"en": "ReLU removes the activation's shrinking factor, but the weights still multiply along the chain: large "
                           "weights can make gradients explode (001 Q10), and dead units pass no gradient at all.",
                     "zh": "ReLU 去掉了激活函数带来的缩小因子，但权重仍在链上相乘：权重大时梯度可能爆炸（001 Q10），死亡单元则完全不传梯度。"}),
    Option({"en": "Its output is centred at zero, like tanh, which is why it trains faster than the sigmoid",
            "zh": "它的输出与 tanh 一样以 0 为中心，这就是它比 sigmoid 训练更快的原因"},
           feedback={"en": "ReLU outputs are never negative, so they are not zero-centred (003 lists this as a drawback).",
                     "zh": "ReLU 的输出从不为负，所以不是以 0 为中心的（003 把它列为缺点之一）。"}),
    Option({"en": "A dead unit recovers by itself after a few steps, because the ReLU's derivative is 1",
            "zh": "死亡单元几步之后会自己恢复，因为 ReLU 的导数是 1"},
           feedback={"en": "The derivative is 1 only for positive input. A dead unit sees only negative input, gets zero gradient "
                           "and nothing moves it back (unless other layers change its inputs).",
                     "zh": "只有输入为正时导数才是 1。死亡单元只见到负的输入，梯度为 0，没有东西会把它拉回来（除非其他层改变了它的输入）。"}),
    Option({"en": "Leaky ReLU also has zero gradient for negative input; it only changes the forward values",
            "zh": "Leaky ReLU 在输入为负时梯度同样为 0，它只改变前向的输出值"},
           feedback={"en": "Leaky ReLU has slope α > 0 for negative input, so a gradient α·(…) still flows: that is what "
                           "keeps its units from dying.",
                     "zh": "Leaky ReLU 在输入为负时斜率为 α > 0，仍有梯度 α·(…) 流过：这正是它的单元不会死亡的原因。"}),
    Option({"en": "It is costlier to compute than the sigmoid, the price paid for avoiding vanishing gradients",
            "zh": "它的计算比 sigmoid 更费时，这是避免梯度消失的代价"},
           feedback={"en": "max(0, x) needs no exponential or division: it is cheaper than the sigmoid (001 Q10, point 1).",
                     "zh": "max(0, x) 不需要指数和除法：它比 sigmoid 更便宜（001 Q10 第 1 点）。"}),
]

PARAMS, generate, options = statement_pool(RIGHT, WRONG)


PROMPT = {
    "en": "Which statement about the ReLU activation $\\max(0, x)$ in a deep network trained by gradient descent is correct?",
    "zh": "对于用梯度下降训练的深层网络中的 ReLU 激活函数 $\\max(0, x)$，下列哪个说法是正确的？",
}

EXPLANATION = {
    "en": r"""ReLU's derivative is 1 for $x > 0$ and 0 for $x < 0$. For positive input the activation passes the
gradient unchanged (no factor $\le 0.25$ as with the sigmoid), and it is cheap to compute. But:
- the weights still multiply along the chain, so large weights can make gradients **explode** (001 Q10: control the
  weights or clip the gradient);
- a unit whose input is negative for every sample receives zero gradient: it is **dead**, its weights simply stop
  changing (they keep their values, they are not set to 0), and a too-large learning rate makes this more likely.
Leaky ReLU and PReLU keep a slope $\alpha > 0$ for negative input so that such units still learn. ReLU outputs are
non-negative, hence not zero-centred.""",
    "zh": r"""ReLU 的导数在 $x > 0$ 时为 1，在 $x < 0$ 时为 0。输入为正时，激活函数把梯度原样传过去（不像 sigmoid 那样乘上 $\le 0.25$ 的因子），
而且计算简单。但是：
- 权重仍在链上相乘，权重大时梯度可能**爆炸**（001 Q10：控制权重或做梯度裁剪）；
- 对所有样本输入都为负的单元得到的梯度为 0：它**死亡**了，其权重只是不再变化（保持原值，并不会被置为 0）；学习率过大会让这种情况更常见。
Leaky ReLU 和 PReLU 在输入为负时保留斜率 $\alpha > 0$，使这样的单元仍能学习。ReLU 的输出非负，因此不是以 0 为中心的。""",
}
