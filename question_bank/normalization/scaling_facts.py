"""Multi-select: what feature scaling does and does not do (000 特征缩放/标准化; 003 特征标准化;
erratum 2: mean normalisation is (x − x̄)/(max − min); erratum 18: standardising fixes mean 0 and
variance 1 only, it does not make data Gaussian). Statements are drawn from pools."""

from grader.bank.authoring import Choice, Meta, Option, statement_pool

META = Meta(
    title={"en": "What feature scaling does", "zh": "特征缩放的作用"},
    kind="multi",
    difficulty=2,
    points=2,
    source="000 特征缩放/标准化; 003 特征标准化",
    tags=("feature scaling", "z-score", "min-max", "mean normalisation"),
    covers="feature_scaling",
    check=Choice(),
)

RIGHT = [
    Option({"en": "After z-score standardisation the training values have mean 0 and standard deviation 1",
            "zh": "z-score 标准化之后，训练集上的取值均值为 0、标准差为 1"}, correct=True),
    Option({"en": "Min-max scaling maps the training values into [0, 1]: the minimum to 0 and the maximum to 1",
            "zh": "min-max 归一化把训练集的取值映射到 [0, 1]：最小值对应 0，最大值对应 1"}, correct=True),
    Option({"en": "With features on similar scales, one learning rate suits every weight, so gradient descent converges faster",
            "zh": "各特征尺度相近时，一个学习率就适合所有权重，梯度下降收敛得更快"}, correct=True),
    Option({"en": "Standardising does not change the shape of a distribution: a skewed feature stays skewed",
            "zh": "标准化不会改变分布的形状：偏斜的特征标准化后仍然是偏斜的"}, correct=True),
    Option({"en": "The scaling statistics come from the training set and are reused unchanged on validation and test data",
            "zh": "缩放用的统计量取自训练集，并原样用于验证集和测试集"}, correct=True),
]

WRONG = [
    Option({"en": "z-score standardisation turns any feature into a standard normal (Gaussian) distribution",
            "zh": "z-score 标准化会把任何特征变成标准正态（高斯）分布"},
           feedback={"en": "It only shifts and rescales: mean 0 and variance 1, but the shape stays. A skewed or bimodal feature "
                           "stays skewed or bimodal (the notes' \"符合标准正态分布\" overstates it).",
                     "zh": "它只是平移和缩放：均值为 0、方差为 1，但形状不变。偏斜或双峰的特征标准化后仍然偏斜或双峰（笔记中“符合标准正态分布”的说法言过其实）。"}),
    Option({"en": "Mean normalisation computes (x − min)/(max − min)",
            "zh": "均值归一化的计算公式是 (x − min)/(max − min)"},
           feedback={"en": "That is min-max scaling (the formula 000 misprints under \"Mean Normalization\"); mean normalisation "
                           "is (x − x̄)/(max − min).",
                     "zh": "那是 min-max 归一化（000 在“Mean Normalization”标题下误印了这个公式）；均值归一化是 (x − x̄)/(max − min)。"}),
    Option({"en": "After min-max scaling every feature has standard deviation 1",
            "zh": "min-max 归一化之后，每个特征的标准差都是 1"},
           feedback={"en": "Min-max fixes the range to [0, 1], so the standard deviation is at most 0.5; standard deviation 1 is the z-score's.",
                     "zh": "min-max 把范围固定为 [0, 1]，标准差最多为 0.5；标准差为 1 是 z-score 的结果。"}),
    Option({"en": "Scaling is needed because gradient descent cannot handle negative feature values",
            "zh": "需要缩放是因为梯度下降无法处理取负值的特征"},
           feedback={"en": "Negative inputs are no problem (the z-score produces them on purpose); scaling balances the features' ranges.",
                     "zh": "负的输入没有任何问题（z-score 本身就会产生负值）；缩放是为了平衡各特征的取值范围。"}),
    Option({"en": "The test set should be standardised with its own mean and standard deviation",
            "zh": "测试集应当用它自己的均值和标准差来标准化"},
           feedback={"en": "The model was trained on inputs scaled with the training statistics; test inputs must go through the same transformation.",
                     "zh": "模型是在用训练集统计量缩放后的输入上训练的；测试输入必须经过同样的变换。"}),
]

PARAMS, generate, options = statement_pool(RIGHT, WRONG, n_right=(2, 3), n_options=5)


PROMPT = {
    "en": "Which of these statements about feature scaling (min-max scaling, mean normalisation, z-score standardisation) "
          "are true? Pick all that apply.",
    "zh": "关于特征缩放（min-max 归一化、均值归一化、z-score 标准化），下列哪些说法正确？（多选）",
}

EXPLANATION = {
    "en": r"""Min-max scaling $(x - \min)/(\max - \min)$ maps the training values into $[0, 1]$; mean normalisation
$(x - \bar x)/(\max - \min)$ centres them at 0 (000 prints the min-max formula under that heading); the z-score
$(x - \bar x)/s$ gives mean 0 and standard deviation 1. All three are affine maps: they move and stretch the
values but keep the distribution's shape, so data does not become Gaussian. Features on similar scales make the
loss surface better conditioned, so one learning rate suits all weights and gradient descent converges faster.
The statistics are estimated on the training set and applied unchanged to validation and test data.""",
    "zh": r"""min-max 归一化 $(x - \min)/(\max - \min)$ 把训练集取值映射到 $[0, 1]$；均值归一化 $(x - \bar x)/(\max - \min)$ 把中心移到 0
（000 在这个标题下误印了 min-max 的公式）；z-score $(x - \bar x)/s$ 得到均值 0、标准差 1。三者都是仿射变换：只平移和伸缩取值，
不改变分布的形状，所以数据不会因此变成高斯分布。各特征尺度相近时损失曲面的条件更好，一个学习率就适合所有权重，梯度下降收敛更快。
统计量在训练集上估计，并原样用于验证集和测试集。""",
}
