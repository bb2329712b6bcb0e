"""Train / dev (validation) / test sets: which set a drawn job belongs to."""

from grader.bank.authoring import Choice, Int, Meta, Option

from ._pool import table, values

META = Meta(
    title={"en": "Training, dev and test sets", "zh": "训练集、开发集与测试集"},
    kind="choice",
    difficulty=1,
    points=1,
    source="000 三类数据集; 000 机器学习的两个阶段 (开发集用于超参数调优)",
    tags=("foundations", "data splits", "dev set", "validation", "test set"),
    covers="data_splits",
    check=Choice(),
)

SETS = [
    {"en": "The training set", "zh": "训练集"},
    {"en": "The dev (validation) set", "zh": "开发集（验证集）"},
    {"en": "The test set", "zh": "测试集"},
]

JOBS = [
    {"set": 0, "en": "computing the gradients that update the weights W and biases b",
     "zh": "计算用于更新权重 W 和偏置 b 的梯度"},
    {"set": 0, "en": "fitting the parameters of a logistic-regression model by gradient descent",
     "zh": "用梯度下降拟合逻辑回归模型的参数"},
    {"set": 0, "en": "running forward and backward passes, batch by batch, in every epoch",
     "zh": "每个 epoch 中逐个 batch 做前向和反向传播"},
    {"set": 0, "en": "minimising the loss function by back-propagation and gradient descent",
     "zh": "通过反向传播和梯度下降最小化损失函数"},
    {"set": 0, "en": "learning the values of the convolution kernels of a CNN",
     "zh": "学习 CNN 中各卷积核的取值"},
    {"set": 1, "en": "choosing the learning rate η among 0.1, 0.01 and 0.001",
     "zh": "在 0.1、0.01 和 0.001 之中选择学习率 η"},
    {"set": 1, "en": "choosing the regularisation coefficient λ",
     "zh": "选择正则化系数 λ"},
    {"set": 1, "en": "deciding when to stop training (early stopping)",
     "zh": "决定何时停止训练（早停）"},
    {"set": 1, "en": "choosing the number of hidden units of the network",
     "zh": "选择网络的隐藏单元个数"},
    {"set": 1, "en": "comparing a CNN with an MLP to decide which architecture to keep",
     "zh": "比较 CNN 与 MLP，决定保留哪一种网络结构"},
    {"set": 1, "en": "choosing the dropout probability p among 0.2, 0.3 and 0.5",
     "zh": "在 0.2、0.3 和 0.5 之中选择 dropout 概率 p"},
    {"set": 2, "en": "measuring, once, the accuracy to publish for the model already chosen",
     "zh": "对已经选定的模型测一次准确率，作为最终公布的结果"},
    {"set": 2, "en": "reporting, once and at the very end, the final model's estimated generalisation error",
     "zh": "在最后、只做一次地报告最终模型的泛化误差估计"},
    {"set": 2, "en": "giving an unbiased estimate of how the final, already tuned model will do on new data",
     "zh": "对已经调好的最终模型在新数据上的表现给出无偏估计"},
]

# Feedback for picking set `picked` when the job belongs to set `key`: FEEDBACK[key][picked].
FEEDBACK = {
    0: {1: {"en": "The dev set only scores models trained on the training set; the parameters themselves are learned from the training set.",
            "zh": "开发集只用来评估在训练集上训练出的模型；参数本身是在训练集上学习的。"},
        2: {"en": "The test set must stay unseen during training; learning parameters from it would leave no honest estimate of the generalisation error.",
            "zh": "测试集在训练中必须保持“未见过”；用它学习参数就再也得不到可信的泛化误差估计。"}},
    1: {0: {"en": "Tuning hyper-parameters on the training set favours whatever fits the training data best (λ = 0, the biggest network, never stopping): over-fitting.",
            "zh": "在训练集上调超参数会偏向最能拟合训练数据的选择（λ = 0、最大的网络、永不停止）：导致过拟合。"},
        2: {"en": "If the test set picks the hyper-parameters, it is no longer an unbiased estimate of the generalisation error; that is the dev set's job.",
            "zh": "如果用测试集挑选超参数，它就不再是泛化误差的无偏估计；挑选超参数是开发集的工作。"}},
    2: {0: {"en": "The training error is optimistic: the model was fitted to exactly those samples.",
            "zh": "训练误差过于乐观：模型正是在这些样本上拟合出来的。"},
        1: {"en": "The dev set was used to choose among models, so its error is optimistically biased; the final estimate comes from the untouched test set.",
            "zh": "开发集参与了模型的挑选，它上面的误差偏乐观；最终估计应来自从未使用过的测试集。"}},
}

PARAMS = {"job": Int(0, len(JOBS) - 1)}


def generate(rng):
    which = int(rng.integers(len(SETS)))  # each set equally often
    return {"job": int(rng.choice([i for i, j in enumerate(JOBS) if j["set"] == which]))}


def options(p):
    key = JOBS[p["job"]]["set"]
    return [Option(s, correct=True) if i == key else Option(s, feedback=FEEDBACK[key][i]) for i, s in enumerate(SETS)]


_SETUP = {lang: table("JOB", JOBS, lang) + values("KEY", [j["set"] for j in JOBS]) for lang in ("en", "zh")}

PROMPT = {
    "en": _SETUP["en"] + """The data is split into a training set, a dev (validation) set and a test set.
Which set is used for the following job?

> {{ JOB[job] }}""",
    "zh": _SETUP["zh"] + """数据被划分为训练集、开发集（验证集）和测试集。下面这项工作应该使用哪一个数据集？

> {{ JOB[job] }}""",
}

EXPLANATION = {
    "en": _SETUP["en"] + """The notes' three sets: the training set is for learning the parameters, the dev (validation)
set for choosing hyper-parameters (learning rate, λ, network size, when to stop), the test set for estimating the
generalisation error of the final model. "{{ JOB[job] }}" is the job of the
{{ ["training set", "dev (validation) set", "test set"][KEY[job]] }}. Every choice made on a set makes its error
optimistic, which is why the test set is touched only once, at the end.""",
    "zh": _SETUP["zh"] + """笔记中的三类数据集：训练集用于学习参数，开发/验证集用于挑选超参数（学习率、λ、网络大小、何时停止），
测试集用于估计最终模型的泛化误差。“{{ JOB[job] }}”是{{ ["训练集", "开发集（验证集）", "测试集"][KEY[job]] }}的工作。
在哪个数据集上做了选择，它上面的误差就会偏乐观，所以测试集只在最后使用一次。""",
}
