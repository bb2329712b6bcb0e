"""fastText text classification (001 Q8): averaged word and n-gram embeddings, a shallow linear
classifier, n-grams for local word order, hierarchical softmax for O(log n) output cost."""

import numpy as np

from grader.bank.authoring import Choice, Meta

from ..rnn._statements import case_schema, draw_case, statement

META = Meta(
    title={"en": "The fastText classifier", "zh": "fastText 文本分类器"},
    kind="choice",
    difficulty=1,
    points=2,
    source="001 Q8 (简单介绍一下fastText 文本分类器)",
    tags=("fasttext", "n-gram", "hierarchical softmax", "text classification"),
    covers="fasttext",
    check=Choice(),
)

_HS = ("That is what the hierarchical softmax does, not the n-grams.", "那是层次 softmax 的作用，而不是 n-gram 的。")

CASES = [
    ({"en": "Why does fastText add word n-grams to the words of a text?", "zh": "fastText 为什么要在文本的词之外再加入词 n-gram？"}, [
        statement("To keep some local word order that averaging the word vectors loses",
                  "为了保留对词向量取平均时丢失的局部词序信息"),
        statement("To make the network deeper, the way extra layers deepen a CNN",
                  "为了像给 CNN 加层那样让网络变得更深",
                  feedback=("fastText stays shallow: the n-grams are just more input vectors to average.",
                            "fastText 始终是浅层网络：n-gram 只是更多参与平均的输入向量。")),
        statement("To cut the output layer's cost from $O(n)$ to $O(\\log n)$",
                  "为了把输出层的计算量从 $O(n)$ 降到 $O(\\log n)$", feedback=_HS),
        statement("To replace the learned word embeddings by one-hot vectors",
                  "为了用 one-hot 向量代替学到的词嵌入",
                  feedback=("The n-grams get learned embeddings of their own, like the words.",
                            "n-gram 与词一样，也有各自学到的嵌入向量。")),
    ]),
    ({"en": "What does the hierarchical softmax change in fastText?", "zh": "层次 softmax 在 fastText 中改变了什么？"}, [
        statement("The cost per example drops from $O(n)$ to $O(\\log n)$ for $n$ classes",
                  "对 $n$ 个类别，每个样本的计算量从 $O(n)$ 降到 $O(\\log n)$"),
        statement("It always makes the classifier more accurate than a full softmax",
                  "它总能让分类器比完整的 softmax 更准确",
                  feedback=("It is a faster way to compute class probabilities, introduced for speed, not for accuracy.",
                            "它是为了速度而引入的一种更快的概率计算方式，而不是为了提高准确率。")),
        statement("It brings the output cost down to $O(1)$ by hashing the classes",
                  "它通过对类别做哈希把输出层的计算量降到 $O(1)$",
                  feedback=("A path in a binary tree over $n$ leaves has about $\\log_2 n$ nodes: $O(\\log n)$, not $O(1)$.",
                            "有 $n$ 个叶子的二叉树中一条路径约有 $\\log_2 n$ 个节点：$O(\\log n)$，而不是 $O(1)$。")),
        statement("It replaces the averaging of the word vectors by an RNN",
                  "它用一个 RNN 代替对词向量的平均",
                  feedback=("The hierarchical softmax is about the output layer; the input is still an average of embeddings.",
                            "层次 softmax 只涉及输出层；输入仍然是嵌入向量的平均。")),
    ]),
    ({"en": "How does fastText represent a text before classifying it?", "zh": "fastText 在分类之前如何表示一段文本？"}, [
        statement("It averages the embeddings of the words and of the n-grams",
                  "对词和 n-gram 的嵌入向量取平均"),
        statement("It runs a deep bidirectional LSTM over the words",
                  "在词序列上运行一个深层双向 LSTM",
                  feedback=("fastText has no recurrent layer: it is a shallow model that averages embeddings.",
                            "fastText 没有循环层：它是对嵌入向量取平均的浅层模型。")),
        statement("It concatenates the one-hot vectors of all of the words",
                  "把所有词的 one-hot 向量拼接起来",
                  feedback=("The text vector has the embedding's size whatever the length: an average, not a concatenation.",
                            "无论文本多长，文本向量都与嵌入向量同维：是平均而不是拼接。")),
        statement("It keeps only the embedding of the last word of the text",
                  "只保留文本最后一个词的嵌入向量",
                  feedback=("All the words and n-grams contribute to the average.",
                            "所有的词和 n-gram 都参与平均。")),
    ]),
    ({"en": "Why is fastText so fast while staying close to deep models in accuracy?",
      "zh": "fastText 为什么在精度接近深度模型的同时速度很快？"}, [
        statement("Averaged embeddings, one linear layer and a hierarchical softmax",
                  "嵌入平均、一个线性层再加上层次 softmax"),
        statement("It trains only on GPUs, with very large mini-batches",
                  "它只在 GPU 上用非常大的小批量训练",
                  feedback=("fastText is fast on CPUs: its speed comes from the shallow model and the hierarchical softmax.",
                            "fastText 在 CPU 上就很快：速度来自浅层模型和层次 softmax。")),
        statement("It uses attention to look only at the most important words",
                  "它用注意力机制只看最重要的几个词",
                  feedback=("There is no attention in fastText: every word and n-gram enters one plain average.",
                            "fastText 中没有注意力：每个词和 n-gram 都进入同一个简单平均。")),
        statement("It skips training by using fixed random word embeddings",
                  "它用固定的随机词向量，从而省去了训练",
                  feedback=("The embeddings and the classifier are trained; they are just few and cheap to update.",
                            "嵌入向量和分类器都要训练，只是参数少、更新代价低。")),
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
    "en": r"""fastText (Facebook, 2016) is a shallow network: it averages the embeddings of a text's words and word n-grams
into one text vector and feeds it to a linear classifier with a softmax. The n-grams keep some local word order that a
plain bag of words loses ("not good"). The hierarchical softmax replaces the $n$-way softmax by about $\log_2 n$ binary
decisions along a path of a (Huffman) tree, cutting the output cost from $O(n)$ to $O(\log n)$. That shallow design is why
it trains fast on a CPU and still comes close to deep models on text classification (001 Q8).""",
    "zh": r"""fastText（Facebook，2016）是一个浅层网络：它把文本中各个词和词 n-gram 的嵌入向量平均成一个文本向量，再送入带 softmax 的线性分类器。
n-gram 保留了词袋模型丢失的局部词序（如 "not good"）。层次 softmax 把 $n$ 路 softmax 换成沿（Huffman）树一条路径上约 $\log_2 n$ 次二分类决策，
把输出层的计算量从 $O(n)$ 降到 $O(\log n)$。正是这种浅层设计使它在 CPU 上训练很快，而在文本分类上仍接近深度模型的精度（001 Q8）。""",
}
