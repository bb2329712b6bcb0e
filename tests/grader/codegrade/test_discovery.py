"""grader.codegrade.discovery: spec modules are found, never listed; a broken one is an error naming it."""

from __future__ import annotations

from pathlib import Path

import pytest

from grader.codegrade import discovery
from grader.errors import UsageError

SPEC = '''
from grader.codegrade.inputs import randn
from grader.codegrade.model import Case, Check, Exercise

ORDER = {order}


def _cases(ctx):
    return [Case(args=(randn(ctx, 3),))]


EXERCISES = [Exercise("{module}.double", [Check("values", 1, _cases, reference=lambda x: 2 * x)])]
'''


def _write(folder: Path, module: str, text: str | None = None, order: int = 1000) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{module}.py"
    path.write_text(text if text is not None else SPEC.format(module=module, order=order))
    return path


def test_bundled_modules_are_discovered_in_course_order():
    names = [m.name for m in discovery.load_modules()]
    assert names[:4] == ["activations", "losses", "regularization", "cnn"]
    bundled = {p.stem for p in discovery.SPECS_DIR.glob("*.py") if not p.name.startswith("_")}
    assert set(names) == bundled  # nothing listed by hand: every file is found


def test_instructor_folders_are_graded_after_the_bundled_ones_by_order(tmp_path):
    _write(tmp_path / "a", "zeta", order=5)
    _write(tmp_path / "a", "alpha")
    _write(tmp_path / "b", "beta")
    modules = discovery.load_modules([tmp_path / "a", tmp_path / "b"])
    names = [m.name for m in modules]
    assert names[0] == "zeta"  # ORDER 5 sorts before the bundled modules (10...)
    assert names[-2:] == ["alpha", "beta"]  # same ORDER: by name
    assert not modules[-1].bundled and modules[-1].path == tmp_path / "b" / "beta.py"
    assert "beta.double" in [ex.name for ex in discovery.load_exercises([tmp_path / "a", tmp_path / "b"])]


@pytest.mark.parametrize("text, words", [
    ("def f(:\n", "syntax error"),
    ("import no_such_module_here\n", "No module named 'no_such_module_here' (line 1)"),
    ("x = 1\n", "EXERCISES = [Exercise(...), ...] is missing"),
    ("EXERCISES = [1]\n", "EXERCISES = [Exercise(...), ...] is missing"),
    (SPEC.format(module="other", order=1), "must be named 'broken.<function>'"),
    (SPEC.format(module="broken", order='"first"'), "ORDER must be a number"),
])
def test_a_broken_spec_module_is_one_error_naming_it(tmp_path, text, words):
    path = _write(tmp_path, "broken", text)
    with pytest.raises(UsageError) as err:
        discovery.load_modules([tmp_path])
    assert str(path) in str(err.value) and words in str(err.value)


def test_helper_modules_are_not_specs(tmp_path):
    _write(tmp_path, "_helpers", "raise RuntimeError('never imported')\n")
    _write(tmp_path, "mine")
    assert [m.name for m in discovery.load_modules([tmp_path])][-1] == "mine"


def test_a_module_name_used_twice_is_refused(tmp_path):
    _write(tmp_path / "a", "mine")
    _write(tmp_path / "b", "mine")
    with pytest.raises(UsageError, match="defined twice"):
        discovery.load_modules([tmp_path / "a", tmp_path / "b"])
    _write(tmp_path / "c", "cnn")  # a bundled module's name
    with pytest.raises(UsageError, match="exercise module cnn is defined twice"):
        discovery.load_modules([tmp_path / "c"])


def test_a_missing_folder_is_a_usage_error(tmp_path):
    with pytest.raises(UsageError, match="does not exist"):
        discovery.load_modules([tmp_path / "nope"])


def test_select_by_pattern():
    exercises = discovery.load_exercises()
    assert [ex.name for ex in discovery.select(exercises, "cnn.conv2d,activations.relu")] == \
        ["activations.relu", "cnn.conv2d"]
    assert {ex.module for ex in discovery.select(exercises, "losses")} == {"losses"}
    with pytest.raises(UsageError, match="matches no exercise"):
        discovery.select(exercises, "nothing.*")
    with pytest.raises(UsageError, match="at least one pattern"):
        discovery.select(exercises, " , ")
