"""Occam's razor, the no-free-lunch theorem, up-sampling and down-sampling: which one a drawn
situation illustrates."""

from grader.bank.authoring import Choice, Int, Meta

from ._pool import category_options, table, values

META = Meta(
    title={"en": "Name the principle", "zh": "说出对应的原理"},
    kind="choice",
    difficulty=1,
    points=1,
    source="003 奥卡姆剃刀原理; 没有免费的午餐定理; 上采样与下采样",
    tags=("foundations", "occam", "no free lunch", "sampling", "imbalance"),
    covers="ml_principles",
    check=Choice(),
)

PRINCIPLES = [
    {"en": "Occam's razor", "zh": "奥卡姆剃刀原理",
     "why": {"en": "Occam's razor: among hypotheses that agree with the observations, choose the simplest.",
             "zh": "奥卡姆剃刀：若有多个假设与观察一致，则选最简单的那个。"}},
    {"en": "The no-free-lunch theorem", "zh": "没有免费的午餐定理",
     "why": {"en": "No free lunch: averaged over all possible problems, every learning algorithm performs the same.",
             "zh": "没有免费的午餐：在所有可能的问题上平均，所有学习算法的期望性能相同。"}},
    {"en": "Up-sampling (over-sampling)", "zh": "上采样（过采样）",
     "why": {"en": "Up-sampling repeats samples (or enlarges an image).",
             "zh": "上采样是重复采样一部分样本（或放大图像）。"}},
    {"en": "Down-sampling", "zh": "下采样",
     "why": {"en": "Down-sampling discards samples (or shrinks an image).",
             "zh": "下采样是抛弃一部分样本（或缩小图像）。"}},
]

CASES = [
    {"kind": 0, "en": "Two models fit the observations equally well; we keep the one with fewer parameters.",
     "zh": "两个模型对观测数据拟合得一样好；我们保留参数更少的那个。"},
    {"kind": 0, "en": "A straight line and a degree-9 polynomial both explain the data within its noise; we prefer the line.",
     "zh": "一条直线和一个 9 次多项式都能在噪声范围内解释数据；我们更倾向于直线。"},
    {"kind": 1, "en": "Averaged over all possible data-generating distributions, every classifier has the same error on unseen points.",
     "zh": "在所有可能的数据生成分布上平均后，每个分类器在未观测点上的错误率都相同。"},
    {"kind": 1, "en": "If algorithm A beats algorithm B on some problems, there must be other problems on which B beats A.",
     "zh": "如果算法 A 在某些问题上比算法 B 好，那么必然存在另一些问题，B 在上面比 A 好。"},
    {"kind": 2, "en": "A fraud data set has 100 frauds and 10,000 normal cases; each fraud is repeated 100 times in training.",
     "zh": "一个欺诈数据集有 100 个欺诈样本和 10,000 个正常样本；训练时把每个欺诈样本重复 100 次。"},
    {"kind": 2, "en": "In an image network, a 14×14 feature map is enlarged to 28×28.",
     "zh": "在一个图像网络中，把 14×14 的特征图放大到 28×28。"},
    {"kind": 3, "en": "A fraud data set has 100 frauds and 10,000 normal cases; training keeps only 100 random normal cases.",
     "zh": "一个欺诈数据集有 100 个欺诈样本和 10,000 个正常样本；训练时只随机保留 100 个正常样本。"},
    {"kind": 3, "en": "In an image network, a 28×28 feature map is shrunk to 14×14 by 2×2 max pooling with stride 2.",
     "zh": "在一个图像网络中，用步长为 2 的 2×2 最大池化把 28×28 的特征图缩小到 14×14。"},
]

CLUES = [
    {"en": "Here the simpler of several equally good hypotheses is preferred.", "zh": "这里在几个同样好的假设中选择了最简单的。"},
    {"en": "Here no algorithm is better than another once all problems are considered.", "zh": "这里考虑所有问题之后，没有哪个算法更好。"},
    {"en": "Here samples are repeated (or the image enlarged): up-sampling.", "zh": "这里重复了样本（或放大了图像）：上采样。"},
    {"en": "Here samples are thrown away (or the image shrunk): down-sampling.", "zh": "这里抛弃了样本（或缩小了图像）：下采样。"},
]

PARAMS = {"case": Int(0, len(CASES) - 1)}


def generate(rng):
    return {"case": int(rng.integers(len(CASES)))}


def options(p):
    kind = CASES[p["case"]]["kind"]
    return category_options(PRINCIPLES, kind, CLUES[kind])


_SETUP = {lang: table("CASE", CASES, lang) + table("CLUE", CLUES, lang) + values("KEY", [c["kind"] for c in CASES])
          for lang in ("en", "zh")}

PROMPT = {
    "en": _SETUP["en"] + """Which principle or technique does this illustrate?

> {{ CASE[case] }}""",
    "zh": _SETUP["zh"] + """下面的情形体现的是哪一个原理或方法？

> {{ CASE[case] }}""",
}

EXPLANATION = {
    "en": _SETUP["en"] + """{{ CLUE[KEY[case]] }}

The notes: Occam's razor — if several hypotheses agree with the observations, choose the simplest. No free lunch —
averaged over all possible data-generating distributions every classifier has the same error rate on unseen points,
so one can only compare algorithms on a specific problem. Sampling a training set: discarding some samples is
down-sampling, repeating some is up-sampling (over-sampling), both used against class imbalance; in image
recognition, shrinking an image is down-sampling and enlarging it up-sampling.""",
    "zh": _SETUP["zh"] + """{{ CLUE[KEY[case]] }}

笔记：奥卡姆剃刀——若有多个假设与观察一致，则选最简单的那个。没有免费的午餐——在所有可能的数据生成分布上平均之后，
每个分类算法在未观测点上的错误率都相同，所以只能针对具体问题比较算法优劣。采样训练集时，抛弃一部分样本称为下采样，
重复采样一部分样本称为上采样/过采样，两者都用于处理类别不平衡；在图像识别中，缩小图像称为下采样，放大图像称为上采样。""",
}
