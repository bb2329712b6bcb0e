"""Generative vs discriminative models: classify a drawn model; two of the options swap the
definitions (the usual confusion)."""

from grader.bank.authoring import Choice, Int, Meta, Option

from ._pool import table, values

META = Meta(
    title={"en": "Generative or discriminative?", "zh": "生成模型还是判别模型？"},
    kind="choice",
    difficulty=2,
    points=1,
    source="003 判别模型和生成模型",
    tags=("foundations", "generative", "discriminative"),
    covers="ml_principles",
    check=Choice(),
)

MODELS = [
    {"gen": True, "en": "a naive Bayes classifier", "zh": "朴素贝叶斯分类器"},
    {"gen": True, "en": "a Gaussian mixture model fitted to each class", "zh": "为每个类别拟合的高斯混合模型"},
    {"gen": True, "en": "a hidden Markov model for part-of-speech tagging", "zh": "用于词性标注的隐马尔可夫模型"},
    {"gen": True, "en": "Gaussian discriminant analysis (one Gaussian per class, shared covariance)",
     "zh": "高斯判别分析（每类一个高斯分布，协方差共享）"},
    {"gen": False, "en": "logistic regression", "zh": "逻辑回归"},
    {"gen": False, "en": "a support vector machine", "zh": "支持向量机"},
    {"gen": False, "en": "a feed-forward neural network with a softmax output", "zh": "带 softmax 输出的前馈神经网络"},
    {"gen": False, "en": "a conditional random field for part-of-speech tagging", "zh": "用于词性标注的条件随机场"},
]

OPTIONS = [
    {"en": "Generative: it models the joint P(x, y), then gets P(y | x) from it",
     "zh": "生成模型：对联合分布 P(x, y) 建模，再求出 P(y | x)"},
    {"en": "Discriminative: it models P(y | x) or the decision boundary directly",
     "zh": "判别模型：直接对条件概率 P(y | x) 或决策边界建模"},
    {"en": "Generative: it models P(y | x) directly and never models x at all",
     "zh": "生成模型：直接对 P(y | x) 建模，不对 x 建模"},
    {"en": "Discriminative: it models the joint P(x, y) of the features and labels",
     "zh": "判别模型：它对特征与标记的联合分布 P(x, y) 进行建模"},
]

WHY = [
    {"en": "Right word, but this model does not model how x is generated.",
     "zh": "类别名称对了，但这个模型并不对 x 的生成方式建模。"},
    {"en": "This model does model the joint distribution (through P(x | y) and P(y)), so it is generative.",
     "zh": "这个模型确实对联合分布建模（通过 P(x | y) 和 P(y)），所以是生成模型。"},
    {"en": "The definitions are swapped: learning P(y | x) directly is what makes a model discriminative.",
     "zh": "定义说反了：直接学习 P(y | x) 的是判别模型。"},
    {"en": "The definitions are swapped: modelling the joint P(x, y) is what makes a model generative.",
     "zh": "定义说反了：对联合分布 P(x, y) 建模的是生成模型。"},
]

PARAMS = {"model": Int(0, len(MODELS) - 1)}


def generate(rng):
    gen = bool(rng.integers(2))  # both answers equally often
    return {"model": int(rng.choice([i for i, m in enumerate(MODELS) if m["gen"] == gen]))}


def options(p):
    key = 0 if MODELS[p["model"]]["gen"] else 1
    return [Option(o, correct=True) if i == key else Option(o, feedback=WHY[i]) for i, o in enumerate(OPTIONS)]


_SETUP = {lang: table("MODEL", MODELS, lang) + values("GEN", [m["gen"] for m in MODELS]) for lang in ("en", "zh")}

PROMPT = {
    "en": _SETUP["en"] + """Is **{{ MODEL[model] }}** a generative or a discriminative model, and why?""",
    "zh": _SETUP["zh"] + """**{{ MODEL[model] }}**是生成模型还是判别模型？为什么？""",
}

EXPLANATION = {
    "en": _SETUP["en"] + """The notes: a generative model learns the joint distribution $P(x, y)$ and then derives $P(y \\mid x)$
(a Bayes classifier learns $P(x \\mid c)$ and $P(c)$ to get $P(x, c)$); a discriminative model learns $P(y \\mid x)$
directly. {% if GEN[model] %}{{ MODEL[model] }} models how the features are generated within each class
($P(x \\mid y)$ and $P(y)$), so it is generative; Bayes' rule turns that into $P(y \\mid x)$.{% else %}{{ MODEL[model] }}
maps $x$ straight to the class ($P(y \\mid x)$ or a decision boundary) and never models $P(x)$, so it is discriminative.{% endif %}
A generative model needs more data but can estimate densities; a discriminative model can be obtained from a
generative one, not the other way round. (The name "discriminant analysis" is misleading: with one Gaussian per
class it is generative.)""",
    "zh": _SETUP["zh"] + """笔记：生成模型学习联合概率分布 $P(x, y)$，再求条件概率 $P(y \\mid x)$（贝叶斯分类器通过求 $P(x \\mid c)$ 和 $P(c)$ 得到 $P(x, c)$）；
判别模型直接学习 $P(y \\mid x)$。{% if GEN[model] %}{{ MODEL[model] }}对每个类别内特征的生成方式建模（$P(x \\mid y)$ 和 $P(y)$），
所以是生成模型，再用贝叶斯公式得到 $P(y \\mid x)$。{% else %}{{ MODEL[model] }}直接把 $x$ 映射到类别（$P(y \\mid x)$ 或决策边界），
从不对 $P(x)$ 建模，所以是判别模型。{% endif %}
生成模型需要的数据量较大，但能估计概率密度；由生成模型可以得到判别模型，反之不行。（“判别分析”这个名字有误导性：每类一个高斯分布时它是生成模型。）""",
}
