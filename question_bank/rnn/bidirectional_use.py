"""A bidirectional RNN needs the whole sequence: its backward RNN reads from the end. Which task is
online (the future inputs do not exist yet when the output is due)?"""

from grader.bank.authoring import Choice, Meta, statement_pool

from ._statements import statement

META = Meta(
    title={"en": "When a bidirectional RNN cannot be used", "zh": "何时不能使用双向 RNN"},
    kind="choice",
    difficulty=1,
    points=2,
    source="002 §6 RNN的改进1：双向RNN (用第四、五集的内容来预测第三集); 002 §7 双向LSTM",
    tags=("rnn", "bidirectional", "sequence data"),
    covers="gru_bidirectional",
    check=Choice(),
)

_OFFLINE = ("The whole sequence is available before the output is needed, so the backward RNN can read it from the end: "
            "a bidirectional RNN fits, and usually helps.",
            "在需要输出之前整个序列都已经拿到，反向 RNN 可以从序列末尾读起：适合使用双向 RNN，而且通常效果更好。")

RIGHT = [
    statement("Suggesting the next word on a phone keyboard while the user is still typing",
              "在用户还在打字时，于手机键盘上实时推荐下一个词"),
    statement("Forecasting tomorrow's electricity demand from the readings of the past days",
              "根据过去若干天的读数预测明天的用电需求"),
    statement("Live captioning of a speech, each word shown as soon as it is spoken",
              "给现场演讲做实时字幕，每个词一说出就立即显示"),
    statement("Generating a melody note by note, each note fed back as the next input",
              "逐个音符地生成旋律，每个音符作为下一步的输入"),
]

WRONG = [
    statement("Deciding whether a complete movie review is positive or negative",
              "判断一篇完整的影评是正面还是负面", feedback=_OFFLINE),
    statement("Tagging every word of a finished sentence with its part of speech",
              "给一个完整句子中的每个词标注词性", feedback=_OFFLINE),
    statement("Filling in a word missing from the middle of a complete paragraph",
              "补全一段完整文字中间缺失的一个词", feedback=_OFFLINE),
    statement("Naming the character who appears in episode 3, given the whole season",
              "在整季剧集都已给出的情况下，说出第三集中出现的人物名字", feedback=_OFFLINE),
    statement("Encoding a complete source sentence before translating it",
              "在翻译之前先对完整的源语言句子进行编码", feedback=_OFFLINE),
]

PARAMS, generate, options = statement_pool(RIGHT, WRONG)


PROMPT = {
    "en": "A bidirectional RNN runs one RNN forward and one backward over the input and combines their states at every step. "
          "For which of these tasks can it **not** be used as it stands?",
    "zh": "双向 RNN 在输入上分别运行一个前向 RNN 和一个反向 RNN，并在每个时刻组合二者的状态。下列哪个任务**不能**直接使用它？",
}

EXPLANATION = {
    "en": """The backward RNN starts at the **last** element of the sequence, so a bidirectional RNN can only produce its
output at step $t$ once the whole sequence, including everything after $t$, is known. That is fine when the full
sequence is given in advance (a complete review, a finished sentence, a whole season: 002's example of using episodes
4 and 5 to name a character in episode 3). It is impossible for online tasks, where the output at step $t$ is needed
before the later inputs exist: predicting what comes next, live captions, forecasting, generating a sequence step by step.""",
    "zh": """反向 RNN 从序列的**最后**一个元素开始读，所以双向 RNN 只有在整个序列（包括 $t$ 之后的所有内容）都已知时，才能给出第 $t$ 步的输出。
如果完整序列事先就有（一篇完整的影评、一个写完的句子、一整季剧集：002 中用第四、五集来推断第三集人物的例子），这没有问题；
但对在线任务就不可能：第 $t$ 步的输出必须在后面的输入出现之前给出，例如预测下一个词、实时字幕、预测未来、逐步生成序列。""",
}
