import math

import pytest
import sympy

from grader.answers import TOO_SLOW_MESSAGE, Symbolic, Task, WrongAnswer, check_answer
from grader.answers import expr_parser as _expr_parser
from grader.answers.settings import ELEMENTARY, FUNCTIONS
from grader.answers.symbolic import equivalent, parse_answer, show, to_latex, to_plain
from grader.answers.symbols import sigmoid, symbol
from grader.answers.timelimit import fork_available
from grader.errors import InvalidAnswer, UsageError
from grader.results import Verdict

w, x, b, y, z, eta, lam, g, n = (symbol(s) for s in ("w", "x", "b", "y", "z", "eta", "lam", "g", "n"))
DOMAINS = {"w": "nonzero", "x": "real", "b": "real", "y": "probability", "z": "real",
           "eta": "positive", "lam": "positive", "g": "real", "n": "positive"}
SPEC = Symbolic(symbols=DOMAINS, functions=FUNCTIONS)  # every function: the l1 forms use |w| and sign(w)
S = sigmoid(w * x + b)
SZ = sigmoid(z)

KEYS = {
    "sigmoid_prime": SZ * (1 - SZ),
    "ce_gradient": (S - y) * x,
    "mse_gradient": (S - y) * S * (1 - S) * x,
    "l1_update": w - eta * (g + lam * sympy.sign(w) / n),
    "l2_update": (1 - eta * lam / n) * w - eta * g,
    "inverse_e": sympy.exp(-1),
}

EQUIVALENT_FORMS = {
    "sigmoid_prime": [
        "σ(z)(1−σ(z))", "sigmoid(z)*(1 - sigmoid(z))", "e^(−z)/(1+e^(-z))^2", "exp(-z)/(1+exp(-z))**2",
        r"\sigma(z)\left(1-\sigma(z)\right)", r"\frac{e^{-z}}{\left(1+e^{-z}\right)^{2}}",
        r"$\sigma\left(z\right) \cdot (1 - \sigma(z))$", "1/(e^z + 2 + e^-z)", r"\sigma z (1-\sigma z)",
    ],
    "ce_gradient": [
        "(σ(wx+b) − y)·x", "(sigmoid(w*x+b)-y)*x", "x(1/(1+e^(-(wx+b))) - y)", "x/(1+exp(-w x - b)) - x y",
        r"\left(\sigma(wx+b)-y\right)x", r"\left(\frac{1}{1+e^{-(wx+b)}}-y\right) \times x",
    ],
    "mse_gradient": [
        "(σ(wx+b)−y)σ(wx+b)(1−σ(wx+b))x", "(sigmoid(w x + b) - y) * sigmoid(w x + b) * (1 - sigmoid(w x + b)) * x",
        "x(σ(wx+b)-y)e^(-(wx+b))/(1+e^(-(wx+b)))^2",
        r"\left(\sigma(wx+b)-y\right)\sigma(wx+b)\left(1-\sigma(wx+b)\right)x",
    ],
    "l1_update": [
        "w − η(g + λ sign(w)/n)", "w - eta g - eta lam sgn(w)/n", "w - ηg - ηλ sgn(w)/n", "w - eta*(g + lambda*w/|w|/n)",
        r"w-\eta\left(g+\frac{\lambda\,\operatorname{sgn}(w)}{n}\right)", r"w - \eta g - \frac{\eta\lambda}{n}\text{sgn}(w)",
        "w - η(g + λ abs(w)/w/n)",
    ],
    "l2_update": [
        "(1−ηλ/n)w − ηg", "w - eta*(g + lam*w/n)", "w - ηg - ηλw/n", r"\left(1-\frac{\eta\lambda}{n}\right)w-\eta g",
        r"(1 - \eta \lambda / n) w - \eta g",
    ],
    "inverse_e": ["1/e", "e^{-1}", "exp(-1)", "e^-1", r"\frac{1}{e}", "E**(-1)", r"\exp(-1)"],
}

WRONG_FORMS = {
    "sigmoid_prime": ["σ(z)", "σ(z)(1+σ(z))", "e^z/(1+e^-z)^2", "1-σ(z)^2"],
    "ce_gradient": ["(σ(wx+b) − y)", "(y - σ(wx+b))x", "(σ(wx)-y)x", "(σ(wx+b)-y)w"],
    "mse_gradient": ["(σ(wx+b)-y)x", "(σ(wx+b)-y)σ(wx+b)x"],
    "l1_update": ["w - η(g + λ w/n)", "w - ηg", "w - η(g + λ sign(w))"],
    "l2_update": ["(1-ηλ)w - ηg", "w - ηg", "(1+ηλ/n)w - ηg"],
    "inverse_e": ["e", "-e", "1/(2e)", "0.3679"],
}


def check_symbolic(text, *, key, spec, max_score, mistakes=(), seed=0):
    """A symbolic task, checked the one way every caller checks answers."""
    task = Task(kind="symbolic", key=key, settings=spec, max_score=max_score,
                mistakes=tuple(WrongAnswer(*m) for m in mistakes), seed=seed)
    return check_answer(text, task)


def _check(text: str, key=None, **kwargs):
    key = KEYS["mse_gradient"] if key is None else key
    return check_symbolic(text, key=key, spec=SPEC, max_score=2.0, **kwargs)


# ---------------------------------------------------------------------------------------------
# Reading answers


@pytest.mark.parametrize("name, text", [(k, t) for k, forms in EQUIVALENT_FORMS.items() for t in forms])
def test_equivalent_forms_are_correct(name, text):
    result = _check(text, KEYS[name])
    assert result.verdict is Verdict.CORRECT, (text, result)
    assert result.score == 2.0
    assert result.understood_as


@pytest.mark.parametrize("name, text", [(k, t) for k, forms in WRONG_FORMS.items() for t in forms])
def test_wrong_forms_are_incorrect(name, text):
    result = _check(text, KEYS[name])
    assert result.verdict is Verdict.INCORRECT, (text, result)
    assert result.score == 0.0


@pytest.mark.parametrize("text, expected", [
    ("2x", 2 * x), ("2 x", 2 * x), ("x(1-x)", x * (1 - x)), ("w x", w * x), ("wx+b", w * x + b),
    ("(w+b)(x+y)", (w + b) * (x + y)), ("x^2", x**2), ("x**2", x**2), ("x²", x**2), ("-x^2", -x**2),
    ("2^-x", 2**-x), ("x^y^2", x ** (y**2)), ("1/2x", x / 2), ("0.5x", x / 2), ("e", sympy.E), ("E", sympy.E),
    ("pi", sympy.pi), ("π", sympy.pi), ("|w|", sympy.Abs(w)), ("abs(w)", sympy.Abs(w)), ("Abs(w)", sympy.Abs(w)),
    ("||x| - 1|", sympy.Abs(sympy.Abs(x) - 1)), ("|x| |w|", sympy.Abs(x) * sympy.Abs(w)),
    ("sgn(w)", sympy.sign(w)), ("sign(w)", sympy.sign(w)), ("sqrt(x)", sympy.sqrt(x)), ("√x", sympy.sqrt(x)),
    ("ln x", sympy.log(x)), ("log(x)", sympy.log(x)), ("tanh(z)", sympy.tanh(z)), ("sinh z", sympy.sinh(z)),
    ("cosh(z)", sympy.cosh(z)), ("sin(x)^2 + cos^2 x", sympy.sin(x) ** 2 + sympy.cos(x) ** 2),
    ("tan(x)", sympy.tan(x)), ("σ(z)", SZ), ("sigmoid(z)", SZ), ("e^(−z)", sympy.exp(-z)),
    ("2·x", 2 * x), ("2×x", 2 * x), ("2 ⋅ x", 2 * x), ("（x+1）", x + 1), ("max(0, x)", sympy.Max(0, x)),
    ("relu(x)", sympy.Max(0, x)), ("eta", eta), ("η", eta), ("lam", lam), ("lambda", lam), ("λ", lam),
    ("ηλ", eta * lam), ("etag", eta * g),
])
def test_plain_syntax(text, expected):
    assert parse_answer(text, symbols=DOMAINS) == expected


@pytest.mark.parametrize("text, expected", [
    (r"\frac{a}{b}", symbol("a") / symbol("b")), (r"\sigma(z)", SZ), (r"\sigma\left(z\right)", SZ),
    (r"e^{-z}", sympy.exp(-z)), (r"\exp(z)", sympy.exp(z)), (r"\ln(x)", sympy.log(x)), (r"\log x", sympy.log(x)),
    (r"\eta", eta), (r"\lambda", lam), (r"\operatorname{sgn}(w)", sympy.sign(w)),
    (r"\operatorname{sign}(w)", sympy.sign(w)), (r"\text{sgn}(w)", sympy.sign(w)), (r"\mathrm{sgn}(w)", sympy.sign(w)),
    (r"a \cdot b", symbol("a") * symbol("b")), (r"a\times b", symbol("a") * symbol("b")),
    (r"\left(a+b\right)", symbol("a") + symbol("b")), (r"\sqrt{x}", sympy.sqrt(x)), (r"\sqrt[3]{x}", x ** sympy.Rational(1, 3)),
    (r"\tanh z", sympy.tanh(z)), (r"{a}{b}", symbol("a") * symbol("b")), (r"$a+b$", symbol("a") + symbol("b")),
    (r"$$a\,b$$", symbol("a") * symbol("b")), (r"\left|w\right|", sympy.Abs(w)), (r"\lvert w \rvert", sympy.Abs(w)),
    (r"\dfrac{1}{e}", sympy.exp(-1)), (r"\frac{1}{2}x", x / 2), (r"\mathrm{e}^{x}", sympy.exp(x)),
    (r"\max\left(0, x\right)", sympy.Max(0, x)), (r"\log{\left(x \right)}", sympy.log(x)),
])
def test_latex_syntax(text, expected):
    assert parse_answer(text, symbols=[*DOMAINS, "a"]) == expected


def test_e_is_a_symbol_when_declared():
    assert parse_answer("e^x", symbols=["e", "x"]) == symbol("e") ** x
    assert parse_answer("E^x", symbols=["e", "x"]) == sympy.exp(x)


def test_declared_names_win_over_functions():
    assert parse_answer("sigma x", symbols=["sigma", "x"]) == symbol("sigma") * x


def test_a_question_declaring_lambda_accepts_every_spelling():
    for text in ("lam", "lambda", "λ", r"\lambda"):
        assert parse_answer(text, symbols=["lam"]) == symbol("lam")


@pytest.mark.parametrize("key", [*KEYS.values(), sympy.Max(0, x) + sympy.Abs(w) ** sympy.Rational(3, 2),
                                 sympy.Float("0.00001") * x + sympy.Float("1234.5"), sympy.tanh(z) / sympy.pi])
def test_to_plain_and_to_latex_read_back(key):
    assert equivalent(key, parse_answer(to_plain(key), symbols=DOMAINS), domains=DOMAINS)
    assert equivalent(key, parse_answer(to_latex(key), symbols=DOMAINS), domains=DOMAINS)


def test_to_latex_shows_lam_as_lambda():
    assert to_latex(eta * lam) == r"\eta \lambda"


# ---------------------------------------------------------------------------------------------
# Numeric equivalence


def test_identities_sympy_alone_misses():
    assert equivalent(sympy.tanh(z), 2 * sigmoid(2 * z) - 1, domains=DOMAINS) is True
    assert equivalent(sympy.log(SZ), -sympy.log(1 + sympy.exp(-z)), domains=DOMAINS) is True
    lse = sympy.log(sympy.exp(x) + sympy.exp(z))
    assert equivalent(lse, x + sympy.log(1 + sympy.exp(z - x)), domains=DOMAINS) is True


def test_domains_matter():
    assert equivalent(sympy.Abs(w), w, domains={"w": "nonzero"}) is False
    assert equivalent(sympy.Abs(w), w, domains={"w": "positive"}) is True
    assert equivalent(sympy.sign(w), w / sympy.Abs(w), domains={"w": "nonzero"}) is True


def test_an_answer_undefined_where_the_key_is_defined_is_not_equivalent():
    answer = (sympy.sqrt(x) + 1) ** 2 - 2 * sympy.sqrt(x) - 1  # equals x, but only for x >= 0
    assert equivalent(x, answer, domains={"x": "positive"}) is True
    assert equivalent(x, answer, domains={"x": "real"}) is False


def test_too_few_valid_points_gives_none():
    key = sympy.log(x - 10) + sympy.sqrt(x - 20)  # undefined on all of (-3, 3)
    assert equivalent(key, sympy.log(x - 10), domains={"x": "real"}) is None


def test_equivalence_is_deterministic_in_the_seed():
    a, c = sympy.exp(x), 1 + x + x**2 / 2
    assert [equivalent(a, c, domains={"x": "real"}, seed=s) for s in range(3)] == [False] * 3


def test_undeclared_symbols_in_a_key_are_the_authors_error():
    with pytest.raises(UsageError, match="q"):
        equivalent(symbol("q"), x, domains={"x": "real"})
    with pytest.raises(UsageError, match="domain"):
        equivalent(x, x, domains={"x": "complex"})


def test_relative_tolerance_tells_close_numbers_apart():
    assert equivalent(sympy.exp(-1), sympy.Rational(3679, 10000), domains={}) is False
    assert equivalent(sympy.Float(0.1) * x, x / 10, domains={"x": "real"}) is True


# ---------------------------------------------------------------------------------------------
# Checking: feedback, invalid answers


MSE_MISTAKES = [
    ((S - y) * x, "You left out σ′(wx+b) = σ(1 − σ).", 0.5),
    (-eta * KEYS["mse_gradient"], "That is the update step, not the gradient.", 0.0),
    (-KEYS["mse_gradient"], "The sign is flipped.", 0.25),
]


@pytest.mark.parametrize("text, feedback, score", [
    ("(σ(wx+b)-y)x", "σ′", 1.0),
    ("-(σ(wx+b)-y)σ(wx+b)(1-σ(wx+b))x", "sign is flipped", 0.5),
    ("-η(σ(wx+b)-y)σ(wx+b)(1-σ(wx+b))x", "update step", 0.0),
])
def test_known_mistakes_get_their_feedback_and_credit(text, feedback, score):
    result = _check(text, mistakes=MSE_MISTAKES)
    assert feedback in result.feedback
    assert result.score == score
    assert result.verdict is (Verdict.PARTIAL if 0 < score < 2 else Verdict.INCORRECT)


def test_missing_eta_in_an_update_gets_feedback():
    mistakes = [(w - g - lam * sympy.sign(w) / n, "Multiply the gradient by the learning rate η.", 0.3)]
    result = _check("w - g - λ sgn(w)/n", KEYS["l1_update"], mistakes=mistakes)
    assert result.verdict is Verdict.PARTIAL and "learning rate" in result.feedback
    assert result.score == pytest.approx(0.6)


def test_ambiguous_readings_are_pointed_out_on_wrong_answers_only():
    key = sympy.exp(-w * x)
    wrong = _check("e^-wx", key)
    assert wrong.verdict is Verdict.INCORRECT
    assert any("e^(-wx)" in note for note in wrong.warnings)
    assert _check("e^-(wx)", key).verdict is Verdict.CORRECT
    right = _check("x^2 w", x**2 * w)
    assert right.verdict is Verdict.CORRECT and right.warnings == ()
    assert any("1/(2x)" in note for note in _check("1/2x", 1 / (2 * x)).warnings)


def test_non_text_answers_are_invalid():
    assert _check(None).verdict is Verdict.INVALID  # type: ignore[arg-type]


def test_correct_beats_a_mistake_listing():
    assert _check("(σ(wx+b)-y)σ(wx+b)(1-σ(wx+b))x", mistakes=MSE_MISTAKES).verdict is Verdict.CORRECT


def test_undeclared_symbol_is_invalid_and_names_the_allowed_ones():
    result = _check("(σ(wx+b)-t)x")
    assert result.verdict is Verdict.INVALID and result.score == 0.0
    assert "'t'" in result.feedback and "w" in result.feedback and "eta" in result.feedback


@pytest.mark.parametrize("text", [
    "diff((sigmoid(w*x+b)-y)**2/2, w)", "Derivative(x, w)", "limit(x, w, 0)", "integrate(x, x)",
    r"\frac{d}{dw}\frac{(\sigma(wx+b)-y)^2}{2}", "σ'(wx+b)", r"\frac{\partial L}{\partial w}", r"\lim_{w} x",
])
def test_restating_the_task_is_invalid_with_a_specific_message(text):
    result = _check(text)
    assert result.verdict is Verdict.INVALID
    assert "give the result, not the derivative/limit to take" in result.feedback


def test_key_can_be_a_string_but_never_goes_through_sympify():
    result = check_symbolic("2x", key="x + x", spec=Symbolic(symbols={"x": "real"}), max_score=1)
    assert result.verdict is Verdict.CORRECT
    with pytest.raises(UsageError):
        check_symbolic("2x", key="__import__('os')", spec=Symbolic(symbols={"x": "real"}), max_score=1)


def test_too_few_points_is_not_the_students_fault():
    spec = Symbolic(symbols={"x": "real"})
    result = check_symbolic("log(x - 10)", key=sympy.log(x - 10) + sympy.sqrt(x - 20), spec=spec, max_score=1)
    assert result.verdict is Verdict.INVALID and "report" in result.feedback


# ---------------------------------------------------------------------------------------------
# Hostile input: invalid and runs nothing. That it returns within the time limit is the limit's
# job, tested (without a clock) in test_checking.py; latency is measured in benchmarks/bench_bank.py.


def _hostile(text: str, *, limit: float = 2.0):
    spec = Symbolic(symbols=DOMAINS, time_limit_s=limit)
    result = check_symbolic(text, key=KEYS["ce_gradient"], spec=spec, max_score=2.0)
    assert result.verdict is Verdict.INVALID, (text[:60], result)
    assert result.score == 0.0
    assert result.feedback
    return result


def test_import_and_os_system_run_nothing(tmp_path):
    target, other = tmp_path / "pwned", tmp_path / "pwned_too"
    for text in (f"__import__('os').system('touch {target}')", f"__import__('os').system('touch {other}')",
                 f"os.system('touch {target}')", f"eval(\"__import__('os').system('touch {target}')\")"):
        _hostile(text)
    assert not target.exists() and not other.exists()


@pytest.mark.parametrize("text, words", [
    ("().__class__", "'.'"),
    ("().__class__.__bases__[0].__subclasses__()", "'.'"),
    ("lambda: 1", "':'"),
    ("(lambda x: x)(1)", "':'"),
    ("[x for x in (1, 2)]", "unknown symbol 'for'"),
    ("9**9**9**9", "too large"),
    ("10**10**10", "too large"),
    ("factorial(factorial(100))", "factorial"),
    ("100!", "factorial"),
    ("x" * 1_000_000, "too long"),
    ("(" * 10_000 + "x" + ")" * 10_000, "too long"),
    ("(" * 900 + "x" + ")" * 900, "nested too deeply"),
    ("-" * 1500 + "x", "nested too deeply"),
    ("", "empty"),
    ("   \t\n ", "empty"),
    ("x\x00+1", "NUL"),
    ("x\x07", "control character"),
    ("x + 😀", "U+1F600"),
    ("x\u200b+1", "U+200B"),
    ("2" * 100 + "x", "too long"),
    ("(10^1000)^1000", "too large"),
    ("x = 1", "equation"),
    ("1/0", "division by zero"),
    ("x +", "ends too early"),
    ("(x", "never closed"),
    ("x)", "unmatched"),
    ("sin()", "argument"),
    ("a.b", "'.'"),
    ("x;y", "';'"),
    ("'x'", "derivative"),
])
def test_hostile_and_malformed_input_is_invalid_with_a_clear_message(text, words):
    result = _hostile(text)
    assert words in result.feedback, result.feedback


def test_positions_point_at_the_offending_character():
    with pytest.raises(InvalidAnswer) as info:
        parse_answer("x + 😀", symbols=["x"])
    assert info.value.position == 4


def test_slow_but_legal_answers_still_return_within_the_limit():
    # Every step is legal (a 1990-character polynomial to the 999th power); it takes most of a
    # second to check here, so a 0.3 s limit must cut it off (or it finished, on a faster machine).
    text = "(" + "+".join(f"{k}x^{k}" for k in range(1, 300))[:1990].rsplit("+", 1)[0] + ")^999"
    result = check_symbolic(text, key=x, spec=Symbolic(symbols={"x": "real"}, time_limit_s=0.3), max_score=1)
    assert result.verdict in (Verdict.INVALID, Verdict.INCORRECT)
    if result.verdict is Verdict.INVALID:
        assert result.feedback == TOO_SLOW_MESSAGE


def test_a_hanging_check_is_killed_and_reported(monkeypatch):
    if not fork_available():
        pytest.skip("the in-process fallback cannot interrupt a call")

    def hang(*args, **kwargs):
        while True:
            pass

    monkeypatch.setattr(_expr_parser, "read", hang)  # the forked child inherits the patch
    result = _hostile("x", limit=0.4)
    assert result.feedback == TOO_SLOW_MESSAGE


def test_an_answer_that_is_mostly_undefined_is_incorrect_not_slow():
    result = _check("exp(exp(exp(exp(9))))")
    assert result.verdict is Verdict.INCORRECT


# ---------------------------------------------------------------------------------------------
# Issue 7, item 7: full-width characters are read, not looped on


def test_full_width_digits_and_letters_are_read():
    spec = Symbolic(symbols={"z": "real"})
    # Verdicts, not time: the tokenizer used to loop forever on '１', which the limit turned into "too slow".
    assert check_symbolic("１", key=SZ * (1 - SZ), spec=spec, max_score=1).verdict is Verdict.INCORRECT
    assert check_symbolic("σ(ｚ)(１-σ(ｚ))", key=SZ * (1 - SZ), spec=spec, max_score=1).verdict is Verdict.CORRECT
    assert parse_answer("１２ｘ", symbols=["x"]) == 12 * x


def test_the_raw_length_is_checked_before_normalising():
    # U+FDFA becomes 18 characters under NFKC: the raw limit applies to what was typed...
    with pytest.raises(InvalidAnswer, match=r"too long \(2001 characters"):
        parse_answer("\ufdfa" * 2001, symbols=["x"])
    # ...and what it expands to is bounded too.
    with pytest.raises(InvalidAnswer, match="once its characters are spelled out"):
        parse_answer("\ufdfa" * 1000, symbols=["x"])


# ---------------------------------------------------------------------------------------------
# Issue 7, item 8: wrong answers that differed from the key only where nobody looked


SIGMOID_SPEC = Symbolic(symbols={"z": "real"})  # what activations.sigmoid_derivative declares
EVERY_FUNCTION = Symbolic(symbols={"z": "real"}, functions=FUNCTIONS)
SIGMOID_PRIME = SZ * (1 - SZ)


@pytest.mark.parametrize("extra", ["+ relu(|z|-3)", "+ Heaviside(z-3)", "+ max(0, z-3)", "+ |z|/z + 1",
                                   "+ (sign(z-3)+1)/2"])
def test_piecewise_functions_the_question_does_not_admit_are_invalid(extra):
    result = check_symbolic(f"σ(z)(1-σ(z)) {extra}", key=SIGMOID_PRIME, spec=SIGMOID_SPEC, max_score=1)
    assert result.verdict is Verdict.INVALID and "does not accept" in result.feedback, result


def test_a_kink_hidden_in_sqrt_is_refused_too():
    result = check_symbolic("σ(z)(1-σ(z)) + (sqrt((z^2-9)^2) + z^2 - 9)/2", key=SIGMOID_PRIME, spec=SIGMOID_SPEC,
                            max_score=1)
    assert result.verdict is Verdict.INVALID and "piecewise" in result.feedback


@pytest.mark.parametrize("text", [
    "σ(z)(1-σ(z)) + relu(|z|-3)", "σ(z)(1-σ(z)) + Heaviside(z-3)", "σ(z)(1-σ(z)) + Heaviside(-z-3)",
    "σ(z)(1-σ(z)) + relu(|z| - 10)", "σ(z)(1-σ(z)) + relu(0.1 - |z|)",
    "σ(z)(1-σ(z))(1 + 10^-10 z)", "σ(z)(1-σ(z)) + 10^-13", "σ(z)(1-σ(z))(1 + 10^-18)", "σ(z)(1-σ(z)) + 10^-19 z^2",
])
def test_answers_wrong_only_far_out_or_by_a_hair_are_incorrect(text):
    # Even where every function is admitted: points well outside (-3, 3) and 20-digit agreement.
    for seed in range(3):
        result = check_symbolic(text, key=SIGMOID_PRIME, spec=EVERY_FUNCTION, max_score=1, seed=seed)
        assert result.verdict is Verdict.INCORRECT, (text, seed, result)


def test_twenty_digits_is_the_tolerance():
    assert equivalent(SIGMOID_PRIME, SIGMOID_PRIME * (1 + sympy.Rational(1, 10**25)), domains={"z": "real"})
    assert not equivalent(SIGMOID_PRIME, SIGMOID_PRIME * (1 + sympy.Rational(1, 10**19)), domains={"z": "real"})


L1_SPEC = Symbolic(symbols={"w": "nonzero", "eta": "positive", "lam": "positive", "n": "positive", "g": "real"},
                   functions=(*ELEMENTARY, "sign", "abs"))


@pytest.mark.parametrize("text", [
    "w - eta g - eta lam (|w + 0.1| - |w - 0.1|)/0.2/n",  # sign(w), except for |w| < 0.1
    "w - eta g - eta lam tanh(1000 w)/n",
    "w - eta g - eta lam (w/|w|) (1 - 1/(1 + 10^8 w^2))/n",
])
def test_l1_sign_replaced_by_what_differs_only_near_zero_is_incorrect(text):
    for seed in range(3):
        result = check_symbolic(text, key=KEYS["l1_update"], spec=L1_SPEC, max_score=1, seed=seed)
        assert result.verdict is Verdict.INCORRECT, (text, seed, result)
    assert check_symbolic("w - eta g - eta lam w/|w|/n", key=KEYS["l1_update"], spec=L1_SPEC,
                          max_score=1).verdict is Verdict.CORRECT


@pytest.mark.parametrize("text", [
    "σ(z)(1−σ(z))", "e^(−z)/(1+e^(-z))^2", "1/(e^z + 2 + e^-z)", "e^z/(1+e^z)^2", r"\frac14 (1-\tanh^2\frac z2)",
    "sech(z/2)^2/4", "1/(4 cosh(z/2)^2)", "σ(z) - σ(z)^2", "σ(z) σ(-z)", "(1 - tanh(z/2)^2)/4",
])
def test_equivalent_forms_still_agree_at_the_far_points(text):
    # Far out (|z| up to 30) 1 − σ(z) loses up to 13 digits at 30-digit precision: those points are
    # evaluated again at higher precision instead of counting as a difference.
    for seed in range(3):
        result = check_symbolic(text, key=SIGMOID_PRIME, spec=SIGMOID_SPEC, max_score=1, seed=seed)
        assert result.verdict is Verdict.CORRECT, (text, seed, result)


def test_a_key_or_mistake_must_use_only_admitted_functions():
    with pytest.raises(UsageError, match="sign"):
        check_symbolic("w", key=KEYS["l1_update"], spec=Symbolic(symbols=L1_SPEC.symbols), max_score=1)
    with pytest.raises(UsageError, match="listed mistake"):
        check_symbolic("z", key=SIGMOID_PRIME, spec=SIGMOID_SPEC, max_score=1,
                       mistakes=[(sympy.Max(0, z), "relu is not it", 0.0)])
    with pytest.raises(UsageError, match="unknown function"):
        Symbolic(symbols={"z": "real"}, functions=("exp", "erf"))


BOOTSTRAP_SPEC = Symbolic(symbols={}, exact=True)
INVERSE_E = sympy.exp(-1)


def _series(terms: int) -> str:
    return " + ".join(f"{(-1) ** k}/{math.factorial(k)}" for k in range(terms))


def test_exact_refuses_decimals_as_invalid():
    result = check_symbolic("0.367879441", key=INVERSE_E, spec=BOOTSTRAP_SPEC, max_score=2)
    assert result.verdict is Verdict.INVALID and "exact value" in result.feedback
    assert check_symbolic("0.5/e^0.5 * 2/e^0.5", key=INVERSE_E, spec=BOOTSTRAP_SPEC,
                          max_score=2).verdict is Verdict.INVALID


@pytest.mark.parametrize("terms", [8, 14, 31])
def test_exact_refuses_a_truncated_series_with_feedback(terms):
    # 14 terms agree with 1/e to 11 digits, 31 terms to 34 (past the 20-digit tolerance): no fraction is e^-1.
    result = check_symbolic(_series(terms), key=INVERSE_E, spec=BOOTSTRAP_SPEC, max_score=2)
    assert result.verdict is Verdict.INCORRECT, result
    assert "not exact" in result.feedback


def test_exact_still_accepts_exact_forms_and_gives_mistake_feedback():
    for text in ["1/e", "e^-1", r"\frac1e", "exp(-1)", "e⁻¹", r"\mathrm e^{-1}", "1/e。", "sqrt(e)^-2", "𝑒^{-1}"]:
        assert check_symbolic(text, key=INVERSE_E, spec=BOOTSTRAP_SPEC, max_score=2).verdict is Verdict.CORRECT, text
    wrong = check_symbolic("1", key=INVERSE_E, spec=BOOTSTRAP_SPEC, max_score=2, mistakes=[(1, "1^∞ is indeterminate", 0)])
    assert wrong.verdict is Verdict.INCORRECT and wrong.feedback == "1^∞ is indeterminate"
    assert check_symbolic("0.5", key=sympy.Rational(1, 2), spec=BOOTSTRAP_SPEC, max_score=1).verdict is Verdict.INVALID
    assert check_symbolic("2/4", key=sympy.Rational(1, 2), spec=BOOTSTRAP_SPEC, max_score=1).verdict is Verdict.CORRECT


# ---------------------------------------------------------------------------------------------
# Issue 7, item 9: right answers as copied from a textbook, a phone or a LaTeX editor


@pytest.mark.parametrize("text", [
    r"\frac1e", r"\frac{1}e", r"\frac 1 e", r"\mathrm e^{-1}", r"\mathrm{e}^{-1}", "e⁻¹", "𝑒^{-1}", "𝑒⁻¹", "1/e。",
    "1/e.", "exp(−1)", "exp(‐1)", "exp(﹣1)", "exp(－1)", "１/ｅ",
])
def test_one_over_e_as_students_write_it(text):
    assert parse_answer(text, symbols=[]) == INVERSE_E, text


@pytest.mark.parametrize("text", [
    r"\frac14 (1-\tanh^2\frac z2)", r"\frac{1}{4}\operatorname{sech}^2\frac z2", "sech²(z/2)/4", "𝜎(z)(1−𝜎(z))",
    "σ(z)\u00a0(1\u2009-\u202fσ(z))", "σ(z)(1‐σ(z))", "σ(z)(1﹣σ(z))", "σ(z)(1-σ(z))。", "σ(z)⋅(1−σ(z))",
    r"\sigma(z)\,\bigl(1-\sigma(z)\bigr)", "σ(z)\u2062(1-σ(z))", r"\frac{e^{-z}}{(1+e^{-z})^2}",
    r"\frac{1}{\left(e^{z/2}+e^{-z/2}\right)^{2}}",
])
def test_sigmoid_derivative_as_students_write_it(text):
    result = check_symbolic(text, key=SIGMOID_PRIME, spec=SIGMOID_SPEC, max_score=1)
    assert result.verdict is Verdict.CORRECT, (text, result)


@pytest.mark.parametrize("text", [r"(\hat{y} - y)x", r"(\hat y-y)\,x", "(ŷ - y)x", "(y\u0302 - y)x", "x(yhat - y)",
                                  "(y_hat - y)*x", r"(\widehat{y} - y) x"])
def test_hat_y_stands_for_what_the_question_defines(text):
    spec = Symbolic(symbols={"w": "real", "x": "real", "b": "real", "y": "probability"},
                    defined={"y_hat": "sigmoid(w*x + b)"})
    result = check_symbolic(text, key=KEYS["ce_gradient"], spec=spec, max_score=1)
    assert result.verdict is Verdict.CORRECT, (text, result)


def test_hat_y_is_a_clear_error_where_the_question_defines_none():
    result = check_symbolic(r"(\hat{y} - y)x", key=KEYS["ce_gradient"], spec=SPEC, max_score=1)
    assert result.verdict is Verdict.INVALID and "y_hat" in result.feedback


def test_a_declared_hatted_symbol_takes_every_spelling():
    for text in (r"\hat{x}", "x̂", "xhat", "x_hat"):
        assert parse_answer(text, symbols=["x_hat"]) == symbol("x_hat"), text


def test_definitions_are_checked():
    with pytest.raises(UsageError, match="also declared"):
        Symbolic(symbols={"y_hat": "real"}, defined={"y_hat": "1"})
    with pytest.raises(UsageError, match="definition of y_hat"):
        check_symbolic("x", key=x, spec=Symbolic(symbols={"x": "real"}, defined={"y_hat": "sigmoid(q)"}), max_score=1)


@pytest.mark.parametrize("text, expected", [
    ("sech(z)", sympy.sech(z)), ("csch z", sympy.csch(z)), ("coth(z)", sympy.coth(z)), ("sec z", sympy.sec(z)),
    ("csc(z)", sympy.csc(z)), ("cot(z)", sympy.cot(z)), (r"\operatorname{sech}(z)", sympy.sech(z)),
    (r"\coth z", sympy.coth(z)), (r"\sqrt2 z", sympy.sqrt(2) * z), (r"\frac\pi2", sympy.pi / 2),
    (r"\frac z2", z / 2), (r"\tfrac12 z", z / 2), ("2½", sympy.Rational(5, 2)),
])
def test_more_functions_and_tex_one_token_arguments(text, expected):
    assert parse_answer(text, symbols=["z"]) == expected


def test_positions_count_characters_as_typed():
    with pytest.raises(InvalidAnswer) as info:
        parse_answer("ｚ⁻¹ + 😀", symbols=["z"])
    assert info.value.position == 6  # in the normalised text "z^(-1) + 😀" it is at 9


# ---------------------------------------------------------------------------------------------
# Issue 7, item 10: big numbers are judged and shown compactly


def test_numbers_past_the_4300_digit_limit_are_judged():
    result = check_symbolic("σ(z)(1-σ(z)) + (2^1000)^50 - (2^1000)^50", key=SIGMOID_PRIME, spec=SIGMOID_SPEC,
                            max_score=1)
    assert result.verdict is Verdict.CORRECT
    result = check_symbolic("z + (2^1000)^50", key=SIGMOID_PRIME, spec=SIGMOID_SPEC, max_score=1)
    assert result.verdict is Verdict.INCORRECT
    assert "10^{15051}" in result.understood_as and any("15,052 digits" in w for w in result.warnings)


def test_long_exact_numbers_are_shown_rounded_with_a_note():
    shown, note = show(parse_answer("(1-1/1000)^1000", symbols=[]))
    assert shown == "0.3676954248" and note and "rounded to 10 significant digits" in note.text("en")
    assert "四舍五入到 10 位有效数字" in note.text("zh")
    assert show(parse_answer("1/e", symbols=[])) == ("e^{-1}", None)
