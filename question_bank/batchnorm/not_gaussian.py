"""Standardising fixes mean 0 and variance 1; it does not make data normally distributed
(erratum 18: 001 Q11 and 003 say BN pulls values "into a standard normal distribution")."""

import numpy as np

from grader.bank.authoring import Choice, Meta, OneOf, Option, draw_pool, pool_options, pool_schema

META = Meta(
    title={"en": "What standardisation does to a distribution", "zh": "标准化对分布做了什么"},
    kind="choice",
    difficulty=2,
    points=2,
    source="001 Q11 (拉回到均值为0方差为1的标准正态分布); 003 批标准化; 000 z-score 标准化",
    tags=("batch normalization", "standardization", "distribution"),
    covers="batch_norm",
    check=Choice(),
)

# Batches of one feature whose shape is far from Gaussian.
BATCHES = {
    "skewed": [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 9.0],
    "two_peaks": [-5.0, -5.0, -5.0, -5.0, -5.0, -5.0, 5.0, 5.0],
    "relu": [0.0, 0.0, 0.0, 0.0, 0.5, 1.0, 2.0, 4.5],
}
DESCRIPTION = {
    "skewed": {"en": "strongly skewed: most values 0 and one large outlier", "zh": "严重偏斜：大多数值为 0，还有一个很大的离群值"},
    "two_peaks": {"en": "two separate clusters, at −5 and at +5", "zh": "分成两簇，分别在 −5 和 +5"},
    "relu": {"en": "ReLU outputs: half exactly 0, the rest positive", "zh": "ReLU 的输出：一半恰好为 0，其余为正"},
}


def _standardised(name):
    xs = BATCHES[name]
    m = sum(xs) / len(xs)
    sd = (sum((x - m) ** 2 for x in xs) / len(xs)) ** 0.5
    return [(x - m) / sd for x in xs]


# The largest standardised value of each batch, as jinja looks it up in the feedback below.
_TOP = "{{ " + repr({name: f"{max(_standardised(name)):.2f}" for name in BATCHES}) + "[batch] }}"
_WHAT = {lang: "{{ " + repr({name: text[lang] for name, text in DESCRIPTION.items()}) + "[batch] }}" for lang in ("en", "zh")}

RIGHT = [
    Option({"en": "Their mean is 0 and their variance is 1, but their distribution keeps its shape (it is not made Gaussian)",
            "zh": "它们的均值为 0、方差为 1，但分布的形状不变（并没有变成高斯分布）"}, correct=True),
    Option({"en": "They are shifted and rescaled only, so the shape of the histogram stays; only mean 0, variance 1 are fixed",
            "zh": "它们只是被平移和缩放，直方图的形状保持不变；固定下来的只有均值 0、方差 1"}, correct=True),
]

WRONG = [
    Option({"en": "They now follow the standard normal distribution N(0, 1), as the notes put it",
            "zh": "它们现在服从标准正态分布 N(0, 1)，正如笔记所说"},
           feedback={"en": "Subtracting a number and dividing by a number is an affine map: it cannot change the shape of a "
                           "distribution. These values are still " + _WHAT["en"] + "; only their mean and variance are 0 and 1.",
                     "zh": "减去一个数再除以一个数是仿射变换，不能改变分布的形状。这些值仍然是“" + _WHAT["zh"] + "”；只是均值和方差变成了 0 和 1。"}),
    Option({"en": "They all lie between −1 and 1, because they have been divided by the standard deviation",
            "zh": "它们全都落在 −1 和 1 之间，因为已经除以了标准差"},
           feedback={"en": "Variance 1 does not bound the values: here the standardised maximum is " + _TOP + ". "
                           "Scaling into a fixed range is min-max normalisation.",
                     "zh": "方差为 1 并不限制取值范围：这里标准化后的最大值是 " + _TOP + "。把值缩放到固定区间的是最小最大归一化。"}),
    Option({"en": "They lie between 0 and 1, the range of a probability, so the next sigmoid is never saturated",
            "zh": "它们落在 0 和 1 之间，即概率的取值范围，所以后面的 sigmoid 永远不会饱和"},
           feedback={"en": "Standardised values have mean 0, so about half of them are negative; [0, 1] is the range of min-max scaling.",
                     "zh": "标准化后的值均值为 0，大约一半是负的；[0, 1] 是最小最大归一化的范围。"}),
    Option({"en": "Each sample's own values across the features now have mean 0 and variance 1",
            "zh": "每个样本自己在各个特征上的取值现在均值为 0、方差为 1"},
           feedback={"en": "Batch normalisation standardises each feature across the batch, not each sample across its features "
                           "(that would be layer normalisation).",
                     "zh": "批标准化是对每个特征在整个批次上做标准化，而不是对每个样本在其各个特征上做（那是 layer normalization）。"}),
]

PARAMS = {**pool_schema(RIGHT, WRONG), "batch": OneOf(tuple(BATCHES))}


def generate(rng: np.random.Generator) -> dict:
    return {**draw_pool(rng, RIGHT, WRONG), "batch": str(rng.choice(list(BATCHES)))}


def options(p):
    return pool_options(p, RIGHT, WRONG)


PROMPT = {
    "en": r"""In one mini-batch a feature takes the values
$$({{ {"skewed": "0, 0, 0, 0, 0, 0, 1, 9", "two_peaks": "-5, -5, -5, -5, -5, -5, 5, 5", "relu": "0, 0, 0, 0, 0.5, 1, 2, 4.5"}[batch] }}).$$
Batch normalisation's first step standardises them, $\hat x_i = (x_i - \mu_B)/\sigma_B$ with the batch mean and standard deviation.
Which statement about the standardised values $\hat x_i$ is correct?""",
    "zh": r"""在一个 mini-batch 中，某个特征的取值为
$$({{ {"skewed": "0, 0, 0, 0, 0, 0, 1, 9", "two_peaks": "-5, -5, -5, -5, -5, -5, 5, 5", "relu": "0, 0, 0, 0, 0.5, 1, 2, 4.5"}[batch] }}).$$
批标准化的第一步用批均值和批标准差把它们标准化：$\hat x_i = (x_i - \mu_B)/\sigma_B$。关于标准化后的 $\hat x_i$，哪个说法是正确的？""",
}

EXPLANATION = {
    "en": r"""$\hat x = (x - \mu_B)/\sigma_B$ is an affine map (a shift and a positive rescaling). It fixes the batch's mean at 0 and its
variance at 1, and it changes nothing else about the shape: a skewed batch stays skewed, two clusters stay two clusters,
the zeros of a ReLU stay one spike. The notes (001 Q11, 003) call the result a "standard normal distribution"; that is
wrong — mean 0 and variance 1 are all standardisation guarantees (the same holds for z-score feature scaling). The values
are not bounded either: one value can lie several standard deviations from the mean. The statistics are per feature over
the batch, not per sample.""",
    "zh": r"""$\hat x = (x - \mu_B)/\sigma_B$ 是仿射变换（平移加正的缩放）。它把这一批的均值固定为 0、方差固定为 1，除此之外不改变分布的形状：
偏斜的仍然偏斜，两簇仍是两簇，ReLU 的大量 0 仍是一个尖峰。笔记（001 Q11、003）把结果称为“标准正态分布”，这是不对的——标准化只保证均值为 0、
方差为 1（z-score 特征缩放同理）。取值也不受限制：某个值可以离均值好几个标准差。统计量是按特征在批次上计算的，而不是按样本。""",
}
