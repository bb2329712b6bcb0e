"""Learning paradigms: which drawn statements are right (multi-select; erratum 1: in unsupervised
learning the data has no labels, the notes' "classes known" is a slip)."""

from grader.bank.authoring import Choice, Int, Meta, Seq

from ._pool import pick, statement_options, statements_explained

META = Meta(
    title={"en": "Learning paradigms: true or false", "zh": "学习范式：判断正误"},
    kind="multi",
    difficulty=2,
    points=2,
    source="000 机器学习分类的定义及差异",
    tags=("foundations", "supervised", "unsupervised", "semi-supervised", "reinforcement", "transfer"),
    covers="learning_paradigms",
    check=Choice(),
)

RIGHT = [
    {"en": "Unsupervised learning uses unlabelled data and looks for structure such as clusters.",
     "zh": "非监督学习使用无标签数据，在其中寻找聚类等结构。",
     "why": {"en": "No labels is what makes it unsupervised (clustering, PCA).",
             "zh": "没有标签正是“非监督”的含义（聚类、主成分分析）。"}},
    {"en": "Semi-supervised learning uses a few labelled examples together with many unlabelled ones.",
     "zh": "半监督学习同时使用少量有标签数据和大量无标签数据。",
     "why": {"en": "It sits between supervised and unsupervised learning, as the notes say.",
             "zh": "如笔记所说，它介于监督学习与非监督学习之间。"}},
    {"en": "In reinforcement learning the feedback is a reward for actions, not a correct output.",
     "zh": "强化学习的反馈是对行动的奖励，而不是正确的输出。",
     "why": {"en": "It needs no correct input/output pairs; it learns from rewards how to act (e.g. Go, StarCraft).",
             "zh": "它不需要正确的输入/输出对，而是根据奖励学习如何行动（如围棋、星际争霸）。"}},
    {"en": "Transfer learning re-uses a model from a related task, so it needs less data and training time.",
     "zh": "迁移学习复用相关任务上学到的模型，所需数据和训练时间更少。",
     "why": {"en": "That is the notes' list of its features (e.g. VGG, Inception, ResNet, word2vec).",
             "zh": "这正是笔记列出的特点（例如 VGG、Inception、ResNet、word2vec）。"}},
    {"en": "In supervised learning every training example comes with its label (the desired output).",
     "zh": "监督学习中每个训练样本都带有标签（期望的输出）。",
     "why": {"en": "The model's predictions are compared with these labels to adjust it.",
             "zh": "模型的预测与这些标签比较，据此调整模型。"}},
    {"en": "Reinforcement learning must balance exploring the unknown with exploiting what it knows.",
     "zh": "强化学习需要在探索未知与利用已有知识之间取得平衡。",
     "why": {"en": "The notes: it focuses on online planning and balances exploration and exploitation.",
             "zh": "笔记：强化学习更专注于在线规划，需要在探索与遵从之间找到平衡。"}},
]

WRONG = [
    {"en": "In unsupervised learning the classes of the training samples are known in advance.",
     "zh": "非监督学习中训练样本的类别是事先已经知道的。",
     "why": {"en": "Unsupervised data carries no labels, so no classes are known; the notes' \"类别已知\" under unsupervised learning is a slip.",
             "zh": "非监督学习的数据没有标签，谈不上类别已知；笔记在非监督学习“特点”里写的“类别已知”是笔误。"}},
    {"en": "Semi-supervised learning trains only on unlabelled data and never uses a single label.",
     "zh": "半监督学习只用无标签数据训练，从来不使用任何一个标签。",
     "why": {"en": "That would be unsupervised learning; semi-supervised learning also uses a few labelled examples.",
             "zh": "那是非监督学习；半监督学习还要用到少量有标签的数据。"}},
    {"en": "Reinforcement learning needs the correct input/output pair for every decision it makes.",
     "zh": "强化学习做出的每一个决策都需要一个正确的输入/输出对。",
     "why": {"en": "The notes stress the opposite: it needs no correct input/output pairs, only rewards.",
             "zh": "笔记强调的恰好相反：它不需要正确的输入/输出对，只需要奖励。"}},
    {"en": "Transfer learning needs a larger training set for the new task than training from scratch.",
     "zh": "迁移学习在新任务上需要比从头训练更大的训练集。",
     "why": {"en": "It needs a smaller one: the knowledge carried over from the related task replaces much of the data.",
             "zh": "所需的训练集更小：从相关任务迁移过来的知识替代了大部分数据。"}},
    {"en": "Clustering and principal component analysis are typical examples of supervised learning.",
     "zh": "聚类分析和主成分分析都是监督学习的典型例子。",
     "why": {"en": "Both work without labels: the notes list them as unsupervised learning.",
             "zh": "两者都不需要标签：笔记把它们列为非监督学习的例子。"}},
    {"en": "Supervised learning finds hidden groups in data that comes without any labels at all.",
     "zh": "监督学习在完全没有标签的数据中寻找隐藏的分组。",
     "why": {"en": "Finding groups without labels is unsupervised learning; supervised learning needs labels.",
             "zh": "在无标签数据中找分组是非监督学习；监督学习需要标签。"}},
]

PARAMS = {
    "right": Seq(Int(0, len(RIGHT) - 1), min_len=2, max_len=3),
    "wrong": Seq(Int(0, len(WRONG) - 1), min_len=2, max_len=3),
}


def generate(rng):
    n_right = int(rng.integers(2, 4))
    return {"right": sorted(pick(rng, len(RIGHT), n_right)), "wrong": sorted(pick(rng, len(WRONG), 5 - n_right))}


def options(p):
    return statement_options(RIGHT, WRONG, p)


PROMPT = {
    "en": "Which of these statements about learning paradigms are correct? Pick all that apply.",
    "zh": "下列关于各种学习范式的说法中，哪些是正确的？（多选）",
}

EXPLANATION = {
    "en": "Supervised: labelled data. Unsupervised: no labels (the notes' \"classes known\" there is a slip). "
          "Semi-supervised: a few labels, much unlabelled data. Reinforcement: rewards for actions. "
          "Transfer: re-use a model from a related task.\n\n" + statements_explained(RIGHT, WRONG, "en"),
    "zh": "监督学习：有标签数据。非监督学习：没有标签（笔记此处的“类别已知”是笔误）。半监督学习：少量标签加大量无标签数据。"
          "强化学习：对行动的奖励。迁移学习：复用相关任务上学到的模型。\n\n" + statements_explained(RIGHT, WRONG, "zh"),
}
