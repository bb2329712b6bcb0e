"""Choice: what Adagrad, RMSprop and Adam do to the learning rate (000 Adagrad, RMSprop; erratum 20:
it is Adagrad's effective learning rate that tends to 0, not the gradient; erratum 23: Adam's bias
correction). A variant is one case and three of its wrong answers."""

import numpy as np

from grader.bank.authoring import Choice, Meta

from ._cases import answer, case_options, case_schema, draw_case, stems

META = Meta(
    title={"en": "Adaptive learning rates: Adagrad, RMSprop, Adam", "zh": "自适应学习率：Adagrad、RMSprop、Adam"},
    kind="choice",
    difficulty=2,
    points=2,
    source="000 Adagrad, RMSprop (Adam is named in the course)",
    tags=("optimizer", "adagrad", "rmsprop", "adam"),
    covers="optimizers",
    check=Choice(),
)

CASES = [
    {
        "stem": {"en": "Adagrad updates w ← w − η/√(Σᵢ gᵢ² + ε)·g. Late in a long training run, which quantity tends to 0?",
                 "zh": "Adagrad 按 w ← w − η/√(Σᵢ gᵢ² + ε)·g 更新。在很长的训练后期，哪个量趋于 0？"},
        "right": answer("The effective learning rate η/√(Σᵢ gᵢ² + ε)", "有效学习率 η/√(Σᵢ gᵢ² + ε)"),
        "wrong": [
            answer("The gradient g itself, which the growing sum pushes towards 0", "梯度 g 本身，因为不断增大的累加和把它压向 0",
                   ("The notes say so, but the gradient depends on where w is, not on the sum. What shrinks is the factor "
                    "η/√(Σg² + ε), because the sum of squares only grows.",
                    "笔记是这么说的，但梯度取决于 w 所在的位置，与累加和无关。真正变小的是因子 η/√(Σg² + ε)，因为平方和只增不减。")),
            answer("The accumulated sum Σᵢ gᵢ² of squared gradients", "梯度平方的累加和 Σᵢ gᵢ²",
                   ("The sum of squares never decreases: every step adds a non-negative g². It grows, which is why the rate shrinks.",
                    "平方和从不减小：每一步都加上一个非负的 g²。它在增大，所以学习率才变小。")),
            answer("The small constant ε added inside the square root", "加在根号内的小常数 ε",
                   ("ε is a fixed small constant that only guards against dividing by 0; it does not change during training.",
                    "ε 是一个固定的小常数，只用于防止除以 0，训练中不会改变。")),
            answer("The initial learning rate η chosen before training", "训练前设定的初始学习率 η",
                   ("η is a hyper-parameter and stays fixed; the division by √(Σg² + ε) is what makes the effective rate shrink.",
                    "η 是超参数，保持不变；让有效学习率变小的是除以 √(Σg² + ε)。")),
        ],
    },
    {
        "stem": {"en": "What does RMSprop change compared with Adagrad?", "zh": "与 Adagrad 相比，RMSprop 改变了什么？"},
        "right": answer("A decaying average of g² replaces Adagrad's growing sum",
                        "用 g² 的衰减平均代替只增不减的累加和"),
        "wrong": [
            answer("It adds a momentum term that accumulates past gradients g", "它加入了一个累加过去梯度 g 的动量项",
                   ("Accumulating the gradients themselves is momentum (SGD-M); RMSprop averages their squares.",
                    "累加梯度本身的是动量法（SGD-M）；RMSprop 平均的是梯度的平方。")),
            answer("It drops the square root, dividing by the average of g² itself", "它去掉了平方根，直接除以 g² 的平均值",
                   ("RMSprop still divides by σ = √(average of g²): root mean square, hence the name.",
                    "RMSprop 仍然除以 σ = √(g² 的平均)，即均方根（root mean square），名字由此而来。")),
            answer("It evaluates the gradient at a look-ahead point w − γm", "它改在前瞻点 w − γm 处计算梯度",
                   ("Looking ahead is Nesterov's method (NAG); RMSprop changes how past squared gradients are weighted.",
                    "前瞻是 Nesterov 方法（NAG）的做法；RMSprop 改变的是过去梯度平方的加权方式。")),
            answer("It divides by the number of steps t instead of by a sum of gradients", "它除以步数 t，而不再除以梯度的累加",
                   ("RMSprop's denominator still depends on the gradients: σᵗ = √(α(σᵗ⁻¹)² + (1 − α)(gᵗ)²).",
                    "RMSprop 的分母仍取决于梯度：σᵗ = √(α(σᵗ⁻¹)² + (1 − α)(gᵗ)²)。")),
        ],
    },
    {
        "stem": {"en": "Adam divides its moment estimates by 1 − β₁ᵗ and 1 − β₂ᵗ (m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ)). Why?",
                 "zh": "Adam 把矩估计除以 1 − β₁ᵗ 和 1 − β₂ᵗ（m̂ = m/(1 − β₁ᵗ)，v̂ = v/(1 − β₂ᵗ)）。为什么？"},
        "right": answer("Because m and v start at 0, their early values are too small",
                        "因为 m 和 v 从 0 开始，早期的值偏小"),
        "wrong": [
            answer("To make the learning rate decay over time, as Adagrad's does", "为了让学习率像 Adagrad 那样随时间衰减",
                   ("1 − βᵗ tends to 1, so the correction fades away after the first steps; it is not a decay schedule.",
                    "1 − βᵗ 趋于 1，修正在最初几步之后就消失了；它不是衰减策略。")),
            answer("To keep every weight between 0 and 1 during training", "为了让每个权重在训练中都保持在 0 和 1 之间",
                   ("The correction rescales the moment estimates, not the weights, which are unbounded.",
                    "偏差修正缩放的是矩估计，而不是权重；权重没有取值范围的限制。")),
            answer("Because β₁ and β₂ must add up to exactly 1", "因为 β₁ 与 β₂ 之和必须恰好为 1",
                   ("β₁ and β₂ are independent decay rates (commonly 0.9 and 0.999); nothing requires them to add up to 1.",
                    "β₁ 和 β₂ 是相互独立的衰减率（常取 0.9 和 0.999），并不要求它们之和为 1。")),
            answer("To turn the gradient into a unit vector before each step", "为了在每次更新前把梯度变成单位向量",
                   ("Adam's step is η·m̂/(√v̂ + ε); the bias correction only undoes the pull of the zero start.",
                    "Adam 的更新是 η·m̂/(√v̂ + ε)；偏差修正只是抵消从 0 开始带来的偏差。")),
        ],
    },
    {
        "stem": {"en": "Training with Adagrad stops making progress long before the loss is small. What is the usual reason?",
                 "zh": "用 Adagrad 训练时，损失还远未变小，训练就停滞了。通常的原因是什么？"},
        "right": answer("The growing sum Σg² has made the effective rate η/√(Σg²) tiny",
                        "累加和 Σg² 不断增大，有效学习率 η/√(Σg²) 已变得极小"),
        "wrong": [
            answer("The gradients have vanished because Adagrad scales them towards 0", "梯度消失了，因为 Adagrad 把梯度缩向 0",
                   ("Adagrad does not change the gradient; it divides the learning rate by √(Σg²), and that rate is what vanishes.",
                    "Adagrad 并不改变梯度本身；它把学习率除以 √(Σg²)，消失的是这个学习率。")),
            answer("ε is too large and dominates the denominator of the update", "ε 太大，在更新公式的分母中占了主导",
                   ("ε is a tiny constant; the growing sum Σg² is what dominates the denominator late in training.",
                    "ε 是一个很小的常数；训练后期主导分母的是不断增大的 Σg²。")),
            answer("The initial learning rate η was chosen too small", "初始学习率 η 一开始就设得太小了",
                   ("A larger η only delays the problem: the effective rate η/√(Σg²) still shrinks towards 0. RMSprop's decaying average is the fix.",
                    "更大的 η 只会推迟问题：有效学习率 η/√(Σg²) 仍会趋于 0。RMSprop 的衰减平均才是解决办法。")),
            answer("The model has started to overfit the training set", "模型已经开始在训练集上过拟合",
                   ("Overfitting means a low training loss with a high validation loss; here the training loss itself stalls.",
                    "过拟合是训练损失低而验证损失高；这里是训练损失本身停滞了。")),
        ],
    },
]

PARAMS = case_schema(CASES)


def generate(rng: np.random.Generator) -> dict:
    return draw_case(rng, CASES)


def options(p):
    return case_options(p, CASES)


PROMPT = {"en": stems(CASES, "en") + "{{ STEMS[case] }}", "zh": stems(CASES, "zh") + "{{ STEMS[case] }}"}

EXPLANATION = {
    "en": r"""Adagrad divides $\eta$ by $\sqrt{\sum_i g_i^2 + \epsilon}$. The sum only grows, so the effective learning rate
shrinks towards 0 and training can stall early; it is this rate, not the gradient, that vanishes (the notes say
"gradient → 0"). RMSprop replaces the sum by a decaying average $(\sigma^t)^2 = \alpha(\sigma^{t-1})^2 + (1 - \alpha)(g^t)^2$,
so old gradients fade and the rate no longer decays to 0. Adam combines a momentum-like average $m$ of the
gradients with RMSprop's average $v$ of their squares; both start at 0, so for small $t$ they are biased towards 0,
and dividing by $1 - \beta_1^t$ and $1 - \beta_2^t$ removes that bias (the factors tend to 1 as $t$ grows).""",
    "zh": r"""Adagrad 把 $\eta$ 除以 $\sqrt{\sum_i g_i^2 + \epsilon}$。累加和只增不减，所以有效学习率趋于 0，训练可能过早停滞；
趋于 0 的是这个学习率，而不是梯度（笔记写的是“gradient → 0”）。RMSprop 用衰减平均 $(\sigma^t)^2 = \alpha(\sigma^{t-1})^2 + (1 - \alpha)(g^t)^2$
代替累加和，旧梯度的影响逐渐消失，学习率不再衰减到 0。Adam 把类似动量的梯度平均 $m$ 与 RMSprop 的梯度平方平均 $v$ 结合起来；
两者都从 0 开始，$t$ 较小时偏向 0，除以 $1 - \beta_1^t$ 和 $1 - \beta_2^t$ 就消除了这种偏差（随着 $t$ 增大，这两个因子趋于 1）。""",
}
