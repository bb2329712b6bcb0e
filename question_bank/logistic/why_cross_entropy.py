"""Multi-select: why logistic regression is trained with cross-entropy rather than squared error
(000, 001 Q1, 003; erratum 22: MSE∘σ is non-convex in w, although 000 calls the problem convex).
Statements are drawn from pools."""

from grader.bank.authoring import Choice, Meta, Option, statement_pool

META = Meta(
    title={"en": "Why cross-entropy for logistic regression", "zh": "逻辑回归为什么用交叉熵"},
    kind="multi",
    difficulty=2,
    points=2,
    source="000 在Logistic Regression中，为何使用Cross Entropy作为损失函数而不使用MSE; 001 Q1; 003 为什么交叉熵损失…",
    tags=("logistic regression", "cross-entropy", "mse", "convexity"),
    covers="logistic_loss",
    check=Choice(),
)

RIGHT = [
    Option({"en": "With squared error the gradient keeps σ(1 − σ), which is nearly 0 when the unit saturates, even for a badly wrong prediction",
            "zh": "用平方误差时梯度里保留了 σ(1 − σ)，单元饱和时它接近 0，即使预测错得很离谱也是如此"}, correct=True),
    Option({"en": "Squared error of a sigmoid output is non-convex in w, with flat regions; the cross-entropy loss is convex in w",
            "zh": "sigmoid 输出的平方误差关于 w 是非凸的，存在平坦区域；交叉熵损失关于 w 是凸的"}, correct=True),
    Option({"en": "The cross-entropy gradient (σ − y)·x is proportional to the error, so large errors give large steps",
            "zh": "交叉熵的梯度 (σ − y)·x 与误差成正比，误差越大，更新的步子越大"}, correct=True),
    Option({"en": "Cross-entropy is the negative log-likelihood of the Bernoulli model that logistic regression assumes",
            "zh": "交叉熵是逻辑回归所假设的伯努利模型的负对数似然"}, correct=True),
]

WRONG = [
    Option({"en": "Squared error is not differentiable when the output passes through a sigmoid",
            "zh": "输出经过 sigmoid 之后，平方误差就不可导了"},
           feedback={"en": "It is differentiable everywhere: its gradient is (σ − y)·σ(1 − σ)·x. The problem is that this gradient is tiny when σ saturates.",
                     "zh": "它处处可导：梯度是 (σ − y)·σ(1 − σ)·x。问题在于 σ 饱和时这个梯度非常小。"}),
    Option({"en": "Squared error with a sigmoid output is convex in w, so it trains just as well as cross-entropy",
            "zh": "sigmoid 输出的平方误差关于 w 是凸的，所以训练效果与交叉熵一样好"},
           feedback={"en": "The notes call this optimisation convex, but MSE∘σ is not convex in w: it has flat plateaus where gradient descent stalls.",
                     "zh": "笔记称这是凸优化，但 MSE∘σ 关于 w 并不是凸的：它有平坦的区域，梯度下降会在那里停滞。"}),
    Option({"en": "Cross-entropy keeps the factor σ(1 − σ) in its gradient, which makes learning faster",
            "zh": "交叉熵的梯度中保留了因子 σ(1 − σ)，这让学习更快"},
           feedback={"en": "The other way round: cross-entropy cancels σ(1 − σ); squared error keeps it, and that slows learning.",
                     "zh": "正好相反：交叉熵把 σ(1 − σ) 约掉了；保留它的是平方误差，这才让学习变慢。"}),
    Option({"en": "Cross-entropy makes the predicted probabilities of all classes add up to 1",
            "zh": "交叉熵让所有类别的预测概率之和为 1"},
           feedback={"en": "Summing to 1 is the softmax's doing (or, for two classes, σ and 1 − σ); the loss does not change the outputs.",
                     "zh": "概率之和为 1 是 softmax 的作用（二分类时是 σ 与 1 − σ）；损失函数并不改变输出。"}),
    Option({"en": "Squared error cannot be computed when the labels are 0 and 1",
            "zh": "标签为 0 和 1 时无法计算平方误差"},
           feedback={"en": "It can: (σ − y)² is defined for labels 0 and 1. It is a poor choice for training, not an impossible one.",
                     "zh": "可以计算：标签为 0 或 1 时 (σ − y)² 都有定义。它只是不适合用来训练，并不是不能用。"}),
]

PARAMS, generate, options = statement_pool(RIGHT, WRONG, n_right=(2, 3), n_options=5)


PROMPT = {
    "en": "Logistic regression predicts σ(wx + b) for labels y ∈ {0, 1}. Which of these are reasons to train it with the "
          "cross-entropy loss rather than the squared error? Pick all that apply.",
    "zh": "逻辑回归对标签 y ∈ {0, 1} 预测 σ(wx + b)。下列哪些是用交叉熵损失而不用平方误差来训练它的理由？（多选）",
}

EXPLANATION = {
    "en": r"""With squared error, $\partial L/\partial w = (\sigma - y)\,\sigma(1 - \sigma)\,x$: when $\sigma$ is near 0 or 1 the factor
$\sigma(1 - \sigma) \le 0.25$ is nearly 0, so a confidently wrong unit barely learns. Composed with the sigmoid, the
squared error is also non-convex in $w$ (the notes call it convex; it is not), with plateaus where descent stalls.
Cross-entropy is the negative log-likelihood of the Bernoulli model, convex in $w$, and its gradient
$(\sigma - y)\,x$ is proportional to the error because $\sigma'$ cancels. Squared error remains differentiable and
computable for 0/1 labels; summing probabilities to 1 is the softmax's job, not the loss's.""",
    "zh": r"""用平方误差时 $\partial L/\partial w = (\sigma - y)\,\sigma(1 - \sigma)\,x$：$\sigma$ 接近 0 或 1 时因子 $\sigma(1 - \sigma) \le 0.25$ 接近 0，
一个“自信地错了”的单元几乎学不动。与 sigmoid 复合后，平方误差关于 $w$ 还是非凸的（笔记说是凸的，其实不是），存在使梯度下降停滞的平坦区域。
交叉熵是伯努利模型的负对数似然，关于 $w$ 是凸的，而且由于 $\sigma'$ 被约掉，它的梯度 $(\sigma - y)\,x$ 与误差成正比。
平方误差对 0/1 标签仍然可导、可计算；让概率之和为 1 是 softmax 的作用，与损失无关。""",
}
