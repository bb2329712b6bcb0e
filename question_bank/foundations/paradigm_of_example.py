"""Which learning paradigm a drawn example illustrates: supervised, unsupervised, semi-supervised,
reinforcement or transfer learning (erratum 1: unsupervised data has no labels)."""

from grader.bank.authoring import Choice, Int, Meta

from ._pool import category_options, table, values

META = Meta(
    title={"en": "Learning paradigms: classify the example", "zh": "学习范式：给例子归类"},
    kind="choice",
    difficulty=1,
    points=1,
    source="000 机器学习分类的定义及差异",
    tags=("foundations", "supervised", "unsupervised", "semi-supervised", "reinforcement", "transfer"),
    covers="learning_paradigms",
    check=Choice(),
)

PARADIGMS = [
    {"en": "Supervised learning", "zh": "监督学习",
     "why": {"en": "Supervised learning needs a label (the correct output) for every training example of this task.",
             "zh": "监督学习要求本任务的每个训练样本都带有标签（正确输出）。"}},
    {"en": "Unsupervised learning", "zh": "非监督学习",
     "why": {"en": "Unsupervised learning has no labels at all and looks for structure such as clusters or principal components.",
             "zh": "非监督学习完全没有标签，只在数据中寻找结构，如聚类或主成分。"}},
    {"en": "Semi-supervised learning", "zh": "半监督学习",
     "why": {"en": "Semi-supervised learning trains on a few labelled examples together with many unlabelled ones.",
             "zh": "半监督学习同时使用少量有标签数据和大量无标签数据训练。"}},
    {"en": "Reinforcement learning", "zh": "强化学习",
     "why": {"en": "Reinforcement learning learns a sequence of actions from rewards given by an environment, not from labelled pairs.",
             "zh": "强化学习根据环境给出的奖励学习一系列行动，而不是从带标签的输入/输出对中学习。"}},
    {"en": "Transfer learning", "zh": "迁移学习",
     "why": {"en": "Transfer learning starts from a model already learnt on a related task and adapts it to the new one.",
             "zh": "迁移学习从一个在相关任务上已经学好的模型出发，再把它迁移到新任务上。"}},
]

CASES = [
    {"kind": 0, "en": "Recognising handwritten digits from 60,000 images, each labelled with the digit it shows.",
     "zh": "用 60,000 张手写数字图片识别数字，每张图片都标注了它所写的数字。"},
    {"kind": 0, "en": "Classifying tumours as benign or malignant from scans that doctors have labelled.",
     "zh": "根据医生已标注良性或恶性的影像，对肿瘤进行良恶性分类。"},
    {"kind": 0, "en": "Predicting tomorrow's rainfall from past weather records, each paired with the rainfall of the next day.",
     "zh": "根据历史气象记录预测明天的降雨量，每条记录都配有次日的实际降雨量。"},
    {"kind": 1, "en": "Grouping a shop's customers into segments by purchase history; no segment names are given in advance.",
     "zh": "根据购买记录把商店的顾客分成若干群体；事先没有给出任何群体标签。"},
    {"kind": 1, "en": "Reducing 100-dimensional sensor readings to 2 principal components to plot them (PCA).",
     "zh": "用主成分分析（PCA）把 100 维的传感器读数降到 2 个主成分以便画图。"},
    {"kind": 1, "en": "Finding groups of similar articles in a large collection of news that nobody has labelled.",
     "zh": "在一大批没有任何人标注过的新闻中找出相似文章组成的类别。"},
    {"kind": 2, "en": "Training a web-page classifier from 200 labelled pages together with 50,000 unlabelled pages.",
     "zh": "用 200 个有标签的网页加上 50,000 个无标签的网页一起训练网页分类器。"},
    {"kind": 2, "en": "Training a speech recogniser on 1 hour of transcribed audio plus 1,000 hours of untranscribed audio.",
     "zh": "用 1 小时有文字转写的语音加上 1,000 小时没有转写的语音训练语音识别器。"},
    {"kind": 3, "en": "Learning to play Go by playing many games and receiving only a win or a loss at the end of each.",
     "zh": "通过下大量围棋对局来学习下棋，每局结束时只得到“赢”或“输”的反馈。"},
    {"kind": 3, "en": "An agent that learns to play StarCraft by acting in the game and maximising the reward it gets.",
     "zh": "一个智能体在《星际争霸》游戏中行动，通过最大化得到的奖励来学习打游戏。"},
    {"kind": 3, "en": "A robot arm learning to grasp objects by trial and error, rewarded each time an object is lifted.",
     "zh": "机械臂通过反复试错学习抓取物体，每成功抓起一次就得到一次奖励。"},
    {"kind": 4, "en": "Taking a ResNet trained on ImageNet and re-training only its last layer on 500 photos of local plants.",
     "zh": "拿一个在 ImageNet 上训练好的 ResNet，只用 500 张本地植物照片重新训练它的最后一层。"},
    {"kind": 4, "en": "Adapting Google's pretrained Inception model to spot defects in factory photos, with a small data set.",
     "zh": "用一个小数据集，把谷歌预训练好的 Inception 模型改造用于检测工厂照片中的缺陷。"},
    {"kind": 4, "en": "Starting a sentiment classifier from word2vec vectors already learnt on a large, unrelated corpus.",
     "zh": "情感分类器从一组已在另一个大型语料上学好的 word2vec 词向量出发进行训练。"},
]

CLUES = [
    {"en": "In this example every training input comes with its correct output: supervised learning.",
     "zh": "这个例子中每个训练输入都带有正确输出：监督学习。"},
    {"en": "In this example there are no labels at all; the method looks for structure in the data: unsupervised learning.",
     "zh": "这个例子中完全没有标签，方法只在数据中寻找结构：非监督学习。"},
    {"en": "In this example a few labelled examples are used together with many unlabelled ones: semi-supervised learning.",
     "zh": "这个例子同时使用少量有标签数据和大量无标签数据：半监督学习。"},
    {"en": "In this example the only feedback is a reward for actions taken in an environment: reinforcement learning.",
     "zh": "这个例子中唯一的反馈是对环境中所采取行动的奖励：强化学习。"},
    {"en": "What defines this example is re-using a model learnt on another task: transfer learning.",
     "zh": "这个例子的关键是复用在另一个任务上学到的模型：迁移学习。"},
]

PARAMS = {"case": Int(0, len(CASES) - 1)}


def generate(rng):
    # Draw the paradigm first, so each one is asked equally often.
    kind = int(rng.integers(len(PARADIGMS)))
    return {"case": int(rng.choice([i for i, c in enumerate(CASES) if c["kind"] == kind]))}


def options(p):
    kind = CASES[p["case"]]["kind"]
    return category_options(PARADIGMS, kind, CLUES[kind])


_SETUP = {lang: table("CASE", CASES, lang) + table("CLUE", CLUES, lang) + values("KEY", [c["kind"] for c in CASES])
          for lang in ("en", "zh")}

PROMPT = {
    "en": _SETUP["en"] + """Which learning paradigm does this example illustrate best?

> {{ CASE[case] }}""",
    "zh": _SETUP["zh"] + """下面这个例子最能体现哪一种学习范式？

> {{ CASE[case] }}""",
}

EXPLANATION = {
    "en": _SETUP["en"] + """{{ CLUE[KEY[case]] }}

Look at what the training data and the feedback are. Supervised: every example is labelled. Unsupervised: no labels at
all (the notes' line "the classes are known" under unsupervised learning is a slip: the training data carries no labels),
the method finds clusters or components. Semi-supervised: a few labelled and many unlabelled examples. Reinforcement:
rewards for actions in an environment, no correct input/output pairs. Transfer: a model learnt on a related task
(VGG, Inception, ResNet, word2vec) is re-used, so the new task needs less data and training time.""",
    "zh": _SETUP["zh"] + """{{ CLUE[KEY[case]] }}

判断的依据是训练数据和反馈的形式。监督学习：每个样本都有标签。非监督学习：完全没有标签（笔记在非监督学习“特点”中写“类别已知”是笔误：训练数据没有标签），
方法自己找出聚类或主成分。半监督学习：少量有标签数据加大量无标签数据。强化学习：环境对行动给出奖励，没有正确的输入/输出对。
迁移学习：复用在相关任务上学到的模型（VGG、Inception、ResNet、word2vec），新任务所需的数据和训练时间都更少。""",
}
