"""Parameters vs hyper-parameters: which drawn items are hyper-parameters (multi-select)."""

from grader.bank.authoring import Choice, Int, Meta, Seq

from ._pool import pick, statement_options, statements_explained

META = Meta(
    title={"en": "Parameters or hyper-parameters?", "zh": "参数还是超参数？"},
    kind="multi",
    difficulty=1,
    points=2,
    source="000 参数 v.s. 超参数",
    tags=("foundations", "parameters", "hyper-parameters"),
    covers="hyperparameters",
    check=Choice(),
)

HYPER = [
    {"en": "the learning rate η of gradient descent", "zh": "梯度下降的学习率 η",
     "why": {"en": "set before training; gradient descent uses it but never changes it.",
             "zh": "训练前设定；梯度下降使用它，却不会改变它。"}},
    {"en": "the regularisation coefficient λ", "zh": "损失中的正则化系数 λ",
     "why": {"en": "it weighs the penalty in the loss; it is chosen on the dev set, not learned.",
             "zh": "它决定损失中惩罚项的权重，在开发集上挑选，而不是学出来的。"}},
    {"en": "the batch size used for each update", "zh": "每次更新所用的批大小（batch size）",
     "why": {"en": "it decides how many samples each update uses; it stays fixed during training.",
             "zh": "它决定每次更新用多少样本，训练过程中保持不变。"}},
    {"en": "the number of training epochs", "zh": "训练要进行的 epoch 数",
     "why": {"en": "it decides how long training runs; the algorithm does not learn it.",
             "zh": "它决定训练多久，学习算法不会学习它。"}},
    {"en": "the number of hidden units in a layer", "zh": "某一层的隐藏单元个数",
     "why": {"en": "it fixes the model's structure before any weight is learned.",
             "zh": "它在学习任何权重之前就确定了模型的结构。"}},
    {"en": "the order of a polynomial model", "zh": "多项式模型的阶数",
     "why": {"en": "the notes list the model order among hyper-parameters: it fixes which coefficients exist.",
             "zh": "笔记把模型阶数列为超参数：它决定了有哪些系数。"}},
    {"en": "the dropout probability p of a layer", "zh": "某一层的 dropout 概率 p",
     "why": {"en": "chosen before training and kept fixed; nothing updates it.",
             "zh": "训练前选定并保持不变，没有任何步骤会更新它。"}},
]

LEARNED = [
    {"en": "the weight matrices W between layers", "zh": "层与层之间的权重矩阵 W",
     "why": {"en": "the notes' own example of model parameters: learned by gradient descent.",
             "zh": "这正是笔记中模型参数的例子：由梯度下降学习得到。"}},
    {"en": "the bias vectors b of the layers", "zh": "各层的偏置向量 b",
     "why": {"en": "biases are model parameters, updated by every gradient step.",
             "zh": "偏置是模型参数，每一步梯度更新都会改变它们。"}},
    {"en": "the values in the convolution kernels", "zh": "卷积核中的各个数值",
     "why": {"en": "kernel values are weights, learned by backpropagation (only the kernel size is a hyper-parameter).",
             "zh": "卷积核的数值就是权重，由反向传播学习（只有卷积核的尺寸才是超参数）。"}},
    {"en": "the scale γ and shift β of batch norm", "zh": "批归一化的缩放 γ 与平移 β",
     "why": {"en": "γ and β are trained together with the weights, so they are parameters.",
             "zh": "γ 和 β 与权重一起训练，因此是参数。"}},
    {"en": "the coefficients w of a linear regression", "zh": "线性回归的系数 w",
     "why": {"en": "the coefficients are what the learning algorithm optimises: parameters.",
             "zh": "系数正是学习算法所优化的对象：属于参数。"}},
    {"en": "the word-embedding vectors", "zh": "文本模型中的词嵌入向量",
     "why": {"en": "embedding vectors are updated by backpropagation like any weight (their dimension is the hyper-parameter).",
             "zh": "词嵌入向量与其他权重一样由反向传播更新（嵌入维度才是超参数）。"}},
]

PARAMS = {
    "right": Seq(Int(0, len(HYPER) - 1), min_len=2, max_len=3),
    "wrong": Seq(Int(0, len(LEARNED) - 1), min_len=2, max_len=3),
}


def generate(rng):
    n_right = int(rng.integers(2, 4))
    return {"right": sorted(pick(rng, len(HYPER), n_right)), "wrong": sorted(pick(rng, len(LEARNED), 5 - n_right))}


def options(p):
    return statement_options(HYPER, LEARNED, p)


HEADINGS = {"en": ("Hyper-parameters (pick these):", "Model parameters, learned in training:"),
            "zh": ("超参数（应选）：", "模型参数，在训练中学习得到：")}

PROMPT = {
    "en": "Which of these are hyper-parameters rather than model parameters? Pick all that apply.",
    "zh": "下列哪些是超参数（而不是模型参数）？（多选）",
}

EXPLANATION = {
    "en": """The notes: model parameters are internal variables optimised by the learning algorithm (the weights W and
biases b); hyper-parameters are parameters *of the learning algorithm*, fixed before training and not changed by it
(learning rate η, regularisation coefficient λ, model order, model type, batch size, ...). They are chosen on the dev set.

""" + statements_explained(HYPER, LEARNED, "en", HEADINGS),
    "zh": """笔记：模型参数是模型内部的配置变量，由学习算法优化（如权重 W 和偏置 b）；超参数是*学习算法*的参数，在训练之前设定，
训练中保持不变（学习率 η、正则系数 λ、模型阶数、模型类型、batch_size 等），在开发集上挑选。

""" + statements_explained(HYPER, LEARNED, "zh", HEADINGS),
}
