"""`Module.to` / `Module.cuda` move in place; `Tensor.to` / `Tensor.cuda` return a copy: what a
drawn snippet does at `net(x)` on a machine with a GPU."""

from grader.bank.authoring import Choice, Meta, OneOf, Option

META = Meta(
    title={"en": "What did .to(device) move?", "zh": ".to(device) 到底移动了什么？"},
    kind="choice",
    difficulty=3,
    points=2,
    source="004 Q21 (将神经网络从支持CPU的环境移植到支持GPU的环境)",
    tags=("foundations", "gpu", "pytorch", "device", "in place"),
    covers="gpu",
    check=Choice(),
)

NET_LINES = ("net.to(device)", "net = net.to(device)", "net.cuda()", "net = net.cuda()", 'net.to("cuda")', "")
X_LINES = ("x.to(device)", "x = x.to(device)", "x.cuda()", "x = x.cuda()", 'x.to("cuda")', 'x = x.to("cuda")', "")


def net_moved(p):
    """A module moves in place, whether or not the result is assigned."""
    return p["net_line"] != ""


def x_moved(p):
    """A tensor's .to / .cuda return a moved copy: only an assignment moves `x`."""
    return p["x_line"].startswith("x = ")


def outcome(p):
    """0 runs on the GPU, 1 fails with x on the CPU, 2 fails with the weights on the CPU, 3 runs on the CPU."""
    return {(True, True): 0, (True, False): 1, (False, True): 2, (False, False): 3}[(net_moved(p), x_moved(p))]


OUTCOMES = [
    {"en": "It runs, and the computation happens on the GPU",
     "zh": "能运行，计算在 GPU 上进行"},
    {"en": "It fails: the weights are on the GPU but x is still on the CPU",
     "zh": "报错：权重在 GPU 上，而 x 仍在 CPU 上"},
    {"en": "It fails: x is on the GPU but the weights are still on the CPU",
     "zh": "报错：x 在 GPU 上，而权重仍在 CPU 上"},
    {"en": "It runs, and the computation happens on the CPU",
     "zh": "能运行，计算在 CPU 上进行"},
]

PARAMS = {"net_line": OneOf(NET_LINES), "x_line": OneOf(X_LINES), "x_first": OneOf((0, 1))}


def generate(rng):
    key = int(rng.integers(4))  # each outcome equally often
    moved_net, moved_x = key in (0, 1), key in (0, 2)
    nets = [n for n in NET_LINES if (n != "") == moved_net]
    # An empty x line only next to a net line: every snippet shows at least one move.
    xs = [x for x in X_LINES if x.startswith("x = ") == moved_x and (x or moved_net)]
    return {"net_line": str(rng.choice(nets)), "x_line": str(rng.choice(xs)), "x_first": int(rng.integers(2))}


def _states(p):
    net = {"en": "the weights are on the GPU" if net_moved(p) else "the weights are still on the CPU",
           "zh": "权重在 GPU 上" if net_moved(p) else "权重仍在 CPU 上"}
    x = {"en": "x is on the GPU" if x_moved(p) else "x is still on the CPU",
         "zh": "x 在 GPU 上" if x_moved(p) else "x 仍在 CPU 上"}
    return {lang: f"{net[lang]} and {x[lang]}" if lang == "en" else f"{net[lang]}，{x[lang]}" for lang in ("en", "zh")}


def options(p):
    key = outcome(p)
    states = _states(p)
    return [Option(o, correct=True) if i == key else
            Option(o, feedback={"en": f"After these lines {states['en']}. A module moves in place; a tensor's .to/.cuda "
                                      "returns a copy that must be assigned.",
                                "zh": f"执行这些语句后，{states['zh']}。模块是原地移动的；张量的 .to/.cuda 返回副本，必须赋值回去。"})
            for i, o in enumerate(OUTCOMES)]


_CODE = """```python
import torch
from torch import nn

device = torch.device("cuda")      # this machine has a GPU
net = nn.Linear(4, 2)
x = torch.randn(8, 4)
{% if x_first and x_line %}
{{ x_line }}
{% endif %}
{% if net_line %}
{{ net_line }}
{% endif %}
{% if x_line and not x_first %}
{{ x_line }}
{% endif %}
out = net(x)
```"""

PROMPT = {
    "en": """The following runs on a machine with a CUDA GPU:

""" + _CODE + """

What happens at `out = net(x)`?""",
    "zh": """下面的代码在一台有 CUDA GPU 的机器上运行：

""" + _CODE + """

执行到 `out = net(x)` 时会发生什么？""",
}

EXPLANATION = {
    "en": """`nn.Module.to(device)` and `nn.Module.cuda()` move the module's parameters *in place* and return the module
itself, so {% if net_line %}`{{ net_line }}` puts the weights on the GPU{% else %}without such a line the weights stay on
the CPU{% endif %}. `Tensor.to(device)` and `Tensor.cuda()` return a *new* tensor on the GPU and leave the original
untouched, so {% if x_line.startswith("x = ") %}`{{ x_line }}` rebinds `x` to the GPU copy{% elif x_line %}`{{ x_line }}`
makes a GPU copy that is thrown away: `x` stays on the CPU{% else %}`x` stays on the CPU{% endif %}.
{% if net_line and x_line.startswith("x = ") %}Both are on the GPU, so the layer runs there.{% elif net_line %}The layer
gets weights on the GPU and an input on the CPU: PyTorch raises "Expected all tensors to be on the same device".{% elif x_line.startswith("x = ") %}The
layer gets weights on the CPU and an input on the GPU: PyTorch raises "Expected all tensors to be on the same device".{% else %}Nothing
was moved, so everything runs on the CPU.{% endif %}""",
    "zh": """`nn.Module.to(device)` 和 `nn.Module.cuda()` *原地*移动模块的参数并返回模块本身，所以{% if net_line %}`{{ net_line }}`
把权重放到了 GPU 上{% else %}没有这样一行时权重留在 CPU 上{% endif %}。`Tensor.to(device)` 和 `Tensor.cuda()` 返回 GPU 上的一个*新*张量，
原张量不变，所以{% if x_line.startswith("x = ") %}`{{ x_line }}` 让 `x` 指向了 GPU 上的副本{% elif x_line %}`{{ x_line }}` 生成的 GPU 副本被直接丢弃：
`x` 仍在 CPU 上{% else %}`x` 仍在 CPU 上{% endif %}。
{% if net_line and x_line.startswith("x = ") %}两者都在 GPU 上，所以该层在 GPU 上运行。{% elif net_line %}该层的权重在 GPU 上、输入在 CPU 上：
PyTorch 会报错“Expected all tensors to be on the same device”。{% elif x_line.startswith("x = ") %}该层的权重在 CPU 上、输入在 GPU 上：
PyTorch 会报错“Expected all tensors to be on the same device”。{% else %}什么都没有移动，所以全部在 CPU 上运行。{% endif %}""",
}
