"""Parameter sharing in an RNN: the same U, W, V at every time step (001 Q4; 003; 002 §6 detail 4)."""

from grader.bank.authoring import Choice, Meta, statement_pool

from ._statements import statement

META = Meta(
    title={"en": "Parameter sharing over time", "zh": "时间维度上的参数共享"},
    kind="choice",
    difficulty=1,
    points=2,
    source="001 Q4 (如何理解RNN中的参数共享?); 003 RNN神经网络原理概述; 002 §6 RNN中的结构细节 4; 004 Q2",
    tags=("rnn", "parameter sharing"),
    covers="rnn_basics",
    check=Choice(),
)

RIGHT = [
    statement("The same $U$, $W$, $V$ serve every time step, so the parameter count does not grow with $T$.",
              "每个时刻都使用同一组 $U$、$W$、$V$，所以参数个数不随序列长度增长。"),
    statement("Thanks to shared weights, a model trained on length-20 sequences also runs on length-50 ones.",
              "由于权重在时间上共享，在长度为 20 的序列上训练的模型也能处理长度为 50 的序列。"),
    statement("A CNN shares its kernel over positions in space; an RNN shares its weights over time steps.",
              "CNN 在空间位置上共享卷积核；RNN 在时间步上共享权重。"),
    statement("The gradient of a shared weight adds up its gradients from all of the time steps.",
              "共享权重的梯度是它在所有时刻上的梯度之和。"),
]

WRONG = [
    statement("Each time step has its own $W$, so an RNN for longer sequences needs more parameters.",
              "每个时刻都有自己的 $W$，所以处理更长序列的 RNN 需要更多参数。",
              feedback=("No: one $W$ serves every step. Unrolling over $T$ steps reuses it $T$ times; the count stays the same.",
                        "不对：所有时刻共用一个 $W$。按 $T$ 步展开只是把它重复使用 $T$ 次，参数个数不变。")),
    statement("Only $U$ is shared over time; $W$ and $V$ are learned separately for every time step.",
              "只有 $U$ 在时间上共享；$W$ 和 $V$ 在每个时刻单独学习。",
              feedback=("All of $U$, $W$, $V$ (and the biases) are shared by every time step.",
                        "$U$、$W$、$V$（以及偏置）全都由所有时刻共享。")),
    statement("Parameter sharing means that all the layers of a stacked RNN use one and the same $W$.",
              "参数共享是指堆叠 RNN 的各层都使用同一个 $W$。",
              feedback=("Each layer of a deep RNN has its own weights; the sharing is over the time steps within a layer.",
                        "深层 RNN 的每一层都有自己的权重；参数共享指的是同一层在各个时刻之间共享。")),
    statement("Because $W$ is shared by all the steps, its gradient is taken from the last time step only.",
              "由于 $W$ 是共享的，它的梯度只取最后一个时刻的梯度。",
              feedback=("A shared weight acts at every step, so its gradient adds up the contributions of all steps (BPTT).",
                        "共享权重在每个时刻都起作用，所以它的梯度要把所有时刻的贡献加起来（BPTT）。")),
    statement("The RNN's memory is kept in the shared weights, which are updated at every time step.",
              "RNN 的记忆保存在共享权重中，权重在每个时刻都会改变。",
              feedback=("The memory is the hidden state $s_t$; the weights stay fixed during a forward pass and change only in training.",
                        "记忆是隐藏状态 $s_t$；前向计算时权重保持不变，只在训练更新时才改变。")),
]

PARAMS, generate, options = statement_pool(RIGHT, WRONG)


PROMPT = {
    "en": r"""An RNN computes $s_t = f(U x_t + W s_{t-1})$ and $o_t = \operatorname{softmax}(V s_t)$ for $t = 1, \dots, T$.
Which statement about its parameters is true?""",
    "zh": r"""一个 RNN 对 $t = 1, \dots, T$ 计算 $s_t = f(U x_t + W s_{t-1})$ 和 $o_t = \operatorname{softmax}(V s_t)$。
关于它的参数，下列哪个说法是正确的？""",
}

EXPLANATION = {
    "en": r"""An RNN applies one cell over and over: the same $U$, $W$, $V$ at every time step. So the number of parameters is
independent of $T$, the model runs on sequences of any length (also lengths never seen in training), and sharing keeps
the parameter count small and helps generalisation (001 Q4). A CNN shares its kernel over space, an RNN over time.
The memory is the state $s_t$, not the weights. Because a shared weight acts at every step, BPTT adds up its gradients
over all steps, $\partial E / \partial W = \sum_t \partial E_t / \partial W$.""",
    "zh": r"""RNN 反复使用同一个单元：每个时刻都是同一组 $U$、$W$、$V$。因此参数个数与 $T$ 无关，模型能处理任意长度的序列（包括训练中没见过的长度），
参数共享既减少了参数量，也有助于泛化（001 Q4）。CNN 在空间上共享卷积核，RNN 在时间上共享权重。
记忆是状态 $s_t$，而不是权重。由于共享权重在每个时刻都起作用，BPTT 要把它在各时刻的梯度加起来：$\partial E / \partial W = \sum_t \partial E_t / \partial W$。""",
}
