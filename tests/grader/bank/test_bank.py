import json
import subprocess
import sys

import pytest

from grader.answers import get_kind, kind_names
from grader.bank import load_bank, make_variant, validate
from grader.bank.scaffold import new_question
from grader.errors import UsageError
from grader.seeds import derive_seed

ANCHORS = [
    "training.iterations_per_epoch", "cnn.conv_output_size", "cnn.pool_output_size", "cnn.conv_param_count",
    "mlp.param_count", "regularization.dropout_test_weight", "evaluation.bootstrap_oob_fraction",
    "rnn.lstm_param_count", "backprop.two_layer_update", "rnn.bptt_linear_grad", "normalization.z_score",
    "activations.sigmoid_derivative", "logistic.mse_gradient_w", "logistic.ce_gradient_w",
    "regularization.l1_update", "regularization.l2_update", "evaluation.bootstrap_limit",
]


@pytest.fixture(scope="module")
def bank():
    return load_bank()


def test_every_anchor_question_exists(bank):
    assert set(ANCHORS) <= set(bank.questions)


def test_seed_derivation_is_a_fixed_hash():
    # A literal value: a variant must be the same on every machine and Python version.
    assert derive_seed("cnn.conv_output_size", 1, 0) == 36768941965077145928672591939825993896
    assert derive_seed("x", 1, 0) != derive_seed("x", 1, 1) != derive_seed("x", 2, 0)


def test_variants_are_reproducible_in_a_fresh_interpreter(bank):
    here = make_variant(bank.get("cnn.conv_output_size"), seed=7).params
    code = ("from grader.bank import load_bank, make_variant; import json; "
            "print(json.dumps(make_variant(load_bank().get('cnn.conv_output_size'), seed=7).params))")
    there = json.loads(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                      check=True, env={"PYTHONHASHSEED": "123", "PATH": ""}).stdout)
    assert here == there


def test_seeds_give_different_variants(bank):
    q = bank.get("cnn.conv_output_size")
    assert len({json.dumps(make_variant(q, seed=s).params) for s in range(20)}) > 5


def test_explicit_params_reproduce_the_notes_examples(bank):
    assert make_variant(bank.get("training.iterations_per_epoch"), params={"n_samples": 2048, "batch_size": 128}).key == 16
    assert make_variant(bank.get("mlp.param_count"), params={"layer_sizes": [784, 15, 10]}).key == 11935
    assert make_variant(bank.get("regularization.dropout_test_weight"), params={"weight": 10, "p": 0.3}).key == pytest.approx(7)
    notes = {"x": [0.05, 0.10], "W1": [[0.15, 0.20], [0.25, 0.30]], "b1": 0.35, "W2": [[0.40, 0.45], [0.50, 0.55]],
             "b2": 0.60, "target": [0.01, 0.99], "lr": 0.5, "weight": "w5"}
    assert make_variant(bank.get("backprop.two_layer_update"), params=notes).key == pytest.approx(0.35891648, abs=1e-8)


@pytest.mark.parametrize("params, message", [
    ({"n_samples": 2048}, "missing parameter"),
    ({"n_samples": 2048, "batch_size": 128, "extra": 1}, "unknown parameter"),
    ({"n_samples": "many", "batch_size": 128}, "expected an integer"),
    ({"n_samples": 2048, "batch_size": True}, "expected an integer"),
    ([1, 2], "JSON object"),
])
def test_bad_params_are_a_usage_error_naming_the_problem(bank, params, message):
    with pytest.raises(UsageError, match=message):
        make_variant(bank.get("training.iterations_per_epoch"), params=params)


def test_unknown_id_suggests_close_matches(bank):
    with pytest.raises(UsageError, match=r"did you mean cnn\.conv_output_size"):
        bank.get("cnn.conv_outputsize")


def test_select_by_topic_and_kind(bank):
    assert {q.topic for q in bank.select(topic="cnn")} == {"cnn"}
    assert all(q.meta.kind == "symbolic" for q in bank.select(kind="symbolic"))
    with pytest.raises(UsageError):
        bank.select(kind="essay")


def test_listing_the_bank_imports_neither_torch_nor_sympy():
    code = ("import sys; from grader.bank import load_bank; load_bank(); "
            "print(sorted(m for m in ('torch', 'sympy') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


@pytest.mark.parametrize("kind", [k for k in kind_names() if get_kind(k).skeleton is not None])
def test_skeletons_validate_as_written(tmp_path, kind):
    new_question(f"mine.q_{kind}", kind=kind, bank_dir=tmp_path)
    extra = load_bank([tmp_path], builtin=False)
    (result,) = validate(extra)  # the default seeds, as `grade bank validate` runs it
    assert result.ok, result.failures
    with pytest.raises(UsageError, match="already exists"):
        new_question(f"mine.q_{kind}", kind=kind, bank_dir=tmp_path)


def test_choice_options_are_shuffled_with_the_key_following(tmp_path):
    new_question("mine.pick", kind="choice", bank_dir=tmp_path)
    q = load_bank([tmp_path], builtin=False).get("mine.pick")
    keys = {make_variant(q, seed=s).key[0] for s in range(40)}
    assert keys == {"A", "B", "C", "D"}
    for s in range(10):
        v = make_variant(q, seed=s)
        correct_text = next(c["text"] for c in v.choices() if c["letter"] == v.key[0])
        assert correct_text == "Add more training data"


def test_validation_catches_a_key_that_fails_and_an_accepted_mistake(tmp_path):
    path = new_question("mine.broken", kind="numeric", bank_dir=tmp_path)
    text = path.read_text().replace('p["w"] + p["lr"] * p["g"]', 'p["w"] - p["lr"] * p["g"]')
    path.write_text(text)
    (result,) = validate(load_bank([tmp_path], builtin=False), seeds=5)
    assert not result.ok and "accepted as correct" in result.failures[0]


@pytest.mark.parametrize("source, message", [
    ("def broken(:\n", "syntax error"),
    ("raise RuntimeError('boom')\n", "failed to load"),
    ("X = 1\n", "META"),
])
def test_broken_instructor_questions_are_clear_usage_errors(tmp_path, source, message):
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "q.py").write_text(source)
    with pytest.raises(UsageError, match=message):
        load_bank([tmp_path], builtin=False)


def test_duplicate_ids_across_banks_are_refused(tmp_path):
    new_question("cnn.conv_output_size", kind="numeric", bank_dir=tmp_path)
    with pytest.raises(UsageError, match="duplicate question id"):
        load_bank([tmp_path])


def test_prompts_are_not_html_escaped():
    from grader.render import render_string

    assert render_string("$a {{ x }} b$", x="<&'>") == "$a <&'> b$"


def test_a_mistake_returning_none_does_not_apply_to_that_variant(tmp_path):
    path = new_question("mine.optional", kind="numeric", bank_dir=tmp_path)
    path.write_text(path.read_text().replace('Mistake(lambda p: p["w"] + p["lr"] * p["g"],',
                                             'Mistake(lambda p: None if p["g"] > 0 else p["w"] + p["lr"] * p["g"],'))
    q = load_bank([tmp_path], builtin=False).get("mine.optional")
    (result,) = validate(load_bank([tmp_path], builtin=False), seeds=20)
    assert result.ok, result.failures
    positive = make_variant(q, params={"w": 1.0, "g": 2.0, "lr": 0.5})
    assert positive.check("2").feedback == ""  # the mistake's value, but it does not apply here
    negative = make_variant(q, params={"w": 1.0, "g": -2.0, "lr": 0.5})
    assert "against the gradient" in negative.check("0").feedback
