"""The most important hyper-parameter (Bengio, course L7-2, 004 Q24): the learning rate; three
distractors drawn from the other hyper-parameters."""

from grader.bank.authoring import Choice, Int, Meta, OneOf, Option, Seq

from ._pool import pick, table

META = Meta(
    title={"en": "The most important hyper-parameter", "zh": "最重要的超参数"},
    kind="choice",
    difficulty=1,
    points=1,
    source="004 Q24 (Bengio认为最重要的超参数是什么: 学习率)",
    tags=("foundations", "hyper-parameters", "learning rate"),
    covers="hyperparameters",
    check=Choice(),
)

KEY = {"en": "The learning rate η (an optimizer hyper-parameter)", "zh": "学习率 η（属于优化器超参数）"}

OTHERS = [
    {"en": "The batch size (an optimizer hyper-parameter)", "zh": "minibatch 大小（优化器超参数）",
     "why": {"en": "It matters (32–256 is the usual range), but training works over a wide range of batch sizes once the learning rate suits them.",
             "zh": "它有影响（常用 32–256），但只要学习率合适，很宽范围内的 batch 大小都能训练。"}},
    {"en": "The number of hidden units (a model hyper-parameter)", "zh": "隐藏单元个数（模型超参数）",
     "why": {"en": "A model hyper-parameter that is tuned by watching the validation error; a bad learning rate spoils training whatever the size.",
             "zh": "这是模型超参数，靠观察验证误差调节；学习率不合适时，无论网络多大都训练不好。"}},
    {"en": "The network depth (a model hyper-parameter)", "zh": "网络层数（模型超参数）",
     "why": {"en": "Depth changes capacity, but with a learning rate that is too large or too small no depth trains well.",
             "zh": "深度改变模型容量，但学习率过大或过小时，任何深度都训练不好。"}},
    {"en": "The number of epochs (an optimizer hyper-parameter)", "zh": "训练的 epoch 数（优化器超参数）",
     "why": {"en": "Early stopping on the validation error sets it almost automatically.",
             "zh": "用验证误差做早停，几乎可以自动决定它。"}},
    {"en": "The momentum coefficient γ (an optimizer hyper-parameter)", "zh": "动量系数 γ（优化器超参数）",
     "why": {"en": "Usually left near 0.9; it matters far less than the learning rate it multiplies.",
             "zh": "通常取 0.9 左右即可；它远没有学习率重要。"}},
    {"en": "The L2 coefficient λ (a regularisation hyper-parameter)", "zh": "L2 正则化系数 λ（正则化超参数）",
     "why": {"en": "It fights over-fitting once training works; it does not decide whether training converges at all.",
             "zh": "它在训练能进行之后用于防止过拟合，并不决定训练能否收敛。"}},
    {"en": "The dropout rate p (a regularisation hyper-parameter)", "zh": "dropout 概率 p（正则化超参数）",
     "why": {"en": "A regulariser's strength, tuned after the learning rate; common values (0.2–0.5) work broadly.",
             "zh": "这是正则化强度，在学习率之后再调；常用值（0.2–0.5）大多都能用。"}},
]

CONTEXTS = [
    {"en": "You have time to tune only one hyper-parameter of a new network.",
     "zh": "你只有时间为一个新网络调一个超参数。"},
    {"en": "Bengio's practical recommendations for training deep networks single out one hyper-parameter as the most important.",
     "zh": "Bengio 关于训练深度网络的实用建议中，把一个超参数单独列为最重要的。"},
]

PARAMS = {
    "others": Seq(Int(0, len(OTHERS) - 1), min_len=3, max_len=3),
    "context": OneOf((0, 1)),
}


def generate(rng):
    return {"others": sorted(pick(rng, len(OTHERS), 3)), "context": int(rng.integers(2))}


def options(p):
    return [Option(KEY, correct=True)] + [Option({"en": OTHERS[i]["en"], "zh": OTHERS[i]["zh"]}, feedback=OTHERS[i]["why"])
                                          for i in p["others"]]


_SETUP = {lang: table("CONTEXT", CONTEXTS, lang) + table("OTHER", OTHERS, lang) + table("WHY", OTHERS, lang, "why")
          for lang in ("en", "zh")}

PROMPT = {
    "en": _SETUP["en"] + """{{ CONTEXT[context] }} According to the course (Bengio, L7-2), which hyper-parameter is the most
important one to get right?""",
    "zh": _SETUP["zh"] + """{{ CONTEXT[context] }}根据课程内容（Bengio，L7-2），哪个超参数最重要、最需要调好？""",
}

EXPLANATION = {
    "en": _SETUP["en"] + """The learning rate. If it is too large the loss grows instead of falling (the course: more than about twice the
ideal rate makes the error increase); if it is too small training crawls or stalls. Every other hyper-parameter is
tuned on top of a working learning rate, so if you can tune only one, tune the learning rate.

{% for i in others %}
- {{ OTHER[i] }}: {{ WHY[i] }}
{% endfor %}""",
    "zh": _SETUP["zh"] + """学习率。学习率太大，损失不降反增（课程：比理想学习率大两倍以上就会使误差增大）；太小则训练极慢甚至停滞。
其他超参数都是在学习率合适的前提下再调的，所以如果只能调一个，就调学习率。

{% for i in others %}
- {{ OTHER[i] }}：{{ WHY[i] }}
{% endfor %}""",
}
