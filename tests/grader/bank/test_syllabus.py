"""A bank's topic map (syllabus.yaml), META.covers and `grade bank list --coverage`."""

import json
import textwrap

import pytest
from click.testing import CliRunner

from grader.bank import BUILTIN_BANK, load_bank, validate
from grader.bank.scaffold import new_question
from grader.bank.syllabus import load_syllabus
from grader.cli import cli
from grader.errors import UsageError

SYLLABUS = """\
- id: shapes
  en: Feature-map sizes
  zh: 特征图尺寸
  kinds: [numeric]
- id: remedies
  en: Remedies for over-fitting
  zh: 过拟合的对策
  kinds: [choice, multi]
- id: untouched
  en: Nobody wrote a question here
  zh: 这一行还没有题目
  kinds: [symbolic]
"""


def run(*args):
    return CliRunner().invoke(cli, list(args))


def _bank(tmp_path, syllabus=SYLLABUS, questions=(("t.size", "numeric", "shapes"), ("t.fix", "choice", "remedies"))):
    """A bank folder with `syllabus` and skeleton questions (id, kind, covers)."""
    if syllabus is not None:
        (tmp_path / "syllabus.yaml").write_text(syllabus, encoding="utf-8")
    for qid, kind, covers in questions:
        path = new_question(qid, kind=kind, bank_dir=tmp_path)
        if covers:
            text = path.read_text()
            path.write_text(text.replace(f'    kind="{kind}",', f'    kind="{kind}",\n    covers="{covers}",', 1))
    return tmp_path


def test_the_bundled_syllabus_has_32_rows_and_every_bundled_question_names_one():
    syllabus = load_syllabus(BUILTIN_BANK / "syllabus.yaml")
    assert len(syllabus.rows) == 32 and syllabus.rows[0].id == "ai_ml_dl"
    assert all(row.title["en"] and row.title["zh"] and row.kinds for row in syllabus.rows)
    bank = load_bank()
    assert all(q.meta.covers in syllabus.ids() for q in bank)


def test_coverage_counts_questions_per_row_and_kind(tmp_path):
    bank = load_bank([_bank(tmp_path)], builtin=False)
    (cov,) = bank.coverage()
    rows = {r.row.id: r for r in cov.rows}
    assert rows["shapes"].counts["numeric"] == 1 and rows["shapes"].missing == []
    assert rows["remedies"].counts["choice"] == 1 and rows["remedies"].missing == ["multi"]
    assert rows["untouched"].total == 0 and rows["untouched"].missing == ["symbolic"]
    assert cov.totals() == {"choice": 1, "multi": 0, "numeric": 1, "symbolic": 0}


def test_cli_coverage_table_json_and_chinese(tmp_path):
    folder = _bank(tmp_path)
    table = run("bank", "list", "--coverage", "--bank", str(folder))
    assert table.exit_code == 0, table.output
    assert "remedies" in table.output and "missing: multi" in table.output and "no questions" in table.output
    assert "1 row without questions: untouched" in table.output
    assert "1 row lacking a kind it asks for: remedies (multi)" in table.output
    assert str(folder / "syllabus.yaml") in table.output
    zh = run("bank", "list", "--coverage", "--bank", str(folder), "--lang", "zh")
    assert "过拟合的对策" in zh.output and "缺少：multi" in zh.output and "没有题目" in zh.output and "合计" in zh.output
    data = json.loads(run("bank", "list", "--coverage", "--bank", str(folder), "--format", "json").output)
    mine = next(b for b in data["banks"] if b["bank"] == str(folder))
    assert mine["empty_rows"] == ["untouched"] and mine["rows_missing_a_kind"] == {"remedies": ["multi"]}
    assert mine["totals"]["total"] == 2
    assert next(r for r in mine["rows"] if r["id"] == "shapes")["title"] == {"en": "Feature-map sizes", "zh": "特征图尺寸"}


def test_cli_coverage_of_the_bundled_bank_lists_its_32_rows():
    data = json.loads(run("bank", "list", "--coverage", "--format", "json").output)
    (bundled,) = [b for b in data["banks"] if b["bank"] == str(BUILTIN_BANK)]
    assert len(bundled["rows"]) == 32
    assert bundled["totals"]["total"] == sum(bundled["questions"].values())
    assert "gpu" in run("bank", "list", "--coverage").output


def test_a_bank_without_a_syllabus_is_listed_by_kind(tmp_path):
    folder = _bank(tmp_path, syllabus=None, questions=[("t.size", "numeric", "")])
    result = run("bank", "list", "--coverage", "--bank", str(folder))
    assert result.exit_code == 0 and f"{folder}: no syllabus.yaml; 1 question: numeric 1" in result.output


def test_coverage_does_not_combine_with_filters(tmp_path):
    result = run("bank", "list", "--coverage", "--kind", "numeric")
    assert result.exit_code == 2 and "does not combine" in result.output


def test_a_row_the_syllabus_lacks_is_a_load_error_with_a_suggestion(tmp_path):
    folder = _bank(tmp_path, questions=[("t.size", "numeric", "shape")])
    with pytest.raises(UsageError) as info:
        load_bank([folder], builtin=False)
    message = str(info.value)
    assert str(folder / "t" / "size.py") in message and "META.covers" in message
    assert "did you mean shapes?" in message and "\n" not in message
    result = run("bank", "list", "--bank", str(folder))
    assert result.exit_code == 2 and "did you mean shapes" in result.output and "Traceback" not in result.output


def test_covers_in_a_bank_without_a_syllabus_is_a_load_error(tmp_path):
    folder = _bank(tmp_path, syllabus=None, questions=[("t.size", "numeric", "shapes")])
    with pytest.raises(UsageError, match=r"META.covers='shapes', but its bank folder has no syllabus.yaml"):
        load_bank([folder], builtin=False)


def test_a_question_without_covers_fails_validation_in_a_bank_with_a_syllabus(tmp_path):
    folder = _bank(tmp_path, questions=[("t.size", "numeric", "shapes"), ("t.other", "numeric", "")])
    results = {r.id: r for r in validate(load_bank([folder], builtin=False), seeds=10)}
    assert results["t.size"].ok, results["t.size"].failures
    other = results["t.other"]
    assert not other.ok and [p.code for p in other.problems] == ["covers_missing"]
    assert "META.covers is empty" in other.failures[0] and "shapes" in other.failures[0]
    assert "META.covers 为空" in other.messages("zh")[0]
    # ...and shows up in the coverage as a question without a row.
    assert "questions without a row (META.covers): t.other" in run("bank", "list", "--coverage", "--bank",
                                                                      str(folder)).output


@pytest.mark.parametrize("text, message", [
    ("- id: a\n  en: [unclosed\n", "malformed YAML (line"),
    ("", "got an empty file"),
    ("id: a\n", "expected a list of rows"),
    ("- just text\n", "row 1: expected a mapping"),
    ("- id: a\n  en: A\n  zh: 甲\n", "row 1 (a): missing field(s) kinds"),
    ("- id: a\n  en: A\n  zh: 甲\n  kinds: [numeric]\n  extra: 1\n", "unknown field(s) extra"),
    ("- id: Not-Snake\n  en: A\n  zh: 甲\n  kinds: [numeric]\n", "must be snake_case"),
    ("- id: a\n  en: ''\n  zh: 甲\n  kinds: [numeric]\n", "en must be a non-empty title"),
    ("- id: a\n  en: A\n  zh: 甲\n  kinds: numeric\n", "kinds must be a non-empty list"),
    ("- id: a\n  en: A\n  zh: 甲\n  kinds: [essay]\n", "unknown kind(s) essay"),
    ("- id: a\n  en: A\n  zh: 甲\n  kinds: [numeric, numeric]\n", "listed twice"),
    ("- id: a\n  en: A\n  zh: 甲\n  kinds: [numeric]\n- id: a\n  en: B\n  zh: 乙\n  kinds: [choice]\n",
     "row 2 (a): id 'a' appears twice"),
])
def test_a_malformed_syllabus_is_one_clear_error(tmp_path, text, message):
    (tmp_path / "syllabus.yaml").write_text(textwrap.dedent(text), encoding="utf-8")
    with pytest.raises(UsageError) as info:
        load_bank([tmp_path], builtin=False)
    assert message in str(info.value) and str(tmp_path / "syllabus.yaml") in str(info.value)
    result = run("bank", "list", "--coverage", "--bank", str(tmp_path))
    assert result.exit_code == 2 and message in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1
