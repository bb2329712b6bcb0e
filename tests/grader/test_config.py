"""grader.config: grade.yaml's folders, resolved beside the file; anything malformed is one error."""

from __future__ import annotations

import pytest

from grader.config import load_config
from grader.errors import UsageError


def test_folders_resolve_relative_to_the_file(tmp_path):
    (tmp_path / "course").mkdir()
    path = tmp_path / "course" / "grade.yaml"
    path.write_text("banks: [questions, ../shared]\nexercises: my_exercises\n")
    config = load_config(path)
    assert config.banks == [tmp_path / "course" / "questions", tmp_path / "shared"]
    assert config.exercises == [tmp_path / "course" / "my_exercises"]
    assert config.path == path


def test_no_file_means_no_extra_folders(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    config = load_config()
    assert config.banks == [] and config.exercises == [] and config.path is None
    (tmp_path / "grade.yaml").write_text("")
    assert load_config().exercises == []


@pytest.mark.parametrize("text, words", [
    ("banks: [a\n", "malformed YAML (line 2"),
    ("exercise: [a]\n", "unknown setting(s) exercise; known: banks, exercises"),
    ("exercises: {a: 1}\n", "`exercises` must be a list of folder paths"),
    ("banks: [1, 2]\n", "`banks` must be a list of folder paths"),
    ("- a\n- b\n", "expected a mapping of settings"),
])
def test_malformed_settings_name_the_file(tmp_path, text, words):
    path = tmp_path / "grade.yaml"
    path.write_text(text)
    with pytest.raises(UsageError) as err:
        load_config(path)
    assert str(path) in str(err.value) and words in str(err.value)


def test_a_named_file_must_exist(tmp_path):
    with pytest.raises(UsageError, match="does not exist"):
        load_config(tmp_path / "nope.yaml")
