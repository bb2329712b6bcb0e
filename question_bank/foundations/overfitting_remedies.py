"""Remedies for over-fitting (the notes' ML and DL lists) against measures that add capacity and
would make it worse: multi-select over a drawn subset, with drawn error figures."""

from grader.bank.authoring import Choice, Int, Meta, Real, Seq

from ._pool import pick, statement_options, statements_explained

META = Meta(
    title={"en": "Remedies for over-fitting", "zh": "过拟合的解决办法"},
    kind="multi",
    difficulty=1,
    points=2,
    source="000 欠拟合和过拟合 (机器学习/深度学习中出现过拟合时的解决办法); 003 防止过拟合方法",
    tags=("foundations", "overfitting", "variance", "remedies"),
    covers="fitting",
    check=Choice(),
)

RIGHT = [
    {"en": "Early stopping: stop when the validation error stops falling",
     "zh": "早停：验证误差不再下降时停止训练",
     "why": {"en": "it stops before the network starts to memorise the training set.",
             "zh": "在网络开始“背下”训练集之前停止训练。"}},
    {"en": "Add an L2 (weight-decay) or L1 penalty to the loss",
     "zh": "在损失函数中加入 L2（权值衰减）或 L1 正则项",
     "why": {"en": "the penalty keeps the weights small and shrinks the effective model space.",
             "zh": "正则项让权重保持较小，缩小了有效的模型空间。"}},
    {"en": "Add dropout to the hidden layers during training",
     "zh": "训练时在隐藏层加入 Dropout",
     "why": {"en": "randomly dropping units is a regulariser that keeps units from co-adapting.",
             "zh": "随机丢弃神经元是一种正则化手段，防止神经元之间相互依赖。"}},
    {"en": "Collect more training data",
     "zh": "增加训练数据",
     "why": {"en": "more data makes it harder to fit noise (within limits, as the notes say).",
             "zh": "数据越多越难拟合噪声（笔记说“有限程度上”可以避免过拟合）。"}},
    {"en": "Select fewer features or coarser feature combinations",
     "zh": "做特征选择，减少特征数或特征组合",
     "why": {"en": "a smaller hypothesis space lowers the variance.", "zh": "更小的假设空间能降低方差。"}},
    {"en": "Use bagging, e.g. a random forest instead of one tree",
     "zh": "使用 Bagging，例如用随机森林代替单棵树",
     "why": {"en": "averaging many models reduces the variance.", "zh": "对多个模型取平均能降低方差。"}},
    {"en": "Increase the regularisation coefficient λ",
     "zh": "增大正则项系数 λ",
     "why": {"en": "a stronger penalty restricts the model more.", "zh": "更强的惩罚对模型限制更多。"}},
]

WRONG = [
    {"en": "Add higher-order terms and feature combinations",
     "zh": "加入高次特征和特征组合",
     "why": {"en": "that enlarges the hypothesis space: an under-fitting remedy that raises the variance further.",
             "zh": "这会增大假设空间：是欠拟合的对策，只会让方差更大。"}},
    {"en": "Add more hidden units and layers to the network",
     "zh": "给网络增加更多隐藏单元和层数",
     "why": {"en": "more capacity makes memorising the training set easier: the opposite of what is needed.",
             "zh": "容量更大更容易“背下”训练集：与需要的方向相反。"}},
    {"en": "Decrease the regularisation coefficient λ",
     "zh": "减小正则项系数 λ",
     "why": {"en": "a weaker penalty frees the weights to fit the noise: an under-fitting remedy.",
             "zh": "惩罚减弱会让权重去拟合噪声：这是欠拟合的对策。"}},
    {"en": "Train for many more epochs",
     "zh": "再多训练很多个 epoch",
     "why": {"en": "the training error is already low; longer training fits the training set even more closely.",
             "zh": "训练误差已经很低；继续训练只会更贴合训练集。"}},
    {"en": "Use boosting to reduce the training error further",
     "zh": "使用 Boosting 进一步降低训练误差",
     "why": {"en": "boosting lowers the bias (the notes list it for under-fitting); the problem here is the variance.",
             "zh": "Boosting 降低的是偏差（笔记把它列为欠拟合的对策）；这里的问题是方差。"}},
    {"en": "Remove dropout so that every unit is always used",
     "zh": "去掉 Dropout，让每个神经元都始终参与训练",
     "why": {"en": "dropout is one of the over-fitting remedies; removing it makes over-fitting worse.",
             "zh": "Dropout 本身就是防止过拟合的手段，去掉它只会加重过拟合。"}},
]

PARAMS = {
    "right": Seq(Int(0, len(RIGHT) - 1), min_len=2, max_len=3),
    "wrong": Seq(Int(0, len(WRONG) - 1), min_len=2, max_len=3),
    "train_error": Real(0, 100, decimals=1),
    "val_error": Real(0, 100, decimals=1),
}


def generate(rng):
    n_right = int(rng.integers(2, 4))
    train = round(float(rng.uniform(0.5, 4.0)), 1)
    val = round(train + float(rng.uniform(8.0, 20.0)), 1)
    return {"right": sorted(pick(rng, len(RIGHT), n_right)), "wrong": sorted(pick(rng, len(WRONG), 5 - n_right)),
            "train_error": train, "val_error": val}


def options(p):
    return statement_options(RIGHT, WRONG, p)


HEADINGS = {"en": ("Helps:", "Does not help:"), "zh": ("有帮助：", "没有帮助：")}

PROMPT = {
    "en": """A model reaches {{ train_error }} % error on the training set but {{ val_error }} % on the validation
set: it over-fits (high variance). Which of these measures are remedies for it? Pick all that apply.""",
    "zh": """一个模型在训练集上的误差为 {{ train_error }}%，在验证集上却是 {{ val_error }}%：它过拟合了（高方差）。
下列哪些措施能缓解这个问题？（多选）""",
}

EXPLANATION = {
    "en": """The gap between {{ train_error }} % (training) and {{ val_error }} % (validation) says the model fits the
training set but does not generalise. Remedies restrict the model or give it more data: early stopping, L1/L2
regularisation (a larger λ), dropout, more data, fewer features, bagging; cross-validation helps pick these settings.
Measures that add capacity or fit the training set harder (higher-order features, bigger models, smaller λ, longer
training, boosting, removing dropout) are under-fitting remedies and make things worse.

""" + statements_explained(RIGHT, WRONG, "en", HEADINGS),
    "zh": """训练误差 {{ train_error }}% 与验证误差 {{ val_error }}% 之间的差距说明模型拟合了训练集，却没有泛化能力。
对策是限制模型或提供更多数据：早停、L1/L2 正则化（增大 λ）、Dropout、增加数据、减少特征、Bagging；交叉验证可以帮助选出这些设置。
增加容量或更用力拟合训练集的措施（高次特征、更大的网络、减小 λ、训练更久、Boosting、去掉 Dropout）都是欠拟合的对策，只会更糟。

""" + statements_explained(RIGHT, WRONG, "zh", HEADINGS),
}
