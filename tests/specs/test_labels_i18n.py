"""Case labels, which a failing check shows to the student, are in the student's language: the bundled
specs build them at grading time through gettext, so `grade submit --lang zh` names the failing
case in Chinese. Only labels made of argument names and values alone (`n=10, k=3`) stay as written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import torch
from click.testing import CliRunner

from grader import i18n
from grader.cli import cli
from grader.codegrade.discovery import load_exercises
from grader.codegrade.model import CaseContext, seed_for

REPO = Path(__file__).resolve().parents[2]
WRONG = REPO / "tests" / "fixtures" / "wrong"
CJK = re.compile(r"[\u4e00-\u9fff]")
# Names, name=value pairs and dtypes, comma-separated: nothing to translate.
NAMES_AND_VALUES = re.compile(r"[\w.]+(=[-\w.]+)?(, [\w.]+(=[-\w.]+)?)*")


def _labels(lang: str) -> list[tuple[str, str, str]]:
    i18n.set_language(lang)
    out = []
    for exercise in load_exercises():
        for check in exercise.checks:
            generator = torch.Generator().manual_seed(seed_for(exercise.name, check.name))
            ctx = CaseContext(generator=generator, device=torch.device("cpu"), dtype=torch.float32)
            out += [(exercise.name, check.name, case.label) for case in check.cases(ctx)]
    return out


def test_every_label_is_translated_or_only_names_and_values():
    english, chinese = _labels("en"), _labels("zh")
    assert len(english) == len(chinese) > 400
    translated = 0
    for (name, check, en), (_name, _check, zh) in zip(english, chinese):
        assert en and zh, (name, check)
        assert not CJK.search(en), (name, check, en)
        if CJK.search(zh):
            translated += 1
        else:
            assert zh == en and NAMES_AND_VALUES.fullmatch(en), (name, check, en, zh)
    assert translated > 400


@pytest.mark.parametrize("lang, label, other", [
    ("zh", "大幅值输入（±30、±100、±1000，以及尺度为 500 的随机值），float32，形状 (4, 7)", "large-magnitude"),
    ("en", "large-magnitude inputs (±30, ±100, ±1000, random of scale 500), float32, shape (4, 7)", "大幅值"),
])
def test_a_failing_case_is_named_in_the_students_language(tmp_path, monkeypatch, lang, label, other):
    """sigmoid as eˣ/(1 + eˣ) fails on large inputs: the report names that case in `--lang`."""
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    folder = tmp_path / "exercises"
    folder.mkdir()
    source = (REPO / "solutions" / "activations.py").read_text()
    source += "\n\n" + (WRONG / "activations__sigmoid__exp_ratio_overflow.py").read_text()
    (folder / "activations.py").write_text(source)
    result = CliRunner().invoke(cli, ["submit", "--exercises", str(folder), "--only", "activations.sigmoid",
                                      "--lang", lang])
    assert result.exit_code == 0, result.output
    out = " ".join(result.stdout.split())  # the terminal report wraps long lines
    assert label in out, out
    assert other not in out
