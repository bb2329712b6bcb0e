"""grader.codegrade.plan: reading a student module as text never raises, whatever the file holds."""

from __future__ import annotations

import pytest

from grader.codegrade.plan import read_source
from grader.results import Status


@pytest.mark.parametrize("source, words", [
    ("def f(:\n", "SyntaxError"),
    ("x = " + "+".join(["1"] * 100_000) + "\n", "cannot be parsed"),  # RecursionError in the parser
    ("x = 1\0\n", "SyntaxError"),
])
def test_an_unparsable_module_is_an_error_of_that_module(tmp_path, source, words):
    (tmp_path / "m.py").write_text(source)
    read = read_source(tmp_path, "m", {"m"})
    assert read.tree is None and read.status == Status.ERROR and words in read.problem


def test_a_missing_module_is_missing(tmp_path):
    read = read_source(tmp_path, "m", set())
    assert read.status == Status.MISSING and "m.py was not found" in read.problem
