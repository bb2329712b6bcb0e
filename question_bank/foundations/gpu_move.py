"""Moving a training loop from the CPU to the GPU (004 Q21): the model AND every batch must be
moved, with device-agnostic code; `Tensor.to` returns a copy that must be assigned."""

from grader.bank.authoring import Choice, Int, Meta, Seq

from ._pool import pick, statement_options, statements_explained

META = Meta(
    title={"en": "From CPU to GPU", "zh": "从 CPU 迁移到 GPU"},
    kind="choice",
    difficulty=2,
    points=1,
    source="004 Q21 (将神经网络从支持CPU的环境移植到支持GPU的环境要做哪些工作)",
    tags=("foundations", "gpu", "pytorch", "device"),
    covers="gpu",
    check=Choice(),
)

RIGHT = [
    {"en": "`model = model.to(device)` once; in the loop `x, y = x.to(device), y.to(device)`",
     "zh": "执行一次 `model = model.to(device)`；循环中 `x, y = x.to(device), y.to(device)`",
     "why": {"en": "the weights and every batch end up on the same device, whichever device that is.",
             "zh": "权重和每个 batch 都在同一个设备上，无论它是哪个设备。"}},
    {"en": "`model.to(device)` once; in the loop `x = x.to(device)` and `y = y.to(device)`",
     "zh": "执行一次 `model.to(device)`；循环中 `x = x.to(device)` 和 `y = y.to(device)`",
     "why": {"en": "`Module.to` moves the parameters in place, and the batches are re-assigned to their moved copies.",
             "zh": "`Module.to` 原地移动参数，而每个 batch 都被重新赋值为移动后的副本。"}},
]

WRONG = [
    {"en": "`model.to(device)` once; in the loop the statements `x.to(device)` and `y.to(device)`",
     "zh": "执行一次 `model.to(device)`；循环中单独写两条语句 `x.to(device)` 和 `y.to(device)`",
     "why": {"en": "`Tensor.to` returns a new tensor and leaves `x` where it was; without assigning the result the batch stays on the CPU and `model(x)` fails with a device mismatch.",
             "zh": "`Tensor.to` 返回一个新张量，原来的 `x` 不变；不把结果赋值回去，batch 就仍在 CPU 上，`model(x)` 会因设备不一致而报错。"}},
    {"en": "`model = model.to(device)` once; the batches `x, y` stay as the DataLoader gives them",
     "zh": "执行一次 `model = model.to(device)`；batch `x, y` 保持 DataLoader 给出的原样",
     "why": {"en": "the DataLoader yields CPU tensors; with the weights on the GPU, `model(x)` raises \"Expected all tensors to be on the same device\".",
             "zh": "DataLoader 给出的是 CPU 张量；权重在 GPU 上时，`model(x)` 会报“Expected all tensors to be on the same device”。"}},
    {"en": "In the loop `x, y = x.to(device), y.to(device)`; the model is not moved",
     "zh": "循环中 `x, y = x.to(device), y.to(device)`；模型不移动",
     "why": {"en": "a model is created on the CPU; its weights must be moved too, or the inputs and weights sit on different devices.",
             "zh": "模型创建时在 CPU 上；权重也必须移动，否则输入和权重位于不同设备。"}},
    {"en": "`model = model.cuda()` once; in the loop `x, y = x.cuda(), y.cuda()`",
     "zh": "执行一次 `model = model.cuda()`；循环中 `x, y = x.cuda(), y.cuda()`",
     "why": {"en": "this works on a GPU machine only: without CUDA, `.cuda()` raises an error. Device-agnostic code uses `.to(device)`.",
             "zh": "这只能在有 GPU 的机器上运行：没有 CUDA 时 `.cuda()` 会报错。与设备无关的代码应使用 `.to(device)`。"}},
    {"en": "`device = torch.device(\"gpu\")`; `model.to(device)`; `x, y = x.to(device), y.to(device)`",
     "zh": "`device = torch.device(\"gpu\")`；`model.to(device)`；`x, y = x.to(device), y.to(device)`",
     "why": {"en": "PyTorch has no device type \"gpu\": an NVIDIA GPU is \"cuda\", and this is no longer device-agnostic anyway.",
             "zh": "PyTorch 没有名为 \"gpu\" 的设备类型：NVIDIA GPU 是 \"cuda\"，而且这样写也不再与设备无关。"}},
    {"en": "`model.to(device)` once; in the loop only `x = x.to(device)` (`y` stays on the CPU)",
     "zh": "执行一次 `model.to(device)`；循环中只有 `x = x.to(device)`（`y` 留在 CPU 上）",
     "why": {"en": "the output `model(x)` is on the GPU, so `loss_fn(model(x), y)` mixes devices and fails; the targets must move too.",
             "zh": "输出 `model(x)` 在 GPU 上，`loss_fn(model(x), y)` 混用了两个设备会报错；目标也必须移动。"}},
]

PARAMS = {
    "right": Seq(Int(0, len(RIGHT) - 1), min_len=1, max_len=1),
    "wrong": Seq(Int(0, len(WRONG) - 1), min_len=3, max_len=3),
}


def generate(rng):
    return {"right": pick(rng, len(RIGHT), 1), "wrong": sorted(pick(rng, len(WRONG), 3))}


def options(p):
    return statement_options(RIGHT, WRONG, p)


_CODE = """```python
device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
model = Net()                  # created on the CPU
for x, y in loader:            # the DataLoader yields CPU tensors
    optimizer.zero_grad()
    loss = loss_fn(model(x), y)
    loss.backward()
    optimizer.step()
```"""

PROMPT = {
    "en": """A PyTorch training script was written for the CPU:

""" + _CODE + """

It should now train on the GPU when there is one and still run on a machine without one (device-agnostic code).
Which change does that correctly?""",
    "zh": """一个 PyTorch 训练脚本原本是为 CPU 写的：

""" + _CODE + """

现在希望它在有 GPU 时使用 GPU 训练，在没有 GPU 的机器上也照样能运行（与设备无关的代码）。下列哪种改法是正确的？""",
}

EXPLANATION = {
    "en": """Two things must be on the device: the model's parameters and every tensor that meets them (inputs and
targets). `model.to(device)` moves a module's parameters in place (and returns the module), so assigning it is optional;
`x.to(device)` returns a *new* tensor and leaves `x` unchanged, so the result must be assigned. Choosing `device` with
`torch.cuda.is_available()` and using `.to(device)` everywhere keeps the code device-agnostic; `.cuda()` would fail on a
machine without a GPU. (Move the model before building the optimizer from `model.parameters()`, as PyTorch's docs
advise: a move may replace the parameter objects the optimizer holds.)

""" + statements_explained(RIGHT, WRONG, "en"),
    "zh": """有两样东西必须放到设备上：模型的参数，以及所有与参数一起参与运算的张量（输入和目标）。`model.to(device)` 原地移动模块的参数
（并返回模块本身），赋不赋值都可以；`x.to(device)` 返回一个*新的*张量，原来的 `x` 不变，所以必须把结果赋值回去。用 `torch.cuda.is_available()`
选择 `device`，并处处使用 `.to(device)`，代码就与设备无关；`.cuda()` 在没有 GPU 的机器上会报错。（应先移动模型，再由 `model.parameters()`
构造优化器；移动可能会替换优化器所持有的参数对象，这也是 PyTorch 文档的建议。）

""" + statements_explained(RIGHT, WRONG, "zh"),
}
