"""Regression vs classification (the notes' rule: outputs that can be enumerated mean
classification): which drawn tasks are classification (multi-select)."""

from grader.bank.authoring import Choice, Int, Meta, Seq

from ._pool import pick, statement_options, statements_explained

META = Meta(
    title={"en": "Regression or classification?", "zh": "回归还是分类？"},
    kind="multi",
    difficulty=1,
    points=2,
    source="000 分类问题 (如何区分回归问题与分类问题)",
    tags=("foundations", "regression", "classification"),
    covers="regression_classification",
    check=Choice(),
)

CLASSIFICATION = [
    {"en": "Deciding whether an e-mail is spam", "zh": "判断一封邮件是否为垃圾邮件",
     "why": {"en": "two possible outputs: spam or not.", "zh": "只有两种输出：是或不是垃圾邮件。"}},
    {"en": "Recognising which digit (0–9) a handwritten image shows", "zh": "识别一张手写图片是 0–9 中的哪个数字",
     "why": {"en": "ten possible outputs.", "zh": "只有十种可能的输出。"}},
    {"en": "Predicting whether a tumour is benign or malignant", "zh": "预测肿瘤是良性还是恶性",
     "why": {"en": "two classes.", "zh": "两个类别。"}},
    {"en": "Predicting tomorrow's weather type: sunny, cloudy, rain or snow", "zh": "预测明天的天气类型：晴、多云、雨或雪",
     "why": {"en": "four enumerable outputs.", "zh": "四种可以枚举的输出。"}},
    {"en": "Assigning a news article to one of 20 topics", "zh": "把一篇新闻归入 20 个主题之一",
     "why": {"en": "twenty possible outputs.", "zh": "二十种可能的输出。"}},
    {"en": "Predicting the next character of a text from a 60-letter alphabet", "zh": "从 60 个字符的字符表中预测文本的下一个字符",
     "why": {"en": "one of 60 characters: a 60-class softmax.", "zh": "输出是 60 个字符之一：60 类的 softmax。"}},
]

REGRESSION = [
    {"en": "Predicting the sale price of a house in yuan", "zh": "预测一套房子的成交价格（元）",
     "why": {"en": "a price is a real number on a continuum: regression.", "zh": "价格是连续的实数：回归。"}},
    {"en": "Predicting tomorrow's maximum temperature in °C", "zh": "预测明天的最高气温（°C）",
     "why": {"en": "a temperature is a continuous value: regression.", "zh": "气温是连续值：回归。"}},
    {"en": "Forecasting a stock's closing price for tomorrow", "zh": "预测某只股票明天的收盘价",
     "why": {"en": "the price cannot be enumerated in advance: regression.", "zh": "价格无法事先枚举：回归。"}},
    {"en": "Predicting a car's steering angle from a camera image", "zh": "根据摄像头图像预测汽车的转向角度",
     "why": {"en": "an angle is a continuous quantity: regression.", "zh": "角度是连续量：回归。"}},
    {"en": "Estimating the remaining battery life of a phone in hours", "zh": "估计手机电池还能使用多少小时",
     "why": {"en": "a duration is a real number: regression.", "zh": "时长是实数：回归。"}},
    {"en": "Predicting the amount of rainfall tomorrow in millimetres", "zh": "预测明天的降雨量（毫米）",
     "why": {"en": "an amount on a continuous scale: regression.", "zh": "连续刻度上的数量：回归。"}},
]

PARAMS = {
    "right": Seq(Int(0, len(CLASSIFICATION) - 1), min_len=2, max_len=3),
    "wrong": Seq(Int(0, len(REGRESSION) - 1), min_len=2, max_len=3),
}


def generate(rng):
    n_right = int(rng.integers(2, 4))
    return {"right": sorted(pick(rng, len(CLASSIFICATION), n_right)),
            "wrong": sorted(pick(rng, len(REGRESSION), 5 - n_right))}


def options(p):
    return statement_options(CLASSIFICATION, REGRESSION, p)


HEADINGS = {"en": ("Classification:", "Regression:"), "zh": ("分类问题：", "回归问题：")}

PROMPT = {
    "en": "Which of these tasks are classification problems (not regression)? Pick all that apply.",
    "zh": "下列哪些任务是分类问题（而不是回归问题）？（多选）",
}

EXPLANATION = {
    "en": """The notes' rule: if the possible outputs can be listed (enumerated) in advance, it is a classification problem;
otherwise, when the output is a real number on a continuum, it is regression.

""" + statements_explained(CLASSIFICATION, REGRESSION, "en", HEADINGS),
    "zh": """笔记的判断方法：输出值可以有限枚举出来就是分类问题，否则（输出是连续的实数）就是回归问题。

""" + statements_explained(CLASSIFICATION, REGRESSION, "zh", HEADINGS),
}
