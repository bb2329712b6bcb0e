"""Remedies for under-fitting (the notes' ML and DL lists) against over-fitting remedies that would
make it worse: multi-select over a drawn subset."""

from grader.bank.authoring import Choice, Int, Meta, Seq

from ._pool import pick, statement_options, statements_explained

META = Meta(
    title={"en": "Remedies for under-fitting", "zh": "欠拟合的解决办法"},
    kind="multi",
    difficulty=2,
    points=2,
    source="000 欠拟合和过拟合 (机器学习/深度学习中出现欠拟合时的解决办法)",
    tags=("foundations", "underfitting", "bias", "remedies"),
    covers="fitting",
    check=Choice(),
)

RIGHT = [
    {"en": "Add new features, e.g. feature combinations or higher-order terms",
     "zh": "增加新特征，例如特征组合或高次特征",
     "why": {"en": "a larger hypothesis space lets the model fit what it could not.",
             "zh": "增大假设空间，让模型能拟合原先拟合不了的规律。"}},
    {"en": "Switch to a non-linear model such as a kernel SVM, a decision tree or a DNN",
     "zh": "改用非线性模型，如核 SVM、决策树或 DNN",
     "why": {"en": "a more flexible model lowers the bias.", "zh": "更灵活的模型能降低偏差。"}},
    {"en": "Decrease the regularisation coefficient λ",
     "zh": "减小正则项系数 λ",
     "why": {"en": "a weaker penalty lets the weights fit the data more closely.", "zh": "惩罚减弱后，权重能更好地拟合数据。"}},
    {"en": "Use boosting, e.g. gradient boosting",
     "zh": "使用 Boosting，例如 Gradient Boosting",
     "why": {"en": "boosting adds learners that fix the remaining errors, which lowers the bias.",
             "zh": "Boosting 不断加入修正剩余误差的学习器，往往偏差较小。"}},
    {"en": "Add hidden units or layers to the network",
     "zh": "给网络增加隐藏单元或层数",
     "why": {"en": "more capacity lets the network represent the pattern it misses.",
             "zh": "更大的容量让网络能表示它原先学不到的规律。"}},
    {"en": "Optimise with an adaptive learning rate (e.g. Adam) or with momentum",
     "zh": "采用自适应学习率的优化算法（如 Adam）或加入 Momentum",
     "why": {"en": "in the notes' deep-learning list: a network that is not trained well enough under-fits.",
             "zh": "属于笔记中深度学习的解决办法：训练得不充分的网络会欠拟合。"}},
    {"en": "Train with mini-batches and batch normalisation",
     "zh": "采用 Mini-batch 以及 Batch Norm 进行优化",
     "why": {"en": "in the notes' deep-learning list: it makes the optimisation reach a better fit.",
             "zh": "属于笔记中深度学习的解决办法：让优化能达到更好的拟合。"}},
]

WRONG = [
    {"en": "Increase the regularisation coefficient λ",
     "zh": "增大正则项系数 λ",
     "why": {"en": "a stronger penalty restricts the model further: it is an over-fitting remedy and raises the bias.",
             "zh": "更强的惩罚会进一步限制模型：这是过拟合的对策，会使偏差更大。"}},
    {"en": "Add dropout to every hidden layer",
     "zh": "在每个隐藏层加入 Dropout",
     "why": {"en": "dropout is a regulariser against over-fitting; it makes fitting the training set harder still.",
             "zh": "Dropout 是防止过拟合的正则化手段，只会让拟合训练集更困难。"}},
    {"en": "Stop training earlier (early stopping)",
     "zh": "更早地停止训练（早停）",
     "why": {"en": "early stopping fights over-fitting; an under-fitting model needs more fitting, not less.",
             "zh": "早停用于防止过拟合；欠拟合的模型需要拟合得更多，而不是更少。"}},
    {"en": "Remove features (feature selection)",
     "zh": "删减特征（特征选择）",
     "why": {"en": "fewer features shrink the hypothesis space: an over-fitting remedy that raises the bias.",
             "zh": "减少特征会缩小假设空间：这是过拟合的对策，会增大偏差。"}},
    {"en": "Collect more training data of the same kind",
     "zh": "收集更多同类的训练数据",
     "why": {"en": "more data lowers the variance, but a model that cannot fit the data it has stays biased.",
             "zh": "更多数据能降低方差，但连现有数据都拟合不好的模型，偏差依旧。"}},
    {"en": "Use bagging, e.g. a random forest of the same model",
     "zh": "使用 Bagging，例如同一模型组成的随机森林",
     "why": {"en": "bagging averages models to reduce the variance, not the bias: it is in the notes' over-fitting list.",
             "zh": "Bagging 通过平均多个模型降低方差而不是偏差：它在笔记的过拟合对策中。"}},
]

PARAMS = {
    "right": Seq(Int(0, len(RIGHT) - 1), min_len=2, max_len=3),
    "wrong": Seq(Int(0, len(WRONG) - 1), min_len=2, max_len=3),
}


def generate(rng):
    n_right = int(rng.integers(2, 4))
    return {"right": sorted(pick(rng, len(RIGHT), n_right)), "wrong": sorted(pick(rng, len(WRONG), 5 - n_right))}


def options(p):
    return statement_options(RIGHT, WRONG, p)


HEADINGS = {"en": ("Helps:", "Does not help:"), "zh": ("有帮助：", "没有帮助：")}

PROMPT = {
    "en": """A model has a high error on the training set and a similar, high error on the validation set: it
under-fits (high bias). Which of these measures are remedies for it? Pick all that apply.""",
    "zh": """一个模型在训练集上误差很高，在验证集上误差同样很高：它欠拟合了（高偏差）。下列哪些措施能解决这个问题？（多选）""",
}

EXPLANATION = {
    "en": """Under-fitting means the model cannot even fit the training set: it needs more capacity or a better fit
(new features, a non-linear or bigger model, a smaller λ, boosting; for deep networks also a suitable loss and
activation, mini-batch + batch norm, adaptive learning rates, momentum). Everything that restricts the model
(larger λ, dropout, early stopping, fewer features, bagging) is an over-fitting remedy and does not help here.

""" + statements_explained(RIGHT, WRONG, "en", HEADINGS),
    "zh": """欠拟合说明模型连训练集都拟合不好：需要更大的容量或更好的拟合（增加新特征、使用非线性或更大的模型、减小 λ、Boosting；
深度网络还可以选择合适的损失函数和激活函数、采用 Mini-batch 与 Batch Norm、自适应学习率、Momentum）。
凡是限制模型的措施（增大 λ、Dropout、早停、减少特征、Bagging）都是过拟合的对策，在这里没有帮助。

""" + statements_explained(RIGHT, WRONG, "zh", HEADINGS),
}
