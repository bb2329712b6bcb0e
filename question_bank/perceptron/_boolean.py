"""Boolean functions of two inputs for the perceptron questions: each one's truth table on the
inputs (0,0), (0,1), (1,0), (1,1), and for the linearly separable ones a perceptron that computes it
(output 1 when w1·x1 + w2·x2 + b > 0)."""

INPUTS = ((0, 0), (0, 1), (1, 0), (1, 1))

NAMES = {
    "and": {"en": "AND", "zh": "与（AND）"},
    "or": {"en": "OR", "zh": "或（OR）"},
    "nand": {"en": "NAND", "zh": "与非（NAND）"},
    "nor": {"en": "NOR", "zh": "或非（NOR）"},
    "x1": {"en": "x₁ (copy the first input)", "zh": "x₁（照抄第一个输入）"},
    "x2": {"en": "x₂ (copy the second input)", "zh": "x₂（照抄第二个输入）"},
    "not_x1": {"en": "NOT x₁", "zh": "非 x₁（NOT x₁）"},
    "not_x2": {"en": "NOT x₂", "zh": "非 x₂（NOT x₂）"},
    "x1_and_not_x2": {"en": "x₁ AND NOT x₂", "zh": "x₁ 与 非 x₂"},
    "not_x1_and_x2": {"en": "NOT x₁ AND x₂", "zh": "非 x₁ 与 x₂"},
    "x1_or_not_x2": {"en": "x₁ OR NOT x₂", "zh": "x₁ 或 非 x₂"},
    "not_x1_or_x2": {"en": "NOT x₁ OR x₂", "zh": "非 x₁ 或 x₂"},
    "xor": {"en": "XOR", "zh": "异或（XOR）"},
    "xnor": {"en": "XNOR (equality)", "zh": "同或（XNOR，相等）"},
}

TABLES = {
    "and": (0, 0, 0, 1), "or": (0, 1, 1, 1), "nand": (1, 1, 1, 0), "nor": (1, 0, 0, 0),
    "x1": (0, 0, 1, 1), "x2": (0, 1, 0, 1), "not_x1": (1, 1, 0, 0), "not_x2": (1, 0, 1, 0),
    "x1_and_not_x2": (0, 0, 1, 0), "not_x1_and_x2": (0, 1, 0, 0),
    "x1_or_not_x2": (1, 0, 1, 1), "not_x1_or_x2": (1, 1, 0, 1),
    "xor": (0, 1, 1, 0), "xnor": (1, 0, 0, 1),
}

# A perceptron (w1, w2, b) for each linearly separable function; XOR and XNOR have none.
SEPARATING = {
    "and": (1, 1, -1.5), "or": (1, 1, -0.5), "nand": (-1, -1, 1.5), "nor": (-1, -1, 0.5),
    "x1": (1, 0, -0.5), "x2": (0, 1, -0.5), "not_x1": (-1, 0, 0.5), "not_x2": (0, -1, 0.5),
    "x1_and_not_x2": (1, -1, -0.5), "not_x1_and_x2": (-1, 1, -0.5),
    "x1_or_not_x2": (1, -1, 0.5), "not_x1_or_x2": (-1, 1, 0.5),
}
SEPARABLE = tuple(SEPARATING)
NOT_SEPARABLE = ("xor", "xnor")
