"""Why linear regression is not used for classification: the notes' multi-class reason (class
intervals set by hand, artificial distances between classes) or the binary case (far-away points
move the threshold; outputs are not probabilities). Distractors drawn from a pool."""

from grader.bank.authoring import Choice, Int, Meta, OneOf, Option, Seq

from ._pool import pick, table

META = Meta(
    title={"en": "Why not linear regression for classification?", "zh": "为什么不用线性回归做分类？"},
    kind="choice",
    difficulty=2,
    points=1,
    source="000 分类问题 (为什么不可以用线性回归的模型解决分类问题)",
    tags=("foundations", "regression", "classification", "linear regression"),
    covers="regression_classification",
    check=Choice(),
)

SETTINGS = [
    {"en": "A data set has three classes, coded as the numbers 1, 2 and 3. Someone fits a linear regression to these codes "
           "and assigns each input to the class whose code is nearest to the predicted value.",
     "zh": "某数据集有三个类别，分别编码为数字 1、2、3。有人对这些编码做线性回归，再把每个输入归入与预测值最接近的编码所对应的类别。"},
    {"en": "A data set has two classes, coded as 0 and 1. Someone fits a linear regression to these codes and predicts "
           "class 1 whenever the fitted value is above 0.5.",
     "zh": "某数据集有两个类别，编码为 0 和 1。有人对这些编码做线性回归，拟合值大于 0.5 时就预测为类别 1。"},
]

REASONS = [
    {"en": "Class intervals must be set by hand, and the codes make some classes artificially close",
     "zh": "分类区间只能人为划分，数字编码还让类别间距失真"},
    {"en": "Far-away points, even correctly classified ones, pull the line and shift the 0.5 threshold",
     "zh": "离边界远的点即使分对了，也会拉动直线、挪动 0.5 阈值"},
]

WRONG = [
    {"en": "Linear regression cannot be trained by gradient descent, so it can never learn the class labels",
     "zh": "线性回归不能用梯度下降训练，所以根本学不到类别标签",
     "why": {"en": "Linear regression is trained by gradient descent (or least squares) like any model; training is not the problem.",
             "zh": "线性回归和其他模型一样可以用梯度下降（或最小二乘）训练；问题不在训练上。"}},
    {"en": "Linear regression accepts only one input feature, while a classifier usually needs many features",
     "zh": "线性回归只能接受一个输入特征，而分类器需要很多特征",
     "why": {"en": "Linear regression takes any number of features: ŷ = wᵀx + b.",
             "zh": "线性回归可以有任意多个特征：ŷ = wᵀx + b。"}},
    {"en": "A linear model can never separate two classes, so every linear classifier is bound to fail",
     "zh": "线性模型永远无法把两个类别分开，所以任何线性分类器都不行",
     "why": {"en": "Logistic regression and the perceptron are linear classifiers that separate linearly separable classes; the trouble is the squared error on class codes.",
             "zh": "逻辑回归、感知机都是能分开线性可分类别的线性分类器；问题出在对类别编码做平方误差回归。"}},
    {"en": "The squared error on class codes is always zero, so the model has nothing left to learn",
     "zh": "对类别编码计算的平方误差总是零，所以模型没有什么可学的",
     "why": {"en": "The squared error between fitted values and the codes is generally not zero; it just measures the wrong thing.",
             "zh": "拟合值与编码之间的平方误差一般不为零；只是它衡量的东西不对。"}},
    {"en": "Linear regression always over-fits class labels because it has far too many parameters",
     "zh": "线性回归的参数太多，对类别标签总会过拟合",
     "why": {"en": "A linear model has few parameters; if anything it under-fits. Over-fitting is not the reason.",
             "zh": "线性模型参数很少，要说也是欠拟合；过拟合不是原因。"}},
]

PARAMS = {
    "setting": OneOf((0, 1)),
    "wrong": Seq(Int(0, len(WRONG) - 1), min_len=3, max_len=3),
}


def generate(rng):
    return {"setting": int(rng.integers(2)), "wrong": sorted(pick(rng, len(WRONG), 3))}


def options(p):
    return ([Option(REASONS[p["setting"]], correct=True)]
            + [Option({"en": WRONG[i]["en"], "zh": WRONG[i]["zh"]}, feedback=WRONG[i]["why"]) for i in p["wrong"]])


_SETUP = {lang: table("SETTING", SETTINGS, lang) + table("WT", WRONG, lang) + table("WW", WRONG, lang, "why")
          for lang in ("en", "zh")}

PROMPT = {
    "en": _SETUP["en"] + """{{ SETTING[setting] }}

What is the main problem with using linear regression for this classification task?""",
    "zh": _SETUP["zh"] + """{{ SETTING[setting] }}

用线性回归解决这个分类问题，主要的毛病是什么？""",
}

EXPLANATION = {
    "en": _SETUP["en"] + """{% if setting == 0 %}
The notes' reason: regressing on class codes forces us to draw the class intervals by hand, and the codes 1, 2, 3
claim that class 1 is closer to class 2 than to class 3, an order and a distance the classes do not have. This
distorts the fit and hurts the classifier.
{% else %}
The squared error punishes a point for being far from its code even when it is on the right side: a class-1 point
with fitted value 3 costs $(3 - 1)^2 = 4$, as much as one at $-1$ on the wrong side, so far-away points tilt the line and shift where it
crosses 0.5. The fitted values can also leave [0, 1], so they are not probabilities. Logistic regression (σ with
cross-entropy) fixes both.
{% endif %}

{% for i in wrong %}
- {{ WT[i] }}: {{ WW[i] }}
{% endfor %}""",
    "zh": _SETUP["zh"] + """{% if setting == 0 %}
笔记给出的原因：对类别编码做回归，就必须人为划分分类区间；而 1、2、3 的编码意味着类别 1 离类别 2 比离类别 3 更近，
这种顺序和距离是类别本身没有的，会扭曲拟合、极大影响分类器性能。
{% else %}
平方误差会惩罚“离编码远”的点，即使它在边界正确的一侧：拟合值为 3 的类别 1 样本代价为 $(3 - 1)^2 = 4$，与拟合值为 $-1$、落在错误一侧的样本一样大，
于是远处的点会使直线倾斜，改变它穿过 0.5 的位置。拟合值还可能超出 [0, 1]，不能当作概率。逻辑回归（σ 加交叉熵）同时解决了这两个问题。
{% endif %}

{% for i in wrong %}
- {{ WT[i] }}：{{ WW[i] }}
{% endfor %}""",
}
