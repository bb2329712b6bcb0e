"""Multi-select: what convolution and pooling layers do (000 CNN 特点, 001 Q2, 003; erratum 28:
pooling has no parameters)."""

from grader.bank.authoring import Choice, Meta, Option, statement_pool

META = Meta(
    title={"en": "Properties of convolutional networks", "zh": "卷积神经网络的特点"},
    kind="multi",
    difficulty=2,
    points=3,
    source="000 Convolutional Neural Network (稀疏连接, 权值共享, CNN 特点 1-3); 001 Q2; 003 CNN神经网络原理概述",
    tags=("cnn", "sparse interaction", "weight sharing", "pooling", "equivariance"),
    covers="cnn_concepts",
    check=Choice(),
)

RIGHT = [
    Option({"en": "Each output of a convolution depends only on a small window of its input (sparse interaction)",
            "zh": "卷积的每个输出只依赖其输入的一个小窗口（稀疏交互）"}, correct=True),
    Option({"en": "The same kernel weights are used at every position of the input (weight sharing)",
            "zh": "同一组卷积核权重在输入的每个位置上都被使用（权值共享）"}, correct=True),
    Option({"en": "Shifting the input image shifts the convolution's feature map by the same amount (equivariance)",
            "zh": "把输入图像平移，卷积得到的特征图也平移同样的距离（平移等变）"}, correct=True),
    Option({"en": "Max pooling makes the output insensitive to small shifts of a feature within each window",
            "zh": "最大池化使输出对特征在窗口内的小幅平移不敏感"}, correct=True),
    Option({"en": "A conv layer's parameter count does not depend on the height and width of its input",
            "zh": "卷积层的参数个数与其输入的高和宽无关"}, correct=True),
]

WRONG = [
    Option({"en": "Each output of a convolution is connected to every pixel of the input image",
            "zh": "卷积的每个输出都与输入图像的每个像素相连"},
           feedback={"en": "That describes a fully connected layer. A convolution output sees only its K×K window (sparse interaction).",
                     "zh": "这是全连接层。卷积的输出只看它的 K×K 窗口（稀疏交互）。"}),
    Option({"en": "Pooling layers have learnable weights, updated by backpropagation like the kernels",
            "zh": "池化层有可学习的权重，和卷积核一样通过反向传播更新"},
           feedback={"en": "Max and average pooling are fixed operations with no parameters; they shrink the feature map "
                           "(the activations), not the number of parameters of the layer itself.",
                     "zh": "最大池化和平均池化都是固定的运算，没有参数；它们缩小的是特征图（激活值），而不是层本身的参数。"}),
    Option({"en": "A conv layer's parameter count grows with the height and width of the input image",
            "zh": "卷积层的参数个数随输入图像的高和宽增大而增多"},
           feedback={"en": "Weight sharing: C_out·(C_in·K² + 1) parameters whatever the image size; only the feature map grows.",
                     "zh": "权值共享：无论图像多大，参数都是 C_out·(C_in·K² + 1) 个；变大的只是特征图。"}),
    Option({"en": "Convolution makes the output unchanged when the input image is rotated by 90°",
            "zh": "卷积使输出在输入图像旋转 90° 时保持不变"},
           feedback={"en": "A learned kernel is generally not rotation-symmetric: convolution is equivariant to shifts, not "
                           "invariant to rotations.",
                     "zh": "学到的卷积核一般不具有旋转对称性：卷积对平移是等变的，但对旋转并不是不变的。"}),
    Option({"en": "All filters of one conv layer share a single kernel, so each layer learns one pattern",
            "zh": "同一卷积层的所有卷积核共用一个核，所以每层只学习一种模式"},
           feedback={"en": "Weight sharing is across positions, not across filters: each of the layer's filters has its own "
                           "weights and detects its own pattern (one feature map each).",
                     "zh": "权值共享是在不同位置之间，而不是在不同卷积核之间：每个卷积核有自己的权重，检测自己的模式（各得一张特征图）。"}),
]

PARAMS, generate, options = statement_pool(RIGHT, WRONG, n_right=(2, 3), n_options=5)


PROMPT = {
    "en": "Which of these statements about convolution and pooling layers in a CNN are true? Pick all that apply.",
    "zh": "下列关于 CNN 中卷积层和池化层的说法，哪些是正确的？（多选）",
}

EXPLANATION = {
    "en": r"""A convolution output depends only on the $K \times K$ window under the kernel (**sparse interaction**: a pattern is
local), and the same kernel is slid over every position (**weight sharing**: a pattern can appear anywhere), so a layer
has $C_{out}(C_{in}K^2 + 1)$ parameters whatever the image size. Because the same kernel is used everywhere, shifting
the input shifts the feature map (**translation equivariance**). **Pooling** summarises each window by its maximum or
mean: small shifts inside a window do not change it (the notes: down-sampling does not change what the image shows),
and it has no parameters; it reduces the size of the feature maps, hence the computation and the size of later
fully connected layers. Each filter of a layer has its own weights; convolution is not rotation-invariant.""",
    "zh": r"""卷积的输出只依赖卷积核下方 $K \times K$ 的窗口（**稀疏交互**：模式是局部的），同一个卷积核滑过每个位置（**权值共享**：模式可能出现在任何地方），
所以一层的参数是 $C_{out}(C_{in}K^2 + 1)$ 个，与图像大小无关。由于处处使用同一个卷积核，输入平移时特征图随之平移（**平移等变**）。
**池化**用最大值或平均值概括每个窗口：窗口内的小幅平移不改变结果（笔记：降采样不会改变图片的内容），而且池化没有参数；它缩小的是特征图，
从而减少计算量和后面全连接层的规模。同一层的每个卷积核都有自己的权重；卷积不具有旋转不变性。""",
}
