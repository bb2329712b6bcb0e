"""The schools of AI as the notes list them (symbolism, connectionism, behaviourism, statisticism):
which school a drawn system illustrates."""

from grader.bank.authoring import Choice, Int, Meta

from ._pool import category_options, table, values

META = Meta(
    title={"en": "Schools of AI", "zh": "人工智能的流派"},
    kind="choice",
    difficulty=1,
    points=1,
    source="000 AI的四大主流流派",
    tags=("foundations", "ai", "schools"),
    covers="ai_ml_dl",
    check=Choice(),
)

SCHOOLS = [
    {"en": "Symbolism: intelligence as reasoning with symbols and explicit rules",
     "zh": "符号主义（Symbolism）：智能即用符号和显式规则进行推理",
     "why": {"en": "Symbolism builds intelligence from explicit symbols and hand-written rules (the notes' example: knowledge graphs).",
             "zh": "符号主义用显式的符号和人写的规则构建智能（笔记中的例子：知识图谱）。"}},
    {"en": "Connectionism: intelligence stored in the weights of networks of neurons",
     "zh": "连接主义（Connectionism）：智能存储在神经元网络的连接权重中",
     "why": {"en": "Connectionism keeps knowledge in the learned weights of networks of neuron-like units (the notes' example: deep neural networks).",
             "zh": "连接主义把知识存放在类神经元网络学到的连接权重中（笔记中的例子：深度神经网络）。"}},
    {"en": "Behaviourism: intelligence from perception–action loops with the environment",
     "zh": "行为主义（Behaviourism）：智能来自与环境的“感知—行动”交互",
     "why": {"en": "Behaviourism lets intelligent behaviour emerge from perception–action interaction with the environment (the notes' example: robots).",
             "zh": "行为主义认为智能行为产生于与环境的“感知—行动”交互（笔记中的例子：机器人）。"}},
    {"en": "Statisticism: intelligence as statistical models estimated from data",
     "zh": "统计主义（Statisticsism）：智能即从数据中估计出的统计模型",
     "why": {"en": "Statisticism estimates statistical (probabilistic) models from data (the notes' example: machine learning).",
             "zh": "统计主义从数据中估计统计（概率）模型（笔记中的例子：机器学习）。"}},
]

CASES = [
    {"school": 0, "en": "a knowledge graph that links entities by typed relations and answers questions by logical inference over them",
     "zh": "一个知识图谱：用带类型的关系连接实体，并通过在其上做逻辑推理来回答问题"},
    {"school": 0, "en": "an expert system whose diagnoses come from if–then rules written down by physicians",
     "zh": "一个专家系统：它的诊断来自医生写下的 if–then 规则"},
    {"school": 0, "en": "a theorem prover that derives new statements from axioms by the rules of logic",
     "zh": "一个定理证明程序：按逻辑规则从公理推导出新的命题"},
    {"school": 1, "en": "a deep neural network trained by backpropagation to recognise objects in photos",
     "zh": "一个用反向传播训练、用来识别照片中物体的深度神经网络"},
    {"school": 1, "en": "a multilayer perceptron whose knowledge lives only in the weights between its units",
     "zh": "一个多层感知机：它的“知识”只存在于单元之间的连接权重中"},
    {"school": 1, "en": "a convolutional network whose layers learn image features in their connection weights",
     "zh": "一个卷积神经网络：它的各层在连接权重中学习图像特征"},
    {"school": 2, "en": "a six-legged walking robot whose gait emerges from simple reactions to what its leg sensors feel",
     "zh": "一个六足行走机器人：它的步态产生于对腿部传感器感受到的信号的简单反应"},
    {"school": 2, "en": "a self-balancing robot that keeps upright by reacting to its sensors, without any model of the world",
     "zh": "一个自平衡机器人：不建立任何世界模型，只靠对传感器信号的反应保持直立"},
    {"school": 2, "en": "a robot vacuum cleaner whose behaviour is built from layered sense–act reflexes (bump, turn, follow the wall)",
     "zh": "一个扫地机器人：它的行为由分层的“感知—行动”反射（碰撞、转向、沿墙走）构成"},
    {"school": 3, "en": "a naive Bayes spam filter whose probabilities are estimated from word counts in labelled e-mails",
     "zh": "一个朴素贝叶斯垃圾邮件过滤器：其中的概率由已标注邮件中的词频估计得到"},
    {"school": 3, "en": "a hidden Markov model whose transition and emission probabilities are estimated from speech data",
     "zh": "一个隐马尔可夫模型：它的转移概率和发射概率由语音数据估计得到"},
    {"school": 3, "en": "a linear regression model whose coefficients are fitted to data by least squares",
     "zh": "一个线性回归模型：它的系数用最小二乘法在数据上拟合得到"},
]

CLUES = [
    {"en": "Here the knowledge is written down as explicit symbols and rules and used by reasoning: symbolism.",
     "zh": "这里的知识是以显式符号和规则写出来、再通过推理使用的：符号主义。"},
    {"en": "Here the knowledge is learned into the connection weights of a neural network: connectionism.",
     "zh": "这里的知识被学习到神经网络的连接权重中：连接主义。"},
    {"en": "Here the behaviour comes from sensing and acting in the environment, with no symbolic model: behaviourism.",
     "zh": "这里的行为来自在环境中的感知与行动，没有符号模型：行为主义。"},
    {"en": "Here a probabilistic or statistical model is estimated from data: statisticism.",
     "zh": "这里是从数据中估计一个概率/统计模型：统计主义。"},
]

PARAMS = {"case": Int(0, len(CASES) - 1)}


def generate(rng):
    return {"case": int(rng.integers(len(CASES)))}


def options(p):
    school = CASES[p["case"]]["school"]
    return category_options(SCHOOLS, school, CLUES[school])


_SETUP = {lang: table("CASE", CASES, lang) + table("CLUE", CLUES, lang) + values("KEY", [c["school"] for c in CASES])
          for lang in ("en", "zh")}

PROMPT = {
    "en": _SETUP["en"] + """The notes list four main schools (流派) of AI, each with a typical example.
Which school does the following system illustrate?

> {{ CASE[case] }}""",
    "zh": _SETUP["zh"] + """笔记列出了人工智能的四大主流流派，每个流派都有一个典型例子。
下面这个系统体现的是哪一个流派？

> {{ CASE[case] }}""",
}

EXPLANATION = {
    "en": _SETUP["en"] + """{{ CLUE[KEY[case]] }}

The notes' four schools and their examples: symbolism (knowledge graphs), connectionism (deep neural networks),
behaviourism (robots), statisticism (machine learning). Symbolism writes knowledge down as rules, connectionism
learns it into network weights, behaviourism lets behaviour emerge from sensing and acting, statisticism estimates
statistical models from data.""",
    "zh": _SETUP["zh"] + """{{ CLUE[KEY[case]] }}

笔记中的四大流派及例子：符号主义（知识图谱）、连接主义（深度神经网络）、行为主义（机器人）、统计主义（机器学习）。
符号主义把知识写成规则，连接主义把知识学进网络权重，行为主义让行为产生于感知与行动，统计主义从数据中估计统计模型。""",
}
