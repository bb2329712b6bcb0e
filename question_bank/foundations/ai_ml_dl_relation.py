"""AI ⊃ ML ⊃ DL, and hand-made features (classical ML) vs end-to-end models (DL): one right
statement drawn from a pool, three wrong ones from another."""

from grader.bank.authoring import Choice, Int, Meta, Seq

from ._pool import pick, statement_options, statements_explained

META = Meta(
    title={"en": "AI, machine learning and deep learning", "zh": "人工智能、机器学习与深度学习"},
    kind="choice",
    difficulty=1,
    points=1,
    source="000 AI、机器学习、深度学习三者之间的异同和关联",
    tags=("foundations", "ai", "machine learning", "deep learning", "features"),
    covers="ai_ml_dl",
    check=Choice(),
)

RIGHT = [
    {"en": "AI contains machine learning, and machine learning contains deep learning (AI ⊃ ML ⊃ DL).",
     "zh": "人工智能包含机器学习，机器学习又包含深度学习（AI ⊃ ML ⊃ DL）。",
     "why": {"en": "This is the containment the notes draw: the three are nested, not separate fields.",
             "zh": "这正是笔记中的包含关系：三者层层嵌套，而不是互不相干的领域。"}},
    {"en": "Classical ML usually needs hand-made features; most deep learning trains one end-to-end model.",
     "zh": "传统机器学习通常需要人工特征；大部分深度学习只训练一个端到端模型。",
     "why": {"en": "In deep learning the layers learn the features themselves, from (nearly) raw input to output.",
             "zh": "深度学习由网络的各层自己学习特征，从（几乎）原始的输入一直到输出。"}},
    {"en": "Deep learning mainly means deep neural networks, which are one family of machine-learning models.",
     "zh": "深度学习主要指深度神经网络，是机器学习模型中的一类。",
     "why": {"en": "That is the notes' wording: deep learning is the deep-neural-network part of machine learning.",
             "zh": "笔记原话：深度学习主要指机器学习中的深度神经网络。"}},
    {"en": "Every deep-learning system is machine learning, but not every machine-learning system is deep.",
     "zh": "深度学习系统都属于机器学习，但机器学习系统不都是深度学习。",
     "why": {"en": "DL ⊂ ML is a strict inclusion: an SVM or a decision tree learns from data without being deep.",
             "zh": "DL ⊂ ML 是真包含：SVM、决策树也从数据中学习，但它们不是深度模型。"}},
]

WRONG = [
    {"en": "Deep learning contains machine learning, and machine learning contains AI (DL ⊃ ML ⊃ AI).",
     "zh": "深度学习包含机器学习，机器学习又包含人工智能（DL ⊃ ML ⊃ AI）。",
     "why": {"en": "The inclusion runs the other way: AI is the widest field and deep learning the narrowest.",
             "zh": "包含关系正好相反：人工智能范围最广，深度学习范围最窄。"}},
    {"en": "Machine learning and deep learning are disjoint fields: a deep network is not a machine-learning model.",
     "zh": "机器学习与深度学习互不相交：深度网络不属于机器学习模型。",
     "why": {"en": "A deep network learns its parameters from data, so it is machine learning; DL is a subset of ML.",
             "zh": "深度网络从数据中学习参数，本身就是机器学习；深度学习是机器学习的子集。"}},
    {"en": "Deep learning relies on more hand-made features than classical machine learning does.",
     "zh": "深度学习比传统机器学习依赖更多的人工设计特征。",
     "why": {"en": "It is the reverse: classical ML relies on hand-made features, deep networks learn them end to end.",
             "zh": "恰恰相反：传统机器学习依赖人工特征，深度网络端到端地自己学习特征。"}},
    {"en": "Classical machine learning learns its features end to end, while deep learning relies on hand-made ones.",
     "zh": "传统机器学习端到端地学习特征，而深度学习依赖人工设计的特征。",
     "why": {"en": "The roles are swapped: hand-made features belong to classical ML, end-to-end learning to DL.",
             "zh": "两者说反了：人工特征属于传统机器学习，端到端学习属于深度学习。"}},
    {"en": "Every AI system learns from data, so AI and machine learning are simply the same thing.",
     "zh": "所有人工智能系统都从数据中学习，所以人工智能就等同于机器学习。",
     "why": {"en": "A rule-based expert system or a knowledge graph (symbolism) is AI without learning from data: ML ⊊ AI.",
             "zh": "基于规则的专家系统、知识图谱（符号主义）属于人工智能却不从数据中学习：机器学习只是人工智能的一部分。"}},
    {"en": "Deep learning never needs any data preparation: cleaning or format conversion is never used.",
     "zh": "深度学习从不需要任何数据准备：从不做数据清洗或格式转换。",
     "why": {"en": "The notes say deep learning sometimes still cleans and converts the data (and extracts features by convolution) first.",
             "zh": "笔记指出深度学习有时仍需先做数据清洗、格式转换、特征提取（卷积）等操作。"}},
]

PARAMS = {
    "right": Seq(Int(0, len(RIGHT) - 1), min_len=1, max_len=1),
    "wrong": Seq(Int(0, len(WRONG) - 1), min_len=3, max_len=3),
}


def generate(rng):
    return {"right": pick(rng, len(RIGHT), 1), "wrong": sorted(pick(rng, len(WRONG), 3))}


def options(p):
    return statement_options(RIGHT, WRONG, p)


PROMPT = {
    "en": "Which statement about artificial intelligence (AI), machine learning (ML) and deep learning (DL) is correct?",
    "zh": "关于人工智能（AI）、机器学习（ML）与深度学习（DL）的关系，下列哪一种说法是正确的？",
}

EXPLANATION = {
    "en": "The notes: AI ⊃ ML ⊃ DL, and deep learning mainly means deep neural networks; classical ML extracts "
          "features by hand before the model, most DL learns one end-to-end model.\n\n"
          + statements_explained(RIGHT, WRONG, "en"),
    "zh": "笔记：AI ⊃ ML ⊃ DL，深度学习主要指深度神经网络；传统机器学习先人工提取特征再建模，大部分深度学习只构建一个端到端的模型。\n\n"
          + statements_explained(RIGHT, WRONG, "zh"),
}
