"""When to use an RNN: when the input or the output is a sequence whose elements depend on each other
(000 对于给定问题，能判断出是否该使用RNN模型; 004 Q3)."""

from grader.bank.authoring import Choice, Meta, statement_pool

from ._statements import statement

META = Meta(
    title={"en": "When to use an RNN", "zh": "何时使用 RNN"},
    kind="choice",
    difficulty=1,
    points=2,
    source="000 Recurrent Neural Network (什么是序列数据? 能判断出是否该使用RNN模型); 004 Q3; 002 §6",
    tags=("rnn", "sequence data"),
    covers="rnn_basics",
    check=Choice(),
)

_FIXED = ("The input is one fixed-size vector of independent features and the output one label: there is no order or time "
          "axis to share weights over, so an MLP or logistic regression fits.",
          "输入是一个由相互独立的特征组成的定长向量，输出是一个标签：没有可供共享权重的顺序或时间维度，用 MLP 或逻辑回归即可。")

RIGHT = [
    statement("Transcribing a recorded sentence of speech into text",
              "把一段录好的语音转写成文字"),
    statement("Predicting the next character of a text from the characters so far",
              "根据已有的字符预测文本的下一个字符"),
    statement("Deciding from a whole product review whether it is positive or negative",
              "根据整条商品评论判断它是正面还是负面"),
    statement("Predicting tomorrow's stock price from the prices of the last 30 days",
              "根据过去 30 天的股价预测明天的股价"),
    statement("Writing a short caption, word by word, for a given photo",
              "为给定的一张照片逐词生成一句简短的描述"),
]

WRONG = [
    statement("Predicting a house's price from its area, room count and age",
              "根据房屋的面积、房间数和房龄预测房价", feedback=_FIXED),
    statement("Telling the iris species from four petal and sepal measurements",
              "根据花瓣和花萼的四个测量值判断鸢尾花的种类", feedback=_FIXED),
    statement("Deciding from an applicant's income and debts whether to grant a loan",
              "根据申请人的收入和负债决定是否发放贷款", feedback=_FIXED),
    statement("Predicting a patient's diabetes risk from eight lab test values",
              "根据八项化验指标预测病人患糖尿病的风险", feedback=_FIXED),
    statement("Computing the XOR of two binary inputs $x_1$ and $x_2$",
              "计算两个二值输入 $x_1$ 和 $x_2$ 的异或", feedback=_FIXED),
]

PARAMS, generate, options = statement_pool(RIGHT, WRONG)


PROMPT = {
    "en": "For which of these tasks is a recurrent neural network (RNN) the natural choice of model?",
    "zh": "下列哪个任务最适合使用循环神经网络（RNN）？",
}

EXPLANATION = {
    "en": """Use an RNN when the input or the output is a **sequence**: data with a time (or order) axis whose elements depend on
each other, such as speech, text, music or prices over time (000; 004 Q3). The RNN reads one element per step and
carries a memory $s_t$ of what came before, with the same weights at every step. The other tasks map one fixed-size
vector of independent features to one answer: nothing is sequential, so a feed-forward network (or a linear model) is enough.""",
    "zh": """当输入或输出是**序列**时使用 RNN：序列数据具有时间（或顺序）维度，且各元素之间相互依赖，例如语音、文本、音乐或随时间变化的价格（000；004 Q3）。
RNN 每个时刻读入一个元素，并用记忆 $s_t$ 携带之前的信息，每个时刻使用同一组权重。其余任务都是把一个由独立特征组成的定长向量映射为一个答案，
没有任何序列结构，用前馈网络（或线性模型）就足够了。""",
}
