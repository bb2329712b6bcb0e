"""Diagnose high bias / high variance from drawn training and validation errors (erratum 7: a simple
model risks high bias, not high variance)."""

from grader.bank.authoring import Choice, Meta, Option, Real

META = Meta(
    title={"en": "Bias or variance? Read the errors", "zh": "偏差还是方差？看误差诊断"},
    kind="choice",
    difficulty=2,
    points=1,
    source="000 欠拟合和过拟合, 误差来源分析; 003 Error来源分析",
    tags=("foundations", "bias", "variance", "underfitting", "overfitting", "diagnosis"),
    covers="bias_variance",
    check=Choice(),
)

LARGE_GAP = 4.0  # percentage points; generate() draws gaps either below 1.5 or above 6

DIAGNOSES = [
    {"en": "High bias (under-fitting): the model does not even fit the training set well",
     "zh": "高偏差（欠拟合）：模型连训练集都拟合不好"},
    {"en": "High variance (over-fitting): it fits the training set but does not generalise",
     "zh": "高方差（过拟合）：它拟合了训练集，却泛化不好"},
    {"en": "High bias and high variance at the same time: both gaps are large",
     "zh": "同时存在高偏差和高方差：两个差距都很大"},
    {"en": "Low bias and low variance: both errors are close to the best achievable",
     "zh": "低偏差、低方差：两个误差都接近可达到的最好水平"},
]


def _gaps(p):
    return round(p["train_error"] - p["baseline"], 1), round(p["val_error"] - p["train_error"], 1)


def diagnosis(p):
    """0 high bias, 1 high variance, 2 both, 3 neither, from the two gaps."""
    bias_gap, var_gap = _gaps(p)
    high_bias, high_var = bias_gap > LARGE_GAP, var_gap > LARGE_GAP
    return {(True, False): 0, (False, True): 1, (True, True): 2, (False, False): 3}[(high_bias, high_var)]


PARAMS = {
    "baseline": Real(0, 100, decimals=1),
    "train_error": Real(0, 100, decimals=1),
    "val_error": Real(0, 100, decimals=1),
}


def generate(rng):
    case = int(rng.integers(4))
    high_bias, high_var = case in (0, 2), case in (1, 2)

    def gap(large):
        return float(rng.uniform(6.0, 15.0)) if large else float(rng.uniform(0.2, 1.5))

    baseline = round(float(rng.uniform(0.5, 5.0)), 1)
    train = round(baseline + gap(high_bias), 1)
    val = round(train + gap(high_var), 1)
    return {"baseline": baseline, "train_error": train, "val_error": val}


def options(p):
    key = diagnosis(p)
    bias_gap, var_gap = _gaps(p)
    facts = {
        "en": f"Here the training error is {bias_gap} points above the best achievable error and the validation error "
              f"{var_gap} points above the training error.",
        "zh": f"这里训练误差比可达到的最好误差高 {bias_gap} 个百分点，验证误差比训练误差高 {var_gap} 个百分点。",
    }
    needs = [
        {"en": "High bias shows as a training error far above the best achievable error, with validation close to training.",
         "zh": "高偏差表现为训练误差远高于可达到的最好误差，而验证误差与训练误差接近。"},
        {"en": "High variance shows as a validation error far above a low training error.",
         "zh": "高方差表现为训练误差低、验证误差却高出很多。"},
        {"en": "Both would need a large gap above the best achievable error and a large gap between training and validation.",
         "zh": "两者兼有需要训练误差远高于最好误差，同时验证误差又远高于训练误差。"},
        {"en": "A good fit needs both gaps to be small.",
         "zh": "拟合良好要求两个差距都很小。"},
    ]
    return [Option(d, correct=True) if i == key else
            Option(d, feedback={lang: needs[i][lang] + " " + facts[lang] for lang in ("en", "zh")})
            for i, d in enumerate(DIAGNOSES)]


PROMPT = {
    "en": """For a classification task the best achievable error (e.g. human-level error) is about {{ baseline }} %.
A trained model has a training error of {{ train_error }} % and a validation error of {{ val_error }} %.

What is the most fitting diagnosis?""",
    "zh": """某分类任务可达到的最好误差（例如人类水平的误差）约为 {{ baseline }}%。
训练好的模型在训练集上的误差为 {{ train_error }}%，在验证集上的误差为 {{ val_error }}%。

下列哪一项诊断最恰当？""",
}

EXPLANATION = {
    "en": """{% set bias_gap = (train_error - baseline)|round(1) %}{% set var_gap = (val_error - train_error)|round(1) %}
Compare the errors in two steps. Training vs best achievable: {{ train_error }} − {{ baseline }} = {{ bias_gap }} points,
{{ "large: high bias (the model under-fits)" if bias_gap > 4 else "small: low bias" }}. Validation vs training:
{{ val_error }} − {{ train_error }} = {{ var_gap }} points, {{ "large: high variance (it does not generalise)" if var_gap > 4 else "small: low variance" }}.

A model that is too simple fits badly (high bias) but is insensitive to the particular training set (low variance);
a very complex one fits the training set (low bias) but its predictions vary (high variance). (One sentence of 003
says a simple model "easily shows high variance": it means high bias.) High bias calls for more capacity, high variance
for regularisation or more data.""",
    "zh": """{% set bias_gap = (train_error - baseline)|round(1) %}{% set var_gap = (val_error - train_error)|round(1) %}
分两步比较误差。训练误差与最好误差：{{ train_error }} − {{ baseline }} = {{ bias_gap }} 个百分点，{{ "差距大：高偏差（欠拟合）" if bias_gap > 4 else "差距小：低偏差" }}。
验证误差与训练误差：{{ val_error }} − {{ train_error }} = {{ var_gap }} 个百分点，{{ "差距大：高方差（泛化不好）" if var_gap > 4 else "差距小：低方差" }}。

过于简单的模型拟合得不好（高偏差），但对具体用哪份训练集不敏感（低方差）；很复杂的模型能拟合训练集（低偏差），但预测波动大（高方差）。
（003 中有一句说简单模型“容易出现 high variance”，应为 high bias。）高偏差需要更大的模型容量，高方差需要正则化或更多数据。""",
}
