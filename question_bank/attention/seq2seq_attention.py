"""seq2seq and attention concepts (001 Q14): the encoder encodes (erratum 29: the note says it
"解码"), the context vector is a weighted sum of all encoder states, the weights are a softmax
over the source positions, and attention removes the fixed-length bottleneck."""

import numpy as np

from grader.bank.authoring import Choice, Meta

from ..rnn._statements import case_schema, draw_case, statement

META = Meta(
    title={"en": "seq2seq with attention", "zh": "带注意力机制的 seq2seq"},
    kind="choice",
    difficulty=1,
    points=2,
    source="001 Q14 (什么是Attention机制; seq2seq = encoder + decoder)",
    tags=("attention", "seq2seq", "encoder", "decoder"),
    covers="attention",
    check=Choice(),
)

CASES = [
    ({"en": "In a seq2seq model, what does the encoder do?", "zh": "在 seq2seq 模型中，编码器（encoder）做什么？"}, [
        statement("It encodes the input sequence into hidden states that represent it",
                  "把输入序列编码成表示它的隐藏状态"),
        statement("It decodes the input sequence into one semantic vector for the decoder",
                  "把输入序列解码成一个语义向量交给解码器",
                  feedback=("The encoder *encodes* (编码); decoding is the decoder's job. 001 Q14 writes \"解码\" here by mistake.",
                            "编码器做的是“编码”；解码是解码器的工作。001 Q14 此处误写成了“解码”。")),
        statement("It generates the target sequence one word at a time",
                  "逐词生成目标序列",
                  feedback=("Generating the output word by word is the decoder's job.",
                            "逐词生成输出是解码器的工作。")),
        statement("It turns the attention scores into weights with a softmax",
                  "用 softmax 把注意力打分变成权重",
                  feedback=("The weights are computed at every decoder step, from the decoder state and the encoder states.",
                            "权重是在解码的每一步根据解码器状态和编码器各状态计算出来的。")),
    ]),
    ({"en": "With attention, what is the context vector $c_t$ at decoder step $t$?",
      "zh": "使用注意力时，解码第 $t$ 步的上下文向量 $c_t$ 是什么？"}, [
        statement("A weighted sum of all encoder hidden states, with softmax weights",
                  "所有编码器隐藏状态的加权和，权重由 softmax 得到"),
        statement("The encoder's last hidden state, the same at every decoder step",
                  "编码器最后一个隐藏状态，解码的每一步都相同",
                  feedback=("That is plain seq2seq without attention: one fixed vector for the whole input.",
                            "这是没有注意力的普通 seq2seq：整个输入只用一个固定向量。")),
        statement("All encoder hidden states concatenated into one long vector",
                  "把所有编码器隐藏状态拼接成一个长向量",
                  feedback=("Attention mixes the states with weights that add up to 1; the context has the size of one state.",
                            "注意力用和为 1 的权重混合各状态；上下文向量的维度与单个状态相同。")),
        statement("The decoder's own hidden state from the previous step $t - 1$",
                  "解码器自己在上一步 $t - 1$ 的隐藏状态",
                  feedback=("The decoder state is used to score the encoder states; the context is built from the encoder states.",
                            "解码器状态用来给编码器各状态打分；上下文向量由编码器状态组成。")),
    ]),
    ({"en": "Which weakness of plain seq2seq does attention address?", "zh": "注意力机制解决了普通 seq2seq 的哪个缺点？"}, [
        statement("One fixed-length vector has to hold the whole of a long input",
                  "一个定长向量要装下整个长输入序列的信息"),
        statement("The decoder cannot produce an output longer than the input",
                  "解码器无法产生比输入更长的输出",
                  feedback=("seq2seq already handles outputs of any length; the bottleneck is the single fixed vector.",
                            "seq2seq 本来就能输出任意长度；瓶颈在于那一个固定向量。")),
        statement("The encoder needs more parameters for longer inputs",
                  "输入越长，编码器需要的参数就越多",
                  feedback=("An RNN shares its weights over time: its parameter count does not grow with the input length.",
                            "RNN 在时间上共享权重：参数个数不随输入长度增长。")),
        statement("The softmax over a large output vocabulary is slow",
                  "在很大的输出词表上做 softmax 太慢",
                  feedback=("That is what hierarchical softmax (as in fastText) speeds up, not attention.",
                            "加速这一点的是层次 softmax（如 fastText 中），而不是注意力。")),
    ]),
    ({"en": "What do the attention weights $\\alpha_{t1}, \\dots, \\alpha_{tn}$ of one decoder step satisfy?",
      "zh": "解码某一步的注意力权重 $\\alpha_{t1}, \\dots, \\alpha_{tn}$ 满足什么？"}, [
        statement("They are positive and add up to 1 over the source positions",
                  "它们都为正，并且对源序列各位置求和为 1"),
        statement("They add up to 1 over the decoder steps, for each source position",
                  "对每个源位置，它们在各解码步之间求和为 1",
                  feedback=("The softmax runs over the source positions $j$ at one decoder step $t$, not over $t$.",
                            "softmax 是在某个解码步 $t$ 上对源位置 $j$ 做的，而不是对 $t$。")),
        statement("They are 0 or 1: exactly one source position is used",
                  "它们只取 0 或 1：恰好只用一个源位置",
                  feedback=("That would be hard attention; the usual (soft) attention gives every position a weight in (0, 1).",
                            "那是硬注意力；常用的（软）注意力给每个位置一个 (0, 1) 之间的权重。")),
        statement("They are learned parameters that stay fixed after training",
                  "它们是训练后固定不变的可学习参数",
                  feedback=("They are computed afresh for every input and every decoder step from the current states.",
                            "它们针对每个输入、每个解码步，根据当前的状态重新计算。")),
    ]),
]

PARAMS = case_schema(CASES)


def generate(rng: np.random.Generator) -> dict:
    return draw_case(rng, CASES)


def options(p):
    return CASES[p["case"]][1]


def _stem(lang):
    return "".join(f"{{% {'if' if i == 0 else 'elif'} case == {i} %}}{stem[lang]}"
                   for i, (stem, _) in enumerate(CASES)) + "{% endif %}"


PROMPT = {"en": _stem("en"), "zh": _stem("zh")}

EXPLANATION = {
    "en": r"""A seq2seq model is an encoder plus a decoder (both often LSTMs or GRUs). The encoder **encodes** the input sequence
into hidden states $h_1, \dots, h_n$; the decoder generates the output one step at a time. Without attention the decoder
sees only one fixed vector (the last encoder state), which has to hold a whole long input. With attention, at every decoder
step $t$ the decoder scores every encoder state, turns the scores into weights $\alpha_{tj}$ with a softmax over the source
positions (positive, adding up to 1) and uses the weighted sum $c_t = \sum_j \alpha_{tj} h_j$: attention is a weighted sum
(Bahdanau et al., 2015; 001 Q14).""",
    "zh": r"""seq2seq 模型由编码器和解码器组成（二者常用 LSTM 或 GRU）。编码器把输入序列**编码**成隐藏状态 $h_1, \dots, h_n$；解码器逐步生成输出。
没有注意力时，解码器只能看到一个固定向量（编码器最后一个状态），它要装下整个长输入。有了注意力，解码的每一步 $t$ 都给编码器的每个状态打分，
用对源位置的 softmax 把分数变成权重 $\alpha_{tj}$（为正、和为 1），再使用加权和 $c_t = \sum_j \alpha_{tj} h_j$：注意力就是加权求和
（Bahdanau 等，2015；001 Q14）。""",
}
