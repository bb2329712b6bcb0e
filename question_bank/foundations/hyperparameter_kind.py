"""The course's two classes of hyper-parameters (004 Q23): optimizer hyper-parameters vs model
hyper-parameters, plus learned parameters as the third answer; the item is drawn."""

from grader.bank.authoring import Choice, Int, Meta, Option

from ._pool import table, values

META = Meta(
    title={"en": "Optimizer or model hyper-parameter?", "zh": "优化器超参数还是模型超参数？"},
    kind="choice",
    difficulty=2,
    points=1,
    source="004 Q23 (超参数可以分成哪两类); 000 参数 v.s. 超参数",
    tags=("foundations", "hyper-parameters", "optimizer", "model"),
    covers="hyperparameters",
    check=Choice(),
)

CLASSES = [
    {"en": "An optimizer hyper-parameter: it belongs to the training process",
     "zh": "优化器超参数：属于优化与训练过程"},
    {"en": "A model hyper-parameter: it belongs to the structure of the model",
     "zh": "模型超参数：属于模型本身的结构"},
    {"en": "Not a hyper-parameter: a model parameter that training learns",
     "zh": "不是超参数：是训练学到的模型参数"},
]

ITEMS = [
    {"cls": 0, "en": "the learning rate", "zh": "学习率"},
    {"cls": 0, "en": "the mini-batch size", "zh": "minibatch 的大小"},
    {"cls": 0, "en": "the number of training epochs", "zh": "训练的 epoch 数"},
    {"cls": 0, "en": "the momentum coefficient γ of SGD with momentum", "zh": "带动量 SGD 的动量系数 γ"},
    {"cls": 0, "en": "the decay factor of a learning-rate schedule", "zh": "学习率衰减策略中的衰减因子"},
    {"cls": 1, "en": "the number of hidden layers", "zh": "隐藏层的层数"},
    {"cls": 1, "en": "the number of hidden units per layer", "zh": "每层隐藏单元的个数"},
    {"cls": 1, "en": "the RNN cell type (LSTM cell or GRU cell)", "zh": "RNN 的单元类型（LSTM 单元或 GRU 单元）"},
    {"cls": 1, "en": "the word-embedding dimension of a text model", "zh": "文本模型的词嵌入维度"},
    {"cls": 1, "en": "the kernel size of a convolution layer", "zh": "卷积层的卷积核尺寸"},
    {"cls": 2, "en": "the weights of the first fully connected layer", "zh": "第一个全连接层的权重"},
    {"cls": 2, "en": "the bias vector of the output layer", "zh": "输出层的偏置向量"},
    {"cls": 2, "en": "the scale γ and shift β of a batch-norm layer", "zh": "批归一化层的缩放 γ 与平移 β"},
    {"cls": 2, "en": "the entries of the word-embedding matrix", "zh": "词嵌入矩阵中的各个元素"},
]

WHY = [
    {"en": "Optimizer hyper-parameters steer how training runs (learning rate, mini-batch size, number of epochs or iterations, momentum, decay), not what the model looks like.",
     "zh": "优化器超参数决定训练怎样进行（学习率、minibatch 大小、epoch 或迭代次数、动量、衰减），而不是模型长什么样。"},
    {"en": "Model hyper-parameters fix the model's structure (number of layers, hidden units, cell type, embedding dimension, kernel size).",
     "zh": "模型超参数决定模型的结构（层数、隐藏单元数、单元类型、嵌入维度、卷积核尺寸）。"},
    {"en": "Learned parameters are what gradient descent updates (weights, biases, γ and β, embedding entries); nobody sets them by hand.",
     "zh": "学习得到的参数是梯度下降所更新的量（权重、偏置、γ 与 β、嵌入矩阵的元素），没有人手工设定它们。"},
]

CLUES = [
    {"en": "This item is a setting of the optimisation process.", "zh": "这一项是优化过程的设置。"},
    {"en": "This item is a choice about the model's structure, made before training.", "zh": "这一项是在训练前对模型结构做的选择。"},
    {"en": "This item is updated by gradient descent during training.", "zh": "这一项在训练中由梯度下降更新。"},
]

PARAMS = {"item": Int(0, len(ITEMS) - 1)}


def generate(rng):
    cls = int(rng.integers(len(CLASSES)))  # each class equally often
    return {"item": int(rng.choice([i for i, it in enumerate(ITEMS) if it["cls"] == cls]))}


def options(p):
    key = ITEMS[p["item"]]["cls"]
    return [Option(c, correct=True) if i == key else
            Option(c, feedback={lang: WHY[i][lang] + " " + CLUES[key][lang] for lang in ("en", "zh")})
            for i, c in enumerate(CLASSES)]


_SETUP = {lang: table("ITEM", ITEMS, lang) + table("WHY", WHY, lang) + values("KEY", [it["cls"] for it in ITEMS])
          for lang in ("en", "zh")}

PROMPT = {
    "en": _SETUP["en"] + """The course splits hyper-parameters into two classes. Where does **{{ ITEM[item] }}** belong?""",
    "zh": _SETUP["zh"] + """课程把超参数分为两类。**{{ ITEM[item] }}**属于哪一类？""",
}

EXPLANATION = {
    "en": _SETUP["en"] + """{{ WHY[KEY[item]] }}

The two classes (course L7-2): optimizer hyper-parameters (learning rate, mini-batch size, number of training
iterations or epochs) relate to optimisation and training rather than to the model; model hyper-parameters (number
of layers, number of hidden units, and for RNNs the cell type and embedding dimension) relate to the model's
structure. Weights, biases and other trained values are parameters, not hyper-parameters.""",
    "zh": _SETUP["zh"] + """{{ WHY[KEY[item]] }}

两类超参数（课程 L7-2）：优化器超参数（学习率、minibatch 大小、训练迭代或 epoch 次数）与优化和训练过程相关，而不是模型本身；
模型超参数（层数、隐藏单元数量，RNN 还包括单元类型和嵌入维度）与模型结构相关。权重、偏置等训练得到的值是参数，不是超参数。""",
}
