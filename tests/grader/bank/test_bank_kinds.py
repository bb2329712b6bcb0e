"""The bank reads everything kind-dependent from the registry (grader.answers.kinds): load-time
checks, variants, answer text, validation and the CLI's --kind choices."""

import sys
import textwrap

import pytest
from click.testing import CliRunner

from grader.answers import Kind, get_kind, kind_names, register, unregister
from grader.bank import load_bank, make_variant, validate
from grader.bank.scaffold import new_question
from grader.cli import cli
from grader.errors import UsageError
from grader.results import Verdict


def _question(tmp_path, body: str, name: str = "q"):
    (tmp_path / "t").mkdir(exist_ok=True)
    path = tmp_path / "t" / f"{name}.py"
    path.write_text(textwrap.dedent(body))
    return path


META_TEMPLATE = """
    from grader.bank.authoring import Choice, Meta, Numeric, Symbolic

    META = Meta(title={{"en": "T", "zh": "T"}}, kind={kind!r}, difficulty=1, points=1, source="s", check={check})
    PROMPT = {{"en": "What?", "zh": "什么?"}}

    def generate(rng):
        return {{}}

    def answer(p):
        return 1
"""


def test_an_unknown_kind_is_one_usage_error_naming_the_file(tmp_path):
    path = _question(tmp_path, META_TEMPLATE.format(kind="essay", check="Numeric()"))
    with pytest.raises(UsageError) as info:
        load_bank([tmp_path], builtin=False)
    message = str(info.value)
    assert str(path) in message and "META.kind 'essay'" in message
    assert all(kind in message for kind in kind_names())
    assert "\n" not in message


def test_settings_that_do_not_fit_the_kind_are_a_usage_error_naming_the_file(tmp_path):
    path = _question(tmp_path, META_TEMPLATE.format(kind="numeric", check="Symbolic()"))
    with pytest.raises(UsageError, match="a numeric question needs check=Numeric") as info:
        load_bank([tmp_path], builtin=False)
    assert str(path) in str(info.value)


def test_a_kind_with_options_needs_options(tmp_path):
    _question(tmp_path, META_TEMPLATE.format(kind="choice", check="Choice()"))
    with pytest.raises(UsageError, match=r"options\(params\) is missing"):
        load_bank([tmp_path], builtin=False)


def test_cli_kind_choices_come_from_the_registry():
    runner = CliRunner()
    help_new = runner.invoke(cli, ["bank", "new", "--help"]).output
    assert all(name in help_new for name in kind_names() if get_kind(name).skeleton)
    help_list = runner.invoke(cli, ["bank", "list", "--help"]).output
    assert all(name in help_list for name in kind_names())
    result = runner.invoke(cli, ["bank", "new", "mine.q", "--kind", "essay", "--bank", "/nonexistent"])
    assert result.exit_code == 2 and "essay" in result.output


# ---------------------------------------------------------------------------------------------
# A kind added later, as an instructor would add one: a checker module and one registry entry.

WORD_KIND = '''
from dataclasses import dataclass

from grader.answers import Settings
from grader.errors import InvalidAnswer, UsageError
from grader.results import graded


@dataclass(frozen=True)
class Word(Settings):
    case_sensitive: bool = False


class WordChecker:
    def prepare(self, task):
        task.settings_as(Word)
        if not isinstance(task.key, str) or not task.key.isalpha():
            raise UsageError(f"the key of a word question must be one word, got {task.key!r}")
        return task.key.lower()

    def judge(self, text, task, prepared):
        word = text.strip().lower()
        if not word.isalpha():
            raise InvalidAnswer("answer with one word")
        if word == prepared:
            return graded(1.0, task.max_score, understood_as=word)
        for value, feedback, credit in task.mistakes:
            if word == value.lower():
                return graded(credit, task.max_score, feedback=feedback, understood_as=word)
        return graded(0.0, task.max_score, understood_as=word)

    def format(self, value, settings):
        return str(value)


CHECKER = WordChecker()
'''

WORD_QUESTION = """
    from grader.bank.authoring import Meta, Mistake, OneOf
    from word_kind import Word

    META = Meta(title={"en": "Name it", "zh": "命名"}, kind="word", difficulty=1, points=2, source="notes",
                check=Word())
    PARAMS = {"thing": OneOf(["slope", "steepness"])}
    PROMPT = {"en": "What is the vector of partial derivatives called ({{ thing }})?", "zh": "偏导数组成的向量叫什么?"}

    def generate(rng):
        return {"thing": str(rng.choice(["slope", "steepness"]))}

    def answer(p):
        return "gradient"

    MISTAKES = [Mistake(lambda p: "derivative", {"en": "Close: it collects the partial derivatives.", "zh": "接近。"},
                        credit=0.5)]
"""


@pytest.fixture
def word_kind(tmp_path, monkeypatch):
    plugins = tmp_path / "plugins"
    plugins.mkdir()
    (plugins / "word_kind.py").write_text(WORD_KIND)
    monkeypatch.syspath_prepend(str(plugins))
    import word_kind as module

    register(Kind("word", module.Word, "word_kind:CHECKER"))
    yield module
    unregister("word")
    sys.modules.pop("word_kind", None)


def test_a_new_kind_works_through_the_bank(tmp_path, word_kind):
    bank_dir = tmp_path / "bank"
    bank_dir.mkdir()
    _question(bank_dir, WORD_QUESTION, name="gradient_name")
    bank = load_bank([bank_dir], builtin=False)
    assert [q.id for q in bank.select(kind="word")] == ["t.gradient_name"]
    variant = make_variant(bank.get("t.gradient_name"), seed=3)
    assert variant.to_dict()["answer"] == "gradient"
    assert variant.check("Gradient").verdict is Verdict.CORRECT
    partial = variant.check("derivative")
    assert partial.verdict is Verdict.PARTIAL and partial.score == 1 and "partial derivatives" in partial.feedback
    assert variant.check("two words").verdict is Verdict.INVALID
    (result,) = validate(bank, seeds=10)
    assert result.ok, result.failures
    assert result.checks > result.variants  # the key and the mistake were checked for each variant


def test_validation_of_a_new_kind_catches_an_accepted_mistake(tmp_path, word_kind):
    bank_dir = tmp_path / "bank"
    bank_dir.mkdir()
    _question(bank_dir, WORD_QUESTION.replace('lambda p: "derivative"', 'lambda p: "GRADIENT"'), name="bad")
    (result,) = validate(load_bank([bank_dir], builtin=False), seeds=3)
    assert not result.ok and "accepted as correct" in result.failures[0]


def test_a_kind_without_a_skeleton_is_refused_by_bank_new(tmp_path, word_kind):
    assert get_kind("word").skeleton is None
    with pytest.raises(UsageError, match="no question skeleton"):
        new_question("mine.q", kind="word", bank_dir=tmp_path)
